//! School administration pages (role `admin`; anyone else sees the 404 page): the list
//! of accounts, a new main account, an account's details with its co-accounts, one-time
//! codes (shown once, on the page answering the POST), resetting a co-account, erasure.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use schoolbrug_accounts::model::{
    Account, AccountFilter, AccountKind, CoAccountStatus, PersonName, Relation, Username,
};
use schoolbrug_accounts::password::PasswordPolicy;
use schoolbrug_accounts::{AccountsError, NewAccount, NewCoAccount};
use schoolbrug_kernel::{AccountId, Cursor, PageRequest, Role};
use serde::Deserialize;
use url::form_urlencoded;

use crate::core::i18n::{Lang, Texts};
use crate::core::state::AppState;
use crate::core::view::{
    AdminUser, Choice, Chrome, FormErrors, WebUser, full_name, render, see_other,
};

fn trimmed(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Parses an optional `YYYY-MM-DD` date; `Err` for anything else that is not blank.
fn optional_date(value: &str) -> Result<Option<NaiveDate>, ()> {
    match trimmed(value) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

/// The domain's checks of a username and names, for a form refused before it reached
/// the domain (so every reason shows at once).
fn check_names(lang: Lang, errors: &mut FormErrors, username: &str, first: &str, last: &str) {
    let refused = [
        Username::parse(username).err(),
        PersonName::parse("first_name", first).err(),
        PersonName::parse("last_name", last).err(),
    ];
    for e in refused.into_iter().flatten() {
        errors.add(&e.field, lang.field_message(&e.field, &e.code, 0));
    }
}

fn parse_id(raw: &str) -> Option<AccountId> {
    raw.parse().ok()
}

/// A domain field error's place on the page.
fn target(field: &str) -> &str {
    field
}

// ---------------------------------------------------------------------------------------
// The list

#[derive(Template)]
#[template(path = "admin/accounts.html", whitespace = "minimize")]
struct AccountsPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<String>,
    q: String,
    roles: Vec<Choice>,
    rows: Vec<AccountRow>,
    next_href: Option<String>,
    first_href: Option<String>,
}

struct AccountRow {
    id: String,
    username: String,
    name: String,
    kind: &'static str,
    roles: String,
}

/// `?q=&role=&after=` and, after an erasure, `erased=`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    after: String,
    erased: Option<usize>,
}

fn list_href(q: &str, role: &str, after: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if !q.is_empty() {
        query.append_pair("q", q);
    }
    if !role.is_empty() {
        query.append_pair("role", role);
    }
    if let Some(after) = after {
        query.append_pair("after", after);
    }
    let query = query.finish();
    if query.is_empty() {
        "/admin/accounts".to_owned()
    } else {
        format!("/admin/accounts?{query}")
    }
}

/// `GET /admin`
pub async fn home(AdminUser(_): AdminUser) -> Response {
    see_other("/admin/accounts")
}

/// `GET /admin/accounts`
pub async fn list(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Query(query): Query<ListQuery>,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let mut errors = FormErrors::none();
    let q = query.q.trim().to_owned();
    let role = Role::parse(query.role.trim());
    let role_value = role.map(|r| r.as_str().to_owned()).unwrap_or_default();
    let after = match trimmed(&query.after).map(|a| Cursor::parse(&a)) {
        None => None,
        Some(Ok(cursor)) => Some(cursor),
        Some(Err(_)) => {
            errors.add("", lang.field_message("after", "malformed_cursor", 0));
            None
        }
    };
    let filter = AccountFilter {
        role,
        query: trimmed(&q),
    };
    let paged = after.is_some();
    let page = match state
        .accounts
        .list_accounts(&user.actor, &filter, &PageRequest::new(None, after))
        .await
    {
        Ok(page) => page,
        Err(AccountsError::Invalid(fields)) => {
            errors.add_fields(lang, &fields, 0, |_| "");
            match state
                .accounts
                .list_accounts(&user.actor, &filter, &PageRequest::first())
                .await
            {
                Ok(page) => page,
                Err(e) => return user.failure(e),
            }
        }
        Err(e) => return user.failure(e),
    };
    let rows = page
        .items
        .iter()
        .map(|a| AccountRow {
            id: a.id.to_string(),
            username: a.username.as_str().to_owned(),
            name: full_name(a),
            kind: if a.pupil().is_some() {
                t.kind_co
            } else {
                t.kind_main
            },
            roles: lang.roles(a.roles()),
        })
        .collect();
    let mut roles = vec![Choice {
        value: String::new(),
        label: t.all_accounts.to_owned(),
        selected: role.is_none(),
    }];
    roles.extend(Role::ALL.iter().map(|r| Choice {
        value: r.as_str().to_owned(),
        label: lang.role(*r).to_owned(),
        selected: role == Some(*r),
    }));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(
        lang,
        status,
        &AccountsPage {
            t,
            page: Chrome::signed_in(&user, t.accounts_title),
            errors,
            notice: query.erased.map(|n| lang.erased(n)),
            next_href: page
                .next
                .as_deref()
                .map(|next| list_href(&q, &role_value, Some(next))),
            first_href: paged.then(|| list_href(&q, &role_value, None)),
            q,
            roles,
            rows,
        },
    )
}

