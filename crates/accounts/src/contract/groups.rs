//! The `GroupStore` port: group names unique per school, members replaced, never across
//! schools.

#[allow(clippy::wildcard_imports)]
use super::*;

fn group(school: &School, name: &str) -> Group {
    Group {
        id: GroupId::new(),
        school: school.id,
        name: GroupName::parse(name).unwrap(),
        kind: GroupKind::Class,
    }
}

/// `create_group`: a taken name conflicts, within one school only.
pub async fn a_group_name_taken_in_the_school_conflicts<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let first = group(&a, "3A");
    store.create_group(&first).await.unwrap();
    let err = store.create_group(&group(&a, "3A")).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::GROUP_NAME_TAKEN)),
        "{err:?}"
    );
    store.create_group(&group(&b, "3A")).await.unwrap();
    assert_eq!(
        store.group(a.id, first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(store.group(b.id, first.id).await.unwrap(), None);
    assert_eq!(store.groups(a.id).await.unwrap(), vec![first]);
}

/// `set_members`: replaces the whole list.
pub async fn setting_members_replaces_them<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let p1 = pupil_in(store, &school, "p1").await;
    let p2 = pupil_in(store, &school, "p2").await;
    let g = group(&school, "3A");
    store.create_group(&g).await.unwrap();
    store
        .set_members(school.id, g.id, &[p1.id, p2.id])
        .await
        .unwrap();
    store.set_members(school.id, g.id, &[p2.id]).await.unwrap();
    assert_eq!(store.members(school.id, g.id).await.unwrap(), vec![p2.id]);
}

/// `set_members`: a member or group of another school is refused, nothing changes.
pub async fn members_of_another_school_are_refused_and_nothing_changes<S: AccountsStores>(
    store: &S,
) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mine = pupil_in(store, &a, "p1").await;
    let theirs = pupil_in(store, &b, "p1").await;
    let g = group(&a, "3A");
    store.create_group(&g).await.unwrap();
    store.set_members(a.id, g.id, &[mine.id]).await.unwrap();
    let err = store
        .set_members(a.id, g.id, &[mine.id, theirs.id])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = store
        .set_members(b.id, g.id, &[theirs.id])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    assert_eq!(store.members(a.id, g.id).await.unwrap(), vec![mine.id]);
}
