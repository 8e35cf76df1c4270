//! Saving notification settings with the forward-address confirmation mail, through the
//! service on the in-memory adapters: the settings are saved and one mail goes out; a
//! mailer that refuses leaves the settings saved (unconfirmed) and tells the caller; a
//! fourth confirmation mail within the hour is refused and saves nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{TimeZone as _, Utc};
use chrono_tz::Europe::Brussels;
use schoolbrug_kernel::{Actor, ActorKind, FixedClock, Role, SchoolId};
use schoolbrug_messaging::forwarding::confirmation::{
    CONFIRMATION_SUBJECT, ConfirmationBodies, ConfirmationMail, ConfirmationText, SaveError, Saved,
};
use schoolbrug_messaging::mailer::{MailError, Mailer, OutgoingMail};
use schoolbrug_messaging::memory::{InMemoryDirectory, InMemoryMessageStore, Person};
use schoolbrug_messaging::{Messaging, MessagingError, SettingsChange};

/// Keeps every mail it accepts; refuses all with `refuse`.
#[derive(Default)]
struct Outbox {
    sent: Mutex<Vec<OutgoingMail>>,
    refuse: Option<MailError>,
}

#[async_trait]
impl Mailer for Outbox {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        if let Some(e) = &self.refuse {
            return Err(e.clone());
        }
        self.sent.lock().unwrap().push(mail.clone());
        Ok(())
    }
}

/// Bodies naming the school and the link, so the test can read them back.
struct Plain;

impl ConfirmationText for Plain {
    fn bodies(&self, school: &str, link: &str) -> Result<ConfirmationBodies, String> {
        Ok(ConfirmationBodies {
            text: format!("{school}: {link}"),
            html: format!("<p>{school}: {link}</p>"),
        })
    }
}

fn world() -> (Messaging, Actor) {
    world_at(Arc::new(FixedClock::at(
        Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
    )))
}

fn world_at(clock: Arc<FixedClock>) -> (Messaging, Actor) {
    let directory = Arc::new(InMemoryDirectory::new());
    let store = Arc::new(InMemoryMessageStore::new(directory.clone()));
    let messaging = Messaging::new(store, clock);
    let school = SchoolId::new();
    directory.add_school(school, Brussels);
    let teacher = Person::main(school, "mevrouw.claes", &[Role::Teacher]);
    directory.add_person(&teacher);
    let actor = Actor {
        school,
        account: teacher.id,
        kind: ActorKind::Main {
            roles: vec![Role::Teacher],
        },
    };
    (messaging, actor)
}

fn change(address: &str) -> SettingsChange {
    SettingsChange {
        forward_email: Some(address.to_owned()),
        forward_messages: true,
        notify_news: false,
        push: false,
    }
}

fn mail<'a>(mailer: &'a Outbox) -> ConfirmationMail<'a> {
    ConfirmationMail {
        mailer,
        text: &Plain,
        public_url: "https://school.example/",
    }
}

#[tokio::test]
async fn a_new_address_is_saved_unconfirmed_and_gets_one_confirmation_mail() {
    let (messaging, actor) = world();
    let outbox = Outbox::default();

    let saved = messaging
        .save_settings(&actor, change(" els@example.org "), mail(&outbox), async {
            "Sint-Jan".to_owned()
        })
        .await
        .unwrap();

    assert_eq!(saved, Saved::ConfirmationSent);
    let settings = messaging.settings(&actor).await.unwrap();
    assert_eq!(settings.forward_email.as_deref(), Some("els@example.org"));
    assert!(!settings.forward_email_confirmed);
    let sent = outbox.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    let mail = &sent[0];
    assert_eq!(mail.to, "els@example.org");
    assert_eq!(mail.school, actor.school);
    assert_eq!(mail.from_name, "Sint-Jan");
    assert_eq!(mail.subject, CONFIRMATION_SUBJECT);
    assert!(mail.message_id.starts_with("confirm-") && mail.message_id.ends_with("@schoolbrug"));
    let prefix = "Sint-Jan: https://school.example/settings/notifications/confirm?token=";
    assert!(mail.text.starts_with(prefix), "{}", mail.text);
    let token = &mail.text[prefix.len()..];
    messaging
        .confirm_forward_email(&actor, token)
        .await
        .expect("the mailed token confirms the address");
    assert!(
        messaging
            .settings(&actor)
            .await
            .unwrap()
            .forward_email_confirmed
    );
}

