//! The contract suite of the messaging ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them through
//! [`messaging_contract_tests!`](crate::messaging_contract_tests). Each check gets the
//! messaging store and a [`DirectorySeed`] that puts schools, people and groups where that
//! store's [`Directory`](crate::ports::Directory) reads them (the accounts tables of the same
//! database, or an [`InMemoryDirectory`]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc};
use schoolbrug_kernel::{
    AccountId, FreeDayPeriod, GroupId, MessageId, OutboxId, PageRequest, Role, SchoolId,
    SessionToken,
};

use crate::forwarding::QuietHours;
use crate::memory::{InMemoryDirectory, Person};
use crate::model::DeliveryError;
use crate::model::GroupInfo;
use crate::model::{
    AddresseeKind, Audience, Body, Copy, Folder, GroupLabel, Message, MessageKind,
    NotificationSettings, OutboxRow, OutboxStatus, Subject, Via, Visibility,
};
use crate::ports::{Delivery, ForwardingStores, MessagingStores};

/// Generates one `#[tokio::test]` per contract check. `$make` is an expression giving a
/// future of `(messaging_store, Arc<seed>)` over one fresh database, where the seed is a
/// [`DirectorySeed`] writing where the store's directory reads, evaluated and awaited once
/// per test.
#[macro_export]
macro_rules! messaging_contract_tests {
    ($make:expr) => {
        $crate::messaging_contract_tests!(@each $make;
            a_school_s_time_zone_is_found_and_none_for_an_unknown_school,
            an_addressee_of_another_school_is_none,
            co_accounts_of_a_pupil_are_found_and_none_for_others,
            a_group_audience_reaches_the_right_accounts_once,
            accounts_with_a_role_are_found_in_id_order,
            groups_are_listed_by_name_and_stay_in_the_school,
            a_delivered_message_is_received_by_each_recipient_only,
            a_failed_delivery_leaves_no_message_no_copy_and_no_outbox_row,
            a_delivery_holding_another_message_s_copy_is_refused_and_writes_nothing,
            every_copy_and_outbox_row_of_a_delivery_keeps_its_own_state,
            a_read_receipt_is_set_once,
            a_reply_takes_a_copy_out_of_awaiting_reply,
            trash_and_restore_move_only_ones_own_copy,
            a_misdirected_report_counts_once,
            erasing_an_account_removes_its_inbox_and_keeps_what_it_sent,
            erasing_an_account_removes_its_name_from_named_recipients,
            a_message_is_sent_only_by_its_sender,
            folders_list_newest_first_in_keyset_pages,
            the_sent_folder_counts_receipts,
            search_finds_words_in_subject_and_body,
            receipts_list_every_recipient,
            receipts_come_in_pages_by_name_then_recipient,
            unread_count_counts_unread_inbox_copies,
            settings_default_and_round_trip,
            a_forward_address_is_confirmed_by_its_token_only,
            only_confirmed_forwarding_addresses_are_returned,
            forward_addresses_of_many_accounts_come_in_the_order_asked,
            delivered_outbox_rows_are_listed_by_status,
            free_days_are_replaced_and_make_the_school_calendar,
            quiet_hours_are_kept_per_school_and_removed_with_none,
            claims_take_due_rows_oldest_first_up_to_the_limit,
            a_held_row_is_claimed_again_only_when_its_lease_has_run_out,
            concurrent_claimers_never_get_the_same_row,
            a_sent_row_is_never_claimed_or_changed_again,
            only_sent_rows_older_than_the_cut_off_are_purged,
            a_retried_row_is_due_again_at_its_new_time,
            a_failed_row_keeps_the_answer_and_is_never_claimed_again,
            a_released_row_is_claimable_at_once_and_unchanged,
            recording_an_unknown_or_another_schools_row_changes_nothing,
        );
    };
    (@each $make:expr; $($check:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $check() {
                let (store, seed) = $make.await;
                $crate::contract::$check(&store, &*seed).await;
            }
        )*
    };
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

/// Puts the people a contract check needs where the store under test reads them: the
/// adapter's accounts tables, or an [`InMemoryDirectory`]. The seed of an adapter that
/// shares its database with an accounts module writes through that module's stores.
#[async_trait]
pub trait DirectorySeed: Send + Sync {
    /// Adds a school (Europe/Brussels time) with its slug.
    async fn add_school(&self, school: SchoolId, slug: &str);
    /// Adds a person; a co-account's pupil is added first.
    async fn add_person(&self, person: &Person);
    /// Adds a group of `school` with its members.
    async fn add_group(&self, school: SchoolId, group: &GroupInfo, members: &[AccountId]);
}

#[async_trait]
impl DirectorySeed for InMemoryDirectory {
    async fn add_school(&self, school: SchoolId, _slug: &str) {
        InMemoryDirectory::add_school(self, school, chrono_tz::Europe::Brussels);
    }

    async fn add_person(&self, person: &Person) {
        InMemoryDirectory::add_person(self, person);
    }

    async fn add_group(&self, school: SchoolId, group: &GroupInfo, members: &[AccountId]) {
        InMemoryDirectory::add_group(self, school, group, members);
    }
}

/// A school of the contract world.
pub struct SeededSchool {
    /// Its id.
    pub id: SchoolId,
}

/// A school with an admin, a teacher, two pupils (lotte with two co-accounts, noah with
/// one) and class 3A holding both pupils and the teacher.
pub struct World {
    /// The school.
    pub school: SeededSchool,
    /// Its admin.
    pub admin: Person,
    /// A teacher.
    pub teacher: Person,
    /// A pupil.
    pub lotte: Person,
    /// Lotte's co-account in slot 1.
    pub lotte_mama: Person,
    /// Lotte's co-account in slot 2.
    pub lotte_papa: Person,
    /// Another pupil.
    pub noah: Person,
    /// Noah's co-account.
    pub noah_mama: Person,
    /// Class 3A.
    pub class: GroupInfo,
}

/// Builds [`World`] through `seed` under slug `slug`.
pub async fn world<D: DirectorySeed + ?Sized>(seed: &D, slug: &str) -> World {
    let school = SchoolId::new();
    seed.add_school(school, slug).await;
    let admin = Person::main(school, &format!("admin-{slug}"), &[Role::Admin]);
    let teacher = Person::main(school, "teacher", &[Role::Teacher]);
    let lotte = Person::main(school, "lotte", &[Role::Pupil]);
    let noah = Person::main(school, "noah", &[Role::Pupil]);
    let lotte_mama = Person::co(&lotte, "lotte-mama");
    let lotte_papa = Person::co(&lotte, "lotte-papa");
    let noah_mama = Person::co(&noah, "noah-mama");
    for p in [
        &admin,
        &teacher,
        &lotte,
        &noah,
        &lotte_mama,
        &lotte_papa,
        &noah_mama,
    ] {
        seed.add_person(p).await;
    }
    let class = GroupInfo {
        id: GroupId::new(),
        name: "3A".into(),
    };
    seed.add_group(school, &class, &[lotte.id, noah.id, teacher.id])
        .await;
    World {
        school: SeededSchool { id: school },
        admin,
        teacher,
        lotte,
        lotte_mama,
        lotte_papa,
        noah,
        noah_mama,
        class,
    }
}

fn sorted(mut ids: Vec<AccountId>) -> Vec<AccountId> {
    ids.sort();
    ids
}

/// A delivery being shaped by a check: its parts open, built (and checked) when handed
/// to the store, or built unchecked to prove that a store refuses what the domain forbids.
#[derive(Clone, Debug)]
pub struct DeliveryDraft {
    /// The message.
    pub message: Message,
    /// One copy per recipient.
    pub copies: Vec<Copy>,
    /// One row per forwarded recipient.
    pub outbox: Vec<OutboxRow>,
}

impl DeliveryDraft {
    /// The delivery, checked by the domain's rule.
    pub fn build(&self) -> Delivery {
        self.try_build().unwrap()
    }

    /// The delivery, or why the domain refuses it.
    ///
    /// # Errors
    /// As [`Delivery::new`].
    pub fn try_build(&self) -> Result<Delivery, DeliveryError> {
        Delivery::new(
            self.message.clone(),
            self.copies.clone(),
            self.outbox.clone(),
        )
    }

    /// The delivery without the domain's check.
    pub fn build_unchecked(&self) -> Delivery {
        Delivery::unchecked(
            self.message.clone(),
            self.copies.clone(),
            self.outbox.clone(),
        )
    }
}

/// A delivery from `from` to `to` (blind copies via 3A's co-accounts), sent at `at`.
pub fn delivery(
    w: &World,
    from: &Person,
    to: &[&Person],
    subject: &str,
    body: &str,
    at: DateTime<Utc>,
) -> DeliveryDraft {
    let id = MessageId::new();
    let label = GroupLabel::Group {
        name: "3A".into(),
        audience: Audience::CoAccounts,
    };
    DeliveryDraft {
        message: Message {
            id,
            school: w.school.id,
            sender: Some(from.id),
            sender_name: Some("Els Claes".into()),
            kind: MessageKind::Normal,
            subject: Subject::parse(subject).unwrap(),
            body: Body::parse(body).unwrap(),
            in_reply_to: None,
            reply_requested: true,
            action_deadline: None,
            urgent: false,
            visibility: Visibility {
                named: Vec::new(),
                groups: vec![label.clone()],
            },
            sent_at: at,
        },
        copies: to
            .iter()
            .map(|a| Copy {
                message: id,
                school: w.school.id,
                recipient: a.id,
                recipient_name: format!("{} {}", a.first_name.as_str(), a.username.as_str()),
                via: Via::Group(label.clone()),
                read_at: None,
                replied_at: None,
                reply_due_at: Some(at + Duration::hours(96)),
                trashed_at: None,
                misdirected_at: None,
            })
            .collect(),
        outbox: Vec::new(),
    }
}

/// `Directory::time_zone`.
pub async fn a_school_s_time_zone_is_found_and_none_for_an_unknown_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    assert_eq!(
        store.time_zone(w.school.id).await.unwrap(),
        Some(chrono_tz::Europe::Brussels)
    );
    assert_eq!(store.time_zone(SchoolId::new()).await.unwrap(), None);
}

