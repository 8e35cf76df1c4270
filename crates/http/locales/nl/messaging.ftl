### Schoolbrug's pages in Standard Dutch: messages (folders, reading, writing, read
### receipts), forwarding to e-mail, the free days, the quiet hours and the mail queue.
### How to edit this file: see locales/README.md.

## Links on the start page

link_compose = Een bericht schrijven
link_notification_settings = Instellingen berichtgeving
link_free_days = Vrije dagen van de school beheren

## Messages: folders

messages_title = Berichten
folders_label = Mappen
folder_inbox = Postvak IN
folder_sent = Verzonden
folder_awaiting_reply = Wacht op uw antwoord
folder_trash = Prullenbak
compose_link = Nieuw bericht
search_messages_label = Zoeken in deze map
search_messages_hint = Woorden uit het onderwerp of de tekst.
awaiting_reply_intro = Berichten waarop de afzender een antwoord vraagt, met het tijdstip waarop het antwoord verwacht wordt: 48 schooluren na ontvangst. Weekends, vrije dagen en vakanties tellen niet mee.
col_from = Van
col_subject = Onderwerp
col_received = Ontvangen
col_sent = Verstuurd
col_reply_due = Antwoord verwacht voor
col_read = Gelezen
unread_badge = nieuw
unread_label = Ongelezen bericht
no_messages = Er zijn geen berichten in deze map.
no_messages_found = Geen berichten gevonden voor deze zoekopdracht.
sender_deleted = verwijderd account
sender_system = Schoolbrug (melding)
trashed_note = Het bericht staat in de prullenbak. U kunt het daar terugzetten.

## Messages: one message

label_from = Van
label_to = Aan
label_sent_at = Verstuurd op
label_reply_due = Antwoord verwacht voor
label_action_deadline = Uiterste datum
urgent_badge = Dringend
you_suffix = (u)
reply_link = Beantwoorden
trash_submit = Naar de prullenbak
restore_submit = Terugzetten naar Postvak IN
in_trash_note = Dit bericht staat in de prullenbak.
restored_note = Het bericht staat terug in uw Postvak IN.
misdirected_heading = Verkeerd bezorgd?
misdirected_text = Is dit bericht niet voor u bedoeld? Meld het met één klik aan de afzender.
misdirected_confirm = Dit bericht is niet voor mij bedoeld.
misdirected_submit = Melden aan de afzender
misdirected_done = De afzender weet nu dat dit bericht per vergissing bij u terechtkwam.
misdirected_already = U hebt dit bericht gemeld als verkeerd bezorgd.
receipts_link = Leesbevestigingen bekijken
back_to_messages = Terug naar de berichten
back_to_message = Terug naar het bericht
message_actions = Acties

## Messages: read receipts

receipts_title = Leesbevestigingen
col_recipient = Ontvanger
col_read_status = Status
col_read_at = Gelezen op
status_read = Gelezen
status_unread = Nog niet gelezen

## Messages: compose

compose_title = Nieuw bericht
reply_title = Antwoorden
replying_to = Antwoord op
recipients_legend = Ontvangers
to_accounts_label = Personen
to_accounts_hint = Personeel en leerlingen. Wie u hier kiest, ziet de andere ontvangers die u hier koos. Houd Ctrl (of Cmd) ingedrukt om er meerdere te kiezen.
to_staff_label = Aan
to_staff_hint = U schrijft naar personeel van de school. Houd Ctrl (of Cmd) ingedrukt om er meerdere te kiezen.
optgroup_staff = Personeel
optgroup_pupils = Leerlingen
optgroup_reply = Afzender van het bericht
to_co_accounts_of_label = Co-accounts van een leerling
to_co_accounts_of_hint = Ouders en andere co-accounts van de gekozen leerlingen, elk als blinde kopie. De leerling zelf krijgt het bericht niet.
to_groups_label = Klassen en groepen
to_groups_hint = Groepsberichten gaan altijd als blinde kopie: elke ontvanger ziet alleen u, de naam van de groep en zichzelf.
audience_label = Wie in de gekozen klassen en groepen?
audience_pupils = De leerlingen
audience_co_accounts = De co-accounts (ouders) van de leerlingen
audience_both = De leerlingen en hun co-accounts
audience_members = Alle leden (leerlingen en personeel, geen co-accounts)
to_role_label = Iedereen met een rol
to_role_hint = Als blinde kopie.
to_role_none = Niemand
subject_label = Onderwerp
subject_hint = Kort en duidelijk.
body_label = Bericht
body_hint = Gewone tekst. Links naar websites worden aanklikbaar.
options_legend = Opties
reply_requested_label = Ik vraag een antwoord (binnen 48 schooluren)
urgent_label = Dringend: meteen doorsturen, ook buiten de schooluren
action_deadline_label = Uiterste datum voor een actie of aanwezigheid
action_deadline_hint = Datum en uur in de tijd van de school. Vraagt u informatie, een actie of iemands aanwezigheid, dan verstuurt u het bericht minstens 48 schooluren op voorhand; weekends en vrije dagen tellen niet mee.
acknowledge_short_notice_label = Ik weet dat de termijn korter is dan 48 schooluren en verstuur het bericht toch.
send_submit = Versturen

