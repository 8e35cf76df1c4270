//! `/api/v1/me/notification-settings` and `POST /api/v1/me/forward-email/confirm`: how the
//! signed-in account is told of messages and news ("Instellingen berichtgeving"), and the
//! confirmation of a forward address.
//!
//! A new forward address stays unconfirmed — nothing is forwarded to it — until the token
//! mailed to it comes back ([`crate::confirmation`]). When the mail cannot be sent, the
//! settings stay saved with the address unconfirmed and the answer is 503 with
//! `Retry-After`; saving again sends a new confirmation mail. The token is never logged.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_messaging::SettingsChange;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;
use crate::messaging::confirmation::save_settings;
use crate::messaging::dto::NotificationSettingsView;
use schoolbrug_messaging::forwarding::confirmation::{SaveError, Saved};

/// The caller's notification settings.
#[utoipa::path(
    get,
    path = "/api/v1/me/notification-settings",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The settings (defaults: no address, everything off)", body = NotificationSettingsView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn settings(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<NotificationSettingsView>, ApiError> {
    let settings = state.messaging.settings(&session.actor).await?;
    Ok(Json(NotificationSettingsView::from(settings)))
}

/// New notification settings (they replace the current ones).
#[derive(Deserialize, ToSchema)]
pub struct NotificationSettingsRequest {
    /// The personal address to forward to; `null` (or left out) removes it. A new address
    /// gets a confirmation mail whose link carries `token=<token>`; it is unconfirmed
    /// until that token is sent to `POST /api/v1/me/forward-email/confirm`.
    /// (`local@domain.tld`, at most 254 bytes; blank counts as `null`.)
    #[schema(
        example = "ouder@example.org",
        max_length = 254,
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000@]+@[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000.][^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\.[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000.])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub forward_email: Option<String>,
    /// Forward every received message by e-mail (only ever to a confirmed address).
    pub forward_messages: bool,
    /// Tell of news.
    pub notify_news: bool,
    /// Push to the app.
    pub push: bool,
}

/// Saves the caller's notification settings.
#[utoipa::path(
    put,
    path = "/api/v1/me/notification-settings",
    tag = "me",
    request_body = NotificationSettingsRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Saved. A new address (or, while it is unconfirmed, the same address saved again) \
gets a confirmation mail with the link `{public_url}/settings/notifications/confirm?token=<token>`, and stays \
unconfirmed until that token is sent to `POST /api/v1/me/forward-email/confirm`"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`forward_email` is not an e-mail address (`invalid`), or a flag is missing (`required`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The account was sent its confirmation mails for the hour (three): nothing \
saved; `Retry-After` says when the next one may go (`type`: `/problems/throttled`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The settings were saved, but the confirmation mail could not be sent \
(`type`: `/problems/mail-unavailable`, with `Retry-After`): the address stays unconfirmed; save again later to send a \
new confirmation mail. Also when the database cannot be reached (`/problems/unavailable`; nothing saved)",
            body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn change_settings(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<NotificationSettingsRequest>,
) -> Result<StatusCode, ApiError> {
    let change = SettingsChange {
        forward_email: body.forward_email,
        forward_messages: body.forward_messages,
        notify_news: body.notify_news,
        push: body.push,
    };
    match save_settings(&state, &session.actor, change).await {
        Ok(Saved::Saved | Saved::ConfirmationSent) => {}
        Err(SaveError::Messaging(e)) => return Err(e.into()),
        Err(SaveError::Mail(_)) => return Err(ApiError::MailUnavailable),
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The token of a forward-address confirmation link.
#[derive(Deserialize, ToSchema)]
pub struct ConfirmForwardEmail {
    /// The `token` of the link mailed to the new address.
    pub token: String,
}

/// Confirms the caller's forward address with the token mailed to it; from then on
/// messages are forwarded there (when `forward_messages` is on).
#[utoipa::path(
    post,
    path = "/api/v1/me/forward-email/confirm",
    tag = "me",
    request_body = ConfirmForwardEmail,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Confirmed"),
        (status = 400, description = "Malformed JSON, or an unknown or expired token (`type`: `/problems/invalid-token`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`token` missing (`required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn confirm_forward_email(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<ConfirmForwardEmail>,
) -> Result<StatusCode, ApiError> {
    state
        .messaging
        .confirm_forward_email(&session.actor, &body.token)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
