//! Private feeds: shown once, opened without a session, `304` when unchanged, dead the
//! moment they are revoked or renewed, and never showing more than their owner sees.

use schoolbrug_calendar::{CalendarError, FeedAnswer, Target};
use schoolbrug_kernel::FreeDayPeriod;

use super::*;

async fn body(f: &Fixture, token: &str) -> String {
    match f.calendar.feed(token, None).await.unwrap() {
        FeedAnswer::Calendar { body, .. } => body,
        FeedAnswer::NotModified { .. } => panic!("asked without an ETag"),
    }
}

#[tokio::test]
async fn a_parent_s_feed_shows_the_child_s_calendar_labelled_with_the_free_days() {
    let f = fixture().await;
    f.calendar
        .replace_free_days(
            &actor(&f.w.admin),
            vec![FreeDayPeriod {
                from: day(2026, 11, 2),
                to: day(2026, 11, 8),
                name: "Herfstvakantie".into(),
            }],
        )
        .await
        .unwrap();
    let teacher = actor(&f.w.teacher);
    f.calendar
        .plan(&teacher, uitstap(vec![Target::Group(f.w.class_3a)]))
        .await
        .unwrap();
    f.calendar
        .plan(&teacher, zwemmen(vec![Target::Group(f.w.class_3a)]))
        .await
        .unwrap();
    let mut secret = uitstap(vec![Target::Group(f.w.class_3b)]);
    secret.title = "Toets 3B".into();
    f.calendar.plan(&actor(&f.w.admin), secret).await.unwrap();
    let (feed, token) = f
        .calendar
        .create_feed(&actor(&f.w.lotte_mama), None)
        .await
        .unwrap();
    assert_eq!(feed.child, Some(f.w.lotte.id));
    let text = body(&f, token.expose()).await;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains("SUMMARY:lotte: Uitstap naar Brugge\r\n"));
    assert!(text.contains("SUMMARY:lotte: Zwemmen\r\n"));
    assert!(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20270402T215959Z\r\n"));
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20261215T133000\r\n"));
    assert!(text.contains("EXDATE;TZID=Europe/Brussels:20261103T133000\r\n"));
    assert!(text.contains("SUMMARY:Herfstvakantie\r\n"));
    assert!(text.contains("BEGIN:DAYLIGHT\r\n") && text.contains("BEGIN:STANDARD\r\n"));
    assert!(!text.contains("Toets 3B"));
    // The feed's use is recorded.
    let feeds = f.calendar.feeds(&actor(&f.w.lotte_mama)).await.unwrap();
    assert_eq!(feeds[0].last_used_at, Some(start()));
}

#[tokio::test]
async fn an_unchanged_feed_answers_not_modified_and_a_change_gives_a_new_etag() {
    let f = fixture().await;
    let teacher = actor(&f.w.teacher);
    let id = f
        .calendar
        .plan(&teacher, uitstap(vec![Target::Group(f.w.class_3a)]))
        .await
        .unwrap();
    let (_, token) = f
        .calendar
        .create_feed(&actor(&f.w.lotte), None)
        .await
        .unwrap();
    let FeedAnswer::Calendar { etag, .. } = f.calendar.feed(token.expose(), None).await.unwrap()
    else {
        panic!("a first fetch gets the calendar");
    };
    assert!(matches!(
        f.calendar.feed(token.expose(), Some(&etag)).await.unwrap(),
        FeedAnswer::NotModified { etag: same } if same == etag
    ));
    assert!(matches!(
        f.calendar
            .feed(token.expose(), Some(&format!("W/{etag}, \"other\"")))
            .await
            .unwrap(),
        FeedAnswer::NotModified { .. }
    ));
    let mut moved = uitstap(vec![Target::Group(f.w.class_3a)]);
    moved.location = Some("Gent".into());
    f.calendar.change(&teacher, id, moved).await.unwrap();
    let FeedAnswer::Calendar {
        etag: changed,
        body,
    } = f.calendar.feed(token.expose(), Some(&etag)).await.unwrap()
    else {
        panic!("a changed calendar is sent again");
    };
    assert_ne!(changed, etag);
    assert!(body.contains("SEQUENCE:1\r\n") && body.contains("LOCATION:Gent\r\n"));
}

#[tokio::test]
async fn a_revoked_or_renewed_link_stops_working_at_once() {
    let f = fixture().await;
    let lotte = actor(&f.w.lotte);
    let (feed, token) = f.calendar.create_feed(&lotte, None).await.unwrap();
    assert!(matches!(
        f.calendar.create_feed(&lotte, None).await,
        Err(CalendarError::Conflict(_))
    ));
    let renewed = f.calendar.renew_feed(&lotte, feed.id).await.unwrap();
    assert!(matches!(
        f.calendar.feed(token.expose(), None).await,
        Err(CalendarError::NotFound)
    ));
    body(&f, renewed.expose()).await;
    // Someone else cannot renew or revoke it.
    for who in [&f.w.noah, &f.w.lotte_mama, &f.other.admin] {
        assert!(matches!(
            f.calendar.renew_feed(&actor(who), feed.id).await,
            Err(CalendarError::NotFound)
        ));
        assert!(matches!(
            f.calendar.revoke_feed(&actor(who), feed.id).await,
            Err(CalendarError::NotFound)
        ));
    }
    f.calendar.revoke_feed(&lotte, feed.id).await.unwrap();
    assert!(matches!(
        f.calendar.feed(renewed.expose(), None).await,
        Err(CalendarError::NotFound)
    ));
    assert!(matches!(
        f.calendar.feed("made-up", None).await,
        Err(CalendarError::NotFound)
    ));
}

#[tokio::test]
async fn a_feed_dies_with_its_pupil_and_follows_the_pupil_s_classes() {
    let f = fixture().await;
    f.calendar
        .plan(
            &actor(&f.w.admin),
            uitstap(vec![Target::Group(f.w.class_3b)]),
        )
        .await
        .unwrap();
    let (_, token) = f
        .calendar
        .create_feed(&actor(&f.w.lotte_mama), None)
        .await
        .unwrap();
    assert!(!body(&f, token.expose()).await.contains("Uitstap"));
    // Lotte moves to 3B: the same link now shows 3B's activities.
    f.directory
        .add_group(f.w.school, f.w.class_3b, &[f.w.noah.id, f.w.lotte.id]);
    f.directory
        .add_group(f.w.school, f.w.class_3a, &[f.w.teacher.id]);
    assert!(body(&f, token.expose()).await.contains("Uitstap"));
    f.directory.remove_person(f.w.lotte.id);
    assert!(matches!(
        f.calendar.feed(token.expose(), None).await,
        Err(CalendarError::NotFound)
    ));
}

#[tokio::test]
async fn a_feed_names_no_child_but_the_co_account_s_own() {
    let f = fixture().await;
    for (who, child) in [
        (&f.w.lotte_mama, f.w.noah.id),
        (&f.w.lotte, f.w.lotte.id),
        (&f.w.teacher, f.w.lotte.id),
    ] {
        assert!(matches!(
            f.calendar.create_feed(&actor(who), Some(child)).await,
            Err(CalendarError::NotFound)
        ));
    }
    let (feed, _) = f
        .calendar
        .create_feed(&actor(&f.w.lotte_mama), Some(f.w.lotte.id))
        .await
        .unwrap();
    assert_eq!(feed.child, Some(f.w.lotte.id));
}
