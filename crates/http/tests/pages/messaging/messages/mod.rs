//! The message pages: composing, blind copies and read receipts; the folders; the free
//! days and notification settings.

mod compose;
mod folders;
mod settings;

use axum::http::StatusCode;
use schoolbrug_kernel::MessageId;
use schoolbrug_messaging::NewMessage;
use schoolbrug_messaging::model::Recipient;

use super::School;
use crate::support::{form, location};

/// The message id in `/messages/{id}?…`.
pub(super) fn message_id_in(path: &str) -> String {
    path.trim_start_matches("/messages/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

/// The teacher sends "Uitstap naar Brugge" to the co-accounts of 3A through the form;
/// returns the message id.
pub(super) async fn teacher_writes_to_the_parents_of_3a(school: &School, cookie: &str) -> String {
    let class = school.class.to_string();
    let response = school
        .app
        .send(form(
            "/messages/new",
            Some(cookie),
            &[
                ("to_groups", class.as_str()),
                ("audience", "co_accounts"),
                ("subject", "Uitstap naar Brugge"),
                ("body", "Beste ouders,\nvrijdag gaan we naar Brugge."),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    message_id_in(location(&response))
}

/// The teacher sends a message to Jonas himself, through the domain.
pub(super) async fn teacher_writes_to_jonas(
    school: &School,
    subject: &str,
    reply_requested: bool,
) -> MessageId {
    let teacher = school.app.actor("an.leraar").await;
    school
        .app
        .messaging
        .send(
            &teacher,
            NewMessage {
                subject: subject.into(),
                body: "Breng je turnzak mee.".into(),
                to: vec![Recipient::Account(school.jonas)],
                reply_requested,
                ..NewMessage::default()
            },
        )
        .await
        .unwrap()
        .id
}