/// `Directory::addressee`: never another school's account.
pub async fn an_addressee_of_another_school_is_none<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let found = store
        .addressee(a.school.id, a.lotte.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, a.lotte.id);
    assert_eq!(found.name, "lotte Peeters");
    assert_eq!(found.kind, AddresseeKind::Main(vec![Role::Pupil]));
    let co = store
        .addressee(a.school.id, a.lotte_mama.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(co.kind, AddresseeKind::Co { pupil: a.lotte.id });
    assert!(
        store
            .addressee(b.school.id, a.lotte.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .addressee(a.school.id, AccountId::new())
            .await
            .unwrap()
            .is_none()
    );
}

/// `Directory::co_accounts_of`.
pub async fn co_accounts_of_a_pupil_are_found_and_none_for_others<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let found: Vec<AccountId> = store
        .co_accounts_of(a.school.id, a.lotte.id)
        .await
        .unwrap()
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(
        sorted(found),
        sorted(vec![a.lotte_mama.id, a.lotte_papa.id])
    );
    assert!(
        store
            .co_accounts_of(b.school.id, a.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .co_accounts_of(a.school.id, a.teacher.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `Directory::group_audience`: each audience, each account once, by id.
pub async fn a_group_audience_reaches_the_right_accounts_once<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let ids = |v: Vec<crate::model::Addressee>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    let pupils = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Pupils)
        .await
        .unwrap());
    assert_eq!(pupils, sorted(vec![w.lotte.id, w.noah.id]));
    let co = ids(store
        .group_audience(w.school.id, w.class.id, Audience::CoAccounts)
        .await
        .unwrap());
    assert_eq!(
        co,
        sorted(vec![w.lotte_mama.id, w.lotte_papa.id, w.noah_mama.id])
    );
    let both = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Both)
        .await
        .unwrap());
    assert_eq!(
        both,
        sorted(vec![
            w.lotte.id,
            w.noah.id,
            w.lotte_mama.id,
            w.lotte_papa.id,
            w.noah_mama.id
        ])
    );
    let members = ids(store
        .group_audience(w.school.id, w.class.id, Audience::Members)
        .await
        .unwrap());
    assert_eq!(members, sorted(vec![w.lotte.id, w.noah.id, w.teacher.id]));
    let other = world(seed, "b").await;
    assert!(
        store
            .group_audience(other.school.id, w.class.id, Audience::Both)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `Directory::with_role`.
pub async fn accounts_with_a_role_are_found_in_id_order<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    world(seed, "b").await;
    let pupils: Vec<AccountId> = store
        .with_role(w.school.id, Role::Pupil)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(pupils, sorted(vec![w.lotte.id, w.noah.id]));
    let teachers: Vec<AccountId> = store
        .with_role(w.school.id, Role::Teacher)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(teachers, vec![w.teacher.id]);
}

