//! The start page's data, gathered from every module in one place: the news that is
//! pinned or new, the calendar of the coming two weeks (with what changed), the unread
//! messages and the replies due, all since the previous visit, which this records. The
//! JSON answer is [`api`]; the page `GET /` (in `accounts::pages::account`) shows the same
//! [`Start`].

pub mod api;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use schoolbrug_calendar::Occurrence;
use schoolbrug_kernel::Actor;
use schoolbrug_messaging::NewsView;

use crate::core::error::ErrorClass;
use crate::core::state::AppState;

/// How far ahead the start page looks in the calendar.
pub const UPCOMING_DAYS: i64 = 14;

/// What "new" means the first time: the last two weeks.
const FIRST_VISIT_LOOKBACK_DAYS: i64 = 14;

/// Everything the start page shows.
pub struct Start {
    /// The previous visit (or two weeks ago, the first time): what is new is newer.
    pub since: DateTime<Utc>,
    /// Pinned news, and news published since the previous visit.
    pub news: Vec<NewsView>,
    /// The calendar of the coming two weeks.
    pub upcoming: Vec<Occurrence>,
    /// The school's time zone, in which the calendar is shown.
    pub zone: Tz,
    /// Unread messages in the inbox.
    pub unread_messages: u64,
    /// Messages awaiting the actor's reply.
    pub replies_due: u64,
}

impl Start {
    /// Whether an occurrence's activity changed (or was planned) since the previous
    /// visit.
    #[must_use]
    pub fn changed(&self, o: &Occurrence) -> bool {
        o.updated_at.is_some_and(|at| at > self.since)
    }
}

/// Records the visit and gathers the start page of `actor`: one visit write, then the
/// news, the calendar and the inbox counts (a few indexed queries each).
///
/// # Errors
/// The class of the first module that failed.
pub async fn gather(state: &AppState, actor: &Actor) -> Result<Start, ErrorClass> {
    let visit = state.accounts.record_start_visit(actor).await?;
    let since = visit
        .previous
        .unwrap_or(visit.at - Duration::days(FIRST_VISIT_LOOKBACK_DAYS));
    let news = state.messaging.news_for_start(actor, since).await?;
    let counts = state.messaging.inbox_counts(actor).await?;
    let zone = state.calendar.time_zone(actor).await?;
    let upcoming = state
        .calendar
        .upcoming(actor, UPCOMING_DAYS)
        .await?
        .upcoming;
    Ok(Start {
        since,
        news,
        upcoming,
        zone,
        unread_messages: counts.unread,
        replies_due: counts.replies_due,
    })
}
