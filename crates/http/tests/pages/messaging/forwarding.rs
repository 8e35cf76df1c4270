//! Forwarding by e-mail on the pages, driven as a browser would (forms from our own pages,
//! the session in the cookie): the confirmation mail of the settings page, the quiet-hours
//! page and the mail queue (admins only).

use axum::http::{StatusCode, header};
use chrono::NaiveTime;
use schoolbrug_messaging::mailer::MailError;
use schoolbrug_messaging::model::Recipient;
use schoolbrug_messaging::{Forwarder, ForwarderSettings, NewMessage, QuietHours, SettingsChange};

use super::{School, school};
use crate::support::{
    ENGLISH, PASSWORD, PUBLIC_URL, body_text, confirmation_token, form, location, page, page_in,
};

/// Marie forwards her messages to a confirmed address (through the domain).
async fn marie_forwards(school: &School) {
    let marie = school.app.actor("marie").await;
    let token = school
        .app
        .messaging
        .change_settings(
            &marie,
            SettingsChange {
                forward_email: Some("marie@example.be".into()),
                forward_messages: true,
                ..SettingsChange::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
    school
        .app
        .messaging
        .confirm_forward_email(&marie, token.expose())
        .await
        .unwrap();
}

/// The teacher writes to Jonas's co-accounts.
async fn teacher_writes_to_marie(school: &School, subject: &str) {
    let teacher = school.app.actor("an.leraar").await;
    school
        .app
        .messaging
        .send(
            &teacher,
            NewMessage {
                subject: subject.into(),
                body: "Breng een lunchpakket mee.".into(),
                to: vec![Recipient::CoAccountsOf(school.jonas)],
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// The settings page and the confirmation mail

#[tokio::test]
async fn the_settings_page_mails_the_confirmation_link_and_the_link_confirms_the_address() {
    let school = school().await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let saved = school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[
                ("forward_email", "marie@example.be"),
                ("forward_messages", "on"),
            ],
        ))
        .await;

    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&saved),
        "/settings/notifications?saved=1&confirm=1"
    );
    let mails = school.app.mailer.sent();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "marie@example.be");
    let token = confirmation_token(&mails[0]);
    let link = format!("/settings/notifications/confirm?token={token}");
    assert!(mails[0].text.contains(&format!("{PUBLIC_URL}{link}")));
    let settings_page =
        body_text(school.app.send(page(location(&saved), Some(&marie))).await).await;
    assert!(!settings_page.contains(&token));

    let confirm_page = school.app.send(page(&link, Some(&marie))).await;
    assert_eq!(confirm_page.status(), StatusCode::OK);
    assert!(
        body_text(confirm_page)
            .await
            .contains(r#"id="confirm-email-submit""#)
    );
    let confirmed = school
        .app
        .send(form(
            "/settings/notifications/confirm",
            Some(&marie),
            &[("token", token.as_str())],
        ))
        .await;

    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let html = body_text(
        school
            .app
            .send(page(location(&confirmed), Some(&marie)))
            .await,
    )
    .await;
    assert!(html.contains("Uw e-mailadres is bevestigd."));
    let settings = school
        .app
        .messaging
        .settings(&school.app.actor("marie").await)
        .await
        .unwrap();
    assert!(settings.forward_email_confirmed);
}

#[tokio::test]
async fn a_failing_mailer_shows_why_on_the_settings_page_and_the_address_stays_unconfirmed() {
    let school = school().await;
    let marie = school.app.log_in("marie", PASSWORD).await;
    school
        .app
        .mailer
        .fail_with(Some(MailError::Temporary("421 try again later".into())));

    let response = school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[
                ("forward_email", "marie@example.be"),
                ("forward_messages", "on"),
            ],
        ))
        .await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let html = body_text(response).await;
    assert!(html.contains("de bevestigingsmail kon niet verstuurd worden"));
    assert!(html.contains(r##"<a href="#forward_email">"##));
    assert!(html.contains(r#"value="marie@example.be""#));
    assert!(html.contains("Nog niet bevestigd"));
    assert!(!html.contains("421"));
    let settings = school
        .app
        .messaging
        .settings(&school.app.actor("marie").await)
        .await
        .unwrap();
    assert_eq!(settings.forward_email.as_deref(), Some("marie@example.be"));
    assert!(!settings.forward_email_confirmed);

    // Saving again once the mail server is back sends the mail.
    school.app.mailer.fail_with(None);
    let again = school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[
                ("forward_email", "marie@example.be"),
                ("forward_messages", "on"),
            ],
        ))
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(school.app.mailer.sent_to("marie@example.be").len(), 1);
}

// ---------------------------------------------------------------------------------------
// Quiet hours

#[tokio::test]
async fn an_admin_sets_and_removes_the_quiet_hours_on_the_page() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let admin_actor = school.app.actor("beheerder").await;

    let html = body_text(
        school
            .app
            .send(page("/admin/quiet-hours", Some(&admin)))
            .await,
    )
    .await;
    for id in [
        "quiet_none",
        "quiet_on",
        "start",
        "end",
        "weekends",
        "free_days",
        "quiet-hours-submit",
        "school-time-zone",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(html.contains(r#"id="quiet_none" name="mode" value="none" checked"#));
    assert!(html.contains("Europe/Brussels"));

    let saved = school
        .app
        .send(form(
            "/admin/quiet-hours",
            Some(&admin),
            &[
                ("mode", "on"),
                ("start", "20:00"),
                ("end", "07:00"),
                ("weekends", "on"),
            ],
        ))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/admin/quiet-hours?saved=1");
    assert_eq!(
        school
            .app
            .messaging
            .quiet_hours(&admin_actor)
            .await
            .unwrap(),
        Some(QuietHours {
            start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            weekends: true,
            free_days: false,
        })
    );
    let html = body_text(school.app.send(page(location(&saved), Some(&admin))).await).await;
    assert!(html.contains("De stille uren zijn bewaard."));
    assert!(html.contains(r#"id="quiet_on" name="mode" value="on" checked"#));
    assert!(html.contains(r#"value="20:00""#) && html.contains(r#"value="07:00""#));
    assert!(html.contains(r#"id="weekends" name="weekends" value="on" checked"#));
    assert!(!html.contains(r#"id="free_days" name="free_days" value="on" checked"#));

    let removed = school
        .app
        .send(form(
            "/admin/quiet-hours",
            Some(&admin),
            &[("mode", "none"), ("start", "20:00"), ("end", "07:00")],
        ))
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        school
            .app
            .messaging
            .quiet_hours(&admin_actor)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_bad_time_on_the_quiet_hours_page_is_refused_on_its_field() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;

    let bad = school
        .app
        .send(form(
            "/admin/quiet-hours",
            Some(&admin),
            &[("mode", "on"), ("start", "25:00"), ("end", "")],
        ))
        .await;
    let same = school
        .app
        .send(form(
            "/admin/quiet-hours",
            Some(&admin),
            &[("mode", "on"), ("start", "20:00"), ("end", "20:00")],
        ))
        .await;

    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(bad).await;
    assert!(html.contains(r##"<a href="#start">Dit is geen uur."##));
    assert!(html.contains(r##"<a href="#end">Vul een uur in"##));
    assert!(html.contains(r#"value="25:00""#));
    assert_eq!(same.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(same).await.contains(
        r##"<a href="#end">De stille uren moeten op een ander uur eindigen dan ze beginnen.</a>"##
    ));
    let admin_actor = school.app.actor("beheerder").await;
    assert_eq!(
        school
            .app
            .messaging
            .quiet_hours(&admin_actor)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_quiet_hours_page_speaks_english_on_request() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page_in("/admin/quiet-hours", Some(&admin), ENGLISH))
            .await,
    )
    .await;

    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Quiet hours"));
    assert!(html.contains("No quiet hours"));
}

// ---------------------------------------------------------------------------------------
// The mail queue

#[tokio::test]
async fn the_mail_queue_shows_waiting_mails_and_the_servers_answer_for_failed_ones() {
    let school = school().await;
    marie_forwards(&school).await;
    teacher_writes_to_marie(&school, "Uitstap naar Brugge").await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;

    let waiting = body_text(school.app.send(page("/admin/outbox", Some(&admin))).await).await;
    for id in [
        "outbox-waiting",
        "outbox-sent",
        "outbox-failed",
        "outbox-list",
    ] {
        assert!(waiting.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(waiting.contains(r#"id="outbox-waiting" aria-current="page""#));
    assert!(waiting.contains("marie@example.be"));
    assert!(waiting.contains("Uitstap naar Brugge"));
    assert!(waiting.contains("Volgende poging"));

    school.app.mailer.fail_with(Some(MailError::Permanent(
        "550 5.1.1 <marie@example.be>: Recipient address rejected".into(),
    )));
    let forwarder = Forwarder::new(
        school.app.messages.clone(),
        school.app.messages.clone(),
        school.app.mailer.clone(),
        school.app.clock.clone(),
        ForwarderSettings::new(PUBLIC_URL),
    );
    assert_eq!(forwarder.run_once().await.unwrap().failed, 1);

    let failed = body_text(
        school
            .app
            .send(page("/admin/outbox?status=failed", Some(&admin)))
            .await,
    )
    .await;
    assert!(failed.contains(r#"id="outbox-failed" aria-current="page""#));
    assert!(failed.contains("Antwoord van de mailserver"));
    assert!(failed.contains("550 5.1.1 &#60;marie@example.be&#62;: Recipient address rejected"));
    assert!(!failed.contains("<marie@example.be>"));
    let now_waiting = body_text(school.app.send(page("/admin/outbox", Some(&admin))).await).await;
    assert!(now_waiting.contains(r#"id="outbox-empty""#));
    let sent = body_text(
        school
            .app
            .send(page("/admin/outbox?status=sent", Some(&admin)))
            .await,
    )
    .await;
    assert!(sent.contains("Er is nog geen e-mail verstuurd."));
}

#[tokio::test]
async fn the_start_page_links_admins_to_quiet_hours_and_the_mail_queue() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;

    let admin_start = body_text(school.app.send(page("/", Some(&admin))).await).await;
    let teacher_start = body_text(school.app.send(page("/", Some(&teacher))).await).await;

    assert!(admin_start.contains(r#"href="/admin/quiet-hours" id="quiet-hours-link""#));
    assert!(admin_start.contains(r#"href="/admin/outbox" id="outbox-link""#));
    assert!(!teacher_start.contains("quiet-hours-link"));
    assert!(!teacher_start.contains("outbox-link"));
}

#[tokio::test]
async fn pupils_teachers_and_parents_get_the_404_page_on_quiet_hours_and_the_mail_queue() {
    let school = school().await;

    for username in ["an.leraar", "jonas", "marie"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        for response in [
            school
                .app
                .send(page("/admin/quiet-hours", Some(&cookie)))
                .await,
            school
                .app
                .send(form(
                    "/admin/quiet-hours",
                    Some(&cookie),
                    &[("mode", "on"), ("start", "20:00"), ("end", "07:00")],
                ))
                .await,
            school.app.send(page("/admin/outbox", Some(&cookie))).await,
            school
                .app
                .send(page("/admin/outbox?status=failed", Some(&cookie)))
                .await,
        ] {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username}");
        }
    }
    let admin = school.app.actor("beheerder").await;
    assert_eq!(
        school.app.messaging.quiet_hours(&admin).await.unwrap(),
        None
    );
}
