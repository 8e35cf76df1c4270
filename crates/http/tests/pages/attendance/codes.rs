//! The school's codes and rules: saved and offered in the register, refused field by
//! field, the export link, both languages, and the 404 page for anyone but an absence
//! administrator.

use axum::http::{StatusCode, header};

use super::{TODAY, english, html, register_uri, school, status_of};
use crate::support::{PASSWORD, body_text, form, location, page};

#[tokio::test]
async fn the_administrator_adds_a_code_the_register_then_offers() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let page = html(&school.app, "/absences/codes", &admin).await;
    assert!(page.contains("<h1>Codes en regels</h1>"));
    assert!(page.contains(r#"id="code_0""#));
    assert!(page.contains(
        r#"id="note_max_days" name="note_max_days" type="number" autocomplete="off" value="3""#
    ));
    assert!(page.contains(r#"href="/api/v1/absences/export.csv""#));
    assert!(page.contains(r#"name="from" type="date" autocomplete="off" value="2026-09-01""#));
    assert!(page.contains(r#"name="to" type="date" autocomplete="off" value="2027-08-31""#));

    let response = school
        .app
        .send(form(
            "/absences/codes",
            Some(&admin),
            &[
                ("code_0", "TL"),
                ("label_0", "te laat zonder geldige reden"),
                ("official_0", "B"),
                ("code_1", ""),
                ("label_1", ""),
                ("official_1", ""),
                ("unknown_becomes_b_after_days", "3"),
                ("note_max_days", "3"),
                ("notes_per_year", "4"),
                ("guidance_threshold", "5"),
                ("allowance_threshold", "20"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/absences/codes?saved=1");
    let saved = html(&school.app, "/absences/codes?saved=1", &admin).await;
    assert!(saved.contains("De codes en regels zijn opgeslagen."));
    assert!(saved.contains(r#"value="TL""#));
    assert!(saved.contains(r#"value="20""#));

    let an = school.app.log_in("an.leraar", PASSWORD).await;
    let sheet = html(
        &school.app,
        &register_uri(school.class_3a, TODAY, "am"),
        &an,
    )
    .await;
    assert!(
        sheet.contains(
            r#"<option value="TL">TL – te laat zonder geldige reden (telt als B)</option>"#
        )
    );

    // Removed again by ticking its box.
    let response = school
        .app
        .send(form(
            "/absences/codes",
            Some(&admin),
            &[
                ("code_0", "TL"),
                ("label_0", "te laat zonder geldige reden"),
                ("official_0", "B"),
                ("remove_0", "on"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = html(&school.app, "/absences/codes", &admin).await;
    assert!(!after.contains(r#"value="TL""#));
    // The numbers left out kept their value.
    assert!(after.contains(r#"value="20""#));
}

#[tokio::test]
async fn a_refused_code_or_number_is_shown_beside_its_field() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/absences/codes",
            Some(&admin),
            &[
                ("code_0", ""),
                ("label_0", ""),
                ("official_0", ""),
                ("code_1", "Z"),
                ("label_1", "ziek"),
                ("official_1", "Z"),
                ("code_2", "SP"),
                ("label_2", "spijbelen"),
                ("official_2", ""),
                ("note_max_days", "11"),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = body_text(response).await;
    assert!(refused.contains(r#"id="code_1-error"><p>Dit is een officiële code"#));
    assert!(refused.contains(r#"id="official_2-error"><p>Kies de officiële code"#));
    assert!(refused.contains(r#"id="note_max_days-error"><p>Vul een getal van 1 tot 10 in."#));
    assert!(refused.contains(r#"value="spijbelen""#));

    let response = school
        .app
        .send(form(
            "/absences/codes",
            Some(&admin),
            &[("notes_per_year", "vier")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(response)
            .await
            .contains(r#"id="notes_per_year-error"><p>Vul een geheel getal in."#)
    );
}

#[tokio::test]
async fn the_codes_page_is_in_english_for_an_english_browser() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let page = english(&school.app, "/absences/codes", &admin).await;
    assert!(page.contains("<h1>Codes and rules</h1>"));
    assert!(page.contains("Download this school year"));
    assert!(page.contains("B – problematic: not justified"));
}

#[tokio::test]
async fn the_export_link_downloads_the_csv_with_the_session() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let response = school
        .app
        .send(page("/api/v1/absences/export.csv", Some(&admin)))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
}

#[tokio::test]
async fn only_absence_administrators_get_the_codes_page() {
    let school = school().await;
    for username in ["an.leraar", "hilde", "lotte", "koen"] {
        let cookie = school.app.log_in(username, PASSWORD).await;
        let (status, _) = status_of(&school.app, "/absences/codes", &cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{username}");
        let response = school
            .app
            .send(form(
                "/absences/codes",
                Some(&cookie),
                &[
                    ("code_0", "TL"),
                    ("label_0", "te laat"),
                    ("official_0", "B"),
                ],
            ))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username}");
        let response = school
            .app
            .send(form(
                "/absences/codes",
                Some(&cookie),
                &[("note_max_days", "drie")],
            ))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username}");
    }
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let page = html(&school.app, "/absences/codes", &admin).await;
    assert!(!page.contains(r#"value="TL""#));
}

/// The ids and names of the staff on the absence administrators' form, in order.
fn staff_on(page: &str) -> Vec<(String, String)> {
    page.split(r#"<label for="administrator_"#)
        .skip(1)
        .filter_map(|rest| {
            let (id, rest) = rest.split_once(r#"">"#)?;
            let (name, _) = rest.split_once("</label>")?;
            Some((id.to_owned(), name.to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn the_admin_names_a_teacher_absence_administrator_who_then_manages_the_codes() {
    let school = school().await;
    let admin = school.app.log_in("beheerder", PASSWORD).await;
    let an = school.app.log_in("an.leraar", PASSWORD).await;
    assert_eq!(
        status_of(&school.app, "/absences/codes", &an).await.0,
        StatusCode::NOT_FOUND
    );
    let page = html(&school.app, "/absences/codes", &admin).await;
    assert!(page.contains("Afwezigheidsbeheerders"), "{page}");
    let staff = staff_on(&page);
    assert!(!staff.is_empty(), "{page}");
    let (an_id, _) = staff
        .iter()
        .find(|(_, name)| name.starts_with("An "))
        .unwrap_or_else(|| panic!("An among {staff:?}"))
        .clone();
    // A teacher cannot name anyone: the 404 page.
    let refused = school
        .app
        .send(form(
            "/absences/administrators",
            Some(&an),
            &[("administrator", an_id.as_str())],
        ))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let response = school
        .app
        .send(form(
            "/absences/administrators",
            Some(&admin),
            &[("administrator", an_id.as_str())],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/absences/codes?administrators=1");
    let saved = html(&school.app, "/absences/codes?administrators=1", &admin).await;
    assert!(saved.contains("De afwezigheidsbeheerders zijn opgeslagen."));
    assert!(
        saved.contains(&format!(r#"value="{an_id}" checked"#)),
        "{saved}"
    );
    // Now An manages the codes, but does not name administrators (that stays the admin's).
    let hers = html(&school.app, "/absences/codes", &an).await;
    assert!(hers.contains("<h1>Codes en regels</h1>"));
    assert!(!hers.contains("administrators-form"));
    // Nobody ticked: nobody but the admins.
    let response = school
        .app
        .send(form("/absences/administrators", Some(&admin), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&school.app, "/absences/codes", &an).await.0,
        StatusCode::NOT_FOUND
    );
}
