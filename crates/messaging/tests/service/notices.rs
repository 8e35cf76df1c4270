//! System notices to a pupil's parents (attendance's alerts): every co-account gets a
//! blind copy, the pupil none, nobody twice however often it is delivered, and forwards
//! wait in the outbox like any message's.

use super::*;

#[tokio::test]
async fn a_notice_reaches_every_parent_of_the_pupil_blind_and_once() {
    let w = world().await;
    let id = schoolbrug_kernel::MessageId::new();
    let sent = w
        .messaging
        .notify_parents(
            w.lotte.school,
            w.lotte.id,
            id,
            "Lotte is afwezig",
            "Niet op school.",
        )
        .await
        .unwrap();
    assert_eq!(sent, 2);
    for parent in [&w.lotte_mama, &w.lotte_papa] {
        assert_eq!(w.inbox(parent).await, vec![id]);
        let MessageView::Received(seen) = w.messaging.open(&actor(parent), id).await.unwrap()
        else {
            panic!("a parent received it");
        };
        assert!(seen.message.sender.is_none(), "a system notice");
        assert!(
            seen.message.visibility.named.is_empty(),
            "no parent sees the other"
        );
    }
    for nobody in [&w.lotte, &w.noah_mama, &w.teacher] {
        assert!(w.inbox(nobody).await.is_empty());
    }
    // Delivered again (a retry of the alert): stored once.
    let again = w
        .messaging
        .notify_parents(
            w.lotte.school,
            w.lotte.id,
            id,
            "Lotte is afwezig",
            "Niet op school.",
        )
        .await
        .unwrap();
    assert_eq!(again, 0);
    assert_eq!(w.inbox(&w.lotte_mama).await, vec![id]);
}

#[tokio::test]
async fn a_notice_about_no_pupil_of_the_school_reaches_nobody() {
    let w = world().await;
    let id = schoolbrug_kernel::MessageId::new();
    // The teacher is not a pupil; another school's pupil is not found here.
    for (school, who) in [
        (w.lotte.school, w.teacher.id),
        (w.other_school_parent.school, w.lotte.id),
    ] {
        let sent = w
            .messaging
            .notify_parents(school, who, id, "x", "y")
            .await
            .unwrap();
        assert_eq!(sent, 0);
    }
    assert!(w.inbox(&w.lotte_mama).await.is_empty());
}
