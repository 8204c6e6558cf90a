//! The SQLite backend of [`CaseStore`](super::CaseStore): one file in the
//! data folder (rusqlite, bundled: nothing to install), 0600, WAL.
//!
//! A case row keeps the claim as the contract's JSON (with its claim
//! date), the outcome record as JSON, the policy reference, agent,
//! reference, note, timestamps and version, under an id such as
//! `C-20261121-0007` (the day's 7th, from `day_counters`). The row's
//! rowid is the id's sort key, and `cases_fts` (a trigram full-text index
//! kept by triggers) serves the history filter, `case_grams` its words of
//! 1 or 2 characters (`sqlite_grams.rs`, kept by each write here): they
//! let a page of a million-case log be read without sorting or scanning it.
//!
//! Text is stored as typed; whoever shows or exports it neutralises it.
//! Faults (corrupt, locked, unreadable, read-only) come back as a
//! [`StoreError`] whose `Display` is the one line an agent is shown; how
//! the file is created and opened is `open.rs`, rows read as cases
//! `sqlite_rows.rs`, and scans go on past a damaged page (`sqlite_salvage.rs`).

use super::columns::{self, CASE_COLUMNS, CaseRow, Value};
use super::sqlite_bulk::{self, NewRows};
use super::sqlite_edit::{current_version, replace_decision};
use super::sqlite_grams::{Rows, note_rows};
use super::sqlite_rows::{self, COLUMNS, page, page_salvaged, read_row, scan};
use super::sqlite_salvage as salvage;
use super::sqlite_timeline as timeline;
use super::{
    CaseStore, DamagedCase, DuePage, DueQuery, Filter, Imported, Incoming, Page, Purged, SavedMany,
    Search, StoreError, Streamed, WithEvents, open, reference_key, sort_key,
};
use crate::case::timeline::Event;
use crate::case::{
    Case, CaseDecision, CaseRecord, Contact, OutcomeRecord, PolicyRef, TIMESTAMP, case_id,
};
use crate::rules::ClaimInput;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The database file's name in the data folder.
pub const FILE_NAME: &str = "cases.sqlite3";

/// What a database call was doing, so a refusal says whether reading or
/// writing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Read,
    Write,
}

/// The older name of the SQLite store.
pub type CaseLog = SqliteStore;

/// How many cases one transaction of `save_many` or `import` holds at
/// most (see [`super::BULK_BATCH`]).
const BATCH: usize = super::BULK_BATCH;

/// An open SQLite case log.
pub struct SqliteStore {
    /// A bulk job's writes, sent to the disk as they grow. First, so it
    /// stops before the connection whose descriptor it uses closes.
    writeback: Option<super::writeback::Writeback>,
    conn: Connection,
    path: PathBuf,
    /// Why cases cannot be saved here, when they cannot.
    read_only: Option<String>,
    /// Whether the file was checked for damage before this store's first
    /// write (see [`SqliteStore::intact`]).
    checked: bool,
    /// Whether the connection has the bulk tuning (see [`SqliteStore::bulk`]).
    bulk_tuned: bool,
}

