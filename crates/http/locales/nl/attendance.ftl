### Schoolbrug's pages in Standard Dutch: absences. The class register, "Mijn kinderen"
### with the year overview and the parents' note, the follow-up list, and the school's
### codes and rules.
### How to edit this file: see locales/README.md.

## Navigation

nav_absences = Afwezigheden
nav_follow_up = Opvolging
nav_children = Mijn kinderen

## The halves of a day and the codes

half_am = voormiddag
half_pm = namiddag
# Short, in the year overview and the follow-up list.
half_am_short = vm
half_pm_short = nm
# What the official codes of Flemish education mean.
code_r = gewettigd (familieraad, huwelijk of begrafenis, dagvaarding, overmacht, religieuze feestdag…)
code_z = ziekte
code_p = persoonlijke redenen, met toestemming van de directeur
code_h = revalidatie tijdens de lestijden
code_m = werkplekleren niet gedaan, buiten de schuld van de leerling
code_a = afwezig (kleuteronderwijs)
code_b = problematisch: niet gewettigd
code_unknown = onbekend, nog te wettigen
# An option of a code list: $code is the code ("Z"), $meaning what it means ("ziekte").
absence_code_choice = { $code } – { $meaning }
# A school's own code: $label is the school's words for it, $official the official code
# it counts as ("B").
absence_code_counts_as = { $label } (telt als { $official })

## Days, months and counts

# A day in full: $weekday is the day's name ("dinsdag"), $date a date ("1 september 2026").
absence_day = { $weekday } { $date }
# A half-day: $day is a day ("dinsdag 1 september 2026" or "di 1"), $half the half
# ("voormiddag" or "vm").
absence_half_day = { $day }, { $half }
# A day in its month's row: $weekday is the short name of the day ("di"), $day the day of
# the month.
absence_short_day = { $weekday } { $day }
# A day without its year: $day is the day of the month, $month the month's name.
absence_day_month = { $day } { $month }
# A month of the year overview: $month is its name, $year the year.
absence_month = { $month } { $year }
# A pupil's class: $class is its name ("3A").
absence_class = klas { $class }
# The school year: $first and $last are the two calendar years it spans.
absence_school_year = Schooljaar { $first }–{ $last }
# The number of absent half-days in a school year.
absence_total =
    { $count ->
        [0] Geen afwezigheden dit schooljaar.
        [one] { $count } halve dag afwezig dit schooljaar.
       *[other] { $count } halve dagen afwezig dit schooljaar.
    }

## Choosing a class and a half-day

register_choose_title = Afwezigheden registreren
register_no_classes = U registreert voor geen enkele klas. Leerkrachten registreren de klassen waarin ze zitten; vraag de beheerder om u aan uw klassen toe te voegen.
register_other_day_heading = Een andere dag
register_class_label = Klas
register_date_label = Datum
register_half_label = Dagdeel
register_open_submit = Register openen
# $day is today in full, such as "dinsdag 1 september 2026".
register_today = Vandaag, { $day }

## The class register

# The register's title: $class is the class's name.
register_title = Afwezigheden { $class }
register_back = Andere klas of dag
register_other_half = Ander dagdeel
register_saved = De afwezigheden zijn opgeslagen.
register_no_pupils = Er zitten nog geen leerlingen in deze klas.
register_hint = Vink aan wie afwezig is en kies eventueel de code; wie niet aangevinkt is, is aanwezig. Weet u de reden niet, laat dan ? staan: de ouders krijgen een bericht.
register_confirmed_badge = bevestigd
register_locked_note = Bevestigd door een afwezigheidsbeheerder; alleen een afwezigheidsbeheerder kan dit wijzigen.
register_absent_label = Afwezig
register_code_label = Code
register_remark_label = Opmerking
register_submit = Opslaan
# $absent is the number of absent pupils, $total the number of pupils in the class.
register_absent_count =
    { $absent ->
        [0] Niemand afwezig.
       *[other] { $absent } van { $total } afwezig.
    }

## Mijn kinderen and a pupil's year

children_title = Mijn kinderen
children_intro = De afwezigheden van uw kind dit schooljaar, per halve dag, en de briefjes die u indiende.
children_none = Er is geen kind aan uw account gekoppeld.
pupil_absences_title = Afwezigheden van de leerling
overview_totals_heading = Totaal per code
overview_notes_heading = Briefjes van de ouders
overview_no_notes = Er zijn dit schooljaar nog geen briefjes ingediend.
overview_note_badge = briefje
col_code = Code
col_meaning = Betekenis
col_half_days = Halve dagen
col_month = Maand
col_absent_half_days = Afwezig
note_link = Briefje indienen
# $count is the number of parents' notes the school still accepts this school year.
notes_left =
    { $count ->
        [0] Er zijn geen briefjes meer over dit schooljaar: voor een nieuwe afwezigheid door ziekte is een medisch attest nodig. Geef het aan de school.
        [one] Nog { $count } briefje over dit schooljaar.
       *[other] Nog { $count } briefjes over dit schooljaar.
    }
# The days a note covers: $from and $to are dates.
note_period = { $from } tot en met { $to }
# $date is the date the note was handed in.
note_handed_in = ingediend op { $date }

## The parents' note

note_title = Briefje van de ouders
back_to_children = Terug naar Mijn kinderen
note_from_label = Eerste dag
note_to_label = Laatste dag
note_reason_label = Reden:
note_reason_illness = ziekte
note_text_label = Toelichting
note_text_hint = Hoogstens 1.000 tekens.
note_submit = Briefje indienen
note_saved = Het briefje is ingediend. De afwezigheden op die dagen zijn gewettigd als ziekte.
# Whose note it is: $name is the child.
note_for = Voor { $name }
# The rules: $days is the most calendar days one note covers, $notes the most notes a
# school year.
note_rules = Met een briefje wettigt u een korte ziekte van hoogstens { $days } opeenvolgende kalenderdagen, { $notes } keer per schooljaar. Voor een langere ziekte, of als de briefjes op zijn, is een medisch attest nodig: geef het aan de school.

