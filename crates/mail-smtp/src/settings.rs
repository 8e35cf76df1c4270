//! How to reach the mail server: `SCHOOLBRUG_SMTP_URL`, the default sender, timeouts and
//! the connection pool.

use std::fmt;
use std::time::Duration;

use url::Url;

/// Everything [`SmtpMailer`](crate::SmtpMailer) needs.
///
/// `url` takes one of these forms (credentials percent-encoded, all optional):
///
/// | URL | transport | default port |
/// | --- | --- | --- |
/// | `smtp://relay.local:25` | plain SMTP, for a relay on the same host or network | 25 |
/// | `smtp://user:pass@mail.example.org:587?tls=required` | STARTTLS, required | 587 |
/// | `smtp://…?tls=opportunistic` | STARTTLS when the server offers it | 587 |
/// | `smtps://user:pass@mail.example.org:465` | implicit TLS | 465 |
///
/// A path (`smtp://relay.local/school.example.org`) sets the name sent with `EHLO`; it is the
/// machine's host name otherwise. `Debug` never shows the password.
#[derive(Clone)]
pub struct SmtpSettings {
    /// The server, as above.
    pub url: String,
    /// The sender address used when a mail carries none of its own school's.
    pub default_from: String,
    /// The longest one mail may take, from connecting to the server's answer after the
    /// data; also the limit on connecting alone. A server that does not answer in time
    /// is a temporary failure.
    pub timeout: Duration,
    /// The connection pool.
    pub pool: PoolSettings,
}

impl SmtpSettings {
    /// Settings with the default timeout (10 s) and pool.
    #[must_use]
    pub fn new(url: impl Into<String>, default_from: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            default_from: default_from.into(),
            timeout: Self::DEFAULT_TIMEOUT,
            pool: PoolSettings::default(),
        }
    }

    /// The timeout when none is configured.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The same settings with another timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same settings with another pool.
    #[must_use]
    pub fn with_pool(mut self, pool: PoolSettings) -> Self {
        self.pool = pool;
        self
    }
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("url", &redacted_url(&self.url))
            .field("default_from", &self.default_from)
            .field("timeout", &self.timeout)
            .field("pool", &self.pool)
            .finish()
    }
}

/// The SMTP connection pool: connections are kept open between mails and reused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    /// At most this many SMTP sessions at once (further sends wait for one to be free),
    /// and at most this many kept open while idle. At least 1.
    pub max_connections: usize,
    /// An idle connection older than this is closed rather than reused.
    pub idle_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 10,
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// A configuration that cannot work: reported when the mailer is built, never per mail.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SmtpConfigError {
    /// The URL is not one of the accepted forms (the message never repeats the URL, which
    /// may hold a password).
    #[error("invalid SMTP URL: {0}")]
    Url(String),
    /// The default sender is not an e-mail address.
    #[error("invalid default sender address {0:?}")]
    DefaultFrom(String),
    /// TLS cannot be set up (an extra root certificate does not parse …).
    #[error("invalid TLS setting: {0}")]
    Tls(String),
    /// Zero connections or a zero timeout.
    #[error("invalid SMTP setting: {0}")]
    Setting(&'static str),
}

/// How the connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Security {
    /// No TLS at all (`smtp://` without `tls=`).
    Plain,
    /// STARTTLS, refusing to go on without it.
    StartTlsRequired,
    /// STARTTLS when offered.
    StartTlsOpportunistic,
    /// TLS from the first byte (`smtps://`).
    Implicit,
}

/// The parsed URL.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
    pub hello_name: Option<String>,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field(
                "user",
                &self.credentials.as_ref().map(|(user, _)| user.as_str()),
            )
            .field("hello_name", &self.hello_name)
            .finish_non_exhaustive()
    }
}