/// `Directory::group`, `groups`.
pub async fn groups_are_listed_by_name_and_stay_in_the_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    let second = GroupInfo {
        id: GroupId::new(),
        name: "1B".into(),
    };
    seed.add_group(a.school.id, &second, &[]).await;
    let names: Vec<String> = store
        .groups(a.school.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, vec!["1B", "3A"]);
    assert_eq!(
        store
            .group(a.school.id, a.class.id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "3A"
    );
    assert!(
        store
            .group(b.school.id, a.class.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `deliver` + `received`: each recipient has its copy; nobody else has one.
pub async fn a_delivered_message_is_received_by_each_recipient_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "Vrijdag naar het zwembad",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    let got = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message, d.message);
    assert_eq!(got.copy, d.copies[0]);
    assert!(
        store
            .received(w.school.id, w.lotte.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    let other = world(seed, "b").await;
    assert!(
        store
            .received(other.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `deliver`: copies and outbox rows in different states (named and blind, read and
/// unread, other due times, other subjects and attempts) each come back as written, not
/// mixed up with another row's (adapters may pass what rows share once).
pub async fn every_copy_and_outbox_row_of_a_delivery_keeps_its_own_state<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.lotte_papa, &w.noah_mama, &w.lotte],
        "Uitstap",
        "x",
        now(),
    );
    d.copies[0].via = Via::Named;
    d.copies[1].via = Via::Group(GroupLabel::Role {
        role: Role::Teacher,
    });
    d.copies[1].read_at = Some(now() + Duration::minutes(5));
    d.copies[2].reply_due_at = None;
    d.copies[3].trashed_at = Some(now() + Duration::minutes(7));
    let row = |recipient: &Person, subject: &str, attempts: u32, due: DateTime<Utc>| OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        message: d.message.id,
        recipient: recipient.id,
        to: format!("{}@example.org", recipient.username.as_str()),
        subject: subject.into(),
        status: OutboxStatus::Waiting,
        attempts,
        last_error: (attempts > 0).then(|| "451 try later".to_owned()),
        next_attempt_at: due,
        created_at: now(),
    };
    d.outbox = vec![
        row(&w.lotte_mama, "Uitstap", 0, now()),
        row(&w.lotte_papa, "Uitstap", 2, now() + Duration::hours(1)),
        row(&w.noah_mama, "Uitstap (2)", 0, now()),
    ];
    store.deliver(&d.build()).await.unwrap();
    for copy in &d.copies {
        let got = store
            .received(w.school.id, copy.recipient, d.message.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&got.copy, copy);
    }
    for row in &d.outbox {
        assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(row));
    }
}

/// `MessageStore::deliver`: what the domain forbids (a copy or an outbox row of another
/// message or school) is refused by the store too, and nothing of it is written.
pub async fn a_delivery_holding_another_message_s_copy_is_refused_and_writes_nothing<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let first = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    let mut stray = delivery(&w, &w.teacher, &[&w.noah_mama], "Zwemmen", "y", now());
    stray.copies.push(Copy {
        recipient: w.lotte_papa.id,
        ..first.copies[0].clone()
    });
    assert_eq!(stray.try_build(), Err(DeliveryError::AnotherMessage));
    assert!(store.deliver(&stray.build_unchecked()).await.is_err());

    let mut elsewhere = delivery(&w, &w.teacher, &[&w.noah_mama], "Zwemmen", "y", now());
    elsewhere.copies[0].school = other.school.id;
    elsewhere.copies[0].recipient = other.noah_mama.id;
    assert_eq!(elsewhere.try_build(), Err(DeliveryError::AnotherMessage));
    assert!(store.deliver(&elsewhere.build_unchecked()).await.is_err());

    for (school, account) in [
        (w.school.id, w.noah_mama.id),
        (w.school.id, w.lotte_papa.id),
        (other.school.id, other.noah_mama.id),
    ] {
        let page = store
            .folder(school, account, Folder::Inbox, None, &PageRequest::first())
            .await
            .unwrap();
        assert!(page.items.is_empty(), "{account} got a stray copy");
    }
    assert!(
        store
            .sent(w.school.id, w.teacher.id, stray.message.id)
            .await
            .unwrap()
            .is_none()
    );
    store.deliver(&first.build()).await.unwrap();
}

/// `deliver`: all or nothing.
pub async fn a_failed_delivery_leaves_no_message_no_copy_and_no_outbox_row<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama, &w.lotte_mama],
        "Uitstap",
        "x",
        now(),
    );
    d.outbox.push(OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        message: d.message.id,
        recipient: w.noah_mama.id,
        to: "noah.mama@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    });
    assert!(store.deliver(&d.build_unchecked()).await.is_err());
    assert!(
        store
            .received(w.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.noah_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    let waiting = store
        .outbox(w.school.id, OutboxStatus::Waiting, &PageRequest::first())
        .await
        .unwrap();
    assert!(waiting.items.is_empty());
}

/// `mark_read`: once, and never changed afterwards.
pub async fn a_read_receipt_is_set_once<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .mark_read(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_read(
                w.school.id,
                w.lotte_mama.id,
                d.message.id,
                now() + Duration::hours(1)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_read(w.school.id, w.lotte.id, d.message.id, now())
            .await
            .unwrap()
    );
    let got = store
        .received(w.school.id, w.lotte_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.copy.read_at, Some(now()));
}

/// `mark_replied`: out of the awaiting-reply folder.
pub async fn a_reply_takes_a_copy_out_of_awaiting_reply<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    let awaiting = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(awaiting.items.len(), 1);
    assert_eq!(
        awaiting.items[0].reply_due_at,
        Some(now() + Duration::hours(96))
    );
    store
        .mark_replied(w.school.id, w.lotte_mama.id, d.message.id, now())
        .await
        .unwrap();
    let awaiting = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::AwaitingReply,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert!(awaiting.items.is_empty());
}

/// `set_trashed`: only one's own copy; back again.
pub async fn trash_and_restore_move_only_ones_own_copy<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .set_trashed(w.school.id, w.lotte_mama.id, d.message.id, Some(now()))
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_trashed(w.school.id, w.lotte.id, d.message.id, Some(now()))
            .await
            .unwrap()
    );
    let page = PageRequest::first();
    assert!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Trash, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        store
            .folder(w.school.id, w.noah_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(
        store
            .set_trashed(w.school.id, w.lotte_mama.id, d.message.id, None)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

/// `mark_misdirected`: `true` the first time only.
pub async fn a_misdirected_report_counts_once<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert!(
        store
            .mark_misdirected(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_misdirected(w.school.id, w.lotte_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_misdirected(w.school.id, w.noah_mama.id, d.message.id, now())
            .await
            .unwrap()
    );
}

/// `erase_account`: its copies and settings go; what it sent stays, without sender.
pub async fn erasing_an_account_removes_its_inbox_and_keeps_what_it_sent<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let to_mama = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&to_mama.build()).await.unwrap();
    let from_mama = delivery(
        &w,
        &w.lotte_mama,
        &[&w.teacher],
        "Ziek",
        "Lotte is ziek",
        now() + Duration::minutes(1),
    );
    store.deliver(&from_mama.build()).await.unwrap();
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &NotificationSettings {
                notify_news: true,
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();

    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();

    assert!(
        store
            .received(w.school.id, w.lotte_mama.id, to_mama.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .received(w.school.id, w.noah_mama.id, to_mama.message.id)
            .await
            .unwrap()
            .is_some()
    );
    let kept = store
        .received(w.school.id, w.teacher.id, from_mama.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.message.sender, None);
    assert_eq!(kept.message.sender_name, None);
    assert_eq!(kept.message.body.as_str(), "Lotte is ziek");
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        NotificationSettings::default()
    );
}

/// `erase_account`: the erased account leaves `visibility.named` of the messages naming
/// it; the other named recipients stay, in order, and another school is untouched.
pub async fn erasing_an_account_removes_its_name_from_named_recipients<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let named = |a: &Person| {
        (
            a.id,
            format!("{} {}", a.first_name.as_str(), a.username.as_str()),
        )
    };
    let mut d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "Vrijdag naar het zwembad",
        now(),
    );
    d.message.visibility.named = vec![named(&w.lotte_mama), named(&w.noah_mama)];
    for c in &mut d.copies {
        c.via = Via::Named;
    }
    store.deliver(&d.build()).await.unwrap();
    // Another school's message naming the same id (a forged fixture) stays as it is.
    let other = world(seed, "b").await;
    let mut elsewhere = delivery(
        &other,
        &other.teacher,
        &[&other.noah_mama],
        "Elders",
        "x",
        now(),
    );
    elsewhere.message.visibility.named = vec![named(&w.lotte_mama), named(&other.noah_mama)];
    for c in &mut elsewhere.copies {
        c.via = Via::Named;
    }
    store.deliver(&elsewhere.build()).await.unwrap();

    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    store
        .erase_account(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();

    let got = store
        .received(w.school.id, w.noah_mama.id, d.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.message.visibility.named, vec![named(&w.noah_mama)]);
    assert_eq!(got.message.visibility.groups, d.message.visibility.groups);
    assert_eq!(got.message.body.as_str(), "Vrijdag naar het zwembad");
    assert_eq!(
        got.visible_recipients().0,
        vec![named(&w.noah_mama)],
        "the erased account is no longer shown to the other named recipients"
    );
    let untouched = store
        .received(other.school.id, other.noah_mama.id, elsewhere.message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.message, elsewhere.message);
}

/// `sent`: only for its sender.
pub async fn a_message_is_sent_only_by_its_sender<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    store.deliver(&d.build()).await.unwrap();
    assert_eq!(
        store
            .sent(w.school.id, w.teacher.id, d.message.id)
            .await
            .unwrap(),
        Some(d.message.clone())
    );
    assert!(
        store
            .sent(w.school.id, w.lotte_mama.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .sent(w.school.id, w.admin.id, d.message.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// `folder`: newest first, keyset pages, never another account's copies.
pub async fn folders_list_newest_first_in_keyset_pages<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let d = delivery(
            &w,
            &w.teacher,
            &[&w.lotte_mama],
            &format!("Bericht {i}"),
            "x",
            now() + Duration::minutes(i),
        );
        ids.push(d.message.id);
        store.deliver(&d.build()).await.unwrap();
    }
    store
        .deliver(&delivery(&w, &w.teacher, &[&w.noah_mama], "Ander", "x", now()).build())
        .await
        .unwrap();
    ids.reverse();
    let first = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            None,
            &PageRequest::new(Some(2), None),
        )
        .await
        .unwrap();
    assert_eq!(
        first.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        ids[..2]
    );
    assert_eq!(first.items[0].subject, "Bericht 4");
    assert_eq!(first.items[0].from.as_deref(), Some("Els Claes"));
    let mut seen: Vec<MessageId> = first.items.iter().map(|s| s.id).collect();
    let mut next = first.next;
    while let Some(cursor) = next {
        let page = PageRequest::new(
            Some(2),
            Some(schoolbrug_kernel::Cursor::parse(&cursor).unwrap()),
        );
        let more = store
            .folder(w.school.id, w.lotte_mama.id, Folder::Inbox, None, &page)
            .await
            .unwrap();
        seen.extend(more.items.iter().map(|s| s.id));
        next = more.next;
    }
    assert_eq!(seen, ids);
}

/// `folder(Sent)`: with recipients and read counts.
pub async fn the_sent_folder_counts_receipts<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama, &w.lotte_papa],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    store
        .mark_read(w.school.id, w.noah_mama.id, d.message.id, now())
        .await
        .unwrap();
    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            None,
            &PageRequest::first(),
        )
        .await
        .unwrap();
    assert_eq!(sent.items.len(), 1);
    let counts = sent.items[0].sent.unwrap();
    assert_eq!((counts.recipients, counts.read), (3, 1));
    assert!(
        store
            .folder(
                w.school.id,
                w.lotte_mama.id,
                Folder::Sent,
                None,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

/// `folder` with a query: words in the subject or the body, any case.
pub async fn search_finds_words_in_subject_and_body<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let trip = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Uitstap naar Brugge",
        "We vertrekken om negen uur.",
        now(),
    );
    let swim = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama],
        "Vrijdag",
        "Vergeet de zwemzak niet voor het zwembad.",
        now() + Duration::minutes(1),
    );
    store.deliver(&trip.build()).await.unwrap();
    store.deliver(&swim.build()).await.unwrap();
    let page = PageRequest::first();
    let by_subject = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            Some("brugge"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        by_subject.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![trip.message.id]
    );
    let by_body = store
        .folder(
            w.school.id,
            w.lotte_mama.id,
            Folder::Inbox,
            Some("Zwembad"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        by_body.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![swim.message.id]
    );
    let none = store
        .folder(
            w.school.id,
            w.noah_mama.id,
            Folder::Inbox,
            Some("zwembad"),
            &page,
        )
        .await
        .unwrap();
    assert!(none.items.is_empty());
    let sent = store
        .folder(
            w.school.id,
            w.teacher.id,
            Folder::Sent,
            Some("brugge"),
            &page,
        )
        .await
        .unwrap();
    assert_eq!(sent.items.len(), 1);
}

