//! `ActivityStore`: activities whole, per school, found by window and reach.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::error::conflicts::ACTIVITY_CHANGED;
use crate::model::Reach;
use crate::ports::StoreError;

fn at(d: NaiveDate, h: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(h, 0, 0).unwrap())
}

/// `insert_activity` and `activity`.
pub async fn an_activity_is_stored_whole_and_stays_in_its_school<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let mut zwemmen = activity(
        w.school,
        w.teacher.id,
        "Zwemmen",
        vec![Target::Group(w.class_3a), Target::Role(Role::Teacher)],
        at(day(2026, 9, 8), 12),
        Some(day(2027, 3, 30)),
    );
    if let Some(r) = zwemmen.repeat.as_mut() {
        r.except = vec![day(2026, 12, 22), day(2027, 1, 5)];
        r.skip_free_days = true;
        r.every_weeks = 2;
    }
    store.insert_activity(&zwemmen).await.unwrap();
    let whole_day = Activity::plan(
        w.school,
        w.admin.id,
        ActivityDraft {
            title: "Sportdag".into(),
            description: None,
            location: None,
            when: When::AllDay {
                first: day(2026, 10, 1),
                last: day(2026, 10, 2),
            },
            audience: vec![Target::School],
            repeat: None,
        },
        chrono_tz::Europe::Brussels,
        now(),
    )
    .unwrap();
    store.insert_activity(&whole_day).await.unwrap();
    assert_eq!(
        store.activity(w.school, zwemmen.id).await.unwrap(),
        Some(zwemmen.clone())
    );
    assert_eq!(
        store.activity(w.school, whole_day.id).await.unwrap(),
        Some(whole_day)
    );
    assert_eq!(
        store.activity(other.school, zwemmen.id).await.unwrap(),
        None
    );
}

/// `replace_activity`: the next sequence only, never across schools, nothing written
/// when refused.
pub async fn a_replacement_needs_the_next_sequence_and_the_same_school<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let first = activity(
        w.school,
        w.teacher.id,
        "Uitstap",
        vec![Target::Group(w.class_3a)],
        at(day(2026, 9, 10), 6),
        None,
    );
    store.insert_activity(&first).await.unwrap();
    let mut changed = first.clone();
    changed.title = crate::model::Title::parse("Uitstap naar Brugge").unwrap();
    changed.audience = vec![Target::Group(w.class_3a), Target::Group(w.class_3b)];
    changed.sequence = 1;
    changed.updated_at = now() + Duration::hours(1);
    store.replace_activity(&changed).await.unwrap();
    assert_eq!(
        store.activity(w.school, first.id).await.unwrap(),
        Some(changed.clone())
    );
    // A second change made from the first version is stale.
    let mut stale = first.clone();
    stale.title = crate::model::Title::parse("Oud").unwrap();
    stale.sequence = 1;
    assert!(matches!(
        store.replace_activity(&stale).await,
        Err(StoreError::Conflict(ACTIVITY_CHANGED))
    ));
    let mut foreign = changed.clone();
    foreign.school = other.school;
    foreign.sequence = 2;
    assert!(matches!(
        store.replace_activity(&foreign).await,
        Err(StoreError::NotFound)
    ));
    let mut unknown = changed.clone();
    unknown.id = schoolbrug_kernel::ActivityId::new();
    unknown.sequence = 2;
    assert!(matches!(
        store.replace_activity(&unknown).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.activity(w.school, first.id).await.unwrap(),
        Some(changed)
    );
}

/// `remove_activity`.
pub async fn an_activity_is_removed_only_in_its_own_school<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let a = activity(
        w.school,
        w.teacher.id,
        "Toets",
        vec![Target::Group(w.class_3a)],
        at(day(2026, 9, 10), 8),
        None,
    );
    store.insert_activity(&a).await.unwrap();
    assert!(!store.remove_activity(other.school, a.id).await.unwrap());
    assert!(store.activity(w.school, a.id).await.unwrap().is_some());
    assert!(store.remove_activity(w.school, a.id).await.unwrap());
    assert!(store.activity(w.school, a.id).await.unwrap().is_none());
    assert!(!store.remove_activity(w.school, a.id).await.unwrap());
}

