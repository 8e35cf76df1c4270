//! One-time codes, resets of co-accounts, erasure.

use super::*;

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
