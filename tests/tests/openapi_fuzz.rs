//! The OpenAPI description tells the truth: schemathesis (every check, every phase)
//! generates requests from `/api/v1/openapi.json` and runs them against the real binary
//! on SQLite, signed in as an admin of a school with a few accounts, a group and
//! messages, and finds nothing: no server error, no answer outside the description,
//! no schema-valid request refused, no schema-violating request accepted.
//!
//! Schemathesis is a Python tool: `pip install -r tests/requirements.txt` (`.ci/run`
//! does it). Its settings are `tests/schemathesis.toml` (plus the seeded ids, pinned per
//! operation); `tests/schemathesis_hooks.py` works around a CPython 3.11 bug. The
//! `SCHEMATHESIS` variable names another executable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;
use schoolbrug_tests::{Server, run};
use serde_json::{Value, json};

const PASSWORD: &str = "paarse olifant danst op het dak";

/// Fixed, so a run is repeatable and a finding can be replayed.
const SEED: &str = "20261202";
/// Per operation and phase; the whole run stays within a few minutes on two cores.
const MAX_EXAMPLES: &str = "50";

/// The schemathesis executable, or a failure that says how to install it: a missing
/// tool must not pass as "nothing found".
fn schemathesis() -> PathBuf {
    let candidate = std::env::var_os("SCHEMATHESIS")
        .map_or_else(|| PathBuf::from("schemathesis"), PathBuf::from);
    match Command::new(&candidate).arg("--version").output() {
        Ok(out) if out.status.success() => candidate,
        _ => panic!(
            "schemathesis is not installed (looked for {}): install it with \
             `pip install -r tests/requirements.txt` (.ci/run does this), or set \
             SCHEMATHESIS to its path",
            candidate.display()
        ),
    }
}

fn config_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemathesis.toml")
}

struct Api {
    base: String,
    client: reqwest::Client,
    token: Option<String>,
}

impl Api {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let url = format!("{}/api/v1{path}", self.base);
        let mut request = self.client.request(method.parse().unwrap(), url.as_str());
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn created(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.call("POST", path, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "POST {path}: {answer}");
        answer
    }
}

/// What the seeded school holds, for the operations that need ids that exist.
struct Seeded {
    /// The admin's bearer token.
    token: String,
    pupil: String,
    co_account: String,
    /// An account for `DELETE /admin/accounts/{id}` to erase.
    leaver: String,
    class: String,
    /// A message the admin sent (it sees its receipts).
    sent: String,
    /// A message the admin received (it may trash, restore and report it).
    received: String,
}

impl Seeded {
    /// Pins `{id}` of each operation on ids to an id that exists, so their checks see
    /// answers with data as well as 404s; appended to the settings in
    /// `tests/schemathesis.toml`.
    fn pinned_ids(&self) -> String {
        [
            ("GET", "/api/v1/admin/accounts/{id}", &self.pupil),
            ("DELETE", "/api/v1/admin/accounts/{id}", &self.leaver),
            (
                "POST",
                "/api/v1/admin/accounts/{id}/co-accounts",
                &self.pupil,
            ),
            (
                "POST",
                "/api/v1/admin/accounts/{id}/reset-code",
                &self.pupil,
            ),
            (
                "POST",
                "/api/v1/admin/co-accounts/{id}/reset",
                &self.co_account,
            ),
            ("PUT", "/api/v1/admin/groups/{id}/members", &self.class),
            ("GET", "/api/v1/messages/{id}", &self.received),
            ("DELETE", "/api/v1/messages/{id}", &self.received),
            ("GET", "/api/v1/messages/{id}/receipts", &self.sent),
            ("POST", "/api/v1/messages/{id}/misdirected", &self.received),
            ("POST", "/api/v1/messages/{id}/restore", &self.received),
        ]
        .iter()
        .map(|(method, path, id)| {
            format!(
                "\n[[operations]]\ninclude-path = \"{path}\"\ninclude-method = \"{method}\"\n\
                 parameters = {{ \"path.id\" = \"{id}\" }}\n"
            )
        })
        .collect()
    }
}

fn id_of(answer: &Value) -> String {
    answer["id"].as_str().unwrap().to_owned()
}

