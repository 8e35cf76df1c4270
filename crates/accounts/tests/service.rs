//! The accounts rules, through the service on the in-memory adapters with a fixed clock.
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
        })
        .await
        .map(|s| s.token)
}

impl World {
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

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
    let w = world().await;
    let unknown = sign_in(&w.accounts, "niemand", PASSWORD).await.unwrap_err();
    let wrong = sign_in(&w.accounts, "beheerder", "verkeerd wachtwoord hier")
        .await
        .unwrap_err();
    assert_eq!(unknown.to_string(), wrong.to_string());
    assert!(matches!(unknown, AccountsError::Unauthenticated));
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session() {
    let w = world().await;
    let a = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    let b = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    assert_ne!(a, b);
}

#[tokio::test]
async fn a_token_names_its_school_and_its_secret_under_another_school_is_refused() {
    let w = world().await;
    let token = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    assert_eq!(token_school(&token), TokenSchool::Named(w.admin.school));
    assert_eq!(w.accounts.authenticate(&token).await.unwrap(), w.admin);
    let (_, secret) = token.expose().split_once('.').unwrap();
    let elsewhere = schoolbrug_accounts::model::issue_session_token(SchoolId::new());
    let (school, _) = elsewhere.expose().split_once('.').unwrap();
    for forged in [
        format!("{school}.{secret}"),
        secret.to_owned(),
        format!("x.{secret}"),
    ] {
        let err = w
            .accounts
            .authenticate(&SessionToken::from_client(&forged))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{forged}");
    }
    // The session itself is untouched by the attempts.
    assert_eq!(w.accounts.authenticate(&token).await.unwrap(), w.admin);
}

#[tokio::test]
async fn a_token_issued_before_schools_were_in_tokens_works_until_it_expires() {
    let w = world().await;
    let legacy = SessionToken::generate();
    assert_eq!(token_school(&legacy), TokenSchool::Unnamed);
    w.store
        .create_session(&Session {
            token_hash: legacy.hash(),
            school: w.admin.school,
            account: w.admin.account,
            created_at: start(),
            last_seen_at: start(),
        })
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(20));
    assert_eq!(w.accounts.authenticate(&legacy).await.unwrap(), w.admin);
    // Used within the idle timeout it lives on, up to the absolute timeout.
    w.clock.advance(Duration::minutes(20));
    assert_eq!(w.accounts.authenticate(&legacy).await.unwrap(), w.admin);
    w.clock.advance(Duration::hours(12));
    assert!(w.accounts.authenticate(&legacy).await.is_err());
    assert!(
        w.store
            .session(None, &legacy.hash())
            .await
            .unwrap()
            .is_none(),
        "the expired session is gone"
    );
}

#[tokio::test]
async fn logging_out_with_a_token_from_before_ends_its_session() {
    let w = world().await;
    let legacy = SessionToken::generate();
    w.store
        .create_session(&Session {
            token_hash: legacy.hash(),
            school: w.admin.school,
            account: w.admin.account,
            created_at: start(),
            last_seen_at: start(),
        })
        .await
        .unwrap();
    let actor = w.accounts.authenticate(&legacy).await.unwrap();
    w.accounts.sign_out(&actor, &legacy).await.unwrap();
    assert!(w.accounts.authenticate(&legacy).await.is_err());
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes() {
    let w = world().await;
    let token = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    w.clock.advance(Duration::minutes(29));
    w.accounts.authenticate(&token).await.unwrap();
    w.clock.advance(Duration::minutes(31));
    let err = w.accounts.authenticate(&token).await.unwrap_err();
    assert!(matches!(err, AccountsError::Unauthenticated));
}

#[tokio::test]
async fn a_session_used_all_day_still_ends_after_twelve_hours() {
    let w = world().await;
    let token = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    for _ in 0..(12 * 3 - 1) {
        w.clock.advance(Duration::minutes(20));
        w.accounts.authenticate(&token).await.unwrap();
    }
    w.clock.advance(Duration::minutes(20));
    assert!(w.accounts.authenticate(&token).await.is_err());
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    let w = world().await;
    let (actor, token) = w.actor("beheerder").await;
    w.accounts.sign_out(&actor, &token).await.unwrap();
    assert!(w.accounts.authenticate(&token).await.is_err());
}

#[tokio::test]
async fn five_failures_then_sign_in_is_throttled_even_with_the_right_password() {
    let w = world().await;
    for _ in 0..5 {
        let err = sign_in(&w.accounts, "beheerder", "verkeerd wachtwoord hier")
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated));
    }
    let err = sign_in(&w.accounts, "beheerder", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { retry_after_secs } if retry_after_secs >= 1));
}

