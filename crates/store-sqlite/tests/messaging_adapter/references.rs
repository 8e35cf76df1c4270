//! References to accounts: an erased account takes its rows along, another school's account
//! is refused, copies keep their visibility.

use super::*;

#[tokio::test]
async fn an_erased_account_takes_its_copies_outbox_rows_and_settings_along() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.noah_mama], "Uitstap", "x", now());
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
    store.deliver(&d.build()).await.unwrap();
    let settings = NotificationSettings {
        push: true,
        ..Default::default()
    };
    store
        .put_settings(w.school.id, w.noah_mama.id, &settings, None)
        .await
        .unwrap();

    // Even without the messaging hook, nothing is left pointing at the erased account.
    accounts
        .erase_accounts(w.school.id, &[w.noah_mama.id])
        .await
        .unwrap();
    let id = d.message.id;
    let copies = "SELECT count(*) FROM message_copies WHERE message_id = ?1";
    assert_eq!(count(&db, copies, id).await, 0);
    let outbox = "SELECT count(*) FROM outbox WHERE message_id = ?1";
    assert_eq!(count(&db, outbox, id).await, 0);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM notification_settings")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    // The message stays with its sender.
    assert!(
        store
            .sent(w.school.id, w.teacher.id, id)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn settings_of_another_schools_account_are_not_saved() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let a = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let b = world(&AccountsSeed::new(Arc::new(accounts.clone())), "b").await;
    let settings = NotificationSettings {
        notify_news: true,
        ..Default::default()
    };
    // Never saved before: the reference to the account fails.
    assert!(matches!(
        store
            .put_settings(b.school.id, a.lotte.id, &settings, None)
            .await
            .unwrap_err(),
        StoreError::NotFound
    ));
    // Saved in its own school: another school cannot overwrite them.
    store
        .put_settings(a.school.id, a.lotte.id, &settings, None)
        .await
        .unwrap();
    assert!(matches!(
        store
            .put_settings(
                b.school.id,
                a.lotte.id,
                &NotificationSettings::default(),
                None
            )
            .await
            .unwrap_err(),
        StoreError::NotFound
    ));
    assert_eq!(
        store.settings(a.school.id, a.lotte.id).await.unwrap(),
        settings
    );
}

#[tokio::test]
async fn named_and_blind_copies_keep_their_visibility() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Oudercontact",
        "x",
        now(),
    );
    d.message.visibility.named = vec![(w.lotte_mama.id, "An \"Mama\" Peeters".into())];
    d.copies[0].via = Via::Named;
    store.deliver(&d.build()).await.unwrap();
    let named = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(named.message, d.message);
    assert_eq!(named.copy, d.copies[0]);
    let blind = store
        .received(w.school.id, w.noah_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(blind.copy, d.copies[1]);
    let stored: String = sqlx::query_scalar("SELECT visibility FROM messages WHERE id = ?1")
        .bind(d.message.id.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(json["named"][0][0], w.lotte_mama.id.to_string());
    assert_eq!(json["groups"][0]["kind"], "group");
}
