//! Seeds a running `schoolbrug serve` for the benchmarks, through its JSON API only:
//!
//! 1. sets the first admin's password with the one-time code `school create` printed
//!    (`POST /api/v1/password-reset`) and signs the admin in;
//! 2. creates `--accounts` pupils (`POST /api/v1/admin/accounts`), issues each a code
//!    (`POST /api/v1/admin/accounts/{id}/reset-code`) and sets its password with it;
//! 3. signs the first `--tokens` pupils in once (`POST /api/v1/session`) for their tokens.
//!
//! ```text
//! bench-seed --base http://127.0.0.1:PORT --school bench --admin beheerder \
//!            --code CODE --password PW --accounts 200 --tokens 100 --out DIR
//! ```
//!
//! Writes to `DIR`: `usernames.txt` (one pupil per line), `tokens.txt` (session tokens)
//! and `token_hashes.txt` (SHA-256 of each token's bytes in lower-case hex: what the
//! `sessions` table keeps). At most `--parallel` (default 4) accounts are seeded at once;
//! every request has a 30 s timeout, so the program ends by itself.

use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

struct Settings {
    base: String,
    school: String,
    admin: String,
    code: String,
    password: String,
    accounts: usize,
    tokens: usize,
    parallel: usize,
    out: PathBuf,
}

fn settings() -> Fallible<Settings> {
    let mut s = Settings {
        base: String::new(),
        school: "bench".into(),
        admin: "beheerder".into(),
        code: String::new(),
        password: String::new(),
        accounts: 200,
        tokens: 100,
        parallel: 4,
        out: PathBuf::from("."),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--base" => s.base = value.trim_end_matches('/').to_owned(),
            "--school" => s.school = value,
            "--admin" => s.admin = value,
            "--code" => s.code = value,
            "--password" => s.password = value,
            "--accounts" => s.accounts = value.parse()?,
            "--tokens" => s.tokens = value.parse()?,
            "--parallel" => s.parallel = value.parse()?,
            "--out" => s.out = PathBuf::from(value),
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if s.base.is_empty() || s.code.is_empty() || s.password.is_empty() {
        return Err("--base, --code and --password are required".into());
    }
    s.tokens = s.tokens.min(s.accounts);
    s.parallel = s.parallel.max(1);
    Ok(s)
}

/// Sends `body` to `path` and checks the status; returns the JSON answer (or null).
async fn call(
    client: &Client,
    base: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<&Value>,
    expected: StatusCode,
) -> Fallible<Value> {
    let mut request = client.post(format!("{base}{path}"));
    if let Some(body) = body {
        request = request.json(body);
    }
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    if status != expected {
        return Err(format!("POST {path}: expected {expected}, got {status}: {text}").into());
    }
    if text.is_empty() {
        Ok(Value::Null)
    } else {
        Ok(serde_json::from_str(&text)?)
    }
}

fn field(value: &Value, name: &str) -> Fallible<String> {
    value
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no {name:?} in {value}").into())
}

async fn sign_in(client: &Client, s: &Settings, username: &str) -> Fallible<String> {
    let body = json!({ "school": s.school, "username": username, "password": s.password });
    let answer = call(
        client,
        &s.base,
        "/api/v1/session",
        None,
        Some(&body),
        StatusCode::CREATED,
    )
    .await?;
    field(&answer, "token")
}

async fn set_password(client: &Client, s: &Settings, username: &str, code: &str) -> Fallible<()> {
    let body = json!({
        "school": s.school, "username": username, "code": code,
        "new": s.password, "repeat": s.password,
    });
    call(
        client,
        &s.base,
        "/api/v1/password-reset",
        None,
        Some(&body),
        StatusCode::NO_CONTENT,
    )
    .await
    .map(|_| ())
}

/// Creates pupil `n`, sets its password, and signs it in when `with_token`.
async fn seed_pupil(
    client: Client,
    s: Arc<Settings>,
    admin: Arc<String>,
    n: usize,
    with_token: bool,
) -> Fallible<(usize, String, Option<String>)> {
    let username = format!("pupil-{n:04}");
    let body = json!({
        "username": username, "first_name": "Bench", "last_name": format!("Leerling {n}"),
        "roles": ["pupil"],
    });
    let account = call(
        &client,
        &s.base,
        "/api/v1/admin/accounts",
        Some(&admin),
        Some(&body),
        StatusCode::CREATED,
    )
    .await?;
    let id = field(&account, "id")?;
    let issued = call(
        &client,
        &s.base,
        &format!("/api/v1/admin/accounts/{id}/reset-code"),
        Some(&admin),
        None,
        StatusCode::CREATED,
    )
    .await?;
    set_password(&client, &s, &username, &field(&issued, "code")?).await?;
    let token = if with_token {
        Some(sign_in(&client, &s, &username).await?)
    } else {
        None
    };
    Ok((n, username, token))
}

#[tokio::main]
async fn main() -> Fallible<()> {
    let s = Arc::new(settings()?);
    let started = Instant::now();
    let client = Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(s.parallel * 2)
        .build()?;

    set_password(&client, &s, &s.admin, &s.code).await?;
    let admin = Arc::new(sign_in(&client, &s, &s.admin).await?);

    let permits = Arc::new(Semaphore::new(s.parallel));
    let mut tasks = JoinSet::new();
    for n in 1..=s.accounts {
        let permit = permits.clone().acquire_owned().await?;
        let (client, s2, admin) = (client.clone(), s.clone(), admin.clone());
        let with_token = n <= s.tokens;
        tasks.spawn(async move {
            let result = seed_pupil(client, s2, admin, n, with_token).await;
            drop(permit);
            result
        });
    }
    let mut seeded = Vec::with_capacity(s.accounts);
    while let Some(joined) = tasks.join_next().await {
        seeded.push(joined??);
    }
    seeded.sort_by_key(|(n, _, _)| *n);

    std::fs::create_dir_all(&s.out)?;
    let usernames: String = seeded.iter().map(|(_, u, _)| format!("{u}\n")).collect();
    let tokens: Vec<&String> = seeded.iter().filter_map(|(_, _, t)| t.as_ref()).collect();
    let token_lines: String = tokens.iter().map(|t| format!("{t}\n")).collect();
    let hash_lines: String = tokens
        .iter()
        .map(|t| format!("{}\n", hex::encode(Sha256::digest(t.as_bytes()))))
        .collect();
    std::fs::write(s.out.join("usernames.txt"), usernames)?;
    std::fs::write(s.out.join("tokens.txt"), token_lines)?;
    std::fs::write(s.out.join("token_hashes.txt"), hash_lines)?;
    eprintln!(
        "seeded {} pupils with passwords and {} sessions in {:.1} s",
        seeded.len(),
        tokens.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
