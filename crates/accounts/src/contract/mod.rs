//! The contract suite of the accounts ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them, through
//! [`accounts_contract_tests!`](crate::accounts_contract_tests), so memory, SQLite and
//! PostgreSQL cannot drift. Each check panics (it is test code) when the adapter breaks
//! the contract.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use schoolbrug_kernel::{AccountId, AuditEventId, GroupId, PageRequest, Role, SchoolId};

use crate::model::audit;
use crate::model::{
    Account, AccountFilter, AccountKind, AuditEvent, AuditKind, CoAccountStatus, Group, GroupKind,
    GroupName, OneTimeCode, PasswordHash, PersonName, Relation, ResetCode, School, SchoolName,
    SchoolSlug, Session, SessionToken, Slot, ThrottleKey, Username,
};
use crate::ports::{AccountsStores, Expiry, StoreError, conflicts};

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
            setting_a_password_ends_every_other_session,
            setting_a_password_of_an_unknown_account_is_not_found,
            replacing_a_password_hash_keeps_sessions,
            clearing_a_password_ends_every_session,
            a_reset_code_is_redeemed_once,
            an_expired_or_wrong_reset_code_changes_nothing,
            a_new_reset_code_replaces_the_old_one,
            a_deleted_session_is_gone,
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

/// `create_school`: a taken slug conflicts, and the second admin is not written.
pub async fn creating_a_school_with_a_taken_slug_conflicts_and_writes_nothing<S: AccountsStores>(
    store: &S,
) {
    let (first, _) = school_with_admin(store, "sint-jan").await;
    let again = school("sint-jan");
    let admin = main_account(&again, "other-admin", &[Role::Admin]);
    let code = code_for(&admin, &OneTimeCode::generate(), now() + Duration::days(7));
    let err = store
        .create_school(&again, &admin, &code)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::SLUG_TAKEN)),
        "{err:?}"
    );
    assert!(store.account(again.id, admin.id).await.unwrap().is_none());
    assert_eq!(store.schools().await.unwrap(), vec![first]);
}

/// `school_by_slug`, `school`: found when there, `None` otherwise.
pub async fn a_school_is_found_by_slug_and_id_and_unknown_ones_are_none<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "atheneum").await;
    assert_eq!(
        store.school_by_slug(&school.slug).await.unwrap(),
        Some(school.clone())
    );
    assert_eq!(store.school(school.id).await.unwrap(), Some(school.clone()));
    assert_eq!(
        store
            .school_by_slug(&SchoolSlug::parse("nope").unwrap())
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.school(SchoolId::new()).await.unwrap(), None);
    let stored = store.account(school.id, admin.id).await.unwrap().unwrap();
    assert_eq!(stored, admin);
    assert!(
        store
            .reset_code(school.id, admin.id)
            .await
            .unwrap()
            .is_some()
    );
}

/// `schools`: empty on a new database.
pub async fn a_new_database_has_no_schools<S: AccountsStores>(store: &S) {
    assert!(store.schools().await.unwrap().is_empty());
}

/// `insert_account`: a taken username conflicts (case-insensitively, as usernames are
/// stored in lower case).
pub async fn a_username_taken_in_the_school_conflicts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    pupil_in(store, &school, "lotte").await;
    let again = main_account(&school, "LOTTE", &[Role::Pupil]);
    let err = store.insert_account(&again).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::USERNAME_TAKEN)),
        "{err:?}"
    );
}

/// Usernames are unique per school, not per deployment.
pub async fn the_same_username_is_free_in_another_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    pupil_in(store, &a, "lotte").await;
    pupil_in(store, &b, "lotte").await;
}

/// `insert_account`: a co-account in a taken slot conflicts.
pub async fn a_co_account_slot_taken_conflicts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    store
        .insert_account(&co_account(&pupil, "lotte.mama", 1))
        .await
        .unwrap();
    let err = store
        .insert_account(&co_account(&pupil, "lotte.papa", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::SLOT_TAKEN)),
        "{err:?}"
    );
    store
        .insert_account(&co_account(&pupil, "lotte.papa", 2))
        .await
        .unwrap();
}

