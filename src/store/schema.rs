//! The case log's schema, as numbered migrations: the files of
//! `assets/migrations/sqlite/` (see `store::migrations`). `PRAGMA
//! user_version` holds how many have run; each runs in its own
//! transaction, so a killed process leaves the file at one version or the
//! next, never between. Append new migrations; never edit one that has
//! shipped.

use super::migrations::migration;
use rusqlite::{Connection, Transaction};

/// One schema step: a file of `assets/migrations/sqlite/`, and (for data
/// SQL cannot compute) Rust, run where the file's `-- @step` line is.
pub(super) type Migration =
    super::migrations::Migration<fn(&Transaction<'_>) -> rusqlite::Result<()>>;

/// Each step takes the schema from its index to its index + 1.
pub(super) const MIGRATIONS: &[Migration] = &[
    migration!("sqlite", "0001_cases.sql"),
    migration!("sqlite", "0002_policy_origin_and_indexes.sql"),
    migration!("sqlite", "0003_reference_key.sql", fill_reference_keys),
    migration!("sqlite", "0004_floor_volume.sql"),
    migration!("sqlite", "0005_timeline.sql", fill_standings),
    migration!(
        "sqlite",
        "0006_case_keys_and_wide_sort_keys.sql",
        legacy_keys
    ),
    migration!("sqlite", "0007_timeline_words.sql", fill_timeline_words),
    migration!("sqlite", "0008_index_per_batch.sql"),
    migration!(
        "sqlite",
        "0009_short_word_grams.sql",
        super::sqlite_grams::fill
    ),
    migration!("sqlite", "0010_due_indexes_without_in_lists.sql"),
];

/// Migration 7's step: each case with events gets its timeline's words
/// (the file then builds the full-text index again with them).
fn fill_timeline_words(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut ids = tx.prepare("SELECT DISTINCT case_id FROM case_events")?;
    let ids: Vec<String> = ids
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut write = tx.prepare("UPDATE cases SET timeline_words = ?2 WHERE id = ?1")?;
    for id in ids {
        let events = super::sqlite_timeline::read_events(tx, &id)?;
        write.execute(rusqlite::params![id, super::timeline_words(&events)])?;
    }
    Ok(())
}

/// How far apart two days are in the sort key: a day's numbers run below
/// it (see [`sort_key`]).
pub const DAY_SPAN: i64 = 10_000_000_000;

/// A case's place in the log's order: its day (`YYYYMMDD`), then its
/// number, as one integer (the SQLite rowid, the PostgreSQL `sort_key`).
pub fn sort_key(day: &str, seq: i64) -> i64 {
    day.parse::<i64>().unwrap_or(0) * DAY_SPAN + seq.clamp(0, DAY_SPAN - 1)
}

/// Migration 6's step: each case's key, from its id and creation time
/// as they were written (before the file makes them UTC).
fn legacy_keys(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut rows = tx.prepare("SELECT rowid, id, created_at FROM cases")?;
    let mut write = tx.prepare("UPDATE cases SET case_key = ?2 WHERE rowid = ?1")?;
    let mut cursor = rows.query([])?;
    while let Some(row) = cursor.next()? {
        let rowid: i64 = row.get(0)?;
        // A row whose id or time cannot be read still gets a key of
        // its own (its rowid), so the unique index can be built.
        let id = row
            .get::<_, String>(1)
            .unwrap_or_else(|_| format!("row {rowid}"));
        let created = row.get::<_, String>(2).unwrap_or_default();
        write.execute(rusqlite::params![
            rowid,
            crate::case::legacy_key(&id, &created)
        ])?;
    }
    Ok(())
}

/// The SQL a status list of active cases is written as, in the partial
/// indexes of the due queue and in every query that must use them
/// (SQLite matches the text). Equalities, not an IN list: SQLite builds
/// a throwaway b-tree for an IN list of three constants at each INSERT
/// or UPDATE of a case (migration 10).
pub(super) const ACTIVE: &str =
    "(status = 'open' OR status = 'waiting_on_customer' OR status = 'waiting_on_vendor')";

/// Migration 5's step: each saved case's standing (the file then makes
/// the triggers and indexes, so the fill costs no index or trigger work).
fn fill_standings(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut rows = tx.prepare("SELECT rowid, claim_json, outcome_json FROM cases")?;
    let mut write = tx.prepare(
        "UPDATE cases SET status = ?2, next_action = ?3, due_date = ?4, closed_on = ?5
         WHERE rowid = ?1",
    )?;
    let mut cursor = rows.query([])?;
    while let Some(row) = cursor.next()? {
        let rowid: i64 = row.get(0)?;
        let (Ok(claim), Ok(outcome)) = (row.get::<_, String>(1), row.get::<_, String>(2)) else {
            continue;
        };
        // A damaged row keeps the defaults; it is named when read.
        let Some(record) = super::sqlite::record_of_json(&claim, &outcome) else {
            continue;
        };
        let s = crate::case::timeline::standing(&record, &[]);
        write.execute(rusqlite::params![
            rowid,
            s.status.id(),
            s.next_action,
            s.due.map(|d| d.to_string()),
            s.closed_on.map(|d| d.to_string()),
        ])?;
    }
    Ok(())
}

/// What two references are compared by: letters and digits only, in upper
/// case. Order numbers are read out and typed with or without dashes and
/// spaces; the digits are what identify the order.
pub fn reference_key(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn fill_reference_keys(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(String, String)> = tx
        .prepare("SELECT id, reference FROM cases WHERE reference <> ''")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE cases SET reference_key = ?2 WHERE id = ?1")?;
    for (id, reference) in rows {
        update.execute([id, reference_key(&reference)])?;
    }
    Ok(())
}

/// The version a fully migrated case log has.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Runs the migrations after `from`.
pub(super) fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    migrate_to(conn, from, SCHEMA_VERSION)
}

/// Runs the migrations from `from` up to `to` (tests stop early to build
/// an old case log).
pub(super) fn migrate_to(conn: &mut Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    for version in from..to {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited.
        let now: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now > version {
            continue;
        }
        let step = &MIGRATIONS[version as usize];
        let (before, after) = step.parts();
        tx.execute_batch(before)?;
        if let Some(then) = step.step {
            then(&tx)?;
        }
        if !after.trim().is_empty() {
            tx.execute_batch(after)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema a log has, as `sqlite_master` holds it (the SQL text
    /// of every table, index and trigger, as written).
    fn schema_of(conn: &Connection) -> String {
        let mut rows = conn
            .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            .expect("prepare");
        let rows = rows
            .query_map([], |r| {
                Ok(format!(
                    "{} {} on {}:\n{}\n",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?.unwrap_or_default()
                ))
            })
            .expect("query");
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
            .join("\n")
    }

    /// A fresh log, and a log made at each earlier version then brought up
    /// to date, hold exactly the schema the shipped migrations made (the
    /// snapshot was taken before the migrations moved to `.sql` files).
    #[test]
    fn the_migrations_make_the_shipped_schema() {
        let mut fresh = Connection::open_in_memory().expect("memory db");
        migrate(&mut fresh, 0).expect("fresh");
        let schema = schema_of(&fresh);
        insta::assert_snapshot!("sqlite_schema_fresh", schema);
        for from in 1..SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().expect("memory db");
            migrate_to(&mut conn, 0, from).expect("old");
            migrate(&mut conn, from).expect("to current");
            insta::assert_snapshot!(format!("sqlite_schema_from_{from}"), schema_of(&conn));
        }
    }

    #[test]
    fn the_migration_files_are_numbered_in_order() {
        assert_eq!(
            super::super::migrations::faults(MIGRATIONS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn references_compare_by_letters_and_digits() {
        assert_eq!(reference_key(" 112-1234567 / 89 "), "112123456789");
        assert_eq!(reference_key("ab-12"), reference_key("AB 12"));
        assert_eq!(reference_key("--"), "");
    }

    /// A version-1 case log with a case in it reaches the current schema
    /// with the case intact and the new column at its default.
    #[test]
    fn an_old_case_log_is_migrated_with_its_cases() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        migrate_to(&mut conn, 0, 1).expect("v1");
        conn.execute(
            "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                claim_date, reference, claim_json, outcome_json, policy_fingerprint)
             VALUES ('C-20261120-0001', '20261120', 1, '2026-11-20T10:00:00',
                '2026-11-20T10:00:00', 'millso', 'defective', 'eligible', '2026-11-20',
                '112-4417 ab', '{}', '{}', 'abc')",
            [],
        )
        .expect("insert v1 row");
        migrate(&mut conn, 1).expect("to current");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let (id, origin, key): (String, String, String) = conn
            .query_row(
                "SELECT id, policy_origin, reference_key FROM cases",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("row");
        assert_eq!(id, "C-20261120-0001");
        assert_eq!(origin, "");
        // Migration 3 computed the key of the reference saved before it.
        assert_eq!(key, "1124417AB");
        // Running again changes nothing.
        migrate(&mut conn, SCHEMA_VERSION).expect("idempotent");
    }
}
