//! An SMTP sink for the forwarding benchmark (`tests/bench/forwarding.sh`): the
//! in-process test SMTP server of `schoolbrug_tests::smtp`, reached through a thin
//! loopback relay on the port asked for, which records for every mail the server accepts
//! its `Message-ID` and the moment of acceptance (the server's `250` after the data, as
//! it passes the relay on its way to the client).
//!
//! ```text
//! smtp-sink --out FILE [--port 0] [--expect N] [--seconds 600]
//! ```
//!
//! Prints `smtp-sink listens on 127.0.0.1:PORT` on stdout as soon as it listens. It stops
//! when `--expect` mails were accepted, on SIGTERM or SIGINT, or after `--seconds`; then
//! it writes `FILE` (through a temporary file and a rename, so a reader never sees half
//! of it), one line per accepted mail in order of acceptance:
//! `MESSAGE_ID<TAB>UNIX_NANOS<TAB>CONNECTION` (the `Message-ID` without its angle
//! brackets; `?` when the relay saw none), and prints one JSON line on stdout:
//! `{"accepted","unique","server_mails","connections","first_ns","last_ns","reason",
//! "cpu_ms","commands"}` (`server_mails`: what the test server itself kept, a check on the
//! relay's count; `cpu_ms`: the sink's own CPU time, server and relay; `commands`: how
//! many SMTP commands the server got, by verb), `"between_mails"` and `"exchange"`
//! (`{"n","p50_ms","p90_ms","p99_ms"}`): per mail, the time from the acceptance of the
//! previous mail on its connection to the client's first bytes for this one (what the
//! client does between mails), and from those bytes to this mail's acceptance (the SMTP
//! exchange, relay included).
//!
//! Why a relay: the test server keeps the mails but not when it took them, and reading
//! them back (a clone of all of them) often enough for millisecond timestamps would cost
//! more CPU than the server. The relay parses nothing but line starts: `Message-ID:` in
//! what the client sends, `250 2.0.0 Ok: queued` in what the server answers.

use std::collections::VecDeque;
use std::error::Error;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use schoolbrug_tests::smtp::{Options, SmtpServer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

/// The server's reply to a mail it kept (`schoolbrug_tests::smtp`).
const ACCEPTED: &[u8] = b"250 2.0.0 Ok: queued";

struct Settings {
    port: u16,
    out: String,
    expect: Option<usize>,
    seconds: u64,
}

fn settings() -> Fallible<Settings> {
    let mut s = Settings {
        port: 0,
        out: String::new(),
        expect: None,
        seconds: 600,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => s.port = value.parse()?,
            "--out" => s.out = value,
            "--expect" => s.expect = Some(value.parse()?),
            "--seconds" => s.seconds = value.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if s.out.is_empty() {
        return Err("--out is required".into());
    }
    Ok(s)
}

/// One accepted mail.
struct Accepted {
    message_id: String,
    at_ns: u128,
    connection: usize,
}

#[derive(Default)]
struct Shared {
    accepted: Mutex<Vec<Accepted>>,
    count: AtomicUsize,
    connections: AtomicUsize,
    done: Notify,
    expect: Option<usize>,
    /// Per mail, ns from the server's acceptance to the client's next bytes on the same
    /// connection: what the client did between two mails (recording the outcome, reading
    /// the next copy, claiming, or idling).
    between: Mutex<Vec<u128>>,
    /// Per mail, ns from the client's first bytes of its exchange to the acceptance.
    exchanges: Mutex<Vec<u128>>,
}

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Fallible<()> {
    let s = settings()?;
    let server = SmtpServer::start_blocking(Options::default());
    let listener = TcpListener::bind(("127.0.0.1", s.port)).await?;
    let addr = listener.local_addr()?;
    println!("smtp-sink listens on {addr}");
    let shared = Arc::new(Shared {
        expect: s.expect,
        ..Shared::default()
    });
    let upstream = server.addr;
    let accepting = {
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let number = shared.connections.fetch_add(1, Ordering::SeqCst) + 1;
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    if let Err(e) = relay(client, upstream, number, shared).await {
                        eprintln!("smtp-sink: connection {number}: {e}");
                    }
                });
            }
        })
    };

    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let reason = tokio::select! {
        () = shared.done.notified() => "expected",
        _ = term.recv() => "sigterm",
        _ = tokio::signal::ctrl_c() => "sigint",
        () = tokio::time::sleep(Duration::from_secs(s.seconds)) => "timeout",
    };
    accepting.abort();
    // A mail accepted at this very moment still gets its line.
    tokio::time::sleep(Duration::from_millis(20)).await;

    let accepted = std::mem::take(
        &mut *shared
            .accepted
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    let mut text = String::with_capacity(accepted.len() * 64);
    for a in &accepted {
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            a.message_id, a.at_ns, a.connection
        ));
    }
    let tmp = format!("{}.tmp", s.out);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &s.out)?;
    let mut ids: Vec<&str> = accepted.iter().map(|a| a.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    // The commands the server got, by verb (EHLO, NOOP, MAIL, RCPT, DATA, QUIT, …).
    let mut verbs = std::collections::BTreeMap::<String, usize>::new();
    for command in server.commands() {
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        *verbs.entry(verb).or_default() += 1;
    }
    let spread = |m: &Mutex<Vec<u128>>| {
        let mut v = std::mem::take(&mut *lock(m));
        v.sort_unstable();
        let at = |q: f64| -> Option<f64> {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let i = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len().max(1)) - 1;
            #[allow(clippy::cast_precision_loss)]
            v.get(i).map(|ns| (*ns as f64 / 1e3).round() / 1e3)
        };
        serde_json::json!({ "n": v.len(), "p50_ms": at(0.5), "p90_ms": at(0.9), "p99_ms": at(0.99) })
    };
    let summary = serde_json::json!({
        "accepted": accepted.len(),
        "unique": ids.len(),
        "server_mails": server.mails().len(),
        "connections": shared.connections.load(Ordering::SeqCst),
        "first_ns": accepted.first().map(|a| a.at_ns.to_string()),
        "last_ns": accepted.last().map(|a| a.at_ns.to_string()),
        "reason": reason,
        "cpu_ms": own_cpu_ms(),
        "commands": verbs,
        "between_mails": spread(&shared.between),
        "exchange": spread(&shared.exchanges),
    });
    println!("{summary}");
    drop(server);
    Ok(())
}

