//! `GET/POST /messages/new`: composing a message (or a reply, `?reply_to=`) with a
//! recipient picker made of plain multi-selects, so it works without JavaScript. Staff
//! pick people, the co-accounts of pupils, classes and groups with an audience, and a
//! role; pupils and co-accounts pick staff. The domain decides who may write to whom;
//! every refusal comes back on the form with the values kept.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, GroupId, MessageId, Role};
use schoolbrug_messaging::model::{Audience, Body, Recipient, Subject};
use schoolbrug_messaging::{AddressBook, MessageView, MessagingError, NewMessage};
use serde::Deserialize;

use super::{add_fields, message_id, sender_name};
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::Choice;
use crate::core::view::{Chrome, FormErrors, WebUser, render, see_other};

/// The form's elements, in page order (the error summary follows it).
const FIELDS: &[&str] = &[
    "to_accounts",
    "to_co_accounts_of",
    "to_groups",
    "audience",
    "to_role",
    "subject",
    "body",
    "reply_requested",
    "urgent",
    "action_deadline",
    "acknowledge_short_notice",
];

/// The compose form as posted. The multi-selects send a name once per chosen option,
/// so the body is read as a list of pairs.
#[derive(Clone, Debug, Default)]
struct ComposeForm {
    subject: String,
    body: String,
    to_accounts: Vec<String>,
    to_co_accounts_of: Vec<String>,
    to_groups: Vec<String>,
    audience: String,
    to_role: String,
    reply_requested: bool,
    urgent: bool,
    action_deadline: String,
    acknowledge_short_notice: bool,
    reply_to: String,
}

impl ComposeForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "subject" => form.subject = value,
                "body" => form.body = value,
                "to_accounts" => form.to_accounts.push(value),
                "to_co_accounts_of" => form.to_co_accounts_of.push(value),
                "to_groups" => form.to_groups.push(value),
                "audience" => form.audience = value,
                "to_role" => form.to_role = value,
                "reply_requested" => form.reply_requested = true,
                "urgent" => form.urgent = true,
                "action_deadline" => form.action_deadline = value,
                "acknowledge_short_notice" => form.acknowledge_short_notice = true,
                "reply_to" => form.reply_to = value,
                _ => {}
            }
        }
        form
    }

    fn chose_account(&self, id: &str) -> bool {
        self.to_accounts.iter().any(|v| v == id)
    }
}

/// A labelled set of options of a multi-select.
struct OptGroup {
    label: &'static str,
    options: Vec<Choice>,
}

/// The message being answered.
struct ReplyTo {
    id: String,
    subject: String,
    from: String,
}

#[derive(Template)]
#[template(path = "messages/compose.html", whitespace = "minimize")]
struct ComposePage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    heading: &'static str,
    is_staff: bool,
    reply: Option<ReplyTo>,
    people: Vec<OptGroup>,
    pupils: Vec<Choice>,
    groups: Vec<Choice>,
    audiences: Vec<Choice>,
    roles: Vec<Choice>,
    deadline_hint: String,
    form: ComposeForm,
}

/// `?reply_to=<message id>`
#[derive(Debug, Default, Deserialize)]
pub struct ComposeQuery {
    #[serde(default)]
    reply_to: String,
}

/// The original of a reply: its id, subject, and sender (id and name) when there is one.
struct Original {
    id: MessageId,
    subject: String,
    sender: Option<(AccountId, String)>,
    from: String,
}

/// Loads the message a reply answers (the reader's own copy, or one it sent); `Err`
/// with the response for one the account may not see.
async fn original(state: &AppState, user: &WebUser, raw: &str) -> Result<Original, Response> {
    let id = message_id(raw.trim()).ok_or_else(|| user.not_found())?;
    // The reader opened it to answer it; opening again changes no receipt.
    match state.messaging.open(&user.actor, id).await {
        Ok(MessageView::Received(received)) => {
            let message = received.message;
            let system = message.kind == schoolbrug_messaging::model::MessageKind::System;
            Ok(Original {
                id,
                subject: message.subject.as_str().to_owned(),
                from: sender_name(user.lang, message.sender_name.as_deref(), system),
                sender: message.sender.zip(message.sender_name),
            })
        }
        Ok(MessageView::Sent(message)) => Ok(Original {
            id,
            subject: message.subject.as_str().to_owned(),
            from: crate::core::view::full_name(&user.me.account),
            sender: None,
        }),
        Err(e) => Err(user.failure(e)),
    }
}

