//! Checks of the [`RegisterStore`](crate::ports::RegisterStore) port.

use schoolbrug_kernel::join_all;

use super::{AttendanceSeed, World, absent, at, dec, note, official, sheet};
use crate::model::{Code, CodeName, Half, HalfDay, Mark, Official};
use crate::ports::{AttendanceStores, Directory};

/// A second sheet replaces the first's code; `Present` removes it; one row per half-day.
pub async fn a_sheet_keeps_one_registration_per_pupil_per_half_day<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let first = store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![
                (w.lotte.id, absent(Code::Unknown)),
                (w.ella.id, Mark::Present),
            ],
            w.teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    assert_eq!(first.absent, 1);
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(
                w.lotte.id,
                Mark::Absent {
                    code: official(Official::R),
                    remark: Some("Begrafenis".into()),
                },
            )],
            w.teacher.id,
            1,
            false,
        ))
        .await
        .unwrap();
    let rows = store
        .registrations(s, Some(w.lotte.id), dec(1), dec(31))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (r.school, r.pupil, r.date, r.half),
        (s, w.lotte.id, dec(3), Half::Am)
    );
    assert_eq!(r.code, official(Official::R));
    assert_eq!(r.remark.as_deref(), Some("Begrafenis"));
    assert!(!r.confirmed);
    assert_eq!(r.note, None);
    assert_eq!(r.registered_by, Some(w.teacher.id));
    assert_eq!(r.registered_at, at(1));
    // A school code keeps its name and the official code it counts as.
    let tl = Code::School(CodeName::from_stored("TL".into()), Official::B);
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Pm,
            vec![(w.lotte.id, absent(tl.clone()))],
            w.teacher.id,
            2,
            false,
        ))
        .await
        .unwrap();
    let pm = store
        .half_day(s, dec(3), Half::Pm, &[w.lotte.id])
        .await
        .unwrap();
    assert_eq!(pm[0].code, tl);
    let gone = store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, Mark::Present)],
            w.teacher.id,
            3,
            false,
        ))
        .await
        .unwrap();
    assert_eq!(gone.absent, 0);
    let rows = store
        .registrations(s, Some(w.lotte.id), dec(1), dec(31))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "the morning went, the afternoon stays");
    assert_eq!(rows[0].half, Half::Pm);
}

/// A sheet that does not confirm leaves a confirmed half-day as it is (and counts it).
pub async fn an_unconfirmed_sheet_leaves_a_confirmed_half_day_alone<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, absent(official(Official::P)))],
            w.admin.id,
            0,
            true,
        ))
        .await
        .unwrap();
    for mark in [Mark::Present, absent(official(Official::B))] {
        let outcome = store
            .record_sheet(&sheet(
                s,
                dec(3),
                Half::Am,
                vec![(w.lotte.id, mark)],
                w.teacher.id,
                1,
                false,
            ))
            .await
            .unwrap();
        assert_eq!(outcome.absent, 1);
        assert!(outcome.alerts.is_empty());
    }
    let rows = store
        .half_day(s, dec(3), Half::Am, &[w.lotte.id])
        .await
        .unwrap();
    assert_eq!(rows[0].code, official(Official::P));
    assert!(rows[0].confirmed);
    assert_eq!(rows[0].registered_by, Some(w.admin.id));
    // A confirming sheet changes it.
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, Mark::Present)],
            w.admin.id,
            2,
            true,
        ))
        .await
        .unwrap();
    assert!(
        store
            .half_day(s, dec(3), Half::Am, &[w.lotte.id])
            .await
            .unwrap()
            .is_empty()
    );
}

