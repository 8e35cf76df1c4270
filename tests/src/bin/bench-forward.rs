//! Helpers of the forwarding benchmark (`tests/bench/forwarding.sh`).
//!
//! ```text
//! bench-forward send --addr 127.0.0.1:PORT --token TOKEN --recipients FILE \
//!                    --rate 100 --seconds 20 --out FILE
//! bench-forward latency --sent FILE --accepted FILE --outbox FILE
//! ```
//!
//! `send` posts `POST /api/v1/messages` at a fixed rate, open-loop (message `i` is due at
//! `start + i / rate` whatever the answers before it did, each on a task of its own over
//! a pool of keep-alive connections), each message to one account of `--recipients` (one
//! account id a line, in turn), subject `Bench <i>`. For every `201` it writes
//! `MESSAGE_ID<TAB>UNIX_NANOS` to `--out`: the moment the answer (its body read) was
//! back, which is after the delivery's commit. Prints one JSON line:
//! `{"target_rate","rate","sent","created","errors","http_p50_ms","http_p99_ms",
//! "max_late_ms"}` (`rate`: 201s per second over the run; `max_late_ms`: how late the
//! scheduler started the latest request).
//!
//! `latency` matches the mails the sink accepted (`smtp-sink`'s file:
//! `MESSAGE_ID<TAB>UNIX_NANOS<TAB>CONNECTION`, the `Message-ID` being
//! `<outbox id>@schoolbrug`) with their outbox rows (`--outbox`: `OUTBOX_ID<TAB>MESSAGE_ID`,
//! from SQL) and the messages `send` delivered, and prints the time from each message's
//! `201` to its mail's acceptance: `{"messages","mails","matched","missing","duplicates",
//! "p50_ms","p90_ms","p99_ms","max_ms","mean_ms"}` (`missing`: messages without an
//! accepted mail; `duplicates`: mails beyond the first for one outbox row).

use std::collections::HashMap;
use std::error::Error;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::time::{Instant, sleep_until};

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const BODY: &str = "Beste ouders,\n\nMorgen gaan we met de klas naar het bos. Geef uw kind \
                    laarzen en een regenjas mee.\n\nMet vriendelijke groeten,\nde juf";

fn flags() -> Fallible<(String, HashMap<String, String>)> {
    let mut args = std::env::args().skip(1);
    let command = args.next().ok_or("a command: send or latency")?;
    let mut map = HashMap::new();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let name = flag
            .strip_prefix("--")
            .ok_or_else(|| format!("unknown argument {flag:?}"))?;
        map.insert(name.to_owned(), value);
    }
    Ok((command, map))
}

fn get<'a>(map: &'a HashMap<String, String>, name: &str) -> Fallible<&'a str> {
    map.get(name)
        .map(String::as_str)
        .ok_or_else(|| format!("--{name} is required").into())
}

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The value at quantile `q` (nearest rank) of sorted `v`.
fn quantile(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v.get(rank - 1).copied()
}

