//! The list of every text the Rust code asks for, by module: the fixed texts of the
//! [`Texts`] table (what the templates read) and the [`Message`]s formatted on demand,
//! with the names of the values they take. A name here is the message's id in
//! `locales/<language>/<module>.ftl`, so searching for an id finds both its text and its
//! uses. The tests hold these lists and the files to each other in every language.

macro_rules! texts {
    ($($module:literal { $($field:ident,)* })*) => {
        /// Every fixed text of the pages in one language, read from the translation files
        /// once; a field's name is its message id.
        #[derive(Debug)]
        pub struct Texts {
            $($(pub $field: &'static str,)*)*
        }

        impl Texts {
            /// Every field: (module, message id); the tests check them against the files.
            #[cfg(test)]
            pub(super) const KEYS: &[(&'static str, &'static str)] =
                &[$($(($module, stringify!($field)),)*)*];

            /// The table, each field from `text(message id)`.
            pub(super) fn build(mut text: impl FnMut(&'static str) -> &'static str) -> Self {
                Self {
                    $($($field: text(stringify!($field)),)*)*
                }
            }
        }
    };
}

/// A text the Rust code formats when it needs it, usually with values: its module, its
/// message id, and the names of the variables (`{ $name }`) it takes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Message {
    // Only the tests read the module: they check the message is in that module's file.
    #[cfg_attr(not(test), allow(dead_code))]
    pub module: &'static str,
    pub id: &'static str,
    pub vars: &'static [&'static str],
}

macro_rules! messages {
    ($($module:literal { $($name:ident = $id:ident $(($($var:ident),*))?;)* })*) => {
        $($(
            pub(super) const $name: Message = Message {
                module: $module,
                id: stringify!($id),
                vars: &[$($(stringify!($var)),*)?],
            };
        )*)*

        /// Every message the Rust code formats; the tests check them against the files.
        #[cfg(test)]
        pub(super) const MESSAGES: &[Message] = &[$($($name,)*)*];
    };
}

texts! {
    "core" {
        // Layout
        skip_to_content,
        nav_label,
        nav_start,
        nav_admin,
        nav_password,
        signed_in_as,
        logout,
        footer,
        error_summary_title,
        optional,
        // Roles
        role_pupil,
        role_teacher,
        role_counsellor,
        role_admin,
        // Words shared by several pages
        filter_submit,
        next_page,
        pages_label,
        first_page,
        date_hint,
        choose,
        // Error pages
        not_found_title,
        not_found_text,
        bad_request_title,
        bad_request_text,
        unavailable_title,
        unavailable_text,
        internal_title,
        internal_text,
        back_home,
        // Navigation
        nav_messages,
        nav_settings,
        nav_free_days,
    }
    "accounts" {
        // Sign in
        login_title,
        login_intro,
        school_label,
        school_hint,
        username_label,
        password_label,
        login_submit,
        login_failed,
        logged_out_note,
        password_set_note,
        forgot_password,
        forgot_password_link,
        // Start page
        start_title,
        welcome,
        about_you,
        label_name,
        label_username,
        label_roles,
        label_school,
        label_account_kind,
        kind_main,
        kind_co,
        your_child,
        label_relation,
        label_slot,
        start_actions,
        link_change_password,
        link_admin,
        logout_reminder,
        relation_mother,
        relation_father,
        relation_guardian,
        relation_foster_parent,
        relation_step_parent,
        relation_homework_tutor,
        relation_boarding_educator,
        relation_other,
        // Change password
        password_title,
        password_intro,
        current_label,
        new_label,
        repeat_label,
        password_submit,
        current_wrong,
        password_changed,
        // Set a password with a code
        reset_title,
        reset_intro,
        code_label,
        code_hint,
        reset_submit,
        code_invalid,
        // First-run setup
        setup_title,
        setup_intro,
        setup_school_section,
        school_name_label,
        slug_label,
        slug_hint,
        time_zone_label,
        time_zone_hint,
        setup_admin_section,
        first_name_label,
        last_name_label,
        repeat_password_label,
        setup_submit,
        setup_busy,
        // Administration
        accounts_title,
        search_label,
        search_hint,
        role_filter_label,
        all_accounts,
        new_account_link,
        col_username,
        col_name,
        col_kind,
        col_roles,
        col_actions,
        no_accounts,
        open_account,
        new_account_title,
        roles_legend,
        roles_hint,
        birth_date_label,
        email_label,
        create_account_submit,
        account_created,
        label_email,
        label_birth_date,
        label_created,
        label_terms,
        terms_not_accepted,
        label_status,
        status_active,
        status_inactive,
        status_active_until,
        label_pupil,
        issue_code_heading,
        issue_code_text,
        issue_code_submit,
        co_accounts_heading,
        no_co_accounts,
        col_slot,
        col_relation,
        col_status,
        reset_co_submit,
        reset_co_confirm,
        add_co_heading,
        slot_label,
        relation_label,
        active_until_label,
        active_until_hint,
        add_co_submit,
        co_added,
        all_slots_taken,
        erase_heading,
        erase_text_pupil,
        erase_text,
        erase_confirm,
        erase_submit,
        code_page_title,
        code_shown_once,
        code_for,
        code_valid_until,
        code_instructions,
        co_reset_done,
        back_to_account,
        back_to_list,
    }
    "messaging" {
        // Links on the start page
        link_compose,
        link_notification_settings,
        link_free_days,
        // Messages: folders
        messages_title,
        folders_label,
        folder_inbox,
        folder_sent,
        folder_awaiting_reply,
        folder_trash,
        compose_link,
        search_messages_label,
        search_messages_hint,
        awaiting_reply_intro,
        col_from,
        col_subject,
        col_received,
        col_sent,
        col_reply_due,
        col_read,
        unread_badge,
        unread_label,
        no_messages,
        no_messages_found,
        sender_deleted,
        sender_system,
        trashed_note,
        // Messages: one message
        label_from,
        label_to,
        label_sent_at,
        label_reply_due,
        label_action_deadline,
        urgent_badge,
        you_suffix,
        reply_link,
        trash_submit,
        restore_submit,
        in_trash_note,
        restored_note,
        misdirected_heading,
        misdirected_text,
        misdirected_confirm,
        misdirected_submit,
        misdirected_done,
        misdirected_already,
        receipts_link,
        back_to_messages,
        back_to_message,
        message_actions,
        // Messages: read receipts
        receipts_title,
        col_recipient,
        col_read_status,
        col_read_at,
        status_read,
        status_unread,
        // Messages: compose
        compose_title,
        reply_title,
        replying_to,
        recipients_legend,
        to_accounts_label,
        to_accounts_hint,
        to_staff_label,
        to_staff_hint,
        optgroup_staff,
        optgroup_pupils,
        optgroup_reply,
        to_co_accounts_of_label,
        to_co_accounts_of_hint,
        to_groups_label,
        to_groups_hint,
        audience_label,
        audience_pupils,
        audience_co_accounts,
        audience_both,
        audience_members,
        to_role_label,
        to_role_hint,
        to_role_none,
        subject_label,
        subject_hint,
        body_label,
        body_hint,
        options_legend,
        reply_requested_label,
        urgent_label,
        action_deadline_label,
        action_deadline_hint,
        acknowledge_short_notice_label,
        send_submit,
        // Notification settings
        settings_title,
        settings_intro,
        forward_email_label,
        forward_email_hint,
        forward_messages_label,
        notify_news_label,
        push_label,
        label_address_status,
        email_confirmed,
        email_unconfirmed,
        no_forward_address,
        settings_submit,
        settings_saved,
        confirmation_mail_note,
        confirm_email_title,
        confirm_email_text,
        confirm_email_submit,
        email_confirmed_note,
        confirm_token_invalid,
        back_to_settings,
        // Free days (administration)
        free_days_title,
        free_days_intro,
        free_days_hint,
        free_from_label,
        free_to_label,
        free_name_label,
        free_remove_label,
        free_days_submit,
        free_days_saved,
        free_row_label,
        confirmation_mail_failed,
        // Quiet hours (administration)
        quiet_hours_title,
        quiet_hours_intro,
        quiet_zone_label,
        quiet_mode_legend,
        quiet_none_label,
        quiet_on_label,
        quiet_start_label,
        quiet_start_hint,
        quiet_end_label,
        quiet_end_hint,
        quiet_weekends_label,
        quiet_free_days_label,
        quiet_hours_submit,
        quiet_hours_saved,
        link_quiet_hours,
        // The mail queue (administration)
        outbox_title,
        outbox_intro,
        outbox_tabs_label,
        outbox_waiting,
        outbox_sent,
        outbox_failed,
        outbox_empty_waiting,
        outbox_empty_sent,
        outbox_empty_failed,
        col_to,
        col_attempts,
        col_next_attempt,
        col_sent_at,
        col_failed_at,
        col_server_answer,
        link_outbox,
    }
}

messages! {
    "core" {
        DURATION_SECONDS = duration_seconds(count);
        DURATION_MINUTES = duration_minutes(count);
        DATE = date(day, month, year);
        DATE_TIME = date_time(date, time);
        MONTH_1 = month_1;
        MONTH_2 = month_2;
        MONTH_3 = month_3;
        MONTH_4 = month_4;
        MONTH_5 = month_5;
        MONTH_6 = month_6;
        MONTH_7 = month_7;
        MONTH_8 = month_8;
        MONTH_9 = month_9;
        MONTH_10 = month_10;
        MONTH_11 = month_11;
        MONTH_12 = month_12;
        FIELD_EMAIL = field_email;
        FIELD_AFTER = field_after;
        FIELD_CONFIRM = field_confirm;
        FIELD_INVALID = field_invalid;
    }
    "accounts" {
        THROTTLED = throttled(wait);
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
    }
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
    }
}

/// The months' names, January first.
pub(super) const MONTHS: [Message; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];
