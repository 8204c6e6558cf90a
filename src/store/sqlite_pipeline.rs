//! Streaming the SQLite log with the rows' JSON parsed on a second
//! thread (`cases recheck`).
//!
//! A re-check of every case spends about a third of its time in SQLite
//! (stepping the query, copying pages) and another third parsing each
//! row's claim and outcome, before it decides anything.
//! [`Scan::stream_decoded`] steps the query on the calling thread and
//! copies each row's cells into a [`Batch`]; one decoder thread parses a
//! batch while the next is read. The visitor still runs on the calling
//! thread, in the scan's order, and is handed exactly what
//! [`Scan::stream`] would hand it: the decoding is the same code, reading
//! the copied cells as it reads a live row ([`Columns`]), and the rows of
//! a damaged page's salvage pass through the same pipe.
//!
//! Memory stays that of [`BATCHES`] batches of [`BATCH`] rows whatever
//! the log's size. A batch's bytes go back to the scan once decoded and
//! are filled again: the threads never free what the other allocated for
//! the copies (the allocator then locks between them, and a re-check
//! measured slower on two threads than on one).

use super::DamagedCase;
use super::Filter;
use super::sqlite_rows::{DECISION, read_decision};
use super::sqlite_salvage::{Scan, ScanRow};
use crate::case::CaseDecision;
use rusqlite::types::{FromSql, FromSqlError, Type, ValueRef};
use rusqlite::{Connection, Error, Row};
use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::sync::{Condvar, Mutex, PoisonError};

/// Rows handed to the decoder at a time.
const BATCH: usize = 256;
/// Batches read and not yet visited, at most.
const BATCHES: usize = 2;

/// What a row is decoded from: a live row, or its cells in a [`Batch`].
pub(super) trait Columns {
    fn value_ref(&self, i: usize) -> rusqlite::Result<ValueRef<'_>>;
    /// Column `i` as `T`, with the errors `Row::get` gives.
    fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T>;
}

impl Columns for Row<'_> {
    fn value_ref(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        self.get_ref(i)
    }

    fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        Row::get(self, i)
    }
}

/// One cell copied: text and blobs as a range of the batch's bytes.
#[derive(Clone, Copy)]
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(usize, usize),
    Blob(usize, usize),
}

/// Rows' first `width` cells, copied out of SQLite's page cache into one
/// buffer, kept from batch to batch.
struct Batch {
    width: usize,
    bytes: Vec<u8>,
    cells: Vec<Cell>,
    /// A row that could not be copied is the damaged case it is.
    rows: Vec<Option<DamagedCase>>,
}

impl Batch {
    fn new(width: usize) -> Batch {
        Batch {
            width,
            bytes: Vec::new(),
            cells: Vec::with_capacity(width * BATCH),
            rows: Vec::with_capacity(BATCH),
        }
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.cells.clear();
        self.rows.clear();
    }

    fn push(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        for i in 0..self.width {
            let mut bytes = |b: &[u8]| {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(b);
                (start, self.bytes.len())
            };
            let cell = match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Integer(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(t) => {
                    let (start, end) = bytes(t);
                    Cell::Text(start, end)
                }
                ValueRef::Blob(b) => {
                    let (start, end) = bytes(b);
                    Cell::Blob(start, end)
                }
            };
            self.cells.push(cell);
        }
        self.rows.push(None);
        Ok(())
    }

    /// The rows of `other` after this one's.
    fn append(&mut self, other: &Batch) {
        let offset = self.bytes.len();
        self.bytes.extend_from_slice(&other.bytes);
        self.cells
            .extend(other.cells.iter().map(|cell| match *cell {
                Cell::Text(start, end) => Cell::Text(start + offset, end + offset),
                Cell::Blob(start, end) => Cell::Blob(start + offset, end + offset),
                other => other,
            }));
        self.rows.extend(other.rows.iter().cloned());
    }

    fn push_damaged(&mut self, damaged: DamagedCase) {
        self.cells
            .extend(std::iter::repeat_n(Cell::Null, self.width));
        self.rows.push(Some(damaged));
    }

    fn row(&self, n: usize) -> RowCells<'_> {
        RowCells {
            cells: self
                .cells
                .get(n * self.width..(n + 1) * self.width)
                .unwrap_or_default(),
            bytes: &self.bytes,
        }
    }
}

/// One row of a [`Batch`].
pub(super) struct RowCells<'a> {
    cells: &'a [Cell],
    bytes: &'a [u8],
}

