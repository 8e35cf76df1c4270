//! The `CredentialStore` port: passwords set, replaced and cleared (and the sessions that
//! end with them), reset codes issued and redeemed once.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `set_password`: every session but `keep` ends.
pub async fn setting_a_password_ends_every_other_session<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (kept, other, elsewhere) = (
        SessionToken::generate(),
        SessionToken::generate(),
        SessionToken::generate(),
    );
    store
        .create_session(&session_for(&admin, &kept))
        .await
        .unwrap();
    store
        .create_session(&session_for(&admin, &other))
        .await
        .unwrap();
    store
        .create_session(&session_for(&pupil, &elsewhere))
        .await
        .unwrap();
    store
        .set_password(school.id, admin.id, &hash("new"), Some(&kept.hash()))
        .await
        .unwrap();
    assert!(
        store
            .session(Some(school.id), &kept.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session(Some(school.id), &other.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &elsewhere.hash())
            .await
            .unwrap()
            .is_some()
    );
}

/// `set_password`: unknown account (or another school's) not found.
pub async fn setting_a_password_of_an_unknown_account_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    let err = store
        .set_password(b.id, pupil.id, &hash("x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

/// `replace_password_hash`: no session ends.
pub async fn replacing_a_password_hash_keeps_sessions<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .set_password(school.id, admin.id, &hash("old"), None)
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    store
        .replace_password_hash(school.id, admin.id, &hash("rehashed"))
        .await
        .unwrap();
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_some()
    );
    let (_, stored) = store
        .account_by_username(school.id, &admin.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("rehashed")));
}

/// `clear_password`: no password, no session.
pub async fn clearing_a_password_ends_every_session<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .set_password(school.id, admin.id, &hash("old"), None)
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    store.clear_password(school.id, admin.id).await.unwrap();
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    let (_, stored) = store
        .account_by_username(school.id, &admin.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, None);
}

/// `redeem_reset_code`: sets the password, ends every session, and works once.
pub async fn a_reset_code_is_redeemed_once<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let code = OneTimeCode::generate();
    store
        .issue_reset_code(&code_for(&pupil, &code, now() + Duration::days(7)))
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&pupil, &token))
        .await
        .unwrap();
    let used = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("new"), now())
        .await
        .unwrap();
    assert!(used);
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    let (_, stored) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("new")));
    let again = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("newer"), now())
        .await
        .unwrap();
    assert!(!again);
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `redeem_reset_code`: an expired or wrong code changes nothing.
pub async fn an_expired_or_wrong_reset_code_changes_nothing<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    store
        .set_password(school.id, pupil.id, &hash("old"), None)
        .await
        .unwrap();
    let code = OneTimeCode::generate();
    let expires = now() + Duration::days(7);
    store
        .issue_reset_code(&code_for(&pupil, &code, expires))
        .await
        .unwrap();
    let wrong = store
        .redeem_reset_code(
            school.id,
            pupil.id,
            &OneTimeCode::generate().hash(),
            &hash("new"),
            now(),
        )
        .await
        .unwrap();
    let late = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("new"), expires)
        .await
        .unwrap();
    assert!(!wrong && !late);
    let (_, stored) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("old")));
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_some()
    );
}

/// `issue_reset_code`: only the newest code works.
pub async fn a_new_reset_code_replaces_the_old_one<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (old, new) = (OneTimeCode::generate(), OneTimeCode::generate());
    let expires = now() + Duration::days(7);
    store
        .issue_reset_code(&code_for(&pupil, &old, expires))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(&pupil, &new, expires))
        .await
        .unwrap();
    assert!(
        !store
            .redeem_reset_code(school.id, pupil.id, &old.hash(), &hash("x"), now())
            .await
            .unwrap()
    );
    assert!(
        store
            .redeem_reset_code(school.id, pupil.id, &new.hash(), &hash("x"), now())
            .await
            .unwrap()
    );
}
