//! Edits of the SQLite log's cases: the version checked, then the
//! columns the column map marks as an edit's (`columns::Edit`) set in one
//! UPDATE made from the map, the version counted up. (PostgreSQL's
//! `claimdesk_replace` is made from the same entries, `postgres::roles`.)

use super::StoreError;
use super::columns::{self, CASE_COLUMNS, CaseRow, Value};
use super::sqlite::{Op, sql_error};
use crate::case::{CaseRecord, TIMESTAMP};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::LazyLock;

/// The edit's UPDATE: `?1` the id, then the edited columns in map order.
static UPDATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE cases SET {} WHERE id = ?1",
        columns::edit_assignments(CASE_COLUMNS.iter(), |n| format!("?{}", n + 2))
    )
});

/// Checks the case's version (when `expected` is given) and replaces its
/// decision, reference, note and contact (the columns an edit sets);
/// returns the new version.
pub(super) fn replace_decision(
    tx: &Connection,
    path: &Path,
    id: &str,
    expected: Option<i64>,
    case: &CaseRecord,
    by: &str,
    now: NaiveDateTime,
) -> Result<i64, StoreError> {
    let err = |e| sql_error(path, Op::Write, e);
    let version = current_version(tx, path, id, expected)?;
    let row = CaseRow::edited(case, id.trim(), now, by);
    let values = std::iter::once(rusqlite::types::Value::Text(id.trim().to_owned()))
        .chain(columns::edited().map(|c| bound((c.value)(&row))));
    tx.prepare_cached(&UPDATE)
        .map_err(err)?
        .execute(rusqlite::params_from_iter(values))
        .map_err(err)?;
    Ok(version + 1)
}

/// A column's value as the log keeps it (times and dates as text).
fn bound(value: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match value {
        Value::Text(t) | Value::MaybeText(Some(t)) => Sql::Text(t),
        Value::MaybeText(None) | Value::MaybeDate(None) => Sql::Null,
        Value::Int(n) => Sql::Integer(n),
        Value::MaybeDate(Some(d)) => Sql::Text(d.to_string()),
        Value::Time(t) => Sql::Text(t.format(TIMESTAMP).to_string()),
    }
}

/// The case's version; `NotFound` when there is none, `Conflict` (who
/// changed it, when) when it is not `expected`.
pub(super) fn current_version(
    tx: &Connection,
    path: &Path,
    id: &str,
    expected: Option<i64>,
) -> Result<i64, StoreError> {
    let current: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT version, updated_by, updated_at FROM cases WHERE id = ?1",
            [id.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(|e| sql_error(path, Op::Write, e))?;
    let Some((version, changed_by, changed_at)) = current else {
        return Err(StoreError::NotFound { id: id.to_owned() });
    };
    if expected.is_some_and(|e| e != version) {
        return Err(StoreError::Conflict {
            id: id.to_owned(),
            by: changed_by,
            at: NaiveDateTime::parse_from_str(&changed_at, TIMESTAMP).unwrap_or_default(),
        });
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    /// The UPDATE sets what the hand-written one of before set (the
    /// decision, reference, note, contact, when and by whom), counts the
    /// version, and never touches the id, the agent, the keys or the
    /// standing. (A column added to the map with `.edited()` joins it.)
    #[test]
    fn the_edit_sets_the_columns_the_map_marks_and_counts_the_version() {
        let update = super::UPDATE.as_str();
        let set = update
            .strip_prefix("UPDATE cases SET ")
            .and_then(|u| u.strip_suffix(" WHERE id = ?1"))
            .unwrap_or_else(|| panic!("{update}"));
        let assignments: Vec<&str> = set.split(", ").collect();
        for (n, column) in [
            "updated_at",
            "vendor",
            "issue",
            "verdict",
            "claim_date",
            "reference",
            "reference_key",
            "note",
            "claim_json",
            "outcome_json",
            "policy_fingerprint",
            "policy_origin",
            "policy_sha256",
            "policy_version",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(assignments[n], format!("{column} = ?{}", n + 2), "{update}");
        }
        assert_eq!(assignments[14], "version = version + 1", "{update}");
        for (n, column) in [
            "updated_by",
            "customer_name",
            "customer_phone",
            "customer_email",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                assignments[15 + n],
                format!("{column} = ?{}", n + 16),
                "{update}"
            );
        }
        for kept in [
            "id =",
            "day =",
            "seq =",
            "created_at =",
            "agent =",
            "status =",
            "next_action =",
            "due_date =",
            "closed_on =",
            "case_key =",
            "imported_from =",
        ] {
            assert!(
                !assignments.iter().any(|a| a.starts_with(kept)),
                "{kept} in {update}"
            );
        }
    }
}
