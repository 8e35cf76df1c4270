//! Quiet hours: mail waits until they end (retries too), urgent messages go at once, only
//! admins set them.

use super::*;

#[tokio::test]
async fn a_message_at_nine_on_a_tuesday_evening_waits_until_seven_on_wednesday() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    w.to_parents("Morgen geen zwemles", false).await;
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting.len(), 3);
    for row in &waiting {
        assert_eq!(row.next_attempt_at, brussels(2026, 9, 2, 7, 0));
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());

    w.clock.set(brussels(2026, 9, 1, 21, 5));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    w.clock.set(brussels(2026, 9, 2, 6, 59));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    assert!(mailer.handed().is_empty(), "nothing in quiet hours");

    w.clock.set(brussels(2026, 9, 2, 7, 0));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
    assert_eq!(mailer.accepted().len(), 3);
}

#[tokio::test]
async fn a_message_on_a_friday_evening_waits_until_monday_seven_when_weekends_are_quiet() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 4, 21, 0));
    w.to_parents("Maandag sportdag", false).await;
    for row in w.rows(OutboxStatus::Waiting).await {
        assert_eq!(row.next_attempt_at, brussels(2026, 9, 7, 7, 0));
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    w.clock.set(brussels(2026, 9, 5, 10, 0));
    assert!(
        forwarder.run_once().await.unwrap().is_idle(),
        "Saturday is quiet"
    );
    w.clock.set(brussels(2026, 9, 7, 7, 0));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
}

#[tokio::test]
async fn an_urgent_message_is_forwarded_at_once_in_quiet_hours_and_recorded_in_the_audit_log() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    w.to_parents("Gewone mededeling", false).await;
    let urgent = w.to_parents("School morgen gesloten", true).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let report = w.forwarder(mailer.clone()).run_once().await.unwrap();
    assert_eq!(report.sent, 3, "only the urgent message goes now");
    assert!(
        mailer
            .accepted()
            .iter()
            .all(|m| m.subject == "School morgen gesloten")
    );
    assert!(mailer.accepted()[0].text.contains("Dringend bericht."));
    let events = w
        .audit
        .events(w.school, None, &PageRequest::first())
        .await
        .unwrap()
        .items;
    let urgent_events: Vec<_> = events
        .iter()
        .filter(|e| e.kind == URGENT_MESSAGE_SENT)
        .collect();
    assert_eq!(urgent_events.len(), 1, "the urgent message only: {urgent}");
    assert_eq!(urgent_events[0].account, Some(w.teacher.id));
    assert_eq!(urgent_events[0].actor, Some(w.teacher.id));
    assert_eq!(urgent_events[0].at, brussels(2026, 9, 1, 21, 0));
    assert_eq!(URGENT_MESSAGE_SENT.as_str(), "urgent_message_sent");
}

#[tokio::test]
async fn a_retry_that_would_fall_in_quiet_hours_waits_until_they_end() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.clock
        .set(brussels(2026, 9, 1, 19, 59) + Duration::seconds(50));
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
    let mailer = RecordingMailer::answering(vec![Err(MailError::Temporary("451 later".into()))]);
    let forwarder = w
        .forwarder(mailer.clone())
        .with_quiet_hours(w.store.clone(), w.store.clone());
    assert_eq!(forwarder.run_once().await.unwrap().retried, 1);
    let waiting = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(waiting[0].next_attempt_at, brussels(2026, 9, 2, 7, 0));
}

#[tokio::test]
async fn only_admins_read_and_set_quiet_hours_and_a_window_needs_a_length_in_whole_minutes() {
    let w = world().await;
    let evenings = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        weekends: true,
        free_days: true,
    };
    for someone in [&w.teacher, &w.parents[0]] {
        assert!(matches!(
            w.messaging.quiet_hours(&actor(someone)).await,
            Err(MessagingError::NotFound)
        ));
        assert!(matches!(
            w.messaging
                .set_quiet_hours(&actor(someone), Some(evenings))
                .await,
            Err(MessagingError::NotFound)
        ));
    }
    let admin = actor(&w.admin);
    assert_eq!(w.messaging.quiet_hours(&admin).await.unwrap(), None);
    w.messaging
        .set_quiet_hours(&admin, Some(evenings))
        .await
        .unwrap();
    assert_eq!(
        w.messaging.quiet_hours(&admin).await.unwrap(),
        Some(evenings)
    );
    let empty = QuietHours {
        end: evenings.start,
        ..evenings
    };
    let seconds = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 30).unwrap(),
        ..evenings
    };
    for (bad, field, code) in [
        (empty, "end", "same_as_start"),
        (seconds, "start", "not_whole_minute"),
    ] {
        match w.messaging.set_quiet_hours(&admin, Some(bad)).await {
            Err(MessagingError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(
                    (errors[0].field.as_str(), errors[0].code.as_str()),
                    (field, code)
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    w.messaging.set_quiet_hours(&admin, None).await.unwrap();
    assert_eq!(w.messaging.quiet_hours(&admin).await.unwrap(), None);
}
