### Schoolbrug's pages in Standard Dutch: signing in, the start page, passwords and
### one-time codes, the first-run setup, and the administration of accounts.
### How to edit this file: see locales/README.md.

## Sign in

login_title = Aanmelden
login_intro = Meld u aan met uw gebruikersnaam en wachtwoord.
school_label = School
school_hint = De korte naam van uw school, bijvoorbeeld sint-jan.
username_label = Gebruikersnaam
password_label = Wachtwoord
login_submit = Aanmelden
login_failed = De gebruikersnaam of het wachtwoord is onjuist.
logged_out_note = U bent afgemeld.
password_set_note = Uw wachtwoord is ingesteld. U kunt zich nu aanmelden.
forgot_password = Wachtwoord vergeten? De school geeft u een eenmalige code.
forgot_password_link = Een wachtwoord instellen met een eenmalige code

## Start page

start_title = Startpagina
welcome = Welkom
about_you = Uw account
label_name = Naam
label_username = Gebruikersnaam
label_roles = Rollen
label_school = School
label_account_kind = Soort account
kind_main = Hoofdaccount
kind_co = Co-account
your_child = Uw kind
label_relation = Relatie
label_slot = Co-account nummer
start_actions = Wat wilt u doen?
start_since = Nieuw sinds uw vorig bezoek:
start_news_heading = Nieuws
start_no_news = Er is geen nieuw nieuws.
start_pinned = Vastgezet
start_all_news = Alle nieuwsberichten
start_replies_due = Berichten die op uw antwoord wachten
start_upcoming_heading = De komende twee weken
start_nothing_upcoming = Er staat de komende twee weken niets in de kalender.
start_changed = nieuw of gewijzigd
start_open_calendar = Naar de kalender
link_change_password = Uw wachtwoord wijzigen
link_admin = Accounts beheren
logout_reminder = Meld u af na elk gebruik: de browser sluiten is niet genoeg.
relation_mother = Moeder
relation_father = Vader
relation_guardian = Voogd
relation_foster_parent = Pleegouder
relation_step_parent = Plusouder
relation_homework_tutor = Huiswerkbegeleider
relation_boarding_educator = Opvoeder internaat
relation_other = Iemand anders

## Change password

password_title = Wachtwoord wijzigen
password_intro = Geef uw huidige wachtwoord en kies een nieuw. Uw andere sessies worden daarna beëindigd.
current_label = Huidig wachtwoord
new_label = Nieuw wachtwoord
repeat_label = Herhaal het nieuwe wachtwoord
password_submit = Wachtwoord wijzigen
current_wrong = Het huidige wachtwoord is onjuist.
password_changed = Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.
logout_everywhere_title = Overal afmelden
logout_everywhere_intro = Beëindigt elke sessie van uw account, op elk toestel, ook deze. Gebruik dit wanneer u zich aanmeldde op een toestel dat u niet meer hebt of niet meer vertrouwt.
logout_everywhere_submit = Overal afmelden

## Set a password with a code

reset_title = Wachtwoord instellen met een code
reset_intro = Hebt u van de school een eenmalige code gekregen? Stel daarmee hier een nieuw wachtwoord in. De code werkt één keer.
code_label = Eenmalige code
code_hint = Bijvoorbeeld ABCD-EFGH-JKMN-PQRS. Hoofdletters en streepjes maken niet uit.
reset_submit = Wachtwoord instellen
code_invalid = Deze gebruikersnaam en code horen niet bij elkaar, of de code is al gebruikt of verlopen. Vraag de school om een nieuwe code.

## First-run setup

setup_title = Schoolbrug instellen
setup_intro = Maak de eerste school en haar beheerder aan. Deze pagina werkt één keer.
setup_school_section = De school
school_name_label = Naam van de school
slug_label = Korte naam
slug_hint = Kleine letters, cijfers en streepjes, bijvoorbeeld sint-jan.
time_zone_label = Tijdzone
time_zone_hint = Bijvoorbeeld Europe/Brussels.
setup_admin_section = De beheerder
first_name_label = Voornaam
last_name_label = Achternaam
repeat_password_label = Herhaal het wachtwoord
setup_submit = School aanmaken
setup_busy = De installatie is al bezig. Probeer het over enkele ogenblikken opnieuw.

## Administration

