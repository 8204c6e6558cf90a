//! The history search's trigram index (`cases_fts`) and the case count
//! (`case_count`) for newly inserted cases, filled once per write batch.
//!
//! Per-row insert triggers did this until schema 8; they made every
//! INSERT a statement transaction, and FTS5 writes its pending terms out
//! at each statement savepoint, so a bulk save wrote (and later merged)
//! one index segment per case. Filled here in one statement at the end of
//! the batch, the index gets one segment per batch. Updates and deletes
//! still keep the index and the count by trigger (one case at a time).

use super::columns::CaseRow;
use super::sqlite::{Op, sql_error};
use super::sqlite::{key_of, row_values};
use super::sqlite_edit::replace_decision;
use super::sqlite_grams::{Rows, note_rows};
use super::sqlite_rows::{COLUMNS, read_row};
use super::sqlite_timeline as timeline;
use super::{Imported, Incoming, StoreError, sort_key};
use crate::case::timeline::standing;
use crate::case::{case_id, split_id};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// What the search index holds for a case: the columns the history filter
/// matches, as the update trigger of migration 7 writes them (a test
/// holds the two together).
pub(super) const SEARCH_WORDS: &str = "id || ' ' || claim_date || ' ' || vendor || ' ' || issue \
     || ' ' || replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ') \
     || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent || ' ' \
     || customer_name || ' ' || customer_phone || ' ' || customer_email || ' ' \
     || replace(status, '_', ' ') || ' ' || timeline_words";

/// The page cache and checkpoint interval a connection writes with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tuning {
    /// `PRAGMA cache_size`, in KiB.
    cache_kib: i64,
    /// Write-ahead log written between checkpoints, in KiB (SQLite counts
    /// it in pages, which are 4 or 16 KiB by the log's age).
    checkpoint_kib: i64,
    /// How many segments of the trigram index one level gathers before
    /// they are merged (FTS5's `automerge`; its default is 4).
    fts_automerge: i64,
}

/// A bulk write's tuning. A batch of 5,000 cases touches about 40 MB of
/// pages, most of them leaves of the indexes whose keys come in no order
/// (case key, claim date, order number, due date): in SQLite's default
/// 2 MB cache they spill into the write-ahead log in the middle of the
/// transaction and are read back, and the default checkpoint (every
/// 1,000 pages) copies each batch into the file before the next one,
/// pages the next batch rewrites included. Memory stays bounded: the
/// cache is at most 64 MiB. Each batch adds a segment to the trigram
/// index; merging them 16 at a time instead of 4 rewrites the index less
/// often (a 200,000-case save 6.6 s -> 5.7 s, medians of three), and a
/// search at 1M cases still meets its budget (`cargo bench --bench
/// caselog`). The setting is kept in the log: later writes merge so too.
pub(super) const BULK: Tuning = Tuning {
    cache_kib: 64 * 1024,
    checkpoint_kib: 32 * 1024,
    fts_automerge: 16,
};

impl Tuning {
    /// Sets this tuning on `conn`. A pragma that fails changes only the
    /// speed, so the connection is left as it was.
    pub fn apply(self, conn: &Connection) {
        let _ = conn.pragma_update(None, "cache_size", -self.cache_kib);
        let page_kib = conn
            .pragma_query_value(None, "page_size", |r| r.get::<_, i64>(0))
            .map_or(4, |bytes| (bytes / 1024).max(1));
        let _ = conn.pragma_update(None, "wal_autocheckpoint", self.checkpoint_kib / page_kib);
        // A write of its own: while another claimdesk writes, it is
        // skipped (the busy wait is SQLite's own) and the job runs with
        // the log's setting.
        let _ = conn.execute(
            "INSERT INTO cases_fts (cases_fts, rank) VALUES ('automerge', ?1)",
            [self.fts_automerge],
        );
    }
}

/// The rows one write batch inserted, by rowid, to be indexed and counted
/// before it commits.
#[derive(Debug, Default)]
pub(super) struct NewRows {
    rowids: Vec<i64>,
    /// The highest number an import took on each day, for the day
    /// counters (see [`NewRows::raise`]).
    highest: HashMap<String, i64>,
}

