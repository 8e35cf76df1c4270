//! The school calendar in Chromium on the demo school: a teacher plans a one-off activity
//! and a weekly one with an exception for her class through the form; a parent of that
//! class sees it on the month page labelled with the child, makes a private link for a
//! calendar app, the link answers the calendar without a session, and stops answering
//! once stopped; a pupil of the other class does not see it; and a pinned news item the
//! admin publishes for the whole school shows on the parent's start page.

use std::collections::BTreeMap;

use chrono::{Datelike as _, Duration as Days, NaiveDate, Weekday};

use super::*;

/// A date as year, month, day.
type Ymd = (i32, u32, u32);

/// The demo school's free days (`schoolbrug demo`), first and last day.
const DEMO_FREE_DAYS: [(Ymd, Ymd); 4] = [
    ((2026, 11, 2), (2026, 11, 8)),
    ((2026, 12, 21), (2027, 1, 3)),
    ((2027, 2, 15), (2027, 2, 21)),
    ((2027, 4, 5), (2027, 4, 18)),
];

fn ymd((y, m, d): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn is_free_day(day: NaiveDate) -> bool {
    DEMO_FREE_DAYS
        .iter()
        .any(|(from, to)| ymd(*from) <= day && day <= ymd(*to))
}

/// A school day about three weeks after `today`: Monday to Friday, a week later as long
/// as it falls in the demo's holidays.
fn about_three_weeks_after(today: NaiveDate) -> NaiveDate {
    let mut day = today + Days::days(21);
    day += Days::days(match day.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    });
    while is_free_day(day) {
        day += Days::weeks(1);
    }
    day
}

pub(super) fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn month(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// Sets a form field's value as a script would: typing into a date or time field depends
/// on the browser's locale, its value does not.
pub(super) async fn set_value(browser: &Client, id: &str, value: &str) {
    let set = browser
        .execute(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1]; return e.value;",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    assert_eq!(set, json!(value), "#{id} takes {value}");
}

/// Ticks the audience's box labelled `label` (the boxes' ids hold the group's id).
async fn tick_audience(browser: &Client, label: &str) {
    let xpath = format!("//fieldset[@id='audience']//label[normalize-space()='{label}']");
    let label_element = browser
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("the audience {label}: {e}"));
    let id = label_element.attr("for").await.unwrap().unwrap();
    let box_ = browser.find(Locator::Id(&id)).await.unwrap();
    if !box_.is_selected().await.unwrap() {
        label_element.click().await.unwrap();
    }
    assert!(box_.is_selected().await.unwrap(), "{label} ticked");
}

/// The titles the month page's list shows on `day` (none when the day is not listed).
async fn agenda_titles(browser: &Client, day: NaiveDate) -> Vec<String> {
    let xpath = format!(
        "//section[@id='agenda']/h3[@id='day-{}']/following-sibling::ul[1]/li/span[contains(@class,'cal-title')]",
        iso(day)
    );
    let mut titles = Vec::new();
    for title in browser.find_all(Locator::XPath(&xpath)).await.unwrap() {
        titles.push(title.text().await.unwrap().trim().to_owned());
    }
    titles
}

/// Opens the month page of `day`'s month and waits for its list.
async fn open_month(browser: &Client, base: &str, day: NaiveDate) {
    browser
        .goto(&format!("{base}/calendar?month={}", month(day)))
        .await
        .unwrap();
    wait_for(browser, "#agenda").await;
}

