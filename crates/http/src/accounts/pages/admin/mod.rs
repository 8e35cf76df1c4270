//! School administration pages (role `admin`; anyone else sees the 404 page): the list
//! of accounts, a new main account, an account's details with its co-accounts, one-time
//! codes (shown once, on the page answering the POST), resetting a co-account, erasure.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use schoolbrug_accounts::model::{
    Account, AccountFilter, AccountKind, CoAccountStatus, PersonName, Relation, Username,
};
use schoolbrug_accounts::password::PasswordPolicy;
use schoolbrug_accounts::{AccountsError, NewAccount, NewCoAccount};
use schoolbrug_kernel::{AccountId, Cursor, PageRequest, Role};
use serde::Deserialize;
use url::form_urlencoded;

use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{
    AdminUser, Choice, Chrome, FormErrors, WebUser, full_name, render, see_other,
};

fn trimmed(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Parses an optional `YYYY-MM-DD` date; `Err` for anything else that is not blank.
fn optional_date(value: &str) -> Result<Option<NaiveDate>, ()> {
    match trimmed(value) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

/// The domain's checks of a username and names, for a form refused before it reached
/// the domain (so every reason shows at once).
fn check_names(lang: Lang, errors: &mut FormErrors, username: &str, first: &str, last: &str) {
    let refused = [
        Username::parse(username).err(),
        PersonName::parse("first_name", first).err(),
        PersonName::parse("last_name", last).err(),
    ];
    for e in refused.into_iter().flatten() {
        errors.add(&e.field, lang.field_message(&e.field, &e.code, 0));
    }
}

fn parse_id(raw: &str) -> Option<AccountId> {
    raw.parse().ok()
}

/// A domain field error's place on the page.
fn target(field: &str) -> &str {
    field
}

mod account;
mod codes;
mod list;
mod new_account;

use account::{CoAccountForm, account_page, load};
use new_account::CO_ACCOUNT_FIELDS;

pub use account::{account, add_co_account};
pub use codes::{erase, issue_code, reset_co_account};
pub use list::{home, list};
pub use new_account::{create_account, new_account_form};
