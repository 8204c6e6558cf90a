-- 5: the claim's life after the call (issue 15).
-- - The customer's contact (optional) on the case.
-- - The derived status, next action, due date and closing day
--   (`case::timeline::standing`), kept by the store on every write;
--   filled by the step for the cases already saved (they have no events).
-- - `case_events`: the append-only timeline, in recorded order.
-- - The search index gains the contact; its update trigger now fires
--   only when a searched column changes (not on a status change).
-- - `cases_due`: the due queue as one range of a partial index.
-- The triggers and indexes are made after the step's fill, so it costs
-- no index or trigger work.
ALTER TABLE cases ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN customer_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE cases ADD COLUMN next_action TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_date TEXT;
ALTER TABLE cases ADD COLUMN closed_on TEXT;
CREATE TABLE case_events (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  case_id TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  date TEXT NOT NULL,
                  agent TEXT NOT NULL DEFAULT '',
                  note TEXT NOT NULL DEFAULT '',
                  recorded_at TEXT NOT NULL,
                  extra_json TEXT NOT NULL DEFAULT '{}'
              );
CREATE INDEX case_events_by_case ON case_events (case_id, seq);
DROP TRIGGER cases_fts_insert;
DROP TRIGGER cases_fts_update;
-- @step
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent || ' ' || new.customer_name || ' ' || new.customer_phone || ' ' || new.customer_email); END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, claim_date, vendor, issue,
             verdict, reference, reference_key, note, agent, customer_name, customer_phone,
             customer_email ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, new.id || ' ' || new.claim_date || ' ' || new.vendor || ' ' || new.issue || ' ' || replace(new.issue, '_', ' ') || ' ' || new.verdict || ' ' || replace(new.verdict, '_', ' ') || ' ' || new.reference || ' ' || new.reference_key || ' ' || new.note || ' ' || new.agent || ' ' || new.customer_name || ' ' || new.customer_phone || ' ' || new.customer_email); END;
CREATE INDEX cases_due ON cases (due_date) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor');
CREATE INDEX cases_due_by_agent ON cases (agent, due_date) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor');
CREATE INDEX cases_closed_on ON cases (closed_on) WHERE closed_on IS NOT NULL;