/// The largest log [`SqliteStore::intact`] reads whole before writing:
/// `PRAGMA quick_check` reads every page (about 50 ms for 5,000 cases,
/// a second for 100,000); a bigger log is not checked up front, and a
/// damaged page the write itself meets still refuses it.
const QUICK_CHECK_MAX: u64 = 512 * 1024 * 1024;

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl SqliteStore {
    /// Opens (creating if need be, readable by the user only) the case log
    /// in `data_dir`, and brings its schema up to date. A log whose file or
    /// folder cannot be written opens read-only: listing works, saving
    /// does not.
    pub fn open_in(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(&data_dir.join(FILE_NAME))
    }

    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        tracing::debug!(log = %path.display(), "opening the SQLite case log");
        let opened = open::open(path)?;
        Ok(SqliteStore {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: opened.read_only,
            checked: false,
            bulk_tuned: false,
            writeback: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `Err(ReadOnly)` when cases cannot be saved here.
    fn writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    fn err(&self, op: Op) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| sql_error(&self.path, op, e)
    }

    /// The readable cases matching `filter`, oldest first (tests and small
    /// logs; the front ends page or stream).
    pub fn list(&self, filter: &Filter) -> Result<Vec<Case>, StoreError> {
        let mut cases = Vec::new();
        self.for_each(filter, &mut |c| {
            if let Ok(c) = c {
                cases.push(c);
            }
            ControlFlow::Continue(())
        })?;
        Ok(cases)
    }

    /// Refuses to write into a damaged file (issue 21): a save into a log
    /// with a corrupt page would add to what a later read cannot serve.
    /// `PRAGMA quick_check` finds a damaged page before the first write
    /// (for a log up to [`QUICK_CHECK_MAX`]); the caller says "not saved"
    /// (or queues the case), never writes it into the damage.
    fn intact(&self) -> Result<(), StoreError> {
        let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if size > QUICK_CHECK_MAX {
            return Ok(());
        }
        quick_check(&self.conn, &self.path)
    }

    /// Runs `step` in one IMMEDIATE transaction; while another claimdesk
    /// holds the file (SQLite's own busy wait of `open::BUSY_TIMEOUT` ran
    /// out), waits and tries again, up to [`WRITE_PATIENCE`] in all: a
    /// batch waits its turn rather than stopping halfway.
    fn write<T>(
        &mut self,
        mut step: impl FnMut(&rusqlite::Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.writable()?;
        if !self.checked {
            self.intact()?;
            self.checked = true;
        }
        let path = self.path.clone();
        let started = std::time::Instant::now();
        loop {
            let attempt = (|| {
                let tx = self
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| sql_error(&path, Op::Write, e))?;
                let value = step(&tx, &path)?;
                tx.commit().map_err(|e| sql_error(&path, Op::Write, e))?;
                Ok(value)
            })();
            match attempt {
                Err(StoreError::Locked { .. }) if started.elapsed() < WRITE_PATIENCE => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// Runs a bulk write of `cases` cases. The first one sets the page
    /// cache and checkpoint interval of [`sqlite_bulk::BULK`] for the
    /// rest of this store's life, so each batch finds the pages the one
    /// before it left in the cache, and starts sending the log's writes
    /// to the disk as they grow (`writeback`). A bulk job's store
    /// lives as long as the job; the wizard saves one case at a time and
    /// never gets either.
    fn bulk<T>(
        &mut self,
        cases: usize,
        job: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if cases > 1 && !self.bulk_tuned {
            sqlite_bulk::BULK.apply(&self.conn);
            self.bulk_tuned = true;
            self.writeback = super::writeback::Writeback::start(&self.path);
        }
        job(self)
    }

    /// Imports `cases` a batch a transaction (see [`CaseStore::import`]).
    fn import_batches(&mut self, cases: &[Incoming]) -> Result<Imported, StoreError> {
        let mut done = Imported::default();
        for batch in cases.chunks(BATCH) {
            let counted = self.write(|tx, path| {
                let mut counted = Imported::default();
                let mut new_rows = NewRows::default();
                // Each row's values are made ahead, on a second thread.
                super::made_ahead::made_ahead(
                    batch.iter().collect(),
                    |incoming| (incoming, sqlite_bulk::prepare_import(incoming)),
                    &mut |(incoming, prepared): &mut (&Incoming, _)| {
                        sqlite_bulk::import_one(
                            tx,
                            path,
                            incoming,
                            prepared,
                            &mut counted,
                            &mut new_rows,
                        )
                    },
                )?;
                new_rows
                    .fill(tx)
                    .map_err(|e| sql_error(path, Op::Write, e))?;
                Ok(counted)
            })?;
            done.add(counted);
        }
        Ok(done)
    }

    /// Saves `records` in one transaction; a record whose key is already
    /// saved is counted, not saved again.
    fn save_batch(
        &mut self,
        records: &[CaseRecord],
        now: NaiveDateTime,
    ) -> Result<SavedMany, StoreError> {
        let day = now.date().format("%Y%m%d").to_string();
        self.write(|tx, path| {
            let err = |e| sql_error(path, Op::Write, e);
            // The day's last number: this transaction holds the write
            // lock, so no other writer numbers a case until it commits.
            let last: i64 = tx
                .prepare_cached("SELECT last FROM day_counters WHERE day = ?1")
                .map_err(err)?
                .query_row([&day], |row| row.get(0))
                .optional()
                .map_err(err)?
                .unwrap_or(0);
            let mut insert = tx.prepare_cached(&INSERT_UNLESS_SAVED).map_err(err)?;
            let mut saved_as = tx
                .prepare_cached("SELECT id FROM cases WHERE case_key = ?1")
                .map_err(err)?;
            let mut done = SavedMany {
                ids: Vec::with_capacity(records.len()),
                already: 0,
            };
            let mut new_rows = NewRows::default();
            let mut next = last + 1;
            // Each record's row is made as if every record before it were
            // new. The INSERT itself finds a case already saved (a rerun,
            // or a repeat earlier in the batch): it adds nothing, and the
            // records after it take the numbers one lower. New cases get
            // consecutive numbers, one range for the search index, and a
            // new case costs no lookup before its INSERT.
            let numbered: Vec<(i64, usize, String)> = (last + 1..)
                .zip(records.iter().map(key_of).enumerate())
                .map(|(seq, (at, key))| (seq, at, key))
                .collect();
            prepared_rows(records, numbered, &day, now, &mut |row| {
                let PreparedRow {
                    seq,
                    key,
                    values,
                    decided,
                } = row;
                if *seq != next {
                    renumber(values, &day, next);
                }
                if insert
                    .execute(rusqlite::params_from_iter(values.iter()))
                    .map_err(err)?
                    == 1
                {
                    let id = case_id(&day, next);
                    timeline::insert_event_row(tx, &id, decided).map_err(err)?;
                    new_rows.add(sort_key(&day, next));
                    done.ids.push(id);
                    next += 1;
                } else {
                    let id: String = saved_as
                        .query_row([key.as_str()], |r| r.get(0))
                        .map_err(err)?;
                    done.ids.push(id);
                    done.already += 1;
                }
                Ok(())
            })?;
            if next > last + 1 {
                new_rows.raise(&day, next - 1);
            }
            new_rows.fill(tx).map_err(err)?;
            Ok(done)
        })
    }
}

/// A new case's row as [`prepared_rows`] hands it over: the number it
/// was made with, its key, its values and its `decided` entry.
struct PreparedRow {
    seq: i64,
    key: String,
    values: Vec<rusqlite::types::Value>,
    decided: timeline::EventRow,
}

/// What writes a prepared row.
type InsertPrepared<'a> = dyn FnMut(&mut PreparedRow) -> Result<(), StoreError> + 'a;

/// Hands `insert` each of `numbered` (number, record's place in
/// `records`, case key) as a [`PreparedRow`], in order, made on a second
/// thread while `insert` writes the ones before (see `made_ahead`).
fn prepared_rows(
    records: &[CaseRecord],
    numbered: Vec<(i64, usize, String)>,
    day: &str,
    now: NaiveDateTime,
    insert: &mut InsertPrepared<'_>,
) -> Result<(), StoreError> {
    let mut stamp = None;
    let prepare = move |(seq, at, key): (i64, usize, String)| -> PreparedRow {
        let case: &CaseRecord = &records[at];
        let row = CaseRow::saved(case, day, seq, now, key.clone());
        PreparedRow {
            seq,
            key,
            values: row_values(&row, &mut stamp),
            decided: timeline::EventRow::of(&Event::decided(case, &case.agent, now)),
        }
    };
    super::made_ahead::made_ahead(numbered, prepare, insert)
}

/// Gives the row values [`row_values`] made the number `seq` of `day`:
/// the sort key, the id and the number (the map's first columns).
fn renumber(values: &mut [rusqlite::types::Value], day: &str, seq: i64) {
    use rusqlite::types::Value as Sql;
    debug_assert_eq!(
        CASE_COLUMNS
            .iter()
            .take(3)
            .map(|c| c.name)
            .collect::<Vec<_>>(),
        ["id", "day", "seq"]
    );
    values[0] = Sql::Integer(sort_key(day, seq));
    values[1] = Sql::Text(case_id(day, seq));
    values[3] = Sql::Integer(seq);
}

/// `PRAGMA quick_check` of the log: `Err(Corrupt)` naming the first
/// damage found.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found: String = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(|e| sql_error(path, Op::Write, e))?;
    if found.trim() == "ok" {
        return Ok(());
    }
    let first = found
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("***"))
        .unwrap_or("quick_check failed");
    Err(StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!(
            "a damaged page: {}; nothing was written to it (`cases export` saves what can \
             still be read)",
            crate::text::shown(first, 160)
        ),
    })
}

/// A case's INSERT, from the column map: the sort key (the rowid), then
/// [`CASE_COLUMNS`].
static INSERT: LazyLock<String> = LazyLock::new(|| insert_sql(&[]));

/// [`INSERT`] that adds nothing when a case with the same key is saved
/// (any other conflict, an id taken above all, is still an error).
static INSERT_UNLESS_SAVED: LazyLock<String> =
    LazyLock::new(|| format!("{} ON CONFLICT (case_key) DO NOTHING", *INSERT));

/// [`INSERT`] with `extra` columns after the map's.
pub(super) fn insert_sql(extra: &[&str]) -> String {
    let marks: Vec<String> = (1..=CASE_COLUMNS.len() + 1 + extra.len())
        .map(|n| format!("?{n}"))
        .collect();
    let extra: String = extra.iter().map(|c| format!(", {c}")).collect();
    format!(
        "INSERT INTO cases (rowid, {}{extra}) VALUES ({})",
        columns::names(""),
        marks.join(", ")
    )
}

/// A row's values as the INSERT binds them: the sort key, then the map's.
/// `stamp` keeps the last time written as text (a batch's cases share
/// one): formatting it for every case cost a bulk save 7%.
pub(super) fn row_values(
    row: &CaseRow<'_>,
    stamp: &mut Option<(NaiveDateTime, String)>,
) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value as Sql;
    let mut text_of = |t: NaiveDateTime| match stamp {
        Some((at, text)) if *at == t => text.clone(),
        _ => stamp.insert((t, timestamp(t))).1.clone(),
    };
    let mut values = Vec::with_capacity(CASE_COLUMNS.len() + 1);
    values.push(Sql::Integer(sort_key(row.day, row.seq)));
    values.extend(columns::values(row).into_iter().map(|v| match v {
        Value::Text(t) | Value::MaybeText(Some(t)) => Sql::Text(t),
        Value::MaybeText(None) | Value::MaybeDate(None) => Sql::Null,
        Value::Int(n) => Sql::Integer(n),
        Value::MaybeDate(Some(d)) => Sql::Text(d.to_string()),
        Value::Time(t) => Sql::Text(text_of(t)),
    }));
    values
}

