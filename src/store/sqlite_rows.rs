//! Reading the SQLite log's rows: the select lists, a row as a case (or
//! as the [`DamagedCase`] it is when a column holds what the store never
//! writes), and a page of a search, read around a damaged page of the
//! file when the plain query meets one (`sqlite_salvage`).

use super::columns::{
    BRIEF_READ, CASE_READ, DUE_READ, ReadRow, SORT_KEY, SelectList, brief_of, case_of, due_of,
    index_in, read_index, select_list, select_of,
};
use super::sqlite_grams as grams;
use super::sqlite_pipeline::Columns;
use super::sqlite_salvage as salvage;
use super::{Cursor, DamagedCase, DueCase, Page, Search, Streamed};
use crate::case::{Case, CaseBrief, CaseDecision, parse_timestamp};
use crate::rules::ClaimInput;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use std::ops::ControlFlow;
use std::sync::LazyLock;

/// `FROM ... WHERE ...` of a search (without order or limit), and its
/// values (see `sqlite_salvage::word_conditions`). A search by words
/// keeps the index's rows whose case is gone (`c.id` NULL: a damaged
/// page of the table), so that they are named, not silently missed.
pub(super) fn search_sql(
    search: &Search,
    with_cursor: bool,
) -> (String, Vec<rusqlite::types::Value>, &'static str) {
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    let mut sql = String::new();
    let key = if salvage::word_conditions(&search.words, &mut sql, &mut values) {
        let mut filter = String::new();
        salvage::conditions(&search.filter, &mut filter, &mut values);
        sql = format!(
            "FROM cases_fts f LEFT JOIN cases c ON c.rowid = f.rowid WHERE 1 = 1{sql} \
             AND (c.rowid IS NULL OR (1 = 1{filter}))"
        );
        "f.rowid"
    } else {
        sql = "FROM cases c WHERE 1 = 1".to_owned();
        salvage::conditions(&search.filter, &mut sql, &mut values);
        "c.rowid"
    };
    if let (true, Some(Cursor(after))) = (with_cursor, search.after) {
        values.push(after.into());
        let op = if search.oldest_first { ">" } else { "<" };
        sql.push_str(&format!(" AND {key} {op} ?{}", values.len()));
    }
    (sql, values, key)
}

/// A search's scan around damaged pages (see `sqlite_salvage`).
pub(super) fn scan<'a>(
    conn: &'a Connection,
    columns: &'a str,
    search: &Search,
) -> salvage::Scan<'a> {
    let mut scan = salvage::Scan::new(conn, columns, &search.filter);
    scan.words = search.words.clone();
    scan.newest_first = !search.oldest_first;
    scan
}

/// A page of a search read around damaged pages: the rows that cannot
/// be read count towards the limit, named among `damaged`.
pub(super) fn page_salvaged(conn: &Connection, search: &Search) -> rusqlite::Result<Page> {
    let mut page = Page::default();
    let mut rows_read = 0;
    if search.limit == 0 {
        return Ok(page);
    }
    scan(conn, BRIEF.as_str(), search).salvage(
        search.after.map(|c| c.0),
        &mut |row| Ok(read_brief(row)?.1),
        &mut |key, brief| {
            rows_read += 1;
            match brief {
                Ok(b) => page.cases.push(b),
                Err(d) => page.damaged.push(d),
            }
            if rows_read < search.limit {
                return ControlFlow::Continue(());
            }
            page.next = Some(Cursor(key));
            ControlFlow::Break(())
        },
    )?;
    Ok(page)
}

/// The sort-key ranges a search reads, in its page order: one (every
/// key) unless a short word narrows it to some blocks of the log (see
/// `sqlite_grams`); those past `after` only.
fn key_ranges(
    conn: &Connection,
    search: &Search,
    after: Option<Cursor>,
) -> rusqlite::Result<Vec<Option<(i64, i64)>>> {
    let Some(ranges) = grams::ranges(conn, &search.words, search.oldest_first)? else {
        return Ok(vec![None]);
    };
    let past = |&(lo, hi): &(i64, i64)| match after {
        Some(Cursor(after)) if search.oldest_first => hi > after,
        Some(Cursor(after)) => lo < after,
        None => true,
    };
    Ok(ranges.into_iter().filter(past).map(Some).collect())
}

/// ` AND key BETWEEN ?n AND ?n+1` for a range of [`key_ranges`], its
/// values pushed.
fn within(
    key: &str,
    range: Option<(i64, i64)>,
    values: &mut Vec<rusqlite::types::Value>,
) -> String {
    let Some((lo, hi)) = range else {
        return String::new();
    };
    values.extend([lo.into(), hi.into()]);
    format!(
        " AND {key} BETWEEN ?{} AND ?{}",
        values.len() - 1,
        values.len()
    )
}

/// Runs `read` inside one read transaction (when none is open), so the
/// queries of one page or count see one state of the log.
fn in_one_read<T>(
    conn: &Connection,
    read: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let tx = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let value = read()?;
    if let Some(tx) = tx {
        tx.commit()?;
    }
    Ok(value)
}

