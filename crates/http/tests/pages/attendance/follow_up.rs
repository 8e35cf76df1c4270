//! The follow-up list for counsellors and absence administrators, with the allowance
//! marker; a pupil's year for staff; both languages, and the 404 page for the others.

use axum::http::StatusCode;

use super::{TODAY, english, html, register, school, status_of};
use crate::support::{PASSWORD, form};

/// Noor is registered `B` on the mornings and afternoons of 1, 2 and 3 September (the
/// administrator registers ahead): six problematic half-days.
async fn six_problematic_half_days(school: &super::School) {
    for date in [TODAY, "2026-09-02", "2026-09-03"] {
        for half in ["am", "pm"] {
            register(
                school,
                "beheerder",
                school.class_3b,
                date,
                half,
                &[(school.noor, "B")],
            )
            .await;
        }
    }
}

#[tokio::test]
async fn the_counsellor_sees_the_pupils_past_the_threshold() {
    let school = school().await;
    let hilde = school.app.log_in("hilde", PASSWORD).await;
    let empty = html(&school.app, "/absences/follow-up", &hilde).await;
    assert!(empty.contains("<h1>Opvolging</h1>"));
    assert!(empty.contains(r#"id="follow-up-empty""#));
    assert!(empty.contains("minstens 5 problematische halve dagen"));
    assert!(empty.contains(r#"id="nav-follow-up""#));

    six_problematic_half_days(&school).await;
    let page = html(&school.app, "/absences/follow-up", &hilde).await;
    let noor = school.noor;
    assert!(page.contains(&format!(r#"<tr id="follow-up-{noor}">"#)));
    assert!(page.contains(&format!(
        r#"<a href="/absences/pupils/{noor}">Noor Maes</a>"#
    )));
    assert!(page.contains("<td>3B</td>"));
    assert!(page.contains("<td>6</td>"));
    assert!(page.contains("<td>1 september 2026</td>"));
    assert!(page.contains("<li>3 september, nm</li>"));
    assert!(!page.contains("at-risk"));
    assert!(!page.contains("Lotte"));

    // With the allowance threshold at 6, Noor's allowance is at risk.
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/absences/codes",
            Some(&admin),
            &[("allowance_threshold", "6")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = html(&school.app, "/absences/follow-up", &admin).await;
    assert!(page.contains(r#"<span class="badge urgent at-risk">schooltoelage in gevaar</span>"#));
    assert!(page.contains("vanaf 6 komt de schooltoelage in gevaar"));

    let english = english(&school.app, "/absences/follow-up", &hilde).await;
    assert!(english.contains("<h1>Follow-up</h1>"));
    assert!(english.contains("school allowance at risk"));
    assert!(english.contains("<li>3 September, pm</li>"));
}

#[tokio::test]
async fn the_follow_up_list_is_404_for_a_teacher_a_pupil_and_a_parent() {
    let school = school().await;
    six_problematic_half_days(&school).await;
    for username in ["piet", "an.leraar", "noor", "eva"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        let (status, text) = status_of(&school.app, "/absences/follow-up", &cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
        assert!(text.contains("Pagina niet gevonden"));
        assert!(!text.contains(r#"id="nav-follow-up""#));
    }
}

#[tokio::test]
async fn staff_open_a_pupils_year() {
    let school = school().await;
    six_problematic_half_days(&school).await;
    let uri = format!("/absences/pupils/{}", school.noor);

    let hilde = school.app.log_in("hilde", PASSWORD).await;
    let page = html(&school.app, &uri, &hilde).await;
    assert!(page.contains("<h1>Afwezigheden van de leerling</h1>"));
    assert!(page.contains("Noor Maes"));
    assert!(page.contains("6 halve dagen afwezig dit schooljaar."));
    assert!(
        page.contains(
            "<td><strong>B</strong></td><td>problematisch: niet gewettigd</td><td>6</td>"
        )
    );
    // Staff hand in no notes.
    assert!(!page.contains("/note\""));

    let english = english(&school.app, &uri, &hilde).await;
    assert!(
        english.contains("<h1>The pupil&#39;s absences</h1>")
            || english.contains("<h1>The pupil&#x27;s absences</h1>")
    );
    assert!(english.contains("6 half-days absent this school year."));

    // Noor's teacher reads it; a teacher of another class does not.
    let piet = school.app.log_in("piet", PASSWORD).await;
    assert!(html(&school.app, &uri, &piet).await.contains("Noor Maes"));
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let (status, _) = status_of(&school.app, &uri, &an).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The pupil reads its own.
    let noor = school.app.log_in("noor", PASSWORD).await;
    assert!(html(&school.app, &uri, &noor).await.contains("Noor Maes"));
    let (status, _) = status_of(&school.app, "/absences/pupils/nonsense", &noor).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
