//! The second factor (TOTP): enrolment confirmed by a first code, sign-in with a code,
//! replay refused, drift of one step, recovery codes used once, wrong codes throttled,
//! the school's rule for staff, and an admin's audited removal that stays in its school.

use schoolbrug_accounts::model::{OneTimeCode, TotpSecret};
use schoolbrug_kernel::Clock as _;

use super::*;

async fn sign_in_with(
    accounts: &Accounts,
    username: &str,
    code: Option<&str>,
) -> Result<SessionToken, AccountsError> {
    accounts
        .sign_in(SignIn {
            school: None,
            username: username.into(),
            password: PASSWORD.into(),
            client: Some("198.51.100.7".into()),
            second_factor: code.map(str::to_owned),
            device: None,
        })
        .await
        .map(|s| s.token)
}

impl World {
    async fn teacher(&self, username: &str) -> AccountId {
        let teacher = self
            .accounts
            .create_account(
                &self.admin,
                NewAccount {
                    username: username.into(),
                    first_name: "Els".into(),
                    last_name: "Maes".into(),
                    roles: vec!["teacher".into()],
                    birth_date: None,
                    email: None,
                },
            )
            .await
            .unwrap();
        let (code, _) = self
            .accounts
            .issue_reset_code(&self.admin, teacher.id)
            .await
            .unwrap();
        set_password(&self.accounts, username, code.expose()).await;
        teacher.id
    }

    /// Enrols `actor`, confirming with the current code: the secret and recovery codes.
    async fn enrol(&self, actor: &Actor) -> (TotpSecret, Vec<OneTimeCode>) {
        let enrolment = self.accounts.start_totp(actor).await.unwrap();
        let code = enrolment.secret.code_at(self.clock.now());
        let codes = self.accounts.confirm_totp(actor, &code).await.unwrap();
        (enrolment.secret, codes)
    }

    /// The code of the next time step, after moving the clock there (a code is accepted
    /// once, so each sign-in of a test takes the next step).
    fn next_code(&self, secret: &TotpSecret) -> String {
        self.clock.advance(Duration::seconds(30));
        secret.code_at(self.clock.now())
    }

    async fn kinds_of(&self, account: AccountId) -> Vec<AuditKind> {
        self.accounts
            .audit_events(&self.admin, Some(account), &PageRequest::first())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

#[tokio::test]
async fn a_started_enrolment_is_not_asked_at_sign_in_until_it_is_confirmed() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let enrolment = w.accounts.start_totp(&els).await.unwrap();
    assert!(enrolment.otpauth_uri.starts_with("otpauth://totp/"));
    assert!(
        enrolment
            .otpauth_uri
            .contains(&enrolment.secret.to_base32())
    );
    assert!(enrolment.otpauth_uri.contains("els"));
    sign_in_with(&w.accounts, "els", None).await.unwrap();
    let status = w.accounts.second_factor_status(&els).await.unwrap();
    assert!(status.pending && !status.active);
}

#[tokio::test]
async fn a_wrong_first_code_is_refused_and_the_right_one_gives_ten_recovery_codes() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let enrolment = w.accounts.start_totp(&els).await.unwrap();
    let wrong = enrolment
        .secret
        .code_at(w.clock.now() + Duration::minutes(5));
    let err = w.accounts.confirm_totp(&els, &wrong).await.unwrap_err();
    assert!(
        matches!(&err, AccountsError::Invalid(f) if f[0].field == "code" && f[0].code == "wrong_code"),
        "{err:?}"
    );
    let right = enrolment.secret.code_at(w.clock.now());
    let codes = w.accounts.confirm_totp(&els, &right).await.unwrap();
    assert_eq!(codes.len(), 10);
    let status = w.accounts.second_factor_status(&els).await.unwrap();
    assert!(status.active);
    assert_eq!(status.recovery_codes_left, 10);
    assert!(
        w.kinds_of(els.account)
            .await
            .contains(&audit::SECOND_FACTOR_ENABLED)
    );
}

#[tokio::test]
async fn an_enrolled_account_needs_its_code_after_the_right_password() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    let err = sign_in_with(&w.accounts, "els", None).await.unwrap_err();
    assert!(
        matches!(err, AccountsError::SecondFactorRequired),
        "{err:?}"
    );
    let code = w.next_code(&secret);
    let token = sign_in_with(&w.accounts, "els", Some(&code)).await.unwrap();
    assert_eq!(
        w.accounts.authenticate(&token).await.unwrap().account,
        els.account
    );
}