accounts_title = Accounts
search_label = Zoeken
search_hint = Gebruikersnaam, voornaam of achternaam.
role_filter_label = Rol
all_accounts = Alle accounts
new_account_link = Nieuw hoofdaccount
col_username = Gebruikersnaam
col_name = Naam
col_kind = Soort
col_roles = Rollen
col_actions = Acties
no_accounts = Geen accounts gevonden.
open_account = Openen
new_account_title = Nieuw hoofdaccount
roles_legend = Rollen
roles_hint = Een leerling heeft enkel de rol leerling; personeel kan meerdere rollen hebben.
birth_date_label = Geboortedatum
email_label = E-mailadres
create_account_submit = Account aanmaken
account_created = Het account is aangemaakt. Geef een eenmalige code uit, zodat de gebruiker een wachtwoord kan instellen.
label_email = E-mailadres
label_birth_date = Geboortedatum
label_created = Aangemaakt op
label_terms = Gebruiksvoorwaarden aanvaard
terms_not_accepted = Nog niet
label_status = Status
status_active = Actief
status_inactive = Niet actief
status_active_until = Actief tot en met
label_pupil = Leerling
issue_code_heading = Eenmalige code
issue_code_text = Met een eenmalige code stelt de gebruiker een nieuw wachtwoord in. Eerdere codes werken dan niet meer; het huidige wachtwoord werkt tot er een nieuw is ingesteld.
issue_code_submit = Eenmalige code uitgeven
co_accounts_heading = Co-accounts
no_co_accounts = Deze leerling heeft nog geen co-accounts.
col_slot = Nr.
col_relation = Relatie
col_status = Status
reset_co_submit = Co-account resetten
reset_co_confirm = Ik begrijp dat de berichten en documenten van dit co-account gewist worden.
add_co_heading = Co-account toevoegen
slot_label = Nummer
relation_label = Relatie tot de leerling
active_until_label = Actief tot en met
active_until_hint = Leeg laten als het co-account niet afloopt. In de vorm JJJJ-MM-DD.
add_co_submit = Co-account toevoegen
co_added = Het co-account is toegevoegd. Geef een eenmalige code uit, zodat de gebruiker een wachtwoord kan instellen.
all_slots_taken = Alle zes co-accounts van deze leerling zijn in gebruik.
erase_heading = Account wissen
erase_text_pupil = Voor een leerling die de school verlaat: het hoofdaccount en alle co-accounts worden gewist, met hun berichten, documenten en sessies. Dit kan niet ongedaan gemaakt worden.
erase_text = Het account wordt gewist, met zijn berichten, documenten en sessies. Dit kan niet ongedaan gemaakt worden.
erase_confirm = Ik wil dit account definitief wissen.
erase_submit = Account wissen
code_page_title = Eenmalige code
code_shown_once = Deze code wordt maar één keer getoond. Geef ze nu door of schrijf ze op.
code_for = Code voor
code_valid_until = Geldig tot
code_instructions = Met deze code stelt de gebruiker een wachtwoord in op de pagina
co_reset_done = Het co-account is gereset: zijn berichten en documenten zijn gewist en het oude wachtwoord werkt niet meer.
back_to_account = Terug naar het account
back_to_list = Terug naar de lijst

## Messages with values

# The hint under a new-password field; $min_length is the shortest length allowed.
password_hint = Minstens { $min_length } tekens. Een zin van enkele woorden die niet bij elkaar horen, is sterk en makkelijk te onthouden. Gebruik geen namen, geboortedata of nummerplaten.
# After erasing; $count is how many accounts went (a pupil's co-accounts go with it).
erased =
    { $count ->
        [one] Het account is gewist.
       *[other] Het account en zijn co-accounts zijn gewist ({ $count } accounts).
    }

## Why a new password is refused

# $min_length is the shortest length allowed.
password_too_short = Het wachtwoord moet minstens { $min_length } tekens lang zijn.
# $max_length is the longest length allowed.
password_too_long = Het wachtwoord mag hoogstens { $max_length } tekens lang zijn.
password_too_common = Dit wachtwoord wordt veel gebruikt en is daardoor makkelijk te raden. Kies een ander.
password_too_weak = Dit wachtwoord is te makkelijk te raden. Een zin van enkele woorden die niet bij elkaar horen, is sterk en makkelijk te onthouden.
password_contains_personal_info = Het wachtwoord mag niet gebaseerd zijn op je naam, je gebruikersnaam, de naam van je kind, een geboortedatum of een nummerplaat.
password_mismatch = De twee nieuwe wachtwoorden zijn niet gelijk.
password_same_as_current = Het nieuwe wachtwoord moet verschillen van het huidige.

## Errors under form fields

