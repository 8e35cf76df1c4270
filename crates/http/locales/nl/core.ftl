### Schoolbrug's pages in Standard Dutch: the layout, the navigation, the words several
### pages share, the error pages, and wait times and dates.
### How to edit this file: see locales/README.md.

## Layout

skip_to_content = Naar de inhoud
nav_label = Hoofdmenu
nav_start = Startpagina
nav_admin = Beheer
nav_password = Wachtwoord wijzigen
signed_in_as = Aangemeld als
logout = Afmelden
footer = Schoolbrug, een open schoolplatform.
error_summary_title = Er is een probleem
optional = (niet verplicht)

## Roles

role_pupil = Leerling
role_teacher = Leerkracht
role_counsellor = Leerlingenbegeleider
role_admin = Beheerder

## Words shared by several pages

filter_submit = Zoeken
next_page = Volgende pagina
pages_label = Pagina's
first_page = Eerste pagina
date_hint = In de vorm JJJJ-MM-DD.
choose = Kies…

## Error pages

not_found_title = Pagina niet gevonden
not_found_text = Deze pagina bestaat niet, of u hebt er geen toegang toe.
bad_request_title = Ongeldige aanvraag
bad_request_text = Deze aanvraag kon niet verwerkt worden. Ga terug en probeer het opnieuw.
unavailable_title = Even geduld
unavailable_text = Schoolbrug kan de gegevens nu niet bereiken. Probeer het over enkele ogenblikken opnieuw.
internal_title = Er ging iets mis
internal_text = Er ging bij ons iets mis. Probeer het later opnieuw.
back_home = Naar de startpagina

## Navigation

nav_messages = Berichten
nav_calendar = Kalender
nav_news = Nieuws
nav_settings = Instellingen
nav_free_days = Vrije dagen

## Wait times, dates and times

# After too many failed attempts; $wait is a wait time such as "30 seconden".
throttled = Te veel mislukte pogingen. Probeer het opnieuw over { $wait }.
busy = Er melden zich nu te veel mensen tegelijk aan. Probeer het opnieuw over { $wait }.

# A wait time of at most 90 seconds; $count is the number of seconds.
duration_seconds =
    { $count ->
        [one] { $count } seconde
       *[other] { $count } seconden
    }
# A longer wait time; $count is the number of minutes (2 or more).
duration_minutes = { $count } minuten
# A date: $day is the day of the month, $month the month's name (below), $year the year.
date = { $day } { $month } { $year }
# A moment: $date is a date (above), $time a time such as 10:00.
date_time = { $date } om { $time }
# The months' names, as they appear in a date.
month_1 = januari
month_2 = februari
month_3 = maart
month_4 = april
month_5 = mei
month_6 = juni
month_7 = juli
month_8 = augustus
month_9 = september
month_10 = oktober
month_11 = november
month_12 = december

## Errors under form fields that several pages share

field_email = Dit is geen geldig e-mailadres.
field_after = Deze paginalink is ongeldig; begin opnieuw bij de eerste pagina.
field_confirm = Vink het vakje aan om te bevestigen.
field_invalid = Deze waarde is ongeldig.