/// "Re: subject", within the subject's length.
fn reply_subject(subject: &str) -> String {
    let subject = if subject.starts_with("Re: ") {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    };
    subject.chars().take(Subject::MAX_CHARS).collect()
}

fn choice(value: String, label: String, selected: bool) -> Choice {
    Choice {
        value,
        label,
        selected,
    }
}

fn compose_page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    book: &AddressBook,
    reply: Option<&Original>,
    form: ComposeForm,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let is_staff = user.actor.is_staff();
    let me = user.actor.account;
    let people_of = |list: &[schoolbrug_messaging::model::Addressee]| -> Vec<Choice> {
        list.iter()
            .filter(|a| a.id != me)
            .map(|a| {
                let id = a.id.to_string();
                let selected = form.chose_account(&id);
                choice(id, a.name.clone(), selected)
            })
            .collect()
    };
    let mut people = Vec::new();
    // The sender of the original may be outside the address book (a parent writing to
    // staff): offer them first.
    if let Some((id, name)) = reply.and_then(|r| r.sender.as_ref())
        && *id != me
        && !book.staff.iter().chain(&book.pupils).any(|a| a.id == *id)
    {
        let value = id.to_string();
        let selected = form.chose_account(&value);
        people.push(OptGroup {
            label: t.optgroup_reply,
            options: vec![choice(value, name.clone(), selected)],
        });
    }
    people.push(OptGroup {
        label: t.optgroup_staff,
        options: people_of(&book.staff),
    });
    if is_staff {
        people.push(OptGroup {
            label: t.optgroup_pupils,
            options: people_of(&book.pupils),
        });
    }
    let pupils = book
        .pupils
        .iter()
        .map(|p| {
            let id = p.id.to_string();
            let selected = form.to_co_accounts_of.contains(&id);
            choice(id, p.name.clone(), selected)
        })
        .collect();
    let groups = book
        .groups
        .iter()
        .map(|g| {
            let id = g.id.to_string();
            let selected = form.to_groups.contains(&id);
            choice(id, g.name.clone(), selected)
        })
        .collect();
    let mut audiences = vec![choice(
        String::new(),
        t.choose.to_owned(),
        form.audience.is_empty(),
    )];
    audiences.extend(
        [
            Audience::Pupils,
            Audience::CoAccounts,
            Audience::Both,
            Audience::Members,
        ]
        .into_iter()
        .map(|a| {
            choice(
                a.as_str().to_owned(),
                lang.audience(a).to_owned(),
                form.audience == a.as_str(),
            )
        }),
    );
    let mut roles = vec![choice(
        String::new(),
        t.to_role_none.to_owned(),
        form.to_role.is_empty(),
    )];
    roles.extend(Role::ALL.into_iter().map(|r| {
        choice(
            r.as_str().to_owned(),
            lang.role(r).to_owned(),
            form.to_role == r.as_str(),
        )
    }));
    let heading = if reply.is_some() {
        t.reply_title
    } else {
        t.compose_title
    };
    render(
        lang,
        status,
        &ComposePage {
            t,
            page: Chrome::signed_in(user, heading),
            errors: errors.in_order(FIELDS),
            heading,
            is_staff,
            reply: reply.map(|r| ReplyTo {
                id: r.id.to_string(),
                subject: r.subject.clone(),
                from: r.from.clone(),
            }),
            people,
            pupils,
            groups,
            audiences,
            roles,
            deadline_hint: format!("{} ({})", t.action_deadline_hint, user.me.school.time_zone),
            form,
        },
    )
}

