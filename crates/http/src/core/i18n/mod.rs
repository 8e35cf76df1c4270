//! The pages' languages: Standard Dutch by default ("De algemene voertaal is het
//! Standaardnederlands"), another language when the browser prefers it (English today).
//! This module owns the [`Lang`] extractor and the way to every visible text of the pages:
//! the [`Texts`] table of fixed texts, and the methods for texts that take values (wait
//! times, dates, counts, field errors by code).
//!
//! The texts themselves are not Rust: they are Project Fluent files,
//! `crates/http/locales/<language>/<module>.ftl` (modules `core`, `accounts`,
//! `messaging`), which a translator edits without touching Rust; `locales/README.md` tells
//! how. A language is a folder: `build.rs` finds the folders, checks each file's syntax
//! (a broken file fails the build with its file and line) and compiles them in, so adding a
//! language needs no Rust change. Values become Fluent variables (`{ $count }`) and
//! singular/plural choices Fluent selectors, so word order and plural rules belong to each
//! language's file. The tests (`tests.rs`) hold every language to the default one (same
//! ids, same variables per message) and the Rust lists (`texts.rs`) to the files.
//!
//! Why `fluent-bundle` (Project Fluent's own Rust implementation) with a build script, and
//! not `fluent-templates` and its `static_loader!`: that macro compiles in the files it
//! finds, but Cargo does not run a macro again when a new language folder appears (only
//! files it already includes are tracked), while a build script can ask Cargo to watch the
//! whole `locales/` folder; the macro's loader parses the files at run time and panics on
//! the first use of a broken one, where `build.rs` refuses to build; its lookups fall back
//! silently to another language or print an "Unknown localization key" text, where we want
//! a missing text to be loud (see `catalog.rs`); and its extras (language negotiation,
//! Tera and Handlebars helpers, a directory walker) would be unused weight here: the
//! language comes from our own `Accept-Language` rule and the templates are askama.
//!
//! Fluent's Unicode isolation marks around values are turned off (`catalog.rs` says why).

mod catalog;
#[cfg(test)]
mod tests;
mod texts;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap};
use axum::http::request::Parts;
use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use fluent_bundle::{FluentArgs, FluentValue};
use schoolbrug_accounts::model::Relation;
use schoolbrug_accounts::password::PasswordPolicy;
use schoolbrug_kernel::Role;
use schoolbrug_messaging::model::{Audience, GroupLabel};

use catalog::{CATALOG, LANGUAGES, TEXTS};
pub use texts::Texts;
use texts::*;

/// The language a page is shown in: one of the folders under `locales/`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Lang(
    /// The language's place in the list `build.rs` made; 0 is the default, Dutch.
    usize,
);

