//! The translation files against each other and against the Rust code, and the texts
//! that take values in every language.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::TimeZone;
use fluent_syntax::ast;
use schoolbrug_accounts::password::{PasswordPolicy, PasswordRejection};
use schoolbrug_kernel::Role;
use schoolbrug_messaging::model::{Audience, GroupLabel};

use super::catalog::{CATALOG, LANGUAGES, TextError};
use super::texts::{MESSAGES, Message, THROTTLED, Texts};
use super::*;

/// Every module's messages.
fn messages() -> impl Iterator<Item = &'static Message> {
    MESSAGES
        .iter()
        .chain(crate::accounts::texts::MESSAGES)
        .chain(crate::messaging::texts::MESSAGES)
        .chain(crate::calendar::texts::MESSAGES)
        .chain(crate::attendance::pages::texts::MESSAGES)
}

/// What one file defines: each message's id and the variables it uses.
type Ids = BTreeMap<String, BTreeSet<String>>;

/// Every language's files as the binary has them: code → module → ids.
fn files() -> BTreeMap<&'static str, BTreeMap<&'static str, Ids>> {
    LANGUAGES
        .iter()
        .map(|(code, files)| {
            let modules = files
                .iter()
                .map(|(module, source)| {
                    let resource = fluent_syntax::parser::parse(*source)
                        .unwrap_or_else(|(_, e)| panic!("locales/{code}/{module}.ftl: {e:?}"));
                    let ids = resource
                        .body
                        .iter()
                        .filter_map(|entry| match entry {
                            ast::Entry::Message(m) => {
                                let mut vars = BTreeSet::new();
                                if let Some(value) = &m.value {
                                    pattern_vars(value, &mut vars);
                                }
                                Some((m.id.name.to_owned(), vars))
                            }
                            _ => None,
                        })
                        .collect();
                    (*module, ids)
                })
                .collect();
            (*code, modules)
        })
        .collect()
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_vars(argument, vars);
            }
            for argument in &arguments.named {
                inline_vars(&argument.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn en() -> Lang {
    Lang::from_code("en").unwrap()
}

fn nl() -> Lang {
    Lang::default()
}

#[test]
fn every_language_has_the_same_files_ids_and_variables() {
    let files = files();
    let (default_code, default) = files.iter().find(|(c, _)| **c == LANGUAGES[0].0).unwrap();
    let mut problems = Vec::new();
    for (code, modules) in &files {
        let names = |m: &BTreeMap<&'static str, Ids>| m.keys().copied().collect::<BTreeSet<_>>();
        if names(modules) != names(default) {
            problems.push(format!(
                "locales/{code}/ has files {:?}, locales/{default_code}/ has {:?}",
                names(modules),
                names(default)
            ));
        }
        for (module, ids) in modules {
            let Some(default_ids) = default.get(module) else {
                continue;
            };
            for (id, vars) in ids {
                match default_ids.get(id) {
                    None => problems.push(format!(
                        "{id} is in locales/{code}/{module}.ftl, not in locales/{default_code}/"
                    )),
                    Some(default_vars) if default_vars != vars => problems.push(format!(
                        "{id} takes {vars:?} in locales/{code}/, {default_vars:?} in \
                         locales/{default_code}/"
                    )),
                    Some(_) => {}
                }
            }
            for id in default_ids.keys().filter(|id| !ids.contains_key(*id)) {
                problems.push(format!(
                    "{id} is in locales/{default_code}/{module}.ftl, not in locales/{code}/"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_text_the_code_asks_for_is_in_its_module_with_its_variables() {
    let files = files();
    let mut problems = Vec::new();
    let wanted = Texts::KEYS
        .iter()
        .map(|(module, id)| (*module, *id, BTreeSet::new()))
        .chain(messages().map(|m| (m.module, m.id, set(m.vars))));
    for (module, id, vars) in wanted {
        for (code, modules) in &files {
            match modules.get(module).and_then(|ids| ids.get(id)) {
                None => problems.push(format!("{id} is not in locales/{code}/{module}.ftl")),
                Some(found) if *found != vars => problems.push(format!(
                    "{id} in locales/{code}/ takes {found:?}; the code gives {vars:?}"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_text_in_the_files_is_asked_for_by_the_code() {
    let asked: BTreeSet<&str> = Texts::KEYS
        .iter()
        .map(|(_, id)| *id)
        .chain(messages().map(|m| m.id))
        .collect();
    let mut unused = Vec::new();
    for (code, modules) in files() {
        for (module, ids) in modules {
            for id in ids.keys().filter(|id| !asked.contains(id.as_str())) {
                unused.push(format!("{id} in locales/{code}/{module}.ftl"));
            }
        }
    }
    assert!(
        unused.is_empty(),
        "no code asks for:\n{}",
        unused.join("\n")
    );
}

#[test]
fn every_language_folder_is_compiled_in() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut folders: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut compiled: Vec<String> = Lang::all().map(|l| l.code().to_owned()).collect();
    compiled.sort();
    assert_eq!(folders, compiled);
    assert!(compiled.len() >= 2);
    assert_eq!(Lang::default().code(), "nl");
}

#[test]
fn every_text_formats_in_every_language() {
    for lang in Lang::all() {
        // Building the table looks up every field; a missing one would panic here.
        let t = lang.texts();
        assert!(!t.login_title.is_empty());
        for message in messages() {
            let mut args = FluentArgs::new();
            for var in message.vars {
                args.set(*var, 3);
            }
            let text = CATALOG
                .try_format(lang.0, message.id, Some(&args))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!text.trim().is_empty(), "{} in {}", message.id, lang.code());
        }
    }
}

#[test]
fn every_field_error_has_a_text_in_every_language() {
    let accounts = [
        ("username", "username_taken"),
        ("slot", "slot_taken"),
        ("slug", "slug_taken"),
        ("username", "invalid"),
        ("first_name", "blank"),
        ("last_name", "blank"),
        ("admin_first_name", "too_long"),
        ("roles", "pupil_alone"),
        ("roles", "required"),
        ("roles", "unknown"),
        ("email", "invalid"),
        ("slot", "out_of_range"),
        ("relation", "unknown"),
        ("birth_date", "invalid"),
        ("slug", "invalid"),
        ("name", "too_long"),
        ("name", "blank"),
        ("time_zone", "unknown"),
        ("school", "required"),
        ("id", "own_account"),
        ("after", "invalid"),
        ("confirm", "required"),
        ("new", "too_short"),
        ("anything", "else"),
    ];
    let messaging = [
        ("subject", "blank"),
        ("subject", "too_long"),
        ("subject", "control"),
        ("body", "too_long"),
        ("to", "required"),
        ("to[0]", "no_recipients"),
        ("to[1]", "unknown_group"),
        ("to", "not_allowed"),
        ("to[2]", "unknown"),
        ("audience", "invalid"),
        ("action_deadline", "short_notice"),
        ("action_deadline", "in_the_past"),
        ("action_deadline", "nonexistent"),
        ("action_deadline", "invalid"),
        ("in_reply_to", "unknown"),
        ("urgent", "not_allowed"),
        ("q", "too_long"),
        ("forward_email", "invalid"),
        ("periods[0].to", "before_from"),
        ("periods[0].from", "required"),
        ("periods[1].to", "invalid"),
        ("periods[0].name", "too_long"),
        ("periods[0].name", "blank"),
        ("start", "required"),
        ("end", "same_as_start"),
        ("end", "invalid"),
        ("after", "invalid"),
        ("confirm", "required"),
        ("anything", "else"),
    ];
    for lang in Lang::all() {
        let mut seen = BTreeSet::new();
        for (field, code) in accounts {
            seen.insert(lang.field_message(field, code, 12));
        }
        assert_eq!(seen.len(), accounts.len(), "{}", lang.code());
        let mut seen = BTreeSet::new();
        for (field, code) in messaging {
            seen.insert(lang.messaging_field_message(field, code));
        }
        assert_eq!(seen.len(), messaging.len(), "{}", lang.code());
    }
    assert_eq!(
        nl().messaging_field_message("periods[3].to", "before_from"),
        "De laatste vrije dag ligt voor de eerste."
    );
    assert_eq!(
        en().field_message("admin", "invalid", 0),
        "A username has 2 to 64 characters: letters, digits, dots, dashes, underscores or @."
    );
}

#[test]
fn a_name_that_is_too_long_is_not_called_a_password() {
    assert_eq!(
        nl().field_message("name", "too_long", 12),
        "De naam van de school heeft hoogstens 200 tekens."
    );
    assert_eq!(
        en().field_message("admin_first_name", "too_long", 12),
        "A name has at most 100 characters, without control characters."
    );
    assert_eq!(
        en().field_message("new", "too_long", 12),
        "The password must be at most 256 characters long."
    );
    assert_eq!(
        nl().field_message("repeat", "mismatch", 12),
        "De twee nieuwe wachtwoorden zijn niet gelijk."
    );
}

#[test]
fn a_missing_text_is_an_error_naming_it_and_its_language() {
    let error = CATALOG.try_format(1, "no_such_text", None).unwrap_err();
    assert_eq!(
        error,
        TextError::Missing {
            lang: LANGUAGES[1].0,
            id: "no_such_text".to_owned()
        }
    );
    assert!(error.to_string().contains("no_such_text"));
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "the text \"no_such_text\" is missing in locales/nl/")]
fn a_missing_text_panics_in_tests_instead_of_showing_its_id() {
    let _ = CATALOG.format(0, "no_such_text", None);
}

#[test]
fn a_message_without_the_values_it_names_is_an_error() {
    let error = CATALOG.try_format(0, THROTTLED.id, None).unwrap_err();
    assert!(matches!(error, TextError::Broken { .. }), "{error}");
}

#[test]
fn values_reach_the_text_without_invisible_isolation_marks() {
    let text = en().throttled(30);
    assert_eq!(text, "Too many failed attempts. Try again in 30 seconds.");
    assert!(!text.contains(['\u{2068}', '\u{2069}']));
    let label = nl().group_label(&GroupLabel::CoAccountsOf {
        pupil: "Jan Peeters".to_owned(),
    });
    assert_eq!(label, "co-accounts van Jan Peeters");
}

#[test]
fn password_reasons_read_as_the_domain_words_them() {
    for (code, reason) in [
        ("too_short", PasswordRejection::TooShort),
        ("too_long", PasswordRejection::TooLong),
        ("too_common", PasswordRejection::TooCommon),
        ("too_weak", PasswordRejection::TooWeak),
        (
            "contains_personal_info",
            PasswordRejection::ContainsPersonalInfo,
        ),
        ("mismatch", PasswordRejection::Mismatch),
        ("same_as_current", PasswordRejection::SameAsCurrent),
    ] {
        assert_eq!(reason.code(), code);
        let min = PasswordPolicy::new(12).min_length();
        assert_eq!(
            nl().password_reason(code, 12).unwrap(),
            reason.message_nl(min)
        );
        assert_eq!(
            en().password_reason(code, 12).unwrap(),
            reason.message_en(min)
        );
    }
    assert!(
        nl().password_reason("too_short", 12)
            .unwrap()
            .contains("12")
    );
    assert_eq!(nl().password_reason("blank", 12), None);
}

#[test]
fn group_labels_read_as_the_domain_words_them() {
    let group = |audience| GroupLabel::Group {
        name: "3A".to_owned(),
        audience,
    };
    let labels = [
        group(Audience::Pupils),
        group(Audience::CoAccounts),
        group(Audience::Both),
        group(Audience::Members),
        GroupLabel::CoAccountsOf {
            pupil: "Jan".to_owned(),
        },
        GroupLabel::Role { role: Role::Pupil },
        GroupLabel::Role {
            role: Role::Teacher,
        },
        GroupLabel::Role {
            role: Role::Counsellor,
        },
        GroupLabel::Role { role: Role::Admin },
    ];
    for label in &labels {
        assert_eq!(nl().group_label(label), label.dutch());
        assert_eq!(en().group_label(label), label.english());
    }
}

#[test]
fn counts_choose_singular_or_plural() {
    assert_eq!(nl().unread_messages(0), "Geen nieuwe berichten");
    assert_eq!(nl().unread_messages(1), "1 nieuw bericht");
    assert_eq!(nl().unread_messages(12), "12 nieuwe berichten");
    assert_eq!(en().unread_messages(0), "No new messages");
    assert_eq!(en().unread_messages(1), "1 new message");
    assert_eq!(en().unread_messages(1000), "1000 new messages");
    assert_eq!(nl().erased(1), "Het account is gewist.");
    assert_eq!(
        en().erased(3),
        "The account and its co-accounts have been erased (3 accounts)."
    );
    assert_eq!(
        nl().message_sent(1),
        "Uw bericht is verstuurd naar 1 ontvanger."
    );
    assert_eq!(
        en().message_sent(2),
        "Your message has been sent to 2 recipients."
    );
    assert_eq!(nl().read_by(1, 3), "gelezen door 1 van 3");
}

#[test]
fn dutch_is_the_default() {
    assert_eq!(Lang::from_accept_language(""), nl());
    // Languages nobody will add a folder for: the test holds when one adds French.
    assert_eq!(Lang::from_accept_language("tlh-XX, zz"), nl());
    assert_eq!(Lang::of(&HeaderMap::new()), nl());
}

#[test]
fn english_wins_when_listed_before_dutch() {
    assert_eq!(Lang::from_accept_language("en"), en());
    assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"), en());
    assert_eq!(Lang::from_accept_language("nl-BE,nl;q=0.9,en;q=0.8"), nl());
    assert_eq!(Lang::from_accept_language("zz, nl;q=0.5, en;q=0.7"), en());
    assert_eq!(Lang::from_accept_language("EN-us"), en());
}

#[test]
fn equal_weights_keep_the_first_listed() {
    assert_eq!(Lang::from_accept_language("nl, en"), nl());
    assert_eq!(Lang::from_accept_language("en, nl"), en());
}

#[test]
fn a_refused_language_is_not_chosen() {
    assert_eq!(Lang::from_accept_language("en;q=0, nl;q=0.1"), nl());
}

#[test]
fn wait_times_read_naturally() {
    assert_eq!(nl().duration(1), "1 seconde");
    assert_eq!(nl().duration(30), "30 seconden");
    assert_eq!(en().duration(300), "5 minutes");
    assert_eq!(en().duration(61), "61 seconds");
    assert_eq!(nl().duration(91), "2 minuten");
    assert_eq!(
        nl().throttled(1),
        "Te veel mislukte pogingen. Probeer het opnieuw over 1 seconde."
    );
}

#[test]
fn dates_are_written_out() {
    let date = NaiveDate::from_ymd_opt(2012, 3, 14).unwrap();
    assert_eq!(nl().date(date), "14 maart 2012");
    assert_eq!(en().date(date), "14 March 2012");
    let at = chrono_tz::Europe::Brussels
        .with_ymd_and_hms(2026, 9, 8, 10, 0, 0)
        .unwrap();
    assert_eq!(nl().date_time(at), "8 september 2026 om 10:00");
    assert_eq!(en().date_time(at), "8 September 2026 at 10:00");
}

#[test]
fn the_password_hint_names_the_minimum_length() {
    assert!(nl().password_hint(14).starts_with("Minstens 14 tekens."));
    assert!(en().password_hint(8).starts_with("At least 8 characters."));
}
