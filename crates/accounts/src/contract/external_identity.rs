//! The `ExternalIdentityStore` and `PendingSignInStore` ports: the school's provider,
//! subject links unique per school, and round trips taken once and never after expiry.
//! Run by [`external_identity_contract_tests!`](crate::external_identity_contract_tests)
//! on a pair of stores: the accounts stores (for the schools and accounts the links
//! name) and the identity stores (the same value on a database).

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::model::{
    ClientId, ClientSecret, ExternalSubject, Issuer, PendingPurpose, PendingRecord,
    ProviderSettings, SecretHash,
};
use crate::ports::{ExternalIdentityStore, PendingSignInStore, SUBJECT_LINKED};

/// Generates one `#[tokio::test]` per check of this file, each on a fresh pair of
/// stores made by `$make`: a future of `(accounts_store, identity_store)`.
#[macro_export]
macro_rules! external_identity_contract_tests {
    ($make:expr) => {
        $crate::external_identity_contract_tests!(@each $make;
            a_provider_is_set_replaced_and_kept_per_school,
            removing_the_provider_removes_the_schools_links,
            a_subject_linked_to_another_account_conflicts_and_changes_nothing,
            linking_again_replaces_the_accounts_link,
            unlinking_is_idempotent,
            a_pending_sign_in_is_taken_once_even_concurrently,
            an_expired_pending_sign_in_is_never_taken,
        );
    };
    (@each $make:expr; $($check:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $check() {
                let (accounts, identities) = $make.await;
                $crate::contract::$check(&accounts, &identities).await;
            }
        )*
    };
}

fn settings(issuer: &str, secret: &str) -> ProviderSettings {
    ProviderSettings {
        issuer: Issuer::parse(issuer).unwrap(),
        client_id: ClientId::parse("client-1").unwrap(),
        client_secret: ClientSecret::parse(secret).unwrap(),
    }
}

fn subject(s: &str) -> ExternalSubject {
    ExternalSubject::parse(s).unwrap()
}

/// `set_provider`, `provider`: set, replaced, removed, and never another school's.
pub async fn a_provider_is_set_replaced_and_kept_per_school<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: ExternalIdentityStore,
{
    let (one, _) = school_with_admin(accounts, "one").await;
    let (two, _) = school_with_admin(accounts, "two").await;
    assert_eq!(store.provider(one.id).await.unwrap(), None);
    let first = settings("https://idp.one.example", "secret-1");
    store.set_provider(one.id, Some(&first)).await.unwrap();
    assert_eq!(store.provider(one.id).await.unwrap(), Some(first));
    assert_eq!(store.provider(two.id).await.unwrap(), None);
    let second = settings("https://idp.one.example/v2", "secret-2");
    store.set_provider(one.id, Some(&second)).await.unwrap();
    assert_eq!(store.provider(one.id).await.unwrap(), Some(second));
    store.set_provider(one.id, None).await.unwrap();
    assert_eq!(store.provider(one.id).await.unwrap(), None);
}

