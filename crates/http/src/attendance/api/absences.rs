//! `/api/v1/absences`: one pupil's half-day (written by its teachers and the absence
//! administrators), the absences the caller may read, and the audit of a pupil's
//! half-days (counsellors and absence administrators).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use schoolbrug_attendance::Half;
use schoolbrug_kernel::AccountId;
use uuid::Uuid;

use crate::attendance::api::query_date;
use crate::attendance::dto::{
    AbsenceRequest, AbsenceView, AbsencesQuery, AbsencesView, ChangeView, ChangesView, HalfName,
};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath, ApiQuery};
use crate::core::openapi::Problem;
use crate::core::paging::{QueryErrors, account_id, page_request};
use crate::core::state::AppState;

/// Registers one pupil's half-day with a code. An absence administrator's answer is
/// confirmed; a teacher's is not, and a teacher does not change a confirmed one.
#[utoipa::path(
    put,
    path = "/api/v1/absences/{pupil_id}/{date}/{half}",
    tag = "attendance",
    params(
        ("pupil_id" = Uuid, Path, description = "The pupil"),
        ("date" = NaiveDate, Path, description = "The date, `YYYY-MM-DD`"),
        ("half" = HalfName, Path, description = "`am` or `pm`"),
    ),
    request_body = AbsenceRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Registered"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A teacher changing a half-day an absence administrator confirmed \
(`forbidden`), or a cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pupil, or one the caller does not register; or a path value that is \
not a UUID, a date or a half", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date` (`not_a_school_day`, `in_the_future` for a teacher, `out_of_range`), \
`code` (`unknown_code`, `required`), `remark` (`too_long`, `control_characters`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was registered", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_absence(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath((pupil, date, half)): ApiPath<(Uuid, NaiveDate, Half)>,
    ApiJson(body): ApiJson<AbsenceRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .attendance
        .set_absence(
            &session.actor,
            AccountId::from_uuid(pupil),
            date,
            half,
            &body.code,
            body.remark,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks one pupil present on a half-day (removes its registration).
#[utoipa::path(
    delete,
    path = "/api/v1/absences/{pupil_id}/{date}/{half}",
    tag = "attendance",
    params(
        ("pupil_id" = Uuid, Path, description = "The pupil"),
        ("date" = NaiveDate, Path, description = "The date, `YYYY-MM-DD`"),
        ("half" = HalfName, Path, description = "`am` or `pm`"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Present"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A teacher changing a half-day an absence administrator confirmed \
(`forbidden`), or a cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pupil, or one the caller does not register; or a path value that is \
not a UUID, a date or a half", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`date` (`not_a_school_day`, `in_the_future` for a teacher, `out_of_range`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn clear_absence(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath((pupil, date, half)): ApiPath<(Uuid, NaiveDate, Half)>,
) -> Result<StatusCode, ApiError> {
    state
        .attendance
        .clear_absence(&session.actor, AccountId::from_uuid(pupil), date, half)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The absent half-days the caller may read, of one pupil or of all: everyone's for
/// counsellors and absence administrators, its classes' for a teacher, its own for a
/// pupil, its children's for a parent.
#[utoipa::path(
    get,
    path = "/api/v1/absences",
    tag = "attendance",
    params(AbsencesQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of the half-days, by pupil, date and half", body = AbsencesView),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`pupil` is no pupil the caller may read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`pupil` not a UUID, `from`/`to` not a date (`invalid`), `to` before `from` \
(`before_from`) or more than 400 days after it (`too_long`), `limit` not 1–200, `after` not a cursor of \
this list (`malformed_cursor`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn absences(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<AbsencesQuery>,
) -> Result<Json<AbsencesView>, ApiError> {
    let mut errors = QueryErrors::default();
    let pupil = errors
        .take(account_id("pupil", query.pupil.as_deref()))
        .flatten();
    let from = errors
        .take(query_date("from", query.from.as_deref()))
        .flatten();
    let to = errors.take(query_date("to", query.to.as_deref())).flatten();
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let found = state
        .attendance
        .absences(&session.actor, pupil, from, to, &page)
        .await?;
    Ok(Json(AbsencesView {
        items: found.items.iter().map(AbsenceView::from).collect(),
        next: found.next,
    }))
}

/// Who changed which half-day of a pupil from what to what (counsellors and absence
/// administrators).
#[utoipa::path(
    get,
    path = "/api/v1/absences/{pupil_id}/changes",
    tag = "attendance",
    params(("pupil_id" = Uuid, Path, description = "The pupil")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The changes, newest first", body = ChangesView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pupil, the caller is neither a counsellor nor an absence \
administrator, or the id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn changes(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(pupil): ApiPath<Uuid>,
) -> Result<Json<ChangesView>, ApiError> {
    let changes = state
        .attendance
        .changes(&session.actor, AccountId::from_uuid(pupil))
        .await?;
    Ok(Json(ChangesView {
        items: changes.iter().map(ChangeView::from).collect(),
    }))
}
