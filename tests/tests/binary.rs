//! The real binary, end to end: the README's start command on SQLite, the same binary on
//! PostgreSQL, the CLI's settings, the connection limits, and its clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use reqwest::StatusCode;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::{Value, json};

const PASSWORD: &str = "paarse olifant danst op het dak";
const NEW_PASSWORD: &str = "groene kikker zwemt in de vijver";

fn create_school(env: &[(&str, &str)]) -> Value {
    let out = run(
        &[
            "school",
            "create",
            "--slug",
            "sint-jan",
            "--name",
            "Sint-Jan",
            "--admin",
            "beheerder",
            "--json",
        ],
        env,
    );
    assert!(
        out.status.success(),
        "school create failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from school create --json")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

async fn post(base: &str, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = client().post(format!("{base}{path}")).json(body);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    request.send().await.unwrap()
}

async fn sign_in(base: &str, username: &str, password: &str) -> reqwest::Response {
    post(
        base,
        "/api/v1/session",
        None,
        &json!({ "username": username, "password": password }),
    )
    .await
}

async fn token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The walk a school and a parent make, through the JSON API of a running binary.
async fn school_walkthrough(base: &str, admin_code: &str) {
    // The admin sets a password with the printed one-time code and signs in.
    let reset = post(
        base,
        "/api/v1/password-reset",
        None,
        &json!({ "username": "beheerder", "code": admin_code, "new": PASSWORD, "repeat": PASSWORD }),
    )
    .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let admin = token_of(sign_in(base, "beheerder", PASSWORD).await).await;

    // A pupil, a co-account, and a one-time code for the parent.
    let pupil: Value = post(
        base,
        "/api/v1/admin/accounts",
        Some(&admin),
        &json!({ "username": "lotte", "first_name": "Lotte", "last_name": "Peeters", "roles": ["pupil"], "birth_date": "2012-03-14" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let pupil_id = pupil["id"].as_str().unwrap();
    let co = post(
        base,
        &format!("/api/v1/admin/accounts/{pupil_id}/co-accounts"),
        Some(&admin),
        &json!({ "slot": 1, "relation": "mother", "username": "mama.lotte", "first_name": "An", "last_name": "Janssens" }),
    )
    .await;
    assert_eq!(co.status(), StatusCode::CREATED);
    let co: Value = co.json().await.unwrap();
    let code = post(
        base,
        &format!(
            "/api/v1/admin/accounts/{}/reset-code",
            co["id"].as_str().unwrap()
        ),
        Some(&admin),
        &json!({}),
    )
    .await;
    assert_eq!(code.status(), StatusCode::CREATED);
    let code: Value = code.json().await.unwrap();

    // The parent sets a password, signs in, sees the child, changes the password, logs out.
    let reset = post(
        base,
        "/api/v1/password-reset",
        None,
        &json!({ "username": "mama.lotte", "code": code["code"], "new": PASSWORD, "repeat": PASSWORD }),
    )
    .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let parent = token_of(sign_in(base, "mama.lotte", PASSWORD).await).await;
    let me: Value = client()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&parent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["kind"], "co");
    assert_eq!(me["pupil"]["first_name"], "Lotte");
    let change = client()
        .put(format!("{base}/api/v1/me/password"))
        .bearer_auth(&parent)
        .json(&json!({ "current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), StatusCode::NO_CONTENT);
    let logout = client()
        .delete(format!("{base}/api/v1/session"))
        .bearer_auth(&parent)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let after = client()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&parent)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        sign_in(base, "mama.lotte", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    token_of(sign_in(base, "mama.lotte", NEW_PASSWORD).await).await;
}

#[tokio::test]
async fn the_binary_runs_a_school_on_postgresql() {
    let db = PgDatabase::create();
    let url = db.url();
    let env = [("SCHOOLBRUG_DATABASE_URL", url.as_str())];
    let migrate = run(&["migrate"], &env);
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let created = create_school(&env);
    let server = Server::start(&[], &env);
    school_walkthrough(&server.base(), created["code"].as_str().unwrap()).await;
    let ready = client()
        .get(format!("{}/readyz", server.base()))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_binary_runs_a_school_on_sqlite_and_every_subcommand_meets_in_one_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let created = create_school(&[("SCHOOLBRUG_DATA_DIR", data)]);
    for key in ["school_id", "admin_id", "code", "expires_at"] {
        assert!(created[key].is_string(), "{key} missing in {created}");
    }
    let server = Server::start(&["--data-dir", data], &[]);
    assert!(
        server.setup_link().is_none(),
        "a school exists, so no setup link"
    );
    school_walkthrough(&server.base(), created["code"].as_str().unwrap()).await;
    assert!(dir.path().join("data/schoolbrug.db").exists());
}

#[tokio::test]
async fn an_empty_database_prints_a_setup_link_that_opens_the_setup_page() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let server = Server::start(&["--data-dir", data], &[]);
    let link = server
        .setup_link()
        .expect("a setup link on an empty database");
    assert!(
        link.starts_with(&format!("{}/setup?code=", server.base())),
        "{link}"
    );
    let page = client().get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let wrong = client()
        .get(format!("{}/setup?code=WRONG-CODE", server.base()))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["--data-dir", dir.path().to_str().unwrap()], &[]);
    let status = server.terminate();
    assert!(status.success(), "exit status {status}");
}

/// Reads until the server closes the connection; `None` when it is still open after
/// `patience` (far longer than the timeout under test: this bounds a failing run).
async fn closed_by_server(stream: &mut tokio::net::TcpStream, patience: Duration) -> Option<()> {
    use tokio::io::AsyncReadExt as _;
    let mut sink = [0_u8; 1024];
    tokio::time::timeout(patience, async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .ok()
}

#[tokio::test]
async fn a_client_that_sends_half_a_request_or_nothing_is_cut_off_after_the_header_timeout() {
    use tokio::io::AsyncWriteExt as _;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        &["--data-dir", dir.path().to_str().unwrap()],
        &[("SCHOOLBRUG_HEADER_READ_TIMEOUT_SECS", "1")],
    );
    let mut half = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: schoolbrug\r\nX-Slow: ")
        .await
        .unwrap();
    let mut silent = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();

    let half_closed = closed_by_server(&mut half, Duration::from_secs(30)).await;
    let silent_closed = closed_by_server(&mut silent, Duration::from_secs(30)).await;

    assert!(half_closed.is_some(), "half a request keeps its connection");
    assert!(
        silent_closed.is_some(),
        "a silent client keeps its connection"
    );
    // The server still answers whole requests.
    let health = client()
        .get(format!("{}/healthz", server.base()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert!(server.terminate().success());
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    use tokio::io::AsyncWriteExt as _;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        &["--data-dir", dir.path().to_str().unwrap()],
        &[("SCHOOLBRUG_MAX_CONNECTIONS", "1")],
    );
    // The one slot: a keep-alive connection that has been answered and stays open.
    let mut first = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    first
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: schoolbrug\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0_u8; 12];
    tokio::io::AsyncReadExt::read_exact(&mut first, &mut answer)
        .await
        .unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");
    // A second client is queued by the operating system, not served. (A negative check:
    // a slow machine can only make it pass; it fails only if the cap is missing.)
    let second = tokio::spawn({
        let url = format!("{}/healthz", server.base());
        async move { client().get(url).send().await.map(|r| r.status()) }
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!second.is_finished(), "served beside the only slot");

    drop(first);
    let status = second.await.unwrap().unwrap();

    assert_eq!(status, StatusCode::OK);
    assert!(server.terminate().success());
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let out = run(&["migrate", "--database-url", "mysql://x/y"], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unsupported database URL"), "{stderr}");
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let out = run(
        &[
            "migrate",
            "--database-url",
            "postgres://postgres@127.0.0.1:1/nope",
        ],
        &[],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach the PostgreSQL database"),
        "{stderr}"
    );
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "serve",
            "--listen",
            &address,
            "--data-dir",
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("address is in use"), "{stderr}");
}

#[test]
fn a_taken_slug_is_refused_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("SCHOOLBRUG_DATA_DIR", dir.path().to_str().unwrap())];
    create_school(&env);
    let again = run(
        &[
            "school", "create", "--slug", "sint-jan", "--name", "Ander", "--admin", "x-admin",
        ],
        &env,
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("slug_taken"));
}

#[test]
fn the_demo_prints_how_to_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("SCHOOLBRUG_DATA_DIR", dir.path().to_str().unwrap())];
    let out = run(&["demo"], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("lotte.peeters"), "{stdout}");
    assert!(stdout.contains("password"), "{stdout}");
}
