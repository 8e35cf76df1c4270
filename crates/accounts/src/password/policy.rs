//! The password policy: decides whether a password someone chooses is acceptable and, when
//! it is not, every reason why, as the API's reason codes (`PUT /api/v1/me/password`,
//! `POST /api/v1/password-reset`).
//!
//! This module owns the length limits, the normalisation used for every comparison, the
//! shipped list of common passwords (`common-passwords.txt`, see
//! `COMMON-PASSWORDS-SOURCE.md`), the detection of passwords built on the account's
//! context, the strength threshold (zxcvbn) and the reasons' Dutch and English messages.
//! It does not hash, store or verify passwords and does no I/O: everything here is pure
//! and deterministic. There are no composition rules ("one capital, one digit").
//!
//! # Rules
//!
//! * **Length** is counted in Unicode scalar values (`chars().count()`) of the password as
//!   typed: at least the school's minimum ([`PasswordPolicy::min_length`], default 12, never
//!   below 8) and at most [`PasswordPolicy::MAX_LENGTH`] (256). A password is never
//!   truncated: every character counts, in every comparison.
//! * **Normalisation** for comparisons: NFKC, lowercase, and spaces (any white space), dots,
//!   dashes (`-` and the Unicode dashes U+2010–U+2015, U+2212), underscores and slashes
//!   removed. `"Wacht-woord 2024"` and `"wachtwoord2024"` compare equal.
//! * **Too common**: the normalised password, or the normalised password with its trailing
//!   digits and ASCII punctuation stripped (`"Wachtwoord2024!"` → `"wachtwoord"`), is one of
//!   the 10,000 shipped common passwords.
//! * **Contains personal information**: the password is *built on* the account's context.
//!   The personal material is:
//!   - the username, first name, last name and, for a pupil and its co-accounts, the
//!     pupil's first and last name; each as a whole and split into its parts (on spaces,
//!     separators, letter/digit changes and camel case). Name particles (`van`, `den`,
//!     `der`, …) are not parts of their own; letter parts shorter than 3 and digit parts
//!     shorter than 4 are ignored;
//!   - the pupil's birth date in the usual notations: ddmmyyyy, d m yyyy without zeros,
//!     yyyymmdd, yyyy m d without zeros, ddmmyy, yymmdd, mmddyyyy, mmddyy (separators are
//!     removed by normalisation, so `14-03-2012` and `14/03/2012` are `14032012`), and the
//!     day with the month's Dutch, French or English name and the year (`14maart2012`);
//!   - a Belgian licence-plate shape: a digit, three letters and three digits anywhere
//!     (`1-ABC-234` → `1abc234`), or three letters and three digits (or three digits and
//!     three letters) as the whole password apart from leading/trailing symbols
//!     (`ABC-123`).
//!
//!   Matching ignores accents (`Zoë` matches `zoe`). A personal word of 4 or more
//!   characters matches anywhere in the normalised password; a 3-character word (`Ann`,
//!   `Tom`) only as a whole word (delimited by the password's start or end, a separator,
//!   a change between letters/digits/symbols, or a lower-to-upper case change), so `Ann`
//!   inside `planning` is not personal information.
//!
//!   **The rule**: the password is refused when it contains personal material *and*
//!   removing all of it leaves fewer than `min_length` characters of other material
//!   (counted after normalisation). `"LottePeeters2012!"` is refused; a long passphrase
//!   that merely mentions a name (`"peeters fietst graag langs de blauwe schelde"`) is
//!   judged on its own strength, with the personal words given to zxcvbn.
//! * **Too weak**: zxcvbn, given the context (every personal word and part, the birth-date
//!   notations and year, the school name and its parts), scores the normalised password
//!   below 3 ([`zxcvbn::Score::Three`]). zxcvbn reads at most 100 characters, so a longer
//!   normalised password is scored per block of 100 characters and its best block counts
//!   (guessing the whole takes at least as long as guessing any block): nothing is
//!   truncated away. `too_weak` is not reported when `too_short`, `too_common` or
//!   `contains_personal_info` already explain the refusal, nor for a password over
//!   `MAX_LENGTH` (already refused; this also bounds the work done on hostile input).
//! * **Mismatch** and **same as current** are the change-password checks of
//!   [`PasswordPolicy::check_change`]: the new password and its repetition must be exactly
//!   equal, and the new password must differ from the current one (exact comparison; a
//!   single changed character makes a different password).
//!
//! Every reason that applies is reported, in the declaration order of
//! [`PasswordRejection`].

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use personal::PersonalMaterial;

