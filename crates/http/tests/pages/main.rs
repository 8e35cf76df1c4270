//! The server-rendered pages and the first-run setup, driven as a browser would (see
//! `crate::support::browser`): forms posted from our own pages (`Sec-Fetch-Site: same-origin`),
//! the session in the `schoolbrug_session` cookie. One binary, so that the crate is
//! linked once; its modules follow the domain modules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod messaging;
