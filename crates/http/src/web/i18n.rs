//! The pages' two languages: Standard Dutch by default ("De algemene voertaal is het
//! Standaardnederlands"), English when the browser prefers it. This module owns the
//! [`Lang`] extractor and every visible string of the pages, in both languages: a
//! [`Texts`] table (a struct, so a string missing in one language does not compile) and
//! the messages that take values (wait times, dates, field errors by code).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap};
use axum::http::request::Parts;
use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use schoolbrug_accounts::model::Relation;
use schoolbrug_accounts::password::{PasswordPolicy, PasswordRejection};
use schoolbrug_kernel::Role;
use schoolbrug_messaging::model::{Audience, GroupLabel};

/// The language a page is shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Standard Dutch, the default.
    #[default]
    Nl,
    /// English, when the browser prefers it over Dutch.
    En,
}

impl Lang {
    /// The language's tag, for `<html lang>` and `Content-Language`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The language a request's headers ask for.
    #[must_use]
    pub fn of(headers: &HeaderMap) -> Self {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::Nl, Self::from_accept_language)
    }

    /// Picks Dutch or English from an `Accept-Language` value: the supported language with
    /// the highest weight, the first one listed on a tie; Dutch when neither is listed.
    #[must_use]
    pub fn from_accept_language(value: &str) -> Self {
        let mut best: Option<(f32, Lang)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if weight <= 0.0 {
                continue;
            }
            let lang = match tag.split('-').next().unwrap_or_default() {
                "nl" => Lang::Nl,
                "en" => Lang::En,
                _ => continue,
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::Nl, |(_, lang)| lang)
    }

    /// The table of fixed strings.
    #[must_use]
    pub const fn texts(self) -> &'static Texts {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// The name of a role.
    #[must_use]
    pub const fn role(self, role: Role) -> &'static str {
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
    pub const fn relation(self, relation: Relation) -> &'static str {
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
        match self {
            Lang::Nl => format!("Te veel mislukte pogingen. Probeer het opnieuw over {wait}."),
            Lang::En => format!("Too many failed attempts. Try again in {wait}."),
        }
    }

    /// A wait time in words: seconds up to 90, minutes (rounded up) beyond.
    #[must_use]
    pub fn duration(self, secs: u64) -> String {
        if secs <= 90 {
            match (self, secs) {
                (Lang::Nl, 1) => "1 seconde".to_owned(),
                (Lang::Nl, n) => format!("{n} seconden"),
                (Lang::En, 1) => "1 second".to_owned(),
                (Lang::En, n) => format!("{n} seconds"),
            }
        } else {
            let minutes = secs.div_ceil(60);
            match self {
                Lang::Nl => format!("{minutes} minuten"),
                Lang::En => format!("{minutes} minutes"),
            }
        }
    }

    /// The hint under a new-password field.
    #[must_use]
    pub fn password_hint(self, min_length: usize) -> String {
        match self {
            Lang::Nl => format!(
                "Minstens {min_length} tekens. Een zin van enkele woorden die niet bij elkaar \
                 horen, is sterk en makkelijk te onthouden. Gebruik geen namen, geboortedata of \
                 nummerplaten."
            ),
            Lang::En => format!(
                "At least {min_length} characters. A sentence of a few unrelated words is \
                 strong and easy to remember. Do not use names, birth dates or licence plates."
            ),
        }
    }

    /// After erasing: how many accounts went.
    #[must_use]
    pub fn erased(self, count: usize) -> String {
        match (self, count) {
            (Lang::Nl, 1) => "Het account is gewist.".to_owned(),
            (Lang::Nl, n) => format!("Het account en zijn co-accounts zijn gewist ({n} accounts)."),
            (Lang::En, 1) => "The account has been erased.".to_owned(),
            (Lang::En, n) => {
                format!("The account and its co-accounts have been erased ({n} accounts).")
            }
        }
    }

    /// A date in words: "14 maart 2012", "14 March 2012".
    #[must_use]
    pub fn date(self, date: NaiveDate) -> String {
        let month = self.month_name(date.month0());
        format!("{} {month} {}", date.day(), date.year())
    }

    /// A moment in the school's time zone: "8 september 2026 om 10:00".
    #[must_use]
    pub fn date_time(self, at: DateTime<Tz>) -> String {
        let date = self.date(at.date_naive());
        let time = format!("{:02}:{:02}", at.hour(), at.minute());
        match self {
            Lang::Nl => format!("{date} om {time}"),
            Lang::En => format!("{date} at {time}"),
        }
    }

    fn month_name(self, month0: u32) -> &'static str {
        const NL_MONTHS: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN_MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let months = match self {
            Lang::Nl => &NL_MONTHS,
            Lang::En => &EN_MONTHS,
        };
        months.get(month0 as usize).copied().unwrap_or_default()
    }

    /// The message of a password rejection code (`too_short`, `mismatch`…), if it is one.
    /// The wording is the domain's ([`PasswordRejection::message_nl`]).
    #[must_use]
    pub fn password_reason(self, code: &str, min_length: usize) -> Option<String> {
        let reason = match code {
            "too_short" => PasswordRejection::TooShort,
            "too_long" => PasswordRejection::TooLong,
            "too_common" => PasswordRejection::TooCommon,
            "too_weak" => PasswordRejection::TooWeak,
            "contains_personal_info" => PasswordRejection::ContainsPersonalInfo,
            "mismatch" => PasswordRejection::Mismatch,
            "same_as_current" => PasswordRejection::SameAsCurrent,
            _ => return None,
        };
        let min_length = PasswordPolicy::new(min_length).min_length();
        Some(match self {
            Lang::Nl => reason.message_nl(min_length),
            Lang::En => reason.message_en(min_length),
        })
    }

    /// The message of a refused field, by the domain's field name and reason code. The
    /// domain's own messages are English only and meant for developers; users read these.
    #[must_use]
    pub fn field_message(self, field: &str, code: &str, min_length: usize) -> String {
        if let Some(message) = self.password_reason(code, min_length) {
            return message;
        }
        let nl = self == Lang::Nl;
        let pick = |nl_text: &str, en_text: &str| if nl { nl_text } else { en_text }.to_owned();
        match (field, code) {
            (_, "username_taken") => pick(
                "Deze gebruikersnaam is al in gebruik in deze school.",
                "This username is already taken in this school.",
            ),
            (_, "slot_taken") => pick(
                "Deze leerling heeft al een co-account met dit nummer.",
                "This pupil already has a co-account with this number.",
            ),
            (_, "slug_taken") => pick(
                "Er is al een school met deze korte naam.",
                "A school with this short name exists already.",
            ),
            ("username" | "admin" | "admin_username", _) => pick(
                "Een gebruikersnaam heeft 2 tot 64 tekens: letters, cijfers, punten, \
                 streepjes, liggende streepjes of @.",
                "A username has 2 to 64 characters: letters, digits, dots, dashes, \
                 underscores or @.",
            ),
            ("first_name" | "admin_first_name", "blank") => {
                pick("Vul de voornaam in.", "Enter the first name.")
            }
            ("last_name" | "admin_last_name", "blank") => {
                pick("Vul de achternaam in.", "Enter the last name.")
            }
            ("first_name" | "last_name" | "admin_first_name" | "admin_last_name", _) => pick(
                "Een naam heeft hoogstens 100 tekens, zonder stuurtekens.",
                "A name has at most 100 characters, without control characters.",
            ),
            ("roles", "pupil_alone") => pick(
                "Een leerling heeft geen andere rollen.",
                "A pupil holds no other role.",
            ),
            ("roles", "required") => pick("Kies minstens één rol.", "Choose at least one role."),
            ("roles", _) => pick("Kies rollen uit de lijst.", "Choose roles from the list."),
            ("email", _) => pick(
                "Dit is geen geldig e-mailadres.",
                "This is not a valid e-mail address.",
            ),
            ("slot", _) => pick(
                "Kies een nummer van 1 tot 6.",
                "Choose a number from 1 to 6.",
            ),
            ("relation", _) => pick(
                "Kies een relatie uit de lijst.",
                "Choose a relation from the list.",
            ),
            ("birth_date" | "active_until", _) => pick(
                "Geef een datum in de vorm JJJJ-MM-DD.",
                "Enter a date as YYYY-MM-DD.",
            ),
            ("slug", _) => pick(
                "Een korte naam heeft 2 tot 63 kleine letters, cijfers en streepjes, en begint \
                 of eindigt niet met een streepje.",
                "A short name has 2 to 63 lowercase letters, digits and dashes, and does not \
                 start or end with a dash.",
            ),
            ("name", "too_long") => pick(
                "De naam van de school heeft hoogstens 200 tekens.",
                "The school's name has at most 200 characters.",
            ),
            ("name", _) => pick("Vul de naam van de school in.", "Enter the school's name."),
            ("time_zone", _) => pick(
                "Geef een tijdzone zoals Europe/Brussels.",
                "Enter a time zone such as Europe/Brussels.",
            ),
            ("school", _) => pick(
                "Deze installatie bedient meerdere scholen: vul de korte naam van uw school in.",
                "This installation serves several schools: enter your school's short name.",
            ),
            ("id", "own_account") => pick(
                "U kunt uw eigen account niet wissen.",
                "You cannot erase your own account.",
            ),
            ("after", _) => pick(
                "Deze paginalink is ongeldig; begin opnieuw bij de eerste pagina.",
                "This page link is not valid; start again at the first page.",
            ),
            ("confirm", _) => pick(
                "Vink het vakje aan om te bevestigen.",
                "Tick the box to confirm.",
            ),
            _ => pick("Deze waarde is ongeldig.", "This value is not valid."),
        }
    }
}

