-- pgbench script: the raw bulk insert that the API's one message to 5,000 recipients
-- (messages.sh, figure 1) is compared with. The same rows the server writes for
-- {"group": bench-alle, "audience": "both"}: one message, then its 2 × :pupils copies
-- (the seeded pupils 00000001-…-n and their co-accounts 00000002-…-n, n = 1..:pupils, in
-- id order as the server inserts them) generated with generate_series, in one
-- transaction. Variables (pgbench -D): school, teacher (uuids), pupils. bench_uuid7()
-- makes a time-ordered UUID v7 as the server's ids are (messages.sh creates it in the
-- benchmark database).
BEGIN;
INSERT INTO messages (school_id, id, sender_id, sender_name, kind, subject, body, in_reply_to, reply_requested, action_deadline, urgent, visibility, sent_at) VALUES (CAST(:school AS uuid), bench_uuid7(clock_timestamp()), CAST(:teacher AS uuid), 'Bench Leerkracht', 'normal', 'Uitstap naar Brugge', E'Beste ouders, beste leerlingen,\n\nVolgende week donderdag trekken we met de hele school naar Brugge. We vertrekken om 8.15 uur aan de schoolpoort en zijn terug rond 16.30 uur. Breng een lunchpakket, een drinkfles en stevige schoenen mee. Wie nog niet betaald heeft, kan dat tot maandag via de schoolrekening.\n\nMet vriendelijke groeten,\nHet schoolteam', NULL, false, NULL, false, '{"named": [], "groups": [{"kind": "group", "name": "bench-alle", "audience": "both"}]}', now()) RETURNING id AS message_id
\gset
INSERT INTO message_copies (school_id, message_id, recipient_id, recipient_name, via, read_at, replied_at, reply_due_at, trashed_at, misdirected_at) SELECT CAST(:school AS uuid), CAST(:message_id AS uuid), (lpad(to_hex(k), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, CASE k WHEN 1 THEN 'Leerling ' ELSE 'Ouder ' END || lpad(n::text, 4, '0'), '{"kind": "group", "name": "bench-alle", "audience": "both"}'::jsonb, NULL, NULL, NULL, NULL, NULL FROM generate_series(1, 2) AS k, generate_series(1, CAST(:pupils AS integer)) AS n ORDER BY k, n;
COMMIT;
