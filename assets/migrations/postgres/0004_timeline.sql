-- 4: the claim's life after the call, as the SQLite log's migration 5.
-- - The customer's contact (optional) on the case, in the search words.
-- - The derived status, next action, due date and closing day
--   (`case::timeline::standing`), kept by the store on every write;
--   filled by the step for the cases already saved (they have no events).
-- - `case_events`: the append-only timeline in `seq` order; its
--   `client_key` makes an event sent from the offline outbox twice
--   arrive once.
-- - `cases_due` / `cases_due_by_agent`: the due queue as one range of
--   a partial index over the active cases.
-- The search words are dropped before the fill and made again after it,
-- with the contact: the fill then costs no trigram index work, and the
-- column is computed once.
ALTER TABLE cases
    ADD COLUMN customer_name text NOT NULL DEFAULT '',
    ADD COLUMN customer_phone text NOT NULL DEFAULT '',
    ADD COLUMN customer_email text NOT NULL DEFAULT '',
    ADD COLUMN status text NOT NULL DEFAULT 'open',
    ADD COLUMN next_action text NOT NULL DEFAULT '',
    ADD COLUMN due_date date,
    ADD COLUMN closed_on date,
    DROP COLUMN words;
CREATE TABLE case_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id text NOT NULL REFERENCES cases (id),
    kind text NOT NULL,
    date date NOT NULL,
    agent text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    recorded_at timestamp NOT NULL,
    extra_json text NOT NULL DEFAULT '{}',
    client_key text UNIQUE
);
CREATE INDEX case_events_by_case ON case_events (case_id, seq);
-- @step
ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
    id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
    replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
    || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
    || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email
)) STORED;
CREATE INDEX cases_words ON cases USING gin (words "{{trgm}}".gin_trgm_ops);
CREATE INDEX cases_due ON cases (due_date, sort_key) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor');
CREATE INDEX cases_due_by_agent ON cases (agent, due_date, sort_key) WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor');
CREATE INDEX cases_closed_on ON cases (closed_on) WHERE closed_on IS NOT NULL;
