//! The month: who sees which activity, a parent's items labelled with the child, free
//! days marked, the links staff get, moving between months, and both languages.

use axum::http::StatusCode;
use schoolbrug_kernel::FreeDayPeriod;

use super::{html, school, uitstap};
use crate::support::{ENGLISH, PASSWORD, body_text, page, page_in};

#[tokio::test]
async fn a_class_activity_shows_to_the_pupil_and_the_parent_and_not_to_another_class() {
    let school = school().await;
    uitstap(&school).await;

    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let page = html(&school.app, "/calendar", &lotte).await;
    assert!(page.contains("<h1>Kalender</h1>"));
    assert!(page.contains(r#"<h2 id="month-title">september 2026</h2>"#));
    assert!(page.contains("Uitstap naar Brugge"));
    assert!(page.contains("08:15–16:00"));
    assert!(page.contains("Plaats: Brugge"));
    assert!(page.contains("Meebrengen: lunchpakket"));
    assert!(page.contains(r#"<h3 id="day-2026-09-10">donderdag 10 september 2026</h3>"#));
    assert!(page.contains(r#"id="month-grid""#));
    assert!(page.contains(r#"href="/calendar/feeds""#));
    assert!(page.contains(r#"id="nav-calendar""#));
    // A pupil plans nothing and changes nothing.
    assert!(!page.contains(r#"id="plan-link""#));
    assert!(!page.contains("/edit"));
    // Nothing of a co-account's label on the pupil's own calendar.
    assert!(!page.contains("voor Lotte"));

    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = html(&school.app, "/calendar", &koen).await;
    assert!(page.contains("Uitstap naar Brugge"));
    assert!(page.contains("voor Lotte Janssens"));

    let noor = school.app.log_in("noor", PASSWORD).await;
    let page = html(&school.app, "/calendar?month=2026-09", &noor).await;
    assert!(!page.contains("Uitstap naar Brugge"));
    assert!(page.contains(r#"id="calendar-empty""#));
}

#[tokio::test]
async fn staff_get_the_plan_link_and_a_change_link_on_what_they_may_change() {
    let school = school().await;
    let id = uitstap(&school).await;
    let edit = format!(r#"href="/calendar/activities/{id}/edit""#);

    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let page = html(&school.app, "/calendar", &an).await;
    assert!(page.contains(r#"id="plan-link""#));
    assert!(page.contains(&edit));

    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let page = html(&school.app, "/calendar", &admin).await;
    assert!(page.contains("Uitstap naar Brugge"));
    assert!(page.contains(&edit));

    // Piet is in no class: he neither sees An's activity nor may change it.
    let piet = school.app.log_in("piet", PASSWORD).await;
    let page = html(&school.app, "/calendar", &piet).await;
    assert!(page.contains(r#"id="plan-link""#));
    assert!(!page.contains("Uitstap naar Brugge"));
}

#[tokio::test]
async fn free_days_are_marked_in_the_table_and_the_list() {
    let school = school().await;
    let admin = school.app.actor("beheerder").await;
    school
        .app
        .calendar
        .replace_free_days(
            &admin,
            vec![FreeDayPeriod {
                from: "2026-09-21".parse().unwrap(),
                to: "2026-09-21".parse().unwrap(),
                name: "Pedagogische studiedag".into(),
            }],
        )
        .await
        .unwrap();
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let page = html(&school.app, "/calendar?month=2026-09", &lotte).await;
    assert!(page.contains(r#"<td class="day free-day">"#));
    assert!(page.contains("Pedagogische studiedag"));
    assert!(page.contains(r#"<span class="badge free">vrije dag</span>"#));
    assert!(page.contains(r#"<h3 id="day-2026-09-21">maandag 21 september 2026</h3>"#));
}

#[tokio::test]
async fn months_follow_each_other_and_a_wrong_month_is_refused() {
    let school = school().await;
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let page = html(&school.app, "/calendar?month=2027-01", &lotte).await;
    assert!(page.contains("januari 2027"));
    assert!(page.contains(r#"href="/calendar?month=2026-12""#));
    assert!(page.contains(r#"href="/calendar?month=2027-02""#));
    assert!(page.contains(r#"href="/calendar?month=2026-09" id="this-month""#));
    // January 2027 starts on a Friday: the table starts on Monday 28 December.
    assert!(page.contains("maandag 28 december 2026"));

    let response = school
        .app
        .send(crate::support::page(
            "/calendar?month=2026-13",
            Some(&lotte),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_month_is_in_english_for_an_english_browser() {
    let school = school().await;
    uitstap(&school).await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let response = school
        .app
        .send(page_in("/calendar", Some(&koen), ENGLISH))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("<h1>Calendar</h1>"));
    assert!(html.contains("September 2026"));
    assert!(html.contains("Thursday 10 September 2026"));
    assert!(html.contains("for Lotte Janssens"));
    assert!(html.contains("Where: Brugge"));
    assert!(html.contains(r#"<abbr title="Monday">Mon</abbr>"#));
}

#[tokio::test]
async fn the_calendar_wants_a_session() {
    let school = school().await;
    let response = school.app.send(page("/calendar", None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}
