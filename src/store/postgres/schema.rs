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
use crate::store::migrations::migration;

/// One schema step: a file of `assets/migrations/postgres/`, and (for
/// data SQL cannot compute) Rust, run where the file's `-- @step` line is.
pub(super) type Migration = crate::store::migrations::Migration<
    fn(&mut Transaction<'_>) -> Result<(), tokio_postgres::Error>,
>;

/// Any number, the same in every claimdesk: the advisory lock migrations
/// take ("claimdsk" in ASCII).
const MIGRATION_LOCK: i64 = 0x636c_6169_6d64_736b;

/// Each step takes the schema from its index to its index + 1.
pub(super) const MIGRATIONS: &[Migration] = &[
    migration!("postgres", "0001_cases.sql"),
    migration!("postgres", "0002_search_words.sql"),
    migration!("postgres", "0003_case_count.sql"),
    migration!("postgres", "0004_timeline.sql", fill_standings),
    migration!("postgres", "0005_search_in_page_order.sql"),
    migration!(
        "postgres",
        "0006_case_keys_sort_keys_and_instants.sql",
        legacy_keys
    ),
    migration!("postgres", "0007_roles.sql"),
    migration!("postgres", "0008_timeline_words.sql", fill_timeline_words),
    migration!("postgres", "0009_checked_standing.sql"),
    migration!("postgres", "0010_replace_from_the_map.sql", |tx| {
        roles::writers(tx, 10)
    }),
    migration!("postgres", "0011_short_word_grams.sql"),
];

/// Migration 8's step: each case with events gets its timeline's words,
/// [`FILL_BATCH`] cases a statement.
fn fill_timeline_words(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
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
    Ok(())
}

/// Cases a statement of migration 6's key fill covers.
const KEY_BATCH: i64 = 5_000;

/// Migration 6's step: each case's key, from its id and creation time
/// as written (before the file makes the times instants), [`KEY_BATCH`]
/// cases a statement.
fn legacy_keys(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
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
    Ok(())
}

/// The SQL the due queue's partial indexes and queries share: a query
/// that repeats it lets the planner use them.
pub(super) const ACTIVE: &str = "status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')";

/// How many cases migration 4 derives the standing of per statement.
const FILL_BATCH: i64 = 5_000;

/// The version a fully migrated log has.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema `pg_trgm` lives in (its operator class is named with it),
/// or will: migration 2 makes it in `public` when it is not there.
fn trgm_schema(tx: &mut Transaction<'_>) -> Result<String, tokio_postgres::Error> {
    Ok(tx
        .query_one(
            "SELECT coalesce((SELECT n.nspname FROM pg_extension e
                JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'),
                'public')",
            &[],
        )?
        .get(0))
}

/// Runs one part of a migration file, with what it names of the database
/// filled in (see `store::migrations`).
fn run_sql(tx: &mut Transaction<'_>, sql: &str) -> Result<(), tokio_postgres::Error> {
    if sql.trim().is_empty() {
        return Ok(());
    }
    let mut values: Vec<(&str, String)> = Vec::new();
    if sql.contains("{{trgm}}") {
        values.push(("trgm", trgm_schema(tx)?.replace('"', "\"\"")));
    }
    if sql.contains("{{schema}}") {
        values.push(("schema", roles::schema(tx)?));
    }
    if sql.contains("{{offset}}") {
        // The zone the old times were written in: this machine's, now.
        let offset = i64::from(chrono::Local::now().offset().local_minus_utc());
        values.push(("offset", offset.to_string()));
    }
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    tx.batch_execute(&crate::store::migrations::filled(sql, &values))
}

/// Migration 4's step: each saved case's standing from its record alone, [`FILL_BATCH`]
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
        let Some(step) = MIGRATIONS.get(now as usize) else {
            return tx.commit();
        };
        let (before, after) = step.parts();
        run_sql(&mut tx, before)?;
        if let Some(fill) = step.step {
            fill(&mut tx)?;
        }
        run_sql(&mut tx, after)?;
        let next = i32::try_from(now + 1).unwrap_or(i32::MAX);
        tx.execute("UPDATE claimdesk_schema SET version = $1", &[&next])?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_migration_files_are_numbered_in_order() {
        assert_eq!(
            crate::store::migrations::faults(super::MIGRATIONS),
            Vec::<String>::new()
        );
    }
}
