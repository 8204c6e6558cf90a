-- 6: one identity everywhere, and no ceiling on a day's cases (issue 21).
-- - `case_key`: the permanent key (`case::new_key`), unique; cases saved
--   before it get the key of their id and creation time
--   (`case::legacy_key`), the same an old export line of theirs gets
--   (the step, from the times as they were written and exported).
-- - `imported_from`: the id a case had in the log it was imported
--   from, when that id was taken here.
-- - Saved and recorded times become UTC (they were the agent's local
--   time; a SQLite log is one machine's, so its zone is this one's:
--   SQLite's `'utc'` modifier converts from it).
-- - The sort key (the rowid) becomes `day * 10_000_000_000 + number`:
--   the old `day * 1_000_000 + number` clamped at 999,999 a day. The
--   two ranges do not meet, so rows move without colliding; the
--   full-text index, keyed by rowid, is built again.
ALTER TABLE cases ADD COLUMN case_key TEXT;
ALTER TABLE cases ADD COLUMN imported_from TEXT;
-- @step
CREATE UNIQUE INDEX cases_case_key ON cases (case_key);
UPDATE cases SET
             created_at = coalesce(strftime('%Y-%m-%dT%H:%M:%S', created_at, 'utc'), created_at),
             updated_at = coalesce(strftime('%Y-%m-%dT%H:%M:%S', updated_at, 'utc'), updated_at);
UPDATE case_events SET recorded_at =
             coalesce(strftime('%Y-%m-%dT%H:%M:%S', recorded_at, 'utc'), recorded_at);
UPDATE cases SET rowid = CAST(day AS INTEGER) * 10000000000 + seq
             WHERE length(day) = 8 AND day NOT GLOB '*[^0-9]*' AND seq >= 1;
DELETE FROM cases_fts;
INSERT INTO cases_fts (rowid, words) SELECT rowid, id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' || replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ') || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email FROM cases;
