//! Replies and the 48-hour rules: when a reply is due in school hours, and when a deadline
//! needs acknowledging.

use super::*;

#[tokio::test]
async fn a_reply_goes_to_the_sender_and_leaves_awaiting_reply() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let awaiting = w
        .messaging
        .list(
            &actor(&w.noah_mama),
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(awaiting.items.len(), 1);
    let reply = w
        .messaging
        .send(
            &actor(&w.noah_mama),
            NewMessage {
                subject: "Re: Uitstap naar Brugge".into(),
                body: "Noah gaat mee.".into(),
                in_reply_to: Some(id),
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(w.inbox(&w.teacher).await, vec![reply.id]);
    let awaiting = w
        .messaging
        .list(
            &actor(&w.noah_mama),
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(awaiting.items.is_empty());
}

async fn reply_due(w: &World, sent_at: DateTime<Utc>) -> DateTime<Utc> {
    w.clock.set(sent_at);
    let id = w.to_parents_of_3a().await;
    let MessageView::Received(r) = w.messaging.open(&actor(&w.noah_mama), id).await.unwrap() else {
        panic!()
    };
    r.copy.reply_due_at.unwrap()
}

#[tokio::test]
async fn a_reply_asked_on_friday_afternoon_is_due_on_tuesday() {
    let w = world().await;
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 4, 15, 0)).await,
        brussels(2026, 9, 8, 15, 0)
    );
}

#[tokio::test]
async fn a_message_on_saturday_counts_from_monday_morning() {
    let w = world().await;
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 5, 11, 0)).await,
        brussels(2026, 9, 9, 0, 0)
    );
}

#[tokio::test]
async fn a_free_monday_pushes_the_reply_to_wednesday() {
    let w = world().await;
    let monday = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    w.store.set_free_days(
        w.admin.school,
        &[FreeDayPeriod {
            from: monday,
            to: monday,
            name: "Studiedag".into(),
        }],
    );
    assert_eq!(
        reply_due(&w, brussels(2026, 9, 4, 15, 0)).await,
        brussels(2026, 9, 9, 15, 0)
    );
}

#[tokio::test]
async fn summer_time_ending_on_a_sunday_does_not_shift_the_due_time() {
    let w = world().await;
    // The clocks go back on Sunday 25 October 2026.
    assert_eq!(
        reply_due(&w, brussels(2026, 10, 23, 15, 0)).await,
        brussels(2026, 10, 27, 15, 0)
    );
}

#[tokio::test]
async fn a_deadline_under_48_school_hours_away_needs_acknowledging() {
    let w = world().await;
    w.clock.set(brussels(2026, 9, 3, 9, 0)); // Thursday
    let mut new = message(vec![Recipient::Group(w.class, Audience::CoAccounts)]);
    new.action_deadline = Some(brussels(2026, 9, 7, 8, 0)); // Monday: 39 school hours
    let err = w
        .messaging
        .send(&actor(&w.teacher), new.clone())
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("action_deadline".to_owned(), "short_notice".to_owned())]
    );
    new.acknowledge_short_notice = true;
    w.messaging
        .send(&actor(&w.teacher), new.clone())
        .await
        .unwrap();
    new.action_deadline = Some(brussels(2026, 9, 7, 10, 0)); // 49 school hours: fine
    new.acknowledge_short_notice = false;
    w.messaging.send(&actor(&w.teacher), new).await.unwrap();
}