// ---------------------------------------------------------------------------------------
// A new main account

#[derive(Template)]
#[template(path = "admin/new_account.html", whitespace = "minimize")]
struct NewAccountPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    form: NewAccountForm,
    roles: Vec<Choice>,
}

/// The new-account form: one checkbox per role (`role_pupil`, `role_teacher`…).
#[derive(Debug, Default, Deserialize)]
pub struct NewAccountForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    role_pupil: Option<String>,
    role_teacher: Option<String>,
    role_counsellor: Option<String>,
    role_admin: Option<String>,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    email: String,
}

impl NewAccountForm {
    fn has_role(&self, role: Role) -> bool {
        match role {
            Role::Pupil => self.role_pupil.is_some(),
            Role::Teacher => self.role_teacher.is_some(),
            Role::Counsellor => self.role_counsellor.is_some(),
            Role::Admin => self.role_admin.is_some(),
        }
    }
}

/// The new-account form's fields, in page order.
const NEW_ACCOUNT_FIELDS: &[&str] = &[
    "username",
    "first_name",
    "last_name",
    "roles",
    "birth_date",
    "email",
];

/// The add-co-account form's fields, in page order.
const CO_ACCOUNT_FIELDS: &[&str] = &[
    "slot",
    "relation",
    "username",
    "first_name",
    "last_name",
    "email",
    "active_until",
];

fn new_account_page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    form: NewAccountForm,
) -> Response {
    let lang = user.lang;
    let errors = errors.in_order(NEW_ACCOUNT_FIELDS);
    let t = lang.texts();
    let roles = Role::ALL
        .iter()
        .map(|r| Choice {
            value: format!("role_{}", r.as_str()),
            label: lang.role(*r).to_owned(),
            selected: form.has_role(*r),
        })
        .collect();
    render(
        lang,
        status,
        &NewAccountPage {
            t,
            page: Chrome::signed_in(user, t.new_account_title),
            errors,
            form,
            roles,
        },
    )
}

/// `GET /admin/accounts/new`
pub async fn new_account_form(AdminUser(user): AdminUser) -> Response {
    new_account_page(
        &user,
        StatusCode::OK,
        FormErrors::none(),
        NewAccountForm::default(),
    )
}

/// `POST /admin/accounts/new`: on success a 303 to the new account's page.
pub async fn create_account(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Form(form): Form<NewAccountForm>,
) -> Response {
    let lang = user.lang;
    let mut errors = FormErrors::none();
    let birth_date = optional_date(&form.birth_date).unwrap_or_else(|()| {
        errors.add("birth_date", lang.field_message("birth_date", "invalid", 0));
        None
    });
    let new = NewAccount {
        username: form.username.clone(),
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        roles: Role::ALL
            .iter()
            .filter(|r| form.has_role(**r))
            .map(|r| r.as_str().to_owned())
            .collect(),
        birth_date,
        email: trimmed(&form.email),
    };
    if !errors.is_empty() {
        // The date is ours to read; report the domain's checks of the other fields with it.
        errors.add_fields(lang, &new.refused_fields(), 0, target);
        return new_account_page(&user, StatusCode::UNPROCESSABLE_ENTITY, errors, form);
    }
    match state.accounts.create_account(&user.actor, new).await {
        Ok(account) => {
            return see_other(&format!("/admin/accounts/{}?created=1", account.id));
        }
        Err(AccountsError::Invalid(fields)) => errors.add_fields(lang, &fields, 0, target),
        Err(AccountsError::Conflict(c)) => {
            errors.add("username", lang.field_message("username", c.code(), 0));
        }
        Err(e) => return user.failure(e),
    }
    new_account_page(&user, StatusCode::UNPROCESSABLE_ENTITY, errors, form)
}

