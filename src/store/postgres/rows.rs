//! Reading the shared log's rows: the select lists, a row as a case or a
//! brief (or the damaged case it is), and a filter's conditions.

use super::*;
use crate::store::columns::{
    BRIEF_READ, CASE_READ, DUE_READ, ReadRow, SelectList, brief_of, case_of, due_of, index_in,
    read_index, select_list, select_of,
};

pub(super) fn refs(values: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// `text` with LIKE's wildcards and escape taken literally.
pub(super) fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Appends `filter`'s conditions ([`Filter::conditions`]) with `$N`
/// placeholders numbered after the values already in `values`.
pub(super) fn conditions(filter: &Filter, sql: &mut String, values: &mut Vec<Param>) {
    for (test, value) in filter.conditions() {
        values.push(Box::new(value));
        sql.push_str(&format!(" AND {test} ${}", values.len()));
    }
}

/// A `timestamptz` column read back as the store's naive UTC.
pub(super) fn read_instant(row: &Row, i: usize) -> Result<NaiveDateTime, tokio_postgres::Error> {
    row.try_get::<_, DateTime<Utc>>(i).map(|t| t.naive_utc())
}

/// What a whole case is read from (see `columns::CASE_READ`).
pub(super) static COLUMNS: SelectList =
    SelectList(std::sync::LazyLock::new(|| select_list("sort_key")));

/// A row as a case, or as a [`DamagedCase`] naming the column that holds
/// what the store never writes.
pub(super) fn read_case(row: &Row) -> Streamed {
    let id: String = row.try_get(read_index("id")).unwrap_or_default();
    case_of(&Read::new(row, CASE_READ, &id))
}

/// A row of a read list, read by column name; a column that cannot be
/// read makes the case a [`DamagedCase`].
struct Read<'a> {
    row: &'a Row,
    list: &'static [&'static str],
    id: &'a str,
}

impl<'a> Read<'a> {
    fn new(row: &'a Row, list: &'static [&'static str], id: &'a str) -> Read<'a> {
        Read { row, list, id }
    }

    fn damaged(&self, column: &str, e: &dyn std::fmt::Display) -> DamagedCase {
        DamagedCase {
            id: crate::text::shown(self.id, 40),
            detail: format!("{column}: {}", crate::text::shown(&e.to_string(), 120)),
        }
    }

    fn get<'r, T: tokio_postgres::types::FromSql<'r>>(
        &'r self,
        column: &str,
    ) -> Result<T, DamagedCase> {
        self.row
            .try_get(index_in(self.list, column))
            .map_err(|e| self.damaged(column, &e))
    }
}

impl ReadRow for Read<'_> {
    type Error = DamagedCase;

    fn text(&self, column: &str) -> Result<String, DamagedCase> {
        self.get(column)
    }

    fn maybe_text(&self, column: &str) -> Result<Option<String>, DamagedCase> {
        self.get(column)
    }

    fn int(&self, column: &str) -> Result<i64, DamagedCase> {
        self.get(column)
    }

    fn time(&self, column: &str) -> Result<NaiveDateTime, DamagedCase> {
        read_instant(self.row, index_in(self.list, column)).map_err(|e| self.damaged(column, &e))
    }

    fn maybe_date(&self, column: &str) -> Result<Option<NaiveDate>, DamagedCase> {
        self.get(column)
    }

    fn invalid(
        &self,
        column: &str,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> DamagedCase {
        self.damaged(column, &e)
    }
}

/// What a line of the history is read from (see `columns::BRIEF_READ`).
pub(super) static BRIEF: SelectList = SelectList(std::sync::LazyLock::new(|| {
    select_of(BRIEF_READ, "sort_key")
}));

/// A row of [`BRIEF`] as a line of the history, or the case it is when
/// a column cannot be read.
pub(super) fn read_brief(row: &Row) -> Result<CaseBrief, DamagedCase> {
    let id: String = row.try_get(index_in(BRIEF_READ, "id")).unwrap_or_default();
    brief_of(&Read::new(row, BRIEF_READ, &id))
}

/// What a line of the due queue is read from (see `columns::DUE_READ`).
pub(super) static DUE: SelectList =
    SelectList(std::sync::LazyLock::new(|| select_of(DUE_READ, "sort_key")));

/// A row of [`DUE`] as a line of the due queue, or the case it is when a
/// column cannot be read.
pub(super) fn read_due(row: &Row) -> Result<crate::store::DueCase, DamagedCase> {
    let id: String = row.try_get(index_in(DUE_READ, "id")).unwrap_or_default();
    due_of(&Read::new(row, DUE_READ, &id))
}
