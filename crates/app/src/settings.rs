//! Settings every subcommand reads the same way: flags first, then `SCHOOLBRUG_*`
//! environment variables, then defaults (SQLite in `./schoolbrug-data/`).

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Args;
use schoolbrug_http::core::proxies::TrustedProxies;

/// Where the data lives: flags shared by every subcommand.
#[derive(Args, Clone, Debug)]
pub struct DataArgs {
    /// Database URL: `postgres://…` for PostgreSQL or `sqlite://path` for SQLite.
    /// Defaults to SQLite in the data folder.
    #[arg(long, env = "SCHOOLBRUG_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded database and documents.
    #[arg(
        long,
        env = "SCHOOLBRUG_DATA_DIR",
        default_value = "schoolbrug-data",
        global = true
    )]
    pub data_dir: PathBuf,
}

/// The database to use.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// SQLite, with the URL to open (file created if missing).
    Sqlite(String),
    /// PostgreSQL.
    Postgres(String),
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl DatabaseUrl {
    /// The URL with any password hidden, for logs and error messages.
    #[must_use]
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(u) => u.clone(),
            DatabaseUrl::Postgres(u) => match url::Url::parse(u) {
                Ok(mut parsed) if parsed.password().is_some() => {
                    let _ = parsed.set_password(Some("***"));
                    parsed.to_string()
                }
                _ => u.clone(),
            },
        }
    }
}

/// Why the settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A database URL we do not support.
    #[error(
        "unsupported database URL {0:?}: use postgres://user@host/db or sqlite://path/to/file.db"
    )]
    UnsupportedUrl(String),
    /// The data folder cannot be created.
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl DataArgs {
    /// The database to open, creating the data folder for the embedded default.
    ///
    /// # Errors
    /// An unsupported URL scheme, or a data folder that cannot be created.
    pub fn database(&self) -> Result<DatabaseUrl, SettingsError> {
        match self
            .database_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                url::Url::parse(url).map_err(|_| SettingsError::UnsupportedUrl(url.to_owned()))?;
                Ok(DatabaseUrl::Postgres(url.to_owned()))
            }
            Some(url) if url.starts_with("sqlite:") => Ok(DatabaseUrl::Sqlite(url.to_owned())),
            Some(url) => Err(SettingsError::UnsupportedUrl(url.to_owned())),
            None => {
                create_dir(&self.data_dir)?;
                let file = self.data_dir.join("schoolbrug.db");
                Ok(DatabaseUrl::Sqlite(format!(
                    "sqlite://{}?mode=rwc",
                    file.display()
                )))
            }
        }
    }
}

fn create_dir(path: &Path) -> Result<(), SettingsError> {
    std::fs::create_dir_all(path).map_err(|source| SettingsError::DataDir {
        path: path.to_owned(),
        source,
    })
}

/// Settings of `serve`.
#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SCHOOLBRUG_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Mark session cookies `Secure` (set this when a TLS proxy is in front).
    #[arg(long, env = "SCHOOLBRUG_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Run the forwarding worker inside `serve` (turn off when `schoolbrug worker`
    /// processes do it apart).
    #[arg(long, env = "SCHOOLBRUG_SERVE_FORWARDING", default_value_t = true, action = clap::ArgAction::Set)]
    pub forwarding: bool,

    /// Proxies whose `X-Forwarded-For` names the client, comma-separated addresses or
    /// networks (`10.0.0.1,fd00::/8`); from any other peer the header is ignored.
    #[arg(long, env = "SCHOOLBRUG_TRUSTED_PROXIES", value_parser = TrustedProxies::parse, default_value = "")]
    pub trusted_proxies: TrustedProxies,

    /// Largest number of password hashes computed at once (each takes 19 MiB).
    #[arg(long, env = "SCHOOLBRUG_MAX_HASHES_IN_FLIGHT")]
    pub max_hashes_in_flight: Option<usize>,

    /// Largest number of open client connections; more wait in the listen queue.
    #[arg(long, env = "SCHOOLBRUG_MAX_CONNECTIONS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Seconds a client has to send a request's headers before its connection is closed.
    #[arg(long, env = "SCHOOLBRUG_HEADER_READ_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout_secs: u64,

    /// Largest number of sign-ins waiting for a password hash; one more is refused at once
    /// with 503 and `Retry-After` (default: as many as clear in about 2 s, at the speed of a
    /// hash measured at start).
    #[arg(long, env = "SCHOOLBRUG_MAX_HASHES_WAITING")]
    pub max_hashes_waiting: Option<usize>,
}

/// Mail settings of `serve` and `worker`: where forwarded messages go out.
#[derive(Args, Clone, Debug)]
pub struct MailArgs {
    /// SMTP server: `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465`. Without it, forwarded mail is written to the log.
    #[arg(long, env = "SCHOOLBRUG_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender address of forwarded mail.
    #[arg(
        long,
        env = "SCHOOLBRUG_MAIL_FROM",
        default_value = "schoolbrug@localhost"
    )]
    pub mail_from: String,

    /// The address people reach this server at, for links in mail (default: the listen
    /// address).
    #[arg(long, env = "SCHOOLBRUG_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Days a sent mail stays in the outbox (the admins' mail queue) before it is removed;
    /// failed and waiting mail stays.
    #[arg(long, env = "SCHOOLBRUG_KEEP_SENT_MAIL_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub keep_sent_mail_days: u32,
}

impl MailArgs {
    /// The public URL, or `http://<listen>` when none is set.
    #[must_use]
    pub fn public_url_or(&self, listen: SocketAddr) -> String {
        self.public_url.as_deref().map_or_else(
            || format!("http://{listen}"),
            |u| u.trim_end_matches('/').to_owned(),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn args(url: Option<&str>, dir: &Path) -> DataArgs {
        DataArgs {
            database_url: url.map(str::to_owned),
            data_dir: dir.to_owned(),
        }
    }

    #[test]
    fn no_url_means_sqlite_in_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let db = args(None, &dir.path().join("data")).database().unwrap();
        assert!(matches!(db, DatabaseUrl::Sqlite(u) if u.contains("data/schoolbrug.db")));
        assert!(dir.path().join("data").is_dir());
    }

    #[test]
    fn a_postgres_url_selects_postgres() {
        let dir = tempfile::tempdir().unwrap();
        let db = args(Some("postgres://postgres@127.0.0.1/test"), dir.path())
            .database()
            .unwrap();
        assert_eq!(
            db,
            DatabaseUrl::Postgres("postgres://postgres@127.0.0.1/test".into())
        );
    }

    #[test]
    fn an_unknown_scheme_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = args(Some("mysql://x"), dir.path()).database().unwrap_err();
        assert!(err.to_string().contains("unsupported database URL"));
    }

    #[test]
    fn a_password_never_shows_in_logs() {
        let db = DatabaseUrl::Postgres("postgres://u:secret@h/db".into());
        assert!(!db.redacted().contains("secret"));
        assert!(!format!("{db:?}").contains("secret"));
    }
}
