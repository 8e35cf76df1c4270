"""Seeds the calendar benchmark through the JSON API of a running demo school (made by
`schoolbrug demo`): a school year for class 3A of 30 repeating activities (every two
weeks for half a year) and 80 single ones, over 400 occurrences in all, planned by 3A's
teacher; then makes the private feed of Lotte (a 3A pupil) and of her parent. Prints
shell assignments: FEED_PUPIL, FEED_PARENT, TOKEN_PARENT, TOKEN_PUPIL, FROM, TO.

Usage: python3 calendar_seed.py http://127.0.0.1:PORT
"""

import datetime
import json
import sys
import urllib.request
import zoneinfo

BASE = sys.argv[1]
PASSWORD = "zonnige fiets over de brug"
ZONE = zoneinfo.ZoneInfo("Europe/Brussels")


def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def sign_in(username):
    answer = call("POST", "/api/v1/session", body={"school": "demo", "username": username, "password": PASSWORD})
    return answer["token"]


def at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).isoformat()


def main():
    teacher = sign_in("mevrouw.claes")
    book = call("GET", "/api/v1/messages/address-book", teacher)
    class_3a = next(g["id"] for g in book["groups"] if g["name"] == "3A")
    today = datetime.datetime.now(ZONE).date()
    first = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    for i in range(30):
        day = first + datetime.timedelta(days=i % 5 + 7 * (i // 5 % 2))
        call("POST", "/api/v1/calendar/activities", teacher, {
            "title": f"Les {i + 1}",
            "location": f"Lokaal {100 + i}",
            "start": at(day, 8 + i % 8),
            "end": at(day, 9 + i % 8),
            "audience": [{"group": class_3a}],
            "repeat": {"every_weeks": 2, "until": (day + datetime.timedelta(weeks=26)).isoformat(),
                       "except": [(day + datetime.timedelta(weeks=8)).isoformat()], "skip_free_days": True},
        })
    for i in range(80):
        day = first + datetime.timedelta(days=3 * i)
        call("POST", "/api/v1/calendar/activities", teacher, {
            "title": f"Toets {i + 1}",
            "description": "Leerstof: hoofdstuk " + str(i % 12 + 1),
            "start": at(day, 10),
            "end": at(day, 11),
            "audience": [{"group": class_3a}],
        })
    pupil = sign_in("lotte.peeters")
    parent = sign_in("lotte.peeters.ouder1")
    feed_pupil = call("POST", "/api/v1/calendar/feeds", pupil, {})["url"]
    feed_parent = call("POST", "/api/v1/calendar/feeds", parent, {})["url"]
    month_from = first.replace(day=1)
    month_to = (month_from + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    print(f"FEED_PUPIL='{feed_pupil}'")
    print(f"FEED_PARENT='{feed_parent}'")
    print(f"TOKEN_PUPIL='{pupil}'")
    print(f"TOKEN_PARENT='{parent}'")
    print(f"FROM='{month_from.isoformat()}'")
    print(f"TO='{month_to.isoformat()}'")


if __name__ == "__main__":
    main()
