//! The forwarded mail: one recipient's copy of a message, in Dutch with each line in
//! English below it, as plain text and as HTML (everything escaped).
//!
//! Privacy: the mail shows only the addressing its recipient may see on the platform
//! ([`ReceivedMessage::visible_recipients`]): a blind copy shows the recipient and the
//! group's label, never the other recipients. The only address in the mail is the
//! recipient's own (`to`); no other recipient's address is known here at all.

use schoolbrug_kernel::{MessageId, NewsId};

use crate::mailer::OutgoingMail;
use crate::model::{MessageKind, NewsItem, OutboxRow, ReceivedMessage, render_body_html};

/// The sender name of a system notice or of a message whose sender was erased.
pub const PLATFORM_NAME: &str = "Schoolbrug";

/// The stable `Message-ID` of an outbox row's mail (without angle brackets): the same on
/// every attempt, so that a retry after an unknown outcome is recognisable.
#[must_use]
pub fn message_id(row: &OutboxRow) -> String {
    format!("{}@schoolbrug", row.id)
}

/// The link to a message on the platform: `{base_url}/messages/{id}`.
#[must_use]
pub fn message_link(base_url: &str, message: MessageId) -> String {
    format!("{}/messages/{message}", base_url.trim_end_matches('/'))
}

/// The mail forwarding `received` (the copy of `row.recipient`) to `row.to`.
#[must_use]
pub fn render_mail(row: &OutboxRow, received: &ReceivedMessage, base_url: &str) -> OutgoingMail {
    let message = &received.message;
    let from = match (&message.kind, &message.sender_name) {
        (MessageKind::Normal, Some(name)) => name.clone(),
        _ => PLATFORM_NAME.to_owned(),
    };
    let subject = message.subject.as_str();
    let link = message_link(base_url, message.id);
    let (named, groups) = received.visible_recipients();
    let names: Vec<&str> = named.iter().map(|(_, name)| name.as_str()).collect();
    let to_nl = join(&names, groups.iter().map(crate::model::GroupLabel::dutch));
    let to_en = join(&names, groups.iter().map(crate::model::GroupLabel::english));

    let mut notes: Vec<(&str, &str)> = Vec::new();
    if message.urgent {
        notes.push(("Dringend bericht.", "Urgent message."));
    }
    if message.reply_requested {
        notes.push((
            "Er wordt een antwoord gevraagd binnen 48 schooluren.",
            "A reply is requested within 48 school hours.",
        ));
    }

    let mut text = String::with_capacity(message.body.as_str().len() + 1024);
    text.push_str(&format!(
        "{from} stuurde je een bericht via Schoolbrug.\n\
         {from} sent you a message through Schoolbrug.\n\n\
         Aan: {to_nl}\nTo: {to_en}\n\
         Onderwerp / Subject: {subject}\n"
    ));
    for (nl, en) in &notes {
        text.push_str(&format!("{nl}\n{en}\n"));
    }
    text.push_str("\n----------\n");
    text.push_str(message.body.as_str());
    if !message.body.as_str().ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "----------\n\n\
         Lees en beantwoord het bericht op Schoolbrug: {link}\n\
         Read and answer the message on Schoolbrug: {link}\n\n\
         Je krijgt deze e-mail omdat je je berichten laat doorsturen; dat zet je uit bij je \
         instellingen berichtgeving.\n\
         You get this e-mail because you forward your messages; turn that off in your \
         notification settings.\n"
    ));

    let (e_from, e_subject, e_link) = (escape(&from), escape(subject), escape(&link));
    let mut html = String::with_capacity(message.body.as_str().len() * 2 + 2048);
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>{e_subject}</title></head>\n<body>\n\
         <p>{e_from} stuurde je een bericht via Schoolbrug.<br>\n\
         <span lang=\"en\">{e_from} sent you a message through Schoolbrug.</span></p>\n\
         <p>Aan: {}<br>\n<span lang=\"en\">To: {}</span><br>\n\
         Onderwerp / <span lang=\"en\">Subject</span>: <strong>{e_subject}</strong></p>\n",
        escape(&to_nl),
        escape(&to_en),
    ));
    for (nl, en) in &notes {
        html.push_str(&format!(
            "<p>{}<br>\n<span lang=\"en\">{}</span></p>\n",
            escape(nl),
            escape(en)
        ));
    }
    html.push_str("<hr>\n<div>");
    html.push_str(&render_body_html(message.body.as_str()));
    html.push_str(&format!(
        "</div>\n<hr>\n\
         <p><a href=\"{e_link}\">Lees en beantwoord het bericht op Schoolbrug</a><br>\n\
         <span lang=\"en\"><a href=\"{e_link}\">Read and answer the message on Schoolbrug</a></span></p>\n\
         <p><small>Je krijgt deze e-mail omdat je je berichten laat doorsturen; dat zet je uit \
         bij je instellingen berichtgeving.<br>\n<span lang=\"en\">You get this e-mail because \
         you forward your messages; turn that off in your notification settings.</span></small></p>\n\
         </body>\n</html>\n"
    ));

    OutgoingMail {
        school: row.school,
        message_id: message_id(row),
        from_name: from,
        from_address: None,
        to: row.to.clone(),
        subject: subject.to_owned(),
        text,
        html,
    }
}

