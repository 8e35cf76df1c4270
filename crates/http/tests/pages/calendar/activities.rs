//! Planning, changing and cancelling through the form: only staff reach it, a refused form
//! comes back as typed with every reason (422), and only the planner (or an admin)
//! changes or cancels.

use axum::http::StatusCode;

use super::{School, html, school, uitstap};
use crate::support::{ENGLISH, PASSWORD, body_text, form, location, page, page_in};

/// The fields of a valid form: swimming for 3A on Tuesdays in September and October,
/// except on 22 September.
fn zwemmen(school: &School) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Zwemmen".into()),
        ("description", "Zwemgerief meebrengen".into()),
        ("location", "Stedelijk zwembad".into()),
        ("date", "2026-09-08".into()),
        ("start_time", "13:30".into()),
        ("end_time", "15:00".into()),
        ("audience", format!("group:{}", school.class_3a)),
        ("repeat", "1".into()),
        ("repeat_until", "2026-10-27".into()),
        ("repeat_except", "2026-09-22".into()),
        ("skip_free_days", "on".into()),
    ]
}

fn fields<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn pupils_and_parents_get_the_404_page_on_the_planning_pages() {
    let school = school().await;
    let id = uitstap(&school).await;
    for username in ["lotte", "koen"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        let zwemmen = zwemmen(&school);
        let planned = fields(&zwemmen);
        let edit = format!("/calendar/activities/{id}/edit");
        let cancel = format!("/calendar/activities/{id}/cancel");
        for response in [
            school.app.send(page("/calendar/plan", Some(&cookie))).await,
            school
                .app
                .send(form("/calendar/plan", Some(&cookie), &planned))
                .await,
            school.app.send(page(&edit, Some(&cookie))).await,
            school.app.send(form(&edit, Some(&cookie), &planned)).await,
            school.app.send(form(&cancel, Some(&cookie), &[])).await,
        ] {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username}");
            assert!(body_text(response).await.contains("Pagina niet gevonden"));
        }
    }
}