impl Columns for RowCells<'_> {
    fn value_ref(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        let range = |start: usize, end: usize| self.bytes.get(start..end).unwrap_or_default();
        Ok(
            match self.cells.get(i).ok_or(Error::InvalidColumnIndex(i))? {
                Cell::Null => ValueRef::Null,
                Cell::Integer(v) => ValueRef::Integer(*v),
                Cell::Real(v) => ValueRef::Real(*v),
                Cell::Text(start, end) => ValueRef::Text(range(*start, *end)),
                Cell::Blob(start, end) => ValueRef::Blob(range(*start, *end)),
            },
        )
    }

    // As `Row::get` maps a conversion's error (rusqlite's row.rs), the
    // column's name aside: no message of ours shows it.
    fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        let value = self.value_ref(i)?;
        T::column_result(value).map_err(|err| match err {
            FromSqlError::InvalidType => {
                Error::InvalidColumnType(i, String::new(), value.data_type())
            }
            FromSqlError::OutOfRange(v) => Error::IntegralValueOutOfRange(i, v),
            FromSqlError::Utf8Error(e) => Error::Utf8Error(i, e),
            FromSqlError::Other(e) => Error::FromSqlConversionFailure(i, value.data_type(), e),
            e @ FromSqlError::InvalidBlobSize { .. } => {
                Error::FromSqlConversionFailure(i, Type::Blob, Box::new(e))
            }
            // A variant added in a later rusqlite.
            e => Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)),
        })
    }
}

/// A row decoded: the value, or the damaged case it is; `Err` only for
/// a fault of the database itself.
type Decoded<U> = rusqlite::Result<Result<U, DamagedCase>>;

impl Scan<'_> {
    /// [`Scan::stream`] of rows read as `decode` reads them (a row's
    /// first `width` cells), each batch decoded on another thread while
    /// the next is read; `visit` runs here, in order. A fault `decode`
    /// returns ends the scan as it would have ended [`Scan::stream`]. On
    /// a single core, each row is decoded here as it is read.
    pub(super) fn stream_decoded<U: Send>(
        &self,
        width: usize,
        decode: &(dyn for<'r> Fn(&RowCells<'r>) -> Decoded<U> + Sync),
        visit: &mut dyn FnMut(Result<&U, DamagedCase>) -> ControlFlow<()>,
    ) -> rusqlite::Result<()> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.stream_decoded_on(cores > 1, width, decode, visit)
    }

    fn stream_decoded_on<U: Send>(
        &self,
        two_threads: bool,
        width: usize,
        decode: &(dyn for<'r> Fn(&RowCells<'r>) -> Decoded<U> + Sync),
        visit: &mut dyn FnMut(Result<&U, DamagedCase>) -> ControlFlow<()>,
    ) -> rusqlite::Result<()> {
        if !two_threads {
            let mut one = Batch::new(width);
            return self.stream(
                &mut |row| {
                    one.clear();
                    one.push(row)?;
                    decode(&one.row(0))
                },
                &mut |item| match item {
                    Ok(item) => visit(Ok(&item)),
                    Err(damaged) => visit(Err(damaged)),
                },
            );
        }
        // A batch goes to the decoder with the rows decoded from the one
        // before, visited: the decoder drops them, on the thread that
        // made them (and fills the same list again).
        let to_decoder = Queue::<(Batch, Vec<Decoded<U>>)>::default();
        let to_visitor = Queue::<(Batch, Vec<Decoded<U>>)>::default();
        let (taken, decoded) = (&to_decoder, &to_visitor);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                // However it ends, the scan's end then stops waiting.
                let _closes = Closes(decoded);
                while let Some((batch, mut rows)) = taken.pop() {
                    rows.clear();
                    rows.extend((0..batch.len()).map(|n| match batch.rows.get(n) {
                        Some(Some(damaged)) => Ok(Err(damaged.clone())),
                        _ => decode(&batch.row(n)),
                    }));
                    if !decoded.push((batch, rows)) {
                        return;
                    }
                }
            });
            let _closes = Closes(&to_decoder);
            let mut pipe = Pipe {
                to_decoder: &to_decoder,
                decoded: &to_visitor,
                visit,
                spare: Vec::new(),
                visited: Vec::new(),
                filling: Batch::new(width),
                in_flight: 0,
                stopped: false,
                failed: None,
            };
            // The plain query's rows are copied straight into the batch;
            // a salvage's, read a chunk at a time, one by one first.
            let scanned = self.stream_rows(
                &mut |row| {
                    let mut one = Batch::new(width);
                    one.push(row)?;
                    Ok(Ok(one))
                },
                &mut |row| {
                    match row {
                        ScanRow::Row(row) => pipe.filling.push(row)?,
                        ScanRow::Read(Ok(one)) => pipe.filling.append(&one),
                        ScanRow::Read(Err(damaged)) => pipe.filling.push_damaged(damaged),
                    }
                    Ok(pipe.after_row())
                },
            );
            // The rows read before the scan ended (or failed) are visited,
            // as `stream` would have visited them.
            pipe.finish();
            to_decoder.close();
            to_visitor.close();
            match pipe.failed.take() {
                Some(e) => Err(e),
                None => scanned,
            }
        })
    }
}

