-- Confirmation mails counted per account, so that saving the notification settings cannot
-- send mail without limit (`SettingsStore::put_settings_counting_mail`): how many were
-- counted in the window that opened at confirm_window_start (UTC RFC 3339 TEXT, NULL
-- before the first). The window's length and the allowance are the service's.
--
-- One schema, two dialects: migrations/postgres/0006_confirmation_mails.sql has the same
-- columns. Never edit this file once applied: add a new migration instead.

ALTER TABLE notification_settings
    ADD COLUMN confirm_mails INTEGER NOT NULL DEFAULT 0 CHECK (confirm_mails >= 0);
ALTER TABLE notification_settings ADD COLUMN confirm_window_start TEXT;
