//! `GET /messages`: one folder (inbox by default), searched with `?q=`, paged with
//! `?after=` (keyset, a "next page" link).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_kernel::{Cursor, PageRequest};
use schoolbrug_messaging::MessagingError;
use schoolbrug_messaging::model::{Folder, Summary};
use serde::Deserialize;
use url::form_urlencoded;

use super::{add_fields, school_time, sender_name};
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, FormErrors, WebUser, render};

/// `?folder=inbox|sent|awaiting_reply|trash&q=&after=`, and `trashed=1` after moving a
/// message to the trash.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    folder: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
    trashed: Option<String>,
}

/// One folder tab.
struct Tab {
    id: &'static str,
    href: String,
    label: &'static str,
    current: bool,
}

/// One line of the list.
struct Row {
    id: String,
    href: String,
    subject: String,
    from: String,
    when: String,
    unread: bool,
    reply_due: Option<String>,
    read_by: Option<String>,
}

#[derive(Template)]
#[template(path = "messages/list.html", whitespace = "minimize")]
struct ListPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    tabs: Vec<Tab>,
    folder: &'static str,
    heading: &'static str,
    q: String,
    is_sent: bool,
    is_awaiting: bool,
    rows: Vec<Row>,
    empty_text: &'static str,
    next_href: Option<String>,
    first_href: Option<String>,
}

fn folder_label(t: &'static Texts, folder: Folder) -> &'static str {
    match folder {
        Folder::Inbox => t.folder_inbox,
        Folder::Sent => t.folder_sent,
        Folder::AwaitingReply => t.folder_awaiting_reply,
        Folder::Trash => t.folder_trash,
    }
}

fn tab_id(folder: Folder) -> &'static str {
    match folder {
        Folder::Inbox => "folder-inbox",
        Folder::Sent => "folder-sent",
        Folder::AwaitingReply => "folder-awaiting-reply",
        Folder::Trash => "folder-trash",
    }
}

/// The address of a folder page (the inbox without `folder=`).
pub(crate) fn list_href(folder: Folder, q: &str, after: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if folder != Folder::Inbox {
        query.append_pair("folder", folder.as_str());
    }
    if !q.is_empty() {
        query.append_pair("q", q);
    }
    if let Some(after) = after {
        query.append_pair("after", after);
    }
    let query = query.finish();
    if query.is_empty() {
        "/messages".to_owned()
    } else {
        format!("/messages?{query}")
    }
}

fn row(user: &WebUser, folder: Folder, summary: &Summary) -> Row {
    let lang = user.lang;
    Row {
        id: summary.id.to_string(),
        href: format!("/messages/{}", summary.id),
        subject: summary.subject.clone(),
        from: sender_name(lang, summary.from.as_deref(), summary.system),
        when: school_time(user, summary.received_at),
        // The sender's own copy in the sent folder is never "unread".
        unread: folder != Folder::Sent && summary.read_at.is_none(),
        reply_due: summary.reply_due_at.map(|at| school_time(user, at)),
        read_by: summary.sent.map(|s| lang.read_by(s.read, s.recipients)),
    }
}

/// `GET /messages`
pub async fn list(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<ListQuery>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let folder = Folder::parse(query.folder.trim()).unwrap_or(Folder::Inbox);
    let q = query.q.trim().to_owned();
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
    let search = Some(q.as_str()).filter(|q| !q.is_empty());
    let paged = after.is_some();
    let page = match state
        .messaging
        .list(&user.actor, folder, search, &PageRequest::new(None, after))
        .await
    {
        Ok(page) => page,
        Err(MessagingError::Invalid(fields)) => {
            // A refused search or cursor: say why, and show the folder's first page.
            add_fields(&mut errors, lang, &fields, |f| {
                if f == "q" { "q" } else { "" }.to_owned()
            });
            match state
                .messaging
                .list(&user.actor, folder, None, &PageRequest::first())
                .await
            {
                Ok(page) => page,
                Err(e) => return user.failure(e),
            }
        }
        Err(e) => return user.failure(e),
    };
    let rows = page.items.iter().map(|s| row(&user, folder, s)).collect();
    let tabs = [
        Folder::Inbox,
        Folder::Sent,
        Folder::AwaitingReply,
        Folder::Trash,
    ]
    .into_iter()
    .map(|f| Tab {
        id: tab_id(f),
        href: list_href(f, "", None),
        label: folder_label(t, f),
        current: f == folder,
    })
    .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let heading = folder_label(t, folder);
    render(
        lang,
        status,
        &ListPage {
            t,
            page: Chrome::signed_in(&user, &format!("{} · {heading}", t.messages_title)),
            errors,
            notice: query.trashed.is_some().then_some(t.trashed_note),
            tabs,
            folder: folder.as_str(),
            heading,
            is_sent: folder == Folder::Sent,
            is_awaiting: folder == Folder::AwaitingReply,
            rows,
            empty_text: if search.is_some() {
                t.no_messages_found
            } else {
                t.no_messages
            },
            next_href: page
                .next
                .as_deref()
                .map(|next| list_href(folder, &q, Some(next))),
            first_href: paged.then(|| list_href(folder, &q, None)),
            q,
        },
    )
}
