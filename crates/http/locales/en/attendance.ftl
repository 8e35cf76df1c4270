### Schoolbrug's pages in English: absences. The class register, "My children" with the
### year overview and the parents' note, the follow-up list, and the school's codes and
### rules.
### How to edit this file: see locales/README.md.

## Navigation

nav_absences = Absences
nav_follow_up = Follow-up
nav_children = My children

## The halves of a day and the codes

half_am = morning
half_pm = afternoon
# Short, in the year overview and the follow-up list.
half_am_short = am
half_pm_short = pm
# What the official codes of Flemish education mean.
code_r = justified by law (family council, wedding or funeral, summons, force majeure, religious holiday…)
code_z = illness
code_p = personal reasons, with the principal's consent
code_h = rehabilitation during lesson time
code_m = workplace learning not done through no fault of the pupil
code_a = absent (pre-school)
code_b = problematic: not justified
code_unknown = unknown, to be justified
# An option of a code list: $code is the code ("Z"), $meaning what it means ("illness").
absence_code_choice = { $code } – { $meaning }
# A school's own code: $label is the school's words for it, $official the official code
# it counts as ("B").
absence_code_counts_as = { $label } (counts as { $official })

## Days, months and counts

# A day in full: $weekday is the day's name ("Tuesday"), $date a date ("1 September 2026").
absence_day = { $weekday } { $date }
# A half-day: $day is a day ("Tuesday 1 September 2026" or "Tue 1"), $half the half
# ("morning" or "am").
absence_half_day = { $day }, { $half }
# A day in its month's row: $weekday is the short name of the day ("Tue"), $day the day of
# the month.
absence_short_day = { $weekday } { $day }
# A day without its year: $day is the day of the month, $month the month's name.
absence_day_month = { $day } { $month }
# A month of the year overview: $month is its name, $year the year.
absence_month = { $month } { $year }
# A pupil's class: $class is its name ("3A").
absence_class = class { $class }
# The school year: $first and $last are the two calendar years it spans.
absence_school_year = School year { $first }–{ $last }
# The number of absent half-days in a school year.
absence_total =
    { $count ->
        [0] No absences this school year.
        [one] { $count } half-day absent this school year.
       *[other] { $count } half-days absent this school year.
    }

## Choosing a class and a half-day

register_choose_title = Register absences
register_no_classes = You register no class. Teachers register the classes they are in; ask the administrator to add you to your classes.
register_other_day_heading = Another day
register_class_label = Class
register_date_label = Date
register_half_label = Half-day
register_open_submit = Open the register
# $day is today in full, such as "Tuesday 1 September 2026".
register_today = Today, { $day }

## The class register

# The register's title: $class is the class's name.
register_title = Absences { $class }
register_back = Another class or day
register_other_half = Other half-day
register_saved = The absences have been saved.
register_no_pupils = There are no pupils in this class yet.
register_hint = Tick who is absent and choose the code if you know it; whoever is not ticked is present. If you do not know the reason, leave ?: the parents get a message.
register_confirmed_badge = confirmed
register_locked_note = Confirmed by an absence administrator; only an absence administrator can change it.
register_absent_label = Absent
register_code_label = Code
register_remark_label = Remark
register_submit = Save
# $absent is the number of absent pupils, $total the number of pupils in the class.
register_absent_count =
    { $absent ->
        [0] Nobody absent.
       *[other] { $absent } of { $total } absent.
    }

## My children and a pupil's year

children_title = My children
children_intro = Your child's absences this school year, per half-day, and the notes you handed in.
children_none = No child is linked to your account.
pupil_absences_title = The pupil's absences
overview_totals_heading = Totals per code
overview_notes_heading = Parents' notes
overview_no_notes = No notes have been handed in this school year.
overview_note_badge = note
col_code = Code
col_meaning = Meaning
col_half_days = Half-days
col_month = Month
col_absent_half_days = Absent
note_link = Hand in a note
# $count is the number of parents' notes the school still accepts this school year.
notes_left =
    { $count ->
        [0] No notes left this school year: a new absence through illness needs a medical certificate. Hand it to the school.
        [one] { $count } note left this school year.
       *[other] { $count } notes left this school year.
    }
# The days a note covers: $from and $to are dates.
note_period = { $from } to { $to }
# $date is the date the note was handed in.
note_handed_in = handed in on { $date }

## The parents' note

