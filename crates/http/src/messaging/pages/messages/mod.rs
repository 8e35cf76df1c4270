//! The messaging pages: the folders (inbox, sent, awaiting reply, trash) with search and
//! keyset paging, reading a message (the read receipt is set by opening it), the
//! sender's read receipts, moving to the trash and back, reporting a message received
//! by mistake, and composing with a recipient picker that works without JavaScript.
//!
//! Every rule (who may write to whom, blind copies, the 48-hour rules) is the domain's
//! ([`schoolbrug_messaging::Messaging`]); these pages only translate forms into its
//! requests and its answers into HTML. Times are shown in the school's time zone.

mod compose;
mod folders;
mod read;

use chrono::{DateTime, Utc};
use schoolbrug_kernel::MessageId;

pub(crate) use compose::parse_deadline;
pub use compose::{compose_form, send};
pub use folders::list;
pub use read::{read, receipts, report_misdirected, restore, trash};

use crate::core::i18n::Lang;
use crate::core::state::AppState;
use crate::core::view::{FormErrors, WebUser};

/// A moment in the user's school's time zone, in words.
pub(crate) fn school_time(user: &WebUser, at: DateTime<Utc>) -> String {
    user.lang
        .date_time(at.with_timezone(&user.me.school.time_zone))
}

/// The id in a message's path; anything else is a page that does not exist.
fn message_id(raw: &str) -> Option<MessageId> {
    raw.parse().ok()
}

/// Who sent a message, as a reader sees it: a name, the platform, or an erased account.
fn sender_name(lang: Lang, name: Option<&str>, system: bool) -> String {
    let t = lang.texts();
    match name {
        Some(name) => name.to_owned(),
        None if system => t.sender_system.to_owned(),
        None => t.sender_deleted.to_owned(),
    }
}

/// Adds the domain's field errors of a messaging request, each on the page element
/// `target(field)`, in the user's language.
fn add_fields<'a>(
    errors: &mut FormErrors,
    lang: Lang,
    fields: &'a [schoolbrug_kernel::FieldError],
    target: impl Fn(&'a str) -> String,
) {
    for e in fields {
        errors.add(
            &target(&e.field),
            lang.messaging_field_message(&e.field, &e.code),
        );
    }
}

/// The unread count the start page shows; `None` (the page shows no count) when the
/// messaging store does not answer, so the start page still works.
pub async fn unread_for_start(state: &AppState, user: &WebUser) -> Option<u64> {
    match state.messaging.unread_count(&user.actor).await {
        Ok(count) => Some(count),
        Err(e) => {
            tracing::warn!(error = %e, "unread count unavailable for the start page");
            None
        }
    }
}