// ---------------------------------------------------------------------------------------
// One account

#[derive(Template)]
#[template(path = "admin/account.html", whitespace = "minimize")]
struct AccountPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    account: AccountView,
    co_accounts: Vec<CoRow>,
    slots: Vec<Choice>,
    relations: Vec<Choice>,
    co_form: CoAccountForm,
}

struct PupilLink {
    id: String,
    name: String,
}

struct AccountView {
    id: String,
    username: String,
    name: String,
    kind: &'static str,
    roles: String,
    is_pupil: bool,
    pupil: Option<PupilLink>,
    relation: Option<&'static str>,
    slot: Option<u8>,
    status: Option<String>,
    birth_date: Option<String>,
    email: Option<String>,
    created: String,
    terms: String,
    can_erase: bool,
}

struct CoRow {
    id: String,
    slot: u8,
    relation: &'static str,
    username: String,
    name: String,
    status: String,
    confirm_id: String,
}

/// The add-co-account form.
#[derive(Debug, Default, Deserialize)]
pub struct CoAccountForm {
    #[serde(default)]
    slot: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    active_until: String,
}

/// `?created=1` / `?added=1` after a form.
#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    created: Option<String>,
    added: Option<String>,
}

fn status_text(lang: Lang, status: CoAccountStatus) -> String {
    let t = lang.texts();
    match status {
        CoAccountStatus::Active => t.status_active.to_owned(),
        CoAccountStatus::Inactive => t.status_inactive.to_owned(),
        CoAccountStatus::ActiveUntil(date) => {
            format!("{} {}", t.status_active_until, lang.date(date))
        }
    }
}

/// Everything the account page shows, or the response for an account the admin may
/// not see.
struct AccountData {
    account: Account,
    co_accounts: Vec<Account>,
    pupil: Option<Account>,
}

async fn load(state: &AppState, user: &WebUser, id: AccountId) -> Result<AccountData, Response> {
    let (account, co_accounts) = state
        .accounts
        .account(&user.actor, id)
        .await
        .map_err(|e| user.failure(e))?;
    let pupil = match account.pupil() {
        Some(pupil) => match state.accounts.account(&user.actor, pupil).await {
            Ok((pupil, _)) => Some(pupil),
            Err(AccountsError::NotFound) => None,
            Err(e) => return Err(user.failure(e)),
        },
        None => None,
    };
    Ok(AccountData {
        account,
        co_accounts,
        pupil,
    })
}

