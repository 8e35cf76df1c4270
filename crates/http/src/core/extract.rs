//! Extractors whose rejections are problem+json answers, never axum's plain-text ones:
//! [`ApiJson`] (body), [`ApiPath`] (path parameters) and [`ApiQuery`] (query string).
//!
//! * A body that is not `application/json` (or `application/*+json`) answers 415.
//! * A body that is not JSON at all (syntax error, truncated, trailing bytes) answers 400.
//! * JSON of the wrong shape (a missing field, a string where a number belongs, an
//!   unknown enum value) answers 422 with the field, as far as serde can tell.
//! * A path parameter that does not parse (`/accounts/not-a-uuid`) answers 404, exactly
//!   like an id that does not exist.
//! * A query string that cannot be read answers 400; handlers validate the values
//!   themselves and answer 422 per field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use schoolbrug_kernel::FieldError;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use crate::core::error::ApiError;

/// A JSON request body, read with problem+json rejections.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest("the request body could not be read".to_owned())
            }
        })?;
        decode(&bytes).map(ApiJson)
    }
}

/// Whether the request says its body is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a JSON document: 400 when it is not JSON, 422 (with the field) when it is JSON
/// of the wrong shape.
///
/// # Errors
/// [`ApiError::BadRequest`] or [`ApiError::Invalid`] as above.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = field_of(e.path());
        shape_error(field, e.into_inner())
    })?;
    de.end().map_err(|e| shape_error(String::new(), e))?;
    Ok(value)
}

/// The API's name for the place serde points at: `members[2]`, `pupil.first_name`.
fn field_of(path: &serde_path_to_error::Path) -> String {
    let mut field = String::new();
    for segment in path {
        match segment {
            Segment::Map { key } => {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(key);
            }
            Segment::Seq { index } => {
                field.push('[');
                field.push_str(&index.to_string());
                field.push(']');
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    field
}

fn shape_error(field: String, e: serde_json::Error) -> ApiError {
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest(format!(
            "the body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )),
        Category::Data => {
            let message = without_position(&e.to_string());
            ApiError::Invalid(vec![data_error(field, message)])
        }
    }
}

/// Turns serde's message into a field error: a missing field names itself.
fn data_error(field: String, message: String) -> FieldError {
    if let Some(missing) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        let field = if field.is_empty() {
            missing.to_owned()
        } else {
            format!("{field}.{missing}")
        };
        return FieldError::new(field, "required", "this field is required");
    }
    let code = if message.starts_with("invalid type") {
        "invalid_type"
    } else {
        "invalid"
    };
    let field = if field.is_empty() {
        "body".to_owned()
    } else {
        field
    };
    FieldError::new(field, code, message)
}

/// serde_json's message without its " at line 1 column 7".
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Path parameters; anything that does not parse answers 404 (not found).
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| ApiError::NotFound)
    }
}

/// A query string; one that cannot be read answers 400.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                ApiError::BadRequest(format!(
                    "the query string cannot be read: {}",
                    rejection.body_text()
                ))
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        members: Vec<u32>,
    }

    fn field_errors(e: ApiError) -> Vec<FieldError> {
        match e {
            ApiError::Invalid(errors) => errors,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named() {
        let errors = field_errors(decode::<Body>(br#"{"members": []}"#).unwrap_err());
        assert_eq!(errors[0].field, "name");
        assert_eq!(errors[0].code, "required");
    }

    #[test]
    fn a_wrong_type_inside_a_list_points_at_the_element() {
        let errors =
            field_errors(decode::<Body>(br#"{"name": "a", "members": [1, "x"]}"#).unwrap_err());
        assert_eq!(errors[0].field, "members[1]");
        assert_eq!(errors[0].code, "invalid_type");
        assert!(!errors[0].message.contains("line"));
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        assert!(matches!(
            decode::<Body>(br#"{"name": "#),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            decode::<Body>(br#"{"name": "a", "members": []} trailing"#),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn json_content_types_are_recognised() {
        let mut headers = HeaderMap::new();
        assert!(!is_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(is_json(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            "application/merge-patch+json".parse().unwrap(),
        );
        assert!(is_json(&headers));
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!is_json(&headers));
    }
}
