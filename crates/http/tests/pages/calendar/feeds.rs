//! The links for calendar apps: made and shown once, answering `text/calendar` at their
//! path, renewed (the old link stops), stopped, and only from our own pages.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use super::{html, school, uitstap};
use crate::support::{
    ENGLISH, PASSWORD, PUBLIC_URL, TestApp, body_text, form, form_from, location, page_in,
};

/// The link shown in the read-only field of a page, and its path.
fn link_in(html: &str) -> (String, String) {
    let marker = r#"id="feed-url" name="feed-url" value=""#;
    let start = html.find(marker).expect("a link") + marker.len();
    let url = html[start..].split('"').next().unwrap().to_owned();
    assert!(url.starts_with(PUBLIC_URL), "{url}");
    let path = url[PUBLIC_URL.len()..].to_owned();
    (url, path)
}

/// The id of the (only) feed listed on a page.
fn feed_id_in(html: &str) -> String {
    let marker = r#"<tr id="feed-"#;
    let start = html.find(marker).expect("a feed") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn fetch(app: &TestApp, path: &str) -> axum::http::Response<Body> {
    app.send(Request::get(path).body(Body::empty()).unwrap())
        .await
}

#[tokio::test]
async fn a_parent_makes_renews_and_stops_a_link_for_a_calendar_app() {
    let school = school().await;
    uitstap(&school).await;
    let koen = school.app.log_in("koen", PASSWORD).await;

    let empty = html(&school.app, "/calendar/feeds", &koen).await;
    assert!(empty.contains(r#"id="no-feeds""#));
    assert!(empty.contains(r#"id="create-feed-submit""#));
    assert!(empty.contains("De link toont de kalender van Lotte Janssens."));

    let response = school
        .app
        .send(form("/calendar/feeds", Some(&koen), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let made = body_text(response).await;
    let (url, path) = link_in(&made);
    assert!(path.starts_with("/calendar/feed/") && path.ends_with(".ics"));
    assert!(made.contains("readonly"));
    assert!(made.contains("Abonneren via internet"));
    assert!(made.contains("Via URL"));
    assert!(made.contains("agenda-abonnement"));

    let feed = fetch(&school.app, &path).await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(body_text(feed).await.contains("Uitstap naar Brugge"));

    // Listed without its link; a second one is not made.
    let listed = html(&school.app, "/calendar/feeds", &koen).await;
    assert!(!listed.contains(&url));
    assert!(!listed.contains(r#"id="create-feed-submit""#));
    let id = feed_id_in(&listed);
    let again = school
        .app
        .send(form("/calendar/feeds", Some(&koen), &[]))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(body_text(again).await.contains("U hebt al een link."));

    let response = school
        .app
        .send(form(
            &format!("/calendar/feeds/{id}/renew"),
            Some(&koen),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let renewed = body_text(response).await;
    assert!(renewed.contains("De vorige werkt niet meer"));
    let (new_url, new_path) = link_in(&renewed);
    assert_ne!(new_url, url);
    assert_eq!(
        fetch(&school.app, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(fetch(&school.app, &new_path).await.status(), StatusCode::OK);

    // Another account cannot stop it.
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let response = school
        .app
        .send(form(
            &format!("/calendar/feeds/{id}/revoke"),
            Some(&lotte),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(fetch(&school.app, &new_path).await.status(), StatusCode::OK);

    let response = school
        .app
        .send(form(
            &format!("/calendar/feeds/{id}/revoke"),
            Some(&koen),
            &[],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/calendar/feeds?stopped=1");
    assert_eq!(
        fetch(&school.app, &new_path).await.status(),
        StatusCode::NOT_FOUND
    );
    let stopped = html(&school.app, "/calendar/feeds?stopped=1", &koen).await;
    assert!(stopped.contains("De link werkt niet meer."));
    assert!(stopped.contains(r#"id="create-feed-submit""#));
}

#[tokio::test]
async fn a_link_is_not_made_from_another_site() {
    let school = school().await;
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let response = school
        .app
        .send(form_from(
            "/calendar/feeds",
            Some(&lotte),
            &[],
            "cross-site",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let listed = html(&school.app, "/calendar/feeds", &lotte).await;
    assert!(listed.contains(r#"id="no-feeds""#));
}

#[tokio::test]
async fn the_feeds_page_is_in_english_for_an_english_browser() {
    let school = school().await;
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let response = school
        .app
        .send(page_in("/calendar/feeds", Some(&lotte), ENGLISH))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("<h1>The calendar in your calendar app</h1>"));
    assert!(html.contains("Make a link"));
}
