//! The messaging pages (Dutch by default, English when the browser asks): plain HTML forms
//! that work without JavaScript, rendered with askama (escaping on).
//!
//! | path | page |
//! |---|---|
//! | `GET /messages` | a folder (`?folder=inbox\|sent\|awaiting_reply\|trash&q=&after=`) |
//! | `GET/POST /messages/new` | compose (`?reply_to=` for a reply) |
//! | `GET /messages/{id}` | read a message (sets the read receipt) |
//! | `GET /messages/{id}/receipts` | read receipts (sender only) |
//! | `POST /messages/{id}/trash` / `.../restore` | to the trash and back |
//! | `POST /messages/{id}/misdirected` | report a message received by mistake |
//! | `GET/POST /settings/notifications` | notification settings (forward address) |
//! | `GET/POST /settings/notifications/confirm` | confirm the forward address (`?token=`) |
//! | `GET/POST /admin/quiet-hours` | the school's quiet hours for forwards by e-mail |
//! | `GET /admin/outbox` | the mail queue (`?status=waiting\|sent\|failed&after=`) |
//! | `GET /news` | the news the reader sees |
//! | `GET /news/{id}` | one news item (marks it read) |
//! | `GET/POST /news/new`, `GET/POST /news/{id}/edit` | the news editor (staff) |
//! | `POST /news/{id}/withdraw` | withdraw a news item (its author or an admin) |

pub(crate) mod messages;
mod news;
mod outbox;
mod quiet_hours;
mod settings;

use axum::Router;
use axum::routing::{get, post};

use crate::core::state::AppState;

/// The messaging page routes, merged at the root.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/messages", get(messages::list))
        .route(
            "/messages/new",
            get(messages::compose_form).post(messages::send),
        )
        .route("/messages/{id}", get(messages::read))
        .route("/messages/{id}/receipts", get(messages::receipts))
        .route("/messages/{id}/trash", post(messages::trash))
        .route("/messages/{id}/restore", post(messages::restore))
        .route(
            "/messages/{id}/misdirected",
            post(messages::report_misdirected),
        )
        .route(
            "/settings/notifications",
            get(settings::settings_form).post(settings::save_settings),
        )
        .route(
            "/settings/notifications/confirm",
            get(settings::confirm_form).post(settings::confirm),
        )
        .route(
            "/admin/quiet-hours",
            get(quiet_hours::quiet_hours_form).post(quiet_hours::save_quiet_hours),
        )
        .route("/admin/outbox", get(outbox::outbox))
        .route("/news", get(news::list))
        .route("/news/new", get(news::new_form).post(news::publish))
        .route("/news/{id}", get(news::read))
        .route("/news/{id}/edit", get(news::edit_form).post(news::edit))
        .route("/news/{id}/withdraw", post(news::withdraw))
}
