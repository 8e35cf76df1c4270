//! The pages of one's own account: signing in and out, the start page, changing a
//! password and setting one with a one-time code.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use schoolbrug_accounts::model::SessionToken;
use schoolbrug_accounts::password::PasswordPolicy;
use schoolbrug_accounts::{AccountsError, ChangePassword, ResetPassword, SignIn, SignedIn};
use serde::Deserialize;

use super::refusal::password_refusal;
use crate::core::auth::{
    CLEAR_SITE_DATA, CLEAR_SITE_DATA_EVERYTHING, CLEAR_SITE_DATA_HEADER, ClientAddr, device_cookie,
    device_of, removal_cookie, session_cookie, token_of,
};
use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{
    Chrome, FormErrors, WebUser, failure, full_name, render, see_other, set_retry_after,
};

/// A form field left out is an empty string.
fn blank_to_none(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Whether the pages ask for the school: only when the installation serves several.
async fn several_schools(state: &AppState) -> Result<bool, AccountsError> {
    Ok(state.accounts.schools().await?.len() > 1)
}

/// The minimum password length of the school a form names (or the only school).
async fn min_length_of(state: &AppState, slug: Option<&str>) -> usize {
    let schools = state.accounts.schools().await.unwrap_or_default();
    let school = match slug {
        Some(slug) => schools
            .iter()
            .find(|s| s.slug.as_str() == slug.to_lowercase()),
        None if schools.len() == 1 => schools.first(),
        None => None,
    };
    school.map_or(PasswordPolicy::DEFAULT_MIN_LENGTH, |s| {
        s.min_password_length
    })
}

// ---------------------------------------------------------------------------------------
// Sign in

#[derive(Template)]
#[template(path = "login.html", whitespace = "minimize")]
struct LoginPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    show_school: bool,
    school: String,
    username: String,
    /// The school's slug when it signs in with its identity provider (the button).
    oidc_school: Option<String>,
    /// The second step: the password was right and the account's second factor is asked
    /// (with the password again: it is never kept in the page).
    ask_code: bool,
}

/// `?logged_out=1` after logging out, `?password_set=1` after setting a password;
/// `?school=slug` names the school (its identity provider's button shows).
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    logged_out: Option<String>,
    password_set: Option<String>,
    school: Option<String>,
}

/// The slug of the school named (or the only one) when it has an identity provider.
async fn oidc_school(state: &AppState, school: Option<&str>) -> Option<String> {
    let slug = school.and_then(blank_to_none);
    state
        .external_sign_in
        .school_with_provider(slug.as_deref())
        .await
        .ok()
        .flatten()
        .map(|s| s.slug.as_str().to_owned())
}

/// The sign-in form as posted (no `Debug`: it holds a password).
#[derive(Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    school: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The second factor's code (TOTP or recovery code), on the second step.
    #[serde(default)]
    totp: String,
}

/// `GET /login` (someone already signed in goes to the start page).
pub async fn login_page(
    State(state): State<AppState>,
    lang: Lang,
    MaybeToken(token): MaybeToken,
    Query(query): Query<LoginQuery>,
) -> Response {
    if let Some(token) = token
        && state.accounts.authenticate(&token).await.is_ok()
    {
        return see_other("/");
    }
    let show_school = match several_schools(&state).await {
        Ok(several) => several,
        Err(e) => return failure(lang, None, e),
    };
    let t = lang.texts();
    let notice = if query.logged_out.is_some() {
        Some(t.logged_out_note)
    } else if query.password_set.is_some() {
        Some(t.password_set_note)
    } else {
        None
    };
    let oidc_school = oidc_school(&state, query.school.as_deref()).await;
    render(
        lang,
        StatusCode::OK,
        &LoginPage {
            t,
            page: Chrome::anonymous(lang, t.login_title),
            errors: FormErrors::none(),
            notice,
            show_school,
            school: query.school.unwrap_or_default(),
            username: String::new(),
            oidc_school,
            ask_code: false,
        },
    )
}

