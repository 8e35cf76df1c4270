//! The `CoAccountLinkStore` port: links between co-accounts of different pupils, both
//! directions at once, never across schools; and their removal with a reset or erasure.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Two pupils of `school`, each with one co-account: (first co-account, second).
async fn two_families<S: AccountsStores>(store: &S, school: &School) -> (Account, Account) {
    let slug = school.slug.as_str();
    let lotte = pupil_in(store, school, &format!("lotte-{slug}")).await;
    let wout = pupil_in(store, school, &format!("wout-{slug}")).await;
    let a = co_account(&lotte, &format!("papa-lotte-{slug}"), 1);
    let b = co_account(&wout, &format!("papa-wout-{slug}"), 1);
    store.insert_account(&a).await.unwrap();
    store.insert_account(&b).await.unwrap();
    (a, b)
}

/// `link` stores both directions, a co-account may have several links, and `unlink`
/// removes both directions at once.
pub async fn linking_stores_both_directions_and_unlinking_removes_both<S: AccountsStores>(
    store: &S,
) {
    let (school, _) = school_with_admin(store, "a").await;
    let (a, b) = two_families(store, &school).await;
    let third_pupil = pupil_in(store, &school, "noor").await;
    let c = co_account(&third_pupil, "papa-noor", 2);
    store.insert_account(&c).await.unwrap();
    store.link(school.id, a.id, b.id, now()).await.unwrap();
    store.link(school.id, c.id, a.id, now()).await.unwrap();
    let mut expected = vec![b.id, c.id];
    expected.sort();
    assert_eq!(store.linked(school.id, a.id).await.unwrap(), expected);
    assert_eq!(store.linked(school.id, b.id).await.unwrap(), vec![a.id]);
    assert_eq!(store.linked(school.id, c.id).await.unwrap(), vec![a.id]);

    assert!(store.unlink(school.id, b.id, a.id).await.unwrap());
    assert_eq!(store.linked(school.id, a.id).await.unwrap(), vec![c.id]);
    assert!(store.linked(school.id, b.id).await.unwrap().is_empty());
    assert!(!store.unlink(school.id, a.id, b.id).await.unwrap());
}

/// `link`: linking a linked pair again is not an error and changes nothing.
pub async fn linking_a_linked_pair_again_changes_nothing<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let (a, b) = two_families(store, &school).await;
    store.link(school.id, a.id, b.id, now()).await.unwrap();
    store
        .link(school.id, b.id, a.id, now() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(store.linked(school.id, a.id).await.unwrap(), vec![b.id]);
    assert_eq!(store.linked(school.id, b.id).await.unwrap(), vec![a.id]);
}

/// `link`: a main account, the account itself, a co-account of the same pupil, an
/// unknown id and a co-account of another school are `NotFound`, and nothing is stored.
pub async fn only_co_accounts_of_different_pupils_of_one_school_are_linked<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other_school, _) = school_with_admin(store, "b").await;
    let (a, _) = two_families(store, &school).await;
    let (foreign, _) = two_families(store, &other_school).await;
    let pupil = a.pupil().unwrap();
    let pupil_account = store.account(school.id, pupil).await.unwrap().unwrap();
    let sibling_slot = co_account(&pupil_account, "mama-lotte", 2);
    store.insert_account(&sibling_slot).await.unwrap();

    for other in [
        admin.id,
        pupil,
        a.id,
        sibling_slot.id,
        AccountId::new(),
        foreign.id,
    ] {
        let err = store.link(school.id, a.id, other, now()).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{other}: {err:?}");
        let err = store.link(school.id, other, a.id, now()).await.unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{other}: {err:?}");
    }
    let err = store
        .link(other_school.id, a.id, foreign.id, now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    assert!(store.linked(school.id, a.id).await.unwrap().is_empty());
    assert!(
        store
            .linked(other_school.id, foreign.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `linked` and `unlink` stay in their school: asked with another school's id, a link is
/// neither seen nor removed.
pub async fn links_are_neither_read_nor_removed_from_another_school<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let (other_school, _) = school_with_admin(store, "b").await;
    let (a, b) = two_families(store, &school).await;
    store.link(school.id, a.id, b.id, now()).await.unwrap();
    assert!(
        store
            .linked(other_school.id, a.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(!store.unlink(other_school.id, a.id, b.id).await.unwrap());
    assert_eq!(store.linked(school.id, a.id).await.unwrap(), vec![b.id]);
}

/// `clear_password` (a co-account reset) removes every link of the account, both
/// directions, and no other link.
pub async fn clearing_a_password_removes_every_link_of_the_account<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let (a, b) = two_families(store, &school).await;
    let third_pupil = pupil_in(store, &school, "noor").await;
    let c = co_account(&third_pupil, "papa-noor", 1);
    store.insert_account(&c).await.unwrap();
    store.link(school.id, a.id, b.id, now()).await.unwrap();
    store.link(school.id, a.id, c.id, now()).await.unwrap();
    store.link(school.id, b.id, c.id, now()).await.unwrap();
    store.clear_password(school.id, a.id).await.unwrap();
    assert!(store.linked(school.id, a.id).await.unwrap().is_empty());
    assert_eq!(store.linked(school.id, b.id).await.unwrap(), vec![c.id]);
    assert_eq!(store.linked(school.id, c.id).await.unwrap(), vec![b.id]);
}

/// `erase_accounts` removes the links of an erased co-account, also when it goes with
/// its pupil, in both directions.
pub async fn erasing_removes_the_links_of_the_erased_co_accounts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let (a, b) = two_families(store, &school).await;
    store.link(school.id, a.id, b.id, now()).await.unwrap();
    store
        .erase_accounts(school.id, &[a.pupil().unwrap()])
        .await
        .unwrap();
    assert!(store.linked(school.id, b.id).await.unwrap().is_empty());
    assert!(store.linked(school.id, a.id).await.unwrap().is_empty());
}