/// `receipts`.
pub async fn receipts_list_every_recipient<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let d = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.noah_mama],
        "Uitstap",
        "x",
        now(),
    );
    store.deliver(&d.build()).await.unwrap();
    store
        .mark_read(w.school.id, w.noah_mama.id, d.message.id, now())
        .await
        .unwrap();
    let receipts = store
        .receipts(w.school.id, d.message.id, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(receipts.next, None);
    let receipts = receipts.items;
    assert_eq!(receipts.len(), 2);
    let noah = receipts
        .iter()
        .find(|r| r.recipient == w.noah_mama.id)
        .unwrap();
    assert_eq!(noah.read_at, Some(now()));
    let lotte = receipts
        .iter()
        .find(|r| r.recipient == w.lotte_mama.id)
        .unwrap();
    assert_eq!(lotte.read_at, None);
    assert!(!lotte.name.is_empty());
}

/// `receipts` in keyset pages: by name in byte order, equal names by recipient, each
/// once; `receipt_counts` agrees; another school sees nothing.
pub async fn receipts_come_in_pages_by_name_then_recipient<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(
        &w,
        &w.teacher,
        &[
            &w.lotte_mama,
            &w.lotte_papa,
            &w.noah_mama,
            &w.lotte,
            &w.noah,
        ],
        "Uitstap",
        "x",
        now(),
    );
    for (copy, name) in d
        .copies
        .iter_mut()
        .zip(["anna", "Zoë", "Anna", "Zoe", "Anna"])
    {
        copy.recipient_name = name.to_owned();
    }
    store.deliver(&d.build()).await.unwrap();
    store
        .mark_read(w.school.id, w.lotte_papa.id, d.message.id, now())
        .await
        .unwrap();
    let mut annas = [d.copies[2].recipient, d.copies[4].recipient];
    annas.sort();
    let expected = vec![
        ("Anna", annas[0]),
        ("Anna", annas[1]),
        ("Zoe", w.lotte.id),
        ("Zoë", w.lotte_papa.id),
        ("anna", w.lotte_mama.id),
    ];
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut page = PageRequest::new(Some(2), None);
    loop {
        let got = store
            .receipts(w.school.id, d.message.id, &page)
            .await
            .unwrap();
        pages += 1;
        assert!(got.items.len() <= 2);
        seen.extend(got.items.iter().map(|r| (r.name.clone(), r.recipient)));
        match got.next {
            Some(next) => {
                page = PageRequest::new(
                    Some(2),
                    Some(schoolbrug_kernel::Cursor::parse(&next).unwrap()),
                );
            }
            None => break,
        }
    }
    let expected: Vec<(String, AccountId)> = expected
        .into_iter()
        .map(|(n, id)| (n.to_owned(), id))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(pages, 3);
    let counts = store
        .receipt_counts(w.school.id, d.message.id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (5, 1));
    let other = world(seed, "b").await;
    let none = store
        .receipts(other.school.id, d.message.id, &PageRequest::first())
        .await
        .unwrap();
    assert!(none.items.is_empty());
    let counts = store
        .receipt_counts(other.school.id, d.message.id)
        .await
        .unwrap();
    assert_eq!((counts.recipients, counts.read), (0, 0));
}

