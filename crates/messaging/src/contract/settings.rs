//! The `SettingsStore` port: notification settings, confirmed forward addresses, and the outbox as admins list it.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `settings`, `put_settings`.
pub async fn settings_default_and_round_trip<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        NotificationSettings::default()
    );
    let settings = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_email_confirmed: false,
        forward_messages: true,
        notify_news: true,
        push: false,
    };
    store
        .put_settings(w.school.id, w.lotte_mama.id, &settings, None)
        .await
        .unwrap();
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        settings
    );
    let other = world(seed, "b").await;
    assert_eq!(
        store
            .settings(other.school.id, w.lotte_mama.id)
            .await
            .unwrap(),
        NotificationSettings::default()
    );
}

/// `confirm_forward_email`: the right token, in time, for the account's own address.
pub async fn a_forward_address_is_confirmed_by_its_token_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let token = SessionToken::generate();
    let settings = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_messages: true,
        ..Default::default()
    };
    let expires = now() + Duration::days(7);
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &settings,
            Some((token.hash(), expires)),
        )
        .await
        .unwrap();
    let wrong = SessionToken::generate();
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &wrong.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.noah_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), expires)
            .await
            .unwrap()
    );
    assert!(
        !store
            .settings(w.school.id, w.lotte_mama.id)
            .await
            .unwrap()
            .forward_email_confirmed
    );
    assert!(
        store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        store
            .settings(w.school.id, w.lotte_mama.id)
            .await
            .unwrap()
            .forward_email_confirmed
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
}

/// `forward_addresses`: confirmed, forwarding on.
pub async fn only_confirmed_forwarding_addresses_are_returned<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let confirmed = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_email_confirmed: true,
        forward_messages: true,
        ..Default::default()
    };
    let unconfirmed = NotificationSettings {
        forward_email_confirmed: false,
        ..confirmed.clone()
    };
    let off = NotificationSettings {
        forward_messages: false,
        ..confirmed.clone()
    };
    store
        .put_settings(w.school.id, w.lotte_mama.id, &confirmed, None)
        .await
        .unwrap();
    store
        .put_settings(w.school.id, w.lotte_papa.id, &unconfirmed, None)
        .await
        .unwrap();
    store
        .put_settings(w.school.id, w.noah_mama.id, &off, None)
        .await
        .unwrap();
    let found = store
        .forward_addresses(
            w.school.id,
            &[w.lotte_mama.id, w.lotte_papa.id, w.noah_mama.id, w.lotte.id],
        )
        .await
        .unwrap();
    assert_eq!(found, vec![(w.lotte_mama.id, "an@example.org".to_owned())]);
}

/// `forward_addresses`: a school-wide list (more ids than a short list, unknown ids
/// among them) answers the forwarders only, in the order asked for.
pub async fn forward_addresses_of_many_accounts_come_in_the_order_asked<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let forwarding = |to: &str| NotificationSettings {
        forward_email: Some(to.into()),
        forward_email_confirmed: true,
        forward_messages: true,
        ..Default::default()
    };
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &forwarding("mama@example.org"),
            None,
        )
        .await
        .unwrap();
    store
        .put_settings(
            w.school.id,
            w.lotte_papa.id,
            &forwarding("papa@example.org"),
            None,
        )
        .await
        .unwrap();
    store
        .put_settings(
            other.school.id,
            other.noah_mama.id,
            &forwarding("b@example.org"),
            None,
        )
        .await
        .unwrap();
    for asked in [10, 1_000] {
        let mut ids: Vec<AccountId> = (0..asked).map(|_| AccountId::new()).collect();
        ids.insert(asked / 3, w.lotte_papa.id);
        ids.insert(asked / 2, other.noah_mama.id);
        ids.push(w.lotte_mama.id);
        let found = store.forward_addresses(w.school.id, &ids).await.unwrap();
        assert_eq!(
            found,
            vec![
                (w.lotte_papa.id, "papa@example.org".to_owned()),
                (w.lotte_mama.id, "mama@example.org".to_owned()),
            ],
            "asking about {asked} accounts"
        );
    }
}

