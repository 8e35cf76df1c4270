//! A fixed-rate latency probe (what wrk2 does, which Debian lacks): sends
//! `GET <path>` with `Authorization: Bearer <token>` at a constant overall rate over a
//! few keep-alive HTTP/1.1 connections, and prints the latency distribution.
//!
//! ```text
//! bench-probe --addr 127.0.0.1:PORT --tokens FILE --rate 50 --seconds 10 \
//!             [--connections 2] [--path /api/v1/me] [--warmup 1]
//! bench-probe --addr 127.0.0.1:PORT --requests FILE --rate 50 --seconds 10 …
//! bench-probe --addr 127.0.0.1:PORT --post FILE --path /api/v1/session --rate 5 …
//! ```
//!
//! With `--tokens`, every request is `GET <path>` and the tokens rotate. With
//! `--requests`, each line of the file is `TOKEN PATH` (one space) and the requests go
//! through the lines in order (a line `TOKEN METHOD PATH BODY`, such as
//! `t0k3n PUT /api/v1/classes/…/register/2026-12-03/am {"absent":[]}`, sends that
//! method with the JSON body), once each as long as the run needs fewer requests than
//! there are lines (for requests that change something the first time only, such as
//! opening a message, which sets its read receipt); `wrapped` in the output tells when
//! the run came back to the first line. With `--post`, each line of the file is a JSON
//! body, sent in turn as `POST <path>` without a token (a sign-in).
//!
//! The load is open-loop: request `n` of connection `c` is due at
//! `start + (c + n·connections) / rate`, whatever the answers before it did. When a
//! connection is still waiting for an earlier answer at a request's due time, that
//! request's latency counts from its due time (the queueing a real client would have
//! seen: no coordinated omission); when the connection was idle, it counts from when the
//! request was written (so the timer's own lateness, up to a millisecond, is not blamed
//! on the server). Requests due in the first `--warmup` seconds are not counted.
//!
//! Prints one JSON line on stdout: `{"target_rate","rate","sent","ok","errors",
//! "p50_ms","p90_ms","p99_ms","max_ms","wrapped"}` (`rate`: 2xx answers per second, from the end of
//! the warm-up to the last answer, so below the target when the server fell behind);
//! a sentence on stderr. Every request has a 5 s timeout and the probe
//! stops by itself after `--seconds` (plus at most that timeout).

use std::error::Error;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;
use tokio::time::{Instant, sleep_until, timeout};

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

struct Settings {
    addr: String,
    path: String,
    /// (token, path) of each distinct request, used in turn.
    requests: Vec<(String, String)>,
    /// With `--requests`: the method and JSON body of each request that is not a GET.
    writes: Vec<Option<(String, String)>>,
    /// With `--post`: the JSON bodies, used in turn (the tokens are then empty).
    bodies: Vec<String>,
    rate: f64,
    seconds: f64,
    warmup: f64,
    connections: usize,
}

