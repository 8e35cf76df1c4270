//! `GET/POST /calendar/plan`: planning an activity (staff; pupils and co-accounts see the
//! 404 page). Saved, the browser is sent to the month of its first occurrence; refused,
//! the form comes back (422) as typed, with every reason beside its field.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_calendar::CalendarError;

use super::activity_form::{ActivityForm, Purpose, month_of, show};
use crate::core::state::AppState;
use crate::core::view::{FormErrors, WebUser, see_other};

/// `GET /calendar/plan`
pub async fn plan_form(State(state): State<AppState>, user: WebUser) -> Response {
    if !user.actor.is_staff() {
        return user.not_found();
    }
    let today = match state.calendar.today_for(&user.actor).await {
        Ok(today) => today,
        Err(e) => return user.failure(e),
    };
    show(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        ActivityForm::new(today),
        Purpose::Plan,
    )
    .await
}

/// `POST /calendar/plan`
pub async fn plan(
    State(state): State<AppState>,
    user: WebUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    // The domain refuses them too (`Forbidden`); the form is not even read for them.
    if !user.actor.is_staff() {
        return user.not_found();
    }
    let form = ActivityForm::from_pairs(pairs);
    let zone = match state.calendar.time_zone(&user.actor).await {
        Ok(zone) => zone,
        Err(e) => return user.failure(e),
    };
    let errors = match form.checked(&user, zone) {
        Ok(draft) => {
            let month = month_of(&draft.when, zone);
            match state.calendar.plan(&user.actor, draft).await {
                Ok(_) => return see_other(&format!("/calendar?month={month}")),
                Err(CalendarError::Invalid(fields)) => {
                    let mut errors = FormErrors::none();
                    form.add_domain_errors(user.lang, &fields, &mut errors);
                    errors
                }
                Err(e) => return user.failure(e),
            }
        }
        Err(errors) => errors,
    };
    show(
        &state,
        &user,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        form,
        Purpose::Plan,
    )
    .await
}