/// `unread_count`: unread, in the inbox.
pub async fn unread_count_counts_unread_inbox_copies<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let a = delivery(&w, &w.teacher, &[&w.lotte_mama], "Een", "x", now());
    let b = delivery(&w, &w.teacher, &[&w.lotte_mama], "Twee", "x", now());
    let c = delivery(&w, &w.teacher, &[&w.lotte_mama], "Drie", "x", now());
    for d in [&a, &b, &c] {
        store.deliver(&d.build()).await.unwrap();
    }
    store
        .mark_read(w.school.id, w.lotte_mama.id, a.message.id, now())
        .await
        .unwrap();
    store
        .set_trashed(w.school.id, w.lotte_mama.id, b.message.id, Some(now()))
        .await
        .unwrap();
    assert_eq!(
        store
            .unread_count(w.school.id, w.lotte_mama.id)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .unread_count(w.school.id, w.noah_mama.id)
            .await
            .unwrap(),
        0
    );
}

/// `settings`, `put_settings`.
pub async fn settings_default_and_round_trip<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        NotificationSettings::default()
    );
    let settings = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_email_confirmed: false,
        forward_messages: true,
        notify_news: true,
        push: false,
    };
    store
        .put_settings(w.school.id, w.lotte_mama.id, &settings, None)
        .await
        .unwrap();
    assert_eq!(
        store.settings(w.school.id, w.lotte_mama.id).await.unwrap(),
        settings
    );
    let other = world(seed, "b").await;
    assert_eq!(
        store
            .settings(other.school.id, w.lotte_mama.id)
            .await
            .unwrap(),
        NotificationSettings::default()
    );
}