/// `insert_account`: a co-account's pupil must be a main account of the same school.
pub async fn a_co_account_of_an_unknown_pupil_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil_of_b = pupil_in(store, &b, "lotte").await;
    let mut co = co_account(&pupil_of_b, "mama", 1);
    co.school = a.id;
    let err = store.insert_account(&co).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let ghost = main_account(&a, "ghost", &[Role::Pupil]);
    let err = store
        .insert_account(&co_account(&ghost, "mama2", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

/// `account`, `account_by_username`: never across schools.
pub async fn an_account_of_another_school_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    assert!(store.account(b.id, pupil.id).await.unwrap().is_none());
    assert!(
        store
            .account_by_username(b.id, &pupil.username)
            .await
            .unwrap()
            .is_none()
    );
}

/// `account_by_username`: with the password hash once one is set.
pub async fn usernames_are_looked_up_with_their_password_hash<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (found, none) = store
        .account_by_username(school.id, &Username::parse("Lotte").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, pupil);
    assert!(none.is_none());
    store
        .set_password(school.id, pupil.id, &hash("one"), None)
        .await
        .unwrap();
    let (_, some) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(some, Some(hash("one")));
}

/// `list_accounts`: keyset pages in id order, never another school's.
pub async fn listing_accounts_pages_by_id_and_stays_in_the_school<S: AccountsStores>(store: &S) {
    let (a, admin) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mut ids = vec![admin.id];
    for i in 0..5 {
        ids.push(pupil_in(store, &a, &format!("pupil{i}")).await.id);
        pupil_in(store, &b, &format!("pupil{i}")).await;
    }
    ids.sort();
    let first = store
        .list_accounts(
            a.id,
            &AccountFilter::default(),
            &PageRequest::new(Some(4), None),
        )
        .await
        .unwrap();
    assert_eq!(
        first.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        ids[..4]
    );
    let cursor = schoolbrug_kernel::Cursor::parse(first.next.as_deref().unwrap()).unwrap();
    let second = store
        .list_accounts(
            a.id,
            &AccountFilter::default(),
            &PageRequest::new(Some(4), Some(cursor)),
        )
        .await
        .unwrap();
    assert_eq!(
        second.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        ids[4..]
    );
    assert_eq!(second.next, None);
}

/// `list_accounts`: the role and text filters.
pub async fn listing_accounts_filters_by_role_and_text<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let teacher = main_account(&school, "mevrouw.claes", &[Role::Teacher, Role::Counsellor]);
    store.insert_account(&teacher).await.unwrap();
    let pupils = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: Some(Role::Pupil),
                query: None,
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(pupils.items, vec![pupil]);
    let claes = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: None,
                query: Some("CLAES".into()),
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(claes.items, vec![teacher.clone()]);
    let counsellors = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: Some(Role::Counsellor),
                query: None,
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(counsellors.items, vec![teacher]);
}

/// `co_accounts`: by slot.
pub async fn co_accounts_are_listed_by_slot<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mut c3 = co_account(&pupil, "c3", 3);
    c3.kind = AccountKind::Co {
        pupil: pupil.id,
        slot: Slot::parse(3).unwrap(),
        relation: Relation::HomeworkTutor,
        status: CoAccountStatus::ActiveUntil(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()),
    };
    let c1 = co_account(&pupil, "c1", 1);
    store.insert_account(&c3).await.unwrap();
    store.insert_account(&c1).await.unwrap();
    assert_eq!(
        store.co_accounts(school.id, pupil.id).await.unwrap(),
        vec![c1, c3]
    );
}

/// `accept_terms`: recorded; unknown account not found.
pub async fn terms_acceptance_is_recorded<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .accept_terms(school.id, admin.id, "2026-09", now())
        .await
        .unwrap();
    let stored = store.account(school.id, admin.id).await.unwrap().unwrap();
    let terms = stored.terms.unwrap();
    assert_eq!(terms.version, "2026-09");
    assert_eq!(terms.accepted_at, now());
    let err = store
        .accept_terms(school.id, AccountId::new(), "2026-09", now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
}

