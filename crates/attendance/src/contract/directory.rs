//! Checks of the [`Directory`] port.

use super::{AttendanceSeed, World};
use crate::memory::Person;
use crate::ports::{AttendanceStores, Directory};

/// `pupil` finds a pupil of the school with its class, and nobody else.
pub async fn a_pupil_is_found_only_in_its_school_and_only_as_a_pupil<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let lotte = directory
        .pupil(w.school, w.lotte.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lotte.first_name, "Lotte");
    assert_eq!(lotte.last_name, "Peeters");
    assert_eq!(lotte.class.as_deref(), Some("3A"));
    // Noah is in 3B and in the choir, which is not a class.
    let noah = directory.pupil(w.school, w.noah.id).await.unwrap().unwrap();
    assert_eq!(noah.class.as_deref(), Some("3B"));
    for nobody in [w.teacher.id, w.lotte_mama.id, w.admin.id, w.other_pupil.id] {
        assert_eq!(directory.pupil(w.school, nobody).await.unwrap(), None);
    }
    assert_eq!(
        directory.pupil(w.other_school, w.lotte.id).await.unwrap(),
        None
    );
}

/// `pupils` leaves out staff, co-accounts and other schools' pupils.
pub async fn pupils_leave_out_whoever_is_not_a_pupil_of_the_school<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let mut found: Vec<_> = directory
        .pupils(
            w.school,
            &[
                w.lotte.id,
                w.teacher.id,
                w.lotte_mama.id,
                w.other_pupil.id,
                w.noah.id,
            ],
        )
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    found.sort();
    let mut expected = vec![w.lotte.id, w.noah.id];
    expected.sort();
    assert_eq!(found, expected);
}

/// `class_list` holds the pupils by name and the staff, only for a class of the school.
pub async fn a_class_list_holds_its_pupils_and_staff_and_nothing_across_schools<
    S: AttendanceStores,
>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let list = directory
        .class_list(w.school, w.class_3a)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(list.id, w.class_3a);
    assert_eq!(list.name, "3A");
    let names: Vec<_> = list.pupils.iter().map(|p| p.first_name.as_str()).collect();
    assert_eq!(names, ["Ella", "Lotte"], "by last name: Aerts, Peeters");
    assert_eq!(list.teachers, vec![w.teacher.id]);
    assert_eq!(directory.class_list(w.school, w.choir).await.unwrap(), None);
    assert_eq!(
        directory.class_list(w.school, w.other_class).await.unwrap(),
        None
    );
    assert_eq!(
        directory
            .class_list(w.other_school, w.class_3a)
            .await
            .unwrap(),
        None
    );
}

/// `classes` and `classes_of` list classes only (not groups), by name, of one school.
pub async fn classes_are_listed_per_school_and_per_member<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let all = directory.classes(w.school).await.unwrap();
    assert_eq!(
        all,
        vec![(w.class_3a, "3A".to_owned()), (w.class_3b, "3B".to_owned())]
    );
    let of_teacher = directory.classes_of(w.school, w.teacher.id).await.unwrap();
    assert_eq!(of_teacher, vec![(w.class_3a, "3A".to_owned())]);
    assert!(
        directory
            .classes_of(w.other_school, w.teacher.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `staff_among` keeps the school's staff members.
pub async fn staff_among_keeps_the_school_s_staff_only<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let mut found = directory
        .staff_among(
            w.school,
            &[
                w.teacher.id,
                w.counsellor.id,
                w.lotte.id,
                w.lotte_mama.id,
                w.other_teacher.id,
            ],
        )
        .await
        .unwrap();
    found.sort();
    let mut expected = vec![w.teacher.id, w.counsellor.id];
    expected.sort();
    assert_eq!(found, expected);
}

/// `shares_class`: a staff member and a pupil in one class, not a group, one school.
pub async fn sharing_a_class_is_seen_within_the_school_only<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    assert!(
        directory
            .shares_class(w.school, w.teacher.id, w.lotte.id)
            .await
            .unwrap()
    );
    // The choir is a group, not a class.
    assert!(
        !directory
            .shares_class(w.school, w.teacher.id, w.noah.id)
            .await
            .unwrap()
    );
    // A classmate is not staff.
    assert!(
        !directory
            .shares_class(w.school, w.ella.id, w.lotte.id)
            .await
            .unwrap()
    );
    assert!(
        !directory
            .shares_class(w.other_school, w.teacher.id, w.lotte.id)
            .await
            .unwrap()
    );
    assert!(
        !directory
            .shares_class(w.school, w.other_teacher.id, w.other_pupil.id)
            .await
            .unwrap()
    );
}

/// `children`: a co-account's pupil; none for a main account or across schools.
pub async fn a_co_account_s_children_are_its_pupil_and_nobody_else_s<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let children = directory.children(w.school, w.lotte_mama.id).await.unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].id, w.lotte.id);
    assert_eq!(children[0].class.as_deref(), Some("3A"));
    assert!(
        directory
            .children(w.school, w.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        directory
            .children(w.school, w.teacher.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        directory
            .children(w.other_school, w.lotte_mama.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `children`: a co-account linked to co-accounts of other pupils follows its own pupil
/// first, then each linked pupil once (by id); the co-account it is linked to follows
/// its own pupil and the first one's; nothing is followed from another school.
pub async fn a_linked_co_account_s_children_include_the_linked_pupils_once<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let noah_papa = Person::co_account(&w.noah, "Pieter");
    let noah_mama = Person::co_account(&w.noah, "Sara");
    let ella_papa = Person::co_account(&w.ella, "Pieter");
    for p in [&noah_papa, &noah_mama, &ella_papa] {
        seed.add_person(p).await;
    }
    seed.link(w.school, w.lotte_mama.id, noah_papa.id).await;
    seed.link(w.school, w.lotte_mama.id, noah_mama.id).await;
    seed.link(w.school, ella_papa.id, w.lotte_mama.id).await;

    let ids =
        |children: Vec<crate::model::Pupil>| children.into_iter().map(|c| c.id).collect::<Vec<_>>();
    let mut others = vec![w.ella.id, w.noah.id];
    others.sort();
    let mut expected = vec![w.lotte.id];
    expected.extend(others);
    assert_eq!(
        ids(directory.children(w.school, w.lotte_mama.id).await.unwrap()),
        expected
    );
    assert_eq!(
        ids(directory.children(w.school, noah_papa.id).await.unwrap()),
        vec![w.noah.id, w.lotte.id]
    );
    // Links do not chain: ella's father is linked to lotte's mother, not to noah's.
    assert_eq!(
        ids(directory.children(w.school, ella_papa.id).await.unwrap()),
        vec![w.ella.id, w.lotte.id]
    );
    let noah_children = directory.children(w.school, noah_papa.id).await.unwrap();
    assert_eq!(noah_children[1].class.as_deref(), Some("3A"));
    assert!(
        directory
            .children(w.other_school, w.lotte_mama.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `staff` lists the school's staff by name, and nobody else.
pub async fn staff_are_listed_by_name_in_their_school<S: AttendanceStores>(
    _store: &S,
    directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let staff = directory.staff(w.school).await.unwrap();
    assert_eq!(
        staff,
        vec![
            (w.admin.id, "Ann Admin".to_owned()),
            (w.counsellor.id, "Chris Begeleider".to_owned()),
            (w.teacher.id, "Tom Leerkracht".to_owned()),
        ]
    );
    let other = directory.staff(w.other_school).await.unwrap();
    assert_eq!(other, vec![(w.other_teacher.id, "Olga Anders".to_owned())]);
}
