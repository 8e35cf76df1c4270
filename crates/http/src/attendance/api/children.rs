//! "My children": `GET /api/v1/children` (the pupils a parent follows), a child's absences
//! with their totals and notes, and parents' notes for a short illness.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use schoolbrug_kernel::AccountId;
use uuid::Uuid;

use crate::attendance::api::query_date;
use crate::attendance::dto::{
    ChildAbsencesView, ChildPupilView, CreatedNoteView, NoteRequest, PeriodQuery,
};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath, ApiQuery};
use crate::core::openapi::Problem;
use crate::core::paging::QueryErrors;
use crate::core::state::AppState;

/// The children the caller follows as a parent, by first name; none for a main account.
#[utoipa::path(
    get,
    path = "/api/v1/children",
    tag = "attendance",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The children", body = Vec<ChildPupilView>),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn children(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<Vec<ChildPupilView>>, ApiError> {
    let children = state.attendance.children(&session.actor).await?;
    Ok(Json(children.iter().map(ChildPupilView::from).collect()))
}

/// A child's absent half-days from `from` to `to` with their totals per official code,
/// the parents' notes of this school year and how many are left (its parents, the pupil
/// itself, and staff who may read its absences).
#[utoipa::path(
    get,
    path = "/api/v1/children/{pupil_id}/absences",
    tag = "attendance",
    params(("pupil_id" = Uuid, Path, description = "The child"), PeriodQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The child's absences", body = ChildAbsencesView),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No pupil the caller may read, or the id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from`/`to` not a date (`invalid`), `to` before `from` (`before_from`) or more \
than 400 days after it (`too_long`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn absences(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(pupil): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Json<ChildAbsencesView>, ApiError> {
    let mut errors = QueryErrors::default();
    let from = errors
        .take(query_date("from", query.from.as_deref()))
        .flatten();
    let to = errors.take(query_date("to", query.to.as_deref())).flatten();
    errors.finish()?;
    let child = state
        .attendance
        .child_absences(&session.actor, AccountId::from_uuid(pupil), from, to)
        .await?;
    Ok(Json(ChildAbsencesView::from(&child)))
}

/// Hands in a parents' note for the child's illness from `from` to `to` (inclusive):
/// every unexplained half-day of those dates becomes `Z`, and so does every half-day
/// registered on them later. Only a co-account of the child may.
#[utoipa::path(
    post,
    path = "/api/v1/children/{pupil_id}/absence-notes",
    tag = "attendance",
    params(("pupil_id" = Uuid, Path, description = "The child")),
    request_body = NoteRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Handed in", body = CreatedNoteView,
            headers(("Location" = String, description = "/api/v1/children/{pupil_id}/absences, which lists the note"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is no parent (`forbidden`), or a cookie-authenticated request \
from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's child, or the id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field: `to` (`too_long`: more calendar days than the school \
allows, 3, so a medical certificate is needed; `before_from`; `too_early`: more than a week ahead; \
`crosses_school_year`), `from` (`quota_reached`: the notes of this school year, 4, are used; `overlaps`: an \
earlier note covers one of the days; `too_late`: more than 30 days ago; `invalid`: not a date), `reason` \
(`unsupported_reason`: only `illness`), `text` (`too_long`: over 1,000 characters, `control_characters`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was handed in", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn hand_in_note(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(pupil): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NoteRequest>,
) -> Result<Response, ApiError> {
    let id = state
        .attendance
        .hand_in_note(
            &session.actor,
            AccountId::from_uuid(pupil),
            body.from,
            body.to,
            &body.reason,
            body.text,
        )
        .await?;
    let view = CreatedNoteView { id: id.into() };
    let mut response = (StatusCode::CREATED, Json(&view)).into_response();
    // A note has no address of its own: the child's absences list it.
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/children/{pupil}/absences")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
