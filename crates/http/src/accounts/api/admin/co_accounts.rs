//! Co-accounts: `POST /api/v1/admin/accounts/{id}/co-accounts` (add one to a pupil) and
//! `POST /api/v1/admin/co-accounts/{id}/reset` (reset one whose owner lost control).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use schoolbrug_accounts::NewCoAccount;
use schoolbrug_kernel::AccountId;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::accounts::created;
use crate::accounts::dto::{AccountView, CodeIssued, RelationName};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// A co-account to add to a pupil.
#[derive(Deserialize, ToSchema)]
pub struct NewCoAccountRequest {
    /// Its slot on the pupil's account, 1–6.
    #[schema(minimum = 1, maximum = 6, example = 1)]
    pub slot: i64,
    /// Who the person is to the pupil.
    #[schema(value_type = RelationName)]
    pub relation: String,
    /// Username, unique in the school: 2–64 letters, digits, `.`, `_`, `-` or `@`
    /// (stored in lower case; surrounding whitespace is ignored).
    #[schema(
        example = "an.peeters",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[A-Za-z0-9._@-]{2,64}[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub username: String,
    /// First name: 1–100 characters, no control characters (surrounding whitespace is
    /// ignored).
    #[schema(
        example = "An",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub first_name: String,
    /// Last name, as `first_name`.
    #[schema(
        example = "Peeters",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub last_name: String,
    /// Contact address (`local@domain.tld`, at most 254 bytes); blank or `null` for none.
    #[schema(
        example = "an@example.org",
        max_length = 254,
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000@]+@[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000.][^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\.[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub email: Option<String>,
    /// The last day it may sign in, `YYYY-MM-DD`, if limited.
    pub active_until: Option<NaiveDate>,
}

/// Adds a co-account to a pupil (without a password: issue a one-time code next).
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{id}/co-accounts",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The pupil's account id")),
    request_body = NewCoAccountRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = AccountView,
            headers(("Location" = String, description = "/api/v1/admin/accounts/{id}"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pupil in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot or the username is taken (`code`: `slot_taken` or `username_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field: a slot outside 1–6 (`out_of_range`), an unknown relation (`unknown_relation`)…", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn add_co_account(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(pupil): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NewCoAccountRequest>,
) -> Result<Response, ApiError> {
    let account = state
        .accounts
        .add_co_account(
            &session.actor,
            AccountId::from_uuid(pupil),
            NewCoAccount {
                slot: body.slot,
                relation: body.relation,
                username: body.username,
                first_name: body.first_name,
                last_name: body.last_name,
                email: body.email,
                active_until: body.active_until,
            },
        )
        .await?;
    Ok(created(AccountView::from(&account)))
}

/// Resets a co-account: its messages and documents are deleted, its password and
/// sessions end, and a one-time code (shown once) lets its owner set it up again.
#[utoipa::path(
    post,
    path = "/api/v1/admin/co-accounts/{id}/reset",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The co-account's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Reset; the code, shown once", body = CodeIssued),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such co-account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn reset_co_account(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<CodeIssued>), ApiError> {
    let (code, expires_at) = state
        .accounts
        .reset_co_account(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CodeIssued::new(&code, expires_at)),
    ))
}
