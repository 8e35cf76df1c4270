//! `POST /api/v1/messages`: sending a message. The recipients' JSON shapes are read here
//! (exactly one of four shapes each); everything else is the domain's: who may write to
//! whom, blind copies, each account once, only the sender's school, the 48-hour rules,
//! and one atomic delivery.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, FieldError, GroupId, MessageId, Role};
use schoolbrug_messaging::NewMessage;
use schoolbrug_messaging::model::{Audience, Body, Recipient, Subject};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::core::auth::Authenticated;
use crate::core::error::ApiError;
use crate::core::extract::ApiJson;
use crate::core::openapi::Problem;
use crate::core::state::AppState;
use crate::messaging::dto::{MessageSent, RecipientSchema};

/// The most entries `to` may hold (a group or role counts as one).
pub const MAX_RECIPIENT_ENTRIES: usize = 1_000;

/// A message to send.
#[derive(Deserialize, ToSchema)]
pub struct NewMessageRequest {
    /// Required, not blank, at most 200 characters, one line (no control characters;
    /// surrounding whitespace is ignored).
    #[schema(
        example = "Uitstap naar Brugge",
        pattern = r"^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\x00-\x1f\x7f-\x9f\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub subject: String,
    /// Plain text, at most 100 kB (102400 bytes of UTF-8); may be empty.
    #[schema(example = "Vertrek om 8.15 uur.", max_length = 102400)]
    pub body: String,
    /// The recipients. May be left out or empty for a reply (`in_reply_to`): it then goes
    /// to the original's sender.
    #[serde(default)]
    #[schema(value_type = Vec<RecipientSchema>, max_items = 1000)]
    pub to: Vec<Value>,
    /// Ask for a reply: each recipient's reply is due 48 school hours after delivery
    /// (weekends and the school's free days do not count). Default `false`.
    #[serde(default)]
    pub reply_requested: bool,
    /// When an asked action or presence is due (RFC 3339). Less than 48 school hours
    /// ahead is refused (`short_notice`) unless `acknowledge_short_notice` is `true`.
    pub action_deadline: Option<DateTime<Utc>>,
    /// The message this one answers (one the caller received or sent).
    pub in_reply_to: Option<Uuid>,
    /// The sender knows `action_deadline` is less than 48 school hours away.
    pub acknowledge_short_notice: Option<bool>,
    /// Staff only: forward at once, even in quiet hours.
    pub urgent: Option<bool>,
}

