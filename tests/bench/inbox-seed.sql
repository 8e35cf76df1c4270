-- Seeds the inboxes of messages.sh, figure 2 (PostgreSQL): :messages messages from the
-- teacher, each delivered to 100 co-accounts and pupils of the school seeded by
-- bench-msg-seed (:pupils pupils, each with a co-account): the co-accounts of pupils 1-20
-- (the "heavy" parents, who receive every message) and 80 others that rotate over the
-- remaining 2 × :pupils - 20 accounts. With :messages = 10000 that is 1,000,000 inbox rows
-- (message_copies), of which 10,000 per heavy parent. Ids are time-ordered UUID v7 built
-- from each message's time (one minute apart, ending an hour ago), as the server's are,
-- so that keyset order is time order.
-- Variables (psql -v): school, teacher (uuids), messages, pupils (at least 50).
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
BEGIN;
INSERT INTO messages (school_id, id, sender_id, sender_name, kind, subject, body, in_reply_to,
                      reply_requested, action_deadline, urgent, visibility, sent_at)
SELECT CAST(:'school' AS uuid), bench_uuid7(t.ts), CAST(:'teacher' AS uuid), 'Bench Leerkracht',
       'normal', 'Bericht ' || i, 'Tekst van bericht ' || i || '.' || repeat(' Bla bla bla.', 30),
       NULL, false, NULL, false,
       '{"named": [], "groups": [{"kind": "group", "name": "bench-inbox", "audience": "both"}]}',
       t.ts
FROM generate_series(1, :messages) AS i,
     LATERAL (SELECT now() - interval '1 hour' - interval '1 minute' * (:messages - i) AS ts) AS t;

INSERT INTO message_copies (school_id, message_id, recipient_id, recipient_name, via)
SELECT m.school_id, m.id,
       (lpad(to_hex(r.kind), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(r.n), 12, '0'))::uuid,
       CASE r.kind WHEN 1 THEN 'Leerling ' ELSE 'Ouder ' END || lpad(r.n::text, 4, '0'),
       '{"kind": "group", "name": "bench-inbox", "audience": "both"}'::jsonb
FROM (SELECT school_id, id, row_number() OVER (ORDER BY id) AS i
      FROM messages WHERE school_id = CAST(:'school' AS uuid) AND subject LIKE 'Bericht %') AS m
CROSS JOIN generate_series(0, 99) AS j
-- the 80 others of message i: k = (7 i + step (j - 20)) mod (2 :pupils - 20), distinct for
-- j = 20..99 as 79 step < 2 :pupils - 20; k < :pupils is pupil k + 1, the rest are the
-- co-accounts of pupils 21 and up
CROSS JOIN LATERAL (SELECT (m.i * 7 + (j - 20) * ((2 * :pupils - 20) / 80)) % (2 * :pupils - 20) AS k) AS kk
CROSS JOIN LATERAL (
    SELECT CASE WHEN j < 20 THEN 2 WHEN kk.k < :pupils THEN 1 ELSE 2 END AS kind,
           CASE WHEN j < 20 THEN j + 1 WHEN kk.k < :pupils THEN kk.k + 1
                ELSE kk.k - :pupils + 21 END AS n
) AS r;
COMMIT;
VACUUM ANALYZE messages;
VACUUM ANALYZE message_copies;
-- Write the seed's dirty pages now rather than in a checkpoint during the measurements.
CHECKPOINT;