/// `set_password`: every session but `keep` ends.
pub async fn setting_a_password_ends_every_other_session<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (kept, other, elsewhere) = (
        SessionToken::generate(),
        SessionToken::generate(),
        SessionToken::generate(),
    );
    store
        .create_session(&session_for(&admin, &kept))
        .await
        .unwrap();
    store
        .create_session(&session_for(&admin, &other))
        .await
        .unwrap();
    store
        .create_session(&session_for(&pupil, &elsewhere))
        .await
        .unwrap();
    store
        .set_password(school.id, admin.id, &hash("new"), Some(&kept.hash()))
        .await
        .unwrap();
    assert!(
        store
            .session(Some(school.id), &kept.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session(Some(school.id), &other.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &elsewhere.hash())
            .await
            .unwrap()
            .is_some()
    );
}

/// `set_password`: unknown account (or another school's) not found.
pub async fn setting_a_password_of_an_unknown_account_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    let err = store
        .set_password(b.id, pupil.id, &hash("x"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

/// `replace_password_hash`: no session ends.
pub async fn replacing_a_password_hash_keeps_sessions<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .set_password(school.id, admin.id, &hash("old"), None)
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    store
        .replace_password_hash(school.id, admin.id, &hash("rehashed"))
        .await
        .unwrap();
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_some()
    );
    let (_, stored) = store
        .account_by_username(school.id, &admin.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("rehashed")));
}

/// `clear_password`: no password, no session.
pub async fn clearing_a_password_ends_every_session<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .set_password(school.id, admin.id, &hash("old"), None)
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    store.clear_password(school.id, admin.id).await.unwrap();
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    let (_, stored) = store
        .account_by_username(school.id, &admin.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, None);
}

/// `redeem_reset_code`: sets the password, ends every session, and works once.
pub async fn a_reset_code_is_redeemed_once<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let code = OneTimeCode::generate();
    store
        .issue_reset_code(&code_for(&pupil, &code, now() + Duration::days(7)))
        .await
        .unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&pupil, &token))
        .await
        .unwrap();
    let used = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("new"), now())
        .await
        .unwrap();
    assert!(used);
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    let (_, stored) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("new")));
    let again = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("newer"), now())
        .await
        .unwrap();
    assert!(!again);
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `redeem_reset_code`: an expired or wrong code changes nothing.
pub async fn an_expired_or_wrong_reset_code_changes_nothing<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    store
        .set_password(school.id, pupil.id, &hash("old"), None)
        .await
        .unwrap();
    let code = OneTimeCode::generate();
    let expires = now() + Duration::days(7);
    store
        .issue_reset_code(&code_for(&pupil, &code, expires))
        .await
        .unwrap();
    let wrong = store
        .redeem_reset_code(
            school.id,
            pupil.id,
            &OneTimeCode::generate().hash(),
            &hash("new"),
            now(),
        )
        .await
        .unwrap();
    let late = store
        .redeem_reset_code(school.id, pupil.id, &code.hash(), &hash("new"), expires)
        .await
        .unwrap();
    assert!(!wrong && !late);
    let (_, stored) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, Some(hash("old")));
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_some()
    );
}

/// `issue_reset_code`: only the newest code works.
pub async fn a_new_reset_code_replaces_the_old_one<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (old, new) = (OneTimeCode::generate(), OneTimeCode::generate());
    let expires = now() + Duration::days(7);
    store
        .issue_reset_code(&code_for(&pupil, &old, expires))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(&pupil, &new, expires))
        .await
        .unwrap();
    assert!(
        !store
            .redeem_reset_code(school.id, pupil.id, &old.hash(), &hash("x"), now())
            .await
            .unwrap()
    );
    assert!(
        store
            .redeem_reset_code(school.id, pupil.id, &new.hash(), &hash("x"), now())
            .await
            .unwrap()
    );
}

