//! Passwords built on the account's context: the personal material (names, username,
//! birth date, the pupil's name for a co-account), folded so that case, accents and
//! separators do not hide it, and the test whether a password is dominated by it. Also
//! what zxcvbn is told about the account.

use chrono::Datelike;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{PasswordContext, is_separator, normalise};

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
pub(super) struct PersonalMaterial {
    /// Names and username, whole and in parts, deduplicated.
    words: Vec<Vec<char>>,
    /// The birth date in every notation.
    dates: Vec<Vec<char>>,
}

impl PersonalMaterial {
    pub(super) fn of(context: &PasswordContext) -> Self {
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
    pub(super) fn dominates(&self, password: &str, min_length: usize) -> bool {
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
    pub(super) fn zxcvbn_inputs(&self, context: &PasswordContext) -> Vec<String> {
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
