//! Throttled sign-in: failures counted, forgotten after a success, lifted after their
//! delay.

use super::*;

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
