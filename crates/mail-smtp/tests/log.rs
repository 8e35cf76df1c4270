//! `LogMailer` writes each mail to the log at INFO and accepts it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use schoolbrug_kernel::SchoolId;
use schoolbrug_kernel::mail::{Mailer, OutgoingMail};
use schoolbrug_mail_smtp::LogMailer;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The text log the log mailer writes for `mail`.
async fn logged(mail: &OutgoingMail) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    LogMailer::new().send(mail).await.unwrap();
    String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn every_mail_is_written_to_the_log_at_info() {
    let mail = OutgoingMail {
        school: SchoolId::new(),
        message_id: "0190c6b2-7d8e-7f00-8000-000000000099@schoolbrug.example".to_owned(),
        from_name: "Els Claes via Sint-Jan".to_owned(),
        from_address: None,
        to: "ouder@example.org".to_owned(),
        subject: "Uitstap naar Brussel – vrijdag".to_owned(),
        text: "Lees het bericht: https://sint-jan.schoolbrug.example/berichten/1".to_owned(),
        html: "<p>html</p>".to_owned(),
    };
    let log = logged(&mail).await;

    assert!(log.contains("INFO"), "{log}");
    assert!(log.contains("schoolbrug::mail"), "{log}");
    assert!(log.contains("ouder@example.org"), "{log}");
    assert!(log.contains("Uitstap naar Brussel – vrijdag"), "{log}");
    assert!(log.contains(&mail.message_id), "{log}");
    assert!(
        log.contains("https://sint-jan.schoolbrug.example/berichten/1"),
        "{log}"
    );
    assert!(log.contains("Els Claes via Sint-Jan"), "{log}");
}

#[tokio::test(flavor = "current_thread")]
async fn text_people_typed_cannot_forge_a_log_line() {
    let forged = "2026-01-01T00:00:00Z  INFO fake line";
    let mail = OutgoingMail {
        school: SchoolId::new(),
        message_id: "0190c6b2-7d8e-7f00-8000-000000000098@schoolbrug.example".to_owned(),
        from_name: format!("Els\n{forged} from"),
        from_address: None,
        to: "ouder@example.org".to_owned(),
        subject: format!("Uitstap\r\n{forged} subject"),
        text: format!("Dag,\n{forged}\n\u{1b}[2Jeinde"),
        html: "<p>html</p>".to_owned(),
    };

    let log = logged(&mail).await;

    assert_eq!(log.lines().count(), 1, "one mail, one log line: {log}");
    assert!(
        !log.lines()
            .any(|line| line.starts_with("2026-01-01T00:00:00Z")),
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "no raw escape sequence: {log}");
    assert!(
        log.contains(r"Dag,\n2026-01-01T00:00:00Z  INFO fake line"),
        "{log}"
    );
}
