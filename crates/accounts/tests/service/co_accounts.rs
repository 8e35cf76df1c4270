//! Co-accounts: at most six per pupil, acting for the pupil, end dates, leaving with the
//! pupil, resets.

use super::*;

#[tokio::test]
async fn a_pupil_has_at_most_six_co_accounts_and_a_slot_holds_one() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    for slot in 1..=6 {
        w.co_account(pupil, &format!("co{slot}"), slot)
            .await
            .unwrap();
    }
    let seventh = w.co_account(pupil, "co7", 7).await.unwrap_err();
    assert!(
        matches!(&seventh, AccountsError::Invalid(f) if f[0].field == "slot"),
        "{seventh:?}"
    );
    let taken = w.co_account(pupil, "co-extra", 3).await.unwrap_err();
    assert!(matches!(taken, AccountsError::Conflict(c) if c.code() == "slot_taken"));
}

#[tokio::test]
async fn a_co_account_acts_for_its_pupil_and_sees_it() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let (actor, _) = w.actor("mama.lotte").await;
    assert_eq!(actor.pupil_of_co_account(), Some(pupil));
    let me = w.accounts.me(&actor).await.unwrap();
    assert_eq!(me.pupil.as_ref().unwrap().id, pupil);
    assert!(me.roles().is_empty());
}

#[tokio::test]
async fn a_co_account_past_its_end_date_cannot_sign_in() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let co = w
        .accounts
        .add_co_account(
            &w.admin,
            pupil,
            NewCoAccount {
                slot: 2,
                relation: "homework_tutor".into(),
                username: "tutor".into(),
                first_name: "Bart".into(),
                last_name: "Claes".into(),
                active_until: NaiveDate::from_ymd_opt(2026, 9, 30),
                ..NewCoAccount::default()
            },
        )
        .await
        .unwrap();
    let (code, _) = w.accounts.issue_reset_code(&w.admin, co.id).await.unwrap();
    set_password(&w.accounts, "tutor", code.expose()).await;
    sign_in(&w.accounts, "tutor", PASSWORD).await.unwrap();
    w.clock.advance(Duration::days(31));
    assert!(sign_in(&w.accounts, "tutor", PASSWORD).await.is_err());
}

#[tokio::test]
async fn a_pupil_who_leaves_takes_every_co_account_and_their_data_along() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let mama = w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let papa = w.co_account(pupil, "papa.lotte", 2).await.unwrap();
    let (_, mama_session) = w.actor("mama.lotte").await;

    let erased = w.accounts.erase_account(&w.admin, pupil).await.unwrap();

    assert_eq!(erased.len(), 3);
    assert!(w.accounts.authenticate(&mama_session).await.is_err());
    assert!(sign_in(&w.accounts, "lotte", PASSWORD).await.is_err());
    assert!(sign_in(&w.accounts, "papa.lotte", PASSWORD).await.is_err());
    let hooked = w.erased.lock().unwrap().clone();
    for id in [pupil, mama, papa] {
        assert!(hooked.contains(&id), "erasure hook not called for {id}");
    }
    let audit = w
        .accounts
        .audit_events(&w.admin, Some(pupil), &PageRequest::first())
        .await
        .unwrap();
    assert!(audit.items.iter().any(|e| e.kind == audit::ACCOUNT_ERASED));
}

#[tokio::test]
async fn resetting_a_co_account_wipes_its_data_and_only_a_new_code_opens_it() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    let mama = w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let (_, session) = w.actor("mama.lotte").await;
    let (code, _) = w.accounts.reset_co_account(&w.admin, mama).await.unwrap();
    assert!(w.accounts.authenticate(&session).await.is_err());
    assert!(sign_in(&w.accounts, "mama.lotte", PASSWORD).await.is_err());
    assert_eq!(w.erased.lock().unwrap().as_slice(), &[mama]);
    set_password(&w.accounts, "mama.lotte", code.expose()).await;
    sign_in(&w.accounts, "mama.lotte", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn a_main_account_cannot_be_reset_as_a_co_account() {
    let w = world().await;
    let pupil = w.pupil("lotte").await;
    assert!(matches!(
        w.accounts.reset_co_account(&w.admin, pupil).await,
        Err(AccountsError::NotFound)
    ));
}