/// `confirm_forward_email`: the right token, in time, for the account's own address.
pub async fn a_forward_address_is_confirmed_by_its_token_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let token = SessionToken::generate();
    let settings = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_messages: true,
        ..Default::default()
    };
    let expires = now() + Duration::days(7);
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &settings,
            Some((token.hash(), expires)),
        )
        .await
        .unwrap();
    let wrong = SessionToken::generate();
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &wrong.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.noah_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), expires)
            .await
            .unwrap()
    );
    assert!(
        !store
            .settings(w.school.id, w.lotte_mama.id)
            .await
            .unwrap()
            .forward_email_confirmed
    );
    assert!(
        store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
    assert!(
        store
            .settings(w.school.id, w.lotte_mama.id)
            .await
            .unwrap()
            .forward_email_confirmed
    );
    assert!(
        !store
            .confirm_forward_email(w.school.id, w.lotte_mama.id, &token.hash(), now())
            .await
            .unwrap()
    );
}

/// `forward_addresses`: confirmed, forwarding on.
pub async fn only_confirmed_forwarding_addresses_are_returned<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let confirmed = NotificationSettings {
        forward_email: Some("an@example.org".into()),
        forward_email_confirmed: true,
        forward_messages: true,
        ..Default::default()
    };
    let unconfirmed = NotificationSettings {
        forward_email_confirmed: false,
        ..confirmed.clone()
    };
    let off = NotificationSettings {
        forward_messages: false,
        ..confirmed.clone()
    };
    store
        .put_settings(w.school.id, w.lotte_mama.id, &confirmed, None)
        .await
        .unwrap();
    store
        .put_settings(w.school.id, w.lotte_papa.id, &unconfirmed, None)
        .await
        .unwrap();
    store
        .put_settings(w.school.id, w.noah_mama.id, &off, None)
        .await
        .unwrap();
    let found = store
        .forward_addresses(
            w.school.id,
            &[w.lotte_mama.id, w.lotte_papa.id, w.noah_mama.id, w.lotte.id],
        )
        .await
        .unwrap();
    assert_eq!(found, vec![(w.lotte_mama.id, "an@example.org".to_owned())]);
}

/// `forward_addresses`: a school-wide list (more ids than a short list, unknown ids
/// among them) answers the forwarders only, in the order asked for.
pub async fn forward_addresses_of_many_accounts_come_in_the_order_asked<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let forwarding = |to: &str| NotificationSettings {
        forward_email: Some(to.into()),
        forward_email_confirmed: true,
        forward_messages: true,
        ..Default::default()
    };
    store
        .put_settings(
            w.school.id,
            w.lotte_mama.id,
            &forwarding("mama@example.org"),
            None,
        )
        .await
        .unwrap();
    store
        .put_settings(
            w.school.id,
            w.lotte_papa.id,
            &forwarding("papa@example.org"),
            None,
        )
        .await
        .unwrap();
    store
        .put_settings(
            other.school.id,
            other.noah_mama.id,
            &forwarding("b@example.org"),
            None,
        )
        .await
        .unwrap();
    for asked in [10, 1_000] {
        let mut ids: Vec<AccountId> = (0..asked).map(|_| AccountId::new()).collect();
        ids.insert(asked / 3, w.lotte_papa.id);
        ids.insert(asked / 2, other.noah_mama.id);
        ids.push(w.lotte_mama.id);
        let found = store.forward_addresses(w.school.id, &ids).await.unwrap();
        assert_eq!(
            found,
            vec![
                (w.lotte_papa.id, "papa@example.org".to_owned()),
                (w.lotte_mama.id, "mama@example.org".to_owned()),
            ],
            "asking about {asked} accounts"
        );
    }
}

/// `outbox`: rows written by `deliver`, by status.
pub async fn delivered_outbox_rows_are_listed_by_status<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let mut d = delivery(&w, &w.teacher, &[&w.lotte_mama], "Uitstap", "x", now());
    let row = OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        message: d.message.id,
        recipient: w.lotte_mama.id,
        to: "an@example.org".into(),
        subject: "Uitstap".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    };
    d.outbox.push(row.clone());
    store.deliver(&d.build()).await.unwrap();
    let waiting = store
        .outbox(w.school.id, OutboxStatus::Waiting, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(waiting.items, vec![row]);
    assert!(
        store
            .outbox(w.school.id, OutboxStatus::Sent, &PageRequest::first())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let other = world(seed, "b").await;
    assert!(
        store
            .outbox(
                other.school.id,
                OutboxStatus::Waiting,
                &PageRequest::first()
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

/// `replace_free_days`, `free_days`, and the kernel's `school_days`.
pub async fn free_days_are_replaced_and_make_the_school_calendar<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let autumn = FreeDayPeriod {
        from: d(2026, 11, 2),
        to: d(2026, 11, 6),
        name: "Herfstvakantie".into(),
    };
    let study = FreeDayPeriod {
        from: d(2026, 10, 12),
        to: d(2026, 10, 12),
        name: "Pedagogische studiedag".into(),
    };
    store
        .replace_free_days(w.school.id, &[autumn.clone(), study.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.free_days(w.school.id).await.unwrap(),
        vec![study.clone(), autumn.clone()]
    );
    store
        .replace_free_days(w.school.id, std::slice::from_ref(&autumn))
        .await
        .unwrap();
    assert_eq!(store.free_days(w.school.id).await.unwrap(), vec![autumn]);
    assert!(store.free_days(other.school.id).await.unwrap().is_empty());
    let days = store.school_days(w.school.id).await.unwrap();
    assert_eq!(days.time_zone(), chrono_tz::Europe::Brussels);
    assert!(!days.is_school_day(d(2026, 11, 4)));
    assert!(days.is_school_day(d(2026, 10, 12)));
    assert!(
        store
            .school_days(schoolbrug_kernel::SchoolId::new())
            .await
            .is_err()
    );
}

// --- Forwarding: quiet hours and the outbox queue -------------------------------------

/// Polls every future on the current task until all are ready (like `join!`), so that
/// several claims run at once on one store.
async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut futures: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

/// One message to lotte's mother per due time, each with its outbox row (in that order).
async fn queued<S: MessagingStores>(
    store: &S,
    w: &World,
    dues: &[DateTime<Utc>],
) -> Vec<OutboxRow> {
    let mut rows = Vec::with_capacity(dues.len());
    for (i, due) in dues.iter().enumerate() {
        let subject = format!("Bericht {i}");
        let mut d = delivery(w, &w.teacher, &[&w.lotte_mama], &subject, "x", now());
        let row = OutboxRow {
            id: OutboxId::new(),
            school: w.school.id,
            message: d.message.id,
            recipient: w.lotte_mama.id,
            to: "an@example.org".into(),
            subject,
            status: OutboxStatus::Waiting,
            attempts: 0,
            last_error: None,
            next_attempt_at: *due,
            created_at: now(),
        };
        d.outbox.push(row.clone());
        store.deliver(&d.build()).await.unwrap();
        rows.push(row);
    }
    rows
}

/// The stored row `id` of the school, whatever its status.
async fn stored<S: MessagingStores>(store: &S, w: &World, id: OutboxId) -> Option<OutboxRow> {
    for status in [
        OutboxStatus::Waiting,
        OutboxStatus::Sent,
        OutboxStatus::Failed,
    ] {
        let page = store
            .outbox(w.school.id, status, &PageRequest::new(Some(200), None))
            .await
            .unwrap();
        if let Some(row) = page.items.into_iter().find(|o| o.id == id) {
            return Some(row);
        }
    }
    None
}

fn ids(rows: &[OutboxRow]) -> Vec<OutboxId> {
    rows.iter().map(|o| o.id).collect()
}

/// `QuietHoursStore`: none by default, round trip per school, `None` removes.
pub async fn quiet_hours_are_kept_per_school_and_removed_with_none<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let a = world(seed, "a").await;
    let b = world(seed, "b").await;
    assert_eq!(store.quiet_hours(a.school.id).await.unwrap(), None);
    let evenings = QuietHours {
        start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        weekends: true,
        free_days: false,
    };
    store
        .put_quiet_hours(a.school.id, Some(evenings))
        .await
        .unwrap();
    assert_eq!(
        store.quiet_hours(a.school.id).await.unwrap(),
        Some(evenings)
    );
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), None);
    let lunch = QuietHours {
        start: NaiveTime::from_hms_opt(12, 15, 0).unwrap(),
        end: NaiveTime::from_hms_opt(13, 45, 0).unwrap(),
        weekends: false,
        free_days: true,
    };
    store
        .put_quiet_hours(b.school.id, Some(lunch))
        .await
        .unwrap();
    store
        .put_quiet_hours(b.school.id, Some(lunch))
        .await
        .unwrap();
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), Some(lunch));
    assert_eq!(
        store.quiet_hours(a.school.id).await.unwrap(),
        Some(evenings)
    );
    store.put_quiet_hours(a.school.id, None).await.unwrap();
    store.put_quiet_hours(a.school.id, None).await.unwrap();
    assert_eq!(store.quiet_hours(a.school.id).await.unwrap(), None);
    assert_eq!(store.quiet_hours(b.school.id).await.unwrap(), Some(lunch));
}

