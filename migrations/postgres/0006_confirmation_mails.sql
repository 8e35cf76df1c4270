-- Confirmation mails counted per account, so that saving the notification settings cannot
-- send mail without limit (`SettingsStore::put_settings_counting_mail`): how many were
-- counted in the window that opened at confirm_window_start (NULL before the first). The
-- window's length and the allowance are the service's.
--
-- One schema, two dialects: migrations/sqlite/0005_confirmation_mails.sql has the same
-- columns. Never edit this file once applied: add a new migration instead.

ALTER TABLE notification_settings
    ADD COLUMN confirm_mails integer NOT NULL DEFAULT 0
        CONSTRAINT notification_settings_confirm_mails_check CHECK (confirm_mails >= 0),
    ADD COLUMN confirm_window_start timestamptz;
