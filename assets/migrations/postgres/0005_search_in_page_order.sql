-- 5: history search in page order without the heap (rows of about
-- 2 KB): `sort_key` with `words`, so the newest cases' words are read
-- by an index-only scan (see `plan`). It names the column, not its
-- expression: migration 4, which recreates `words`, runs before this
-- one (dropping the column drops indexes on it). Index-only scans skip
-- the heap only on pages the visibility map marks all-visible, so the
-- table is vacuumed every 10,000 new cases rather than at 20% of the log.
CREATE INDEX cases_sort_words ON cases (sort_key) INCLUDE (words);
ALTER TABLE cases SET (autovacuum_vacuum_insert_threshold = 10000,
    autovacuum_vacuum_insert_scale_factor = 0);