/// `delete_session`: gone afterwards; deleting twice is fine.
pub async fn a_deleted_session_is_gone<S: AccountsStores>(store: &S) {
    let (_, admin) = school_with_admin(store, "a").await;
    let token = SessionToken::generate();
    let session = session_for(&admin, &token);
    store.create_session(&session).await.unwrap();
    assert_eq!(
        store
            .session(Some(admin.school), &token.hash())
            .await
            .unwrap(),
        Some(session)
    );
    store
        .delete_session(admin.school, &token.hash())
        .await
        .unwrap();
    store
        .delete_session(admin.school, &token.hash())
        .await
        .unwrap();
    assert!(
        store
            .session(Some(admin.school), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `session_context`: the session with its account, and a co-account's school; the same
/// answers as the three lookups one by one; nothing for an unknown or deleted session.
pub async fn a_session_context_holds_the_account_and_a_co_accounts_school<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let parent = co_account(&pupil, "lotte-mama", 1);
    store.insert_account(&parent).await.unwrap();
    let (admin_token, parent_token) = (SessionToken::generate(), SessionToken::generate());
    let admin_session = session_for(&admin, &admin_token);
    let parent_session = session_for(&parent, &parent_token);
    store.create_session(&admin_session).await.unwrap();
    store.create_session(&parent_session).await.unwrap();

    let main = store
        .session_context(Some(school.id), &admin_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(main.session, admin_session);
    assert_eq!(
        main.account,
        store.account(school.id, admin.id).await.unwrap()
    );
    assert!(main.account.is_some());
    assert_eq!(main.school, None, "a main account needs no school");

    let co = store
        .session_context(Some(school.id), &parent_token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(co.session, parent_session);
    assert_eq!(co.account.as_ref().map(|a| a.id), Some(parent.id));
    assert_eq!(co.school, Some(school.clone()));

    assert!(
        store
            .session_context(Some(school.id), &SessionToken::generate().hash())
            .await
            .unwrap()
            .is_none()
    );
    store
        .delete_session(school.id, &parent_token.hash())
        .await
        .unwrap();
    assert!(
        store
            .session_context(Some(school.id), &parent_token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `session`, `session_context`, `touch_session`, `delete_session`: a session belongs to
/// its school. Looked up under another school it is not there, and touching or ending it
/// there changes nothing; looked up without a school (tokens from before schools were
/// put into tokens) it is found.
pub async fn a_session_is_found_touched_and_ended_only_in_its_own_school<S: AccountsStores>(
    store: &S,
) {
    let (a, admin) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let token = SessionToken::generate();
    let session = session_for(&admin, &token);
    store.create_session(&session).await.unwrap();
    let hash = token.hash();

    assert_eq!(
        store.session(Some(a.id), &hash).await.unwrap(),
        Some(session.clone())
    );
    assert_eq!(
        store.session(None, &hash).await.unwrap(),
        Some(session.clone())
    );
    assert!(store.session(Some(b.id), &hash).await.unwrap().is_none());
    assert!(
        store
            .session_context(Some(b.id), &hash)
            .await
            .unwrap()
            .is_none()
    );
    let unnamed = store.session_context(None, &hash).await.unwrap().unwrap();
    assert_eq!(unnamed.session, session);
    assert_eq!(unnamed.account.map(|x| x.id), Some(admin.id));

    store
        .touch_session(b.id, &hash, now() + Duration::minutes(5))
        .await
        .unwrap();
    store.delete_session(b.id, &hash).await.unwrap();
    assert_eq!(
        store.session(Some(a.id), &hash).await.unwrap(),
        Some(session),
        "untouched and still there"
    );
    store.delete_session(a.id, &hash).await.unwrap();
    assert!(store.session(None, &hash).await.unwrap().is_none());
}

/// `touch_session`: moves `last_seen_at`, not `created_at`.
pub async fn touching_a_session_moves_its_last_use<S: AccountsStores>(store: &S) {
    let (_, admin) = school_with_admin(store, "a").await;
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&admin, &token))
        .await
        .unwrap();
    let later = now() + Duration::minutes(20);
    store
        .touch_session(admin.school, &token.hash(), later)
        .await
        .unwrap();
    let s = store
        .session(Some(admin.school), &token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.last_seen_at, later);
    assert_eq!(s.created_at, now());
}

/// `purge_expired`: only what expired goes.
pub async fn purging_removes_only_what_expired<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (idle, old, fresh) = (
        SessionToken::generate(),
        SessionToken::generate(),
        SessionToken::generate(),
    );
    let mut s = session_for(&admin, &idle);
    s.last_seen_at = now() - Duration::hours(1);
    store.create_session(&s).await.unwrap();
    let mut s = session_for(&admin, &old);
    s.created_at = now() - Duration::hours(13);
    store.create_session(&s).await.unwrap();
    store
        .create_session(&session_for(&admin, &fresh))
        .await
        .unwrap();
    let live_code = OneTimeCode::generate();
    store
        .issue_reset_code(&code_for(&pupil, &live_code, now() + Duration::days(1)))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(
            &admin,
            &OneTimeCode::generate(),
            now() - Duration::seconds(1),
        ))
        .await
        .unwrap();
    let stale = ThrottleKey::client("192.0.2.9");
    let recent = ThrottleKey::client("192.0.2.10");
    store
        .record_failure(&stale, now() - Duration::days(2), Duration::hours(24))
        .await
        .unwrap();
    store
        .record_failure(&recent, now(), Duration::hours(24))
        .await
        .unwrap();

    let purged = store
        .purge_expired(&Expiry {
            sessions_idle_before: now() - Duration::minutes(30),
            sessions_created_before: now() - Duration::hours(12),
            codes_expired_at: now(),
            failures_before: now() - Duration::hours(24),
        })
        .await
        .unwrap();

    assert_eq!(purged, 4);
    assert!(
        store
            .session(Some(school.id), &idle.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &old.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(Some(school.id), &fresh.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .reset_code(school.id, admin.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.throttle_state(&stale).await.unwrap().is_none());
    assert!(store.throttle_state(&recent).await.unwrap().is_some());
}

/// `erase_accounts`: the accounts, their passwords, sessions, codes and memberships go;
/// the audit stays.
pub async fn erasing_accounts_removes_them_their_sessions_and_codes<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&mama, &token))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(
            &pupil,
            &OneTimeCode::generate(),
            now() + Duration::days(1),
        ))
        .await
        .unwrap();
    let group = Group {
        id: GroupId::new(),
        school: school.id,
        name: GroupName::parse("3A").unwrap(),
        kind: GroupKind::Class,
    };
    store.create_group(&group).await.unwrap();
    store
        .set_members(school.id, group.id, &[pupil.id, admin.id])
        .await
        .unwrap();
    let event = audit_event(&school, Some(pupil.id), audit::SIGN_IN_SUCCEEDED, now());
    store.record(&event).await.unwrap();

    store
        .erase_accounts(school.id, &[pupil.id, mama.id])
        .await
        .unwrap();

    assert!(store.account(school.id, pupil.id).await.unwrap().is_none());
    assert!(store.account(school.id, mama.id).await.unwrap().is_none());
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.members(school.id, group.id).await.unwrap(),
        vec![admin.id]
    );
    let audit = store
        .events(school.id, Some(pupil.id), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(audit.items, vec![event]);
    // The username is free again.
    pupil_in(store, &school, "lotte").await;
}

/// `erase_accounts`: a pupil's co-accounts go with it.
pub async fn erasing_a_pupil_erases_its_co_accounts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    store.erase_accounts(school.id, &[pupil.id]).await.unwrap();
    assert!(store.account(school.id, mama.id).await.unwrap().is_none());
    assert!(
        store
            .co_accounts(school.id, pupil.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `erase_accounts`: ids of another school are ignored.
pub async fn erasing_ignores_accounts_of_another_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    store.erase_accounts(b.id, &[pupil.id]).await.unwrap();
    assert!(store.account(a.id, pupil.id).await.unwrap().is_some());
}

fn group(school: &School, name: &str) -> Group {
    Group {
        id: GroupId::new(),
        school: school.id,
        name: GroupName::parse(name).unwrap(),
        kind: GroupKind::Class,
    }
}

/// `create_group`: a taken name conflicts, within one school only.
pub async fn a_group_name_taken_in_the_school_conflicts<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let first = group(&a, "3A");
    store.create_group(&first).await.unwrap();
    let err = store.create_group(&group(&a, "3A")).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::GROUP_NAME_TAKEN)),
        "{err:?}"
    );
    store.create_group(&group(&b, "3A")).await.unwrap();
    assert_eq!(
        store.group(a.id, first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(store.group(b.id, first.id).await.unwrap(), None);
    assert_eq!(store.groups(a.id).await.unwrap(), vec![first]);
}

/// `set_members`: replaces the whole list.
pub async fn setting_members_replaces_them<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let p1 = pupil_in(store, &school, "p1").await;
    let p2 = pupil_in(store, &school, "p2").await;
    let g = group(&school, "3A");
    store.create_group(&g).await.unwrap();
    store
        .set_members(school.id, g.id, &[p1.id, p2.id])
        .await
        .unwrap();
    store.set_members(school.id, g.id, &[p2.id]).await.unwrap();
    assert_eq!(store.members(school.id, g.id).await.unwrap(), vec![p2.id]);
}

