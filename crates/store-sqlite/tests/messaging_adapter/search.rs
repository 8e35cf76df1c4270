//! Full-text search: case, accents and every word taken literally; the index across deletes
//! and VACUUM.

use super::*;

#[tokio::test]
async fn search_ignores_case_and_accents_and_takes_every_word_literally() {
    let db = SqliteDatabase::in_memory().await.unwrap();
    db.migrate().await.unwrap();
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let to = [&w.lotte_mama];
    let ecole = delivery(
        &w,
        &w.teacher,
        &to,
        "Bezoek aan de École du Parc",
        "Crème brûlée voor iedereen.",
        now(),
    );
    let zwembad = delivery(
        &w,
        &w.teacher,
        &to,
        "Zwembad",
        "Vrijdag: \"zwemzak\" (niet vergeten) - OR NOT",
        now() + Duration::minutes(1),
    );
    store.deliver(&ecole.build()).await.unwrap();
    store.deliver(&zwembad.build()).await.unwrap();
    let found = |q: &'static str| inbox_ids(&store, &w, w.lotte_mama.id, Folder::Inbox, Some(q));

    assert_eq!(found("ecole").await, vec![ecole.message.id]);
    assert_eq!(found("ÉCOLE").await, vec![ecole.message.id]);
    assert_eq!(found("creme brulee").await, vec![ecole.message.id]);
    assert_eq!(found("zwembad").await, vec![zwembad.message.id]);
    assert_eq!(found("ZWEMBAD vrijdag").await, vec![zwembad.message.id]);
    // Every word is required.
    assert!(found("zwembad ecole").await.is_empty());
    // Whole words: no substrings.
    assert!(found("zwem").await.is_empty());
    // FTS5 syntax in the query is only text: no error, and it matches words.
    assert_eq!(found("\"zwemzak\"").await, vec![zwembad.message.id]);
    assert_eq!(found("OR").await, vec![zwembad.message.id]);
    assert!(found("NEAR(zwembad ecole)").await.is_empty());
    assert_eq!(found("zwembad*").await, vec![zwembad.message.id]);
    assert!(found("col:zwembad ^ \"").await.is_empty());
    // Nothing searchable left: no filter.
    assert_eq!(
        found(" - \" * ").await,
        vec![zwembad.message.id, ecole.message.id]
    );
    // The sent folder searches too; the trash only what is in it.
    assert_eq!(
        inbox_ids(&store, &w, w.teacher.id, Folder::Sent, Some("École")).await,
        vec![ecole.message.id]
    );
    assert!(
        inbox_ids(&store, &w, w.lotte_mama.id, Folder::Trash, Some("ecole"))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_search_index_follows_deletes_and_survives_vacuum() {
    let dir = temp_dir();
    let db = file_db(&dir).await;
    let (store, accounts) = (db.messaging(), db.accounts());
    let w = world(&AccountsSeed::new(Arc::new(accounts.clone())), "a").await;
    let to = [&w.lotte_mama];
    let subjects = ["Appel", "Peer", "Banaan", "Kiwi"];
    let mut ids = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        let d = delivery(
            &w,
            &w.teacher,
            &to,
            subject,
            "fruit",
            now() + Duration::minutes(i64::try_from(i).unwrap()),
        );
        ids.push(d.message.id);
        store.deliver(&d.build()).await.unwrap();
    }
    // Deleting a message (its copies follow) takes it out of the index.
    sqlx::query("DELETE FROM messages WHERE id = ?1")
        .bind(ids[1].as_uuid())
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query("VACUUM").execute(db.pool()).await.unwrap();
    sqlx::query("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
        .execute(db.pool())
        .await
        .unwrap();

    let mama = w.lotte_mama.id;
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("banaan")).await,
        vec![ids[2]]
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("kiwi")).await,
        vec![ids[3]]
    );
    assert!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("peer"))
            .await
            .is_empty()
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("fruit")).await,
        vec![ids[3], ids[2], ids[0]]
    );
    // A new message after a delete gets a search key of its own.
    let d = delivery(&w, &w.teacher, &to, "Mango", "fruit", now());
    store.deliver(&d.build()).await.unwrap();
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("mango")).await,
        vec![d.message.id]
    );
    assert_eq!(
        inbox_ids(&store, &w, mama, Folder::Inbox, Some("kiwi")).await,
        vec![ids[3]]
    );
}
