//! The attendance JSON API under `/api/v1`: thin handlers that turn requests into domain
//! calls and domain answers into JSON. Every rule lives in the domain.
//!
//! * [`settings`]: the codes and rules (everyone reads them, absence administrators change
//!   them) and who the absence administrators are (admins);
//! * [`register`]: the classes the caller registers and a class register of one half-day;
//! * [`absences`]: one pupil's half-day, the absences the caller may read, their audit;
//! * [`children`]: "My children" for parents, and parents' notes;
//! * [`reports`]: the follow-up list and the export for the school's reporting.

pub(crate) mod absences;
pub(crate) mod children;
pub(crate) mod register;
pub(crate) mod reports;
pub(crate) mod settings;

use axum::Router;
use axum::routing::{get, post, put};
use chrono::NaiveDate;
use schoolbrug_kernel::FieldError;

use crate::core::state::AppState;

/// The attendance API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/absence-codes", get(settings::codes))
        .route("/admin/absence-codes", put(settings::change_codes))
        .route(
            "/admin/absence-administrators",
            get(settings::administrators).put(settings::set_administrators),
        )
        .route("/classes", get(register::classes))
        .route(
            "/classes/{group_id}/register/{date}/{half}",
            get(register::register).put(register::write_register),
        )
        .route("/absences", get(absences::absences))
        .route("/absences/follow-up", get(reports::follow_up))
        .route("/absences/export.csv", get(reports::export))
        .route(
            "/absences/{pupil_id}/{date}/{half}",
            put(absences::set_absence).delete(absences::clear_absence),
        )
        .route("/absences/{pupil_id}/changes", get(absences::changes))
        .route("/children", get(children::children))
        .route("/children/{pupil_id}/absences", get(children::absences))
        .route(
            "/children/{pupil_id}/absence-notes",
            post(children::hand_in_note),
        )
}

/// A date of the query string (`?from=`): left out is `None`; anything else must be
/// `YYYY-MM-DD`.
///
/// # Errors
/// A field error on `field` (`invalid`).
pub(crate) fn query_date(field: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    raw.map(|s| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid", "a date as YYYY-MM-DD"))
    })
    .transpose()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_query_date_is_a_calendar_date_or_left_out() {
        assert_eq!(query_date("from", None).unwrap(), None);
        assert_eq!(
            query_date("from", Some("2026-09-01")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 1)
        );
        for bad in ["", "gisteren", "2026-02-30", "01-09-2026"] {
            let e = query_date("to", Some(bad)).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("to", "invalid"),
                "{bad}"
            );
        }
    }
}