mod personal;

/// The shipped list: 10,000 common passwords, one per line, already normalised.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty())
        .collect()
});

/// zxcvbn only reads this many characters of a password.
const ZXCVBN_WINDOW: usize = 100;

/// Why a password was refused; the API's reason codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordRejection {
    /// Fewer characters than the school's minimum length.
    TooShort,
    /// More than [`PasswordPolicy::MAX_LENGTH`] characters.
    TooLong,
    /// One of the 10,000 most common passwords, possibly with digits or symbols appended.
    TooCommon,
    /// Easy to guess (zxcvbn score below 3) though none of the more specific reasons applies.
    TooWeak,
    /// Built on the account's context: names, username, birth date, licence plate.
    ContainsPersonalInfo,
    /// The new password and its repetition differ.
    Mismatch,
    /// The new password is the current one.
    SameAsCurrent,
}

impl PasswordRejection {
    /// The API's reason code, e.g. `"too_short"` (the same string serde writes).
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::TooCommon => "too_common",
            Self::TooWeak => "too_weak",
            Self::ContainsPersonalInfo => "contains_personal_info",
            Self::Mismatch => "mismatch",
            Self::SameAsCurrent => "same_as_current",
        }
    }

    /// The message shown to a Dutch-speaking user; `min_len` is the policy's minimum length.
    pub fn message_nl(self, min_len: usize) -> String {
        match self {
            Self::TooShort => format!("Het wachtwoord moet minstens {min_len} tekens lang zijn."),
            Self::TooLong => format!(
                "Het wachtwoord mag hoogstens {} tekens lang zijn.",
                PasswordPolicy::MAX_LENGTH
            ),
            Self::TooCommon => "Dit wachtwoord wordt veel gebruikt en is daardoor makkelijk te \
                                raden. Kies een ander."
                .to_owned(),
            Self::TooWeak => "Dit wachtwoord is te makkelijk te raden. Een zin van enkele \
                              woorden die niet bij elkaar horen, is sterk en makkelijk te \
                              onthouden."
                .to_owned(),
            Self::ContainsPersonalInfo => "Het wachtwoord mag niet gebaseerd zijn op je naam, \
                                           je gebruikersnaam, de naam van je kind, een \
                                           geboortedatum of een nummerplaat."
                .to_owned(),
            Self::Mismatch => "De twee nieuwe wachtwoorden zijn niet gelijk.".to_owned(),
            Self::SameAsCurrent => {
                "Het nieuwe wachtwoord moet verschillen van het huidige.".to_owned()
            }
        }
    }

    /// The message shown to an English-speaking user; `min_len` is the policy's minimum length.
    pub fn message_en(self, min_len: usize) -> String {
        match self {
            Self::TooShort => format!("The password must be at least {min_len} characters long."),
            Self::TooLong => format!(
                "The password must be at most {} characters long.",
                PasswordPolicy::MAX_LENGTH
            ),
            Self::TooCommon => "This password is widely used and therefore easy to guess. \
                                Choose another one."
                .to_owned(),
            Self::TooWeak => "This password is too easy to guess. A sentence of a few \
                              unrelated words is strong and easy to remember."
                .to_owned(),
            Self::ContainsPersonalInfo => "The password must not be based on your name, your \
                                           username, your child's name, a birth date or a \
                                           licence plate."
                .to_owned(),
            Self::Mismatch => "The two new passwords are not the same.".to_owned(),
            Self::SameAsCurrent => "The new password must differ from the current one.".to_owned(),
        }
    }
}

/// The account's context a password must not be built on.
#[derive(Clone, Debug, Default)]
pub struct PasswordContext {
    /// The account's username.
    pub username: String,
    /// The account holder's first name.
    pub first_name: String,
    /// The account holder's last name.
    pub last_name: String,
    /// For a co-account: the pupil's first name (a pupil's own account may leave it empty).
    pub pupil_first_name: Option<String>,
    /// For a co-account: the pupil's last name.
    pub pupil_last_name: Option<String>,
    /// The pupil's birth date, for the pupil's account and for its co-accounts.
    pub birth_date: Option<chrono::NaiveDate>,
    /// The school's name: only makes a password weaker in zxcvbn's eyes, not refused as such.
    pub school_name: Option<String>,
}

