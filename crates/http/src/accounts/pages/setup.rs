//! The first-run setup page: while no school exists, the one-time code printed by `serve`
//! opens `/setup?code=…`, where the first school and its administrator are created and
//! the administrator is signed in. A closed or expired gate, a wrong code, or a school
//! that exists already shows the 404 page.

use std::sync::{Mutex, PoisonError};

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono_tz::Tz;
use schoolbrug_accounts::model::{PersonName, SchoolName, SchoolSlug, Username};
use schoolbrug_accounts::password::{PasswordContext, PasswordPolicy};
use schoolbrug_accounts::{AccountsError, NewSchool, ResetPassword, SignIn};
use schoolbrug_kernel::FieldError;
use serde::Deserialize;

use crate::accounts::pages::account::signed_in_cookies;
use crate::core::auth::ClientAddr;
use crate::core::i18n::{Lang, Texts};
use crate::core::state::{AppState, SetupGate};
use crate::core::view::{Chrome, FormErrors, failure, not_found, render, see_other};

/// The time zone the form proposes.
const DEFAULT_TIME_ZONE: &str = "Europe/Brussels";

#[derive(Template)]
#[template(path = "setup.html", whitespace = "minimize")]
struct SetupPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    code: String,
    form: SetupForm,
    hint: String,
}

/// `?code=` as printed by `serve`.
#[derive(Debug, Default, Deserialize)]
pub struct SetupQuery {
    #[serde(default)]
    code: String,
}

/// The setup form (no `Debug`: it holds the code and a password).
#[derive(Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    admin_username: String,
    #[serde(default)]
    admin_first_name: String,
    #[serde(default)]
    admin_last_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

/// Whether `code` opens the gate now: the right code, not expired, and no school in the
/// store (asked on every use: `schoolbrug school create` may have made one since the
/// link was printed; then the gate closes for good). A store that cannot answer keeps it
/// shut.
async fn gate_opens(state: &AppState, code: &str) -> bool {
    let gate: &SetupGate = &state.setup;
    if code.trim().is_empty() || !gate.accepts(code.trim()) {
        return false;
    }
    match state.accounts.schools().await {
        Ok(schools) if schools.is_empty() => true,
        Ok(_) => {
            gate.close();
            false
        }
        Err(_) => false,
    }
}

fn setup_page(lang: Lang, status: StatusCode, errors: FormErrors, mut form: SetupForm) -> Response {
    let t = lang.texts();
    let errors = errors.in_order(&[
        "name",
        "slug",
        "time_zone",
        "admin_username",
        "admin_first_name",
        "admin_last_name",
        "password",
        "repeat",
    ]);
    let code = std::mem::take(&mut form.code);
    form.password.clear();
    form.repeat.clear();
    render(
        lang,
        status,
        &SetupPage {
            t,
            page: Chrome::anonymous(lang, t.setup_title),
            errors,
            code,
            form,
            hint: lang.password_hint(PasswordPolicy::DEFAULT_MIN_LENGTH),
        },
    )
}

/// `GET /setup?code=…`
pub async fn setup_form(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<SetupQuery>,
) -> Response {
    if !gate_opens(&state, &query.code).await {
        return not_found(lang, None);
    }
    let form = SetupForm {
        code: query.code.trim().to_owned(),
        time_zone: DEFAULT_TIME_ZONE.to_owned(),
        ..SetupForm::default()
    };
    setup_page(lang, StatusCode::OK, FormErrors::none(), form)
}

/// Checks every field the way the domain will, and the password against the policy,
/// before anything is created: a refused form creates nothing.
fn check(lang: Lang, form: &SetupForm) -> FormErrors {
    let mut errors = FormErrors::none();
    let mut field = |target: &str, refused: Option<&FieldError>| {
        if let Some(e) = refused {
            errors.add(
                target,
                lang.field_message(target, &e.code, PasswordPolicy::DEFAULT_MIN_LENGTH),
            );
        }
    };
    let name = SchoolName::parse(&form.name);
    field("name", name.as_ref().err());
    field("slug", SchoolSlug::parse(&form.slug).as_ref().err());
    let zone = form.time_zone.trim();
    if !zone.is_empty() && zone.parse::<Tz>().is_err() {
        field(
            "time_zone",
            Some(&FieldError::new("time_zone", "invalid", "")),
        );
    }
    let username = Username::parse(&form.admin_username);
    field("admin_username", username.as_ref().err());
    let first = PersonName::parse("admin_first_name", &form.admin_first_name);
    field("admin_first_name", first.as_ref().err());
    let last = PersonName::parse("admin_last_name", &form.admin_last_name);
    field("admin_last_name", last.as_ref().err());

    let context = PasswordContext {
        username: username
            .map(|u| u.as_str().to_owned())
            .unwrap_or_else(|_| form.admin_username.trim().to_lowercase()),
        first_name: first
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|_| form.admin_first_name.trim().to_owned()),
        last_name: last
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|_| form.admin_last_name.trim().to_owned()),
        school_name: name.ok().map(|n| n.as_str().to_owned()),
        ..PasswordContext::default()
    };
    let policy = PasswordPolicy::default();
    for reason in policy.check_change(None, &form.password, &form.repeat, &context) {
        let target = if reason.code() == "mismatch" {
            "repeat"
        } else {
            "password"
        };
        if let Some(message) = lang.password_reason(reason.code(), policy.min_length()) {
            errors.add(target, message);
        }
    }
    errors
}