fn round2(v: Option<f64>) -> Value {
    v.map_or(Value::Null, |x| json!((x * 100.0).round() / 100.0))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> Fallible<()> {
    let (command, map) = flags()?;
    match command.as_str() {
        "send" => send(&map).await,
        "latency" => latency(&map),
        other => Err(format!("unknown command {other:?}").into()),
    }
}

struct Outcome {
    created: Option<(String, u128)>,
    http_ms: f64,
    late_ms: f64,
}

async fn send(map: &HashMap<String, String>) -> Fallible<()> {
    let addr = get(map, "addr")?.to_owned();
    let token = get(map, "token")?.to_owned();
    let recipients: Vec<String> = std::fs::read_to_string(get(map, "recipients")?)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let rate: f64 = get(map, "rate")?.parse()?;
    let seconds: f64 = get(map, "seconds")?.parse()?;
    let out = get(map, "out")?.to_owned();
    if recipients.is_empty()
        || !(rate > 0.0 && rate <= 10_000.0)
        || !(seconds > 0.0 && seconds <= 600.0)
    {
        return Err("recipients, --rate in (0, 10000] and --seconds in (0, 600] needed".into());
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let total = (rate * seconds).round() as usize;
    let http = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(64)
        .build()?;
    let url = format!("http://{addr}/api/v1/messages");
    let results = Arc::new(Mutex::new(Vec::<Outcome>::with_capacity(total)));
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..total {
        #[allow(clippy::cast_precision_loss)]
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        sleep_until(due).await;
        let late_ms = Instant::now().duration_since(due).as_secs_f64() * 1000.0;
        let body = json!({
            "subject": format!("Bench {i}"),
            "body": BODY,
            "to": [{ "account": recipients[i % recipients.len()] }],
        });
        let (http, url, token, results) = (
            http.clone(),
            url.clone(),
            token.clone(),
            Arc::clone(&results),
        );
        tasks.spawn(async move {
            let began = Instant::now();
            let answer = async {
                let response = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await?;
                let status = response.status();
                let value: Value = response.json().await?;
                Ok::<_, reqwest::Error>((status, value))
            }
            .await;
            let at = now_ns();
            let http_ms = began.elapsed().as_secs_f64() * 1000.0;
            let created = match answer {
                Ok((status, value)) if status == reqwest::StatusCode::CREATED => {
                    value["id"].as_str().map(|id| (id.to_owned(), at))
                }
                Ok((status, value)) => {
                    eprintln!("bench-forward: message {i}: {status} {value}");
                    None
                }
                Err(e) => {
                    eprintln!("bench-forward: message {i}: {e}");
                    None
                }
            };
            results
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Outcome {
                    created,
                    http_ms,
                    late_ms,
                });
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = start.elapsed().as_secs_f64();
    let results = std::mem::take(&mut *results.lock().unwrap_or_else(PoisonError::into_inner));
    let mut lines = String::new();
    let mut http_ms = Vec::new();
    let mut max_late: f64 = 0.0;
    let mut created = 0_usize;
    for r in &results {
        max_late = max_late.max(r.late_ms);
        if let Some((id, at)) = &r.created {
            lines.push_str(&format!("{id}\t{at}\n"));
            http_ms.push(r.http_ms);
            created += 1;
        }
    }
    std::fs::write(&out, lines)?;
    http_ms.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let achieved = created as f64 / elapsed;
    println!(
        "{}",
        json!({
            "target_rate": rate,
            "rate": (achieved * 10.0).round() / 10.0,
            "sent": results.len(),
            "created": created,
            "errors": results.len() - created,
            "http_p50_ms": round2(quantile(&http_ms, 0.5)),
            "http_p99_ms": round2(quantile(&http_ms, 0.99)),
            "max_late_ms": (max_late * 100.0).round() / 100.0,
        })
    );
    Ok(())
}

/// `A<TAB>B…` lines as their fields.
fn rows(path: &str) -> Fallible<Vec<Vec<String>>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(|f| f.trim().to_owned()).collect())
        .collect())
}

fn latency(map: &HashMap<String, String>) -> Fallible<()> {
    // message id -> commit time
    let mut sent: HashMap<String, u128> = HashMap::new();
    for r in rows(get(map, "sent")?)? {
        if let [id, at, ..] = r.as_slice() {
            sent.insert(id.clone(), at.parse()?);
        }
    }
    // outbox id -> message id
    let mut outbox: HashMap<String, String> = HashMap::new();
    for r in rows(get(map, "outbox")?)? {
        if let [row, message, ..] = r.as_slice() {
            outbox.insert(row.clone(), message.clone());
        }
    }
    // message id -> first acceptance; duplicates counted
    let mut accepted: HashMap<String, u128> = HashMap::new();
    let mut seen_rows: HashMap<String, usize> = HashMap::new();
    let mut mails = 0_usize;
    for r in rows(get(map, "accepted")?)? {
        let [mid, at, ..] = r.as_slice() else {
            continue;
        };
        mails += 1;
        let row = mid.strip_suffix("@schoolbrug").unwrap_or(mid).to_owned();
        *seen_rows.entry(row.clone()).or_default() += 1;
        if let Some(message) = outbox.get(&row) {
            let at: u128 = at.parse()?;
            accepted
                .entry(message.clone())
                .and_modify(|t| *t = (*t).min(at))
                .or_insert(at);
        }
    }
    let duplicates: usize = seen_rows.values().map(|n| n.saturating_sub(1)).sum();
    let mut ms = Vec::with_capacity(sent.len());
    for (message, committed) in &sent {
        if let Some(at) = accepted.get(message) {
            #[allow(clippy::cast_precision_loss)]
            let delta = (i128::try_from(*at).unwrap_or(0) - i128::try_from(*committed).unwrap_or(0))
                as f64
                / 1e6;
            ms.push(delta);
        }
    }
    ms.sort_by(f64::total_cmp);
    #[allow(clippy::cast_precision_loss)]
    let mean = (!ms.is_empty()).then(|| ms.iter().sum::<f64>() / ms.len() as f64);
    println!(
        "{}",
        json!({
            "messages": sent.len(),
            "mails": mails,
            "matched": ms.len(),
            "missing": sent.len() - ms.len(),
            "duplicates": duplicates,
            "p50_ms": round2(quantile(&ms, 0.5)),
            "p90_ms": round2(quantile(&ms, 0.9)),
            "p99_ms": round2(quantile(&ms, 0.99)),
            "max_ms": round2(ms.last().copied()),
            "min_ms": round2(ms.first().copied()),
            "mean_ms": round2(mean),
        })
    );
    Ok(())
}
