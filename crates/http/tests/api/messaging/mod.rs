//! The messaging module through the API, on the school that `support::api::messaging::School`
//! seeds: sending and its rules, privacy, receipts, settings, forwarding by e-mail (and the
//! limit on confirmation mails) and the OpenAPI description of the message endpoints.

mod confirmation_limit;
mod forwarding;
mod messages_input;
mod news;
mod openapi;
mod privacy;
mod receipts;
mod rules;
mod settings;
