//! The accounts pages (Dutch by default, English when the browser asks): plain HTML forms
//! that work without JavaScript, rendered with askama (escaping on).
//!
//! | path | page |
//! |---|---|
//! | `GET/POST /login` | sign in (school only when there are several) |
//! | `POST /logout` | end the session on the server |
//! | `POST /logout/everywhere` | end every session of the account (button on `/password`) |
//! | `GET /` | start page: who you are, a co-account's child |
//! | `GET/POST /password` | change password |
//! | `GET/POST /password/reset` | set a password with a one-time code |
//! | `GET /account/links` | a co-account's linked co-accounts (its other children), the form to link one |
//! | `POST /account/links`, `…/{id}/unlink` | link another co-account (its password), unlink |
//! | `GET /settings/second-factor` | the second factor (TOTP): where it stands |
//! | `POST /settings/second-factor/{start,confirm,disable}` | enrol (QR code), confirm (recovery codes shown once), turn off |
//! | `GET/POST /admin/sign-in` | sign-in settings: whether staff and admins must have a second factor |
//! | `POST /admin/sign-in/oidc`, `…/oidc/remove` | the school's identity provider (Office 365) |
//! | `POST /admin/accounts/{id}/second-factor/remove` | remove a lost second factor |
//! | `GET/POST /setup?code=` | first-run setup while the gate is open |
//! | `GET /auth/oidc/{school}/start` | sign in with the school's identity provider |
//! | `POST /auth/oidc/link` | link the signed-in account to its identity there |
//! | `GET /auth/oidc/callback` | the provider's answer: a session, or a page that says why not |
//! | `GET /admin/accounts` | accounts list (`?q=&role=&after=`) |
//! | `GET/POST /admin/accounts/new` | new main account |
//! | `GET /admin/accounts/{id}` | account, co-accounts, actions |
//! | `POST /admin/accounts/{id}/co-accounts` | add a co-account |
//! | `POST /admin/accounts/{id}/reset-code` | issue a one-time code (shown once) |
//! | `POST /admin/accounts/{id}/erase` | erase an account (with confirmation) |
//! | `POST /admin/co-accounts/{id}/reset` | reset a co-account (with confirmation) |

mod account;
pub(crate) mod admin;
mod links;
mod oidc;
mod refusal;
mod second_factor;
mod setup;
mod sign_in_settings;

use axum::Router;
use axum::routing::{get, post};

use crate::core::state::AppState;

/// The accounts page routes, merged at the root.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(account::start))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/logout/everywhere", post(account::logout_everywhere))
        .route(
            "/password",
            get(account::password_form).post(account::change_password),
        )
        .route(
            "/password/reset",
            get(account::reset_form).post(account::reset),
        )
        .route("/account/links", get(links::links).post(links::link))
        .route("/account/links/{id}/unlink", post(links::unlink))
        .route(
            "/settings/second-factor",
            get(second_factor::second_factor_page),
        )
        .route("/settings/second-factor/start", post(second_factor::start))
        .route(
            "/settings/second-factor/confirm",
            post(second_factor::confirm),
        )
        .route(
            "/settings/second-factor/disable",
            post(second_factor::disable),
        )
        .route(
            "/admin/sign-in",
            get(sign_in_settings::sign_in_settings).post(sign_in_settings::save_sign_in_settings),
        )
        .route("/admin/sign-in/oidc", post(sign_in_settings::save_provider))
        .route(
            "/admin/sign-in/oidc/remove",
            post(sign_in_settings::remove_provider),
        )
        .route(
            "/admin/accounts/{id}/second-factor/remove",
            post(second_factor::remove),
        )
        .route("/setup", get(setup::setup_form).post(setup::setup))
        .route("/auth/oidc/{school}/start", get(oidc::start))
        .route("/auth/oidc/link", post(oidc::link))
        .route("/auth/oidc/callback", get(oidc::callback))
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
}
