//! The contract suite of the messaging ports: one public async check per MUST in the
//! ports' documentation. Every adapter runs all of them through
//! [`messaging_contract_tests!`](crate::messaging_contract_tests). Each check gets the
//! messaging store and a [`DirectorySeed`] that puts schools, people and groups where that
//! store's [`Directory`](crate::ports::Directory) reads them (the accounts tables of the same
//! database, or an [`InMemoryDirectory`]).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use schoolbrug_kernel::{
    AccountId, GroupId, MessageId, OutboxId, PageRequest, Role, SchoolId, SessionToken,
};

use crate::forwarding::QuietHours;
use crate::memory::{InMemoryDirectory, Person};
use crate::model::DeliveryError;
use crate::model::GroupInfo;
use crate::model::{
    AddresseeKind, Audience, Body, Copy, Folder, Forwarded, GroupLabel, Message, MessageKind,
    NotificationSettings, OutboxRow, OutboxStatus, Subject, Via, Visibility,
};
use crate::ports::{Delivery, ForwardingStores, MailAllowance, MailCounted, MessagingStores};

mod calendar;
mod delivery;
mod directory;
mod news;
mod outbox;
mod reader;
mod settings;

pub use calendar::*;
pub use delivery::*;
pub use directory::*;
pub use news::*;
pub use outbox::*;
pub use reader::*;
pub use settings::*;

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
            confirmation_mails_are_counted_up_to_the_allowance_per_window,
            parallel_saves_count_no_more_mails_than_the_allowance,
            delivered_outbox_rows_are_listed_by_status,
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
            groups_of_lists_an_account_s_groups_in_its_school_only,
            inbox_counts_count_only_the_account_s_own_copies,
            a_published_item_comes_back_and_an_id_twice_is_refused,
            an_update_replaces_the_content_keeps_the_author_and_stays_in_its_school,
            a_withdrawn_item_is_gone_with_its_read_states_in_its_school_only,
            visible_news_follows_window_audience_author_order_and_school,
            read_state_is_kept_per_reader,
            erasing_an_account_forgets_its_reads_and_keeps_its_items,
            news_addresses_are_those_reached_who_asked_for_news,
            a_publication_writes_its_outbox_rows_with_the_item_and_withdrawal_takes_them,
            an_update_brings_the_waiting_forwards_in_line,
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

use schoolbrug_kernel::join_all;

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
            forwards: Forwarded::Message(d.message.id),
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