/// The messaging pages' messages that take values, and their field errors.
impl Lang {
    /// The start page's link to the inbox: "3 nieuwe berichten".
    #[must_use]
    pub fn unread_messages(self, count: u64) -> String {
        match (self, count) {
            (Lang::Nl, 0) => "Geen nieuwe berichten".to_owned(),
            (Lang::Nl, 1) => "1 nieuw bericht".to_owned(),
            (Lang::Nl, n) => format!("{n} nieuwe berichten"),
            (Lang::En, 0) => "No new messages".to_owned(),
            (Lang::En, 1) => "1 new message".to_owned(),
            (Lang::En, n) => format!("{n} new messages"),
        }
    }

    /// A sent message's receipts in short: "gelezen door 1 van 3".
    #[must_use]
    pub fn read_by(self, read: u64, recipients: u64) -> String {
        match self {
            Lang::Nl => format!("gelezen door {read} van {recipients}"),
            Lang::En => format!("read by {read} of {recipients}"),
        }
    }

    /// After sending: how many inboxes received it.
    #[must_use]
    pub fn message_sent(self, recipients: usize) -> String {
        match (self, recipients) {
            (Lang::Nl, 1) => "Uw bericht is verstuurd naar 1 ontvanger.".to_owned(),
            (Lang::Nl, n) => format!("Uw bericht is verstuurd naar {n} ontvangers."),
            (Lang::En, 1) => "Your message has been sent to 1 recipient.".to_owned(),
            (Lang::En, n) => format!("Your message has been sent to {n} recipients."),
        }
    }

    /// How a group or role reached a blind copy: "co-accounts van 3A".
    #[must_use]
    pub fn group_label(self, label: &GroupLabel) -> String {
        match self {
            Lang::Nl => label.dutch(),
            Lang::En => label.english(),
        }
    }

