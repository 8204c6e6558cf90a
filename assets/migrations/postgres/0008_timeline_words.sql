-- 8: the history search reaches the timeline (issues 21, 22), as the
-- SQLite log's migration 7: `timeline_words` (event notes, tracking
-- and RMA numbers; see `store::timeline_words`), written with the
-- standing on every append, edit and import; the search words gain
-- it and the status ("resolved", "waiting on vendor"), and their two
-- indexes are made again. Filled by the step for the cases with events;
-- the search words are dropped before the fill and made again after
-- it, so the fill costs no trigram index work.
ALTER TABLE cases ADD COLUMN timeline_words text NOT NULL DEFAULT '', DROP COLUMN words;
-- @step
ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
    id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
    replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
    || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
    || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email
    || ' ' || replace(status, '_', ' ') || ' ' || timeline_words
)) STORED;
CREATE INDEX cases_words ON cases USING gin (words "{{trgm}}".gin_trgm_ops);
CREATE INDEX cases_sort_words ON cases (sort_key) INCLUDE (words);
