//! `GET /api/v1/start`: the start page in one request.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::calendar::dto::OccurrenceView;
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::openapi::Problem;
use crate::core::state::AppState;
use crate::messaging::dto::NewsItemView;

/// The start page's routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/start", get(start))
}

/// The OpenAPI description of the start page.
#[derive(OpenApi)]
#[openapi(paths(start))]
pub struct StartApi;

/// An item of the coming two weeks, and whether it changed since the previous visit.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UpcomingView {
    /// The item.
    #[serde(flatten)]
    pub occurrence: OccurrenceView,
    /// Planned or changed since the previous visit.
    pub changed: bool,
}

/// What is new and what is coming.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StartView {
    /// Pinned news, and news published since the previous visit (pinned first, newest
    /// first).
    pub news: Vec<NewsItemView>,
    /// The calendar of the coming 14 days, by start.
    pub upcoming: Vec<UpcomingView>,
    /// Unread messages in the inbox.
    pub unread_messages: u64,
    /// Messages awaiting the caller's reply.
    pub replies_due: u64,
    /// The previous visit of the start page (two weeks ago the first time): "new" means
    /// newer than this.
    pub since: DateTime<Utc>,
}

/// The caller's start page: pinned and new news, the next 14 days of its calendar, its
/// unread messages and replies due, and since when all that is new. Each call records a
/// visit: the next one counts from now.
#[utoipa::path(
    get,
    path = "/api/v1/start",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The start page", body = StartView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn start(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<StartView>, ApiError> {
    let start = super::gather(&state, &session.actor)
        .await
        .map_err(ApiError::Domain)?;
    Ok(Json(StartView {
        news: start.news.iter().map(NewsItemView::from).collect(),
        upcoming: start
            .upcoming
            .iter()
            .map(|o| UpcomingView {
                occurrence: OccurrenceView::of(o, start.zone),
                changed: start.changed(o),
            })
            .collect(),
        unread_messages: start.unread_messages,
        replies_due: start.replies_due,
        since: start.since,
    }))
}
