-- The outbox is a queue: every mail updates its row twice (the lease at the claim, then
-- the outcome), and the claim reads the partial index of waiting rows from its front,
-- where the dead versions of sent rows gather until VACUUM removes them
-- (docs/benchmarks.md, "What looks slow in forwarding", 3). Vacuum this table after a
-- few thousand changed rows instead of 20 % of it, and leave room on every page so that
-- the lease update, which touches no indexed column, can stay on its page (HOT).
-- fillfactor applies to pages written from now on.
ALTER TABLE outbox SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_analyze_scale_factor = 0.05,
    fillfactor = 70
);
