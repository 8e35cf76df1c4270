//! The school the forwarding tests run on: the real binary on a fresh PostgreSQL database,
//! its accounts made through the API, and the API calls the tests make as its people.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use schoolbrug_tests::smtp::SmtpServer;
use schoolbrug_tests::{PgDatabase, Server, run};
use serde_json::{Value, json};

use crate::helpers::{confirmation_token, eventually, pairs, send_as};

pub const PASSWORD: &str = "paarse olifant danst op het dak";
pub const PUBLIC_URL: &str = "https://sint-jan.schoolbrug.example";
pub const MAIL_FROM: &str = "berichten@sint-jan.example";
/// The teacher, as the sender's name of forwarded mail.
pub const TEACHER: (&str, &str) = ("Elsbeth", "Claeskens");
/// A first and a last name.
pub type Name = (&'static str, &'static str);
/// Parents and their children: every name unusual enough that finding it in a mail means
/// it was put there.
pub const FAMILIES: [(Name, Name); 3] = [
    (("Annelies", "Verhaegen"), ("Jasper", "Vermeulen")),
    (("Berthold", "Wauterickx"), ("Lieselot", "Goossens")),
    (("Cornelia", "Dierckxsens"), ("Robrecht", "Vandamme")),
];

/// One co-account, signed in.
pub struct Parent {
    pub id: String,
    pub username: String,
    pub first: String,
    pub last: String,
    pub child_first: String,
    pub child_last: String,
    pub email: String,
    pub token: String,
}

/// A school on a fresh PostgreSQL database, served by the real binary mailing through
/// `smtp`: an admin, a teacher, and class 3A with one child per parent.
pub struct School {
    pub db: PgDatabase,
    pub server: Server,
    pub env: Vec<(String, String)>,
    pub http: reqwest::Client,
    pub admin: String,
    pub teacher: String,
    pub class: String,
    pub parents: Vec<Parent>,
}

