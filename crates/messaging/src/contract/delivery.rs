//! The `MessageStore` port: deliveries (all or nothing, only what the domain allows), receipts, replies, trash, misdirected reports and erasure.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `deliver` + `received`: each recipient has its copy; nobody else has one.
pub async fn a_delivered_message_is_received_by_each_recipient_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "Vrijdag naar het zwembad",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    let got = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message, d.message);
    assert_eq!(got.copy, d.copies[0]);
    assert!(
        store
            .received(w.school.id, w.lotte.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    let other = world(seed, "b").await;
    assert!(
        store
            .received(other.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `deliver`: copies and outbox rows in different states (named and blind, read and
/// unread, other due times, other subjects and attempts) each come back as written, not
/// mixed up with another row's (adapters may pass what rows share once).
pub async fn every_copy_and_outbox_row_of_a_delivery_keeps_its_own_state<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.lotte_papa, &w.noah_mama, &w.lotte],
        "Uitstap",
        "x",
        now(),
    );
    d.copies[0].via = Via::Named;
    d.copies[1].via = Via::Group(GroupLabel::Role {
        role: Role::Teacher,
    });
    d.copies[1].read_at = Some(now() + Duration::minutes(5));
    d.copies[2].reply_due_at = None;
    d.copies[3].trashed_at = Some(now() + Duration::minutes(7));
    let row = |recipient: &Person, subject: &str, attempts: u32, due: DateTime<Utc>| OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::Message(d.message.id),
        recipient: recipient.id,
        to: format!("{}@example.org", recipient.username.as_str()),
        subject: subject.into(),
        status: OutboxStatus::Waiting,
        attempts,
        last_error: (attempts > 0).then(|| "451 try later".to_owned()),
        next_attempt_at: due,
        created_at: now(),
    };
    d.outbox = vec![
        row(&w.lotte_mama, "Uitstap", 0, now()),
        row(&w.lotte_papa, "Uitstap", 2, now() + Duration::hours(1)),
        row(&w.noah_mama, "Uitstap (2)", 0, now()),
    ];
    store.deliver(&d.build()).await.unwrap();
    for copy in &d.copies {
        let got = store
            .received(w.school.id, copy.recipient, d.message.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&got.copy, copy);
    }
    for row in &d.outbox {
        assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(row));
    }
}

/// `MessageStore::deliver`: what the domain forbids (a copy or an outbox row of another
/// message or school) is refused by the store too, and nothing of it is written.
pub async fn a_delivery_holding_another_message_s_copy_is_refused_and_writes_nothing<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let first = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    let mut stray = delivery(&w, &w.teacher, &[&w.noah_mama], "Zwemmen", "y", now());
    stray.copies.push(Copy {
        recipient: w.lotte_papa.id,
        ..first.copies[0].clone()
    });
    assert_eq!(stray.try_build(), Err(DeliveryError::AnotherMessage));
    assert!(store.deliver(&stray.build_unchecked()).await.is_err());

    let mut elsewhere = delivery(&w, &w.teacher, &[&w.noah_mama], "Zwemmen", "y", now());
    elsewhere.copies[0].school = other.school.id;
    elsewhere.copies[0].recipient = other.noah_mama.id;
    assert_eq!(elsewhere.try_build(), Err(DeliveryError::AnotherMessage));
    assert!(store.deliver(&elsewhere.build_unchecked()).await.is_err());

    for (school, account) in [
        (w.school.id, w.noah_mama.id),
        (w.school.id, w.lotte_papa.id),
        (other.school.id, other.noah_mama.id),
    ] {
        let page = store
            .folder(school, account, Folder::Inbox, None, &PageRequest::first())
            .await
            .unwrap();
        assert!(page.items.is_empty(), "{account} got a stray copy");
    }
    assert!(
        store
            .sent(w.school.id, w.teacher.id, stray.message.id)
            .await
            .unwrap()
            .is_none()
    );
    store.deliver(&first.build()).await.unwrap();
}

