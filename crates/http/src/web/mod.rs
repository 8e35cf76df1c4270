//! The server-rendered web pages (Dutch by default, English when the browser asks).
//!
//! Plain HTML forms that work without JavaScript, rendered with askama (escaping on),
//! under the same security layers as the API: the CSRF layer lets our own forms through
//! (browsers send `Sec-Fetch-Site: same-origin`), the content security policy allows no
//! inline script or style, so the one stylesheet is served from `/static/`.
//!
//! | path | page |
//! |---|---|
//! | `GET/POST /login` | sign in (school only when there are several) |
//! | `POST /logout` | end the session on the server |
//! | `GET /` | start page: who you are, a co-account's child |
//! | `GET/POST /password` | change password |
//! | `GET/POST /password/reset` | set a password with a one-time code |
//! | `GET/POST /setup?code=` | first-run setup while the gate is open |
//! | `GET /admin/accounts` | accounts list (`?q=&role=&after=`) |
//! | `GET/POST /admin/accounts/new` | new main account |
//! | `GET /admin/accounts/{id}` | account, co-accounts, actions |
//! | `POST /admin/accounts/{id}/co-accounts` | add a co-account |
//! | `POST /admin/accounts/{id}/reset-code` | issue a one-time code (shown once) |
//! | `POST /admin/accounts/{id}/erase` | erase an account (with confirmation) |
//! | `POST /admin/co-accounts/{id}/reset` | reset a co-account (with confirmation) |
//! | `GET /messages` | a folder (`?folder=inbox\|sent\|awaiting_reply\|trash&q=&after=`) |
//! | `GET/POST /messages/new` | compose (`?reply_to=` for a reply) |
//! | `GET /messages/{id}` | read a message (sets the read receipt) |
//! | `GET /messages/{id}/receipts` | read receipts (sender only) |
//! | `POST /messages/{id}/trash` / `.../restore` | to the trash and back |
//! | `POST /messages/{id}/misdirected` | report a message received by mistake |
//! | `GET/POST /settings/notifications` | notification settings (forward address) |
//! | `GET/POST /settings/notifications/confirm` | confirm the forward address (`?token=`) |
//! | `GET/POST /admin/free-days` | the school's free days |
//! | `GET/POST /admin/quiet-hours` | the school's quiet hours for forwards by e-mail |
//! | `GET /admin/outbox` | the mail queue (`?status=waiting\|sent\|failed&after=`) |

mod account;
mod admin;
mod assets;
mod free_days;
pub mod i18n;
mod messages;
mod outbox;
mod quiet_hours;
mod settings;
mod setup;
mod view;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use i18n::Lang;

use crate::error::ApiError;
use crate::state::AppState;

/// The page routes, merged at the root.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(account::start))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route(
            "/password",
            get(account::password_form).post(account::change_password),
        )
        .route(
            "/password/reset",
            get(account::reset_form).post(account::reset),
        )
        .route("/setup", get(setup::setup_form).post(setup::setup))
        .route("/admin", get(admin::home))
        .route("/admin/accounts", get(admin::list))
        .route(
            "/admin/accounts/new",
            get(admin::new_account_form).post(admin::create_account),
        )
        .route("/admin/accounts/{id}", get(admin::account))
        .route(
            "/admin/accounts/{id}/co-accounts",
            post(admin::add_co_account),
        )
        .route("/admin/accounts/{id}/reset-code", post(admin::issue_code))
        .route("/admin/accounts/{id}/erase", post(admin::erase))
        .route(
            "/admin/co-accounts/{id}/reset",
            post(admin::reset_co_account),
        )
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
            "/admin/free-days",
            get(free_days::free_days_form).post(free_days::save_free_days),
        )
        .route(
            "/admin/quiet-hours",
            get(quiet_hours::quiet_hours_form).post(quiet_hours::save_quiet_hours),
        )
        .route("/admin/outbox", get(outbox::outbox))
        .route(assets::STYLESHEET_PATH, get(assets::stylesheet))
        .fallback(fallback)
}

/// Unknown paths: the 404 page, or a problem+json 404 under `/api/`.
async fn fallback(lang: Lang, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::NotFound.into_response()
    } else {
        view::not_found(lang, None)
    }
}
