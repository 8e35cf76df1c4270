//! The `AuditLog` port: events newest first, in pages, per school, filtered by account.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `events`: newest first, keyset-paged, per school.
pub async fn audit_events_are_newest_first_paged_and_per_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mut written = Vec::new();
    for (i, kind) in audit::ALL.into_iter().enumerate() {
        let e = audit_event(
            &a,
            None,
            kind.clone(),
            now() + Duration::seconds(i64::try_from(i).unwrap()),
        );
        store.record(&e).await.unwrap();
        written.push(e);
        store
            .record(&audit_event(&b, None, kind, now()))
            .await
            .unwrap();
    }
    written.reverse();
    let first = store
        .events(a.id, None, &PageRequest::new(Some(5), None))
        .await
        .unwrap();
    assert_eq!(first.items, written[..5]);
    let cursor = schoolbrug_kernel::Cursor::parse(first.next.as_deref().unwrap()).unwrap();
    let rest = store
        .events(a.id, None, &PageRequest::new(Some(50), Some(cursor)))
        .await
        .unwrap();
    assert_eq!(rest.items, written[5..]);
    assert_eq!(rest.next, None);
}

/// `events`: filtered by account.
pub async fn audit_events_can_be_filtered_by_account<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let mine = audit_event(&school, Some(admin.id), audit::PASSWORD_CHANGED, now());
    store.record(&mine).await.unwrap();
    store
        .record(&audit_event(
            &school,
            Some(AccountId::new()),
            audit::SIGNED_OUT,
            now(),
        ))
        .await
        .unwrap();
    let found = store
        .events(school.id, Some(admin.id), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(found.items, vec![mine]);
}
