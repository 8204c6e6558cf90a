-- 6: one identity everywhere, no ceiling on a day's cases, times as
-- instants (issue 21), as the SQLite log's migration 6.
-- - `case_key`: the case's permanent key (`case::new_key`), unique and
--   never null; cases saved before it get `case::legacy_key` of their
--   id and creation time as written (the step: the key an old export
--   line of theirs gets). `imported_from`: the id a renumbered import had.
-- - `sort_key` becomes `day * 10_000_000_000 + number` (it clamped at
--   999,999 a day); the two ranges do not meet.
-- - `created_at`, `updated_at` and `recorded_at` become `timestamptz`.
--   They held the saving agent's local time without a zone; the
--   migrating claimdesk's own zone is taken for it ({{offset}}: a floor
--   shares one).
ALTER TABLE cases ADD COLUMN case_key text, ADD COLUMN imported_from text;
-- @step
ALTER TABLE cases ALTER COLUMN case_key SET NOT NULL,
     ADD CONSTRAINT cases_case_key UNIQUE (case_key),
     ALTER COLUMN created_at TYPE timestamptz
         USING (created_at - make_interval(secs => {{offset}})) AT TIME ZONE 'UTC',
     ALTER COLUMN updated_at TYPE timestamptz
         USING (updated_at - make_interval(secs => {{offset}})) AT TIME ZONE 'UTC';
 ALTER TABLE case_events ALTER COLUMN recorded_at TYPE timestamptz
     USING (recorded_at - make_interval(secs => {{offset}})) AT TIME ZONE 'UTC';
 UPDATE cases SET sort_key = day::bigint * 10000000000 + seq
     WHERE day ~ '^[0-9]{8}$' AND seq >= 1;
