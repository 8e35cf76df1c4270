//! `/api/v1/admin/accounts`: main accounts of the school — create, list, read, issue a
//! one-time code, erase. Anyone but an admin is told "not found" (by the domain).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use schoolbrug_accounts::NewAccount;
use schoolbrug_accounts::model::AccountFilter;
use schoolbrug_kernel::{AccountId, FieldError, Role};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::accounts::dto::{AccountDetail, AccountList, AccountView, CodeIssued, RoleName};
use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath, ApiQuery};
use crate::core::openapi::Problem;
use crate::core::paging::{self, QueryErrors, one_of, page_request};
use crate::core::state::AppState;

/// A 201 answer for a new account, with its `Location`.
pub(super) fn created(account: AccountView) -> Response {
    let mut response = (StatusCode::CREATED, Json(&account)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/admin/accounts/{}", account.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A main account to create (it gets no password: issue a one-time code next).
#[derive(Deserialize, ToSchema)]
pub struct NewAccountRequest {
    /// Username, unique in the school: 2–64 letters, digits, `.`, `_`, `-` or `@`
    /// (stored in lower case; surrounding whitespace is ignored).
    #[schema(
        example = "lotte.peeters",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[A-Za-z0-9._@-]{2,64}[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub username: String,
    /// First name: 1–100 characters, no control characters (surrounding whitespace is
    /// ignored).
    #[schema(
        example = "Lotte",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub first_name: String,
    /// Last name, as `first_name`.
    #[schema(
        example = "Peeters",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub last_name: String,
    /// `["pupil"]` alone, or one or more of `teacher`, `counsellor`, `admin`.
    #[schema(schema_with = roles_schema)]
    pub roles: Vec<String>,
    /// Birth date (pupils), `YYYY-MM-DD`.
    pub birth_date: Option<NaiveDate>,
    /// Contact address (`local@domain.tld`, at most 254 bytes); blank or `null` for none.
    #[schema(
        example = "lotte@example.org",
        max_length = 254,
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000@]+@[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000.][^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*\.[^\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub email: Option<String>,
}

/// `roles`: a pupil holds no other role, so either only `pupil` or only staff roles.
fn roles_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type};
    let roles = |names: &[&str]| {
        ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(names.to_vec())),
            )
            .min_items(Some(1))
    };
    Schema::AnyOf(
        AnyOfBuilder::new()
            .item(roles(&["pupil"]))
            .item(roles(&["teacher", "counsellor", "admin"]))
            .description(Some(
                "`[\"pupil\"]` alone, or one or more of `teacher`, `counsellor`, `admin`",
            ))
            .examples([serde_json::json!(["teacher"])])
            .build(),
    )
}

/// Creates a main account.
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts",
    tag = "admin",
    request_body = NewAccountRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = AccountView,
            headers(("Location" = String, description = "/api/v1/admin/accounts/{id}"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The username is taken (`code`: `username_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field (`invalid`, `blank`, `unknown_role`, `pupil_alone`, `required`…)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_account(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<NewAccountRequest>,
) -> Result<Response, ApiError> {
    let account = state
        .accounts
        .create_account(
            &session.actor,
            NewAccount {
                username: body.username,
                first_name: body.first_name,
                last_name: body.last_name,
                roles: body.roles,
                birth_date: body.birth_date,
                email: body.email,
            },
        )
        .await?;
    Ok(created(AccountView::from(&account)))
}

/// Which accounts to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountsQuery {
    /// Only main accounts holding this role.
    #[param(value_type = Option<RoleName>)]
    pub role: Option<String>,
    /// Only accounts whose username, first or last name contains this text (any case);
    /// blank means no filter.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the previous page, as it was given: an opaque cursor, valid for
    /// this list only (anything else answers 422 `malformed_cursor`).
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
}

/// The longest search text accepted.
const MAX_QUERY_CHARS: usize = 100;

/// Lists the school's accounts (main and co-accounts), keyset-paged.
#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts",
    tag = "admin",
    params(AccountsQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "One page of accounts", body = AccountList),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `role`, `q`, `limit` or `after`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_accounts(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<AccountsQuery>,
) -> Result<Json<AccountList>, ApiError> {
    let mut errors = QueryErrors::default();
    let role = errors
        .take(one_of(query.role.as_deref(), Role::parse, || {
            FieldError::new(
                "role",
                "unknown_role",
                "one of pupil, teacher, counsellor, admin",
            )
        }))
        .flatten();
    let text = errors
        .take(paging::text("q", query.q.as_deref(), MAX_QUERY_CHARS))
        .flatten()
        .map(str::to_owned);
    let page = page_request(&mut errors, query.limit.as_deref(), query.after.as_deref());
    errors.finish()?;
    let filter = AccountFilter { role, query: text };
    let accounts = state
        .accounts
        .list_accounts(&session.actor, &filter, &page)
        .await?;
    Ok(Json(AccountList::from(accounts)))
}

/// One account of the school, with its co-accounts when it is a pupil.
#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts/{id}",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The account's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The account and its co-accounts", body = AccountDetail),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn account(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AccountDetail>, ApiError> {
    let (account, co_accounts) = state
        .accounts
        .account(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok(Json(AccountDetail {
        account: AccountView::from(&account),
        co_accounts: co_accounts.iter().map(AccountView::from).collect(),
    }))
}

/// Issues a one-time code with which the owner of a main or co-account sets a new
/// password (shown once). Earlier codes of the account stop working.
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{id}/reset-code",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The account's id (main or co-account)")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The code, shown once", body = CodeIssued),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn issue_reset_code(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<CodeIssued>), ApiError> {
    let (code, expires_at) = state
        .accounts
        .issue_reset_code(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CodeIssued::new(&code, expires_at)),
    ))
}

/// Erases a main account for good (a pupil leaving school takes every co-account with
/// it): data in every module, passwords and sessions. Co-accounts are reset instead.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/accounts/{id}",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The main account's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Erased, with its co-accounts"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such main account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An admin cannot erase their own account (`own_account`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn erase_account(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .erase_account(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
