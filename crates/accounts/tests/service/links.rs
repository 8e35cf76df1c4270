//! Linking co-accounts: one parent, a co-account per child, one sign-in for all; and the
//! attacks on it (another school, a main account, the same pupil, guessing passwords).

use schoolbrug_accounts::{LinkCoAccount, LinkedCoAccount};

use super::*;

fn link(username: &str, password: &str) -> LinkCoAccount {
    LinkCoAccount {
        school: None,
        username: username.into(),
        password: password.into(),
        client: Some("198.51.100.9".into()),
        second_factor: None,
    }
}

/// A father with a co-account for Lotte and one for Wout, signed in as Lotte's.
struct Family {
    papa_lotte: Actor,
    papa_lotte_id: AccountId,
    papa_wout: AccountId,
    wout: AccountId,
}

async fn family(w: &World) -> Family {
    let lotte = w.pupil("lotte").await;
    let wout = w.pupil("wout").await;
    let papa_lotte_id = w.co_account(lotte, "papa.lotte", 1).await.unwrap();
    let papa_wout = w.co_account(wout, "papa.wout", 1).await.unwrap();
    let (papa_lotte, _) = w.actor("papa.lotte").await;
    Family {
        papa_lotte,
        papa_lotte_id,
        papa_wout,
        wout,
    }
}

fn kinds(events: &[schoolbrug_accounts::model::AuditEvent]) -> Vec<AuditKind> {
    events.iter().map(|e| e.kind.clone()).collect()
}

#[tokio::test]
async fn a_co_account_links_another_with_its_password_and_both_see_the_link() {
    let w = world().await;
    let f = family(&w).await;
    let linked = w
        .accounts
        .link_co_account(&f.papa_lotte, link("papa.wout", PASSWORD))
        .await
        .unwrap();
    assert_eq!(linked, f.papa_wout);
    let links = w.accounts.links(&f.papa_lotte).await.unwrap();
    assert_eq!(
        links,
        vec![LinkedCoAccount {
            id: f.papa_wout,
            first_name: "An".into(),
            last_name: "Janssens".into(),
            pupil: f.wout,
            pupil_name: "Lotte Peeters".into(),
        }]
    );
    let (papa_wout, _) = w.actor("papa.wout").await;
    let back = w.accounts.links(&papa_wout).await.unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].id, f.papa_lotte_id);

    // Again: success, nothing new, no second event.
    w.accounts
        .link_co_account(&f.papa_lotte, link("papa.wout", PASSWORD))
        .await
        .unwrap();
    assert_eq!(w.accounts.links(&f.papa_lotte).await.unwrap().len(), 1);
    let events = w
        .accounts
        .audit_events(&w.admin, None, &PageRequest::default())
        .await
        .unwrap();
    let linked_events = kinds(&events.items)
        .into_iter()
        .filter(|k| *k == audit::CO_ACCOUNT_LINKED)
        .count();
    assert_eq!(linked_events, 1);

    w.accounts
        .unlink_co_account(&papa_wout, f.papa_lotte_id)
        .await
        .unwrap();
    assert!(w.accounts.links(&f.papa_lotte).await.unwrap().is_empty());
    let again = w
        .accounts
        .unlink_co_account(&papa_wout, f.papa_lotte_id)
        .await
        .unwrap_err();
    assert!(matches!(again, AccountsError::NotFound), "{again:?}");
    let events = w
        .accounts
        .audit_events(&w.admin, None, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(kinds(&events.items)[0], audit::CO_ACCOUNT_UNLINKED);
}

