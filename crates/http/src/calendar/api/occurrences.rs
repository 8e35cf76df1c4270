//! `GET /api/v1/calendar`: the caller's calendar between two dates.

use axum::Json;
use axum::extract::{Query, State};
use chrono::{Duration, NaiveDate};
use schoolbrug_kernel::FieldError;

use crate::calendar::dto::{CalendarQuery, CalendarView, OccurrenceView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The caller's calendar from `from` to `to` (dates inclusive): the activities its
/// audience reaches, each repeat laid out, and the school's free days. A co-account sees
/// its child's calendar, every item labelled with the child.
#[utoipa::path(
    get,
    path = "/api/v1/calendar",
    tag = "calendar",
    params(CalendarQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The items, by start", body = CalendarView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from`/`to` not a date (`invalid`), `to` before `from` (`before_from`) or more \
than 400 days after it (`too_long`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn calendar(
    State(state): State<AppState>,
    session: Authenticated,
    Query(query): Query<CalendarQuery>,
) -> Result<Json<CalendarView>, ApiError> {
    let parse = |raw: &Option<String>, field: &str| -> Result<Option<NaiveDate>, ApiError> {
        raw.as_deref()
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                    ApiError::Invalid(vec![FieldError::new(
                        field,
                        "invalid",
                        "a date as YYYY-MM-DD",
                    )])
                })
            })
            .transpose()
    };
    let from = match parse(&query.from, "from")? {
        Some(from) => from,
        None => state.calendar.today_for(&session.actor).await?,
    };
    let to = parse(&query.to, "to")?.unwrap_or(from + Duration::days(30));
    let zone = state.calendar.time_zone(&session.actor).await?;
    let items = state
        .calendar
        .occurrences(&session.actor, from, to)
        .await?
        .iter()
        .map(|o| OccurrenceView::of(o, zone))
        .collect();
    Ok(Json(CalendarView { items }))
}