/// `POST /login`: on success the session cookie and a 303 to `/`.
pub async fn login(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = lang.texts();
    let attempt = SignIn {
        school: blank_to_none(&form.school),
        username: form.username.trim().to_owned(),
        password: form.password,
        client,
        device: device_of(&headers, state.config.secure_cookies),
        second_factor: blank_to_none(&form.totp),
    };
    let refusal = match state.accounts.sign_in(attempt).await {
        Ok(signed_in) => {
            return (signed_in_cookies(&state, &signed_in), Redirect::to("/")).into_response();
        }
        Err(e) => match password_refusal(lang, e) {
            Ok(refusal) => refusal,
            Err(e) => return failure(lang, None, e),
        },
    };
    let (status, errors, retry_after) = (refusal.status, refusal.errors, refusal.retry_after);
    let ask_code = refusal.ask_code || !form.totp.trim().is_empty();
    let notice = refusal.second_step.then_some(t.login_second_factor_note);
    let show_school = match several_schools(&state).await {
        Ok(several) => several || errors.has("school"),
        Err(e) => return failure(lang, None, e),
    };
    let oidc_school = oidc_school(&state, Some(&form.school)).await;
    let mut response = render(
        lang,
        status,
        &LoginPage {
            t,
            page: Chrome::anonymous(lang, t.login_title),
            errors: errors.in_order(&["school", "username", "password", "totp"]),
            notice,
            show_school,
            school: form.school,
            username: form.username,
            oidc_school,
            ask_code,
        },
    );
    if let Some(secs) = retry_after {
        set_retry_after(&mut response, secs);
    }
    response
}

/// The session cookie and the device cookie of a sign-in.
pub(crate) fn signed_in_cookies(state: &AppState, signed_in: &SignedIn) -> CookieJar {
    let secure = state.config.secure_cookies;
    CookieJar::new()
        .add(session_cookie(
            &signed_in.token,
            secure,
            state.accounts.session_absolute_timeout(),
        ))
        .add(device_cookie(
            &signed_in.device,
            secure,
            state.accounts.device_lifetime(),
        ))
}

// ---------------------------------------------------------------------------------------
// Log out

/// The session token a request carries, if any (checked by the handler).
pub struct MaybeToken(pub(crate) Option<SessionToken>);

impl FromRequestParts<AppState> for MaybeToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            token_of(parts, state.config.secure_cookies).map(|(token, _)| token),
        ))
    }
}

/// `POST /logout`: ends the session on the server, removes the cookie, 303 to the login
/// page with a note.
pub async fn logout(
    State(state): State<AppState>,
    lang: Lang,
    MaybeToken(token): MaybeToken,
) -> Response {
    if let Some(token) = token {
        match state.accounts.authenticate(&token).await {
            Ok(actor) => {
                if let Err(e) = state.accounts.sign_out(&actor, &token).await {
                    return failure(lang, None, e);
                }
            }
            // Already ended: removing the cookie is all that is left to do.
            Err(AccountsError::Unauthenticated | AccountsError::NotFound) => {}
            Err(e) => return failure(lang, None, e),
        }
    }
    (
        [(CLEAR_SITE_DATA_HEADER, CLEAR_SITE_DATA)],
        CookieJar::new().add(removal_cookie(state.config.secure_cookies)),
        Redirect::to("/login?logged_out=1"),
    )
        .into_response()
}

