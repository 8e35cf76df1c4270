//! Forwarding and the school calendar: outbox rows only for confirmed addresses, free days
//! for admins, the worker signalled when forwards are due.

use super::*;

#[tokio::test]
async fn forwarding_writes_an_outbox_row_only_for_a_confirmed_address() {
    let w = world().await;
    let token = w
        .messaging
        .change_settings(
            &actor(&w.noah_mama),
            schoolbrug_messaging::SettingsChange {
                forward_email: Some("noah.mama@example.org".into()),
                forward_messages: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .expect("a new address needs confirming");
    w.to_parents_of_3a().await;
    let waiting = schoolbrug_messaging::ports::SettingsStore::outbox(
        &*w.store,
        w.noah_mama.school,
        schoolbrug_messaging::model::OutboxStatus::Waiting,
        &PageRequest::first(),
    )
    .await
    .unwrap();
    assert!(
        waiting.items.is_empty(),
        "nothing goes to an unconfirmed address"
    );
    assert!(matches!(
        w.messaging
            .confirm_forward_email(&actor(&w.lotte_mama), token.expose())
            .await,
        Err(MessagingError::InvalidToken)
    ));
    w.messaging
        .confirm_forward_email(&actor(&w.noah_mama), token.expose())
        .await
        .unwrap();
    w.to_parents_of_3a().await;
    let waiting = schoolbrug_messaging::ports::SettingsStore::outbox(
        &*w.store,
        w.noah_mama.school,
        schoolbrug_messaging::model::OutboxStatus::Waiting,
        &PageRequest::first(),
    )
    .await
    .unwrap();
    assert_eq!(waiting.items.len(), 1);
    assert_eq!(waiting.items[0].to, "noah.mama@example.org");
    assert_eq!(waiting.items[0].recipient, w.noah_mama.id);
}

struct CountingSignal(std::sync::atomic::AtomicUsize);

impl schoolbrug_messaging::mailer::OutboxSignal for CountingSignal {
    fn rows_due(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_worker_is_signalled_only_when_a_delivery_wrote_forwards_due_now() {
    let mut w = world().await;
    let signal = Arc::new(CountingSignal(std::sync::atomic::AtomicUsize::new(0)));
    w.messaging = w.messaging.clone().with_outbox_signal(signal.clone());
    let count = || signal.0.load(std::sync::atomic::Ordering::SeqCst);
    w.to_parents_of_3a().await;
    assert_eq!(count(), 0, "nobody forwards yet");
    let token = w
        .messaging
        .change_settings(
            &actor(&w.noah_mama),
            schoolbrug_messaging::SettingsChange {
                forward_email: Some("noah.mama@example.org".into()),
                forward_messages: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
    w.messaging
        .confirm_forward_email(&actor(&w.noah_mama), token.expose())
        .await
        .unwrap();
    w.to_parents_of_3a().await;
    assert_eq!(count(), 1);
}

#[tokio::test]
async fn a_forward_address_is_one_mailbox_and_a_list_or_a_display_name_is_refused() {
    let w = world().await;
    for (raw, code) in [
        ("a@b.c,victim@evil.example", "not_one_address"),
        ("Noah <noah.mama@example.org>", "not_one_address"),
        ("a@b.c victim@evil.example", "invalid"),
        ("\"a\"@example.org", "invalid"),
        ("a@b.c\nBcc: victim@evil.example", "invalid"),
    ] {
        let err = w
            .messaging
            .change_settings(
                &actor(&w.noah_mama),
                schoolbrug_messaging::SettingsChange {
                    forward_email: Some(raw.into()),
                    forward_messages: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            invalid_fields(err),
            [("forward_email".to_owned(), code.to_owned())],
            "{raw:?}"
        );
    }
    let kept = w.messaging.settings(&actor(&w.noah_mama)).await.unwrap();
    assert_eq!(kept.forward_email, None);
}