    /// The name of a group audience.
    #[must_use]
    pub const fn audience(self, audience: Audience) -> &'static str {
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
        let nl = self == Lang::Nl;
        let pick = |nl_text: &str, en_text: &str| if nl { nl_text } else { en_text }.to_owned();
        // `to[2]`, `periods[0].to`: the field's kind without its index.
        let base = field.split('[').next().unwrap_or(field);
        let leaf = field.rsplit('.').next().unwrap_or(field);
        match (base, leaf, code) {
            ("subject", _, "blank") => pick(
                "Vul een onderwerp in: kort en duidelijk.",
                "Enter a subject: short and clear.",
            ),
            ("subject", _, "too_long") => pick(
                "Een onderwerp heeft hoogstens 200 tekens.",
                "A subject has at most 200 characters.",
            ),
            ("subject", _, _) => pick(
                "Een onderwerp is één regel tekst.",
                "A subject is one line of text.",
            ),
            ("body", _, _) => pick(
                "Het bericht is te lang: hoogstens 100 kB tekst.",
                "The message is too long: at most 100 kB of text.",
            ),
            ("to", _, "required") => pick(
                "Kies minstens één ontvanger.",
                "Choose at least one recipient.",
            ),
            ("to", _, "no_recipients") => pick(
                "Deze ontvangers bereiken niemand. Kies andere ontvangers.",
                "These recipients reach nobody. Choose other recipients.",
            ),
            ("to", _, "unknown_group") => pick(
                "Deze klas of groep bestaat niet (meer) in uw school.",
                "This class or group does not exist (any more) in your school.",
            ),
            ("to", _, "not_allowed") => pick(
                "Leerlingen en co-accounts schrijven naar personeel van de school, en antwoorden op wat ze ontvingen.",
                "Pupils and co-accounts write to the school's staff, and reply to what they received.",
            ),
            ("to", _, _) => pick(
                "Deze ontvanger bestaat niet (meer) in uw school.",
                "This recipient does not exist (any more) in your school.",
            ),
            ("audience", _, _) => pick(
                "Kies wie in de gekozen klassen en groepen het bericht krijgt.",
                "Choose who in the chosen classes and groups receives the message.",
            ),
            ("action_deadline", _, "short_notice") => pick(
                "Deze termijn ligt minder dan 48 schooluren vooruit (weekends en vrije dagen tellen niet mee). Vink het vakje eronder aan als u het bericht toch wilt versturen.",
                "This deadline is less than 48 school hours away (weekends and free days do not count). Tick the box below it to send the message anyway.",
            ),
            ("action_deadline", _, "in_the_past") => pick(
                "Deze datum en dit uur zijn al voorbij.",
                "This date and time have passed.",
            ),
            ("action_deadline", _, "nonexistent") => pick(
                "Dit uur bestaat niet op die dag (de klok wordt verzet). Kies een ander uur.",
                "This time does not exist on that day (the clocks change). Choose another time.",
            ),
            ("action_deadline", _, _) => pick(
                "Geef een datum en een uur, bijvoorbeeld 2026-09-14 16:00.",
                "Enter a date and a time, for example 2026-09-14 16:00.",
            ),
            ("in_reply_to", _, _) => pick(
                "Het bericht waarop u antwoordt, bestaat niet meer.",
                "The message you reply to no longer exists.",
            ),
            ("urgent", _, _) => pick(
                "Alleen personeel kan een bericht dringend maken.",
                "Only staff can mark a message urgent.",
            ),
            ("q", _, _) => pick(
                "Een zoekopdracht heeft hoogstens 200 tekens.",
                "A search has at most 200 characters.",
            ),
            ("forward_email", _, _) => pick(
                "Dit is geen geldig e-mailadres.",
                "This is not a valid e-mail address.",
            ),
            ("periods", "to", "before_from") => pick(
                "De laatste vrije dag ligt voor de eerste.",
                "The last free day is before the first.",
            ),
            ("periods", "from" | "to", "required") => pick(
                "Vul de datum in, in de vorm JJJJ-MM-DD.",
                "Enter the date, as YYYY-MM-DD.",
            ),
            ("periods", "from" | "to", _) => pick(
                "Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.",
                "This is not a date. Use the form YYYY-MM-DD.",
            ),
            ("periods", "name", "too_long") => pick(
                "Een naam heeft hoogstens 100 tekens.",
                "A name has at most 100 characters.",
            ),
            ("periods", "name", _) => pick(
                "Geef de periode een naam, bijvoorbeeld Kerstvakantie.",
                "Give the period a name, for example Christmas holidays.",
            ),
            ("start" | "end", _, "required") => pick(
                "Vul een uur in, in de vorm UU:MM, bijvoorbeeld 20:00.",
                "Enter a time, as HH:MM, for example 20:00.",
            ),
            ("end", _, "same_as_start") => pick(
                "De stille uren moeten op een ander uur eindigen dan ze beginnen.",
                "Quiet hours must end at another time than they start.",
            ),
            ("start" | "end", _, _) => pick(
                "Dit is geen uur. Gebruik de vorm UU:MM, van 00:00 tot 23:59.",
                "This is not a time. Use the form HH:MM, from 00:00 to 23:59.",
            ),
            ("after", _, _) => pick(
                "Deze paginalink is ongeldig; begin opnieuw bij de eerste pagina.",
                "This page link is not valid; start again at the first page.",
            ),
            ("confirm", _, _) => pick(
                "Vink het vakje aan om te bevestigen.",
                "Tick the box to confirm.",
            ),
            _ => pick("Deze waarde is ongeldig.", "This value is not valid."),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}

/// Every fixed string of the pages, in one language.
#[derive(Debug)]
pub struct Texts {
    // Layout
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_start: &'static str,
    pub nav_admin: &'static str,
    pub nav_password: &'static str,
    pub signed_in_as: &'static str,
    pub logout: &'static str,
    pub footer: &'static str,
    pub error_summary_title: &'static str,
    pub optional: &'static str,
    // Sign in
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub school_label: &'static str,
    pub school_hint: &'static str,
    pub username_label: &'static str,
    pub password_label: &'static str,
    pub login_submit: &'static str,
    pub login_failed: &'static str,
    pub logged_out_note: &'static str,
    pub password_set_note: &'static str,
    pub forgot_password: &'static str,
    pub forgot_password_link: &'static str,
    // Start page
    pub start_title: &'static str,
    pub welcome: &'static str,
    pub about_you: &'static str,
    pub label_name: &'static str,
    pub label_username: &'static str,
    pub label_roles: &'static str,
    pub label_school: &'static str,
    pub label_account_kind: &'static str,
    pub kind_main: &'static str,
    pub kind_co: &'static str,
    pub your_child: &'static str,
    pub label_relation: &'static str,
    pub label_slot: &'static str,
    pub start_actions: &'static str,
    pub link_change_password: &'static str,
    pub link_admin: &'static str,
    pub logout_reminder: &'static str,
    pub role_pupil: &'static str,
    pub role_teacher: &'static str,
    pub role_counsellor: &'static str,
    pub role_admin: &'static str,
    pub relation_mother: &'static str,
    pub relation_father: &'static str,
    pub relation_guardian: &'static str,
    pub relation_foster_parent: &'static str,
    pub relation_step_parent: &'static str,
    pub relation_homework_tutor: &'static str,
    pub relation_boarding_educator: &'static str,
    pub relation_other: &'static str,
    // Change password
    pub password_title: &'static str,
    pub password_intro: &'static str,
    pub current_label: &'static str,
    pub new_label: &'static str,
    pub repeat_label: &'static str,
    pub password_submit: &'static str,
    pub current_wrong: &'static str,
    pub password_changed: &'static str,
    // Set a password with a code
    pub reset_title: &'static str,
    pub reset_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub reset_submit: &'static str,
    pub code_invalid: &'static str,
    // First-run setup
    pub setup_title: &'static str,
    pub setup_intro: &'static str,
    pub setup_school_section: &'static str,
    pub school_name_label: &'static str,
    pub slug_label: &'static str,
    pub slug_hint: &'static str,
    pub time_zone_label: &'static str,
    pub time_zone_hint: &'static str,
    pub setup_admin_section: &'static str,
    pub first_name_label: &'static str,
    pub last_name_label: &'static str,
    pub repeat_password_label: &'static str,
    pub setup_submit: &'static str,
    pub setup_busy: &'static str,
    // Administration
    pub accounts_title: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub role_filter_label: &'static str,
    pub all_accounts: &'static str,
    pub filter_submit: &'static str,
    pub new_account_link: &'static str,
    pub col_username: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_roles: &'static str,
    pub col_actions: &'static str,
    pub no_accounts: &'static str,
    pub next_page: &'static str,
    pub pages_label: &'static str,
    pub first_page: &'static str,
    pub open_account: &'static str,
    pub new_account_title: &'static str,
    pub roles_legend: &'static str,
    pub roles_hint: &'static str,
    pub birth_date_label: &'static str,
    pub date_hint: &'static str,
    pub email_label: &'static str,
    pub create_account_submit: &'static str,
    pub account_created: &'static str,
    pub label_email: &'static str,
    pub label_birth_date: &'static str,
    pub label_created: &'static str,
    pub label_terms: &'static str,
    pub terms_not_accepted: &'static str,
    pub label_status: &'static str,
    pub status_active: &'static str,
    pub status_inactive: &'static str,
    pub status_active_until: &'static str,
    pub label_pupil: &'static str,
    pub issue_code_heading: &'static str,
    pub issue_code_text: &'static str,
    pub issue_code_submit: &'static str,
    pub co_accounts_heading: &'static str,
    pub no_co_accounts: &'static str,
    pub col_slot: &'static str,
    pub col_relation: &'static str,
    pub col_status: &'static str,
    pub reset_co_submit: &'static str,
    pub reset_co_confirm: &'static str,
    pub add_co_heading: &'static str,
    pub slot_label: &'static str,
    pub relation_label: &'static str,
    pub choose: &'static str,
    pub active_until_label: &'static str,
    pub active_until_hint: &'static str,
    pub add_co_submit: &'static str,
    pub co_added: &'static str,
    pub all_slots_taken: &'static str,
    pub erase_heading: &'static str,
    pub erase_text_pupil: &'static str,
    pub erase_text: &'static str,
    pub erase_confirm: &'static str,
    pub erase_submit: &'static str,
    pub code_page_title: &'static str,
    pub code_shown_once: &'static str,
    pub code_for: &'static str,
    pub code_valid_until: &'static str,
    pub code_instructions: &'static str,
    pub co_reset_done: &'static str,
    pub back_to_account: &'static str,
    pub back_to_list: &'static str,
    // Error pages
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_text: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub internal_title: &'static str,
    pub internal_text: &'static str,
    pub back_home: &'static str,
    // Messages: navigation and start page
    pub nav_messages: &'static str,
    pub nav_settings: &'static str,
    pub nav_free_days: &'static str,
    pub link_compose: &'static str,
    pub link_notification_settings: &'static str,
    pub link_free_days: &'static str,
    // Messages: folders
    pub messages_title: &'static str,
    pub folders_label: &'static str,
    pub folder_inbox: &'static str,
    pub folder_sent: &'static str,
    pub folder_awaiting_reply: &'static str,
    pub folder_trash: &'static str,
    pub compose_link: &'static str,
    pub search_messages_label: &'static str,
    pub search_messages_hint: &'static str,
    pub awaiting_reply_intro: &'static str,
    pub col_from: &'static str,
    pub col_subject: &'static str,
    pub col_received: &'static str,
    pub col_sent: &'static str,
    pub col_reply_due: &'static str,
    pub col_read: &'static str,
    pub unread_badge: &'static str,
    pub unread_label: &'static str,
    pub no_messages: &'static str,
    pub no_messages_found: &'static str,
    pub sender_deleted: &'static str,
    pub sender_system: &'static str,
    pub trashed_note: &'static str,
    // Messages: one message
    pub label_from: &'static str,
    pub label_to: &'static str,
    pub label_sent_at: &'static str,
    pub label_reply_due: &'static str,
    pub label_action_deadline: &'static str,
    pub urgent_badge: &'static str,
    pub you_suffix: &'static str,
    pub reply_link: &'static str,
    pub trash_submit: &'static str,
    pub restore_submit: &'static str,
    pub in_trash_note: &'static str,
    pub restored_note: &'static str,
    pub misdirected_heading: &'static str,
    pub misdirected_text: &'static str,
    pub misdirected_confirm: &'static str,
    pub misdirected_submit: &'static str,
    pub misdirected_done: &'static str,
    pub misdirected_already: &'static str,
    pub receipts_link: &'static str,
    pub back_to_messages: &'static str,
    pub back_to_message: &'static str,
    pub message_actions: &'static str,
    // Messages: read receipts
    pub receipts_title: &'static str,
    pub col_recipient: &'static str,
    pub col_read_status: &'static str,
    pub col_read_at: &'static str,
    pub status_read: &'static str,
    pub status_unread: &'static str,
    // Messages: compose
    pub compose_title: &'static str,
    pub reply_title: &'static str,
    pub replying_to: &'static str,
    pub recipients_legend: &'static str,
    pub to_accounts_label: &'static str,
    pub to_accounts_hint: &'static str,
    pub to_staff_label: &'static str,
    pub to_staff_hint: &'static str,
    pub optgroup_staff: &'static str,
    pub optgroup_pupils: &'static str,
    pub optgroup_reply: &'static str,
    pub to_co_accounts_of_label: &'static str,
    pub to_co_accounts_of_hint: &'static str,
    pub to_groups_label: &'static str,
    pub to_groups_hint: &'static str,
    pub audience_label: &'static str,
    pub audience_pupils: &'static str,
    pub audience_co_accounts: &'static str,
    pub audience_both: &'static str,
    pub audience_members: &'static str,
    pub to_role_label: &'static str,
    pub to_role_hint: &'static str,
    pub to_role_none: &'static str,
    pub subject_label: &'static str,
    pub subject_hint: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub options_legend: &'static str,
    pub reply_requested_label: &'static str,
    pub urgent_label: &'static str,
    pub action_deadline_label: &'static str,
    pub action_deadline_hint: &'static str,
    pub acknowledge_short_notice_label: &'static str,
    pub send_submit: &'static str,
    // Notification settings
    pub settings_title: &'static str,
    pub settings_intro: &'static str,
    pub forward_email_label: &'static str,
    pub forward_email_hint: &'static str,
    pub forward_messages_label: &'static str,
    pub notify_news_label: &'static str,
    pub push_label: &'static str,
    pub label_address_status: &'static str,
    pub email_confirmed: &'static str,
    pub email_unconfirmed: &'static str,
    pub no_forward_address: &'static str,
    pub settings_submit: &'static str,
    pub settings_saved: &'static str,
    pub confirmation_mail_note: &'static str,
    pub confirm_email_title: &'static str,
    pub confirm_email_text: &'static str,
    pub confirm_email_submit: &'static str,
    pub email_confirmed_note: &'static str,
    pub confirm_token_invalid: &'static str,
    pub back_to_settings: &'static str,
    // Free days (administration)
    pub free_days_title: &'static str,
    pub free_days_intro: &'static str,
    pub free_days_hint: &'static str,
    pub free_from_label: &'static str,
    pub free_to_label: &'static str,
    pub free_name_label: &'static str,
    pub free_remove_label: &'static str,
    pub free_days_submit: &'static str,
    pub free_days_saved: &'static str,
    pub free_row_label: &'static str,
    pub confirmation_mail_failed: &'static str,
    // Quiet hours (administration)
    pub quiet_hours_title: &'static str,
    pub quiet_hours_intro: &'static str,
    pub quiet_zone_label: &'static str,
    pub quiet_mode_legend: &'static str,
    pub quiet_none_label: &'static str,
    pub quiet_on_label: &'static str,
    pub quiet_start_label: &'static str,
    pub quiet_start_hint: &'static str,
    pub quiet_end_label: &'static str,
    pub quiet_end_hint: &'static str,
    pub quiet_weekends_label: &'static str,
    pub quiet_free_days_label: &'static str,
    pub quiet_hours_submit: &'static str,
    pub quiet_hours_saved: &'static str,
    pub link_quiet_hours: &'static str,
    // The mail queue (administration)
    pub outbox_title: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_tabs_label: &'static str,
    pub outbox_waiting: &'static str,
    pub outbox_sent: &'static str,
    pub outbox_failed: &'static str,
    pub outbox_empty_waiting: &'static str,
    pub outbox_empty_sent: &'static str,
    pub outbox_empty_failed: &'static str,
    pub col_to: &'static str,
    pub col_attempts: &'static str,
    pub col_next_attempt: &'static str,
    pub col_sent_at: &'static str,
    pub col_failed_at: &'static str,
    pub col_server_answer: &'static str,
    pub link_outbox: &'static str,
}

/// Standard Dutch.
pub static NL: Texts = Texts {
    skip_to_content: "Naar de inhoud",
    nav_label: "Hoofdmenu",
    nav_start: "Startpagina",
    nav_admin: "Beheer",
    nav_password: "Wachtwoord wijzigen",
    signed_in_as: "Aangemeld als",
    logout: "Afmelden",
    footer: "Schoolbrug, een open schoolplatform.",
    error_summary_title: "Er is een probleem",
    optional: "(niet verplicht)",
    login_title: "Aanmelden",
    login_intro: "Meld u aan met uw gebruikersnaam en wachtwoord.",
    school_label: "School",
    school_hint: "De korte naam van uw school, bijvoorbeeld sint-jan.",
    username_label: "Gebruikersnaam",
    password_label: "Wachtwoord",
    login_submit: "Aanmelden",
    login_failed: "De gebruikersnaam of het wachtwoord is onjuist.",
    logged_out_note: "U bent afgemeld.",
    password_set_note: "Uw wachtwoord is ingesteld. U kunt zich nu aanmelden.",
    forgot_password: "Wachtwoord vergeten? De school geeft u een eenmalige code.",
    forgot_password_link: "Een wachtwoord instellen met een eenmalige code",
    start_title: "Startpagina",
    welcome: "Welkom",
    about_you: "Uw account",
    label_name: "Naam",
    label_username: "Gebruikersnaam",
    label_roles: "Rollen",
    label_school: "School",
    label_account_kind: "Soort account",
    kind_main: "Hoofdaccount",
    kind_co: "Co-account",
    your_child: "Uw kind",
    label_relation: "Relatie",
    label_slot: "Co-account nummer",
    start_actions: "Wat wilt u doen?",
    link_change_password: "Uw wachtwoord wijzigen",
    link_admin: "Accounts beheren",
    logout_reminder: "Meld u af na elk gebruik: de browser sluiten is niet genoeg.",
    role_pupil: "Leerling",
    role_teacher: "Leerkracht",
    role_counsellor: "Leerlingenbegeleider",
    role_admin: "Beheerder",
    relation_mother: "Moeder",
    relation_father: "Vader",
    relation_guardian: "Voogd",
    relation_foster_parent: "Pleegouder",
    relation_step_parent: "Plusouder",
    relation_homework_tutor: "Huiswerkbegeleider",
    relation_boarding_educator: "Opvoeder internaat",
    relation_other: "Iemand anders",
    password_title: "Wachtwoord wijzigen",
    password_intro: "Geef uw huidige wachtwoord en kies een nieuw. Uw andere sessies worden daarna beëindigd.",
    current_label: "Huidig wachtwoord",
    new_label: "Nieuw wachtwoord",
    repeat_label: "Herhaal het nieuwe wachtwoord",
    password_submit: "Wachtwoord wijzigen",
    current_wrong: "Het huidige wachtwoord is onjuist.",
    password_changed: "Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.",
    reset_title: "Wachtwoord instellen met een code",
    reset_intro: "Hebt u van de school een eenmalige code gekregen? Stel daarmee hier een nieuw wachtwoord in. De code werkt één keer.",
    code_label: "Eenmalige code",
    code_hint: "Bijvoorbeeld ABCD-EFGH-JKMN-PQRS. Hoofdletters en streepjes maken niet uit.",
    reset_submit: "Wachtwoord instellen",
    code_invalid: "Deze gebruikersnaam en code horen niet bij elkaar, of de code is al gebruikt of verlopen. Vraag de school om een nieuwe code.",
    setup_title: "Schoolbrug instellen",
    setup_intro: "Maak de eerste school en haar beheerder aan. Deze pagina werkt één keer.",
    setup_school_section: "De school",
    school_name_label: "Naam van de school",
    slug_label: "Korte naam",
    slug_hint: "Kleine letters, cijfers en streepjes, bijvoorbeeld sint-jan.",
    time_zone_label: "Tijdzone",
    time_zone_hint: "Bijvoorbeeld Europe/Brussels.",
    setup_admin_section: "De beheerder",
    first_name_label: "Voornaam",
    last_name_label: "Achternaam",
    repeat_password_label: "Herhaal het wachtwoord",
    setup_submit: "School aanmaken",
    setup_busy: "De installatie is al bezig. Probeer het over enkele ogenblikken opnieuw.",
    accounts_title: "Accounts",
    search_label: "Zoeken",
    search_hint: "Gebruikersnaam, voornaam of achternaam.",
    role_filter_label: "Rol",
    all_accounts: "Alle accounts",
    filter_submit: "Zoeken",
    new_account_link: "Nieuw hoofdaccount",
    col_username: "Gebruikersnaam",
    col_name: "Naam",
    col_kind: "Soort",
    col_roles: "Rollen",
    col_actions: "Acties",
    no_accounts: "Geen accounts gevonden.",
    next_page: "Volgende pagina",
    pages_label: "Pagina's",
    first_page: "Eerste pagina",
    open_account: "Openen",
    new_account_title: "Nieuw hoofdaccount",
    roles_legend: "Rollen",
    roles_hint: "Een leerling heeft enkel de rol leerling; personeel kan meerdere rollen hebben.",
    birth_date_label: "Geboortedatum",
    date_hint: "In de vorm JJJJ-MM-DD.",
    email_label: "E-mailadres",
    create_account_submit: "Account aanmaken",
    account_created: "Het account is aangemaakt. Geef een eenmalige code uit, zodat de gebruiker een wachtwoord kan instellen.",
    label_email: "E-mailadres",
    label_birth_date: "Geboortedatum",
    label_created: "Aangemaakt op",
    label_terms: "Gebruiksvoorwaarden aanvaard",
    terms_not_accepted: "Nog niet",
    label_status: "Status",
    status_active: "Actief",
    status_inactive: "Niet actief",
    status_active_until: "Actief tot en met",
    label_pupil: "Leerling",
    issue_code_heading: "Eenmalige code",
    issue_code_text: "Met een eenmalige code stelt de gebruiker een nieuw wachtwoord in. Eerdere codes werken dan niet meer; het huidige wachtwoord werkt tot er een nieuw is ingesteld.",
    issue_code_submit: "Eenmalige code uitgeven",
    co_accounts_heading: "Co-accounts",
    no_co_accounts: "Deze leerling heeft nog geen co-accounts.",
    col_slot: "Nr.",
    col_relation: "Relatie",
    col_status: "Status",
    reset_co_submit: "Co-account resetten",
    reset_co_confirm: "Ik begrijp dat de berichten en documenten van dit co-account gewist worden.",
    add_co_heading: "Co-account toevoegen",
    slot_label: "Nummer",
    relation_label: "Relatie tot de leerling",
    choose: "Kies…",
    active_until_label: "Actief tot en met",
    active_until_hint: "Leeg laten als het co-account niet afloopt. In de vorm JJJJ-MM-DD.",
    add_co_submit: "Co-account toevoegen",
    co_added: "Het co-account is toegevoegd. Geef een eenmalige code uit, zodat de gebruiker een wachtwoord kan instellen.",
    all_slots_taken: "Alle zes co-accounts van deze leerling zijn in gebruik.",
    erase_heading: "Account wissen",
    erase_text_pupil: "Voor een leerling die de school verlaat: het hoofdaccount en alle co-accounts worden gewist, met hun berichten, documenten en sessies. Dit kan niet ongedaan gemaakt worden.",
    erase_text: "Het account wordt gewist, met zijn berichten, documenten en sessies. Dit kan niet ongedaan gemaakt worden.",
    erase_confirm: "Ik wil dit account definitief wissen.",
    erase_submit: "Account wissen",
    code_page_title: "Eenmalige code",
    code_shown_once: "Deze code wordt maar één keer getoond. Geef ze nu door of schrijf ze op.",
    code_for: "Code voor",
    code_valid_until: "Geldig tot",
    code_instructions: "Met deze code stelt de gebruiker een wachtwoord in op de pagina",
    co_reset_done: "Het co-account is gereset: zijn berichten en documenten zijn gewist en het oude wachtwoord werkt niet meer.",
    back_to_account: "Terug naar het account",
    back_to_list: "Terug naar de lijst",
    not_found_title: "Pagina niet gevonden",
    not_found_text: "Deze pagina bestaat niet, of u hebt er geen toegang toe.",
    bad_request_title: "Ongeldige aanvraag",
    bad_request_text: "Deze aanvraag kon niet verwerkt worden. Ga terug en probeer het opnieuw.",
    unavailable_title: "Even geduld",
    unavailable_text: "Schoolbrug kan de gegevens nu niet bereiken. Probeer het over enkele ogenblikken opnieuw.",
    internal_title: "Er ging iets mis",
    internal_text: "Er ging bij ons iets mis. Probeer het later opnieuw.",
    back_home: "Naar de startpagina",
    nav_messages: "Berichten",
    nav_settings: "Instellingen",
    nav_free_days: "Vrije dagen",
    link_compose: "Een bericht schrijven",
    link_notification_settings: "Instellingen berichtgeving",
    link_free_days: "Vrije dagen van de school beheren",
    messages_title: "Berichten",
    folders_label: "Mappen",
    folder_inbox: "Postvak IN",
    folder_sent: "Verzonden",
    folder_awaiting_reply: "Wacht op uw antwoord",
    folder_trash: "Prullenbak",
    compose_link: "Nieuw bericht",
    search_messages_label: "Zoeken in deze map",
    search_messages_hint: "Woorden uit het onderwerp of de tekst.",
    awaiting_reply_intro: "Berichten waarop de afzender een antwoord vraagt, met het tijdstip waarop het antwoord verwacht wordt: 48 schooluren na ontvangst. Weekends, vrije dagen en vakanties tellen niet mee.",
    col_from: "Van",
    col_subject: "Onderwerp",
    col_received: "Ontvangen",
    col_sent: "Verstuurd",
    col_reply_due: "Antwoord verwacht voor",
    col_read: "Gelezen",
    unread_badge: "nieuw",
    unread_label: "Ongelezen bericht",
    no_messages: "Er zijn geen berichten in deze map.",
    no_messages_found: "Geen berichten gevonden voor deze zoekopdracht.",
    sender_deleted: "verwijderd account",
    sender_system: "Schoolbrug (melding)",
    trashed_note: "Het bericht staat in de prullenbak. U kunt het daar terugzetten.",
    label_from: "Van",
    label_to: "Aan",
    label_sent_at: "Verstuurd op",
    label_reply_due: "Antwoord verwacht voor",
    label_action_deadline: "Uiterste datum",
    urgent_badge: "Dringend",
    you_suffix: "(u)",
    reply_link: "Beantwoorden",
    trash_submit: "Naar de prullenbak",
    restore_submit: "Terugzetten naar Postvak IN",
    in_trash_note: "Dit bericht staat in de prullenbak.",
    restored_note: "Het bericht staat terug in uw Postvak IN.",
    misdirected_heading: "Verkeerd bezorgd?",
    misdirected_text: "Is dit bericht niet voor u bedoeld? Meld het met één klik aan de afzender.",
    misdirected_confirm: "Dit bericht is niet voor mij bedoeld.",
    misdirected_submit: "Melden aan de afzender",
    misdirected_done: "De afzender weet nu dat dit bericht per vergissing bij u terechtkwam.",
    misdirected_already: "U hebt dit bericht gemeld als verkeerd bezorgd.",
    receipts_link: "Leesbevestigingen bekijken",
    back_to_messages: "Terug naar de berichten",
    back_to_message: "Terug naar het bericht",
    message_actions: "Acties",
    receipts_title: "Leesbevestigingen",
    col_recipient: "Ontvanger",
    col_read_status: "Status",
    col_read_at: "Gelezen op",
    status_read: "Gelezen",
    status_unread: "Nog niet gelezen",
    compose_title: "Nieuw bericht",
    reply_title: "Antwoorden",
    replying_to: "Antwoord op",
    recipients_legend: "Ontvangers",
    to_accounts_label: "Personen",
    to_accounts_hint: "Personeel en leerlingen. Wie u hier kiest, ziet de andere ontvangers die u hier koos. Houd Ctrl (of Cmd) ingedrukt om er meerdere te kiezen.",
    to_staff_label: "Aan",
    to_staff_hint: "U schrijft naar personeel van de school. Houd Ctrl (of Cmd) ingedrukt om er meerdere te kiezen.",
    optgroup_staff: "Personeel",
    optgroup_pupils: "Leerlingen",
    optgroup_reply: "Afzender van het bericht",
    to_co_accounts_of_label: "Co-accounts van een leerling",
    to_co_accounts_of_hint: "Ouders en andere co-accounts van de gekozen leerlingen, elk als blinde kopie. De leerling zelf krijgt het bericht niet.",
    to_groups_label: "Klassen en groepen",
    to_groups_hint: "Groepsberichten gaan altijd als blinde kopie: elke ontvanger ziet alleen u, de naam van de groep en zichzelf.",
    audience_label: "Wie in de gekozen klassen en groepen?",
    audience_pupils: "De leerlingen",
    audience_co_accounts: "De co-accounts (ouders) van de leerlingen",
    audience_both: "De leerlingen en hun co-accounts",
    audience_members: "Alle leden (leerlingen en personeel, geen co-accounts)",
    to_role_label: "Iedereen met een rol",
    to_role_hint: "Als blinde kopie.",
    to_role_none: "Niemand",
    subject_label: "Onderwerp",
    subject_hint: "Kort en duidelijk.",
    body_label: "Bericht",
    body_hint: "Gewone tekst. Links naar websites worden aanklikbaar.",
    options_legend: "Opties",
    reply_requested_label: "Ik vraag een antwoord (binnen 48 schooluren)",
    urgent_label: "Dringend: meteen doorsturen, ook buiten de schooluren",
    action_deadline_label: "Uiterste datum voor een actie of aanwezigheid",
    action_deadline_hint: "Datum en uur in de tijd van de school. Vraagt u informatie, een actie of iemands aanwezigheid, dan verstuurt u het bericht minstens 48 schooluren op voorhand; weekends en vrije dagen tellen niet mee.",
    acknowledge_short_notice_label: "Ik weet dat de termijn korter is dan 48 schooluren en verstuur het bericht toch.",
    send_submit: "Versturen",
    settings_title: "Instellingen berichtgeving",
    settings_intro: "Volg uw berichten zonder aan te melden: laat ze doorsturen naar uw persoonlijk e-mailadres.",
    forward_email_label: "Persoonlijk e-mailadres",
    forward_email_hint: "Leeg laten om niets door te sturen. Een nieuw adres moet u eerst bevestigen via de link in een bevestigingsmail.",
    forward_messages_label: "Stuur elk bericht dat ik ontvang door naar dit adres",
    notify_news_label: "Laat me weten wanneer er nieuws is",
    push_label: "Meldingen in de app",
    label_address_status: "Status van het adres",
    email_confirmed: "Bevestigd: berichten worden naar dit adres doorgestuurd als u dat hieronder aanvinkt.",
    email_unconfirmed: "Nog niet bevestigd: er wordt niets naar dit adres doorgestuurd tot u de link in de bevestigingsmail volgt.",
    no_forward_address: "Geen adres ingesteld.",
    settings_submit: "Instellingen bewaren",
    settings_saved: "Uw instellingen zijn bewaard.",
    confirmation_mail_note: "Er wordt een bevestigingsmail gestuurd naar het nieuwe adres. Pas wanneer u de link in die mail volgt, worden berichten doorgestuurd.",
    confirm_email_title: "E-mailadres bevestigen",
    confirm_email_text: "Bevestig dat uw berichten naar uw persoonlijk e-mailadres doorgestuurd mogen worden.",
    confirm_email_submit: "Adres bevestigen",
    email_confirmed_note: "Uw e-mailadres is bevestigd.",
    confirm_token_invalid: "Deze bevestigingslink is ongeldig of verlopen. Bewaar uw adres opnieuw om een nieuwe bevestigingsmail te krijgen.",
    back_to_settings: "Naar de instellingen berichtgeving",
    free_days_title: "Vrije dagen",
    free_days_intro: "Geef de vakanties en vrije dagen van de school in. Zoals weekends tellen ze niet mee voor de 48-urenregels. De eerste en de laatste dag horen bij de periode.",
    free_days_hint: "Lege rijen worden overgeslagen. Bewaar om nieuwe lege rijen te krijgen.",
    free_from_label: "Eerste vrije dag",
    free_to_label: "Laatste vrije dag",
    free_name_label: "Naam",
    free_remove_label: "Verwijderen",
    free_days_submit: "Vrije dagen bewaren",
    free_days_saved: "De vrije dagen zijn bewaard.",
    free_row_label: "rij",
    confirmation_mail_failed: "Uw instellingen zijn bewaard, maar de bevestigingsmail kon niet verstuurd worden. Er wordt niets naar het adres doorgestuurd tot het bevestigd is. Controleer het adres en bewaar de instellingen later opnieuw om een nieuwe bevestigingsmail te krijgen.",
    quiet_hours_title: "Stille uren",
    quiet_hours_intro: "Berichten die tijdens de stille uren verstuurd worden, worden pas daarna naar persoonlijke e-mailadressen doorgestuurd. Berichten die het personeel dringend maakt, gaan meteen. Een wijziging geldt voor berichten die daarna verstuurd worden.",
    quiet_zone_label: "Tijdzone van de school",
    quiet_mode_legend: "Stille uren van de school",
    quiet_none_label: "Geen stille uren: doorgestuurde berichten gaan altijd meteen",
    quiet_on_label: "Stille uren, zoals hieronder ingesteld",
    quiet_start_label: "Begin van de stille uren",
    quiet_start_hint: "Een uur als UU:MM, bijvoorbeeld 20:00.",
    quiet_end_label: "Einde van de stille uren",
    quiet_end_hint: "Bijvoorbeeld 07:00. Vroeger dan het begin: de stille uren lopen over middernacht.",
    quiet_weekends_label: "Zaterdag en zondag zijn de hele dag stil",
    quiet_free_days_label: "Vrije dagen en vakanties zijn de hele dag stil",
    quiet_hours_submit: "Stille uren bewaren",
    quiet_hours_saved: "De stille uren zijn bewaard.",
    link_quiet_hours: "Stille uren voor doorgestuurde berichten instellen",
    outbox_title: "Mailwachtrij",
    outbox_intro: "De berichten die naar persoonlijke e-mailadressen doorgestuurd worden: wachtend, verstuurd, en definitief mislukt met het antwoord van de mailserver.",
    outbox_tabs_label: "Status van de e-mails",
    outbox_waiting: "Wachtend",
    outbox_sent: "Verstuurd",
    outbox_failed: "Mislukt",
    outbox_empty_waiting: "Er wacht geen enkele e-mail.",
    outbox_empty_sent: "Er is nog geen e-mail verstuurd.",
    outbox_empty_failed: "Er is geen enkele e-mail definitief mislukt.",
    col_to: "Aan",
    col_attempts: "Pogingen",
    col_next_attempt: "Volgende poging",
    col_sent_at: "Verstuurd op",
    col_failed_at: "Mislukt op",
    col_server_answer: "Antwoord van de mailserver",
    link_outbox: "De mailwachtrij bekijken",
};

/// English.
pub static EN: Texts = Texts {
    skip_to_content: "Skip to content",
    nav_label: "Main menu",
    nav_start: "Start page",
    nav_admin: "Administration",
    nav_password: "Change password",
    signed_in_as: "Signed in as",
    logout: "Log out",
    footer: "Schoolbrug, an open school platform.",
    error_summary_title: "There is a problem",
    optional: "(optional)",
    login_title: "Sign in",
    login_intro: "Sign in with your username and password.",
    school_label: "School",
    school_hint: "Your school's short name, for example sint-jan.",
    username_label: "Username",
    password_label: "Password",
    login_submit: "Sign in",
    login_failed: "The username or password is incorrect.",
    logged_out_note: "You are logged out.",
    password_set_note: "Your password has been set. You can sign in now.",
    forgot_password: "Forgot your password? The school gives you a one-time code.",
    forgot_password_link: "Set a password with a one-time code",
    start_title: "Start page",
    welcome: "Welcome",
    about_you: "Your account",
    label_name: "Name",
    label_username: "Username",
    label_roles: "Roles",
    label_school: "School",
    label_account_kind: "Account type",
    kind_main: "Main account",
    kind_co: "Co-account",
    your_child: "Your child",
    label_relation: "Relation",
    label_slot: "Co-account number",
    start_actions: "What would you like to do?",
    link_change_password: "Change your password",
    link_admin: "Manage accounts",
    logout_reminder: "Log out after every use: closing the browser is not enough.",
    role_pupil: "Pupil",
    role_teacher: "Teacher",
    role_counsellor: "Student counsellor",
    role_admin: "Administrator",
    relation_mother: "Mother",
    relation_father: "Father",
    relation_guardian: "Guardian",
    relation_foster_parent: "Foster parent",
    relation_step_parent: "Step-parent",
    relation_homework_tutor: "Homework tutor",
    relation_boarding_educator: "Boarding-school educator",
    relation_other: "Someone else",
    password_title: "Change password",
    password_intro: "Enter your current password and choose a new one. Your other sessions end afterwards.",
    current_label: "Current password",
    new_label: "New password",
    repeat_label: "Repeat the new password",
    password_submit: "Change password",
    current_wrong: "The current password is incorrect.",
    password_changed: "Your password has been changed. Your other sessions have ended.",
    reset_title: "Set a password with a code",
    reset_intro: "Did the school give you a one-time code? Use it here to set a new password. The code works once.",
    code_label: "One-time code",
    code_hint: "For example ABCD-EFGH-JKMN-PQRS. Capitals and dashes do not matter.",
    reset_submit: "Set password",
    code_invalid: "This username and code do not match, or the code has been used or has expired. Ask the school for a new code.",
    setup_title: "Set up Schoolbrug",
    setup_intro: "Create the first school and its administrator. This page works once.",
    setup_school_section: "The school",
    school_name_label: "School name",
    slug_label: "Short name",
    slug_hint: "Lowercase letters, digits and dashes, for example sint-jan.",
    time_zone_label: "Time zone",
    time_zone_hint: "For example Europe/Brussels.",
    setup_admin_section: "The administrator",
    first_name_label: "First name",
    last_name_label: "Last name",
    repeat_password_label: "Repeat the password",
    setup_submit: "Create school",
    setup_busy: "The setup is already under way. Try again in a few moments.",
    accounts_title: "Accounts",
    search_label: "Search",
    search_hint: "Username, first name or last name.",
    role_filter_label: "Role",
    all_accounts: "All accounts",
    filter_submit: "Search",
    new_account_link: "New main account",
    col_username: "Username",
    col_name: "Name",
    col_kind: "Type",
    col_roles: "Roles",
    col_actions: "Actions",
    no_accounts: "No accounts found.",
    next_page: "Next page",
    pages_label: "Pages",
    first_page: "First page",
    open_account: "Open",
    new_account_title: "New main account",
    roles_legend: "Roles",
    roles_hint: "A pupil holds only the pupil role; staff may hold several roles.",
    birth_date_label: "Date of birth",
    date_hint: "As YYYY-MM-DD.",
    email_label: "E-mail address",
    create_account_submit: "Create account",
    account_created: "The account has been created. Issue a one-time code so the user can set a password.",
    label_email: "E-mail address",
    label_birth_date: "Date of birth",
    label_created: "Created on",
    label_terms: "Terms of use accepted",
    terms_not_accepted: "Not yet",
    label_status: "Status",
    status_active: "Active",
    status_inactive: "Inactive",
    status_active_until: "Active until",
    label_pupil: "Pupil",
    issue_code_heading: "One-time code",
    issue_code_text: "With a one-time code the user sets a new password. Earlier codes stop working; the current password works until a new one is set.",
    issue_code_submit: "Issue one-time code",
    co_accounts_heading: "Co-accounts",
    no_co_accounts: "This pupil has no co-accounts yet.",
    col_slot: "No.",
    col_relation: "Relation",
    col_status: "Status",
    reset_co_submit: "Reset co-account",
    reset_co_confirm: "I understand that this co-account's messages and documents will be deleted.",
    add_co_heading: "Add a co-account",
    slot_label: "Number",
    relation_label: "Relation to the pupil",
    choose: "Choose…",
    active_until_label: "Active until (inclusive)",
    active_until_hint: "Leave empty if the co-account does not expire. As YYYY-MM-DD.",
    add_co_submit: "Add co-account",
    co_added: "The co-account has been added. Issue a one-time code so the user can set a password.",
    all_slots_taken: "All six co-accounts of this pupil are in use.",
    erase_heading: "Erase account",
    erase_text_pupil: "For a pupil who leaves the school: the main account and all co-accounts are erased, with their messages, documents and sessions. This cannot be undone.",
    erase_text: "The account is erased, with its messages, documents and sessions. This cannot be undone.",
    erase_confirm: "I want to erase this account for good.",
    erase_submit: "Erase account",
    code_page_title: "One-time code",
    code_shown_once: "This code is shown only once. Pass it on or write it down now.",
    code_for: "Code for",
    code_valid_until: "Valid until",
    code_instructions: "With this code the user sets a password on the page",
    co_reset_done: "The co-account has been reset: its messages and documents are deleted and the old password no longer works.",
    back_to_account: "Back to the account",
    back_to_list: "Back to the list",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist, or you have no access to it.",
    bad_request_title: "Bad request",
    bad_request_text: "This request could not be processed. Go back and try again.",
    unavailable_title: "Please wait",
    unavailable_text: "Schoolbrug cannot reach its data right now. Try again in a few moments.",
    internal_title: "Something went wrong",
    internal_text: "Something went wrong on our side. Try again later.",
    back_home: "To the start page",
    nav_messages: "Messages",
    nav_settings: "Settings",
    nav_free_days: "Free days",
    link_compose: "Write a message",
    link_notification_settings: "Notification settings",
    link_free_days: "Manage the school's free days",
    messages_title: "Messages",
    folders_label: "Folders",
    folder_inbox: "Inbox",
    folder_sent: "Sent",
    folder_awaiting_reply: "Awaiting your reply",
    folder_trash: "Trash",
    compose_link: "New message",
    search_messages_label: "Search this folder",
    search_messages_hint: "Words from the subject or the text.",
    awaiting_reply_intro: "Messages whose sender asks for a reply, with the time the reply is due: 48 school hours after they arrived. Weekends, free days and holidays do not count.",
    col_from: "From",
    col_subject: "Subject",
    col_received: "Received",
    col_sent: "Sent",
    col_reply_due: "Reply due by",
    col_read: "Read",
    unread_badge: "new",
    unread_label: "Unread message",
    no_messages: "There are no messages in this folder.",
    no_messages_found: "No messages match this search.",
    sender_deleted: "deleted account",
    sender_system: "Schoolbrug (notice)",
    trashed_note: "The message was moved to the trash. You can restore it from there.",
    label_from: "From",
    label_to: "To",
    label_sent_at: "Sent on",
    label_reply_due: "Reply due by",
    label_action_deadline: "Deadline",
    urgent_badge: "Urgent",
    you_suffix: "(you)",
    reply_link: "Reply",
    trash_submit: "Move to trash",
    restore_submit: "Restore to inbox",
    in_trash_note: "This message is in the trash.",
    restored_note: "The message is back in your inbox.",
    misdirected_heading: "Received by mistake?",
    misdirected_text: "Was this message not meant for you? Tell the sender with one click.",
    misdirected_confirm: "This message was not meant for me.",
    misdirected_submit: "Tell the sender",
    misdirected_done: "The sender now knows this message reached you by mistake.",
    misdirected_already: "You reported this message as received by mistake.",
    receipts_link: "See read receipts",
    back_to_messages: "Back to messages",
    back_to_message: "Back to the message",
    message_actions: "Actions",
    receipts_title: "Read receipts",
    col_recipient: "Recipient",
    col_read_status: "Status",
    col_read_at: "Read on",
    status_read: "Read",
    status_unread: "Not read yet",
    compose_title: "New message",
    reply_title: "Reply",
    replying_to: "In reply to",
    recipients_legend: "Recipients",
    to_accounts_label: "People",
    to_accounts_hint: "Staff and pupils. The people you choose here see each other. Hold Ctrl (or Cmd) to choose several.",
    to_staff_label: "To",
    to_staff_hint: "You write to the school's staff. Hold Ctrl (or Cmd) to choose several.",
    optgroup_staff: "Staff",
    optgroup_pupils: "Pupils",
    optgroup_reply: "Sender of the message",
    to_co_accounts_of_label: "Co-accounts of a pupil",
    to_co_accounts_of_hint: "The parents and other co-accounts of the chosen pupils, each as a blind copy. The pupil does not receive it.",
    to_groups_label: "Classes and groups",
    to_groups_hint: "Group messages are always sent as blind copies: each recipient sees only you, the group's name and themselves.",
    audience_label: "Who in the chosen classes and groups?",
    audience_pupils: "The pupils",
    audience_co_accounts: "The pupils' co-accounts (parents)",
    audience_both: "The pupils and their co-accounts",
    audience_members: "All members (pupils and staff, no co-accounts)",
    to_role_label: "Everyone with a role",
    to_role_hint: "As blind copies.",
    to_role_none: "Nobody",
    subject_label: "Subject",
    subject_hint: "Short and clear.",
    body_label: "Message",
    body_hint: "Plain text. Links to websites become clickable.",
    options_legend: "Options",
    reply_requested_label: "I ask for a reply (within 48 school hours)",
    urgent_label: "Urgent: forward at once, even outside school hours",
    action_deadline_label: "Deadline for an action or presence",
    action_deadline_hint: "Date and time in the school's time zone. When you ask for information, an action or someone's presence, send the message at least 48 school hours ahead; weekends and free days do not count.",
    acknowledge_short_notice_label: "I know the deadline is less than 48 school hours away and send the message anyway.",
    send_submit: "Send",
    settings_title: "Notification settings",
    settings_intro: "Follow your messages without signing in: have them forwarded to your personal e-mail address.",
    forward_email_label: "Personal e-mail address",
    forward_email_hint: "Leave empty to forward nothing. A new address must first be confirmed through the link in a confirmation mail.",
    forward_messages_label: "Forward every message I receive to this address",
    notify_news_label: "Tell me when there is news",
    push_label: "Notifications in the app",
    label_address_status: "Address status",
    email_confirmed: "Confirmed: messages are forwarded to this address when you tick the box below.",
    email_unconfirmed: "Not confirmed yet: nothing is forwarded to this address until you follow the link in the confirmation mail.",
    no_forward_address: "No address set.",
    settings_submit: "Save settings",
    settings_saved: "Your settings have been saved.",
    confirmation_mail_note: "A confirmation mail will be sent to the new address. Messages are forwarded only after you follow the link in that mail.",
    confirm_email_title: "Confirm e-mail address",
    confirm_email_text: "Confirm that your messages may be forwarded to your personal e-mail address.",
    confirm_email_submit: "Confirm address",
    email_confirmed_note: "Your e-mail address has been confirmed.",
    confirm_token_invalid: "This confirmation link is not valid or has expired. Save your address again to get a new confirmation mail.",
    back_to_settings: "To the notification settings",
    free_days_title: "Free days",
    free_days_intro: "Enter the school's holidays and free days. Like weekends, they do not count for the 48-hour rules. The first and the last day belong to the period.",
    free_days_hint: "Empty rows are skipped. Save to get new empty rows.",
    free_from_label: "First free day",
    free_to_label: "Last free day",
    free_name_label: "Name",
    free_remove_label: "Remove",
    free_days_submit: "Save free days",
    free_days_saved: "The free days have been saved.",
    free_row_label: "row",
    confirmation_mail_failed: "Your settings have been saved, but the confirmation mail could not be sent. Nothing is forwarded to the address until it is confirmed. Check the address and save the settings again later to get a new confirmation mail.",
    quiet_hours_title: "Quiet hours",
    quiet_hours_intro: "Messages sent during quiet hours are forwarded to personal e-mail addresses only once they end. Messages the staff mark urgent go at once. A change applies to messages sent after it.",
    quiet_zone_label: "The school's time zone",
    quiet_mode_legend: "The school's quiet hours",
    quiet_none_label: "No quiet hours: forwarded messages always go at once",
    quiet_on_label: "Quiet hours, as set below",
    quiet_start_label: "Quiet hours start",
    quiet_start_hint: "A time as HH:MM, for example 20:00.",
    quiet_end_label: "Quiet hours end",
    quiet_end_hint: "For example 07:00. Earlier than the start: the quiet hours run past midnight.",
    quiet_weekends_label: "Saturdays and Sundays are quiet all day",
    quiet_free_days_label: "Free days and holidays are quiet all day",
    quiet_hours_submit: "Save quiet hours",
    quiet_hours_saved: "The quiet hours have been saved.",
    link_quiet_hours: "Set quiet hours for forwarded messages",
    outbox_title: "Mail queue",
    outbox_intro: "The messages forwarded to personal e-mail addresses: waiting, sent, and failed for good with the mail server's answer.",
    outbox_tabs_label: "Status of the e-mails",
    outbox_waiting: "Waiting",
    outbox_sent: "Sent",
    outbox_failed: "Failed",
    outbox_empty_waiting: "No e-mail is waiting.",
    outbox_empty_sent: "No e-mail has been sent yet.",
    outbox_empty_failed: "No e-mail has failed for good.",
    col_to: "To",
    col_attempts: "Attempts",
    col_next_attempt: "Next attempt",
    col_sent_at: "Sent at",
    col_failed_at: "Failed at",
    col_server_answer: "The mail server's answer",
    link_outbox: "View the mail queue",
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dutch_is_the_default() {
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr-BE, de"), Lang::Nl);
        assert_eq!(Lang::of(&HeaderMap::new()), Lang::Nl);
    }

    #[test]
    fn english_wins_when_listed_before_dutch() {
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("nl-BE,nl;q=0.9,en;q=0.8"),
            Lang::Nl
        );
        assert_eq!(
            Lang::from_accept_language("fr, nl;q=0.5, en;q=0.7"),
            Lang::En
        );
    }