/// Unknown (and an unconfirmed `B`) on a date a note covers is written as `Z` with it.
pub async fn an_unexplained_half_day_a_note_covers_is_written_as_z<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let n = note(s, &w.lotte, &w.lotte_mama, 3, 4);
    store
        .insert_note(&n, 4, crate::model::SchoolYear::of(dec(3)))
        .await
        .unwrap();
    let outcome = store
        .record_sheet(&sheet(
            s,
            dec(4),
            Half::Am,
            vec![(w.lotte.id, absent(Code::Unknown))],
            w.teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    assert!(
        outcome.alerts.is_empty(),
        "the parents told the school first"
    );
    store
        .record_sheet(&sheet(
            s,
            dec(4),
            Half::Pm,
            vec![(w.lotte.id, absent(official(Official::B)))],
            w.teacher.id,
            1,
            false,
        ))
        .await
        .unwrap();
    for half in Half::BOTH {
        let r = &store
            .half_day(s, dec(4), half, &[w.lotte.id])
            .await
            .unwrap()[0];
        assert_eq!(r.code, official(Official::Z));
        assert_eq!(r.note, Some(n.id));
    }
    // Another code stays; a day the note does not cover stays unknown.
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, absent(official(Official::R)))],
            w.teacher.id,
            2,
            false,
        ))
        .await
        .unwrap();
    store
        .record_sheet(&sheet(
            s,
            dec(7),
            Half::Am,
            vec![(w.lotte.id, absent(Code::Unknown))],
            w.teacher.id,
            3,
            false,
        ))
        .await
        .unwrap();
    let r = &store
        .half_day(s, dec(3), Half::Am, &[w.lotte.id])
        .await
        .unwrap()[0];
    assert_eq!((r.code.clone(), r.note), (official(Official::R), None));
    let r = &store
        .half_day(s, dec(7), Half::Am, &[w.lotte.id])
        .await
        .unwrap()[0];
    assert_eq!((r.code.clone(), r.note), (Code::Unknown, None));
    // A confirming sheet's explicit B stands; its unknown is still justified.
    store
        .record_sheet(&sheet(
            s,
            dec(4),
            Half::Pm,
            vec![(w.lotte.id, absent(official(Official::B)))],
            w.admin.id,
            4,
            true,
        ))
        .await
        .unwrap();
    let r = &store
        .half_day(s, dec(4), Half::Pm, &[w.lotte.id])
        .await
        .unwrap()[0];
    assert_eq!((r.code.clone(), r.note), (official(Official::B), None));
}

/// Each change of a code, an appearance and a removal is one audit row, newest first.
pub async fn every_change_is_audited_newest_first<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let marks = [
        (absent(Code::Unknown), w.teacher.id),
        (absent(Code::Unknown), w.teacher.id), // no change: no row
        (absent(official(Official::Z)), w.admin.id),
        (Mark::Present, w.admin.id),
    ];
    for (minute, (mark, by)) in marks.into_iter().enumerate() {
        let confirms = by == w.admin.id;
        store
            .record_sheet(&sheet(
                s,
                dec(3),
                Half::Am,
                vec![(w.lotte.id, mark)],
                by,
                u32::try_from(minute).unwrap(),
                confirms,
            ))
            .await
            .unwrap();
    }
    let changes = store.changes(s, w.lotte.id).await.unwrap();
    let seen: Vec<_> = changes
        .iter()
        .map(|c| (c.from.as_deref(), c.to.as_deref(), c.by, c.at))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Some("Z"), None, Some(w.admin.id), at(3)),
            (Some("?"), Some("Z"), Some(w.admin.id), at(2)),
            (None, Some("?"), Some(w.teacher.id), at(0)),
        ]
    );
    assert!(
        changes
            .iter()
            .all(|c| c.pupil == w.lotte.id && c.date == dec(3) && c.half == Half::Am)
    );
    assert!(
        store
            .changes(w.other_school, w.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.changes(s, w.ella.id).await.unwrap().is_empty());
}

