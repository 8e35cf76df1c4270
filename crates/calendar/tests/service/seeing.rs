//! Who sees what: a pupil its school's and its groups' activities, a co-account its
//! child's (labelled), staff the school's, their groups' and what they planned; never
//! another school's.

use schoolbrug_calendar::{CalendarError, OccurrenceKind, Target};
use schoolbrug_kernel::FreeDayPeriod;

use super::*;

async fn titles(f: &Fixture, who: &Person) -> Vec<String> {
    f.calendar
        .occurrences(&actor(who), day(2026, 9, 1), day(2026, 9, 30))
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == OccurrenceKind::Activity)
        .map(|o| o.title)
        .collect()
}

#[tokio::test]
async fn a_class_activity_reaches_the_class_and_its_parents_and_no_other_class() {
    let f = fixture().await;
    let id = f
        .calendar
        .plan(
            &actor(&f.w.teacher),
            uitstap(vec![Target::Group(f.w.class_3a)]),
        )
        .await
        .unwrap();
    assert_eq!(titles(&f, &f.w.lotte).await, vec!["Uitstap naar Brugge"]);
    assert_eq!(titles(&f, &f.w.teacher).await, vec!["Uitstap naar Brugge"]);
    assert_eq!(titles(&f, &f.w.admin).await, vec!["Uitstap naar Brugge"]);
    // Noah is in 3B.
    assert!(titles(&f, &f.w.noah).await.is_empty());
    assert!(matches!(
        f.calendar.activity(&actor(&f.w.noah), id).await,
        Err(CalendarError::NotFound)
    ));
    // Lotte's mother sees it, labelled with Lotte.
    let mama = f
        .calendar
        .occurrences(&actor(&f.w.lotte_mama), day(2026, 9, 1), day(2026, 9, 30))
        .await
        .unwrap();
    assert_eq!(mama.len(), 1);
    assert_eq!(mama[0].child.as_ref().map(|c| c.id), Some(f.w.lotte.id));
    assert_eq!(
        mama[0].child.as_ref().map(|c| c.name.as_str()),
        Some("lotte")
    );
}

#[tokio::test]
async fn a_co_account_of_another_pupil_and_another_school_see_nothing() {
    let f = fixture().await;
    let id = f
        .calendar
        .plan(
            &actor(&f.w.teacher),
            uitstap(vec![Target::Group(f.w.class_3a)]),
        )
        .await
        .unwrap();
    let noah_papa = Person::co(&f.w.noah, "noah-papa");
    f.directory.add_person(&noah_papa);
    assert!(titles(&f, &noah_papa).await.is_empty());
    assert!(matches!(
        f.calendar.activity(&actor(&noah_papa), id).await,
        Err(CalendarError::NotFound)
    ));
    // Another school's admin with this school's activity id.
    assert!(matches!(
        f.calendar.activity(&actor(&f.other.admin), id).await,
        Err(CalendarError::NotFound)
    ));
    assert!(titles(&f, &f.other.admin).await.is_empty());
    // A co-account claiming another pupil in its session gets nothing.
    let mut forged = actor(&f.w.lotte_mama);
    forged.kind = schoolbrug_kernel::ActorKind::Co { pupil: f.w.noah.id };
    assert!(matches!(
        f.calendar
            .occurrences(&forged, day(2026, 9, 1), day(2026, 9, 30))
            .await,
        Err(CalendarError::NotFound)
    ));
}

#[tokio::test]
async fn school_and_role_activities_reach_their_audience_and_planners_see_their_own() {
    let f = fixture().await;
    let admin = actor(&f.w.admin);
    f.calendar
        .plan(&admin, uitstap(vec![Target::School]))
        .await
        .unwrap();
    let mut meeting = uitstap(vec![Target::Role(Role::Teacher)]);
    meeting.title = "Personeelsvergadering".into();
    f.calendar.plan(&admin, meeting).await.unwrap();
    let mut only_3b = uitstap(vec![Target::Group(f.w.class_3b)]);
    only_3b.title = "Toets 3B".into();
    f.calendar.plan(&admin, only_3b).await.unwrap();
    assert_eq!(titles(&f, &f.w.lotte).await, vec!["Uitstap naar Brugge"]);
    assert_eq!(
        titles(&f, &f.w.teacher).await,
        vec!["Personeelsvergadering", "Uitstap naar Brugge"]
    );
    assert_eq!(
        titles(&f, &f.w.noah).await,
        vec!["Toets 3B", "Uitstap naar Brugge"]
    );
    assert_eq!(titles(&f, &f.w.admin).await.len(), 3);
    assert!(titles(&f, &f.other.lotte).await.is_empty());
}

