-- 11: the history filter's short words (issue 26), as the SQLite log's
-- migration 9. A word without three letters or digits in a row gives
-- the trigram index nothing to look up, so a search of only such words
-- ("z", "zz", "7x": the first keys an agent types) read every case's
-- line. `case_grams` has, per block of cases (sort keys equal but for
-- their low 12 bits: about a day's cases), a bitmap of the 1- and
-- 2-character pieces of their search lines, bit for bit the SQLite
-- log's (`store::sqlite_grams::gram_bit`: printable ASCII pieces a bit
-- each, ASCII letters folded; any other piece one of 1,314 bits by a
-- fixed hash). A search reads only the blocks that have every piece of
-- its short words (`postgres::plan`). The bits only ever gain: an edit
-- that removes a word leaves its bits, so a block may be read for
-- nothing but is never skipped wrongly.
-- Kept by triggers, as the count is: every INSERT or UPDATE of cases
-- (a save, a batch, an import, an edit, a standing, a lead's own
-- statement) adds its rows' pieces in the same statement, ORing into
-- the stored bits (concurrent writers never lose one). A block whose
-- stored bits already hold the new ones is not written (nor locked).
-- `jit` is off in the computation: compiling it costs more than it runs.
CREATE TABLE case_grams (block bigint PRIMARY KEY, grams bit(6144) NOT NULL);
-- The bit of a piece with a character outside printable ASCII: the
-- finaliser of murmur3 over (first << 32 | second), the second
-- 4294967295 for a piece of one character, in 64-bit unsigned
-- arithmetic (numeric for the products), modulo the 1,314 hashed bits.
CREATE FUNCTION claimdesk_gram_hash(first bigint, second bigint) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
        DECLARE
            two64 CONSTANT numeric := 18446744073709551616;
            x bigint := (first << 32) | second;
            u numeric;
        BEGIN
            x := x # ((x >> 33) & 2147483647);
            u := (CASE WHEN x < 0 THEN x + two64 ELSE x END) * 18397679294719823053 % two64;
            x := (CASE WHEN u >= 9223372036854775808 THEN u - two64 ELSE u END)::bigint;
            x := x # ((x >> 33) & 2147483647);
            u := (CASE WHEN x < 0 THEN x + two64 ELSE x END) * 14181476777654086739 % two64;
            x := (CASE WHEN u >= 9223372036854775808 THEN u - two64 ELSE u END)::bigint;
            x := x # ((x >> 33) & 2147483647);
            RETURN 4830 + ((CASE WHEN x < 0 THEN x + two64 ELSE x END) % 1314)::integer;
        END $f$;
