//! The `AccountStore` port: usernames and co-account slots, lookups and lists that stay in
//! their school, terms acceptance and erasure.

use super::throttle::futures_join_all;
#[allow(clippy::wildcard_imports)]
use super::*;

/// `insert_account`: a taken username conflicts (case-insensitively, as usernames are
/// stored in lower case).
pub async fn a_username_taken_in_the_school_conflicts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    pupil_in(store, &school, "lotte").await;
    let again = main_account(&school, "LOTTE", &[Role::Pupil]);
    let err = store.insert_account(&again).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::USERNAME_TAKEN)),
        "{err:?}"
    );
}

/// Usernames are unique per school, not per deployment.
pub async fn the_same_username_is_free_in_another_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    pupil_in(store, &a, "lotte").await;
    pupil_in(store, &b, "lotte").await;
}

/// `insert_account`: a co-account in a taken slot conflicts.
pub async fn a_co_account_slot_taken_conflicts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    store
        .insert_account(&co_account(&pupil, "lotte.mama", 1))
        .await
        .unwrap();
    let err = store
        .insert_account(&co_account(&pupil, "lotte.papa", 1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(conflicts::SLOT_TAKEN)),
        "{err:?}"
    );
    store
        .insert_account(&co_account(&pupil, "lotte.papa", 2))
        .await
        .unwrap();
}

/// `insert_account`: a co-account's pupil must be a main account of the same school.
pub async fn a_co_account_of_an_unknown_pupil_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil_of_b = pupil_in(store, &b, "lotte").await;
    let mut co = co_account(&pupil_of_b, "mama", 1);
    co.school = a.id;
    let err = store.insert_account(&co).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let ghost = main_account(&a, "ghost", &[Role::Pupil]);
    let err = store
        .insert_account(&co_account(&ghost, "mama2", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
}

/// `account`, `account_by_username`: never across schools.
pub async fn an_account_of_another_school_is_not_found<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    assert!(store.account(b.id, pupil.id).await.unwrap().is_none());
    assert!(
        store
            .account_by_username(b.id, &pupil.username)
            .await
            .unwrap()
            .is_none()
    );
}

/// `account_by_username`: with the password hash once one is set.
pub async fn usernames_are_looked_up_with_their_password_hash<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let (found, none) = store
        .account_by_username(school.id, &Username::parse("Lotte").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, pupil);
    assert!(none.is_none());
    store
        .set_password(school.id, pupil.id, &hash("one"), None)
        .await
        .unwrap();
    let (_, some) = store
        .account_by_username(school.id, &pupil.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(some, Some(hash("one")));
}

/// `list_accounts`: keyset pages in id order, never another school's.
pub async fn listing_accounts_pages_by_id_and_stays_in_the_school<S: AccountsStores>(store: &S) {
    let (a, admin) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let mut ids = vec![admin.id];
    for i in 0..5 {
        ids.push(pupil_in(store, &a, &format!("pupil{i}")).await.id);
        pupil_in(store, &b, &format!("pupil{i}")).await;
    }
    ids.sort();
    let first = store
        .list_accounts(
            a.id,
            &AccountFilter::default(),
            &PageRequest::new(Some(4), None),
        )
        .await
        .unwrap();
    assert_eq!(
        first.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        ids[..4]
    );
    let cursor = schoolbrug_kernel::Cursor::parse(first.next.as_deref().unwrap()).unwrap();
    let second = store
        .list_accounts(
            a.id,
            &AccountFilter::default(),
            &PageRequest::new(Some(4), Some(cursor)),
        )
        .await
        .unwrap();
    assert_eq!(
        second.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        ids[4..]
    );
    assert_eq!(second.next, None);
}

/// `list_accounts`: the role and text filters.
pub async fn listing_accounts_filters_by_role_and_text<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let teacher = main_account(&school, "mevrouw.claes", &[Role::Teacher, Role::Counsellor]);
    store.insert_account(&teacher).await.unwrap();
    let pupils = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: Some(Role::Pupil),
                query: None,
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(pupils.items, vec![pupil]);
    let claes = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: None,
                query: Some("CLAES".into()),
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(claes.items, vec![teacher.clone()]);
    let counsellors = store
        .list_accounts(
            school.id,
            &AccountFilter {
                role: Some(Role::Counsellor),
                query: None,
            },
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(counsellors.items, vec![teacher]);
}

/// `co_accounts`: by slot.
pub async fn co_accounts_are_listed_by_slot<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mut c3 = co_account(&pupil, "c3", 3);
    c3.kind = AccountKind::Co {
        pupil: pupil.id,
        slot: Slot::parse(3).unwrap(),
        relation: Relation::HomeworkTutor,
        status: CoAccountStatus::ActiveUntil(NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()),
    };
    let c1 = co_account(&pupil, "c1", 1);
    store.insert_account(&c3).await.unwrap();
    store.insert_account(&c1).await.unwrap();
    assert_eq!(
        store.co_accounts(school.id, pupil.id).await.unwrap(),
        vec![c1, c3]
    );
}

