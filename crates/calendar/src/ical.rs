//! A calendar as RFC 5545 iCalendar text: what a private feed answers. One `VEVENT` per
//! activity with its repeat as `RRULE` and `EXDATE`, one per free-day period as a
//! whole-day event, and a `VTIMEZONE` for the school's zone so that every calendar app
//! shows local times the same way. Output is a pure function of its input, so the same
//! calendar always gives the same text and the same `ETag`.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset as _, TimeZone as _, Utc};
use chrono_tz::{OffsetComponents as _, Tz};
use schoolbrug_kernel::{FreeDays, SchoolId};
use sha2::{Digest as _, Sha256};

use crate::model::{Activity, SchoolYear, When, recurrence, start_of_day};

/// What a feed shows.
pub struct FeedCalendar<'a> {
    /// The calendar's name in the app ("Schoolbrug – Lotte").
    pub name: &'a str,
    /// The school (part of the free days' `UID`s).
    pub school: SchoolId,
    /// The school's time zone.
    pub zone: Tz,
    /// The window: the current school year.
    pub year: SchoolYear,
    /// The activities the feed's owner sees in the window.
    pub activities: &'a [Activity],
    /// The school's free days.
    pub free_days: &'a FreeDays,
    /// For a co-account's feed, the child's name, put before every title.
    pub child: Option<&'a str>,
}

impl FeedCalendar<'_> {
    /// A strong `ETag` of the feed, from what the text is made of, so that a calendar app
    /// asking again is answered `304` without the text being written.
    #[must_use]
    pub fn etag(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.name.as_bytes());
        h.update(self.zone.name().as_bytes());
        h.update(self.year.starts_on.to_string().as_bytes());
        h.update(self.year.ends_on.to_string().as_bytes());
        h.update(self.child.unwrap_or("").as_bytes());
        for a in self.activities {
            h.update(a.id.to_string().as_bytes());
            h.update(a.sequence.to_be_bytes());
            h.update(a.updated_at.timestamp_micros().to_be_bytes());
        }
        for p in self.free_days.periods() {
            h.update(p.from.to_string().as_bytes());
            h.update(p.to.to_string().as_bytes());
            h.update(p.name.as_bytes());
            h.update([0]);
        }
        format!("\"{}\"", hex::encode(&h.finalize()[..16]))
    }

    /// The feed as iCalendar text (CRLF line ends, long lines folded).
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = Lines::default();
        out.line("BEGIN:VCALENDAR");
        out.line("VERSION:2.0");
        out.line("PRODID:-//Schoolbrug//Calendar//NL");
        out.line("CALSCALE:GREGORIAN");
        out.line("METHOD:PUBLISH");
        out.line(&format!("X-WR-CALNAME:{}", escape(self.name)));
        out.line(&format!("X-WR-TIMEZONE:{}", self.zone.name()));
        self.timezone(&mut out);
        let stamp = start_of_day(Tz::UTC, self.year.starts_on);
        for a in self.activities {
            self.activity(&mut out, a);
        }
        for p in self.free_days.periods() {
            if p.to < self.year.starts_on || p.from > self.year.ends_on {
                continue;
            }
            out.line("BEGIN:VEVENT");
            out.line(&format!(
                "UID:free-{}-{}@{}.schoolbrug",
                p.from.format("%Y%m%d"),
                p.to.format("%Y%m%d"),
                self.school
            ));
            out.line(&format!("DTSTAMP:{}", utc(stamp)));
            out.line(&format!("DTSTART;VALUE=DATE:{}", date(p.from)));
            out.line(&format!(
                "DTEND;VALUE=DATE:{}",
                date(p.to + Duration::days(1))
            ));
            out.line(&format!("SUMMARY:{}", escape(&p.name)));
            out.line("CATEGORIES:FREE-DAY");
            out.line("TRANSP:TRANSPARENT");
            out.line("END:VEVENT");
        }
        out.line("END:VCALENDAR");
        out.text
    }

    fn activity(&self, out: &mut Lines, a: &Activity) {
        let zone = self.zone;
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}@schoolbrug", a.id));
        out.line(&format!("DTSTAMP:{}", utc(a.updated_at)));
        out.line(&format!("CREATED:{}", utc(a.created_at)));
        out.line(&format!("LAST-MODIFIED:{}", utc(a.updated_at)));
        out.line(&format!("SEQUENCE:{}", a.sequence));
        let title = match self.child {
            Some(child) => format!("{child}: {}", a.title.as_str()),
            None => a.title.as_str().to_owned(),
        };
        out.line(&format!("SUMMARY:{}", escape(&title)));
        if let Some(d) = &a.description {
            out.line(&format!("DESCRIPTION:{}", escape(d)));
        }
        if let Some(l) = &a.location {
            out.line(&format!("LOCATION:{}", escape(l)));
        }
        match a.when {
            When::Timed { start, end } => {
                out.line(&format!(
                    "DTSTART;TZID={}:{}",
                    zone.name(),
                    local(start, zone)
                ));
                out.line(&format!("DTEND;TZID={}:{}", zone.name(), local(end, zone)));
            }
            When::AllDay { first, last } => {
                out.line(&format!("DTSTART;VALUE=DATE:{}", date(first)));
                out.line(&format!(
                    "DTEND;VALUE=DATE:{}",
                    date(last + Duration::days(1))
                ));
            }
        }
        if let Some(r) = &a.repeat {
            let until = match a.when {
                When::AllDay { .. } => date(r.until),
                When::Timed { .. } => {
                    utc(start_of_day(zone, r.until + Duration::days(1)) - Duration::seconds(1))
                }
            };
            out.line(&format!(
                "RRULE:FREQ=WEEKLY;INTERVAL={};UNTIL={until}",
                r.every_weeks
            ));
            for start in recurrence(a, zone) {
                let day = start.with_timezone(&zone).date_naive();
                let free = r.skip_free_days && self.free_days.contains(day);
                if !(r.except.contains(&day) || free) {
                    continue;
                }
                match a.when {
                    When::AllDay { .. } => out.line(&format!("EXDATE;VALUE=DATE:{}", date(day))),
                    When::Timed { .. } => out.line(&format!(
                        "EXDATE;TZID={}:{}",
                        zone.name(),
                        local(start, zone)
                    )),
                }
            }
        }
        out.line("END:VEVENT");
    }

    /// The zone's offsets and their changes from a year before the window to its end, as
    /// `STANDARD` and `DAYLIGHT` observances with one `DTSTART` each.
    fn timezone(&self, out: &mut Lines) {
        let zone = self.zone;
        out.line("BEGIN:VTIMEZONE");
        out.line(&format!("TZID:{}", zone.name()));
        let from = start_of_day(Tz::UTC, self.year.starts_on - Duration::days(366));
        let to = start_of_day(Tz::UTC, self.year.ends_on + Duration::days(2));
        let first = offset_at(zone, from);
        observance(out, first, first, NaiveDateTime::default());
        let mut before = first;
        let mut day = from;
        while day < to {
            let next = day + Duration::days(1);
            let after = offset_at(zone, next);
            if after.total != before.total {
                let at = transition(zone, day, next);
                let local_before = at.naive_utc() + Duration::seconds(i64::from(before.total));
                observance(out, before, after, local_before);
            }
            before = after;
            day = next;
        }
        out.line("END:VTIMEZONE");
    }
}

