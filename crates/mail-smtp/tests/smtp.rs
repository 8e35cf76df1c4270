//! `SmtpMailer` against a real SMTP server on loopback (`schoolbrug_tests::smtp`, shared with
//! the end-to-end tests), started by each test.
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

#[tokio::test]
async fn connections_are_pooled_and_bounded() {
    let server = SmtpServer::start().await;
    let mailer = SmtpMailer::new(SmtpSettings::new(server.url(), DEFAULT_FROM).with_pool(
        PoolSettings {
            max_connections: 2,
            idle_timeout: Duration::from_secs(60),
        },
    ))
    .unwrap();

    let sends: Vec<_> = (0..12)
        .map(|n| {
            let mailer = mailer.clone();
            tokio::spawn(async move {
                mailer
                    .send(&mail(100 + n, &format!("ouder{n}@example.org")))
                    .await
            })
        })
        .collect();
    for send in sends {
        bounded(send).await.unwrap().unwrap();
    }

    assert_eq!(server.mails().len(), 12);
    assert!(
        server.connections() <= 2,
        "{} connections",
        server.connections()
    );
    assert!(mailer.idle_connections() >= 1);

    mailer.close().await;
    assert_eq!(mailer.idle_connections(), 0);
    assert!(server.wait_closed(server.connections()).await);
    assert!(
        server
            .commands()
            .iter()
            .any(|c| c.eq_ignore_ascii_case("QUIT"))
    );
}

#[tokio::test]
async fn an_idle_connection_past_its_time_is_not_reused() {
    let server = SmtpServer::start().await;
    let mailer = SmtpMailer::new(SmtpSettings::new(server.url(), DEFAULT_FROM).with_pool(
        PoolSettings {
            max_connections: 1,
            idle_timeout: Duration::from_millis(50),
        },
    ))
    .unwrap();
    bounded(mailer.send(&mail(4, "a@example.org")))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    bounded(mailer.send(&mail(5, "b@example.org")))
        .await
        .unwrap();
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_pooled_connection_the_server_gave_up_on_is_replaced() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    bounded(mailer.send(&mail(27, "a@example.org")))
        .await
        .unwrap();
    server.script(
        Step::Noop,
        [line("421 4.4.2 test.local Error: timeout exceeded")],
    );
    bounded(mailer.send(&mail(28, "b@example.org")))
        .await
        .unwrap();
    let mails = server.mails();
    assert_eq!(mails.len(), 2);
    assert_eq!((mails[0].connection, mails[1].connection), (1, 2));
}

#[tokio::test]
async fn a_closed_port_is_a_temporary_failure() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mailer = mailer(&format!("smtp://127.0.0.1:{port}"));

    let text = temporary(bounded(mailer.send(&mail(6, "ouder@example.org"))).await);
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(text.to_ascii_lowercase().contains("refused"), "{text}");

    let text = match bounded(mailer.test_connection()).await {
        Err(MailError::Temporary(text)) => text,
        other => panic!("{other:?}"),
    };
    assert!(text.contains("cannot connect"), "{text}");
}

#[tokio::test]
async fn a_451_at_rcpt_is_temporary_and_the_retry_is_delivered_once() {
    let server = SmtpServer::start().await;
    server.script(
        Step::Rcpt,
        [line("451 4.3.0 Greylisted, please try again later")],
    );
    let mailer = mailer(&server.url());
    let sent = mail(7, "ouder@example.org");

    let text = temporary(bounded(mailer.send(&sent)).await);
    assert!(text.contains("451"), "{text}");
    assert!(
        text.contains("Greylisted, please try again later"),
        "{text}"
    );
    assert!(server.mails().is_empty());

    bounded(mailer.send(&sent)).await.unwrap();
    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0]
            .raw()
            .contains(&format!("Message-ID: <{}>", sent.message_id))
    );
}

#[tokio::test]
async fn a_451_at_data_is_temporary() {
    let server = SmtpServer::start().await;
    server.script(
        Step::Data,
        [line("451 4.3.2 System not accepting network messages")],
    );
    let mailer = mailer(&server.url());
    let text = temporary(bounded(mailer.send(&mail(8, "ouder@example.org"))).await);
    assert!(
        text.contains("451") && text.contains("not accepting"),
        "{text}"
    );

    server.script(
        Step::EndOfData,
        [line("452 4.3.1 Insufficient system storage")],
    );
    let text = temporary(bounded(mailer.send(&mail(8, "ouder@example.org"))).await);
    assert!(
        text.contains("452") && text.contains("Insufficient"),
        "{text}"
    );
    assert!(server.mails().is_empty());
}

#[tokio::test]
async fn a_550_at_rcpt_is_permanent_with_the_servers_answer() {
    let server = SmtpServer::start().await;
    server.script(
        Step::Rcpt,
        [line(
            "550 5.1.1 <weg@example.org>: Recipient address rejected: User unknown",
        )],
    );
    let mailer = mailer(&server.url());
    let text = permanent(bounded(mailer.send(&mail(9, "weg@example.org"))).await);
    assert!(text.contains("550"), "{text}");
    assert!(text.contains("User unknown"), "{text}");
    assert!(server.mails().is_empty());

    // The mailer is still usable afterwards.
    bounded(mailer.send(&mail(10, "ouder@example.org")))
        .await
        .unwrap();
    assert_eq!(server.mails().len(), 1);
}

