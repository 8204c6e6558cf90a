//! Reading the shared log's rows: the select lists, a row as a case or a
//! brief (or the damaged case it is), and a filter's conditions.

use super::*;
use crate::store::columns::{ReadRow, SelectList, case_of, read_index, select_list};

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
    case_of(&Read { row, id: &id })
}

/// A row of [`COLUMNS`], read by column name; a column that cannot be
/// read makes the case a [`DamagedCase`].
struct Read<'a> {
    row: &'a Row,
    id: &'a str,
}

impl Read<'_> {
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
            .try_get(read_index(column))
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
        read_instant(self.row, read_index(column)).map_err(|e| self.damaged(column, &e))
    }

    fn invalid(
        &self,
        column: &str,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> DamagedCase {
        self.damaged(column, &e)
    }
}

pub(super) const BRIEF: &str = "c.id, c.created_at, c.claim_date, c.vendor, c.issue, c.verdict, \
     c.reference, c.agent, c.note, c.sort_key";

pub(super) fn read_brief(row: &Row) -> Result<CaseBrief, DamagedCase> {
    let id: String = row.try_get(0).unwrap_or_default();
    let damaged = |column: &str, e: &dyn std::fmt::Display| DamagedCase {
        id: crate::text::shown(&id, 40),
        detail: format!("{column}: {}", crate::text::shown(&e.to_string(), 120)),
    };
    let text = |i: usize| -> Result<String, DamagedCase> {
        row.try_get::<_, String>(i)
            .map_err(|e| damaged("a column", &e))
    };
    let claim_date = text(2)?;
    Ok(CaseBrief {
        id: id.clone(),
        created_at: read_instant(row, 1).map_err(|e| damaged("created_at", &e))?,
        claim_date: NaiveDate::parse_from_str(&claim_date, "%Y-%m-%d")
            .map_err(|e| damaged("claim_date", &e))?,
        vendor: text(3)?,
        issue: text(4)?,
        verdict: text(5)?,
        reference: text(6)?,
        agent: text(7)?,
        note: text(8)?,
    })
}