impl Lang {
    /// Every language there are files for, the default first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len()).map(Lang)
    }

    /// The language with this code (`"nl"`, `"en"`, any case), if there are files for it.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        LANGUAGES
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(Lang)
    }

    /// The language's tag, for `<html lang>` and `Content-Language`.
    #[must_use]
    pub fn code(self) -> &'static str {
        LANGUAGES.get(self.0).map_or("nl", |(code, _)| *code)
    }

    /// The language a request's headers ask for.
    #[must_use]
    pub fn of(headers: &HeaderMap) -> Self {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or_else(Lang::default, Self::from_accept_language)
    }

    /// Picks a language from an `Accept-Language` value: the one with files and the highest
    /// weight, the first one listed on a tie; Dutch when none is listed. A tag counts by
    /// its language (`en-GB` asks for `en`).
    #[must_use]
    pub fn from_accept_language(value: &str) -> Self {
        let mut best: Option<(f32, Lang)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if weight <= 0.0 {
                continue;
            }
            let Some(lang) = Lang::from_code(tag.split('-').next().unwrap_or_default()) else {
                continue;
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or_else(Lang::default, |(_, lang)| lang)
    }

    /// The table of fixed texts.
    #[must_use]
    pub fn texts(self) -> &'static Texts {
        // A `Lang` only ever holds a place in `LANGUAGES`, and `TEXTS` has one per place.
        &TEXTS[self.0]
    }

    /// A text that takes values, formatted; `args` name the message's variables.
    fn message(self, message: &Message, args: &[(&'static str, FluentValue<'_>)]) -> String {
        debug_assert!(
            args.len() == message.vars.len()
                && args.iter().all(|(name, _)| message.vars.contains(name)),
            "{} takes {:?}",
            message.id,
            message.vars
        );
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        CATALOG
            .format(self.0, message.id, Some(&fluent_args))
            .into_owned()
    }

    /// The name of a role.
    #[must_use]
    pub fn role(self, role: Role) -> &'static str {
        let t = self.texts();
        match role {
            Role::Pupil => t.role_pupil,
            Role::Teacher => t.role_teacher,
            Role::Counsellor => t.role_counsellor,
            Role::Admin => t.role_admin,
        }
    }

    /// The roles, joined for display ("–" for none).
    #[must_use]
    pub fn roles(self, roles: &[Role]) -> String {
        if roles.is_empty() {
            return "–".to_owned();
        }
        roles
            .iter()
            .map(|r| self.role(*r))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The name of a co-account's relation to its pupil.
    #[must_use]
    pub fn relation(self, relation: Relation) -> &'static str {
        let t = self.texts();
        match relation {
            Relation::Mother => t.relation_mother,
            Relation::Father => t.relation_father,
            Relation::Guardian => t.relation_guardian,
            Relation::FosterParent => t.relation_foster_parent,
            Relation::StepParent => t.relation_step_parent,
            Relation::HomeworkTutor => t.relation_homework_tutor,
            Relation::BoardingEducator => t.relation_boarding_educator,
            Relation::Other => t.relation_other,
        }
    }

    /// "Try again in …" after too many attempts.
    #[must_use]
    pub fn throttled(self, retry_after_secs: u64) -> String {
        let wait = self.duration(retry_after_secs);
        self.message(&THROTTLED, &[("wait", wait.into())])
    }

    /// A wait time in words: seconds up to 90, minutes (rounded up) beyond.
    #[must_use]
    pub fn duration(self, secs: u64) -> String {
        if secs <= 90 {
            self.message(&DURATION_SECONDS, &[("count", secs.into())])
        } else {
            let minutes = secs.div_ceil(60);
            self.message(&DURATION_MINUTES, &[("count", minutes.into())])
        }
    }

    /// The hint under a new-password field.
    #[must_use]
    pub fn password_hint(self, min_length: usize) -> String {
        self.message(&PASSWORD_HINT, &[("min_length", min_length.into())])
    }

    /// After erasing: how many accounts went.
    #[must_use]
    pub fn erased(self, count: usize) -> String {
        self.message(&ERASED, &[("count", count.into())])
    }

    /// A date in words: "14 maart 2012", "14 March 2012".
    #[must_use]
    pub fn date(self, date: NaiveDate) -> String {
        let month = MONTHS
            .get(date.month0() as usize)
            .map(|m| self.message(m, &[]))
            .unwrap_or_default();
        self.message(
            &DATE,
            &[
                ("day", date.day().into()),
                ("month", month.into()),
                ("year", date.year().into()),
            ],
        )
    }

    /// A moment in the school's time zone: "8 september 2026 om 10:00".
    #[must_use]
    pub fn date_time(self, at: DateTime<Tz>) -> String {
        let date = self.date(at.date_naive());
        let time = format!("{:02}:{:02}", at.hour(), at.minute());
        self.message(&DATE_TIME, &[("date", date.into()), ("time", time.into())])
    }

    /// The message of a password rejection code (`too_short`, `mismatch`…), if it is one.
    /// The wording is the domain's ([`PasswordRejection::message_nl`] and `message_en`,
    /// which the API answers with); a test holds the files to it.
    ///
    /// [`PasswordRejection::message_nl`]: schoolbrug_accounts::password::PasswordRejection::message_nl
    #[must_use]
    pub fn password_reason(self, code: &str, min_length: usize) -> Option<String> {
        let min_length = PasswordPolicy::new(min_length).min_length();
        Some(match code {
            "too_short" => self.message(&PASSWORD_TOO_SHORT, &[("min_length", min_length.into())]),
            "too_long" => self.message(
                &PASSWORD_TOO_LONG,
                &[("max_length", PasswordPolicy::MAX_LENGTH.into())],
            ),
            "too_common" => self.message(&PASSWORD_TOO_COMMON, &[]),
            "too_weak" => self.message(&PASSWORD_TOO_WEAK, &[]),
            "contains_personal_info" => self.message(&PASSWORD_CONTAINS_PERSONAL_INFO, &[]),
            "mismatch" => self.message(&PASSWORD_MISMATCH, &[]),
            "same_as_current" => self.message(&PASSWORD_SAME_AS_CURRENT, &[]),
            _ => return None,
        })
    }

    /// The message of a refused field, by the domain's field name and reason code. The
    /// domain's own messages are English only and meant for developers; users read these.
    #[must_use]
    pub fn field_message(self, field: &str, code: &str, min_length: usize) -> String {
        let message = match (field, code) {
            (_, "username_taken") => &FIELD_USERNAME_TAKEN,
            (_, "slot_taken") => &FIELD_SLOT_TAKEN,
            (_, "slug_taken") => &FIELD_SLUG_TAKEN,
            ("username" | "admin" | "admin_username", _) => &FIELD_USERNAME,
            ("first_name" | "admin_first_name", "blank") => &FIELD_FIRST_NAME_BLANK,
            ("last_name" | "admin_last_name", "blank") => &FIELD_LAST_NAME_BLANK,
            ("first_name" | "last_name" | "admin_first_name" | "admin_last_name", _) => {
                &FIELD_PERSON_NAME
            }
            ("roles", "pupil_alone") => &FIELD_ROLES_PUPIL_ALONE,
            ("roles", "required") => &FIELD_ROLES_REQUIRED,
            ("roles", _) => &FIELD_ROLES,
            ("email", _) => &FIELD_EMAIL,
            ("slot", _) => &FIELD_SLOT,
            ("relation", _) => &FIELD_RELATION,
            ("birth_date" | "active_until", _) => &FIELD_DATE,
            ("slug", _) => &FIELD_SLUG,
            ("name", "too_long") => &FIELD_SCHOOL_NAME_TOO_LONG,
            ("name", _) => &FIELD_SCHOOL_NAME,
            ("time_zone", _) => &FIELD_TIME_ZONE,
            ("school", _) => &FIELD_SCHOOL,
            ("id", "own_account") => &FIELD_OWN_ACCOUNT,
            ("after", _) => &FIELD_AFTER,
            ("confirm", _) => &FIELD_CONFIRM,
            // A password field. The password's codes are looked at only here: a school
            // name's or a person's name's `too_long` is not about a password.
            _ => {
                return self
                    .password_reason(code, min_length)
                    .unwrap_or_else(|| self.message(&FIELD_INVALID, &[]));
            }
        };
        self.message(message, &[])
    }
}

