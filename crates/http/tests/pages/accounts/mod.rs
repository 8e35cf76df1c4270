//! The accounts pages: signing in and out, passwords, the administration of accounts, and
//! the first-run setup.

mod admin;
mod links;
mod login;
mod password;
mod second_factor;
mod setup;
mod sign_in_settings;