#[tokio::test]
async fn a_wrong_password_an_unknown_name_a_main_account_itself_and_the_same_pupil_answer_alike() {
    let w = world().await;
    let f = family(&w).await;
    let lotte = w.accounts.me(&f.papa_lotte).await.unwrap().pupil.unwrap();
    w.co_account(lotte.id, "mama.lotte", 2).await.unwrap();
    for (i, (username, password)) in [
        ("papa.wout", OTHER_PASSWORD),
        ("nobody", PASSWORD),
        ("wout", PASSWORD),
        ("beheerder", PASSWORD),
        ("papa.lotte", PASSWORD),
        ("mama.lotte", PASSWORD),
    ]
    .into_iter()
    .enumerate()
    {
        // Each from its own address: this is about the answers, not the throttle.
        let mut request = link(username, password);
        request.client = Some(format!("203.0.113.{i}"));
        let err = w
            .accounts
            .link_co_account(&f.papa_lotte, request)
            .await
            .unwrap_err();
        assert!(
            matches!(err, AccountsError::Unauthenticated),
            "{username}: {err:?}"
        );
    }
    assert!(w.accounts.links(&f.papa_lotte).await.unwrap().is_empty());
    let events = w
        .accounts
        .audit_events(&w.admin, None, &PageRequest::default())
        .await
        .unwrap();
    assert!(
        events
            .items
            .iter()
            .take(6)
            .all(|e| e.kind == audit::SIGN_IN_FAILED && e.actor == Some(f.papa_lotte_id))
    );
}

