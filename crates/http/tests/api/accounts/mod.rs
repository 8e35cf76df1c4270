//! The accounts module through the API: sessions, passwords, the school's administration,
//! robust input and the OpenAPI description.

mod admin;
mod client_address;
mod input;
mod openapi;
mod password;
mod session;
