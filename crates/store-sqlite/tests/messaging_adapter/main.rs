//! What the messaging contract suite cannot see: the SQLite adapter's own behaviour (large
//! deliveries in chunks, all-or-nothing at scale, full-text search details, the
//! full-text index across deletes and VACUUM, references to accounts, the outbox queue
//! across connections and its leases as stored). The query plans of the folders and of a
//! claim are checked by the unit tests of `src/messaging/reader.rs` and
//! `src/messaging/forwarding.rs`.
//!
//! One module per topic: `delivery.rs` (large deliveries, all or nothing), `search.rs`,
//! `references.rs` (erased accounts, other schools, visibility as stored), `outbox.rs`
//! (claims across connections, leases, quiet hours); this file holds the helpers they
//! share.
#![cfg(feature = "messaging")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use schoolbrug_accounts::ports::{AccountStore, StoreError};
use schoolbrug_kernel::{AccountId, MessageId, OutboxId, PageRequest};
use schoolbrug_messaging::contract::{DeliveryDraft, World, delivery, world};
use schoolbrug_messaging::forwarding::QuietHours;
use schoolbrug_messaging::model::{
    Copy, Folder, Forwarded, NotificationSettings, OutboxRow, OutboxStatus, Via,
};
use schoolbrug_messaging::ports::{
    MessageReader, MessageStore, OutboxQueue, QuietHoursStore, SettingsStore,
};
use schoolbrug_store_sqlite::{SqliteDatabase, SqliteMessageStore};
use schoolbrug_tests::bridge::AccountsSeed;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap()
}

fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("messaging-adapter-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// A migrated database file in `dir`, as in production (WAL, several connections).
async fn file_db(dir: &TempDir) -> SqliteDatabase {
    let db = SqliteDatabase::connect(dir.path().join("schoolbrug.db").to_str().unwrap())
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db
}

/// `n` pupils of `w`'s school, inserted in one transaction; their ids in order.
async fn many_pupils(db: &SqliteDatabase, w: &World, n: usize) -> Vec<AccountId> {
    let ids: Vec<AccountId> = (0..n).map(|_| AccountId::new()).collect();
    let mut tx = db.pool().begin().await.unwrap();
    for (i, id) in ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO accounts (school_id, id, username, first_name, last_name, kind, roles, \
                 created_at) \
             VALUES (?1, ?2, ?3, 'Kind', ?4, 'main', 'pupil', ?5)",
        )
        .bind(w.school.id.as_uuid())
        .bind(id.as_uuid())
        .bind(format!("pupil-{i}"))
        .bind(format!("Nummer {i}"))
        .bind(now())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    ids
}

/// A message from the teacher to every one of `recipients` (blind copies), with an
/// outbox row for the first `forwarded` of them.
fn mass_delivery(
    w: &World,
    recipients: &[AccountId],
    forwarded: usize,
    subject: &str,
    body: &str,
) -> DeliveryDraft {
    let mut d = delivery(w, &w.teacher, &[], subject, body, now());
    let template = delivery(w, &w.teacher, &[&w.lotte], subject, body, now()).copies[0].clone();
    d.copies = recipients
        .iter()
        .enumerate()
        .map(|(i, id)| Copy {
            message: d.message.id,
            recipient: *id,
            recipient_name: format!("Kind Nummer {i}"),
            ..template.clone()
        })
        .collect();
    d.outbox = recipients[..forwarded]
        .iter()
        .map(|id| OutboxRow {
            id: OutboxId::new(),
            school: w.school.id,
            forwards: Forwarded::Message(d.message.id),
            recipient: *id,
            to: "ouder@example.org".into(),
            subject: subject.into(),
            status: OutboxStatus::Waiting,
            attempts: 0,
            last_error: None,
            next_attempt_at: now(),
            created_at: now(),
        })
        .collect();
    d
}

async fn count(db: &SqliteDatabase, sql: &str, message: MessageId) -> i64 {
    sqlx::query_scalar(sql)
        .bind(message.as_uuid())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn inbox_ids(
    store: &SqliteMessageStore,
    w: &World,
    account: AccountId,
    folder: Folder,
    query: Option<&str>,
) -> Vec<MessageId> {
    store
        .folder(w.school.id, account, folder, query, &PageRequest::first())
        .await
        .unwrap()
        .items
        .iter()
        .map(|s| s.id)
        .collect()
}

mod delivery;
mod outbox;
mod references;
mod search;
