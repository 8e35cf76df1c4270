//! What every page shares: the layout's data ([`Chrome`]), the error summary of a refused
//! form ([`FormErrors`]), rendering, the error pages (the pages' one table of error
//! classes, [`failure`]), and the extractors that turn the
//! session cookie into a signed-in user ([`WebUser`], [`AdminUser`]).

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use schoolbrug_accounts::model::SessionToken;
use schoolbrug_accounts::{AccountsError, Me};
use schoolbrug_kernel::{Actor, FieldError, Role};

use super::error::{ErrorClass, UNAVAILABLE_RETRY_AFTER_SECS};
use super::i18n::{Lang, Texts};
use crate::core::auth::{removal_cookie, token_of};
use crate::core::state::AppState;

/// The signed-in user as the layout shows it.
#[derive(Clone, Debug)]
pub struct NavUser {
    /// First and last name.
    pub name: String,
    /// Whether the administration link is shown.
    pub is_admin: bool,
    /// Whether the absences' register link is shown (teachers and admins register).
    pub registers: bool,
    /// Whether the absences' follow-up link is shown (counsellors and admins).
    pub follows_up: bool,
    /// Whether "Mijn kinderen" is shown (a co-account).
    pub is_co_account: bool,
}

/// The layout's data: language, title and who is signed in.
#[derive(Clone, Debug)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// The page's title (without the site name).
    pub title: String,
    /// Who is signed in, if anyone.
    pub user: Option<NavUser>,
}

impl Chrome {
    /// A page for someone who is not signed in.
    pub fn anonymous(lang: Lang, title: &str) -> Self {
        Self {
            lang,
            title: title.to_owned(),
            user: None,
        }
    }

    /// A page for a signed-in user.
    pub fn signed_in(user: &WebUser, title: &str) -> Self {
        Self {
            lang: user.lang,
            title: title.to_owned(),
            user: Some(user.nav()),
        }
    }
}

/// One reason a form was refused: the element it concerns (`""` for the whole form) and
/// what to do about it.
#[derive(Clone, Debug)]
pub struct FormError {
    /// The id of the form element, the target of the summary's link.
    pub target: String,
    /// The message.
    pub message: String,
}

/// Every reason a form was refused, for the summary at the top and beside each field.
#[derive(Clone, Debug, Default)]
pub struct FormErrors {
    items: Vec<FormError>,
}

impl FormErrors {
    /// No errors.
    pub fn none() -> Self {
        Self::default()
    }

    /// One error.
    pub fn one(target: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.add(target, message);
        errors
    }

    /// Adds a reason (the same message for the same target only once).
    pub fn add(&mut self, target: &str, message: impl Into<String>) {
        let message = message.into();
        if !self
            .items
            .iter()
            .any(|e| e.target == target && e.message == message)
        {
            self.items.push(FormError {
                target: target.to_owned(),
                message,
            });
        }
    }

    /// Adds the domain's field errors, in `lang`, each on the element `target(field)`.
    pub fn add_fields(
        &mut self,
        lang: Lang,
        errors: &[FieldError],
        min_length: usize,
        target: impl Fn(&str) -> &str,
    ) {
        for e in errors {
            self.add(
                target(&e.field),
                lang.field_message(&e.field, &e.code, min_length),
            );
        }
    }

    /// Orders the reasons as their fields appear on the page, form-level ones first.
    #[must_use]
    pub fn in_order(mut self, order: &[&str]) -> Self {
        let rank = |target: &str| {
            if target.is_empty() {
                0
            } else {
                order
                    .iter()
                    .position(|o| *o == target)
                    .map_or(order.len() + 1, |i| i + 1)
            }
        };
        self.items.sort_by_key(|e| rank(&e.target));
        self
    }

    /// Whether the form was accepted.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every reason, in order.
    pub fn items(&self) -> &[FormError] {
        &self.items
    }

    /// Whether `target` was refused.
    pub fn has(&self, target: &str) -> bool {
        self.items.iter().any(|e| e.target == target)
    }

    /// The messages for `target`.
    pub fn of(&self, target: &str) -> Vec<&str> {
        self.items
            .iter()
            .filter(|e| e.target == target)
            .map(|e| e.message.as_str())
            .collect()
    }
}

