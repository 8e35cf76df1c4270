//! The messaging pages' texts that are looked up in Rust: counts, receipts, group labels,
//! audiences and the messages of refused fields, from `locales/<language>/messaging.ftl`
//! (the shared words from `core.ftl`).

use schoolbrug_messaging::model::{Audience, GroupLabel};

use crate::core::i18n::Lang;
use crate::core::i18n::texts::{FIELD_AFTER, FIELD_CONFIRM, FIELD_EMAIL, FIELD_INVALID, messages};

messages! {
    "messaging" {
        UNREAD_MESSAGES = unread_messages(count);
        READ_BY = read_by(read, recipients);
        MESSAGE_SENT = message_sent(count);
        GROUP_LABEL_GROUP = group_label_group(audience, name);
        GROUP_LABEL_CO_ACCOUNTS_OF = group_label_co_accounts_of(pupil);
        GROUP_LABEL_ROLE = group_label_role(role);
        FIELD_SUBJECT_BLANK = field_subject_blank;
        FIELD_SUBJECT_TOO_LONG = field_subject_too_long;
        FIELD_SUBJECT = field_subject;
        FIELD_BODY = field_body;
        FIELD_TO_REQUIRED = field_to_required;
        FIELD_TO_NO_RECIPIENTS = field_to_no_recipients;
        FIELD_TO_UNKNOWN_GROUP = field_to_unknown_group;
        FIELD_TO_NOT_ALLOWED = field_to_not_allowed;
        FIELD_TO = field_to;
        FIELD_AUDIENCE = field_audience;
        FIELD_DEADLINE_SHORT_NOTICE = field_deadline_short_notice;
        FIELD_DEADLINE_IN_THE_PAST = field_deadline_in_the_past;
        FIELD_DEADLINE_NONEXISTENT = field_deadline_nonexistent;
        FIELD_DEADLINE = field_deadline;
        FIELD_IN_REPLY_TO = field_in_reply_to;
        FIELD_URGENT = field_urgent;
        FIELD_SEARCH = field_search;
        FIELD_PERIOD_BEFORE_FROM = field_period_before_from;
        FIELD_PERIOD_DATE_REQUIRED = field_period_date_required;
        FIELD_PERIOD_DATE = field_period_date;
        FIELD_PERIOD_NAME_TOO_LONG = field_period_name_too_long;
        FIELD_PERIOD_NAME = field_period_name;
        FIELD_TIME_REQUIRED = field_time_required;
        FIELD_TIME_SAME_AS_START = field_time_same_as_start;
        FIELD_TIME = field_time;
        FIELD_TITLE_BLANK = field_title_blank;
        FIELD_TITLE_TOO_LONG = field_title_too_long;
        FIELD_TITLE = field_title;
        FIELD_NEWS_AUDIENCE_REQUIRED = field_news_audience_required;
        FIELD_NEWS_AUDIENCE_ADMIN_ONLY = field_news_audience_admin_only;
        FIELD_NEWS_AUDIENCE_UNKNOWN_GROUP = field_news_audience_unknown_group;
        FIELD_NEWS_AUDIENCE_NOT_A_MEMBER = field_news_audience_not_a_member;
        FIELD_NEWS_AUDIENCE = field_news_audience;
        FIELD_NEWS_UNTIL_BEFORE_PUBLISH_AT = field_news_until_before_publish_at;
        FIELD_NEWS_UNTIL_IN_THE_PAST = field_news_until_in_the_past;
        FIELD_NEWS_TIME = field_news_time;
        FIELD_NEWS_TIME_NONEXISTENT = field_news_time_nonexistent;
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

/// The news editor's texts.
impl Lang {
    /// The message of a refused field of the news editor, by the domain's (or the page's)
    /// field name and reason code.
    #[must_use]
    pub fn news_field_message(self, field: &str, code: &str) -> String {
        // `audience[2]`: the field's kind without its index.
        let base = field.split('[').next().unwrap_or(field);
        let message = match (base, code) {
            ("title", "blank") => &FIELD_TITLE_BLANK,
            ("title", "too_long") => &FIELD_TITLE_TOO_LONG,
            ("title", _) => &FIELD_TITLE,
            ("body", _) => &FIELD_BODY,
            ("audience", "required") => &FIELD_NEWS_AUDIENCE_REQUIRED,
            ("audience", "admin_only") => &FIELD_NEWS_AUDIENCE_ADMIN_ONLY,
            ("audience", "unknown_group") => &FIELD_NEWS_AUDIENCE_UNKNOWN_GROUP,
            ("audience", "not_a_member") => &FIELD_NEWS_AUDIENCE_NOT_A_MEMBER,
            ("audience", _) => &FIELD_NEWS_AUDIENCE,
            ("until", "before_publish_at") => &FIELD_NEWS_UNTIL_BEFORE_PUBLISH_AT,
            ("until", "in_the_past") => &FIELD_NEWS_UNTIL_IN_THE_PAST,
            ("publish_at" | "until", "nonexistent") => &FIELD_NEWS_TIME_NONEXISTENT,
            ("publish_at" | "until", _) => &FIELD_NEWS_TIME,
            _ => &FIELD_INVALID,
        };
        self.message(message, &[])
    }
}
