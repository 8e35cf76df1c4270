### Schoolbrug's pages in English: messages (folders, reading, writing, read receipts),
### forwarding to e-mail, the free days, the quiet hours and the mail queue.
### How to edit this file: see locales/README.md.

## Links on the start page

link_compose = Write a message
link_notification_settings = Notification settings
link_free_days = Manage the school's free days

## Messages: folders

messages_title = Messages
folders_label = Folders
folder_inbox = Inbox
folder_sent = Sent
folder_awaiting_reply = Awaiting your reply
folder_trash = Trash
compose_link = New message
search_messages_label = Search this folder
search_messages_hint = Words from the subject or the text.
awaiting_reply_intro = Messages whose sender asks for a reply, with the time the reply is due: 48 school hours after they arrived. Weekends, free days and holidays do not count.
col_from = From
col_subject = Subject
col_received = Received
col_sent = Sent
col_reply_due = Reply due by
col_read = Read
unread_badge = new
unread_label = Unread message
no_messages = There are no messages in this folder.
no_messages_found = No messages match this search.
sender_deleted = deleted account
sender_system = Schoolbrug (notice)
trashed_note = The message was moved to the trash. You can restore it from there.

## Messages: one message

label_from = From
label_to = To
label_sent_at = Sent on
label_reply_due = Reply due by
label_action_deadline = Deadline
urgent_badge = Urgent
you_suffix = (you)
reply_link = Reply
trash_submit = Move to trash
restore_submit = Restore to inbox
in_trash_note = This message is in the trash.
restored_note = The message is back in your inbox.
misdirected_heading = Received by mistake?
misdirected_text = Was this message not meant for you? Tell the sender with one click.
misdirected_confirm = This message was not meant for me.
misdirected_submit = Tell the sender
misdirected_done = The sender now knows this message reached you by mistake.
misdirected_already = You reported this message as received by mistake.
receipts_link = See read receipts
back_to_messages = Back to messages
back_to_message = Back to the message
message_actions = Actions

## Messages: read receipts

receipts_title = Read receipts
col_recipient = Recipient
col_read_status = Status
col_read_at = Read on
status_read = Read
status_unread = Not read yet

## Messages: compose

compose_title = New message
reply_title = Reply
replying_to = In reply to
recipients_legend = Recipients
to_accounts_label = People
to_accounts_hint = Staff and pupils. The people you choose here see each other. Hold Ctrl (or Cmd) to choose several.
to_staff_label = To
to_staff_hint = You write to the school's staff. Hold Ctrl (or Cmd) to choose several.
optgroup_staff = Staff
optgroup_pupils = Pupils
optgroup_reply = Sender of the message
to_co_accounts_of_label = Co-accounts of a pupil
to_co_accounts_of_hint = The parents and other co-accounts of the chosen pupils, each as a blind copy. The pupil does not receive it.
to_groups_label = Classes and groups
to_groups_hint = Group messages are always sent as blind copies: each recipient sees only you, the group's name and themselves.
audience_label = Who in the chosen classes and groups?
audience_pupils = The pupils
audience_co_accounts = The pupils' co-accounts (parents)
audience_both = The pupils and their co-accounts
audience_members = All members (pupils and staff, no co-accounts)
to_role_label = Everyone with a role
to_role_hint = As blind copies.
to_role_none = Nobody
subject_label = Subject
subject_hint = Short and clear.
body_label = Message
body_hint = Plain text. Links to websites become clickable.
options_legend = Options
reply_requested_label = I ask for a reply (within 48 school hours)
urgent_label = Urgent: forward at once, even outside school hours
action_deadline_label = Deadline for an action or presence
action_deadline_hint = Date and time in the school's time zone. When you ask for information, an action or someone's presence, send the message at least 48 school hours ahead; weekends and free days do not count.
acknowledge_short_notice_label = I know the deadline is less than 48 school hours away and send the message anyway.
send_submit = Send

## Notification settings

