//! The news pages: the list (`GET /news`), one item (`GET /news/{id}`, which marks it
//! read for the reader), and for staff the editor (`GET/POST /news/new`,
//! `GET/POST /news/{id}/edit`) and withdrawing (`POST /news/{id}/withdraw`). Every rule
//! — who may publish to whom, who sees which item, who may edit — is the domain's; a
//! pupil or co-account asking for the editor sees the 404 page. Times are shown and
//! entered in the school's time zone.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{GroupId, NewsId, Role};
use schoolbrug_messaging::model::{NewsAudience, NewsItem, render_body_html};
use schoolbrug_messaging::{MessagingError, NewNews, NewsView};
use serde::Deserialize;

use super::messages::{parse_deadline, school_time};
use crate::core::i18n::Texts;
use crate::core::state::AppState;
use crate::core::view::{Choice, Chrome, FormErrors, WebUser, render, see_other};

/// The order of the editor's fields in the error summary.
const FIELDS: &[&str] = &["title", "body", "audience", "publish_at", "until"];

/// One item as the pages show it.
struct Shown {
    id: String,
    title: String,
    author: String,
    published_at: String,
    until: Option<String>,
    pinned: bool,
    read: bool,
    child: Option<String>,
    editable: bool,
    /// The body rendered by the domain's `render_body_html` (escaped, links made
    /// clickable): the only value the template outputs unescaped.
    body_html: String,
}

fn shown(user: &WebUser, view: &NewsView) -> Shown {
    let t = user.lang.texts();
    let item = &view.item;
    Shown {
        id: item.id.to_string(),
        title: item.title.as_str().to_owned(),
        author: item
            .author_name
            .clone()
            .unwrap_or_else(|| t.news_author_deleted.to_owned()),
        published_at: school_time(user, item.published_at),
        until: item.until.map(|at| school_time(user, at)),
        pinned: item.pinned,
        read: view.read,
        child: view.child.as_ref().map(|(_, name)| name.clone()),
        editable: view.editable,
        body_html: render_body_html(item.body.as_str()),
    }
}

#[derive(Template)]
#[template(path = "news/list.html", whitespace = "minimize")]
struct ListPage {
    t: &'static Texts,
    page: Chrome,
    notice: Option<&'static str>,
    can_publish: bool,
    items: Vec<Shown>,
}

#[derive(Template)]
#[template(path = "news/read.html", whitespace = "minimize")]
struct ReadPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    notice: Option<&'static str>,
    item: Shown,
}

#[derive(Template)]
#[template(path = "news/edit.html", whitespace = "minimize")]
struct EditPage {
    t: &'static Texts,
    page: Chrome,
    errors: FormErrors,
    heading: &'static str,
    action: String,
    submit: &'static str,
    is_admin: bool,
    groups: Vec<Choice>,
    roles: Vec<Choice>,
    publish_at_hint: String,
    until_hint: String,
    form: NewsForm,
}

/// Notices after an action: `?published=1`, `?saved=1`, `?withdrawn=1`.
#[derive(Debug, Default, Deserialize)]
pub struct NewsQuery {
    published: Option<String>,
    saved: Option<String>,
    withdrawn: Option<String>,
}

/// The editor as posted. The multi-selects send a name once per chosen option, so the
/// body is read as a list of pairs.
#[derive(Clone, Debug, Default)]
struct NewsForm {
    title: String,
    body: String,
    school: bool,
    groups: Vec<String>,
    roles: Vec<String>,
    publish_at: String,
    until: String,
    pinned: bool,
}

impl NewsForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => form.title = value,
                "body" => form.body = value,
                "audience_school" => form.school = true,
                "audience_groups" => form.groups.push(value),
                "audience_roles" => form.roles.push(value),
                "publish_at" => form.publish_at = value,
                "until" => form.until = value,
                "pinned" => form.pinned = true,
                _ => {}
            }
        }
        form
    }

    /// The form filled with a stored item, times in the school's zone.
    fn of(user: &WebUser, item: &NewsItem) -> Self {
        let zone = user.me.school.time_zone;
        let local =
            |at: DateTime<Utc>| at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string();
        let mut form = Self {
            title: item.title.as_str().to_owned(),
            body: item.body.as_str().to_owned(),
            publish_at: local(item.published_at),
            until: item.until.map(local).unwrap_or_default(),
            pinned: item.pinned,
            ..Self::default()
        };
        for entry in &item.audience {
            match entry {
                NewsAudience::School => form.school = true,
                NewsAudience::Group(g) => form.groups.push(g.to_string()),
                NewsAudience::Role(r) => form.roles.push(r.as_str().to_owned()),
            }
        }
        form
    }
}