## Notification settings

settings_title = Instellingen berichtgeving
settings_intro = Volg uw berichten zonder aan te melden: laat ze doorsturen naar uw persoonlijk e-mailadres.
forward_email_label = Persoonlijk e-mailadres
forward_email_hint = Leeg laten om niets door te sturen. Een nieuw adres moet u eerst bevestigen via de link in een bevestigingsmail.
forward_messages_label = Stuur elk bericht dat ik ontvang door naar dit adres
notify_news_label = Laat me weten wanneer er nieuws is
push_label = Meldingen in de app
label_address_status = Status van het adres
email_confirmed = Bevestigd: berichten worden naar dit adres doorgestuurd als u dat hieronder aanvinkt.
email_unconfirmed = Nog niet bevestigd: er wordt niets naar dit adres doorgestuurd tot u de link in de bevestigingsmail volgt.
no_forward_address = Geen adres ingesteld.
settings_submit = Instellingen bewaren
settings_saved = Uw instellingen zijn bewaard.
confirmation_mail_note = Er wordt een bevestigingsmail gestuurd naar het nieuwe adres. Pas wanneer u de link in die mail volgt, worden berichten doorgestuurd.
confirm_email_title = E-mailadres bevestigen
confirm_email_text = Bevestig dat uw berichten naar uw persoonlijk e-mailadres doorgestuurd mogen worden.
confirm_email_submit = Adres bevestigen
email_confirmed_note = Uw e-mailadres is bevestigd.
confirm_token_invalid = Deze bevestigingslink is ongeldig of verlopen. Bewaar uw adres opnieuw om een nieuwe bevestigingsmail te krijgen.
back_to_settings = Naar de instellingen berichtgeving

## Free days (administration)

free_days_title = Vrije dagen
free_days_intro = Geef de vakanties en vrije dagen van de school in. Zoals weekends tellen ze niet mee voor de 48-urenregels. De eerste en de laatste dag horen bij de periode.
free_days_hint = Lege rijen worden overgeslagen. Bewaar om nieuwe lege rijen te krijgen.
free_from_label = Eerste vrije dag
free_to_label = Laatste vrije dag
free_name_label = Naam
free_remove_label = Verwijderen
free_days_submit = Vrije dagen bewaren
free_days_saved = De vrije dagen zijn bewaard.
free_row_label = rij
confirmation_mail_failed = Uw instellingen zijn bewaard, maar de bevestigingsmail kon niet verstuurd worden. Er wordt niets naar het adres doorgestuurd tot het bevestigd is. Controleer het adres en bewaar de instellingen later opnieuw om een nieuwe bevestigingsmail te krijgen.

## Quiet hours (administration)

