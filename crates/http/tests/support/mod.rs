//! The one support module of the HTTP tests, shared by both test binaries (`api` and
//! `pages`), each of which includes it with `#[path = "../support/mod.rs"]`.
//!
//! - [`app`]: the app under test on the in-memory adapters, and reading its answers;
//! - [`accounts`]: seeding accounts (through the domain or the admin API) and signing in;
//! - [`api`]: requests to the JSON API and reading its problems;
//! - [`browser`]: the pages as a browser drives them (cookie, forms, redirects);
//! - [`messaging`]: the school seeded for the message API tests and its message helpers.
// Each binary uses a part of these helpers only: what one of them leaves unused is not dead.
#![allow(dead_code)]

pub mod accounts;
pub mod api;
pub mod app;
pub mod browser;
pub mod messaging;

pub use accounts::*;
pub use app::*;
// As above: the pages binary does not call the API, the api binary drives no browser.
#[allow(unused_imports)]
pub use api::*;
#[allow(unused_imports)]
pub use browser::*;
#[allow(unused_imports)]
pub use messaging::*;
