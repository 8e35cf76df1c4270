//! `SmtpMailer` against a real SMTP server on loopback (`schoolbrug_tests::smtp`, shared with
//! the end-to-end tests), started by each test.
//!
//! One module per topic: `content.rs` (what a mail holds), `pooling.rs` (connections
//! reused, bounded and replaced), `failures.rs` (temporary and permanent answers, timeouts,
//! invalid addresses), `security.rs` (credentials, TLS, configuration refused up front);
//! this file holds the helpers they share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use schoolbrug_kernel::SchoolId;
use schoolbrug_kernel::mail::{MailError, Mailer, OutgoingMail};
use schoolbrug_mail_smtp::{PoolSettings, SmtpConfigError, SmtpMailer, SmtpSettings};
use schoolbrug_tests::smtp::{Options, Reply, Security, SmtpServer, Step, TestCertificates, line};

const DEFAULT_FROM: &str = "noreply@schoolbrug.example";
const LINK: &str =
    "https://sint-jan.schoolbrug.example/berichten/0190c6b2-7d8e-7f00-8000-00000000abcd";

fn mail(n: u32, to: &str) -> OutgoingMail {
    OutgoingMail {
        school: SchoolId::new(),
        message_id: format!("0190c6b2-7d8e-7f00-8000-{n:012}@schoolbrug.example"),
        from_name: "Els Claes via Sint-Jan".to_owned(),
        from_address: None,
        to: to.to_owned(),
        subject: "Uitstap naar Brussel – vrijdag".to_owned(),
        text: format!(
            "Beste ouder,\n\nVrijdag gaan we met de klas naar Brussel. Vertrek om 8.30 uur.\n\
             .Een regel die met een punt begint.\n\nLees het bericht: {LINK}\n"
        ),
        html: format!(
            "<p>Beste ouder,</p><p>Vrijdag gaan we met de klas naar Brussel. Vertrek om \
             8.30 uur.</p><p><a href=\"{LINK}\">Lees het bericht</a></p>"
        ),
    }
}

fn mailer(url: &str) -> SmtpMailer {
    SmtpMailer::new(SmtpSettings::new(url, DEFAULT_FROM)).unwrap()
}

fn short(url: &str, timeout_ms: u64) -> SmtpMailer {
    SmtpMailer::new(
        SmtpSettings::new(url, DEFAULT_FROM).with_timeout(Duration::from_millis(timeout_ms)),
    )
    .unwrap()
}

/// Fails the test instead of hanging it when something never returns.
async fn bounded<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the mailer returned within 30 s")
}

fn temporary(result: Result<(), MailError>) -> String {
    match result {
        Err(MailError::Temporary(text)) => text,
        other => panic!("expected a temporary failure, got {other:?}"),
    }
}

fn permanent(result: Result<(), MailError>) -> String {
    match result {
        Err(MailError::Permanent(text)) => text,
        other => panic!("expected a permanent failure, got {other:?}"),
    }
}

mod content;
mod failures;
mod pooling;
mod security;