quiet_hours_title = Stille uren
quiet_hours_intro = Berichten die tijdens de stille uren verstuurd worden, worden pas daarna naar persoonlijke e-mailadressen doorgestuurd. Berichten die het personeel dringend maakt, gaan meteen. Een wijziging geldt voor berichten die daarna verstuurd worden.
quiet_zone_label = Tijdzone van de school
quiet_mode_legend = Stille uren van de school
quiet_none_label = Geen stille uren: doorgestuurde berichten gaan altijd meteen
quiet_on_label = Stille uren, zoals hieronder ingesteld
quiet_start_label = Begin van de stille uren
quiet_start_hint = Een uur als UU:MM, bijvoorbeeld 20:00.
quiet_end_label = Einde van de stille uren
quiet_end_hint = Bijvoorbeeld 07:00. Vroeger dan het begin: de stille uren lopen over middernacht.
quiet_weekends_label = Zaterdag en zondag zijn de hele dag stil
quiet_free_days_label = Vrije dagen en vakanties zijn de hele dag stil
quiet_hours_submit = Stille uren bewaren
quiet_hours_saved = De stille uren zijn bewaard.
link_quiet_hours = Stille uren voor doorgestuurde berichten instellen

## The mail queue (administration)

outbox_title = Mailwachtrij
outbox_intro = De berichten die naar persoonlijke e-mailadressen doorgestuurd worden: wachtend, verstuurd, en definitief mislukt met het antwoord van de mailserver.
outbox_tabs_label = Status van de e-mails
outbox_waiting = Wachtend
outbox_sent = Verstuurd
outbox_failed = Mislukt
outbox_empty_waiting = Er wacht geen enkele e-mail.
outbox_empty_sent = Er is nog geen e-mail verstuurd.
outbox_empty_failed = Er is geen enkele e-mail definitief mislukt.
col_to = Aan
col_attempts = Pogingen
col_next_attempt = Volgende poging
col_sent_at = Verstuurd op
col_failed_at = Mislukt op
col_server_answer = Antwoord van de mailserver
link_outbox = De mailwachtrij bekijken

## Messages with values

# The start page's link to the inbox; $count is the number of unread messages.
unread_messages =
    { $count ->
        [0] Geen nieuwe berichten
        [one] { $count } nieuw bericht
       *[other] { $count } nieuwe berichten
    }
# A sent message's read receipts in short; $read of $recipients have read it.
read_by = gelezen door { $read } van { $recipients }
# After sending; $count is the number of recipients.
message_sent =
    { $count ->
        [one] Uw bericht is verstuurd naar { $count } ontvanger.
       *[other] Uw bericht is verstuurd naar { $count } ontvangers.
    }
# How a class or group reached a blind copy; $name is the group's name, $audience who in it.
group_label_group =
    { $audience ->
        [pupils] leerlingen van { $name }
        [co_accounts] co-accounts van { $name }
        [both] leerlingen en co-accounts van { $name }
       *[members] leden van { $name }
    }
# How a pupil's co-accounts reached a blind copy; $pupil is the pupil's name.
group_label_co_accounts_of = co-accounts van { $pupil }
# How everyone with a role reached a blind copy; $role is the role.
group_label_role =
    { $role ->
        [pupil] alle leerlingen
        [teacher] alle leerkrachten
        [counsellor] alle leerlingenbegeleiders
       *[admin] alle beheerders
    }

## Errors under form fields

