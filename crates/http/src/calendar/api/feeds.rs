//! `/api/v1/calendar/feeds`: the caller's private iCalendar feeds. A feed's link holds a
//! secret shown once, when it is made or renewed; revoking it makes the link answer 404.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use schoolbrug_calendar::{Feed, FeedToken};
use schoolbrug_kernel::{AccountId, FeedId};
use uuid::Uuid;

use crate::calendar::dto::{FeedView, NewFeedRequest, NewFeedView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The link a calendar app subscribes to.
pub(crate) fn feed_url(state: &AppState, token: &FeedToken) -> String {
    format!(
        "{}/calendar/feed/{}.ics",
        state.config.public_url.trim_end_matches('/'),
        token.expose()
    )
}

/// The caller's feeds (without their links).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/feeds",
    tag = "calendar",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The feeds, oldest first", body = Vec<FeedView>),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn feeds(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<Vec<FeedView>>, ApiError> {
    let feeds = state.calendar.feeds(&session.actor).await?;
    Ok(Json(feeds.iter().map(FeedView::from).collect()))
}

/// Makes the caller's feed (a co-account's shows its child's calendar). The answer holds
/// the link, shown this once. The body is `{}`, or names the co-account's child.
#[utoipa::path(
    post,
    path = "/api/v1/calendar/feeds",
    tag = "calendar",
    request_body = NewFeedRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Made; `url` is shown once", body = NewFeedView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`child` is not the caller's child", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller has a feed already (`feed_exists`): renew it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`child` is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_feed(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(request): ApiJson<NewFeedRequest>,
) -> Result<Response, ApiError> {
    let (feed, token): (Feed, FeedToken) = state
        .calendar
        .create_feed(&session.actor, request.child.map(AccountId::from_uuid))
        .await?;
    let view = NewFeedView {
        id: feed.id.into(),
        url: feed_url(&state, &token),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Gives the caller's feed a new link; the old one answers 404 from now on.
#[utoipa::path(
    post,
    path = "/api/v1/calendar/feeds/{id}/renew",
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The feed")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Renewed; `url` is shown once", body = NewFeedView),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's feeds", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn renew_feed(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let token = state
        .calendar
        .renew_feed(&session.actor, FeedId::from_uuid(id))
        .await?;
    let view = NewFeedView {
        id,
        url: feed_url(&state, &token),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Revokes the caller's feed: its link answers 404 from now on.
#[utoipa::path(
    delete,
    path = "/api/v1/calendar/feeds/{id}",
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The feed")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's feeds", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn revoke_feed(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .calendar
        .revoke_feed(&session.actor, FeedId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