## The follow-up list

follow_up_title = Opvolging
follow_up_empty = Geen enkele leerling bereikte dit schooljaar de drempel.
follow_up_at_risk = schooltoelage in gevaar
col_pupil = Leerling
col_class = Klas
col_problematic = Problematische halve dagen
col_since = Sinds
col_dates = Data
# $guidance and $allowance are the school's two thresholds, in half-days.
follow_up_intro = De leerlingen met minstens { $guidance } problematische halve dagen (B) dit schooljaar, de meeste eerst. Het CLB wordt betrokken; vanaf { $allowance } komt de schooltoelage in gevaar.

## The school's codes and rules

codes_title = Codes en regels
codes_intro = De officiële codes (R, Z, P, H, M, A, B) zijn er altijd. Voeg codes van de school toe die elk als één officiële code tellen. Halve dagen die al geregistreerd zijn, houden de officiële code waarmee ze geregistreerd zijn.
codes_saved = De codes en regels zijn opgeslagen.
codes_own_heading = Codes van de school
codes_hint = Een code heeft 1 tot 8 letters, cijfers, - of _. Vul een lege rij in om een code toe te voegen; vink Verwijderen aan om er een te schrappen.
codes_official_label = Telt als
codes_remove_label = Verwijderen
codes_row_label = rij
codes_numbers_heading = Regels
codes_unknown_days_label = Onbekend wordt B na zoveel schooldagen
codes_note_days_label = Hoogstens zoveel kalenderdagen per briefje van de ouders
codes_notes_per_year_label = Hoogstens zoveel briefjes per schooljaar
codes_guidance_label = Opvolging (CLB) vanaf zoveel problematische halve dagen
codes_allowance_label = Schooltoelage in gevaar vanaf zoveel problematische halve dagen
codes_submit = Opslaan
admins_heading = Afwezigheidsbeheerders
admins_intro = Naast de beheerders van de school registreren, bevestigen en wijzigen deze personeelsleden alle afwezigheden en beheren ze de codes.
admins_none = De school heeft nog geen personeelsleden.
admins_saved = De afwezigheidsbeheerders zijn opgeslagen.
admins_submit = Afwezigheidsbeheerders opslaan
# $least and $most are the bounds of a number.
codes_number_hint = Van { $least } tot { $most }.
export_heading = Export
export_intro = Een CSV-bestand met elke geregistreerde halve dag: leerling, klas, datum, dagdeel en officiële code (? zolang onbekend), zoals de rapportering aan het departement het vraagt.
export_year_link = Dit schooljaar downloaden
export_from_label = Van
export_to_label = Tot en met
export_submit = Periode downloaden

## Why a field was refused

absence_field_date_required = Vul de datum in, in de vorm JJJJ-MM-DD.
absence_field_date = Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.
register_field_class = Kies een klas uit de lijst.
register_field_half = Kies voormiddag of namiddag.
register_field_not_a_school_day = Deze dag is een weekend of een vrije dag: er is geen school.
register_field_in_the_future = Deze dag is nog niet begonnen. Alleen een afwezigheidsbeheerder registreert een afwezigheid vooraf.
register_field_out_of_range = Deze dag ligt te ver van vandaag.
register_field_pupil = Deze leerling zit niet in de klas.
register_field_code = De school kent deze code niet. Kies een code uit de lijst.
register_field_remark_too_long = Een opmerking heeft hoogstens 500 tekens.
register_field_remark = Een opmerking is één regel tekst.
# $days is the most calendar days one note covers.
note_field_too_long = Een briefje van de ouders geldt voor hoogstens { $days } opeenvolgende kalenderdagen. Voor een langere ziekte is een medisch attest nodig: geef het aan de school.
# $count is the most notes a school year.
note_field_quota_reached = U diende dit schooljaar al { $count } briefjes in. Nu is een medisch attest nodig: geef het aan de school.
note_field_overlaps = Een eerder briefje geldt al voor een van deze dagen.
note_field_before_from = De laatste dag ligt voor de eerste.
# $days is how many days ago a note may start at most.
note_field_too_late = Een briefje begint hoogstens { $days } dagen geleden.
# $days is how many days from today a note may end at most.
note_field_too_early = Een briefje eindigt hoogstens { $days } dagen na vandaag.
note_field_crosses_school_year = Een briefje valt binnen één schooljaar (1 september tot 31 augustus).
note_field_reason = Met een briefje wettigt u alleen ziekte. Neem voor een andere reden contact op met de school.
note_field_text_too_long = De toelichting heeft hoogstens 1.000 tekens.
note_field_text = De toelichting bevat tekens die niet getoond kunnen worden.
codes_field_code_blank = Geef de code een naam.
codes_field_code_too_long = Een code heeft hoogstens 8 tekens.
codes_field_code_characters = Een code bestaat uit letters, cijfers, - en _.
codes_field_code_reserved = Dit is een officiële code; die bestaat al. Kies een andere naam.
codes_field_code_duplicate = Deze code staat er twee keer.
codes_field_label = Een betekenis is één regel van 1 tot 100 tekens.
codes_field_official = Kies de officiële code waarvoor deze code telt.
codes_field_too_many = Een school heeft hoogstens 50 eigen codes.
codes_field_number = Vul een geheel getal in.
# $least and $most are the bounds of the number.
codes_field_out_of_range = Vul een getal van { $least } tot { $most } in.
codes_field_below_guidance = De drempel voor de schooltoelage is minstens de drempel voor de opvolging.
