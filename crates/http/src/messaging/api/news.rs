//! `/api/v1/news`: the news the caller sees, one item (opening it marks it read for the
//! caller), and for staff publishing, editing and withdrawing. The audience entries'
//! JSON shapes are read here (exactly one of three shapes each); every rule — who may
//! publish to whom, who sees which item, the window, who may edit — is the domain's.
//! What the caller may not see answers 404, exactly as what does not exist.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{FieldError, GroupId, NewsId, Role};
use schoolbrug_messaging::NewNews;
use schoolbrug_messaging::model::{Body, NewsAudience, NewsTitle};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::{ApiJson, ApiPath};
use crate::core::openapi::Problem;
use crate::core::state::AppState;
use crate::messaging::dto::{AudienceSchema, NewsItemView, NewsList, NewsPublished};

/// The most entries `audience` may hold.
pub const MAX_AUDIENCE_ENTRIES: usize = 200;

/// The news routes, relative to `/api/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/news", get(list).post(publish))
        .route("/news/{id}", get(open).put(edit).delete(withdraw))
}

/// A news item to publish, or the new content of one being edited.
#[derive(Deserialize, ToSchema)]
pub struct NewsRequest {
    /// Required, not blank, at most 200 characters, one line (surrounding whitespace is
    /// ignored).
    #[schema(
        example = "Sportdag op vrijdag",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub title: String,
    /// Plain text, at most 100 kB (102400 bytes of UTF-8); may be empty.
    #[schema(example = "Breng sportkledij mee.", max_length = 102400)]
    #[serde(default)]
    pub body: String,
    /// Who it reaches: at least one entry. Only admins reach the whole school or a role;
    /// other staff reach the groups they are a member of.
    #[schema(value_type = Vec<AudienceSchema>, max_items = 200)]
    #[serde(default)]
    pub audience: Vec<Value>,
    /// From when it is shown (RFC 3339); now when left out (an edit keeps the item's own).
    pub publish_at: Option<DateTime<Utc>>,
    /// Until when it is shown (RFC 3339): after `publish_at` and not already past; left
    /// out, it does not expire.
    pub until: Option<DateTime<Utc>>,
    /// Shown above the others. Default `false`.
    pub pinned: Option<bool>,
}

const PROBLEM_422: &str = "Refused field by field; nothing is stored. `title`: `blank`, `too_long`, `invalid`; \
`body`: `too_large`; `audience`: `required`, `too_many`; `audience[i]`: `invalid_audience` (not one of the three shapes), \
`admin_only` (the school or a role, by someone who is not an admin), `unknown_group` (no such group in the caller's \
school), `not_a_member` (a group the caller is not a member of); `audience[i].group`: `invalid` (not a UUID); \
`audience[i].role`: `unknown_role`; `until`: `before_publish_at`, `in_the_past`";

/// The news the caller sees: pinned first, then newest, at most 100.
///
/// An item is listed while it is current (from `published_at`, before `until`) and its
/// audience reaches the caller: the whole school, one of the caller's groups or one of
/// its roles. A co-account sees what its pupil sees, each item with the `child`. Staff
/// also see every item they wrote, whatever its window. Listing marks nothing read.
#[utoipa::path(
    get,
    path = "/api/v1/news",
    tag = "news",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The items, with the caller's read state", body = NewsList),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable (retry after `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    session: Authenticated,
) -> Result<Json<NewsList>, ApiError> {
    let items = state.messaging.list_news(&session.actor).await?;
    Ok(Json(NewsList {
        items: items.iter().map(NewsItemView::from).collect(),
    }))
}