impl School {
    /// The environment of every `schoolbrug` process of this school; `serve_extra` only
    /// for `serve`.
    pub async fn open(smtp: &SmtpServer, parents: usize, serve_extra: &[(&str, &str)]) -> Self {
        let db = PgDatabase::create();
        let env: Vec<(String, String)> = [
            ("SCHOOLBRUG_DATABASE_URL", db.url()),
            ("SCHOOLBRUG_SMTP_URL", smtp.url()),
            ("SCHOOLBRUG_MAIL_FROM", MAIL_FROM.to_owned()),
            ("SCHOOLBRUG_PUBLIC_URL", PUBLIC_URL.to_owned()),
            ("SCHOOLBRUG_FORWARD_POLL_MS", "100".to_owned()),
            ("SCHOOLBRUG_FORWARD_RETRY_BASE_MS", "200".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let created = {
            let env = pairs(&env);
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
                &env,
            );
            assert!(
                out.status.success(),
                "school create: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<Value>(&out.stdout).unwrap()
        };
        let server = {
            let mut serve_env = env.clone();
            for (k, v) in serve_extra {
                serve_env.retain(|(key, _)| key != k);
                serve_env.push(((*k).to_owned(), (*v).to_owned()));
            }
            Server::start(&[], &pairs(&serve_env))
        };
        let mut school = Self {
            db,
            server,
            env,
            http: reqwest::Client::new(),
            admin: String::new(),
            teacher: String::new(),
            class: String::new(),
            parents: Vec::new(),
        };
        school.admin = school
            .set_password_and_sign_in("beheerder", created["code"].as_str().unwrap())
            .await;
        let teacher = school
            .create_account(json!({
                "username": "els.claeskens", "first_name": TEACHER.0, "last_name": TEACHER.1,
                "roles": ["teacher"], "email": "els.claeskens@sint-jan.example"
            }))
            .await;
        school.teacher = school.activate("els.claeskens", &teacher).await;
        school.class = school
            .admin_post(
                "/api/v1/admin/groups",
                &json!({ "name": "3A", "kind": "class" }),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut pupils = Vec::new();
        for ((first, last), (child_first, child_last)) in FAMILIES.iter().take(parents) {
            let pupil = school
                .create_account(json!({
                    "username": format!("{}.{}", child_first, child_last).to_lowercase(),
                    "first_name": child_first, "last_name": child_last,
                    "roles": ["pupil"], "birth_date": "2016-05-04"
                }))
                .await;
            let username = format!("{first}.{last}").to_lowercase();
            let co = school
                .admin_post(
                    &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
                    &json!({
                        "slot": 1, "relation": "mother", "username": username,
                        "first_name": first, "last_name": last
                    }),
                )
                .await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let token = school.activate(&username, &co).await;
            school.parents.push(Parent {
                id: co,
                email: format!("{username}@thuis.example"),
                username,
                first: (*first).to_owned(),
                last: (*last).to_owned(),
                child_first: (*child_first).to_owned(),
                child_last: (*child_last).to_owned(),
                token,
            });
            pupils.push(pupil);
        }
        let members = school
            .http
            .put(format!(
                "{}/api/v1/admin/groups/{}/members",
                school.base(),
                school.class
            ))
            .bearer_auth(&school.admin)
            .json(&json!({ "members": pupils }))
            .send()
            .await
            .unwrap();
        assert_eq!(members.status(), StatusCode::NO_CONTENT);
        school
    }

    pub fn base(&self) -> String {
        self.server.base()
    }

    pub fn env(&self) -> Vec<(&str, &str)> {
        pairs(&self.env)
    }

    pub async fn set_password_and_sign_in(&self, username: &str, code: &str) -> String {
        let reset = self
            .http
            .post(format!("{}/api/v1/password-reset", self.base()))
            .json(
                &json!({ "username": username, "code": code, "new": PASSWORD, "repeat": PASSWORD }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status(), StatusCode::NO_CONTENT, "reset {username}");
        let session = self
            .http
            .post(format!("{}/api/v1/session", self.base()))
            .json(&json!({ "username": username, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(session.status(), StatusCode::CREATED, "sign in {username}");
        session.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn admin_post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base()))
            .bearer_auth(&self.admin)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "POST {path}: {body}");
        body
    }

    pub async fn create_account(&self, body: Value) -> String {
        self.admin_post("/api/v1/admin/accounts", &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A one-time code for the account, a password with it, and a session.
    pub async fn activate(&self, username: &str, id: &str) -> String {
        let code = self
            .admin_post(
                &format!("/api/v1/admin/accounts/{id}/reset-code"),
                &json!({}),
            )
            .await;
        self.set_password_and_sign_in(username, code["code"].as_str().unwrap())
            .await
    }

    /// The parent asks for every message to be forwarded to their address; a
    /// confirmation mail goes there.
    pub async fn ask_forwarding(&self, parent: &Parent) {
        let saved = self
            .http
            .put(format!("{}/api/v1/me/notification-settings", self.base()))
            .bearer_auth(&parent.token)
            .json(&json!({
                "forward_email": parent.email, "forward_messages": true,
                "notify_news": false, "push": false
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    }

    /// The parent takes the token from the link in the confirmation mail and confirms.
    pub async fn confirm_forwarding(&self, smtp: &SmtpServer, parent: &Parent) {
        eventually("the confirmation mail", Duration::from_secs(10), || {
            confirmation_token(smtp, &parent.email).is_some()
        })
        .await;
        let token = confirmation_token(smtp, &parent.email).unwrap();
        let confirmed = self
            .http
            .post(format!("{}/api/v1/me/forward-email/confirm", self.base()))
            .bearer_auth(&parent.token)
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
    }

    pub async fn forward_on(&self, smtp: &SmtpServer, parent: usize) {
        self.ask_forwarding(&self.parents[parent]).await;
        self.confirm_forwarding(smtp, &self.parents[parent]).await;
    }

    /// The teacher sends a message; its id.
    pub async fn send(&self, subject: &str, body: &str, to: Value) -> String {
        send_as(&self.http, &self.base(), &self.teacher, subject, body, to).await
    }

    /// `n` messages from the teacher to parent 0, ten at a time.
    pub async fn send_many(&self, n: usize) -> Vec<String> {
        let mut ids = Vec::with_capacity(n);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..n {
            let (http, base, teacher) = (self.http.clone(), self.base(), self.teacher.clone());
            let to = json!([{ "account": self.parents[0].id }]);
            tasks.spawn(async move {
                let subject = format!("Bericht {i:03}");
                send_as(&http, &base, &teacher, &subject, "Tot morgen.", to).await
            });
            if tasks.len() >= 10 {
                ids.push(tasks.join_next().await.unwrap().unwrap());
            }
        }
        while let Some(id) = tasks.join_next().await {
            ids.push(id.unwrap());
        }
        ids
    }

    /// Every row of the school's mail queue with `status`, through the admin API.
    pub async fn outbox(&self, status: &str) -> Vec<Value> {
        let mut rows = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut url = format!(
                "{}/api/v1/admin/outbox?status={status}&limit=200",
                self.base()
            );
            if let Some(a) = &after {
                url.push_str(&format!("&after={a}"));
            }
            let response = self
                .http
                .get(url)
                .bearer_auth(&self.admin)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let page: Value = response.json().await.unwrap();
            rows.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next"].as_str() {
                Some(next) => after = Some(next.to_owned()),
                None => return rows,
            }
        }
    }

    /// The `Message-ID`s of the rows with `status`.
    pub async fn outbox_ids(&self, status: &str) -> BTreeSet<String> {
        self.outbox(status)
            .await
            .iter()
            .map(|row| format!("{}@schoolbrug", row["id"].as_str().unwrap()))
            .collect()
    }

    pub async fn wait_until_sent(&self, n: usize, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let sent = self.outbox("sent").await.len();
            let waiting = self.outbox("waiting").await.len();
            if sent == n && waiting == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{sent} of {n} rows sent and {waiting} waiting after {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