/// Sets `username`'s password with `code` and signs in.
async fn signed_in(api: &mut Api, username: &str, code: &str) -> Value {
    api.token = None;
    let (status, answer) = api
        .call(
            "POST",
            "/password-reset",
            Some(
                json!({ "username": username, "code": code, "new": PASSWORD, "repeat": PASSWORD }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let session = api
        .created(
            "/session",
            json!({ "username": username, "password": PASSWORD }),
        )
        .await;
    api.token = Some(session["token"].as_str().unwrap().to_owned());
    session
}

/// A school whose admin is signed in, with a pupil (and a co-account), a teacher, a class,
/// free days, and messages the admin sent and received.
async fn seeded_school(base: &str, admin_code: &str) -> Seeded {
    let mut api = Api {
        base: base.to_owned(),
        client: reqwest::Client::new(),
        token: None,
    };
    let admin = signed_in(&mut api, "beheerder", admin_code).await;
    let token = api.token.clone().unwrap();
    let admin = admin["account"]["id"].as_str().unwrap().to_owned();

    let pupil = id_of(
        &api.created(
            "/admin/accounts",
            json!({ "username": "lotte", "first_name": "Lotte", "last_name": "Peeters",
                    "roles": ["pupil"], "birth_date": "2012-05-04" }),
        )
        .await,
    );
    let teacher = id_of(
        &api.created(
            "/admin/accounts",
            json!({ "username": "jan", "first_name": "Jan", "last_name": "Smet",
                    "roles": ["teacher"], "email": "jan@example.org" }),
        )
        .await,
    );
    let leaver = id_of(
        &api.created(
            "/admin/accounts",
            json!({ "username": "vertrekker", "first_name": "Vera", "last_name": "Trekker",
                    "roles": ["pupil"] }),
        )
        .await,
    );
    let co_account = id_of(
        &api.created(
            &format!("/admin/accounts/{pupil}/co-accounts"),
            json!({ "slot": 1, "relation": "mother", "username": "an", "first_name": "An",
                    "last_name": "Peeters" }),
        )
        .await,
    );
    let class = id_of(
        &api.created("/admin/groups", json!({ "name": "3A", "kind": "class" }))
            .await,
    );
    let (status, answer) = api
        .call(
            "PUT",
            &format!("/admin/groups/{class}/members"),
            Some(json!({ "members": [pupil, teacher] })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let mut sent = String::new();
    for (subject, to) in [
        ("Vergadering", json!([{ "account": teacher }])),
        (
            "Uitstap naar Brugge",
            json!([{ "group": class, "audience": "both" }]),
        ),
        ("Rapport", json!([{ "co_accounts_of": pupil }])),
    ] {
        sent = id_of(
            &api.created(
                "/messages",
                json!({ "subject": subject, "body": "Beste,\n\nTot dan.", "to": to }),
            )
            .await,
        );
    }
    let (status, answer) = api
        .call(
            "PUT",
            "/admin/free-days",
            Some(json!({ "periods": [{ "from": "2026-12-21", "to": "2027-01-01", "name": "Kerstvakantie" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");

    // The teacher writes to the admin, so the admin has a message of its own to open,
    // trash, restore and report.
    let code = api
        .created(&format!("/admin/accounts/{teacher}/reset-code"), json!({}))
        .await;
    signed_in(&mut api, "jan", code["code"].as_str().unwrap()).await;
    let received = id_of(
        &api.created(
            "/messages",
            json!({ "subject": "Vraag", "body": "Mag ik de zaal?", "to": [{ "account": admin }],
                    "reply_requested": true }),
        )
        .await,
    );
    Seeded {
        token,
        pupil,
        co_account,
        leaver,
        class,
        sent,
        received,
    }
}

#[tokio::test]
async fn schemathesis_finds_nothing_the_openapi_description_does_not_say() {
    let schemathesis = schemathesis();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
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
            "--data-dir",
            data,
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "school create failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = Server::start(&["--data-dir", data], &[]);
    let seeded = seeded_school(&server.base(), created["code"].as_str().unwrap()).await;
    let config = dir.path().join("schemathesis.toml");
    let settings = std::fs::read_to_string(config_file()).unwrap() + &seeded.pinned_ids();
    std::fs::write(&config, settings).unwrap();
    let hooks = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemathesis_hooks.py");

    let report = dir.path().join("report");
    let out = Command::new(&schemathesis)
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .arg("--config-file")
        .arg(&config)
        .arg("--no-color")
        .args(["run", &format!("{}/api/v1/openapi.json", server.base())])
        .args([
            "--header",
            &format!("Authorization: Bearer {}", seeded.token),
        ])
        .args(["--checks", "all"])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--seed", SEED, "--generation-deterministic"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--workers", "1", "--request-timeout", "10"])
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", schemathesis.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "schemathesis found problems (exit {:?}):\n{stdout}\n{stderr}",
        out.status.code()
    );
    assert!(
        stdout.contains(" generated, ") && stdout.contains(" passed"),
        "schemathesis ran no test case:\n{stdout}\n{stderr}"
    );
    // The figures (cases generated, phases, warnings) stay in the test's output.
    println!("{stdout}");
}