/// `POST /logout/everywhere`: ends every session of the account on the server, this one
/// included, removes the cookie, 303 to the login page with a note.
pub async fn logout_everywhere(State(state): State<AppState>, user: WebUser) -> Response {
    if let Err(e) = state.accounts.sign_out_everywhere(&user.actor).await {
        return user.failure(e);
    }
    (
        [(CLEAR_SITE_DATA_HEADER, CLEAR_SITE_DATA_EVERYTHING)],
        CookieJar::new().add(removal_cookie(state.config.secure_cookies)),
        Redirect::to("/login?logged_out=1"),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------
// Start page

#[derive(Template)]
#[template(path = "start.html", whitespace = "minimize")]
struct StartPage {
    t: &'static Texts,
    page: Chrome,
    name: String,
    username: String,
    school: String,
    kind: &'static str,
    roles: String,
    child: Option<String>,
    relation: Option<&'static str>,
    slot: Option<u8>,
    is_admin: bool,
    unread: Option<u64>,
    /// What is new and coming; `None` when a store could not say (the page still shows).
    start: Option<StartSection>,
}

/// A news item on the start page.
struct StartNews {
    id: String,
    title: String,
    pinned: bool,
    read: bool,
    child: Option<String>,
}

/// An item of the coming two weeks on the start page.
struct StartItem {
    when: String,
    title: String,
    child: Option<String>,
    changed: bool,
}

/// The start page's news, calendar and counts (`crate::start`).
struct StartSection {
    since: String,
    news: Vec<StartNews>,
    upcoming: Vec<StartItem>,
    replies_due: u64,
}

impl StartSection {
    fn of(start: &crate::start::Start) -> Self {
        let zone = start.zone;
        Self {
            since: start
                .since
                .with_timezone(&zone)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            news: start
                .news
                .iter()
                .map(|n| StartNews {
                    id: n.item.id.as_uuid().to_string(),
                    title: n.item.title.as_str().to_owned(),
                    pinned: n.item.pinned,
                    read: n.read,
                    child: n.child.as_ref().map(|(_, name)| name.clone()),
                })
                .collect(),
            upcoming: start
                .upcoming
                .iter()
                .map(|o| StartItem {
                    when: match o.days {
                        Some((first, _)) => first.format("%d/%m").to_string(),
                        None => o
                            .start
                            .with_timezone(&zone)
                            .format("%d/%m %H:%M")
                            .to_string(),
                    },
                    title: o.title.clone(),
                    child: o.child.as_ref().map(|c| c.name.clone()),
                    changed: start.changed(o),
                })
                .collect(),
            replies_due: start.replies_due,
        }
    }
}

/// `GET /`: what is new since the previous visit (news, messages, the calendar of the
/// coming two weeks) and who you are; a co-account sees its child's.
pub async fn start(State(state): State<AppState>, user: WebUser) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let me = &user.me;
    let is_co = me.account.pupil().is_some();
    let page = StartPage {
        t,
        page: Chrome::signed_in(&user, t.start_title),
        name: full_name(&me.account),
        username: me.account.username.as_str().to_owned(),
        school: me.school.name.as_str().to_owned(),
        kind: if is_co { t.kind_co } else { t.kind_main },
        roles: lang.roles(me.roles()),
        child: me.pupil.as_ref().map(full_name),
        relation: me.relation().map(|r| lang.relation(r)),
        slot: me.slot().map(|s| s.get()),
        is_admin: user.actor.is_admin(),
        unread: None,
        start: None,
    };
    let page = match crate::start::gather(&state, &user.actor).await {
        Ok(start) => StartPage {
            unread: Some(start.unread_messages),
            start: Some(StartSection::of(&start)),
            ..page
        },
        Err(e) => {
            tracing::warn!(error = %e, "the start page shows without its news and calendar");
            StartPage {
                unread: crate::messaging::pages::messages::unread_for_start(&state, &user).await,
                ..page
            }
        }
    };
    render(lang, StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------------------
// Change password

#[derive(Template)]
#[template(path = "password.html", whitespace = "minimize")]
struct PasswordPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    changed: bool,
    hint: String,
    /// A main account may link itself to the school's identity provider.
    can_link: bool,
}

/// `?changed=1` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordQuery {
    changed: Option<String>,
}

/// The change-password form (no `Debug`: it holds passwords).
#[derive(Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// Whether the password page offers to link the account to the school's provider: only a
/// main account (co-accounts cannot be linked) of a school that has one.
async fn can_link(state: &AppState, user: &WebUser) -> bool {
    user.me.slot().is_none()
        && oidc_school(state, Some(user.me.school.slug.as_str()))
            .await
            .is_some()
}

fn password_page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    changed: bool,
    can_link: bool,
) -> Response {
    let t = user.lang.texts();
    let min_length = PasswordPolicy::new(user.me.school.min_password_length).min_length();
    render(
        user.lang,
        status,
        &PasswordPage {
            t,
            page: Chrome::signed_in(user, t.password_title),
            errors: errors.in_order(&["current", "new", "repeat"]),
            changed,
            hint: user.lang.password_hint(min_length),
            can_link,
        },
    )
}

