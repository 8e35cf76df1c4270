//! Read receipts: only the sender reads them, in pages, set once and only by the recipient.

use super::*;

#[tokio::test]
async fn only_the_sender_reads_the_receipts() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    for intruder in [&w.lotte_mama, &w.admin, &w.lotte] {
        let err = w
            .messaging
            .receipts(&actor(intruder), id, &PageRequest::first())
            .await
            .unwrap_err();
        assert!(matches!(err, MessagingError::NotFound), "{intruder:?}");
        let err = w
            .messaging
            .receipt_counts(&actor(intruder), id)
            .await
            .unwrap_err();
        assert!(matches!(err, MessagingError::NotFound), "{intruder:?}");
    }
    assert_eq!(
        w.messaging
            .receipts(&actor(&w.teacher), id, &PageRequest::first())
            .await
            .unwrap()
            .items
            .len(),
        3
    );
    let counts = w
        .messaging
        .receipt_counts(&actor(&w.teacher), id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (3, 0));
}

#[tokio::test]
async fn receipts_come_in_pages_and_refuse_a_foreign_cursor() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    let teacher = actor(&w.teacher);
    let mut seen = Vec::new();
    let mut page = PageRequest::new(Some(2), None);
    loop {
        let got = w.messaging.receipts(&teacher, id, &page).await.unwrap();
        assert!(got.items.len() <= 2);
        seen.extend(got.items.iter().map(|r| r.recipient));
        match got.next {
            Some(next) => page = PageRequest::new(Some(2), Some(Cursor::parse(&next).unwrap())),
            None => break,
        }
    }
    let all = w
        .messaging
        .receipts(&teacher, id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    assert_eq!(seen, all.iter().map(|r| r.recipient).collect::<Vec<_>>());
    assert_eq!(seen.len(), 3);
    // A cursor of another list (a folder's message id) is refused, not misread.
    let foreign = PageRequest::new(None, Some(Cursor::after_key(&id.to_string())));
    let err = w
        .messaging
        .receipts(&teacher, id, &foreign)
        .await
        .unwrap_err();
    assert!(matches!(err, MessagingError::Invalid(_)), "{err:?}");
}

#[tokio::test]
async fn a_read_receipt_is_set_once_and_only_by_the_recipient() {
    let w = world().await;
    let id = w.to_parents_of_3a().await;
    // The sender opening it, and listings, set nothing.
    w.messaging.open(&actor(&w.teacher), id).await.unwrap();
    w.messaging
        .list(
            &actor(&w.noah_mama),
            Folder::Inbox,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    let receipts = w
        .messaging
        .receipts(&actor(&w.teacher), id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    assert!(receipts.iter().all(|r| r.read_at.is_none()));
    let first = brussels(2026, 9, 1, 12, 0);
    w.clock.set(first);
    w.messaging.open(&actor(&w.noah_mama), id).await.unwrap();
    w.clock.advance(Duration::hours(3));
    w.messaging.open(&actor(&w.noah_mama), id).await.unwrap();
    let receipts = w
        .messaging
        .receipts(&actor(&w.teacher), id, &PageRequest::first())
        .await
        .unwrap()
        .items;
    let noah = receipts
        .iter()
        .find(|r| r.recipient == w.noah_mama.id)
        .unwrap();
    assert_eq!(noah.read_at, Some(first));
    assert_eq!(receipts.iter().filter(|r| r.read_at.is_some()).count(), 1);
}
