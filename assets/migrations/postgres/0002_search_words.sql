-- 2: what the history filter searches, one lower-case line per case
-- (the same columns as the SQLite log's), with a trigram index so
-- `LIKE '%word%'` over a million cases reads the index, not the table.
-- `pg_trgm` is database-wide: made in `public` if it is not there yet;
-- its operator class is named with the schema it is in ({{trgm}}).
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
    id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
    replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
    || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
)) STORED;
CREATE INDEX cases_words ON cases USING gin (words "{{trgm}}".gin_trgm_ops);
