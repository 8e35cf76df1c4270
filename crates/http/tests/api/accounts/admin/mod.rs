//! School administration under `/api/v1/admin`: accounts, co-accounts, codes, erasure,
//! groups and the audit log; and that nobody but the school's admin reaches any of it.

mod access;
mod accounts;
mod co_accounts;
mod erasure;
mod groups;

use serde_json::{Value, json};

/// A co-account's body for `POST /api/v1/admin/accounts/{id}/co-accounts`.
fn co_account_body(slot: Value, username: &str) -> Value {
    json!({
        "slot": slot,
        "relation": "father",
        "username": username,
        "first_name": "Piet",
        "last_name": "Peeters",
    })
}
