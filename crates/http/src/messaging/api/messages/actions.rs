//! What a recipient does with its copy of a message: report it as misdirected, move it to
//! the trash and back.

use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_kernel::MessageId;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiPath;
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// Reports a message received by mistake: its sender gets a system notice naming the
/// message and the reporter. Reporting it again tells the sender nothing new.
#[utoipa::path(
    post,
    path = "/api/v1/messages/{id}/misdirected",
    tag = "messages",
    params(("id" = Uuid, Path, description = "The message's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 202, description = "Reported; the sender is told"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller did not receive it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn report_misdirected(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .messaging
        .report_misdirected(&session.actor, MessageId::from_uuid(id))
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// Moves the caller's copy of a received message to the trash (the other recipients'
/// copies and the sender's sent folder do not change).
#[utoipa::path(
    delete,
    path = "/api/v1/messages/{id}",
    tag = "messages",
    params(("id" = Uuid, Path, description = "The message's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "In the trash"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller did not receive it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn trash(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .messaging
        .trash(&session.actor, MessageId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings the caller's copy back from the trash to the inbox.
#[utoipa::path(
    post,
    path = "/api/v1/messages/{id}/restore",
    tag = "messages",
    params(("id" = Uuid, Path, description = "The message's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Back in the inbox"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller did not receive it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn restore(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .messaging
        .restore(&session.actor, MessageId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
