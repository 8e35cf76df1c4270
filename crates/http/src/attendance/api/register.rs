//! The class register: `GET /api/v1/classes` (the classes the caller registers) and
//! `/api/v1/classes/{group_id}/register/{date}/{half}` (one half-day of a class, read and
//! written by its teachers and the absence administrators).

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use schoolbrug_attendance::Half;
use schoolbrug_attendance::service::AbsentPupil;
use schoolbrug_kernel::{AccountId, GroupId};
use uuid::Uuid;

use crate::attendance::dto::{
    ClassView, ClassesView, HalfName, RegisterPupilView, RegisterRequest, RegisterView,
    RegisteredView,
};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The classes the caller registers: every class for an absence administrator, the
/// classes a teacher is in, none for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/classes",
    tag = "attendance",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The classes, by name", body = ClassesView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn classes(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<ClassesView>, ApiError> {
    let classes = state.attendance.register_classes(&session.actor).await?;
    Ok(Json(ClassesView {
        items: classes
            .iter()
            .map(|(id, name)| ClassView::of(*id, name))
            .collect(),
    }))
}

/// One half-day of a class: every pupil, absent ones with their code.
#[utoipa::path(
    get,
    path = "/api/v1/classes/{group_id}/register/{date}/{half}",
    tag = "attendance",
    params(
        ("group_id" = Uuid, Path, description = "The class"),
        ("date" = NaiveDate, Path, description = "The date, `YYYY-MM-DD`"),
        ("half" = HalfName, Path, description = "`am` or `pm`"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The register", body = RegisterView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class, or one the caller does not register; or a path value that is \
not a UUID, a date or a half", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn register(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath((class, date, half)): ApiPath<(Uuid, NaiveDate, Half)>,
) -> Result<Json<RegisterView>, ApiError> {
    let day = state
        .attendance
        .class_half_day(&session.actor, GroupId::from_uuid(class), date, half)
        .await?;
    let by_pupil: HashMap<AccountId, _> = day.registrations.iter().map(|r| (r.pupil, r)).collect();
    Ok(Json(RegisterView {
        class: ClassView::of(day.class.id, &day.class.name),
        date,
        half: half.into(),
        pupils: day
            .class
            .pupils
            .iter()
            .map(|p| RegisterPupilView::of(p, by_pupil.get(&p.id).copied()))
            .collect(),
    }))
}

/// Registers one half-day of a class: the pupils in `absent` are absent, every other
/// pupil of the class present. A confirmed half-day stays as it is unless an absence
/// administrator writes it. The parents of a pupil left unexplained (`?` or `B`) are
/// alerted once per half-day, unless a parents' note covers the day (it is registered
/// `Z` then).
#[utoipa::path(
    put,
    path = "/api/v1/classes/{group_id}/register/{date}/{half}",
    tag = "attendance",
    params(
        ("group_id" = Uuid, Path, description = "The class"),
        ("date" = NaiveDate, Path, description = "The date, `YYYY-MM-DD`"),
        ("half" = HalfName, Path, description = "`am` or `pm`"),
    ),
    request_body = RegisterRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Registered", body = RegisteredView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class, or one the caller does not register; or a path value that is \
not a UUID, a date or a half", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field: `date` (`not_a_school_day`, `in_the_future` for a \
teacher, `out_of_range`), `absent[i].pupil` (`not_in_class`, `duplicate`, `invalid`: not a UUID), `absent[i].code` \
(`unknown_code`), `absent[i].remark` (`too_long`: over 500 characters, `control_characters`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was registered", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn write_register(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath((class, date, half)): ApiPath<(Uuid, NaiveDate, Half)>,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<Json<RegisteredView>, ApiError> {
    let absent = body
        .absent
        .into_iter()
        .map(|a| AbsentPupil {
            pupil: AccountId::from_uuid(a.pupil),
            code: a.code,
            remark: a.remark,
        })
        .collect();
    let outcome = state
        .attendance
        .register_class(
            &session.actor,
            GroupId::from_uuid(class),
            date,
            half,
            absent,
        )
        .await?;
    Ok(Json(RegisteredView {
        absent: outcome.absent,
    }))
}
