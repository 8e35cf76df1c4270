//! "Instellingen berichtgeving": one's notification settings (a personal forward
//! address, forwarding on or off, news, app pushes) and confirming a new forward
//! address with the link mailed to it. A new address is never shown as confirmed, and
//! the confirmation token never reaches a page: it goes out by mail only
//! ([`crate::confirmation`]). When that mail cannot be sent, the page says so (503): the
//! settings are saved, the address unconfirmed, and saving again sends a new mail.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_messaging::{MessagingError, SettingsChange};
use serde::Deserialize;

use crate::core::error::MAIL_RETRY_AFTER_SECS;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, FormErrors, WebUser, render, see_other, set_retry_after};
use crate::messaging::confirmation::save_settings as save;
use schoolbrug_messaging::forwarding::confirmation::{SaveError, Saved};

#[derive(Template)]
#[template(path = "settings.html", whitespace = "minimize")]
struct SettingsPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notices: Vec<&'static str>,
    form: SettingsForm,
    /// The stored address's state: `None` without an address.
    confirmed: Option<bool>,
}

/// The settings form; a checkbox left unticked is absent.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    forward_email: String,
    forward_messages: Option<String>,
    notify_news: Option<String>,
    push: Option<String>,
}

/// `?saved=1`, `&confirm=1` when a confirmation mail goes out, `?confirmed=1`.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
    confirm: Option<String>,
    confirmed: Option<String>,
}

fn on(value: bool) -> Option<String> {
    value.then(|| "on".to_owned())
}

/// `GET /settings/notifications`
pub async fn settings_form(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<SettingsQuery>,
) -> Response {
    let settings = match state.messaging.settings(&user.actor).await {
        Ok(settings) => settings,
        Err(e) => return user.failure(e),
    };
    let t = user.lang.texts();
    let mut notices = Vec::new();
    if query.saved.is_some() {
        notices.push(t.settings_saved);
    }
    if query.confirm.is_some() {
        notices.push(t.confirmation_mail_note);
    }
    if query.confirmed.is_some() {
        notices.push(t.email_confirmed_note);
    }
    let confirmed = settings
        .forward_email
        .as_ref()
        .map(|_| settings.forward_email_confirmed);
    let form = SettingsForm {
        forward_email: settings.forward_email.unwrap_or_default(),
        forward_messages: on(settings.forward_messages),
        notify_news: on(settings.notify_news),
        push: on(settings.push),
    };
    render(
        user.lang,
        StatusCode::OK,
        &SettingsPage {
            t,
            page: Chrome::signed_in(&user, t.settings_title),
            errors: FormErrors::none(),
            notices,
            form,
            confirmed,
        },
    )
}

/// `POST /settings/notifications`: saves, then a 303 with a confirmation (and, for a new
/// address, the note that a confirmation mail was sent). A refused address answers 422;
/// a confirmation mail the mail server did not take answers 503 with the reason.
pub async fn save_settings(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<SettingsForm>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let address = form.forward_email.trim();
    let change = SettingsChange {
        forward_email: (!address.is_empty()).then(|| address.to_owned()),
        forward_messages: form.forward_messages.is_some(),
        notify_news: form.notify_news.is_some(),
        push: form.push.is_some(),
    };
    let (status, errors, notices) = match save(&state, &user.actor, change).await {
        // The token went out by mail only; it is never shown, so only the address's
        // owner can confirm it.
        Ok(Saved::ConfirmationSent) => {
            return see_other("/settings/notifications?saved=1&confirm=1");
        }
        Ok(Saved::Saved) => return see_other("/settings/notifications?saved=1"),
        Err(SaveError::Messaging(MessagingError::Invalid(fields))) => {
            let mut errors = FormErrors::none();
            for e in &fields {
                let target = if e.field == "forward_email" {
                    "forward_email"
                } else {
                    ""
                };
                errors.add(target, lang.messaging_field_message(&e.field, &e.code));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, errors, Vec::new())
        }
        Err(SaveError::Messaging(e)) => return user.failure(e),
        Err(SaveError::Mail(_)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            FormErrors::one("forward_email", t.confirmation_mail_failed),
            vec![t.settings_saved],
        ),
    };
    let confirmed = match state.messaging.settings(&user.actor).await {
        Ok(settings) => settings
            .forward_email
            .as_ref()
            .map(|_| settings.forward_email_confirmed),
        Err(e) => return user.failure(e),
    };
    let mut response = render(
        lang,
        status,
        &SettingsPage {
            t,
            page: Chrome::signed_in(&user, t.settings_title),
            errors,
            notices,
            form,
            confirmed,
        },
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        set_retry_after(&mut response, MAIL_RETRY_AFTER_SECS);
    }
    response
}

// ---------------------------------------------------------------------------------------
// Confirming the forward address

#[derive(Template)]
#[template(path = "messages/confirm_forward.html", whitespace = "minimize")]
struct ConfirmPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    token: String,
}

/// The token of the link in the confirmation mail (no `Debug`: it is a secret).
#[derive(Default, Deserialize)]
pub struct ConfirmToken {
    #[serde(default)]
    token: String,
}

/// `GET /settings/notifications/confirm?token=`: the mail's link lands here; confirming
/// takes a button (a POST), so a mail scanner that follows links confirms nothing.
pub async fn confirm_form(user: WebUser, Query(query): Query<ConfirmToken>) -> Response {
    let t = user.lang.texts();
    render(
        user.lang,
        StatusCode::OK,
        &ConfirmPage {
            t,
            page: Chrome::signed_in(&user, t.confirm_email_title),
            errors: FormErrors::none(),
            token: query.token,
        },
    )
}

/// `POST /settings/notifications/confirm`: on success a 303 to the settings.
pub async fn confirm(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<ConfirmToken>,
) -> Response {
    let t = user.lang.texts();
    match state
        .messaging
        .confirm_forward_email(&user.actor, form.token.trim())
        .await
    {
        Ok(()) => see_other("/settings/notifications?confirmed=1"),
        Err(MessagingError::InvalidToken) => render(
            user.lang,
            StatusCode::BAD_REQUEST,
            &ConfirmPage {
                t,
                page: Chrome::signed_in(&user, t.confirm_email_title),
                errors: FormErrors::one("", t.confirm_token_invalid),
                token: String::new(),
            },
        ),
        Err(e) => user.failure(e),
    }
}
