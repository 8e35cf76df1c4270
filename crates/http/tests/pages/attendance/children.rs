//! "Mijn kinderen": a parent's overview of its child's year, the parents' note handed in
//! and refused, both languages, and a parent never reaching another pupil.

use axum::http::StatusCode;

use super::{TODAY, english, html, register, school, status_of};
use crate::support::{PASSWORD, body_text, form, location};

#[tokio::test]
async fn a_parent_sees_its_childs_year_with_the_codes_and_totals() {
    let school = school().await;
    register(
        &school,
        "an.leraar",
        school.class_3a,
        TODAY,
        "am",
        &[(school.lotte, "?")],
    )
    .await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = html(&school.app, "/children", &koen).await;
    assert!(page.contains("<h1>Mijn kinderen</h1>"));
    assert!(page.contains(r#"id="nav-children""#));
    assert!(!page.contains(r#"id="nav-absences""#));
    assert!(page.contains("Lotte Janssens"));
    assert!(page.contains("klas 3A"));
    assert!(page.contains("Schooljaar 2026–2027"));
    assert!(page.contains("1 halve dag afwezig dit schooljaar."));
    // A row per month, September to August, the half-day in its month.
    let lotte = school.lotte;
    assert!(page.contains(&format!(r#"<tr id="pupil-{lotte}-month-2026-09">"#)));
    assert!(page.contains(&format!(r#"<tr id="pupil-{lotte}-month-2027-08">"#)));
    assert!(page.contains("augustus 2027"));
    assert!(page.contains("dinsdag 1 september 2026, voormiddag:"));
    assert!(page.contains(r#"<abbr class="code" title="onbekend, nog te wettigen">?</abbr>"#));
    assert!(page.contains("Nog 4 briefjes over dit schooljaar."));
    assert!(page.contains(&format!(r#"href="/children/{lotte}/note""#)));
}

#[tokio::test]
async fn my_children_is_in_english_for_an_english_browser() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = english(&school.app, "/children", &koen).await;
    assert!(page.contains("<h1>My children</h1>"));
    assert!(page.contains("No absences this school year."));
    assert!(page.contains("School year 2026–2027"));
    assert!(page.contains("September 2026"));
    assert!(page.contains("4 notes left this school year."));
    let note = english(
        &school.app,
        &format!("/children/{}/note", school.lotte),
        &koen,
    )
    .await;
    assert!(
        note.contains("<h1>Parents&#39; note</h1>") || note.contains("<h1>Parents&#x27; note</h1>")
    );
    assert!(note.contains("For Lotte Janssens"));
    assert!(note.contains("at most 3 consecutive calendar days, 4 times a school year"));
}

#[tokio::test]
async fn a_parent_hands_in_a_note_and_the_half_day_becomes_illness() {
    let school = school().await;
    register(
        &school,
        "an.leraar",
        school.class_3a,
        TODAY,
        "am",
        &[(school.lotte, "?")],
    )
    .await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let uri = format!("/children/{}/note", school.lotte);
    let form_page = html(&school.app, &uri, &koen).await;
    assert!(form_page.contains("<h1>Briefje van de ouders</h1>"));
    assert!(form_page.contains("Voor Lotte Janssens"));
    assert!(form_page.contains(&format!(
        r#"id="from" name="from" type="date" autocomplete="off" value="{TODAY}""#
    )));
    assert!(form_page.contains("hoogstens 3 opeenvolgende kalenderdagen, 4 keer per schooljaar"));

    let response = school
        .app
        .send(form(
            &uri,
            Some(&koen),
            &[("from", TODAY), ("to", TODAY), ("text", "Koorts")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/children?note=1");
    let page = html(&school.app, "/children?note=1", &koen).await;
    assert!(page.contains("Het briefje is ingediend."));
    assert!(page.contains("1 september 2026"));
    assert!(page.contains("Koorts"));
    assert!(page.contains("Nog 3 briefjes over dit schooljaar."));
    assert!(page.contains(r#"<abbr class="code" title="ziekte">Z</abbr>"#));
    assert!(page.contains(r#"<span class="badge note">briefje</span>"#));
}

#[tokio::test]
async fn a_refused_note_shows_the_reason_beside_its_field() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let uri = format!("/children/{}/note", school.lotte);

    // Four days: a medical certificate is needed.
    let response = school
        .app
        .send(form(
            &uri,
            Some(&koen),
            &[("from", TODAY), ("to", "2026-09-04"), ("text", "Griep")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains(r#"<div class="error-message" id="to-error"><p>Een briefje van de ouders geldt voor hoogstens 3 opeenvolgende kalenderdagen. Voor een langere ziekte is een medisch attest nodig"#));
    assert!(refused.contains(r##"<a href="#to">"##));
    assert!(refused.contains("Griep"));
    assert!(refused.contains(r#"value="2026-09-04""#));

    // Not a date.
    let response = school
        .app
        .send(form(&uri, Some(&koen), &[("from", "maandag"), ("to", "")]))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains(r#"id="from-error"><p>Dit is geen datum."#));
    assert!(refused.contains(r#"id="to-error"><p>Vul de datum in"#));

    // Four notes a year; the fifth needs a medical certificate.
    for day in ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"] {
        let response = school
            .app
            .send(form(&uri, Some(&koen), &[("from", day), ("to", day)]))
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{day}");
    }
    let response = school
        .app
        .send(form(
            &uri,
            Some(&koen),
            &[("from", "2026-09-07"), ("to", "2026-09-07")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains(r#"id="from-error"><p>U diende dit schooljaar al 4 briefjes in. Nu is een medisch attest nodig"#));
    assert!(refused.contains("Er zijn geen briefjes meer over dit schooljaar"));

    // A day a note covers already.
    let response = school
        .app
        .send(form(&uri, Some(&koen), &[("from", TODAY), ("to", TODAY)]))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = html(&school.app, "/children", &koen).await;
    assert!(!page.contains(&format!(r#"href="{uri}""#)));
}

#[tokio::test]
async fn a_parent_never_sees_another_pupil() {
    let school = school().await;
    register(
        &school,
        "piet",
        school.class_3b,
        TODAY,
        "am",
        &[(school.noor, "B")],
    )
    .await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = html(&school.app, "/children", &koen).await;
    assert!(!page.contains("Noor"));
    assert!(!page.contains(&school.noor.to_string()));

    let noor = school.noor;
    for uri in [
        format!("/children/{noor}/note"),
        format!("/absences/pupils/{noor}"),
    ] {
        let (status, text) = status_of(&school.app, &uri, &koen).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!text.contains("Noor"));
    }
    let response = school
        .app
        .send(form(
            &format!("/children/{noor}/note"),
            Some(&koen),
            &[("from", TODAY), ("to", TODAY)],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Noor's half-day is still problematic: no note reached it.
    let eva = school.app.log_in("eva", PASSWORD).await;
    let hers = html(&school.app, "/children", &eva).await;
    assert!(hers.contains("Noor Maes"));
    assert!(hers.contains(r#"<abbr class="code" title="problematisch: niet gewettigd">B</abbr>"#));
    assert!(!hers.contains("Lotte"));

    // Its own child's year is reachable on the staff's address too; nobody else's.
    let (status, _) = status_of(
        &school.app,
        &format!("/absences/pupils/{}", school.lotte),
        &koen,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn my_children_is_for_parents_only() {
    let school = school().await;
    for username in ["lotte", "an.leraar", "beheerder"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        let (status, text) = status_of(&school.app, "/children", &cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
        assert!(!text.contains(r#"id="nav-children""#));
        let (status, _) = status_of(
            &school.app,
            &format!("/children/{}/note", school.lotte),
            &cookie,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
    }
}