#[tokio::test]
async fn a_known_device_still_needs_the_code() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    let code = w.next_code(&secret);
    let first = w
        .accounts
        .sign_in(SignIn {
            school: None,
            username: "els".into(),
            password: PASSWORD.into(),
            client: Some("198.51.100.7".into()),
            second_factor: Some(code),
            device: None,
        })
        .await
        .unwrap();
    let again = |code: Option<String>| SignIn {
        school: None,
        username: "els".into(),
        password: PASSWORD.into(),
        client: Some("198.51.100.7".into()),
        second_factor: code,
        device: Some(first.device.clone()),
    };
    let err = w.accounts.sign_in(again(None)).await.unwrap_err();
    assert!(
        matches!(err, AccountsError::SecondFactorRequired),
        "{err:?}"
    );
    let code = w.next_code(&secret);
    let signed_in = w.accounts.sign_in(again(Some(code))).await.unwrap();
    assert_eq!(signed_in.device, first.device);
}

#[tokio::test]
async fn a_wrong_password_with_a_right_code_is_still_a_wrong_password() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    let code = w.next_code(&secret);
    let err = w
        .accounts
        .sign_in(SignIn {
            school: None,
            username: "els".into(),
            password: OTHER_PASSWORD.into(),
            client: None,
            second_factor: Some(code),
            device: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
}

#[tokio::test]
async fn a_code_is_accepted_once() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    // The code that confirmed the enrolment is spent already.
    let confirmed_with = secret.code_at(w.clock.now());
    let err = sign_in_with(&w.accounts, "els", Some(&confirmed_with))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::SecondFactorInvalid), "{err:?}");
    let code = w.next_code(&secret);
    sign_in_with(&w.accounts, "els", Some(&code)).await.unwrap();
    let err = sign_in_with(&w.accounts, "els", Some(&code))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::SecondFactorInvalid), "{err:?}");
}

#[tokio::test]
async fn one_step_of_drift_either_way_is_accepted() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    // The phone runs 30 s behind: its code is of the step before the server's.
    w.clock.advance(Duration::seconds(90));
    let behind = secret.code_at(w.clock.now() - Duration::seconds(30));
    sign_in_with(&w.accounts, "els", Some(&behind))
        .await
        .unwrap();
    // The phone runs 30 s ahead.
    let ahead = secret.code_at(w.clock.now() + Duration::seconds(30));
    sign_in_with(&w.accounts, "els", Some(&ahead))
        .await
        .unwrap();
}

#[tokio::test]
async fn two_steps_of_drift_either_way_are_refused() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    w.clock.advance(Duration::minutes(5));
    let now = w.clock.now();
    for offset in [-60, 60] {
        let code = secret.code_at(now + Duration::seconds(offset));
        // A code of two steps away that equals a nearer step's by chance (1 in 10^6)
        // would be that step's code; the test then proves nothing, so it skips it.
        if [-30, 0, 30]
            .iter()
            .any(|d| secret.code_at(now + Duration::seconds(*d)) == code)
        {
            continue;
        }
        let err = sign_in_with(&w.accounts, "els", Some(&code))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::SecondFactorInvalid), "{err:?}");
    }
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_is_audited() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (_, codes) = w.enrol(&els).await;
    let code = codes[4].expose().to_lowercase();
    sign_in_with(&w.accounts, "els", Some(&code)).await.unwrap();
    let err = sign_in_with(&w.accounts, "els", Some(&code))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::SecondFactorInvalid), "{err:?}");
    // The others still work.
    sign_in_with(&w.accounts, "els", Some(codes[5].expose()))
        .await
        .unwrap();
    assert_eq!(
        w.accounts
            .second_factor_status(&els)
            .await
            .unwrap()
            .recovery_codes_left,
        8
    );
    assert!(
        w.kinds_of(els.account)
            .await
            .contains(&audit::RECOVERY_CODE_USED)
    );
}

#[tokio::test]
async fn wrong_codes_are_throttled_like_passwords() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    for _ in 0..5 {
        let err = sign_in_with(&w.accounts, "els", Some("000000"))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::SecondFactorInvalid), "{err:?}");
    }
    let code = secret.code_at(w.clock.now() + Duration::seconds(30));
    let err = sign_in_with(&w.accounts, "els", Some(&code))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AccountsError::Throttled { retry_after_secs } if retry_after_secs >= 1),
        "{err:?}"
    );
    // After the delay, the right code gets in and the count is forgotten.
    w.clock.advance(Duration::seconds(31));
    let code = secret.code_at(w.clock.now());
    sign_in_with(&w.accounts, "els", Some(&code)).await.unwrap();
}

