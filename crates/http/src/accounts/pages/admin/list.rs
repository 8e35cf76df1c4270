//! The accounts list, with search, a role filter and keyset paging.

use super::*;

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
