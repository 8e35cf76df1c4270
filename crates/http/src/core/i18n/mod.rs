//! The pages' languages: Standard Dutch by default ("De algemene voertaal is het
//! Standaardnederlands"), another language when the browser prefers it (English today).
//! This module owns the [`Lang`] extractor, the loading of the Fluent files, the [`Texts`]
//! table of fixed texts (every module's, listed by module in `texts.rs`) and the lookups
//! every module shares (wait times, dates); each module's own lookups (counts, names,
//! field errors by code) are `impl Lang` blocks in its `texts.rs`
//! (`crate::accounts::texts`, `crate::messaging::texts`).
//!
//! The texts themselves are not Rust: they are Project Fluent files,
//! `crates/http/locales/<language>/<module>.ftl` (modules `core`, `accounts`,
//! `messaging`), which a translator edits without touching Rust; `locales/README.md` tells
//! how. A language is a folder: `build.rs` finds the folders, checks each file's syntax
//! (a broken file fails the build with its file and line) and compiles them in, so adding a
//! language needs no Rust change. Values become Fluent variables (`{ $count }`) and
//! singular/plural choices Fluent selectors, so word order and plural rules belong to each
//! language's file. The tests (`tests.rs`) hold every language to the default one (same
//! ids, same variables per message) and the Rust lists (`texts.rs` and each
//! module's `texts.rs`) to the files.
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
pub(crate) mod texts;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap};
use axum::http::request::Parts;
use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use fluent_bundle::{FluentArgs, FluentValue};
use schoolbrug_kernel::Role;

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
    pub(crate) fn message(
        self,
        message: &Message,
        args: &[(&'static str, FluentValue<'_>)],
    ) -> String {
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

    /// "Try again in …" after too many attempts.
    #[must_use]
    pub fn throttled(self, retry_after_secs: u64) -> String {
        let wait = self.duration(retry_after_secs);
        self.message(&THROTTLED, &[("wait", wait.into())])
    }

    /// "The server is busy, try again in …" (sign-ins shed under load): not the user's
    /// fault, unlike [`Lang::throttled`].
    #[must_use]
    pub fn busy(self, retry_after_secs: u64) -> String {
        let wait = self.duration(retry_after_secs);
        self.message(&BUSY, &[("wait", wait.into())])
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
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}