#[tokio::test]
async fn turning_it_off_takes_a_code_and_then_the_password_alone_signs_in() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    let (secret, _) = w.enrol(&els).await;
    let err = w.accounts.disable_totp(&els, "000000").await.unwrap_err();
    assert!(
        matches!(&err, AccountsError::Invalid(f) if f[0].code == "wrong_code"),
        "{err:?}"
    );
    let code = w.next_code(&secret);
    w.accounts.disable_totp(&els, &code).await.unwrap();
    sign_in_with(&w.accounts, "els", None).await.unwrap();
    assert!(
        w.kinds_of(els.account)
            .await
            .contains(&audit::SECOND_FACTOR_DISABLED)
    );
}

#[tokio::test]
async fn a_second_enrolment_while_one_is_active_conflicts() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    w.enrol(&els).await;
    let err = w.accounts.start_totp(&els).await.unwrap_err();
    assert!(
        matches!(&err, AccountsError::Conflict(c) if c.code() == "second_factor_active"),
        "{err:?}"
    );
}

#[tokio::test]
async fn staff_without_a_second_factor_must_enrol_when_the_school_requires_it_and_pupils_not() {
    let w = world().await;
    w.teacher("els").await;
    w.pupil("lotte").await;
    let (els, _) = w.actor("els").await;
    let (lotte, _) = w.actor("lotte").await;
    assert!(
        !w.accounts
            .second_factor_enrolment_required(&els)
            .await
            .unwrap()
    );
    w.accounts
        .set_second_factor_policy(&w.admin, true)
        .await
        .unwrap();
    assert!(w.accounts.second_factor_policy(&w.admin).await.unwrap());
    assert!(
        w.accounts
            .second_factor_enrolment_required(&els)
            .await
            .unwrap()
    );
    assert!(
        w.accounts
            .second_factor_enrolment_required(&w.admin)
            .await
            .unwrap()
    );
    assert!(
        !w.accounts
            .second_factor_enrolment_required(&lotte)
            .await
            .unwrap()
    );
    w.enrol(&els).await;
    assert!(
        !w.accounts
            .second_factor_enrolment_required(&els)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn only_an_admin_sets_the_school_rule() {
    let w = world().await;
    w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    assert!(matches!(
        w.accounts.set_second_factor_policy(&els, true).await,
        Err(AccountsError::NotFound)
    ));
    assert!(!w.accounts.second_factor_policy(&w.admin).await.unwrap());
}

#[tokio::test]
async fn an_admin_removes_a_lost_second_factor_and_it_is_audited() {
    let w = world().await;
    let teacher = w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    w.enrol(&els).await;
    w.accounts
        .remove_second_factor(&w.admin, teacher)
        .await
        .unwrap();
    sign_in_with(&w.accounts, "els", None).await.unwrap();
    let events = w
        .accounts
        .audit_events(&w.admin, Some(teacher), &PageRequest::first())
        .await
        .unwrap();
    let removed = events
        .items
        .iter()
        .find(|e| e.kind == audit::SECOND_FACTOR_REMOVED)
        .unwrap();
    assert_eq!(removed.actor, Some(w.admin.account));
    // Nothing left to remove.
    assert!(matches!(
        w.accounts.remove_second_factor(&w.admin, teacher).await,
        Err(AccountsError::NotFound)
    ));
}

#[tokio::test]
async fn a_teacher_cannot_remove_anothers_second_factor() {
    let w = world().await;
    let teacher = w.teacher("els").await;
    w.teacher("jan").await;
    let (els, _) = w.actor("els").await;
    let (jan, _) = w.actor("jan").await;
    w.enrol(&els).await;
    assert!(matches!(
        w.accounts.remove_second_factor(&jan, teacher).await,
        Err(AccountsError::NotFound)
    ));
    assert!(w.accounts.second_factor_status(&els).await.unwrap().active);
}

#[tokio::test]
async fn an_admin_of_another_school_cannot_remove_a_second_factor() {
    let w = world().await;
    let teacher = w.teacher("els").await;
    let (els, _) = w.actor("els").await;
    w.enrol(&els).await;
    let other_admin = w.admin_of_another_school().await;
    assert!(matches!(
        w.accounts.remove_second_factor(&other_admin, teacher).await,
        Err(AccountsError::NotFound)
    ));
    assert!(w.accounts.second_factor_status(&els).await.unwrap().active);
    // Its rule is its own.
    w.accounts
        .set_second_factor_policy(&other_admin, true)
        .await
        .unwrap();
    assert!(!w.accounts.second_factor_policy(&w.admin).await.unwrap());
}