fn settings() -> Fallible<Settings> {
    let mut addr = String::new();
    let mut path = "/api/v1/me".to_owned();
    let mut tokens_file = String::new();
    let mut requests_file = String::new();
    let mut post_file = String::new();
    let (mut rate, mut seconds, mut warmup, mut connections) = (0.0_f64, 10.0_f64, 1.0_f64, 2);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => addr = value,
            "--path" => path = value,
            "--tokens" => tokens_file = value,
            "--requests" => requests_file = value,
            "--post" => post_file = value,
            "--rate" => rate = value.parse()?,
            "--seconds" => seconds = value.parse()?,
            "--warmup" => warmup = value.parse()?,
            "--connections" => connections = value.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let sources = [&tokens_file, &requests_file, &post_file]
        .iter()
        .filter(|f| !f.is_empty())
        .count();
    if addr.is_empty() || sources != 1 {
        return Err("--addr and one of --tokens, --requests and --post are required".into());
    }
    let in_range = |v: f64, max: f64| v > 0.0 && v <= max;
    if !in_range(rate, 100_000.0) || !in_range(seconds, 600.0) {
        return Err("--rate must be in (0, 100000] and --seconds in (0, 600]".into());
    }
    if !(0.0..seconds).contains(&warmup) || connections == 0 {
        return Err("--warmup must be shorter than --seconds; --connections at least 1".into());
    }
    let bodies: Vec<String> = if post_file.is_empty() {
        Vec::new()
    } else {
        std::fs::read_to_string(&post_file)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut writes = Vec::new();
    let requests: Vec<(String, String)> = if !post_file.is_empty() {
        bodies
            .iter()
            .map(|_| (String::new(), path.clone()))
            .collect()
    } else if requests_file.is_empty() {
        std::fs::read_to_string(&tokens_file)?
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| (t.to_owned(), path.clone()))
            .collect()
    } else {
        std::fs::read_to_string(&requests_file)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let parts: Vec<&str> = l.splitn(4, ' ').collect();
                match parts[..] {
                    [t, method, p, body] if matches!(method, "PUT" | "POST" | "DELETE") => {
                        writes.push(Some((method.to_owned(), body.to_owned())));
                        Ok((t.to_owned(), p.to_owned()))
                    }
                    _ => {
                        writes.push(None);
                        l.split_once(' ')
                            .map(|(t, p)| (t.to_owned(), p.trim().to_owned()))
                            .ok_or_else(|| format!("not \"TOKEN PATH\": {l:?}"))
                    }
                }
            })
            .collect::<Result<_, _>>()?
    };
    if requests.is_empty() {
        return Err("no tokens or requests in the file".into());
    }
    Ok(Settings {
        addr,
        path,
        requests,
        writes,
        bodies,
        rate,
        seconds,
        warmup,
        connections,
    })
}

/// What one connection measured.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    sent: u64,
    errors: u64,
    /// When the last counted answer came.
    last_done: Option<Instant>,
    /// Requests written, warm-up included.
    issued: u64,
}

/// Reads one HTTP/1.1 response; returns its status and whether the server keeps the
/// connection open. Bodies must come with `Content-Length` (axum's always do here).
async fn read_response(reader: &mut BufReader<TcpStream>) -> Fallible<(u16, bool)> {
    let mut line = String::new();
    if reader.read_line(&mut line).await? == 0 {
        return Err("connection closed".into());
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .ok_or("no status line")?
        .parse()?;
    let (mut length, mut keep_alive) = (0_usize, true);
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Err("connection closed in the headers".into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse()?;
            } else if name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close")
            {
                keep_alive = false;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err("chunked answers are not supported by this probe".into());
            }
        }
    }
    let mut body = vec![0_u8; length];
    reader.read_exact(&mut body).await?;
    Ok((status, keep_alive))
}

async fn connect(addr: &str) -> Fallible<BufReader<TcpStream>> {
    let stream = timeout(REQUEST_TIMEOUT, TcpStream::connect(addr)).await??;
    stream.set_nodelay(true)?;
    Ok(BufReader::new(stream))
}

async fn one_connection(
    index: usize,
    s: std::sync::Arc<Settings>,
    requests: std::sync::Arc<Vec<Vec<u8>>>,
    start: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let end = start + Duration::from_secs_f64(s.seconds);
    let counted_from = start + Duration::from_secs_f64(s.warmup);
    let mut conn: Option<BufReader<TcpStream>> = None;
    let mut idle_since = start;
    for n in 0_u64.. {
        #[allow(clippy::cast_precision_loss)]
        let due = start
            + Duration::from_secs_f64((index as f64 + n as f64 * s.connections as f64) / s.rate);
        if due >= end {
            break;
        }
        let backlog = idle_since > due;
        sleep_until(due).await;
        let written_at = Instant::now();
        let counted = due >= counted_from;
        tally.issued += 1;
        #[allow(clippy::cast_possible_truncation)]
        let request = &requests[(index + n as usize * s.connections) % requests.len()];
        let outcome = timeout(REQUEST_TIMEOUT, async {
            if conn.is_none() {
                conn = Some(connect(&s.addr).await?);
            }
            let reader = conn.as_mut().ok_or("no connection")?;
            reader.get_mut().write_all(request).await?;
            read_response(reader).await
        })
        .await;
        let done = Instant::now();
        idle_since = done;
        let ok = match outcome {
            Ok(Ok((status, keep_alive))) => {
                if !keep_alive {
                    conn = None;
                }
                (200..300).contains(&status)
            }
            Ok(Err(_)) | Err(_) => {
                conn = None;
                false
            }
        };
        if counted {
            tally.sent += 1;
            tally.last_done = Some(done);
            if ok {
                let from = if backlog { due } else { written_at };
                #[allow(clippy::cast_possible_truncation)]
                tally
                    .latencies_us
                    .push(done.duration_since(from).as_micros() as u64);
            } else {
                tally.errors += 1;
            }
        }
    }
    tally
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    #[allow(clippy::cast_precision_loss)]
    let us = sorted[rank.clamp(1, sorted.len()) - 1] as f64;
    us / 1000.0
}

