//! The mail server down, refusing for now (451) or for good (550): every mail arrives
//! once, or fails with the server's answer for the admin.

use std::collections::BTreeSet;
use std::time::Duration;

use reqwest::StatusCode;
use schoolbrug_tests::smtp::{SmtpServer, Step, line};
use serde_json::json;

use crate::helpers::{arrivals, eventually, eventually_async, forwarded, rcpts_to};
use crate::school::School;

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
