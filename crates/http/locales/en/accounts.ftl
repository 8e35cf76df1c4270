### Schoolbrug's pages in English: signing in, the start page, passwords and one-time
### codes, the first-run setup, and the administration of accounts.
### How to edit this file: see locales/README.md.

## Sign in

login_title = Sign in
login_intro = Sign in with your username and password.
school_label = School
school_hint = Your school's short name, for example sint-jan.
username_label = Username
password_label = Password
login_submit = Sign in
login_failed = The username or password is incorrect.
logged_out_note = You are logged out.
password_set_note = Your password has been set. You can sign in now.
forgot_password = Forgot your password? The school gives you a one-time code.
forgot_password_link = Set a password with a one-time code

## Start page

start_title = Start page
welcome = Welcome
about_you = Your account
label_name = Name
label_username = Username
label_roles = Roles
label_school = School
label_account_kind = Account type
kind_main = Main account
kind_co = Co-account
your_child = Your child
label_relation = Relation
label_slot = Co-account number
start_actions = What would you like to do?
start_since = New since your previous visit:
start_news_heading = News
start_no_news = There is no new news.
start_pinned = Pinned
start_all_news = All news
start_replies_due = Messages awaiting your reply
start_upcoming_heading = The coming two weeks
start_nothing_upcoming = There is nothing on the calendar in the coming two weeks.
start_changed = new or changed
start_open_calendar = Open the calendar
link_change_password = Change your password
link_admin = Manage accounts
logout_reminder = Log out after every use: closing the browser is not enough.
relation_mother = Mother
relation_father = Father
relation_guardian = Guardian
relation_foster_parent = Foster parent
relation_step_parent = Step-parent
relation_homework_tutor = Homework tutor
relation_boarding_educator = Boarding-school educator
relation_other = Someone else

## Change password

password_title = Change password
password_intro = Enter your current password and choose a new one. Your other sessions end afterwards.
current_label = Current password
new_label = New password
repeat_label = Repeat the new password
password_submit = Change password
current_wrong = The current password is incorrect.
password_changed = Your password has been changed. Your other sessions have ended.
logout_everywhere_title = Log out everywhere
logout_everywhere_intro = Ends every session of your account, on every device, this one included. Use it when you signed in on a device you no longer have or trust.
logout_everywhere_submit = Log out everywhere

## Set a password with a code

reset_title = Set a password with a code
reset_intro = Did the school give you a one-time code? Use it here to set a new password. The code works once.
code_label = One-time code
code_hint = For example ABCD-EFGH-JKMN-PQRS. Capitals and dashes do not matter.
reset_submit = Set password
code_invalid = This username and code do not match, or the code has been used or has expired. Ask the school for a new code.

## First-run setup

setup_title = Set up Schoolbrug
setup_intro = Create the first school and its administrator. This page works once.
setup_school_section = The school
school_name_label = School name
slug_label = Short name
slug_hint = Lowercase letters, digits and dashes, for example sint-jan.
time_zone_label = Time zone
time_zone_hint = For example Europe/Brussels.
setup_admin_section = The administrator
first_name_label = First name
last_name_label = Last name
repeat_password_label = Repeat the password
setup_submit = Create school
setup_busy = The setup is already under way. Try again in a few moments.

## Administration