/// `claim_due`: waiting rows due by `now`, oldest first (then by id), at most `limit`;
/// a claim is not an attempt and returns the rows as stored.
pub async fn claims_take_due_rows_oldest_first_up_to_the_limit<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let m = Duration::minutes;
    let rows = queued(
        store,
        &w,
        &[
            now() - m(1),
            now() - m(10),
            now() - m(5),
            now() + m(1),
            now() - m(10),
            now(),
        ],
    )
    .await;
    let lease = Duration::minutes(5);
    assert!(store.claim_due(now(), 0, lease).await.unwrap().is_empty());
    let first = store.claim_due(now(), 3, lease).await.unwrap();
    assert_eq!(
        first,
        vec![rows[1].clone(), rows[4].clone(), rows[2].clone()],
        "by due time, then by id, with every field as stored"
    );
    let second = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(second, vec![rows[0].clone(), rows[5].clone()]);
    assert!(store.claim_due(now(), 10, lease).await.unwrap().is_empty());
    for row in &rows {
        assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(row));
    }
    let later = store.claim_due(now() + m(1), 10, lease).await.unwrap();
    assert_eq!(later, vec![rows[3].clone()]);
}

/// `claim_due`: a held row is not claimed again until its lease has run out; then it is.
pub async fn a_held_row_is_claimed_again_only_when_its_lease_has_run_out<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    assert_eq!(
        ids(&store.claim_due(now(), 10, lease).await.unwrap()),
        ids(&rows)
    );
    let almost = now() + lease - Duration::seconds(1);
    assert!(store.claim_due(almost, 10, lease).await.unwrap().is_empty());
    let expired = now() + lease;
    let again = store.claim_due(expired, 10, lease).await.unwrap();
    assert_eq!(again, rows, "a killed worker loses nothing");
    assert!(
        store
            .claim_due(expired + Duration::seconds(1), 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "claimed again means held again"
    );
}

/// `claim_due`: concurrent claimers get disjoint rows; together, every row once.
pub async fn concurrent_claimers_never_get_the_same_row<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let dues: Vec<DateTime<Utc>> = (0..30).map(|i| now() - Duration::seconds(i)).collect();
    let rows = queued(store, &w, &dues).await;
    let lease = Duration::minutes(5);
    let claims = join_all(
        (0..4)
            .map(|_| store.claim_due(now(), 10, lease))
            .collect::<Vec<_>>(),
    )
    .await;
    let mut seen = std::collections::HashSet::new();
    for claim in claims {
        for row in claim.unwrap() {
            assert!(seen.insert(row.id), "row {} claimed twice", row.id);
        }
    }
    // Claimers may skip rows others had locked: what is left comes with later claims.
    for _ in 0..30 {
        let more = store.claim_due(now(), 10, lease).await.unwrap();
        if more.is_empty() {
            break;
        }
        for row in more {
            assert!(seen.insert(row.id), "row {} claimed twice", row.id);
        }
    }
    let mut all = ids(&rows);
    all.sort();
    let mut claimed: Vec<OutboxId> = seen.into_iter().collect();
    claimed.sort();
    assert_eq!(claimed, all);
}

