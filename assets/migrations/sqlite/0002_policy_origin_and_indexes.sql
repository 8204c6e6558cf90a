-- 2: where the deciding policy came from, and indexes for the history
-- filters (order number look-ups run on every new claim).
ALTER TABLE cases ADD COLUMN policy_origin TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_reference ON cases (reference);
CREATE INDEX cases_claim_date ON cases (claim_date);
