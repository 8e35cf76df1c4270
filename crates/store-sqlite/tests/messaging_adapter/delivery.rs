//! Large deliveries: 5,000 copies committed in chunks and listed, a failure at copy 4,000
//! leaving nothing, an unknown recipient.

use super::*;

#[tokio::test]
async fn a_delivery_of_5000_copies_commits_and_is_listed() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let pupils = many_pupils(&db, &w, 5_000).await;
    let d = mass_delivery(
        &w,
        &pupils,
        1_200,
        "Schoolreis",
        "Alle leerlingen gaan mee.",
    );

    let started = Instant::now();
    store.deliver(&d.build()).await.unwrap();
    eprintln!(
        "delivered 5,000 copies and 1,200 outbox rows in {:?}",
        started.elapsed()
    );

    let id = d.message.id;
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 5_000);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 1_200);
    for i in [0, 499, 500, 2_500, 4_999] {
        let inbox = inbox_ids(&store, &w, pupils[i], Folder::Inbox, None).await;
        assert_eq!(inbox, vec![id], "pupil {i}");
        let got = store
            .received(w.school.id, pupils[i], id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got.copy, d.copies[i]);
        assert_eq!(
            inbox_ids(&store, &w, pupils[i], Folder::Inbox, Some("schoolreis")).await,
            vec![id]
        );
    }
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
    let counts = sent.items[0].sent.unwrap();
    assert_eq!((counts.recipients, counts.read), (5_000, 0));
    let counts = store.receipt_counts(w.school.id, id).await.unwrap();
    assert_eq!((counts.recipients, counts.read), (5_000, 0));
    let waiting = store
        .outbox(
            w.school.id,
            OutboxStatus::Waiting,
            &PageRequest::new(Some(200), None),
        )
        .await
        .unwrap();
    assert_eq!(waiting.items.len(), 200);
    assert!(waiting.next.is_some());
}

#[tokio::test]
async fn a_failure_at_copy_4000_leaves_nothing_of_the_delivery() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut pupils = many_pupils(&db, &w, 5_000).await;
    // The copy at position 4,000 goes to a recipient who already has one: its chunk's
    // INSERT fails after eight chunks of copies were written.
    pupils[4_000] = pupils[10];
    let d = mass_delivery(&w, &pupils, 5_000, "Verdwenen", "Dit bericht bestaat niet.");

    let err = store.deliver(&d.build_unchecked()).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Unexpected(_) | StoreError::Conflict(_)),
        "{err:?}"
    );

    let id = d.message.id;
    let messages = "SELECT count(*) FROM messages WHERE id = ?1";
    assert_eq!(count(&db, messages, id).await, 0);
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 0);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 0);
    let indexed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'verdwenen'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(indexed, 0);
    assert!(
        inbox_ids(&store, &w, pupils[0], Folder::Inbox, None)
            .await
            .is_empty()
    );

    // The store is still usable: the same message without the double goes through.
    let fixed = DeliveryDraft {
        copies: d
            .copies
            .iter()
            .filter(|c| c.recipient != pupils[10] || c.recipient_name != "Kind Nummer 4000")
            .cloned()
            .collect(),
        ..d.clone()
    };
    store.deliver(&fixed.build()).await.unwrap();
    assert_eq!(count(&db, copies, id).await, 4_999);
}

#[tokio::test]
async fn an_unknown_recipient_fails_the_delivery_as_not_found() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let other = world(&AccountsSeed::new(Arc::new(accounts.clone())), "b").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    // An account of another school is no recipient here.
    d.copies[0].recipient = other.lotte_mama.id;
    assert!(matches!(
        store.deliver(&d.build()).await.unwrap_err(),
        StoreError::NotFound
    ));
    assert!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}