/// Which gates are being set up now: one submission at a time creates a school.
static IN_PROGRESS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// Holds a gate's setup until dropped.
struct SetupInProgress(usize);

impl SetupInProgress {
    fn begin(gate: &SetupGate) -> Option<Self> {
        let id = std::ptr::from_ref(gate) as usize;
        let mut busy = IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner);
        if busy.contains(&id) {
            return None;
        }
        busy.push(id);
        Some(Self(id))
    }
}

impl Drop for SetupInProgress {
    fn drop(&mut self) {
        IN_PROGRESS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|id| *id != self.0);
    }
}

/// `POST /setup`: creates the school, sets the administrator's password with the school's
/// first one-time code, closes the gate and signs the administrator in (303 to `/`).
pub async fn setup(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    Form(form): Form<SetupForm>,
) -> Response {
    let code = form.code.trim().to_owned();
    if !gate_opens(&state, &code).await {
        return not_found(lang, None);
    }
    let errors = check(lang, &form);
    if !errors.is_empty() {
        return setup_page(lang, StatusCode::UNPROCESSABLE_ENTITY, errors, form);
    }
    let Some(_in_progress) = SetupInProgress::begin(&state.setup) else {
        let errors = FormErrors::one("", lang.texts().setup_busy);
        return setup_page(lang, StatusCode::CONFLICT, errors, form);
    };
    // Another submission may have finished while this one waited.
    if !gate_opens(&state, &code).await {
        return not_found(lang, None);
    }

    let zone = form.time_zone.trim();
    let new = NewSchool {
        slug: form.slug.clone(),
        name: form.name.clone(),
        time_zone: (!zone.is_empty()).then(|| zone.to_owned()),
        admin_username: form.admin_username.clone(),
        admin_first_name: Some(form.admin_first_name.clone()),
        admin_last_name: Some(form.admin_last_name.clone()),
    };
    let created = match state.accounts.create_school(new).await {
        Ok(created) => created,
        Err(AccountsError::Invalid(fields)) => {
            let mut errors = FormErrors::none();
            errors.add_fields(lang, &fields, PasswordPolicy::DEFAULT_MIN_LENGTH, |f| {
                if f == "admin" { "admin_username" } else { f }
            });
            return setup_page(lang, StatusCode::UNPROCESSABLE_ENTITY, errors, form);
        }
        Err(AccountsError::Conflict(c)) => {
            let errors = FormErrors::one(
                "slug",
                lang.field_message("slug", c.code(), PasswordPolicy::DEFAULT_MIN_LENGTH),
            );
            return setup_page(lang, StatusCode::CONFLICT, errors, form);
        }
        Err(e) => return failure(lang, None, e),
    };
    let slug = created.school.slug.as_str().to_owned();
    let username = created.admin.username.as_str().to_owned();
    let reset = ResetPassword {
        school: Some(slug.clone()),
        username: username.clone(),
        code: created.code.expose().to_owned(),
        new: form.password.clone(),
        repeat: form.repeat.clone(),
        client: client.clone(),
    };
    if let Err(e) = state.accounts.reset_password(reset).await {
        // The policy was checked above with the same context; this is not the user's fault.
        tracing::error!(error = %e, school = %slug, "setup could not set the administrator's password");
        return failure(lang, None, AccountsError::Unexpected(e.to_string()));
    }
    state.setup.take(&code);

    let signed_in = state
        .accounts
        .sign_in(SignIn {
            school: Some(slug),
            username,
            password: form.password,
            client,
            device: None,
            second_factor: None,
        })
        .await;
    match signed_in {
        Ok(signed_in) => (signed_in_cookies(&state, &signed_in), Redirect::to("/")).into_response(),
        // The school exists and the password is set: signing in by hand still works.
        Err(_) => see_other("/login"),
    }
}
