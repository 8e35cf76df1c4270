//! The password policy's tests: each rule with the passwords it accepts and refuses, the
//! reason codes and messages, and the shipped list of common passwords.

use super::*;
use PasswordRejection::*;

const PASSPHRASE: &str = "paarse olifant danst op het dak";

fn policy() -> PasswordPolicy {
    PasswordPolicy::default()
}

fn nobody() -> PasswordContext {
    PasswordContext::default()
}

fn parent() -> PasswordContext {
    PasswordContext {
        username: "els.vandenbroeck".to_owned(),
        first_name: "Els".to_owned(),
        last_name: "Van den Broeck".to_owned(),
        pupil_first_name: Some("Lotte".to_owned()),
        pupil_last_name: Some("Peeters".to_owned()),
        birth_date: chrono::NaiveDate::from_ymd_opt(2012, 3, 14),
        school_name: Some("Sint-Jozefscollege Hasselt".to_owned()),
    }
}

/// 256 characters, strong all along; `mark` is character 200 (index 199).
fn long_password(mark: char) -> String {
    let block = "Kw7#vZ!q9Lm@2xR$";
    let mut chars: Vec<char> = block
        .chars()
        .cycle()
        .take(PasswordPolicy::MAX_LENGTH)
        .collect();
    chars[199] = mark;
    chars.into_iter().collect()
}

#[test]
fn a_good_passphrase_is_accepted() {
    assert_eq!(policy().check(PASSPHRASE, &parent()), vec![]);
}

#[test]
fn eleven_characters_are_too_short_by_default() {
    assert_eq!(policy().check("gx7 krul vo", &nobody()), vec![TooShort]);
}

#[test]
fn twelve_characters_meet_the_default_minimum() {
    assert_eq!(policy().min_length(), 12);
    assert_eq!(policy().check("gx7 krul vo!", &nobody()), vec![]);
}

#[test]
fn the_minimum_length_is_configurable_per_school() {
    let strict = PasswordPolicy::new(16);
    assert_eq!(strict.min_length(), 16);
    assert_eq!(strict.check("gx7 krul vo!", &nobody()), vec![TooShort]);
    assert_eq!(strict.check("gx7 krul vogelbek", &nobody()), vec![]);
}

#[test]
fn the_minimum_length_is_never_below_eight() {
    assert_eq!(PasswordPolicy::new(4).min_length(), 8);
    assert_eq!(
        PasswordPolicy::new(4).check("gx7 kru", &nobody()),
        vec![TooShort]
    );
}

#[test]
fn length_is_counted_in_characters_not_bytes() {
    // 11 characters, 22 bytes.
    assert_eq!(policy().check("ŝŭĉĝĥĵøæœßð", &nobody()), vec![TooShort]);
}

#[test]
fn a_password_of_257_characters_is_too_long() {
    let password = format!("{}x", long_password('a'));
    assert_eq!(policy().check(&password, &nobody()), vec![TooLong]);
}

#[test]
fn a_strong_password_of_256_characters_is_accepted() {
    assert_eq!(policy().check(&long_password('a'), &nobody()), vec![]);
}

#[test]
fn a_password_differing_only_at_character_200_is_not_the_current_one() {
    let (current, new) = (long_password('a'), long_password('b'));
    assert_eq!(
        policy().check_change(Some(&current), &new, &new, &nobody()),
        vec![]
    );
}

#[test]
fn a_repeat_differing_only_at_character_200_is_a_mismatch() {
    let (new, repeat) = (long_password('a'), long_password('b'));
    assert_eq!(
        policy().check_change(None, &new, &repeat, &nobody()),
        vec![Mismatch]
    );
}

#[test]
fn a_weak_start_does_not_hide_a_strong_end_past_zxcvbn_window() {
    let password = format!("{}{}", "a".repeat(150), &long_password('a')[..100]);
    assert_eq!(policy().check(&password, &nobody()), vec![]);
}

#[test]
fn a_common_word_with_digits_appended_is_too_common() {
    assert_eq!(policy().check("wachtwoord123", &nobody()), vec![TooCommon]);
}

#[test]
fn azertyuiop_is_too_common() {
    assert_eq!(
        PasswordPolicy::new(8).check("azertyuiop", &nobody()),
        vec![TooCommon]
    );
}

#[test]
fn a_capitalised_common_word_with_a_year_and_exclamation_mark_is_too_common() {
    assert_eq!(
        policy().check("Wachtwoord2024!", &nobody()),
        vec![TooCommon]
    );
}

#[test]
fn spaces_dots_and_dashes_do_not_hide_a_common_password() {
    assert_eq!(
        policy().check("Mot de-passe.2024", &nobody()),
        vec![TooCommon]
    );
}