#[tokio::test]
async fn a_successful_sign_in_forgets_the_failures_before_it() {
    let w = world().await;
    for _ in 0..2 {
        for _ in 0..4 {
            sign_in(&w.accounts, "beheerder", "verkeerd wachtwoord hier")
                .await
                .unwrap_err();
        }
        // Counted on: 8 failures in a row would throttle this sign-in.
        sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    }
}

#[tokio::test]
async fn a_throttle_lifts_after_its_delay_so_no_stranger_locks_a_pupil_out() {
    let w = world().await;
    w.pupil("lotte").await;
    for _ in 0..40 {
        let _ = sign_in(&w.accounts, "lotte", "verkeerd wachtwoord hier").await;
        w.clock.advance(Duration::seconds(1));
    }
    w.clock.advance(Duration::minutes(15));
    sign_in(&w.accounts, "lotte", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn a_wrong_current_password_does_not_change_the_password() {
    let w = world().await;
    let (actor, token) = w.actor("beheerder").await;
    let err = w
        .accounts
        .change_password(
            &actor,
            &token,
            ChangePassword {
                current: "niet het huidige wachtwoord".into(),
                new: OTHER_PASSWORD.into(),
                repeat: OTHER_PASSWORD.into(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Unauthenticated));
    sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn guessing_the_current_password_through_a_session_is_throttled() {
    let w = world().await;
    let (actor, token) = w.actor("beheerder").await;
    let guess = || ChangePassword {
        current: "niet het huidige wachtwoord".into(),
        new: OTHER_PASSWORD.into(),
        repeat: OTHER_PASSWORD.into(),
    };
    for _ in 0..5 {
        let err = w
            .accounts
            .change_password(&actor, &token, guess())
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated));
    }
    let err = w
        .accounts
        .change_password(&actor, &token, guess())
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn a_password_change_ends_every_other_session_but_keeps_this_one() {
    let w = world().await;
    let other = sign_in(&w.accounts, "beheerder", PASSWORD).await.unwrap();
    let (actor, token) = w.actor("beheerder").await;
    w.accounts
        .change_password(
            &actor,
            &token,
            ChangePassword {
                current: PASSWORD.into(),
                new: OTHER_PASSWORD.into(),
                repeat: OTHER_PASSWORD.into(),
            },
        )
        .await
        .unwrap();
    assert!(w.accounts.authenticate(&token).await.is_ok());
    assert!(w.accounts.authenticate(&other).await.is_err());
    sign_in(&w.accounts, "beheerder", OTHER_PASSWORD)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_weak_new_password_is_refused_with_its_reasons() {
    let w = world().await;
    let (actor, token) = w.actor("beheerder").await;
    let err = w
        .accounts
        .change_password(
            &actor,
            &token,
            ChangePassword {
                current: PASSWORD.into(),
                new: "kort".into(),
                repeat: "anders".into(),
            },
        )
        .await
        .unwrap_err();
    let AccountsError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    let codes: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert!(codes.contains(&("new", "too_short")), "{codes:?}");
    assert!(codes.contains(&("repeat", "mismatch")), "{codes:?}");
}

#[tokio::test]
async fn a_co_accounts_password_may_not_be_built_on_its_childs_name_or_birth_date() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let co = w
        .accounts
        .add_co_account(
            &w.admin,
            pupil,
            NewCoAccount {
                slot: 1,
                relation: "father".into(),
                username: "papa.lotte".into(),
                first_name: "Koen".into(),
                last_name: "Peeters".into(),
                ..NewCoAccount::default()
            },
        )
        .await
        .unwrap();
    let (code, _) = w.accounts.issue_reset_code(&w.admin, co.id).await.unwrap();
    let err = w
        .accounts
        .reset_password(ResetPassword {
            school: None,
            username: "papa.lotte".into(),
            code: code.expose().into(),
            new: "Lotte14032012!".into(),
            repeat: "Lotte14032012!".into(),
            client: None,
        })
        .await
        .unwrap_err();
    let AccountsError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    assert!(
        fields.iter().any(|f| f.code == "contains_personal_info"),
        "{fields:?}"
    );
    // The refused password left the code valid.
    set_password(&w.accounts, "papa.lotte", code.expose()).await;
}

#[tokio::test]
async fn a_one_time_code_works_once() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let (code, _) = w.accounts.issue_reset_code(&w.admin, pupil).await.unwrap();
    set_password(&w.accounts, "lotte", code.expose()).await;
    let again = w
        .accounts
        .reset_password(ResetPassword {
            school: None,
            username: "lotte".into(),
            code: code.expose().into(),
            new: OTHER_PASSWORD.into(),
            repeat: OTHER_PASSWORD.into(),
            client: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(again, AccountsError::InvalidCode));
}

#[tokio::test]
async fn a_one_time_code_expires_after_seven_days() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let (code, expires_at) = w.accounts.issue_reset_code(&w.admin, pupil).await.unwrap();
    assert_eq!(expires_at, w.clock_now() + Duration::days(7));
    w.clock.advance(Duration::days(7));
    let err = w
        .accounts
        .reset_password(ResetPassword {
            school: None,
            username: "lotte".into(),
            code: code.expose().into(),
            new: OTHER_PASSWORD.into(),
            repeat: OTHER_PASSWORD.into(),
            client: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::InvalidCode));
}

impl World {
    fn clock_now(&self) -> DateTime<Utc> {
        use schoolbrug_kernel::Clock as _;
        self.clock.now()
    }
}

#[tokio::test]
async fn repeated_wrong_codes_are_throttled() {
    let w = world().await;
    w.pupil("lotte").await;
    let mut last = None;
    for _ in 0..7 {
        last = Some(
            w.accounts
                .reset_password(ResetPassword {
                    school: None,
                    username: "lotte".into(),
                    code: "AAAA-BBBB-CCCC-DDDD".into(),
                    new: OTHER_PASSWORD.into(),
                    repeat: OTHER_PASSWORD.into(),
                    client: None,
                })
                .await
                .unwrap_err(),
        );
    }
    assert!(matches!(last, Some(AccountsError::Throttled { .. })));
}

#[tokio::test]
async fn a_pupil_has_at_most_six_co_accounts_and_a_slot_holds_one() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    for slot in 1..=6 {
        w.co_account(pupil, &format!("co{slot}"), slot)
            .await
            .unwrap();
    }
    let seventh = w.co_account(pupil, "co7", 7).await.unwrap_err();
    assert!(
        matches!(&seventh, AccountsError::Invalid(f) if f[0].field == "slot"),
        "{seventh:?}"
    );
    let taken = w.co_account(pupil, "co-extra", 3).await.unwrap_err();
    assert!(matches!(taken, AccountsError::Conflict(c) if c.code() == "slot_taken"));
}

#[tokio::test]
async fn a_co_account_acts_for_its_pupil_and_sees_it() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let (actor, _) = w.actor("mama.lotte").await;
    assert_eq!(actor.pupil_of_co_account(), Some(pupil));
    let me = w.accounts.me(&actor).await.unwrap();
    assert_eq!(me.pupil.as_ref().unwrap().id, pupil);
    assert!(me.roles().is_empty());
}

