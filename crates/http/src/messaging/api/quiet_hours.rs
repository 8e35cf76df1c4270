//! `/api/v1/admin/quiet-hours`: the school's quiet hours (role `admin`; anyone else is
//! told "not found" by the domain). Forwards by e-mail made in quiet time wait until it
//! ends, unless the sender marked the message urgent.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveTime;
use schoolbrug_kernel::FieldError;
use schoolbrug_messaging::QuietHours;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;
use crate::messaging::dto::QuietHoursView;

/// Reads a local time written `HH:MM` (24-hour clock, two digits each).
///
/// # Errors
/// A field error on `field` (`invalid`) for anything else.
pub(crate) fn parse_time(field: &str, raw: &str) -> Result<NaiveTime, FieldError> {
    let raw = raw.trim();
    let shaped = raw.len() == 5
        && raw.as_bytes()[2] == b':'
        && raw
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit());
    shaped
        .then(|| NaiveTime::parse_from_str(raw, "%H:%M").ok())
        .flatten()
        .ok_or_else(|| FieldError::new(field, "invalid", "a time of day as HH:MM, 00:00 to 23:59"))
}

/// The school's quiet hours, or `null` when it has none.
#[utoipa::path(
    get,
    path = "/api/v1/admin/quiet-hours",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The quiet hours (local times of the school's time zone), or `null` for none",
            body = Option<QuietHoursView>),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn quiet_hours(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<Option<QuietHoursView>>, ApiError> {
    let quiet = state.messaging.quiet_hours(&session.actor).await?;
    Ok(Json(quiet.map(QuietHoursView::from)))
}

/// Sets the school's quiet hours; `null` removes them. They apply to forwards of messages
/// sent from then on; forwards already waiting keep their time.
#[utoipa::path(
    put,
    path = "/api/v1/admin/quiet-hours",
    tag = "admin",
    request_body(content = Option<QuietHoursView>, description = "The quiet hours, or `null` for none"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`start` or `end` is not a time `HH:MM` (`invalid`), `end` equals `start` \
(`same_as_start`), or a field is missing (`required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_quiet_hours(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<Option<QuietHoursView>>,
) -> Result<StatusCode, ApiError> {
    let quiet = match body {
        None => None,
        Some(view) => {
            let start = parse_time("start", &view.start);
            let end = parse_time("end", &view.end);
            match (start, end) {
                (Ok(start), Ok(end)) => Some(QuietHours {
                    start,
                    end,
                    weekends: view.weekends,
                    free_days: view.free_days,
                }),
                (start, end) => {
                    return Err(ApiError::Invalid(
                        [start.err(), end.err()].into_iter().flatten().collect(),
                    ));
                }
            }
        }
    };
    state
        .messaging
        .set_quiet_hours(&session.actor, quiet)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_hh_mm_is_a_time() {
        assert_eq!(
            parse_time("start", "20:00").unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap()
        );
        assert_eq!(
            parse_time("end", " 07:30 ").unwrap(),
            NaiveTime::from_hms_opt(7, 30, 0).unwrap()
        );
        for bad in [
            "7:00", "24:00", "12:60", "20:00:00", "2000", "ab:cd", "", "+1:00",
        ] {
            let e = parse_time("start", bad).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("start", "invalid"),
                "{bad}"
            );
        }
    }
}
