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
        .absences(&actor(&w.lotte), None, None, None, &crate::all())
        .await
        .unwrap()
        .items;
    assert_eq!(own.len(), 1);
    assert!(own.iter().all(|r| r.pupil == w.lotte.id));
    let classmate = f
        .attendance
        .absences(&actor(&w.lotte), Some(w.ella.id), None, None, &crate::all())
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
        .absences(&mama, None, None, None, &crate::all())
        .await
        .unwrap()
        .items;
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
        .absences(&actor(&w.teacher), None, None, None, &crate::all())
        .await
        .unwrap()
        .items;
    let mut pupils: Vec<_> = seen.iter().map(|r| r.pupil).collect();
    pupils.dedup();
    assert!(!pupils.contains(&w.noah.id));
    assert_eq!(seen.len(), 2);
    let noah = f
        .attendance
        .absences(
            &actor(&w.teacher),
            Some(w.noah.id),
            None,
            None,
            &crate::all(),
        )
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
            .absences(&actor(reader), None, None, None, &crate::all())
            .await
            .unwrap()
            .items;
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
        .absences(&other_teacher, Some(w.lotte.id), None, None, &crate::all())
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    // The other school's admin: an admin there, a stranger here.
    let mut other_admin = actor(&w.admin);
    other_admin.school = w.other_school;
    assert!(
        f.attendance
            .absences(&other_admin, None, None, None, &crate::all())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let result = f
        .attendance
        .absences(&other_admin, Some(w.lotte.id), None, None, &crate::all())
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
        .absences(&admin, None, Some(dec(4)), Some(dec(3)), &crate::all())
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

#[tokio::test]
async fn a_long_list_comes_in_pages_and_a_foreign_cursor_is_refused() {
    let f = seeded().await;
    let admin = actor(&f.w.admin);
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = f
            .attendance
            .absences(
                &admin,
                None,
                None,
                None,
                &schoolbrug_kernel::PageRequest::new(Some(1), after),
            )
            .await
            .unwrap();
        assert!(page.items.len() <= 1);
        seen.extend(page.items);
        match page.next {
            Some(next) => after = Some(schoolbrug_kernel::Cursor::parse(&next).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3);
    let foreign = schoolbrug_kernel::Cursor::after_key("not-a-key");
    let result = f
        .attendance
        .absences(
            &admin,
            None,
            None,
            None,
            &schoolbrug_kernel::PageRequest::new(Some(1), Some(foreign)),
        )
        .await;
    assert_eq!(
        crate::refused(result),
        vec![("after".to_owned(), "malformed_cursor".to_owned())]
    );
}

#[tokio::test]
async fn a_father_linked_to_both_children_s_co_accounts_reads_both_labelled_and_hands_in_a_note_for_each_unlinked_he_reads_one()
 {
    use schoolbrug_attendance::memory::Person;

    let f = seeded().await;
    let w = &f.w;
    let papa_lotte = Person::co_account(&w.lotte, "Pieter");
    let papa_noah = Person::co_account(&w.noah, "Pieter");
    f.directory.add_person(&papa_lotte);
    f.directory.add_person(&papa_noah);
    let papa = actor(&papa_lotte);

    // Unlinked: Lotte only, and Noah is nobody's business of this co-account.
    let children = f.attendance.children(&papa).await.unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].id, w.lotte.id);
    let result = f
        .attendance
        .child_absences(&papa, w.noah.id, None, None)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
    let result = f
        .attendance
        .hand_in_note(&papa, w.noah.id, dec(3), dec(3), "illness", None)
        .await;
    assert!(
        matches!(result, Err(AttendanceError::NotFound)),
        "{result:?}"
    );

    f.directory.link(papa_lotte.id, papa_noah.id);
    // Either co-account now reads both children, by name, each with its class.
    for signed_in in [&papa_lotte, &papa_noah] {
        let children = f.attendance.children(&actor(signed_in)).await.unwrap();
        let labels: Vec<(&str, Option<&str>)> = children
            .iter()
            .map(|c| (c.first_name.as_str(), c.class.as_deref()))
            .collect();
        assert_eq!(labels, vec![("Lotte", Some("3A")), ("Noah", Some("3B"))]);
    }
    let noah = f
        .attendance
        .child_absences(&papa, w.noah.id, None, None)
        .await
        .unwrap();
    assert_eq!(noah.pupil.id, w.noah.id);
    assert_eq!(noah.totals.get("B"), Some(&1));
    for child in [&w.lotte, &w.noah] {
        f.attendance
            .hand_in_note(&papa, child.id, dec(3), dec(3), "illness", None)
            .await
            .unwrap();
    }
    assert_eq!(f.december(&w.noah).await, vec![(3, Half::Am, "Z".into())]);
    // Ella's parents are no part of it.
    let result = f
        .attendance
        .child_absences(&papa, w.ella.id, None, None)
        .await;
    assert!(matches!(result, Err(AttendanceError::NotFound)));
}
