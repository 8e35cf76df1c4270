//! Forwarding by e-mail, end to end: the real binary (`serve`, and `schoolbrug worker`) on
//! PostgreSQL sends to a real SMTP server on loopback (`schoolbrug_tests::smtp`), which
//! the tests take down, bring back, script (451, 550) and slow down.
//!
//! Retries are made fast with the test setting `SCHOOLBRUG_FORWARD_RETRY_BASE_MS` (the
//! backoff keeps its doubling and jitter) and idle workers look often with
//! `SCHOOLBRUG_FORWARD_POLL_MS`; a `serve` whose worker must not take part runs without
//! it (`SCHOOLBRUG_SERVE_FORWARDING=false`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod school;

mod delivery;
mod outage;
mod workers;