#[derive(Clone, Copy)]
struct Offset {
    total: i32,
    daylight: bool,
}

fn offset_at(zone: Tz, at: DateTime<Utc>) -> Offset {
    let offset = zone.offset_from_utc_datetime(&at.naive_utc());
    Offset {
        total: offset.fix().local_minus_utc(),
        daylight: offset.dst_offset() != chrono::TimeDelta::zero(),
    }
}

/// The first instant in `(lo, hi]` with `hi`'s offset, to the minute.
fn transition(zone: Tz, mut lo: DateTime<Utc>, mut hi: DateTime<Utc>) -> DateTime<Utc> {
    let target = offset_at(zone, hi).total;
    while hi - lo > Duration::minutes(1) {
        let mid = lo + (hi - lo) / 2;
        if offset_at(zone, mid).total == target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

fn observance(out: &mut Lines, from: Offset, to: Offset, local_start: NaiveDateTime) {
    let kind = if to.daylight { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{kind}"));
    out.line(&format!("DTSTART:{}", local_start.format("%Y%m%dT%H%M%S")));
    out.line(&format!("TZOFFSETFROM:{}", offset(from.total)));
    out.line(&format!("TZOFFSETTO:{}", offset(to.total)));
    out.line(&format!("END:{kind}"));
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%Y%m%dT%H%M%S").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// RFC 5545 TEXT: backslash, semicolon, comma and line ends escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines: CRLF ends, folded at 75 octets without splitting a character.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(c);
            width += len;
        }
        let _ = write!(self.text, "\r\n");
    }
}