/// How long a write waits, in all, for another claimdesk that holds the
/// file (a bulk save or import running at the same time).
pub(crate) const WRITE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);

/// The record's key, or a fresh one for a record made without (a
/// record always has one when made by `CaseRecord::from_decision`).
pub(crate) fn key_of(record: &CaseRecord) -> String {
    if record.key.is_empty() {
        crate::case::new_key()
    } else {
        record.key.clone()
    }
}

fn outcome_json(outcome: &OutcomeRecord) -> String {
    serde_json::to_string(outcome).unwrap_or_default()
}

impl CaseStore for SqliteStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    fn save(&mut self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        let mut saved = self.save_batch(std::slice::from_ref(record), now)?;
        Ok(saved.ids.pop().unwrap_or_default())
    }

    fn save_many(
        &mut self,
        records: &[CaseRecord],
        now: NaiveDateTime,
    ) -> Result<SavedMany, StoreError> {
        self.bulk(records.len(), |log| {
            let mut done = SavedMany {
                ids: Vec::with_capacity(records.len()),
                already: 0,
            };
            for batch in records.chunks(BATCH) {
                let saved = log.save_batch(batch, now)?;
                done.ids.extend(saved.ids);
                done.already += saved.already;
            }
            Ok(done)
        })
    }

    fn update(
        &mut self,
        id: &str,
        expected_version: i64,
        case: &CaseRecord,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let err = |e| sql_error(&path, Op::Write, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        // A new decision goes on the timeline; a changed note or contact
        // alone is no decision.
        let decided_before: Option<(String, String)> = tx
            .query_row(
                "SELECT outcome_json, policy_sha256 FROM cases WHERE id = ?1",
                [id.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        let version = replace_decision(&tx, &path, id, Some(expected_version), case, by, now)?;
        let redecided = decided_before.is_none_or(|(outcome, sha)| {
            outcome != outcome_json(&case.outcome) || sha != case.policy.sha256
        });
        if redecided {
            timeline::insert_event(&tx, id.trim(), &Event::decided(case, by, now)).map_err(err)?;
        }
        let events = timeline::read_events(&tx, id.trim()).map_err(err)?;
        timeline::write_standing(&tx, id.trim(), case, &events).map_err(err)?;
        note_rows(&tx, Rows::Id(id.trim())).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(version)
    }

    fn get(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = ?1");
        let found = match self.conn.query_row(&sql, [id.trim()], read_row).optional() {
            Err(e) if salvage::is_corrupt(&e) => Some(Err(DamagedCase::on_damaged_page(
                &crate::text::shown(id.trim(), 40),
            ))),
            found => found.map_err(self.err(Op::Read))?,
        };
        match found {
            Some(Err(case)) => Err(StoreError::Damaged {
                path: self.path.clone(),
                case,
            }),
            Some(Ok(case)) => Ok(Some(case)),
            None => Ok(None),
        }
    }

    fn search(&self, search: &Search) -> Result<Page, StoreError> {
        match page(&self.conn, search) {
            Err(e) if salvage::is_corrupt(&e) => page_salvaged(&self.conn, search),
            other => other,
        }
        .map_err(self.err(Op::Read))
    }

    fn count(&self, search: &Search, cap: u64) -> Result<u64, StoreError> {
        let err = self.err(Op::Read);
        if search.words.trim().is_empty() && search.filter == Filter::default() {
            return Ok(self.total()?.min(cap));
        }
        match sqlite_rows::count(&self.conn, search, cap) {
            // The readable cases that match, counted one by one.
            Err(e) if salvage::is_corrupt(&e) && cap > 0 => {
                let mut n = 0;
                scan(&self.conn, "1", search)
                    .salvage(None, &mut |_| Ok(Ok(())), &mut |_, row| {
                        n += u64::from(row.is_ok());
                        if n < cap {
                            ControlFlow::Continue(())
                        } else {
                            ControlFlow::Break(())
                        }
                    })
                    .map(|()| n)
            }
            other => other,
        }
        .map_err(err)
    }

    fn total(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT cases FROM case_count", [], |r| r.get::<_, i64>(0))
            .optional()
            .map(|n| n.unwrap_or(0).max(0) as u64)
            .map_err(self.err(Op::Read))
    }

    fn for_each(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Streamed) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        salvage::Scan::new(&self.conn, COLUMNS.as_str(), filter)
            .stream(&mut |row| read_row(row), visit)
            .map_err(self.err(Op::Read))
    }

    fn for_each_with_events(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(WithEvents) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let conn = &self.conn;
        salvage::Scan::new(conn, COLUMNS.as_str(), filter)
            .stream(
                &mut |row| {
                    let case = match read_row(row)? {
                        Ok(case) => case,
                        Err(damaged) => return Ok(Err(damaged)),
                    };
                    Ok(match timeline::read_events(conn, &case.id) {
                        Ok(events) => Ok((case, events)),
                        Err(e) if salvage::is_corrupt(&e) => {
                            Err(DamagedCase::timeline_on_damaged_page(&case.id))
                        }
                        Err(e) => return Err(e),
                    })
                },
                visit,
            )
            .map_err(self.err(Op::Read))
    }

    fn for_each_decision(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Result<&CaseDecision, DamagedCase>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        super::sqlite_pipeline::stream_decisions(&self.conn, filter, visit)
            .map_err(self.err(Op::Read))
    }

    fn with_reference(&self, reference: &str, limit: usize) -> Result<Vec<Case>, StoreError> {
        let key = reference_key(reference);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let err = self.err(Op::Read);
        let sql = format!(
            "SELECT {COLUMNS} FROM cases c WHERE c.reference_key = ?1 ORDER BY c.rowid DESC LIMIT ?2"
        );
        let mut statement = self.conn.prepare_cached(&sql).map_err(&err)?;
        let rows = statement
            .query_map(params![key, limit as i64], read_row)
            .map_err(&err)?;
        let mut cases = Vec::new();
        for row in rows {
            match row {
                Ok(Ok(case)) => cases.push(case),
                Ok(Err(_)) => {}
                Err(e) if salvage::is_corrupt(&e) && limit > 0 => {
                    // The readable ones, around the damage.
                    let search = Search {
                        filter: Filter {
                            reference: Some(reference.to_owned()),
                            ..Filter::default()
                        },
                        ..Search::default()
                    };
                    cases.clear();
                    scan(&self.conn, COLUMNS.as_str(), &search)
                        .salvage(None, &mut |row| read_row(row), &mut |_, case| {
                            cases.extend(case.ok());
                            if cases.len() < limit {
                                ControlFlow::Continue(())
                            } else {
                                ControlFlow::Break(())
                            }
                        })
                        .map_err(&err)?;
                    break;
                }
                Err(e) => return Err(err(e)),
            }
        }
        Ok(cases)
    }

    fn import(&mut self, cases: &[Incoming]) -> Result<Imported, StoreError> {
        self.bulk(cases.len(), |log| log.import_batches(cases))
    }

    fn append_event(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let err = |e| sql_error(&path, Op::Write, e);
        let id = id.trim();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let version = match redecided {
            Some(record) => {
                replace_decision(&tx, &path, id, expected_version, record, &event.agent, now)?
            }
            None => current_version(&tx, &path, id, expected_version)?,
        };
        timeline::insert_event(&tx, id, event).map_err(err)?;
        if let Some(record) = redecided {
            timeline::insert_event(&tx, id, &Event::decided(record, &event.agent, now))
                .map_err(err)?;
        }
        let record = match redecided {
            Some(r) => r.clone(),
            None => {
                let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = ?1");
                match tx.query_row(&sql, [id], read_row).map_err(err)? {
                    Ok(case) => case.record,
                    Err(case) => return Err(StoreError::Damaged { path, case }),
                }
            }
        };
        let events = timeline::read_events(&tx, id).map_err(err)?;
        timeline::write_standing(&tx, id, &record, &events).map_err(err)?;
        note_rows(&tx, Rows::Id(id)).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(version)
    }

    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        timeline::read_events(&self.conn, id.trim()).map_err(self.err(Op::Read))
    }

    fn saved_under(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT id FROM cases WHERE case_key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(self.err(Op::Read))
    }

    fn due(&self, query: &DueQuery) -> Result<DuePage, StoreError> {
        timeline::due(&self.conn, query).map_err(self.err(Op::Read))
    }

    fn purge(&mut self, before: NaiveDate, whole: bool) -> Result<Purged, StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let err = |e| sql_error(&path, Op::Write, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let purged = timeline::purge(&tx, before, whole).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(purged)
    }
}