/// `accept_terms`: recorded; unknown account not found.
pub async fn terms_acceptance_is_recorded<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    store
        .accept_terms(school.id, admin.id, "2026-09", now())
        .await
        .unwrap();
    let stored = store.account(school.id, admin.id).await.unwrap().unwrap();
    let terms = stored.terms.unwrap();
    assert_eq!(terms.version, "2026-09");
    assert_eq!(terms.accepted_at, now());
    let err = store
        .accept_terms(school.id, AccountId::new(), "2026-09", now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
}

/// `record_visit`: returns the previous visit, once each; never across schools; atomic
/// under a burst of visits at once.
pub async fn a_visit_returns_the_previous_one_atomically<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let (other, _) = school_with_admin(store, "b").await;
    let first = now();
    let second = now() + Duration::hours(2);
    assert_eq!(
        store
            .record_visit(school.id, admin.id, first)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .record_visit(school.id, admin.id, second)
            .await
            .unwrap(),
        Some(first)
    );
    assert!(matches!(
        store.record_visit(other.id, admin.id, second).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .record_visit(school.id, AccountId::new(), second)
            .await,
        Err(StoreError::NotFound)
    ));
    // Twenty visits at once: each returns a different previous time, so none was lost.
    let times: Vec<_> = (1..=20).map(|i| second + Duration::minutes(i)).collect();
    let answers = futures_join_all(
        times
            .iter()
            .map(|t| store.record_visit(school.id, admin.id, *t)),
    )
    .await;
    let mut previous: Vec<_> = answers.into_iter().map(|a| a.unwrap().unwrap()).collect();
    previous.sort();
    previous.dedup();
    assert_eq!(previous.len(), 20);
}

/// `erase_accounts`: the accounts, their passwords, sessions, codes and memberships go;
/// the audit stays.
pub async fn erasing_accounts_removes_them_their_sessions_and_codes<S: AccountsStores>(store: &S) {
    let (school, admin) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    let token = SessionToken::generate();
    store
        .create_session(&session_for(&mama, &token))
        .await
        .unwrap();
    store
        .issue_reset_code(&code_for(
            &pupil,
            &OneTimeCode::generate(),
            now() + Duration::days(1),
        ))
        .await
        .unwrap();
    let group = Group {
        id: GroupId::new(),
        school: school.id,
        name: GroupName::parse("3A").unwrap(),
        kind: GroupKind::Class,
    };
    store.create_group(&group).await.unwrap();
    store
        .set_members(school.id, group.id, &[pupil.id, admin.id])
        .await
        .unwrap();
    let event = audit_event(&school, Some(pupil.id), audit::SIGN_IN_SUCCEEDED, now());
    store.record(&event).await.unwrap();

    store
        .erase_accounts(school.id, &[pupil.id, mama.id])
        .await
        .unwrap();

    assert!(store.account(school.id, pupil.id).await.unwrap().is_none());
    assert!(store.account(school.id, mama.id).await.unwrap().is_none());
    assert!(
        store
            .session(Some(school.id), &token.hash())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .reset_code(school.id, pupil.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.members(school.id, group.id).await.unwrap(),
        vec![admin.id]
    );
    let audit = store
        .events(school.id, Some(pupil.id), &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(audit.items, vec![event]);
    // The username is free again.
    pupil_in(store, &school, "lotte").await;
}

/// `erase_accounts`: a pupil's co-accounts go with it.
pub async fn erasing_a_pupil_erases_its_co_accounts<S: AccountsStores>(store: &S) {
    let (school, _) = school_with_admin(store, "a").await;
    let pupil = pupil_in(store, &school, "lotte").await;
    let mama = co_account(&pupil, "mama", 1);
    store.insert_account(&mama).await.unwrap();
    store.erase_accounts(school.id, &[pupil.id]).await.unwrap();
    assert!(store.account(school.id, mama.id).await.unwrap().is_none());
    assert!(
        store
            .co_accounts(school.id, pupil.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `erase_accounts`: ids of another school are ignored.
pub async fn erasing_ignores_accounts_of_another_school<S: AccountsStores>(store: &S) {
    let (a, _) = school_with_admin(store, "a").await;
    let (b, _) = school_with_admin(store, "b").await;
    let pupil = pupil_in(store, &a, "lotte").await;
    store.erase_accounts(b.id, &[pupil.id]).await.unwrap();
    assert!(store.account(a.id, pupil.id).await.unwrap().is_some());
}
