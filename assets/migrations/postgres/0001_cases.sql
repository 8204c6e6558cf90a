-- 1: cases, the per-day id counters, and the indexes every page and
-- repeat-claim look-up runs on. `sort_key` is `YYYYMMDD * 1_000_000 +
-- NNNN`: the log's order. `client_key` is the idempotency key of a
-- save sent from an offline outbox: a resend finds the case, never
-- saves it twice. Claim and outcome are kept as the JSON text
-- claimdesk wrote (read and written whole, never queried inside).
CREATE TABLE cases (
    sort_key bigint PRIMARY KEY,
    id text NOT NULL UNIQUE,
    day text NOT NULL,
    seq integer NOT NULL,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    vendor text NOT NULL,
    issue text NOT NULL,
    verdict text NOT NULL,
    claim_date text NOT NULL,
    reference text NOT NULL DEFAULT '',
    reference_key text NOT NULL DEFAULT '',
    agent text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    claim_json text NOT NULL,
    outcome_json text NOT NULL,
    policy_fingerprint text NOT NULL DEFAULT '',
    policy_origin text NOT NULL DEFAULT '',
    policy_sha256 text NOT NULL DEFAULT '',
    policy_version text,
    version bigint NOT NULL DEFAULT 1,
    updated_by text NOT NULL DEFAULT '',
    client_key text UNIQUE
);
CREATE TABLE day_counters (day text PRIMARY KEY, last integer NOT NULL);
CREATE INDEX cases_reference_key ON cases (reference_key, sort_key);
CREATE INDEX cases_claim_date ON cases (claim_date);