pub(crate) fn parse_url(raw: &str) -> Result<Endpoint, SmtpConfigError> {
    let url = Url::parse(raw).map_err(|e| SmtpConfigError::Url(e.to_string()))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| SmtpConfigError::Url("no host".to_owned()))?;
    // `[::1]` comes back with its brackets; the socket address wants the bare address.
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
        .to_owned();

    let mut tls = None;
    for (key, value) in url.query_pairs() {
        match &*key {
            "tls" if tls.is_none() => tls = Some(value.into_owned()),
            "tls" => return Err(SmtpConfigError::Url("`tls` given twice".to_owned())),
            other => {
                return Err(SmtpConfigError::Url(format!(
                    "unknown parameter `{other}` (only `tls` is known)"
                )));
            }
        }
    }
    let (security, default_port) = match (url.scheme(), tls.as_deref()) {
        ("smtp", None | Some("none")) => (Security::Plain, 25),
        ("smtp", Some("required")) => (Security::StartTlsRequired, 587),
        ("smtp", Some("opportunistic")) => (Security::StartTlsOpportunistic, 587),
        ("smtps", None | Some("wrapper" | "implicit")) => (Security::Implicit, 465),
        ("smtp" | "smtps", Some(other)) => {
            return Err(SmtpConfigError::Url(format!(
                "unknown `tls={other}` for {}:// (use `required` or `opportunistic` with \
                 smtp://, or smtps:// for implicit TLS)",
                url.scheme()
            )));
        }
        (other, _) => {
            return Err(SmtpConfigError::Url(format!(
                "unknown scheme `{other}` (use smtp:// or smtps://)"
            )));
        }
    };

    let credentials = if url.username().is_empty() && url.password().is_none() {
        None
    } else {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(std::borrow::Cow::into_owned)
                .map_err(|_| SmtpConfigError::Url("credentials are not UTF-8".to_owned()))
        };
        Some((
            decode(url.username())?,
            decode(url.password().unwrap_or_default())?,
        ))
    };

    let path = url.path().trim_matches('/');
    let hello_name = (!path.is_empty()).then(|| path.to_owned());

    Ok(Endpoint {
        host,
        port: url.port().unwrap_or(default_port),
        security,
        credentials,
        hello_name,
    })
}

/// The URL with its password replaced, for logs and `Debug`.
pub(crate) fn redacted_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                // Only fails for URLs that cannot have credentials, which had none.
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn plain_smtp_defaults_to_port_25() {
        let e = parse_url("smtp://relay.local").unwrap();
        assert_eq!(e.host, "relay.local");
        assert_eq!(e.port, 25);
        assert_eq!(e.security, Security::Plain);
        assert!(e.credentials.is_none());
        assert!(e.hello_name.is_none());
    }

    #[test]
    fn starttls_with_credentials() {
        let e = parse_url("smtp://mailer%40school:p%40ss%2Bw%3Ard@mail.example.org?tls=required")
            .unwrap();
        assert_eq!(e.port, 587);
        assert_eq!(e.security, Security::StartTlsRequired);
        assert_eq!(
            e.credentials,
            Some(("mailer@school".to_owned(), "p@ss+w:rd".to_owned()))
        );
        let e = parse_url("smtp://mail.example.org:2525?tls=opportunistic").unwrap();
        assert_eq!(e.port, 2525);
        assert_eq!(e.security, Security::StartTlsOpportunistic);
    }

    #[test]
    fn smtps_is_implicit_tls_on_465() {
        let e = parse_url("smtps://u:p@mail.example.org").unwrap();
        assert_eq!(e.port, 465);
        assert_eq!(e.security, Security::Implicit);
        assert_eq!(e.credentials, Some(("u".to_owned(), "p".to_owned())));
    }

    #[test]
    fn path_is_the_ehlo_name_and_ipv6_loses_its_brackets() {
        let e = parse_url("smtp://[::1]:2525/school.example.org").unwrap();
        assert_eq!(e.host, "::1");
        assert_eq!(e.hello_name.as_deref(), Some("school.example.org"));
    }

    #[test]
    fn nonsense_is_refused_without_echoing_the_password() {
        for bad in [
            "http://u:secret@mail.example.org",
            "smtp://u:secret@mail.example.org?tls=maybe",
            "smtps://u:secret@mail.example.org?tls=required",
            "smtp://u:secret@mail.example.org?tsl=required",
            "smtp://u:secret@mail.example.org?tls=required&tls=none",
            "smtp:///nohost",
            "not a url",
        ] {
            let err = parse_url(bad).expect_err(bad).to_string();
            assert!(!err.contains("secret"), "{err}");
        }
    }

    #[test]
    fn debug_hides_the_password() {
        let s = SmtpSettings::new(
            "smtps://user:hunter2@mail.example.org",
            "noreply@example.org",
        );
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("user"), "{shown}");
        let e = parse_url(&s.url).unwrap();
        assert!(!format!("{e:?}").contains("hunter2"));
    }
}
