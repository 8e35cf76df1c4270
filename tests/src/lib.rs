//! End-to-end test support: runs the real `schoolbrug` binary (built by the same
//! `cargo test`/`cargo nextest run` as these tests), on a fresh SQLite folder or a fresh
//! PostgreSQL database of the machine's server; and a real SMTP server on loopback
//! ([`smtp`]) for the mail the binary sends; and the [`bridge`] of the accounts module into
//! messaging's ports for tests that run both without a database.

pub mod attendance_bridge;
pub mod bridge;
pub mod calendar_bridge;
pub mod smtp;

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The PostgreSQL server the tests use (a fresh database each).
pub const PG_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// The `schoolbrug` binary next to this test executable (`target/<profile>/schoolbrug`),
/// built (or brought up to date) once per test process with `cargo build -p schoolbrug`,
/// since `cargo nextest run --workspace` builds test targets but not other packages'
/// binaries; or `SCHOOLBRUG_BIN` when set (then used as it is).
///
/// # Panics
/// When the binary cannot be built.
#[must_use]
pub fn schoolbrug_bin() -> PathBuf {
    if let Ok(path) = std::env::var("SCHOOLBRUG_BIN") {
        return PathBuf::from(path);
    }
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_schoolbrug).clone()
}

fn build_schoolbrug() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/<test> -> target/<profile>/schoolbrug
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args([
        "build",
        "--quiet",
        "-p",
        "schoolbrug",
        "--manifest-path",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"),
    ]);
    if profile.file_name().is_some_and(|name| name == "release") {
        cargo.arg("--release");
    }
    if let Some(target) = profile.parent() {
        cargo.env("CARGO_TARGET_DIR", target);
    }
    let out = cargo
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo to build schoolbrug: {e}"));
    assert!(
        out.status.success(),
        "cargo build -p schoolbrug failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let binary = profile.join("schoolbrug");
    assert!(
        binary.exists(),
        "no schoolbrug binary at {}",
        binary.display()
    );
    binary
}

/// A fresh, empty PostgreSQL database, dropped when this value is dropped.
#[derive(Debug)]
pub struct PgDatabase {
    name: String,
}

impl PgDatabase {
    /// Creates `sb_e2e_<random>` on the machine's server.
    ///
    /// # Panics
    /// When the server cannot be reached (start it: see `.ci/run`).
    #[must_use]
    pub fn create() -> Self {
        let name = format!("sb_e2e_{}", uuid::Uuid::now_v7().simple());
        psql(&format!("CREATE DATABASE {name}"));
        Self { name }
    }

    /// Its URL.
    #[must_use]
    pub fn url(&self) -> String {
        format!("{PG_SERVER}/{}", self.name)
    }

    /// Runs `sql` on this database with `psql` and returns what it printed (unaligned,
    /// tuples only).
    ///
    /// # Panics
    /// When `psql` cannot run or the statement fails.
    #[must_use]
    pub fn query(&self, sql: &str) -> String {
        let out = Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-d", &self.name])
            .args(["-v", "ON_ERROR_STOP=1", "-qAtc", sql])
            .output()
            .unwrap_or_else(|e| panic!("psql not runnable: {e}"));
        assert!(
            out.status.success(),
            "psql {sql:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"])
            .arg(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .output();
    }
}

fn psql(sql: &str) {
    let out = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            sql,
        ])
        .output()
        .unwrap_or_else(|e| panic!("psql not runnable: {e}"));
    assert!(
        out.status.success(),
        "psql {sql:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `schoolbrug <args>` to completion with extra environment variables.
///
/// # Panics
/// When the binary cannot be started.
#[must_use]
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(schoolbrug_bin());
    command
        .args(args)
        .env_remove("SCHOOLBRUG_DATABASE_URL")
        .env_remove("SCHOOLBRUG_DATA_DIR");
    for (k, v) in env {
        command.env(k, v);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run schoolbrug: {e}"))
}

/// A running `schoolbrug serve`, killed when dropped.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// Where it listens.
    pub address: SocketAddr,
    /// What it printed before it was ready (the setup link, when there is one).
    pub banner: Vec<String>,
}

