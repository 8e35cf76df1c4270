//! The contract suite of the accounts ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them, through
//! [`accounts_contract_tests!`](crate::accounts_contract_tests), so memory, SQLite and
//! PostgreSQL cannot drift. Each check panics (it is test code) when the adapter breaks
//! the contract.
//!
//! One file per port, as in the messaging module's suite: `schools.rs`, `accounts.rs`,
//! `credentials.rs`, `sessions.rs`, `groups.rs`, `audit_log.rs`, `throttle.rs`, `devices.rs`, `links.rs`; this file
//! holds the macro, the fixtures they share and the exports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use schoolbrug_kernel::{AccountId, AuditEventId, GroupId, PageRequest, Role, SchoolId};

use crate::model::audit;
use crate::model::{
    Account, AccountFilter, AccountKind, Attempt, AuditEvent, AuditKind, CoAccountStatus,
    DeviceToken, Group, GroupKind, GroupName, KnownDevice, OneTimeCode, PasswordHash, PersonName,
    Relation, ResetCode, School, SchoolName, SchoolSlug, Session, SessionToken, Slot, ThrottleKey,
    ThrottlePolicy, Username,
};
use crate::ports::{AccountsStores, Expiry, StoreError, conflicts};

mod accounts;
mod audit_log;
mod credentials;
mod devices;
mod external_identity;
mod groups;
mod links;
mod schools;
mod second_factor;
mod sessions;
mod throttle;

pub use accounts::*;
pub use audit_log::*;
pub use credentials::*;
pub use devices::*;
pub use external_identity::*;
pub use groups::*;
pub use links::*;
pub use schools::*;
pub use second_factor::*;
pub use sessions::*;
pub use throttle::*;

