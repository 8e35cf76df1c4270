//! A delivery's rows as arrays for `UNNEST`: the statements that write a message's copies
//! and outbox rows in one round trip each, whatever their number.
//!
//! Most columns of a delivery hold the same few values for every row (a school-wide
//! message's 5,000 blind copies share one `via` label, one `reply_due_at` and four NULLs;
//! its outbox rows one subject, status and time). Sending such a column as a 5,000-element
//! array cost a third of the send's time outside the insert itself: encoding here,
//! parsing 5,000 `jsonb` values there (docs/benchmarks.md). So each row carries only what
//! is its own (ids, names, addresses) and the index of its *state*; the distinct states
//! travel once, and the server joins the two.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use schoolbrug_messaging::model::{Copy, GroupLabel, OutboxRow, Via};
use schoolbrug_messaging::ports::{StoreError, StoreResult};
use sqlx::types::Json;
use uuid::Uuid;

/// Every copy in one statement: each copy's recipient, name and state index ($3–$5),
/// joined with the distinct states ($6–$11, numbered from 1 by `ORDINALITY`).
pub(crate) const INSERT_COPIES: &str = "INSERT INTO message_copies (school_id, message_id, \
     recipient_id, recipient_name, via, read_at, replied_at, reply_due_at, trashed_at, \
     misdirected_at) \
     SELECT $1::uuid, $2::uuid, c.recipient_id, c.recipient_name, s.via, s.read_at, \
     s.replied_at, s.reply_due_at, s.trashed_at, s.misdirected_at \
     FROM UNNEST($3::uuid[], $4::text[], $5::int8[]) AS c (recipient_id, recipient_name, state) \
     JOIN UNNEST($6::jsonb[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], \
     $10::timestamptz[], $11::timestamptz[]) WITH ORDINALITY \
     AS s (via, read_at, replied_at, reply_due_at, trashed_at, misdirected_at, state) \
     ON s.state = c.state";

/// Every outbox row in one statement: each row's id, recipient, address and state index
/// ($3–$6), joined with the distinct states ($7–$12).
pub(crate) const INSERT_OUTBOX: &str = "INSERT INTO outbox (school_id, message_id, id, \
     recipient_id, to_address, subject, status, attempts, last_error, next_attempt_at, \
     created_at) \
     SELECT $1::uuid, $2::uuid, o.id, o.recipient_id, o.to_address, s.subject, s.status, \
     s.attempts, s.last_error, s.next_attempt_at, s.created_at \
     FROM UNNEST($3::uuid[], $4::uuid[], $5::text[], $6::int8[]) \
     AS o (id, recipient_id, to_address, state) \
     JOIN UNNEST($7::text[], $8::text[], $9::int4[], $10::text[], $11::timestamptz[], \
     $12::timestamptz[]) WITH ORDINALITY \
     AS s (subject, status, attempts, last_error, next_attempt_at, created_at, state) \
     ON s.state = o.state";

/// [`INSERT_OUTBOX`] for the rows of a news item (`$2`) instead of a message.
pub(crate) const INSERT_NEWS_OUTBOX: &str = "INSERT INTO outbox (school_id, news_id, id, \
     recipient_id, to_address, subject, status, attempts, last_error, next_attempt_at, \
     created_at) \
     SELECT $1::uuid, $2::uuid, o.id, o.recipient_id, o.to_address, s.subject, s.status, \
     s.attempts, s.last_error, s.next_attempt_at, s.created_at \
     FROM UNNEST($3::uuid[], $4::uuid[], $5::text[], $6::int8[]) \
     AS o (id, recipient_id, to_address, state) \
     JOIN UNNEST($7::text[], $8::text[], $9::int4[], $10::text[], $11::timestamptz[], \
     $12::timestamptz[]) WITH ORDINALITY \
     AS s (subject, status, attempts, last_error, next_attempt_at, created_at, state) \
     ON s.state = o.state";

/// The distinct values of a key, in order of first appearance, each with its 1-based
/// number (as `WITH ORDINALITY` numbers an array's elements).
struct Distinct<K> {
    numbers: HashMap<K, i64>,
    values: Vec<K>,
}

impl<K: Clone + Eq + Hash> Distinct<K> {
    fn new() -> Self {
        Self {
            numbers: HashMap::new(),
            values: Vec::new(),
        }
    }

    /// The number of `key`, given a new one if it is new.
    fn number(&mut self, key: K) -> i64 {
        if let Some(&n) = self.numbers.get(&key) {
            return n;
        }
        self.values.push(key.clone());
        // A delivery holds far fewer than 2^63 rows.
        let n = i64::try_from(self.values.len()).unwrap_or(i64::MAX);
        self.numbers.insert(key, n);
        n
    }
}

/// What a copy shares with others: everything but its recipient.
type CopyState<'a> = (
    Option<&'a GroupLabel>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// A delivery's copies as the bind parameters of [`INSERT_COPIES`].