/// `GET /messages/new`
pub async fn compose_form(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<ComposeQuery>,
) -> Response {
    let book = match state.messaging.address_book(&user.actor).await {
        Ok(book) => book,
        Err(e) => return user.failure(e),
    };
    let mut form = ComposeForm::default();
    let reply = if query.reply_to.trim().is_empty() {
        None
    } else {
        match original(&state, &user, &query.reply_to).await {
            Ok(original) => {
                form.reply_to = original.id.to_string();
                form.subject = reply_subject(&original.subject);
                if let Some((id, _)) = &original.sender
                    && *id != user.actor.account
                {
                    form.to_accounts.push(id.to_string());
                }
                Some(original)
            }
            Err(response) => return response,
        }
    };
    compose_page(
        &user,
        StatusCode::OK,
        FormErrors::none(),
        &book,
        reply.as_ref(),
        form,
    )
}

/// A `datetime-local` value in the school's time zone, as UTC. `Err` with the reason
/// code: `invalid`, or `nonexistent` for a time the clocks skip.
pub(crate) fn parse_deadline(raw: &str, zone: Tz) -> Result<Option<DateTime<Utc>>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .ok_or("invalid")?;
    // An hour that occurs twice (clocks back) means its first occurrence.
    zone.from_local_datetime(&local)
        .earliest()
        .map(|at| Some(at.with_timezone(&Utc)))
        .ok_or("nonexistent")
}

/// The recipients the form names, each with the element it came from (for the domain's
/// `to[i]` errors). Values the form could not have sent are refused here.
fn recipients(
    lang: Lang,
    is_staff: bool,
    form: &ComposeForm,
    errors: &mut FormErrors,
) -> (Vec<Recipient>, Vec<&'static str>) {
    let mut to = Vec::new();
    let mut targets = Vec::new();
    let unknown = lang.messaging_field_message("to", "unknown_recipient");
    for raw in form.to_accounts.iter().filter(|v| !v.trim().is_empty()) {
        match raw.trim().parse::<AccountId>() {
            Ok(id) => {
                to.push(Recipient::Account(id));
                targets.push("to_accounts");
            }
            Err(_) => errors.add("to_accounts", unknown.clone()),
        }
    }
    for raw in form
        .to_co_accounts_of
        .iter()
        .filter(|v| !v.trim().is_empty())
    {
        match raw.trim().parse::<AccountId>() {
            Ok(id) => {
                to.push(Recipient::CoAccountsOf(id));
                targets.push("to_co_accounts_of");
            }
            Err(_) => errors.add("to_co_accounts_of", unknown.clone()),
        }
    }
    let groups: Vec<&String> = form
        .to_groups
        .iter()
        .filter(|v| !v.trim().is_empty())
        .collect();
    if !groups.is_empty() {
        let audience = match Audience::parse(form.audience.trim()) {
            Some(audience) => Some(audience),
            // Pupils and co-accounts have no audience to choose: the domain refuses
            // their group recipients, whatever the audience.
            None if !is_staff => Some(Audience::Pupils),
            None => {
                errors.add(
                    "audience",
                    lang.messaging_field_message("audience", "required"),
                );
                None
            }
        };
        for raw in groups {
            match raw.trim().parse::<GroupId>() {
                Ok(id) => {
                    if let Some(audience) = audience {
                        to.push(Recipient::Group(id, audience));
                        targets.push("to_groups");
                    }
                }
                Err(_) => errors.add(
                    "to_groups",
                    lang.messaging_field_message("to", "unknown_group"),
                ),
            }
        }
    }
    let role = form.to_role.trim();
    if !role.is_empty() {
        match Role::parse(role) {
            Some(role) => {
                to.push(Recipient::Role(role));
                targets.push("to_role");
            }
            None => errors.add(
                "to_role",
                lang.messaging_field_message("to_role", "invalid"),
            ),
        }
    }
    if !is_staff {
        // Their page has one picker: every recipient error belongs there.
        targets.iter_mut().for_each(|t| *t = "to_accounts");
    }
    (to, targets)
}