#[tokio::test]
async fn a_5xx_after_the_data_is_permanent() {
    let server = SmtpServer::start().await;
    server.script(
        Step::EndOfData,
        [line("554 5.7.1 Message rejected as spam")],
    );
    let mailer = mailer(&server.url());
    let text = permanent(bounded(mailer.send(&mail(11, "ouder@example.org"))).await);
    assert!(text.contains("554") && text.contains("spam"), "{text}");
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_temporary_failure_after_the_timeout() {
    let server = SmtpServer::silent().await;
    let mailer = short(&server.url(), 300);

    let text = temporary(bounded(mailer.send(&mail(12, "ouder@example.org"))).await);
    assert!(text.contains("did not answer within"), "{text}");
    assert_eq!(server.connections(), 1);
    assert!(server.wait_closed(1).await, "the mailer hung up");

    assert!(matches!(
        bounded(mailer.test_connection()).await,
        Err(MailError::Temporary(_))
    ));
}

#[tokio::test]
async fn a_connection_that_timed_out_mid_transaction_is_never_reused() {
    let server = SmtpServer::start().await;
    let mailer = short(&server.url(), 1000);
    // The first connection delivers one mail and is pooled; on the second mail the
    // server swallows the data and says nothing.
    bounded(mailer.send(&mail(13, "a@example.org")))
        .await
        .unwrap();
    server.script(Step::EndOfData, [Reply::Hang]);
    let text = temporary(bounded(mailer.send(&mail(14, "b@example.org"))).await);
    assert!(text.contains("did not answer"), "{text}");
    assert!(
        server.wait_closed(1).await,
        "the hung connection was closed"
    );
    assert_eq!(mailer.idle_connections(), 0);

    // The next mail goes over a fresh connection and gets its own answer.
    bounded(mailer.send(&mail(15, "c@example.org")))
        .await
        .unwrap();
    assert_eq!(server.connections(), 2);
    let mails = server.mails();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1].rcpt_to, vec!["c@example.org".to_owned()]);
    assert_eq!(mails[1].connection, 2);
}

#[tokio::test]
async fn a_server_refusing_service_at_the_greeting_is_temporary() {
    let server = SmtpServer::start().await;
    server.script(
        Step::Greeting,
        [line("554 5.3.2 No service for you right now")],
    );
    let mailer = mailer(&server.url());
    let text = temporary(bounded(mailer.send(&mail(16, "ouder@example.org"))).await);
    assert!(text.contains("No service"), "{text}");
}

#[tokio::test]
async fn an_invalid_address_is_permanent_without_touching_the_server() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&server.url());
    for to in [
        "geen-adres",
        "twee@@example.org",
        "a@example.org, b@example.org",
        "",
    ] {
        let text = permanent(bounded(mailer.send(&mail(17, to))).await);
        assert!(text.contains("recipient"), "{text}");
    }
    let mut bad_sender = mail(18, "ouder@example.org");
    bad_sender.from_address = Some("secretariaat at school".to_owned());
    let text = permanent(bounded(mailer.send(&bad_sender)).await);
    assert!(text.contains("sender"), "{text}");

    let mut bad_id = mail(19, "ouder@example.org");
    bad_id.message_id = "abc>\r\nBcc: x@evil.example".to_owned();
    let text = permanent(bounded(mailer.send(&bad_id)).await);
    assert!(text.contains("Message-ID"), "{text}");

    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn credentials_from_the_url_are_used_and_a_wrong_password_is_temporary() {
    let server = SmtpServer::start_with(Options {
        credentials: Some(("mailer@sint-jan".to_owned(), "geheim:wachtwoord".to_owned())),
        ..Options::default()
    })
    .await;
    let port = server.addr.port();

    let good = mailer(&format!(
        "smtp://mailer%40sint-jan:geheim%3Awachtwoord@127.0.0.1:{port}"
    ));
    bounded(good.send(&mail(20, "ouder@example.org")))
        .await
        .unwrap();
    assert_eq!(
        server.mails()[0].authenticated_as.as_deref(),
        Some("mailer@sint-jan")
    );

    let wrong = mailer(&format!("smtp://mailer%40sint-jan:fout@127.0.0.1:{port}"));
    let text = temporary(bounded(wrong.send(&mail(21, "ouder@example.org"))).await);
    assert!(
        text.contains("535") && text.contains("authentication"),
        "{text}"
    );
    assert!(!text.contains("fout"), "no password in the error: {text}");
    assert!(!format!("{wrong:?}").contains("fout"));
    assert_eq!(server.mails().len(), 1);
}

