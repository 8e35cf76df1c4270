### Schoolbrug's pages in English: the layout, the navigation, the words several pages
### share, the error pages, and wait times and dates.
### How to edit this file: see locales/README.md.

## Layout

skip_to_content = Skip to content
nav_label = Main menu
nav_start = Start page
nav_admin = Administration
nav_password = Change password
signed_in_as = Signed in as
logout = Log out
footer = Schoolbrug, an open school platform.
error_summary_title = There is a problem
optional = (optional)

## Roles

role_pupil = Pupil
role_teacher = Teacher
role_counsellor = Student counsellor
role_admin = Administrator

## Words shared by several pages

filter_submit = Search
next_page = Next page
pages_label = Pages
first_page = First page
date_hint = As YYYY-MM-DD.
choose = Choose…

## Error pages

not_found_title = Page not found
not_found_text = This page does not exist, or you have no access to it.
bad_request_title = Bad request
bad_request_text = This request could not be processed. Go back and try again.
unavailable_title = Please wait
unavailable_text = Schoolbrug cannot reach its data right now. Try again in a few moments.
internal_title = Something went wrong
internal_text = Something went wrong on our side. Try again later.
back_home = To the start page

## Navigation

nav_messages = Messages
nav_calendar = Calendar
nav_news = News
nav_settings = Settings
nav_free_days = Free days

## Wait times, dates and times

# After too many failed attempts; $wait is a wait time such as "30 seconds".
throttled = Too many failed attempts. Try again in { $wait }.
busy = Too many people are signing in right now. Try again in { $wait }.

# A wait time of at most 90 seconds; $count is the number of seconds.
duration_seconds =
    { $count ->
        [one] { $count } second
       *[other] { $count } seconds
    }
# A longer wait time; $count is the number of minutes (2 or more).
duration_minutes = { $count } minutes
# A date: $day is the day of the month, $month the month's name (below), $year the year.
date = { $day } { $month } { $year }
# A moment: $date is a date (above), $time a time such as 10:00.
date_time = { $date } at { $time }
# The months' names, as they appear in a date.
month_1 = January
month_2 = February
month_3 = March
month_4 = April
month_5 = May
month_6 = June
month_7 = July
month_8 = August
month_9 = September
month_10 = October
month_11 = November
month_12 = December

## Errors under form fields that several pages share

field_email = This is not a valid e-mail address.
field_after = This page link is not valid; start again at the first page.
field_confirm = Tick the box to confirm.
field_invalid = This value is not valid.