/// `set_members`: a member or group of another school is refused, nothing changes.
pub async fn members_of_another_school_are_refused_and_nothing_changes<S: AccountsStores>(
    store: &S,
) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mine = pupil_in(store, &a, "p1").await;
    let theirs = pupil_in(store, &b, "p1").await;
    let g = group(&a, "3A");
    store.create_group(&g).await.unwrap();
    store.set_members(a.id, g.id, &[mine.id]).await.unwrap();
    let err = store
        .set_members(a.id, g.id, &[mine.id, theirs.id])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = store
        .set_members(b.id, g.id, &[theirs.id])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    assert_eq!(store.members(a.id, g.id).await.unwrap(), vec![mine.id]);
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

/// `events`: newest first, keyset-paged, per school.
pub async fn audit_events_are_newest_first_paged_and_per_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mut written = Vec::new();
    for (i, kind) in audit::ALL.into_iter().enumerate() {
        let e = audit_event(
            &a,
            None,
            kind.clone(),
            now() + Duration::seconds(i64::try_from(i).unwrap()),
        );
        store.record(&e).await.unwrap();
        written.push(e);
        store
            .record(&audit_event(&b, None, kind, now()))
            .await
            .unwrap();
    }
    written.reverse();
    let first = store
        .events(a.id, None, &PageRequest::new(Some(5), None))
        .await
        .unwrap();
    assert_eq!(first.items, written[..5]);
    let cursor = schoolbrug_kernel::Cursor::parse(first.next.as_deref().unwrap()).unwrap();
    let rest = store
        .events(a.id, None, &PageRequest::new(Some(50), Some(cursor)))
        .await
        .unwrap();
    assert_eq!(rest.items, written[5..]);
    assert_eq!(rest.next, None);
}

