//! The case log's schema, as numbered migrations. `PRAGMA user_version`
//! holds how many have run; each runs in its own transaction, so a killed
//! process leaves the file at one version or the next, never between.
//! Append new migrations; never edit one that has shipped.

use rusqlite::Connection;

/// Each step takes the schema from its index to its index + 1.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: the cases table.
    "CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        vendor TEXT NOT NULL,
        issue TEXT NOT NULL,
        verdict TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        reference TEXT NOT NULL DEFAULT '',
        agent TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        claim_json TEXT NOT NULL,
        outcome_json TEXT NOT NULL,
        policy_fingerprint TEXT NOT NULL,
        UNIQUE (day, seq)
    );",
    // 2: where the deciding policy came from, and indexes for the history
    // filters (order number look-ups run on every new claim).
    "ALTER TABLE cases ADD COLUMN policy_origin TEXT NOT NULL DEFAULT '';
     CREATE INDEX cases_reference ON cases (reference);
     CREATE INDEX cases_claim_date ON cases (claim_date);",
];

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
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-1 case log with a case in it reaches the current schema
    /// with the case intact and the new column at its default.
    #[test]
    fn an_old_case_log_is_migrated_with_its_cases() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        migrate_to(&mut conn, 0, 1).expect("v1");
        conn.execute(
            "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                claim_date, claim_json, outcome_json, policy_fingerprint)
             VALUES ('C-20261120-0001', '20261120', 1, '2026-11-20T10:00:00',
                '2026-11-20T10:00:00', 'millso', 'defective', 'eligible', '2026-11-20',
                '{}', '{}', 'abc')",
            [],
        )
        .expect("insert v1 row");
        migrate(&mut conn, 1).expect("to current");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        let (id, origin): (String, String) = conn
            .query_row("SELECT id, policy_origin FROM cases", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("row");
        assert_eq!(id, "C-20261120-0001");
        assert_eq!(origin, "");
        // Running again changes nothing.
        migrate(&mut conn, SCHEMA_VERSION).expect("idempotent");
    }
}