/// `set_provider(None)` removes every link of the school, and only of that school.
pub async fn removing_the_provider_removes_the_schools_links<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: ExternalIdentityStore,
{
    let (one, admin_one) = school_with_admin(accounts, "one").await;
    let (two, admin_two) = school_with_admin(accounts, "two").await;
    for school in [&one, &two] {
        store
            .set_provider(school.id, Some(&settings("https://idp.example", "s")))
            .await
            .unwrap();
    }
    store
        .link_subject(one.id, admin_one.id, &subject("sub-1"))
        .await
        .unwrap();
    store
        .link_subject(two.id, admin_two.id, &subject("sub-1"))
        .await
        .unwrap();
    store.set_provider(one.id, None).await.unwrap();
    assert_eq!(store.subject_of(one.id, admin_one.id).await.unwrap(), None);
    assert_eq!(
        store
            .account_by_subject(one.id, &subject("sub-1"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .account_by_subject(two.id, &subject("sub-1"))
            .await
            .unwrap(),
        Some(admin_two.id)
    );
}

/// `link_subject`: a subject is unique per school; the same subject is free in another
/// school; a conflict changes nothing.
pub async fn a_subject_linked_to_another_account_conflicts_and_changes_nothing<A, E>(
    accounts: &A,
    store: &E,
) where
    A: AccountsStores,
    E: ExternalIdentityStore,
{
    let (one, admin) = school_with_admin(accounts, "one").await;
    let (two, other_admin) = school_with_admin(accounts, "two").await;
    let pupil = pupil_in(accounts, &one, "lotte").await;
    store
        .link_subject(one.id, admin.id, &subject("sub-a"))
        .await
        .unwrap();
    store
        .link_subject(one.id, pupil.id, &subject("sub-p"))
        .await
        .unwrap();
    let err = store
        .link_subject(one.id, pupil.id, &subject("sub-a"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(c) if c == SUBJECT_LINKED),
        "{err:?}"
    );
    assert_eq!(
        store.subject_of(one.id, pupil.id).await.unwrap(),
        Some(subject("sub-p"))
    );
    assert_eq!(
        store
            .account_by_subject(one.id, &subject("sub-a"))
            .await
            .unwrap(),
        Some(admin.id)
    );
    store
        .link_subject(two.id, other_admin.id, &subject("sub-a"))
        .await
        .unwrap();
    assert_eq!(
        store
            .account_by_subject(two.id, &subject("sub-a"))
            .await
            .unwrap(),
        Some(other_admin.id)
    );
    assert_eq!(
        store.subject_of(two.id, admin.id).await.unwrap(),
        None,
        "an account is looked up in its own school only"
    );
}

/// `link_subject`: linking again replaces the account's link; the same pair is a no-op.
pub async fn linking_again_replaces_the_accounts_link<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: ExternalIdentityStore,
{
    let (one, admin) = school_with_admin(accounts, "one").await;
    store
        .link_subject(one.id, admin.id, &subject("old"))
        .await
        .unwrap();
    store
        .link_subject(one.id, admin.id, &subject("old"))
        .await
        .unwrap();
    store
        .link_subject(one.id, admin.id, &subject("new"))
        .await
        .unwrap();
    assert_eq!(
        store.subject_of(one.id, admin.id).await.unwrap(),
        Some(subject("new"))
    );
    assert_eq!(
        store
            .account_by_subject(one.id, &subject("old"))
            .await
            .unwrap(),
        None
    );
}

/// `unlink_subject`: `true` once, then `false`.
pub async fn unlinking_is_idempotent<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: ExternalIdentityStore,
{
    let (one, admin) = school_with_admin(accounts, "one").await;
    store
        .link_subject(one.id, admin.id, &subject("s"))
        .await
        .unwrap();
    assert!(store.unlink_subject(one.id, admin.id).await.unwrap());
    assert!(!store.unlink_subject(one.id, admin.id).await.unwrap());
    assert_eq!(store.subject_of(one.id, admin.id).await.unwrap(), None);
}

fn pending(school: &School, state: &str, expires_at: DateTime<Utc>) -> PendingRecord {
    PendingRecord {
        state_hash: SecretHash::of(state.as_bytes()),
        school: school.id,
        purpose: PendingPurpose::SignIn,
        nonce: format!("nonce-{state}"),
        pkce_verifier: format!("verifier-{state}"),
        expires_at,
    }
}

/// `take_pending`: returns the round trip once, whatever the concurrency; unknown
/// states are `None`.
pub async fn a_pending_sign_in_is_taken_once_even_concurrently<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: PendingSignInStore,
{
    let (one, admin) = school_with_admin(accounts, "one").await;
    let record = pending(&one, "state-1", now() + Duration::minutes(10));
    let linking = PendingRecord {
        purpose: PendingPurpose::Link(admin.id),
        ..pending(&one, "state-2", now() + Duration::minutes(10))
    };
    store.save_pending(&record).await.unwrap();
    store.save_pending(&linking).await.unwrap();
    assert_eq!(
        store
            .take_pending(&SecretHash::of(b"unknown"), now())
            .await
            .unwrap(),
        None
    );
    let takes = (0..10).map(|_| store.take_pending(&record.state_hash, now()));
    let taken: Vec<_> = futures_join_all(takes)
        .await
        .into_iter()
        .filter_map(Result::unwrap)
        .collect();
    assert_eq!(taken, vec![record.clone()]);
    assert_eq!(
        store.take_pending(&record.state_hash, now()).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .take_pending(&linking.state_hash, now())
            .await
            .unwrap(),
        Some(linking)
    );
}

/// `take_pending`: an expired round trip is never returned, and is gone.
pub async fn an_expired_pending_sign_in_is_never_taken<A, E>(accounts: &A, store: &E)
where
    A: AccountsStores,
    E: PendingSignInStore,
{
    let (one, _) = school_with_admin(accounts, "one").await;
    let record = pending(&one, "state-1", now() + Duration::minutes(10));
    store.save_pending(&record).await.unwrap();
    assert_eq!(
        store
            .take_pending(&record.state_hash, now() + Duration::minutes(10))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.take_pending(&record.state_hash, now()).await.unwrap(),
        None
    );
}
use schoolbrug_kernel::join_all as futures_join_all;
