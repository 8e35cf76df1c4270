//! Composing a message through the form, blind copies and read receipts, and the rules
//! the form enforces (groups, short notice, every reason of a refusal, escaping).

use axum::http::StatusCode;

use super::super::school;
use super::{message_id_in, teacher_writes_to_the_parents_of_3a};
use crate::support::{PASSWORD, body_text, form, location, page};

// ---------------------------------------------------------------------------------------
// Composing, blind copies, read receipts

#[tokio::test]
async fn a_teacher_writes_to_the_co_accounts_of_a_class_through_the_form() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;

    let form_page = body_text(school.app.send(page("/messages/new", Some(&teacher))).await).await;
    for id in [
        "to_accounts",
        "to_groups",
        "audience",
        "to_role",
        "subject",
        "body",
        "reply_requested",
        "urgent",
        "action_deadline",
        "acknowledge_short_notice",
        "send-submit",
    ] {
        assert!(form_page.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(form_page.contains(">3A</option>"));

    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let response = school
        .app
        .send(page(&format!("/messages/{id}?sent=2"), Some(&teacher)))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("Uw bericht is verstuurd naar 2 ontvangers."));
    assert!(html.contains("co-accounts van 3A"));
    assert!(html.contains(r#"id="receipts-link""#));
}

#[tokio::test]
async fn a_parent_sees_a_new_message_marked_unread_in_the_inbox() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;

    let marie = school.app.log_in("marie", PASSWORD).await;
    let html = body_text(school.app.send(page("/messages", Some(&marie))).await).await;
    assert!(html.contains(&format!(r#"<tr id="message-{id}" class="unread">"#)));
    assert!(html.contains(">nieuw</span>"));
    assert!(html.contains("An Leraar"));
    assert!(html.contains("Uitstap naar Brugge"));
}

#[tokio::test]
async fn opening_a_message_marks_it_read() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}"), Some(&marie)))
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let html = body_text(school.app.send(page("/messages", Some(&marie))).await).await;
    assert!(html.contains(&format!(r#"<tr id="message-{id}">"#)));
    assert!(!html.contains("class=\"unread\""));
}

#[tokio::test]
async fn a_blind_copy_shows_only_the_sender_the_group_and_the_reader() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), Some(&marie)))
            .await,
    )
    .await;
    assert!(html.contains(r#"<dd id="message-from">An Leraar</dd>"#));
    assert!(html.contains(r#"<dd id="message-to">co-accounts van 3A; Marie Peeters (u)</dd>"#));
    assert!(html.contains("vrijdag gaan we naar Brugge."));
    // Nothing of the other family, anywhere on the page.
    for other in ["Koen", "Janssens", "Lotte", &school.koen.to_string()] {
        assert!(!html.contains(other), "{other} on the page");
    }
}

#[tokio::test]
async fn the_senders_receipts_page_shows_who_read_it_and_when() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;
    school
        .app
        .send(page(&format!("/messages/{id}"), Some(&marie)))
        .await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}/receipts"), Some(&teacher)))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains(r#"<p id="receipt-counts">Gelezen door 1 van 2.</p>"#));
    let marie_row = html
        .split(&format!(r#"<tr id="receipt-{}""#, school.marie))
        .nth(1)
        .expect("Marie's row")
        .split("</tr>")
        .next()
        .unwrap();
    assert!(marie_row.contains("Marie Peeters"));
    assert!(marie_row.contains("<td>Gelezen</td>"));
    assert!(marie_row.contains("1 september 2026 om 10:00"));
    let koen_row = html
        .split(&format!(r#"<tr id="receipt-{}""#, school.koen))
        .nth(1)
        .expect("Koen's row")
        .split("</tr>")
        .next()
        .unwrap();
    assert!(koen_row.contains("Nog niet gelezen"));
    // Two recipients fit on one page: no pager.
    assert!(!html.contains(r#"id="next-page""#));

    // An edited `?after=` shows the first page again, counts included.
    for after in ["%%%", "bm90LWEtY3Vyc29y"] {
        let response = school
            .app
            .send(page(
                &format!("/messages/{id}/receipts?after={after}"),
                Some(&teacher),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{after}");
        let html = body_text(response).await;
        assert!(html.contains("Gelezen door 1 van 2."), "{after}");
        assert!(html.contains(&format!(r#"<tr id="receipt-{}""#, school.koen)));
    }
}

#[tokio::test]
async fn only_the_sender_sees_the_receipts() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}/receipts"), Some(&marie)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_sent_folder_shows_how_many_recipients_read_a_message() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;
    school
        .app
        .send(page(&format!("/messages/{id}"), Some(&marie)))
        .await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=sent", Some(&teacher)))
            .await,
    )
    .await;
    assert!(html.contains(r#"id="folder-sent" aria-current="page""#));
    assert!(html.contains("gelezen door 1 van 2"));
}

#[tokio::test]
async fn a_pupil_cannot_write_to_a_group() {
    let school = school().await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let form_page = body_text(school.app.send(page("/messages/new", Some(&jonas))).await).await;
    assert!(form_page.contains(r#"id="to_accounts""#));
    assert!(form_page.contains("An Leraar"));
    assert!(!form_page.contains(r#"id="to_groups""#));
    assert!(!form_page.contains(r#"id="urgent""#));
    assert!(!form_page.contains("Lotte"));

    let class = school.class.to_string();
    let response = school
        .app
        .send(form(
            "/messages/new",
            Some(&jonas),
            &[
                ("to_groups", class.as_str()),
                ("audience", "pupils"),
                ("subject", "Feestje"),
                ("body", "Iedereen welkom"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("error-summary"));
    assert!(html.contains("Leerlingen en co-accounts schrijven naar personeel van de school"));
    assert!(html.contains(r#"value="Feestje""#));
    let koen = school.app.actor("koen").await;
    assert_eq!(school.app.messaging.unread_count(&koen).await.unwrap(), 0);
}

#[tokio::test]
async fn a_deadline_under_48_school_hours_shows_the_short_notice_warning() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let jonas = school.jonas.to_string();
    let fields = [
        ("to_accounts", jonas.as_str()),
        ("subject", "Toestemming uitstap"),
        ("body", "Graag een handtekening."),
        ("action_deadline", "2026-09-02T10:00"),
    ];

    let response = school
        .app
        .send(form("/messages/new", Some(&teacher), &fields))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("minder dan 48 schooluren"));
    assert!(html.contains(r##"<a href="#action_deadline">"##));
    assert!(html.contains(r#"value="Toestemming uitstap""#));
    assert!(html.contains(r#"value="2026-09-02T10:00""#));
    assert!(html.contains(&format!(r#"<option value="{jonas}" selected>"#)));

    let mut acknowledged = fields.to_vec();
    acknowledged.push(("acknowledge_short_notice", "on"));
    let response = school
        .app
        .send(form("/messages/new", Some(&teacher), &acknowledged))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(
        school
            .app
            .send(page(
                &format!("/messages/{}", message_id_in(location(&response))),
                Some(&teacher),
            ))
            .await,
    )
    .await;
    // The deadline, back in the school's time zone.
    assert!(html.contains("2 september 2026 om 10:00"));
}

#[tokio::test]
async fn a_refused_message_shows_every_reason_at_once() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let class = school.class.to_string();

    let response = school
        .app
        .send(form(
            "/messages/new",
            Some(&teacher),
            &[
                ("to_groups", class.as_str()),
                ("subject", " "),
                ("body", "Tekst blijft staan"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Kies wie in de gekozen klassen en groepen het bericht krijgt."));
    assert!(html.contains("Vul een onderwerp in"));
    assert!(html.contains(">Tekst blijft staan</textarea>"));
}

#[tokio::test]
async fn html_in_a_body_is_escaped_and_a_link_is_clickable() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let jonas_id = school.jonas.to_string();
    let response = school
        .app
        .send(form(
            "/messages/new",
            Some(&teacher),
            &[
                ("to_accounts", jonas_id.as_str()),
                ("subject", "<b>Uitstap</b>"),
                (
                    "body",
                    "<script>alert('x')</script> Zie https://school.be/uitstap.",
                ),
            ],
        ))
        .await;
    let id = message_id_in(location(&response));
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), Some(&jonas)))
            .await,
    )
    .await;
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>Uitstap"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains(r#"<h1 id="message-subject">&#60;b&#62;Uitstap&#60;/b&#62;</h1>"#));
    assert!(html.contains(
        r#"<a href="https://school.be/uitstap" rel="noopener noreferrer nofollow">https://school.be/uitstap</a>."#
    ));
}
