//! Helpers of the forwarding tests: running a command as the binary, waiting for a
//! condition, and reading what the SMTP server received.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use reqwest::StatusCode;
use schoolbrug_tests::smtp::{Received, SmtpServer};
use serde_json::{Value, json};

use crate::school::PUBLIC_URL;

pub fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

pub async fn send_as(
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
pub async fn eventually(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Like [`eventually`] for a check that needs to await.
pub async fn eventually_async<F: Future<Output = bool>>(
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
pub fn forwarded(smtp: &SmtpServer) -> Vec<Received> {
    smtp.mails()
        .into_iter()
        .filter(|m| {
            m.message_id()
                .is_some_and(|id| id.ends_with("@schoolbrug") && !id.starts_with("confirm-"))
        })
        .collect()
}

/// How often each `Message-ID` arrived.
pub fn arrivals(mails: &[Received]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for mail in mails {
        *counts.entry(mail.message_id().unwrap()).or_default() += 1;
    }
    counts
}

/// The token in the link of the latest confirmation mail to `address`.
pub fn confirmation_token(smtp: &SmtpServer, address: &str) -> Option<String> {
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
pub fn rcpts_to(smtp: &SmtpServer, address: &str, from: usize) -> usize {
    smtp.commands()
        .iter()
        .skip(from)
        .filter(|c| c.to_ascii_uppercase().starts_with("RCPT TO") && c.contains(address))
        .count()
}
