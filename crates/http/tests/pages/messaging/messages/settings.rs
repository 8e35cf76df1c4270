//! The free-days page (admins only) and the notification settings page.

use axum::http::StatusCode;

use super::super::school;
use crate::support::{PASSWORD, body_text, form, location, page};

// ---------------------------------------------------------------------------------------
// Free days

#[tokio::test]
async fn the_free_days_form_saves_periods() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page("/admin/free-days", Some(&admin)))
            .await,
    )
    .await;
    for id in [
        "from_0",
        "to_0",
        "name_0",
        "remove_0",
        "from_2",
        "free-days-submit",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
    }

    let response = school
        .app
        .send(form(
            "/admin/free-days",
            Some(&admin),
            &[
                ("from_0", "2026-10-26"),
                ("to_0", "2026-10-30"),
                ("name_0", "Herfstvakantie"),
                ("from_1", ""),
                ("to_1", ""),
                ("name_1", ""),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(
        school
            .app
            .send(page(location(&response), Some(&admin)))
            .await,
    )
    .await;
    assert!(html.contains("De vrije dagen zijn bewaard."));
    assert!(html.contains(r#"value="Herfstvakantie""#));
    assert!(html.contains(r#"value="2026-10-26""#));

    // Removing the row empties the list.
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            Some(&admin),
            &[
                ("from_0", "2026-10-26"),
                ("to_0", "2026-10-30"),
                ("name_0", "Herfstvakantie"),
                ("remove_0", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let admin_actor = school.app.actor("beheerder").await;
    assert!(
        school
            .app
            .calendar
            .free_days(&admin_actor)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_free_days_form_refuses_a_last_day_before_the_first() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;

    let response = school
        .app
        .send(form(
            "/admin/free-days",
            Some(&admin),
            &[
                ("from_0", "2026-11-02"),
                ("to_0", "2026-10-30"),
                ("name_0", "Herfstvakantie"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains(r##"<a href="#to_0">De laatste vrije dag ligt voor de eerste.</a>"##));
    assert!(html.contains(r#"value="2026-11-02""#));
    let admin_actor = school.app.actor("beheerder").await;
    assert!(
        school
            .app
            .calendar
            .free_days(&admin_actor)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn only_admins_open_the_free_days_page() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;

    let response = school
        .app
        .send(page("/admin/free-days", Some(&teacher)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            Some(&teacher),
            &[("from_0", "2026-10-26")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------
// Notification settings

#[tokio::test]
async fn notification_settings_are_saved_and_a_new_address_awaits_confirmation() {
    let school = school().await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page("/settings/notifications", Some(&marie)))
            .await,
    )
    .await;
    for id in [
        "forward_email",
        "forward_messages",
        "notify_news",
        "push",
        "settings-submit",
        "forward-email-status",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
    }

    let response = school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[
                ("forward_email", "marie@example.be"),
                ("forward_messages", "on"),
                ("notify_news", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(
        school
            .app
            .send(page(location(&response), Some(&marie)))
            .await,
    )
    .await;
    assert!(html.contains("Uw instellingen zijn bewaard."));
    assert!(html.contains("Er wordt een bevestigingsmail gestuurd naar het nieuwe adres."));
    assert!(html.contains(r#"value="marie@example.be""#));
    assert!(html.contains("Nog niet bevestigd"));
    assert!(html.contains(r#"id="forward_messages" name="forward_messages" value="on" checked"#));
    assert!(!html.contains(r#"id="push" name="push" value="on" checked"#));
    assert!(!html.contains("token"));

    let settings = school
        .app
        .messaging
        .settings(&school.app.actor("marie").await)
        .await
        .unwrap();
    assert_eq!(settings.forward_email.as_deref(), Some("marie@example.be"));
    assert!(settings.forward_messages && settings.notify_news && !settings.push);
    assert!(!settings.forward_email_confirmed);
}

#[tokio::test]
async fn an_invalid_forward_address_is_refused() {
    let school = school().await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[("forward_email", "geen adres"), ("forward_messages", "on")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains(r##"<a href="#forward_email">Dit is geen geldig e-mailadres.</a>"##));
    assert!(html.contains(r#"value="geen adres""#));
}

#[tokio::test]
async fn an_unknown_confirmation_token_confirms_nothing() {
    let school = school().await;
    let marie = school.app.log_in("marie", PASSWORD).await;
    school
        .app
        .send(form(
            "/settings/notifications",
            Some(&marie),
            &[("forward_email", "marie@example.be")],
        ))
        .await;

    let html = body_text(
        school
            .app
            .send(page(
                "/settings/notifications/confirm?token=abc",
                Some(&marie),
            ))
            .await,
    )
    .await;
    assert!(html.contains(r#"id="confirm-email-submit""#));
    let response = school
        .app
        .send(form(
            "/settings/notifications/confirm",
            Some(&marie),
            &[("token", "abc")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        body_text(response)
            .await
            .contains("Deze bevestigingslink is ongeldig of verlopen.")
    );
    let settings = school
        .app
        .messaging
        .settings(&school.app.actor("marie").await)
        .await
        .unwrap();
    assert!(!settings.forward_email_confirmed);
}

#[tokio::test]
async fn the_folders_have_stable_ids_for_the_browser_test() {
    let school = school().await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(school.app.send(page("/messages", Some(&jonas))).await).await;
    for id in [
        "folder-inbox",
        "folder-sent",
        "folder-awaiting-reply",
        "folder-trash",
        "q",
        "search-submit",
        "compose-link",
        "no-messages",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(html.contains(r#"id="folder-inbox" aria-current="page""#));
}
