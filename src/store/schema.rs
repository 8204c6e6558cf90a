//! The case log's schema, as numbered migrations. `PRAGMA user_version`
//! holds how many have run; each runs in its own transaction, so a killed
//! process leaves the file at one version or the next, never between.
//! Append new migrations; never edit one that has shipped.

use rusqlite::{Connection, Transaction};

/// One schema step: SQL, then (for data SQL cannot compute) Rust.
pub(super) struct Migration {
    sql: &'static str,
    then: Option<fn(&Transaction<'_>) -> rusqlite::Result<()>>,
}

const fn sql(sql: &'static str) -> Migration {
    Migration { sql, then: None }
}

/// What the history filter searches, as an SQL expression over a cases
/// row (`prefix` is `new.` inside a trigger): one line of words per case.
/// The verdict and issue are there both as ids and with `_` as spaces,
/// as the wizard shows them.
macro_rules! search_words {
    ($p:literal) => {
        concat!(
            $p,
            "id || ' ' || ",
            $p,
            "claim_date || ' ' || ",
            $p,
            "vendor || ' ' || ",
            $p,
            "issue || ' ' || replace(",
            $p,
            "issue, '_', ' ') || ' ' || ",
            $p,
            "verdict || ' ' || replace(",
            $p,
            "verdict, '_', ' ') || ' ' || ",
            $p,
            "reference || ' ' || ",
            $p,
            "reference_key || ' ' || ",
            $p,
            "note || ' ' || ",
            $p,
            "agent"
        )
    };
}

/// [`search_words`] and the customer's contact (migration 5).
macro_rules! search_words_with_contact {
    ($p:literal) => {
        concat!(
            search_words!($p),
            " || ' ' || ",
            $p,
            "customer_name || ' ' || ",
            $p,
            "customer_phone || ' ' || ",
            $p,
            "customer_email"
        )
    };
}

/// [`search_words_with_contact`], the case's status (with `_` as spaces:
/// "waiting on vendor") and its timeline's words (migration 7).
macro_rules! search_words_with_timeline {
    ($p:literal) => {
        concat!(
            search_words_with_contact!($p),
            " || ' ' || replace(",
            $p,
            "status, '_', ' ') || ' ' || ",
            $p,
            "timeline_words"
        )
    };
}

/// Each step takes the schema from its index to its index + 1.
pub(super) const MIGRATIONS: &[Migration] = &[
    // 1: the cases table.
    sql("CREATE TABLE cases (
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
    );"),
    // 2: where the deciding policy came from, and indexes for the history
    // filters (order number look-ups run on every new claim).
    sql(
        "ALTER TABLE cases ADD COLUMN policy_origin TEXT NOT NULL DEFAULT '';
     CREATE INDEX cases_reference ON cases (reference);
     CREATE INDEX cases_claim_date ON cases (claim_date);",
    ),
    // 3: the reference as compared (see `reference_key`), so "112-123 45"
    // typed today finds the case saved as "11212345" yesterday.
    Migration {
        sql: "ALTER TABLE cases ADD COLUMN reference_key TEXT NOT NULL DEFAULT '';
              CREATE INDEX cases_reference_key ON cases (reference_key);",
        then: Some(fill_reference_keys),
    },
    // 4: the log at a floor's volume (issue 13).
    // - The policy's SHA-256 and version, a version counter for edits and
    //   who made the last change.
    // - Ids from a per-day counter (not MAX(seq)+1), seeded from the
    //   cases already there.
    // - A case's rowid is its sort key (day * 1_000_000 + number), so
    //   "newest first" is the rowid order, which the full-text index
    //   returns pages in without sorting; imported cases fall into place.
    // - `case_count`: the total without counting a million rows.
    // - `cases_fts`: a trigram full-text index over what the history
    //   filter matches (substrings of 3+ characters, ignoring case), kept
    //   in step by triggers, so even rows written behind the store's back
    //   are found.
    sql(concat!(
        "ALTER TABLE cases ADD COLUMN policy_sha256 TEXT NOT NULL DEFAULT '';
         ALTER TABLE cases ADD COLUMN policy_version TEXT;
         ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
         ALTER TABLE cases ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
         UPDATE cases SET updated_by = agent;
         UPDATE cases SET rowid = CAST(day AS INTEGER) * 1000000 + seq
             WHERE length(day) = 8 AND day NOT GLOB '*[^0-9]*' AND seq BETWEEN 1 AND 999999;
         CREATE TABLE day_counters (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
         INSERT INTO day_counters (day, last) SELECT day, MAX(seq) FROM cases GROUP BY day;
         CREATE TABLE case_count (one INTEGER PRIMARY KEY CHECK (one = 1), cases INTEGER NOT NULL);
         INSERT INTO case_count (one, cases) SELECT 1, COUNT(*) FROM cases;
         CREATE TRIGGER cases_counted AFTER INSERT ON cases
             BEGIN UPDATE case_count SET cases = cases + 1; END;
         CREATE TRIGGER cases_uncounted AFTER DELETE ON cases
             BEGIN UPDATE case_count SET cases = cases - 1; END;
         CREATE VIRTUAL TABLE cases_fts USING fts5(words, tokenize = 'trigram', columnsize = 0);
         INSERT INTO cases_fts (rowid, words) SELECT rowid, ",
        search_words!(""),
        " FROM cases;
         CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, ",
        search_words!("new."),
        "); END;
         CREATE TRIGGER cases_fts_update AFTER UPDATE ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, ",
        search_words!("new."),
        "); END;
         CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
         END;"
    )),
    // 5: the claim's life after the call (issue 15).
    // - The customer's contact (optional) on the case.
    // - The derived status, next action, due date and closing day
    //   (`case::timeline::standing`), kept by the store on every write;
    //   filled here for the cases already saved (they have no events).
    // - `case_events`: the append-only timeline, in recorded order.
    // - The search index gains the contact; its update trigger now fires
    //   only when a searched column changes (not on a status change).
    // - `cases_due`: the due queue as one range of a partial index.
    Migration {
        sql: "ALTER TABLE cases ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
              ALTER TABLE cases ADD COLUMN customer_phone TEXT NOT NULL DEFAULT '';
              ALTER TABLE cases ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
              ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
              ALTER TABLE cases ADD COLUMN next_action TEXT NOT NULL DEFAULT '';
              ALTER TABLE cases ADD COLUMN due_date TEXT;
              ALTER TABLE cases ADD COLUMN closed_on TEXT;
              CREATE TABLE case_events (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  case_id TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  date TEXT NOT NULL,
                  agent TEXT NOT NULL DEFAULT '',
                  note TEXT NOT NULL DEFAULT '',
                  recorded_at TEXT NOT NULL,
                  extra_json TEXT NOT NULL DEFAULT '{}'
              );
              CREATE INDEX case_events_by_case ON case_events (case_id, seq);
              DROP TRIGGER cases_fts_insert;
              DROP TRIGGER cases_fts_update;",
        then: Some(fill_standings_and_index),
    },
    // 6: one identity everywhere, and no ceiling on a day's cases (issue 21).
    // - `case_key`: the permanent key (`case::new_key`), unique; cases saved
    //   before it get the key of their id and creation time
    //   (`case::legacy_key`), the same an old export line of theirs gets.
    // - `imported_from`: the id a case had in the log it was imported
    //   from, when that id was taken here.
    // - Saved and recorded times become UTC (they were the agent's local
    //   time; a SQLite log is one machine's, so its zone is this one's:
    //   SQLite's `'utc'` modifier converts from it). Keys are derived
    //   first, from the times as they were written (and exported).
    // - The sort key (the rowid) becomes `day * 10_000_000_000 + number`:
    //   the old `day * 1_000_000 + number` clamped at 999,999 a day. The
    //   two ranges do not meet, so rows move without colliding; the
    //   full-text index, keyed by rowid, is built again.
    Migration {
        sql: "ALTER TABLE cases ADD COLUMN case_key TEXT;
              ALTER TABLE cases ADD COLUMN imported_from TEXT;",
        then: Some(keys_and_wide_sort_keys),
    },
    // 7: the history search reaches the timeline (issues 21, 22): event
    // notes, tracking and RMA numbers, and the status words ("resolved",
    // "waiting on vendor"). `timeline_words` (see `store::timeline_words`)
    // is written with the standing on every append, edit and import; the
    // full-text index gains it and the status, and its update trigger
    // fires on them too. Filled here for the cases with events.
    Migration {
        sql: "ALTER TABLE cases ADD COLUMN timeline_words TEXT NOT NULL DEFAULT '';
              DROP TRIGGER cases_fts_insert;
              DROP TRIGGER cases_fts_update;",
        then: Some(timeline_words_and_index),
    },
];

/// Migration 7's Rust: each case with events gets its timeline's words,
/// then the full-text index is built again with them and the status, and
/// its triggers made (after the fill, so it costs no trigger work).
fn timeline_words_and_index(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    {
        let mut ids = tx.prepare("SELECT DISTINCT case_id FROM case_events")?;
        let ids: Vec<String> = ids
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut write = tx.prepare("UPDATE cases SET timeline_words = ?2 WHERE id = ?1")?;
        for id in ids {
            let events = super::sqlite_timeline::read_events(tx, &id)?;
            write.execute(rusqlite::params![id, super::timeline_words(&events)])?;
        }
    }
    tx.execute_batch(&format!(
        "DELETE FROM cases_fts;
         INSERT INTO cases_fts (rowid, words) SELECT rowid, {all} FROM cases;
         CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, {insert}); END;
         CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, claim_date, vendor, issue,
             verdict, reference, reference_key, note, agent, customer_name, customer_phone,
             customer_email, status, timeline_words ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, {insert}); END;",
        all = search_words_with_timeline!(""),
        insert = search_words_with_timeline!("new."),
    ))
}