#[tokio::test]
async fn a_teacher_plans_for_her_class_a_parent_sees_it_and_subscribes_and_another_class_does_not()
{
    // Arrange: the demo school on the real binary; the dates the story plans on.
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let password = DEMO_PASSWORD;
    let base = server.base();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive();
    let play = about_three_weeks_after(today);
    let lessons: Vec<NaiveDate> = (0..4).map(|week| play + Days::weeks(week)).collect();
    let excepted = lessons[1];
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // The teacher plans a play for 3A, from 10:00 to 12:00.
    sign_in_as(&browser, &base, "mevrouw.claes", password).await;
    browser.goto(&format!("{base}/calendar")).await.unwrap();
    click(&browser, "plan-link").await;
    wait_for(&browser, "#activity-form").await;
    assert_eq!(
        browser.current_url().await.unwrap().path(),
        "/calendar/plan"
    );
    fill(&browser, "title", "Toneelvoorstelling").await;
    fill(&browser, "location", "Cultuurcentrum").await;
    set_value(&browser, "date", &iso(play)).await;
    set_value(&browser, "start_time", "10:00").await;
    set_value(&browser, "end_time", "12:00").await;
    tick_audience(&browser, "3A").await;
    let saved_month = month(play);
    submit(&browser, "activity-submit", |u| {
        u.path() == "/calendar" && u.query() == Some(&format!("month={saved_month}"))
    })
    .await;
    let play_titles = agenda_titles(&browser, play).await;
    assert!(
        play_titles.iter().any(|t| t == "Toneelvoorstelling"),
        "{play}: {play_titles:?}"
    );

    // And an extra lesson every week for four weeks, but not in the second week.
    browser
        .goto(&format!("{base}/calendar/plan"))
        .await
        .unwrap();
    wait_for(&browser, "#activity-form").await;
    fill(&browser, "title", "Extra les").await;
    set_value(&browser, "date", &iso(lessons[0])).await;
    set_value(&browser, "start_time", "14:00").await;
    set_value(&browser, "end_time", "15:00").await;
    tick_audience(&browser, "3A").await;
    browser
        .find(Locator::Css("#repeat option[value='1']"))
        .await
        .expect("a weekly repeat")
        .click()
        .await
        .unwrap();
    set_value(&browser, "repeat_until", &iso(lessons[3])).await;
    fill(&browser, "repeat_except", &iso(excepted)).await;
    submit(&browser, "activity-submit", |u| u.path() == "/calendar").await;

    // The month page shows both; the lessons on their weeks, none in the excepted week.
    let mut by_month: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
    for day in &lessons {
        by_month.entry(month(*day)).or_default().push(*day);
    }
    for days in by_month.values() {
        open_month(&browser, &base, days[0]).await;
        for day in days {
            let titles = agenda_titles(&browser, *day).await;
            let expected = *day != excepted && !is_free_day(*day);
            assert_eq!(
                titles.iter().any(|t| t == "Extra les"),
                expected,
                "Extra les on {day}: {titles:?}"
            );
        }
    }
    open_month(&browser, &base, play).await;
    let planned = agenda_titles(&browser, play).await;
    assert!(
        planned.iter().any(|t| t == "Toneelvoorstelling")
            && planned.iter().any(|t| t == "Extra les"),
        "{play}: {planned:?}"
    );
    log_out(&browser, &base).await;

    // A parent of 3A sees the play, labelled with the child.
    sign_in_as(&browser, &base, "lotte.peeters.ouder1", password).await;
    open_month(&browser, &base, play).await;
    let child = browser
        .find(Locator::XPath(&format!(
            "//section[@id='agenda']/h3[@id='day-{}']/following-sibling::ul[1]/li[span[contains(@class,'cal-title') and normalize-space()='Toneelvoorstelling']]/span[contains(@class,'cal-child')]",
            iso(play)
        )))
        .await
        .expect("the play on the parent's calendar, with the child")
        .text()
        .await
        .unwrap();
    assert!(
        child == "voor Lotte Peeters" || child == "for Lotte Peeters",
        "labelled: {child}"
    );

    // The parent makes a link for a calendar app and reads it from the read-only field.
    click(&browser, "feeds-link").await;
    wait_for(&browser, "#create-feed-submit").await;
    click(&browser, "create-feed-submit").await;
    wait_for(&browser, "#feed-url").await;
    let field = browser.find(Locator::Id("feed-url")).await.unwrap();
    assert!(
        field.attr("readonly").await.unwrap().is_some(),
        "a read-only field"
    );
    let link = field.prop("value").await.unwrap().unwrap_or_default();
    assert!(
        link.starts_with(&format!("{base}/calendar/feed/")) && link.ends_with(".ics"),
        "{link}"
    );

    // The link answers the calendar to anyone who has it, without a session.
    let client = reqwest::Client::new();
    let feed = client.get(&link).send().await.unwrap();
    assert_eq!(feed.status(), reqwest::StatusCode::OK);
    let content_type = feed.headers()[reqwest::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    let ics = feed.text().await.unwrap();
    assert!(ics.contains("Toneelvoorstelling"), "{ics}");
    assert!(ics.contains("Extra les"), "{ics}");
    assert!(ics.contains("RRULE:FREQ=WEEKLY"), "{ics}");
    assert!(
        ics.contains(&format!(
            "EXDATE;TZID=Europe/Brussels:{}T140000",
            excepted.format("%Y%m%d")
        )),
        "the excepted week: {ics}"
    );

    // The parent stops the link; it answers 404 from then on.
    browser
        .goto(&format!("{base}/calendar/feeds"))
        .await
        .unwrap();
    wait_for(&browser, "#feeds").await;
    browser
        .find(Locator::Css("#feeds button[id^='revoke-']"))
        .await
        .expect("the link's stop button")
        .click()
        .await
        .unwrap();
    wait_for(&browser, "#no-feeds").await;
    assert_eq!(
        browser.current_url().await.unwrap().query(),
        Some("stopped=1")
    );
    let stopped = client.get(&link).send().await.unwrap();
    assert_eq!(stopped.status(), reqwest::StatusCode::NOT_FOUND);
    log_out(&browser, &base).await;

    // A pupil of 3B does not see 3A's play or lessons.
    sign_in_as(&browser, &base, "emma.wouters", password).await;
    open_month(&browser, &base, play).await;
    let agenda = browser
        .find(Locator::Id("agenda"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!agenda.contains("Toneelvoorstelling"), "{agenda}");
    assert!(!agenda.contains("Extra les"), "{agenda}");
    log_out(&browser, &base).await;

    // The admin publishes a pinned news item for the whole school.
    sign_in_as(&browser, &base, "beheerder", password).await;
    browser.goto(&format!("{base}/news")).await.unwrap();
    click(&browser, "news-publish-link").await;
    wait_for(&browser, "#news-form").await;
    fill(&browser, "title", "Schoolfeest").await;
    fill(
        &browser,
        "body",
        "Zaterdag is het schoolfeest. Iedereen welkom!",
    )
    .await;
    click(&browser, "audience_school").await;
    click(&browser, "pinned").await;
    assert!(
        browser
            .find(Locator::Id("audience_school"))
            .await
            .unwrap()
            .is_selected()
            .await
            .unwrap()
    );
    submit(&browser, "news-submit", |u| {
        u.path().starts_with("/news/") && u.query() == Some("published=1")
    })
    .await;
    let title = browser
        .find(Locator::Id("news-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(title.contains("Schoolfeest"), "{title}");
    log_out(&browser, &base).await;

    // The parent finds it on the start page, pinned.
    sign_in_as(&browser, &base, "lotte.peeters.ouder1", password).await;
    wait_for(&browser, "#start-news").await;
    let item = browser
        .find(Locator::XPath(
            "//section[@id='start-news']//li[a[normalize-space()='Schoolfeest']]",
        ))
        .await
        .expect("the news on the parent's start page");
    assert!(
        item.find(Locator::Css(".badge")).await.is_ok(),
        "shown as pinned: {}",
        item.text().await.unwrap()
    );
    browser.close().await.unwrap();
}
