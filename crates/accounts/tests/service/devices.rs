//! Known devices (issue 9, row 3): the owner with the device token of an earlier sign-in
//! gets in with the right password however throttled the account and the address are for
//! unknown devices; that device's failures count against it alone, and after too many it
//! is forgotten.

use schoolbrug_accounts::SignedIn;
use schoolbrug_accounts::model::DeviceToken;
use schoolbrug_accounts::ports::DeviceStore as _;

use super::*;

const WRONG: &str = "verkeerd wachtwoord hier";

async fn attempt(
    w: &World,
    username: &str,
    password: &str,
    client: &str,
    device: Option<&DeviceToken>,
) -> Result<SignedIn, AccountsError> {
    w.accounts
        .sign_in(SignIn {
            school: None,
            username: username.into(),
            password: password.into(),
            client: Some(client.into()),
            device: device.cloned(),
            second_factor: None,
        })
        .await
}

/// Throttles `username` for unknown devices, and the address `client` too.
async fn throttle(w: &World, username: &str, client: &str) {
    for _ in 0..5 {
        let err = attempt(w, username, WRONG, client, None).await.unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    let err = attempt(w, username, PASSWORD, client, None)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn the_owner_with_a_known_device_gets_in_while_the_account_is_throttled() {
    let w = world().await;
    let device = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    // A stranger throttles the account, from the address the whole school shares.
    throttle(&w, "beheerder", "192.0.2.1").await;

    let signed_in = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", Some(&device))
        .await
        .unwrap();
    assert_eq!(signed_in.device, device, "a trusted token is kept");
    w.accounts.authenticate(&signed_in.token).await.unwrap();
    // Unknown devices are still throttled: the owner's success did not clear their count.
    let err = attempt(&w, "beheerder", PASSWORD, "203.0.113.9", None)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn a_sign_in_from_an_unknown_device_hands_out_a_new_token() {
    let w = world().await;
    let first = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    let second = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    assert_ne!(first, second);
    let made_up = DeviceToken::generate();
    let third = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", Some(&made_up))
        .await
        .unwrap()
        .device;
    assert_ne!(
        third, made_up,
        "a token the server never issued is not adopted"
    );
    for token in [&first, &second, &third] {
        assert!(
            w.store
                .known_device(w.admin.school, &token.hash())
                .await
                .unwrap()
                .is_some()
        );
    }
}

#[tokio::test]
async fn failures_from_a_known_device_count_against_it_alone() {
    let w = world().await;
    let device = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    for _ in 0..5 {
        let err = attempt(&w, "beheerder", WRONG, "192.0.2.1", Some(&device))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    // Neither the account nor the address counted them: an unknown device still has
    // its five free guesses and gets in.
    attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_device_with_too_many_failures_is_forgotten_and_counts_like_any_other() {
    let w = world().await;
    let device = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    for _ in 0..5 {
        attempt(&w, "beheerder", WRONG, "192.0.2.1", Some(&device))
            .await
            .unwrap_err();
    }
    // The sixth wrong password forgets the device; from then on its attempts count
    // against the account and the address, like an unknown device's.
    attempt(&w, "beheerder", WRONG, "192.0.2.1", Some(&device))
        .await
        .unwrap_err();
    assert!(
        w.store
            .known_device(w.admin.school, &device.hash())
            .await
            .unwrap()
            .is_none()
    );
    let forgotten = w
        .accounts
        .audit_events(&w.admin, Some(w.admin.account), &PageRequest::first())
        .await
        .unwrap();
    assert!(
        forgotten
            .items
            .iter()
            .any(|e| e.kind == audit::DEVICE_FORGOTTEN && e.account == Some(w.admin.account))
    );
    for _ in 0..4 {
        attempt(&w, "beheerder", WRONG, "192.0.2.1", Some(&device))
            .await
            .unwrap_err();
    }
    let err = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", Some(&device))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn a_devices_token_vouches_for_its_own_account_only() {
    let w = world().await;
    w.pupil("lotte").await;
    let admins = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    throttle(&w, "lotte", "192.0.2.1").await;
    let err = attempt(&w, "lotte", PASSWORD, "192.0.2.1", Some(&admins))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn a_device_unused_for_its_lifetime_is_no_longer_trusted() {
    let w = world().await;
    let device = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    w.clock.advance(Duration::days(181));
    throttle(&w, "beheerder", "192.0.2.1").await;
    let err = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", Some(&device))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
    w.accounts.purge_expired().await.unwrap();
    assert!(
        w.store
            .known_device(w.admin.school, &device.hash())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn logging_out_everywhere_forgets_the_accounts_devices() {
    let w = world().await;
    let signed_in = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap();
    let actor = w.accounts.authenticate(&signed_in.token).await.unwrap();
    w.accounts.sign_out_everywhere(&actor).await.unwrap();
    assert!(
        w.store
            .known_device(w.admin.school, &signed_in.device.hash())
            .await
            .unwrap()
            .is_none()
    );
    throttle(&w, "beheerder", "192.0.2.1").await;
    let err = attempt(
        &w,
        "beheerder",
        PASSWORD,
        "192.0.2.1",
        Some(&signed_in.device),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

/// The row-1 burst with the owner among it: 300 parallel wrong passwords from strangers,
/// and the owner's right password from a known device gets in all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_owner_gets_in_during_a_burst_of_three_hundred_wrong_passwords() {
    let w = world().await;
    let device = attempt(&w, "beheerder", PASSWORD, "192.0.2.1", None)
        .await
        .unwrap()
        .device;
    let barrier = Arc::new(tokio::sync::Barrier::new(301));
    let mut tasks: Vec<_> = (0..300)
        .map(|i| {
            let accounts = w.accounts.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                accounts
                    .sign_in(SignIn {
                        school: None,
                        username: "beheerder".into(),
                        password: format!("verkeerd wachtwoord nummer {i}"),
                        client: Some("192.0.2.1".into()),
                        device: None,
                        second_factor: None,
                    })
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    let owner = {
        let accounts = w.accounts.clone();
        let barrier = barrier.clone();
        tokio::spawn(async move {
            barrier.wait().await;
            accounts
                .sign_in(SignIn {
                    school: None,
                    username: "beheerder".into(),
                    password: PASSWORD.into(),
                    client: Some("192.0.2.1".into()),
                    device: Some(device),
                    second_factor: None,
                })
                .await
                .map(|_| ())
        })
    };
    owner.await.unwrap().unwrap();
    let (mut unauthenticated, mut throttled) = (0, 0);
    for task in tasks.drain(..) {
        match task.await.unwrap() {
            Err(AccountsError::Unauthenticated) => unauthenticated += 1,
            Err(AccountsError::Throttled { .. }) => throttled += 1,
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    assert_eq!((unauthenticated, throttled), (5, 295));
}
