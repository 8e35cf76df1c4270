//! What the accounts use cases do when a port fails half way, with mockall doubles (`mock`
//! feature) for the one port that fails and the in-memory store for the rest: the caller
//! sees the precise error, and the steps after the failure do not happen (no account
//! erased, no password cleared, no code issued, no session, no failure counted), an
//! account whose creation the audit log refused does not stay behind, and a hasher that
//! sheds load answers `Busy` without counting a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod doubles;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::model::{AuditKind, ThrottleKey, Username, audit};
use schoolbrug_accounts::password::{Argon2Passwords, HashingParams};
use schoolbrug_accounts::ports::{
    AccountStore as _, HashError, MockPasswordHasher, PasswordHasher, StoreError,
    ThrottleStore as _,
};
use schoolbrug_accounts::{
    Accounts, AccountsError, NewAccount, NewCoAccount, NewSchool, ResetPassword, SignIn,
};
use schoolbrug_kernel::audit::MockAuditLog;
use schoolbrug_kernel::erasure::MockErasureHook;
use schoolbrug_kernel::{AccountId, Actor, FixedClock, PageRequest};

use doubles::MockedAudit;

const PASSWORD: &str = "paarse olifant danst op het dak";

/// A school with its admin signed in, a pupil and her mother (a co-account), both with a
/// password, in memory.
struct World {
    store: Arc<InMemoryAccountsStore>,
    clock: Arc<FixedClock>,
    hasher: Arc<dyn PasswordHasher>,
    accounts: Accounts,
    admin: Actor,
    pupil: AccountId,
    mother: AccountId,
}

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn down() -> StoreError {
    StoreError::Unavailable("connection reset".into())
}

fn is_down(error: &AccountsError) -> bool {
    matches!(error, AccountsError::Unavailable(m) if m == "connection reset")
}

fn sign_in(username: &str) -> SignIn {
    SignIn {
        school: None,
        username: username.into(),
        password: PASSWORD.into(),
        client: Some("198.51.100.7".into()),
        device: None,
        second_factor: None,
    }
}

async fn set_password(accounts: &Accounts, username: &str, code: &str) {
    accounts
        .reset_password(ResetPassword {
            school: Some("sint-jan".into()),
            username: username.into(),
            code: code.into(),
            new: PASSWORD.into(),
            repeat: PASSWORD.into(),
            client: None,
        })
        .await
        .unwrap();
}

async fn world() -> World {
    let store = Arc::new(InMemoryAccountsStore::new());
    let clock = Arc::new(FixedClock::at(start()));
    let hasher: Arc<dyn PasswordHasher> = Arc::new(
        Argon2Passwords::new(
            HashingParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
            4,
        )
        .unwrap(),
    );
    let accounts = Accounts::new(store.clone(), hasher.clone(), clock.clone());
    let created = accounts
        .create_school(NewSchool {
            slug: "sint-jan".into(),
            name: "Sint-Jan".into(),
            time_zone: None,
            admin_username: "beheerder".into(),
            admin_first_name: None,
            admin_last_name: None,
        })
        .await
        .unwrap();
    set_password(&accounts, "beheerder", created.code.expose()).await;
    let token = accounts.sign_in(sign_in("beheerder")).await.unwrap().token;
    let admin = accounts.authenticate(&token).await.unwrap();
    let pupil = accounts
        .create_account(
            &admin,
            NewAccount {
                username: "lotte".into(),
                first_name: "Lotte".into(),
                last_name: "Peeters".into(),
                roles: vec!["pupil".into()],
                birth_date: NaiveDate::from_ymd_opt(2012, 3, 14),
                email: None,
            },
        )
        .await
        .unwrap()
        .id;
    let mother = accounts
        .add_co_account(
            &admin,
            pupil,
            NewCoAccount {
                slot: 1,
                relation: "mother".into(),
                username: "mama.lotte".into(),
                first_name: "An".into(),
                last_name: "Janssens".into(),
                email: None,
                active_until: None,
            },
        )
        .await
        .unwrap()
        .id;
    for (id, username) in [(pupil, "lotte"), (mother, "mama.lotte")] {
        let (code, _) = accounts.issue_reset_code(&admin, id).await.unwrap();
        set_password(&accounts, username, code.expose()).await;
    }
    World {
        store,
        clock,
        hasher,
        accounts,
        admin,
        pupil,
        mother,
    }
}

impl World {
    /// The service over the same store, with `hook` as its only erasure hook.
    fn accounts_with_hook(&self, hook: MockErasureHook) -> Accounts {
        Accounts::new(self.store.clone(), self.hasher.clone(), self.clock.clone())
            .with_erasure_hook(Arc::new(hook))
    }