/// The rules a new password must satisfy; see the module documentation.
#[derive(Clone, Debug)]
pub struct PasswordPolicy {
    min_length: usize,
}

impl Default for PasswordPolicy {
    /// The policy with the default minimum length of 12 characters.
    fn default() -> Self {
        Self::new(Self::DEFAULT_MIN_LENGTH)
    }
}

impl PasswordPolicy {
    /// The most characters a password may have.
    pub const MAX_LENGTH: usize = 256;
    /// The minimum length when a school configures none.
    pub const DEFAULT_MIN_LENGTH: usize = 12;
    /// No school may set its minimum length below this.
    pub const LOWEST_MIN_LENGTH: usize = 8;

    /// A policy requiring at least `min_length` characters; the value is clamped into
    /// [`Self::LOWEST_MIN_LENGTH`]`..=`[`Self::MAX_LENGTH`].
    pub fn new(min_length: usize) -> Self {
        Self {
            min_length: min_length.clamp(Self::LOWEST_MIN_LENGTH, Self::MAX_LENGTH),
        }
    }

    /// The fewest characters a password may have.
    pub fn min_length(&self) -> usize {
        self.min_length
    }

    /// All reasons the password is refused, empty when accepted. Never truncates.
    pub fn check(&self, password: &str, context: &PasswordContext) -> Vec<PasswordRejection> {
        let length = password.chars().count();
        let too_short = length < self.min_length;
        let too_long = length > Self::MAX_LENGTH;
        let normalised = normalise(password);
        let too_common = is_common(&normalised);
        let personal = PersonalMaterial::of(context);
        let contains_personal_info = personal.dominates(password, self.min_length);
        let too_weak = !(too_short || too_long || too_common || contains_personal_info)
            && is_weak(&normalised, &personal.zxcvbn_inputs(context));

        [
            (too_short, PasswordRejection::TooShort),
            (too_long, PasswordRejection::TooLong),
            (too_common, PasswordRejection::TooCommon),
            (too_weak, PasswordRejection::TooWeak),
            (
                contains_personal_info,
                PasswordRejection::ContainsPersonalInfo,
            ),
        ]
        .into_iter()
        .filter_map(|(applies, reason)| applies.then_some(reason))
        .collect()
    }

    /// The reasons a password change is refused, empty when accepted: every reason of
    /// [`Self::check`] for `new`, plus [`PasswordRejection::Mismatch`] when `repeat` is not
    /// exactly `new` and [`PasswordRejection::SameAsCurrent`] when `new` is exactly
    /// `current` (`None` when the current password is not known, as with a reset code).
    pub fn check_change(
        &self,
        current: Option<&str>,
        new: &str,
        repeat: &str,
        context: &PasswordContext,
    ) -> Vec<PasswordRejection> {
        let mut reasons = self.check(new, context);
        if new != repeat {
            reasons.push(PasswordRejection::Mismatch);
        }
        if current == Some(new) {
            reasons.push(PasswordRejection::SameAsCurrent);
        }
        reasons
    }
}

/// Whether `c` is dropped by normalisation: white space, dots, dashes, underscores, slashes.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-' | '_' | '/' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

/// The form passwords are compared in: NFKC, lowercase, without spaces, dots, dashes,
/// underscores and slashes. The shipped list is in this form.
fn normalise(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|&c| !is_separator(c))
        .collect()
}

/// Whether the normalised password, or its core without trailing digits and symbols, is a
/// common password.
fn is_common(normalised: &str) -> bool {
    let core =
        normalised.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    COMMON_PASSWORDS.contains(normalised) || (!core.is_empty() && COMMON_PASSWORDS.contains(core))
}

/// Whether zxcvbn scores the normalised password below 3; the best block of
/// [`ZXCVBN_WINDOW`] characters counts, so nothing past zxcvbn's window is ignored.
fn is_weak(normalised: &str, inputs: &[String]) -> bool {
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let chars: Vec<char> = normalised.chars().collect();
    let best = chars
        .chunks(ZXCVBN_WINDOW)
        .map(|block| zxcvbn::zxcvbn(&block.iter().collect::<String>(), &inputs).score())
        .max();
    best.is_none_or(|score| score < zxcvbn::Score::Three)
}
#[cfg(test)]
mod tests;
