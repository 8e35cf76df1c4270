//! Passwords: changing one (current password, throttled guessing, other sessions ended),
//! the policy's reasons, one-time codes.

use super::*;

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
