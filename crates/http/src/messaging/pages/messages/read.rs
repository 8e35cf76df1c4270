//! One message: reading it (`GET /messages/{id}`, which sets the read receipt), the
//! sender's read receipts, the trash and back, and reporting a message received by
//! mistake. A blind copy shows only the sender, its group's label and the reader.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_kernel::{Cursor, PageRequest};
use schoolbrug_messaging::MessageView;
use schoolbrug_messaging::model::{Folder, MessageKind, Receipt, render_body_html};
use serde::Deserialize;

use super::folders::list_href;
use super::{message_id, school_time, sender_name};
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, FormErrors, WebUser, full_name, render, see_other};

/// What a reader may see of one message.
struct Shown {
    id: String,
    subject: String,
    from: String,
    /// The addressing the reader may see: names (the reader marked) and group labels.
    to: Vec<String>,
    sent_at: String,
    reply_due: Option<String>,
    action_deadline: Option<String>,
    urgent: bool,
    /// The body rendered by the domain's `render_body_html` (escaped, links made
    /// clickable): the only value the template outputs unescaped.
    body_html: String,
    is_sender: bool,
    in_trash: bool,
    can_reply: bool,
    can_report: bool,
    reported: bool,
}

#[derive(Template)]
#[template(path = "messages/read.html", whitespace = "minimize")]
struct ReadPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<String>,
    msg: Shown,
}

/// Notices after an action: `?sent=<n>`, `?restored=1`, `?reported=1`.
#[derive(Debug, Default, Deserialize)]
pub struct ReadQuery {
    sent: Option<usize>,
    restored: Option<String>,
    reported: Option<String>,
}

fn shown(user: &WebUser, view: MessageView) -> Shown {
    let lang = user.lang;
    let t = lang.texts();
    let me = user.actor.account;
    let you = |id, name: &str| {
        if id == me {
            format!("{name} {}", t.you_suffix)
        } else {
            name.to_owned()
        }
    };
    match view {
        MessageView::Received(received) => {
            let (named, groups) = received.visible_recipients();
            let message = &received.message;
            let copy = &received.copy;
            let system = message.kind == MessageKind::System;
            let mut to: Vec<String> = groups.iter().map(|g| lang.group_label(g)).collect();
            to.extend(named.iter().map(|(id, name)| you(*id, name)));
            Shown {
                id: message.id.to_string(),
                subject: message.subject.as_str().to_owned(),
                from: sender_name(lang, message.sender_name.as_deref(), system),
                to,
                sent_at: school_time(user, message.sent_at),
                reply_due: copy
                    .reply_due_at
                    .filter(|_| copy.replied_at.is_none())
                    .map(|at| school_time(user, at)),
                action_deadline: message.action_deadline.map(|at| school_time(user, at)),
                urgent: message.urgent,
                body_html: render_body_html(message.body.as_str()),
                is_sender: false,
                in_trash: copy.trashed_at.is_some(),
                // Nobody is left to answer or to tell once the sender's account is gone.
                can_reply: message.sender.is_some(),
                can_report: message.sender.is_some() && !system,
                reported: copy.misdirected_at.is_some(),
            }
        }
        MessageView::Sent(message) => {
            let mut to: Vec<String> = message
                .visibility
                .groups
                .iter()
                .map(|g| lang.group_label(g))
                .collect();
            to.extend(
                message
                    .visibility
                    .named
                    .iter()
                    .map(|(_, name)| name.clone()),
            );
            Shown {
                id: message.id.to_string(),
                subject: message.subject.as_str().to_owned(),
                from: you(me, &full_name(&user.me.account)),
                to,
                sent_at: school_time(user, message.sent_at),
                reply_due: None,
                action_deadline: message.action_deadline.map(|at| school_time(user, at)),
                urgent: message.urgent,
                body_html: render_body_html(message.body.as_str()),
                is_sender: true,
                in_trash: false,
                can_reply: false,
                can_report: false,
                reported: false,
            }
        }
    }
}

/// Opens the message and renders it. Opening sets the reader's read receipt (once).
async fn read_page(
    state: &AppState,
    user: &WebUser,
    raw_id: &str,
    status: StatusCode,
    errors: FormErrors,
    notice: Option<String>,
) -> Response {
    let Some(id) = message_id(raw_id) else {
        return user.not_found();
    };
    let view = match state.messaging.open(&user.actor, id).await {
        Ok(view) => view,
        Err(e) => return user.failure(e),
    };
    let msg = shown(user, view);
    render(
        user.lang,
        status,
        &ReadPage {
            t: user.lang.texts(),
            page: Chrome::signed_in(user, &msg.subject),
            errors,
            notice,
            msg,
        },
    )
}

