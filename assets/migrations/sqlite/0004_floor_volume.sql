-- 4: the log at a floor's volume (issue 13).
-- - The policy's SHA-256 and version, a version counter for edits and
--   who made the last change.
-- - Ids from a per-day counter (not MAX(seq)+1), seeded from the
--   cases already there.
-- - A case's rowid is its sort key (day * 1_000_000 + number), so
--   "newest first" is the rowid order, which the full-text index
--   returns pages in without sorting; imported cases fall into place.
-- - `case_count`: the total without counting a million rows.
-- - `cases_fts`: a trigram full-text index over what the history
--   filter matches (substrings of 3+ characters, ignoring case), kept
--   in step by triggers, so even rows written behind the store's back
--   are found.
ALTER TABLE cases ADD COLUMN policy_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN policy_version TEXT;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
UPDATE cases SET updated_by = agent;
UPDATE cases SET rowid = CAST(day AS INTEGER) * 1000000 + seq
             WHERE length(day) = 8 AND day NOT GLOB '*[^0-9]*' AND seq BETWEEN 1 AND 999999;
CREATE TABLE day_counters (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
INSERT INTO day_counters (day, last) SELECT day, MAX(seq) FROM cases GROUP BY day;
CREATE TABLE case_count (one INTEGER PRIMARY KEY CHECK (one = 1), cases INTEGER NOT NULL);
INSERT INTO case_count (one, cases) SELECT 1, COUNT(*) FROM cases;
CREATE TRIGGER cases_counted AFTER INSERT ON cases
             BEGIN UPDATE case_count SET cases = cases + 1; END;
CREATE TRIGGER cases_uncounted AFTER DELETE ON cases
             BEGIN UPDATE case_count SET cases = cases - 1; END;
CREATE VIRTUAL TABLE cases_fts USING fts5(words, tokenize = 'trigram', columnsize = 0);
INSERT INTO cases_fts (rowid, words) SELECT rowid, id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' || replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ') || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent FROM cases;
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent); END;
CREATE TRIGGER cases_fts_update AFTER UPDATE ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent); END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
         END;
