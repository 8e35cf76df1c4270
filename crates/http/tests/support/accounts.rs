//! Accounts for the tests, with the password [`PASSWORD`], made in one of two ways: through
//! the domain (`TestApp::main_account`, `TestApp::co_account`: the pages tests, which need
//! the ids and do not test the admin API) or through the admin API itself (`main_account`,
//! `co_account`: the API tests, which then hold a signed-in [`Person`]); and signing in.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use schoolbrug_accounts::{NewAccount, NewCoAccount, NewSchool, ResetPassword, SignIn};
use schoolbrug_kernel::{AccountId, Actor};
use serde_json::{Value, json};

use super::{TestApp, body_json, empty_request, json_request};

/// A strong password every seeded account gets.
pub const PASSWORD: &str = "paarse olifant danst op het dak";

impl TestApp {
    /// Creates a school and sets its admin's password to [`PASSWORD`].
    pub async fn create_school(&self, slug: &str, admin: &str) {
        let created = self
            .accounts
            .create_school(NewSchool {
                slug: slug.into(),
                name: format!("School {slug}"),
                time_zone: None,
                admin_username: admin.into(),
                admin_first_name: Some("Greet".into()),
                admin_last_name: Some("Beheer".into()),
            })
            .await
            .unwrap();
        self.set_password_with_code(slug, admin, created.code.expose())
            .await;
    }

    pub async fn set_password_with_code(&self, school: &str, username: &str, code: &str) {
        self.accounts
            .reset_password(ResetPassword {
                school: Some(school.into()),
                username: username.into(),
                code: code.into(),
                new: PASSWORD.into(),
                repeat: PASSWORD.into(),
                client: None,
            })
            .await
            .unwrap();
    }

    /// An account of `sint-jan` (password [`PASSWORD`]) as the domain's actor.
    pub async fn actor(&self, username: &str) -> Actor {
        let signed_in = self
            .accounts
            .sign_in(SignIn {
                school: Some("sint-jan".into()),
                username: username.into(),
                password: PASSWORD.into(),
                client: None,
            })
            .await
            .unwrap();
        self.accounts.authenticate(&signed_in.token).await.unwrap()
    }