/// `GET /messages/{id}`: 404 for a message the account neither received nor sent.
pub async fn read(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Query(query): Query<ReadQuery>,
) -> Response {
    let t = user.lang.texts();
    let notice = if let Some(n) = query.sent {
        Some(user.lang.message_sent(n))
    } else if query.restored.is_some() {
        Some(t.restored_note.to_owned())
    } else if query.reported.is_some() {
        Some(t.misdirected_done.to_owned())
    } else {
        None
    };
    read_page(
        &state,
        &user,
        &id,
        StatusCode::OK,
        FormErrors::none(),
        notice,
    )
    .await
}

/// `POST /messages/{id}/trash`: the reader's copy to the trash, then the inbox.
pub async fn trash(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = message_id(&id) else {
        return user.not_found();
    };
    match state.messaging.trash(&user.actor, id).await {
        Ok(()) => see_other(&format!("{}?trashed=1", list_href(Folder::Inbox, "", None))),
        Err(e) => user.failure(e),
    }
}

/// `POST /messages/{id}/restore`: back from the trash, then the message.
pub async fn restore(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = message_id(&id) else {
        return user.not_found();
    };
    match state.messaging.restore(&user.actor, id).await {
        Ok(()) => see_other(&format!("/messages/{id}?restored=1")),
        Err(e) => user.failure(e),
    }
}

/// The misdirected report's confirmation checkbox.
#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

/// `POST /messages/{id}/misdirected`: with the box ticked, tells the sender.
pub async fn report_misdirected(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw_id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let Some(id) = message_id(&raw_id) else {
        return user.not_found();
    };
    if form.confirm.as_deref() != Some("yes") {
        let errors = FormErrors::one(
            "confirm-misdirected",
            user.lang.messaging_field_message("confirm", "required"),
        );
        return read_page(
            &state,
            &user,
            &raw_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    }
    match state.messaging.report_misdirected(&user.actor, id).await {
        Ok(()) => see_other(&format!("/messages/{id}?reported=1")),
        Err(e) => user.failure(e),
    }
}

// ---------------------------------------------------------------------------------------
// Read receipts

struct ReceiptRow {
    id: String,
    name: String,
    read: bool,
    read_at: Option<String>,
}

#[derive(Template)]
#[template(path = "messages/receipts.html", whitespace = "minimize")]
struct ReceiptsPage {
    t: &'static Texts,
    page: Chrome,
    id: String,
    subject: String,
    counts: String,
    rows: Vec<ReceiptRow>,
    first_href: Option<String>,
    next_href: Option<String>,
}

/// `?after=`: where a page of receipts starts.
#[derive(Debug, Default, Deserialize)]
pub struct ReceiptsQuery {
    #[serde(default)]
    after: String,
}

/// Receipts per page: the most a list gives at once.
const RECEIPTS_PER_PAGE: u32 = schoolbrug_kernel::paging::MAX_LIMIT;

/// "gelezen door 1 van 3" as a sentence of its own: "Gelezen door 1 van 3."
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_uppercase(), chars.as_str())
    })
}

/// `GET /messages/{id}/receipts?after=`: for the sender only (404 for anyone else), 200
/// receipts a page by name, the counts of all of them on top.
pub async fn receipts(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Query(query): Query<ReceiptsQuery>,
) -> Response {
    let Some(id) = message_id(&id) else {
        return user.not_found();
    };
    // `receipt_counts` checks that the actor sent it, before `open` is asked for the
    // subject: the sender's `open` sets no receipt.
    let counts = match state.messaging.receipt_counts(&user.actor, id).await {
        Ok(counts) => counts,
        Err(e) => return user.failure(e),
    };
    // A cursor that is not one of ours (an edited link) shows the first page.
    let after = Some(query.after.trim())
        .filter(|a| !a.is_empty())
        .and_then(|a| Cursor::parse(a).ok())
        .filter(|c| Receipt::position_after(c).is_some());
    let paged = after.is_some();
    let page = PageRequest::new(Some(RECEIPTS_PER_PAGE), after);
    let receipts = match state.messaging.receipts(&user.actor, id, &page).await {
        Ok(receipts) => receipts,
        Err(e) => return user.failure(e),
    };
    let subject = match state.messaging.open(&user.actor, id).await {
        Ok(MessageView::Sent(message)) => message.subject.as_str().to_owned(),
        Ok(MessageView::Received(_)) => return user.not_found(),
        Err(e) => return user.failure(e),
    };
    let lang = user.lang;
    let t = lang.texts();
    let rows = receipts
        .items
        .iter()
        .map(|r| ReceiptRow {
            id: r.recipient.to_string(),
            name: r.name.clone(),
            read: r.read_at.is_some(),
            read_at: r.read_at.map(|at| school_time(&user, at)),
        })
        .collect();
    let href = format!("/messages/{id}/receipts");
    render(
        lang,
        StatusCode::OK,
        &ReceiptsPage {
            t,
            page: Chrome::signed_in(&user, t.receipts_title),
            id: id.to_string(),
            subject,
            counts: sentence(&lang.read_by(counts.read, counts.recipients)),
            rows,
            first_href: paged.then(|| href.clone()),
            next_href: receipts.next.map(|next| format!("{href}?after={next}")),
        },
    )
}
