//! Absences in Chromium on the demo school: at the start of the day the teacher of 3A
//! ticks Lotte absent on the class register; Lotte's mother finds the message in her inbox,
//! opens "Mijn kinderen", hands in a note for the day and the next, and sees the morning
//! become `Z`; the mother of another pupil sees only her own child and gets the 404 page
//! for Lotte's note form. A parent with a child's account each links them on
//! `/account/links` and sees both children in "Mijn kinderen", until unlinked.

use chrono::{Datelike as _, Duration as Days, NaiveDate, Weekday};

use super::calendar::{is_free_day, iso, set_value};
use super::*;

/// The last school day of the demo school on or before today.
fn last_school_day() -> NaiveDate {
    let mut day = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive();
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || is_free_day(day) {
        day -= Days::days(1);
    }
    day
}

/// The id of the demo's class 3A and of the pupil Lotte, read through the API as the
/// teacher.
async fn class_and_lotte(base: &str) -> (String, String) {
    let client = reqwest::Client::new();
    let session: serde_json::Value = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "school": "demo", "username": "mevrouw.claes", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap();
    let classes: serde_json::Value = client
        .get(format!("{base}/api/v1/classes"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let class = classes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "3A")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let register: serde_json::Value = client
        .get(format!(
            "{base}/api/v1/classes/{class}/register/{}/am",
            iso(last_school_day())
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lotte = register["pupils"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["first_name"] == "Lotte")
        .unwrap()["pupil_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (class, lotte)
}

#[tokio::test]
async fn the_teacher_marks_lotte_absent_her_mother_is_told_and_hands_in_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let base = server.base();
    let (class, lotte) = class_and_lotte(&base).await;
    let day = last_school_day();
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // The teacher: the class register of the morning, Lotte ticked absent.
    sign_in_as(&browser, &base, "mevrouw.claes", DEMO_PASSWORD).await;
    browser
        .goto(&format!("{base}/absences/register"))
        .await
        .unwrap();
    assert!(body_text(&browser).await.contains("3A"));
    browser
        .goto(&format!("{base}/absences/register/{class}/{}/am", iso(day)))
        .await
        .unwrap();
    wait_for(&browser, "#register-form").await;
    click(&browser, &format!("absent_{lotte}")).await;
    submit(&browser, "register-submit", |u| {
        u.query().is_some_and(|q| q.contains("saved"))
    })
    .await;
    let lotte_box = browser
        .find(Locator::Id(&format!("absent_{lotte}")))
        .await
        .unwrap();
    assert!(
        lotte_box.is_selected().await.unwrap(),
        "Lotte is shown absent after saving"
    );
    log_out(&browser, &base).await;

    // Her mother: the message in her inbox, then "Mijn kinderen".
    sign_in_as(&browser, &base, "lotte.peeters.ouder1", DEMO_PASSWORD).await;
    browser.goto(&format!("{base}/messages")).await.unwrap();
    let inbox = body_text(&browser).await;
    assert!(inbox.contains("Lotte is afwezig"), "inbox: {inbox}");
    browser.goto(&format!("{base}/children")).await.unwrap();
    let year = browser
        .find(Locator::Id(&format!("pupil-{lotte}-year")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        year.contains('?'),
        "the morning is still to be justified: {year}"
    );
    click(&browser, &format!("note-link-{lotte}")).await;
    wait_for(&browser, "#note-form").await;
    set_value(&browser, "from", &iso(day)).await;
    set_value(&browser, "to", &iso(day + Days::days(1))).await;
    fill(&browser, "text", "Griep").await;
    submit(&browser, "note-submit", |u| u.path() == "/children").await;
    let year = browser
        .find(Locator::Id(&format!("pupil-{lotte}-year")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        year.contains('Z') && !year.contains('?'),
        "the morning is Z now: {year}"
    );
    let left = browser
        .find(Locator::Id(&format!("pupil-{lotte}-notes-left")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(left.contains('3'), "three notes left: {left}");
    log_out(&browser, &base).await;

    // Noah's mother sees Noah only, and not Lotte's note form.
    sign_in_as(&browser, &base, "noah.janssens.ouder1", DEMO_PASSWORD).await;
    browser.goto(&format!("{base}/children")).await.unwrap();
    let children = body_text(&browser).await;
    assert!(
        children.contains("Noah") && !children.contains("Lotte"),
        "{children}"
    );
    browser
        .goto(&format!("{base}/children/{lotte}/note"))
        .await
        .unwrap();
    let refused = body_text(&browser).await;
    assert!(
        refused.contains("404")
            || refused.to_lowercase().contains("not found")
            || refused.to_lowercase().contains("niet gevonden"),
        "{refused}"
    );
    browser.close().await.unwrap();
}

/// The text of "Mijn kinderen" for the signed-in parent.
async fn my_children(browser: &Client, base: &str) -> String {
    browser.goto(&format!("{base}/children")).await.unwrap();
    wait_for(browser, "#nav-children").await;
    body_text(browser).await
}

/// A father with two children links their accounts and sees both in "Mijn kinderen": the
/// demo's `noah.janssens.ouder1` and `lotte.peeters.ouder1` are taken for one person.
#[tokio::test]
async fn a_father_with_two_children_links_their_accounts_and_sees_both_in_mijn_kinderen() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let base = server.base();
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    sign_in_as(&browser, &base, "noah.janssens.ouder1", DEMO_PASSWORD).await;
    let before = my_children(&browser, &base).await;
    assert!(
        before.contains("Noah") && !before.contains("Lotte"),
        "{before}"
    );
    // The way there: the link on "Mijn kinderen".
    submit(&browser, "co-account-links-link", |u| {
        u.path() == "/account/links"
    })
    .await;
    wait_for(&browser, "#no-links").await;
    fill(&browser, "username", "lotte.peeters.ouder1").await;
    fill(&browser, "password", DEMO_PASSWORD).await;
    submit(&browser, "link-submit", |u| {
        u.path() == "/account/links" && u.query() == Some("linked=1")
    })
    .await;
    wait_for(&browser, "#links button[id^='unlink-']").await;

    let both = my_children(&browser, &base).await;
    assert!(both.contains("Noah") && both.contains("Lotte"), "{both}");

    browser
        .goto(&format!("{base}/account/links"))
        .await
        .unwrap();
    browser
        .find(Locator::Css("#links button[id^='unlink-']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&browser, "#no-links").await;
    let one = my_children(&browser, &base).await;
    assert!(one.contains("Noah") && !one.contains("Lotte"), "{one}");
    browser.close().await.unwrap();
}