/// This process's user + system CPU time so far (`/proc/self/stat`, 100 ticks a second).
fn own_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some((user + system) * 10)
}

/// Relays one client connection to the test server, recording acceptances.
async fn relay(
    client: TcpStream,
    upstream: std::net::SocketAddr,
    number: usize,
    shared: Arc<Shared>,
) -> Fallible<()> {
    client.set_nodelay(true)?;
    let server = TcpStream::connect(upstream).await?;
    server.set_nodelay(true)?;
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let conn = Arc::new(Mutex::new(Conn::default()));
    let outgoing = client_to_server(
        client_read,
        server_write,
        Arc::clone(&conn),
        Arc::clone(&shared),
    );
    let incoming = server_to_client(server_read, client_write, conn, number, shared);
    let (a, b) = tokio::join!(outgoing, incoming);
    a?;
    b?;
    Ok(())
}

/// What the relay keeps of one connection.
#[derive(Default)]
struct Conn {
    /// The `Message-ID`s of the mails sent whose acceptance has not come yet, in order.
    ids: VecDeque<String>,
    /// When the last mail was accepted, until the client says something again.
    last_accept_ns: Option<u128>,
    /// When the client began the exchange of the mail now under way.
    exchange_start_ns: Option<u128>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Complete lines of a byte stream, across reads.
#[derive(Default)]
struct Lines {
    partial: Vec<u8>,
}

impl Lines {
    /// Calls `each` with every line completed by `chunk` (without its line end).
    fn feed(&mut self, chunk: &[u8], mut each: impl FnMut(&[u8])) {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            let (line, after) = rest.split_at(end);
            if self.partial.is_empty() {
                each(trim_cr(line));
            } else {
                self.partial.extend_from_slice(line);
                let whole = std::mem::take(&mut self.partial);
                each(trim_cr(&whole));
            }
            rest = after.get(1..).unwrap_or_default();
        }
        // Only a line's start matters: keep at most what a header name needs.
        if self.partial.len() < 64 {
            let room = 64 - self.partial.len();
            self.partial
                .extend_from_slice(rest.get(..room.min(rest.len())).unwrap_or_default());
        }
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The client's bytes go to the server unchanged, after the `Message-ID` of each mail's
/// header was noted.
async fn client_to_server(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    conn: Arc<Mutex<Conn>>,
    shared: Arc<Shared>,
) -> Fallible<()> {
    let mut buf = vec![0_u8; 64 * 1024];
    let mut lines = Lines::default();
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            let _ = to.shutdown().await;
            return Ok(());
        }
        let at_ns = now_ns();
        {
            let mut c = lock(&conn);
            if let Some(accepted) = c.last_accept_ns.take() {
                lock(&shared.between).push(at_ns.saturating_sub(accepted));
            }
            c.exchange_start_ns.get_or_insert(at_ns);
        }
        let chunk = buf.get(..n).unwrap_or_default();
        lines.feed(chunk, |line| {
            const NAME: &[u8] = b"message-id:";
            if line.len() > NAME.len()
                && line
                    .get(..NAME.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(NAME))
            {
                let value = String::from_utf8_lossy(line.get(NAME.len()..).unwrap_or_default());
                let id = value
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned();
                lock(&conn).ids.push_back(id);
            }
        });
        to.write_all(chunk).await?;
    }
}

/// The server's bytes go to the client unchanged; each `250 … queued` is an acceptance,
/// of the oldest mail of this connection not yet answered.
async fn server_to_client(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    conn: Arc<Mutex<Conn>>,
    number: usize,
    shared: Arc<Shared>,
) -> Fallible<()> {
    let mut buf = vec![0_u8; 16 * 1024];
    let mut lines = Lines::default();
    loop {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            let _ = to.shutdown().await;
            return Ok(());
        }
        let at_ns = now_ns();
        let chunk = buf.get(..n).unwrap_or_default();
        let mut accepted = Vec::new();
        lines.feed(chunk, |line| {
            if line.starts_with(ACCEPTED) {
                let mut c = lock(&conn);
                let id = c.ids.pop_front().unwrap_or_else(|| "?".to_owned());
                if let Some(start) = c.exchange_start_ns.take() {
                    lock(&shared.exchanges).push(at_ns.saturating_sub(start));
                }
                c.last_accept_ns = Some(at_ns);
                accepted.push(Accepted {
                    message_id: id,
                    at_ns,
                    connection: number,
                });
            }
        });
        if !accepted.is_empty() {
            let added = accepted.len();
            shared
                .accepted
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(accepted);
            let total = shared.count.fetch_add(added, Ordering::SeqCst) + added;
            if shared.expect.is_some_and(|e| total >= e) {
                shared.done.notify_one();
            }
        }
        to.write_all(chunk).await?;
    }
}
