//! Credentials and TLS: credentials from the URL, STARTTLS, SMTPS, untrusted certificates,
//! and a configuration that cannot work refused up front.

use super::*;

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
