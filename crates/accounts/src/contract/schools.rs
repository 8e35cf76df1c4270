//! The `SchoolStore` port: schools created with their first administrator, found by slug
//! and id.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `create_school`: a taken slug conflicts, and the second admin is not written.
pub async fn creating_a_school_with_a_taken_slug_conflicts_and_writes_nothing<S: AccountsStores>(
    store: &S,
) {
    let (first, _) = school_with_admin(store, "sint-jan").await;
    let again = school("sint-jan");
    let admin = main_account(&again, "other-admin", &[Role::Admin]);
    let code = code_for(&admin, &OneTimeCode::generate(), now() + Duration::days(7));
    let err = store
        .create_school(&again, &admin, &code)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::SLUG_TAKEN)),
        "{err:?}"
    );
    assert!(store.account(again.id, admin.id).await.unwrap().is_none());
    assert_eq!(store.schools().await.unwrap(), vec![first]);
}

/// `school_by_slug`, `school`: found when there, `None` otherwise.
pub async fn a_school_is_found_by_slug_and_id_and_unknown_ones_are_none<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "atheneum").await;
    assert_eq!(
        store.school_by_slug(&school.slug).await.unwrap(),
        Some(school.clone())
    );
    assert_eq!(store.school(school.id).await.unwrap(), Some(school.clone()));
    assert_eq!(
        store
            .school_by_slug(&SchoolSlug::parse("nope").unwrap())
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.school(SchoolId::new()).await.unwrap(), None);
    let stored = store.account(school.id, admin.id).await.unwrap().unwrap();
    assert_eq!(stored, admin);
    assert!(
        store
            .reset_code(school.id, admin.id)
            .await
            .unwrap()
            .is_some()
    );
}

/// `schools`: empty on a new database.
pub async fn a_new_database_has_no_schools<S: AccountsStores>(store: &S) {
    assert!(store.schools().await.unwrap().is_empty());
}