/// How many cases match a search, up to `cap` (see `CaseStore::count`),
/// the plain query.
pub(super) fn count(conn: &Connection, search: &Search, cap: u64) -> rusqlite::Result<u64> {
    let (from, values, key) = search_sql(search, false);
    in_one_read(conn, || {
        let mut n = 0;
        for range in key_ranges(conn, search, None)? {
            let mut values = values.clone();
            let within = within(key, range, &mut values);
            values.push(((cap - n).min(i64::MAX as u64) as i64).into());
            let sql = format!(
                "SELECT count(*) FROM (SELECT 1 {from}{within} LIMIT ?{})",
                values.len()
            );
            n += conn
                .prepare_cached(&sql)?
                .query_row(rusqlite::params_from_iter(values.iter()), |r| {
                    r.get::<_, i64>(0)
                })?
                .max(0) as u64;
            if n >= cap {
                break;
            }
        }
        Ok(n)
    })
}

/// One page of a search, the plain query (see `CaseStore::search`).
pub(super) fn page(conn: &Connection, search: &Search) -> rusqlite::Result<Page> {
    let (from, values, key) = search_sql(search, true);
    let order = if search.oldest_first { "ASC" } else { "DESC" };
    let mut page = Page::default();
    let mut last = None;
    let mut rows_read = 0;
    in_one_read(conn, || {
        for range in key_ranges(conn, search, search.after)? {
            if rows_read >= search.limit {
                break;
            }
            let mut values = values.clone();
            let within = within(key, range, &mut values);
            values.push(((search.limit - rows_read) as i64).into());
            let sql = format!(
                "SELECT {BRIEF}, {key} {from}{within} ORDER BY {key} {order} LIMIT ?{}",
                values.len()
            );
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map(rusqlite::params_from_iter(values.iter()), |row| {
                // After the brief and its two JSON checks.
                let key: i64 = row.get(BRIEF_READ.len() + 2)?;
                if row.get_ref(0)? == rusqlite::types::ValueRef::Null {
                    let id = salvage::id_of_key(key);
                    return Ok((key, Err(DamagedCase::on_damaged_page(&id))));
                }
                Ok((key, read_brief(row)?.1))
            })?;
            for row in rows {
                let (key, brief) = row?;
                if let Err(d) = &brief
                    && salvage::garbled(Some(key), &d.id)
                {
                    return Err(salvage::garbled_page());
                }
                last = Some(key);
                rows_read += 1;
                match brief {
                    Ok(b) => page.cases.push(b),
                    Err(d) => page.damaged.push(d),
                }
            }
        }
        Ok(())
    })?;
    if rows_read == search.limit {
        page.next = last.map(Cursor);
    }
    Ok(page)
}

/// What a whole case is read from (see `columns::CASE_READ`).
pub(super) static COLUMNS: SelectList = SelectList(LazyLock::new(|| select_list("rowid")));

/// What a re-check reads of a case (see [`read_decision`]).
pub(super) const DECISION: &str = "c.id, c.claim_json, c.outcome_json, c.rowid";

/// A row of [`DECISION`] (live, or its cells as copied for the decoding
/// thread) as what a re-check needs, or as a [`DamagedCase`] when a
/// column holds what the store never writes.
pub(super) fn read_decision(
    row: &impl Columns,
) -> rusqlite::Result<Result<CaseDecision, DamagedCase>> {
    let read = || -> rusqlite::Result<CaseDecision> {
        let text = |i: usize| row.value_ref(i)?.as_str().map_err(|e| conversion(i, e));
        let claim_value: serde_json::Value =
            serde_json::from_str(text(1)?).map_err(|e| conversion(1, e))?;
        Ok(CaseDecision {
            id: text(0)?.to_owned(),
            claim: ClaimInput::from_value(&claim_value).map_err(|e| conversion(1, e))?,
            decided: serde_json::from_str(text(2)?).map_err(|e| conversion(2, e))?,
        })
    };
    let detail = match read() {
        Ok(c) => return Ok(Ok(c)),
        Err(rusqlite::Error::FromSqlConversionFailure(i, _, e)) => format!(
            "{}: {}",
            if i == 1 { "claim_json" } else { "outcome_json" },
            crate::text::shown(&e.to_string(), 120)
        ),
        Err(rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::Utf8Error(..)) => {
            "a column holds what the store never writes".into()
        }
        Err(e) => return Err(e),
    };
    Ok(Err(DamagedCase {
        id: damaged_id(row, 0, 3)?,
        detail,
    }))
}

/// A row as a case, or as a [`DamagedCase`] when a column holds what the
/// store never writes. Only faults of the database itself are errors.
pub(super) fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Streamed> {
    let detail = match read_case(row) {
        Ok(case) => return Ok(Ok(case)),
        Err(e) => damage(CASE_READ, e)?,
    };
    Ok(Err(DamagedCase {
        id: damaged_id(row, read_index("id"), read_index(SORT_KEY))?,
        detail,
    }))
}

