### Schoolbrug's pages in English: the calendar (the month and the list by day),
### planning and changing an activity, and the private links for calendar apps.
### How to edit this file: see locales/README.md.

## The month

calendar_title = Calendar
calendar_months_label = Other months
calendar_previous_month = Previous month
calendar_next_month = Next month
calendar_this_month = This month
calendar_plan_link = Plan an activity
calendar_feeds_link = The calendar in your calendar app
calendar_zone_note = Times in the school's time zone:
calendar_agenda_heading = Day by day
calendar_empty = Nothing is on the calendar this month.
calendar_all_day = all day
calendar_free_day = day off
calendar_location_label = Where
calendar_edit = Edit
calendar_cancelled_note = The activity has been cancelled. It disappears from calendar apps too.
# The days of the week: in full, and shortened for the heading of the month's table.
weekday_mon = Monday
weekday_tue = Tuesday
weekday_wed = Wednesday
weekday_thu = Thursday
weekday_fri = Friday
weekday_sat = Saturday
weekday_sun = Sunday
weekday_short_mon = Mon
weekday_short_tue = Tue
weekday_short_wed = Wed
weekday_short_thu = Thu
weekday_short_fri = Fri
weekday_short_sat = Sat
weekday_short_sun = Sun

# The title of a month: $month is the month's name ("September"), $year the year.
calendar_month_title = { $month } { $year }
# The heading of a day in the list: $weekday is the day's name ("Tuesday"), $date a date
# such as "1 September 2026".
calendar_day = { $weekday } { $date }
# On a parent's calendar, whose activity it is: $name is the child's name.
calendar_for_child = for { $name }
# An activity of several whole days: $date is its last day, such as "8 November 2026".
calendar_all_day_until = all day, until { $date }
# An activity that ends on a later day: $start is its starting time ("08:15"), $end the
# moment it ends ("9 September 2026 at 16:00").
calendar_time_until = { $start } until { $end }

## Planning and changing an activity

plan_title = Plan an activity
edit_activity_title = Change an activity
back_to_calendar = Back to the calendar
activity_title_label = Title
activity_description_label = Description
activity_location_label = Location
activity_when_legend = When
activity_date_label = Date
activity_date_hint = The day, or for whole days the first day. As YYYY-MM-DD.
activity_start_label = Starts at
activity_end_label = Ends at
activity_all_day_label = Whole day(s), without a time
activity_last_date_label = Last day
activity_last_date_hint = Only when the activity lasts more than one day; otherwise leave empty. As YYYY-MM-DD.
activity_audience_legend = For whom
activity_audience_hint = You plan for the classes and groups you are in. The pupils' co-accounts see the activity too.
activity_audience_admin_hint = As an administrator you plan for anyone. The pupils' co-accounts see the activity too.
activity_audience_school = The whole school
activity_audience_roles = Everyone with the role
activity_audience_groups = Classes and groups
activity_no_groups = There are no classes or groups yet.
activity_repeat_legend = Repeat
activity_repeat_label = Repeats
activity_repeat_none = Does not repeat
activity_repeat_weekly = Every week
activity_repeat_biweekly = Every two weeks
activity_repeat_hint = On the same weekday and at the same time as the first time.
activity_repeat_until_label = Until (inclusive)
activity_repeat_except_label = Except on
activity_repeat_except_hint = Dates as YYYY-MM-DD, separated by commas, for example 2026-12-15, 2027-01-12.
activity_skip_free_days_label = Not on the school's free days and holidays
plan_submit = Plan the activity
edit_submit = Save the changes
cancel_activity_heading = Cancel the activity
cancel_activity_text = The activity disappears from every calendar and every calendar app, every repeat included.
cancel_activity_submit = Cancel the activity
# Next to the time fields: $zone is the school's time zone, such as "Europe/Brussels".
activity_time_hint = As HH:MM, in the school's time zone ({ $zone }). Leave empty for whole days.

## Why a field of the activity form was refused

calendar_field_title_blank = Give the activity a title.
calendar_field_title_too_long = A title has at most 200 characters.
calendar_field_title = A title may not hold control characters.
calendar_field_description = A description has at most 10,000 characters, without control characters.
calendar_field_location = A location has at most 200 characters, on one line.
calendar_field_date_required = Enter the date, as YYYY-MM-DD.
calendar_field_date = This is not a date. Use the form YYYY-MM-DD.
calendar_field_time_required = Enter a time, as HH:MM, or choose whole day(s).
calendar_field_time = This is not a time. Use the form HH:MM, from 00:00 to 23:59.
calendar_field_time_nonexistent = This time does not exist on that day: the clocks change then. Choose another time.
calendar_field_end_before_start = The end is not after the start.
calendar_field_last_before_first = The last day is before the first.
calendar_field_too_long = An activity lasts at most 31 days. Make it repeat instead.
calendar_field_audience_required = Choose for whom the activity is.
calendar_field_audience_not_allowed = You plan only for the classes and groups you are in. Administrators plan for anyone.
calendar_field_audience = Choose for whom the activity is from the list.
calendar_field_repeat = Choose how the activity repeats: not, every week or every two weeks.
calendar_field_repeat_until_required = Enter until when the activity repeats, as YYYY-MM-DD.
calendar_field_repeat_until_before_start = The repeat ends before the first time.
calendar_field_repeat_until_too_long = A repeat runs for at most 400 days.
calendar_field_repeat_except = Enter dates as YYYY-MM-DD, separated by commas.
calendar_field_repeat_except_too_many = A repeat has at most 200 exceptions.

## Links for calendar apps

feeds_title = The calendar in your calendar app
feeds_intro = With a personal link, your calendar app (Outlook, Google Calendar, Apple Calendar) shows the school's calendar and keeps it up to date by itself.
feeds_secret_note = Keep the link to yourself: whoever knows it sees your calendar. If it got into the wrong hands, renew it.
feeds_none = You have no link yet.
feeds_list_heading = Your link
feed_create_submit = Make a link
col_feed_created = Made
col_feed_last_used = Last fetched
feed_never_used = not yet
feed_renew_submit = Renew link
feed_revoke_submit = Stop
feed_revoked_note = The link no longer works. Your calendar app no longer shows the school's calendar.
feed_exists_note = You have a link already. If you no longer have it, renew it.
feed_link_heading = Your new link
feed_link_label = Link for your calendar app
feed_link_once = You see this link only once. Copy it now and add it to your calendar app.
feed_renewed_note = There is a new link. The previous one no longer works: replace it in your calendar app.
feed_howto_heading = How to add the link
feed_howto_outlook = Outlook: Calendar, Add calendar, Subscribe from web. Paste the link.
feed_howto_google = Google Calendar (on a computer): + next to Other calendars, then From URL. Paste the link.
feed_howto_apple = Apple Calendar: on a Mac File, New Calendar Subscription; on an iPhone or iPad Settings, Calendar, Accounts, Add Account, Other, Add Subscribed Calendar. Paste the link.
feed_update_note = Calendar apps fetch the calendar themselves, usually a few times a day: a change does not show there at once.
# On a parent's feeds page: $name is the child whose calendar the link shows.
feeds_for_child = The link shows the calendar of { $name }.
