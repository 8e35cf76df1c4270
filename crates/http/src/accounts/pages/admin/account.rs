//! One account: its data, its co-accounts, adding a co-account.

use schoolbrug_accounts::model::Slot;

use super::*;

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
    second_factor_removed: Option<String>,
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
pub(super) struct AccountData {
    account: Account,
    co_accounts: Vec<Account>,
    pupil: Option<Account>,
}

pub(super) async fn load(
    state: &AppState,
    user: &WebUser,
    id: AccountId,
) -> Result<AccountData, Response> {
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

pub(super) fn account_page(
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
    // The slots are the domain's: 1 to `Slot::MAX`.
    let free: Vec<u8> = (1..=Slot::MAX).filter(|s| !taken.contains(s)).collect();
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
    } else if query.second_factor_removed.is_some() {
        Some(t.second_factor_removed_note)
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
