//! Reporting a misdirected message, the trash, who may open what; the folders, search,
//! paging and replies; the unread count on the start page.

use axum::http::{StatusCode, header};

use super::super::school;
use super::{message_id_in, teacher_writes_to_jonas, teacher_writes_to_the_parents_of_3a};
use crate::support::{ENGLISH, PASSWORD, body_text, form, location, page, page_in};

// ---------------------------------------------------------------------------------------
// Misdirected, trash, who may open what

#[tokio::test]
async fn reporting_a_misdirected_message_tells_the_sender() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(form(
            &format!("/messages/{id}/misdirected"),
            Some(&marie),
            &[("confirm", "yes")],
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
    assert!(html.contains("De afzender weet nu dat dit bericht per vergissing bij u terechtkwam."));
    assert!(html.contains(r#"id="misdirected-reported""#));
    assert!(!html.contains(r#"id="misdirected-submit""#));

    let inbox = body_text(school.app.send(page("/messages", Some(&teacher))).await).await;
    assert!(inbox.contains("Verkeerd bezorgd / Misdirected: Uitstap naar Brugge"));
    assert!(inbox.contains("Schoolbrug (melding)"));
}

#[tokio::test]
async fn reporting_a_misdirected_message_needs_the_confirmation_box() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(form(
            &format!("/messages/{id}/misdirected"),
            Some(&marie),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(
        html.contains(
            r##"<a href="#confirm-misdirected">Vink het vakje aan om te bevestigen.</a>"##
        )
    );
    let inbox = body_text(school.app.send(page("/messages", Some(&teacher))).await).await;
    assert!(!inbox.contains("Verkeerd bezorgd"));
}

#[tokio::test]
async fn a_message_moved_to_the_trash_can_be_restored() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(form(&format!("/messages/{id}/trash"), Some(&marie), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let inbox = body_text(
        school
            .app
            .send(page(location(&response), Some(&marie)))
            .await,
    )
    .await;
    assert!(inbox.contains("Het bericht staat in de prullenbak."));
    assert!(!inbox.contains("Uitstap naar Brugge"));
    let trash = body_text(
        school
            .app
            .send(page("/messages?folder=trash", Some(&marie)))
            .await,
    )
    .await;
    assert!(trash.contains("Uitstap naar Brugge"));
    let message = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), Some(&marie)))
            .await,
    )
    .await;
    assert!(message.contains(r#"id="restore-submit""#));

    let response = school
        .app
        .send(form(&format!("/messages/{id}/restore"), Some(&marie), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let message = body_text(
        school
            .app
            .send(page(location(&response), Some(&marie)))
            .await,
    )
    .await;
    assert!(message.contains("Het bericht staat terug in uw Postvak IN."));
    assert!(message.contains(r#"id="trash-submit""#));
    let inbox = body_text(school.app.send(page("/messages", Some(&marie))).await).await;
    assert!(inbox.contains("Uitstap naar Brugge"));
}

#[tokio::test]
async fn a_co_account_cannot_open_its_pupils_message() {
    let school = school().await;
    let id = teacher_writes_to_jonas(&school, "Turnles", false).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    for path in [
        format!("/messages/{id}"),
        format!("/messages/{id}/receipts"),
    ] {
        let response = school.app.send(page(&path, Some(&marie))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body_text(response).await.contains("Turnles"));
    }
    let response = school
        .app
        .send(form(&format!("/messages/{id}/trash"), Some(&marie), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------
// Folders, search, paging, replies

#[tokio::test]
async fn the_awaiting_reply_folder_shows_when_the_reply_is_due_in_the_schools_time_zone() {
    let school = school().await;
    teacher_writes_to_jonas(&school, "Wie komt er mee?", true).await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=awaiting_reply", Some(&jonas)))
            .await,
    )
    .await;
    assert!(html.contains("Wie komt er mee?"));
    // Tuesday 10:00 in Brussels plus 48 school hours.
    assert!(html.contains(r#"<td class="reply-due">3 september 2026 om 10:00</td>"#));
}

#[tokio::test]
async fn free_days_push_the_reply_due_time_back() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            Some(&admin),
            &[
                ("from_0", "2026-09-02"),
                ("to_0", "2026-09-02"),
                ("name_0", "Studiedag"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    teacher_writes_to_jonas(&school, "Wie komt er mee?", true).await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=awaiting_reply", Some(&jonas)))
            .await,
    )
    .await;
    assert!(html.contains("4 september 2026 om 10:00"));
}

#[tokio::test]
async fn searching_a_folder_finds_messages_by_their_words() {
    let school = school().await;
    teacher_writes_to_jonas(&school, "Turnles", false).await;
    teacher_writes_to_jonas(&school, "Zwemles", false).await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page("/messages?q=zwem", Some(&jonas)))
            .await,
    )
    .await;
    assert!(html.contains(r#"id="q""#));
    assert!(html.contains(r#"value="zwem""#));
    assert!(html.contains("Zwemles"));
    assert!(!html.contains("Turnles"));

    let html = body_text(
        school
            .app
            .send(page("/messages?q=schaatsen", Some(&jonas)))
            .await,
    )
    .await;
    assert!(html.contains("Geen berichten gevonden voor deze zoekopdracht."));
}

#[tokio::test]
async fn a_long_inbox_has_a_next_page_link() {
    let school = school().await;
    for i in 0..51 {
        teacher_writes_to_jonas(&school, &format!("Bericht {i}"), false).await;
    }
    let jonas = school.app.log_in("jonas", PASSWORD).await;

    let html = body_text(school.app.send(page("/messages", Some(&jonas))).await).await;
    assert_eq!(html.matches(r#"<tr id="message-"#).count(), 50);
    let next = html
        .split(r#"<a href=""#)
        .find_map(|part| part.split_once(r#"" id="next-page""#).map(|(href, _)| href))
        .expect("a next page link")
        .replace("&amp;", "&");
    assert!(next.starts_with("/messages?after="));

    let html = body_text(school.app.send(page(&next, Some(&jonas))).await).await;
    assert_eq!(html.matches(r#"<tr id="message-"#).count(), 1);
    assert!(html.contains(r#"id="first-page""#));
    assert!(!html.contains(r#"id="next-page""#));
}

#[tokio::test]
async fn a_parent_replies_to_the_teacher_and_the_teacher_answers_back() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/new?reply_to={id}"), Some(&marie)))
            .await,
    )
    .await;
    assert!(html.contains(r#"value="Re: Uitstap naar Brugge""#));
    let teacher_id = school.teacher.to_string();
    assert!(html.contains(&format!(
        r#"<option value="{teacher_id}" selected>An Leraar</option>"#
    )));

    let response = school
        .app
        .send(form(
            "/messages/new",
            Some(&marie),
            &[
                ("reply_to", id.as_str()),
                ("to_accounts", teacher_id.as_str()),
                ("subject", "Re: Uitstap naar Brugge"),
                ("body", "Jonas komt mee."),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let reply = message_id_in(location(&response));

    // The parent is in no address book of the teacher's: the reply form offers her.
    let html = body_text(
        school
            .app
            .send(page(
                &format!("/messages/new?reply_to={reply}"),
                Some(&teacher),
            ))
            .await,
    )
    .await;
    assert!(html.contains(r#"<optgroup label="Afzender van het bericht">"#));
    assert!(html.contains(&format!(
        r#"<option value="{}" selected>Marie Peeters</option>"#,
        school.marie
    )));
}

#[tokio::test]
async fn the_inbox_speaks_english_on_request() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let response = school
        .app
        .send(page_in("/messages", Some(&marie), ENGLISH))
        .await;
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
    let html = body_text(response).await;
    assert!(html.contains("Awaiting your reply"));
    assert!(html.contains(">new</span>"));
    assert!(!html.contains("Postvak IN"));
}

// ---------------------------------------------------------------------------------------
// Start page

#[tokio::test]
async fn the_start_page_shows_the_unread_count() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie", PASSWORD).await;

    let html = body_text(school.app.send(page("/", Some(&marie))).await).await;
    assert!(html.contains(
        r#"<a href="/messages" id="unread-count" class="has-unread">1 nieuw bericht</a>"#
    ));

    school
        .app
        .send(page(&format!("/messages/{id}"), Some(&marie)))
        .await;
    let html = body_text(school.app.send(page("/", Some(&marie))).await).await;
    assert!(html.contains(r#"<a href="/messages" id="unread-count">Geen nieuwe berichten</a>"#));
}
