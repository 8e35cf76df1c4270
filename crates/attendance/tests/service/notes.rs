//! Parents' notes: at most three calendar days, four a school year (or the school's own
//! numbers), handed in by a parent of the child only.

use schoolbrug_attendance::service::SettingsDraft;
use schoolbrug_attendance::{AttendanceError, Half};

use crate::{actor, dec, fixture, gone, refused};

#[tokio::test]
async fn a_note_for_today_and_tomorrow_turns_both_days_into_z() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    assert_eq!(f.alerts.sent().len(), 1, "the mother was told this morning");
    f.attendance
        .hand_in_note(
            &actor(&w.lotte_mama),
            w.lotte.id,
            dec(3),
            dec(4),
            "illness",
            Some("Griep".into()),
        )
        .await
        .unwrap();
    assert_eq!(f.december(&w.lotte).await, vec![(3, Half::Am, "Z".into())]);
    // Tomorrow, the teacher marks her absent: it is Z at once, and nobody is alerted.
    f.clock.set(crate::local(12, 4, 8, 35));
    f.register_3a(dec(4), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    assert_eq!(
        f.december(&w.lotte).await,
        vec![(3, Half::Am, "Z".into()), (4, Half::Am, "Z".into())]
    );
    assert_eq!(f.alerts.sent().len(), 1);
    let seen = f
        .attendance
        .child_absences(&actor(&w.lotte_mama), w.lotte.id, None, None)
        .await
        .unwrap();
    assert_eq!(seen.totals.get("Z"), Some(&2));
    assert_eq!(seen.notes.len(), 1);
    assert_eq!(seen.notes_left, 3);
    assert!(seen.items.iter().all(|r| r.note == Some(seen.notes[0].id)));
}

#[tokio::test]
async fn more_than_three_days_or_a_fifth_note_needs_a_medical_certificate() {
    let f = fixture().await;
    let w = &f.w;
    let mama = actor(&w.lotte_mama);
    let result = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(1), dec(4), "illness", None)
        .await;
    assert_eq!(
        refused(result),
        vec![("to".to_owned(), "too_long".to_owned())]
    );
    for (from, to) in [(1, 1), (2, 2), (3, 3), (4, 4)] {
        f.attendance
            .hand_in_note(&mama, w.lotte.id, dec(from), dec(to), "illness", None)
            .await
            .unwrap();
    }
    let fifth = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(7), dec(7), "illness", None)
        .await;
    match fifth {
        Err(AttendanceError::Invalid(errors)) => {
            assert_eq!(errors[0].code, "quota_reached");
            assert!(
                errors[0].message.contains("medical certificate"),
                "{}",
                errors[0].message
            );
        }
        other => panic!("{other:?}"),
    }
    let overlapping = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(4), dec(4), "illness", None)
        .await;
    assert_eq!(refused(overlapping)[0].1, "quota_reached");
}

#[tokio::test]
async fn the_school_sets_its_own_note_rules() {
    let f = fixture().await;
    let w = &f.w;
    f.attendance
        .change_settings(
            &actor(&w.admin),
            SettingsDraft {
                note_max_days: Some(2),
                notes_per_year: Some(1),
                ..SettingsDraft::default()
            },
        )
        .await
        .unwrap();
    let mama = actor(&w.lotte_mama);
    let three = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(1), dec(3), "illness", None)
        .await;
    assert_eq!(
        refused(three),
        vec![("to".to_owned(), "too_long".to_owned())]
    );
    f.attendance
        .hand_in_note(&mama, w.lotte.id, dec(1), dec(2), "illness", None)
        .await
        .unwrap();
    let second = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(3), dec(3), "illness", None)
        .await;
    assert_eq!(
        refused(second),
        vec![("from".to_owned(), "quota_reached".to_owned())]
    );
}

#[tokio::test]
async fn a_note_is_a_parent_s_for_their_own_child_for_an_illness_near_today() {
    let f = fixture().await;
    let w = &f.w;
    for who in [&w.lotte, &w.teacher, &w.admin] {
        let result = f
            .attendance
            .hand_in_note(&actor(who), w.lotte.id, dec(3), dec(3), "illness", None)
            .await;
        assert!(matches!(result, Err(AttendanceError::Forbidden)), "{who:?}");
    }
    for child in [&w.ella, &w.other_pupil] {
        let result = f
            .attendance
            .hand_in_note(
                &actor(&w.lotte_mama),
                child.id,
                dec(3),
                dec(3),
                "illness",
                None,
            )
            .await;
        assert!(matches!(result, Err(AttendanceError::NotFound)));
    }
    let mama = actor(&w.lotte_mama);
    let cases = [
        ((3, 3), "holiday", ("reason", "unsupported_reason")),
        ((4, 3), "illness", ("to", "before_from")),
        ((11, 11), "illness", ("to", "too_early")),
    ];
    for ((from, to), reason, (field, code)) in cases {
        let result = f
            .attendance
            .hand_in_note(&mama, w.lotte.id, dec(from), dec(to), reason, None)
            .await;
        assert_eq!(refused(result), vec![(field.to_owned(), code.to_owned())]);
    }
    let long_ago = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let result = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, long_ago, long_ago, "illness", None)
        .await;
    assert_eq!(
        refused(result),
        vec![("from".to_owned(), "too_late".to_owned())]
    );
    let essay = "x".repeat(1_001);
    let result = f
        .attendance
        .hand_in_note(&mama, w.lotte.id, dec(3), dec(3), "illness", Some(essay))
        .await;
    assert_eq!(
        refused(result),
        vec![("text".to_owned(), "too_long".to_owned())]
    );
}
