#!/usr/bin/env python3
"""Seeds a PostgreSQL school for the absences benchmark (tests/bench/absences.sh), on top
of what `bench-msg-seed` wrote (pupil n = 00000001-…-n, its co-account 00000002-…-n):

* classes of 30: class k (00000005-…-k, "klas-KK") holds pupils 30(k-1)+1 … 30k and its
  teacher (00000004-…-k, role teacher);
* a counsellor (00000006-…-1);
* a session for every teacher and the counsellor (the table keeps the SHA-256);
* a full school year of registrations: for each pupil, 101 weekdays from 1 September
  (202 half-days, the benchmark's own day left out), codes mostly Z and R; every tenth pupil has a problematic (B) half-day
  every fifth weekday, so 250 pupils reach the follow-up list;
* the request files the benchmark replays.

    absences_seed.py SCHOOL_ID PUPILS DATE OUT_DIR  (prints the SQL on stdout)
"""
import hashlib
import json
import secrets
import sys

school, pupils, date, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
classes = pupils // 30


def fixed(kind, n):
    return f"{kind:08x}-0000-7000-8000-{n:012x}"


sql = ["BEGIN;"]
accounts = []
for k in range(1, classes + 1):
    accounts.append(
        f"('{school}', '{fixed(4, k)}', 'leraar-{k:03}', 'Leraar', '{k:03}', 'main', "
        "'{teacher}', NULL, NULL, NULL, NULL, now())"
    )
accounts.append(
    f"('{school}', '{fixed(6, 1)}', 'begeleider', 'Chris', 'Begeleider', 'main', "
    "'{counsellor}', NULL, NULL, NULL, NULL, now())"
)
sql.append(
    "INSERT INTO accounts (school_id, id, username, first_name, last_name, kind, roles, "
    "pupil_id, slot, relation, status, created_at) VALUES\n  " + ",\n  ".join(accounts) + ";"
)
sql.append(
    "INSERT INTO groups (school_id, id, name, kind) VALUES\n  "
    + ",\n  ".join(f"('{school}', '{fixed(5, k)}', 'klas-{k:03}', 'class')" for k in range(1, classes + 1))
    + ";"
)
members = []
for k in range(1, classes + 1):
    members.append(f"('{school}', '{fixed(5, k)}', '{fixed(4, k)}')")
    for n in range(30 * (k - 1) + 1, 30 * k + 1):
        members.append(f"('{school}', '{fixed(5, k)}', '{fixed(1, n)}')")
sql.append(
    "INSERT INTO group_members (school_id, group_id, account_id) VALUES\n  " + ",\n  ".join(members) + ";"
)
tokens = {}
sessions = []
for name, account in [(f"teacher-{k}", fixed(4, k)) for k in range(1, classes + 1)] + [("counsellor", fixed(6, 1))]:
    token = "bench" + secrets.token_hex(32)
    digest = hashlib.sha256(token.encode()).hexdigest()
    tokens[name] = token
    sessions.append(f"('\\x{digest}'::bytea, '{school}', '{account}', now(), now())")
sql.append(
    "INSERT INTO sessions (token_hash, school_id, account_id, created_at, last_seen_at) VALUES\n  "
    + ",\n  ".join(sessions)
    + ";"
)
# 101 weekdays from 1 September 2026, both halves, for every pupil.
sql.append(f"""
INSERT INTO absences (school_id, pupil_id, date, half, code, official, remark, note_id,
                      confirmed, registered_by, registered_at)
SELECT '{school}',
       ('00000001-0000-7000-8000-' || lpad(to_hex(p), 12, '0'))::uuid,
       d.day, h.half,
       c.code, c.code, NULL, NULL, true, NULL, now()
FROM generate_series(1, {pupils}) AS p
CROSS JOIN (
    SELECT day::date, row_number() OVER (ORDER BY day) AS i
    FROM generate_series(date '2026-09-01', date '2027-06-30', interval '1 day') AS day
    WHERE extract(isodow FROM day) < 6
    LIMIT 101
) AS d
CROSS JOIN (VALUES ('am'), ('pm')) AS h (half)
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN p % 10 = 0 AND d.i % 5 = 0 AND h.half = 'am' THEN 'B'
        WHEN (p + d.i) % 3 = 0 THEN 'R'
        ELSE 'Z'
    END AS code
) AS c
WHERE d.day <> date '{date}';""")
sql.append("COMMIT;")
sql.append("ANALYZE;")
print("\n".join(sql))

# The class registers: each class in turn, three different sets of absent pupils.
with open(f"{out}/register.req", "w") as f:
    for variant in range(3):
        for k in range(1, classes + 1):
            first = 30 * (k - 1) + 1
            absent = [{"pupil": fixed(1, first + (variant * 7 + j * 5) % 30)} for j in range(3)]
            body = json.dumps({"absent": absent}, separators=(",", ":"))
            f.write(f"{tokens[f'teacher-{k}']} PUT /api/v1/classes/{fixed(5, k)}/register/{date}/am {body}\n")
with open(f"{out}/follow-up.req", "w") as f:
    f.write(f"{tokens['counsellor']} /api/v1/absences/follow-up\n")
with open(f"{out}/counsellor.token", "w") as f:
    f.write(tokens["counsellor"])
