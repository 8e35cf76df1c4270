//! Erasing accounts, resetting co-accounts and issuing one-time codes.

use axum::http::StatusCode;

use crate::support::{
    PASSWORD, TestApp, admin, body_json, call, co_account, create_account, create_co_account,
    empty_request, main_account, me_status, reset_password, sign_in_status,
};

#[tokio::test]
async fn erasing_a_pupil_answers_204_and_its_co_accounts_can_no_longer_sign_in() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = main_account(
        &app,
        &admin_token,
        "sint-jan",
        ("Lotte", "Peeters"),
        &["pupil"],
    )
    .await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, ("Els", "Janssens")).await;

    let response = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", lotte.id),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&app, &mother.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        me_status(&app, &lotte.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "lotte", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    for id in [&lotte.id, &mother.id] {
        let (status, _) = call(
            &app,
            "GET",
            &format!("/api/v1/admin/accounts/{id}"),
            &admin_token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, audit) = call(
        &app,
        "GET",
        &format!("/api/v1/admin/audit?account={}", mother.id),
        &admin_token,
        None,
    )
    .await;
    assert_eq!(audit["items"][0]["kind"], "account_erased");
}

#[tokio::test]
async fn a_co_account_is_reset_not_erased_and_an_admin_cannot_erase_themselves() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = create_account(&app, &admin_token, "lotte", &["pupil"]).await;
    let co = create_co_account(&app, &admin_token, lotte["id"].as_str().unwrap(), 1, "els").await;
    let me = body_json(
        app.send(empty_request("GET", "/api/v1/me", Some(&admin_token)))
            .await,
    )
    .await;

    let erase_co = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", co["id"].as_str().unwrap()),
            Some(&admin_token),
        ))
        .await;
    let erase_self = app
        .send(empty_request(
            "DELETE",
            &format!("/api/v1/admin/accounts/{}", me["id"].as_str().unwrap()),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(erase_co.status(), StatusCode::NOT_FOUND);
    assert_eq!(erase_self.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(erase_self).await["errors"][0]["code"],
        "own_account"
    );
}

#[tokio::test]
async fn resetting_a_co_account_answers_201_with_a_code_that_sets_it_up_again() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = main_account(
        &app,
        &admin_token,
        "sint-jan",
        ("Lotte", "Peeters"),
        &["pupil"],
    )
    .await;
    let mother = co_account(&app, &admin_token, &lotte.id, 1, ("Els", "Janssens")).await;

    let response = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/co-accounts/{}/reset", mother.id),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let issued = body_json(response).await;
    assert_eq!(issued["expires_at"], "2026-09-08T08:00:00Z");
    let code = issued["code"].as_str().unwrap();
    assert_eq!(
        me_status(&app, &mother.token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    let again = reset_password(&app, "sint-jan", "els", code, PASSWORD, PASSWORD).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        sign_in_status(&app, "sint-jan", "els", PASSWORD).await,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn resetting_a_main_account_as_co_account_answers_404() {
    let app = TestApp::new().await;
    let admin_token = admin(&app).await;
    let lotte = create_account(&app, &admin_token, "lotte", &["pupil"]).await;

    let response = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/co-accounts/{}/reset",
                lotte["id"].as_str().unwrap()
            ),
            Some(&admin_token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_reset_code_answers_201_with_the_code_and_its_expiry() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let jonas = create_account(&app, &token, "jonas", &["teacher"]).await;

    let response = app
        .send(empty_request(
            "POST",
            &format!(
                "/api/v1/admin/accounts/{}/reset-code",
                jonas["id"].as_str().unwrap()
            ),
            Some(&token),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let issued = body_json(response).await;
    assert_eq!(issued["code"].as_str().unwrap().len(), 19);
    assert_eq!(issued["expires_at"], "2026-09-08T08:00:00Z");
}
