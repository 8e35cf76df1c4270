//! The database that goes away and comes back: the real binary on PostgreSQL, reached
//! through a TCP relay the test can cut. While the database is unreachable the API
//! answers 503 with `Retry-After` (never 500) and `/readyz` says so; when it is back,
//! everything works again without a restart.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const PASSWORD: &str = "paarse olifant danst op het dak";

/// A relay to PostgreSQL that can be cut (open connections dropped, new ones refused
/// by closing them at once) and restored.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<Notify>,
}

impl Relay {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let cut = cut2.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect("127.0.0.1:5432").await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        () = cut.notified() => {}
                    }
                });
            }
        });
        Self { port, up, cut }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_answers_503_with_retry_after_and_recovers() {
    let db = PgDatabase::create();
    let relay = Relay::start().await;
    let url = db
        .url()
        .replace("127.0.0.1:5432", &format!("127.0.0.1:{}", relay.port));
    let env = [("SCHOOLBRUG_DATABASE_URL", url.as_str())];
    let created = tokio::task::spawn_blocking({
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move || {
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            run(
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
                &env,
            )
        }
    })
    .await
    .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let created: Value = serde_json::from_slice(&created.stdout).unwrap();
    let server = tokio::task::spawn_blocking({
        let url = url.clone();
        move || Server::start(&[], &[("SCHOOLBRUG_DATABASE_URL", url.as_str())])
    })
    .await
    .unwrap();
    let base = server.base();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let reset = http
        .post(format!("{base}/api/v1/password-reset"))
        .json(&json!({ "username": "beheerder", "code": created["code"], "new": PASSWORD, "repeat": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let signed_in: Value = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap().to_owned();

    relay.cut();

    let me = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(me.headers().contains_key("retry-after"));
    assert_eq!(me.headers()["content-type"], "application/problem+json");
    let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let sign_in = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(sign_in.status(), StatusCode::SERVICE_UNAVAILABLE);

    relay.restore();

    let mut recovered = None;
    for _ in 0..40 {
        let me = http
            .get(format!("{base}/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        if me.status() == StatusCode::OK {
            recovered = Some(me.json::<Value>().await.unwrap());
            break;
        }
        assert_eq!(
            me.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "only 503 while recovering"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let me = recovered.expect("the server recovers when the database is back");
    assert_eq!(me["username"], "beheerder");
    let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}