settings_title = Notification settings
settings_intro = Follow your messages without signing in: have them forwarded to your personal e-mail address.
forward_email_label = Personal e-mail address
forward_email_hint = Leave empty to forward nothing. A new address must first be confirmed through the link in a confirmation mail.
forward_messages_label = Forward every message I receive to this address
notify_news_label = Tell me when there is news
push_label = Notifications in the app
label_address_status = Address status
email_confirmed = Confirmed: messages are forwarded to this address when you tick the box below.
email_unconfirmed = Not confirmed yet: nothing is forwarded to this address until you follow the link in the confirmation mail.
no_forward_address = No address set.
settings_submit = Save settings
settings_saved = Your settings have been saved.
confirmation_mail_note = A confirmation mail will be sent to the new address. Messages are forwarded only after you follow the link in that mail.
confirm_email_title = Confirm e-mail address
confirm_email_text = Confirm that your messages may be forwarded to your personal e-mail address.
confirm_email_submit = Confirm address
email_confirmed_note = Your e-mail address has been confirmed.
confirm_token_invalid = This confirmation link is not valid or has expired. Save your address again to get a new confirmation mail.
back_to_settings = To the notification settings

## Free days (administration)

free_days_title = Free days
free_days_intro = Enter the school's holidays and free days. Like weekends, they do not count for the 48-hour rules. The first and the last day belong to the period.
free_days_hint = Empty rows are skipped. Save to get new empty rows.
free_from_label = First free day
free_to_label = Last free day
free_name_label = Name
free_remove_label = Remove
free_days_submit = Save free days
free_days_saved = The free days have been saved.
free_row_label = row
confirmation_mail_failed = Your settings have been saved, but the confirmation mail could not be sent. Nothing is forwarded to the address until it is confirmed. Check the address and save the settings again later to get a new confirmation mail.

## Quiet hours (administration)

quiet_hours_title = Quiet hours
quiet_hours_intro = Messages sent during quiet hours are forwarded to personal e-mail addresses only once they end. Messages the staff mark urgent go at once. A change applies to messages sent after it.
quiet_zone_label = The school's time zone
quiet_mode_legend = The school's quiet hours
quiet_none_label = No quiet hours: forwarded messages always go at once
quiet_on_label = Quiet hours, as set below
quiet_start_label = Quiet hours start
quiet_start_hint = A time as HH:MM, for example 20:00.
quiet_end_label = Quiet hours end
quiet_end_hint = For example 07:00. Earlier than the start: the quiet hours run past midnight.
quiet_weekends_label = Saturdays and Sundays are quiet all day
quiet_free_days_label = Free days and holidays are quiet all day
quiet_hours_submit = Save quiet hours
quiet_hours_saved = The quiet hours have been saved.
link_quiet_hours = Set quiet hours for forwarded messages

## The mail queue (administration)

outbox_title = Mail queue
outbox_intro = The messages forwarded to personal e-mail addresses: waiting, sent, and failed for good with the mail server's answer.
outbox_tabs_label = Status of the e-mails
outbox_waiting = Waiting
outbox_sent = Sent
outbox_failed = Failed
outbox_empty_waiting = No e-mail is waiting.
outbox_empty_sent = No e-mail has been sent yet.
outbox_empty_failed = No e-mail has failed for good.
col_to = To
col_attempts = Attempts
col_next_attempt = Next attempt
col_sent_at = Sent at
col_failed_at = Failed at
col_server_answer = The mail server's answer
link_outbox = View the mail queue

## Messages with values

# The start page's link to the inbox; $count is the number of unread messages.
unread_messages =
    { $count ->
        [0] No new messages
        [one] { $count } new message
       *[other] { $count } new messages
    }
# A sent message's read receipts in short; $read of $recipients have read it.
read_by = read by { $read } of { $recipients }
# After sending; $count is the number of recipients.
message_sent =
    { $count ->
        [one] Your message has been sent to { $count } recipient.
       *[other] Your message has been sent to { $count } recipients.
    }
# How a class or group reached a blind copy; $name is the group's name, $audience who in it.
group_label_group =
    { $audience ->
        [pupils] pupils of { $name }
        [co_accounts] co-accounts of { $name }
        [both] pupils and co-accounts of { $name }
       *[members] members of { $name }
    }
# How a pupil's co-accounts reached a blind copy; $pupil is the pupil's name.
group_label_co_accounts_of = co-accounts of { $pupil }
# How everyone with a role reached a blind copy; $role is the role.
group_label_role =
    { $role ->
        [pupil] every pupil
        [teacher] every teacher
        [counsellor] every counsellor
       *[admin] every admin
    }

