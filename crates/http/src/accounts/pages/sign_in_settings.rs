//! The admin's sign-in settings, `GET /admin/sign-in`: whether staff and admins must have a
//! second factor (`POST /admin/sign-in`), and the school's identity provider for "Sign in
//! with Office 365" (`POST /admin/sign-in/oidc` saves it, `POST /admin/sign-in/oidc/remove`
//! removes it and every account's link to it). The client secret is never shown back.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_accounts::{AccountsError, ProviderInput};
use serde::Deserialize;

use super::oidc::redirect_uri;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{AdminUser, Chrome, FormErrors, WebUser, render, see_other};

#[derive(Template)]
#[template(path = "admin/sign_in.html", whitespace = "minimize")]
struct SignInSettingsPage {
    t: &'static Texts,
    page: Chrome,
    saved: bool,
    required: bool,
    /// The provider form's refusals (the summary at the top reads `errors`).
    errors: FormErrors,
    provider: ProviderForm,
    /// Whether a provider is stored (then the secret may be left blank, and it can be
    /// removed).
    has_provider: bool,
    /// The address to register at the provider.
    redirect_uri: String,
    provider_note: Option<&'static str>,
}

/// What the page says after a redirect: `?saved=1`, `?provider=saved|removed`.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
    provider: Option<String>,
}

/// The checkbox, absent when unticked.
#[derive(Debug, Default, Deserialize)]
pub struct SignInSettingsForm {
    required_for_staff: Option<String>,
}

/// The provider as typed (no `Debug`: it holds the client secret).
#[derive(Default, Deserialize)]
pub struct ProviderForm {
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
}

async fn page(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    typed: Option<ProviderForm>,
    errors: FormErrors,
    query: &SavedQuery,
) -> Response {
    let required = match state.accounts.second_factor_policy(&user.actor).await {
        Ok(required) => required,
        Err(e) => return user.failure(e),
    };
    let stored = match state.external_sign_in.provider(&user.actor).await {
        Ok(stored) => stored,
        Err(e) => return user.failure(e),
    };
    let t = user.lang.texts();
    let provider = typed.unwrap_or_else(|| ProviderForm {
        issuer: stored
            .as_ref()
            .map(|p| p.issuer.clone())
            .unwrap_or_default(),
        client_id: stored
            .as_ref()
            .map(|p| p.client_id.clone())
            .unwrap_or_default(),
        client_secret: String::new(),
    });
    let provider_note = match query.provider.as_deref() {
        Some("saved") => Some(t.admin_provider_saved),
        Some("removed") => Some(t.admin_provider_removed),
        _ => None,
    };
    render(
        user.lang,
        status,
        &SignInSettingsPage {
            t,
            page: Chrome::signed_in(user, t.admin_sign_in_title),
            saved: query.saved.is_some(),
            required,
            errors: errors.in_order(&["issuer", "client_id", "client_secret"]),
            provider,
            has_provider: stored.is_some(),
            redirect_uri: redirect_uri(state),
            provider_note,
        },
    )
}

/// `GET /admin/sign-in`
pub async fn sign_in_settings(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Query(query): Query<SavedQuery>,
) -> Response {
    page(
        &state,
        &user,
        StatusCode::OK,
        None,
        FormErrors::none(),
        &query,
    )
    .await
}

/// `POST /admin/sign-in`: the second factor rule.
pub async fn save_sign_in_settings(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Form(form): Form<SignInSettingsForm>,
) -> Response {
    match state
        .accounts
        .set_second_factor_policy(&user.actor, form.required_for_staff.is_some())
        .await
    {
        Ok(()) => see_other("/admin/sign-in?saved=1"),
        Err(e) => user.failure(e),
    }
}

/// `POST /admin/sign-in/oidc`: the school's provider; every refused field on the page
/// again (422), with what was typed except the secret.
pub async fn save_provider(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Form(form): Form<ProviderForm>,
) -> Response {
    let input = ProviderInput {
        issuer: form.issuer.clone(),
        client_id: form.client_id.clone(),
        client_secret: Some(form.client_secret).filter(|s| !s.trim().is_empty()),
    };
    match state
        .external_sign_in
        .set_provider(&user.actor, Some(input))
        .await
    {
        Ok(()) => see_other("/admin/sign-in?provider=saved"),
        Err(AccountsError::Invalid(fields)) => {
            let mut errors = FormErrors::none();
            errors.add_fields(user.lang, &fields, 0, |f| f);
            let typed = ProviderForm {
                issuer: form.issuer,
                client_id: form.client_id,
                client_secret: String::new(),
            };
            page(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(typed),
                errors,
                &SavedQuery::default(),
            )
            .await
        }
        Err(e) => user.failure(e),
    }
}

/// `POST /admin/sign-in/oidc/remove`: no provider, and no account linked to one.
pub async fn remove_provider(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
) -> Response {
    match state.external_sign_in.set_provider(&user.actor, None).await {
        Ok(()) => see_other("/admin/sign-in?provider=removed"),
        Err(e) => user.failure(e),
    }
}
