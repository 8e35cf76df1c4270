//! Workers: one killed mid-batch loses nothing, two on one database send each row once.

use std::collections::BTreeSet;
use std::time::Duration;

use schoolbrug_tests::Worker;
use schoolbrug_tests::smtp::{SmtpServer, Step};
use serde_json::Value;

use crate::helpers::{arrivals, eventually, forwarded};
use crate::school::School;

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