/// An unexplained half-day raises one alert, however often it is written.
pub async fn an_alert_is_raised_once_per_pupil_per_half_day<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let first = sheet(
        s,
        dec(3),
        Half::Am,
        vec![(w.lotte.id, absent(Code::Unknown))],
        w.teacher.id,
        0,
        false,
    );
    let outcome = store.record_sheet(&first).await.unwrap();
    assert_eq!(outcome.alerts.len(), 1);
    let alert = &outcome.alerts[0];
    assert_eq!(alert.id, first.entries[0].alert);
    assert_eq!(
        (
            alert.school,
            alert.pupil,
            alert.date,
            alert.half,
            alert.raised_at
        ),
        (s, w.lotte.id, dec(3), Half::Am, at(0))
    );
    for (minute, mark) in [
        absent(Code::Unknown),
        absent(official(Official::Z)),
        Mark::Present,
        absent(official(Official::B)),
    ]
    .into_iter()
    .enumerate()
    {
        let again = store
            .record_sheet(&sheet(
                s,
                dec(3),
                Half::Am,
                vec![(w.lotte.id, mark)],
                w.teacher.id,
                u32::try_from(minute).unwrap() + 1,
                false,
            ))
            .await
            .unwrap();
        assert!(
            again.alerts.is_empty(),
            "edit {minute} raised a second alert"
        );
    }
    // The afternoon is another half-day; ella is another pupil.
    let pm = store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Pm,
            vec![
                (w.lotte.id, absent(Code::Unknown)),
                (w.ella.id, absent(official(Official::B))),
            ],
            w.teacher.id,
            9,
            false,
        ))
        .await
        .unwrap();
    assert_eq!(pm.alerts.len(), 2);
    assert_eq!(store.unsent_alerts(100).await.unwrap().len(), 3);
}

/// A half-day justified from the start raises none.
pub async fn no_alert_for_a_justified_half_day<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    for o in [
        Official::R,
        Official::Z,
        Official::P,
        Official::H,
        Official::M,
        Official::A,
    ] {
        let outcome = store
            .record_sheet(&sheet(
                w.school,
                dec(3),
                Half::Am,
                vec![(w.lotte.id, absent(official(o)))],
                w.teacher.id,
                0,
                false,
            ))
            .await
            .unwrap();
        assert!(outcome.alerts.is_empty(), "{o} raised an alert");
    }
    assert!(store.unsent_alerts(100).await.unwrap().is_empty());
}

/// Sheets of one half-day written at once raise one alert between them.
pub async fn sheets_at_once_raise_one_alert<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let sheets: Vec<_> = (0..8)
        .map(|i| {
            let code = if i % 2 == 0 {
                Code::Unknown
            } else {
                official(Official::B)
            };
            sheet(
                w.school,
                dec(3),
                Half::Am,
                vec![
                    (w.lotte.id, absent(code)),
                    (w.ella.id, absent(Code::Unknown)),
                ],
                w.teacher.id,
                i,
                false,
            )
        })
        .collect();
    let outcomes = join_all(sheets.iter().map(|sh| store.record_sheet(sh))).await;
    let alerts: usize = outcomes.into_iter().map(|o| o.unwrap().alerts.len()).sum();
    assert_eq!(alerts, 2, "one for lotte, one for ella");
    assert_eq!(store.unsent_alerts(100).await.unwrap().len(), 2);
    let rows = store
        .half_day(w.school, dec(3), Half::Am, &[w.lotte.id, w.ella.id])
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
}

/// `registrations` lists by pupil, date and half, within the dates and the school.
pub async fn registrations_are_listed_in_order_within_the_school<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    for (day, half) in [(4, Half::Pm), (2, Half::Am), (4, Half::Am), (9, Half::Am)] {
        store
            .record_sheet(&sheet(
                s,
                dec(day),
                half,
                vec![
                    (w.lotte.id, absent(Code::Unknown)),
                    (w.ella.id, absent(official(Official::Z))),
                ],
                w.teacher.id,
                day,
                false,
            ))
            .await
            .unwrap();
    }
    store
        .record_sheet(&sheet(
            w.other_school,
            dec(4),
            Half::Am,
            vec![(w.other_pupil.id, absent(Code::Unknown))],
            w.other_teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    let lotte: Vec<_> = store
        .registrations(s, Some(w.lotte.id), dec(2), dec(4))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.date, r.half))
        .collect();
    assert_eq!(
        lotte,
        vec![(dec(2), Half::Am), (dec(4), Half::Am), (dec(4), Half::Pm)]
    );
    let all = store.registrations(s, None, dec(1), dec(31)).await.unwrap();
    assert_eq!(all.len(), 8);
    assert!(all.iter().all(|r| r.school == s));
    let keys: Vec<_> = all.iter().map(|r| (r.pupil, r.date, r.half)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(
        store
            .registrations(s, Some(w.other_pupil.id), dec(1), dec(31))
            .await
            .unwrap()
            .is_empty()
    );
}

