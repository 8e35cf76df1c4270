//! Linking one's co-accounts on the pages: Koen (Lotte's father) and Eva (Noor's mother)
//! of the absences' school are taken for one parent with an account per child. Linking
//! with the other account's password shows both children in "Mijn kinderen"; a wrong
//! password reads as a failed sign-in and links nothing; too many answer 429; unlinking
//! takes the child away again; a main account gets the 404 page; a cross-site post is
//! refused.

use axum::http::{StatusCode, header};

use crate::attendance::{english, html, school, status_of};
use crate::support::{PASSWORD, body_text, form, form_from, location};

/// Koen's form post linking `username` with `password`.
fn link_form<'a>(username: &'a str, password: &'a str) -> [(&'static str, &'a str); 2] {
    [("username", username), ("password", password)]
}

#[tokio::test]
async fn the_links_page_is_in_dutch_and_in_english_and_linked_from_the_parents_pages() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = html(&school.app, "/account/links", &koen).await;
    assert!(page.contains("<h1>Accounts van uw kinderen koppelen</h1>"));
    assert!(page.contains("Koppel de account van uw ander kind"));
    assert!(page.contains(r#"id="no-links""#));
    assert!(page.contains(r#"action="/account/links""#));
    assert!(page.contains(r#"name="username""#));
    assert!(page.contains(r#"name="password""#));
    // The code field only shows when the other account turns out to have a second factor.
    assert!(!page.contains(r#"name="totp""#));

    let page = english(&school.app, "/account/links", &koen).await;
    assert!(page.contains("<h1>Link your children"));
    assert!(page.contains("Link the account of your other child"));
    assert!(page.contains("No other account is linked to yours yet."));

    for uri in ["/", "/children"] {
        let page = html(&school.app, uri, &koen).await;
        assert!(
            page.contains(r#"<a href="/account/links" id="co-account-links-link">Accounts van uw andere kinderen koppelen</a>"#),
            "{uri}"
        );
    }
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let start = html(&school.app, "/", &teacher).await;
    assert!(!start.contains("/account/links"));
}

#[tokio::test]
async fn a_father_links_the_second_co_account_and_sees_both_children() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let before = html(&school.app, "/children", &koen).await;
    assert!(before.contains("Lotte Janssens"));
    assert!(!before.contains("Noor Maes"));

    let response = school
        .app
        .send(form(
            "/account/links",
            Some(&koen),
            &link_form(" eva ", PASSWORD),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/account/links?linked=1");
    let page = html(&school.app, "/account/links?linked=1", &koen).await;
    assert!(page.contains("De accounts zijn gekoppeld."));
    let eva = school.app.actor("eva").await.account;
    let row = page
        .split(&format!(r#"<tr id="link-{eva}">"#))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row for Eva: {page}"));
    assert!(
        row.contains("Eva Maes") && row.contains("Noor Maes"),
        "{row}"
    );
    assert!(page.contains(&format!(r#"action="/account/links/{eva}/unlink""#)));
    assert!(page.contains("Ontkoppelen"));

    let children = html(&school.app, "/children", &koen).await;
    assert!(children.contains("Lotte Janssens"));
    assert!(children.contains("Noor Maes"));
}

#[tokio::test]
async fn a_wrong_password_shows_the_sign_in_error_and_links_nothing() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    for username in ["eva", "niemand"] {
        let response = school
            .app
            .send(form(
                "/account/links",
                Some(&koen),
                &link_form(username, "fout fout fout"),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = body_text(response).await;
        assert!(page.contains("De gebruikersnaam of het wachtwoord is onjuist."));
        // The username is filled in again; the password never is.
        assert!(page.contains(&format!(r#"value="{username}""#)));
        assert!(!page.contains("fout fout fout"));
        assert!(page.contains(r#"id="no-links""#));
    }
    let children = html(&school.app, "/children", &koen).await;
    assert!(!children.contains("Noor"));
}

#[tokio::test]
async fn too_many_wrong_passwords_answer_429_with_the_wait_time() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let mut last = None;
    for _ in 0..8 {
        last = Some(
            school
                .app
                .send(form(
                    "/account/links",
                    Some(&koen),
                    &link_form("eva", "fout fout fout"),
                ))
                .await,
        );
    }
    let response = last.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let page = body_text(response).await;
    assert!(page.contains("Probeer het opnieuw over"), "{page}");
    // The form stays, for later.
    assert!(page.contains(r#"id="link-submit""#));
}

#[tokio::test]
async fn a_main_account_gets_the_404_page() {
    let school = school().await;
    let teacher = school.app.log_in("an.leraar", PASSWORD).await;
    let (status, page) = status_of(&school.app, "/account/links", &teacher).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Koppel de account"));
    let response = school
        .app
        .send(form(
            "/account/links",
            Some(&teacher),
            &link_form("eva", PASSWORD),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let eva = school.app.log_in("eva", PASSWORD).await;
    let links = html(&school.app, "/account/links", &eva).await;
    assert!(links.contains(r#"id="no-links""#));
}

#[tokio::test]
async fn unlinking_takes_the_other_child_away_again() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let response = school
        .app
        .send(form(
            "/account/links",
            Some(&koen),
            &link_form("eva", PASSWORD),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let eva = school.app.actor("eva").await.account;
    let unlink = format!("/account/links/{eva}/unlink");

    let response = school.app.send(form(&unlink, Some(&koen), &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/account/links?unlinked=1");
    let page = html(&school.app, "/account/links?unlinked=1", &koen).await;
    assert!(page.contains("De koppeling is verwijderd."));
    assert!(page.contains(r#"id="no-links""#));
    let children = html(&school.app, "/children", &koen).await;
    assert!(children.contains("Lotte Janssens"));
    assert!(!children.contains("Noor"));

    // Not linked any more, or not an id at all: the 404 page.
    let response = school.app.send(form(&unlink, Some(&koen), &[])).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = school
        .app
        .send(form("/account/links/geen-id/unlink", Some(&koen), &[]))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let school = school().await;
    let koen = school.app.log_in("koen", PASSWORD).await;
    let response = school
        .app
        .send(form_from(
            "/account/links",
            Some(&koen),
            &link_form("eva", PASSWORD),
            "cross-site",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let page = html(&school.app, "/account/links", &koen).await;
    assert!(page.contains(r#"id="no-links""#));

    // Nor is a link removed from another site.
    let response = school
        .app
        .send(form(
            "/account/links",
            Some(&koen),
            &link_form("eva", PASSWORD),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let eva = school.app.actor("eva").await.account;
    let response = school
        .app
        .send(form_from(
            &format!("/account/links/{eva}/unlink"),
            Some(&koen),
            &[],
            "cross-site",
        ))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let children = html(&school.app, "/children", &koen).await;
    assert!(children.contains("Noor Maes"));
}