/// `deliver`: all or nothing.
pub async fn a_failed_delivery_leaves_no_message_no_copy_and_no_outbox_row<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama, &w.lotte_mama],
        "Uitstap",
        "x",
        now(),
    );
    d.outbox.push(OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::Message(d.message.id),
        recipient: w.noah_mama.id,
        to: "noah.mama@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    });
    assert!(store.deliver(&d.build_unchecked()).await.is_err());
    assert!(
        store
            .received(w.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.noah_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    let waiting = store
        .outbox(w.school.id, OutboxStatus::Waiting, &PageRequest::first())
        .await
        .unwrap();
    assert!(waiting.items.is_empty());
}

/// `mark_read`: once, and never changed afterwards.
pub async fn a_read_receipt_is_set_once<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .mark_read(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_read(
                w.school.id,
                w.lotte_mama.id,
                d.message.id,
                now() + Duration::hours(1)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_read(w.school.id, w.lotte.id, d.message.id, now())
            .await
            .unwrap()
    );
    let got = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.copy.read_at, Some(now()));
}

/// `mark_replied`: out of the awaiting-reply folder.
pub async fn a_reply_takes_a_copy_out_of_awaiting_reply<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    let awaiting = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(awaiting.items.len(), 1);
    assert_eq!(
        awaiting.items[0].reply_due_at,
        Some(now() + Duration::hours(96))
    );
    store
        .mark_replied(w.school.id, w.lotte_mama.id, d.message.id, now())
        .await
        .unwrap();
    let awaiting = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(awaiting.items.is_empty());
}

/// `set_trashed`: only one's own copy; back again.
pub async fn trash_and_restore_move_only_ones_own_copy<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .set_trashed(w.school.id, w.lotte_mama.id, d.message.id, Some(now()))
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_trashed(w.school.id, w.lotte.id, d.message.id, Some(now()))
            .await
            .unwrap()
    );
    let page = PageRequest::first();
    assert!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Trash, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        store
            .folder(w.school.id, w.noah_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(
        store
            .set_trashed(w.school.id, w.lotte_mama.id, d.message.id, None)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

/// `mark_misdirected`: `true` the first time only.
pub async fn a_misdirected_report_counts_once<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .mark_misdirected(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_misdirected(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_misdirected(w.school.id, w.noah_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
}

/// `erase_account`: its copies and settings go; what it sent stays, without sender.
pub async fn erasing_an_account_removes_its_inbox_and_keeps_what_it_sent<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let to_mama = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&to_mama.build()).await.unwrap();
    let from_mama = delivery(
        &w,
        &w.lotte_mama,
        &[&w.teacher],
        "Ziek",
        "Lotte is ziek",
        now() + Duration::minutes(1),
    );
    store.deliver(&from_mama.build()).await.unwrap();
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &NotificationSettings {
                notify_news: true,
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();

    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();

    assert!(
        store
            .received(w.school.id, w.lotte_mama.id, to_mama.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.noah_mama.id, to_mama.message.id)
            .await
            .unwrap()
            .is_some()
    );
    let kept = store
        .received(w.school.id, w.teacher.id, from_mama.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.message.sender, None);
    assert_eq!(kept.message.sender_name, None);
    assert_eq!(kept.message.body.as_str(), "Lotte is ziek");
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        NotificationSettings::default()
    );
}

/// `erase_account`: the erased account leaves `visibility.named` of the messages naming
/// it; the other named recipients stay, in order, and another school is untouched.
pub async fn erasing_an_account_removes_its_name_from_named_recipients<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let named = |a: &Person| {
        (
            a.id,
            format!("{} {}", a.first_name.as_str(), a.username.as_str()),
        )
    };
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "Vrijdag naar het zwembad",
        now(),
    );
    d.message.visibility.named = vec![named(&w.lotte_mama), named(&w.noah_mama)];
    for c in &mut d.copies {
        c.via = Via::Named;
    }
    store.deliver(&d.build()).await.unwrap();
    // Another school's message naming the same id (a forged fixture) stays as it is.
    let other = world(seed, "b").await;
    let mut elsewhere = delivery(
        &other,
        &other.teacher,
        &[&other.noah_mama],
        "Elders",
        "x",
        now(),
    );
    elsewhere.message.visibility.named = vec![named(&w.lotte_mama), named(&other.noah_mama)];
    for c in &mut elsewhere.copies {
        c.via = Via::Named;
    }
    store.deliver(&elsewhere.build()).await.unwrap();

    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();

    let got = store
        .received(w.school.id, w.noah_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message.visibility.named, vec![named(&w.noah_mama)]);
    assert_eq!(got.message.visibility.groups, d.message.visibility.groups);
    assert_eq!(got.message.body.as_str(), "Vrijdag naar het zwembad");
    assert_eq!(
        got.visible_recipients().0,
        vec![named(&w.noah_mama)],
        "the erased account is no longer shown to the other named recipients"
    );
    let untouched = store
        .received(other.school.id, other.noah_mama.id, elsewhere.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.message, elsewhere.message);
}
