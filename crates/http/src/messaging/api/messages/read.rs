//! Reading messages: the folders, one message (opening it sets the caller's read
//! receipt), the read receipts for the sender, the unread count and the address book.

use axum::Json;
use axum::extract::State;
use schoolbrug_kernel::{FieldError, MessageId};
use schoolbrug_messaging::MessageView as DomainView;
use schoolbrug_messaging::model::Folder;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiPath, ApiQuery};
use crate::core::openapi::Problem;
use crate::core::paging::{self, QueryErrors, one_of, page_request};
use crate::core::state::AppState;
use crate::messaging::dto::{
    AddressBookView, FolderName, MessageList, MessageView, ReceiptList, UnreadCount,
};

/// The longest search text accepted, as sent.
const MAX_QUERY_CHARS: usize = 200;

/// Which folder page to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessagesQuery {
    /// `inbox` (default), `sent`, `trash` or `awaiting_reply` (received, a reply asked and
    /// not given yet, with `reply_due_at`).
    #[param(value_type = Option<FolderName>)]
    pub folder: Option<String>,
    /// Only messages whose subject or body contain this text; blank means no filter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// One page of a folder, newest first. Listing never sets a read receipt.
#[utoipa::path(
    get,
    path = "/api/v1/messages",
    tag = "messages",
    params(MessagesQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of the folder. `from` is the sender's name, or `null` for a system \
notice (`system: true`) or a deleted account (`from_deleted: true`, the sender's account was erased). The sent folder \
adds `recipients` and `read` (counts)", body = MessageList),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `folder` (`unknown_folder`), `q` (`too_long`), `limit` (`invalid`) or \
`after` (`malformed_cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<MessagesQuery>,
) -> Result<Json<MessageList>, ApiError> {
    let mut errors = QueryErrors::default();
    // A refused folder is reported by `finish` below; the default only fills the gap.
    let folder = errors
        .take(one_of(query.folder.as_deref(), Folder::parse, || {
            FieldError::new(
                "folder",
                "unknown_folder",
                "one of inbox, sent, trash, awaiting_reply",
            )
        }))
        .flatten()
        .unwrap_or(Folder::Inbox);
    let text = errors
        .take(paging::text("q", query.q.as_deref(), MAX_QUERY_CHARS))
        .flatten();
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let found = state
        .messaging
        .list(&session.actor, folder, text, &page)
        .await?;
    Ok(Json(MessageList::from(found)))
}

/// A message as the caller may see it. A recipient's first opening sets its read receipt
/// (nothing else does: not the sender, not an admin, not a listing); opening again keeps
/// the first time.
#[utoipa::path(
    get,
    path = "/api/v1/messages/{id}",
    tag = "messages",
    params(("id" = Uuid, Path, description = "The message's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The message: `mine` is `received` (the caller's copy; `recipients` and `groups` \
show only what it may see: a blind copy sees itself and its group's label) or `sent` (every named recipient, every \
label, `recipient_count` and `read_count`)", body = MessageView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller neither received nor sent it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn open(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<MessageView>, ApiError> {
    let id = MessageId::from_uuid(id);
    match state.messaging.open(&session.actor, id).await? {
        DomainView::Received(received) => Ok(Json(MessageView::received(&received))),
        DomainView::Sent(message) => {
            let counts = state.messaging.receipt_counts(&session.actor, id).await?;
            Ok(Json(MessageView::sent(&message, counts)))
        }
    }
}

/// Which page of receipts to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptsQuery {
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// The read receipts of a message the caller sent, one page at a time by recipient name:
/// per recipient, whether and when it was opened. Nobody but the sender sees them. (The
/// counts are on the message itself: `recipient_count`, `read_count`.)
#[utoipa::path(
    get,
    path = "/api/v1/messages/{id}/receipts",
    tag = "messages",
    params(("id" = Uuid, Path, description = "The message's id"), ReceiptsQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of receipts, by recipient name", body = ReceiptList),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller did not send it (recipients and admins included)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `limit` (`invalid`) or `after` (`malformed_cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn receipts(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ReceiptsQuery>,
) -> Result<Json<ReceiptList>, ApiError> {
    let mut errors = QueryErrors::default();
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let receipts = state
        .messaging
        .receipts(&session.actor, MessageId::from_uuid(id), &page)
        .await?;
    Ok(Json(ReceiptList::from(receipts)))
}

/// How many messages in the caller's inbox are unread.
#[utoipa::path(
    get,
    path = "/api/v1/messages/unread-count",
    tag = "messages",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The count", body = UnreadCount),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn unread_count(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<UnreadCount>, ApiError> {
    let unread = state.messaging.unread_count(&session.actor).await?;
    Ok(Json(UnreadCount { unread }))
}

/// Whom the caller may write to, for a recipient picker: the school's staff for everyone;
/// its pupils and groups for staff only.
#[utoipa::path(
    get,
    path = "/api/v1/messages/address-book",
    tag = "messages",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The address book", body = AddressBookView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn address_book(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<AddressBookView>, ApiError> {
    let book = state.messaging.address_book(&session.actor).await?;
    Ok(Json(AddressBookView::from(book)))
}
