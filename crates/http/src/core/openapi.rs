//! The OpenAPI description of the JSON API, served at `GET /api/v1/openapi.json`: what
//! every endpoint shares (the problem shape, the ways of sending the token, the tags) here,
//! each module's endpoints in its own description ([`AccountsApi`], [`MessagingApi`],
//! [`CalendarApi`], [`AttendanceApi`]),
//! merged by [`description`]. `tests/api/accounts/openapi.rs` checks that each one is routed.

use axum::Json;
use serde::Serialize;
use utoipa::openapi::Required;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::accounts::AccountsApi;
use crate::attendance::AttendanceApi;
use crate::calendar::CalendarApi;
use crate::core::auth::SESSION_COOKIE;
use crate::messaging::MessagingApi;

/// An RFC 9457 problem: every error of the API is answered as
/// `application/problem+json` in this shape.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/problems/validation`).
    #[serde(rename = "type")]
    #[schema(example = "/problems/validation")]
    pub kind: String,
    /// A short summary of the kind.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time.
    pub detail: String,
    /// A stable code for some problems (`slot_taken`, `username_taken`,
    /// `wrong_current_password`).
    pub code: Option<String>,
    /// For 422: every refused field.
    pub errors: Option<Vec<FieldProblem>>,
}

/// One refused field of a 422 answer.
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field as named in the request (`new`, `slot`, `members[2]`, `limit`).
    pub field: String,
    /// A stable, machine-readable reason (`too_short`, `required`, `out_of_range`).
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

/// What the whole API's description shares; [`description`] adds the modules'.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Schoolbrug API",
        version = "1",
        description = "The JSON API of Schoolbrug under `/api/v1`. Authenticate with the token of \
`POST /api/v1/session`, as `Authorization: Bearer <token>` or as the `schoolbrug_session` cookie. \
State-changing requests authenticated by cookie are refused (403) when the browser says they come \
from another site. Errors are `application/problem+json` (RFC 9457). What the caller may not see \
answers 404, exactly as what does not exist. While a school requires a second factor of its staff \
and a member of staff has none, every endpoint but `/api/v1/me`, `/api/v1/me/totp`, \
`/api/v1/me/totp/confirm` and signing out answers 403 with `code` `second_factor_enrolment_required`. Lists take `?limit=` (default 50, max 200) and \
`?after=<cursor>` and answer `{ \"items\": [...], \"next\": \"<cursor>\" | null }`."
    ),
    paths(openapi_json),
    components(schemas(Problem, FieldProblem)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "session", description = "Signing in and out, setting a password with a one-time code"),
        (name = "me", description = "The signed-in account"),
        (name = "admin", description = "School administration (role `admin`; anyone else gets 404)"),
        (name = "messages", description = "Messages: inboxes, blind copies for groups and roles, read receipts for the \
sender, the 48-hour rules on school days, misdirected reports, the trash. A message the caller neither received nor sent \
answers 404. A sender whose account was erased is shown as a deleted account (`from: null`, `from_deleted: true`)"),
        (name = "calendar", description = "The school calendar: activities for the school, classes and roles, \
repeating weekly or every two weeks, the free days, and private iCalendar feeds (`GET /calendar/feed/{token}.ics`, \
outside the API, without a session). An activity the caller does not see answers 404"),
        (name = "attendance", description = "Absences per pupil per half-day (`am`, `pm`) of a school day, with the \
official Flemish codes (`R`, `Z`, `P`, `H`, `M`, `A`, `B`) and the school's own codes mapped to them; `?` is unknown, \
to be justified, and becomes `B` after the school's number of school days. Teachers register their classes, absence \
administrators confirm and change any half-day, parents hand in notes for a short illness (at most 3 calendar days, \
4 a school year) and are alerted once per unexplained half-day. A pupil, class or child the caller may not read \
answers 404"),
        (name = "news", description = "News (nieuwsberichten): staff publish to the whole school (admins), a group or a role (admins); each caller sees the current items that reach it (a co-account: what reaches its pupil, labelled with the `child`), pinned first, with its own read state. An item the caller may not see answers 404; a pupil or co-account publishing answers 403"),
        (name = "meta", description = "This description"),
    )
)]
pub struct ApiDoc;

/// Adds the two ways of sending the session token.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}

/// Marks every request body as required: every endpoint that takes one answers 415 when
/// it is left out (a body of `null`, where allowed, is still a body). utoipa would mark an
/// `Option<T>` body (`PUT /admin/quiet-hours`) as optional.
struct BodiesRequired;

impl Modify for BodiesRequired {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                if let Some(body) = operation.request_body.as_mut() {
                    body.required = Some(Required::True);
                }
            }
        }
    }
}

/// This OpenAPI 3.1 description.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI description of this API", content_type = "application/json"))
)]
pub(crate) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(description())
}

/// The whole API's description: the shared part with every module's merged in.
#[must_use]
pub fn description() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(AccountsApi::openapi());
    doc.merge(MessagingApi::openapi());
    doc.merge(CalendarApi::openapi());
    doc.merge(AttendanceApi::openapi());
    doc.merge(crate::start::api::StartApi::openapi());
    BodiesRequired.modify(&mut doc);
    doc
}