/// What a row of read list `list` holds that the store never writes,
/// by column; `Err` for a fault of the database itself.
fn damage(list: &[&str], e: rusqlite::Error) -> rusqlite::Result<String> {
    let column = |i: usize| list.get(i).copied().unwrap_or("?");
    match e {
        rusqlite::Error::FromSqlConversionFailure(i, _, e) => Ok(format!(
            "{}: {}",
            column(i),
            crate::text::shown(&e.to_string(), 120)
        )),
        rusqlite::Error::InvalidColumnType(i, _, found) => {
            Ok(format!("{}: holds {found}, not text", column(i)))
        }
        rusqlite::Error::Utf8Error(i, _) => Ok(format!("{}: not UTF-8 text", column(i))),
        e => Err(e),
    }
}

/// The id of a damaged row, shown safely, or its row number.
pub(super) fn damaged_id(row: &impl Columns, id: usize, rowid: usize) -> rusqlite::Result<String> {
    Ok(match row.get::<String>(id) {
        Ok(id) => crate::text::shown(&id, 40),
        Err(_) => format!("(row {})", row.get::<i64>(rowid)?),
    })
}

pub(super) fn conversion(
    i: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn read_case(row: &rusqlite::Row<'_>) -> rusqlite::Result<Case> {
    case_of(&Read {
        row,
        list: CASE_READ,
    })
}

/// A selected row of read list `list`, read by column name.
struct Read<'a, 'b> {
    row: &'a rusqlite::Row<'b>,
    list: &'static [&'static str],
}

impl Read<'_, '_> {
    fn index(&self, column: &str) -> usize {
        index_in(self.list, column)
    }
}

impl ReadRow for Read<'_, '_> {
    type Error = rusqlite::Error;

    fn text(&self, column: &str) -> rusqlite::Result<String> {
        self.row.get(self.index(column))
    }

    fn maybe_text(&self, column: &str) -> rusqlite::Result<Option<String>> {
        self.row.get(self.index(column))
    }

    fn int(&self, column: &str) -> rusqlite::Result<i64> {
        self.row.get(self.index(column))
    }

    fn time(&self, column: &str) -> rusqlite::Result<NaiveDateTime> {
        parse_timestamp(&self.text(column)?).map_err(|e| conversion(self.index(column), e))
    }

    fn maybe_date(&self, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
        self.maybe_text(column)?
            .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
            .transpose()
            .map_err(|e| conversion(self.index(column), e))
    }

    fn invalid(
        &self,
        column: &str,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> rusqlite::Error {
        conversion(self.index(column), e)
    }
}

/// What a line of the history is read from: [`BRIEF_READ`], then whether
/// both JSON columns parse and whether the claim's does (a page names a
/// damaged case as an export does).
pub(super) static BRIEF: SelectList = SelectList(LazyLock::new(|| {
    format!(
        "{}, json_valid(c.claim_json) AND json_valid(c.outcome_json), json_valid(c.claim_json)",
        select_of(BRIEF_READ, "rowid")
    )
}));

/// A row of a page: its sort key, and the case in one line (or why it
/// cannot be read: a page checks the JSON columns parse, so a damaged case
/// is named in a list as it is in an export).
pub(super) fn read_brief(
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<(i64, Result<CaseBrief, DamagedCase>)> {
    let (id, key) = (index_in(BRIEF_READ, "id"), index_in(BRIEF_READ, SORT_KEY));
    let sort_key: i64 = row.get(key)?;
    let json_ok: bool = row
        .get::<_, Option<bool>>(BRIEF_READ.len())?
        .unwrap_or(false);
    let detail = if json_ok {
        let read = Read {
            row,
            list: BRIEF_READ,
        };
        match brief_of(&read) {
            Ok(b) => return Ok((sort_key, Ok(b))),
            Err(e) => damage(BRIEF_READ, e)?,
        }
    } else if row
        .get::<_, Option<bool>>(BRIEF_READ.len() + 1)?
        .unwrap_or(false)
    {
        "outcome_json: not valid JSON".to_owned()
    } else {
        "claim_json: not valid JSON".to_owned()
    };
    Ok((
        sort_key,
        Err(DamagedCase {
            id: damaged_id(row, id, key)?,
            detail,
        }),
    ))
}

/// What a line of the due queue is read from ([`DUE_READ`]).
pub(super) static DUE: SelectList = SelectList(LazyLock::new(|| select_of(DUE_READ, "rowid")));

/// A row of [`DUE`] as a line of the due queue, or as the
/// [`DamagedCase`] it is when a column holds what the store never writes.
pub(super) fn read_due(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<DueCase, DamagedCase>> {
    let read = Read {
        row,
        list: DUE_READ,
    };
    let detail = match due_of(&read) {
        Ok(due) => return Ok(Ok(due)),
        Err(e) => damage(DUE_READ, e)?,
    };
    let id = match row.get::<_, String>(index_in(DUE_READ, "id")) {
        Ok(id) => crate::text::shown(&id, 40),
        Err(_) => "(a row of the due queue)".to_owned(),
    };
    Ok(Err(DamagedCase { id, detail }))
}