/// The id in an item's path; anything else is a page that does not exist.
fn news_id(raw: &str) -> Option<NewsId> {
    raw.parse().ok()
}

/// `GET /news`
pub async fn list(
    State(state): State<AppState>,
    user: WebUser,
    Query(query): Query<NewsQuery>,
) -> Response {
    let t = user.lang.texts();
    let items = match state.messaging.list_news(&user.actor).await {
        Ok(items) => items,
        Err(e) => return user.failure(e),
    };
    let notice = query.withdrawn.is_some().then_some(t.news_withdrawn);
    render(
        user.lang,
        StatusCode::OK,
        &ListPage {
            t,
            page: Chrome::signed_in(&user, t.news_title),
            notice,
            can_publish: user.actor.is_staff(),
            items: items.iter().map(|v| shown(&user, v)).collect(),
        },
    )
}

/// `GET /news/{id}`: marks the item read for the reader.
pub async fn read(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
    Query(query): Query<NewsQuery>,
) -> Response {
    let Some(id) = news_id(&raw) else {
        return user.not_found();
    };
    let view = match state.messaging.read_news(&user.actor, id).await {
        Ok(view) => view,
        Err(e) => return user.failure(e),
    };
    read_page(&user, StatusCode::OK, FormErrors::none(), &query, &view)
}

fn read_page(
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    query: &NewsQuery,
    view: &NewsView,
) -> Response {
    let t = user.lang.texts();
    let notice = if query.published.is_some() {
        Some(t.news_published)
    } else if query.saved.is_some() {
        Some(t.news_saved)
    } else {
        None
    };
    render(
        user.lang,
        status,
        &ReadPage {
            t,
            page: Chrome::signed_in(user, view.item.title.as_str()),
            errors,
            notice,
            item: shown(user, view),
        },
    )
}

/// `GET /news/new`
pub async fn new_form(State(state): State<AppState>, user: WebUser) -> Response {
    editor(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        None,
        NewsForm::default(),
    )
    .await
}

/// `POST /news/new`: on success a 303 to the item with a confirmation; a refusal shows
/// every reason (422) with the values kept.
pub async fn publish(
    State(state): State<AppState>,
    user: WebUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = NewsForm::from_pairs(pairs);
    let (new, errors) = request(&user, &form);
    if !errors.is_empty() {
        return editor(
            &state,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
            form,
        )
        .await;
    }
    match state.messaging.publish_news(&user.actor, new).await {
        Ok(id) => see_other(&format!("/news/{id}?published=1")),
        Err(MessagingError::Invalid(fields)) => {
            let errors = field_errors(&user, &fields);
            editor(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
                form,
            )
            .await
        }
        Err(e) => user.failure(e),
    }
}

/// `GET /news/{id}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = news_id(&raw) else {
        return user.not_found();
    };
    let item = match state.messaging.news_for_edit(&user.actor, id).await {
        Ok(item) => item,
        Err(e) => return user.failure(e),
    };
    let form = NewsForm::of(&user, &item);
    editor(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        Some(id),
        form,
    )
    .await
}

/// `POST /news/{id}/edit`: on success a 303 to the item with a confirmation.
pub async fn edit(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(id) = news_id(&raw) else {
        return user.not_found();
    };
    let form = NewsForm::from_pairs(pairs);
    let (new, errors) = request(&user, &form);
    if !errors.is_empty() {
        return editor(
            &state,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            Some(id),
            form,
        )
        .await;
    }
    match state.messaging.edit_news(&user.actor, id, new).await {
        Ok(()) => see_other(&format!("/news/{id}?saved=1")),
        Err(MessagingError::Invalid(fields)) => {
            let errors = field_errors(&user, &fields);
            editor(
                &state,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                Some(id),
                form,
            )
            .await
        }
        Err(e) => user.failure(e),
    }
}

/// The withdraw form: a ticked confirmation.
#[derive(Debug, Default, Deserialize)]
pub struct WithdrawForm {
    confirm: Option<String>,
}

