//! The accounts module through the API: sessions (also ended everywhere at once),
//! passwords, the school's administration, robust input, load shedding of sign-ins and
//! the OpenAPI description.

mod admin;
mod client_address;
mod devices;
mod input;
mod links;
mod load_shedding;
mod logout_everywhere;
mod oidc;
mod openapi;
mod password;
mod second_factor;
mod session;