/// `POST /messages/new`: on success a 303 to the sent message with a confirmation;
/// a refusal shows every reason (422) with the values kept.
pub async fn send(
    State(state): State<AppState>,
    user: WebUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = user.lang;
    let is_staff = user.actor.is_staff();
    let form = ComposeForm::from_pairs(pairs);
    let book = match state.messaging.address_book(&user.actor).await {
        Ok(book) => book,
        Err(e) => return user.failure(e),
    };
    let reply = if form.reply_to.trim().is_empty() {
        None
    } else {
        match original(&state, &user, &form.reply_to).await {
            Ok(original) => Some(original),
            Err(response) => return response,
        }
    };

    let mut errors = FormErrors::none();
    let (to, targets) = recipients(lang, is_staff, &form, &mut errors);
    let action_deadline = parse_deadline(&form.action_deadline, user.me.school.time_zone)
        .unwrap_or_else(|code| {
            errors.add(
                "action_deadline",
                lang.messaging_field_message("action_deadline", code),
            );
            None
        });
    if !errors.is_empty() {
        // The form is ours to read; report the domain's checks of the text with it, so
        // every reason shows at once. Nothing is sent.
        let refused = [
            Subject::parse(&form.subject).err(),
            Body::parse(&form.body).err(),
        ];
        for e in refused.into_iter().flatten() {
            errors.add(&e.field, lang.messaging_field_message(&e.field, &e.code));
        }
        return compose_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            &book,
            reply.as_ref(),
            form,
        );
    }

    let new = NewMessage {
        subject: form.subject.clone(),
        body: form.body.clone(),
        to,
        reply_requested: form.reply_requested,
        action_deadline,
        in_reply_to: reply.as_ref().map(|r| r.id),
        acknowledge_short_notice: form.acknowledge_short_notice,
        urgent: form.urgent,
    };
    match state.messaging.send(&user.actor, new).await {
        Ok(sent) => see_other(&format!("/messages/{}?sent={}", sent.id, sent.recipients)),
        Err(MessagingError::Invalid(fields)) => {
            add_fields(&mut errors, lang, &fields, |field| {
                element_of(field, is_staff, &targets).to_owned()
            });
            compose_page(
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                &book,
                reply.as_ref(),
                form,
            )
        }
        Err(e) => user.failure(e),
    }
}

/// The page element a domain field error belongs to (`""`: the whole form).
fn element_of<'a>(field: &str, is_staff: bool, targets: &[&'a str]) -> &'a str {
    match field {
        "subject" => "subject",
        "body" => "body",
        "to" => "to_accounts",
        "action_deadline" => "action_deadline",
        "urgent" if is_staff => "urgent",
        _ => field
            .strip_prefix("to[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| targets.get(i).copied())
            .unwrap_or(""),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_is_read_in_the_schools_time_zone() {
        let at = parse_deadline("2026-09-14T16:00", chrono_tz::Europe::Brussels)
            .unwrap()
            .unwrap();
        assert_eq!(at.to_rfc3339(), "2026-09-14T14:00:00+00:00");
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused() {
        assert_eq!(
            parse_deadline("2026-03-29T02:30", chrono_tz::Europe::Brussels),
            Err("nonexistent")
        );
        assert_eq!(
            parse_deadline("morgen", chrono_tz::Europe::Brussels),
            Err("invalid")
        );
        assert_eq!(parse_deadline(" ", chrono_tz::Europe::Brussels), Ok(None));
    }

    #[test]
    fn a_recipient_error_lands_on_the_picker_it_came_from() {
        let targets = ["to_accounts", "to_groups"];
        assert_eq!(element_of("to[1]", true, &targets), "to_groups");
        assert_eq!(element_of("to[7]", true, &targets), "");
        assert_eq!(element_of("urgent", false, &targets), "");
        assert_eq!(element_of("to", true, &targets), "to_accounts");
    }

    #[test]
    fn a_reply_subject_is_prefixed_once() {
        assert_eq!(reply_subject("Uitstap"), "Re: Uitstap");
        assert_eq!(reply_subject("Re: Uitstap"), "Re: Uitstap");
        assert_eq!(reply_subject(&"x".repeat(200)).chars().count(), 200);
    }
}
