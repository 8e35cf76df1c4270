//! Administration: only admins administer, nothing crosses schools, security events in the
//! audit log, terms acceptance.

use super::*;

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
    let other_admin = w.admin_of_another_school().await;
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

#[tokio::test]
async fn an_account_address_is_one_mailbox_by_the_same_rule_as_a_forward_address() {
    let w = world().await;
    let err = w
        .accounts
        .create_account(
            &w.admin,
            NewAccount {
                username: "lotte".into(),
                first_name: "Lotte".into(),
                last_name: "Peeters".into(),
                roles: vec!["pupil".into()],
                birth_date: NaiveDate::from_ymd_opt(2012, 3, 14),
                email: Some("a@b.c,victim@evil.example".into()),
            },
        )
        .await
        .unwrap_err();
    let AccountsError::Invalid(fields) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    let fields: Vec<_> = fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(fields, [("email".to_owned(), "not_one_address".to_owned())]);
}
