//! Failures: temporary or permanent by the server's answer, timeouts, a refusing greeting,
//! an invalid address.

use super::*;

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
