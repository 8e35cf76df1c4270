//! The accounts module's part of the adapter: its JSON API ([`api`], with its shapes in
//! [`dto`] and its description in [`AccountsApi`]), its pages ([`pages`]: signing in, the
//! start page, passwords, the first-run setup, the administration of accounts), the
//! lookups of its texts ([`texts`]) and how its errors are classed ([`errors`]).

pub mod api;
pub mod dto;
pub mod errors;
pub mod pages;
pub mod texts;

use axum::Router;
use utoipa::OpenApi;

use crate::core::state::AppState;
use api::{admin, links, me, password, second_factor, session};
use dto::RoleName;

/// The accounts API routes, relative to `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    api::routes()
}

/// The accounts page routes, merged at the root.
pub fn page_routes() -> Router<AppState> {
    pages::routes()
}

/// The OpenAPI description of the accounts API; `core::openapi` merges it into the one
/// served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    paths(
        session::sign_in,
        session::sign_out,
        session::sign_out_everywhere,
        me::me,
        me::accept_terms,
        links::links,
        links::link,
        links::unlink,
        links::admin_link,
        links::admin_unlink,
        password::change_password,
        password::reset_password,
        second_factor::totp_status,
        second_factor::start_totp,
        second_factor::confirm_totp,
        second_factor::disable_totp,
        second_factor::remove_totp,
        second_factor::second_factor_policy,
        second_factor::set_second_factor_policy,
        admin::accounts::create_account,
        admin::accounts::list_accounts,
        admin::accounts::account,
        admin::accounts::issue_reset_code,
        admin::accounts::erase_account,
        admin::co_accounts::add_co_account,
        admin::co_accounts::reset_co_account,
        admin::groups::create_group,
        admin::groups::groups,
        admin::groups::set_members,
        admin::audit::audit,
        admin::oidc::provider,
        admin::oidc::set_provider,
        admin::oidc::external_id,
        admin::oidc::set_external_id,
    ),
    // Schemas only named by query parameters are not collected by utoipa on its own;
    // without them their references would point nowhere.
    components(schemas(RoleName))
)]
pub struct AccountsApi;
