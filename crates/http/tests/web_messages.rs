//! The messaging pages, driven as a browser would: forms posted from our own pages
//! (`Sec-Fetch-Site: same-origin`), the session in the `schoolbrug_session` cookie.
//! The school: class 3A with two pupils, each with a parent (a co-account), a teacher,
//! and the admin `beheerder`. The clock stands at Tuesday 1 September 2026, 10:00 in
//! Brussels (08:00 UTC).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::{StatusCode, header};
use schoolbrug_kernel::{AccountId, GroupId, MessageId};
use schoolbrug_messaging::NewMessage;
use schoolbrug_messaging::model::Recipient;
use support::{TestApp, body_text, form, location, page, page_in_english};

// ---------------------------------------------------------------------------------------
// Helpers

/// Class 3A: pupils Jonas Peeters (mother Marie Peeters) and Lotte Janssens (father Koen
/// Janssens), and their teacher An Leraar.
struct School {
    app: TestApp,
    class: GroupId,
    teacher: AccountId,
    jonas: AccountId,
    marie: AccountId,
    koen: AccountId,
}

async fn school() -> School {
    let app = TestApp::new().await;
    let teacher = app
        .main_account("teacher", "an.leraar", "An", "Leraar")
        .await;
    let jonas = app.main_account("pupil", "jonas", "Jonas", "Peeters").await;
    let lotte = app
        .main_account("pupil", "lotte", "Lotte", "Janssens")
        .await;
    let marie = app
        .co_account(jonas, "mother", "marie", "Marie", "Peeters")
        .await;
    let koen = app
        .co_account(lotte, "father", "koen", "Koen", "Janssens")
        .await;
    let admin = app.actor("beheerder").await;
    let class = app
        .accounts
        .create_group(&admin, "3A", "class")
        .await
        .unwrap();
    app.accounts
        .set_group_members(&admin, class.id, &[jonas, lotte])
        .await
        .unwrap();
    School {
        app,
        class: class.id,
        teacher,
        jonas,
        marie,
        koen,
    }
}