accounts_title = Accounts
search_label = Search
search_hint = Username, first name or last name.
role_filter_label = Role
all_accounts = All accounts
new_account_link = New main account
col_username = Username
col_name = Name
col_kind = Type
col_roles = Roles
col_actions = Actions
no_accounts = No accounts found.
open_account = Open
new_account_title = New main account
roles_legend = Roles
roles_hint = A pupil holds only the pupil role; staff may hold several roles.
birth_date_label = Date of birth
email_label = E-mail address
create_account_submit = Create account
account_created = The account has been created. Issue a one-time code so the user can set a password.
label_email = E-mail address
label_birth_date = Date of birth
label_created = Created on
label_terms = Terms of use accepted
terms_not_accepted = Not yet
label_status = Status
status_active = Active
status_inactive = Inactive
status_active_until = Active until
label_pupil = Pupil
issue_code_heading = One-time code
issue_code_text = With a one-time code the user sets a new password. Earlier codes stop working; the current password works until a new one is set.
issue_code_submit = Issue one-time code
co_accounts_heading = Co-accounts
no_co_accounts = This pupil has no co-accounts yet.
col_slot = No.
col_relation = Relation
col_status = Status
reset_co_submit = Reset co-account
reset_co_confirm = I understand that this co-account's messages and documents will be deleted.
add_co_heading = Add a co-account
slot_label = Number
relation_label = Relation to the pupil
active_until_label = Active until (inclusive)
active_until_hint = Leave empty if the co-account does not expire. As YYYY-MM-DD.
add_co_submit = Add co-account
co_added = The co-account has been added. Issue a one-time code so the user can set a password.
all_slots_taken = All six co-accounts of this pupil are in use.
erase_heading = Erase account
erase_text_pupil = For a pupil who leaves the school: the main account and all co-accounts are erased, with their messages, documents and sessions. This cannot be undone.
erase_text = The account is erased, with its messages, documents and sessions. This cannot be undone.
erase_confirm = I want to erase this account for good.
erase_submit = Erase account
code_page_title = One-time code
code_shown_once = This code is shown only once. Pass it on or write it down now.
code_for = Code for
code_valid_until = Valid until
code_instructions = With this code the user sets a password on the page
co_reset_done = The co-account has been reset: its messages and documents are deleted and the old password no longer works.
back_to_account = Back to the account
back_to_list = Back to the list

## Messages with values

# The hint under a new-password field; $min_length is the shortest length allowed.
password_hint = At least { $min_length } characters. A sentence of a few unrelated words is strong and easy to remember. Do not use names, birth dates or licence plates.
# After erasing; $count is how many accounts went (a pupil's co-accounts go with it).
erased =
    { $count ->
        [one] The account has been erased.
       *[other] The account and its co-accounts have been erased ({ $count } accounts).
    }

## Why a new password is refused

# $min_length is the shortest length allowed.
password_too_short = The password must be at least { $min_length } characters long.
# $max_length is the longest length allowed.
password_too_long = The password must be at most { $max_length } characters long.
password_too_common = This password is widely used and therefore easy to guess. Choose another one.
password_too_weak = This password is too easy to guess. A sentence of a few unrelated words is strong and easy to remember.
password_contains_personal_info = The password must not be based on your name, your username, your child's name, a birth date or a licence plate.
password_mismatch = The two new passwords are not the same.
password_same_as_current = The new password must differ from the current one.

## Errors under form fields

field_username_taken = This username is already taken in this school.
field_slot_taken = This pupil already has a co-account with this number.
field_slug_taken = A school with this short name exists already.
field_username = A username has 2 to 64 characters: letters, digits, dots, dashes, underscores or @.
field_first_name_blank = Enter the first name.
field_last_name_blank = Enter the last name.
field_person_name = A name has at most 100 characters, without control characters.
field_roles_pupil_alone = A pupil holds no other role.
field_roles_required = Choose at least one role.
field_roles = Choose roles from the list.
field_slot = Choose a number from 1 to 6.
field_relation = Choose a relation from the list.
field_date = Enter a date as YYYY-MM-DD.
field_slug = A short name has 2 to 63 lowercase letters, digits and dashes, and does not start or end with a dash.
field_school_name_too_long = The school's name has at most 200 characters.
field_school_name = Enter the school's name.
field_issuer_multi_tenant = Use your own tenant's issuer (https://login.microsoftonline.com/<tenant id>/v2.0), not a shared one such as "common": that would let anyone with a Microsoft account knock.
field_issuer_insecure = The issuer must use https.
field_issuer = Enter the issuer's address, such as https://login.microsoftonline.com/<tenant id>/v2.0.
field_provider_value = Fill this in as the provider shows it (no line breaks).
field_time_zone = Enter a time zone such as Europe/Brussels.
field_school = This installation serves several schools: enter your school's short name.
field_own_account = You cannot erase your own account.

## Signing in with the school's identity provider (Office 365)