fn account_page(
    user: &WebUser,
    data: &AccountData,
    status: StatusCode,
    errors: FormErrors,
    notice: Option<&'static str>,
    co_form: CoAccountForm,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let errors = errors.in_order(CO_ACCOUNT_FIELDS);
    let zone = user.me.school.time_zone;
    let account = &data.account;
    let (relation, slot, co_status) = match &account.kind {
        AccountKind::Co {
            relation,
            slot,
            status,
            ..
        } => (Some(*relation), Some(slot.get()), Some(*status)),
        AccountKind::Main { .. } => (None, None, None),
    };
    let birth_date = match &account.kind {
        AccountKind::Main { birth_date, .. } => birth_date.map(|d| lang.date(d)),
        AccountKind::Co { .. } => None,
    };
    let view = AccountView {
        id: account.id.to_string(),
        username: account.username.as_str().to_owned(),
        name: full_name(account),
        kind: if relation.is_some() {
            t.kind_co
        } else {
            t.kind_main
        },
        roles: if relation.is_some() {
            String::new()
        } else {
            lang.roles(account.roles())
        },
        is_pupil: account.is_pupil(),
        pupil: data.pupil.as_ref().map(|p| PupilLink {
            id: p.id.to_string(),
            name: full_name(p),
        }),
        relation: relation.map(|r| lang.relation(r)),
        slot,
        status: co_status.map(|s| status_text(lang, s)),
        birth_date,
        email: account.email.clone(),
        created: lang.date_time(account.created_at.with_timezone(&zone)),
        terms: account.terms.as_ref().map_or_else(
            || t.terms_not_accepted.to_owned(),
            |terms| {
                format!(
                    "{} ({})",
                    lang.date_time(terms.accepted_at.with_timezone(&zone)),
                    terms.version
                )
            },
        ),
        can_erase: relation.is_none() && account.id != user.actor.account,
    };
    let mut co_rows: Vec<CoRow> = data
        .co_accounts
        .iter()
        .filter_map(|co| match &co.kind {
            AccountKind::Co {
                slot,
                relation,
                status,
                ..
            } => Some(CoRow {
                id: co.id.to_string(),
                slot: slot.get(),
                relation: lang.relation(*relation),
                username: co.username.as_str().to_owned(),
                name: full_name(co),
                status: status_text(lang, *status),
                confirm_id: format!("confirm-reset-{}", co.id),
            }),
            AccountKind::Main { .. } => None,
        })
        .collect();
    co_rows.sort_by_key(|row| row.slot);
    let taken: Vec<u8> = co_rows.iter().map(|row| row.slot).collect();
    let free: Vec<u8> = (1..=6).filter(|s| !taken.contains(s)).collect();
    let mut slots = Vec::new();
    if !free.is_empty() {
        slots.push(Choice {
            value: String::new(),
            label: t.choose.to_owned(),
            selected: co_form.slot.is_empty(),
        });
        slots.extend(free.iter().map(|s| Choice {
            value: s.to_string(),
            label: s.to_string(),
            selected: co_form.slot.trim() == s.to_string(),
        }));
    }
    let mut relations = vec![Choice {
        value: String::new(),
        label: t.choose.to_owned(),
        selected: co_form.relation.is_empty(),
    }];
    relations.extend(Relation::ALL.iter().map(|r| Choice {
        value: r.as_str().to_owned(),
        label: lang.relation(*r).to_owned(),
        selected: co_form.relation == r.as_str(),
    }));
    render(
        lang,
        status,
        &AccountPage {
            t,
            page: Chrome::signed_in(user, &view.name),
            errors,
            notice,
            account: view,
            co_accounts: co_rows,
            slots,
            relations,
            co_form,
        },
    )
}

/// `GET /admin/accounts/{id}`
pub async fn account(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
    Query(query): Query<AccountQuery>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return user.not_found();
    };
    let data = match load(&state, &user, id).await {
        Ok(data) => data,
        Err(response) => return response,
    };
    let t = user.lang.texts();
    let notice = if query.created.is_some() {
        Some(t.account_created)
    } else if query.added.is_some() {
        Some(t.co_added)
    } else {
        None
    };
    account_page(
        &user,
        &data,
        StatusCode::OK,
        FormErrors::none(),
        notice,
        CoAccountForm::default(),
    )
}

/// `POST /admin/accounts/{id}/co-accounts`: on success a 303 back to the pupil's page.
pub async fn add_co_account(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
    Form(form): Form<CoAccountForm>,
) -> Response {
    let lang = user.lang;
    let Some(id) = parse_id(&id) else {
        return user.not_found();
    };
    let mut errors = FormErrors::none();
    let slot = match form.slot.trim().parse::<i64>() {
        Ok(slot) => slot,
        Err(_) => {
            errors.add("slot", lang.field_message("slot", "out_of_range", 0));
            0
        }
    };
    let active_until = optional_date(&form.active_until).unwrap_or_else(|()| {
        errors.add(
            "active_until",
            lang.field_message("active_until", "invalid", 0),
        );
        None
    });
    if errors.is_empty() {
        let new = NewCoAccount {
            slot,
            relation: form.relation.trim().to_owned(),
            username: form.username.clone(),
            first_name: form.first_name.clone(),
            last_name: form.last_name.clone(),
            email: trimmed(&form.email),
            active_until,
        };
        match state.accounts.add_co_account(&user.actor, id, new).await {
            Ok(_) => return see_other(&format!("/admin/accounts/{id}?added=1")),
            Err(AccountsError::Invalid(fields)) => errors.add_fields(lang, &fields, 0, target),
            Err(AccountsError::Conflict(c)) => {
                let field = if c.code() == "slot_taken" {
                    "slot"
                } else {
                    "username"
                };
                errors.add(field, lang.field_message(field, c.code(), 0));
            }
            Err(e) => return user.failure(e),
        }
    } else {
        check_names(
            lang,
            &mut errors,
            &form.username,
            &form.first_name,
            &form.last_name,
        );
    }
    let data = match load(&state, &user, id).await {
        Ok(data) => data,
        Err(response) => return response,
    };
    account_page(
        &user,
        &data,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        None,
        form,
    )
}

