//! The PostgreSQL log's schema, as numbered migrations. The table
//! `claimdesk_schema` holds how many have run; each runs in its own
//! transaction under an advisory lock, so sixteen agents opening a new
//! log at once migrate it once, and a killed process leaves it at one
//! version or the next. Append new migrations; never edit one that has
//! shipped.
//!
//! The tables live in the first schema of the connection's
//! `search_path` (the role's own, `public`, or a test's schema), so one
//! database can hold several logs. `pg_trgm` is database-wide: it is
//! created once (in `public` if it is not there yet) and its operator
//! class is named with the schema it is in.

use super::client::{Client, GenericClient, Transaction};
use super::roles;

/// One schema step: SQL, or (for what depends on the database) Rust.
pub(super) enum Migration {
    Sql(&'static str),
    Rust(fn(&mut Transaction<'_>) -> Result<(), tokio_postgres::Error>),
}

/// Any number, the same in every claimdesk: the advisory lock migrations
/// take ("claimdsk" in ASCII).
const MIGRATION_LOCK: i64 = 0x636c_6169_6d64_736b;

/// Each step takes the schema from its index to its index + 1.
pub(super) const MIGRATIONS: &[Migration] = &[
    // 1: cases, the per-day id counters, and the indexes every page and
    // repeat-claim look-up runs on. `sort_key` is `YYYYMMDD * 1_000_000 +
    // NNNN`: the log's order. `client_key` is the idempotency key of a
    // save sent from an offline outbox: a resend finds the case, never
    // saves it twice. Claim and outcome are kept as the JSON text
    // claimdesk wrote (read and written whole, never queried inside).
    Migration::Sql(
        "CREATE TABLE cases (
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
        CREATE INDEX cases_claim_date ON cases (claim_date);",
    ),
    // 2: what the history filter searches, one lower-case line per case
    // (the same columns as the SQLite log's), with a trigram index so
    // `LIKE '%word%'` over a million cases reads the index, not the table.
    Migration::Rust(search_words),
    // 3: the total without counting a million rows (the history header
    // shows it on every open). Statement triggers with transition tables
    // add a batch at once. The row is locked by each save until it
    // commits, like the day's counter row the save already holds.
    Migration::Sql(
        "CREATE TABLE case_count (one integer PRIMARY KEY CHECK (one = 1), cases bigint NOT NULL);
        INSERT INTO case_count SELECT 1, count(*) FROM cases;
        CREATE FUNCTION claimdesk_count_cases() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                UPDATE case_count SET cases = cases + (SELECT count(*) FROM new_rows);
            ELSE
                UPDATE case_count SET cases = cases - (SELECT count(*) FROM old_rows);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER cases_counted AFTER INSERT ON cases
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_count_cases();
        CREATE TRIGGER cases_uncounted AFTER DELETE ON cases
            REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_count_cases();",
    ),
    // 4: the claim's life after the call, as the SQLite log's migration 5.
    // - The customer's contact (optional) on the case, in the search words.
    // - The derived status, next action, due date and closing day
    //   (`case::timeline::standing`), kept by the store on every write;
    //   filled here for the cases already saved (they have no events).
    // - `case_events`: the append-only timeline in `seq` order; its
    //   `client_key` makes an event sent from the offline outbox twice
    //   arrive once.
    // - `cases_due` / `cases_due_by_agent`: the due queue as one range of
    //   a partial index over the active cases.
    Migration::Rust(timeline),
    // 5: history search in page order without the heap (rows of about
    // 2 KB): `sort_key` with `words`, so the newest cases' words are read
    // by an index-only scan (see `plan`). It names the column, not its
    // expression: migration 4, which recreates `words`, runs before this
    // one (dropping the column drops indexes on it). Index-only scans skip the heap
    // only on pages the visibility map marks all-visible, so the table is
    // vacuumed every 10,000 new cases rather than at 20% of the log.
    Migration::Sql(
        "CREATE INDEX cases_sort_words ON cases (sort_key) INCLUDE (words);
        ALTER TABLE cases SET (autovacuum_vacuum_insert_threshold = 10000,
            autovacuum_vacuum_insert_scale_factor = 0);",
    ),
    // 6: one identity everywhere, no ceiling on a day's cases, times as
    // instants (issue 21), as the SQLite log's migration 6.
    // - `case_key`: the case's permanent key (`case::new_key`), unique and
    //   never null; cases saved before it get `case::legacy_key` of their
    //   id and creation time as written (the key an old export line of
    //   theirs gets). `imported_from`: the id a renumbered import had.
    // - `sort_key` becomes `day * 10_000_000_000 + number` (it clamped at
    //   999,999 a day); the two ranges do not meet.
    // - `created_at`, `updated_at` and `recorded_at` become `timestamptz`.
    //   They held the saving agent's local time without a zone; the
    //   migrating claimdesk's own zone is taken for it (a floor shares one).
    Migration::Rust(keys_sort_keys_and_instants),
    // 7: a log a team lead can hand to a floor (see `roles`): every write
    // an agent makes goes through a function that runs as the owner, so
    // the agent's own role needs no UPDATE or DELETE on any table; the
    // database login is kept beside the display name on every case and
    // event, set by triggers (never what the client says). (Made on a
    // branch beside 6 as "8", with 6 and 7 left for 6's work: 6 needed
    // one slot, so it is 7.)
    Migration::Rust(roles::functions),
    // 8: the history search reaches the timeline (issues 21, 22), as the
    // SQLite log's migration 7: `timeline_words` (event notes, tracking
    // and RMA numbers; see `store::timeline_words`), written with the
    // standing on every append, edit and import; the search words gain
    // it and the status ("resolved", "waiting on vendor"), and their two
    // indexes are made again. Filled here for the cases with events.
    Migration::Rust(timeline_words),
    // 9: the standing an agent may set is the one its own change implies
    // (issue 25): `claimdesk_set_standing` (now with the timeline's words)
    // only for a case this transaction appended an event to or edited,
    // and never "resolved" or "closed" against what the timeline says
    // (see `roles`).
    Migration::Rust(roles::checked_standing),
];

/// Migration 8 (see [`MIGRATIONS`]). The search words are dropped
/// before the fill and made again after it, so the fill costs no trigram
/// index work and the column is computed once.
fn timeline_words(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    tx.batch_execute(
        "ALTER TABLE cases ADD COLUMN timeline_words text NOT NULL DEFAULT '', DROP COLUMN words;",
    )?;
    let ids: Vec<String> = tx
        .query("SELECT DISTINCT case_id FROM case_events", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for chunk in ids.chunks(FILL_BATCH as usize) {
        let events = super::timeline::read_events_of(tx, chunk)?;
        let (ids, words): (Vec<&String>, Vec<String>) = events
            .iter()
            .map(|(id, events)| (id, crate::store::timeline_words(events)))
            .unzip();
        tx.execute(
            "UPDATE cases c SET timeline_words = u.words
             FROM unnest($1::text[], $2::text[]) AS u (id, words) WHERE c.id = u.id",
            &[&ids, &words],
        )?;
    }
    let trgm = trgm_schema(tx)?;
    tx.batch_execute(&format!(
        "ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
            id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
            replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
            || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
            || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email
            || ' ' || replace(status, '_', ' ') || ' ' || timeline_words
        )) STORED;
        CREATE INDEX cases_words ON cases USING gin (words \"{trgm}\".gin_trgm_ops);
        CREATE INDEX cases_sort_words ON cases (sort_key) INCLUDE (words);",
        trgm = trgm.replace('"', "\"\""),
    ))
}

/// Cases a statement of migration 6's key fill covers.
const KEY_BATCH: i64 = 5_000;

/// Migration 6 (see [`MIGRATIONS`]).
fn keys_sort_keys_and_instants(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    tx.batch_execute("ALTER TABLE cases ADD COLUMN case_key text, ADD COLUMN imported_from text;")?;
    let mut after = i64::MIN;
    loop {
        let rows = tx.query(
            "SELECT sort_key, id, to_char(created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM cases
             WHERE sort_key > $1 ORDER BY sort_key LIMIT $2",
            &[&after, &KEY_BATCH],
        )?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.get(0);
        let (mut sort_keys, mut keys) = (Vec::new(), Vec::new());
        for row in &rows {
            let id: String = row.try_get(1).unwrap_or_default();
            let created: String = row.try_get(2).unwrap_or_default();
            sort_keys.push(row.get::<_, i64>(0));
            keys.push(crate::case::legacy_key(&id, &created));
        }
        tx.execute(
            "UPDATE cases c SET case_key = u.key
             FROM unnest($1::bigint[], $2::text[]) AS u (sort_key, key)
             WHERE c.sort_key = u.sort_key",
            &[&sort_keys, &keys],
        )?;
    }
    // The zone the old times were written in: this machine's, now.
    let offset = i64::from(chrono::Local::now().offset().local_minus_utc());
    tx.batch_execute(&format!(
        "ALTER TABLE cases ALTER COLUMN case_key SET NOT NULL,
             ADD CONSTRAINT cases_case_key UNIQUE (case_key),
             ALTER COLUMN created_at TYPE timestamptz
                 USING (created_at - make_interval(secs => {offset})) AT TIME ZONE 'UTC',
             ALTER COLUMN updated_at TYPE timestamptz
                 USING (updated_at - make_interval(secs => {offset})) AT TIME ZONE 'UTC';
         ALTER TABLE case_events ALTER COLUMN recorded_at TYPE timestamptz
             USING (recorded_at - make_interval(secs => {offset})) AT TIME ZONE 'UTC';
         UPDATE cases SET sort_key = day::bigint * {span} + seq
             WHERE day ~ '^[0-9]{{8}}$' AND seq >= 1;",
        span = crate::store::DAY_SPAN,
    ))
}

/// The SQL the due queue's partial indexes and queries share: a query
/// that repeats it lets the planner use them.
pub(super) const ACTIVE: &str = "status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')";

/// How many cases migration 4 derives the standing of per statement.
const FILL_BATCH: i64 = 5_000;

/// The version a fully migrated log has.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema `pg_trgm` lives in (its operator class is named with it).
fn trgm_schema(tx: &mut Transaction<'_>) -> Result<String, tokio_postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'pg_trgm'",
            &[],
        )?
        .get(0))
}

/// Migration 4 (see [`MIGRATIONS`]). The search words are dropped before
/// the fill and made again after it, with the contact: the fill then
/// costs no trigram index work, and the column is computed once.
fn timeline(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    tx.batch_execute(
        "ALTER TABLE cases
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
        CREATE INDEX case_events_by_case ON case_events (case_id, seq);",
    )?;
    fill_standings(tx)?;
    let trgm = trgm_schema(tx)?;
    tx.batch_execute(&format!(
        "ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
            id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
            replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
            || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
            || ' ' || customer_name || ' ' || customer_phone || ' ' || customer_email
        )) STORED;
        CREATE INDEX cases_words ON cases USING gin (words \"{trgm}\".gin_trgm_ops);
        CREATE INDEX cases_due ON cases (due_date, sort_key) WHERE {ACTIVE};
        CREATE INDEX cases_due_by_agent ON cases (agent, due_date, sort_key) WHERE {ACTIVE};
        CREATE INDEX cases_closed_on ON cases (closed_on) WHERE closed_on IS NOT NULL;",
        trgm = trgm.replace('"', "\"\""),
    ))
}

