//! The class register: choosing a class and a half-day, saving the register and seeing
//! it back, a half-day an absence administrator confirmed, the form's refusals, both
//! languages, the menu, and who gets the 404 page.

use axum::http::StatusCode;

use super::{TODAY, english, html, register, register_uri, school, status_of};
use crate::support::{PASSWORD, body_text, form, form_from, location, page};

#[tokio::test]
async fn a_teacher_saves_the_register_and_sees_the_pupil_absent() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let uri = register_uri(school.class_3a, TODAY, "am");
    let lotte = school.lotte;

    let start = html(&school.app, "/absences/register", &an).await;
    assert!(start.contains("<h1>Afwezigheden registreren</h1>"));
    assert!(start.contains("Vandaag, dinsdag 1 september 2026"));
    assert!(start.contains(&format!(r#"href="{uri}""#)));
    assert!(start.contains("3A"));
    assert!(!start.contains("3B"));
    assert!(start.contains(r#"id="nav-absences""#));
    // A teacher sets no codes.
    assert!(!start.contains(r#"id="codes-link""#));

    let empty = html(&school.app, &uri, &an).await;
    assert!(empty.contains("<h1>Afwezigheden 3A</h1>"));
    assert!(empty.contains("dinsdag 1 september 2026, voormiddag"));
    assert!(empty.contains("Niemand afwezig."));
    assert!(empty.contains("Janssens Lotte"));
    let checkbox = format!(r#"name="absent_{lotte}" value="on""#);
    assert!(empty.contains(&format!("{checkbox}>")));
    assert!(empty.contains(r#"<option value="?" selected>? – onbekend, nog te wettigen</option>"#));
    assert!(empty.contains(r#"<option value="Z">Z – ziekte</option>"#));

    let absent = format!("absent_{lotte}");
    let code = format!("code_{lotte}");
    let remark = format!("remark_{lotte}");
    let response = school
        .app
        .send(form(
            &uri,
            Some(&an),
            &[
                (absent.as_str(), "on"),
                (code.as_str(), "?"),
                (remark.as_str(), "Niet op de bus"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{uri}?saved=1"));

    let saved = html(&school.app, &format!("{uri}?saved=1"), &an).await;
    assert!(saved.contains("De afwezigheden zijn opgeslagen."));
    assert!(saved.contains(&format!("{checkbox} checked>")));
    assert!(saved.contains("1 van 1 afwezig."));
    assert!(saved.contains(r#"value="Niet op de bus""#));
    // The afternoon is another half-day: nobody registered there yet.
    let pm = html(
        &school.app,
        &register_uri(school.class_3a, TODAY, "pm"),
        &an,
    )
    .await;
    assert!(pm.contains(&format!("{checkbox}>")));

    // Saved again without the tick, Lotte is present.
    let response = school.app.send(form(&uri, Some(&an), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let present = html(&school.app, &uri, &an).await;
    assert!(present.contains(&format!("{checkbox}>")));
    assert!(present.contains("Niemand afwezig"));
}

#[tokio::test]
async fn the_register_is_in_english_for_an_english_browser() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let start = english(&school.app, "/absences/register", &an).await;
    assert!(start.contains("<h1>Register absences</h1>"));
    assert!(start.contains("Today, Tuesday 1 September 2026"));
    assert!(start.contains(">Absences</a>"));
    let sheet = english(
        &school.app,
        &register_uri(school.class_3a, TODAY, "pm"),
        &an,
    )
    .await;
    assert!(sheet.contains("<h1>Absences 3A</h1>"));
    assert!(sheet.contains("Tuesday 1 September 2026, afternoon"));
    assert!(sheet.contains("? – unknown, to be justified"));
    assert!(sheet.contains(">Absent</label>"));
}

#[tokio::test]
async fn the_chooser_opens_the_register_of_the_chosen_half_day() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let class = school.class_3a;
    let response = school
        .app
        .send(page(
            &format!("/absences/register?class={class}&date=2026-08-31&half=pm"),
            Some(&an),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), register_uri(class, "2026-08-31", "pm"));

    // Another teacher's class is not offered, and not opened.
    let other = school.class_3b;
    let response = school
        .app
        .send(page(
            &format!("/absences/register?class={other}&date=gisteren&half=pm"),
            Some(&an),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains("Kies een klas uit de lijst."));
    assert!(refused.contains("Dit is geen datum. Gebruik de vorm JJJJ-MM-DD."));
    assert!(refused.contains(r#"value="gisteren""#));
}

#[tokio::test]
async fn a_day_without_school_or_ahead_is_refused_on_the_form() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let absent = format!("absent_{}", school.lotte);

    let saturday = register_uri(school.class_3a, "2026-09-05", "am");
    let response = school
        .app
        .send(form(&saturday, Some(&an), &[(absent.as_str(), "on")]))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains("Er is een probleem"));
    assert!(refused.contains("Deze dag is een weekend of een vrije dag: er is geen school."));
    // The list comes back as posted.
    assert!(refused.contains(&format!(r#"name="{absent}" value="on" checked>"#)));

    let tomorrow = register_uri(school.class_3a, "2026-09-02", "am");
    let response = school
        .app
        .send(form(&tomorrow, Some(&an), &[(absent.as_str(), "on")]))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(response)
            .await
            .contains("Deze dag is nog niet begonnen.")
    );

    // An unknown code lands on the pupil's select.
    let code = format!("code_{}", school.lotte);
    let today = register_uri(school.class_3a, TODAY, "am");
    let response = school
        .app
        .send(form(
            &today,
            Some(&an),
            &[(absent.as_str(), "on"), (code.as_str(), "XYZ")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains(&format!(
        r##"<a href="#{code}">De school kent deze code niet."##
    )));
    assert!(refused.contains(&format!(r#"id="{code}-error""#)));
    let (_, still) = status_of(&school.app, &today, &an).await;
    assert!(still.contains("Niemand afwezig"));
}

#[tokio::test]
async fn a_confirmed_half_day_stays_as_the_administrator_registered_it() {
    let school = school().await;
    register(
        &school,
        "beheerder",
        school.class_3a,
        TODAY,
        "am",
        &[(school.lotte, "Z")],
    )
    .await;
    let uri = register_uri(school.class_3a, TODAY, "am");
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let shown = html(&school.app, &uri, &an).await;
    assert!(shown.contains("bevestigd"));
    assert!(shown.contains("Z – ziekte"));
    assert!(shown.contains("alleen een afwezigheidsbeheerder kan dit wijzigen"));
    assert!(!shown.contains(&format!(r#"name="absent_{}""#, school.lotte)));

    // An saves the register without Lotte: she stays absent with Z.
    let response = school.app.send(form(&uri, Some(&an), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = html(&school.app, &uri, &an).await;
    assert!(after.contains("1 van 1 afwezig."));

    // The administrator still changes it.
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let own = html(&school.app, &uri, &admin).await;
    assert!(own.contains(&format!(
        r#"name="absent_{}" value="on" checked>"#,
        school.lotte
    )));
    assert!(own.contains(r#"<option value="Z" selected>"#));
}

#[tokio::test]
async fn a_teacher_of_another_class_gets_the_404_page() {
    let school = school().await;
    let piet = school.app.log_in("piet", PASSWORD).await;
    let uri = register_uri(school.class_3a, TODAY, "am");
    let (status, text) = status_of(&school.app, &uri, &piet).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text.contains("Pagina niet gevonden"));
    assert!(!text.contains("Janssens"));

    let absent = format!("absent_{}", school.lotte);
    let response = school
        .app
        .send(form(&uri, Some(&piet), &[(absent.as_str(), "on")]))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    assert!(
        html(&school.app, &uri, &an)
            .await
            .contains("Niemand afwezig")
    );

    // Nonsense in the path is the same 404 page.
    for bad in [
        format!("/absences/register/{}/2026-13-01/am", school.class_3a),
        format!("/absences/register/{}/{TODAY}/noon", school.class_3a),
        format!("/absences/register/not-a-class/{TODAY}/am"),
    ] {
        let (status, _) = status_of(&school.app, &bad, &piet).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn pupils_and_parents_register_nothing() {
    let school = school().await;
    for username in ["lotte", "koen"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        let (status, text) = status_of(&school.app, "/absences/register", &cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
        assert!(!text.contains(r#"id="nav-absences""#));
        let uri = register_uri(school.class_3a, TODAY, "am");
        let (status, _) = status_of(&school.app, &uri, &cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
    }
    // A counsellor registers no class, and is told so.
    let hilde = school.app.log_in("hilde", PASSWORD).await;
    let page = html(&school.app, "/absences/register", &hilde).await;
    assert!(page.contains(r#"id="no-classes""#));
    assert!(!page.contains(r#"id="nav-absences""#));
    assert!(page.contains(r#"id="nav-follow-up""#));
}

#[tokio::test]
async fn the_administrator_registers_every_class_and_links_the_codes() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let page = html(&school.app, "/absences/register", &admin).await;
    assert!(page.contains("3A") && page.contains("3B"));
    assert!(page.contains(r#"href="/absences/codes""#));
    assert!(page.contains(r#"id="nav-absences""#));
    assert!(page.contains(r#"id="nav-follow-up""#));
    assert!(!page.contains(r#"id="nav-children""#));
}

#[tokio::test]
async fn the_register_is_not_saved_from_another_site() {
    let school = school().await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let uri = register_uri(school.class_3a, TODAY, "am");
    let absent = format!("absent_{}", school.lotte);
    let response = school
        .app
        .send(form_from(
            &uri,
            Some(&an),
            &[(absent.as_str(), "on")],
            "cross-site",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        html(&school.app, &uri, &an)
            .await
            .contains("Niemand afwezig.")
    );
}