/// Publishes a news item: staff only (teacher, counsellor, admin).
#[utoipa::path(
    post,
    path = "/api/v1/news",
    tag = "news",
    request_body = NewsRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Published", body = NewsPublished,
            headers(("Location" = String, description = "/api/v1/news/{id}"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A pupil or a co-account (only staff publish news), or a cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = PROBLEM_422, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was published (retry after `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn publish(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<NewsRequest>,
) -> Result<Response, ApiError> {
    let new = new_news(body)?;
    let id = state.messaging.publish_news(&session.actor, new).await?;
    let view = NewsPublished { id: id.as_uuid() };
    let mut response = (StatusCode::CREATED, Json(&view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/news/{}", view.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One news item the caller sees; opening it marks it read for the caller (each person
/// has their own read state).
#[utoipa::path(
    get,
    path = "/api/v1/news/{id}",
    tag = "news",
    params(("id" = Uuid, Path, description = "The item's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The item, now read", body = NewsItemView),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (or the id is not a UUID), or it does not reach the caller (another school or group, not yet published, expired, withdrawn)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn open(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<NewsItemView>, ApiError> {
    let view = state
        .messaging
        .read_news(&session.actor, NewsId::from_uuid(id))
        .await?;
    Ok(Json(NewsItemView::from(&view)))
}

/// Edits a news item, with the same body as publishing: its author or an admin of the
/// school. Without `publish_at` the item keeps its publication time.
#[utoipa::path(
    put,
    path = "/api/v1/news/{id}",
    tag = "news",
    params(("id" = Uuid, Path, description = "The item's id")),
    request_body = NewsRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (or the id is not a UUID), or the caller is neither its author nor an admin of its school", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = PROBLEM_422, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was changed (retry after `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn edit(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<NewsRequest>,
) -> Result<StatusCode, ApiError> {
    let new = new_news(body)?;
    state
        .messaging
        .edit_news(&session.actor, NewsId::from_uuid(id), new)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a news item: it is gone for everyone. Its author or an admin of the school.
#[utoipa::path(
    delete,
    path = "/api/v1/news/{id}",
    tag = "news",
    params(("id" = Uuid, Path, description = "The item's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (or the id is not a UUID), or the caller is neither its author nor an admin of its school", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    session: Authenticated,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .messaging
        .withdraw_news(&session.actor, NewsId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The domain's request, or every refused audience entry (with the title and body the
/// domain would refuse too, in the same answer).
fn new_news(body: NewsRequest) -> Result<NewNews, ApiError> {
    match audience(&body.audience) {
        Ok(audience) => Ok(NewNews {
            title: body.title,
            body: body.body,
            audience,
            publish_at: body.publish_at,
            until: body.until,
            pinned: body.pinned.unwrap_or(false),
        }),
        Err(mut errors) => {
            if let Err(e) = Body::parse(&body.body) {
                errors.insert(0, e);
            }
            if let Err(e) = NewsTitle::parse(&body.title) {
                errors.insert(0, e);
            }
            Err(ApiError::Invalid(errors))
        }
    }
}

/// Reads every `audience[i]`, gathering every refused entry.
fn audience(entries: &[Value]) -> Result<Vec<NewsAudience>, Vec<FieldError>> {
    if entries.len() > MAX_AUDIENCE_ENTRIES {
        return Err(vec![FieldError::new(
            "audience",
            "too_many",
            "at most 200 entries",
        )]);
    }
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(entries.len());
    for (i, value) in entries.iter().enumerate() {
        match audience_entry(&format!("audience[{i}]"), value) {
            Ok(a) => parsed.push(a),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// One entry: exactly one of `{"school": true}`, `{"group": id}`, `{"role": role}`.
fn audience_entry(field: &str, value: &Value) -> Result<NewsAudience, FieldError> {
    let shape = || {
        FieldError::new(
            field,
            "invalid_audience",
            "one of {\"school\": true}, {\"group\": id}, {\"role\": role}",
        )
    };
    let Value::Object(map) = value else {
        return Err(shape());
    };
    if map.len() != 1 {
        return Err(shape());
    }
    if map.get("school") == Some(&Value::Bool(true)) {
        return Ok(NewsAudience::School);
    }
    if let Some(group) = map.get("group") {
        return group
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .map(|id| NewsAudience::Group(GroupId::from_uuid(id)))
            .ok_or_else(|| FieldError::new(format!("{field}.group"), "invalid", "an id (UUID)"));
    }
    if let Some(role) = map.get("role") {
        return role
            .as_str()
            .and_then(Role::parse)
            .map(NewsAudience::Role)
            .ok_or_else(|| {
                FieldError::new(
                    format!("{field}.role"),
                    "unknown_role",
                    "one of pupil, teacher, counsellor, admin",
                )
            });
    }
    Err(shape())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_of_the_three_shapes_is_read() {
        let id = Uuid::now_v7();
        assert_eq!(
            audience(&[
                json!({ "school": true }),
                json!({ "group": id }),
                json!({ "role": "teacher" }),
            ])
            .unwrap(),
            vec![
                NewsAudience::School,
                NewsAudience::Group(GroupId::from_uuid(id)),
                NewsAudience::Role(Role::Teacher),
            ]
        );
    }

    #[test]
    fn other_shapes_are_refused_on_the_entry() {
        let errors = audience(&[
            json!({ "school": false }),
            json!({ "school": true, "role": "admin" }),
            json!({ "group": "3A" }),
            json!({ "role": "janitor" }),
            json!("school"),
        ])
        .unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("audience[0]", "invalid_audience"),
                ("audience[1]", "invalid_audience"),
                ("audience[2].group", "invalid"),
                ("audience[3].role", "unknown_role"),
                ("audience[4]", "invalid_audience"),
            ]
        );
    }
}