/// Each saved case's standing from its record alone, [`FILL_BATCH`]
/// cases a statement, in `sort_key` order. A row whose JSON cannot be
/// read keeps the defaults; it is named when read.
fn fill_standings(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let mut after = i64::MIN;
    loop {
        let rows = tx.query(
            "SELECT sort_key, claim_json, outcome_json FROM cases WHERE sort_key > $1
             ORDER BY sort_key LIMIT $2",
            &[&after, &FILL_BATCH],
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.get(0);
        let (mut keys, mut status, mut next, mut due, mut closed) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for row in &rows {
            let (Ok(claim), Ok(outcome)) =
                (row.try_get::<_, String>(1), row.try_get::<_, String>(2))
            else {
                continue;
            };
            let Some(record) = super::super::sqlite::record_of_json(&claim, &outcome) else {
                continue;
            };
            let s = crate::case::timeline::standing(&record, &[]);
            keys.push(row.get::<_, i64>(0));
            status.push(s.status.id().to_owned());
            next.push(s.next_action);
            due.push(s.due);
            closed.push(s.closed_on);
        }
        tx.execute(
            "UPDATE cases c SET status = u.status, next_action = u.next_action,
                due_date = u.due_date, closed_on = u.closed_on
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::date[])
                AS u (sort_key, status, next_action, due_date, closed_on)
             WHERE c.sort_key = u.sort_key",
            &[&keys, &status, &next, &due, &closed],
        )?;
    }
}