pub(crate) struct CopyColumns<'a> {
    pub recipient: Vec<Uuid>,
    pub recipient_name: Vec<&'a str>,
    pub state: Vec<i64>,
    pub via: Vec<Option<Json<&'a GroupLabel>>>,
    pub read_at: Vec<Option<DateTime<Utc>>>,
    pub replied_at: Vec<Option<DateTime<Utc>>>,
    pub reply_due_at: Vec<Option<DateTime<Utc>>>,
    pub trashed_at: Vec<Option<DateTime<Utc>>>,
    pub misdirected_at: Vec<Option<DateTime<Utc>>>,
}

impl<'a> CopyColumns<'a> {
    pub(crate) fn of(copies: &'a [Copy]) -> Self {
        let n = copies.len();
        let mut states = Distinct::<CopyState<'a>>::new();
        let mut recipient = Vec::with_capacity(n);
        let mut recipient_name = Vec::with_capacity(n);
        let mut state = Vec::with_capacity(n);
        for copy in copies {
            recipient.push(copy.recipient.as_uuid());
            recipient_name.push(copy.recipient_name.as_str());
            let via = match &copy.via {
                Via::Named => None,
                Via::Group(label) => Some(label),
            };
            state.push(states.number((
                via,
                copy.read_at,
                copy.replied_at,
                copy.reply_due_at,
                copy.trashed_at,
                copy.misdirected_at,
            )));
        }
        let k = states.values.len();
        let mut columns = Self {
            recipient,
            recipient_name,
            state,
            via: Vec::with_capacity(k),
            read_at: Vec::with_capacity(k),
            replied_at: Vec::with_capacity(k),
            reply_due_at: Vec::with_capacity(k),
            trashed_at: Vec::with_capacity(k),
            misdirected_at: Vec::with_capacity(k),
        };
        for (via, read, replied, due, trashed, misdirected) in states.values {
            columns.via.push(via.map(Json));
            columns.read_at.push(read);
            columns.replied_at.push(replied);
            columns.reply_due_at.push(due);
            columns.trashed_at.push(trashed);
            columns.misdirected_at.push(misdirected);
        }
        columns
    }
}

/// What an outbox row shares with others: everything but its id, recipient and address.
type OutboxState<'a> = (
    &'a str,
    &'static str,
    i32,
    Option<&'a str>,
    DateTime<Utc>,
    DateTime<Utc>,
);

/// A delivery's outbox rows as the bind parameters of [`INSERT_OUTBOX`].
pub(crate) struct OutboxColumns<'a> {
    pub id: Vec<Uuid>,
    pub recipient: Vec<Uuid>,
    pub to: Vec<&'a str>,
    pub state: Vec<i64>,
    pub subject: Vec<&'a str>,
    pub status: Vec<&'static str>,
    pub attempts: Vec<i32>,
    pub last_error: Vec<Option<&'a str>>,
    pub next_attempt_at: Vec<DateTime<Utc>>,
    pub created_at: Vec<DateTime<Utc>>,
}

impl<'a> OutboxColumns<'a> {
    pub(crate) fn of(rows: &'a [OutboxRow]) -> StoreResult<Self> {
        let n = rows.len();
        let mut states = Distinct::<OutboxState<'a>>::new();
        let mut id = Vec::with_capacity(n);
        let mut recipient = Vec::with_capacity(n);
        let mut to = Vec::with_capacity(n);
        let mut state = Vec::with_capacity(n);
        for row in rows {
            id.push(row.id.as_uuid());
            recipient.push(row.recipient.as_uuid());
            to.push(row.to.as_str());
            let attempts = i32::try_from(row.attempts).map_err(|_| {
                StoreError::Unexpected(format!("outbox row {}: attempts out of range", row.id))
            })?;
            state.push(states.number((
                row.subject.as_str(),
                row.status.as_str(),
                attempts,
                row.last_error.as_deref(),
                row.next_attempt_at,
                row.created_at,
            )));
        }
        let k = states.values.len();
        let mut columns = Self {
            id,
            recipient,
            to,
            state,
            subject: Vec::with_capacity(k),
            status: Vec::with_capacity(k),
            attempts: Vec::with_capacity(k),
            last_error: Vec::with_capacity(k),
            next_attempt_at: Vec::with_capacity(k),
            created_at: Vec::with_capacity(k),
        };
        for (subject, status, attempts, last_error, next, created) in states.values {
            columns.subject.push(subject);
            columns.status.push(status);
            columns.attempts.push(attempts);
            columns.last_error.push(last_error);
            columns.next_attempt_at.push(next);
            columns.created_at.push(created);
        }
        Ok(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_share_one_number_in_order_of_first_appearance() {
        let mut distinct = Distinct::new();
        let numbers: Vec<i64> = ["a", "b", "a", "c", "b", "a"]
            .into_iter()
            .map(|k| distinct.number(k))
            .collect();
        assert_eq!(numbers, [1, 2, 1, 3, 2, 1]);
        assert_eq!(distinct.values, ["a", "b", "c"]);
    }
}
