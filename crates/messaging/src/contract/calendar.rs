//! The school's calendar as messaging keeps it: free days (read by the 48-hour rules) and quiet hours.

#[allow(clippy::wildcard_imports)]
use super::*;

/// `replace_free_days`, `free_days`, and the kernel's `school_days`.
pub async fn free_days_are_replaced_and_make_the_school_calendar<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let autumn = FreeDayPeriod {
        from: d(2026, 11, 2),
        to: d(2026, 11, 6),
        name: "Herfstvakantie".into(),
    };
    let study = FreeDayPeriod {
        from: d(2026, 10, 12),
        to: d(2026, 10, 12),
        name: "Pedagogische studiedag".into(),
    };
    store
        .replace_free_days(w.school.id, &[autumn.clone(), study.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.free_days(w.school.id).await.unwrap(),
        vec![study.clone(), autumn.clone()]
    );
    store
        .replace_free_days(w.school.id, std::slice::from_ref(&autumn))
        .await
        .unwrap();
    assert_eq!(store.free_days(w.school.id).await.unwrap(), vec![autumn]);
    assert!(store.free_days(other.school.id).await.unwrap().is_empty());
    let days = store.school_days(w.school.id).await.unwrap();
    assert_eq!(days.time_zone(), chrono_tz::Europe::Brussels);
    assert!(!days.is_school_day(d(2026, 11, 4)));
    assert!(days.is_school_day(d(2026, 10, 12)));
    assert!(
        store
            .school_days(schoolbrug_kernel::SchoolId::new())
            .await
            .is_err()
    );
}

/// `QuietHoursStore`: none by default, round trip per school, `None` removes.
pub async fn quiet_hours_are_kept_per_school_and_removed_with_none<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    assert_eq!(store.quiet_hours(a.school.id).await.unwrap(), None);
    let evenings = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        weekends: true,
        free_days: false,
    };
    store
        .put_quiet_hours(a.school.id, Some(evenings))
        .await
        .unwrap();
    assert_eq!(
        store.quiet_hours(a.school.id).await.unwrap(),
        Some(evenings)
    );
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), None);
    let lunch = QuietHours {
        start: NaiveTime::from_hms_opt(12, 15, 0).unwrap(),
        end: NaiveTime::from_hms_opt(13, 45, 0).unwrap(),
        weekends: false,
        free_days: true,
    };
    store
        .put_quiet_hours(b.school.id, Some(lunch))
        .await
        .unwrap();
    store
        .put_quiet_hours(b.school.id, Some(lunch))
        .await
        .unwrap();
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), Some(lunch));
    assert_eq!(
        store.quiet_hours(a.school.id).await.unwrap(),
        Some(evenings)
    );
    store.put_quiet_hours(a.school.id, None).await.unwrap();
    store.put_quiet_hours(a.school.id, None).await.unwrap();
    assert_eq!(store.quiet_hours(a.school.id).await.unwrap(), None);
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), Some(lunch));
}
