//! Reading the SQLite log around a damaged page (issue 21): when SQLite
//! reports a corrupt page partway through a scan, the rest of the cases
//! are still read, and those that cannot be are named, never a reason to
//! hide the others.
//!
//! A scan runs its plain query first: an undamaged log costs nothing
//! more. When that fails with `SQLITE_CORRUPT`, the scan goes on from
//! the last case it handed out, led by keys read from an index alone (the
//! `(day, seq)` index for the whole log, the full-text index for a search
//! by words), which never reads the table's damaged page. A chunk of keys
//! is read as one rowid range of the table (`NOT INDEXED`, so no damaged
//! index is on the way either); the keys that range did not yield (it
//! failed, or skipped a row) are read one at a time, and a key whose row
//! cannot be read, or is gone though the index has it, is a
//! [`DamagedCase`] under the id its key stands for. Each key is handed
//! out once, in the scan's order.

use super::{DAY_SPAN, DamagedCase, Filter};
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row};
use std::collections::HashMap;
use std::ops::ControlFlow;

/// Keys read from an index at a time (and so the rows of one range read).
const CHUNK: i64 = 256;

/// Whether SQLite found a damaged page.
pub(super) fn is_corrupt(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt)
}

/// The id of the case whose sort key (its rowid) is `key`, for naming a
/// row that cannot be read: `C-<day>-<number>`, or `(row N)` for a key
/// no id gives.
pub(super) fn id_of_key(key: i64) -> String {
    let (day, seq) = (key.div_euclid(DAY_SPAN), key.rem_euclid(DAY_SPAN));
    // A day of the calendar as YYYYMMDD (1000-01-01 to 9999-12-31).
    if (10_000_101..=99_991_231).contains(&day) && seq > 0 {
        crate::case::case_id(&day.to_string(), seq)
    } else {
        format!("(row {key})")
    }
}

/// Whether a row SQLite still reads is a garbled cell, not a case: neither
/// its key nor its id is one the store writes. A page whose header reads
/// as sound while its cells' sizes and keys are garbage yields such rows
/// (and misses the cases they stood for); it is read as the damaged page
/// it is, so that the salvage names those cases from an index. (A row
/// whose key is sound but whose id is not is one damaged row: named as
/// it reads.)
pub(super) fn garbled(key: Option<i64>, id: &str) -> bool {
    let key_is_garbage = key.is_none_or(|key| id_of_key(key).starts_with('('));
    key_is_garbage && crate::case::split_id(id).is_none()
}

/// The error a scan that met a [`garbled`] row stops with, so that it
/// goes on around the damage as for any damaged page.
pub(super) fn garbled_page() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some("a row of the case log is garbled".into()),
    )
}

/// Appends `filter`'s conditions on `cases c` to `sql`, numbering their
/// values after those already in `values`.
pub(super) fn conditions(filter: &Filter, sql: &mut String, values: &mut Vec<Value>) {
    for (test, value) in filter.conditions() {
        values.push(value.into());
        sql.push_str(&format!(" AND {test} ?{}", values.len()));
    }
}

/// Appends the history search's words as conditions on `cases_fts f`:
/// words of 3+ characters go to the trigram index, shorter ones are
/// looked for in the indexed words of the rows it yields (a plain query
/// reads only the blocks `sqlite_grams::ranges` gives). `false` when
/// there are no words.
pub(super) fn word_conditions(words: &str, sql: &mut String, values: &mut Vec<Value>) -> bool {
    let words = super::sqlite_grams::search_words(words);
    let long: Vec<String> = words
        .iter()
        .filter(|w| !super::sqlite_grams::is_short(w))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if !long.is_empty() {
        values.push(long.join(" ").into());
        sql.push_str(&format!(" AND cases_fts MATCH ?{}", values.len()));
    }
    for short in words.iter().filter(|w| super::sqlite_grams::is_short(w)) {
        values.push(short.clone().into());
        sql.push_str(&format!(
            " AND instr(lower(f.words), ?{}) > 0",
            values.len()
        ));
    }
    !words.is_empty()
}

/// What a reader makes of a row: a value, a row that holds what the
/// store never writes, or a fault of the database.
pub(super) type Read<'r, U> = dyn FnMut(&Row<'_>) -> rusqlite::Result<Result<U, DamagedCase>> + 'r;

/// A row of [`Scan::stream_rows`]: as the plain query has it, or as a
/// salvage read it.
pub(super) enum ScanRow<'r, 's, U> {
    Row(&'r Row<'s>),
    Read(Result<U, DamagedCase>),
}

/// The rows a range read yielded, by key: `Some` for a matching row (or
/// one that holds what the store never writes), `None` for one the filter
/// leaves out.
type Found<U> = HashMap<i64, Option<Result<U, DamagedCase>>>;

