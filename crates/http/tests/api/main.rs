//! The JSON API under `/api/v1` and the health probes, black-box: every test drives
//! `schoolbrug_http::router` on the in-memory adapters (see `support`). One binary, so
//! that the crate is linked once; its modules follow the domain modules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod health;
mod messaging;
