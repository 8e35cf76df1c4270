//! `GET /api/v1/admin/outbox`: the school's mail queue (role `admin`; anyone else is told
//! "not found" by the domain): forwards by e-mail waiting, sent, and failed for good with
//! the mail server's answer.

use axum::Json;
use axum::extract::State;
use schoolbrug_kernel::FieldError;
use schoolbrug_messaging::model::OutboxStatus;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiQuery;
use crate::core::openapi::Problem;
use crate::core::paging::{QueryErrors, one_of, page_request};
use crate::core::state::AppState;
use crate::messaging::dto::{OutboxList, OutboxStatusName};

/// Which rows to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// `waiting` (default), `sent` or `failed`.
    #[param(value_type = Option<OutboxStatusName>)]
    pub status: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// The `?status=` of the mail queue (`waiting` when left out).
///
/// # Errors
/// A field error on `status` (`unknown_status`) for anything else.
pub(crate) fn status(raw: Option<&str>) -> Result<OutboxStatus, FieldError> {
    one_of(raw, OutboxStatus::parse, || {
        FieldError::new("status", "unknown_status", "one of waiting, sent, failed")
    })
    .map(|status| status.unwrap_or(OutboxStatus::Waiting))
}

/// One page of the school's mail queue with one status, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/outbox",
    tag = "admin",
    params(OutboxQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of rows. `waiting` rows carry `next_attempt_at` (held by quiet hours, \
or to be retried after a temporary failure, with `last_error`); `sent` and `failed` rows carry `finished_at`, and \
`failed` rows the mail server's answer in `last_error`", body = OutboxList),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `status` (`unknown_status`), `limit` (`invalid`) or `after` \
(`malformed_cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn outbox(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<OutboxQuery>,
) -> Result<Json<OutboxList>, ApiError> {
    let mut errors = QueryErrors::default();
    let status = errors
        .take(status(query.status.as_deref()))
        .unwrap_or(OutboxStatus::Waiting);
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let rows = state
        .messaging
        .outbox(&session.actor, status, &page)
        .await?;
    Ok(Json(OutboxList::from(rows)))
}