/// The message id in `/messages/{id}?…`.
fn message_id_in(path: &str) -> String {
    path.trim_start_matches("/messages/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

/// The teacher sends "Uitstap naar Brugge" to the co-accounts of 3A through the form;
/// returns the message id.
async fn teacher_writes_to_the_parents_of_3a(school: &School, cookie: &str) -> String {
    let class = school.class.to_string();
    let response = school
        .app
        .send(form(
            "/messages/new",
            cookie,
            &[
                ("to_groups", class.as_str()),
                ("audience", "co_accounts"),
                ("subject", "Uitstap naar Brugge"),
                ("body", "Beste ouders,\nvrijdag gaan we naar Brugge."),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    message_id_in(&location(&response))
}

/// The teacher sends a message to Jonas himself, through the domain.
async fn teacher_writes_to_jonas(
    school: &School,
    subject: &str,
    reply_requested: bool,
) -> MessageId {
    let teacher = school.app.actor("an.leraar").await;
    school
        .app
        .messaging
        .send(
            &teacher,
            NewMessage {
                subject: subject.into(),
                body: "Breng je turnzak mee.".into(),
                to: vec![Recipient::Account(school.jonas)],
                reply_requested,
                ..NewMessage::default()
            },
        )
        .await
        .unwrap()
        .id
}

// ---------------------------------------------------------------------------------------
// Composing, blind copies, read receipts

#[tokio::test]
async fn a_teacher_writes_to_the_co_accounts_of_a_class_through_the_form() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;

    let form_page = body_text(school.app.send(page("/messages/new", &teacher)).await).await;
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
        .send(page(&format!("/messages/{id}?sent=2"), &teacher))
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
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;

    let marie = school.app.log_in("marie").await;
    let html = body_text(school.app.send(page("/messages", &marie)).await).await;
    assert!(html.contains(&format!(r#"<tr id="message-{id}" class="unread">"#)));
    assert!(html.contains(">nieuw</span>"));
    assert!(html.contains("An Leraar"));
    assert!(html.contains("Uitstap naar Brugge"));
}

#[tokio::test]
async fn opening_a_message_marks_it_read() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}"), &marie))
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let html = body_text(school.app.send(page("/messages", &marie)).await).await;
    assert!(html.contains(&format!(r#"<tr id="message-{id}">"#)));
    assert!(!html.contains("class=\"unread\""));
}

#[tokio::test]
async fn a_blind_copy_shows_only_the_sender_the_group_and_the_reader() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), &marie))
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
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;
    school
        .app
        .send(page(&format!("/messages/{id}"), &marie))
        .await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}/receipts"), &teacher))
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
                &teacher,
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
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(page(&format!("/messages/{id}/receipts"), &marie))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_sent_folder_shows_how_many_recipients_read_a_message() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;
    school
        .app
        .send(page(&format!("/messages/{id}"), &marie))
        .await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=sent", &teacher))
            .await,
    )
    .await;
    assert!(html.contains(r#"id="folder-sent" aria-current="page""#));
    assert!(html.contains("gelezen door 1 van 2"));
}

#[tokio::test]
async fn a_pupil_cannot_write_to_a_group() {
    let school = school().await;
    let jonas = school.app.log_in("jonas").await;

    let form_page = body_text(school.app.send(page("/messages/new", &jonas)).await).await;
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
            &jonas,
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
    let teacher = school.app.log_in("an.leraar").await;
    let jonas = school.jonas.to_string();
    let fields = [
        ("to_accounts", jonas.as_str()),
        ("subject", "Toestemming uitstap"),
        ("body", "Graag een handtekening."),
        ("action_deadline", "2026-09-02T10:00"),
    ];

    let response = school
        .app
        .send(form("/messages/new", &teacher, &fields))
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
        .send(form("/messages/new", &teacher, &acknowledged))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(
        school
            .app
            .send(page(
                &format!("/messages/{}", message_id_in(&location(&response))),
                &teacher,
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
    let teacher = school.app.log_in("an.leraar").await;
    let class = school.class.to_string();

    let response = school
        .app
        .send(form(
            "/messages/new",
            &teacher,
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
    let teacher = school.app.log_in("an.leraar").await;
    let jonas_id = school.jonas.to_string();
    let response = school
        .app
        .send(form(
            "/messages/new",
            &teacher,
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
    let id = message_id_in(&location(&response));
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), &jonas))
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

// ---------------------------------------------------------------------------------------
// Misdirected, trash, who may open what

#[tokio::test]
async fn reporting_a_misdirected_message_tells_the_sender() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(form(
            &format!("/messages/{id}/misdirected"),
            &marie,
            &[("confirm", "yes")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(school.app.send(page(&location(&response), &marie)).await).await;
    assert!(html.contains("De afzender weet nu dat dit bericht per vergissing bij u terechtkwam."));
    assert!(html.contains(r#"id="misdirected-reported""#));
    assert!(!html.contains(r#"id="misdirected-submit""#));

    let inbox = body_text(school.app.send(page("/messages", &teacher)).await).await;
    assert!(inbox.contains("Verkeerd bezorgd / Misdirected: Uitstap naar Brugge"));
    assert!(inbox.contains("Schoolbrug (melding)"));
}

#[tokio::test]
async fn reporting_a_misdirected_message_needs_the_confirmation_box() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(form(&format!("/messages/{id}/misdirected"), &marie, &[]))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(
        html.contains(
            r##"<a href="#confirm-misdirected">Vink het vakje aan om te bevestigen.</a>"##
        )
    );
    let inbox = body_text(school.app.send(page("/messages", &teacher)).await).await;
    assert!(!inbox.contains("Verkeerd bezorgd"));
}

#[tokio::test]
async fn a_message_moved_to_the_trash_can_be_restored() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(form(&format!("/messages/{id}/trash"), &marie, &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let inbox = body_text(school.app.send(page(&location(&response), &marie)).await).await;
    assert!(inbox.contains("Het bericht staat in de prullenbak."));
    assert!(!inbox.contains("Uitstap naar Brugge"));
    let trash = body_text(
        school
            .app
            .send(page("/messages?folder=trash", &marie))
            .await,
    )
    .await;
    assert!(trash.contains("Uitstap naar Brugge"));
    let message = body_text(
        school
            .app
            .send(page(&format!("/messages/{id}"), &marie))
            .await,
    )
    .await;
    assert!(message.contains(r#"id="restore-submit""#));

    let response = school
        .app
        .send(form(&format!("/messages/{id}/restore"), &marie, &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let message = body_text(school.app.send(page(&location(&response), &marie)).await).await;
    assert!(message.contains("Het bericht staat terug in uw Postvak IN."));
    assert!(message.contains(r#"id="trash-submit""#));
    let inbox = body_text(school.app.send(page("/messages", &marie)).await).await;
    assert!(inbox.contains("Uitstap naar Brugge"));
}

#[tokio::test]
async fn a_co_account_cannot_open_its_pupils_message() {
    let school = school().await;
    let id = teacher_writes_to_jonas(&school, "Turnles", false).await;
    let marie = school.app.log_in("marie").await;

    for path in [
        format!("/messages/{id}"),
        format!("/messages/{id}/receipts"),
    ] {
        let response = school.app.send(page(&path, &marie)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body_text(response).await.contains("Turnles"));
    }
    let response = school
        .app
        .send(form(&format!("/messages/{id}/trash"), &marie, &[]))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------
// Folders, search, paging, replies

#[tokio::test]
async fn the_awaiting_reply_folder_shows_when_the_reply_is_due_in_the_schools_time_zone() {
    let school = school().await;
    teacher_writes_to_jonas(&school, "Wie komt er mee?", true).await;
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=awaiting_reply", &jonas))
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
    let admin = school.app.log_in("beheerder").await;
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            &admin,
            &[
                ("from_0", "2026-09-02"),
                ("to_0", "2026-09-02"),
                ("name_0", "Studiedag"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    teacher_writes_to_jonas(&school, "Wie komt er mee?", true).await;
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(
        school
            .app
            .send(page("/messages?folder=awaiting_reply", &jonas))
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
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(school.app.send(page("/messages?q=zwem", &jonas)).await).await;
    assert!(html.contains(r#"id="q""#));
    assert!(html.contains(r#"value="zwem""#));
    assert!(html.contains("Zwemles"));
    assert!(!html.contains("Turnles"));

    let html = body_text(school.app.send(page("/messages?q=schaatsen", &jonas)).await).await;
    assert!(html.contains("Geen berichten gevonden voor deze zoekopdracht."));
}

#[tokio::test]
async fn a_long_inbox_has_a_next_page_link() {
    let school = school().await;
    for i in 0..51 {
        teacher_writes_to_jonas(&school, &format!("Bericht {i}"), false).await;
    }
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(school.app.send(page("/messages", &jonas)).await).await;
    assert_eq!(html.matches(r#"<tr id="message-"#).count(), 50);
    let next = html
        .split(r#"<a href=""#)
        .find_map(|part| part.split_once(r#"" id="next-page""#).map(|(href, _)| href))
        .expect("a next page link")
        .replace("&amp;", "&");
    assert!(next.starts_with("/messages?after="));

    let html = body_text(school.app.send(page(&next, &jonas)).await).await;
    assert_eq!(html.matches(r#"<tr id="message-"#).count(), 1);
    assert!(html.contains(r#"id="first-page""#));
    assert!(!html.contains(r#"id="next-page""#));
}

#[tokio::test]
async fn a_parent_replies_to_the_teacher_and_the_teacher_answers_back() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/new?reply_to={id}"), &marie))
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
            &marie,
            &[
                ("reply_to", id.as_str()),
                ("to_accounts", teacher_id.as_str()),
                ("subject", "Re: Uitstap naar Brugge"),
                ("body", "Jonas komt mee."),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let reply = message_id_in(&location(&response));

    // The parent is in no address book of the teacher's: the reply form offers her.
    let html = body_text(
        school
            .app
            .send(page(&format!("/messages/new?reply_to={reply}"), &teacher))
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
    let teacher = school.app.log_in("an.leraar").await;
    teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let response = school.app.send(page_in_english("/messages", &marie)).await;
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
    let teacher = school.app.log_in("an.leraar").await;
    let id = teacher_writes_to_the_parents_of_3a(&school, &teacher).await;
    let marie = school.app.log_in("marie").await;

    let html = body_text(school.app.send(page("/", &marie)).await).await;
    assert!(html.contains(
        r#"<a href="/messages" id="unread-count" class="has-unread">1 nieuw bericht</a>"#
    ));

    school
        .app
        .send(page(&format!("/messages/{id}"), &marie))
        .await;
    let html = body_text(school.app.send(page("/", &marie)).await).await;
    assert!(html.contains(r#"<a href="/messages" id="unread-count">Geen nieuwe berichten</a>"#));
}

// ---------------------------------------------------------------------------------------
// Free days

#[tokio::test]
async fn the_free_days_form_saves_periods() {
    let school = school().await;
    let admin = school.app.log_in("beheerder").await;

    let html = body_text(school.app.send(page("/admin/free-days", &admin)).await).await;
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
            &admin,
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
    let html = body_text(school.app.send(page(&location(&response), &admin)).await).await;
    assert!(html.contains("De vrije dagen zijn bewaard."));
    assert!(html.contains(r#"value="Herfstvakantie""#));
    assert!(html.contains(r#"value="2026-10-26""#));

    // Removing the row empties the list.
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            &admin,
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
            .messaging
            .free_days(&admin_actor)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_free_days_form_refuses_a_last_day_before_the_first() {
    let school = school().await;
    let admin = school.app.log_in("beheerder").await;

    let response = school
        .app
        .send(form(
            "/admin/free-days",
            &admin,
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
            .messaging
            .free_days(&admin_actor)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn only_admins_open_the_free_days_page() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar").await;

    let response = school.app.send(page("/admin/free-days", &teacher)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = school
        .app
        .send(form(
            "/admin/free-days",
            &teacher,
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
    let marie = school.app.log_in("marie").await;

    let html = body_text(
        school
            .app
            .send(page("/settings/notifications", &marie))
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
            &marie,
            &[
                ("forward_email", "marie@example.be"),
                ("forward_messages", "on"),
                ("notify_news", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = body_text(school.app.send(page(&location(&response), &marie)).await).await;
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
    let marie = school.app.log_in("marie").await;

    let response = school
        .app
        .send(form(
            "/settings/notifications",
            &marie,
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
    let marie = school.app.log_in("marie").await;
    school
        .app
        .send(form(
            "/settings/notifications",
            &marie,
            &[("forward_email", "marie@example.be")],
        ))
        .await;

    let html = body_text(
        school
            .app
            .send(page("/settings/notifications/confirm?token=abc", &marie))
            .await,
    )
    .await;
    assert!(html.contains(r#"id="confirm-email-submit""#));
    let response = school
        .app
        .send(form(
            "/settings/notifications/confirm",
            &marie,
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
    let jonas = school.app.log_in("jonas").await;

    let html = body_text(school.app.send(page("/messages", &jonas)).await).await;
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
