//! A new main account.

use super::*;

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
pub(super) const CO_ACCOUNT_FIELDS: &[&str] = &[
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