/// The scan's end of [`Scan::stream_decoded`]'s pipe.
struct Pipe<'v, 'q, U> {
    to_decoder: &'q Queue<(Batch, Vec<Decoded<U>>)>,
    decoded: &'q Queue<(Batch, Vec<Decoded<U>>)>,
    visit: &'v mut dyn FnMut(Result<&U, DamagedCase>) -> ControlFlow<()>,
    /// Batches decoded and visited, to be filled again.
    spare: Vec<Batch>,
    /// Rows decoded and visited, for the decoder to drop.
    visited: Vec<Vec<Decoded<U>>>,
    filling: Batch,
    /// Batches sent to the decoder and not yet visited.
    in_flight: usize,
    /// The visitor stopped the scan, or decoding failed.
    stopped: bool,
    failed: Option<Error>,
}

impl<U> Pipe<'_, '_, U> {
    /// After a row was added to the batch being filled: a full batch goes
    /// to the decoder (after the oldest in flight is visited, when
    /// [`BATCHES`] are).
    fn after_row(&mut self) -> ControlFlow<()> {
        if self.filling.len() == BATCH {
            self.send();
        }
        if self.stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    fn send(&mut self) {
        if self.in_flight == BATCHES {
            self.visit_next();
        }
        if self.stopped {
            return;
        }
        let next = self
            .spare
            .pop()
            .unwrap_or_else(|| Batch::new(self.filling.width));
        let full = std::mem::replace(&mut self.filling, next);
        // At most BATCHES batches are in the queues and the decoder's
        // hands together.
        let visited = self.visited.pop().unwrap_or_default();
        if !self.to_decoder.push((full, visited)) {
            self.stopped = true;
            return;
        }
        self.in_flight += 1;
    }

    /// The last batch sent, and every batch in flight visited.
    fn finish(&mut self) {
        if !self.stopped && self.filling.len() > 0 {
            self.send();
        }
        while !self.stopped && self.in_flight > 0 {
            self.visit_next();
        }
    }

    /// Waits for the oldest batch in flight and visits its rows.
    fn visit_next(&mut self) {
        let Some((mut batch, mut rows)) = self.decoded.pop() else {
            // The decoder is gone (it only ends once the batches do).
            self.stopped = true;
            return;
        };
        self.in_flight -= 1;
        for row in &mut rows {
            let next = match row {
                Ok(Ok(item)) => (self.visit)(Ok(item)),
                Ok(Err(damaged)) => (self.visit)(Err(damaged.clone())),
                Err(_) => {
                    let gone = Ok(Err(DamagedCase {
                        id: String::new(),
                        detail: String::new(),
                    }));
                    if let Err(e) = std::mem::replace(row, gone) {
                        self.failed = Some(e);
                    }
                    ControlFlow::Break(())
                }
            };
            if next.is_break() {
                self.stopped = true;
                break;
            }
        }
        batch.clear();
        self.spare.push(batch);
        self.visited.push(rows);
    }
}

/// A queue between the two threads. A thread waiting on it sleeps at
/// once, never spins: on a machine whose cores are busy with other work,
/// spinning (as `std::sync::mpsc` does before it sleeps) took the other
/// thread's turn and doubled a re-check's CPU time.
struct Queue<T> {
    state: Mutex<(VecDeque<T>, bool)>,
    ready: Condvar,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            state: Mutex::new((VecDeque::with_capacity(BATCHES + 1), false)),
            ready: Condvar::new(),
        }
    }
}

impl<T> Queue<T> {
    /// `false` (and `item` dropped) once the queue is closed.
    fn push(&self, item: T) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.1 {
            return false;
        }
        state.0.push_back(item);
        self.ready.notify_one();
        true
    }

    /// The oldest item, waiting for one; `None` once the queue is closed
    /// and empty.
    fn pop(&self) -> Option<T> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(item) = state.0.pop_front() {
                return Some(item);
            }
            if state.1 {
                return None;
            }
            state = self
                .ready
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
        self.ready.notify_all();
    }
}