/// `half_day` reads the given pupils' registrations of one half-day.
pub async fn the_half_day_of_given_pupils_is_read<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Am,
            vec![
                (w.lotte.id, absent(Code::Unknown)),
                (w.noah.id, absent(Code::Unknown)),
            ],
            w.admin.id,
            0,
            true,
        ))
        .await
        .unwrap();
    store
        .record_sheet(&sheet(
            s,
            dec(3),
            Half::Pm,
            vec![(w.ella.id, absent(Code::Unknown))],
            w.teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    let rows = store
        .half_day(s, dec(3), Half::Am, &[w.lotte.id, w.ella.id])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].pupil, w.lotte.id);
    assert!(rows[0].confirmed);
    assert!(
        store
            .half_day(w.other_school, dec(3), Half::Am, &[w.lotte.id])
            .await
            .unwrap()
            .is_empty()
    );
}

/// The follow-up counts official `B` (school codes mapped to it too) in the dates, most
/// first, with the half-days oldest first.
pub async fn the_follow_up_counts_problematic_half_days_most_first<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let sp = Code::School(CodeName::from_stored("SP".into()), Official::B);
    let mut minute = 0;
    let mut put = |pupil, day, half, code: Code| {
        minute += 1;
        sheet(
            s,
            dec(day),
            half,
            vec![(pupil, absent(code))],
            w.admin.id,
            minute,
            true,
        )
    };
    let sheets = vec![
        put(w.lotte.id, 7, Half::Am, official(Official::B)),
        put(w.lotte.id, 2, Half::Pm, sp.clone()),
        put(w.lotte.id, 2, Half::Am, official(Official::B)),
        put(w.noah.id, 3, Half::Am, official(Official::B)),
        put(w.noah.id, 4, Half::Am, sp),
        put(w.noah.id, 5, Half::Am, Code::Unknown),
        put(w.ella.id, 3, Half::Am, official(Official::B)),
        put(w.ella.id, 4, Half::Am, official(Official::Z)),
        put(w.lotte.id, 30, Half::Am, official(Official::B)),
    ];
    for sh in &sheets {
        store.record_sheet(sh).await.unwrap();
    }
    store
        .record_sheet(&sheet(
            w.other_school,
            dec(3),
            Half::Am,
            vec![(w.other_pupil.id, absent(official(Official::B)))],
            w.other_teacher.id,
            0,
            true,
        ))
        .await
        .unwrap();
    let rows = store.follow_up(s, dec(1), dec(29), 2).await.unwrap();
    let seen: Vec<_> = rows
        .iter()
        .map(|r| (r.pupil, r.half_days.clone()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                w.lotte.id,
                vec![
                    HalfDay {
                        date: dec(2),
                        half: Half::Am
                    },
                    HalfDay {
                        date: dec(2),
                        half: Half::Pm
                    },
                    HalfDay {
                        date: dec(7),
                        half: Half::Am
                    },
                ]
            ),
            (
                w.noah.id,
                vec![
                    HalfDay {
                        date: dec(3),
                        half: Half::Am
                    },
                    HalfDay {
                        date: dec(4),
                        half: Half::Am
                    },
                ]
            ),
        ]
    );
    let one = store.follow_up(s, dec(1), dec(31), 1).await.unwrap();
    assert_eq!(one.len(), 3);
    assert_eq!(one[0].half_days.len(), 4);
    assert!(
        store
            .follow_up(s, dec(1), dec(31), 5)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Settling turns unknown half-days up to a date into `B`, audited by nobody, in one
/// school; the schools to visit are those with unknown half-days.
pub async fn settling_makes_old_unknown_half_days_problematic_in_one_school<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    for (pupil, day, code) in [
        (w.lotte.id, 1, Code::Unknown),
        (w.lotte.id, 2, Code::Unknown),
        (w.lotte.id, 3, Code::Unknown),
        (w.ella.id, 1, official(Official::Z)),
    ] {
        store
            .record_sheet(&sheet(
                s,
                dec(day),
                Half::Am,
                vec![(pupil, absent(code))],
                w.teacher.id,
                day,
                false,
            ))
            .await
            .unwrap();
    }
    store
        .record_sheet(&sheet(
            w.other_school,
            dec(1),
            Half::Am,
            vec![(w.other_pupil.id, absent(Code::Unknown))],
            w.other_teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    let mut schools = store.schools_with_unknown(dec(2)).await.unwrap();
    schools.sort();
    let mut both = vec![s, w.other_school];
    both.sort();
    assert_eq!(schools, both);
    assert_eq!(store.settle_unknown(s, dec(2), at(30)).await.unwrap(), 2);
    let codes: Vec<_> = store
        .registrations(s, None, dec(1), dec(31))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.pupil, r.date, r.code))
        .collect();
    assert!(codes.contains(&(w.lotte.id, dec(1), official(Official::B))));
    assert!(codes.contains(&(w.lotte.id, dec(2), official(Official::B))));
    assert!(codes.contains(&(w.lotte.id, dec(3), Code::Unknown)));
    assert!(codes.contains(&(w.ella.id, dec(1), official(Official::Z))));
    let last = &store.changes(s, w.lotte.id).await.unwrap()[0];
    assert_eq!(
        (last.from.as_deref(), last.to.as_deref(), last.by, last.at),
        (Some("?"), Some("B"), None, at(30))
    );
    let other = store
        .registrations(w.other_school, None, dec(1), dec(31))
        .await
        .unwrap();
    assert_eq!(other[0].code, Code::Unknown);
    assert_eq!(store.settle_unknown(s, dec(2), at(31)).await.unwrap(), 0);
    assert_eq!(
        store.schools_with_unknown(dec(2)).await.unwrap(),
        vec![w.other_school]
    );
}

