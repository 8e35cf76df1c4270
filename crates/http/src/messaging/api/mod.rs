//! The messaging JSON API under `/api/v1`: thin handlers that turn requests into domain
//! calls and domain answers into JSON. Every rule lives in the domain.
//!
//! * [`messages`]: messages; [`notification_settings`]: how an account is told of
//!   messages and news;
//!   [`quiet_hours`]: when forwards by e-mail wait (admin); [`outbox`]: the mail queue
//!   (admin); [`news`]: the school's news.

pub(crate) mod messages;
pub(crate) mod news;
pub(crate) mod notification_settings;
pub(crate) mod outbox;
pub(crate) mod quiet_hours;

use axum::Router;
use axum::routing::{get, post};

use crate::core::state::AppState;

/// The messaging API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
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
        .merge(messages::routes())
        .merge(news::routes())
}