/// Closes its queue when dropped.
struct Closes<'q, T>(&'q Queue<T>);

impl<T> Drop for Closes<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// What re-checking every case matching `filter` needs, oldest first
/// (`CaseStore::for_each_decision`).
pub(super) fn stream_decisions(
    conn: &Connection,
    filter: &Filter,
    visit: &mut dyn FnMut(Result<&CaseDecision, DamagedCase>) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    Scan::new(conn, DECISION, filter).stream_decoded(4, &|row| read_decision(row), visit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseRecord, new_key};
    use crate::rules::{ClaimInput, PolicySet};
    use crate::store::CaseStore;
    use crate::store::sqlite::SqliteStore;

    /// A log of `n` cases, some of whose rows hold what the store never
    /// writes; a connection to it.
    fn a_log(n: usize) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("tempdir");
        let policies = PolicySet::embedded().expect("policies");
        let input = ClaimInput::from_json(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22"}"#,
        )
        .expect("claim");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let outcome = crate::rules::decide(&policies, &input, day).expect("decided");
        let policy = policies.vendor("mitkco").expect("mitkco");
        let records: Vec<CaseRecord> = (0..n)
            .map(|_| {
                let mut record = CaseRecord::from_decision(&input, &outcome, policy);
                record.key = new_key();
                record
            })
            .collect();
        let mut store = SqliteStore::open_in(dir.path()).expect("log");
        let now = day.and_hms_opt(9, 0, 0).expect("time");
        store.save_many(&records, now).expect("saved");
        drop(store);
        let conn = Connection::open(dir.path().join("cases.sqlite3")).expect("open");
        conn.execute_batch(
            "UPDATE cases SET claim_json = '{\"vendor\": ' WHERE rowid % 97 = 3;
             UPDATE cases SET outcome_json = '{\"verdict\":\"eligible\"}' WHERE rowid % 89 = 5;
             UPDATE cases SET outcome_json = X'7b7d' WHERE rowid % 83 = 7;
             UPDATE cases SET claim_json = CAST(X'7bff7d' AS TEXT) WHERE rowid % 79 = 11;
             UPDATE cases SET id = CAST(X'ff' AS TEXT) || rowid, claim_json = 7 WHERE rowid % 211 = 13;",
        )
        .expect("damaged");
        (dir, conn)
    }

    /// Every row, or the first `stop`, as the plain stream hands them out.
    fn streamed(conn: &Connection, stop: usize, how: Option<bool>) -> Vec<Decoded<CaseDecision>> {
        let mut seen = Vec::new();
        let mut visit = |item: Result<&CaseDecision, DamagedCase>| {
            seen.push(Ok(item.cloned()));
            if seen.len() == stop {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let scan = Scan::new(conn, DECISION, &Filter::default());
        let done = match how {
            None => scan.stream(&mut |row| read_decision(row), &mut |item| match item {
                Ok(item) => visit(Ok(&item)),
                Err(damaged) => visit(Err(damaged)),
            }),
            Some(two) => scan.stream_decoded_on(two, 4, &|row| read_decision(row), &mut visit),
        };
        if let Err(e) = done {
            seen.push(Err(e));
        }
        seen
    }

    #[test]
    fn decoded_on_another_thread_every_row_is_what_the_plain_stream_hands_out() {
        let n = BATCH * BATCHES * 2 + 37;
        let (_dir, conn) = a_log(n);
        let plain = streamed(&conn, usize::MAX, None);
        assert_eq!(plain.len(), n);
        let damaged = plain.iter().filter(|r| matches!(r, Ok(Err(_)))).count();
        assert!(damaged > 20, "{damaged} damaged");
        assert!(
            plain
                .iter()
                .any(|r| matches!(r, Ok(Err(d)) if d.id.starts_with("(row "))),
            "a row whose id cannot be read is named by its row"
        );
        for two_threads in [true, false] {
            for stop in [
                1,
                5,
                BATCH - 1,
                BATCH,
                BATCH + 1,
                BATCH * BATCHES + 3,
                n - 1,
                usize::MAX,
            ] {
                let wanted = streamed(&conn, stop, None);
                let got = streamed(&conn, stop, Some(two_threads));
                assert_eq!(
                    format!("{got:?}"),
                    format!("{wanted:?}"),
                    "two threads: {two_threads}, stop after {stop}"
                );
            }
        }
    }
}