/// A case record from its two JSON columns (migration 5 derives the
/// standing of cases saved before it); `None` when either is damaged.
pub(super) fn record_of_json(claim: &str, outcome: &str) -> Option<CaseRecord> {
    let claim: serde_json::Value = serde_json::from_str(claim).ok()?;
    let outcome: OutcomeRecord = serde_json::from_str(outcome).ok()?;
    Some(CaseRecord {
        reference: String::new(),
        claim: ClaimInput::from_value(&claim).ok()?,
        policy: PolicyRef::default(),
        agent: String::new(),
        note: String::new(),
        customer: Contact::default(),
        outcome,
        key: String::new(),
        imported_from: None,
    })
}

fn timestamp(at: NaiveDateTime) -> String {
    at.format(TIMESTAMP).to_string()
}

pub(crate) fn sql_error(path: &Path, op: Op, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path,
            reason: e.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => match op {
            Op::Read => StoreError::Unreadable {
                path,
                reason: e.to_string(),
            },
            Op::Write => StoreError::ReadOnly {
                path,
                reason: e.to_string(),
            },
        },
        _ => match e {
            rusqlite::Error::FromSqlConversionFailure(..) => StoreError::Corrupt {
                path,
                detail: e.to_string(),
            },
            _ => StoreError::Other {
                path,
                detail: e.to_string(),
            },
        },
    }
}