/// Names, then labels, separated by commas.
fn join(names: &[&str], labels: impl Iterator<Item = String>) -> String {
    let mut all: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    all.extend(labels);
    all.join(", ")
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The link to a news item on the platform: `{base_url}/news/{id}`.
#[must_use]
pub fn news_link(base_url: &str, news: NewsId) -> String {
    format!("{}/news/{news}", base_url.trim_end_matches('/'))
}

/// The mail telling `row.to` of the news item `item` (title, author, text and a link),
/// in Dutch with each line in English below it.
#[must_use]
pub fn render_news_mail(row: &OutboxRow, item: &NewsItem, base_url: &str) -> OutgoingMail {
    let from = item
        .author_name
        .clone()
        .unwrap_or_else(|| PLATFORM_NAME.to_owned());
    let title = item.title.as_str();
    let body = item.body.as_str();
    let link = news_link(base_url, item.id);
    let mut text = String::with_capacity(body.len() + 1024);
    text.push_str(&format!(
        "Nieuws van je school op Schoolbrug, van {from}.\n\
         News from your school on Schoolbrug, from {from}.\n\n\
         Titel / Title: {title}\n\n----------\n"
    ));
    text.push_str(body);
    if !body.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "----------\n\n\
         Lees het nieuws op Schoolbrug: {link}\n\
         Read the news on Schoolbrug: {link}\n\n\
         Je krijgt deze e-mail omdat je nieuws laat doorsturen; dat zet je uit bij je \
         instellingen berichtgeving.\n\
         You get this e-mail because you asked to be told of news; turn that off in your \
         notification settings.\n"
    ));
    let (e_from, e_title, e_link) = (escape(&from), escape(title), escape(&link));
    let mut html = String::with_capacity(body.len() * 2 + 2048);
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>{e_title}</title></head>\n<body>\n\
         <p>Nieuws van je school op Schoolbrug, van {e_from}.<br>\n\
         <span lang=\"en\">News from your school on Schoolbrug, from {e_from}.</span></p>\n\
         <h1>{e_title}</h1>\n<hr>\n<div>"
    ));
    html.push_str(&render_body_html(body));
    html.push_str(&format!(
        "</div>\n<hr>\n\
         <p><a href=\"{e_link}\">Lees het nieuws op Schoolbrug</a><br>\n\
         <span lang=\"en\"><a href=\"{e_link}\">Read the news on Schoolbrug</a></span></p>\n\
         <p><small>Je krijgt deze e-mail omdat je nieuws laat doorsturen; dat zet je uit bij je \
         instellingen berichtgeving.<br>\n<span lang=\"en\">You get this e-mail because you \
         asked to be told of news; turn that off in your notification settings.</span></small></p>\n\
         </body>\n</html>\n"
    ));
    OutgoingMail {
        school: row.school,
        message_id: message_id(row),
        from_name: from,
        from_address: None,
        to: row.to.clone(),
        subject: title.to_owned(),
        text,
        html,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone as _, Utc};
    use schoolbrug_kernel::{AccountId, MessageId, OutboxId, SchoolId};

    use super::*;
    use crate::model::Forwarded;
    use crate::model::{
        Audience, Body, Copy, GroupLabel, Message, OutboxStatus, Subject, Via, Visibility,
    };

    fn received(via: Via, named: Vec<(AccountId, String)>) -> (OutboxRow, ReceivedMessage) {
        let at = Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap();
        let school = SchoolId::new();
        let me = AccountId::new();
        let id = MessageId::new();
        let message = Message {
            id,
            school,
            sender: Some(AccountId::new()),
            sender_name: Some("Els <Claes>".into()),
            kind: MessageKind::Normal,
            subject: Subject::parse("Uitstap & <b>Brugge</b>").unwrap(),
            body: Body::parse("Beste ouders,\n<script>alert(1)</script>\nZie https://school.be/a")
                .unwrap(),
            in_reply_to: None,
            reply_requested: true,
            action_deadline: None,
            urgent: false,
            visibility: Visibility {
                named,
                groups: vec![GroupLabel::Group {
                    name: "3A".into(),
                    audience: Audience::CoAccounts,
                }],
            },
            sent_at: at,
        };
        let copy = Copy {
            message: id,
            school,
            recipient: me,
            recipient_name: "An Peeters".into(),
            via,
            read_at: None,
            replied_at: None,
            reply_due_at: None,
            trashed_at: None,
            misdirected_at: None,
        };
        let row = OutboxRow {
            id: OutboxId::new(),
            school,
            forwards: Forwarded::Message(id),
            recipient: me,
            to: "an@example.org".into(),
            subject: "Uitstap".into(),
            status: OutboxStatus::Waiting,
            attempts: 0,
            last_error: None,
            next_attempt_at: at,
            created_at: at,
        };
        (row, ReceivedMessage { message, copy })
    }

    #[test]
    fn the_html_alternative_escapes_the_sender_the_subject_and_the_body() {
        let label = GroupLabel::Group {
            name: "3A".into(),
            audience: Audience::CoAccounts,
        };
        let (row, received) = received(Via::Group(label), Vec::new());
        let mail = render_mail(&row, &received, "https://sb.example/");
        assert!(!mail.html.contains("<script>"));
        assert!(!mail.html.contains("<b>Brugge"));
        assert!(!mail.html.contains("Els <Claes>"));
        assert!(mail.html.contains("Els &lt;Claes&gt;"));
        assert!(
            mail.html
                .contains("Uitstap &amp; &lt;b&gt;Brugge&lt;/b&gt;")
        );
        assert!(mail.html.contains("<a href=\"https://school.be/a\""));
        let link = format!("https://sb.example/messages/{}", received.message.id);
        assert!(mail.html.contains(&format!("<a href=\"{link}\">")));
        assert!(mail.text.contains(&link));
        assert!(
            mail.text.contains("<script>alert(1)</script>"),
            "plain text stays as written"
        );
        assert_eq!(mail.from_name, "Els <Claes>");
        assert_eq!(mail.subject, "Uitstap & <b>Brugge</b>");
        assert_eq!(mail.message_id, format!("{}@schoolbrug", row.id));
    }

    #[test]
    fn a_blind_copy_shows_only_its_recipient_and_the_group_label() {
        let label = GroupLabel::Group {
            name: "3A".into(),
            audience: Audience::CoAccounts,
        };
        let hidden = vec![(AccountId::new(), "Bart Janssens".to_owned())];
        let (row, received) = received(Via::Group(label), hidden);
        let mail = render_mail(&row, &received, "https://sb.example");
        for part in [&mail.text, &mail.html] {
            assert!(part.contains("An Peeters"));
            assert!(part.contains("co-accounts van 3A"));
            assert!(part.contains("co-accounts of 3A"));
            assert!(!part.contains("Bart Janssens"));
        }
    }

    #[test]
    fn named_recipients_see_each_other() {
        let me = (AccountId::new(), "An Peeters".to_owned());
        let other = (AccountId::new(), "Bart Janssens".to_owned());
        let (row, received) = received(Via::Named, vec![me, other]);
        let mail = render_mail(&row, &received, "https://sb.example");
        assert!(
            mail.text
                .contains("Aan: An Peeters, Bart Janssens, co-accounts van 3A")
        );
        assert!(
            mail.text
                .contains("To: An Peeters, Bart Janssens, co-accounts of 3A")
        );
    }

    #[test]
    fn a_system_notice_or_an_erased_sender_is_sent_as_schoolbrug() {
        let label = GroupLabel::Role {
            role: schoolbrug_kernel::Role::Teacher,
        };
        let (row, mut received) = received(Via::Group(label), Vec::new());
        received.message.sender = None;
        received.message.sender_name = None;
        assert_eq!(render_mail(&row, &received, "x").from_name, "Schoolbrug");
        received.message.sender_name = Some("Systeem".into());
        received.message.kind = MessageKind::System;
        assert_eq!(render_mail(&row, &received, "x").from_name, "Schoolbrug");
    }
}
