//! `GET /api/v1/admin/audit`: the school's security events, newest first.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::accounts::dto::AuditList;
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiQuery;
use crate::core::openapi::Problem;
use crate::core::paging::{QueryErrors, account_id, page_request};
use crate::core::state::AppState;

/// Which events to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only the events of this account.
    #[param(value_type = Option<String>, format = Uuid)]
    pub account: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// The school's security events (sign-ins, failed sign-ins, password changes, codes,
/// erasures…), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    tag = "admin",
    params(AuditQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of events", body = AuditList),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `account`, `limit` or `after`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn audit(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditList>, ApiError> {
    let mut errors = QueryErrors::default();
    let account = errors
        .take(account_id("account", query.account.as_deref()))
        .flatten();
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let events = state
        .accounts
        .audit_events(&session.actor, account, &page)
        .await?;
    Ok(Json(AuditList::from(events)))
}
