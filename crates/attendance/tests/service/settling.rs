//! The automatic `B`, the follow-up list, the school's own codes and the export, and
//! erasure.

use schoolbrug_attendance::service::SettingsDraft;
use schoolbrug_attendance::{AttendanceError, Half, Official};

use crate::{actor, dec, fixture, gone, local, refused};

#[tokio::test]
async fn unknown_becomes_b_after_the_school_s_number_of_school_days() {
    let f = fixture().await;
    let w = &f.w;
    // Thursday 3 December, unknown; 3 school days later is Tuesday 8th, a free day, so
    // Wednesday the 9th (Fri 4, Mon 7, Wed 9).
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    for (m, d) in [(12, 4), (12, 7), (12, 8)] {
        f.clock.set(local(m, d, 7, 0));
        assert_eq!(f.attendance.settle_unknown().await.unwrap(), 0, "{m}-{d}");
    }
    f.clock.set(local(12, 9, 7, 0));
    assert_eq!(f.attendance.settle_unknown().await.unwrap(), 1);
    assert_eq!(f.december(&w.lotte).await, vec![(3, Half::Am, "B".into())]);
    let last = &f
        .attendance
        .changes(&actor(&w.admin), w.lotte.id)
        .await
        .unwrap()[0];
    assert_eq!((last.to.as_deref(), last.by), (Some("B"), None));
    // The parents were told once, when it was registered: not again now.
    assert_eq!(f.alerts.sent().len(), 1);
}

#[tokio::test]
async fn the_follow_up_lists_pupils_from_the_threshold_most_first_and_those_at_risk() {
    let f = fixture().await;
    let w = &f.w;
    f.attendance
        .change_settings(
            &actor(&w.admin),
            SettingsDraft {
                guidance_threshold: Some(2),
                allowance_threshold: Some(3),
                ..SettingsDraft::default()
            },
        )
        .await
        .unwrap();
    let admin = actor(&w.admin);
    for (pupil, days) in [
        (&w.lotte, vec![1, 2, 3]),
        (&w.noah, vec![2, 3]),
        (&w.ella, vec![1]),
    ] {
        for d in days {
            f.attendance
                .set_absence(&admin, pupil.id, dec(d), Half::Am, "B", None)
                .await
                .unwrap();
        }
    }
    let list = f
        .attendance
        .follow_up(&actor(&w.counsellor), None)
        .await
        .unwrap();
    let seen: Vec<_> = list
        .iter()
        .map(|l| {
            (
                l.pupil.first_name.as_str(),
                l.half_days.len(),
                l.allowance_at_risk,
            )
        })
        .collect();
    assert_eq!(seen, vec![("Lotte", 3, true), ("Noah", 2, false)]);
    assert_eq!(list[0].half_days[0].date, dec(1));
    let everyone = f
        .attendance
        .follow_up(&actor(&w.counsellor), Some(1))
        .await
        .unwrap();
    assert_eq!(everyone.len(), 3);
    for threshold in [0, 367, u32::MAX] {
        assert_eq!(
            refused(
                f.attendance
                    .follow_up(&actor(&w.counsellor), Some(threshold))
                    .await
            ),
            vec![("threshold".to_owned(), "out_of_range".to_owned())]
        );
    }
}