impl Server {
    /// Starts `schoolbrug serve --listen 127.0.0.1:0 <extra args>` and waits until it
    /// answers `/healthz`.
    ///
    /// # Panics
    /// When it does not start within 60 s.
    #[must_use]
    pub fn start(extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(schoolbrug_bin());
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .env_remove("SCHOOLBRUG_DATABASE_URL")
            .env_remove("SCHOOLBRUG_DATA_DIR")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start schoolbrug: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut banner = Vec::new();
        let mut address = None;
        while Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Schoolbrug listens on http://") {
                        address = rest.trim_end_matches('/').parse().ok();
                    }
                    banner.push(line);
                    if address.is_some() {
                        // The setup link, when there is one, follows at once.
                        while let Ok(more) = rx.recv_timeout(Duration::from_millis(300)) {
                            banner.push(more);
                        }
                        break;
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("schoolbrug serve exited early: {status}");
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.wait().ok();
                    panic!("schoolbrug serve exited early: {status:?}");
                }
            }
        }
        let address =
            address.unwrap_or_else(|| panic!("schoolbrug serve did not start: {banner:?}"));
        Self {
            child,
            address,
            banner,
        }
    }

    /// `http://<address>`.
    #[must_use]
    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The setup link the server printed, if any.
    #[must_use]
    pub fn setup_link(&self) -> Option<String> {
        self.banner
            .iter()
            .map(|l| l.trim())
            .find(|l| l.contains("/setup?code="))
            .map(str::to_owned)
    }

    /// Sends SIGTERM and waits for the exit status.
    ///
    /// # Panics
    /// When the process cannot be signalled.
    pub fn terminate(mut self) -> ExitStatus {
        terminate(&mut self.child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `schoolbrug worker` (forwarding only), killed when dropped. Its log (stderr)
/// is kept; pass `SCHOOLBRUG_LOG_FORMAT=json` to read it as JSON lines.
#[derive(Debug)]
pub struct Worker {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Worker {
    /// Starts `schoolbrug worker` with `env` (`RUST_LOG=info` unless given) and waits until
    /// it says it runs.
    ///
    /// # Panics
    /// When it does not start within 60 s.
    #[must_use]
    pub fn start(env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(schoolbrug_bin());
        command
            .arg("worker")
            .env_remove("SCHOOLBRUG_DATABASE_URL")
            .env_remove("SCHOOLBRUG_DATA_DIR")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start schoolbrug worker: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        let log = Arc::new(Mutex::new(Vec::new()));
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    log.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(line);
                }
            });
        }
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.starts_with("Schoolbrug worker") => break,
                Ok(_) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("schoolbrug worker exited early: {status}");
                    }
                    assert!(Instant::now() < deadline, "schoolbrug worker did not start");
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.wait().ok();
                    panic!("schoolbrug worker exited early: {status:?}");
                }
            }
        }
        Self { child, log }
    }

    /// Its process id.
    #[must_use]
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// What it logged so far, one line each.
    #[must_use]
    pub fn log(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// SIGKILL: no chance to finish or give anything back. Waits until it is gone.
    ///
    /// # Panics
    /// When it cannot be killed.
    pub fn kill(mut self) {
        self.child
            .kill()
            .unwrap_or_else(|e| panic!("cannot kill schoolbrug worker: {e}"));
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits (up to 20 s) for the exit status.
    ///
    /// # Panics
    /// When the process cannot be signalled or does not stop.
    pub fn terminate(mut self) -> ExitStatus {
        terminate(&mut self.child)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn terminate(child: &mut Child) -> ExitStatus {
    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status();
    assert!(status.is_ok_and(|s| s.success()), "kill -TERM failed");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "schoolbrug did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
