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
pub(crate) struct Message {
    // Only the tests read the module: they check the message is in that module's file.
    #[cfg_attr(not(test), allow(dead_code))]
    pub module: &'static str,
    pub id: &'static str,
    pub vars: &'static [&'static str],
}

macro_rules! messages {
    ($($module:literal { $($name:ident = $id:ident $(($($var:ident),*))?;)* })*) => {
        $($(
            pub(crate) const $name: $crate::core::i18n::texts::Message = $crate::core::i18n::texts::Message {
                module: $module,
                id: stringify!($id),
                vars: &[$($(stringify!($var)),*)?],
            };
        )*)*

        /// Every message the Rust code formats; the tests check them against the files.
        #[cfg(test)]
        pub(crate) const MESSAGES: &[$crate::core::i18n::texts::Message] = &[$($($name,)*)*];
    };
}

/// Each module's `texts.rs` lists its own messages with this macro.
pub(crate) use messages;

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
        nav_news,
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
        oidc_sign_in,
        oidc_or,
        oidc_unknown_title,
        oidc_unknown_text,
        oidc_refused_title,
        oidc_refused_text,
        oidc_provider_text,
        oidc_linked_title,
        oidc_linked_text,
        oidc_link_button,
        oidc_link_intro,
        oidc_continue_title,
        oidc_continue_text,
        admin_provider_title,
        admin_provider_intro,
        admin_provider_redirect,
        admin_provider_issuer_label,
        admin_provider_issuer_hint,
        admin_provider_client_id_label,
        admin_provider_client_secret_label,
        admin_provider_client_secret_kept,
        admin_provider_saved,
        admin_provider_removed,
        admin_provider_remove_text,
        admin_provider_remove_submit,
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
        logout_everywhere_title,
        logout_everywhere_intro,
        logout_everywhere_submit,
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
        // Second factor (TOTP)
        second_factor_title,
        second_factor_intro,
        second_factor_required_note,
        second_factor_on,
        second_factor_off,
        second_factor_start_submit,
        second_factor_scan_title,
        second_factor_scan,
        second_factor_qr_alt,
        second_factor_link,
        second_factor_key_label,
        totp_code_label,
        totp_code_hint,
        second_factor_confirm_submit,
        totp_wrong_code,
        recovery_codes_title,
        recovery_codes_intro,
        second_factor_disable_title,
        second_factor_disable_intro,
        second_factor_disable_submit,
        second_factor_disabled_note,
        second_factor_enabled_note,
        link_second_factor,
        link_sign_in_settings,
        login_code_label,
        login_code_hint,
        login_second_factor_note,
        login_code_wrong,
        admin_sign_in_title,
        admin_sign_in_intro,
        admin_sign_in_saved,
        admin_sign_in_submit,
        second_factor_required_label,
        remove_second_factor_heading,
        remove_second_factor_text,
        remove_second_factor_submit,
        second_factor_removed_note,
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
        // News
        news_title,
        news_intro,
        news_empty,
        news_publish_link,
        news_pinned_badge,
        news_unread_badge,
        news_label_author,
        news_label_published,
        news_label_until,
        news_label_child,
        news_edit_link,
        news_back,
        news_withdraw_heading,
        news_withdraw_text,
        news_withdraw_confirm,
        news_withdraw_submit,
        news_withdrawn,
        news_published,
        news_saved,
        news_new_title,
        news_edit_title,
        news_field_title_label,
        news_field_title_hint,
        news_field_body_label,
        news_field_body_hint,
        news_audience_legend,
        news_audience_school_label,
        news_audience_groups_label,
        news_audience_groups_hint,
        news_audience_roles_label,
        news_audience_roles_hint,
        news_publish_at_label,
        news_publish_at_hint,
        news_until_label,
        news_until_hint,
        news_pinned_label,
        news_publish_submit,
        news_save_submit,
        news_author_deleted,
    }
}

messages! {
    "core" {
        THROTTLED = throttled(wait);
        BUSY = busy(wait);
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
}

/// The months' names, January first.
pub(super) const MONTHS: [Message; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];