#[tokio::test]
async fn a_school_code_counts_as_its_official_code_and_the_export_carries_the_official_one() {
    let f = fixture().await;
    let w = &f.w;
    let admin = actor(&w.admin);
    f.attendance
        .change_settings(
            &admin,
            SettingsDraft {
                codes: vec![
                    (
                        "TL".into(),
                        "Te laat zonder geldige reden".into(),
                        "B".into(),
                    ),
                    ("DOK".into(), "Doktersbezoek".into(), "Z".into()),
                ],
                ..SettingsDraft::default()
            },
        )
        .await
        .unwrap();
    f.register_3a(
        dec(3),
        Half::Am,
        vec![gone(&w.lotte, Some("TL")), gone(&w.ella, Some("DOK"))],
    )
    .await;
    assert_eq!(f.alerts.sent().len(), 1, "TL is problematic, DOK is not");
    let list = f
        .attendance
        .follow_up(&actor(&w.counsellor), Some(1))
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    let export = f
        .attendance
        .export(&admin, Some(dec(1)), Some(dec(31)))
        .await
        .unwrap();
    let lines: Vec<_> = export
        .iter()
        .map(|l| (l.pupil.first_name.as_str(), l.official))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.contains(&("Lotte", Some(Official::B))));
    assert!(lines.contains(&("Ella", Some(Official::Z))));
    let codes = f
        .attendance
        .absence_settings(&actor(&w.lotte_mama))
        .await
        .unwrap();
    assert_eq!(codes.codes.len(), 2);
}

#[tokio::test]
async fn codes_and_rules_are_set_by_absence_administrators_and_checked_field_by_field() {
    let f = fixture().await;
    let w = &f.w;
    let draft = SettingsDraft {
        codes: vec![
            ("Z".into(), "Ziek".into(), "Z".into()),
            ("OK".into(), String::new(), "Q".into()),
            ("SP".into(), "Spijbelen".into(), "B".into()),
            ("SP".into(), "Spijbelen".into(), "B".into()),
        ],
        unknown_becomes_b_after_days: Some(0),
        allowance_threshold: Some(400),
        ..SettingsDraft::default()
    };
    for who in [&w.teacher, &w.counsellor, &w.lotte_mama] {
        let result = f
            .attendance
            .change_settings(&actor(who), draft.clone())
            .await;
        assert!(matches!(result, Err(AttendanceError::NotFound)));
    }
    let result = f.attendance.change_settings(&actor(&w.admin), draft).await;
    assert_eq!(
        refused(result),
        vec![
            ("codes[0].code".to_owned(), "reserved".to_owned()),
            ("codes[1].label".to_owned(), "invalid".to_owned()),
            ("codes[1].official".to_owned(), "unknown_code".to_owned()),
            ("codes[3].code".to_owned(), "duplicate".to_owned()),
            (
                "unknown_becomes_b_after_days".to_owned(),
                "out_of_range".to_owned()
            ),
            ("allowance_threshold".to_owned(), "out_of_range".to_owned()),
        ]
    );
    assert!(
        f.attendance
            .absence_settings(&actor(&w.admin))
            .await
            .unwrap()
            .codes
            .is_empty()
    );
}

#[tokio::test]
async fn erasing_a_pupil_removes_its_absences() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(
        dec(3),
        Half::Am,
        vec![gone(&w.lotte, None), gone(&w.ella, None)],
    )
    .await;
    f.attendance
        .erasure_hook()
        .erase_account_data(w.school, w.lotte.id)
        .await
        .unwrap();
    assert!(f.december(&w.lotte).await.is_empty());
    assert_eq!(f.december(&w.ella).await.len(), 1);
}

#[tokio::test]
async fn the_export_comes_a_page_at_a_time_and_only_to_absence_administrators() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(
        dec(3),
        Half::Am,
        vec![gone(&w.lotte, None), gone(&w.ella, Some("Z"))],
    )
    .await;
    f.register_3a(dec(3), Half::Pm, vec![gone(&w.lotte, Some("R"))])
        .await;
    let admin = actor(&w.admin);
    let mut lines = Vec::new();
    let mut after = None;
    loop {
        let page = f
            .attendance
            .export_page(&admin, Some(dec(1)), Some(dec(31)), after, 1)
            .await
            .unwrap();
        assert!(page.lines.len() <= 1);
        lines.extend(page.lines);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines,
        f.attendance
            .export(&admin, Some(dec(1)), Some(dec(31)))
            .await
            .unwrap()
    );
    let result = f
        .attendance
        .export_page(&actor(&w.teacher), None, None, None, 10)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
}
