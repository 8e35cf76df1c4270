//! `/api/v1/admin/groups`: classes and other groups — create, list, set the members.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_kernel::{AccountId, GroupId};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::dto::{GroupKindName, GroupList, GroupView};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A class or group to create.
#[derive(Deserialize, ToSchema)]
pub struct NewGroupRequest {
    /// Its name, unique in the school: 1–100 characters (surrounding whitespace is
    /// ignored).
    #[schema(
        example = "3A",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,98}[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
    /// `class` or `group`.
    #[schema(value_type = GroupKindName)]
    pub kind: String,
}

/// Creates a class or group.
#[utoipa::path(
    post,
    path = "/api/v1/admin/groups",
    tag = "admin",
    request_body = NewGroupRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = GroupView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`code`: `group_name_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A blank or too long name, an unknown kind", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_group(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<NewGroupRequest>,
) -> Result<(StatusCode, Json<GroupView>), ApiError> {
    let group = state
        .accounts
        .create_group(&session.actor, &body.name, &body.kind)
        .await?;
    Ok((StatusCode::CREATED, Json(GroupView::from(&group))))
}

/// The school's classes and groups.
#[utoipa::path(
    get,
    path = "/api/v1/admin/groups",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Every group of the school", body = GroupList),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn groups(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<GroupList>, ApiError> {
    let groups = state.accounts.groups(&session.actor).await?;
    Ok(Json(GroupList {
        items: groups.iter().map(GroupView::from).collect(),
        next: None,
    }))
}

/// A group's members.
#[derive(Deserialize, ToSchema)]
pub struct MembersRequest {
    /// The account ids of every member (the list replaces the current one), at most 5000.
    #[schema(max_items = 5000)]
    pub members: Vec<Uuid>,
}

/// The most members one request may set.
const MAX_MEMBERS: usize = 5_000;

/// Replaces a group's members.
#[utoipa::path(
    put,
    path = "/api/v1/admin/groups/{id}/members",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The group's id")),
    request_body = MembersRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "The members are replaced"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such group, or a member that is not an account of the school (nothing changes), or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`members` missing, not a list of UUIDs, or longer than 5000", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_members(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(group): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MembersRequest>,
) -> Result<StatusCode, ApiError> {
    if body.members.len() > MAX_MEMBERS {
        return Err(ApiError::Invalid(vec![schoolbrug_kernel::FieldError::new(
            "members",
            "too_many",
            "at most 5000 members per request",
        )]));
    }
    let members: Vec<AccountId> = body.members.into_iter().map(AccountId::from_uuid).collect();
    state
        .accounts
        .set_group_members(&session.actor, GroupId::from_uuid(group), &members)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