#[tokio::test]
async fn a_co_account_past_its_end_date_cannot_sign_in() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let co = w
        .accounts
        .add_co_account(
            &w.admin,
            pupil,
            NewCoAccount {
                slot: 2,
                relation: "homework_tutor".into(),
                username: "tutor".into(),
                first_name: "Bart".into(),
                last_name: "Claes".into(),
                active_until: NaiveDate::from_ymd_opt(2026, 9, 30),
                ..NewCoAccount::default()
            },
        )
        .await
        .unwrap();
    let (code, _) = w.accounts.issue_reset_code(&w.admin, co.id).await.unwrap();
    set_password(&w.accounts, "tutor", code.expose()).await;
    sign_in(&w.accounts, "tutor", PASSWORD).await.unwrap();
    w.clock.advance(Duration::days(31));
    assert!(sign_in(&w.accounts, "tutor", PASSWORD).await.is_err());
}

#[tokio::test]
async fn only_admins_administer_and_others_are_told_not_found() {
    let w = world().await;
    w.pupil("lotte").await;
    let (pupil, _) = w.actor("lotte").await;
    let err = w
        .accounts
        .list_accounts(&pupil, &Default::default(), &PageRequest::first())
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound));
    let err = w
        .accounts
        .issue_reset_code(&pupil, w.admin.account)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound));
}