/// How far apart two days are in the sort key: a day's numbers run below
/// it (see [`sort_key`]).
pub const DAY_SPAN: i64 = 10_000_000_000;

/// A case's place in the log's order: its day (`YYYYMMDD`), then its
/// number, as one integer (the SQLite rowid, the PostgreSQL `sort_key`).
pub fn sort_key(day: &str, seq: i64) -> i64 {
    day.parse::<i64>().unwrap_or(0) * DAY_SPAN + seq.clamp(0, DAY_SPAN - 1)
}

/// Migration 6's Rust (see [`MIGRATIONS`]).
fn keys_and_wide_sort_keys(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    {
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
    }
    tx.execute_batch(&format!(
        "CREATE UNIQUE INDEX cases_case_key ON cases (case_key);
         UPDATE cases SET
             created_at = coalesce(strftime('%Y-%m-%dT%H:%M:%S', created_at, 'utc'), created_at),
             updated_at = coalesce(strftime('%Y-%m-%dT%H:%M:%S', updated_at, 'utc'), updated_at);
         UPDATE case_events SET recorded_at =
             coalesce(strftime('%Y-%m-%dT%H:%M:%S', recorded_at, 'utc'), recorded_at);
         UPDATE cases SET rowid = CAST(day AS INTEGER) * {DAY_SPAN} + seq
             WHERE length(day) = 8 AND day NOT GLOB '*[^0-9]*' AND seq >= 1;
         DELETE FROM cases_fts;
         INSERT INTO cases_fts (rowid, words) SELECT rowid, {words} FROM cases;",
        words = search_words_with_contact!(""),
    ))
}

