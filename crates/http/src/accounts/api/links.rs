//! Links between co-accounts (one parent, a co-account per child): `GET`, `POST
//! /api/v1/me/links` and `DELETE /api/v1/me/links/{id}` for the co-account itself;
//! `POST /api/v1/admin/accounts/{id}/links` and `DELETE
//! /api/v1/admin/accounts/{id}/links/{other}` for an admin. Linking checks the other
//! co-account's password as sign-in does, against sign-in's throttle (the domain's
//! `Accounts::link_co_account`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_accounts::LinkCoAccount;
use schoolbrug_kernel::AccountId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::auth::{Authenticated, ClientAddr};
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A co-account linked to the signed-in one.
#[derive(Serialize, ToSchema)]
pub struct LinkView {
    /// The linked co-account's id.
    pub id: Uuid,
    /// Its first name.
    pub first_name: String,
    /// Its last name.
    pub last_name: String,
    /// The pupil it is a co-account of.
    pub pupil: Uuid,
    /// That pupil's first and last name.
    #[schema(example = "Wout Peeters")]
    pub pupil_name: String,
}

/// The co-accounts linked to the signed-in one.
#[derive(Serialize, ToSchema)]
pub struct LinkList {
    /// By id.
    pub items: Vec<LinkView>,
}

/// Another co-account to link, proved by its password.
#[derive(Deserialize, ToSchema)]
pub struct LinkRequest {
    /// The school's slug; when given, it must be the signed-in account's own school.
    #[schema(example = "sint-jan")]
    pub school: Option<String>,
    /// The other co-account's username.
    pub username: String,
    /// The other co-account's password.
    pub password: String,
    /// When the other co-account has a second factor: its current code or a recovery
    /// code.
    pub totp: Option<String>,
}

/// The co-account just linked.
#[derive(Serialize, ToSchema)]
pub struct Linked {
    /// Its id.
    pub id: Uuid,
}

/// Another co-account to link to this one (admin).
#[derive(Deserialize, ToSchema)]
pub struct AdminLinkRequest {
    /// The other co-account's id.
    pub other: Uuid,
}

/// The co-accounts linked to the signed-in co-account, each with its pupil: the children
/// its one sign-in reaches besides its own. Empty for a main account.
#[utoipa::path(
    get,
    path = "/api/v1/me/links",
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The linked co-accounts, by id", body = LinkList),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn links(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<LinkList>, ApiError> {
    let items = state
        .accounts
        .links(&session.actor)
        .await?
        .into_iter()
        .map(|l| LinkView {
            id: l.id.as_uuid(),
            first_name: l.first_name,
            last_name: l.last_name,
            pupil: l.pupil.as_uuid(),
            pupil_name: l.pupil_name,
        })
        .collect();
    Ok(Json(LinkList { items }))
}

/// Links the signed-in co-account to another co-account of the same school (of another
/// pupil), named by username and proved by its password. The password is checked as at
/// sign-in and counted against the same throttle. Linking a linked co-account again
/// answers 201 as well.
#[utoipa::path(
    post,
    path = "/api/v1/me/links",
    tag = "me",
    request_body = LinkRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Linked (or linked already)", body = Linked),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session; or, one answer for all, a wrong password, an unknown username, \
another school, a main account, the account itself or a co-account of the same pupil. For a co-account with a second \
factor, when the password is right: `code` `second_factor_required` or `second_factor_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The signed-in account is not a co-account", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing, of the wrong type, or longer than any username or password can be (`too_long`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts for this username or address, counted with the sign-ins; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt is accepted"))),
        (status = 503, description = "Too many passwords wait to be hashed, or the database cannot be reached",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))),
    )
)]
pub(crate) async fn link(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    session: Authenticated,
    ApiJson(body): ApiJson<LinkRequest>,
) -> Result<(StatusCode, Json<Linked>), ApiError> {
    let id = state
        .accounts
        .link_co_account(
            &session.actor,
            LinkCoAccount {
                school: body.school,
                username: body.username,
                password: body.password,
                client,
                second_factor: body.totp,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Linked { id: id.as_uuid() })))
}

/// Removes the link between the signed-in co-account and another.
#[utoipa::path(
    delete,
    path = "/api/v1/me/links/{id}",
    tag = "me",
    params(("id" = Uuid, Path, description = "The linked co-account's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not linked to that co-account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn unlink(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .unlink_co_account(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Links two co-accounts of the school (of different pupils), no password asked.
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{id}/links",
    tag = "admin",
    params(("id" = Uuid, Path, description = "A co-account's id")),
    request_body = AdminLinkRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Linked (or linked already)"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not two co-accounts of different pupils of the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn admin_link(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AdminLinkRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .link_co_accounts(
            &session.actor,
            AccountId::from_uuid(id),
            AccountId::from_uuid(body.other),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the link between two co-accounts of the school.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/accounts/{id}/links/{other}",
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "A co-account's id"),
        ("other" = Uuid, Path, description = "The co-account linked to it"),
    ),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The two are not linked in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn admin_unlink(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath((id, other)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .unlink_co_accounts(
            &session.actor,
            AccountId::from_uuid(id),
            AccountId::from_uuid(other),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
