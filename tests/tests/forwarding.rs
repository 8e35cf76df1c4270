//! Forwarding by e-mail, end to end: the real binary (`serve`, and `schoolbrug worker`) on
//! PostgreSQL sends to a real SMTP server on loopback (`schoolbrug_tests::smtp`), which
//! the tests take down, bring back, script (451, 550) and slow down.
//!
//! Retries are made fast with the test setting `SCHOOLBRUG_FORWARD_RETRY_BASE_MS` (the
//! backoff keeps its doubling and jitter) and idle workers look often with
//! `SCHOOLBRUG_FORWARD_POLL_MS`; a `serve` whose worker must not take part runs without
//! it (`SCHOOLBRUG_SERVE_FORWARDING=false`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use reqwest::StatusCode;
use schoolbrug_tests::smtp::{Received, SmtpServer, Step, line};
use schoolbrug_tests::{PgDatabase, Server, Worker, run};
use serde_json::{Value, json};

const PASSWORD: &str = "paarse olifant danst op het dak";
const PUBLIC_URL: &str = "https://sint-jan.schoolbrug.example";
const MAIL_FROM: &str = "berichten@sint-jan.example";
/// The teacher, as the sender's name of forwarded mail.
const TEACHER: (&str, &str) = ("Elsbeth", "Claeskens");
/// A first and a last name.
type Name = (&'static str, &'static str);
/// Parents and their children: every name unusual enough that finding it in a mail means
/// it was put there.
const FAMILIES: [(Name, Name); 3] = [
    (("Annelies", "Verhaegen"), ("Jasper", "Vermeulen")),
    (("Berthold", "Wauterickx"), ("Lieselot", "Goossens")),
    (("Cornelia", "Dierckxsens"), ("Robrecht", "Vandamme")),
];

/// One co-account, signed in.
struct Parent {
    id: String,
    username: String,
    first: String,
    last: String,
    child_first: String,
    child_last: String,
    email: String,
    token: String,
}

/// A school on a fresh PostgreSQL database, served by the real binary mailing through
/// `smtp`: an admin, a teacher, and class 3A with one child per parent.
struct School {
    db: PgDatabase,
    server: Server,
    env: Vec<(String, String)>,
    http: reqwest::Client,
    admin: String,
    teacher: String,
    class: String,
    parents: Vec<Parent>,
}