/// `outbox`: rows written by `deliver`, by status.
pub async fn delivered_outbox_rows_are_listed_by_status<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    let row = OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::Message(d.message.id),
        recipient: w.lotte_mama.id,
        to: "an@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    };
    d.outbox.push(row.clone());
    store.deliver(&d.build()).await.unwrap();
    let waiting = store
        .outbox(w.school.id, OutboxStatus::Waiting, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(waiting.items, vec![row]);
    assert!(
        store
            .outbox(w.school.id, OutboxStatus::Sent, &PageRequest::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let other = world(seed, "b").await;
    assert!(
        store
            .outbox(
                other.school.id,
                OutboxStatus::Waiting,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

fn three_an_hour() -> MailAllowance {
    MailAllowance {
        mails: 3,
        window: Duration::hours(1),
    }
}

fn forwarding_to(address: &str) -> NotificationSettings {
    NotificationSettings {
        forward_email: Some(address.into()),
        forward_messages: true,
        ..Default::default()
    }
}

/// `put_settings_counting_mail`: saves and counts up to the allowance; past it nothing is
/// saved and the answer says when the window closes; a new window counts again; each
/// account has its own count.
pub async fn confirmation_mails_are_counted_up_to_the_allowance_per_window<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let expires = now() + Duration::days(7);
    let tokens: Vec<SessionToken> = (0..3).map(|_| SessionToken::generate()).collect();
    for (i, minutes) in [0, 10, 59].into_iter().enumerate() {
        let counted = store
            .put_settings_counting_mail(
                w.school.id,
                w.lotte_mama.id,
                &forwarding_to(&format!("{i}@example.org")),
                (tokens[i].hash(), expires),
                now() + Duration::minutes(minutes),
                three_an_hour(),
            )
            .await
            .unwrap();
        assert_eq!(counted, MailCounted::Counted, "mail {i}");
    }
    let refused = store
        .put_settings_counting_mail(
            w.school.id,
            w.lotte_mama.id,
            &forwarding_to("refused@example.org"),
            (SessionToken::generate().hash(), expires),
            now() + Duration::minutes(59) + Duration::seconds(59),
            three_an_hour(),
        )
        .await
        .unwrap();
    assert_eq!(
        refused,
        MailCounted::Refused {
            until: now() + Duration::hours(1)
        }
    );
    let saved = store.settings(w.school.id, w.lotte_mama.id).await.unwrap();
    assert_eq!(saved.forward_email.as_deref(), Some("2@example.org"));
    assert!(!saved.forward_email_confirmed);
    // The refused call replaced no token: the last counted one still confirms.
    assert!(
        store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &tokens[2].hash(), now())
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .put_settings_counting_mail(
                w.school.id,
                w.lotte_papa.id,
                &forwarding_to("papa@example.org"),
                (SessionToken::generate().hash(), expires),
                now(),
                three_an_hour(),
            )
            .await
            .unwrap(),
        MailCounted::Counted,
        "another account has its own count"
    );
    let next = SessionToken::generate();
    assert_eq!(
        store
            .put_settings_counting_mail(
                w.school.id,
                w.lotte_mama.id,
                &forwarding_to("later@example.org"),
                (next.hash(), expires),
                now() + Duration::hours(1),
                three_an_hour(),
            )
            .await
            .unwrap(),
        MailCounted::Counted,
        "the window closed"
    );
    let saved = store.settings(w.school.id, w.lotte_mama.id).await.unwrap();
    assert_eq!(saved.forward_email.as_deref(), Some("later@example.org"));
    assert!(
        !saved.forward_email_confirmed,
        "a counted save is unconfirmed"
    );
}

/// `put_settings_counting_mail`: twenty saves released together (one task polling them
/// all, so on a database their statements run at once) count exactly the allowance.
pub async fn parallel_saves_count_no_more_mails_than_the_allowance<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let arrived = std::sync::atomic::AtomicUsize::new(0);
    let expires = now() + Duration::days(7);
    let saves = (0..20).map(|i| {
        let arrived = &arrived;
        let settings = forwarding_to(&format!("{i}@example.org"));
        async move {
            all_arrive(arrived, 20).await;
            store
                .put_settings_counting_mail(
                    w.school.id,
                    w.lotte_mama.id,
                    &settings,
                    (SessionToken::generate().hash(), expires),
                    now(),
                    three_an_hour(),
                )
                .await
                .unwrap()
        }
    });
    let counted = join_all(saves)
        .await
        .into_iter()
        .filter(|c| *c == MailCounted::Counted)
        .count();
    assert_eq!(counted, 3);
}

/// Waits until `n` futures polled together on one task (by `join_all`) have arrived, so
/// that their requests leave together; the last one wakes the task for the others.
async fn all_arrive(arrived: &std::sync::atomic::AtomicUsize, n: usize) {
    use std::sync::atomic::Ordering;
    use std::task::Poll;
    let last = arrived.fetch_add(1, Ordering::SeqCst) + 1 == n;
    std::future::poll_fn(|cx| {
        if arrived.load(Ordering::SeqCst) >= n {
            if last {
                cx.waker().wake_by_ref();
            }
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}