    /// A main account of `sint-jan` with one role, whose password is [`PASSWORD`].
    pub async fn main_account(
        &self,
        role: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .create_account(
                &admin,
                NewAccount {
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    roles: vec![role.into()],
                    ..NewAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// A co-account (slot 1) of `pupil`, whose password is [`PASSWORD`].
    pub async fn co_account(
        &self,
        pupil: AccountId,
        relation: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .add_co_account(
                &admin,
                pupil,
                NewCoAccount {
                    slot: 1,
                    relation: relation.into(),
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    ..NewCoAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// Sets [`PASSWORD`] for a new account, through a reset code as its owner would.
    async fn give_password(&self, admin: &Actor, account: AccountId, username: &str) {
        let (code, _) = self
            .accounts
            .issue_reset_code(admin, account)
            .await
            .unwrap();
        self.set_password_with_code("sint-jan", username, code.expose())
            .await;
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn sign_in(&self, school: &str, username: &str, password: &str) -> String {
        let response = self
            .send(json_request(
                "POST",
                "/api/v1/session",
                None,
                &json!({ "school": school, "username": username, "password": password }),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        body_json(response).await["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// An account made through the API, signed in.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub token: String,
}

impl Person {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Signs the admin of `sint-jan` in through the API; returns the bearer token.
pub async fn admin(app: &TestApp) -> String {
    app.sign_in("sint-jan", "beheerder", PASSWORD).await
}

/// `POST /api/v1/session`; returns the status only.
pub async fn sign_in_status(
    app: &TestApp,
    school: &str,
    username: &str,
    password: &str,
) -> StatusCode {
    app.send(json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": school, "username": username, "password": password }),
    ))
    .await
    .status()
}

/// `GET /api/v1/me` with a bearer token; returns the status.
pub async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    app.send(empty_request("GET", "/api/v1/me", Some(token)))
        .await
        .status()
}

/// POSTs `body` as `admin`, which must answer 201; returns the answer.
async fn created(app: &TestApp, admin: &str, uri: &str, body: &Value) -> Value {
    let response = app.send(json_request("POST", uri, Some(admin), body)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "POST {uri}");
    body_json(response).await
}

/// Creates a main account Lotte Peeters, born 14 March 2012, through
/// `POST /api/v1/admin/accounts`; returns its JSON.
pub async fn create_account(app: &TestApp, admin: &str, username: &str, roles: &[&str]) -> Value {
    created(
        app,
        admin,
        "/api/v1/admin/accounts",
        &json!({
            "username": username,
            "first_name": "Lotte",
            "last_name": "Peeters",
            "roles": roles,
            "birth_date": "2012-03-14",
        }),
    )
    .await
}

/// Adds a co-account Els Janssens (the mother) through the API; returns its JSON.
pub async fn create_co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: i64,
    username: &str,
) -> Value {
    created(
        app,
        admin,
        &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
        &json!({
            "slot": slot,
            "relation": "mother",
            "username": username,
            "first_name": "Els",
            "last_name": "Janssens",
        }),
    )
    .await
}

/// Issues a one-time code through `POST /api/v1/admin/accounts/{id}/reset-code`.
pub async fn issue_code(app: &TestApp, admin: &str, id: &str) -> String {
    let response = app
        .send(empty_request(
            "POST",
            &format!("/api/v1/admin/accounts/{id}/reset-code"),
            Some(admin),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body_json(response).await["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Sets a password with a code through `POST /api/v1/password-reset`.
pub async fn reset_password(
    app: &TestApp,
    school: &str,
    username: &str,
    code: &str,
    new: &str,
    repeat: &str,
) -> Response<Body> {
    app.send(json_request(
        "POST",
        "/api/v1/password-reset",
        None,
        &json!({
            "school": school,
            "username": username,
            "code": code,
            "new": new,
            "repeat": repeat,
        }),
    ))
    .await
}

/// Gives an account of `school` the password [`PASSWORD`] through the API and signs it
/// in; returns the bearer token.
pub async fn activate(
    app: &TestApp,
    admin: &str,
    school: &str,
    id: &str,
    username: &str,
) -> String {
    let code = issue_code(app, admin, id).await;
    let response = reset_password(app, school, username, &code, PASSWORD, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    app.sign_in(school, username, PASSWORD).await
}

/// A main account of `school` (username: the first name in lower case), created by its
/// `admin` through the API and signed in; a pupil is born on 14 March 2012.
pub async fn main_account(
    app: &TestApp,
    admin: &str,
    school: &str,
    (first, last): (&str, &str),
    roles: &[&str],
) -> Person {
    let username = first.to_lowercase();
    let mut body =
        json!({ "username": username, "first_name": first, "last_name": last, "roles": roles });
    if roles == ["pupil"] {
        body["birth_date"] = json!("2012-03-14");
    }
    let account = created(app, admin, "/api/v1/admin/accounts", &body).await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, school, &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}

/// A co-account (the mother; username: the first name in lower case) of the pupil with
/// id `pupil` of `sint-jan` in `slot`, created by `admin` through the API and signed in.
pub async fn co_account(
    app: &TestApp,
    admin: &str,
    pupil: &str,
    slot: u8,
    (first, last): (&str, &str),
) -> Person {
    let username = first.to_lowercase();
    let account = created(
        app,
        admin,
        &format!("/api/v1/admin/accounts/{pupil}/co-accounts"),
        &json!({ "slot": slot, "relation": "mother", "username": username, "first_name": first, "last_name": last }),
    )
    .await;
    let id = account["id"].as_str().unwrap().to_owned();
    let token = activate(app, admin, "sint-jan", &id, &username).await;
    Person {
        id,
        username,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        token,
    }
}
