//! `GET/POST /calendar/activities/{id}/edit` and `POST /calendar/activities/{id}/cancel`:
//! changing and cancelling an activity, by its planner or an admin. Anyone else (another
//! teacher, a pupil, a co-account, an id of another school) sees the 404 page, as for an
//! activity that does not exist.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use schoolbrug_calendar::{Activity, CalendarError};
use schoolbrug_kernel::ActivityId;

use super::activity_form::{ActivityForm, Purpose, month_of, show};
use crate::core::state::AppState;
use crate::core::view::{FormErrors, WebUser, see_other};

/// The activity, if `user` may change it (its planner or an admin); `Err` with the page
/// to answer otherwise.
async fn own_activity(
    state: &AppState,
    user: &WebUser,
    raw: &str,
) -> Result<(ActivityId, Activity), Response> {
    let id = raw
        .trim()
        .parse::<ActivityId>()
        .map_err(|_| user.not_found())?;
    if !user.actor.is_staff() {
        return Err(user.not_found());
    }
    let activity = state
        .calendar
        .activity(&user.actor, id)
        .await
        .map_err(|e| user.failure(e))?;
    // The domain checks it again when saving; this spares another teacher the form.
    if user.actor.is_admin() || activity.planner == user.actor.account {
        Ok((id, activity))
    } else {
        Err(user.not_found())
    }
}

/// `GET /calendar/activities/{id}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let (id, activity) = match own_activity(&state, &user, &raw).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let zone = match state.calendar.time_zone(&user.actor).await {
        Ok(zone) => zone,
        Err(e) => return user.failure(e),
    };
    show(
        &state,
        &user,
        StatusCode::OK,
        FormErrors::none(),
        ActivityForm::of(&activity, zone),
        Purpose::Change(id),
    )
    .await
}

/// `POST /calendar/activities/{id}/edit`
pub async fn edit(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let (id, _) = match own_activity(&state, &user, &raw).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let form = ActivityForm::from_pairs(pairs);
    let zone = match state.calendar.time_zone(&user.actor).await {
        Ok(zone) => zone,
        Err(e) => return user.failure(e),
    };
    let errors = match form.checked(&user, zone) {
        Ok(draft) => {
            let month = month_of(&draft.when, zone);
            match state.calendar.change(&user.actor, id, draft).await {
                Ok(()) => return see_other(&format!("/calendar?month={month}")),
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
        Purpose::Change(id),
    )
    .await
}

/// `POST /calendar/activities/{id}/cancel`: back to the activity's month, with a notice.
pub async fn cancel(
    State(state): State<AppState>,
    user: WebUser,
    Path(raw): Path<String>,
) -> Response {
    let (id, activity) = match own_activity(&state, &user, &raw).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let zone = match state.calendar.time_zone(&user.actor).await {
        Ok(zone) => zone,
        Err(e) => return user.failure(e),
    };
    match state.calendar.cancel(&user.actor, id).await {
        Ok(()) => see_other(&format!(
            "/calendar?month={}&cancelled=1",
            month_of(&activity.when, zone)
        )),
        Err(e) => user.failure(e),
    }
}
