-- 7: the history search reaches the timeline (issues 21, 22): event
-- notes, tracking and RMA numbers, and the status words ("resolved",
-- "waiting on vendor"). `timeline_words` (see `store::timeline_words`)
-- is written with the standing on every append, edit and import; the
-- full-text index gains it and the status, and its update trigger
-- fires on them too. Filled by the step for the cases with events; the
-- index and its triggers are made after the fill, so it costs no
-- trigger work.
ALTER TABLE cases ADD COLUMN timeline_words TEXT NOT NULL DEFAULT '';
DROP TRIGGER cases_fts_insert;
DROP TRIGGER cases_fts_update;
-- @step
DELETE FROM cases_fts;
INSERT INTO cases_fts (rowid, words) SELECT rowid, id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' || replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ') || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email || ' ' || replace(status, '_', ' ') || ' ' || timeline_words FROM cases;
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent || ' ' || new.customer_name || ' ' || new.customer_phone || ' ' || new.customer_email || ' ' || replace(new.status, '_', ' ') || ' ' || new.timeline_words); END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, claim_date, vendor, issue,
             verdict, reference, reference_key, note, agent, customer_name, customer_phone,
             customer_email, status, timeline_words ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent || ' ' || new.customer_name || ' ' || new.customer_phone || ' ' || new.customer_email || ' ' || replace(new.status, '_', ' ') || ' ' || new.timeline_words); END;