/// The messaging pages' messages that take values, and their field errors.
impl Lang {
    /// The start page's link to the inbox: "3 nieuwe berichten".
    #[must_use]
    pub fn unread_messages(self, count: u64) -> String {
        self.message(&UNREAD_MESSAGES, &[("count", count.into())])
    }

    /// A sent message's receipts in short: "gelezen door 1 van 3".
    #[must_use]
    pub fn read_by(self, read: u64, recipients: u64) -> String {
        self.message(
            &READ_BY,
            &[("read", read.into()), ("recipients", recipients.into())],
        )
    }

    /// After sending: how many inboxes received it.
    #[must_use]
    pub fn message_sent(self, recipients: usize) -> String {
        self.message(&MESSAGE_SENT, &[("count", recipients.into())])
    }

    /// How a group or role reached a blind copy: "co-accounts van 3A". The wording is the
    /// domain's ([`GroupLabel::dutch`] and [`GroupLabel::english`], which the API answers
    /// with); a test holds the files to it.
    #[must_use]
    pub fn group_label(self, label: &GroupLabel) -> String {
        match label {
            GroupLabel::Group { name, audience } => {
                let audience = match audience {
                    Audience::Pupils => "pupils",
                    Audience::CoAccounts => "co_accounts",
                    Audience::Both => "both",
                    Audience::Members => "members",
                };
                self.message(
                    &GROUP_LABEL_GROUP,
                    &[
                        ("audience", audience.into()),
                        ("name", name.as_str().into()),
                    ],
                )
            }
            GroupLabel::CoAccountsOf { pupil } => self.message(
                &GROUP_LABEL_CO_ACCOUNTS_OF,
                &[("pupil", pupil.as_str().into())],
            ),
            GroupLabel::Role { role } => {
                self.message(&GROUP_LABEL_ROLE, &[("role", role.as_str().into())])
            }
        }
    }

