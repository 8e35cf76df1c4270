//! What the school reports on: the follow-up list (`GET /api/v1/absences/follow-up`,
//! counsellors and absence administrators) and the export of the official codes
//! (`GET /api/v1/absences/export.csv`, absence administrators).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse as _, Response};
use schoolbrug_attendance::service::ExportLine;
use schoolbrug_kernel::FieldError;

use crate::attendance::api::query_date;
use crate::attendance::dto::{FollowUpLineView, FollowUpQuery, FollowUpView, PeriodQuery};
use crate::core::auth::Authenticated;
use crate::core::error::{ApiError, ErrorClass};
use crate::core::extract::ApiQuery;
use crate::core::openapi::Problem;
use crate::core::paging::QueryErrors;
use crate::core::state::AppState;

/// The export's header line.
const EXPORT_HEADER: [&str; 7] = [
    "pupil",
    "last_name",
    "first_name",
    "class",
    "date",
    "half",
    "official",
];

/// The pupils with at least `threshold` problematic (`B`) half-days this school year, most
/// first: those the pupil guidance centre follows up, and whether their school allowance
/// is at risk.
#[utoipa::path(
    get,
    path = "/api/v1/absences/follow-up",
    tag = "attendance",
    params(FollowUpQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The list, most problematic half-days first", body = FollowUpView),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is neither a counsellor nor an absence administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`threshold` not a whole number (`invalid`) or not 1–366 (`out_of_range`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn follow_up(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<FollowUpQuery>,
) -> Result<Json<FollowUpView>, ApiError> {
    let threshold = query
        .threshold
        .as_deref()
        .map(|raw| {
            // Digits only: `+5` and ` 5` are not the integer the description promises.
            Some(raw)
                .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|s| s.parse::<u32>().ok())
                .ok_or_else(|| {
                    ApiError::Invalid(vec![FieldError::new(
                        "threshold",
                        "invalid",
                        "a whole number from 1",
                    )])
                })
        })
        .transpose()?;
    let lines = state
        .attendance
        .follow_up(&session.actor, threshold)
        .await?;
    Ok(Json(FollowUpView {
        items: lines.iter().filter_map(FollowUpLineView::of).collect(),
    }))
}

/// The official code of every registered half-day from `from` to `to`, by pupil, date and
/// half, as CSV (RFC 4180, UTF-8) for the school's reporting: the header line
/// `pupil,last_name,first_name,class,date,half,official`, then one line per half-day
/// (`official` is `?` while unknown).
#[utoipa::path(
    get,
    path = "/api/v1/absences/export.csv",
    tag = "attendance",
    params(PeriodQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The export, as an attachment `absences.csv`", body = String,
            content_type = "text/csv; charset=utf-8",
            headers(("Content-Disposition" = String, description = "attachment; filename=\"absences.csv\""))),
        (status = 400, description = "The query string cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller is not an absence administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from`/`to` not a date (`invalid`), `to` before `from` (`before_from`) or more \
than 400 days after it (`too_long`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unavailable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    session: Authenticated,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Response, ApiError> {
    let mut errors = QueryErrors::default();
    let from = errors
        .take(query_date("from", query.from.as_deref()))
        .flatten();
    let to = errors.take(query_date("to", query.to.as_deref())).flatten();
    errors.finish()?;
    let lines = state.attendance.export(&session.actor, from, to).await?;
    let csv = export_csv(&lines)
        .map_err(|e| ApiError::Domain(ErrorClass::Unexpected(format!("the export: {e}"))))?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"absences.csv\""),
    );
    Ok(response)
}

/// The export's text. The `csv` crate quotes a field holding a comma, a quote or a line
/// break, so a name such as `Peeters, "Lotte"` stays one field.
///
/// # Errors
/// Only if the writer fails, which writing into memory does not.
fn export_csv(lines: &[ExportLine]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(EXPORT_HEADER)?;
    for line in lines {
        let date = line.date.to_string();
        writer.write_record([
            line.pupil.id.to_string().as_str(),
            text_cell(&line.pupil.last_name).as_ref(),
            text_cell(&line.pupil.first_name).as_ref(),
            text_cell(line.pupil.class.as_deref().unwrap_or("")).as_ref(),
            date.as_str(),
            line.half.as_str(),
            line.official.map_or("?", |o| o.as_str()),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    String::from_utf8(bytes)
        .map_err(|e| csv::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// A name as a spreadsheet may read it without running it: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice, so it
/// gets a leading `'` (OWASP's advice against CSV injection). Names are typed by staff,
/// and the one who opens the file is an absence administrator.
fn text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::NaiveDate;
    use schoolbrug_attendance::{Half, Official, Pupil};
    use schoolbrug_kernel::AccountId;

    use super::*;

    #[test]
    fn names_with_commas_and_quotes_stay_one_field_and_unknown_is_a_question_mark() {
        let pupil = Pupil {
            id: AccountId::new(),
            first_name: "Lotte".into(),
            last_name: "Peeters, \"junior\"".into(),
            class: None,
        };
        let date = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let csv = export_csv(&[
            ExportLine {
                pupil: pupil.clone(),
                date,
                half: Half::Am,
                official: Some(Official::Z),
            },
            ExportLine {
                pupil: pupil.clone(),
                date,
                half: Half::Pm,
                official: None,
            },
        ])
        .unwrap();
        let id = pupil.id;
        assert_eq!(
            csv,
            format!(
                "pupil,last_name,first_name,class,date,half,official\r\n\
                 {id},\"Peeters, \"\"junior\"\"\",Lotte,,2026-09-01,am,Z\r\n\
                 {id},\"Peeters, \"\"junior\"\"\",Lotte,,2026-09-01,pm,?\r\n"
            )
        );
    }

    #[test]
    fn a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        let pupil = Pupil {
            id: AccountId::new(),
            first_name: "=HYPERLINK(\"http://evil.example\")".into(),
            last_name: "@SUM(A1)".into(),
            class: Some("+3A".into()),
        };
        let csv = export_csv(&[ExportLine {
            pupil: pupil.clone(),
            date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            half: Half::Am,
            official: Some(Official::B),
        }])
        .unwrap();
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains(",'@SUM(A1),"), "{line}");
        assert!(
            line.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\","),
            "{line}"
        );
        assert!(line.contains(",'+3A,"), "{line}");
    }
}
