//! Pooled connections: bounded, not reused past their idle time, replaced when the server
//! gave up on them.

use super::*;

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