#[tokio::test]
async fn without_an_address_nothing_is_mailed_and_the_school_name_is_not_asked() {
    let (messaging, actor) = world();
    let outbox = Outbox::default();
    let mut no_address = change("");
    no_address.forward_email = None;

    let saved = messaging
        .save_settings(&actor, no_address, mail(&outbox), async {
            panic!("the school's name is asked only for a mail")
        })
        .await
        .unwrap();

    assert_eq!(saved, Saved::Saved);
    assert!(outbox.sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_refusing_mailer_leaves_the_settings_saved_and_unconfirmed_and_tells_the_caller() {
    let (messaging, actor) = world();
    let outbox = Outbox {
        refuse: Some(MailError::Temporary("421 try later".to_owned())),
        ..Outbox::default()
    };

    let answer = messaging
        .save_settings(&actor, change("els@example.org"), mail(&outbox), async {
            "Sint-Jan".to_owned()
        })
        .await;

    assert!(matches!(
        answer,
        Err(SaveError::Mail(MailError::Temporary(ref m))) if m == "421 try later"
    ));
    let settings = messaging.settings(&actor).await.unwrap();
    assert_eq!(settings.forward_email.as_deref(), Some("els@example.org"));
    assert!(!settings.forward_email_confirmed);
}

#[tokio::test]
async fn a_refused_address_saves_nothing_and_sends_nothing() {
    let (messaging, actor) = world();
    let outbox = Outbox::default();

    let answer = messaging
        .save_settings(&actor, change("not an address"), mail(&outbox), async {
            "Sint-Jan".to_owned()
        })
        .await;

    assert!(matches!(
        answer,
        Err(SaveError::Messaging(MessagingError::Invalid(_)))
    ));
    assert!(outbox.sent.lock().unwrap().is_empty());
    assert_eq!(
        messaging.settings(&actor).await.unwrap().forward_email,
        None
    );
}

#[tokio::test]
async fn a_fourth_confirmation_mail_within_the_hour_is_refused_and_saves_nothing() {
    let clock = Arc::new(FixedClock::at(
        Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
    ));
    let (messaging, actor) = world_at(clock.clone());
    let outbox = Outbox::default();
    for i in 0..3 {
        let saved = messaging
            .save_settings(
                &actor,
                change(&format!("els{i}@example.org")),
                mail(&outbox),
                async { "Sint-Jan".to_owned() },
            )
            .await
            .unwrap();
        assert_eq!(saved, Saved::ConfirmationSent);
        clock.advance(chrono::Duration::minutes(10));
    }

    let mut fourth = change("victim@example.org");
    fourth.notify_news = true;
    let refused = messaging
        .save_settings(&actor, fourth, mail(&outbox), async {
            "Sint-Jan".to_owned()
        })
        .await;

    match refused {
        Err(SaveError::Messaging(MessagingError::Throttled { retry_after_secs })) => {
            assert_eq!(
                retry_after_secs,
                30 * 60,
                "the hour opened with the first mail"
            );
        }
        other => panic!("expected throttled, got {other:?}"),
    }
    assert_eq!(outbox.sent.lock().unwrap().len(), 3, "no fourth mail");
    let settings = messaging.settings(&actor).await.unwrap();
    assert_eq!(settings.forward_email.as_deref(), Some("els2@example.org"));
    assert!(
        !settings.notify_news,
        "nothing of the refused save was kept"
    );

    clock.advance(chrono::Duration::minutes(30));
    let saved = messaging
        .save_settings(&actor, change("victim@example.org"), mail(&outbox), async {
            "Sint-Jan".to_owned()
        })
        .await
        .unwrap();
    assert_eq!(
        saved,
        Saved::ConfirmationSent,
        "an hour after the first mail"
    );
    assert_eq!(outbox.sent.lock().unwrap().len(), 4);
}