    /// The service over the same store, checking passwords with `hasher`.
    fn accounts_with_hasher(&self, hasher: MockPasswordHasher) -> Accounts {
        Accounts::new(self.store.clone(), Arc::new(hasher), self.clock.clone())
    }

    /// The kinds of the audit events about `account`, newest first.
    async fn events(&self, account: AccountId) -> Vec<AuditKind> {
        self.accounts
            .audit_events(&self.admin, Some(account), &PageRequest::first())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    async fn exists(&self, account: AccountId) -> bool {
        self.store
            .account(self.admin.school, account)
            .await
            .unwrap()
            .is_some()
    }
}

#[tokio::test]
async fn a_pupil_whose_mothers_messages_cannot_be_erased_is_not_erased_nor_is_her_mother() {
    let w = world().await;
    let (pupil, mother) = (w.pupil, w.mother);
    let mut hook = MockErasureHook::new();
    hook.expect_erase_account_data()
        .withf(move |_, account| *account == pupil)
        .times(1)
        .returning(|_, _| Ok(()));
    hook.expect_erase_account_data()
        .withf(move |_, account| *account == mother)
        .times(1)
        .returning(|_, _| Err(down()));

    let refused = w
        .accounts_with_hook(hook)
        .erase_account(&w.admin, pupil)
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    assert!(w.exists(pupil).await && w.exists(mother).await);
    for account in [pupil, mother] {
        assert!(!w.events(account).await.contains(&audit::ACCOUNT_ERASED));
    }
    // Both still sign in: the erasure can be tried again, the hooks being idempotent.
    w.accounts.sign_in(sign_in("lotte")).await.unwrap();
    w.accounts.sign_in(sign_in("mama.lotte")).await.unwrap();
}

#[tokio::test]
async fn a_co_account_whose_messages_cannot_be_erased_is_not_reset() {
    let w = world().await;
    let codes_before = w
        .events(w.mother)
        .await
        .into_iter()
        .filter(|kind| *kind == audit::RESET_CODE_ISSUED)
        .count();
    let mut hook = MockErasureHook::new();
    hook.expect_erase_account_data()
        .times(1)
        .returning(|_, _| Err(down()));

    let refused = w
        .accounts_with_hook(hook)
        .reset_co_account(&w.admin, w.mother)
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    let events = w.events(w.mother).await;
    assert!(!events.contains(&audit::CO_ACCOUNT_RESET));
    let codes_after = events
        .iter()
        .filter(|kind| **kind == audit::RESET_CODE_ISSUED)
        .count();
    assert_eq!(codes_after, codes_before, "no new code was issued");
    // Her password was not cleared.
    w.accounts.sign_in(sign_in("mama.lotte")).await.unwrap();
}

#[tokio::test]
async fn a_password_check_that_breaks_signs_nobody_in_and_records_no_failure() {
    let w = world().await;
    let mut hasher = MockPasswordHasher::new();
    hasher
        .expect_verify()
        .times(1)
        .returning(|_, _| Err(HashError::Failed("the hashing pool shut down".into())));
    hasher.expect_hash().never();
    hasher.expect_verify_nothing().never();
    hasher.expect_check_capacity().returning(|| Ok(()));
    let events_before = w.events(w.pupil).await.len();

    let refused = w
        .accounts_with_hasher(hasher)
        .sign_in(sign_in("lotte"))
        .await
        .unwrap_err();

    assert!(
        matches!(&refused, AccountsError::Unexpected(m) if m.contains("the hashing pool shut down")),
        "{refused:?}"
    );
    // Neither a success nor a failure was recorded: the password was never judged. The
    // attempt itself was counted, as every attempt is before its password is checked
    // (issue 9): a burst cannot get past the throttle by making the check fail.
    assert_eq!(w.events(w.pupil).await.len(), events_before);
    for key in [
        ThrottleKey::account(w.admin.school, "lotte"),
        ThrottleKey::client("198.51.100.7"),
    ] {
        let counted = w.store.throttle_state(&key).await.unwrap();
        assert_eq!(counted.map(|s| s.failures), Some(1));
    }
}

#[tokio::test]
async fn a_busy_hasher_answers_busy_at_once_and_records_no_failure() {
    let w = world().await;
    let mut hasher = MockPasswordHasher::new();
    hasher.expect_verify().times(1).returning(|_, _| {
        Err(HashError::Busy {
            retry_after_secs: 2,
        })
    });
    hasher.expect_hash().never();
    hasher.expect_verify_nothing().never();
    hasher.expect_check_capacity().returning(|| Ok(()));
    let events_before = w.events(w.pupil).await.len();

    let refused = w
        .accounts_with_hasher(hasher)
        .sign_in(sign_in("lotte"))
        .await
        .unwrap_err();

    assert!(
        matches!(
            refused,
            AccountsError::Busy {
                retry_after_secs: 2
            }
        ),
        "{refused:?}"
    );
    // Shedding load is not a wrong password: no failed sign-in is recorded. The attempt
    // itself was counted, as every attempt is before its password is checked, so a flood
    // that makes the hasher shed cannot buy guesses past the throttle.
    assert_eq!(w.events(w.pupil).await.len(), events_before);
    for key in [
        ThrottleKey::account(w.admin.school, "lotte"),
        ThrottleKey::client("198.51.100.7"),
    ] {
        let counted = w.store.throttle_state(&key).await.unwrap();
        assert_eq!(counted.map(|s| s.failures), Some(1));
    }
}

/// A hasher that is full already: the sign-in is shed before the store is read or
/// written, so a flood costs the database nothing.
#[tokio::test]
async fn a_full_hasher_sheds_the_sign_in_before_anything_is_counted() {
    let w = world().await;
    let mut hasher = MockPasswordHasher::new();
    hasher.expect_check_capacity().returning(|| {
        Err(HashError::Busy {
            retry_after_secs: 2,
        })
    });
    hasher.expect_verify().never();
    hasher.expect_verify_nothing().never();
    hasher.expect_hash().never();

    let refused = w
        .accounts_with_hasher(hasher)
        .sign_in(sign_in("lotte"))
        .await
        .unwrap_err();

    assert!(
        matches!(
            refused,
            AccountsError::Busy {
                retry_after_secs: 2
            }
        ),
        "{refused:?}"
    );
    for key in [
        ThrottleKey::account(w.admin.school, "lotte"),
        ThrottleKey::client("198.51.100.7"),
    ] {
        assert_eq!(w.store.throttle_state(&key).await.unwrap(), None);
    }
}

impl World {
    /// The service over the same store, with its audit log handed to `audit`.
    fn accounts_with_audit(&self, audit: MockAuditLog) -> Accounts {
        let store = Arc::new(MockedAudit {
            memory: self.store.clone(),
            audit,
        });
        Accounts::new(store, self.hasher.clone(), self.clock.clone())
    }
}

#[tokio::test]
async fn a_sign_in_that_cannot_be_audited_hands_out_no_token() {
    let w = world().await;
    let mut audit = MockAuditLog::new();
    audit
        .expect_record()
        .withf(|event| event.kind == audit::SIGN_IN_SUCCEEDED)
        .times(1)
        .returning(|_| Err(down()));

    let refused = w
        .accounts_with_audit(audit)
        .sign_in(sign_in("lotte"))
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
}

#[tokio::test]
async fn a_co_account_whose_creation_cannot_be_audited_is_not_created() {
    let w = world().await;
    let mut audit = MockAuditLog::new();
    audit
        .expect_record()
        .withf(|event| event.kind == audit::CO_ACCOUNT_CREATED)
        .times(1)
        .returning(|_| Err(down()));

    let refused = w
        .accounts_with_audit(audit)
        .add_co_account(
            &w.admin,
            w.pupil,
            NewCoAccount {
                slot: 2,
                relation: "father".into(),
                username: "papa.lotte".into(),
                first_name: "Jan".into(),
                last_name: "Peeters".into(),
                email: None,
                active_until: None,
            },
        )
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    let co_accounts = w.store.co_accounts(w.admin.school, w.pupil).await.unwrap();
    assert_eq!(co_accounts.len(), 1, "only the mother");
}

#[tokio::test]
async fn an_account_whose_creation_cannot_be_audited_is_not_created_and_its_name_stays_free() {
    let w = world().await;
    let mut audit = MockAuditLog::new();
    audit
        .expect_record()
        .withf(|event| event.kind == audit::ACCOUNT_CREATED)
        .times(1)
        .returning(|_| Err(down()));
    let new = || NewAccount {
        username: "an.teacher".into(),
        first_name: "An".into(),
        last_name: "Claes".into(),
        roles: vec!["teacher".into()],
        birth_date: None,
        email: None,
    };

    let refused = w
        .accounts_with_audit(audit)
        .create_account(&w.admin, new())
        .await
        .unwrap_err();

    assert!(is_down(&refused), "{refused:?}");
    let username = Username::parse("an.teacher").unwrap();
    assert!(
        w.store
            .account_by_username(w.admin.school, &username)
            .await
            .unwrap()
            .is_none(),
        "the account is gone again"
    );
}
