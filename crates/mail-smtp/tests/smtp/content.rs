//! What a mail holds: its headers and both alternatives, the school's sender address, no
//! other recipient's address, no header smuggled in.

use super::*;

#[tokio::test]
async fn the_mail_arrives_with_the_right_headers_and_both_alternatives() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    let sent = mail(1, "ouder.peeters@example.org");

    bounded(mailer.send(&sent)).await.unwrap();

    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    let received = &mails[0];
    assert_eq!(received.mail_from, DEFAULT_FROM);
    assert_eq!(
        received.rcpt_to,
        vec!["ouder.peeters@example.org".to_owned()]
    );

    let raw = received.raw();
    assert!(raw.is_ascii(), "7-bit on the wire");
    assert!(
        raw.contains(
            "\r\nMessage-ID: <0190c6b2-7d8e-7f00-8000-000000000001@schoolbrug.example>\r\n"
        ) || raw.starts_with(
            "Message-ID: <0190c6b2-7d8e-7f00-8000-000000000001@schoolbrug.example>\r\n"
        ),
        "Message-ID exactly as given:\n{raw}"
    );

    let parsed = MessageParser::default().parse(&received.data).unwrap();
    assert_eq!(
        parsed.message_id(),
        Some("0190c6b2-7d8e-7f00-8000-000000000001@schoolbrug.example")
    );
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.name(), Some("Els Claes via Sint-Jan"));
    assert_eq!(from.address(), Some(DEFAULT_FROM));
    let to: Vec<_> = parsed.to().unwrap().iter().collect();
    assert_eq!(to.len(), 1);
    assert_eq!(to[0].address(), Some("ouder.peeters@example.org"));
    assert_eq!(parsed.subject(), Some("Uitstap naar Brussel – vrijdag"));
    assert!(parsed.cc().is_none() && parsed.bcc().is_none() && parsed.reply_to().is_none());

    let content_type = parsed.content_type().unwrap();
    assert_eq!(content_type.ctype(), "multipart");
    assert_eq!(content_type.subtype(), Some("alternative"));
    assert_eq!(parsed.text_body_count(), 1);
    assert_eq!(parsed.html_body_count(), 1);
    let text = parsed.body_text(0).unwrap();
    assert_eq!(text.replace("\r\n", "\n"), sent.text);
    assert!(text.contains(LINK));
    assert!(
        text.contains("\n.Een regel die met een punt begint."),
        "dot-stuffing undone"
    );
    let html = parsed.body_html(0).unwrap();
    assert_eq!(html, sent.html);
    for part in &parsed.parts[1..] {
        if let Some(ct) = part.content_type() {
            assert_eq!(
                ct.attribute("charset")
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("utf-8")
            );
        }
    }

    let header_names: Vec<String> = parsed
        .headers()
        .iter()
        .map(|h| h.name().to_ascii_lowercase())
        .collect();
    let mut sorted = header_names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "content-type",
            "date",
            "from",
            "message-id",
            "mime-version",
            "subject",
            "to"
        ],
        "no other header than these"
    );
}

#[tokio::test]
async fn the_schools_own_sender_address_overrides_the_default() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    let mut sent = mail(2, "ouder@example.org");
    sent.from_address = Some("secretariaat@sint-jan.example".to_owned());

    bounded(mailer.send(&sent)).await.unwrap();

    let received = &server.mails()[0];
    assert_eq!(received.mail_from, "secretariaat@sint-jan.example");
    let parsed = MessageParser::default().parse(&received.data).unwrap();
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address(), Some("secretariaat@sint-jan.example"));
    assert_eq!(from.name(), Some("Els Claes via Sint-Jan"));
}

#[tokio::test]
async fn no_other_recipients_address_is_anywhere_in_a_mail() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    let recipients = [
        "an.janssens@example.org",
        "bart.maes@example.net",
        "chloe.willems@example.com",
    ];
    for (n, to) in (10..).zip(recipients) {
        bounded(mailer.send(&mail(n, to))).await.unwrap();
    }

    let mails = server.mails();
    assert_eq!(mails.len(), 3);
    assert_eq!(
        server.connections(),
        1,
        "one pooled connection for all three"
    );
    for (received, own) in mails.iter().zip(recipients) {
        assert_eq!(received.rcpt_to, vec![own.to_owned()]);
        let raw = received.raw().to_ascii_lowercase();
        assert!(raw.contains(own));
        for other in recipients.iter().filter(|r| **r != own) {
            assert!(!raw.contains(other), "{other} appears in the mail to {own}");
            let local = other.split('@').next().unwrap();
            assert!(!raw.contains(local), "{local} appears in the mail to {own}");
        }
        assert!(!raw.contains("\r\nbcc:") && !raw.contains("\r\ncc:"));
    }
    let rcpts: Vec<_> = server
        .commands()
        .into_iter()
        .filter(|c| c.to_ascii_uppercase().starts_with("RCPT"))
        .collect();
    assert_eq!(rcpts.len(), 3, "exactly one RCPT per mail: {rcpts:?}");
}

#[tokio::test]
async fn a_header_cannot_be_smuggled_in_through_the_subject_or_the_name() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    let mut sent = mail(3, "ouder@example.org");
    sent.subject = "Hallo\r\nBcc: spion@evil.example".to_owned();
    sent.from_name = "Juf\r\nCc: spion@evil.example".to_owned();

    bounded(mailer.send(&sent)).await.unwrap();

    let received = &server.mails()[0];
    assert_eq!(received.rcpt_to, vec!["ouder@example.org".to_owned()]);
    let parsed = MessageParser::default().parse(&received.data).unwrap();
    assert!(parsed.bcc().is_none() && parsed.cc().is_none());
    assert_eq!(parsed.subject(), Some("Hallo  Bcc: spion@evil.example"));
}
