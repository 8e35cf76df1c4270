//! Signing in with the school's identity provider (Office 365 / OpenID Connect):
//! `GET /auth/oidc/{school}/start` sends the browser to the provider, `POST
//! /auth/oidc/link` does the same, through a page that refreshes to it, to link the signed-in account, and `GET
//! /auth/oidc/callback` takes the provider's answer. The `state` is also put in a
//! short-lived cookie, so an answer is accepted only in the browser that started the
//! round trip (no one can sign a victim in to an account of their choosing).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use schoolbrug_accounts::{AccountsError, CallbackError, Completed, ProviderAnswer};
use serde::Deserialize;

use super::account::MaybeToken;
use crate::core::auth::{ClientAddr, device_cookie, session_cookie};
use crate::core::i18n::Lang;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, WebUser, error_page, failure, not_found, render};

/// The cookie that binds a round trip to the browser that started it.
const STATE_COOKIE: &str = "schoolbrug_oidc_state";

/// The callback's address, registered at the provider.
pub(super) fn redirect_uri(state: &AppState) -> String {
    format!(
        "{}/auth/oidc/callback",
        state.config.public_url.trim_end_matches('/')
    )
}

fn state_cookie(value: String, secure: bool, seconds: i64) -> Cookie<'static> {
    Cookie::build((STATE_COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/auth/oidc")
        .max_age(time::Duration::seconds(seconds))
        .build()
}

fn to_provider(state: &AppState, url: String, oidc_state: String) -> Response {
    let cookie = state_cookie(oidc_state, state.config.secure_cookies, 10 * 60);
    (CookieJar::new().add(cookie), Redirect::to(&url)).into_response()
}

/// `GET /auth/oidc/{school}/start`: to the school's provider.
pub async fn start(
    State(state): State<AppState>,
    lang: Lang,
    Path(school): Path<String>,
) -> Response {
    match state
        .external_sign_in
        .start_sign_in(Some(&school), &redirect_uri(&state))
        .await
    {
        Ok((url, oidc_state)) => to_provider(&state, url, oidc_state),
        Err(AccountsError::NotFound) => not_found(lang, None),
        Err(e) => failure(lang, None, e),
    }
}

/// The page between the link form and the provider. The form cannot be answered with a
/// redirect to the provider: the pages' `Content-Security-Policy` (`form-action 'self'`)
/// holds for the redirects a form submission follows, so browsers would stop there. A
/// refresh to the provider is a navigation of its own, which the policy leaves alone.
#[derive(Template)]
#[template(path = "oidc_continue.html", whitespace = "minimize")]
struct ContinuePage {
    t: &'static Texts,
    page: Chrome,
    url: String,
}

/// `POST /auth/oidc/link`: to the school's provider, to link the signed-in account.
pub async fn link(State(state): State<AppState>, user: WebUser) -> Response {
    match state
        .external_sign_in
        .start_link(&user.actor, &redirect_uri(&state))
        .await
    {
        Ok((url, oidc_state)) => {
            let t = user.lang.texts();
            let cookie = state_cookie(oidc_state, state.config.secure_cookies, 10 * 60);
            let page = ContinuePage {
                t,
                page: Chrome {
                    lang: user.lang,
                    title: t.oidc_continue_title.to_owned(),
                    user: Some(user.nav()),
                },
                url,
            };
            (
                CookieJar::new().add(cookie),
                render(user.lang, StatusCode::OK, &page),
            )
                .into_response()
        }
        Err(e) => user.failure(e),
    }
}

/// The provider's answer: `code` and `state`, or `error`.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// `GET /auth/oidc/callback`: a session cookie and `/` for a linked account; a page
/// that says why otherwise, and never an account.
pub async fn callback(
    State(state): State<AppState>,
    lang: Lang,
    jar: CookieJar,
    MaybeToken(token): MaybeToken,
    ClientAddr(client): ClientAddr,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let t = lang.texts();
    let secure = state.config.secure_cookies;
    let expected = jar.get(STATE_COOKIE).map(|c| c.value().to_owned());
    let jar = jar.add(state_cookie(String::new(), secure, 0));
    let refused = |jar: CookieJar, status, heading, text: &'static str| {
        (jar, error_page(lang, None, status, heading, text)).into_response()
    };
    let (Some(oidc_state), Some(code)) = (query.state, query.code) else {
        let text = if query.error.is_some() {
            t.oidc_provider_text
        } else {
            t.oidc_refused_text
        };
        return refused(jar, StatusCode::BAD_REQUEST, t.oidc_refused_title, text);
    };
    if expected.as_deref() != Some(oidc_state.as_str()) {
        return refused(
            jar,
            StatusCode::BAD_REQUEST,
            t.oidc_refused_title,
            t.oidc_refused_text,
        );
    }
    let signed_in_as = match token {
        Some(token) => state.accounts.authenticate(&token).await.ok(),
        None => None,
    }
    .map(|actor| actor.account);
    let answer = ProviderAnswer {
        state: oidc_state,
        code,
        signed_in_as,
        client,
        redirect: redirect_uri(&state),
    };
    match state.external_sign_in.complete(answer).await {
        Ok(Completed::SignedIn(signed_in)) => {
            let jar = jar
                .add(session_cookie(
                    &signed_in.token,
                    secure,
                    state.accounts.session_absolute_timeout(),
                ))
                .add(device_cookie(
                    &signed_in.device,
                    secure,
                    state.accounts.device_lifetime(),
                ));
            (jar, Redirect::to("/")).into_response()
        }
        Ok(Completed::Linked) => (
            jar,
            error_page(
                lang,
                None,
                StatusCode::OK,
                t.oidc_linked_title,
                t.oidc_linked_text,
            ),
        )
            .into_response(),
        Err(CallbackError::UnknownSubject) => refused(
            jar,
            StatusCode::FORBIDDEN,
            t.oidc_unknown_title,
            t.oidc_unknown_text,
        ),
        Err(CallbackError::StateRefused) => refused(
            jar,
            StatusCode::BAD_REQUEST,
            t.oidc_refused_title,
            t.oidc_refused_text,
        ),
        Err(CallbackError::Provider(detail)) => {
            tracing::warn!(%detail, "the identity provider's answer was refused");
            refused(
                jar,
                StatusCode::BAD_GATEWAY,
                t.oidc_refused_title,
                t.oidc_provider_text,
            )
        }
        Err(CallbackError::Accounts(e)) => (jar, failure(lang, None, e)).into_response(),
    }
}
