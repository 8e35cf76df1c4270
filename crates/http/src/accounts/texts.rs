//! The accounts pages' texts that are looked up in Rust: the names of relations, the
//! password hint and reasons, and the messages of refused fields, from
//! `locales/<language>/accounts.ftl` (the shared words from `core.ftl`).

use schoolbrug_accounts::model::Relation;
use schoolbrug_accounts::password::PasswordPolicy;

use crate::core::i18n::Lang;
use crate::core::i18n::texts::{FIELD_AFTER, FIELD_CONFIRM, FIELD_EMAIL, FIELD_INVALID, messages};

messages! {
    "accounts" {
        PASSWORD_HINT = password_hint(min_length);
        ERASED = erased(count);
        PASSWORD_TOO_SHORT = password_too_short(min_length);
        PASSWORD_TOO_LONG = password_too_long(max_length);
        PASSWORD_TOO_COMMON = password_too_common;
        PASSWORD_TOO_WEAK = password_too_weak;
        PASSWORD_CONTAINS_PERSONAL_INFO = password_contains_personal_info;
        PASSWORD_MISMATCH = password_mismatch;
        PASSWORD_SAME_AS_CURRENT = password_same_as_current;
        FIELD_USERNAME_TAKEN = field_username_taken;
        FIELD_SLOT_TAKEN = field_slot_taken;
        FIELD_SLUG_TAKEN = field_slug_taken;
        FIELD_USERNAME = field_username;
        FIELD_FIRST_NAME_BLANK = field_first_name_blank;
        FIELD_LAST_NAME_BLANK = field_last_name_blank;
        FIELD_PERSON_NAME = field_person_name;
        FIELD_ROLES_PUPIL_ALONE = field_roles_pupil_alone;
        FIELD_ROLES_REQUIRED = field_roles_required;
        FIELD_ROLES = field_roles;
        FIELD_SLOT = field_slot;
        FIELD_RELATION = field_relation;
        FIELD_DATE = field_date;
        FIELD_SLUG = field_slug;
        FIELD_SCHOOL_NAME_TOO_LONG = field_school_name_too_long;
        FIELD_SCHOOL_NAME = field_school_name;
        FIELD_TIME_ZONE = field_time_zone;
        FIELD_SCHOOL = field_school;
        FIELD_OWN_ACCOUNT = field_own_account;
        FIELD_ISSUER_MULTI_TENANT = field_issuer_multi_tenant;
        FIELD_ISSUER_INSECURE = field_issuer_insecure;
        FIELD_ISSUER = field_issuer;
        FIELD_PROVIDER_VALUE = field_provider_value;
    }
}

/// The accounts pages' lookups.
impl Lang {
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
            ("issuer", "multi_tenant_issuer") => &FIELD_ISSUER_MULTI_TENANT,
            ("issuer", "insecure") => &FIELD_ISSUER_INSECURE,
            ("issuer", _) => &FIELD_ISSUER,
            ("client_id" | "client_secret", _) => &FIELD_PROVIDER_VALUE,
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
