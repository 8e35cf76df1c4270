//! Who reads which absences: each rule tried by someone who should not get through.

use schoolbrug_attendance::{AttendanceError, Half};

use crate::{actor, dec, fixture, gone};

async fn seeded() -> crate::Fixture {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(
        dec(3),
        Half::Am,
        vec![gone(&w.lotte, None), gone(&w.ella, Some("Z"))],
    )
    .await;
    f.attendance
        .register_class(
            &actor(&f.teacher_3b),
            w.class_3b,
            dec(3),
            Half::Am,
            vec![gone(&w.noah, Some("B"))],
        )
        .await
        .unwrap();
    f
}

#[tokio::test]
async fn a_pupil_reads_its_own_absences_and_never_a_classmate_s() {
    let f = seeded().await;
    let w = &f.w;
    let own = f
        .attendance
        .absences(&actor(&w.lotte), None, None, None)
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    assert!(own.iter().all(|r| r.pupil == w.lotte.id));
    let classmate = f
        .attendance
        .absences(&actor(&w.lotte), Some(w.ella.id), None, None)
        .await;
    assert!(matches!(classmate, Err(AttendanceError::NotFound)));
    let totals = f
        .attendance
        .child_absences(&actor(&w.lotte), w.ella.id, None, None)
        .await;
    assert!(matches!(totals, Err(AttendanceError::NotFound)));
}

#[tokio::test]
async fn a_parent_reads_its_child_labelled_and_nobody_else() {
    let f = seeded().await;
    let w = &f.w;
    let mama = actor(&w.lotte_mama);
    let children = f.attendance.children(&mama).await.unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(
        (
            children[0].first_name.as_str(),
            children[0].class.as_deref()
        ),
        ("Lotte", Some("3A"))
    );
    let lotte = f
        .attendance
        .child_absences(&mama, w.lotte.id, None, None)
        .await
        .unwrap();
    assert_eq!(lotte.pupil.id, w.lotte.id);
    assert_eq!(lotte.items.len(), 1);
    assert_eq!(lotte.totals.get("?"), Some(&1));
    for other in [&w.ella, &w.noah, &w.other_pupil] {
        let result = f
            .attendance
            .child_absences(&mama, other.id, None, None)
            .await;
        assert!(
            matches!(result, Err(AttendanceError::NotFound)),
            "{other:?}"
        );
    }
    let all = f
        .attendance
        .absences(&mama, None, None, None)
        .await
        .unwrap();
    assert!(all.iter().all(|r| r.pupil == w.lotte.id));
    // Staff have no children.
    assert!(
        f.attendance
            .children(&actor(&w.teacher))
            .await
            .unwrap()
            .is_empty()
    );
    // A co-account acting in another school finds nothing there.
    let mut elsewhere = mama.clone();
    elsewhere.school = w.other_school;
    assert!(f.attendance.children(&elsewhere).await.unwrap().is_empty());
    let result = f
        .attendance
        .child_absences(&elsewhere, w.lotte.id, None, None)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
}

#[tokio::test]
async fn a_teacher_reads_the_pupils_of_its_classes_only() {
    let f = seeded().await;
    let w = &f.w;
    let seen = f
        .attendance
        .absences(&actor(&w.teacher), None, None, None)
        .await
        .unwrap();
    let mut pupils: Vec<_> = seen.iter().map(|r| r.pupil).collect();
    pupils.dedup();
    assert!(!pupils.contains(&w.noah.id));
    assert_eq!(seen.len(), 2);
    let noah = f
        .attendance
        .absences(&actor(&w.teacher), Some(w.noah.id), None, None)
        .await;
    assert!(matches!(noah, Err(AttendanceError::NotFound)));
    let changes = f.attendance.changes(&actor(&w.teacher), w.lotte.id).await;
    assert!(matches!(changes, Err(AttendanceError::NotFound)));
}

#[tokio::test]
async fn counsellors_and_administrators_read_everything_of_their_school_only() {
    let f = seeded().await;
    let w = &f.w;
    for reader in [&w.counsellor, &w.admin] {
        let all = f
            .attendance
            .absences(&actor(reader), None, None, None)
            .await
            .unwrap();
        assert_eq!(all.len(), 3);
        assert!(
            f.attendance
                .changes(&actor(reader), w.noah.id)
                .await
                .is_ok()
        );
    }
    let other_teacher = actor(&w.other_teacher);
    let result = f
        .attendance
        .absences(&other_teacher, Some(w.lotte.id), None, None)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    // The other school's admin: an admin there, a stranger here.
    let mut other_admin = actor(&w.admin);
    other_admin.school = w.other_school;
    assert!(
        f.attendance
            .absences(&other_admin, None, None, None)
            .await
            .unwrap()
            .is_empty()
    );
    let result = f
        .attendance
        .absences(&other_admin, Some(w.lotte.id), None, None)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    assert!(
        f.attendance
            .export(&other_admin, None, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_follow_up_and_the_export_are_not_for_teachers_pupils_or_parents() {
    let f = seeded().await;
    let w = &f.w;
    for who in [&w.teacher, &w.lotte, &w.lotte_mama] {
        assert!(matches!(
            f.attendance.follow_up(&actor(who), None).await,
            Err(AttendanceError::NotFound)
        ));
        assert!(matches!(
            f.attendance.export(&actor(who), None, None).await,
            Err(AttendanceError::NotFound)
        ));
    }
    // The counsellor reads the follow-up but does not export.
    assert!(
        f.attendance
            .follow_up(&actor(&w.counsellor), Some(1))
            .await
            .is_ok()
    );
    assert!(matches!(
        f.attendance.export(&actor(&w.counsellor), None, None).await,
        Err(AttendanceError::NotFound)
    ));
}

#[tokio::test]
async fn a_period_is_in_order_and_at_most_four_hundred_days() {
    let f = seeded().await;
    let admin = actor(&f.w.admin);
    let result = f
        .attendance
        .absences(&admin, None, Some(dec(4)), Some(dec(3)))
        .await;
    assert_eq!(
        crate::refused(result),
        vec![("to".to_owned(), "before_from".to_owned())]
    );
    let far = chrono::NaiveDate::from_ymd_opt(2028, 6, 1).unwrap();
    let result = f.attendance.export(&admin, Some(dec(1)), Some(far)).await;
    assert_eq!(
        crate::refused(result),
        vec![("to".to_owned(), "too_long".to_owned())]
    );
}
