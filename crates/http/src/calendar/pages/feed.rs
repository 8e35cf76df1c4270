//! `GET /calendar/feed/{token}.ics`: a private feed, for calendar apps (no session; the
//! secret in the link is the key). `ETag` and `304 Not Modified` spare a polling app the
//! whole calendar; an unknown, revoked or renewed link answers 404 like any other unknown
//! path, so links cannot be probed.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use schoolbrug_calendar::{CalendarError, FeedAnswer};

use crate::core::state::AppState;

/// The longest token a link may hold (a real one is 43 characters).
const MAX_TOKEN_LEN: usize = 128;

/// `GET /calendar/feed/{token}.ics`
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= MAX_TOKEN_LEN)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    match state.calendar.feed(token, if_none_match).await {
        Ok(FeedAnswer::NotModified { etag }) => {
            with_cache_headers(StatusCode::NOT_MODIFIED.into_response(), &etag)
        }
        Ok(FeedAnswer::Calendar { etag, body }) => {
            let mut response = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
                body,
            )
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"schoolbrug.ics\""),
            );
            with_cache_headers(response, &etag)
        }
        Err(CalendarError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(CalendarError::Unavailable(detail)) => {
            tracing::warn!(%detail, "a calendar feed could not be answered");
            let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "a calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn with_cache_headers(mut response: Response, etag: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    // Private: the link is a secret; proxies must not keep a copy.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}