/// Generates one `#[tokio::test]` per contract check, each on a fresh store made by
/// `$make`: an expression giving a future of the store, evaluated and awaited once per
/// test.
///
/// ```ignore
/// schoolbrug_accounts::accounts_contract_tests!(async { InMemoryAccountsStore::new() });
/// schoolbrug_accounts::accounts_contract_tests!(fresh_sqlite_store());
/// ```
#[macro_export]
macro_rules! accounts_contract_tests {
    ($make:expr) => {
        $crate::accounts_contract_tests!(@each $make;
            creating_a_school_with_a_taken_slug_conflicts_and_writes_nothing,
            a_school_is_found_by_slug_and_id_and_unknown_ones_are_none,
            a_new_database_has_no_schools,
            a_username_taken_in_the_school_conflicts,
            the_same_username_is_free_in_another_school,
            a_co_account_slot_taken_conflicts,
            a_co_account_of_an_unknown_pupil_is_not_found,
            an_account_of_another_school_is_not_found,
            usernames_are_looked_up_with_their_password_hash,
            listing_accounts_pages_by_id_and_stays_in_the_school,
            listing_accounts_filters_by_role_and_text,
            co_accounts_are_listed_by_slot,
            terms_acceptance_is_recorded,
            a_visit_returns_the_previous_one_atomically,
            setting_a_password_ends_every_other_session,
            setting_a_password_of_an_unknown_account_is_not_found,
            replacing_a_password_hash_keeps_sessions,
            clearing_a_password_ends_every_session,
            a_reset_code_is_redeemed_once,
            an_expired_or_wrong_reset_code_changes_nothing,
            a_new_reset_code_replaces_the_old_one,
            a_deleted_session_is_gone,
            ending_an_accounts_sessions_ends_all_of_them_and_no_others,
            a_session_context_holds_the_account_and_a_co_accounts_school,
            a_session_is_found_touched_and_ended_only_in_its_own_school,
            touching_a_session_moves_its_last_use,
            purging_removes_only_what_expired,
            erasing_accounts_removes_them_their_sessions_and_codes,
            erasing_ignores_accounts_of_another_school,
            erasing_a_pupil_erases_its_co_accounts,
            a_group_name_taken_in_the_school_conflicts,
            setting_members_replaces_them,
            members_of_another_school_are_refused_and_nothing_changes,
            audit_events_are_newest_first_paged_and_per_school,
            audit_events_can_be_filtered_by_account,
            failures_are_counted_and_cleared,
            failures_outside_the_window_start_a_new_count,
            concurrent_failures_are_all_counted,
            a_burst_of_attempts_gets_exactly_the_free_ones,
            attempts_resume_after_the_delay_and_restart_after_the_window,
            taking_keys_together_stops_at_the_first_blocked_one,
            a_burst_on_two_keys_gets_exactly_the_free_ones_on_both,
            a_device_is_remembered_touched_and_forgotten_in_its_school,
            a_device_of_an_unknown_account_is_not_found,
            remembering_beyond_the_limit_forgets_the_least_recently_used,
            forgetting_an_accounts_devices_forgets_all_and_no_others,
            erasing_and_purging_forget_devices,
            linking_stores_both_directions_and_unlinking_removes_both,
            linking_a_linked_pair_again_changes_nothing,
            only_co_accounts_of_different_pupils_of_one_school_are_linked,
            links_are_neither_read_nor_removed_from_another_school,
            clearing_a_password_removes_every_link_of_the_account,
            erasing_removes_the_links_of_the_erased_co_accounts,
        );
    };
    (@each $make:expr; $($check:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $check() {
                let store = $make.await;
                $crate::contract::$check(&store).await;
            }
        )*
    };
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// A school fixture with this slug.
#[must_use]
pub fn school(slug: &str) -> School {
    School {
        id: SchoolId::new(),
        slug: SchoolSlug::parse(&format!("s-{slug}")).unwrap(),
        name: SchoolName::parse(&format!("School {slug}")).unwrap(),
        time_zone: chrono_tz::Europe::Brussels,
        min_password_length: 12,
    }
}

/// A main account fixture.
#[must_use]
pub fn main_account(school: &School, username: &str, roles: &[Role]) -> Account {
    Account {
        id: AccountId::new(),
        school: school.id,
        username: Username::parse(username).unwrap(),
        first_name: PersonName::parse("first_name", "Jan").unwrap(),
        last_name: PersonName::parse("last_name", "Peeters").unwrap(),
        kind: AccountKind::Main {
            roles: roles.to_vec(),
            birth_date: Some(NaiveDate::from_ymd_opt(2012, 3, 14).unwrap()),
        },
        email: None,
        created_at: now(),
        terms: None,
    }
}

/// A co-account fixture of `pupil` in `slot`.
#[must_use]
pub fn co_account(pupil: &Account, username: &str, slot: u8) -> Account {
    Account {
        id: AccountId::new(),
        school: pupil.school,
        username: Username::parse(username).unwrap(),
        first_name: PersonName::parse("first_name", "An").unwrap(),
        last_name: PersonName::parse("last_name", "Peeters").unwrap(),
        kind: AccountKind::Co {
            pupil: pupil.id,
            slot: Slot::parse(i64::from(slot)).unwrap(),
            relation: Relation::Mother,
            status: CoAccountStatus::Active,
        },
        email: Some("an@example.org".into()),
        created_at: now(),
        terms: None,
    }
}

fn code_for(account: &Account, code: &OneTimeCode, expires_at: DateTime<Utc>) -> ResetCode {
    ResetCode {
        code_hash: code.hash(),
        school: account.school,
        account: account.id,
        issued_at: now(),
        expires_at,
    }
}

fn session_for(account: &Account, token: &SessionToken) -> Session {
    Session {
        token_hash: token.hash(),
        school: account.school,
        account: account.id,
        created_at: now(),
        last_seen_at: now(),
    }
}

fn hash(s: &str) -> PasswordHash {
    PasswordHash::from_phc(format!("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$fake-{s}"))
}

async fn school_with_admin<S: AccountsStores>(store: &S, slug: &str) -> (School, Account) {
    let school = school(slug);
    let admin = main_account(&school, &format!("admin-{slug}"), &[Role::Admin]);
    let code = code_for(&admin, &OneTimeCode::generate(), now() + Duration::days(7));
    store.create_school(&school, &admin, &code).await.unwrap();
    (school, admin)
}

async fn pupil_in<S: AccountsStores>(store: &S, school: &School, username: &str) -> Account {
    let pupil = main_account(school, username, &[Role::Pupil]);
    store.insert_account(&pupil).await.unwrap();
    pupil
}

fn audit_event(
    school: &School,
    account: Option<AccountId>,
    kind: AuditKind,
    at: DateTime<Utc>,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        school: school.id,
        kind,
        account,
        actor: None,
        username: Some("lotte".into()),
        client: Some("127.0.0.1".into()),
        at,
    }
}
