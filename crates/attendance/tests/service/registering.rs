//! Registering half-days: the class register, who may, on which days, and confirmed
//! half-days.

use schoolbrug_attendance::{AttendanceError, Half};
use schoolbrug_kernel::Role;

use crate::{actor, dec, fixture, gone, refused};

#[tokio::test]
async fn the_teacher_registers_the_class_and_everyone_else_is_present() {
    let f = fixture().await;
    let w = &f.w;
    let outcome = f
        .attendance
        .register_class(
            &actor(&w.teacher),
            w.class_3a,
            dec(3),
            Half::Am,
            vec![gone(&w.lotte, None), gone(&w.ella, Some("Z"))],
        )
        .await
        .unwrap();
    assert_eq!(outcome.absent, 2);
    assert_eq!(f.december(&w.lotte).await, vec![(3, Half::Am, "?".into())]);
    // Ella came in after all: the next register of the half-day says so.
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    assert!(f.december(&w.ella).await.is_empty());
    let half_day = f
        .attendance
        .class_half_day(&actor(&w.teacher), w.class_3a, dec(3), Half::Am)
        .await
        .unwrap();
    assert_eq!(half_day.class.pupils.len(), 2);
    assert_eq!(half_day.registrations.len(), 1);
    assert!(!half_day.registrations[0].confirmed);
}

#[tokio::test]
async fn nobody_registers_a_class_they_do_not_teach() {
    let f = fixture().await;
    let w = &f.w;
    let other_school_teacher = &w.other_teacher;
    for intruder in [
        &f.teacher_3b,
        &w.counsellor,
        &w.lotte,
        &w.lotte_mama,
        other_school_teacher,
    ] {
        let result = f
            .attendance
            .register_class(
                &actor(intruder),
                w.class_3a,
                dec(3),
                Half::Am,
                vec![gone(&w.lotte, None)],
            )
            .await;
        assert!(
            matches!(result, Err(AttendanceError::NotFound)),
            "{intruder:?}: {result:?}"
        );
        let result = f
            .attendance
            .set_absence(&actor(intruder), w.lotte.id, dec(3), Half::Am, "B", None)
            .await;
        assert!(
            matches!(result, Err(AttendanceError::NotFound)),
            "{intruder:?}: {result:?}"
        );
        let result = f
            .attendance
            .class_half_day(&actor(intruder), w.class_3a, dec(3), Half::Am)
            .await;
        assert!(matches!(result, Err(AttendanceError::NotFound)));
    }
    // A group that is not a class has no register.
    let result = f
        .attendance
        .register_class(&actor(&w.admin), w.choir, dec(3), Half::Am, vec![])
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    assert!(f.december(&w.lotte).await.is_empty());
}

#[tokio::test]
async fn only_school_days_and_for_teachers_not_ahead() {
    let f = fixture().await;
    let w = &f.w;
    for (day, code) in [
        (5, "not_a_school_day"),
        (8, "not_a_school_day"),
        (4, "in_the_future"),
    ] {
        let result = f
            .attendance
            .register_class(
                &actor(&w.teacher),
                w.class_3a,
                dec(day),
                Half::Am,
                vec![gone(&w.lotte, None)],
            )
            .await;
        assert_eq!(
            refused(result),
            vec![("date".to_owned(), code.to_owned())],
            "day {day}"
        );
    }
    // The absence administrator registers a planned absence ahead, never on a free day.
    f.attendance
        .set_absence(&actor(&w.admin), w.lotte.id, dec(4), Half::Pm, "P", None)
        .await
        .unwrap();
    let result = f
        .attendance
        .set_absence(&actor(&w.admin), w.lotte.id, dec(8), Half::Am, "P", None)
        .await;
    assert_eq!(
        refused(result),
        vec![("date".to_owned(), "not_a_school_day".to_owned())]
    );
}

#[tokio::test]
async fn a_register_naming_a_pupil_of_another_class_or_twice_or_an_unknown_code_writes_nothing() {
    let f = fixture().await;
    let w = &f.w;
    let result = f
        .attendance
        .register_class(
            &actor(&w.teacher),
            w.class_3a,
            dec(3),
            Half::Am,
            vec![
                gone(&w.lotte, None),
                gone(&w.noah, None),
                gone(&w.lotte, None),
                gone(&w.ella, Some("XX")),
                gone(&w.other_pupil, None),
            ],
        )
        .await;
    assert_eq!(
        refused(result),
        vec![
            ("absent[1].pupil".to_owned(), "not_in_class".to_owned()),
            ("absent[2].pupil".to_owned(), "duplicate".to_owned()),
            ("absent[3].code".to_owned(), "unknown_code".to_owned()),
            ("absent[4].pupil".to_owned(), "not_in_class".to_owned()),
        ]
    );
    assert!(f.december(&w.lotte).await.is_empty());
    assert!(f.alerts.sent().is_empty());
}