field_subject_blank = Vul een onderwerp in: kort en duidelijk.
field_subject_too_long = Een onderwerp heeft hoogstens 200 tekens.
field_subject = Een onderwerp is één regel tekst.
field_body = Het bericht is te lang: hoogstens 100 kB tekst.
field_to_required = Kies minstens één ontvanger.
field_to_no_recipients = Deze ontvangers bereiken niemand. Kies andere ontvangers.
field_to_unknown_group = Deze klas of groep bestaat niet (meer) in uw school.
field_to_not_allowed = Leerlingen en co-accounts schrijven naar personeel van de school, en antwoorden op wat ze ontvingen.
field_to = Deze ontvanger bestaat niet (meer) in uw school.
field_audience = Kies wie in de gekozen klassen en groepen het bericht krijgt.
field_deadline_short_notice = Deze termijn ligt minder dan 48 schooluren vooruit (weekends en vrije dagen tellen niet mee). Vink het vakje eronder aan als u het bericht toch wilt versturen.
field_deadline_in_the_past = Deze datum en dit uur zijn al voorbij.
field_deadline_nonexistent = Dit uur bestaat niet op die dag (de klok wordt verzet). Kies een ander uur.
field_deadline = Geef een datum en een uur, bijvoorbeeld 2026-09-14 16:00.
field_in_reply_to = Het bericht waarop u antwoordt, bestaat niet meer.
field_urgent = Alleen personeel kan een bericht dringend maken.
field_search = Een zoekopdracht heeft hoogstens 200 tekens.
field_period_before_from = De laatste vrije dag ligt voor de eerste.
field_period_date_required = Vul de datum in, in de vorm JJJJ-MM-DD.
field_period_date = Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.
field_period_name_too_long = Een naam heeft hoogstens 100 tekens.
field_period_name = Geef de periode een naam, bijvoorbeeld Kerstvakantie.
field_time_required = Vul een uur in, in de vorm UU:MM, bijvoorbeeld 20:00.
field_time_same_as_start = De stille uren moeten op een ander uur eindigen dan ze beginnen.
field_time = Dit is geen uur. Gebruik de vorm UU:MM, van 00:00 tot 23:59.

## Nieuws

news_title = Nieuws
news_intro = Nieuws van de school voor u: vastgezette berichten eerst, dan het nieuwste.
news_empty = Er is geen nieuws voor u.
news_publish_link = Nieuws publiceren
news_pinned_badge = Vastgezet
news_unread_badge = nieuw
news_label_author = Door
news_label_published = Gepubliceerd op
news_label_until = Zichtbaar tot
news_label_child = Voor
news_edit_link = Bewerken
news_back = Terug naar het nieuws
news_withdraw_heading = Intrekken
news_withdraw_text = Intrekken verwijdert het bericht voor iedereen.
news_withdraw_confirm = Verwijder dit bericht voor iedereen.
news_withdraw_submit = Intrekken
news_withdrawn = Het bericht is ingetrokken.
news_published = Het bericht is gepubliceerd.
news_saved = De wijzigingen zijn bewaard.
news_new_title = Nieuws publiceren
news_edit_title = Nieuws bewerken
news_field_title_label = Titel
news_field_title_hint = Kort en duidelijk, hoogstens 200 tekens.
news_field_body_label = Tekst
news_field_body_hint = Gewone tekst. Links worden klikbaar.
news_audience_legend = Voor wie
news_audience_school_label = De hele school
news_audience_groups_label = Klassen en groepen
news_audience_groups_hint = Hun leden en de co-accounts van hun leerlingen. Leerkrachten kiezen klassen en groepen waarvan ze lid zijn. Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.
news_audience_roles_label = Iedereen met een rol
news_audience_roles_hint = Leerlingen met hun co-accounts. Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.
news_publish_at_label = Publiceren op
news_publish_at_hint = Laat leeg om nu te publiceren.
news_until_label = Zichtbaar tot
news_until_hint = Laat leeg om het zichtbaar te houden.
news_pinned_label = Vastzetten boven het andere nieuws
news_publish_submit = Publiceren
news_save_submit = Bewaren
news_author_deleted = verwijderd account
field_title_blank = Vul een titel in: kort en duidelijk.
field_title_too_long = Een titel heeft hoogstens 200 tekens.
field_title = Een titel is één regel tekst.
field_news_audience_required = Kies voor wie het bericht is: de hele school, klassen of groepen, of een rol.
field_news_audience_admin_only = Alleen beheerders publiceren voor de hele school of voor iedereen met een rol.
field_news_audience_unknown_group = Deze klas of groep bestaat niet (meer) in uw school.
field_news_audience_not_a_member = U publiceert alleen voor klassen en groepen waarvan u lid bent.
field_news_audience = Kies een van de aangeboden klassen, groepen of rollen.
field_news_until_before_publish_at = Het einde moet na de publicatie komen.
field_news_until_in_the_past = Deze datum en dit uur zijn al voorbij.
field_news_time = Geef een datum en een uur, bijvoorbeeld 2026-09-14 16:00.
field_news_time_nonexistent = Dit uur bestaat niet op die dag (de klok wordt verzet). Kies een ander uur.