impl School {
    /// The environment of every `schoolbrug` process of this school; `serve_extra` only
    /// for `serve`.
    async fn open(smtp: &SmtpServer, parents: usize, serve_extra: &[(&str, &str)]) -> Self {
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

    fn base(&self) -> String {
        self.server.base()
    }

    fn env(&self) -> Vec<(&str, &str)> {
        pairs(&self.env)
    }

    async fn set_password_and_sign_in(&self, username: &str, code: &str) -> String {
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

    async fn admin_post(&self, path: &str, body: &Value) -> Value {
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

    async fn create_account(&self, body: Value) -> String {
        self.admin_post("/api/v1/admin/accounts", &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A one-time code for the account, a password with it, and a session.
    async fn activate(&self, username: &str, id: &str) -> String {
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
    async fn ask_forwarding(&self, parent: &Parent) {
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
    async fn confirm_forwarding(&self, smtp: &SmtpServer, parent: &Parent) {
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

    async fn forward_on(&self, smtp: &SmtpServer, parent: usize) {
        self.ask_forwarding(&self.parents[parent]).await;
        self.confirm_forwarding(smtp, &self.parents[parent]).await;
    }

    /// The teacher sends a message; its id.
    async fn send(&self, subject: &str, body: &str, to: Value) -> String {
        send_as(&self.http, &self.base(), &self.teacher, subject, body, to).await
    }

    /// `n` messages from the teacher to parent 0, ten at a time.
    async fn send_many(&self, n: usize) -> Vec<String> {
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
    async fn outbox(&self, status: &str) -> Vec<Value> {
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
    async fn outbox_ids(&self, status: &str) -> BTreeSet<String> {
        self.outbox(status)
            .await
            .iter()
            .map(|row| format!("{}@schoolbrug", row["id"].as_str().unwrap()))
            .collect()
    }

    async fn wait_until_sent(&self, n: usize, within: Duration) {
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

fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn send_as(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    subject: &str,
    body: &str,
    to: Value,
) -> String {
    let response = http
        .post(format!("{base}/api/v1/messages"))
        .bearer_auth(token)
        .json(&json!({ "subject": subject, "body": body, "to": to }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let sent: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    sent["id"].as_str().unwrap().to_owned()
}

/// Polls `check` until it holds, failing the test after `within`.
async fn eventually(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Like [`eventually`] for a check that needs to await.
async fn eventually_async<F: Future<Output = bool>>(
    what: &str,
    within: Duration,
    mut check: impl FnMut() -> F,
) {
    let deadline = Instant::now() + within;
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The forwarded mails the server accepted (not the confirmation mails), in order.
fn forwarded(smtp: &SmtpServer) -> Vec<Received> {
    smtp.mails()
        .into_iter()
        .filter(|m| {
            m.message_id()
                .is_some_and(|id| id.ends_with("@schoolbrug") && !id.starts_with("confirm-"))
        })
        .collect()
}

/// How often each `Message-ID` arrived.
fn arrivals(mails: &[Received]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for mail in mails {
        *counts.entry(mail.message_id().unwrap()).or_default() += 1;
    }
    counts
}

/// The token in the link of the latest confirmation mail to `address`.
fn confirmation_token(smtp: &SmtpServer, address: &str) -> Option<String> {
    let mail = smtp.mails().into_iter().rev().find(|m| {
        m.rcpt_to == [address] && m.message_id().is_some_and(|id| id.starts_with("confirm-"))
    })?;
    let parsed = MessageParser::default().parse(&mail.data)?;
    let text = parsed.body_text(0)?.into_owned();
    let link = format!("{PUBLIC_URL}/settings/notifications/confirm?token=");
    let start = text.find(&link)? + link.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then_some(token)
}

/// How many `RCPT TO` commands for `address` the server got from command `from` on.
fn rcpts_to(smtp: &SmtpServer, address: &str, from: usize) -> usize {
    smtp.commands()
        .iter()
        .skip(from)
        .filter(|c| c.to_ascii_uppercase().starts_with("RCPT TO") && c.contains(address))
        .count()
}

#[tokio::test]
async fn a_parent_gets_one_mail_per_message_from_the_teacher_and_nothing_of_the_other_parents() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 3, &[]).await;
    let to_class = json!([{ "group": school.class, "audience": "co_accounts" }]);

    // Every parent asks for forwarding; the addresses are not confirmed yet.
    for parent in &school.parents {
        school.ask_forwarding(parent).await;
    }
    eventually("three confirmation mails", Duration::from_secs(10), || {
        smtp.mails().len() == 3
    })
    .await;
    let early = school
        .send("Vooraf", "Dit gaat niet per e-mail.", to_class.clone())
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        forwarded(&smtp).is_empty(),
        "nothing is forwarded to an unconfirmed address"
    );
    for status in ["waiting", "sent", "failed"] {
        assert!(
            school.outbox(status).await.is_empty(),
            "no {status} row for an unconfirmed address"
        );
    }

    // They confirm; the teacher writes to the parents of 3A.
    for parent in &school.parents {
        school.confirm_forwarding(&smtp, parent).await;
    }
    let subject = "Zwemles vrijdag";
    let body = "Beste ouders,\n\nVergeet de zwemzak niet.\nTot vrijdag!";
    let message = school.send(subject, body, to_class).await;
    eventually("three forwarded mails", Duration::from_secs(15), || {
        forwarded(&smtp).len() == 3
    })
    .await;
    school.wait_until_sent(3, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = forwarded(&smtp);
    assert_eq!(mails.len(), 3, "one mail per parent, none twice");
    assert_eq!(
        arrivals(&mails).keys().cloned().collect::<BTreeSet<_>>(),
        school.outbox_ids("sent").await,
        "the Message-ID of each mail is its outbox row's"
    );

    let link = format!("{PUBLIC_URL}/messages/{message}");
    for parent in &school.parents {
        let mine: Vec<&Received> = mails
            .iter()
            .filter(|m| m.rcpt_to.contains(&parent.email))
            .collect();
        assert_eq!(mine.len(), 1, "{} gets exactly one mail", parent.email);
        let mail = mine[0];
        assert_eq!(mail.rcpt_to, [parent.email.as_str()], "one recipient each");
        assert_eq!(mail.mail_from, MAIL_FROM);

        let parsed = MessageParser::default().parse(&mail.data).unwrap();
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(
            from.name(),
            Some(format!("{} {}", TEACHER.0, TEACHER.1).as_str()),
            "the teacher's name as sender name"
        );
        assert_eq!(from.address(), Some(MAIL_FROM));
        let to: Vec<_> = parsed.to().unwrap().iter().collect();
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].address(), Some(parent.email.as_str()));
        assert!(parsed.cc().is_none() && parsed.bcc().is_none());
        assert_eq!(parsed.subject(), Some(subject));
        let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
        assert!(text.contains(body), "the text: {text}");
        assert!(text.contains(&link), "the link {link}: {text}");
        let html = parsed.body_html(0).unwrap();
        assert!(html.contains("Vergeet de zwemzak niet."), "{html}");
        assert!(html.contains(&link), "{html}");
        assert!(
            !text.contains(&early) && !html.contains(&early),
            "the message sent before confirmation is not in it"
        );

        // Nothing of the other parents: not their address, not their name, not their
        // child's, not in the raw mail nor in any decoded part.
        let raw = mail.raw();
        let decoded = format!("{text}\n{html}\n{:?}", parsed.headers());
        for other in school.parents.iter().filter(|p| p.id != parent.id) {
            for secret in [
                &other.email,
                &other.username,
                &other.first,
                &other.last,
                &other.child_first,
                &other.child_last,
            ] {
                assert!(
                    !raw.contains(secret.as_str()),
                    "{secret} is in the raw mail to {}:\n{raw}",
                    parent.email
                );
                assert!(
                    !decoded.contains(secret.as_str()),
                    "{secret} is in the mail to {}:\n{decoded}",
                    parent.email
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_mails_queued_while_the_server_is_down_all_arrive_once_when_it_is_back() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 1, &[]).await;
    school.forward_on(&smtp, 0).await;

    // The mail server goes away; 100 messages are delivered meanwhile.
    smtp.down();
    let messages = school.send_many(100).await;
    assert_eq!(messages.len(), 100);
    eventually_async(
        "every row tried and retried while the server is down",
        Duration::from_secs(15),
        || async {
            let waiting = school.outbox("waiting").await;
            waiting.len() == 100
                && waiting.iter().all(|r| r["attempts"].as_u64() >= Some(1))
                && waiting.iter().any(|r| r["attempts"].as_u64() >= Some(3))
        },
    )
    .await;
    let waiting = school.outbox("waiting").await;
    assert!(
        waiting.iter().all(|r| r["last_error"].as_str().is_some()),
        "each waiting row shows why: {}",
        waiting[0]
    );
    assert!(forwarded(&smtp).is_empty());
    assert!(school.outbox("failed").await.is_empty());

    // It comes back on the same port: everything arrives, once.
    smtp.up();
    school.wait_until_sent(100, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let mails = forwarded(&smtp);
    let counts = arrivals(&mails);
    assert_eq!(counts.len(), 100, "all 100 arrived");
    assert_eq!(mails.len(), 100, "none twice: {counts:?}");
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        school.outbox_ids("sent").await
    );
    assert!(school.outbox("failed").await.is_empty());
}

#[tokio::test]
async fn a_451_is_retried_and_the_mail_arrives_once() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 1, &[]).await;
    school.forward_on(&smtp, 0).await;
    let address = school.parents[0].email.clone();

    let before = smtp.commands().len();
    smtp.script(
        Step::Rcpt,
        [line("451 4.3.0 Mailbox busy, try again later")],
    );
    school
        .send(
            "Oudercontact",
            "Kies een moment.",
            json!([{ "account": school.parents[0].id }]),
        )
        .await;

    eventually("the retried mail", Duration::from_secs(15), || {
        forwarded(&smtp).len() == 1
    })
    .await;
    school.wait_until_sent(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(forwarded(&smtp).len(), 1, "it arrives once");
    assert_eq!(
        rcpts_to(&smtp, &address, before),
        2,
        "one refused try, one accepted"
    );
    let sent = school.outbox("sent").await;
    assert_eq!(sent[0]["attempts"], 2, "{}", sent[0]);
    assert!(school.outbox("failed").await.is_empty());
}

#[tokio::test]
async fn a_550_fails_for_good_with_the_servers_answer_for_the_admin_and_is_not_retried() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 1, &[]).await;
    school.forward_on(&smtp, 0).await;
    let address = school.parents[0].email.clone();

    let before = smtp.commands().len();
    smtp.script(Step::Rcpt, [line("550 5.1.1 Mailbox does not exist here")]);
    school
        .send(
            "Oudercontact",
            "Kies een moment.",
            json!([{ "account": school.parents[0].id }]),
        )
        .await;

    eventually_async(
        "the row failed for good",
        Duration::from_secs(15),
        || async { school.outbox("failed").await.len() == 1 },
    )
    .await;
    let failed = school.outbox("failed").await;
    let answer = failed[0]["last_error"].as_str().unwrap();
    assert!(
        answer.contains("550") && answer.contains("Mailbox does not exist here"),
        "the server's answer: {answer}"
    );
    assert_eq!(failed[0]["attempts"], 1);
    assert!(failed[0]["finished_at"].is_string());

    // Not retried: ample time for several retries at the test backoff.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(rcpts_to(&smtp, &address, before), 1, "tried once only");
    assert!(forwarded(&smtp).is_empty());
    assert_eq!(school.outbox("failed").await, failed, "unchanged");
    assert!(school.outbox("waiting").await.is_empty());
    assert!(school.outbox("sent").await.is_empty());

    // Only the admin sees the queue.
    let teacher = school
        .http
        .get(format!(
            "{}/api/v1/admin/outbox?status=failed",
            school.base()
        ))
        .bearer_auth(&school.teacher)
        .send()
        .await
        .unwrap();
    assert_eq!(teacher.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_batch_loses_nothing_and_sends_only_the_mail_in_flight_twice() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 1, &[("SCHOOLBRUG_SERVE_FORWARDING", "false")]).await;
    school.forward_on(&smtp, 0).await;

    // 20 rows wait; a worker claims them in one batch and sends them to a server that
    // is slow to confirm each mail.
    school.send_many(20).await;
    assert_eq!(school.outbox("waiting").await.len(), 20);
    smtp.delay(Step::EndOfData, Duration::from_millis(500));
    let env = school.env();
    let first = Worker::start(&env);
    eventually(
        "five mails accepted and the next one in flight",
        Duration::from_secs(20),
        || smtp.delaying() == 1 && forwarded(&smtp).len() >= 6,
    )
    .await;
    let before_kill = forwarded(&smtp);
    first.kill();
    let in_flight = before_kill.last().unwrap().message_id().unwrap();
    let sent_before = school.outbox_ids("sent").await;
    assert_eq!(
        sent_before.len(),
        before_kill.len() - 1,
        "every mail but the one in flight is recorded as sent"
    );
    assert!(!sent_before.contains(&in_flight));
    assert_eq!(school.outbox("waiting").await.len(), 20 - sent_before.len());

    // A new worker does not touch the rows the dead one still holds.
    smtp.delay(Step::EndOfData, Duration::ZERO);
    let second = Worker::start(&env);
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(
        forwarded(&smtp).len(),
        before_kill.len(),
        "no row is taken from a worker before its lease ends"
    );

    // Its lease (five minutes) runs out: moved forward here rather than waited for.
    let released = school.db.query(
        "WITH r AS (UPDATE outbox SET leased_until = now() - interval '1 second' \
         WHERE status = 'waiting' AND leased_until > now() RETURNING 1) SELECT count(*) FROM r",
    );
    assert_eq!(released, (20 - sent_before.len()).to_string());
    school.wait_until_sent(20, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mails = forwarded(&smtp);
    let counts = arrivals(&mails);
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        school.outbox_ids("sent").await,
        "nothing lost"
    );
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert_eq!(
        twice,
        [(&in_flight, &2)],
        "only the mail in flight went twice, with the same Message-ID"
    );
    assert_eq!(mails.len(), 21);
    assert!(second.terminate().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_one_postgresql_send_every_row_exactly_once() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 1, &[("SCHOOLBRUG_SERVE_FORWARDING", "false")]).await;
    school.forward_on(&smtp, 0).await;
    school.send_many(200).await;
    assert_eq!(school.outbox("waiting").await.len(), 200);

    // Two `schoolbrug worker`s start at once (serve's own worker looks again only in
    // ten minutes), on a server slow enough that every batch takes a while.
    smtp.delay(Step::EndOfData, Duration::from_millis(25));
    let mut env = school.env();
    env.push(("SCHOOLBRUG_LOG_FORMAT", "json"));
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Worker::start(&env));
        let b = s.spawn(|| Worker::start(&env));
        (a.join().unwrap(), b.join().unwrap())
    });

    school.wait_until_sent(200, Duration::from_secs(25)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = forwarded(&smtp);
    let counts = arrivals(&mails);
    assert_eq!(counts.len(), 200, "every row sent");
    assert_eq!(mails.len(), 200, "none twice");
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        school.outbox_ids("sent").await
    );
    assert!(
        school
            .outbox("sent")
            .await
            .iter()
            .all(|r| r["attempts"] == 1),
        "each row handed to the server once"
    );

    // Both took part, and together they recorded each row once.
    let mut by_worker = Vec::new();
    for worker in [a, b] {
        let sent: u64 = worker
            .log()
            .iter()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|l| l["fields"]["message"] == "forwarded a batch")
            .map(|l| l["fields"]["sent"].as_u64().unwrap())
            .sum();
        by_worker.push(sent);
        assert!(worker.terminate().success());
    }
    assert!(by_worker.iter().all(|n| *n > 0), "both sent: {by_worker:?}");
    assert_eq!(by_worker.iter().sum::<u64>(), 200, "{by_worker:?}");
}
