//! How a form that checks someone's password answers a refusal of the accounts module:
//! the login form and the form that links another co-account answer alike, so neither
//! tells more than signing in does (which usernames exist, whose password was right).

use axum::http::StatusCode;
use schoolbrug_accounts::AccountsError;
use schoolbrug_accounts::password::PasswordPolicy;

use crate::core::i18n::Lang;
use crate::core::view::FormErrors;

/// The form again, after a refusal.
pub(super) struct PasswordRefusal {
    /// The page's status.
    pub status: StatusCode,
    /// What the form shows.
    pub errors: FormErrors,
    /// The seconds of a `Retry-After`, when the refusal is to wait.
    pub retry_after: Option<u64>,
    /// Whether the form now asks for the second factor's code.
    pub ask_code: bool,
    /// Whether this is the second step: the password was right and the code is asked
    /// (the caller words the note above the form).
    pub second_step: bool,
}

/// The answer to `error`, or the error itself when it is none of a password check's
/// refusals (the caller's failure page answers it).
pub(super) fn password_refusal(
    lang: Lang,
    error: AccountsError,
) -> Result<PasswordRefusal, AccountsError> {
    let t = lang.texts();
    let refusal = |status, errors, retry_after| PasswordRefusal {
        status,
        errors,
        retry_after,
        ask_code: false,
        second_step: false,
    };
    Ok(match error {
        // One message for every reason a password check fails.
        AccountsError::Unauthenticated => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::one("", t.login_failed),
            None,
        ),
        // The password was right: the second step asks for the code, and the password
        // again (it is not kept anywhere between the two steps).
        AccountsError::SecondFactorRequired => PasswordRefusal {
            ask_code: true,
            second_step: true,
            ..refusal(StatusCode::OK, FormErrors::none(), None)
        },
        AccountsError::SecondFactorInvalid => PasswordRefusal {
            ask_code: true,
            ..refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                FormErrors::one("totp", t.login_code_wrong),
                None,
            )
        },
        AccountsError::Throttled { retry_after_secs } => refusal(
            StatusCode::TOO_MANY_REQUESTS,
            FormErrors::one("", lang.throttled(retry_after_secs)),
            Some(retry_after_secs),
        ),
        // The server sheds password checks: the form stays, with the wait.
        AccountsError::Busy { retry_after_secs } => refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            FormErrors::one("", lang.busy(retry_after_secs)),
            Some(retry_after_secs),
        ),
        AccountsError::Invalid(fields) => {
            let mut errors = FormErrors::none();
            errors.add_fields(lang, &fields, PasswordPolicy::DEFAULT_MIN_LENGTH, |f| f);
            refusal(StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
        other => return Err(other),
    })
}
