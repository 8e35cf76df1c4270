//! `GET /admin/outbox?status=waiting|sent|failed&after=`: the school's mail queue (admins;
//! anyone else sees the 404 page), one tab per status, newest first, paged with a "next
//! page" link. Failed rows show the mail server's answer; waiting rows when they are (next)
//! tried and, after a temporary failure, the server's last answer.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_kernel::{Cursor, PageRequest};
use schoolbrug_messaging::MessagingError;
use schoolbrug_messaging::model::{OutboxRow, OutboxStatus};
use serde::Deserialize;
use url::form_urlencoded;

use super::messages::school_time;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{AdminUser, Chrome, FormErrors, WebUser, render};

/// `?status=&after=`; an unknown status shows the waiting rows.
#[derive(Debug, Default, Deserialize)]
pub struct OutboxQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    after: String,
}

/// One status tab.
struct Tab {
    id: &'static str,
    href: String,
    label: &'static str,
    current: bool,
}

/// One line of the queue.
struct Row {
    id: String,
    to: String,
    subject: String,
    attempts: u32,
    /// Waiting: the next attempt; sent or failed: when.
    when: String,
    answer: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/outbox.html", whitespace = "minimize")]
struct OutboxPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    tabs: Vec<Tab>,
    heading: &'static str,
    when_label: &'static str,
    rows: Vec<Row>,
    empty_text: &'static str,
    next_href: Option<String>,
    first_href: Option<String>,
}

fn label(t: &'static Texts, status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Waiting => t.outbox_waiting,
        OutboxStatus::Sent => t.outbox_sent,
        OutboxStatus::Failed => t.outbox_failed,
    }
}

/// The address of a tab's page.
fn href(status: OutboxStatus, after: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("status", status.as_str());
    if let Some(after) = after {
        query.append_pair("after", after);
    }
    format!("/admin/outbox?{}", query.finish())
}

fn row(user: &WebUser, r: OutboxRow) -> Row {
    Row {
        id: r.id.to_string(),
        to: r.to,
        subject: r.subject,
        attempts: r.attempts,
        when: school_time(user, r.next_attempt_at),
        answer: r.last_error,
    }
}

/// `GET /admin/outbox`
pub async fn outbox(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Query(query): Query<OutboxQuery>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let status = OutboxStatus::parse(query.status.trim()).unwrap_or(OutboxStatus::Waiting);
    let mut errors = FormErrors::none();
    let after = match Some(query.after.trim())
        .filter(|a| !a.is_empty())
        .map(Cursor::parse)
    {
        None => None,
        Some(Ok(cursor)) => Some(cursor),
        Some(Err(_)) => {
            errors.add(
                "",
                lang.messaging_field_message("after", "malformed_cursor"),
            );
            None
        }
    };
    let paged = after.is_some();
    let page = match state
        .messaging
        .outbox(&user.actor, status, &PageRequest::new(None, after))
        .await
    {
        Ok(page) => page,
        Err(MessagingError::Invalid(fields)) => {
            // A cursor of another list: say so, and show the first page.
            for e in &fields {
                errors.add("", lang.messaging_field_message(&e.field, &e.code));
            }
            match state
                .messaging
                .outbox(&user.actor, status, &PageRequest::first())
                .await
            {
                Ok(page) => page,
                Err(e) => return user.failure(e),
            }
        }
        Err(e) => return user.failure(e),
    };
    let tabs = [
        OutboxStatus::Waiting,
        OutboxStatus::Sent,
        OutboxStatus::Failed,
    ]
    .into_iter()
    .map(|s| Tab {
        id: match s {
            OutboxStatus::Waiting => "outbox-waiting",
            OutboxStatus::Sent => "outbox-sent",
            OutboxStatus::Failed => "outbox-failed",
        },
        href: href(s, None),
        label: label(t, s),
        current: s == status,
    })
    .collect();
    let (when_label, empty_text) = match status {
        OutboxStatus::Waiting => (t.col_next_attempt, t.outbox_empty_waiting),
        OutboxStatus::Sent => (t.col_sent_at, t.outbox_empty_sent),
        OutboxStatus::Failed => (t.col_failed_at, t.outbox_empty_failed),
    };
    let next_href = page.next.as_deref().map(|n| href(status, Some(n)));
    let first_href = (paged && errors.is_empty()).then(|| href(status, None));
    let rows = page.items.into_iter().map(|r| row(&user, r)).collect();
    let http_status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let heading = label(t, status);
    render(
        lang,
        http_status,
        &OutboxPage {
            t,
            page: Chrome::signed_in(&user, &format!("{} · {heading}", t.outbox_title)),
            errors,
            tabs,
            heading,
            when_label,
            rows,
            empty_text,
            next_href,
            first_href,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_link_names_its_status_and_cursor() {
        assert_eq!(
            href(OutboxStatus::Failed, None),
            "/admin/outbox?status=failed"
        );
        assert_eq!(
            href(OutboxStatus::Sent, Some("YWJj")),
            "/admin/outbox?status=sent&after=YWJj"
        );
    }
}
