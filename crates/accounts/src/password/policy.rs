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

use chrono::Datelike;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The shipped list: 10,000 common passwords, one per line, already normalised.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty())
        .collect()
});

/// zxcvbn only reads this many characters of a password.
const ZXCVBN_WINDOW: usize = 100;

/// Name particles that are not personal words on their own (they are still part of the
/// whole name: `van den Broeck` is matched as `vandenbroeck` and `broeck`).
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "vander", "vanden", "der", "den", "het", "ter", "ten", "les", "del", "della",
    "dos", "das", "des", "bin", "ben", "mac",
];

/// Month names (Dutch, French, English; accents dropped as matching does), January first.
const MONTH_NAMES: [&[&str]; 12] = [
    &["januari", "janvier", "january", "jan"],
    &["februari", "fevrier", "february", "feb"],
    &["maart", "mars", "march", "mrt", "mar"],
    &["april", "avril", "apr"],
    &["mei", "mai", "may"],
    &["juni", "juin", "june", "jun"],
    &["juli", "juillet", "july", "jul"],
    &["augustus", "aout", "august", "aug"],
    &["september", "septembre", "sep", "sept"],
    &["oktober", "octobre", "october", "okt", "oct"],
    &["november", "novembre", "nov"],
    &["december", "decembre", "dec"],
];

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

/// Which kind of character, for word boundaries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Letter,
    Digit,
    Other,
}

impl CharClass {
    fn of(c: char) -> Self {
        if c.is_alphabetic() {
            Self::Letter
        } else if c.is_numeric() {
            Self::Digit
        } else {
            Self::Other
        }
    }
}

/// A text in the form personal information is matched in: normalised and without accents,
/// remembering where its words start and end.
struct Folded {
    chars: Vec<char>,
    /// `boundary[i]`: a word boundary lies just before `chars[i]`; one longer than `chars`.
    boundary: Vec<bool>,
}

impl Folded {
    fn new(text: &str) -> Self {
        let mut chars: Vec<char> = Vec::new();
        let mut boundary = Vec::new();
        let mut separated = false;
        let mut previous_was_lowercase = false;
        for c in text.nfkc() {
            if is_separator(c) {
                separated = true;
                continue;
            }
            let mut camel = c.is_uppercase() && previous_was_lowercase;
            previous_was_lowercase = c.is_lowercase();
            for folded in c.to_lowercase().flat_map(|l| l.nfd()) {
                if is_combining_mark(folded) || is_separator(folded) {
                    continue;
                }
                let class_change = chars
                    .last()
                    .is_some_and(|&last| CharClass::of(last) != CharClass::of(folded));
                boundary.push(chars.is_empty() || separated || camel || class_change);
                chars.push(folded);
                separated = false;
                camel = false;
            }
        }
        boundary.push(true);
        Self { chars, boundary }
    }

    fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The text's words: the runs between boundaries.
    fn parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        let mut start = 0;
        for end in 1..=self.chars.len() {
            if self.boundary.get(end).copied().unwrap_or(true) {
                parts.push(
                    self.chars
                        .get(start..end)
                        .unwrap_or_default()
                        .iter()
                        .collect(),
                );
                start = end;
            }
        }
        parts
    }

    /// Marks in `covered` every occurrence of `word` (≥ 4 characters anywhere, 3 characters
    /// only as a whole word, shorter never); whether there was one.
    fn cover_word(&self, word: &[char], covered: &mut [bool]) -> bool {
        let n = word.len();
        if n < 3 || n > self.chars.len() {
            return false;
        }
        let mut found = false;
        for start in 0..=self.chars.len() - n {
            let end = start + n;
            if self.chars.get(start..end) != Some(word) {
                continue;
            }
            let whole_word = self.boundary.get(start).copied().unwrap_or(false)
                && self.boundary.get(end).copied().unwrap_or(false);
            if n >= 4 || whole_word {
                found = true;
                covered
                    .iter_mut()
                    .take(end)
                    .skip(start)
                    .for_each(|c| *c = true);
            }
        }
        found
    }

    /// Marks in `covered` every licence-plate shape; whether there was one.
    fn cover_plates(&self, covered: &mut [bool]) -> bool {
        let mut found = false;
        // Current Belgian plates: digit, three letters, three digits, anywhere.
        for (start, window) in self.chars.windows(7).enumerate() {
            if shape_matches(window, "DLLLDDD") {
                found = true;
                covered
                    .iter_mut()
                    .skip(start)
                    .take(7)
                    .for_each(|c| *c = true);
            }
        }
        // Older plates, as the whole password apart from leading and trailing symbols.
        let first = self.chars.iter().position(|c| c.is_ascii_alphanumeric());
        let last = self.chars.iter().rposition(|c| c.is_ascii_alphanumeric());
        if let (Some(first), Some(last)) = (first, last) {
            let core = self.chars.get(first..=last).unwrap_or_default();
            if shape_matches(core, "LLLDDD") || shape_matches(core, "DDDLLL") {
                found = true;
                covered
                    .iter_mut()
                    .skip(first)
                    .take(6)
                    .for_each(|c| *c = true);
            }
        }
        found
    }
}

