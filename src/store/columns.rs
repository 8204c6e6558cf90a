//! One column map for both stores: [`CASE_COLUMNS`] names each column of
//! `cases` that a save or an import writes, its PostgreSQL type, how its
//! value is made from the case ([`CaseRow`]) and what an edit does to it
//! ([`Edit`]). The SQLite log's INSERT and edit UPDATE, the PostgreSQL
//! log's batch `unnest` and its `SECURITY DEFINER` functions (`roles`:
//! the save's and batch's arguments since migration 7, the edit's,
//! `claimdesk_replace`, since migration 10) are built from it, in its
//! order. Reading goes the other way through named lists: [`CASE_READ`]
//! is what both backends select for a whole case and [`case_of`] decodes
//! it; [`BRIEF_READ`] and [`brief_of`] a history line; [`DUE_READ`] and
//! [`due_of`] a line of the due queue (each backend says how it reads a
//! column, [`ReadRow`]).
//!
//! A new column is one line here (appended, so the functions' arguments
//! keep their places; `.edited()` when an edit changes it), plus one
//! migration file per backend (`assets/migrations/`) that adds it; on
//! PostgreSQL that migration's step also makes `claimdesk_save`,
//! `claimdesk_insert_batch` and `claimdesk_replace` again with the longer
//! argument lists (`postgres::roles::writers`).
//!
//! Every row also has its sort key first (SQLite's `rowid`, PostgreSQL's
//! `sort_key`): each backend names it.

use crate::case::timeline::{Standing, standing};
use crate::case::{CaseRecord, case_id};
use chrono::{NaiveDate, NaiveDateTime};

/// A case as a row of `cases`: what every column's value is made from,
/// worked out once per case.
/// (`key`: `sqlite::key_of` the record, as the save looked it up by.)
pub(crate) struct CaseRow<'a> {
    pub record: &'a CaseRecord,
    pub day: &'a str,
    pub seq: i64,
    pub id: String,
    pub created: NaiveDateTime,
    pub updated: NaiveDateTime,
    pub version: i64,
    pub updated_by: &'a str,
    pub standing: Standing,
    pub key: String,
    pub imported_from: Option<String>,
}

impl<'a> CaseRow<'a> {
    /// A case saved now: number `seq` of `day`, version 1, by its agent,
    /// standing as its decision says.
    pub fn saved(
        record: &'a CaseRecord,
        day: &'a str,
        seq: i64,
        now: NaiveDateTime,
        key: String,
    ) -> Self {
        CaseRow {
            record,
            day,
            seq,
            id: case_id(day, seq),
            created: now,
            updated: now,
            version: 1,
            updated_by: &record.agent,
            standing: standing(record, &[]),
            key,
            imported_from: record.imported_from.clone(),
        }
    }
}

impl<'a> CaseRow<'a> {
    /// Case `id` as an edit changes it: `record` decided anew, changed
    /// `now` by `by`. Only the columns an edit sets ([`Edit::Set`]) are
    /// read from it; the rest (day, number, creation, version, standing,
    /// keys) are not an edit's to write and stand in blank.
    pub fn edited(record: &'a CaseRecord, id: &str, now: NaiveDateTime, by: &'a str) -> Self {
        CaseRow {
            record,
            day: "",
            seq: 0,
            id: id.to_owned(),
            created: now,
            updated: now,
            version: 0,
            updated_by: by,
            standing: Standing {
                status: crate::case::timeline::Status::Open,
                next_action: String::new(),
                due: None,
                closed_on: None,
            },
            key: String::new(),
            imported_from: None,
        }
    }
}

/// A column's value, as both backends bind it (a time is a `timestamptz`
/// on PostgreSQL, `YYYY-MM-DDTHH:MM:SS` text on SQLite; a date likewise).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeDate(Option<NaiveDate>),
    Time(NaiveDateTime),
}

/// One column of `cases` that a save writes.
pub(crate) struct Column {
    pub name: &'static str,
    /// Its type on PostgreSQL (`text`, `bigint`, `integer`, `date`,
    /// `timestamptz`): the functions' argument types and the batch's
    /// array types. (SQLite stores what it is given.)
    pub pg: &'static str,
    pub value: fn(&CaseRow<'_>) -> Value,
    /// The PostgreSQL migration that added it to the functions' argument
    /// lists (0: migration 7 made them with it). A migration that makes
    /// the functions again makes them with the columns up to its own.
    pub pg_since: i64,
    /// What an edit of a saved case does to it (SQLite's UPDATE and
    /// PostgreSQL's `claimdesk_replace` are made from this).
    pub edit: Edit,
}

/// What an edit of a saved case ([`super::CaseStore::update`], or an
/// import taking a newer decision) does to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    /// Kept as saved: the id, its day and number, when and by whom it
    /// was first saved, its keys; and the standing, which the timeline
    /// writes after the edit (`write_standing`).
    Kept,
    /// Set from the edited case: the decision, reference, note, contact,
    /// and when and by whom it was changed. Edit arguments of
    /// `claimdesk_replace`, in map order.
    Set,
    /// One more than it was (the version the next edit must name).
    Bumped,
}