-- A character's own bit (code point `c`; ASCII letters folded): printable
-- ASCII without the capitals is 69 codes, ' ' to '@' then '[' to '~'.
-- None for any other character. (Plain SQL functions without STRICT:
-- the planner inlines them.)
CREATE FUNCTION claimdesk_gram_code(c integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN c BETWEEN 32 AND 64 THEN c - 32 WHEN c BETWEEN 65 AND 90 THEN c - 26
        WHEN c BETWEEN 91 AND 126 THEN c - 58 END $f$;
-- ASCII letters folded to lower case, as the bits are computed.
CREATE FUNCTION claimdesk_gram_fold(c integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN c BETWEEN 65 AND 90 THEN c + 32 ELSE c END $f$;
-- The bit of the piece of the characters `first`, then `second` (0: a
-- piece of one character): a character its code, a pair of them
-- 69 + 69 * first + second, any other piece its hash.
CREATE FUNCTION claimdesk_gram_bit(first integer, second integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN second = 0
        THEN coalesce(claimdesk_gram_code(first),
            claimdesk_gram_hash(claimdesk_gram_fold(first), 4294967295))
        ELSE coalesce(69 + claimdesk_gram_code(first) * 69 + claimdesk_gram_code(second),
            claimdesk_gram_hash(claimdesk_gram_fold(first), claimdesk_gram_fold(second)))
        END $f$;
-- Adds the pieces of the search lines `lines` (of the cases of sort keys
-- `keys`) to their blocks' bitmaps. A line is cut at its spaces into
-- tokens, each with the spaces that are around it in the line: the
-- pieces of those segments are exactly the line's, and a block's lines
-- share most of their segments (vendor, issue, verdict, status), so each
-- distinct segment of a block is cut into pieces once. PL/pgSQL keeps
-- the plan for the session; the generic plan, as a custom one would be
-- planned again on every call (its cost told from the arrays' sizes):
-- a save's line costs about 0.25 ms, a batch's about 20 us a line.
CREATE FUNCTION claimdesk_note_grams(keys bigint[], lines text[]) RETURNS void
    LANGUAGE plpgsql SET search_path = {{schema}}, pg_temp SET jit = off
    SET plan_cache_mode = force_generic_plan AS $f$
        BEGIN
            WITH tokens AS MATERIALIZED (
                SELECT u.k >> 12 AS block, string_to_array(u.w, ' ') AS a
                FROM unnest(keys, lines) AS u (k, w) WHERE u.w IS NOT NULL
            ), segments AS MATERIALIZED (
                SELECT DISTINCT l.block, CASE WHEN t.n > 1 THEN ' ' ELSE '' END || t.s
                        || CASE WHEN t.n < cardinality(l.a) THEN ' ' ELSE '' END AS g
                FROM tokens l, unnest(l.a) WITH ORDINALITY AS t (s, n)
            ), pieces AS MATERIALIZED (
                -- Each character beside the next (the last beside none: 0).
                SELECT DISTINCT s.block, ascii(p.a) AS a, coalesce(ascii(p.b), 0) AS b
                FROM segments s, LATERAL (SELECT string_to_array(s.g, NULL) AS ch) c,
                    unnest(c.ch, c.ch[2:]) AS p (a, b)
            ), bits AS (
                SELECT block, claimdesk_gram_bit(a, 0) AS bit FROM pieces
                UNION
                SELECT block, claimdesk_gram_bit(a, b) FROM pieces WHERE b <> 0
            ), blocks AS (
                SELECT block, bit_or(B'1'::bit(6144) >> bit) AS grams FROM bits GROUP BY block
            )
            INSERT INTO case_grams (block, grams)
            SELECT b.block, b.grams FROM blocks b
            -- Looked up block by block (a join would read every bitmap).
            WHERE NOT coalesce((SELECT g.grams | b.grams = g.grams FROM case_grams g
                                WHERE g.block = b.block), false)
            ON CONFLICT (block) DO UPDATE SET grams = case_grams.grams | excluded.grams;
        END $f$;
CREATE FUNCTION claimdesk_cases_grams() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $f$
        BEGIN
            PERFORM claimdesk_note_grams(array_agg(sort_key), array_agg(words)) FROM new_rows;
            RETURN NULL;
        END $f$;
CREATE TRIGGER cases_grams AFTER INSERT ON cases
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_cases_grams();
CREATE TRIGGER cases_regrams AFTER UPDATE ON cases
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_cases_grams();
REVOKE EXECUTE ON FUNCTION claimdesk_note_grams(bigint[], text[]), claimdesk_cases_grams()
    FROM PUBLIC;
-- The cases saved before, 20,000 a statement.
DO $d$
    DECLARE
        after bigint := -9223372036854775808;
        last bigint;
    BEGIN
        LOOP
            SELECT max(k.sort_key) INTO last FROM (SELECT sort_key FROM cases
                WHERE sort_key > after ORDER BY sort_key LIMIT 20000) k;
            EXIT WHEN last IS NULL;
            PERFORM claimdesk_note_grams(array_agg(sort_key), array_agg(words)) FROM cases
            WHERE sort_key > after AND sort_key <= last;
            after := last;
        END LOOP;
    END $d$;
-- A log `admin init-db` granted before: the agents read the bitmaps.
DO $d$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claimdesk_agent') THEN
                GRANT SELECT ON case_grams TO claimdesk_agent;
            END IF;
        END $d$;