/// `events`: filtered by account.
pub async fn audit_events_can_be_filtered_by_account<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let mine = audit_event(&school, Some(admin.id), audit::PASSWORD_CHANGED, now());
    store.record(&mine).await.unwrap();
    store
        .record(&audit_event(
            &school,
            Some(AccountId::new()),
            audit::SIGNED_OUT,
            now(),
        ))
        .await
        .unwrap();
    let found = store
        .events(school.id, Some(admin.id), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(found.items, vec![mine]);
}

/// `record_failure`, `throttle_state`, `clear_throttle`.
pub async fn failures_are_counted_and_cleared<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::client("192.0.2.1");
    assert!(store.throttle_state(&key).await.unwrap().is_none());
    let window = Duration::hours(24);
    store.record_failure(&key, now(), window).await.unwrap();
    let second = store
        .record_failure(&key, now() + Duration::seconds(1), window)
        .await
        .unwrap();
    assert_eq!(second.failures, 2);
    assert_eq!(second.last_failure_at, now() + Duration::seconds(1));
    assert_eq!(store.throttle_state(&key).await.unwrap(), Some(second));
    store.clear_throttle(&key).await.unwrap();
    assert!(store.throttle_state(&key).await.unwrap().is_none());
}

/// `record_failure`: a failure after the window starts over at 1.
pub async fn failures_outside_the_window_start_a_new_count<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::account(SchoolId::new(), "lotte");
    let window = Duration::hours(24);
    for _ in 0..3 {
        store.record_failure(&key, now(), window).await.unwrap();
    }
    let later = store
        .record_failure(&key, t("2026-09-03T08:00:00Z"), window)
        .await
        .unwrap();
    assert_eq!(later.failures, 1);
}

/// `record_failure`: atomic under concurrency.
pub async fn concurrent_failures_are_all_counted<S: AccountsStores>(store: &S) {
    let key = ThrottleKey::account(SchoolId::new(), "lotte");
    let window = Duration::hours(24);
    let attempts = (0..20).map(|_| store.record_failure(&key, now(), window));
    for result in futures_join_all(attempts).await {
        result.unwrap();
    }
    assert_eq!(
        store.throttle_state(&key).await.unwrap().unwrap().failures,
        20
    );
}

/// Runs futures concurrently on the current task (no runtime dependency here).
async fn futures_join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter()
        .map(|o| o.expect("every future finished"))
        .collect()
}
