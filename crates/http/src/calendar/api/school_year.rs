//! `/api/v1/admin/school-year`: the school year (role `admin`; anyone else is told "not
//! found"). It is the window of the private feeds; unset, it runs from 1 September to
//! 31 August.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_calendar::{CalendarError, SchoolYear};

use crate::calendar::dto::SchoolYearView;
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The school year: the one the school set, or 1 September to 31 August around today.
#[utoipa::path(
    get,
    path = "/api/v1/admin/school-year",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The school year, dates inclusive", body = SchoolYearView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn school_year(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<SchoolYearView>, ApiError> {
    if !session.actor.is_admin() {
        return Err(CalendarError::NotFound.into());
    }
    let year = state.calendar.school_year(&session.actor).await?;
    Ok(Json(SchoolYearView {
        starts_on: year.starts_on,
        ends_on: year.ends_on,
    }))
}

/// Sets the school year.
#[utoipa::path(
    put,
    path = "/api/v1/admin/school-year",
    tag = "admin",
    request_body = SchoolYearView,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`ends_on` before `starts_on` (`before_start`) or more than 400 days after it \
(`too_long`); a date that is not `YYYY-MM-DD`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_school_year(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<SchoolYearView>,
) -> Result<StatusCode, ApiError> {
    let year =
        SchoolYear::new(body.starts_on, body.ends_on).map_err(|e| ApiError::Invalid(vec![e]))?;
    state.calendar.set_school_year(&session.actor, year).await?;
    Ok(StatusCode::NO_CONTENT)
}
