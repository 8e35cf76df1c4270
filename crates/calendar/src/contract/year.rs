//! `SchoolYearStore` and the kernel's `SchoolCalendar` over the same free days.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::model::SchoolYear;
use schoolbrug_kernel::FreeDayPeriod;

/// `replace_free_days`, `free_days`, and the kernel's `school_days`.
pub async fn free_days_are_replaced_and_make_the_school_calendar<
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
    let autumn = FreeDayPeriod {
        from: day(2026, 11, 2),
        to: day(2026, 11, 6),
        name: "Herfstvakantie".into(),
    };
    let study = FreeDayPeriod {
        from: day(2026, 10, 12),
        to: day(2026, 10, 12),
        name: "Pedagogische studiedag".into(),
    };
    store
        .replace_free_days(w.school, &[autumn.clone(), study.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.free_days(w.school).await.unwrap(),
        vec![study, autumn.clone()]
    );
    store
        .replace_free_days(w.school, std::slice::from_ref(&autumn))
        .await
        .unwrap();
    assert_eq!(store.free_days(w.school).await.unwrap(), vec![autumn]);
    assert!(store.free_days(other.school).await.unwrap().is_empty());
    let days = store.school_days(w.school).await.unwrap();
    assert_eq!(days.time_zone(), chrono_tz::Europe::Brussels);
    assert!(!days.is_school_day(day(2026, 11, 4)));
    assert!(days.is_school_day(day(2026, 10, 12)));
    assert!(store.school_days(SchoolId::new()).await.is_err());
}

/// `school_year` and `set_school_year`.
pub async fn the_school_year_is_kept_per_school<
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
    assert_eq!(store.school_year(w.school).await.unwrap(), None);
    let year = SchoolYear::new(day(2026, 9, 1), day(2027, 6, 30)).unwrap();
    store.set_school_year(w.school, &year).await.unwrap();
    assert_eq!(store.school_year(w.school).await.unwrap(), Some(year));
    let changed = SchoolYear::new(day(2026, 9, 1), day(2027, 8, 31)).unwrap();
    store.set_school_year(w.school, &changed).await.unwrap();
    assert_eq!(store.school_year(w.school).await.unwrap(), Some(changed));
    assert_eq!(store.school_year(other.school).await.unwrap(), None);
}
