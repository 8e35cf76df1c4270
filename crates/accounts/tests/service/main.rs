//! The accounts rules, through the service on the in-memory adapters with a fixed clock.
//!
//! One module per topic: `sessions.rs` (sign-in, tokens, idle and absolute expiry, logout),
//! `throttling.rs`, `passwords.rs` (changes, the policy, one-time codes), `co_accounts.rs`, `links.rs`,
//! `administration.rs` (admins only, nothing crosses schools, the audit log, terms); this
//! file holds the world they share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use schoolbrug_accounts::memory::InMemoryAccountsStore;
use schoolbrug_accounts::model::{
    AuditKind, Session, SessionToken, TokenSchool, audit, token_school,
};
use schoolbrug_accounts::password::{Argon2Passwords, HashingParams};
use schoolbrug_accounts::ports::{ErasureHook, SessionStore as _, StoreResult};
use schoolbrug_accounts::{
    Accounts, AccountsError, ChangePassword, NewAccount, NewCoAccount, NewSchool, ResetPassword,
    SignIn,
};
use schoolbrug_kernel::{AccountId, Actor, FixedClock, PageRequest, SchoolId};

const PASSWORD: &str = "paarse olifant danst op het dak";
const OTHER_PASSWORD: &str = "groene kikker zwemt in de vijver";

struct World {
    accounts: Accounts,
    store: Arc<InMemoryAccountsStore>,
    clock: Arc<FixedClock>,
    admin: Actor,
    erased: Arc<std::sync::Mutex<Vec<AccountId>>>,
}

struct RecordingHook(Arc<std::sync::Mutex<Vec<AccountId>>>);

#[async_trait::async_trait]
impl ErasureHook for RecordingHook {
    async fn erase_account_data(&self, _school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.0.lock().unwrap().push(account);
        Ok(())
    }
}

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn world() -> World {
    let store = Arc::new(InMemoryAccountsStore::new());
    let clock = Arc::new(FixedClock::at(start()));
    let hasher = Arc::new(
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
    let erased = Arc::new(std::sync::Mutex::new(Vec::new()));
    let accounts = Accounts::new(store.clone(), hasher, clock.clone())
        .with_erasure_hook(Arc::new(RecordingHook(erased.clone())));
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
    let admin = sign_in(&accounts, "beheerder", PASSWORD).await.unwrap();
    let admin = accounts.authenticate(&admin).await.unwrap();
    World {
        accounts,
        store,
        clock,
        admin,
        erased,
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

async fn sign_in(
    accounts: &Accounts,
    username: &str,
    password: &str,
) -> Result<SessionToken, AccountsError> {
    accounts
        .sign_in(SignIn {
            school: None,
            username: username.into(),
            password: password.into(),
            client: Some("198.51.100.7".into()),
            device: None,
            second_factor: None,
        })
        .await
        .map(|s| s.token)
}

impl World {
    /// The signed-in admin of a second school, "atheneum" (for the tests that nothing
    /// crosses schools).
    async fn admin_of_another_school(&self) -> Actor {
        let other = self
            .accounts
            .create_school(NewSchool {
                slug: "atheneum".into(),
                name: "Atheneum".into(),
                time_zone: None,
                admin_username: "admin2".into(),
                admin_first_name: None,
                admin_last_name: None,
            })
            .await
            .unwrap();
        self.accounts
            .reset_password(ResetPassword {
                school: Some("atheneum".into()),
                username: "admin2".into(),
                code: other.code.expose().into(),
                new: PASSWORD.into(),
                repeat: PASSWORD.into(),
                client: None,
            })
            .await
            .unwrap();
        let signed_in = self
            .accounts
            .sign_in(SignIn {
                school: Some("atheneum".into()),
                username: "admin2".into(),
                password: PASSWORD.into(),
                client: None,
                device: None,
                second_factor: None,
            })
            .await
            .unwrap();
        self.accounts.authenticate(&signed_in.token).await.unwrap()
    }

    async fn pupil(&self, username: &str) -> AccountId {
        let pupil = self
            .accounts
            .create_account(
                &self.admin,
                NewAccount {
                    username: username.into(),
                    first_name: "Lotte".into(),
                    last_name: "Peeters".into(),
                    roles: vec!["pupil".into()],
                    birth_date: NaiveDate::from_ymd_opt(2012, 3, 14),
                    email: None,
                },
            )
            .await
            .unwrap();
        let (code, _) = self
            .accounts
            .issue_reset_code(&self.admin, pupil.id)
            .await
            .unwrap();
        set_password(&self.accounts, username, code.expose()).await;
        pupil.id
    }

    async fn co_account(
        &self,
        pupil: AccountId,
        username: &str,
        slot: i64,
    ) -> Result<AccountId, AccountsError> {
        let co = self
            .accounts
            .add_co_account(
                &self.admin,
                pupil,
                NewCoAccount {
                    slot,
                    relation: "mother".into(),
                    username: username.into(),
                    first_name: "An".into(),
                    last_name: "Janssens".into(),
                    email: None,
                    active_until: None,
                },
            )
            .await?;
        let (code, _) = self
            .accounts
            .issue_reset_code(&self.admin, co.id)
            .await
            .unwrap();
        set_password(&self.accounts, username, code.expose()).await;
        Ok(co.id)
    }

    async fn actor(&self, username: &str) -> (Actor, SessionToken) {
        let token = sign_in(&self.accounts, username, PASSWORD).await.unwrap();
        (self.accounts.authenticate(&token).await.unwrap(), token)
    }
}

mod administration;
mod co_accounts;
mod devices;
mod external_sign_in;
mod links;
mod passwords;
mod second_factor;
mod sessions;
mod throttling;
