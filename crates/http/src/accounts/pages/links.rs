//! Linking one's co-accounts on the pages (a parent with a co-account per child):
//! `GET /account/links` (the linked co-accounts and the form to link another), `POST
//! /account/links` (the other co-account's username and password, and its second-factor
//! code when it has one), `POST /account/links/{id}/unlink`. Only a co-account has this
//! page; anyone else gets the 404 page. The rules are the domain's
//! (`Accounts::link_co_account`): the password is checked as at sign-in, against the same
//! throttle, so the refusals read as the login page's.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_accounts::LinkCoAccount;
use schoolbrug_kernel::AccountId;
use serde::Deserialize;

use super::refusal::password_refusal;
use crate::core::auth::ClientAddr;
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Chrome, FormErrors, WebUser, render, see_other, set_retry_after};

#[derive(Template)]
#[template(path = "account/links.html", whitespace = "minimize")]
struct LinksPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    links: Vec<LinkRow>,
    username: String,
    /// The other co-account's password was right and it has a second factor: its code is
    /// asked, with the password again (never kept in the page).
    ask_code: bool,
}

/// A linked co-account as the page lists it.
struct LinkRow {
    id: String,
    name: String,
    child: String,
}

/// `?linked=1` after linking, `?unlinked=1` after unlinking.
#[derive(Debug, Default, Deserialize)]
pub struct LinksQuery {
    linked: Option<String>,
    unlinked: Option<String>,
}

/// The link form as posted (no `Debug`: it holds another account's password).
#[derive(Default, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The other co-account's second-factor code, on the second step.
    #[serde(default)]
    totp: String,
}

/// What the form shows again after a refusal.
struct Refused {
    status: StatusCode,
    errors: FormErrors,
    username: String,
    ask_code: bool,
    notice: Option<&'static str>,
    retry_after: Option<u64>,
}

async fn links_page(state: &AppState, user: &WebUser, refused: Refused) -> Response {
    let t = user.lang.texts();
    let links = match state.accounts.links(&user.actor).await {
        Ok(links) => links,
        Err(e) => return user.failure(e),
    };
    let links = links
        .into_iter()
        .map(|l| LinkRow {
            id: l.id.to_string(),
            name: format!("{} {}", l.first_name, l.last_name),
            child: l.pupil_name,
        })
        .collect();
    let mut response = render(
        user.lang,
        refused.status,
        &LinksPage {
            t,
            page: Chrome::signed_in(user, t.links_title),
            errors: refused.errors.in_order(&["username", "password", "totp"]),
            notice: refused.notice,
            links,
            username: refused.username,
            ask_code: refused.ask_code,
        },
    );
    if let Some(secs) = refused.retry_after {
        set_retry_after(&mut response, secs);
    }
    response
}

/// Whether the user is a co-account: the only accounts that link themselves.
fn is_co_account(user: &WebUser) -> bool {
    user.actor.pupil_of_co_account().is_some()
}

/// `GET /account/links`
pub async fn links(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<LinksQuery>,
) -> Response {
    if !is_co_account(&user) {
        return user.not_found();
    }
    let t = user.lang.texts();
    let notice = if query.linked.is_some() {
        Some(t.links_linked_note)
    } else if query.unlinked.is_some() {
        Some(t.links_unlinked_note)
    } else {
        None
    };
    links_page(
        &state,
        &user,
        Refused {
            status: StatusCode::OK,
            errors: FormErrors::none(),
            username: String::new(),
            ask_code: false,
            notice,
            retry_after: None,
        },
    )
    .await
}

/// `POST /account/links`: on success a 303 back to the page with a note (the new link in
/// its list); on a refusal the form again, worded as the login page words it.
pub async fn link(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    user: WebUser,
    Form(form): Form<LinkForm>,
) -> Response {
    if !is_co_account(&user) {
        return user.not_found();
    }
    let lang = user.lang;
    let t = lang.texts();
    let totp = form.totp.trim();
    let request = LinkCoAccount {
        // The actor's own school: the pages never link across schools.
        school: None,
        username: form.username.trim().to_owned(),
        password: form.password,
        client,
        second_factor: (!totp.is_empty()).then(|| totp.to_owned()),
    };
    let refusal = match state.accounts.link_co_account(&user.actor, request).await {
        Ok(_) => return see_other("/account/links?linked=1"),
        Err(e) => match password_refusal(lang, e) {
            Ok(refusal) => refusal,
            Err(e) => return user.failure(e),
        },
    };
    let (status, errors, retry_after) = (refusal.status, refusal.errors, refusal.retry_after);
    let ask_code = refusal.ask_code || !totp.is_empty();
    let notice = refusal.second_step.then_some(t.links_second_factor_note);
    links_page(
        &state,
        &user,
        Refused {
            status,
            errors,
            username: form.username,
            ask_code,
            notice,
            retry_after,
        },
    )
    .await
}

/// `POST /account/links/{id}/unlink`: back to the page with a note; the 404 page for a
/// co-account not linked to this one.
pub async fn unlink(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
) -> Response {
    let Ok(other) = id.parse::<AccountId>() else {
        return user.not_found();
    };
    match state.accounts.unlink_co_account(&user.actor, other).await {
        Ok(()) => see_other("/account/links?unlinked=1"),
        Err(e) => user.failure(e),
    }
}
