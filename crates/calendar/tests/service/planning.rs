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

#[tokio::test]
async fn free_days_are_for_admins_and_refuse_a_period_ending_before_it_starts() {
    use schoolbrug_kernel::FreeDayPeriod;
    let f = fixture().await;
    let period = |from, to, name: &str| FreeDayPeriod {
        from,
        to,
        name: name.into(),
    };
    for who in [&f.w.teacher, &f.w.lotte, &f.w.lotte_mama] {
        assert!(matches!(
            f.calendar.free_days(&actor(who)).await,
            Err(CalendarError::NotFound)
        ));
        assert!(matches!(
            f.calendar
                .replace_free_days(
                    &actor(who),
                    vec![period(day(2026, 11, 2), day(2026, 11, 6), "Herfst")]
                )
                .await,
            Err(CalendarError::NotFound)
        ));
    }
    let Err(CalendarError::Invalid(errors)) = f
        .calendar
        .replace_free_days(
            &actor(&f.w.admin),
            vec![
                period(day(2026, 11, 2), day(2026, 11, 1), " "),
                period(day(2026, 11, 2), day(2026, 11, 6), &"x".repeat(101)),
            ],
        )
        .await
    else {
        panic!("a period ending before it starts, a blank and a long name are refused");
    };
    let fields: Vec<_> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("periods[0].to", "before_from"),
            ("periods[0].name", "blank"),
            ("periods[1].name", "too_long")
        ]
    );
    f.calendar
        .replace_free_days(
            &actor(&f.w.admin),
            vec![period(
                day(2026, 11, 2),
                day(2026, 11, 6),
                " Herfstvakantie ",
            )],
        )
        .await
        .unwrap();
    assert_eq!(
        f.calendar.free_days(&actor(&f.w.admin)).await.unwrap(),
        vec![period(day(2026, 11, 2), day(2026, 11, 6), "Herfstvakantie")]
    );
    // Another school's admin sees none of them.
    assert!(
        f.calendar
            .free_days(&actor(&f.other.admin))
            .await
            .unwrap()
            .is_empty()
    );
}