#[tokio::main]
async fn main() -> Fallible<()> {
    let s = std::sync::Arc::new(settings()?);
    let host = s.addr.clone();
    let requests: Vec<Vec<u8>> = if s.bodies.is_empty() {
        s.requests
            .iter()
            .enumerate()
            .map(|(i, (t, path))| match s.writes.get(i).cloned().flatten() {
                Some((method, body)) => format!(
                    "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nAccept: application/json\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes(),
                None => format!(
                    "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {t}\r\nAccept: application/json\r\n\r\n"
                )
                .into_bytes(),
            })
            .collect()
    } else {
        s.bodies
            .iter()
            .map(|body| {
                format!(
                    "POST {} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nAccept: application/json\r\n\r\n{body}",
                    s.path,
                    body.len()
                )
                .into_bytes()
            })
            .collect()
    };
    let distinct = requests.len();
    let requests = std::sync::Arc::new(requests);
    // Connections are opened lazily by each task's first request.
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..s.connections {
        tasks.spawn(one_connection(index, s.clone(), requests.clone(), start));
    }
    let mut all = Tally::default();
    while let Some(joined) = tasks.join_next().await {
        let t = joined?;
        all.sent += t.sent;
        all.errors += t.errors;
        all.latencies_us.extend(t.latencies_us);
        all.last_done = all.last_done.max(t.last_done);
        all.issued += t.issued;
    }
    all.latencies_us.sort_unstable();
    let window = s.seconds - s.warmup;
    // Answers per second over the time they took to come: below the target rate when
    // the server fell behind (the last answers then come after the window).
    let counted_from = start + Duration::from_secs_f64(s.warmup);
    let span = all.last_done.map_or(window, |last| {
        last.duration_since(counted_from).as_secs_f64().max(window)
    });
    #[allow(clippy::cast_precision_loss)]
    let rate = all.latencies_us.len() as f64 / span;
    let (p50, p90, p99) = (
        percentile(&all.latencies_us, 50.0),
        percentile(&all.latencies_us, 90.0),
        percentile(&all.latencies_us, 99.0),
    );
    let max = percentile(&all.latencies_us, 100.0);
    eprintln!(
        "{} {} at {:.0}/s over {} connections for {:.0} s: {} sent, {} errors, p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        if s.bodies.is_empty() { "GET" } else { "POST" },
        s.requests
            .first()
            .map_or(s.path.as_str(), |(_, p)| p.as_str()),
        s.rate,
        s.connections,
        window,
        all.sent,
        all.errors
    );
    println!(
        "{}",
        serde_json::json!({
            "target_rate": s.rate,
            "rate": rate,
            "sent": all.sent,
            "ok": all.latencies_us.len(),
            "errors": all.errors,
            "p50_ms": p50,
            "p90_ms": p90,
            "p99_ms": p99,
            "max_ms": max,
            "wrapped": usize::try_from(all.issued).unwrap_or(usize::MAX) > distinct,
        })
    );
    Ok(())
}