#[tokio::test]
async fn starttls_required_encrypts_before_authenticating() {
    let certs = TestCertificates::generate();
    let server = SmtpServer::start_with(Options {
        security: Some(Security::StartTls),
        credentials: Some(("mailer".to_owned(), "geheim".to_owned())),
        tls: Some(certs.clone()),
        ..Options::default()
    })
    .await;
    let url = format!(
        "smtp://mailer:geheim@127.0.0.1:{}?tls=required",
        server.addr.port()
    );
    let mailer = SmtpMailer::with_root_certificates(
        SmtpSettings::new(url, DEFAULT_FROM),
        &[certs.ca_pem.as_bytes()],
    )
    .unwrap();

    bounded(mailer.send(&mail(22, "ouder@example.org")))
        .await
        .unwrap();
    let received = &server.mails()[0];
    assert!(received.tls);
    assert_eq!(received.authenticated_as.as_deref(), Some("mailer"));
    let commands = server.commands();
    let starttls = commands.iter().position(|c| c == "STARTTLS").unwrap();
    let auth = commands.iter().position(|c| c.starts_with("AUTH")).unwrap();
    assert!(starttls < auth, "{commands:?}");
}

#[tokio::test]
async fn tls_required_but_not_offered_sends_nothing() {
    let server = SmtpServer::start().await;
    let mailer = mailer(&format!("{}?tls=required", server.url()));
    let text = temporary(bounded(mailer.send(&mail(23, "ouder@example.org"))).await);
    assert!(text.contains("STARTTLS"), "{text}");
    assert!(
        !server.commands().iter().any(|c| c.starts_with("MAIL")),
        "no mail in the clear"
    );
}

#[tokio::test]
async fn opportunistic_tls_is_used_when_offered() {
    let certs = TestCertificates::generate();
    let server = SmtpServer::start_with(Options {
        security: Some(Security::StartTlsOptional),
        tls: Some(certs.clone()),
        ..Options::default()
    })
    .await;
    let mailer = SmtpMailer::with_root_certificates(
        SmtpSettings::new(format!("{}?tls=opportunistic", server.url()), DEFAULT_FROM),
        &[certs.ca_pem.as_bytes()],
    )
    .unwrap();
    bounded(mailer.send(&mail(24, "ouder@example.org")))
        .await
        .unwrap();
    assert!(server.mails()[0].tls);
}

#[tokio::test]
async fn smtps_speaks_tls_from_the_first_byte() {
    let certs = TestCertificates::generate();
    let server = SmtpServer::start_with(Options {
        security: Some(Security::Implicit),
        credentials: Some(("mailer".to_owned(), "geheim".to_owned())),
        tls: Some(certs.clone()),
        ..Options::default()
    })
    .await;
    let url = format!("smtps://mailer:geheim@127.0.0.1:{}", server.addr.port());
    let mailer = SmtpMailer::with_root_certificates(
        SmtpSettings::new(url, DEFAULT_FROM),
        &[certs.ca_pem.as_bytes()],
    )
    .unwrap();

    bounded(mailer.test_connection()).await.unwrap();
    bounded(mailer.send(&mail(25, "ouder@example.org")))
        .await
        .unwrap();
    let received = &server.mails()[0];
    assert!(received.tls);
    assert_eq!(received.authenticated_as.as_deref(), Some("mailer"));
    assert_eq!(
        server.connections(),
        1,
        "the tested connection was pooled and reused"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let certs = TestCertificates::generate();
    let server = SmtpServer::start_with(Options {
        security: Some(Security::Implicit),
        tls: Some(certs),
        ..Options::default()
    })
    .await;
    // Trusts only the Mozilla roots, not the test CA.
    let mailer = mailer(&format!("smtps://127.0.0.1:{}", server.addr.port()));
    let text = temporary(bounded(mailer.send(&mail(26, "ouder@example.org"))).await);
    assert!(text.to_ascii_lowercase().contains("certificate"), "{text}");
    assert!(server.mails().is_empty());
}

#[test]
fn a_configuration_that_cannot_work_is_refused_up_front() {
    let bad = |settings: SmtpSettings| SmtpMailer::new(settings).expect_err("refused");
    assert!(matches!(
        bad(SmtpSettings::new("imap://u:geheim@mail.example.org", DEFAULT_FROM)),
        SmtpConfigError::Url(text) if !text.contains("geheim")
    ));
    assert!(matches!(
        bad(SmtpSettings::new("smtp://mail.example.org", "geen adres")),
        SmtpConfigError::DefaultFrom(_)
    ));
    assert!(matches!(
        bad(SmtpSettings::new("smtp://mail.example.org", DEFAULT_FROM).with_timeout(Duration::ZERO)),
        SmtpConfigError::Setting(_)
    ));
    assert!(matches!(
        bad(
            SmtpSettings::new("smtp://mail.example.org", DEFAULT_FROM).with_pool(PoolSettings {
                max_connections: 0,
                idle_timeout: Duration::from_secs(1),
            })
        ),
        SmtpConfigError::Setting(_)
    ));
    assert!(matches!(
        SmtpMailer::with_root_certificates(
            SmtpSettings::new("smtps://mail.example.org", DEFAULT_FROM),
            &[b"not a certificate".as_slice()],
        )
        .expect_err("refused"),
        SmtpConfigError::Tls(_)
    ));
}