const fn column(name: &'static str, pg: &'static str, value: fn(&CaseRow<'_>) -> Value) -> Column {
    Column {
        name,
        pg,
        value,
        pg_since: 0,
        edit: Edit::Kept,
    }
}

impl Column {
    /// The column as an edit sets it from the edited case.
    const fn edited(self) -> Column {
        Column {
            edit: Edit::Set,
            ..self
        }
    }

    /// The column as an edit counts it up.
    const fn bumped(self) -> Column {
        Column {
            edit: Edit::Bumped,
            ..self
        }
    }
}

/// A column added after migration 7 of the PostgreSQL log: by migration
/// `pg_since` there (and one of the SQLite log's).
#[allow(dead_code)]
const fn added(
    pg_since: i64,
    name: &'static str,
    pg: &'static str,
    value: fn(&CaseRow<'_>) -> Value,
) -> Column {
    Column {
        name,
        pg,
        value,
        pg_since,
        edit: Edit::Kept,
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// The columns a save or an import writes after the sort key, in the
/// order of the PostgreSQL functions' arguments. Append new ones; mark
/// one an edit changes `.edited()` (see [`Edit`]).
pub(crate) const CASE_COLUMNS: &[Column] = &[
    column("id", "text", |r| text(&r.id)),
    column("day", "text", |r| text(r.day)),
    column("seq", "integer", |r| Value::Int(r.seq)),
    column("created_at", "timestamptz", |r| Value::Time(r.created)),
    column("updated_at", "timestamptz", |r| Value::Time(r.updated)).edited(),
    column("vendor", "text", |r| text(&r.record.outcome.vendor)).edited(),
    column("issue", "text", |r| text(&r.record.outcome.issue)).edited(),
    column("verdict", "text", |r| text(r.record.outcome.verdict.id())).edited(),
    column("claim_date", "text", |r| {
        Value::Text(r.record.outcome.claim_date.to_string())
    })
    .edited(),
    column("reference", "text", |r| text(r.record.reference.trim())).edited(),
    column("reference_key", "text", |r| {
        Value::Text(super::reference_key(&r.record.reference))
    })
    .edited(),
    // The case keeps the agent who first saved it.
    column("agent", "text", |r| text(&r.record.agent)),
    column("note", "text", |r| text(&r.record.note)).edited(),
    column("claim_json", "text", |r| {
        Value::Text(r.record.claim.to_json_value().to_string())
    })
    .edited(),
    column("outcome_json", "text", |r| {
        Value::Text(serde_json::to_string(&r.record.outcome).unwrap_or_default())
    })
    .edited(),
    column("policy_fingerprint", "text", |r| {
        text(&r.record.policy.fingerprint)
    })
    .edited(),
    column("policy_origin", "text", |r| text(&r.record.policy.origin)).edited(),
    column("policy_sha256", "text", |r| text(&r.record.policy.sha256)).edited(),
    column("policy_version", "text", |r| {
        Value::MaybeText(r.record.policy.version.clone())
    })
    .edited(),
    column("version", "bigint", |r| Value::Int(r.version)).bumped(),
    column("updated_by", "text", |r| text(r.updated_by)).edited(),
    column("customer_name", "text", |r| text(&r.record.customer.name)).edited(),
    column("customer_phone", "text", |r| text(&r.record.customer.phone)).edited(),
    column("customer_email", "text", |r| text(&r.record.customer.email)).edited(),
    // The standing: written from the timeline after every change.
    column("status", "text", |r| text(r.standing.status.id())),
    column("next_action", "text", |r| text(&r.standing.next_action)),
    column("due_date", "date", |r| Value::MaybeDate(r.standing.due)),
    column("closed_on", "date", |r| {
        Value::MaybeDate(r.standing.closed_on)
    }),
    column("case_key", "text", |r| text(&r.key)),
    column("imported_from", "text", |r| {
        Value::MaybeText(r.imported_from.clone())
    }),
];

/// The columns' names, `", "`-separated, each after `prefix`.
pub(crate) fn names(prefix: &str) -> String {
    names_of(CASE_COLUMNS, prefix)
}

/// The names of `columns`, `", "`-separated, each after `prefix`.
pub(crate) fn names_of(columns: &[Column], prefix: &str) -> String {
    columns
        .iter()
        .map(|c| format!("{prefix}{}", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row's values, in [`CASE_COLUMNS`] order.
pub(crate) fn values(row: &CaseRow<'_>) -> Vec<Value> {
    CASE_COLUMNS.iter().map(|c| (c.value)(row)).collect()
}

/// The columns an edit sets, in map order: SQLite's UPDATE and the
/// arguments of PostgreSQL's `claimdesk_replace` after the id.
pub(crate) fn edited() -> impl Iterator<Item = &'static Column> {
    CASE_COLUMNS.iter().filter(|c| c.edit == Edit::Set)
}

/// `SET` of an edit's UPDATE: each column it sets to the placeholder
/// `mark(n)` (`n` from 0, in [`edited`] order), and each it counts up.
pub(crate) fn edit_assignments<'c>(
    columns: impl Iterator<Item = &'c Column>,
    mark: impl Fn(usize) -> String,
) -> String {
    let mut n = 0;
    columns
        .filter_map(|c| match c.edit {
            Edit::Kept => None,
            Edit::Set => {
                n += 1;
                Some(format!("{} = {}", c.name, mark(n - 1)))
            }
            Edit::Bumped => Some(format!("{0} = {0} + 1", c.name)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a read case's sort key is in [`CASE_READ`] (each backend names
/// its own: SQLite's `rowid`, PostgreSQL's `sort_key`).
pub(crate) const SORT_KEY: &str = "sort_key";

/// The columns a whole case is read from, in the order both backends
/// select them (see [`select_list`]) and [`case_of`] decodes them.
pub(crate) const CASE_READ: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "reference",
    "agent",
    "note",
    "claim_json",
    "outcome_json",
    "policy_fingerprint",
    "policy_origin",
    "policy_sha256",
    "policy_version",
    "version",
    "updated_by",
    SORT_KEY,
    "customer_name",
    "customer_phone",
    "customer_email",
    "case_key",
    "imported_from",
];

/// The columns a line of the history is read from ([`brief_of`]): the
/// case in one line, and its sort key (a page's cursor).
pub(crate) const BRIEF_READ: &[&str] = &[
    "id",
    "created_at",
    "claim_date",
    "vendor",
    "issue",
    "verdict",
    "reference",
    "agent",
    "note",
    SORT_KEY,
];

/// The columns a line of the due queue is read from ([`due_of`]).
pub(crate) const DUE_READ: &[&str] = &[
    "id",
    "status",
    "next_action",
    "due_date",
    "vendor",
    "issue",
    "reference",
    "agent",
];

/// Where `column` is in [`CASE_READ`] (its index in a selected row).
pub(crate) fn read_index(column: &str) -> usize {
    index_in(CASE_READ, column)
}

/// Where `column` is in the read list `list` (its index in a row
/// selected with [`select_of`]).
pub(crate) fn index_in(list: &[&str], column: &str) -> usize {
    list.iter().position(|c| *c == column).unwrap_or(usize::MAX)
}

/// [`CASE_READ`] as a select list over `c`, the sort key named
/// `sort_key`.
pub(crate) fn select_list(sort_key: &str) -> String {
    select_of(CASE_READ, sort_key)
}

/// The read list `list` as a select list over `c`, the sort key named
/// `sort_key`.
pub(crate) fn select_of(list: &[&str], sort_key: &str) -> String {
    list.iter()
        .map(|c| format!("c.{}", if *c == SORT_KEY { sort_key } else { c }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A select list made once, shown as its text (`format!("SELECT {COLUMNS}
/// ..")`).
pub(crate) struct SelectList(pub std::sync::LazyLock<String>);

impl SelectList {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SelectList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A selected row of a read list ([`CASE_READ`], [`BRIEF_READ`],
/// [`DUE_READ`]), as a backend reads its columns by name.
pub(crate) trait ReadRow {
    type Error;
    fn text(&self, column: &str) -> Result<String, Self::Error>;
    fn maybe_text(&self, column: &str) -> Result<Option<String>, Self::Error>;
    fn int(&self, column: &str) -> Result<i64, Self::Error>;
    fn time(&self, column: &str) -> Result<NaiveDateTime, Self::Error>;
    /// A date column that may be NULL (`due_date`, `closed_on`).
    fn maybe_date(&self, column: &str) -> Result<Option<NaiveDate>, Self::Error>;
    /// `column` holds what the store never writes (`e`: why).
    fn invalid(
        &self,
        column: &str,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Self::Error;

    /// A date both logs keep as `YYYY-MM-DD` text (`claim_date`).
    fn text_date(&self, column: &str) -> Result<NaiveDate, Self::Error> {
        NaiveDate::parse_from_str(&self.text(column)?, "%Y-%m-%d")
            .map_err(|e| self.invalid(column, e))
    }
}

/// A row of [`BRIEF_READ`] as a line of the history: the one decoding
/// both backends share.
pub(crate) fn brief_of<R: ReadRow>(row: &R) -> Result<crate::case::CaseBrief, R::Error> {
    Ok(crate::case::CaseBrief {
        id: row.text("id")?,
        created_at: row.time("created_at")?,
        claim_date: row.text_date("claim_date")?,
        vendor: row.text("vendor")?,
        issue: row.text("issue")?,
        verdict: row.text("verdict")?,
        reference: row.text("reference")?,
        agent: row.text("agent")?,
        note: row.text("note")?,
    })
}

/// A row of [`DUE_READ`] as a line of the due queue: the one decoding
/// both backends share. (A status this claimdesk does not know reads as
/// open: the case still shows, due.)
pub(crate) fn due_of<R: ReadRow>(row: &R) -> Result<super::DueCase, R::Error> {
    use crate::case::timeline::Status;
    Ok(super::DueCase {
        id: row.text("id")?,
        status: Status::from_id(&row.text("status")?).unwrap_or(Status::Open),
        next_action: row.text("next_action")?,
        due: row.maybe_date("due_date")?,
        vendor: row.text("vendor")?,
        issue: row.text("issue")?,
        reference: row.text("reference")?,
        agent: row.text("agent")?,
    })
}

/// A row of [`CASE_READ`] as a case: the one decoding both backends share.
pub(crate) fn case_of<R: ReadRow>(row: &R) -> Result<crate::case::Case, R::Error> {
    use crate::case::{Case, Contact, OutcomeRecord, PolicyRef};
    let claim_value: serde_json::Value =
        serde_json::from_str(&row.text("claim_json")?).map_err(|e| row.invalid("claim_json", e))?;
    let claim = crate::rules::ClaimInput::from_value(&claim_value)
        .map_err(|e| row.invalid("claim_json", e))?;
    let outcome: OutcomeRecord = serde_json::from_str(&row.text("outcome_json")?)
        .map_err(|e| row.invalid("outcome_json", e))?;
    Ok(Case {
        id: row.text("id")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        version: row.int("version")?,
        updated_by: row.text("updated_by")?,
        record: CaseRecord {
            reference: row.text("reference")?,
            agent: row.text("agent")?,
            note: row.text("note")?,
            policy: PolicyRef {
                vendor: outcome.vendor.clone(),
                version: row.maybe_text("policy_version")?,
                sha256: row.text("policy_sha256")?,
                fingerprint: row.text("policy_fingerprint")?,
                origin: row.text("policy_origin")?,
            },
            customer: Contact {
                name: row.text("customer_name")?,
                phone: row.text("customer_phone")?,
                email: row.text("customer_email")?,
            },
            key: row.maybe_text("case_key")?.unwrap_or_default(),
            imported_from: row.maybe_text("imported_from")?,
            claim,
            outcome,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name a read list selects is a column of the map (or the
    /// sort key each backend names): a column renamed or dropped from the
    /// map cannot stay behind in a select list.
    #[test]
    fn every_column_read_is_a_column_of_the_map() {
        for list in [CASE_READ, BRIEF_READ, DUE_READ] {
            for name in list {
                assert!(
                    *name == SORT_KEY || CASE_COLUMNS.iter().any(|c| c.name == *name),
                    "{name} is read but not in CASE_COLUMNS"
                );
            }
        }
    }

    /// An edit sets the decision, reference, note, contact, and when and
    /// by whom; it keeps what identifies the case and who first saved it,
    /// and leaves the standing to the timeline.
    #[test]
    fn an_edit_keeps_the_cases_identity_and_standing() {
        let kept: Vec<&str> = CASE_COLUMNS
            .iter()
            .filter(|c| c.edit == Edit::Kept)
            .map(|c| c.name)
            .collect();
        assert_eq!(
            kept,
            [
                "id",
                "day",
                "seq",
                "created_at",
                "agent",
                "status",
                "next_action",
                "due_date",
                "closed_on",
                "case_key",
                "imported_from"
            ]
        );
        let bumped: Vec<&str> = CASE_COLUMNS
            .iter()
            .filter(|c| c.edit == Edit::Bumped)
            .map(|c| c.name)
            .collect();
        assert_eq!(bumped, ["version"]);
    }
}