note_title = Parents' note
back_to_children = Back to My children
note_from_label = First day
note_to_label = Last day
note_reason_label = Reason:
note_reason_illness = illness
note_text_label = Explanation
note_text_hint = At most 1,000 characters.
note_submit = Hand in the note
note_saved = The note has been handed in. The absences on those days are justified as illness.
# Whose note it is: $name is the child.
note_for = For { $name }
# The rules: $days is the most calendar days one note covers, $notes the most notes a
# school year.
note_rules = A note justifies a short illness of at most { $days } consecutive calendar days, { $notes } times a school year. A longer illness, or one after the notes are used, needs a medical certificate: hand it to the school.

## The follow-up list

follow_up_title = Follow-up
follow_up_empty = No pupil reached the threshold this school year.
follow_up_at_risk = school allowance at risk
col_pupil = Pupil
col_class = Class
col_problematic = Problematic half-days
col_since = Since
col_dates = Dates
# $guidance and $allowance are the school's two thresholds, in half-days.
follow_up_intro = The pupils with at least { $guidance } problematic half-days (B) this school year, most first. The pupil guidance centre (CLB) is involved; from { $allowance } the school allowance is at risk.

## The school's codes and rules

codes_title = Codes and rules
codes_intro = The official codes (R, Z, P, H, M, A, B) are always there. Add codes of the school's own, each counting as one official code. Half-days already registered keep the official code they were registered with.
codes_saved = The codes and rules have been saved.
codes_own_heading = The school's codes
codes_hint = A code has 1 to 8 letters, digits, - or _. Fill in an empty row to add a code; tick Remove to delete one.
codes_official_label = Counts as
codes_remove_label = Remove
codes_row_label = row
codes_numbers_heading = Rules
codes_unknown_days_label = Unknown becomes B after this many school days
codes_note_days_label = At most this many calendar days per parents' note
codes_notes_per_year_label = At most this many notes per school year
codes_guidance_label = Follow-up (CLB) from this many problematic half-days
codes_allowance_label = School allowance at risk from this many problematic half-days
codes_submit = Save
admins_heading = Absence administrators
admins_intro = Besides the school's administrators, these staff members register, confirm and change every absence and manage the codes.
admins_none = The school has no staff members yet.
admins_saved = The absence administrators were saved.
admins_submit = Save absence administrators
# $least and $most are the bounds of a number.
codes_number_hint = From { $least } to { $most }.
export_heading = Export
export_intro = A CSV file with every registered half-day: pupil, class, date, half and official code (? while unknown), as the reporting to the education department asks.
export_year_link = Download this school year
export_from_label = From
export_to_label = To
export_submit = Download the period

## Why a field was refused

absence_field_date_required = Fill in the date, as YYYY-MM-DD.
absence_field_date = This is not a date. Use the form YYYY-MM-DD.
register_field_class = Choose a class from the list.
register_field_half = Choose morning or afternoon.
register_field_not_a_school_day = This day is a weekend or a free day: there is no school.
register_field_in_the_future = This day has not begun yet. Only an absence administrator registers an absence ahead.
register_field_out_of_range = This day is too far from today.
register_field_pupil = This pupil is not in the class.
register_field_code = The school has no such code. Choose a code from the list.
register_field_remark_too_long = A remark has at most 500 characters.
register_field_remark = A remark is one line of text.
# $days is the most calendar days one note covers.
note_field_too_long = A parents' note covers at most { $days } consecutive calendar days. A longer illness needs a medical certificate: hand it to the school.
# $count is the most notes a school year.
note_field_quota_reached = You handed in { $count } notes this school year already. A medical certificate is needed now: hand it to the school.
note_field_overlaps = A note handed in earlier covers one of these days.
note_field_before_from = The last day is before the first.
# $days is how many days ago a note may start at most.
note_field_too_late = A note starts at most { $days } days ago.
# $days is how many days from today a note may end at most.
note_field_too_early = A note ends at most { $days } days from today.
note_field_crosses_school_year = A note lies within one school year (1 September to 31 August).
note_field_reason = A note justifies an illness only. For another reason, contact the school.
note_field_text_too_long = The explanation has at most 1,000 characters.
note_field_text = The explanation holds characters that cannot be shown.
codes_field_code_blank = Give the code a name.
codes_field_code_too_long = A code has at most 8 characters.
codes_field_code_characters = A code holds letters, digits, - and _ only.
codes_field_code_reserved = This is an official code; it exists already. Choose another name.
codes_field_code_duplicate = This code is there twice.
codes_field_label = A meaning is one line of 1 to 100 characters.
codes_field_official = Choose the official code this code counts as.
codes_field_too_many = A school has at most 50 codes of its own.
codes_field_number = Fill in a whole number.
# $least and $most are the bounds of the number.
codes_field_out_of_range = Fill in a number from { $least } to { $most }.
codes_field_below_guidance = The school allowance threshold is at least the follow-up threshold.
