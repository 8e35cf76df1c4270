//! The `MessageReader` port: folders, search, sent messages, read receipts and unread counts.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `sent`: only for its sender.
pub async fn a_message_is_sent_only_by_its_sender<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert_eq!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap(),
        Some(d.message.clone())
    );
    assert!(
        store
            .sent(w.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .sent(w.school.id, w.admin.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `folder`: newest first, keyset pages, never another account's copies.
pub async fn folders_list_newest_first_in_keyset_pages<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let d = delivery(
            &w,
            &w.teacher,
            &[&w.lotte_mama],
            &format!("Bericht {i}"),
            "x",
            now() + Duration::minutes(i),
        );
        ids.push(d.message.id);
        store.deliver(&d.build()).await.unwrap();
    }
    store
        .deliver(&delivery(&w, &w.teacher, &[&w.noah_mama], "Ander", "x", now()).build())
        .await
        .unwrap();
    ids.reverse();
    let first = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            None,
            &PageRequest::new(Some(2), None),
        )
        .await
        .unwrap();
    assert_eq!(
        first.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        ids[..2]
    );
    assert_eq!(first.items[0].subject, "Bericht 4");
    assert_eq!(first.items[0].from.as_deref(), Some("Els Claes"));
    let mut seen: Vec<MessageId> = first.items.iter().map(|s| s.id).collect();
    let mut next = first.next;
    while let Some(cursor) = next {
        let page = PageRequest::new(
            Some(2),
            Some(schoolbrug_kernel::Cursor::parse(&cursor).unwrap()),
        );
        let more = store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap();
        seen.extend(more.items.iter().map(|s| s.id));
        next = more.next;
    }
    assert_eq!(seen, ids);
}

/// `folder(Sent)`: with recipients and read counts.
pub async fn the_sent_folder_counts_receipts<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama, &w.lotte_papa],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    store
        .mark_read(w.school.id, w.noah_mama.id, d.message.id, now())
        .await
        .unwrap();
    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(sent.items.len(), 1);
    let counts = sent.items[0].sent.unwrap();
    assert_eq!((counts.recipients, counts.read), (3, 1));
    assert!(
        store
            .folder(
                w.school.id,
                w.lotte_mama.id,
                Folder::Sent,
                None,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

/// `folder` with a query: words in the subject or the body, any case.
pub async fn search_finds_words_in_subject_and_body<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let trip = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Uitstap naar Brugge",
        "We vertrekken om negen uur.",
        now(),
    );
    let swim = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Vrijdag",
        "Vergeet de zwemzak niet voor het zwembad.",
        now() + Duration::minutes(1),
    );
    store.deliver(&trip.build()).await.unwrap();
    store.deliver(&swim.build()).await.unwrap();
    let page = PageRequest::first();
    let by_subject = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            Some("brugge"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        by_subject.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![trip.message.id]
    );
    let by_body = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            Some("Zwembad"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        by_body.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![swim.message.id]
    );
    let none = store
        .folder(
            w.school.id,
            w.noah_mama.id,
            Folder::Inbox,
            Some("zwembad"),
            &page,
        )
        .await
        .unwrap();
    assert!(none.items.is_empty());
    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            Some("brugge"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(sent.items.len(), 1);
}

/// `receipts`.
pub async fn receipts_list_every_recipient<S: MessagingStores, D: DirectorySeed + ?Sized>(
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
    store
        .mark_read(w.school.id, w.noah_mama.id, d.message.id, now())
        .await
        .unwrap();
    let receipts = store
        .receipts(w.school.id, d.message.id, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(receipts.next, None);
    let receipts = receipts.items;
    assert_eq!(receipts.len(), 2);
    let noah = receipts
        .iter()
        .find(|r| r.recipient == w.noah_mama.id)
        .unwrap();
    assert_eq!(noah.read_at, Some(now()));
    let lotte = receipts
        .iter()
        .find(|r| r.recipient == w.lotte_mama.id)
        .unwrap();
    assert_eq!(lotte.read_at, None);
    assert!(!lotte.name.is_empty());
}

/// `receipts` in keyset pages: by name in byte order, equal names by recipient, each
/// once; `receipt_counts` agrees; another school sees nothing.
pub async fn receipts_come_in_pages_by_name_then_recipient<
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
        &[
            &w.lotte_mama,
            &w.lotte_papa,
            &w.noah_mama,
            &w.lotte,
            &w.noah,
        ],
        "Uitstap",
        "x",
        now(),
    );
    for (copy, name) in d
        .copies
        .iter_mut()
        .zip(["anna", "Zoë", "Anna", "Zoe", "Anna"])
    {
        copy.recipient_name = name.to_owned();
    }
    store.deliver(&d.build()).await.unwrap();
    store
        .mark_read(w.school.id, w.lotte_papa.id, d.message.id, now())
        .await
        .unwrap();
    let mut annas = [d.copies[2].recipient, d.copies[4].recipient];
    annas.sort();
    let expected = vec![
        ("Anna", annas[0]),
        ("Anna", annas[1]),
        ("Zoe", w.lotte.id),
        ("Zoë", w.lotte_papa.id),
        ("anna", w.lotte_mama.id),
    ];
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut page = PageRequest::new(Some(2), None);
    loop {
        let got = store
            .receipts(w.school.id, d.message.id, &page)
            .await
            .unwrap();
        pages += 1;
        assert!(got.items.len() <= 2);
        seen.extend(got.items.iter().map(|r| (r.name.clone(), r.recipient)));
        match got.next {
            Some(next) => {
                page = PageRequest::new(
                    Some(2),
                    Some(schoolbrug_kernel::Cursor::parse(&next).unwrap()),
                );
            }
            None => break,
        }
    }
    let expected: Vec<(String, AccountId)> = expected
        .into_iter()
        .map(|(n, id)| (n.to_owned(), id))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(pages, 3);
    let counts = store
        .receipt_counts(w.school.id, d.message.id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (5, 1));
    let other = world(seed, "b").await;
    let none = store
        .receipts(other.school.id, d.message.id, &PageRequest::first())
        .await
        .unwrap();
    assert!(none.items.is_empty());
    let counts = store
        .receipt_counts(other.school.id, d.message.id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (0, 0));
}

/// `unread_count`: unread, in the inbox.
pub async fn unread_count_counts_unread_inbox_copies<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let a = delivery(&w, &w.teacher, &[&w.lotte_mama], "Een", "x", now());
    let b = delivery(&w, &w.teacher, &[&w.lotte_mama], "Twee", "x", now());
    let c = delivery(&w, &w.teacher, &[&w.lotte_mama], "Drie", "x", now());
    for d in [&a, &b, &c] {
        store.deliver(&d.build()).await.unwrap();
    }
    store
        .mark_read(w.school.id, w.lotte_mama.id, a.message.id, now())
        .await
        .unwrap();
    store
        .set_trashed(w.school.id, w.lotte_mama.id, b.message.id, Some(now()))
        .await
        .unwrap();
    assert_eq!(
        store
            .unread_count(w.school.id, w.lotte_mama.id)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .unread_count(w.school.id, w.noah_mama.id)
            .await
            .unwrap(),
        0
    );
}
