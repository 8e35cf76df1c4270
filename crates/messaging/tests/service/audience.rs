//! Who receives a message and what each one sees: co-accounts and pupils, blind copies,
//! named recipients, other schools, erased accounts, who may write to whom.

use super::*;

#[tokio::test]
async fn a_message_to_the_co_accounts_of_a_class_reaches_every_parent_once_and_no_pupil() {
    let w = world().await;
    let sent = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Group(w.class, Audience::CoAccounts),
                Recipient::CoAccountsOf(w.lotte.id),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(sent.recipients, 3);
    for parent in [&w.lotte_mama, &w.lotte_papa, &w.noah_mama] {
        assert_eq!(w.inbox(parent).await, vec![sent.id]);
    }
    for pupil in [&w.lotte, &w.noah] {
        assert!(w.inbox(pupil).await.is_empty());
    }
}

#[tokio::test]
async fn a_co_account_cannot_open_its_pupils_message() {
    let w = world().await;
    let to_pupil = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::Account(w.lotte.id)]),
        )
        .await
        .unwrap()
        .id;
    assert!(w.inbox(&w.lotte_mama).await.is_empty());
    let err = w
        .messaging
        .open(&actor(&w.lotte_mama), to_pupil)
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::NotFound));
}

#[tokio::test]
async fn a_pupil_cannot_open_a_message_to_its_co_accounts() {
    let w = world().await;
    let to_parents = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![Recipient::CoAccountsOf(w.lotte.id)]),
        )
        .await
        .unwrap()
        .id;
    assert!(w.inbox(&w.lotte).await.is_empty());
    assert!(matches!(
        w.messaging.open(&actor(&w.lotte), to_parents).await,
        Err(MessagingError::NotFound)
    ));
}

#[tokio::test]
async fn a_blind_copy_sees_only_the_sender_the_group_and_itself() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let MessageView::Received(received) =
        w.messaging.open(&actor(&w.lotte_mama), id).await.unwrap()
    else {
        panic!("a recipient sees a received message");
    };
    let (named, groups) = received.visible_recipients();
    assert_eq!(
        named.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![w.lotte_mama.id]
    );
    assert_eq!(
        groups,
        vec![GroupLabel::Group {
            name: "3A".into(),
            audience: Audience::CoAccounts
        }]
    );
    assert_eq!(received.message.sender_name.as_deref(), Some("Els Claes"));
    // No other recipient's id is reachable from what the recipient gets.
    let debug = format!("{received:?}");
    for other in [&w.noah_mama, &w.lotte_papa] {
        assert!(!debug.contains(&other.id.to_string()), "{other:?} leaked");
    }
}

#[tokio::test]
async fn recipients_named_one_by_one_see_each_other() {
    let w = world().await;
    let id = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Account(w.lotte_mama.id),
                Recipient::Account(w.noah_mama.id),
            ]),
        )
        .await
        .unwrap()
        .id;
    let MessageView::Received(received) = w.messaging.open(&actor(&w.noah_mama), id).await.unwrap()
    else {
        panic!()
    };
    let (named, _) = received.visible_recipients();
    assert_eq!(named.len(), 2);
}

#[tokio::test]
async fn another_schools_account_is_refused_and_nothing_is_delivered() {
    let w = world().await;
    let err = w
        .messaging
        .send(
            &actor(&w.teacher),
            message(vec![
                Recipient::Account(w.lotte_mama.id),
                Recipient::Account(w.other_school_parent.id),
            ]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[1]".to_owned(), "unknown_recipient".to_owned())]
    );
    assert!(w.inbox(&w.lotte_mama).await.is_empty());
    assert!(w.inbox(&w.other_school_parent).await.is_empty());
    let sent = w
        .messaging
        .list(
            &actor(&w.teacher),
            Folder::Sent,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(sent.items.is_empty());
}

#[tokio::test]
async fn an_erased_recipient_has_no_inbox_and_an_erased_sender_shows_as_deleted() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let from_parent = w
        .messaging
        .send(
            &actor(&w.lotte_mama),
            NewMessage {
                subject: "Ziek".into(),
                body: "Lotte is ziek vandaag.".into(),
                to: vec![Recipient::Account(w.teacher.id)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap()
        .id;
    let hook = w.messaging.erasure_hook();
    hook.erase_account_data(w.lotte_mama.school, w.lotte_mama.id)
        .await
        .unwrap();

    assert!(matches!(
        w.messaging.open(&actor(&w.lotte_mama), id).await,
        Err(MessagingError::NotFound)
    ));
    assert_eq!(w.inbox(&w.noah_mama).await, vec![id]);
    let MessageView::Received(kept) = w
        .messaging
        .open(&actor(&w.teacher), from_parent)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(kept.message.sender, None);
    assert_eq!(kept.message.sender_name, None);
}

#[tokio::test]
async fn parents_and_pupils_write_to_staff_only() {
    let w = world().await;
    let err = w
        .messaging
        .send(
            &actor(&w.lotte_mama),
            message(vec![Recipient::Account(w.noah_mama.id)]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[0]".to_owned(), "not_allowed".to_owned())]
    );
    let err = w
        .messaging
        .send(
            &actor(&w.lotte),
            message(vec![Recipient::Group(w.class, Audience::Pupils)]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("to[0]".to_owned(), "not_allowed".to_owned())]
    );
    w.messaging
        .send(
            &actor(&w.lotte_mama),
            message(vec![Recipient::Account(w.teacher.id)]),
        )
        .await
        .unwrap();
}