/// One scan of the cases table: the select list a reader reads (its
/// columns numbered from 0), the filter's conditions and the order.
pub(super) struct Scan<'a> {
    pub conn: &'a Connection,
    pub columns: &'a str,
    /// The filter's conditions (` AND c.vendor = ?1 ...`) and values.
    pub filter: String,
    pub values: Vec<Value>,
    /// Only the cases whose search words match these (see
    /// [`word_conditions`]); empty: every case.
    pub words: String,
    pub newest_first: bool,
}

impl<'a> Scan<'a> {
    pub(super) fn new(conn: &'a Connection, columns: &'a str, filter: &Filter) -> Scan<'a> {
        let (mut sql, mut values) = (String::new(), Vec::new());
        conditions(filter, &mut sql, &mut values);
        Scan {
            conn,
            columns,
            filter: sql,
            values,
            words: String::new(),
            newest_first: false,
        }
    }

    /// Every matching case, oldest first: the plain query, and when it
    /// meets a damaged page, [`Scan::salvage`] from the last case handed
    /// out.
    pub(super) fn stream<U>(
        &self,
        read: &mut Read<'_, U>,
        visit: &mut dyn FnMut(Result<U, DamagedCase>) -> ControlFlow<()>,
    ) -> rusqlite::Result<()> {
        let mut after = None;
        let plain = self.plain(&mut after, &mut |row| {
            let item = read(row)?;
            Ok(visit(item))
        });
        match plain {
            Err(e) if is_corrupt(&e) => {
                tracing::warn!(error = %e, "a damaged page: reading the rest around it");
                self.salvage(after, read, &mut |_, item| visit(item))
            }
            other => other,
        }
    }

    /// Like [`Scan::stream`], but `each` takes the plain query's rows as
    /// they are ([`ScanRow::Row`]); only the rows of a salvage are
    /// `read` first ([`ScanRow::Read`]), since it reads a chunk of rows
    /// before it hands them out.
    pub(super) fn stream_rows<U>(
        &self,
        read: &mut Read<'_, U>,
        each: &mut dyn FnMut(ScanRow<'_, '_, U>) -> rusqlite::Result<ControlFlow<()>>,
    ) -> rusqlite::Result<()> {
        let mut after = None;
        match self.plain(&mut after, &mut |row| each(ScanRow::Row(row))) {
            Err(e) if is_corrupt(&e) => {
                tracing::warn!(error = %e, "a damaged page: reading the rest around it");
                let mut failed = None;
                self.salvage(after, read, &mut |_, item| {
                    each(ScanRow::Read(item)).unwrap_or_else(|e| {
                        failed = Some(e);
                        ControlFlow::Break(())
                    })
                })?;
                failed.map_or(Ok(()), Err)
            }
            other => other,
        }
    }

    /// The plain query: every matching row to `each`, in key order, until
    /// it says stop; `after` is the key of the last row `each` took.
    fn plain(
        &self,
        after: &mut Option<i64>,
        each: &mut dyn FnMut(&Row<'_>) -> rusqlite::Result<ControlFlow<()>>,
    ) -> rusqlite::Result<()> {
        let sql = format!(
            "SELECT {}, c.rowid, c.id FROM cases c WHERE 1 = 1{} ORDER BY c.rowid",
            self.columns, self.filter
        );
        let mut statement = self.conn.prepare(&sql)?;
        let key_at = statement.column_count() - 2;
        let mut rows = statement.query(rusqlite::params_from_iter(self.values.iter()))?;
        while let Some(row) = rows.next()? {
            let key: i64 = row.get(key_at)?;
            if garbled(
                Some(key),
                row.get_ref(key_at + 1)?.as_str().unwrap_or_default(),
            ) {
                return Err(garbled_page());
            }
            let next = each(row)?;
            *after = Some(key);
            if next.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// The matching cases past `after` (the sort key of the last one
    /// handed out; `None`: from the start) in the scan's order, each with
    /// its key, read around damaged pages: a row that cannot be read is
    /// handed out as a [`DamagedCase`] (whether it matches the filter
    /// cannot be known). Only a damaged index leading the scan, or a
    /// fault other than a damaged page, is an error.
    pub(super) fn salvage<U>(
        &self,
        after: Option<i64>,
        read: &mut Read<'_, U>,
        visit: &mut dyn FnMut(i64, Result<U, DamagedCase>) -> ControlFlow<()>,
    ) -> rusqlite::Result<()> {
        let n = self.values.len();
        let select = format!(
            "SELECT {}, c.rowid, (1 = 1{}) FROM cases c NOT INDEXED WHERE",
            self.columns, self.filter
        );
        let order = if self.newest_first { "DESC" } else { "ASC" };
        let range = format!(
            "{select} c.rowid BETWEEN ?{} AND ?{} ORDER BY c.rowid {order}",
            n + 1,
            n + 2
        );
        let one = format!("{select} c.rowid = ?{}", n + 1);
        let mut keys = Keys::new(self, after)?;
        // Keys strictly beyond the last handed out, so none twice.
        let mut last = after;
        let beyond = |key: i64, last: Option<i64>| {
            last.is_none_or(|l| if self.newest_first { key < l } else { key > l })
        };
        loop {
            let chunk: Vec<(i64, String)> = keys
                .next_chunk(self)?
                .into_iter()
                .filter(|(key, _)| beyond(*key, last))
                .collect();
            if keys.done && chunk.is_empty() {
                return Ok(());
            }
            let mut found = if keys.dense && !chunk.is_empty() {
                self.range(&range, &chunk, read)?
            } else {
                HashMap::new()
            };
            for (key, id) in chunk {
                if !beyond(key, last) {
                    continue;
                }
                let item = match found.remove(&key) {
                    Some(item) => item,
                    None => self.one(&one, key, &id, read)?,
                };
                last = Some(key);
                if let Some(item) = item
                    && visit(key, item).is_break()
                {
                    return Ok(());
                }
            }
        }
    }

    /// The rows of `chunk`'s keys as one range read. Keys the range did
    /// not yield (it met the damage, or skipped a row) are not in it.
    fn range<U>(
        &self,
        sql: &str,
        chunk: &[(i64, String)],
        read: &mut Read<'_, U>,
    ) -> rusqlite::Result<Found<U>> {
        let wanted: std::collections::HashSet<i64> = chunk.iter().map(|(k, _)| *k).collect();
        let (lo, hi) = chunk.iter().fold((i64::MAX, i64::MIN), |(lo, hi), (k, _)| {
            (lo.min(*k), hi.max(*k))
        });
        let mut found = HashMap::new();
        let mut values = self.values.clone();
        values.extend([Value::from(lo), Value::from(hi)]);
        let mut statement = self.conn.prepare_cached(sql)?;
        let at = statement.column_count() - 2;
        let result = (|| -> rusqlite::Result<()> {
            let mut rows = statement.query(rusqlite::params_from_iter(values.iter()))?;
            while let Some(row) = rows.next()? {
                let key: i64 = row.get(at)?;
                if !wanted.contains(&key) {
                    continue;
                }
                let item = if row.get::<_, Option<bool>>(at + 1)?.unwrap_or(false) {
                    Some(read(row)?)
                } else {
                    None
                };
                found.insert(key, item);
            }
            Ok(())
        })();
        match result {
            Err(e) if !is_corrupt(&e) => Err(e),
            _ => Ok(found),
        }
    }

    /// One row read alone: `Some` when it matches the filter, `None` when
    /// it does not, a [`DamagedCase`] when it cannot be read or is gone.
    fn one<U>(
        &self,
        sql: &str,
        key: i64,
        id: &str,
        read: &mut Read<'_, U>,
    ) -> rusqlite::Result<Option<Result<U, DamagedCase>>> {
        let mut values = self.values.clone();
        values.push(key.into());
        let mut statement = self.conn.prepare_cached(sql)?;
        let at = statement.column_count() - 1;
        let found = statement
            .query_row(rusqlite::params_from_iter(values.iter()), |row| {
                Ok(if row.get::<_, Option<bool>>(at)?.unwrap_or(false) {
                    Some(read(row)?)
                } else {
                    None
                })
            })
            .optional();
        match found {
            Ok(Some(item)) => Ok(item),
            Ok(None) => Ok(Some(Err(DamagedCase::on_damaged_page(id)))),
            Err(e) if is_corrupt(&e) => Ok(Some(Err(DamagedCase::on_damaged_page(id)))),
            Err(e) => Err(e),
        }
    }
}

/// Where the keys of a salvage come from, read from an index alone.
struct Keys {
    /// The indexes that give them, the one in use first: when it is
    /// damaged too, the next one goes on from the same place.
    sources: Vec<Source>,
    /// The words' values (a search by words).
    values: Vec<Value>,
    /// The position after the last chunk: its last key, and that key's
    /// `(day, seq)` as the index had it.
    key: Option<i64>,
    pair: Option<(Value, Value)>,
    /// Every row is a key (the whole log): a chunk is read as one range.
    dense: bool,
    done: bool,
}

/// One index's first chunk and next chunks (after a position): two
/// queries, so that each is one range of the index. Each row is the key
/// and the `(day, seq)` it stands for (NULLs when the index has no such).
struct Source {
    first: String,
    next: String,
    /// The position is a `(day, seq)` pair, not the key itself.
    by_pair: bool,
}

impl Keys {
    fn new(scan: &Scan<'_>, after: Option<i64>) -> rusqlite::Result<Keys> {
        let (cmp, order) = if scan.newest_first {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let mut values = Vec::new();
        let mut words = String::new();
        let dense = !word_conditions(&scan.words, &mut words, &mut values);
        // The full-text index has a row for every case, by its key.
        let text = |words: &str, n: usize| Source {
            first: format!(
                "SELECT f.rowid, NULL, NULL FROM cases_fts f WHERE 1 = 1{words}
                 ORDER BY f.rowid {order} LIMIT {CHUNK}"
            ),
            next: format!(
                "SELECT f.rowid, NULL, NULL FROM cases_fts f WHERE 1 = 1{words}
                 AND f.rowid {cmp} ?{} ORDER BY f.rowid {order} LIMIT {CHUNK}",
                n + 1
            ),
            by_pair: false,
        };
        let mut sources = Vec::new();
        if dense {
            // The `(day, seq)` index (UNIQUE since the schema's first
            // version) is in the keys' order; named, so SQLite reads
            // nothing else.
            let index: Option<String> = scan
                .conn
                .query_row(
                    "SELECT il.name FROM pragma_index_list('cases') il
                     WHERE (SELECT group_concat(ii.name, ',') FROM
                            (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno) ii)
                           = 'day,seq'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(index) = index {
                let select = format!(
                    "SELECT c.rowid, c.day, c.seq FROM cases c INDEXED BY \"{}\"",
                    index.replace('"', "\"\"")
                );
                let end = format!("ORDER BY c.day {order}, c.seq {order} LIMIT {CHUNK}");
                sources.push(Source {
                    first: format!("{select} {end}"),
                    next: format!("{select} WHERE (c.day, c.seq) {cmp} (?1, ?2) {end}"),
                    by_pair: true,
                });
            }
        }
        sources.push(text(&words, values.len()));
        Ok(Keys {
            sources,
            values,
            key: after,
            pair: after.map(|k| {
                (
                    format!("{:08}", k.div_euclid(DAY_SPAN)).into(),
                    k.rem_euclid(DAY_SPAN).into(),
                )
            }),
            dense,
            done: false,
        })
    }

    /// The next chunk of keys with the id each stands for; empty (and
    /// `done`) at the end.
    fn next_chunk(&mut self, scan: &Scan<'_>) -> rusqlite::Result<Vec<(i64, String)>> {
        if self.done {
            return Ok(Vec::new());
        }
        loop {
            let Some(source) = self.sources.first() else {
                return Ok(Vec::new());
            };
            let mut values = self.values.clone();
            let sql = match (&self.pair, self.key) {
                (Some((day, seq)), _) if source.by_pair => {
                    values.extend([day.clone(), seq.clone()]);
                    source.next.clone()
                }
                (_, Some(key)) if !source.by_pair => {
                    values.push(key.into());
                    source.next.clone()
                }
                _ => source.first.clone(),
            };
            match self.read(scan, &sql, &values) {
                Err(e) if is_corrupt(&e) && self.sources.len() > 1 => {
                    tracing::warn!(error = %e, "a damaged index: the next one leads");
                    self.sources.remove(0);
                }
                read => return read,
            }
        }
    }

    fn read(
        &mut self,
        scan: &Scan<'_>,
        sql: &str,
        values: &[Value],
    ) -> rusqlite::Result<Vec<(i64, String)>> {
        let mut statement = scan.conn.prepare_cached(sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Value>(1)?,
                r.get::<_, Value>(2)?,
            ))
        })?;
        let mut chunk = Vec::new();
        let mut at = None;
        for row in rows {
            let (key, day, seq) = row?;
            let id = match (&day, &seq) {
                (Value::Text(day), Value::Integer(seq)) => crate::case::case_id(day, *seq),
                _ => id_of_key(key),
            };
            chunk.push((key, crate::text::shown(&id, 40)));
            at = Some((key, day, seq));
        }
        // Moved on only once the whole chunk was read: a chunk the index
        // failed in is read again from the next index.
        if let Some((key, day, seq)) = at {
            self.key = Some(key);
            self.pair = Some((day, seq));
        }
        self.done = (chunk.len() as i64) < CHUNK;
        Ok(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_names_the_id_it_stands_for() {
        assert_eq!(
            id_of_key(super::super::sort_key("20261121", 7)),
            "C-20261121-0007"
        );
        assert_eq!(id_of_key(42), "(row 42)");
        assert_eq!(id_of_key(-5), "(row -5)");
    }
}