fn search_words(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    tx.batch_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")?;
    let schema: String = tx
        .query_one(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'pg_trgm'",
            &[],
        )?
        .get(0);
    tx.batch_execute(&format!(
        "ALTER TABLE cases ADD COLUMN words text GENERATED ALWAYS AS (lower(
            id || ' ' || claim_date || ' ' || vendor || ' ' || issue || ' ' ||
            replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ')
            || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent
        )) STORED;
        CREATE INDEX cases_words ON cases USING gin (words \"{}\".gin_trgm_ops);",
        schema.replace('"', "\"\"")
    ))
}

/// The schema version of the log the connection sees (0: none yet).
pub(super) fn version(client: &mut impl GenericClient) -> Result<i64, tokio_postgres::Error> {
    // A plain query of the catalog (not to_regclass, whose cache may not
    // yet show a table another claimdesk created while this one waited
    // for the migration lock).
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'claimdesk_schema' AND n.nspname = current_schema())",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT version FROM claimdesk_schema", &[])?;
    Ok(row.map_or(0, |r| i64::from(r.get::<_, i32>(0))))
}

/// Runs the migrations after the log's version, up to `to`.
pub(super) fn migrate_to(client: &mut Client, to: i64) -> Result<(), tokio_postgres::Error> {
    loop {
        let mut tx = client.transaction()?;
        // A migration over a big log may take long (the caller lifts the
        // client-side limit too).
        tx.batch_execute("SET LOCAL statement_timeout = 0")?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        // Another claimdesk may have migrated while this one waited.
        let now = version(&mut tx)?;
        if now >= to {
            return tx.commit();
        }
        if now == 0 {
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS claimdesk_schema (version integer NOT NULL);
                 INSERT INTO claimdesk_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM claimdesk_schema);",
            )?;
        }
        match MIGRATIONS.get(now as usize) {
            Some(Migration::Sql(sql)) => tx.batch_execute(sql)?,
            Some(Migration::Rust(step)) => step(&mut tx)?,
            None => return tx.commit(),
        }
        let next = i32::try_from(now + 1).unwrap_or(i32::MAX);
        tx.execute("UPDATE claimdesk_schema SET version = $1", &[&next])?;
        tx.commit()?;
    }
}
#[cfg(test)]
mod dump {
    #[test]
    fn dump_sql() {
        let d = "/tmp/mig/postgres";
        std::fs::create_dir_all(d).unwrap();
        for (i, m) in super::MIGRATIONS.iter().enumerate() {
            if let super::Migration::Sql(s) = m {
                std::fs::write(format!("{d}/{}.sql", i + 1), s).unwrap();
            }
        }
        std::fs::write(format!("{d}/save.sql"), super::super::save_sql()).unwrap();
        std::fs::write(format!("{d}/take.sql"), super::super::take_ids_sql()).unwrap();
        std::fs::write(format!("{d}/batch.sql"), super::super::batch_sql(false)).unwrap();
    }
}
