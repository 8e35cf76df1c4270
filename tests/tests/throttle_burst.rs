//! Issue 9, row 1, on the real binary: a burst of parallel wrong passwords for one
//! account, released at once, gets the free guesses and no more, on SQLite and on
//! PostgreSQL with two server processes sharing the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use reqwest::StatusCode;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::json;

const BURST: usize = 300;

fn create_school(env: &[(&str, &str)]) {
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
}

/// Sends `BURST` wrong sign-ins for one account, spread over `bases`, all released by
/// one barrier; answers how many got 401 and how many 429.
async fn burst(bases: &[String]) -> (usize, usize) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(BURST)
        .build()
        .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(BURST));
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
    create_school(&[("SCHOOLBRUG_DATA_DIR", data)]);
    let server = Server::start(&["--data-dir", data], &[]);
    let (unauthorized, throttled) = burst(&[server.base()]).await;
    assert!(unauthorized <= 5, "{unauthorized} guesses got through");
    assert_eq!(unauthorized + throttled, BURST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_over_two_processes_gets_five_guesses_on_postgresql() {
    let db = PgDatabase::create();
    let url = db.url();
    let env = [("SCHOOLBRUG_DATABASE_URL", url.as_str())];
    let migrate = run(&["migrate"], &env);
    assert!(migrate.status.success());
    create_school(&env);
    let one = Server::start(&[], &env);
    let two = Server::start(&[], &env);
    let (unauthorized, throttled) = burst(&[one.base(), two.base()]).await;
    assert!(unauthorized <= 5, "{unauthorized} guesses got through");
    assert_eq!(unauthorized + throttled, BURST);
}