/// Renders a page with `status` in `lang`.
pub fn render(lang: Lang, status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => {
            let mut response = (status, Html(body)).into_response();
            response.headers_mut().insert(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.code()),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

/// An option of a select or a checkbox.
#[derive(Clone, Debug)]
pub struct Choice {
    /// The submitted value (or the checkbox's name).
    pub value: String,
    /// What the user reads.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// A 303 redirect (after a form, the browser GETs the target).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "error.html", whitespace = "minimize")]
struct ErrorPage {
    t: &'static Texts,
    page: Chrome,
    heading: &'static str,
    text: String,
}

pub(crate) fn error_page(
    lang: Lang,
    user: Option<NavUser>,
    status: StatusCode,
    heading: &'static str,
    text: impl Into<String>,
) -> Response {
    let page = ErrorPage {
        t: lang.texts(),
        page: Chrome {
            lang,
            title: heading.to_owned(),
            user,
        },
        heading,
        text: text.into(),
    };
    render(lang, status, &page)
}

/// The 404 page: what does not exist and what the user may not see look the same.
pub fn not_found(lang: Lang, user: Option<NavUser>) -> Response {
    let t = lang.texts();
    error_page(
        lang,
        user,
        StatusCode::NOT_FOUND,
        t.not_found_title,
        t.not_found_text,
    )
}

/// The pages' one table of error classes, for a domain error no form can show: 404, a
/// redirect to `/login`, 429 and 503 (with `Retry-After`; also when the server sheds
/// sign-ins), 500. Nothing internal reaches
/// the page; the log gets the detail.
pub fn failure(lang: Lang, user: Option<NavUser>, error: impl Into<ErrorClass>) -> Response {
    let t = lang.texts();
    match error.into() {
        // A page a pupil or co-account may never use (the news editor) is not shown to
        // them at all: the 404 page, as for the admin pages.
        ErrorClass::NotFound | ErrorClass::Forbidden => not_found(lang, user),
        ErrorClass::Invalid(_)
        | ErrorClass::Conflict(_)
        | ErrorClass::InvalidCode
        | ErrorClass::InvalidToken => error_page(
            lang,
            user,
            StatusCode::BAD_REQUEST,
            t.bad_request_title,
            t.bad_request_text,
        ),
        ErrorClass::Unauthenticated
        | ErrorClass::SecondFactorRequired
        | ErrorClass::SecondFactorInvalid => see_other("/login"),
        ErrorClass::SecondFactorEnrolmentRequired => see_other(SECOND_FACTOR_PAGE),
        ErrorClass::Throttled { retry_after_secs } => {
            let mut response = error_page(
                lang,
                user,
                StatusCode::TOO_MANY_REQUESTS,
                t.unavailable_title,
                lang.throttled(retry_after_secs),
            );
            set_retry_after(&mut response, retry_after_secs);
            response
        }
        ErrorClass::Busy { retry_after_secs } => {
            let mut response = error_page(
                lang,
                user,
                StatusCode::SERVICE_UNAVAILABLE,
                t.unavailable_title,
                lang.busy(retry_after_secs),
            );
            set_retry_after(&mut response, retry_after_secs);
            response
        }
        ErrorClass::Unavailable(detail) => {
            tracing::warn!(error = %detail, "store unavailable");
            let mut response = error_page(
                lang,
                user,
                StatusCode::SERVICE_UNAVAILABLE,
                t.unavailable_title,
                t.unavailable_text,
            );
            set_retry_after(&mut response, UNAVAILABLE_RETRY_AFTER_SECS);
            response
        }
        ErrorClass::Unexpected(detail) => {
            tracing::error!(error = %detail, "unexpected error");
            error_page(
                lang,
                user,
                StatusCode::INTERNAL_SERVER_ERROR,
                t.internal_title,
                t.internal_text,
            )
        }
    }
}

/// Adds `Retry-After`.
pub fn set_retry_after(response: &mut Response, secs: u64) {
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

/// The settings page where a second factor is enrolled and turned off; a member of staff
/// whose school requires one is sent here until enrolled.
pub const SECOND_FACTOR_PAGE: &str = "/settings/second-factor";

/// A signed-in user of the pages: the session cookie (or bearer token) checked by the
/// domain. Without a valid session the browser is sent to `/login` (303) and a stale
/// cookie is removed.
#[derive(Clone, Debug)]
pub struct WebUser {
    /// Who acts.
    pub actor: Actor,
    /// The session's token.
    pub token: SessionToken,
    /// The account as it sees itself.
    pub me: Me,
    /// The page language.
    pub lang: Lang,
}

impl WebUser {
    /// The layout's view of the user.
    pub fn nav(&self) -> NavUser {
        NavUser {
            name: full_name(&self.me.account),
            is_admin: self.actor.is_admin(),
            registers: self.actor.is_admin() || self.actor.has_role(Role::Teacher),
            follows_up: self.actor.is_admin() || self.actor.has_role(Role::Counsellor),
            is_co_account: self.actor.pupil_of_co_account().is_some(),
        }
    }

    /// The page for a domain error (of any module), with this user's menu.
    pub fn failure(&self, error: impl Into<ErrorClass>) -> Response {
        failure(self.lang, Some(self.nav()), error)
    }

    /// The 404 page, with this user's menu.
    pub fn not_found(&self) -> Response {
        not_found(self.lang, Some(self.nav()))
    }
}

/// "First Last".
pub fn full_name(account: &schoolbrug_accounts::model::Account) -> String {
    format!(
        "{} {}",
        account.first_name.as_str(),
        account.last_name.as_str()
    )
}

fn to_login(secure: bool, had_token: bool) -> Response {
    if had_token {
        (
            CookieJar::new().add(removal_cookie(secure)),
            Redirect::to("/login"),
        )
            .into_response()
    } else {
        see_other("/login")
    }
}

impl FromRequestParts<AppState> for WebUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::of(&parts.headers);
        let secure = state.config.secure_cookies;
        let Some((token, _)) = token_of(parts, secure) else {
            return Err(to_login(secure, false));
        };
        let actor = match state.accounts.authenticate(&token).await {
            Ok(actor) => actor,
            Err(AccountsError::Unauthenticated | AccountsError::NotFound) => {
                return Err(to_login(secure, true));
            }
            Err(e) => return Err(failure(lang, None, e)),
        };
        if let Err(e) = crate::core::auth::enrolment_gate(state, &actor, parts).await {
            return Err(failure(lang, None, e));
        }
        let me = match state.accounts.me(&actor).await {
            Ok(me) => me,
            Err(AccountsError::Unauthenticated | AccountsError::NotFound) => {
                return Err(to_login(secure, true));
            }
            Err(e) => return Err(failure(lang, None, e)),
        };
        Ok(Self {
            actor,
            token,
            me,
            lang,
        })
    }
}

/// A signed-in administrator; anyone else gets the 404 page.
#[derive(Clone, Debug)]
pub struct AdminUser(pub WebUser);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = WebUser::from_request_parts(parts, state).await?;
        if user.actor.is_admin() {
            Ok(Self(user))
        } else {
            Err(user.not_found())
        }
    }
}
