//! The `SecondFactorStore` port: enrolment and confirmation, replay refused atomically,
//! recovery codes used once, removal and erasure, the school's rule; never across schools.
//! Run by [`second_factor_contract_tests!`](crate::second_factor_contract_tests) next to
//! [`accounts_contract_tests!`](crate::accounts_contract_tests).

use super::throttle::futures_join_all;
#[allow(clippy::wildcard_imports)]
use super::*;
use crate::model::{SecretHash, TotpSecret};

/// Generates one `#[tokio::test]` per check of the `SecondFactorStore` contract, each on a
/// fresh store made by `$make` (as [`accounts_contract_tests!`](crate::accounts_contract_tests)).
#[macro_export]
macro_rules! second_factor_contract_tests {
    ($make:expr) => {
        $crate::accounts_contract_tests!(@each $make;
            a_started_totp_is_pending_until_confirmed,
            starting_again_replaces_a_pending_secret_but_not_an_active_one,
            starting_a_totp_for_an_account_of_another_school_is_not_found,
            confirming_without_a_pending_secret_changes_nothing,
            a_time_step_is_accepted_once_and_never_an_earlier_one,
            concurrent_uses_of_one_step_accept_exactly_one,
            a_recovery_code_works_once,
            concurrent_uses_of_one_recovery_code_accept_exactly_one,
            removing_a_second_factor_removes_its_codes_and_stays_in_the_school,
            erasing_an_account_removes_its_second_factor,
            the_school_rule_is_off_until_set_and_per_school,
        );
    };
}

fn recovery(n: u8) -> Vec<SecretHash> {
    (0..n).map(|i| SecretHash::of(&[i])).collect()
}

async fn enrolled<S: AccountsStores>(store: &S, slug: &str) -> (School, Account) {
    let (school, admin) = school_with_admin(store, slug).await;
    store
        .begin_totp(school.id, admin.id, &TotpSecret::generate())
        .await
        .unwrap();
    assert!(
        store
            .confirm_totp(school.id, admin.id, 100, &recovery(10))
            .await
            .unwrap()
    );
    (school, admin)
}

/// `begin_totp`, `totp`, `confirm_totp`.
pub async fn a_started_totp_is_pending_until_confirmed<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    assert!(store.totp(school.id, admin.id).await.unwrap().is_none());
    let secret = TotpSecret::generate();
    store
        .begin_totp(school.id, admin.id, &secret)
        .await
        .unwrap();
    let pending = store.totp(school.id, admin.id).await.unwrap().unwrap();
    assert!(!pending.active);
    assert_eq!(pending.secret, secret);
    assert!(
        store
            .confirm_totp(school.id, admin.id, 42, &recovery(10))
            .await
            .unwrap()
    );
    let active = store.totp(school.id, admin.id).await.unwrap().unwrap();
    assert!(active.active);
    assert_eq!(active.secret, secret);
    assert_eq!(active.last_step, 42);
    assert_eq!(active.recovery_codes_left, 10);
}

/// `begin_totp`: replaces a pending secret; conflicts with an active one, changing nothing.
pub async fn starting_again_replaces_a_pending_secret_but_not_an_active_one<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .begin_totp(school.id, admin.id, &TotpSecret::generate())
        .await
        .unwrap();
    let second = TotpSecret::generate();
    store
        .begin_totp(school.id, admin.id, &second)
        .await
        .unwrap();
    assert_eq!(
        store
            .totp(school.id, admin.id)
            .await
            .unwrap()
            .unwrap()
            .secret,
        second
    );
    assert!(
        store
            .confirm_totp(school.id, admin.id, 1, &recovery(10))
            .await
            .unwrap()
    );
    let err = store
        .begin_totp(school.id, admin.id, &TotpSecret::generate())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(c) if c == conflicts::SECOND_FACTOR_ACTIVE),
        "{err:?}"
    );
    let kept = store.totp(school.id, admin.id).await.unwrap().unwrap();
    assert!(kept.active);
    assert_eq!(kept.secret, second);
}

