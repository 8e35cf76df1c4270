//! Issue 9, rows 1 and 3, on the real binary: a burst of parallel wrong passwords for one
//! account, released at once, gets the free guesses and no more, on SQLite and on
//! PostgreSQL with two server processes sharing the database; and the owner, signing in
//! with the right password from a device it signed in from before, in the middle of the
//! burst, gets in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use reqwest::StatusCode;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::json;

const BURST: usize = 300;
const PASSWORD: &str = "paarse olifant danst op het dak";

/// Creates the school; answers the admin's one-time code.
fn create_school(env: &[(&str, &str)]) -> String {
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
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    created["code"].as_str().unwrap().to_owned()
}

/// Sets the admin's password with its code and signs in once: answers the device token
/// that sign-in handed out.
async fn owners_device(base: &str, code: &str) -> String {
    let client = reqwest::Client::new();
    let reset = client
        .post(format!("{base}/api/v1/password-reset"))
        .json(
            &json!({ "username": "beheerder", "code": code, "new": PASSWORD, "repeat": PASSWORD }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let signed_in = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::CREATED);
    let body: serde_json::Value = signed_in.json().await.unwrap();
    body["device"].as_str().unwrap().to_owned()
}

/// The owner's sign-in with the right password and its device token, released with the
/// burst: answers its status.
fn owner_signs_in(
    base: &str,
    device: String,
    barrier: Arc<tokio::sync::Barrier>,
) -> tokio::task::JoinHandle<StatusCode> {
    let url = format!("{base}/api/v1/session");
    tokio::spawn(async move {
        barrier.wait().await;
        reqwest::Client::new()
            .post(url)
            .json(&json!({ "username": "beheerder", "password": PASSWORD, "device": device }))
            .send()
            .await
            .unwrap()
            .status()
    })
}

/// Sends `BURST` wrong sign-ins for one account, spread over `bases`, all released by
/// `barrier` (which waits for `BURST` + 1: the owner too); answers how many got 401 and
/// how many 429.
async fn burst(bases: &[String], barrier: Arc<tokio::sync::Barrier>) -> (usize, usize) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(BURST)
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..BURST)
        .map(|i| {
            let client = client.clone();
            let barrier = barrier.clone();
            let url = format!("{}/api/v1/session", bases[i % bases.len()]);
            tokio::spawn(async move {
                barrier.wait().await;
                client
                    .post(url)
                    .json(&json!({
                        "username": "beheerder",
                        "password": format!("verkeerd wachtwoord nummer {i}"),
                    }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let (mut unauthorized, mut throttled) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::UNAUTHORIZED => unauthorized += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    (unauthorized, throttled)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_gets_five_guesses_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let code = create_school(&[("SCHOOLBRUG_DATA_DIR", data)]);
    let server = Server::start(&["--data-dir", data], &[]);
    let device = owners_device(&server.base(), &code).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(BURST + 1));
    let owner = owner_signs_in(&server.base(), device, barrier.clone());
    let (unauthorized, throttled) = burst(&[server.base()], barrier).await;
    assert!(unauthorized <= 5, "{unauthorized} guesses got through");
    assert_eq!(unauthorized + throttled, BURST);
    assert_eq!(
        owner.await.unwrap(),
        StatusCode::CREATED,
        "the owner was kept out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_over_two_processes_gets_five_guesses_on_postgresql() {
    let db = PgDatabase::create();
    let url = db.url();
    let env = [("SCHOOLBRUG_DATABASE_URL", url.as_str())];
    let migrate = run(&["migrate"], &env);
    assert!(migrate.status.success());
    let code = create_school(&env);
    let one = Server::start(&[], &env);
    let two = Server::start(&[], &env);
    // The device was remembered by one process; the owner comes back through the other.
    let device = owners_device(&one.base(), &code).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(BURST + 1));
    let owner = owner_signs_in(&two.base(), device, barrier.clone());
    let (unauthorized, throttled) = burst(&[one.base(), two.base()], barrier).await;
    assert!(unauthorized <= 5, "{unauthorized} guesses got through");
    assert_eq!(unauthorized + throttled, BURST);
    assert_eq!(
        owner.await.unwrap(),
        StatusCode::CREATED,
        "the owner was kept out"
    );
}
