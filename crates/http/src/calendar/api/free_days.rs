//! `/api/v1/admin/free-days`: the school's free days and holidays, kept by the calendar (role `admin`; anyone
//! else is told "not found" by the domain). With weekends they are the days that do not
//! count for the 48-hour rules.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_kernel::{FieldError, FreeDayPeriod};

use crate::calendar::dto::{FreeDayPeriodView, FreeDaysView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The most periods one school may enter.
pub const MAX_PERIODS: usize = 1_000;

/// The school's free-day periods, by start date.
#[utoipa::path(
    get,
    path = "/api/v1/admin/free-days",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The periods, dates inclusive", body = FreeDaysView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn free_days(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<FreeDaysView>, ApiError> {
    let periods = state.calendar.free_days(&session.actor).await?;
    Ok(Json(FreeDaysView {
        periods: periods
            .into_iter()
            .map(|p| FreeDayPeriodView {
                from: p.from,
                to: p.to,
                name: p.name,
            })
            .collect(),
    }))
}

/// Replaces the school's free days with this list (dates inclusive). Reply-due times of
/// messages already delivered keep the value they were given.
#[utoipa::path(
    put,
    path = "/api/v1/admin/free-days",
    tag = "admin",
    request_body = FreeDaysView,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Replaced"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`periods[i].to` before `from` (`before_from`), `periods[i].name` blank or over 100 \
characters, a date that is not `YYYY-MM-DD` (`periods[i].from`/`to`), or more than 1000 periods (`periods`: `too_many`)",
            body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn replace_free_days(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<FreeDaysView>,
) -> Result<StatusCode, ApiError> {
    if body.periods.len() > MAX_PERIODS {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "periods",
            "too_many",
            "at most 1000 periods",
        )]));
    }
    let periods = body
        .periods
        .into_iter()
        .map(|p| FreeDayPeriod {
            from: p.from,
            to: p.to,
            name: p.name,
        })
        .collect();
    state
        .calendar
        .replace_free_days(&session.actor, periods)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
