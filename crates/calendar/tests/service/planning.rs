//! Who plans and changes: staff for their groups, admins for anyone; only the planner or
//! an admin changes or cancels; pupils and co-accounts never plan.

use schoolbrug_calendar::{CalendarError, Target};

use super::*;

#[tokio::test]
async fn pupils_and_co_accounts_cannot_plan() {
    let f = fixture().await;
    for who in [&f.w.lotte, &f.w.lotte_mama] {
        assert!(matches!(
            f.calendar
                .plan(&actor(who), uitstap(vec![Target::Group(f.w.class_3a)]))
                .await,
            Err(CalendarError::Forbidden)
        ));
    }
}

#[tokio::test]
async fn a_teacher_plans_only_for_groups_it_is_in_and_admins_for_anyone() {
    let f = fixture().await;
    let teacher = actor(&f.w.teacher);
    for audience in [
        vec![Target::Group(f.w.class_3b)],
        vec![Target::School],
        vec![Target::Role(Role::Pupil)],
        vec![Target::Group(f.other.class_3a)],
    ] {
        assert!(matches!(
            f.calendar.plan(&teacher, uitstap(audience)).await,
            Err(CalendarError::Invalid(e)) if e[0].field == "audience"
        ));
    }
    let admin = actor(&f.w.admin);
    f.calendar
        .plan(
            &admin,
            uitstap(vec![Target::Group(f.w.class_3b), Target::School]),
        )
        .await
        .unwrap();
    // Not even an admin plans for another school's class.
    assert!(matches!(
        f.calendar
            .plan(&admin, uitstap(vec![Target::Group(f.other.class_3a)]))
            .await,
        Err(CalendarError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_draft_is_refused_field_by_field() {
    let f = fixture().await;
    let mut bad = uitstap(vec![]);
    bad.title = "   ".into();
    bad.when = When::Timed {
        start: local(2026, 9, 10, 16, 0),
        end: local(2026, 9, 10, 8, 0),
    };
    let Err(CalendarError::Invalid(errors)) = f.calendar.plan(&actor(&f.w.admin), bad).await else {
        panic!("a blank title, an end before the start and no audience are refused");
    };
    let fields: Vec<_> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("title", "blank"),
            ("end", "before_start"),
            ("audience", "required")
        ]
    );
    let mut long = uitstap(vec![Target::School]);
    long.title = "x".repeat(201);
    assert!(matches!(
        f.calendar.plan(&actor(&f.w.admin), long).await,
        Err(CalendarError::Invalid(e)) if e[0].code == "too_long"
    ));
    let mut repeat = zwemmen(vec![Target::School]);
    if let Some(r) = repeat.repeat.as_mut() {
        r.every_weeks = 3;
        r.until = day(2026, 9, 1);
    }
    let Err(CalendarError::Invalid(errors)) = f.calendar.plan(&actor(&f.w.admin), repeat).await
    else {
        panic!("a repeat every 3 weeks ending before it starts is refused");
    };
    assert_eq!(errors.len(), 2);
}

#[tokio::test]
async fn only_the_planner_or_an_admin_changes_or_cancels_and_each_change_moves_the_sequence() {
    let f = fixture().await;
    let teacher = actor(&f.w.teacher);
    let id = f
        .calendar
        .plan(&teacher, uitstap(vec![Target::Group(f.w.class_3a)]))
        .await
        .unwrap();
    let colleague = Person::main(f.w.school, "colleague", &[Role::Teacher]);
    f.directory.add_person(&colleague);
    f.directory.add_group(
        f.w.school,
        f.w.class_3a,
        &[f.w.lotte.id, f.w.teacher.id, colleague.id],
    );
    for who in [&colleague, &f.w.lotte, &f.w.lotte_mama, &f.other.admin] {
        assert!(matches!(
            f.calendar
                .change(&actor(who), id, uitstap(vec![Target::Group(f.w.class_3a)]))
                .await,
            Err(CalendarError::NotFound)
        ));
        assert!(matches!(
            f.calendar.cancel(&actor(who), id).await,
            Err(CalendarError::NotFound)
        ));
    }
    let mut moved = uitstap(vec![Target::Group(f.w.class_3a)]);
    moved.location = Some("Gent".into());
    f.clock.advance(chrono::Duration::hours(1));
    f.calendar
        .change(&teacher, id, moved.clone())
        .await
        .unwrap();
    f.calendar
        .change(&actor(&f.w.admin), id, moved)
        .await
        .unwrap();
    let a = f.calendar.activity(&teacher, id).await.unwrap();
    assert_eq!(a.sequence, 2);
    assert_eq!(a.location.as_deref(), Some("Gent"));
    assert!(a.updated_at > a.created_at);
    f.calendar.cancel(&actor(&f.w.admin), id).await.unwrap();
    assert!(matches!(
        f.calendar.activity(&teacher, id).await,
        Err(CalendarError::NotFound)
    ));
}