/// Whether `chars` has the `shape`: `D` an ASCII digit, `L` an ASCII letter.
fn shape_matches(chars: &[char], shape: &str) -> bool {
    chars.len() == shape.len()
        && chars.iter().zip(shape.chars()).all(|(c, s)| match s {
            'D' => c.is_ascii_digit(),
            _ => c.is_ascii_lowercase(),
        })
}

/// The account's personal material, in folded form.
struct PersonalMaterial {
    /// Names and username, whole and in parts, deduplicated.
    words: Vec<Vec<char>>,
    /// The birth date in every notation.
    dates: Vec<Vec<char>>,
}

impl PersonalMaterial {
    fn of(context: &PasswordContext) -> Self {
        let mut words: Vec<Vec<char>> = Vec::new();
        let mut add = |word: Vec<char>| {
            if !words.contains(&word) {
                words.push(word);
            }
        };
        for field in personal_fields(context) {
            let folded = Folded::new(field);
            add(folded.chars.clone());
            for part in folded.parts() {
                let letters = part.chars().all(char::is_alphabetic);
                let long_enough = if letters {
                    part.chars().count() >= 3
                } else {
                    part.chars().count() >= 4
                };
                if long_enough && !NAME_PARTICLES.contains(&part.as_str()) {
                    add(part.chars().collect());
                }
            }
        }
        let dates = context
            .birth_date
            .map(date_notations)
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.chars().collect())
            .collect();
        Self { words, dates }
    }

    /// Whether the password is built on this material: it contains some, and what is left
    /// without it is shorter than `min_length`.
    fn dominates(&self, password: &str, min_length: usize) -> bool {
        let folded = Folded::new(password);
        let mut covered = vec![false; folded.chars.len()];
        let mut found = false;
        for word in self.words.iter().chain(&self.dates) {
            found |= folded.cover_word(word, &mut covered);
        }
        found |= folded.cover_plates(&mut covered);
        let rest = covered.iter().filter(|c| !**c).count();
        found && rest < min_length
    }

    /// What zxcvbn is told about the account: every personal word, the birth-date notations
    /// and year, the school's name and its parts.
    fn zxcvbn_inputs(&self, context: &PasswordContext) -> Vec<String> {
        let mut inputs: Vec<String> = self
            .words
            .iter()
            .chain(&self.dates)
            .map(|w| w.iter().collect())
            .collect();
        for field in personal_fields(context) {
            inputs.push(normalise(field));
        }
        if let Some(date) = context.birth_date {
            inputs.push(date.year().to_string());
        }
        if let Some(school) = context.school_name.as_deref() {
            let folded = Folded::new(school);
            inputs.push(normalise(school));
            inputs.push(folded.text());
            inputs.extend(
                folded
                    .parts()
                    .into_iter()
                    .filter(|p| p.chars().count() >= 3),
            );
        }
        inputs.retain(|i| !i.is_empty());
        inputs.sort();
        inputs.dedup();
        inputs
    }
}