#[test]
fn the_username_is_personal_info() {
    assert_eq!(
        policy().check("els.vandenbroeck!!", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_first_name_is_personal_info() {
    let context = PasswordContext {
        first_name: "Evelien".to_owned(),
        ..nobody()
    };
    assert_eq!(
        policy().check("evelien#4821", &context),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_last_name_is_personal_info() {
    assert_eq!(
        policy().check("VanDenBroeck#48", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_pupils_name_is_personal_info_for_a_co_account() {
    assert_eq!(
        policy().check("Lotte*Peeters*7", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_birth_date_as_ddmmyyyy_is_personal_info() {
    assert_eq!(
        policy().check("14032012zomer", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_birth_date_as_dd_mm_yyyy_is_personal_info() {
    assert_eq!(
        policy().check("zomer 14-03-2012", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_birth_date_as_yyyy_mm_dd_is_personal_info() {
    assert_eq!(
        policy().check("2012-03-14 zomer", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_birth_date_as_ddmmyy_is_personal_info() {
    assert_eq!(
        policy().check("zomer#140312#", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn the_birth_date_with_the_months_name_is_personal_info() {
    assert_eq!(
        policy().check("14 maart 2012 !!", &parent()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn a_licence_plate_is_personal_info() {
    assert_eq!(
        policy().check("1-ABC-234-fiets", &nobody()),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn an_old_licence_plate_as_the_whole_password_is_personal_info() {
    let reasons = PasswordPolicy::new(8).check("XQZ-483", &nobody());
    assert_eq!(reasons, vec![TooShort, ContainsPersonalInfo]);
}

#[test]
fn accents_do_not_hide_a_name() {
    let context = PasswordContext {
        first_name: "Zoë".to_owned(),
        ..nobody()
    };
    assert_eq!(
        policy().check("Zoe-Zoe-Zoe-Zoe", &context),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn a_three_letter_name_as_a_whole_word_is_personal_info() {
    let context = PasswordContext {
        first_name: "Ann".to_owned(),
        ..nobody()
    };
    assert_eq!(
        policy().check("Ann-7$q-Ann-4", &context),
        vec![ContainsPersonalInfo]
    );
}

#[test]
fn a_three_letter_name_inside_an_unrelated_word_is_not_personal_info() {
    let context = PasswordContext {
        first_name: "Ann".to_owned(),
        ..nobody()
    };
    assert_eq!(
        policy().check("planning voor de zeilkamp", &context),
        vec![]
    );
}

#[test]
fn a_long_passphrase_that_merely_mentions_a_name_is_accepted() {
    let password = "peeters fietst graag langs de blauwe schelde";
    assert_eq!(policy().check(password, &parent()), vec![]);
}

#[test]
fn a_long_run_of_one_letter_is_too_weak() {
    assert_eq!(policy().check("aaaaaaaaaaaaaaaa", &nobody()), vec![TooWeak]);
}

#[test]
fn a_repeated_keyboard_row_is_too_weak() {
    assert_eq!(
        policy().check("qwertyqwertyqwerty", &nobody()),
        vec![TooWeak]
    );
}

#[test]
fn the_school_name_makes_a_password_weak() {
    assert_eq!(
        policy().check("sintjozefscollege", &parent()),
        vec![TooWeak]
    );
}

#[test]
fn too_weak_is_not_reported_when_the_password_is_too_short() {
    assert_eq!(policy().check("qqqqqqz", &nobody()), vec![TooShort]);
}

#[test]
fn every_reason_that_applies_is_reported() {
    let reasons = policy().check_change(Some("Lotte2012"), "Lotte2012", "lotte2012", &parent());
    assert_eq!(
        reasons,
        vec![TooShort, ContainsPersonalInfo, Mismatch, SameAsCurrent]
    );
}

#[test]
fn a_different_repeat_is_a_mismatch() {
    let reasons = policy().check_change(
        None,
        PASSPHRASE,
        "paarse olifant danst op het dak!",
        &parent(),
    );
    assert_eq!(reasons, vec![Mismatch]);
}

#[test]
fn the_current_password_again_is_same_as_current() {
    let reasons = policy().check_change(Some(PASSPHRASE), PASSPHRASE, PASSPHRASE, &parent());
    assert_eq!(reasons, vec![SameAsCurrent]);
}

#[test]
fn reason_codes_are_the_apis() {
    let codes: Vec<&str> = [
        TooShort,
        TooLong,
        TooCommon,
        TooWeak,
        ContainsPersonalInfo,
        Mismatch,
        SameAsCurrent,
    ]
    .into_iter()
    .map(PasswordRejection::code)
    .collect();
    assert_eq!(
        codes,
        [
            "too_short",
            "too_long",
            "too_common",
            "too_weak",
            "contains_personal_info",
            "mismatch",
            "same_as_current"
        ]
    );
}

#[test]
fn the_too_short_messages_name_the_minimum_length() {
    assert!(TooShort.message_nl(14).contains("14"));
    assert!(TooShort.message_en(14).contains("14"));
}

#[test]
fn the_common_list_has_exactly_10000_entries() {
    let lines = include_str!("../common-passwords.txt").lines().count();
    assert_eq!(lines, 10_000);
}

#[test]
fn the_common_list_has_no_duplicates() {
    assert_eq!(COMMON_PASSWORDS.len(), 10_000);
}

#[test]
fn the_common_list_is_normalised() {
    let bad: Vec<&str> = COMMON_PASSWORDS
        .iter()
        .copied()
        .filter(|p| normalise(p) != *p || p.chars().count() < 4)
        .collect();
    assert_eq!(bad, Vec::<&str>::new());
}
