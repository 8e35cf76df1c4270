//! Sign-in and sessions: the same answer for an unknown user and a wrong password, tokens
//! bound to their school, idle and absolute expiry, logout, logout everywhere.

use super::*;

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
async fn logging_out_everywhere_ends_every_session_of_the_account_and_no_other() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let (actor, here) = w.actor("lotte").await;
    let (_, elsewhere) = w.actor("lotte").await;
    let (admin, admins) = w.actor("beheerder").await;

    assert_eq!(w.accounts.sign_out_everywhere(&actor).await.unwrap(), 2);

    assert!(w.accounts.authenticate(&here).await.is_err());
    assert!(w.accounts.authenticate(&elsewhere).await.is_err());
    assert_eq!(w.accounts.authenticate(&admins).await.unwrap(), admin);
    let audit = w
        .accounts
        .audit_events(&w.admin, Some(pupil), &PageRequest::first())
        .await
        .unwrap();
    assert!(
        audit
            .items
            .iter()
            .any(|e| e.kind == audit::SIGNED_OUT_EVERYWHERE)
    );
}
