//! The `SessionStore` port: sessions found, touched and ended only in their school, session
//! contexts, and the purge of what expired.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `delete_session`: gone afterwards; deleting twice is fine.
pub async fn a_deleted_session_is_gone<S: AccountsStores>(store: &S) {
    let (_, admin) = school_with_admin(store, "a").await;
    let token = SessionToken::generate();
    let session = session_for(&admin, &token);
    store.create_session(&session).await.unwrap();
    assert_eq!(
        store
            .session(Some(admin.school), &token.hash())
            .await
            .unwrap(),
        Some(session)
    );
    store
        .delete_session(admin.school, &token.hash())
        .await
        .unwrap();
    store
        .delete_session(admin.school, &token.hash())
        .await
        .unwrap();
    assert!(
        store
            .session(Some(admin.school), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `session_context`: the session with its account, and a co-account's school; the same
/// answers as the three lookups one by one; nothing for an unknown or deleted session.
pub async fn a_session_context_holds_the_account_and_a_co_accounts_school<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let parent = co_account(&pupil, "lotte-mama", 1);
    store.insert_account(&parent).await.unwrap();
    let (admin_token, parent_token) = (SessionToken::generate(), SessionToken::generate());
    let admin_session = session_for(&admin, &admin_token);
    let parent_session = session_for(&parent, &parent_token);
    store.create_session(&admin_session).await.unwrap();
    store.create_session(&parent_session).await.unwrap();

    let main = store
        .session_context(Some(school.id), &admin_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(main.session, admin_session);
    assert_eq!(
        main.account,
        store.account(school.id, admin.id).await.unwrap()
    );
    assert!(main.account.is_some());
    assert_eq!(main.school, None, "a main account needs no school");

    let co = store
        .session_context(Some(school.id), &parent_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(co.session, parent_session);
    assert_eq!(co.account.as_ref().map(|a| a.id), Some(parent.id));
    assert_eq!(co.school, Some(school.clone()));

    assert!(
        store
            .session_context(Some(school.id), &SessionToken::generate().hash())
            .await
            .unwrap()
            .is_none()
    );
    store
        .delete_session(school.id, &parent_token.hash())
        .await
        .unwrap();
    assert!(
        store
            .session_context(Some(school.id), &parent_token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `session`, `session_context`, `touch_session`, `delete_session`: a session belongs to
/// its school. Looked up under another school it is not there, and touching or ending it
/// there changes nothing; looked up without a school (tokens from before schools were
/// put into tokens) it is found.
pub async fn a_session_is_found_touched_and_ended_only_in_its_own_school<S: AccountsStores>(
    store: &S,
) {
    let (a, admin) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let token = SessionToken::generate();
    let session = session_for(&admin, &token);
    store.create_session(&session).await.unwrap();
    let hash = token.hash();

    assert_eq!(
        store.session(Some(a.id), &hash).await.unwrap(),
        Some(session.clone())
    );
    assert_eq!(
        store.session(None, &hash).await.unwrap(),
        Some(session.clone())
    );
    assert!(store.session(Some(b.id), &hash).await.unwrap().is_none());
    assert!(
        store
            .session_context(Some(b.id), &hash)
            .await
            .unwrap()
            .is_none()
    );
    let unnamed = store.session_context(None, &hash).await.unwrap().unwrap();
    assert_eq!(unnamed.session, session);
    assert_eq!(unnamed.account.map(|x| x.id), Some(admin.id));

    store
        .touch_session(b.id, &hash, now() + Duration::minutes(5))
        .await
        .unwrap();
    store.delete_session(b.id, &hash).await.unwrap();
    assert_eq!(
        store.session(Some(a.id), &hash).await.unwrap(),
        Some(session),
        "untouched and still there"
    );
    store.delete_session(a.id, &hash).await.unwrap();
    assert!(store.session(None, &hash).await.unwrap().is_none());
}

/// `touch_session`: moves `last_seen_at`, not `created_at`.
pub async fn touching_a_session_moves_its_last_use<S: AccountsStores>(store: &S) {
    let (_, admin) = school_with_admin(store, "a").await;
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    let later = now() + Duration::minutes(20);
    store
        .touch_session(admin.school, &token.hash(), later)
        .await
        .unwrap();
    let s = store
        .session(Some(admin.school), &token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.last_seen_at, later);
    assert_eq!(s.created_at, now());
}

/// `purge_expired`: only what expired goes.
pub async fn purging_removes_only_what_expired<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (idle, old, fresh) = (
        SessionToken::generate(),
        SessionToken::generate(),
        SessionToken::generate(),
    );
    let mut s = session_for(&admin, &idle);
    s.last_seen_at = now() - Duration::hours(1);
    store.create_session(&s).await.unwrap();
    let mut s = session_for(&admin, &old);
    s.created_at = now() - Duration::hours(13);
    store.create_session(&s).await.unwrap();
    store
        .create_session(&session_for(&admin, &fresh))
        .await
        .unwrap();
    let live_code = OneTimeCode::generate();
    store
        .issue_reset_code(&code_for(&pupil, &live_code, now() + Duration::days(1)))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(
            &admin,
            &OneTimeCode::generate(),
            now() - Duration::seconds(1),
        ))
        .await
        .unwrap();
    let stale = ThrottleKey::client("192.0.2.9");
    let recent = ThrottleKey::client("192.0.2.10");
    store
        .record_failure(&stale, now() - Duration::days(2), Duration::hours(24))
        .await
        .unwrap();
    store
        .record_failure(&recent, now(), Duration::hours(24))
        .await
        .unwrap();

    let purged = store
        .purge_expired(&Expiry {
            sessions_idle_before: now() - Duration::minutes(30),
            sessions_created_before: now() - Duration::hours(12),
            codes_expired_at: now(),
            failures_before: now() - Duration::hours(24),
        })
        .await
        .unwrap();

    assert_eq!(purged, 4);
    assert!(
        store
            .session(Some(school.id), &idle.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &old.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &fresh.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .reset_code(school.id, admin.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.throttle_state(&stale).await.unwrap().is_none());
    assert!(store.throttle_state(&recent).await.unwrap().is_some());
}

/// `end_sessions`: every session of the account in its school ends, and only those: the
/// sessions of another account stay, and ending under another school ends nothing.
pub async fn ending_an_accounts_sessions_ends_all_of_them_and_no_others<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other_school, other_admin) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let tokens: Vec<SessionToken> = (0..4).map(|_| SessionToken::generate()).collect();
    for (account, token) in [&admin, &admin, &pupil, &other_admin]
        .into_iter()
        .zip(&tokens)
    {
        store
            .create_session(&session_for(account, token))
            .await
            .unwrap();
    }

    assert_eq!(
        store.end_sessions(other_school.id, admin.id).await.unwrap(),
        0,
        "another school's name ends nothing"
    );
    assert!(
        store
            .session(Some(school.id), &tokens[0].hash())
            .await
            .unwrap()
            .is_some()
    );

    assert_eq!(store.end_sessions(school.id, admin.id).await.unwrap(), 2);
    for token in &tokens[..2] {
        assert!(
            store
                .session(Some(school.id), &token.hash())
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        store
            .session(Some(school.id), &tokens[2].hash())
            .await
            .unwrap()
            .is_some(),
        "another account's session stays"
    );
    assert!(
        store
            .session(Some(other_school.id), &tokens[3].hash())
            .await
            .unwrap()
            .is_some(),
        "another school's session stays"
    );
    assert_eq!(store.end_sessions(school.id, admin.id).await.unwrap(), 0);
}