impl NewRows {
    pub fn add(&mut self, rowid: i64) {
        self.rowids.push(rowid);
    }

    /// Notes that an imported case took number `seq` of `day`: the day's
    /// counter is raised past it before any number is minted, and at the
    /// end of the batch (one statement a day, not one a case).
    pub fn raise(&mut self, day: &str, seq: i64) {
        let highest = self.highest.entry(day.to_owned()).or_insert(seq);
        *highest = (*highest).max(seq);
    }

    /// Raises the day counters to the numbers imported so far.
    pub fn raise_counters(&mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut raise = tx.prepare_cached(
            "INSERT INTO day_counters (day, last) VALUES (?1, ?2)
             ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)",
        )?;
        for (day, seq) in self.highest.drain() {
            raise.execute(params![day, seq])?;
        }
        Ok(())
    }

    /// Indexes and counts the rows added: the last writes of the batch,
    /// so no later statement savepoint makes the index write out early.
    pub fn fill(mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        self.raise_counters(tx)?;
        if self.rowids.is_empty() {
            return Ok(());
        }
        let count = i64::try_from(self.rowids.len()).unwrap_or(i64::MAX);
        tx.prepare_cached("UPDATE case_count SET cases = cases + ?1")?
            .execute([count])?;
        let (first, last) = (self.rowids[0], self.rowids[self.rowids.len() - 1]);
        // A batch save's rows are one day's consecutive numbers: a range.
        let consecutive = self.rowids.windows(2).all(|pair| pair[1] == pair[0] + 1);
        if consecutive {
            tx.prepare_cached(&format!(
                "INSERT INTO cases_fts (rowid, words)
                 SELECT rowid, {SEARCH_WORDS} FROM cases WHERE rowid BETWEEN ?1 AND ?2"
            ))?
            .execute([first, last])?;
        } else {
            let list = serde_json::to_string(&self.rowids)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            tx.prepare_cached(&format!(
                "INSERT INTO cases_fts (rowid, words)
                 SELECT rowid, {SEARCH_WORDS} FROM cases
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            ))?
            .execute([list])?;
        }
        // The history filter's short-word summaries read the words just
        // indexed.
        note_rows(tx, Rows::SortKeys(&self.rowids))
    }
}

/// Imports one case inside `tx` (see [`CaseStore::import`]).
/// An incoming case's key, and its row's values as it would be added
/// under the id it has (most are): made ahead of [`import_one`], on
/// another thread (see `made_ahead`). `None` when its id is no case id.
pub(super) struct PreparedImport {
    key: String,
    values: Option<Vec<rusqlite::types::Value>>,
    /// The timeline's rows, for a case added.
    events: Vec<timeline::EventRow>,
}

pub(super) fn prepare_import(incoming: &Incoming) -> PreparedImport {
    let c = &incoming.case;
    let key = key_of(&c.record);
    let values = split_id(&c.id).map(|(day, seq)| {
        import_values(
            incoming,
            day,
            seq,
            &c.id,
            key.clone(),
            c.record.imported_from.clone(),
        )
    });
    let events = incoming.events.iter().map(timeline::EventRow::of).collect();
    PreparedImport {
        key,
        values,
        events,
    }
}

/// The row of `incoming` saved as `id` (number `seq` of `day`), with its
/// timeline's search words (the row's standing is already the
/// timeline's), so the row is whole before the batch indexes it.
fn import_values(
    incoming: &Incoming,
    day: &str,
    seq: i64,
    id: &str,
    key: String,
    imported_from: Option<String>,
) -> Vec<rusqlite::types::Value> {
    let c = &incoming.case;
    let row = CaseRow {
        record: &c.record,
        day,
        seq,
        id: id.to_owned(),
        created: c.created_at,
        updated: c.updated_at,
        version: c.version,
        updated_by: &c.updated_by,
        standing: standing(&c.record, &incoming.events),
        key,
        imported_from,
    };
    let mut values = row_values(&row, &mut None);
    values.push(rusqlite::types::Value::Text(super::timeline_words(
        &incoming.events,
    )));
    values
}

