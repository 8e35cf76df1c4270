//! `/api/v1/admin/sign-in/oidc` and `/api/v1/admin/accounts/{id}/external-id`: the
//! school's identity provider (Office 365 / OpenID Connect) and the accounts' links to
//! its subjects. Anyone but an admin is told "not found" (by the domain).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schoolbrug_accounts::ProviderInput;
use schoolbrug_kernel::AccountId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;

/// The school's identity provider, as entered.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderBody {
    /// The tenant's issuer, e.g. `https://login.microsoftonline.com/<tenant-id>/v2.0`.
    issuer: String,
    /// The app registration's client id.
    client_id: String,
    /// The app registration's client secret; left out (or blank) keeps the one stored.
    #[serde(default)]
    client_secret: Option<String>,
}

/// The school's identity provider as an admin sees it: never the secret.
#[derive(Serialize, ToSchema)]
pub(crate) struct ProviderShown {
    /// The tenant's issuer.
    issuer: String,
    /// The client id.
    client_id: String,
    /// Whether a client secret is stored.
    client_secret_set: bool,
}

/// An account's link to a subject of the school's provider.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExternalIdBody {
    /// The provider's subject (the ID token's `sub` claim).
    subject: String,
}

/// The school's identity provider, or `null` when it has none.
#[utoipa::path(
    get,
    path = "/api/v1/admin/sign-in/oidc",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The provider (without its secret), or null", body = Option<ProviderShown>),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn provider(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<Option<ProviderShown>>, ApiError> {
    let view = state.external_sign_in.provider(&session.actor).await?;
    Ok(Json(view.map(|v| ProviderShown {
        issuer: v.issuer,
        client_id: v.client_id,
        client_secret_set: v.client_secret_set,
    })))
}

/// Sets or changes the school's identity provider, or removes it with `null` (which
/// removes every account's link to it too). The issuer must be the school's own tenant.
#[utoipa::path(
    put,
    path = "/api/v1/admin/sign-in/oidc",
    tag = "admin",
    request_body(content = Option<ProviderBody>, description = "The provider, or null to remove it"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad field: `multi_tenant_issuer` for a shared issuer (Microsoft's common, organizations, consumers), `insecure` for an issuer without https", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_provider(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<Option<ProviderBody>>,
) -> Result<StatusCode, ApiError> {
    let input = body.map(|b| ProviderInput {
        issuer: b.issuer,
        client_id: b.client_id,
        client_secret: b.client_secret,
    });
    state
        .external_sign_in
        .set_provider(&session.actor, input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The subject an account is linked to, or `null`.
#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts/{id}/external-id",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The account's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The link, or null", body = Option<ExternalIdBody>),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn external_id(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Option<ExternalIdBody>>, ApiError> {
    let subject = state
        .external_sign_in
        .external_id(&session.actor, AccountId::from_uuid(id))
        .await?;
    Ok(Json(subject.map(|s| ExternalIdBody {
        subject: s.as_str().to_owned(),
    })))
}

/// Links a pupil's or staff member's account to a subject of the school's provider, or
/// removes the link with `null`. Co-accounts (parents) sign in with a password only.
#[utoipa::path(
    put,
    path = "/api/v1/admin/accounts/{id}/external-id",
    tag = "admin",
    params(("id" = Uuid, Path, description = "The account's id")),
    request_body(content = Option<ExternalIdBody>, description = "The subject, or null to unlink"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Linked or unlinked"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account in the school, or the caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The subject is linked to another account (`subject_linked`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad subject, a co-account (`co_account`), or no provider (`no_provider`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn set_external_id(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Option<ExternalIdBody>>,
) -> Result<StatusCode, ApiError> {
    state
        .external_sign_in
        .set_external_id(
            &session.actor,
            AccountId::from_uuid(id),
            body.as_ref().map(|b| b.subject.as_str()),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
