//! News by e-mail: those it reaches who turned `notify_news` on (with a confirmed
//! address) get it through the outbox, rendered like a forwarded message, never in quiet
//! hours; those with it off, or not reached, get nothing; a withdrawn item takes its
//! waiting mails with it.

use schoolbrug_messaging::NewNews;
use schoolbrug_messaging::model::{Forwarded, NewsAudience};

use super::*;

impl World {
    /// The parent turns news by e-mail on (keeping the confirmed address).
    async fn wants_news(&self, parent: &Person) {
        self.messaging
            .change_settings(
                &actor(parent),
                SettingsChange {
                    forward_email: Some(address(parent)),
                    forward_messages: true,
                    notify_news: true,
                    ..SettingsChange::default()
                },
            )
            .await
            .unwrap();
    }

    async fn publish_to_3a(&self, title: &str) -> schoolbrug_kernel::NewsId {
        self.messaging
            .publish_news(
                &actor(&self.admin),
                NewNews {
                    title: title.into(),
                    body: "Vrijdag is het sportdag.\nZie https://sint-jan.example/sport".into(),
                    audience: vec![NewsAudience::Group(self.class)],
                    ..NewNews::default()
                },
            )
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_news_item_is_mailed_to_whom_it_reaches_with_notify_news_on_and_to_no_one_else() {
    let w = world().await;
    w.wants_news(&w.parents[0]).await;
    let id = w.publish_to_3a("Sportdag").await;
    let rows = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(rows.len(), 1, "only Anna asked for news by e-mail");
    assert_eq!(rows[0].forwards, Forwarded::News(id));
    assert_eq!(rows[0].recipient, w.parents[0].id);

    let mailer = RecordingMailer::answering(Vec::new());
    assert_eq!(
        w.forwarder(mailer.clone()).run_once().await.unwrap().sent,
        1
    );
    let mails = mailer.accepted();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, address(&w.parents[0]));
    assert_eq!(mail.subject, "Sportdag");
    assert!(mail.text.contains("Vrijdag is het sportdag."));
    assert!(
        mail.text.contains("beheerder Peeters"),
        "the author: {}",
        mail.text
    );
    assert!(mail.text.contains(&format!("{BASE_URL}/news/{id}")));
    assert!(!mail.html.contains("<script"));
    for other in &w.parents[1..] {
        assert!(!mail.text.contains(&address(other)));
    }
}

#[tokio::test]
async fn a_news_item_published_in_quiet_hours_is_held_until_they_end() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.wants_news(&w.parents[2]).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    w.publish_to_3a("Morgen geen zwemles").await;
    let rows = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].next_attempt_at, brussels(2026, 9, 2, 7, 0));
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    w.clock.set(brussels(2026, 9, 2, 6, 59));
    assert!(forwarder.run_once().await.unwrap().is_idle());
    assert!(mailer.handed().is_empty(), "nothing in quiet hours");
    w.clock.set(brussels(2026, 9, 2, 7, 0));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 1);
}

#[tokio::test]
async fn a_scheduled_item_is_mailed_when_it_is_published_and_a_withdrawn_one_never() {
    let w = world().await;
    w.wants_news(&w.parents[0]).await;
    let later = tuesday_morning() + Duration::hours(3);
    w.messaging
        .publish_news(
            &actor(&w.admin),
            NewNews {
                title: "Straks".into(),
                audience: vec![NewsAudience::School],
                publish_at: Some(later),
                ..NewNews::default()
            },
        )
        .await
        .unwrap();
    let withdrawn = w.publish_to_3a("Vergissing").await;
    w.messaging
        .withdraw_news(&actor(&w.admin), withdrawn)
        .await
        .unwrap();
    let rows = w.rows(OutboxStatus::Waiting).await;
    assert_eq!(rows.len(), 1, "the withdrawn item's mail went with it");
    assert_eq!(rows[0].next_attempt_at, later);
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    assert!(forwarder.run_once().await.unwrap().is_idle());
    w.clock.set(later);
    assert_eq!(forwarder.run_once().await.unwrap().sent, 1);
    assert_eq!(mailer.accepted()[0].subject, "Straks");
}

#[tokio::test]
async fn an_edit_that_no_longer_reaches_a_parent_takes_back_their_waiting_mail() {
    let w = world().await;
    w.set_evening_quiet_hours(true).await;
    w.wants_news(&w.parents[0]).await;
    w.clock.set(brussels(2026, 9, 1, 21, 0));
    let id = w.publish_to_3a("Sportdag").await;
    assert_eq!(w.rows(OutboxStatus::Waiting).await.len(), 1);
    w.messaging
        .edit_news(
            &actor(&w.admin),
            id,
            NewNews {
                title: "Personeelsvergadering".into(),
                audience: vec![NewsAudience::Role(Role::Teacher)],
                ..NewNews::default()
            },
        )
        .await
        .unwrap();
    assert!(w.rows(OutboxStatus::Waiting).await.is_empty());
    let mailer = RecordingMailer::answering(Vec::new());
    w.clock.set(brussels(2026, 9, 2, 7, 0));
    assert!(
        w.forwarder(mailer.clone())
            .run_once()
            .await
            .unwrap()
            .is_idle()
    );
    assert!(mailer.handed().is_empty());
}
