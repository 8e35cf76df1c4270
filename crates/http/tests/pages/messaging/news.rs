//! The news pages: an admin publishes through the editor, the parents of the class read
//! it (labelled with their child, in Dutch or English), a pupil finds no editor, a blank
//! title is refused on the form, and the author withdraws the item.

use axum::http::{StatusCode, header};

use super::school;
use crate::support::{ENGLISH, PASSWORD, body_text, form, location, page, page_in};

/// The id in `/news/{id}?…`.
fn news_id_in(path: &str) -> String {
    path.trim_start_matches("/news/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_admin_publishes_to_a_class_and_its_parents_read_it_with_their_child() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let editor = body_text(school.app.send(page("/news/new", Some(&admin))).await).await;
    assert!(editor.contains("id=\"audience_school\""));
    assert!(editor.contains(&school.class.to_string()));

    let class = school.class.to_string();
    let response = school
        .app
        .send(form(
            "/news/new",
            Some(&admin),
            &[
                ("title", "Sportdag"),
                (
                    "body",
                    "Vrijdag is het sportdag.\nZie https://school.be/sport.",
                ),
                ("audience_groups", class.as_str()),
                ("pinned", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = news_id_in(location(&response));

    let marie = school.app.log_in("marie", PASSWORD).await;
    let list = body_text(school.app.send(page("/news", Some(&marie))).await).await;
    assert!(list.contains("Sportdag"));
    assert!(list.contains("Jonas Peeters"));
    assert!(list.contains("Vastgezet"));
    let read = body_text(
        school
            .app
            .send(page(&format!("/news/{id}"), Some(&marie)))
            .await,
    )
    .await;
    assert!(read.contains("href=\"https://school.be/sport\""));
    assert!(!read.contains("news-withdraw-submit"));

    let response = school
        .app
        .send(page_in("/news", Some(&marie), ENGLISH))
        .await;
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
    let english = body_text(response).await;
    assert!(english.contains("Pinned"));
    assert!(english.contains("For Jonas Peeters"));

    // Withdrawn by its author: gone for the parents.
    let withdrawn = school
        .app
        .send(form(
            &format!("/news/{id}/withdraw"),
            Some(&admin),
            &[("confirm", "yes")],
        ))
        .await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&withdrawn), "/news?withdrawn=1");
    let gone = school
        .app
        .send(page(&format!("/news/{id}"), Some(&marie)))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_pupil_finds_no_editor_and_cannot_post_one() {
    let school = school().await;
    let jonas = school.app.log_in("jonas", PASSWORD).await;
    let list = body_text(school.app.send(page("/news", Some(&jonas))).await).await;
    assert!(!list.contains("/news/new"));
    let editor = school.app.send(page("/news/new", Some(&jonas))).await;
    assert_eq!(editor.status(), StatusCode::NOT_FOUND);
    let class = school.class.to_string();
    let posted = school
        .app
        .send(form(
            "/news/new",
            Some(&jonas),
            &[("title", "Feest"), ("audience_groups", class.as_str())],
        ))
        .await;
    assert_eq!(posted.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_blank_title_and_no_audience_are_refused_on_the_form() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/news/new",
            Some(&admin),
            &[("title", "  "), ("body", "x")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Vul een titel in"));
    assert!(html.contains("Kies voor wie het bericht is"));
}

#[tokio::test]
async fn a_teacher_edits_their_item_and_a_colleague_finds_no_editor() {
    let school = school().await;
    let admin = school.app.actor("beheerder").await;
    school
        .app
        .accounts
        .set_group_members(&admin, school.class, &[school.jonas, school.teacher])
        .await
        .unwrap();
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let editor = body_text(school.app.send(page("/news/new", Some(&teacher))).await).await;
    assert!(!editor.contains("id=\"audience_school\""));
    let class = school.class.to_string();
    let response = school
        .app
        .send(form(
            "/news/new",
            Some(&teacher),
            &[("title", "Toets"), ("audience_groups", class.as_str())],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = news_id_in(location(&response));
    let edit = body_text(
        school
            .app
            .send(page(&format!("/news/{id}/edit"), Some(&teacher)))
            .await,
    )
    .await;
    assert!(edit.contains("value=\"Toets\""));
    let saved = school
        .app
        .send(form(
            &format!("/news/{id}/edit"),
            Some(&teacher),
            &[
                ("title", "Toets verplaatst"),
                ("audience_groups", class.as_str()),
            ],
        ))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), format!("/news/{id}?saved=1"));

    school
        .app
        .main_account("teacher", "collega", "Bo", "Collega")
        .await;
    let colleague = school.app.log_in("collega", PASSWORD).await;
    let other = school
        .app
        .send(page(&format!("/news/{id}/edit"), Some(&colleague)))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}