#[tokio::test]
async fn a_teacher_plans_a_weekly_activity_through_the_form() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;

    let empty = html(&school.app, "/calendar/plan", &an).await;
    for id in [
        "title",
        "description",
        "location",
        "date",
        "start_time",
        "end_time",
        "all_day",
        "last_date",
        "audience",
        "repeat",
        "repeat_until",
        "repeat_except",
        "skip_free_days",
        "activity-submit",
    ] {
        assert!(empty.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(empty.contains(&format!(r#"value="group:{}""#, school.class_3a)));
    assert!(empty.contains(">3A</label>"));
    // Only admins plan for the whole school or a role.
    assert!(!empty.contains(r#"value="school""#));
    assert!(!empty.contains(r#"value="role:pupil""#));
    assert!(empty.contains(r#"value="2026-09-01""#), "today's date");
    assert!(empty.contains(r#"name="skip_free_days" value="on" checked"#));
    assert!(empty.contains("Europe/Brussels"));

    let response = school
        .app
        .send(form(
            "/calendar/plan",
            Some(&an),
            &fields(&zwemmen(&school)),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/calendar?month=2026-09");

    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let september = html(&school.app, "/calendar?month=2026-09", &lotte).await;
    assert!(september.contains("Zwemmen"));
    assert!(september.contains("13:30–15:00"));
    for day in ["2026-09-08", "2026-09-15", "2026-09-29"] {
        assert!(september.contains(&format!(r#"id="day-{day}""#)), "{day}");
    }
    assert!(
        !september.contains(r#"id="day-2026-09-22""#),
        "an exception"
    );
    let october = html(&school.app, "/calendar?month=2026-10", &lotte).await;
    assert!(october.contains(r#"id="day-2026-10-27""#));
    let november = html(&school.app, "/calendar?month=2026-11", &lotte).await;
    // The table of November starts on Monday 26 October; its list holds no swimming.
    let agenda = &november[november.find(r#"id="agenda""#).unwrap()..];
    assert!(!agenda.contains("Zwemmen"));
}

#[tokio::test]
async fn whole_days_are_planned_without_hours() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let form_page = html(&school.app, "/calendar/plan", &admin).await;
    assert!(form_page.contains(r#"value="school""#));
    assert!(form_page.contains(r#"value="role:teacher""#));
    let response = school
        .app
        .send(form(
            "/calendar/plan",
            Some(&admin),
            &[
                ("title", "Sportdagen"),
                ("date", "2026-10-14"),
                ("all_day", "on"),
                ("last_date", "2026-10-15"),
                ("audience", "school"),
                ("skip_free_days", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/calendar?month=2026-10");
    let noor = school.app.log_in("noor", PASSWORD).await;
    let october = html(&school.app, "/calendar?month=2026-10", &noor).await;
    assert!(october.contains("Sportdagen"));
    assert!(october.contains("hele dag, tot en met 15 oktober 2026"));
}

#[tokio::test]
async fn a_refused_form_comes_back_as_typed_with_every_reason() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/calendar/plan",
            Some(&an),
            &[
                ("title", "   "),
                ("description", "Meebrengen: <lunchpakket>"),
                ("location", "Brugge"),
                ("date", "2026-09-10"),
                ("start_time", "16:00"),
                ("end_time", "08:15"),
                ("repeat", "2"),
                ("repeat_until", "2026-12-17"),
                ("repeat_except", "2026-10-08, 8 oktober"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    // What was typed, escaped.
    assert!(
        html.contains("Meebrengen: &#60;lunchpakket&#62;")
            || html.contains("Meebrengen: &lt;lunchpakket&gt;")
    );
    assert!(html.contains(r#"value="Brugge""#));
    assert!(html.contains(r#"value="16:00""#));
    assert!(html.contains(r#"value="08:15""#));
    assert!(html.contains(r#"value="2026-12-17""#));
    assert!(html.contains(r#"<option value="2" selected>"#));
    // Every reason, in the summary and beside its field.
    assert!(html.contains(r#"class="error-summary""#));
    for (field, reason) in [
        ("title", "Geef de activiteit een titel."),
        ("end_time", "Het einde ligt niet na het begin."),
        ("audience", "Kies voor wie de activiteit is."),
        (
            "repeat_except",
            "Vul datums in de vorm JJJJ-MM-DD in, gescheiden door komma&#39;s.",
        ),
    ] {
        let reason_html = reason.replace("&#39;", "&#x27;");
        let shown = html.contains(reason) || html.contains(&reason_html);
        assert!(shown, "{field}: {reason}");
        assert!(
            html.contains(&format!(r##"<a href="#{field}">"##)),
            "{field}"
        );
        assert!(html.contains(&format!(r#"id="{field}-error""#)), "{field}");
    }
}

#[tokio::test]
async fn an_hour_the_clocks_skip_is_refused_on_its_field() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let class = format!("group:{}", school.class_3a);
    let response = school
        .app
        .send(form(
            "/calendar/plan",
            Some(&an),
            &[
                ("title", ""),
                ("date", "2027-03-28"),
                ("start_time", "02:30"),
                ("end_time", "04:00"),
                ("audience", &class),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains(r#"id="start_time-error""#));
    assert!(html.contains("Dit uur bestaat niet op die dag"));
    // The domain's reasons come with the page's own.
    assert!(html.contains("Geef de activiteit een titel."));
    assert!(html.contains(r#"value="02:30""#));
    assert!(html.contains(&format!(r#"value="{class}" checked"#)));
}

#[tokio::test]
async fn a_teacher_plans_only_for_a_class_they_are_in() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let mut other = zwemmen(&school);
    other[6].1 = format!("group:{}", school.class_3b);
    let response = school
        .app
        .send(form("/calendar/plan", Some(&an), &fields(&other)))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("U plant alleen voor de klassen en groepen waarin u zit."));
    assert!(html.contains(&format!(r#"value="group:{}" checked"#, school.class_3b)));
}

#[tokio::test]
async fn the_planner_changes_and_cancels_and_another_teacher_gets_the_404_page() {
    let school = school().await;
    let id = uitstap(&school).await;
    let edit = format!("/calendar/activities/{id}/edit");
    let cancel = format!("/calendar/activities/{id}/cancel");
    let changed = [
        ("title", "Uitstap naar Gent"),
        ("location", "Gent"),
        ("date", "2026-10-01"),
        ("start_time", "08:30"),
        ("end_time", "15:30"),
        ("audience", &*format!("group:{}", school.class_3a)),
    ];

    let piet = school.app.log_in("piet", PASSWORD).await;
    for response in [
        school.app.send(page(&edit, Some(&piet))).await,
        school.app.send(form(&edit, Some(&piet), &changed)).await,
        school.app.send(form(&cancel, Some(&piet), &[])).await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let form_page = html(&school.app, &edit, &an).await;
    assert!(form_page.contains(r#"value="Uitstap naar Brugge""#));
    assert!(form_page.contains(r#"value="2026-09-10""#));
    assert!(form_page.contains(r#"value="08:15""#));
    assert!(form_page.contains(r#"value="16:00""#));
    assert!(form_page.contains(&format!(r#"value="group:{}" checked"#, school.class_3a)));
    assert!(form_page.contains(&format!(r#"action="{cancel}""#)));

    let response = school.app.send(form(&edit, Some(&an), &changed)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/calendar?month=2026-10");
    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let october = html(&school.app, "/calendar?month=2026-10", &lotte).await;
    assert!(october.contains("Uitstap naar Gent"));
    assert!(october.contains("08:30–15:30"));
    let september = html(&school.app, "/calendar?month=2026-09", &lotte).await;
    assert!(!september.contains("Uitstap naar Brugge"));

    let response = school.app.send(form(&cancel, Some(&an), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/calendar?month=2026-10&cancelled=1");
    let october = html(&school.app, "/calendar?month=2026-10", &lotte).await;
    assert!(!october.contains("Uitstap"));
    let notice = html(&school.app, "/calendar?month=2026-10&cancelled=1", &an).await;
    assert!(notice.contains("De activiteit is geschrapt."));
    let response = school.app.send(page(&edit, Some(&an))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_form_is_in_english_for_an_english_browser() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let response = school
        .app
        .send(page_in("/calendar/plan", Some(&an), ENGLISH))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = body_text(response).await;
    assert!(html.contains("<h1>Plan an activity</h1>"));
    assert!(html.contains("Whole day(s), without a time"));
    assert!(html.contains("Every two weeks"));
}