    /// The name of a group audience.
    #[must_use]
    pub fn audience(self, audience: Audience) -> &'static str {
        let t = self.texts();
        match audience {
            Audience::Pupils => t.audience_pupils,
            Audience::CoAccounts => t.audience_co_accounts,
            Audience::Both => t.audience_both,
            Audience::Members => t.audience_members,
        }
    }

    /// The message of a refused field of the messaging pages (compose, search, settings,
    /// free days), by the domain's (or the page's) field name and reason code.
    #[must_use]
    pub fn messaging_field_message(self, field: &str, code: &str) -> String {
        // `to[2]`, `periods[0].to`: the field's kind without its index.
        let base = field.split('[').next().unwrap_or(field);
        let leaf = field.rsplit('.').next().unwrap_or(field);
        let message = match (base, leaf, code) {
            ("subject", _, "blank") => &FIELD_SUBJECT_BLANK,
            ("subject", _, "too_long") => &FIELD_SUBJECT_TOO_LONG,
            ("subject", _, _) => &FIELD_SUBJECT,
            ("body", _, _) => &FIELD_BODY,
            ("to", _, "required") => &FIELD_TO_REQUIRED,
            ("to", _, "no_recipients") => &FIELD_TO_NO_RECIPIENTS,
            ("to", _, "unknown_group") => &FIELD_TO_UNKNOWN_GROUP,
            ("to", _, "not_allowed") => &FIELD_TO_NOT_ALLOWED,
            ("to", _, _) => &FIELD_TO,
            ("audience", _, _) => &FIELD_AUDIENCE,
            ("action_deadline", _, "short_notice") => &FIELD_DEADLINE_SHORT_NOTICE,
            ("action_deadline", _, "in_the_past") => &FIELD_DEADLINE_IN_THE_PAST,
            ("action_deadline", _, "nonexistent") => &FIELD_DEADLINE_NONEXISTENT,
            ("action_deadline", _, _) => &FIELD_DEADLINE,
            ("in_reply_to", _, _) => &FIELD_IN_REPLY_TO,
            ("urgent", _, _) => &FIELD_URGENT,
            ("q", _, _) => &FIELD_SEARCH,
            ("forward_email", _, _) => &FIELD_EMAIL,
            ("periods", "to", "before_from") => &FIELD_PERIOD_BEFORE_FROM,
            ("periods", "from" | "to", "required") => &FIELD_PERIOD_DATE_REQUIRED,
            ("periods", "from" | "to", _) => &FIELD_PERIOD_DATE,
            ("periods", "name", "too_long") => &FIELD_PERIOD_NAME_TOO_LONG,
            ("periods", "name", _) => &FIELD_PERIOD_NAME,
            ("start" | "end", _, "required") => &FIELD_TIME_REQUIRED,
            ("end", _, "same_as_start") => &FIELD_TIME_SAME_AS_START,
            ("start" | "end", _, _) => &FIELD_TIME,
            ("after", _, _) => &FIELD_AFTER,
            ("confirm", _, _) => &FIELD_CONFIRM,
            _ => &FIELD_INVALID,
        };
        self.message(message, &[])
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}