/// `registrations_page` pages in key order after a key, for the given pupils only, within
/// the dates and the school.
pub async fn registrations_are_paged_in_key_order_for_the_given_pupils<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    for day in [2, 3, 4, 9] {
        for half in Half::BOTH {
            store
                .record_sheet(&sheet(
                    s,
                    dec(day),
                    half,
                    vec![
                        (w.lotte.id, absent(Code::Unknown)),
                        (w.ella.id, absent(official(Official::Z))),
                        (w.noah.id, absent(official(Official::R))),
                    ],
                    w.admin.id,
                    day,
                    true,
                ))
                .await
                .unwrap();
        }
    }
    store
        .record_sheet(&sheet(
            w.other_school,
            dec(3),
            Half::Am,
            vec![(w.other_pupil.id, absent(Code::Unknown))],
            w.other_teacher.id,
            0,
            false,
        ))
        .await
        .unwrap();
    // Every pupil, three at a time, dates 2–4 only: 3 pupils × 3 days × 2 halves.
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .registrations_page(s, None, dec(2), dec(4), after, 3)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        after = page.last().map(crate::model::Registration::key);
        all.extend(page);
    }
    assert_eq!(all.len(), 18);
    assert!(all.iter().all(|r| r.school == s && r.date <= dec(4)));
    let keys: Vec<_> = all.iter().map(crate::model::Registration::key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "in key order, none twice");
    // Only the given pupils.
    let some = store
        .registrations_page(
            s,
            Some(vec![w.lotte.id, w.other_pupil.id]),
            dec(1),
            dec(31),
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(some.len(), 8);
    assert!(some.iter().all(|r| r.pupil == w.lotte.id));
    assert!(
        store
            .registrations_page(s, Some(Vec::new()), dec(1), dec(31), None, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .registrations_page(
                w.other_school,
                Some(vec![w.lotte.id]),
                dec(1),
                dec(31),
                None,
                100
            )
            .await
            .unwrap()
            .is_empty()
    );
}
