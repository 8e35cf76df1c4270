//! Sending: a failed delivery leaves nothing, bad input is refused field by field, only
//! staff mark a message urgent, a misdirected report tells the sender once.

use super::*;

#[tokio::test]
async fn a_delivery_that_fails_half_way_leaves_nothing() {
    let w = world().await;
    w.store.fail_next_delivery();
    let err = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::Group(w.class, Audience::Both)]),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::Unavailable(_)));
    for a in [
        &w.lotte,
        &w.noah,
        &w.lotte_mama,
        &w.lotte_papa,
        &w.noah_mama,
    ] {
        assert!(w.inbox(a).await.is_empty());
    }
    assert!(
        w.messaging
            .list(
                &actor(&w.teacher),
                Folder::Sent,
                None,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field() {
    let w = world().await;
    let mut new = message(vec![]);
    new.subject = "   ".into();
    new.body = "x".repeat(100 * 1024 + 1);
    let fields = invalid_fields(w.messaging.send(&actor(&w.teacher), new).await.unwrap_err());
    for expected in [
        ("subject", "blank"),
        ("body", "too_large"),
        ("to", "required"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{fields:?}"
        );
    }
    let fields = invalid_fields(
        w.messaging
            .send(
                &actor(&w.teacher),
                message(vec![Recipient::Group(GroupId::new(), Audience::Both)]),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        fields,
        vec![("to[0]".to_owned(), "unknown_group".to_owned())]
    );
    let cursor = schoolbrug_kernel::Cursor::after_key("not-an-id");
    let err = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Inbox,
            None,
            &PageRequest::new(None, Some(cursor)),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("after".to_owned(), "malformed_cursor".to_owned())]
    );
}

#[tokio::test]
async fn only_staff_mark_a_message_urgent() {
    let w = world().await;
    let mut new = message(vec![Recipient::Account(w.teacher.id)]);
    new.urgent = true;
    let fields = invalid_fields(
        w.messaging
            .send(&actor(&w.lotte_mama), new)
            .await
            .unwrap_err(),
    );
    assert_eq!(fields, vec![("urgent".to_owned(), "staff_only".to_owned())]);
}

#[tokio::test]
async fn a_misdirected_report_tells_the_sender_once() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    w.messaging
        .report_misdirected(&actor(&w.noah_mama), id)
        .await
        .unwrap();
    w.messaging
        .report_misdirected(&actor(&w.noah_mama), id)
        .await
        .unwrap();
    let inbox = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Inbox,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(inbox.items.len(), 1);
    assert!(inbox.items[0].system);
    let MessageView::Received(notice) = w
        .messaging
        .open(&actor(&w.teacher), inbox.items[0].id)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert!(notice.message.body.as_str().contains(&id.to_string()));
    assert!(
        notice
            .message
            .subject
            .as_str()
            .contains("Uitstap naar Brugge")
    );
    assert!(matches!(
        w.messaging.report_misdirected(&actor(&w.lotte), id).await,
        Err(MessagingError::NotFound)
    ));
}
