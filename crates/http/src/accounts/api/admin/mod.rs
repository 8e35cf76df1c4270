//! School administration under `/api/v1/admin` (role `admin`). Authorisation is the
//! domain's: anyone else is answered "not found", like an id that does not exist.

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod co_accounts;
pub(crate) mod groups;
pub(crate) mod oidc;

use axum::Router;
use axum::routing::{get, post, put};

use crate::core::state::AppState;

/// The administration routes, relative to `/api/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/accounts",
            post(accounts::create_account).get(accounts::list_accounts),
        )
        .route(
            "/admin/accounts/{id}",
            get(accounts::account).delete(accounts::erase_account),
        )
        .route(
            "/admin/accounts/{id}/co-accounts",
            post(co_accounts::add_co_account),
        )
        .route(
            "/admin/accounts/{id}/reset-code",
            post(accounts::issue_reset_code),
        )
        .route(
            "/admin/co-accounts/{id}/reset",
            post(co_accounts::reset_co_account),
        )
        .route(
            "/admin/groups",
            post(groups::create_group).get(groups::groups),
        )
        .route("/admin/groups/{id}/members", put(groups::set_members))
        .route("/admin/audit", get(audit::audit))
        .route(
            "/admin/sign-in/oidc",
            get(oidc::provider).put(oidc::set_provider),
        )
        .route(
            "/admin/accounts/{id}/external-id",
            get(oidc::external_id).put(oidc::set_external_id),
        )
}