#[tokio::test]
async fn nothing_crosses_schools() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let other = w
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
    w.accounts
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
    let token = w
        .accounts
        .sign_in(SignIn {
            school: Some("atheneum".into()),
            username: "admin2".into(),
            password: PASSWORD.into(),
            client: None,
        })
        .await
        .unwrap()
        .token;
    let other_admin = w.accounts.authenticate(&token).await.unwrap();
    assert!(matches!(
        w.accounts.account(&other_admin, pupil).await,
        Err(AccountsError::NotFound)
    ));
    assert!(matches!(
        w.accounts.erase_account(&other_admin, pupil).await,
        Err(AccountsError::NotFound)
    ));
    assert!(matches!(
        w.accounts.issue_reset_code(&other_admin, pupil).await,
        Err(AccountsError::NotFound)
    ));
    // With two schools, a sign-in must name its school.
    let err = sign_in(&w.accounts, "lotte", PASSWORD).await.unwrap_err();
    assert!(matches!(err, AccountsError::Invalid(_)));
}

#[tokio::test]
async fn a_pupil_who_leaves_takes_every_co_account_and_their_data_along() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let mama = w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let papa = w.co_account(pupil, "papa.lotte", 2).await.unwrap();
    let (_, mama_session) = w.actor("mama.lotte").await;

    let erased = w.accounts.erase_account(&w.admin, pupil).await.unwrap();

    assert_eq!(erased.len(), 3);
    assert!(w.accounts.authenticate(&mama_session).await.is_err());
    assert!(sign_in(&w.accounts, "lotte", PASSWORD).await.is_err());
    assert!(sign_in(&w.accounts, "papa.lotte", PASSWORD).await.is_err());
    let hooked = w.erased.lock().unwrap().clone();
    for id in [pupil, mama, papa] {
        assert!(hooked.contains(&id), "erasure hook not called for {id}");
    }
    let audit = w
        .accounts
        .audit_events(&w.admin, Some(pupil), &PageRequest::first())
        .await
        .unwrap();
    assert!(audit.items.iter().any(|e| e.kind == audit::ACCOUNT_ERASED));
}

#[tokio::test]
async fn resetting_a_co_account_wipes_its_data_and_only_a_new_code_opens_it() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let mama = w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let (_, session) = w.actor("mama.lotte").await;
    let (code, _) = w.accounts.reset_co_account(&w.admin, mama).await.unwrap();
    assert!(w.accounts.authenticate(&session).await.is_err());
    assert!(sign_in(&w.accounts, "mama.lotte", PASSWORD).await.is_err());
    assert_eq!(w.erased.lock().unwrap().as_slice(), &[mama]);
    set_password(&w.accounts, "mama.lotte", code.expose()).await;
    sign_in(&w.accounts, "mama.lotte", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn a_main_account_cannot_be_reset_as_a_co_account() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    assert!(matches!(
        w.accounts.reset_co_account(&w.admin, pupil).await,
        Err(AccountsError::NotFound)
    ));
}

#[tokio::test]
async fn security_events_are_in_the_audit_log() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let _ = sign_in(&w.accounts, "lotte", "verkeerd wachtwoord hier").await;
    let (actor, token) = w.actor("lotte").await;
    w.accounts.sign_out(&actor, &token).await.unwrap();
    let events = w
        .accounts
        .audit_events(&w.admin, Some(pupil), &PageRequest::first())
        .await
        .unwrap();
    let kinds: Vec<AuditKind> = events.items.iter().map(|e| e.kind.clone()).collect();
    for kind in [
        audit::ACCOUNT_CREATED,
        audit::RESET_CODE_ISSUED,
        audit::RESET_CODE_USED,
        audit::SIGN_IN_FAILED,
        audit::SIGN_IN_SUCCEEDED,
        audit::SIGNED_OUT,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn terms_acceptance_is_recorded_with_its_version() {
    let w = world().await;
    w.accounts.accept_terms(&w.admin, "2026-09").await.unwrap();
    let me = w.accounts.me(&w.admin).await.unwrap();
    assert_eq!(me.account.terms.unwrap().version, "2026-09");
    assert!(matches!(
        w.accounts.accept_terms(&w.admin, "  ").await,
        Err(AccountsError::Invalid(_))
    ));
}