// ---------------------------------------------------------------------------------------
// One-time codes, resets, erasure

#[derive(Template)]
#[template(path = "admin/code.html", whitespace = "minimize")]
struct CodePage {
    t: &'static Texts,
    page: Chrome,
    name: String,
    username: String,
    school: String,
    code: String,
    expires: String,
    back_id: String,
    reset_done: bool,
}

fn code_page(
    user: &WebUser,
    account: &Account,
    code: &str,
    expires_at: chrono::DateTime<chrono::Utc>,
    reset_done: bool,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let back = account.pupil().unwrap_or(account.id);
    render(
        lang,
        StatusCode::OK,
        &CodePage {
            t,
            page: Chrome::signed_in(user, t.code_page_title),
            name: full_name(account),
            username: account.username.as_str().to_owned(),
            school: user.me.school.slug.as_str().to_owned(),
            code: code.to_owned(),
            expires: lang.date_time(expires_at.with_timezone(&user.me.school.time_zone)),
            back_id: back.to_string(),
            reset_done,
        },
    )
}

/// `POST /admin/accounts/{id}/reset-code`: the code is on this page, once.
pub async fn issue_code(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return user.not_found();
    };
    let account = match state.accounts.account(&user.actor, id).await {
        Ok((account, _)) => account,
        Err(e) => return user.failure(e),
    };
    match state.accounts.issue_reset_code(&user.actor, id).await {
        Ok((code, expires_at)) => code_page(&user, &account, code.expose(), expires_at, false),
        Err(e) => user.failure(e),
    }
}

/// A destructive action's confirmation checkbox.
#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

impl ConfirmForm {
    fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("yes")
    }
}

/// `POST /admin/co-accounts/{id}/reset`: erases the co-account's data and shows its new
/// code, once. Without the confirmation box ticked, nothing happens.
pub async fn reset_co_account(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let lang = user.lang;
    let Some(id) = parse_id(&id) else {
        return user.not_found();
    };
    let account = match state.accounts.account(&user.actor, id).await {
        Ok((account, _)) => account,
        Err(e) => return user.failure(e),
    };
    let Some(pupil) = account.pupil() else {
        return user.not_found();
    };
    if !form.confirmed() {
        let data = match load(&state, &user, pupil).await {
            Ok(data) => data,
            Err(response) => return response,
        };
        let errors = FormErrors::one(
            &format!("confirm-reset-{id}"),
            lang.field_message("confirm", "required", PasswordPolicy::DEFAULT_MIN_LENGTH),
        );
        return account_page(
            &user,
            &data,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
            CoAccountForm::default(),
        );
    }
    match state.accounts.reset_co_account(&user.actor, id).await {
        Ok((code, expires_at)) => code_page(&user, &account, code.expose(), expires_at, true),
        Err(e) => user.failure(e),
    }
}

/// `POST /admin/accounts/{id}/erase`: with the confirmation box ticked, erases the
/// account (a pupil with its co-accounts) and returns to the list (303).
pub async fn erase(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let lang = user.lang;
    let Some(id) = parse_id(&id) else {
        return user.not_found();
    };
    let errors = if form.confirmed() {
        match state.accounts.erase_account(&user.actor, id).await {
            Ok(ids) => return see_other(&format!("/admin/accounts?erased={}", ids.len())),
            Err(AccountsError::Invalid(fields)) => {
                let mut errors = FormErrors::none();
                errors.add_fields(lang, &fields, 0, |_| "");
                errors
            }
            Err(e) => return user.failure(e),
        }
    } else {
        FormErrors::one(
            "confirm-erase",
            lang.field_message("confirm", "required", 0),
        )
    };
    let data = match load(&state, &user, id).await {
        Ok(data) => data,
        Err(response) => return response,
    };
    account_page(
        &user,
        &data,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        None,
        CoAccountForm::default(),
    )
}