pub(super) fn import_one(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    incoming: &Incoming,
    prepared: &PreparedImport,
    done: &mut Imported,
    new_rows: &mut NewRows,
) -> Result<(), StoreError> {
    let err = |e| sql_error(path, Op::Write, e);
    let c = &incoming.case;
    let case = &c.record;
    let key = &prepared.key;
    // Most cases are new here and keep their id: the INSERT itself finds
    // out whether the case or its id is already here (the lookups its
    // unique indexes make anyway), so a new case costs no SELECT first.
    let added = match &prepared.values {
        Some(values) => {
            tx.prepare_cached(&INSERT_UNLESS_HERE)
                .map_err(err)?
                .execute(rusqlite::params_from_iter(values.iter()))
                .map_err(err)?
                == 1
        }
        None => false,
    };
    let split = split_id(&c.id);
    if let (true, Some((day, seq))) = (added, split) {
        write_added(tx, &c.id, day, seq, &prepared.events, new_rows).map_err(err)?;
        done.added += 1;
        return Ok(());
    }
    let here: Option<String> = tx
        .prepare_cached("SELECT id FROM cases WHERE case_key = ?1")
        .map_err(err)?
        .query_row([key], |r| r.get(0))
        .optional()
        .map_err(err)?;
    if let Some(id) = here {
        // The same case: the events this log lacks, in their order.
        let mine = timeline::read_events(tx, &id).map_err(err)?;
        let mut added = 0;
        for event in &incoming.events {
            if !mine.contains(event) {
                timeline::insert_event(tx, &id, event).map_err(err)?;
                added += 1;
            }
        }
        if added > 0 {
            let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = ?1");
            let mut record = match tx.query_row(&sql, [&id], read_row).map_err(err)? {
                Ok(case) => case.record,
                Err(case) => {
                    return Err(StoreError::Damaged {
                        path: path.to_path_buf(),
                        case,
                    });
                }
            };
            let events = timeline::read_events(tx, &id).map_err(err)?;
            // The decision follows the merged timeline (property 7).
            if let Some(newer) = super::merged_decision(&record, &mine, case, &events) {
                replace_decision(tx, path, &id, None, &newer, &c.updated_by, c.updated_at)?;
                record = newer;
            }
            timeline::write_standing(tx, &id, &record, &events).map_err(err)?;
            note_rows(tx, Rows::Id(&id)).map_err(err)?;
        }
        done.merged += 1;
        done.events_added += added;
        return Ok(());
    }
    let Some((day, _)) = split else {
        return Err(StoreError::Other {
            path: path.to_path_buf(),
            detail: format!(
                "cannot import \"{}\": not a case id",
                crate::text::shown(&c.id, 40)
            ),
        });
    };
    // Not added, and not here by its key: another case has its id. It
    // takes the next free one of the day, past every id this batch has
    // imported so far.
    new_rows.raise_counters(tx).map_err(err)?;
    let mut mint = tx
        .prepare_cached(
            "INSERT INTO day_counters (day, last) VALUES (?1, 1)
             ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .map_err(err)?;
    let mut taken = tx
        .prepare_cached("SELECT 1 FROM cases WHERE id = ?1")
        .map_err(err)?;
    let (id, seq) = loop {
        let seq: i64 = mint.query_row([day], |row| row.get(0)).map_err(err)?;
        let id = case_id(day, seq);
        if !taken.exists([&id]).map_err(err)? {
            break (id, seq);
        }
    };
    let values = import_values(incoming, day, seq, &id, key.clone(), Some(c.id.clone()));
    // A plain INSERT: any conflict now is an error, never a case
    // left out.
    tx.prepare_cached(&INSERT_WITH_WORDS)
        .map_err(err)?
        .execute(rusqlite::params_from_iter(values))
        .map_err(err)?;
    write_added(tx, &id, day, seq, &prepared.events, new_rows).map_err(err)?;
    done.renumbered += 1;
    Ok(())
}

/// The rest of adding case `id` (number `seq` of `day`), whose row is
/// inserted: its timeline, and its place in the batch's search index and
/// day counter (later ids of that day come after it).
fn write_added(
    tx: &Transaction<'_>,
    id: &str,
    day: &str,
    seq: i64,
    events: &[timeline::EventRow],
    new_rows: &mut NewRows,
) -> rusqlite::Result<()> {
    new_rows.add(sort_key(day, seq));
    for event in events {
        timeline::insert_event_row(tx, id, event)?;
    }
    new_rows.raise(day, seq);
    Ok(())
}

/// The case INSERT with the timeline's search words (an import brings the
/// case's timeline with it; a new case has none yet).
static INSERT_WITH_WORDS: LazyLock<String> =
    LazyLock::new(|| super::sqlite::insert_sql(&["timeline_words"]));

/// [`INSERT_WITH_WORDS`] that adds nothing when the case (its key) or
/// its id is already here; a value the table refuses is still an error.
static INSERT_UNLESS_HERE: LazyLock<String> =
    LazyLock::new(|| format!("{} ON CONFLICT DO NOTHING", *INSERT_WITH_WORDS));

#[cfg(test)]
mod tests {
    use super::*;

    /// A bulk write's tuning takes hold, its checkpoint interval counted
    /// in the log's own pages (4 KiB in logs made before 16 KiB pages).
    #[test]
    fn the_bulk_tuning_takes_hold_whatever_the_page_size() {
        for page_kib in [4, 16] {
            let dir = tempfile::tempdir().expect("dir");
            let conn = Connection::open(dir.path().join("t.sqlite3")).expect("open");
            conn.pragma_update(None, "page_size", page_kib * 1024)
                .expect("page size");
            conn.pragma_update(None, "journal_mode", "WAL")
                .expect("wal");
            let read = |name: &str| -> i64 {
                conn.pragma_query_value(None, name, |r| r.get(0))
                    .expect(name)
            };
            assert_eq!(read("page_size"), page_kib * 1024);
            assert_ne!(read("cache_size"), -BULK.cache_kib);
            BULK.apply(&conn);
            assert_eq!(read("cache_size"), -BULK.cache_kib);
            assert_eq!(
                read("wal_autocheckpoint") * page_kib,
                BULK.checkpoint_kib,
                "{page_kib} KiB pages"
            );
        }
    }

    /// A bulk write sets the trigram index's merge width in the log.
    #[test]
    fn the_bulk_tuning_sets_the_index_merge_width() {
        let dir = tempfile::tempdir().expect("dir");
        let log = crate::store::SqliteStore::open_in(dir.path()).expect("log");
        let conn = Connection::open(log.path()).expect("open");
        let width = || -> Option<i64> {
            conn.query_row(
                "SELECT v FROM cases_fts_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .optional()
            .expect("config")
        };
        assert_eq!(width(), None, "FTS5's default until a bulk write");
        BULK.apply(&conn);
        assert_eq!(width(), Some(BULK.fts_automerge));
    }

    /// The words a batch indexes are the words the update trigger indexes
    /// when one of those columns changes.
    #[test]
    fn the_batch_indexes_what_the_update_trigger_does() {
        let dir = tempfile::tempdir().expect("dir");
        let log = crate::store::SqliteStore::open_in(dir.path()).expect("log");
        let conn = rusqlite::Connection::open(log.path()).expect("open");
        let trigger: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'cases_fts_update'",
                [],
                |r| r.get(0),
            )
            .expect("the update trigger");
        let words = trigger
            .split_once("VALUES (new.rowid, ")
            .and_then(|(_, rest)| rest.rsplit_once("); END"))
            .map(|(words, _)| words.replace("new.", ""))
            .expect("the trigger's words");
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squeeze(&words), squeeze(SEARCH_WORDS));
    }
}