## Errors under form fields

field_subject_blank = Enter a subject: short and clear.
field_subject_too_long = A subject has at most 200 characters.
field_subject = A subject is one line of text.
field_body = The message is too long: at most 100 kB of text.
field_to_required = Choose at least one recipient.
field_to_no_recipients = These recipients reach nobody. Choose other recipients.
field_to_unknown_group = This class or group does not exist (any more) in your school.
field_to_not_allowed = Pupils and co-accounts write to the school's staff, and reply to what they received.
field_to = This recipient does not exist (any more) in your school.
field_audience = Choose who in the chosen classes and groups receives the message.
field_deadline_short_notice = This deadline is less than 48 school hours away (weekends and free days do not count). Tick the box below it to send the message anyway.
field_deadline_in_the_past = This date and time have passed.
field_deadline_nonexistent = This time does not exist on that day (the clocks change). Choose another time.
field_deadline = Enter a date and a time, for example 2026-09-14 16:00.
field_in_reply_to = The message you reply to no longer exists.
field_urgent = Only staff can mark a message urgent.
field_search = A search has at most 200 characters.
field_period_before_from = The last free day is before the first.
field_period_date_required = Enter the date, as YYYY-MM-DD.
field_period_date = This is not a date. Use the form YYYY-MM-DD.
field_period_name_too_long = A name has at most 100 characters.
field_period_name = Give the period a name, for example Christmas holidays.
field_time_required = Enter a time, as HH:MM, for example 20:00.
field_time_same_as_start = Quiet hours must end at another time than they start.
field_time = This is not a time. Use the form HH:MM, from 00:00 to 23:59.

## News

news_title = News
news_intro = News from the school for you: pinned items first, then the newest.
news_empty = There is no news for you.
news_publish_link = Publish news
news_pinned_badge = Pinned
news_unread_badge = new
news_label_author = By
news_label_published = Published on
news_label_until = Shown until
news_label_child = For
news_edit_link = Edit
news_back = Back to the news
news_withdraw_heading = Withdraw
news_withdraw_text = Withdrawing removes the item for everyone.
news_withdraw_confirm = Remove this item for everyone.
news_withdraw_submit = Withdraw
news_withdrawn = The item was withdrawn.
news_published = The item is published.
news_saved = The changes are saved.
news_new_title = Publish news
news_edit_title = Edit news
news_field_title_label = Title
news_field_title_hint = Short and clear, at most 200 characters.
news_field_body_label = Text
news_field_body_hint = Plain text. Links become clickable.
news_audience_legend = For whom
news_audience_school_label = The whole school
news_audience_groups_label = Classes and groups
news_audience_groups_hint = Their members and the co-accounts of their pupils. Teachers choose classes and groups they belong to. Hold Ctrl (or Cmd) to choose several.
news_audience_roles_label = Everyone with a role
news_audience_roles_hint = Pupils include their co-accounts. Hold Ctrl (or Cmd) to choose several.
news_publish_at_label = Publish on
news_publish_at_hint = Leave empty to publish now.
news_until_label = Show until
news_until_hint = Leave empty to keep showing it.
news_pinned_label = Pin above the other news
news_publish_submit = Publish
news_save_submit = Save
news_author_deleted = deleted account
field_title_blank = Enter a title: short and clear.
field_title_too_long = A title has at most 200 characters.
field_title = A title is one line of text.
field_news_audience_required = Choose for whom the item is: the whole school, classes or groups, or a role.
field_news_audience_admin_only = Only administrators publish to the whole school or to everyone with a role.
field_news_audience_unknown_group = This class or group does not exist (any more) in your school.
field_news_audience_not_a_member = You publish only to classes and groups you belong to.
field_news_audience = Choose one of the offered classes, groups or roles.
field_news_until_before_publish_at = The end must come after the publication.
field_news_until_in_the_past = This date and time have passed.
field_news_time = Enter a date and a time, for example 2026-09-14 16:00.
field_news_time_nonexistent = This time does not exist on that day (the clocks change). Choose another time.
