### Schoolbrug's pages in Standard Dutch: the calendar (the month and the list by day),
### planning and changing an activity, and the private links for calendar apps.
### How to edit this file: see locales/README.md.

## The month

calendar_title = Kalender
calendar_months_label = Andere maanden
calendar_previous_month = Vorige maand
calendar_next_month = Volgende maand
calendar_this_month = Deze maand
calendar_plan_link = Activiteit plannen
calendar_feeds_link = De kalender in uw agenda-app
calendar_zone_note = Uren in de tijd van de school:
calendar_agenda_heading = Per dag
calendar_empty = Er staat deze maand niets op de kalender.
calendar_all_day = hele dag
calendar_free_day = vrije dag
calendar_location_label = Plaats
calendar_edit = Wijzigen
calendar_cancelled_note = De activiteit is geschrapt. Ze verdwijnt ook uit de agenda-apps.
# The days of the week: in full, and shortened for the heading of the month's table.
weekday_mon = maandag
weekday_tue = dinsdag
weekday_wed = woensdag
weekday_thu = donderdag
weekday_fri = vrijdag
weekday_sat = zaterdag
weekday_sun = zondag
weekday_short_mon = ma
weekday_short_tue = di
weekday_short_wed = wo
weekday_short_thu = do
weekday_short_fri = vr
weekday_short_sat = za
weekday_short_sun = zo

# The title of a month: $month is the month's name ("september"), $year the year.
calendar_month_title = { $month } { $year }
# The heading of a day in the list: $weekday is the day's name ("dinsdag"), $date a date
# such as "1 september 2026".
calendar_day = { $weekday } { $date }
# On a parent's calendar, whose activity it is: $name is the child's name.
calendar_for_child = voor { $name }
# An activity of several whole days: $date is its last day, such as "8 november 2026".
calendar_all_day_until = hele dag, tot en met { $date }
# An activity that ends on a later day: $start is its starting hour ("08:15"), $end the
# moment it ends ("9 september 2026 om 16:00").
calendar_time_until = { $start } tot { $end }

## Planning and changing an activity

plan_title = Activiteit plannen
edit_activity_title = Activiteit wijzigen
back_to_calendar = Terug naar de kalender
activity_title_label = Titel
activity_description_label = Beschrijving
activity_location_label = Plaats
activity_when_legend = Wanneer
activity_date_label = Datum
activity_date_hint = De dag, of bij hele dagen de eerste dag. In de vorm JJJJ-MM-DD.
activity_start_label = Begint om
activity_end_label = Eindigt om
activity_all_day_label = Hele dag(en), zonder uur
activity_last_date_label = Laatste dag
activity_last_date_hint = Alleen als de activiteit meer dan één dag duurt; anders leeg laten. In de vorm JJJJ-MM-DD.
activity_audience_legend = Voor wie
activity_audience_hint = U plant voor de klassen en groepen waarin u zit. De co-accounts van de leerlingen zien de activiteit ook.
activity_audience_admin_hint = Als beheerder plant u voor iedereen. De co-accounts van de leerlingen zien de activiteit ook.
activity_audience_school = De hele school
activity_audience_roles = Iedereen met de rol
activity_audience_groups = Klassen en groepen
activity_no_groups = Er zijn nog geen klassen of groepen.
activity_repeat_legend = Herhalen
activity_repeat_label = Herhaalt
activity_repeat_none = Niet
activity_repeat_weekly = Elke week
activity_repeat_biweekly = Om de twee weken
activity_repeat_hint = Op dezelfde weekdag en hetzelfde uur als de eerste keer.
activity_repeat_until_label = Tot en met
activity_repeat_except_label = Behalve op
activity_repeat_except_hint = Datums in de vorm JJJJ-MM-DD, gescheiden door komma's, bijvoorbeeld 2026-12-15, 2027-01-12.
activity_skip_free_days_label = Niet op de vrije dagen en in de vakanties van de school
plan_submit = Activiteit plannen
edit_submit = Wijzigingen bewaren
cancel_activity_heading = Activiteit schrappen
cancel_activity_text = De activiteit verdwijnt uit elke kalender en elke agenda-app, ook elke herhaling.
cancel_activity_submit = Activiteit schrappen
# Next to the hour fields: $zone is the school's time zone, such as "Europe/Brussels".
activity_time_hint = In de vorm UU:MM, in de tijd van de school ({ $zone }). Leeg laten bij hele dagen.

