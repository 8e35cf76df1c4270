//! Checks of the [`NoteStore`](crate::ports::NoteStore) port.

use schoolbrug_kernel::join_all;
use schoolbrug_kernel::store::StoreError;

use super::{AttendanceSeed, World, absent, dec, note, official, sheet};
use crate::error::conflicts;
use crate::model::{Code, Half, Official, SchoolYear};
use crate::ports::{AttendanceStores, Directory};

/// A note turns the pupil's unconfirmed unknown and `B` half-days of its dates into `Z`
/// (audited by nobody) and leaves the rest.
pub async fn a_note_justifies_the_unexplained_half_days_of_its_dates<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let put = |pupil, day, half, code: Code, confirms| {
        sheet(
            s,
            dec(day),
            half,
            vec![(pupil, absent(code))],
            w.teacher.id,
            day,
            confirms,
        )
    };
    for sh in [
        put(w.lotte.id, 3, Half::Am, Code::Unknown, false),
        put(w.lotte.id, 3, Half::Pm, official(Official::B), false),
        put(w.lotte.id, 4, Half::Am, official(Official::B), true),
        put(w.lotte.id, 4, Half::Pm, official(Official::R), false),
        put(w.lotte.id, 5, Half::Am, Code::Unknown, false),
        put(w.ella.id, 3, Half::Am, Code::Unknown, false),
    ] {
        store.record_sheet(&sh).await.unwrap();
    }
    let n = note(s, &w.lotte, &w.lotte_mama, 3, 4);
    let justified = store
        .insert_note(&n, 4, SchoolYear::of(dec(3)))
        .await
        .unwrap();
    assert_eq!(justified, 2);
    let codes: Vec<_> = store
        .registrations(s, None, dec(1), dec(31))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.pupil, r.date, r.half, r.code, r.note))
        .collect();
    let z = official(Official::Z);
    for expected in [
        (w.lotte.id, dec(3), Half::Am, z.clone(), Some(n.id)),
        (w.lotte.id, dec(3), Half::Pm, z, Some(n.id)),
        (w.lotte.id, dec(4), Half::Am, official(Official::B), None),
        (w.lotte.id, dec(4), Half::Pm, official(Official::R), None),
        (w.lotte.id, dec(5), Half::Am, Code::Unknown, None),
        (w.ella.id, dec(3), Half::Am, Code::Unknown, None),
    ] {
        assert!(
            codes.contains(&expected),
            "{expected:?} missing from {codes:?}"
        );
    }
    let last = &store.changes(s, w.lotte.id).await.unwrap()[0];
    assert_eq!(
        (last.to.as_deref(), last.by, last.at),
        (Some("Z"), None, n.at)
    );
}

/// Over the quota, or overlapping a note, is refused and writes nothing.
pub async fn a_note_over_the_quota_or_overlapping_is_refused_writing_nothing<
    S: AttendanceStores,
>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let year = SchoolYear::of(dec(1));
    store
        .insert_note(&note(s, &w.lotte, &w.lotte_mama, 1, 2), 2, year)
        .await
        .unwrap();
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, absent(Code::Unknown))],
            w.teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    let overlapping = store
        .insert_note(&note(s, &w.lotte, &w.lotte_mama, 2, 3), 2, year)
        .await;
    assert!(matches!(overlapping, Err(StoreError::Conflict(c)) if c == conflicts::NOTE_OVERLAPS));
    store
        .insert_note(&note(s, &w.lotte, &w.lotte_mama, 9, 9), 2, year)
        .await
        .unwrap();
    let over = store
        .insert_note(&note(s, &w.lotte, &w.lotte_mama, 3, 3), 2, year)
        .await;
    assert!(matches!(over, Err(StoreError::Conflict(c)) if c == conflicts::NOTE_QUOTA_REACHED));
    assert_eq!(store.notes(s, w.lotte.id, year).await.unwrap().len(), 2);
    let r = &store
        .half_day(s, dec(3), Half::Am, &[w.lotte.id])
        .await
        .unwrap()[0];
    assert_eq!(
        (r.code.clone(), r.note),
        (Code::Unknown, None),
        "nothing written"
    );
    // Another pupil, and another school year, have their own quota.
    store
        .insert_note(&note(s, &w.ella, &w.lotte_mama, 3, 3), 2, year)
        .await
        .unwrap();
    // No note at all when the school allows none.
    let none = store
        .insert_note(&note(s, &w.noah, &w.lotte_mama, 3, 3), 0, year)
        .await;
    assert!(matches!(none, Err(StoreError::Conflict(c)) if c == conflicts::NOTE_QUOTA_REACHED));
}

/// Notes handed in at once never pass the quota together.
pub async fn notes_at_once_never_pass_the_quota<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let year = SchoolYear::of(dec(1));
    let notes: Vec<_> = (1..=10)
        .map(|day| note(w.school, &w.lotte, &w.lotte_mama, day, day))
        .collect();
    let results = join_all(notes.iter().map(|n| store.insert_note(n, 4, year))).await;
    let passed = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(passed, 4, "{results:?}");
    for r in results.iter().filter(|r| r.is_err()) {
        assert!(
            matches!(r, Err(StoreError::Conflict(c)) if *c == conflicts::NOTE_QUOTA_REACHED),
            "{r:?}"
        );
    }
    assert_eq!(
        store.notes(w.school, w.lotte.id, year).await.unwrap().len(),
        4
    );
}

/// `notes` lists one pupil's notes of one school year, oldest first, stored whole.
pub async fn notes_are_listed_per_pupil_and_school_year<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let year = SchoolYear::of(dec(1));
    let late = note(s, &w.lotte, &w.lotte_mama, 9, 10);
    let early = note(s, &w.lotte, &w.lotte_mama, 1, 1);
    store.insert_note(&late, 4, year).await.unwrap();
    store.insert_note(&early, 4, year).await.unwrap();
    store
        .insert_note(&note(s, &w.ella, &w.lotte_mama, 1, 1), 4, year)
        .await
        .unwrap();
    let mut last_year = note(s, &w.lotte, &w.lotte_mama, 1, 1);
    last_year.from = chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    last_year.to = last_year.from;
    store
        .insert_note(&last_year, 4, SchoolYear::of(last_year.from))
        .await
        .unwrap();
    let notes = store.notes(s, w.lotte.id, year).await.unwrap();
    assert_eq!(notes, vec![early, late]);
    assert!(
        store
            .notes(w.other_school, w.lotte.id, year)
            .await
            .unwrap()
            .is_empty()
    );
}
