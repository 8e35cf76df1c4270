//! The calendar's `Directory`: who is who, never across schools.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `time_zone`.
pub async fn a_school_s_time_zone_is_found_and_none_for_an_unknown_school<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    _store: &S,
    directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    assert_eq!(
        directory.time_zone(w.school).await.unwrap(),
        Some(chrono_tz::Europe::Brussels)
    );
    assert_eq!(directory.time_zone(SchoolId::new()).await.unwrap(), None);
}

/// `viewer` of a main account and of a co-account.
pub async fn a_viewer_holds_its_roles_and_groups_and_a_co_account_its_child_s<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    _store: &S,
    directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let teacher = directory
        .viewer(w.school, w.teacher.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(teacher.roles, vec![Role::Teacher]);
    assert_eq!(teacher.groups, vec![w.class_3a]);
    assert_eq!(teacher.child, None);
    let mama = directory
        .viewer(w.school, w.lotte_mama.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mama.account, w.lotte_mama.id);
    assert_eq!(mama.roles, vec![Role::Pupil]);
    assert_eq!(mama.groups, vec![w.class_3a]);
    assert_eq!(mama.child.as_ref().map(|c| c.id), Some(w.lotte.id));
    assert!(!mama.child.unwrap().name.is_empty());
    let noah = directory
        .viewer(w.school, w.noah.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(noah.groups, vec![w.class_3b]);
}

/// `viewer` is `None` across schools, for unknown accounts and for a co-account whose
/// pupil is gone.
pub async fn no_viewer_crosses_schools_or_outlives_its_pupil<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    _store: &S,
    directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    assert!(
        directory
            .viewer(other.school, w.teacher.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        directory
            .viewer(w.school, AccountId::new())
            .await
            .unwrap()
            .is_none()
    );
    seed.remove_person(&w.lotte).await;
    assert!(
        directory
            .viewer(w.school, w.lotte_mama.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `group_exists`.
pub async fn a_group_exists_only_in_its_own_school<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    _store: &S,
    directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    assert!(directory.group_exists(w.school, w.class_3a).await.unwrap());
    assert!(
        !directory
            .group_exists(other.school, w.class_3a)
            .await
            .unwrap()
    );
    assert!(
        !directory
            .group_exists(w.school, GroupId::new())
            .await
            .unwrap()
    );
}