field_username_taken = Deze gebruikersnaam is al in gebruik in deze school.
field_slot_taken = Deze leerling heeft al een co-account met dit nummer.
field_slug_taken = Er is al een school met deze korte naam.
field_username = Een gebruikersnaam heeft 2 tot 64 tekens: letters, cijfers, punten, streepjes, liggende streepjes of @.
field_first_name_blank = Vul de voornaam in.
field_last_name_blank = Vul de achternaam in.
field_person_name = Een naam heeft hoogstens 100 tekens, zonder stuurtekens.
field_roles_pupil_alone = Een leerling heeft geen andere rollen.
field_roles_required = Kies minstens één rol.
field_roles = Kies rollen uit de lijst.
field_slot = Kies een nummer van 1 tot 6.
field_relation = Kies een relatie uit de lijst.
field_date = Geef een datum in de vorm JJJJ-MM-DD.
field_slug = Een korte naam heeft 2 tot 63 kleine letters, cijfers en streepjes, en begint of eindigt niet met een streepje.
field_school_name_too_long = De naam van de school heeft hoogstens 200 tekens.
field_school_name = Vul de naam van de school in.
field_issuer_multi_tenant = Gebruik de issuer van uw eigen tenant (https://login.microsoftonline.com/<tenant-id>/v2.0), geen gedeelde zoals "common": dan kan iedereen met een Microsoft-account aankloppen.
field_issuer_insecure = De issuer moet https gebruiken.
field_issuer = Geef het adres van de issuer, zoals https://login.microsoftonline.com/<tenant-id>/v2.0.
field_provider_value = Vul dit in zoals de provider het toont (zonder regeleinden).
field_time_zone = Geef een tijdzone zoals Europe/Brussels.
field_school = Deze installatie bedient meerdere scholen: vul de korte naam van uw school in.
field_own_account = U kunt uw eigen account niet wissen.

## Aanmelden met de identiteitsprovider van de school (Office 365)

oidc_sign_in = Aanmelden met Office 365
oidc_or = of met uw gebruikersnaam en wachtwoord:
oidc_unknown_title = Geen account gekoppeld
oidc_unknown_text = U bent aangemeld bij Office 365, maar geen account van deze school is aan die identiteit gekoppeld. Meld u aan met uw gebruikersnaam en wachtwoord, of vraag de beheerder van de school om uw account te koppelen.
oidc_refused_title = Aanmelden niet gelukt
oidc_refused_text = Deze aanmelding is niet hier begonnen, werd al gebruikt of duurde te lang. Probeer het opnieuw vanaf de aanmeldpagina.
oidc_provider_text = Office 365 heeft de aanmelding geweigerd of kon niet bevestigd worden. Probeer het opnieuw, of meld u aan met uw gebruikersnaam en wachtwoord.
oidc_linked_title = Account gekoppeld
oidc_linked_text = Uw account is gekoppeld aan uw Office 365-account. Voortaan kunt u zich aanmelden met Office 365.
oidc_link_button = Mijn Office 365-account koppelen
oidc_continue_title = Naar Office 365
oidc_continue_text = U gaat naar Office 365 om uw account te koppelen. Gebeurt er niets, gebruik dan de knop.
admin_provider_title = Aanmelden met Office 365
admin_provider_intro = Leerlingen en personeel kunnen zich aanmelden met het Office 365 (Microsoft Entra ID) van de school of een andere OpenID Connect-provider. Registreer een app in de eigen tenant van de school (single tenant) en vul de gegevens hier in. Ouders melden zich altijd aan met gebruikersnaam en wachtwoord.
admin_provider_redirect = Omleidings-URI om bij de app te registreren:
admin_provider_issuer_label = Issuer
admin_provider_issuer_hint = Voor Office 365: https://login.microsoftonline.com/<tenant-id>/v2.0 — uw eigen tenant, niet "common".
admin_provider_client_id_label = Toepassings-id (client-id)
admin_provider_client_secret_label = Clientgeheim
admin_provider_client_secret_kept = Er is een geheim bewaard; het wordt nooit getoond. Laat dit leeg om het te behouden.
admin_provider_saved = De identiteitsprovider is bewaard.
admin_provider_removed = De identiteitsprovider is verwijderd, en daarmee de koppeling van elk account.
admin_provider_remove_text = Als u de provider verwijdert, verdwijnt ook de koppeling van elk account; iedereen meldt zich weer aan met een wachtwoord.
admin_provider_remove_submit = Provider verwijderen
oidc_link_intro = Koppel uw account eenmalig aan uw Office 365-account, dan kunt u zich daarna met Office 365 aanmelden.
## Second factor (TOTP)

second_factor_title = Tweede factor
second_factor_intro = Met een tweede factor meldt u zich aan met uw wachtwoord en een code van zes cijfers uit een authenticator-app op uw telefoon (bijvoorbeeld FreeOTP, Aegis, Google Authenticator of Microsoft Authenticator). Wie uw wachtwoord kent, kan zich dan nog niet aanmelden.
second_factor_required_note = Uw school vraagt een tweede factor voor personeel. Stel die in om verder te gaan.
second_factor_on = De tweede factor staat aan: na uw wachtwoord geeft u de code van uw app in.
second_factor_off = Er is geen tweede factor ingesteld.
second_factor_start_submit = Authenticator-app instellen
second_factor_scan_title = Voeg Schoolbrug toe aan uw app
second_factor_scan = Scan deze QR-code met uw authenticator-app, open de link op dit toestel of typ de sleutel over. Geef daarna de code in die de app toont.
second_factor_qr_alt = QR-code om Schoolbrug aan een authenticator-app toe te voegen
second_factor_link = Openen in een authenticator-app op dit toestel
second_factor_key_label = Sleutel
totp_code_label = Code
totp_code_hint = De zes cijfers die uw app nu toont.
second_factor_confirm_submit = Inschakelen
totp_wrong_code = Deze code klopt niet. Geef de code in die uw app nu toont, of een herstelcode die u nog niet gebruikte.
recovery_codes_title = Uw herstelcodes
recovery_codes_intro = Bewaar deze codes op een veilige plaats, niet bij uw telefoon. Elke code werkt één keer in plaats van een code van de app, als u uw telefoon kwijt bent. Ze worden alleen nu getoond.
second_factor_disable_title = Uitschakelen
second_factor_disable_intro = Geef een code van uw app of een herstelcode in om de tweede factor uit te schakelen.
second_factor_disable_submit = Tweede factor uitschakelen
second_factor_disabled_note = De tweede factor staat uit. U meldt zich aan met alleen uw wachtwoord.
second_factor_enabled_note = De tweede factor staat aan.
link_second_factor = Tweede factor (authenticator-app)
link_sign_in_settings = Instellingen voor aanmelden
login_code_label = Code uit uw authenticator-app
login_code_hint = Zes cijfers, of een van uw herstelcodes.
login_second_factor_note = Uw account heeft een tweede factor. Geef uw wachtwoord opnieuw in, samen met de code van uw authenticator-app.
login_code_wrong = Deze code klopt niet, of werd al gebruikt.
admin_sign_in_title = Instellingen voor aanmelden
admin_sign_in_intro = Als een tweede factor verplicht is, stellen leerkrachten, begeleiders en beheerders zonder tweede factor die in bij hun volgende bezoek, voor ze iets anders kunnen doen. Leerlingen en ouders merken er niets van.
admin_sign_in_saved = De instellingen zijn bewaard.
admin_sign_in_submit = Bewaren
second_factor_required_label = Een tweede factor (authenticator-app) verplichten voor personeel en beheerders
remove_second_factor_heading = Tweede factor
remove_second_factor_text = Telefoon kwijt? Als u de tweede factor verwijdert, meldt dit account zich aan met alleen het wachtwoord tot het een nieuwe instelt. Dit wordt in het auditlogboek bewaard.
remove_second_factor_submit = Tweede factor verwijderen
second_factor_removed_note = De tweede factor is verwijderd.

## Linked co-accounts (one parent, a co-account per child)

links_title = Accounts van uw kinderen koppelen
links_intro = Hebt u meer dan één kind op school, dan hebt u voor elk kind een eigen account. Koppel ze, en u ziet na één aanmelding al uw kinderen in Mijn kinderen.
links_heading = Gekoppelde accounts
links_none = Er is nog geen andere account aan de uwe gekoppeld.
links_col_child = Kind
links_unlink_submit = Ontkoppelen
links_add_heading = Koppel de account van uw ander kind
links_add_intro = Geef de gebruikersnaam en het wachtwoord van de account van uw ander kind. Zo toont u dat die account ook van u is.
links_add_submit = Koppelen
links_linked_note = De accounts zijn gekoppeld. Mijn kinderen toont nu ook dit kind.
links_unlinked_note = De koppeling is verwijderd.
links_second_factor_note = Die account heeft een tweede factor. Geef het wachtwoord opnieuw in, samen met de code van de authenticator-app van die account.
link_co_account_links = Accounts van uw andere kinderen koppelen