## Why a field of the activity form was refused

calendar_field_title_blank = Geef de activiteit een titel.
calendar_field_title_too_long = Een titel heeft hoogstens 200 tekens.
calendar_field_title = Een titel mag geen stuurtekens bevatten.
calendar_field_description = Een beschrijving heeft hoogstens 10.000 tekens, zonder stuurtekens.
calendar_field_location = Een plaats heeft hoogstens 200 tekens, op één regel.
calendar_field_date_required = Vul de datum in, in de vorm JJJJ-MM-DD.
calendar_field_date = Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.
calendar_field_time_required = Vul een uur in, in de vorm UU:MM, of kies hele dag(en).
calendar_field_time = Dit is geen uur. Gebruik de vorm UU:MM, van 00:00 tot 23:59.
calendar_field_time_nonexistent = Dit uur bestaat niet op die dag: de klok wordt dan verzet. Kies een ander uur.
calendar_field_end_before_start = Het einde ligt niet na het begin.
calendar_field_last_before_first = De laatste dag ligt voor de eerste.
calendar_field_too_long = Een activiteit duurt hoogstens 31 dagen. Laat ze herhalen in plaats daarvan.
calendar_field_audience_required = Kies voor wie de activiteit is.
calendar_field_audience_not_allowed = U plant alleen voor de klassen en groepen waarin u zit. Beheerders plannen voor iedereen.
calendar_field_audience = Kies voor wie de activiteit is uit de lijst.
calendar_field_repeat = Kies hoe de activiteit herhaalt: niet, elke week of om de twee weken.
calendar_field_repeat_until_required = Vul in tot wanneer de activiteit herhaalt, in de vorm JJJJ-MM-DD.
calendar_field_repeat_until_before_start = De herhaling eindigt voor de eerste keer.
calendar_field_repeat_until_too_long = Een herhaling loopt hoogstens 400 dagen.
calendar_field_repeat_except = Vul datums in de vorm JJJJ-MM-DD in, gescheiden door komma's.
calendar_field_repeat_except_too_many = Een herhaling heeft hoogstens 200 uitzonderingen.

## Links for calendar apps

feeds_title = De kalender in uw agenda-app
feeds_intro = Met een persoonlijke link toont uw agenda-app (Outlook, Google Agenda, Apple Agenda) de kalender van de school, en houdt de app hem zelf bij.
feeds_secret_note = Houd de link voor uzelf: wie hem kent, ziet uw kalender. Is hij in verkeerde handen gekomen, vernieuw hem dan.
feeds_none = U hebt nog geen link.
feeds_list_heading = Uw link
feed_create_submit = Link maken
col_feed_created = Gemaakt
col_feed_last_used = Laatst opgehaald
feed_never_used = nog niet
feed_renew_submit = Link vernieuwen
feed_revoke_submit = Stoppen
feed_revoked_note = De link werkt niet meer. Uw agenda-app toont de kalender van de school niet langer.
feed_exists_note = U hebt al een link. Hebt u hem niet meer, vernieuw hem dan.
feed_link_heading = Uw nieuwe link
feed_link_label = Link voor uw agenda-app
feed_link_once = U ziet deze link maar één keer. Kopieer hem nu en voeg hem toe aan uw agenda-app.
feed_renewed_note = Er is een nieuwe link. De vorige werkt niet meer: vervang hem in uw agenda-app.
feed_howto_heading = Zo voegt u de link toe
feed_howto_outlook = Outlook: Agenda, Agenda toevoegen, Abonneren via internet. Plak de link.
feed_howto_google = Google Agenda (op een computer): naast Andere agenda's op +, dan Via URL. Plak de link.
feed_howto_apple = Apple Agenda: op een Mac Archief, Nieuw agenda-abonnement; op een iPhone of iPad Instellingen, Agenda, Accounts, Voeg account toe, Andere, Voeg agenda-abonnement toe. Plak de link.
feed_update_note = Agenda-apps halen de kalender zelf op, meestal enkele keren per dag: een wijziging verschijnt er niet meteen.
# On a parent's feeds page: $name is the child whose calendar the link shows.
feeds_for_child = De link toont de kalender van { $name }.
