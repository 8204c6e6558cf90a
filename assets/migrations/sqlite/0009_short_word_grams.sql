-- 9: the history filter's short words (issue 26). The trigram index
-- cannot look up a word of 1 or 2 characters, so such a word was checked
-- on every case's search line (about a second a keystroke at 1,000,000
-- cases). `case_grams` has, per block of cases (sort keys equal but for
-- their low 12 bits: about a day's cases), a bitmap of the 1- and
-- 2-character pieces of their search lines (`store::sqlite_grams`); a
-- short word is looked for only in the blocks that have it. Kept by the
-- store on every write that changes a search line (not by a trigger);
-- filled by the step (Rust, after the SQL) from the search index.
CREATE TABLE case_grams (block INTEGER PRIMARY KEY, grams BLOB NOT NULL);