    #[test]
    fn equal_weights_keep_the_first_listed() {
        assert_eq!(Lang::from_accept_language("nl, en"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en, nl"), Lang::En);
    }

    #[test]
    fn a_refused_language_is_not_chosen() {
        assert_eq!(Lang::from_accept_language("en;q=0, nl;q=0.1"), Lang::Nl);
    }

    #[test]
    fn every_password_reason_has_a_message_in_both_languages() {
        for code in [
            "too_short",
            "too_long",
            "too_common",
            "too_weak",
            "contains_personal_info",
            "mismatch",
            "same_as_current",
        ] {
            let nl = Lang::Nl.password_reason(code, 12).unwrap();
            let en = Lang::En.password_reason(code, 12).unwrap();
            assert_ne!(nl, en, "{code}");
        }
        assert!(
            Lang::Nl
                .password_reason("too_short", 12)
                .unwrap()
                .contains("12")
        );
    }

    #[test]
    fn wait_times_read_naturally() {
        assert_eq!(Lang::Nl.duration(1), "1 seconde");
        assert_eq!(Lang::Nl.duration(30), "30 seconden");
        assert_eq!(Lang::En.duration(300), "5 minutes");
        assert_eq!(Lang::En.duration(61), "61 seconds");
    }

    #[test]
    fn dates_are_written_out() {
        let date = NaiveDate::from_ymd_opt(2012, 3, 14).unwrap();
        assert_eq!(Lang::Nl.date(date), "14 maart 2012");
        assert_eq!(Lang::En.date(date), "14 March 2012");
    }
}
