-- 8: bulk saves at the disk's speed (issue 26). The full-text index and
-- the case count are filled by the store once per write batch
-- (`store::sqlite_bulk`), not by a trigger per inserted row: a row
-- trigger makes every INSERT a statement transaction, and the trigram
-- index writes out its pending terms at each one (a segment per case,
-- merged again later). Updates and deletes keep their triggers (one case
-- at a time). A row inserted behind the store's back is now neither
-- counted nor searchable until `sqlite_bulk::fill` is run over it.
DROP TRIGGER cases_fts_insert;
DROP TRIGGER cases_counted;
-- The index of the raw reference has had no reader since filters and the
-- repeat-claim look-up compare `reference_key` (migration 3); every
-- insert paid for it.
DROP INDEX cases_reference;