/// Sends a message.
///
/// Staff write to anyone in their school; pupils and co-accounts write to staff and reply
/// to what they received. Each account receives one copy however often it is reached;
/// recipients reached through a group, a pupil's co-accounts or a role are blind copies.
/// Either every recipient receives it or nobody does.
#[utoipa::path(
    post,
    path = "/api/v1/messages",
    tag = "messages",
    request_body = NewMessageRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Delivered to every recipient", body = MessageSent,
            headers(("Location" = String, description = "/api/v1/messages/{id}"))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie-authenticated request from another site", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused field by field; nothing is delivered. `subject`: `blank`, `too_long`, `invalid`; \
`body`: `too_large`; `to`: `required`, `no_recipients`, `too_many`; `to[i]`: `invalid_recipient` (not one of the four shapes), \
`unknown_recipient` (no such account or pupil in the caller's school — another school's account included), `unknown_group`, \
`not_allowed`; `to[i].account`, `to[i].co_accounts_of`, `to[i].group`: `invalid` (not a UUID); `to[i].audience`: \
`unknown_audience`; `to[i].role`: `unknown_role`; `action_deadline`: `in_the_past`, `short_notice`; `in_reply_to`: \
`unknown_message`; `urgent`: `staff_only`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable; nothing was delivered (retry after `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn send(
    State(state): State<AppState>,
    session: Authenticated,
    ApiJson(body): ApiJson<NewMessageRequest>,
) -> Result<Response, ApiError> {
    let to = match recipients(&body.to) {
        Ok(to) => to,
        Err(mut errors) => {
            // Report the other fields the domain would refuse too, in the same answer.
            if let Err(e) = Subject::parse(&body.subject) {
                errors.insert(0, e);
            }
            if let Err(e) = Body::parse(&body.body) {
                errors.insert(0, e);
            }
            return Err(ApiError::Invalid(errors));
        }
    };
    let sent = state
        .messaging
        .send(
            &session.actor,
            NewMessage {
                subject: body.subject,
                body: body.body,
                to,
                reply_requested: body.reply_requested,
                action_deadline: body.action_deadline,
                in_reply_to: body.in_reply_to.map(MessageId::from_uuid),
                acknowledge_short_notice: body.acknowledge_short_notice.unwrap_or(false),
                urgent: body.urgent.unwrap_or(false),
            },
        )
        .await?;
    let view = MessageSent::from(sent);
    let mut response = (StatusCode::CREATED, Json(&view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/messages/{}", view.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Reads every `to[i]`, gathering every refused entry.
fn recipients(to: &[Value]) -> Result<Vec<Recipient>, Vec<FieldError>> {
    if to.len() > MAX_RECIPIENT_ENTRIES {
        return Err(vec![FieldError::new(
            "to",
            "too_many",
            "at most 1000 recipients; send to a group or role instead",
        )]);
    }
    let mut errors = Vec::new();
    let mut parsed = Vec::with_capacity(to.len());
    for (i, value) in to.iter().enumerate() {
        match recipient(&format!("to[{i}]"), value) {
            Ok(r) => parsed.push(r),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// One recipient: exactly one of `{account}`, `{co_accounts_of}`, `{group, audience}`,
/// `{role}`, with no other key.
fn recipient(field: &str, value: &Value) -> Result<Recipient, FieldError> {
    let shape = || {
        FieldError::new(
            field,
            "invalid_recipient",
            "one of {\"account\": id}, {\"co_accounts_of\": pupil_id}, \
             {\"group\": id, \"audience\": \"pupils\"|\"co_accounts\"|\"both\"|\"members\"}, {\"role\": role}",
        )
    };
    let Value::Object(map) = value else {
        return Err(shape());
    };
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    match keys.as_slice() {
        ["account"] => {
            uuid_at(map, field, "account").map(|id| Recipient::Account(AccountId::from_uuid(id)))
        }
        ["co_accounts_of"] => uuid_at(map, field, "co_accounts_of")
            .map(|id| Recipient::CoAccountsOf(AccountId::from_uuid(id))),
        ["audience", "group"] => {
            let group = uuid_at(map, field, "group")?;
            let audience = text_at(map, "audience")
                .and_then(Audience::parse)
                .ok_or_else(|| {
                    FieldError::new(
                        format!("{field}.audience"),
                        "unknown_audience",
                        "one of pupils, co_accounts, both, members",
                    )
                })?;
            Ok(Recipient::Group(GroupId::from_uuid(group), audience))
        }
        ["role"] => text_at(map, "role")
            .and_then(Role::parse)
            .map(Recipient::Role)
            .ok_or_else(|| {
                FieldError::new(
                    format!("{field}.role"),
                    "unknown_role",
                    "one of pupil, teacher, counsellor, admin",
                )
            }),
        _ => Err(shape()),
    }
}

fn text_at<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

fn uuid_at(map: &Map<String, Value>, field: &str, key: &str) -> Result<Uuid, FieldError> {
    text_at(map, key)
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or_else(|| FieldError::new(format!("{field}.{key}"), "invalid", "an id (UUID)"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_of_the_four_shapes_is_read() {
        let id = Uuid::now_v7();
        let parsed = recipients(&[
            json!({ "account": id }),
            json!({ "co_accounts_of": id }),
            json!({ "group": id, "audience": "co_accounts" }),
            json!({ "role": "teacher" }),
        ])
        .unwrap();
        assert_eq!(
            parsed,
            vec![
                Recipient::Account(AccountId::from_uuid(id)),
                Recipient::CoAccountsOf(AccountId::from_uuid(id)),
                Recipient::Group(GroupId::from_uuid(id), Audience::CoAccounts),
                Recipient::Role(Role::Teacher),
            ]
        );
    }

    #[test]
    fn two_shapes_in_one_entry_an_unknown_key_or_a_non_object_are_refused_on_the_entry() {
        let id = Uuid::now_v7();
        let errors = recipients(&[
            json!({ "account": id, "role": "teacher" }),
            json!({ "account": id, "cc": true }),
            json!("teacher"),
            json!({ "group": id }),
            json!({}),
        ])
        .unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("to[0]", "invalid_recipient"),
                ("to[1]", "invalid_recipient"),
                ("to[2]", "invalid_recipient"),
                ("to[3]", "invalid_recipient"),
                ("to[4]", "invalid_recipient"),
            ]
        );
    }

    #[test]
    fn bad_values_are_refused_on_their_key() {
        let id = Uuid::now_v7();
        let errors = recipients(&[
            json!({ "account": "lotte" }),
            json!({ "group": id, "audience": "parents" }),
            json!({ "role": "janitor" }),
            json!({ "co_accounts_of": 7 }),
        ])
        .unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("to[0].account", "invalid"),
                ("to[1].audience", "unknown_audience"),
                ("to[2].role", "unknown_role"),
                ("to[3].co_accounts_of", "invalid"),
            ]
        );
    }
}