/// `activities_in`: the window, the reach, the order, the school.
pub async fn activities_in_a_window_are_those_the_reach_reaches<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let school_wide = activity(
        w.school,
        w.admin.id,
        "Opendeurdag",
        vec![Target::School],
        at(day(2026, 9, 20), 8),
        None,
    );
    let for_3a = activity(
        w.school,
        w.teacher.id,
        "Uitstap",
        vec![Target::Group(w.class_3a)],
        at(day(2026, 9, 10), 6),
        None,
    );
    let for_3b = activity(
        w.school,
        w.admin.id,
        "Toets 3B",
        vec![Target::Group(w.class_3b)],
        at(day(2026, 9, 11), 8),
        None,
    );
    let for_teachers = activity(
        w.school,
        w.admin.id,
        "Personeelsvergadering",
        vec![Target::Role(Role::Teacher)],
        at(day(2026, 9, 9), 15),
        None,
    );
    let weekly = activity(
        w.school,
        w.admin.id,
        "Zwemmen 3B",
        vec![Target::Group(w.class_3b)],
        at(day(2026, 9, 1), 12),
        Some(day(2027, 3, 30)),
    );
    let elsewhere = activity(
        other.school,
        other.admin.id,
        "Elders",
        vec![Target::School],
        at(day(2026, 9, 10), 8),
        None,
    );
    for a in [
        &school_wide,
        &for_3a,
        &for_3b,
        &for_teachers,
        &weekly,
        &elsewhere,
    ] {
        store.insert_activity(a).await.unwrap();
    }
    let ids = |found: Vec<Activity>| found.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let september = (at(day(2026, 9, 1), 0), at(day(2026, 10, 1), 0));
    let lotte = Reach {
        groups: vec![w.class_3a],
        roles: vec![Role::Pupil],
        ..Reach::default()
    };
    assert_eq!(
        ids(store
            .activities_in(w.school, &lotte, september.0, september.1)
            .await
            .unwrap()),
        vec![for_3a.id, school_wide.id]
    );
    let teacher = Reach {
        groups: vec![w.class_3a],
        roles: vec![Role::Teacher],
        planner: Some(w.teacher.id),
        ..Reach::default()
    };
    assert_eq!(
        ids(store
            .activities_in(w.school, &teacher, september.0, september.1)
            .await
            .unwrap()),
        vec![for_teachers.id, for_3a.id, school_wide.id]
    );
    // A repeat is found in any week it runs, by its whole span.
    let noah = Reach {
        groups: vec![w.class_3b],
        roles: vec![Role::Pupil],
        ..Reach::default()
    };
    let february = (at(day(2027, 2, 1), 0), at(day(2027, 3, 1), 0));
    assert_eq!(
        ids(store
            .activities_in(w.school, &noah, february.0, february.1)
            .await
            .unwrap()),
        vec![weekly.id]
    );
    // The window's ends are exclusive of what ends at its start.
    let after_uitstap = (for_3a.span_end, for_3a.span_end + Duration::hours(1));
    assert!(
        store
            .activities_in(w.school, &lotte, after_uitstap.0, after_uitstap.1)
            .await
            .unwrap()
            .is_empty()
    );
    let everything = Reach {
        everything: true,
        ..Reach::default()
    };
    assert_eq!(
        ids(store
            .activities_in(w.school, &everything, september.0, september.1)
            .await
            .unwrap()),
        vec![
            weekly.id,
            for_teachers.id,
            for_3a.id,
            for_3b.id,
            school_wide.id
        ]
    );
    assert_eq!(
        ids(store
            .activities_in(other.school, &everything, september.0, september.1)
            .await
            .unwrap()),
        vec![elsewhere.id]
    );
}

/// `replace_activity` raced against itself: of eight replacements made at once from the
/// same version, exactly one is stored (with its audience); every other is refused as
/// `activity_changed`.
pub async fn replacements_of_one_version_at_once_store_exactly_one<
    S: Store,
    R: Directory + ?Sized,
    D: CalendarSeed + ?Sized,
>(
    store: &S,
    _directory: &R,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let first = activity(
        w.school,
        w.teacher.id,
        "Uitstap",
        vec![Target::Group(w.class_3a)],
        now() + Duration::days(9),
        Some(day(2027, 3, 30)),
    );
    store.insert_activity(&first).await.unwrap();
    let tries: Vec<Activity> = (0..8)
        .map(|n| {
            let mut changed = first.clone();
            changed.title = crate::model::Title::parse(&format!("Uitstap {n}")).unwrap();
            changed.audience = if n % 2 == 0 {
                vec![Target::School]
            } else {
                vec![Target::Group(w.class_3a), Target::Group(w.class_3b)]
            };
            changed.sequence = 1;
            changed
        })
        .collect();
    let outcomes =
        schoolbrug_kernel::join_all(tries.iter().map(|a| store.replace_activity(a))).await;
    let won: Vec<usize> = (0..tries.len()).filter(|i| outcomes[*i].is_ok()).collect();
    assert_eq!(won.len(), 1, "{outcomes:?}");
    for outcome in &outcomes {
        assert!(
            matches!(
                outcome,
                Ok(()) | Err(StoreError::Conflict(ACTIVITY_CHANGED))
            ),
            "{outcome:?}"
        );
    }
    assert_eq!(
        store.activity(w.school, first.id).await.unwrap(),
        Some(tries[won[0]].clone())
    );
}