/// The context's names and username, the empty ones left out.
fn personal_fields(context: &PasswordContext) -> Vec<&str> {
    [
        Some(context.username.as_str()),
        Some(context.first_name.as_str()),
        Some(context.last_name.as_str()),
        context.pupil_first_name.as_deref(),
        context.pupil_last_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|f| !f.trim().is_empty())
    .collect()
}

/// The date in its usual notations, as normalisation leaves them (separators removed).
fn date_notations(date: chrono::NaiveDate) -> Vec<String> {
    let (d, m, y) = (date.day(), date.month(), date.year());
    let yy = y.rem_euclid(100);
    let mut notations = vec![
        format!("{d:02}{m:02}{y:04}"),
        format!("{d}{m}{y:04}"),
        format!("{y:04}{m:02}{d:02}"),
        format!("{y:04}{m}{d}"),
        format!("{d:02}{m:02}{yy:02}"),
        format!("{yy:02}{m:02}{d:02}"),
        format!("{m:02}{d:02}{y:04}"),
        format!("{m:02}{d:02}{yy:02}"),
    ];
    let month_index = usize::try_from(date.month0()).unwrap_or(0);
    for name in MONTH_NAMES.get(month_index).copied().unwrap_or_default() {
        notations.push(format!("{d}{name}{y:04}"));
        notations.push(format!("{d:02}{name}{y:04}"));
    }
    notations.sort();
    notations.dedup();
    notations
}

#[cfg(test)]
mod tests {
    use super::*;
    use PasswordRejection::*;

    const PASSPHRASE: &str = "paarse olifant danst op het dak";

    fn policy() -> PasswordPolicy {
        PasswordPolicy::default()
    }

    fn nobody() -> PasswordContext {
        PasswordContext::default()
    }

    fn parent() -> PasswordContext {
        PasswordContext {
            username: "els.vandenbroeck".to_owned(),
            first_name: "Els".to_owned(),
            last_name: "Van den Broeck".to_owned(),
            pupil_first_name: Some("Lotte".to_owned()),
            pupil_last_name: Some("Peeters".to_owned()),
            birth_date: chrono::NaiveDate::from_ymd_opt(2012, 3, 14),
            school_name: Some("Sint-Jozefscollege Hasselt".to_owned()),
        }
    }

    /// 256 characters, strong all along; `mark` is character 200 (index 199).
    fn long_password(mark: char) -> String {
        let block = "Kw7#vZ!q9Lm@2xR$";
        let mut chars: Vec<char> = block
            .chars()
            .cycle()
            .take(PasswordPolicy::MAX_LENGTH)
            .collect();
        chars[199] = mark;
        chars.into_iter().collect()
    }

    #[test]
    fn a_good_passphrase_is_accepted() {
        assert_eq!(policy().check(PASSPHRASE, &parent()), vec![]);
    }

    #[test]
    fn eleven_characters_are_too_short_by_default() {
        assert_eq!(policy().check("gx7 krul vo", &nobody()), vec![TooShort]);
    }

    #[test]
    fn twelve_characters_meet_the_default_minimum() {
        assert_eq!(policy().min_length(), 12);
        assert_eq!(policy().check("gx7 krul vo!", &nobody()), vec![]);
    }

    #[test]
    fn the_minimum_length_is_configurable_per_school() {
        let strict = PasswordPolicy::new(16);
        assert_eq!(strict.min_length(), 16);
        assert_eq!(strict.check("gx7 krul vo!", &nobody()), vec![TooShort]);
        assert_eq!(strict.check("gx7 krul vogelbek", &nobody()), vec![]);
    }

