//! The second factor on the pages: `GET /settings/second-factor` (where it stands),
//! `POST …/start` (a QR code, the `otpauth://` link and the key), `POST …/confirm` (the
//! first code; then the recovery codes, shown once on the answer), `POST …/disable` (off,
//! with a code); for admins `POST /admin/accounts/{id}/second-factor/remove` (a lost
//! phone). The school's rule is on the admin's sign-in settings (`sign_in_settings.rs`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use qrcode::QrCode;
use qrcode::render::svg;
use schoolbrug_accounts::{AccountsError, TotpEnrolment};
use schoolbrug_kernel::AccountId;
use serde::Deserialize;

use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{
    AdminUser, Chrome, FormErrors, SECOND_FACTOR_PAGE, WebUser, render, see_other,
};

#[derive(Template)]
#[template(path = "second_factor.html", whitespace = "minimize")]
struct SecondFactorPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    active: bool,
    required: bool,
    enrolment: Option<EnrolmentView>,
    recovery_codes: Vec<String>,
}

/// What the page shows of a started enrolment.
struct EnrolmentView {
    /// The QR code of the link, as a `data:image/svg+xml` URI (allowed by the CSP).
    qr: String,
    link: String,
    key: String,
}

impl EnrolmentView {
    fn of(enrolment: &TotpEnrolment) -> Self {
        let qr = QrCode::new(enrolment.otpauth_uri.as_bytes()).map_or_else(
            |_| String::new(),
            |code| {
                let image = code
                    .render::<svg::Color<'_>>()
                    .min_dimensions(220, 220)
                    .build();
                format!("data:image/svg+xml;base64,{}", STANDARD.encode(image))
            },
        );
        // The key in groups of four, as apps show it and as it is easier to type.
        let base32 = enrolment.secret.to_base32();
        let key = base32
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            qr,
            link: enrolment.otpauth_uri.clone(),
            key,
        }
    }
}

/// `?disabled=1` after turning it off.
#[derive(Debug, Default, Deserialize)]
pub struct SecondFactorQuery {
    disabled: Option<String>,
}

/// A code typed into a form (no `Debug`: it is a secret for a few seconds).
#[derive(Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn page(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    notice: Option<&'static str>,
    recovery_codes: Vec<String>,
) -> Response {
    let t = user.lang.texts();
    let standing = match state.accounts.second_factor_status(&user.actor).await {
        Ok(standing) => standing,
        Err(e) => return user.failure(e),
    };
    let enrolment = if standing.pending && recovery_codes.is_empty() {
        match state.accounts.pending_totp(&user.actor).await {
            Ok(pending) => pending.as_ref().map(EnrolmentView::of),
            Err(e) => return user.failure(e),
        }
    } else {
        None
    };
    render(
        user.lang,
        status,
        &SecondFactorPage {
            t,
            page: Chrome::signed_in(user, t.second_factor_title),
            errors: errors.in_order(&["code"]),
            notice,
            active: standing.active,
            required: standing.required && !standing.active,
            enrolment,
            recovery_codes,
        },
    )
}

/// `GET /settings/second-factor`
pub async fn second_factor_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<SecondFactorQuery>,
) -> Response {
    let notice = query
        .disabled
        .is_some()
        .then_some(user.lang.texts().second_factor_disabled_note);
    page(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        notice,
        Vec::new(),
    )
    .await
}

/// `POST /settings/second-factor/start`: a new secret, shown as a QR code, link and key.
pub async fn start(State(state): State<AppState>, user: WebUser) -> Response {
    match state.accounts.start_totp(&user.actor).await {
        Ok(_) => see_other(SECOND_FACTOR_PAGE),
        // Already on: the page says so.
        Err(AccountsError::Conflict(_)) => see_other(SECOND_FACTOR_PAGE),
        Err(e) => user.failure(e),
    }
}

/// `POST /settings/second-factor/confirm`: on the right first code the recovery codes,
/// shown on this answer only.
pub async fn confirm(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = user.lang.texts();
    match state.accounts.confirm_totp(&user.actor, &form.code).await {
        Ok(codes) => {
            let codes = codes.iter().map(|c| c.expose().to_owned()).collect();
            page(
                &state,
                &user,
                StatusCode::OK,
                FormErrors::none(),
                Some(t.second_factor_enabled_note),
                codes,
            )
            .await
        }
        Err(AccountsError::Invalid(_)) => {
            page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                FormErrors::one("code", t.totp_wrong_code),
                None,
                Vec::new(),
            )
            .await
        }
        Err(AccountsError::NotFound) => see_other(SECOND_FACTOR_PAGE),
        Err(e) => user.failure(e),
    }
}

/// `POST /settings/second-factor/disable`: off, with a code of the app or a recovery code.
pub async fn disable(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<CodeForm>,
) -> Response {
    let t = user.lang.texts();
    match state.accounts.disable_totp(&user.actor, &form.code).await {
        Ok(()) => see_other("/settings/second-factor?disabled=1"),
        Err(AccountsError::Invalid(_)) => {
            page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                FormErrors::one("code", t.totp_wrong_code),
                None,
                Vec::new(),
            )
            .await
        }
        Err(AccountsError::NotFound) => see_other(SECOND_FACTOR_PAGE),
        Err(e) => user.failure(e),
    }
}

// ---------------------------------------------------------------------------------------
// Administration

/// `POST /admin/accounts/{id}/second-factor/remove`: back to the account with a note; the
/// 404 page for an account of another school or without a second factor.
pub async fn remove(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<AccountId>() else {
        return user.not_found();
    };
    match state.accounts.remove_second_factor(&user.actor, id).await {
        Ok(()) => see_other(&format!("/admin/accounts/{id}?second_factor_removed=1")),
        Err(e) => user.failure(e),
    }
}