oidc_sign_in = Sign in with Office 365
oidc_or = or with your username and password:
oidc_unknown_title = No account linked
oidc_unknown_text = You signed in to Office 365, but no account of this school is linked to that identity. Sign in with your username and password, or ask the school's administrator to link your account.
oidc_refused_title = Sign-in failed
oidc_refused_text = This sign-in was not started here, was used already, or took too long. Try again from the sign-in page.
oidc_provider_text = Office 365 refused the sign-in, or it could not be verified. Try again, or sign in with your username and password.
oidc_linked_title = Account linked
oidc_linked_text = Your account is linked to your Office 365 account. From now on you can sign in with Office 365.
oidc_link_button = Link my Office 365 account
oidc_continue_title = On to Office 365
oidc_continue_text = You are taken to Office 365 to link your account. If nothing happens, use the button.
admin_provider_title = Sign in with Office 365
admin_provider_intro = Pupils and staff can sign in with the school's Office 365 (Microsoft Entra ID) or another OpenID Connect provider. Register an app in the school's own tenant (single tenant) and enter its details here. Parents always sign in with their username and password.
admin_provider_redirect = Redirect URI to register with the app:
admin_provider_issuer_label = Issuer
admin_provider_issuer_hint = For Office 365: https://login.microsoftonline.com/<tenant id>/v2.0 — your own tenant, not "common".
admin_provider_client_id_label = Application (client) ID
admin_provider_client_secret_label = Client secret
admin_provider_client_secret_kept = A secret is stored and is never shown. Leave this empty to keep it.
admin_provider_saved = The identity provider has been saved.
admin_provider_removed = The identity provider has been removed, and with it every account's link to it.
admin_provider_remove_text = Removing the provider also removes every account's link to it; everyone signs in with a password again.
admin_provider_remove_submit = Remove the provider
oidc_link_intro = Link your account to your Office 365 account once; then you can sign in with Office 365.
## Second factor (TOTP)

second_factor_title = Second factor
second_factor_intro = With a second factor, signing in takes the password and a six-digit code from an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator). Someone who learns your password still cannot sign in.
second_factor_required_note = Your school requires a second factor for staff. Set one up to continue.
second_factor_on = The second factor is on: after your password, you enter the code of your app.
second_factor_off = No second factor is set up.
second_factor_start_submit = Set up an authenticator app
second_factor_scan_title = Add Schoolbrug to your app
second_factor_scan = Scan this QR code with your authenticator app, or open the link on this device, or type the key. Then enter the code the app shows.
second_factor_qr_alt = QR code to add Schoolbrug to an authenticator app
second_factor_link = Open in an authenticator app on this device
second_factor_key_label = Key
totp_code_label = Code
totp_code_hint = The six digits your app shows now.
second_factor_confirm_submit = Turn on
totp_wrong_code = This code is not right. Enter the code your app shows now, or a recovery code you have not used.
recovery_codes_title = Your recovery codes
recovery_codes_intro = Keep these codes somewhere safe, away from your phone. Each one works once instead of a code of the app, if you lose your phone. They are shown only now.
second_factor_disable_title = Turn off
second_factor_disable_intro = Enter a code of your app or a recovery code to turn the second factor off.
second_factor_disable_submit = Turn the second factor off
second_factor_disabled_note = The second factor is off. Your password alone signs you in.
second_factor_enabled_note = The second factor is on.
link_second_factor = Second factor (authenticator app)
link_sign_in_settings = Sign-in settings
login_code_label = Code from your authenticator app
login_code_hint = Six digits, or one of your recovery codes.
login_second_factor_note = Your account has a second factor. Enter your password again together with the code of your authenticator app.
login_code_wrong = This code is not right, or it has been used already.
admin_sign_in_title = Sign-in settings
admin_sign_in_intro = When a second factor is required, teachers, counsellors and admins without one set it up at their next visit before they can do anything else. Pupils and parents are not affected.
admin_sign_in_saved = The settings have been saved.
admin_sign_in_submit = Save
second_factor_required_label = Require a second factor (authenticator app) for staff and admins
remove_second_factor_heading = Second factor
remove_second_factor_text = Lost phone? Removing the second factor lets this account sign in with its password alone until it sets up a new one. This is recorded in the audit log.
remove_second_factor_submit = Remove the second factor
second_factor_removed_note = The second factor has been removed.

## Linked co-accounts (one parent, a co-account per child)

links_title = Link your children's accounts
links_intro = If you have more than one child at the school, you have an account for each child. Link them, and one sign-in shows all your children in My children.
links_heading = Linked accounts
links_none = No other account is linked to yours yet.
links_col_child = Child
links_unlink_submit = Unlink
links_add_heading = Link the account of your other child
links_add_intro = Enter the username and password of your other child's account. This shows that account is yours too.
links_add_submit = Link
links_linked_note = The accounts are linked. My children now shows this child too.
links_unlinked_note = The link has been removed.
links_second_factor_note = That account has a second factor. Enter its password again, together with the code from that account's authenticator app.
link_co_account_links = Link the accounts of your other children