/// `POST /news/{id}/withdraw`: with the confirmation ticked, a 303 to the list; without
/// it, the item again with the reason (422).
pub async fn withdraw(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> Response {
    let Some(id) = news_id(&raw) else {
        return user.not_found();
    };
    if form.confirm.as_deref() != Some("yes") {
        let view = match state.messaging.read_news(&user.actor, id).await {
            Ok(view) => view,
            Err(e) => return user.failure(e),
        };
        if !view.editable {
            return user.not_found();
        }
        let errors = FormErrors::one(
            "confirm-withdraw",
            user.lang.messaging_field_message("confirm", "required"),
        );
        return read_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            &NewsQuery::default(),
            &view,
        );
    }
    match state.messaging.withdraw_news(&user.actor, id).await {
        Ok(()) => see_other("/news?withdrawn=1"),
        Err(e) => user.failure(e),
    }
}

/// The domain's request the form makes, and what the page itself refuses (times it
/// cannot read, values the form could not have sent).
fn request(user: &WebUser, form: &NewsForm) -> (NewNews, FormErrors) {
    let lang = user.lang;
    let zone = user.me.school.time_zone;
    let mut errors = FormErrors::none();
    let mut time = |field: &str, raw: &str| {
        parse_deadline(raw, zone)
            .map_err(|code| errors.add(field, lang.news_field_message(field, code)))
            .ok()
            .flatten()
    };
    let publish_at = time("publish_at", &form.publish_at);
    let until = time("until", &form.until);
    let mut audience = Vec::new();
    if form.school {
        audience.push(NewsAudience::School);
    }
    let mut unknown = false;
    for raw in &form.groups {
        match raw.parse::<GroupId>() {
            Ok(id) => audience.push(NewsAudience::Group(id)),
            Err(_) => unknown = true,
        }
    }
    for raw in &form.roles {
        match Role::parse(raw) {
            Some(role) => audience.push(NewsAudience::Role(role)),
            None => unknown = true,
        }
    }
    if unknown {
        errors.add("audience", lang.news_field_message("audience", "invalid"));
    }
    (
        NewNews {
            title: form.title.clone(),
            body: form.body.clone(),
            audience,
            publish_at,
            until,
            pinned: form.pinned,
        },
        errors,
    )
}

/// The domain's refused fields, each on its element (`audience[i]` on the audience).
fn field_errors(user: &WebUser, fields: &[schoolbrug_kernel::FieldError]) -> FormErrors {
    let mut errors = FormErrors::none();
    for e in fields {
        let target = e.field.split('[').next().unwrap_or(&e.field);
        errors.add(target, user.lang.news_field_message(&e.field, &e.code));
    }
    errors
}

/// The editor: new (`id` none) or of item `id`.
async fn editor(
    state: &AppState,
    user: &WebUser,
    status: StatusCode,
    errors: FormErrors,
    id: Option<NewsId>,
    form: NewsForm,
) -> Response {
    let lang = user.lang;
    let t = lang.texts();
    let groups = match state.messaging.news_groups(&user.actor).await {
        Ok(groups) => groups,
        Err(e) => return user.failure(e),
    };
    let groups = groups
        .into_iter()
        .map(|g| {
            let value = g.id.to_string();
            Choice {
                selected: form.groups.contains(&value),
                value,
                label: g.name,
            }
        })
        .collect();
    let roles = [
        (Role::Pupil, t.role_pupil),
        (Role::Teacher, t.role_teacher),
        (Role::Counsellor, t.role_counsellor),
        (Role::Admin, t.role_admin),
    ]
    .into_iter()
    .map(|(role, label)| Choice {
        value: role.as_str().to_owned(),
        label: label.to_owned(),
        selected: form.roles.iter().any(|r| r == role.as_str()),
    })
    .collect();
    let zone = user.me.school.time_zone;
    let (heading, action, submit) = match id {
        Some(id) => (
            t.news_edit_title,
            format!("/news/{id}/edit"),
            t.news_save_submit,
        ),
        None => (
            t.news_new_title,
            "/news/new".to_owned(),
            t.news_publish_submit,
        ),
    };
    render(
        lang,
        status,
        &EditPage {
            t,
            page: Chrome::signed_in(user, heading),
            errors: errors.in_order(FIELDS),
            heading,
            action,
            submit,
            is_admin: user.actor.is_admin(),
            groups,
            roles,
            publish_at_hint: format!("{} ({zone})", t.news_publish_at_hint),
            until_hint: format!("{} ({zone})", t.news_until_hint),
            form,
        },
    )
}