/// `purge_sent`: sent rows whose last attempt is older than the cut-off go, in every
/// school; newer sent rows, waiting rows and failed rows stay.
pub async fn only_sent_rows_older_than_the_cut_off_are_purged<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let lease = Duration::minutes(5);
    let mine = queued(store, &w, &[now(), now(), now(), now()]).await;
    let theirs = queued(store, &other, &[now()]).await;
    let old = now() + Duration::minutes(1);
    let recent = now() + Duration::days(20);
    assert_eq!(store.claim_due(now(), 10, lease).await.unwrap().len(), 5);
    assert!(
        store
            .record_sent(w.school.id, mine[0].id, old)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_sent(w.school.id, mine[1].id, recent)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_failed(w.school.id, mine[2].id, "550 no", old)
            .await
            .unwrap()
    );
    assert!(store.release(w.school.id, mine[3].id).await.unwrap());
    assert!(
        store
            .record_sent(other.school.id, theirs[0].id, old)
            .await
            .unwrap()
    );

    let cut_off = now() + Duration::days(10);
    assert_eq!(store.purge_sent(cut_off).await.unwrap(), 2);
    assert_eq!(stored(store, &w, mine[0].id).await, None);
    assert_eq!(stored(store, &other, theirs[0].id).await, None);
    for kept in &mine[1..] {
        assert!(stored(store, &w, kept.id).await.is_some(), "{kept:?}");
    }
    assert_eq!(store.purge_sent(cut_off).await.unwrap(), 0);
}

/// `record_sent`: sent, one more attempt, no error, the time; never claimed again, and
/// no later record changes it.
pub async fn a_sent_row_is_never_claimed_or_changed_again<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let at = now() + Duration::seconds(3);
    assert!(store.record_sent(w.school.id, row.id, at).await.unwrap());
    let sent = OutboxRow {
        status: OutboxStatus::Sent,
        attempts: 1,
        last_error: None,
        next_attempt_at: at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(sent.clone()));
    let much_later = now() + Duration::days(2);
    assert!(
        store
            .claim_due(much_later, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .record_sent(w.school.id, row.id, much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_retry(w.school.id, row.id, "451", much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_failed(w.school.id, row.id, "550", much_later)
            .await
            .unwrap()
    );
    assert!(!store.release(w.school.id, row.id).await.unwrap());
    assert_eq!(stored(store, &w, row.id).await, Some(sent));
}

/// `record_retry`: still waiting, one more attempt, the error, the new due time, and the
/// lease cleared: claimable from the new time on, not before.
pub async fn a_retried_row_is_due_again_at_its_new_time<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::hours(1);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let retry_at = now() + Duration::minutes(2);
    assert!(
        store
            .record_retry(w.school.id, row.id, "451 4.3.0 try again later", retry_at)
            .await
            .unwrap()
    );
    let waiting = OutboxRow {
        attempts: 1,
        last_error: Some("451 4.3.0 try again later".into()),
        next_attempt_at: retry_at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(waiting.clone()));
    assert!(
        store
            .claim_due(retry_at - Duration::seconds(1), 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.claim_due(retry_at, 10, lease).await.unwrap(),
        vec![waiting.clone()],
        "the old lease (an hour) no longer holds it"
    );
    assert!(
        store
            .record_retry(
                w.school.id,
                row.id,
                "421 busy",
                retry_at + Duration::minutes(1)
            )
            .await
            .unwrap()
    );
    let twice = stored(store, &w, row.id).await.unwrap();
    assert_eq!(twice.attempts, 2);
    assert_eq!(twice.last_error.as_deref(), Some("421 busy"));
    assert_eq!(twice.status, OutboxStatus::Waiting);
}

/// `record_failed`: failed for good with the answer; never claimed or changed again.
pub async fn a_failed_row_keeps_the_answer_and_is_never_claimed_again<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    let at = now() + Duration::seconds(2);
    assert!(
        store
            .record_failed(w.school.id, row.id, "550 5.1.1 no such user", at)
            .await
            .unwrap()
    );
    let failed = OutboxRow {
        status: OutboxStatus::Failed,
        attempts: 1,
        last_error: Some("550 5.1.1 no such user".into()),
        next_attempt_at: at,
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(failed.clone()));
    let page = store
        .outbox(w.school.id, OutboxStatus::Failed, &PageRequest::first())
        .await
        .unwrap();
    assert_eq!(page.items, vec![failed.clone()]);
    let much_later = now() + Duration::days(2);
    assert!(
        store
            .claim_due(much_later, 10, lease)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .record_sent(w.school.id, row.id, much_later)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_retry(w.school.id, row.id, "451", much_later)
            .await
            .unwrap()
    );
    assert!(!store.release(w.school.id, row.id).await.unwrap());
    assert_eq!(stored(store, &w, row.id).await, Some(failed));
}

/// `release`: the lease cleared and nothing else: claimable at once, unchanged.
pub async fn a_released_row_is_claimable_at_once_and_unchanged<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::hours(1);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    assert!(
        store
            .record_retry(w.school.id, row.id, "451 later", now())
            .await
            .unwrap()
    );
    let retried = store.claim_due(now(), 10, lease).await.unwrap();
    assert_eq!(ids(&retried), ids(&rows));
    assert!(store.release(w.school.id, row.id).await.unwrap());
    let expected = OutboxRow {
        attempts: 1,
        last_error: Some("451 later".into()),
        ..rows[0].clone()
    };
    assert_eq!(stored(store, &w, row.id).await, Some(expected.clone()));
    assert_eq!(
        store.claim_due(now(), 10, lease).await.unwrap(),
        vec![expected]
    );
    assert!(store.release(w.school.id, row.id).await.unwrap());
}

/// Every `record_*` and `release`: an unknown row, or a row named with another school,
/// answers `false` and changes nothing.
pub async fn recording_an_unknown_or_another_schools_row_changes_nothing<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "a").await;
    let other = world(seed, "b").await;
    let rows = queued(store, &w, &[now()]).await;
    let lease = Duration::minutes(5);
    let row = store.claim_due(now(), 10, lease).await.unwrap().remove(0);
    for (school, id) in [(w.school.id, OutboxId::new()), (other.school.id, row.id)] {
        assert!(!store.record_sent(school, id, now()).await.unwrap());
        assert!(!store.record_retry(school, id, "451", now()).await.unwrap());
        assert!(!store.record_failed(school, id, "550", now()).await.unwrap());
        assert!(!store.release(school, id).await.unwrap());
    }
    assert_eq!(stored(store, &w, row.id).await.as_ref(), Some(&rows[0]));
    assert!(
        store.claim_due(now(), 10, lease).await.unwrap().is_empty(),
        "still held"
    );
}
