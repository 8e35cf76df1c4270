//! The accounts JSON API under `/api/v1`: thin handlers that turn requests into domain
//! calls and domain answers into JSON. Every rule (who may do what) lives in the domain.
//!
//! * [`session`], [`me`], [`password`]: signing in and out (also everywhere at once), the
//!   account itself.
//! * [`links`]: links between co-accounts (one parent, a co-account per child).
//! * [`second_factor`]: the TOTP second factor, the account's own and an admin's.
//! * [`admin`]: school administration.

pub(crate) mod admin;
pub(crate) mod links;
pub(crate) mod me;
pub(crate) mod password;
pub(crate) mod second_factor;
pub(crate) mod session;

use axum::Router;
use axum::routing::{delete, get, post, put};

use crate::core::state::AppState;

/// The accounts API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/password-reset", post(password::reset_password))
        .route("/me", get(me::me))
        .route("/me/password", put(password::change_password))
        .route("/me/sessions", delete(session::sign_out_everywhere))
        .route("/me/terms", post(me::accept_terms))
        .route(
            "/me/totp",
            get(second_factor::totp_status)
                .post(second_factor::start_totp)
                .delete(second_factor::disable_totp),
        )
        .route("/me/totp/confirm", post(second_factor::confirm_totp))
        .route("/me/links", get(links::links).post(links::link))
        .route("/me/links/{id}", delete(links::unlink))
        .route("/admin/accounts/{id}/links", post(links::admin_link))
        .route(
            "/admin/accounts/{id}/links/{other}",
            delete(links::admin_unlink),
        )
        .route(
            "/admin/accounts/{id}/totp",
            delete(second_factor::remove_totp),
        )
        .route(
            "/admin/sign-in/second-factor",
            get(second_factor::second_factor_policy).put(second_factor::set_second_factor_policy),
        )
        .merge(admin::routes())
}