#[tokio::test]
async fn a_teacher_does_not_change_a_confirmed_half_day_and_the_absence_administrator_does() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    // The teacher is named absence administrator by the admin? No: the counsellor is.
    f.attendance
        .set_administrators(&actor(&w.admin), vec![w.counsellor.id])
        .await
        .unwrap();
    f.attendance
        .set_absence(
            &actor(&w.counsellor),
            w.lotte.id,
            dec(3),
            Half::Am,
            "R",
            Some("Begrafenis".into()),
        )
        .await
        .unwrap();
    let result = f
        .attendance
        .set_absence(&actor(&w.teacher), w.lotte.id, dec(3), Half::Am, "B", None)
        .await;
    assert!(
        matches!(result, Err(AttendanceError::Forbidden)),
        "{result:?}"
    );
    let result = f
        .attendance
        .clear_absence(&actor(&w.teacher), w.lotte.id, dec(3), Half::Am)
        .await;
    assert!(matches!(result, Err(AttendanceError::Forbidden)));
    // The class register leaves it as it is.
    f.register_3a(dec(3), Half::Am, vec![]).await;
    assert_eq!(f.december(&w.lotte).await, vec![(3, Half::Am, "R".into())]);
    let changes = f
        .attendance
        .changes(&actor(&w.counsellor), w.lotte.id)
        .await
        .unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        (
            changes[0].from.as_deref(),
            changes[0].to.as_deref(),
            changes[0].by
        ),
        (Some("?"), Some("R"), Some(w.counsellor.id))
    );
    f.attendance
        .clear_absence(&actor(&w.counsellor), w.lotte.id, dec(3), Half::Am)
        .await
        .unwrap();
    assert!(f.december(&w.lotte).await.is_empty());
}

#[tokio::test]
async fn only_the_admin_names_absence_administrators_and_only_staff_of_the_school() {
    let f = fixture().await;
    let w = &f.w;
    let result = f
        .attendance
        .set_administrators(&actor(&w.counsellor), vec![w.counsellor.id])
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    let result = f
        .attendance
        .set_administrators(
            &actor(&w.admin),
            vec![
                w.teacher.id,
                w.lotte.id,
                w.other_teacher.id,
                w.lotte_mama.id,
            ],
        )
        .await;
    assert_eq!(
        refused(result),
        vec![
            ("accounts[1]".to_owned(), "not_staff".to_owned()),
            ("accounts[2]".to_owned(), "not_staff".to_owned()),
            ("accounts[3]".to_owned(), "not_staff".to_owned()),
        ]
    );
    f.attendance
        .set_administrators(&actor(&w.admin), vec![w.teacher.id, w.teacher.id])
        .await
        .unwrap();
    assert_eq!(
        f.attendance
            .absence_administrators(&actor(&w.admin))
            .await
            .unwrap(),
        vec![w.teacher.id]
    );
    let choices = f
        .attendance
        .administrator_choices(&actor(&w.admin))
        .await
        .unwrap();
    assert!(choices.contains(&(w.teacher.id, "Tom Leerkracht".to_owned(), true)));
    assert!(choices.contains(&(w.counsellor.id, "Chris Begeleider".to_owned(), false)));
    assert!(
        choices
            .iter()
            .all(|(id, _, _)| *id != w.lotte.id && *id != w.other_teacher.id)
    );
    assert!(matches!(
        f.attendance.administrator_choices(&actor(&w.teacher)).await,
        Err(AttendanceError::NotFound)
    ));
    // Now the teacher registers any class, confirmed.
    f.attendance
        .set_absence(&actor(&w.teacher), w.noah.id, dec(3), Half::Am, "Z", None)
        .await
        .unwrap();
    let noah = f.december(&w.noah).await;
    assert_eq!(noah, vec![(3, Half::Am, "Z".into())]);
    let classes = f
        .attendance
        .register_classes(&actor(&w.teacher))
        .await
        .unwrap();
    assert_eq!(classes.len(), 2);
    // A pupil named administrator by a stale list stays powerless: the role is staff's.
    assert!(!Role::Pupil.is_staff());
}
