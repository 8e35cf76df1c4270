//! The `Directory` port: who is who, never across schools.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `Directory::time_zone`.
pub async fn a_school_s_time_zone_is_found_and_none_for_an_unknown_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    assert_eq!(
        store.time_zone(w.school.id).await.unwrap(),
        Some(chrono_tz::Europe::Brussels)
    );
    assert_eq!(store.time_zone(SchoolId::new()).await.unwrap(), None);
}

/// `Directory::addressee`: never another school's account.
pub async fn an_addressee_of_another_school_is_none<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let found = store
        .addressee(a.school.id, a.lotte.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, a.lotte.id);
    assert_eq!(found.name, "lotte Peeters");
    assert_eq!(found.kind, AddresseeKind::Main(vec![Role::Pupil]));
    let co = store
        .addressee(a.school.id, a.lotte_mama.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(co.kind, AddresseeKind::Co { pupil: a.lotte.id });
    assert!(
        store
            .addressee(b.school.id, a.lotte.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .addressee(a.school.id, AccountId::new())
            .await
            .unwrap()
            .is_none()
    );
}

/// `Directory::co_accounts_of`.
pub async fn co_accounts_of_a_pupil_are_found_and_none_for_others<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let found: Vec<AccountId> = store
        .co_accounts_of(a.school.id, a.lotte.id)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(
        sorted(found),
        sorted(vec![a.lotte_mama.id, a.lotte_papa.id])
    );
    assert!(
        store
            .co_accounts_of(b.school.id, a.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .co_accounts_of(a.school.id, a.teacher.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `Directory::group_audience`: each audience, each account once, by id.
pub async fn a_group_audience_reaches_the_right_accounts_once<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let ids = |v: Vec<crate::model::Addressee>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let pupils = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Pupils)
        .await
        .unwrap());
    assert_eq!(pupils, sorted(vec![w.lotte.id, w.noah.id]));
    let co = ids(store
        .group_audience(w.school.id, w.class.id, Audience::CoAccounts)
        .await
        .unwrap());
    assert_eq!(
        co,
        sorted(vec![w.lotte_mama.id, w.lotte_papa.id, w.noah_mama.id])
    );
    let both = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Both)
        .await
        .unwrap());
    assert_eq!(
        both,
        sorted(vec![
            w.lotte.id,
            w.noah.id,
            w.lotte_mama.id,
            w.lotte_papa.id,
            w.noah_mama.id
        ])
    );
    let members = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Members)
        .await
        .unwrap());
    assert_eq!(members, sorted(vec![w.lotte.id, w.noah.id, w.teacher.id]));
    let other = world(seed, "b").await;
    assert!(
        store
            .group_audience(other.school.id, w.class.id, Audience::Both)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `Directory::with_role`.
pub async fn accounts_with_a_role_are_found_in_id_order<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    world(seed, "b").await;
    let pupils: Vec<AccountId> = store
        .with_role(w.school.id, Role::Pupil)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(pupils, sorted(vec![w.lotte.id, w.noah.id]));
    let teachers: Vec<AccountId> = store
        .with_role(w.school.id, Role::Teacher)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(teachers, vec![w.teacher.id]);
}

/// `Directory::group`, `groups`.
pub async fn groups_are_listed_by_name_and_stay_in_the_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let second = GroupInfo {
        id: GroupId::new(),
        name: "1B".into(),
    };
    seed.add_group(a.school.id, &second, &[]).await;
    let names: Vec<String> = store
        .groups(a.school.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, vec!["1B", "3A"]);
    assert_eq!(
        store
            .group(a.school.id, a.class.id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "3A"
    );
    assert!(
        store
            .group(b.school.id, a.class.id)
            .await
            .unwrap()
            .is_none()
    );
}
