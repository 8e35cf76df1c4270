//! `/api/v1/calendar/activities`: planning (staff), reading, changing and cancelling (the
//! planner or an admin) activities.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use schoolbrug_kernel::ActivityId;
use uuid::Uuid;

use crate::calendar::dto::{ActivityRequest, ActivityView, CreatedView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// Plans an activity. Teachers and counsellors plan for the groups they are in; admins
/// for any group, the whole school or a role.
#[utoipa::path(
    post,
    path = "/api/v1/calendar/activities",
    tag = "calendar",
    request_body = ActivityRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Planned", body = CreatedView,
            headers(("Location" = String, description = "/api/v1/calendar/activities/{id}"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Pupils and co-accounts do not plan (`forbidden`), or a cookie-authenticated \
request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field: `title` (`blank`, `too_long`, `control_character`), \
`description`/`location` (`too_long`, `control_character`), `start`/`end` (`invalid`), `end` (`before_start`, \
`too_long`: over 31 days), `audience` (`required`, `not_allowed`, `too_many`), `audience[i]` (`invalid_audience`), \
`audience[i].group` (`invalid`), `audience[i].role` (`unknown_role`), `repeat.every_weeks` (`unsupported`), \
`repeat.until` (`before_start`, `too_long`: over 400 days), `repeat.except` (`too_many`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was planned", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn plan(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<ActivityRequest>,
) -> Result<Response, ApiError> {
    let draft = body.into_draft().map_err(ApiError::Invalid)?;
    let id = state.calendar.plan(&session.actor, draft).await?;
    let view = CreatedView { id: id.into() };
    let mut response = (StatusCode::CREATED, Json(&view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/calendar/activities/{}", view.id))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One activity in the caller's calendar, as planned (times in the school's zone).
#[utoipa::path(
    get,
    path = "/api/v1/calendar/activities/{id}",
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The activity")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The activity", body = ActivityView),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity in the caller's calendar", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn activity(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ActivityView>, ApiError> {
    let activity = state
        .calendar
        .activity(&session.actor, ActivityId::from_uuid(id))
        .await?;
    let zone = state.calendar.time_zone(&session.actor).await?;
    Ok(Json(ActivityView::of(&activity, zone)))
}

/// Changes an activity (its planner or an admin): subscribed calendars see the change
/// (its `SEQUENCE` moves on).
#[utoipa::path(
    put,
    path = "/api/v1/calendar/activities/{id}",
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The activity")),
    request_body = ActivityRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity, or the caller is neither its planner nor an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed by someone else meanwhile (`activity_changed`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field, as when planning", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing changed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn change(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<ActivityRequest>,
) -> Result<StatusCode, ApiError> {
    let draft = body.into_draft().map_err(ApiError::Invalid)?;
    state
        .calendar
        .change(&session.actor, ActivityId::from_uuid(id), draft)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Cancels an activity (its planner or an admin): it leaves every calendar and feed.
#[utoipa::path(
    delete,
    path = "/api/v1/calendar/activities/{id}",
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The activity")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity, or the caller is neither its planner nor an admin", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .calendar
        .cancel(&session.actor, ActivityId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