/// `begin_totp`: `NotFound` for an account of another school; `totp` sees nothing there.
pub async fn starting_a_totp_for_an_account_of_another_school_is_not_found<S: AccountsStores>(
    store: &S,
) {
    let (_, admin) = school_with_admin(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    let err = store
        .begin_totp(other.id, admin.id, &TotpSecret::generate())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let (school_c, enrolled_admin) = enrolled(store, "c").await;
    assert!(
        store
            .totp(other.id, enrolled_admin.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .totp(school_c.id, enrolled_admin.id)
            .await
            .unwrap()
            .is_some()
    );
}

/// `confirm_totp`: `false` and no change without a pending secret.
pub async fn confirming_without_a_pending_secret_changes_nothing<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    assert!(
        !store
            .confirm_totp(school.id, admin.id, 1, &recovery(10))
            .await
            .unwrap()
    );
    assert!(store.totp(school.id, admin.id).await.unwrap().is_none());
    let (school, admin) = enrolled(store, "b").await;
    assert!(
        !store
            .confirm_totp(school.id, admin.id, 500, &recovery(3))
            .await
            .unwrap()
    );
    let kept = store.totp(school.id, admin.id).await.unwrap().unwrap();
    assert_eq!(kept.last_step, 100);
    assert_eq!(kept.recovery_codes_left, 10);
}

/// `accept_totp_step`: later steps only; nothing for a pending factor or another school.
pub async fn a_time_step_is_accepted_once_and_never_an_earlier_one<S: AccountsStores>(store: &S) {
    let (school, admin) = enrolled(store, "a").await;
    assert!(
        !store
            .accept_totp_step(school.id, admin.id, 100)
            .await
            .unwrap()
    );
    assert!(
        !store
            .accept_totp_step(school.id, admin.id, 99)
            .await
            .unwrap()
    );
    assert!(
        store
            .accept_totp_step(school.id, admin.id, 101)
            .await
            .unwrap()
    );
    assert!(
        !store
            .accept_totp_step(school.id, admin.id, 101)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .totp(school.id, admin.id)
            .await
            .unwrap()
            .unwrap()
            .last_step,
        101
    );
    let (other, _) = school_with_admin(store, "b").await;
    assert!(
        !store
            .accept_totp_step(other.id, admin.id, 200)
            .await
            .unwrap()
    );

    let (school_c, pending) = school_with_admin(store, "c").await;
    store
        .begin_totp(school_c.id, pending.id, &TotpSecret::generate())
        .await
        .unwrap();
    assert!(
        !store
            .accept_totp_step(school_c.id, pending.id, 5)
            .await
            .unwrap()
    );
}

/// `accept_totp_step`: atomic; of concurrent uses of one step, one wins.
pub async fn concurrent_uses_of_one_step_accept_exactly_one<S: AccountsStores>(store: &S) {
    let (school, admin) = enrolled(store, "a").await;
    let uses = (0..20).map(|_| store.accept_totp_step(school.id, admin.id, 101));
    let accepted = futures_join_all(uses)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(accepted, 1);
}

/// `use_recovery_code`: once; an unknown code or another school's is refused.
pub async fn a_recovery_code_works_once<S: AccountsStores>(store: &S) {
    let (school, admin) = enrolled(store, "a").await;
    let code = recovery(10)[3];
    let (other, _) = school_with_admin(store, "b").await;
    assert!(
        !store
            .use_recovery_code(other.id, admin.id, &code)
            .await
            .unwrap()
    );
    assert!(
        store
            .use_recovery_code(school.id, admin.id, &code)
            .await
            .unwrap()
    );
    assert!(
        !store
            .use_recovery_code(school.id, admin.id, &code)
            .await
            .unwrap()
    );
    assert!(
        !store
            .use_recovery_code(school.id, admin.id, &SecretHash::of(b"unknown"))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .totp(school.id, admin.id)
            .await
            .unwrap()
            .unwrap()
            .recovery_codes_left,
        9
    );
}

/// `use_recovery_code`: atomic under concurrency.
pub async fn concurrent_uses_of_one_recovery_code_accept_exactly_one<S: AccountsStores>(store: &S) {
    let (school, admin) = enrolled(store, "a").await;
    let code = recovery(10)[0];
    let uses = (0..20).map(|_| store.use_recovery_code(school.id, admin.id, &code));
    let accepted = futures_join_all(uses)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(accepted, 1);
}

/// `remove_totp`: removes the factor and its codes, only in its own school.
pub async fn removing_a_second_factor_removes_its_codes_and_stays_in_the_school<
    S: AccountsStores,
>(
    store: &S,
) {
    let (school, admin) = enrolled(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    assert!(!store.remove_totp(other.id, admin.id).await.unwrap());
    assert!(store.totp(school.id, admin.id).await.unwrap().is_some());
    assert!(store.remove_totp(school.id, admin.id).await.unwrap());
    assert!(store.totp(school.id, admin.id).await.unwrap().is_none());
    assert!(!store.remove_totp(school.id, admin.id).await.unwrap());
    let code = recovery(10)[0];
    assert!(
        !store
            .use_recovery_code(school.id, admin.id, &code)
            .await
            .unwrap()
    );
    // Enrolling again starts from nothing: the old codes do not come back.
    store
        .begin_totp(school.id, admin.id, &TotpSecret::generate())
        .await
        .unwrap();
    assert!(
        store
            .confirm_totp(school.id, admin.id, 1, &[])
            .await
            .unwrap()
    );
    assert!(
        !store
            .use_recovery_code(school.id, admin.id, &code)
            .await
            .unwrap()
    );
}

/// `AccountStore::erase_accounts` takes the second factor with the account.
pub async fn erasing_an_account_removes_its_second_factor<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    store
        .begin_totp(school.id, pupil.id, &TotpSecret::generate())
        .await
        .unwrap();
    assert!(
        store
            .confirm_totp(school.id, pupil.id, 1, &recovery(10))
            .await
            .unwrap()
    );
    store.erase_accounts(school.id, &[pupil.id]).await.unwrap();
    assert!(store.totp(school.id, pupil.id).await.unwrap().is_none());
    assert!(
        !store
            .use_recovery_code(school.id, pupil.id, &recovery(10)[0])
            .await
            .unwrap()
    );
}

/// `second_factor_required`, `set_second_factor_required`.
pub async fn the_school_rule_is_off_until_set_and_per_school<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    assert!(!store.second_factor_required(school.id).await.unwrap());
    store
        .set_second_factor_required(school.id, true)
        .await
        .unwrap();
    assert!(store.second_factor_required(school.id).await.unwrap());
    assert!(!store.second_factor_required(other.id).await.unwrap());
    store
        .set_second_factor_required(school.id, false)
        .await
        .unwrap();
    assert!(!store.second_factor_required(school.id).await.unwrap());
    let err = store
        .set_second_factor_required(SchoolId::new(), true)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}
