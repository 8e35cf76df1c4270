//! Field-level validation errors, shared by every module and mapped to 422 at the edge.

use serde::Serialize;

/// One reason a field of a request was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as named in the API (`"username"`, `"new"`).
    pub field: String,
    /// A stable, machine-readable reason (`"too_short"`, `"blank"`).
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}