/// `GET /password`
pub async fn password_form(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<PasswordQuery>,
) -> Response {
    let can_link = can_link(&state, &user).await;
    password_page(
        &user,
        StatusCode::OK,
        FormErrors::none(),
        query.changed.is_some(),
        can_link,
    )
}

/// `POST /password`: every reason a new password is refused; on success the other
/// sessions end and a 303 shows the confirmation.
pub async fn change_password(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<PasswordForm>,
) -> Response {
    let lang = user.lang;
    let change = ChangePassword {
        current: form.current,
        new: form.new,
        repeat: form.repeat,
    };
    let errors = match state
        .accounts
        .change_password(&user.actor, &user.token, change)
        .await
    {
        Ok(()) => return see_other("/password?changed=1"),
        Err(AccountsError::Unauthenticated) => {
            FormErrors::one("current", lang.texts().current_wrong)
        }
        Err(AccountsError::Invalid(fields)) => {
            let mut errors = FormErrors::none();
            errors.add_fields(lang, &fields, user.me.school.min_password_length, |f| f);
            errors
        }
        Err(e) => return user.failure(e),
    };
    let can_link = can_link(&state, &user).await;
    password_page(
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        false,
        can_link,
    )
}

// ---------------------------------------------------------------------------------------
// Set a password with a one-time code

#[derive(Template)]
#[template(path = "reset.html", whitespace = "minimize")]
struct ResetPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    show_school: bool,
    school: String,
    username: String,
    code: String,
    hint: String,
}

/// Pre-fills the username from a link (`?username=`).
#[derive(Debug, Default, Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    username: String,
}

/// The reset form (no `Debug`: it holds a code and passwords).
#[derive(Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    school: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `GET /password/reset`
pub async fn reset_form(
    State(state): State<AppState>,
    lang: Lang,
    Query(query): Query<ResetQuery>,
) -> Response {
    let show_school = match several_schools(&state).await {
        Ok(several) => several,
        Err(e) => return failure(lang, None, e),
    };
    let min_length = min_length_of(&state, None).await;
    let t = lang.texts();
    render(
        lang,
        StatusCode::OK,
        &ResetPage {
            t,
            page: Chrome::anonymous(lang, t.reset_title),
            errors: FormErrors::none(),
            show_school,
            school: String::new(),
            username: query.username,
            code: String::new(),
            hint: lang.password_hint(min_length),
        },
    )
}

/// `POST /password/reset`: on success a 303 to the login page with a note.
pub async fn reset(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    Form(form): Form<ResetForm>,
) -> Response {
    let t = lang.texts();
    let school = blank_to_none(&form.school);
    let min_length = min_length_of(&state, school.as_deref()).await;
    let request = ResetPassword {
        school,
        username: form.username.trim().to_owned(),
        code: form.code.trim().to_owned(),
        new: form.new,
        repeat: form.repeat,
        client,
    };
    let (status, errors, retry_after) = match state.accounts.reset_password(request).await {
        Ok(()) => return see_other("/login?password_set=1"),
        Err(AccountsError::InvalidCode) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::one("code", t.code_invalid),
            None,
        ),
        Err(AccountsError::Throttled { retry_after_secs }) => (
            StatusCode::TOO_MANY_REQUESTS,
            FormErrors::one("", lang.throttled(retry_after_secs)),
            Some(retry_after_secs),
        ),
        Err(AccountsError::Invalid(fields)) => {
            let mut errors = FormErrors::none();
            errors.add_fields(lang, &fields, min_length, |f| f);
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
        Err(e) => return failure(lang, None, e),
    };
    let show_school = match several_schools(&state).await {
        Ok(several) => several || errors.has("school"),
        Err(e) => return failure(lang, None, e),
    };
    let mut response = render(
        lang,
        status,
        &ResetPage {
            t,
            page: Chrome::anonymous(lang, t.reset_title),
            errors: errors.in_order(&["school", "username", "code", "new", "repeat"]),
            show_school,
            school: form.school,
            username: form.username,
            code: form.code,
            hint: lang.password_hint(min_length),
        },
    );
    if let Some(secs) = retry_after {
        set_retry_after(&mut response, secs);
    }
    response
}
