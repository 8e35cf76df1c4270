//! What the school reports on: the follow-up list (`GET /api/v1/absences/follow-up`,
//! counsellors and absence administrators) and the export of the official codes
//! (`GET /api/v1/absences/export.csv`, absence administrators).

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse as _, Response};
use chrono::NaiveDate;
use futures_util::{Stream, StreamExt as _, stream};
use schoolbrug_attendance::Attendance;
use schoolbrug_attendance::service::{EXPORT_PAGE_MOST, ExportLine};
use schoolbrug_kernel::{Actor, FieldError};

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
    let body = export_body(
        state.attendance.clone(),
        session.actor.clone(),
        (from, to),
        EXPORT_PAGE_MOST,
    )
    .await?;
    let mut response = Body::from_stream(body).into_response();
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

/// The export as a stream of text, `page` lines at a time. The first page is read before
/// anything is answered, so a refusal (404, 422) is an answer of its own; the rest streams,
/// so a large school's year is never held whole in memory.
async fn export_body(
    attendance: Attendance,
    actor: Actor,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    page: u32,
) -> Result<impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static, ApiError> {
    let first = attendance.export_page(&actor, from, to, None, page).await?;
    let head = export_csv(true, &first.lines)
        .map_err(|e| ApiError::Domain(ErrorClass::Unexpected(format!("the export: {e}"))))?;
    let rest = stream::unfold(first.next, move |after| {
        let (attendance, actor) = (attendance.clone(), actor.clone());
        async move {
            let next_page = attendance
                .export_page(&actor, from, to, Some(after?), page)
                .await
                .map_err(|e| e.to_string())
                .and_then(|found| {
                    export_csv(false, &found.lines)
                        .map(|text| (text, found.next))
                        .map_err(|e| e.to_string())
                });
            match next_page {
                Ok((text, next)) => Some((Ok(Bytes::from(text)), next)),
                Err(e) => {
                    // Half a file must not pass for a whole one: the connection ends
                    // without the rest, and the download fails.
                    tracing::error!(error = %e, "the absences export stopped half way");
                    Some((Err(std::io::Error::other(e)), None))
                }
            }
        }
    });
    Ok(stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) }).chain(rest))
}

/// One page of the export's text, with the header line when `with_header`. The `csv`
/// crate quotes a field holding a comma, a quote or a line break, so a name such as
/// `Peeters, "Lotte"` stays one field.
///
/// # Errors
/// Only if the writer fails, which writing into memory does not.
fn export_csv(with_header: bool, lines: &[ExportLine]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if with_header {
        writer.write_record(EXPORT_HEADER)?;
    }
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
        let csv = export_csv(
            true,
            &[
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
            ],
        )
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
        let csv = export_csv(
            true,
            &[ExportLine {
                pupil: pupil.clone(),
                date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                half: Half::Am,
                official: Some(Official::B),
            }],
        )
        .unwrap();
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains(",'@SUM(A1),"), "{line}");
        assert!(
            line.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\","),
            "{line}"
        );
        assert!(line.contains(",'+3A,"), "{line}");
    }

    /// Every school in Brussels, no free days.
    struct Weekdays;

    #[async_trait::async_trait]
    impl schoolbrug_kernel::SchoolCalendar for Weekdays {
        async fn school_days(
            &self,
            _school: schoolbrug_kernel::SchoolId,
        ) -> Result<schoolbrug_kernel::SchoolDays, schoolbrug_kernel::SchoolCalendarError> {
            Ok(schoolbrug_kernel::SchoolDays::new(
                chrono_tz::Europe::Brussels,
                schoolbrug_kernel::FreeDays::default(),
            ))
        }
    }

    #[tokio::test]
    async fn the_export_streams_page_after_page_with_one_header() {
        use std::sync::Arc;

        use schoolbrug_attendance::memory::{
            InMemoryAttendanceStore, InMemoryDirectory, Person, RecordingAlertSender,
        };
        use schoolbrug_kernel::{ActorKind, FixedClock, GroupId, Role, SchoolId};

        let school = SchoolId::new();
        let directory = Arc::new(InMemoryDirectory::new());
        let admin = Person::staff(school, "Ann", "Admin", &[Role::Admin]);
        let pupils: Vec<Person> = (0..5)
            .map(|i| Person::pupil(school, &format!("Kind{i}"), "Peeters"))
            .collect();
        directory.add_person(&admin);
        for p in &pupils {
            directory.add_person(p);
        }
        let ids: Vec<_> = pupils.iter().map(|p| p.id).collect();
        directory.add_class(school, GroupId::new(), "3A", &ids);
        let clock = Arc::new(FixedClock::at(
            chrono::DateTime::parse_from_rfc3339("2026-12-03T09:00:00+01:00")
                .unwrap()
                .with_timezone(&chrono::Utc),
        ));
        let attendance = Attendance::new(
            Arc::new(InMemoryAttendanceStore::new()),
            directory,
            Arc::new(Weekdays),
            Arc::new(RecordingAlertSender::new()),
            clock,
        );
        let actor = Actor {
            school,
            account: admin.id,
            kind: ActorKind::Main {
                roles: vec![Role::Admin],
            },
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        for p in &pupils {
            for half in [Half::Am, Half::Pm] {
                attendance
                    .set_absence(&actor, p.id, day, half, "Z", None)
                    .await
                    .unwrap();
            }
        }
        // Ten lines, three to a page: four pages and the header once.
        let body = export_body(attendance.clone(), actor.clone(), (Some(day), Some(day)), 3)
            .await
            .unwrap();
        let chunks: Vec<Bytes> = body.map(Result::unwrap).collect().await;
        let text: String = chunks
            .iter()
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11, "{text}");
        assert_eq!(
            lines[0],
            "pupil,last_name,first_name,class,date,half,official"
        );
        assert_eq!(lines.iter().filter(|l| l.starts_with("pupil,")).count(), 1);
        let mut rows: Vec<&str> = lines[1..].to_vec();
        let sorted = {
            let mut s = rows.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(rows, sorted, "by pupil, date and half");
        rows.dedup();
        assert_eq!(rows.len(), 10, "no line twice");
        // Anyone but an absence administrator is refused before anything streams.
        let teacher = Actor {
            kind: ActorKind::Main {
                roles: vec![Role::Teacher],
            },
            ..actor
        };
        assert!(
            export_body(attendance, teacher, (None, None), 3)
                .await
                .is_err()
        );
    }
}
