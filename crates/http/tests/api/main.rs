//! The JSON API under `/api/v1` and the health probes, black-box: every test drives
//! `schoolbrug_http::router` on the in-memory adapters. One binary, so that the crate is
//! linked once; its modules follow the domain modules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The support of the HTTP tests (`tests/support/`, shared with the `pages` binary): the
/// parts this binary uses, each item reachable as `crate::support::<item>`.
#[path = "../support"]
mod support {
    pub mod api;
    pub mod app;

    pub use api::*;
    pub use app::*;
}

mod accounts;
mod attendance;
mod calendar;
mod health;
mod messaging;
mod start;
