//! The messaging module's part of the adapter: its JSON API ([`api`], with its shapes in
//! [`dto`] and its description in [`MessagingApi`]), its pages ([`pages`]: the folders,
//! reading and writing messages, the news, notification settings, quiet hours, the mail
//! queue), the lookups of its texts ([`texts`]) and how its errors are classed
//! ([`errors`]).

pub mod api;
pub(crate) mod confirmation;
pub mod dto;
pub mod errors;
pub mod pages;
pub mod texts;

use axum::Router;
use utoipa::OpenApi;

use crate::core::state::AppState;
use api::{messages, news, notification_settings, outbox, quiet_hours};
use dto::{FolderName, OutboxStatusName};

/// The messaging API routes, relative to `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    api::routes()
}

/// The messaging page routes, merged at the root.
pub fn page_routes() -> Router<AppState> {
    pages::routes()
}

/// The OpenAPI description of the messaging API; `core::openapi` merges it into the one
/// served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    paths(
        quiet_hours::quiet_hours,
        quiet_hours::set_quiet_hours,
        outbox::outbox,
        notification_settings::settings,
        notification_settings::change_settings,
        notification_settings::confirm_forward_email,
        messages::send::send,
        messages::read::list,
        messages::read::open,
        messages::read::receipts,
        messages::read::unread_count,
        messages::read::address_book,
        messages::actions::report_misdirected,
        messages::actions::trash,
        messages::actions::restore,
        news::list,
        news::publish,
        news::open,
        news::edit,
        news::withdraw,
    ),
    // Schemas only named by query parameters are not collected by utoipa on its own;
    // without them their references would point nowhere.
    components(schemas(FolderName, OutboxStatusName))
)]
pub struct MessagingApi;
