"""Reads an iCalendar feed as a calendar app would, with the `icalendar` and
`recurring_ical_events` libraries (independent of Schoolbrug's own code), and prints every
occurrence between two dates as JSON: [{"summary", "start", "end", "all_day"}], starts in
UTC (RFC 3339) or as dates for whole days.

Usage: python3 expand.py FROM TO < feed.ics
"""

import datetime
import json
import sys

import icalendar
import recurring_ical_events


def stamp(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), False
    return value.isoformat(), True


def main():
    start = datetime.date.fromisoformat(sys.argv[1])
    end = datetime.date.fromisoformat(sys.argv[2])
    calendar = icalendar.Calendar.from_ical(sys.stdin.read())
    errors = [str(e) for c in calendar.walk() for e in getattr(c, "errors", [])]
    if errors:
        print(json.dumps({"errors": errors}))
        sys.exit(2)
    out = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin, all_day = stamp(event["DTSTART"].dt)
        finish, _ = stamp(event["DTEND"].dt)
        out.append(
            {
                "summary": str(event["SUMMARY"]),
                "uid": str(event["UID"]),
                "start": begin,
                "end": finish,
                "all_day": all_day,
            }
        )
    out.sort(key=lambda o: (o["start"], o["summary"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