    #[test]
    fn the_minimum_length_is_never_below_eight() {
        assert_eq!(PasswordPolicy::new(4).min_length(), 8);
        assert_eq!(
            PasswordPolicy::new(4).check("gx7 kru", &nobody()),
            vec![TooShort]
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // 11 characters, 22 bytes.
        assert_eq!(policy().check("ŝŭĉĝĥĵøæœßð", &nobody()), vec![TooShort]);
    }

    #[test]
    fn a_password_of_257_characters_is_too_long() {
        let password = format!("{}x", long_password('a'));
        assert_eq!(policy().check(&password, &nobody()), vec![TooLong]);
    }

    #[test]
    fn a_strong_password_of_256_characters_is_accepted() {
        assert_eq!(policy().check(&long_password('a'), &nobody()), vec![]);
    }

    #[test]
    fn a_password_differing_only_at_character_200_is_not_the_current_one() {
        let (current, new) = (long_password('a'), long_password('b'));
        assert_eq!(
            policy().check_change(Some(&current), &new, &new, &nobody()),
            vec![]
        );
    }

    #[test]
    fn a_repeat_differing_only_at_character_200_is_a_mismatch() {
        let (new, repeat) = (long_password('a'), long_password('b'));
        assert_eq!(
            policy().check_change(None, &new, &repeat, &nobody()),
            vec![Mismatch]
        );
    }

    #[test]
    fn a_weak_start_does_not_hide_a_strong_end_past_zxcvbn_window() {
        let password = format!("{}{}", "a".repeat(150), &long_password('a')[..100]);
        assert_eq!(policy().check(&password, &nobody()), vec![]);
    }

    #[test]
    fn a_common_word_with_digits_appended_is_too_common() {
        assert_eq!(policy().check("wachtwoord123", &nobody()), vec![TooCommon]);
    }

    #[test]
    fn azertyuiop_is_too_common() {
        assert_eq!(
            PasswordPolicy::new(8).check("azertyuiop", &nobody()),
            vec![TooCommon]
        );
    }

    #[test]
    fn a_capitalised_common_word_with_a_year_and_exclamation_mark_is_too_common() {
        assert_eq!(
            policy().check("Wachtwoord2024!", &nobody()),
            vec![TooCommon]
        );
    }

    #[test]
    fn spaces_dots_and_dashes_do_not_hide_a_common_password() {
        assert_eq!(
            policy().check("Mot de-passe.2024", &nobody()),
            vec![TooCommon]
        );
    }

    #[test]
    fn the_username_is_personal_info() {
        assert_eq!(
            policy().check("els.vandenbroeck!!", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_first_name_is_personal_info() {
        let context = PasswordContext {
            first_name: "Evelien".to_owned(),
            ..nobody()
        };
        assert_eq!(
            policy().check("evelien#4821", &context),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_last_name_is_personal_info() {
        assert_eq!(
            policy().check("VanDenBroeck#48", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_pupils_name_is_personal_info_for_a_co_account() {
        assert_eq!(
            policy().check("Lotte*Peeters*7", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_birth_date_as_ddmmyyyy_is_personal_info() {
        assert_eq!(
            policy().check("14032012zomer", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_birth_date_as_dd_mm_yyyy_is_personal_info() {
        assert_eq!(
            policy().check("zomer 14-03-2012", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_birth_date_as_yyyy_mm_dd_is_personal_info() {
        assert_eq!(
            policy().check("2012-03-14 zomer", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_birth_date_as_ddmmyy_is_personal_info() {
        assert_eq!(
            policy().check("zomer#140312#", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn the_birth_date_with_the_months_name_is_personal_info() {
        assert_eq!(
            policy().check("14 maart 2012 !!", &parent()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn a_licence_plate_is_personal_info() {
        assert_eq!(
            policy().check("1-ABC-234-fiets", &nobody()),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn an_old_licence_plate_as_the_whole_password_is_personal_info() {
        let reasons = PasswordPolicy::new(8).check("XQZ-483", &nobody());
        assert_eq!(reasons, vec![TooShort, ContainsPersonalInfo]);
    }

    #[test]
    fn accents_do_not_hide_a_name() {
        let context = PasswordContext {
            first_name: "Zoë".to_owned(),
            ..nobody()
        };
        assert_eq!(
            policy().check("Zoe-Zoe-Zoe-Zoe", &context),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn a_three_letter_name_as_a_whole_word_is_personal_info() {
        let context = PasswordContext {
            first_name: "Ann".to_owned(),
            ..nobody()
        };
        assert_eq!(
            policy().check("Ann-7$q-Ann-4", &context),
            vec![ContainsPersonalInfo]
        );
    }

    #[test]
    fn a_three_letter_name_inside_an_unrelated_word_is_not_personal_info() {
        let context = PasswordContext {
            first_name: "Ann".to_owned(),
            ..nobody()
        };
        assert_eq!(
            policy().check("planning voor de zeilkamp", &context),
            vec![]
        );
    }

    #[test]
    fn a_long_passphrase_that_merely_mentions_a_name_is_accepted() {
        let password = "peeters fietst graag langs de blauwe schelde";
        assert_eq!(policy().check(password, &parent()), vec![]);
    }

    #[test]
    fn a_long_run_of_one_letter_is_too_weak() {
        assert_eq!(policy().check("aaaaaaaaaaaaaaaa", &nobody()), vec![TooWeak]);
    }

    #[test]
    fn a_repeated_keyboard_row_is_too_weak() {
        assert_eq!(
            policy().check("qwertyqwertyqwerty", &nobody()),
            vec![TooWeak]
        );
    }

    #[test]
    fn the_school_name_makes_a_password_weak() {
        assert_eq!(
            policy().check("sintjozefscollege", &parent()),
            vec![TooWeak]
        );
    }

    #[test]
    fn too_weak_is_not_reported_when_the_password_is_too_short() {
        assert_eq!(policy().check("qqqqqqz", &nobody()), vec![TooShort]);
    }

    #[test]
    fn every_reason_that_applies_is_reported() {
        let reasons = policy().check_change(Some("Lotte2012"), "Lotte2012", "lotte2012", &parent());
        assert_eq!(
            reasons,
            vec![TooShort, ContainsPersonalInfo, Mismatch, SameAsCurrent]
        );
    }

    #[test]
    fn a_different_repeat_is_a_mismatch() {
        let reasons = policy().check_change(
            None,
            PASSPHRASE,
            "paarse olifant danst op het dak!",
            &parent(),
        );
        assert_eq!(reasons, vec![Mismatch]);
    }

    #[test]
    fn the_current_password_again_is_same_as_current() {
        let reasons = policy().check_change(Some(PASSPHRASE), PASSPHRASE, PASSPHRASE, &parent());
        assert_eq!(reasons, vec![SameAsCurrent]);
    }

    #[test]
    fn reason_codes_are_the_apis() {
        let codes: Vec<&str> = [
            TooShort,
            TooLong,
            TooCommon,
            TooWeak,
            ContainsPersonalInfo,
            Mismatch,
            SameAsCurrent,
        ]
        .into_iter()
        .map(PasswordRejection::code)
        .collect();
        assert_eq!(
            codes,
            [
                "too_short",
                "too_long",
                "too_common",
                "too_weak",
                "contains_personal_info",
                "mismatch",
                "same_as_current"
            ]
        );
    }

    #[test]
    fn the_too_short_messages_name_the_minimum_length() {
        assert!(TooShort.message_nl(14).contains("14"));
        assert!(TooShort.message_en(14).contains("14"));
    }

    #[test]
    fn the_common_list_has_exactly_10000_entries() {
        let lines = include_str!("common-passwords.txt").lines().count();
        assert_eq!(lines, 10_000);
    }

    #[test]
    fn the_common_list_has_no_duplicates() {
        assert_eq!(COMMON_PASSWORDS.len(), 10_000);
    }

    #[test]
    fn the_common_list_is_normalised() {
        let bad: Vec<&str> = COMMON_PASSWORDS
            .iter()
            .copied()
            .filter(|p| normalise(p) != *p || p.chars().count() < 4)
            .collect();
        assert_eq!(bad, Vec::<&str>::new());
    }
}
