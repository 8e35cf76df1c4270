//! Failed mail: a temporary failure retried, a permanent one failed with the server's
//! answer, giving up after the last attempt, sent rows leaving the outbox, a row whose copy
//! is gone.

use super::*;

#[tokio::test]
async fn a_temporary_failure_is_retried_once_and_the_mail_is_sent_once() {
    let w = world().await;
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                subject: "Oudercontact".into(),
                body: "Graag een afspraak.".into(),
                to: vec![Recipient::Account(w.parents[0].id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let mailer = RecordingMailer::answering(vec![Err(MailError::Temporary(
        "451 4.3.0 try again later".into(),
    ))]);
    let forwarder = w.forwarder(mailer.clone());

    let first = forwarder.run_once().await.unwrap();
    assert_eq!((first.claimed, first.retried, first.sent), (1, 1, 0));
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert_eq!(
        waiting[0].last_error.as_deref(),
        Some("451 4.3.0 try again later")
    );
    assert_eq!(
        waiting[0].next_attempt_at,
        tuesday_morning() + Duration::seconds(30),
        "the first backoff ceiling, with all of it as jitter"
    );
    assert!(forwarder.run_once().await.unwrap().is_idle(), "not yet due");

    w.clock.advance(Duration::seconds(30));
    let second = forwarder.run_once().await.unwrap();
    assert_eq!(second.sent, 1);
    let handed = mailer.handed();
    assert_eq!(handed.len(), 2, "tried twice");
    assert_eq!(
        handed[0].message_id, handed[1].message_id,
        "a stable Message-ID"
    );
    assert_eq!(mailer.accepted().len(), 1, "sent once");
    let sent = w.rows(OutboxStatus::Sent).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].attempts, 2);
    assert_eq!(sent[0].last_error, None);
    w.clock.advance(Duration::days(1));
    assert!(forwarder.run_once().await.unwrap().is_idle());
}

#[tokio::test]
async fn a_permanent_failure_fails_the_row_with_the_servers_answer_and_is_never_retried() {
    let w = world().await;
    w.to_second_parent().await;
    let mailer = RecordingMailer::always_failing(MailError::Permanent(
        "550 5.1.1 mailbox unavailable".into(),
    ));
    let forwarder = w.forwarder(mailer.clone());
    let report = forwarder.run_once().await.unwrap();
    assert_eq!((report.failed, report.retried, report.sent), (1, 0, 0));
    let failed = w.rows(OutboxStatus::Failed).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].last_error.as_deref(),
        Some("550 5.1.1 mailbox unavailable")
    );
    assert_eq!(failed[0].attempts, 1);
    w.clock.advance(Duration::days(3));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    assert_eq!(mailer.handed().len(), 1, "never tried again");
}

#[tokio::test]
async fn sent_rows_leave_the_outbox_after_the_keeping_time_and_failed_ones_stay() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let sent_by = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(sent_by);
    assert!(forwarder.run_once().await.unwrap().sent > 0);
    let sent = w.rows(OutboxStatus::Sent).await.len();
    // A mail that fails for good stays for the admins, however old.
    w.to_second_parent().await;
    let refused = RecordingMailer::always_failing(MailError::Permanent("550 no".into()));
    w.forwarder(refused).run_once().await.unwrap();
    assert_eq!(w.rows(OutboxStatus::Failed).await.len(), 1);

    w.clock.advance(Duration::days(29));
    assert_eq!(forwarder.purge_sent().await.unwrap(), 0, "kept 30 days");
    assert_eq!(w.rows(OutboxStatus::Sent).await.len(), sent);
    w.clock.advance(Duration::days(2));
    assert_eq!(forwarder.purge_sent().await.unwrap(), sent as u64);
    assert!(w.rows(OutboxStatus::Sent).await.is_empty());
    assert_eq!(w.rows(OutboxStatus::Failed).await.len(), 1);
}

#[tokio::test]
async fn temporary_failures_give_up_after_the_last_attempt_with_the_last_answer() {
    let w = world().await;
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                subject: "Oudercontact".into(),
                body: "Graag een afspraak.".into(),
                to: vec![Recipient::Account(w.parents[2].id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let mailer = RecordingMailer::always_failing(MailError::Temporary("421 busy".into()));
    let settings = ForwarderSettings {
        max_attempts: 3,
        ..ForwarderSettings::new(BASE_URL)
    };
    let forwarder = w.forwarder_with(mailer.clone(), settings);
    let mut waits = Vec::new();
    for _ in 0..3 {
        let before = w.clock.now();
        forwarder.run_once().await.unwrap();
        if let Some(row) = w.rows(OutboxStatus::Waiting).await.first() {
            waits.push(row.next_attempt_at - before);
            w.clock.set(row.next_attempt_at);
        }
    }
    assert_eq!(waits, vec![Duration::seconds(30), Duration::seconds(60)]);
    let failed = w.rows(OutboxStatus::Failed).await;
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 3);
    assert_eq!(
        failed[0].last_error.as_deref(),
        Some("421 busy (gave up after 3 attempts)")
    );
    assert_eq!(mailer.handed().len(), 3);
}

#[tokio::test]
async fn a_row_whose_copy_is_gone_fails_as_recipient_erased_without_a_mail() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    // A reader in which no copy exists any more (account erased, copy deleted).
    let empty = Arc::new(InMemoryMessageStore::new(w.directory.clone()));
    let mailer = RecordingMailer::answering(Vec::new());
    let full: Arc<dyn Jitter> = Arc::new(|max: u64| max);
    let forwarder = Forwarder::new(
        w.store.clone(),
        empty,
        mailer.clone(),
        w.clock.clone(),
        ForwarderSettings::new(BASE_URL),
    )
    .with_jitter(full);
    assert_eq!(forwarder.run_once().await.unwrap().failed, 3);
    assert!(mailer.handed().is_empty());
    for row in w.rows(OutboxStatus::Failed).await {
        assert_eq!(row.last_error.as_deref(), Some("recipient erased"));
    }
}
