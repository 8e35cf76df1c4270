//! The school's quiet hours.

#[allow(clippy::wildcard_imports)]
use super::*;

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
