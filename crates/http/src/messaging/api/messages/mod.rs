//! `/api/v1/messages`: sending (with blind copies for groups and roles), the folders, a
//! message as the caller may see it (opening sets the read receipt), read receipts for
//! the sender, misdirected reports, the trash, the unread count and the address book.
//!
//! Every rule (who may write to whom, who may see what, the 48-hour rules) is the
//! messaging domain's; these handlers turn JSON into its calls and its answers into JSON.
//! What the caller may not see answers 404, exactly as what does not exist.

pub(crate) mod actions;
pub(crate) mod read;
pub(crate) mod send;

use axum::Router;
use axum::routing::{get, post};

use crate::core::state::AppState;

/// The message routes, relative to `/api/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/messages", post(send::send).get(read::list))
        .route("/messages/unread-count", get(read::unread_count))
        .route("/messages/address-book", get(read::address_book))
        .route("/messages/{id}", get(read::open).delete(actions::trash))
        .route("/messages/{id}/receipts", get(read::receipts))
        .route(
            "/messages/{id}/misdirected",
            post(actions::report_misdirected),
        )
        .route("/messages/{id}/restore", post(actions::restore))
}
