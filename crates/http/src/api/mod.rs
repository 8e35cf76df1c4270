//! The JSON API under `/api/v1`: thin handlers that turn requests into domain calls and
//! domain answers into JSON. Every rule (who may do what) lives in the domain.
//!
//! * [`extract`]: body, path and query extractors whose rejections are problem+json.
//! * [`dto`]: the JSON shapes of the answers.
//! * [`paging`]: reading `?limit=&after=` and filters.
//! * [`session`], [`me`], [`password`]: signing in and out, the account itself.
//! * [`admin`]: school administration.
//! * [`messaging`]: messages; [`free_days`]: the school's free days (admin);
//!   [`notification_settings`]: how an account is told of messages and news;
//!   [`quiet_hours`]: when forwards by e-mail wait (admin); [`outbox`]: the mail queue
//!   (admin).
//! * [`openapi`]: the description served at `/api/v1/openapi.json`; [`reference`]: the
//!   same description as a readable page at `/api/docs`.

pub(crate) mod admin;
pub mod dto;
pub mod extract;
pub(crate) mod free_days;
pub(crate) mod me;
pub(crate) mod messaging;
pub(crate) mod notification_settings;
pub mod openapi;
pub(crate) mod outbox;
pub mod paging;
pub(crate) mod password;
pub(crate) mod quiet_hours;
pub(crate) mod reference;
pub(crate) mod session;

use axum::Router;
use axum::routing::{get, post, put};

use crate::error::ApiError;
use crate::state::AppState;

/// The API routes, to be nested under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/password-reset", post(password::reset_password))
        .route("/me", get(me::me))
        .route("/me/password", put(password::change_password))
        .route("/me/terms", post(me::accept_terms))
        .merge(admin::routes())
        .route(
            "/admin/free-days",
            get(free_days::free_days).put(free_days::replace_free_days),
        )
        .route(
            "/admin/quiet-hours",
            get(quiet_hours::quiet_hours).put(quiet_hours::set_quiet_hours),
        )
        .route("/admin/outbox", get(outbox::outbox))
        .route(
            "/me/notification-settings",
            get(notification_settings::settings).put(notification_settings::change_settings),
        )
        .route(
            "/me/forward-email/confirm",
            post(notification_settings::confirm_forward_email),
        )
        .merge(messaging::routes())
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .fallback(|| async { ApiError::NoRoute })
}
