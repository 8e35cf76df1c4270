//! The server-rendered pages and the first-run setup, driven as a browser would: forms
//! posted from our own pages (`Sec-Fetch-Site: same-origin`), the session in the
//! `schoolbrug_session` cookie. One binary, so that the crate is linked once; its modules
//! follow the domain modules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The support of the HTTP tests (`tests/support/`, shared with the `api` binary): the
/// parts this binary uses, each item reachable as `crate::support::<item>`.
#[path = "../support"]
mod support {
    pub mod accounts;
    pub mod app;
    pub mod browser;

    pub use app::*;
    pub use browser::*;
}

mod accounts;
mod attendance;
mod calendar;
mod messaging;