#[tokio::test]
async fn a_pupil_whose_account_is_gone_leaves_its_co_account_without_a_calendar() {
    let f = fixture().await;
    f.directory.remove_person(f.w.lotte.id);
    assert!(matches!(
        f.calendar
            .occurrences(&actor(&f.w.lotte_mama), day(2026, 9, 1), day(2026, 9, 30))
            .await,
        Err(CalendarError::NotFound)
    ));
}

#[tokio::test]
async fn the_repeat_skips_its_exceptions_and_the_free_days_and_stops_at_easter() {
    let f = fixture().await;
    f.calendar
        .replace_free_days(
            &actor(&f.w.admin),
            vec![
                FreeDayPeriod {
                    from: day(2026, 11, 2),
                    to: day(2026, 11, 8),
                    name: "Herfstvakantie".into(),
                },
                FreeDayPeriod {
                    from: day(2026, 12, 21),
                    to: day(2027, 1, 3),
                    name: "Kerstvakantie".into(),
                },
            ],
        )
        .await
        .unwrap();
    f.calendar
        .plan(
            &actor(&f.w.teacher),
            zwemmen(vec![Target::Group(f.w.class_3a)]),
        )
        .await
        .unwrap();
    let all = f
        .calendar
        .occurrences(&actor(&f.w.lotte), day(2026, 9, 1), day(2027, 6, 30))
        .await
        .unwrap();
    let swims: Vec<_> = all.iter().filter(|o| o.title == "Zwemmen").collect();
    // Tuesdays from 8 September 2026 to 30 March 2027: 30; minus the autumn holiday (3
    // November), the exam week (15 December), Christmas (22 and 29 December): 26.
    assert_eq!(swims.len(), 26);
    let dates: Vec<_> = swims
        .iter()
        .map(|o| {
            o.start
                .with_timezone(&chrono_tz::Europe::Brussels)
                .date_naive()
        })
        .collect();
    for gone in [
        day(2026, 11, 3),
        day(2026, 12, 15),
        day(2026, 12, 22),
        day(2026, 12, 29),
    ] {
        assert!(!dates.contains(&gone), "{gone} should be skipped");
    }
    assert_eq!(dates.last(), Some(&day(2027, 3, 30)));
    // Local time holds across the change to summer time (28 March 2027).
    for o in &swims {
        let t = o.start.with_timezone(&chrono_tz::Europe::Brussels);
        assert_eq!(t.format("%H:%M").to_string(), "13:30");
    }
    // The free days are on the calendar too, as whole days.
    let free: Vec<_> = all
        .iter()
        .filter(|o| o.kind == OccurrenceKind::FreeDay)
        .collect();
    assert_eq!(free.len(), 2);
    assert!(free.iter().all(|o| o.all_day()));
}

#[tokio::test]
async fn a_calendar_spans_at_most_400_days_and_never_backwards() {
    let f = fixture().await;
    let lotte = actor(&f.w.lotte);
    assert!(matches!(
        f.calendar.occurrences(&lotte, day(2026, 9, 1), day(2027, 10, 6)).await,
        Err(CalendarError::Invalid(e)) if e[0].field == "to" && e[0].code == "too_long"
    ));
    assert!(matches!(
        f.calendar
            .occurrences(&lotte, day(2026, 9, 2), day(2026, 9, 1))
            .await,
        Err(CalendarError::Invalid(_))
    ));
}

#[tokio::test]
async fn the_start_page_shows_the_next_fourteen_days() {
    let f = fixture().await;
    let teacher = actor(&f.w.teacher);
    f.calendar
        .plan(&teacher, uitstap(vec![Target::Group(f.w.class_3a)]))
        .await
        .unwrap();
    let mut later = uitstap(vec![Target::Group(f.w.class_3a)]);
    later.title = "Later".into();
    later.when = When::AllDay {
        first: day(2026, 10, 1),
        last: day(2026, 10, 1),
    };
    f.calendar.plan(&teacher, later).await.unwrap();
    let start = f.calendar.upcoming(&actor(&f.w.lotte), 14).await.unwrap();
    let titles: Vec<_> = start.upcoming.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, vec!["Uitstap naar Brugge"]);
}
