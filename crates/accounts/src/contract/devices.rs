//! The `DeviceStore` port: devices remembered per account up to a limit, found and touched
//! only in their school, forgotten one by one, per account, on erasure and when unused.

#[allow(clippy::wildcard_imports)]
use super::*;

fn device_of(account: &Account, token: &DeviceToken, used: DateTime<Utc>) -> KnownDevice {
    KnownDevice {
        token_hash: token.hash(),
        school: account.school,
        account: account.id,
        created_at: used,
        last_used_at: used,
    }
}

/// `remember_device`, `known_device`, `touch_device`, `forget_device`: found in its own
/// school only, moved by a touch, gone when forgotten.
pub async fn a_device_is_remembered_touched_and_forgotten_in_its_school<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    let token = DeviceToken::generate();
    let device = device_of(&admin, &token, now());
    store.remember_device(&device, 20).await.unwrap();
    assert_eq!(
        store.known_device(school.id, &token.hash()).await.unwrap(),
        Some(device.clone())
    );
    assert!(
        store
            .known_device(other.id, &token.hash())
            .await
            .unwrap()
            .is_none()
    );

    let later = now() + Duration::days(3);
    store
        .touch_device(other.id, &token.hash(), later)
        .await
        .unwrap();
    store.forget_device(other.id, &token.hash()).await.unwrap();
    assert_eq!(
        store.known_device(school.id, &token.hash()).await.unwrap(),
        Some(device.clone()),
        "another school touched or forgot the device"
    );
    store
        .touch_device(school.id, &token.hash(), later)
        .await
        .unwrap();
    let touched = store
        .known_device(school.id, &token.hash())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(touched.last_used_at, later);
    assert_eq!(touched.created_at, now());

    store.forget_device(school.id, &token.hash()).await.unwrap();
    store.forget_device(school.id, &token.hash()).await.unwrap();
    assert!(
        store
            .known_device(school.id, &token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `remember_device`: an account of another school, or none, is `NotFound`, nothing kept.
pub async fn a_device_of_an_unknown_account_is_not_found<S: AccountsStores>(store: &S) {
    let (_, admin) = school_with_admin(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    let token = DeviceToken::generate();
    let mut device = device_of(&admin, &token, now());
    device.school = other.id;
    assert!(matches!(
        store.remember_device(&device, 20).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .known_device(other.id, &token.hash())
            .await
            .unwrap()
            .is_none()
    );
}

/// `remember_device`: beyond `keep`, the account's least recently used devices go, and
/// no other account's.
pub async fn remembering_beyond_the_limit_forgets_the_least_recently_used<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let theirs = DeviceToken::generate();
    store
        .remember_device(&device_of(&pupil, &theirs, now()), 3)
        .await
        .unwrap();
    let tokens: Vec<DeviceToken> = (0..4).map(|_| DeviceToken::generate()).collect();
    for (i, token) in tokens[..3].iter().enumerate() {
        let used = now() + Duration::minutes(i64::try_from(i).unwrap());
        store
            .remember_device(&device_of(&admin, token, used), 3)
            .await
            .unwrap();
    }
    // The first is used again: now the second is the least recently used.
    store
        .touch_device(school.id, &tokens[0].hash(), now() + Duration::hours(1))
        .await
        .unwrap();
    store
        .remember_device(
            &device_of(&admin, &tokens[3], now() + Duration::hours(2)),
            3,
        )
        .await
        .unwrap();
    let mut kept = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if store
            .known_device(school.id, &token.hash())
            .await
            .unwrap()
            .is_some()
        {
            kept.push(i);
        }
    }
    assert_eq!(kept, vec![0, 2, 3], "#1 was the least recently used");
    assert!(
        store
            .known_device(school.id, &theirs.hash())
            .await
            .unwrap()
            .is_some(),
        "another account's device went"
    );
}

/// `forget_devices`: every device of the account, no other account's or school's.
pub async fn forgetting_an_accounts_devices_forgets_all_and_no_others<S: AccountsStores>(
    store: &S,
) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other, other_admin) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mine = [DeviceToken::generate(), DeviceToken::generate()];
    for token in &mine {
        store
            .remember_device(&device_of(&admin, token, now()), 20)
            .await
            .unwrap();
    }
    let (pupils, others) = (DeviceToken::generate(), DeviceToken::generate());
    store
        .remember_device(&device_of(&pupil, &pupils, now()), 20)
        .await
        .unwrap();
    store
        .remember_device(&device_of(&other_admin, &others, now()), 20)
        .await
        .unwrap();
    assert_eq!(store.forget_devices(other.id, admin.id).await.unwrap(), 0);
    assert_eq!(store.forget_devices(school.id, admin.id).await.unwrap(), 2);
    for token in &mine {
        assert!(
            store
                .known_device(school.id, &token.hash())
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        store
            .known_device(school.id, &pupils.hash())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .known_device(other.id, &others.hash())
            .await
            .unwrap()
            .is_some()
    );
}

/// `erase_accounts` forgets the devices of the erased accounts; `purge_devices` those
/// unused since before the cut-off, in every school.
pub async fn erasing_and_purging_forget_devices<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other, other_admin) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let pupils = DeviceToken::generate();
    store
        .remember_device(&device_of(&pupil, &pupils, now()), 20)
        .await
        .unwrap();
    store.erase_accounts(school.id, &[pupil.id]).await.unwrap();
    assert!(
        store
            .known_device(school.id, &pupils.hash())
            .await
            .unwrap()
            .is_none()
    );

    let (old, fresh) = (DeviceToken::generate(), DeviceToken::generate());
    store
        .remember_device(&device_of(&admin, &old, now()), 20)
        .await
        .unwrap();
    store
        .remember_device(
            &device_of(&other_admin, &fresh, now() + Duration::days(2)),
            20,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .purge_devices(now() + Duration::days(1))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .known_device(school.id, &old.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .known_device(other.id, &fresh.hash())
            .await
            .unwrap()
            .is_some()
    );
}