#[tokio::test]
async fn another_schools_co_account_is_never_linked_even_with_its_password() {
    let w = world().await;
    let f = family(&w).await;
    let other_admin = w.admin_of_another_school().await;
    let pupil = w
        .accounts
        .create_account(
            &other_admin,
            NewAccount {
                username: "noor".into(),
                first_name: "Noor".into(),
                last_name: "Maes".into(),
                roles: vec!["pupil".into()],
                ..NewAccount::default()
            },
        )
        .await
        .unwrap();
    let co = w
        .accounts
        .add_co_account(
            &other_admin,
            pupil.id,
            NewCoAccount {
                slot: 1,
                relation: "father".into(),
                username: "papa.noor".into(),
                first_name: "Piet".into(),
                last_name: "Maes".into(),
                ..NewCoAccount::default()
            },
        )
        .await
        .unwrap();
    let (code, _) = w
        .accounts
        .issue_reset_code(&other_admin, co.id)
        .await
        .unwrap();
    w.accounts
        .reset_password(ResetPassword {
            school: Some("atheneum".into()),
            username: "papa.noor".into(),
            code: code.expose().into(),
            new: PASSWORD.into(),
            repeat: PASSWORD.into(),
            client: None,
        })
        .await
        .unwrap();
    for school in [Some("atheneum"), None] {
        let mut request = link("papa.noor", PASSWORD);
        request.school = school.map(Into::into);
        let err = w
            .accounts
            .link_co_account(&f.papa_lotte, request)
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    // The admin of the other school cannot link across either.
    let err = w
        .accounts
        .link_co_accounts(&other_admin, co.id, f.papa_wout)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    // Naming one's own school is fine.
    let mut own = link("papa.wout", PASSWORD);
    own.school = Some("sint-jan".into());
    w.accounts
        .link_co_account(&f.papa_lotte, own)
        .await
        .unwrap();
}

#[tokio::test]
async fn only_a_co_account_links_itself() {
    let w = world().await;
    let f = family(&w).await;
    let err = w
        .accounts
        .link_co_account(&w.admin, link("papa.wout", PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    let err = w
        .accounts
        .unlink_co_account(&w.admin, f.papa_wout)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    assert!(w.accounts.links(&w.admin).await.unwrap().is_empty());
}

#[tokio::test]
async fn linking_is_throttled_like_sign_in_and_shares_its_count() {
    let w = world().await;
    let f = family(&w).await;
    // Five wrong guesses are free, through sign-in and linking together.
    for _ in 0..3 {
        let err = sign_in(&w.accounts, "papa.wout", OTHER_PASSWORD)
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    for _ in 0..2 {
        let err = w
            .accounts
            .link_co_account(&f.papa_lotte, link("papa.wout", OTHER_PASSWORD))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    // The sixth, even with the right password, waits; and sign-in waits too.
    let err = w
        .accounts
        .link_co_account(&f.papa_lotte, link("papa.wout", PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
    let err = sign_in(&w.accounts, "papa.wout", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
    w.clock.advance(Duration::seconds(2));
    w.accounts
        .link_co_account(&f.papa_lotte, link("papa.wout", PASSWORD))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_right_password_for_an_unlinkable_account_still_counts_as_a_failure() {
    let w = world().await;
    let f = family(&w).await;
    // The pupil's right password, five times: each a failure, so the count does not
    // reset and tell the guesser it was right.
    for _ in 0..5 {
        let err = w
            .accounts
            .link_co_account(&f.papa_lotte, link("wout", PASSWORD))
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::Unauthenticated), "{err:?}");
    }
    let err = w
        .accounts
        .link_co_account(&f.papa_lotte, link("wout", PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_of_link_attempts_gets_no_more_guesses_than_sign_in() {
    let w = world().await;
    let f = family(&w).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(100));
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let accounts = w.accounts.clone();
            let actor = f.papa_lotte.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                let mut request = link("papa.wout", &format!("verkeerd wachtwoord nummer {i}"));
                request.client = Some(format!("198.51.100.{}", i % 50));
                accounts.link_co_account(&actor, request).await
            })
        })
        .collect();
    let (mut unauthenticated, mut throttled) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Err(AccountsError::Unauthenticated) => unauthenticated += 1,
            Err(AccountsError::Throttled { .. }) => throttled += 1,
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    assert_eq!((unauthenticated, throttled), (5, 95));
    let err = sign_in(&w.accounts, "papa.wout", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::Throttled { .. }), "{err:?}");
}

#[tokio::test]
async fn an_admin_links_and_unlinks_two_co_accounts_of_the_school_only() {
    let w = world().await;
    let f = family(&w).await;
    w.accounts
        .link_co_accounts(&w.admin, f.papa_lotte_id, f.papa_wout)
        .await
        .unwrap();
    assert_eq!(
        w.accounts.links(&f.papa_lotte).await.unwrap()[0].id,
        f.papa_wout
    );
    let lotte = w.accounts.me(&f.papa_lotte).await.unwrap().pupil.unwrap();
    let mama = w.co_account(lotte.id, "mama.lotte", 2).await.unwrap();
    for (a, b) in [
        (f.papa_lotte_id, mama),
        (f.papa_lotte_id, f.papa_lotte_id),
        (f.papa_lotte_id, f.wout),
        (f.papa_lotte_id, AccountId::new()),
    ] {
        let err = w
            .accounts
            .link_co_accounts(&w.admin, a, b)
            .await
            .unwrap_err();
        assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    }
    let err = w
        .accounts
        .link_co_accounts(&f.papa_lotte, f.papa_lotte_id, mama)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    let err = w
        .accounts
        .unlink_co_accounts(&f.papa_lotte, f.papa_lotte_id, f.papa_wout)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
    w.accounts
        .unlink_co_accounts(&w.admin, f.papa_wout, f.papa_lotte_id)
        .await
        .unwrap();
    assert!(w.accounts.links(&f.papa_lotte).await.unwrap().is_empty());
    let err = w
        .accounts
        .unlink_co_accounts(&w.admin, f.papa_wout, f.papa_lotte_id)
        .await
        .unwrap_err();
    assert!(matches!(err, AccountsError::NotFound), "{err:?}");
}

#[tokio::test]
async fn resetting_or_erasing_a_co_account_removes_its_links() {
    let w = world().await;
    let f = family(&w).await;
    w.accounts
        .link_co_account(&f.papa_lotte, link("papa.wout", PASSWORD))
        .await
        .unwrap();
    w.accounts
        .reset_co_account(&w.admin, f.papa_wout)
        .await
        .unwrap();
    assert!(w.accounts.links(&f.papa_lotte).await.unwrap().is_empty());

    w.accounts
        .link_co_accounts(&w.admin, f.papa_lotte_id, f.papa_wout)
        .await
        .unwrap();
    w.accounts.erase_account(&w.admin, f.wout).await.unwrap();
    assert!(w.accounts.links(&f.papa_lotte).await.unwrap().is_empty());
}