/// The SQL a status list of active cases is written as, in the partial
/// index and in every query that must use it (SQLite matches the text).
pub(super) const ACTIVE: &str = "status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')";

/// Migration 5's Rust: each saved case's standing, then the triggers and
/// indexes (built after the fill, so it costs no index or trigger work).
fn fill_standings_and_index(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    {
        let mut rows = tx.prepare("SELECT rowid, claim_json, outcome_json FROM cases")?;
        let mut write = tx.prepare(
            "UPDATE cases SET status = ?2, next_action = ?3, due_date = ?4, closed_on = ?5
             WHERE rowid = ?1",
        )?;
        let mut cursor = rows.query([])?;
        while let Some(row) = cursor.next()? {
            let rowid: i64 = row.get(0)?;
            let (Ok(claim), Ok(outcome)) = (row.get::<_, String>(1), row.get::<_, String>(2))
            else {
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
    }
    tx.execute_batch(&format!(
        "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, {insert}); END;
         CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, claim_date, vendor, issue,
             verdict, reference, reference_key, note, agent, customer_name, customer_phone,
             customer_email ON cases BEGIN
             DELETE FROM cases_fts WHERE rowid = old.rowid;
             INSERT INTO cases_fts (rowid, words) VALUES (new.rowid, {insert}); END;
         CREATE INDEX cases_due ON cases (due_date) WHERE {ACTIVE};
         CREATE INDEX cases_due_by_agent ON cases (agent, due_date) WHERE {ACTIVE};
         CREATE INDEX cases_closed_on ON cases (closed_on) WHERE closed_on IS NOT NULL;",
        insert = search_words_with_contact!("new."),
    ))
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
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
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
