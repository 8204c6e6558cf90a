//! One column map for both stores: [`CASE_COLUMNS`] names each column of
//! `cases` that a save or an import writes, its PostgreSQL type and how
//! its value is made from the case ([`CaseRow`]). The SQLite log's
//! INSERT, the PostgreSQL log's batch `unnest` and the argument lists of
//! its `SECURITY DEFINER` functions (`roles`, migration 7) are built from
//! it, in its order. Reading goes the other way through one list too:
//! [`CASE_READ`] is what both backends select for a whole case, and
//! [`case_of`] decodes it (each backend says how it reads a column).
//!
//! A new column is one line here (appended, so the functions' arguments
//! keep their places), plus one migration file per backend
//! (`assets/migrations/`) that adds it; on PostgreSQL that migration
//! also makes `claimdesk_save` and `claimdesk_insert_batch` again with
//! the longer argument lists (see `postgres::roles`).
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
}

const fn column(name: &'static str, pg: &'static str, value: fn(&CaseRow<'_>) -> Value) -> Column {
    Column {
        name,
        pg,
        value,
        pg_since: 0,
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
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// The columns a save or an import writes after the sort key, in the
/// order of the PostgreSQL functions' arguments. Append new ones.
pub(crate) const CASE_COLUMNS: &[Column] = &[
    column("id", "text", |r| text(&r.id)),
    column("day", "text", |r| text(r.day)),
    column("seq", "integer", |r| Value::Int(r.seq)),
    column("created_at", "timestamptz", |r| Value::Time(r.created)),
    column("updated_at", "timestamptz", |r| Value::Time(r.updated)),
    column("vendor", "text", |r| text(&r.record.outcome.vendor)),
    column("issue", "text", |r| text(&r.record.outcome.issue)),
    column("verdict", "text", |r| text(r.record.outcome.verdict.id())),
    column("claim_date", "text", |r| {
        Value::Text(r.record.outcome.claim_date.to_string())
    }),
    column("reference", "text", |r| text(r.record.reference.trim())),
    column("reference_key", "text", |r| {
        Value::Text(super::reference_key(&r.record.reference))
    }),
    column("agent", "text", |r| text(&r.record.agent)),
    column("note", "text", |r| text(&r.record.note)),
    column("claim_json", "text", |r| {
        Value::Text(r.record.claim.to_json_value().to_string())
    }),
    column("outcome_json", "text", |r| {
        Value::Text(serde_json::to_string(&r.record.outcome).unwrap_or_default())
    }),
    column("policy_fingerprint", "text", |r| {
        text(&r.record.policy.fingerprint)
    }),
    column("policy_origin", "text", |r| text(&r.record.policy.origin)),
    column("policy_sha256", "text", |r| text(&r.record.policy.sha256)),
    column("policy_version", "text", |r| {
        Value::MaybeText(r.record.policy.version.clone())
    }),
    column("version", "bigint", |r| Value::Int(r.version)),
    column("updated_by", "text", |r| text(r.updated_by)),
    column("customer_name", "text", |r| text(&r.record.customer.name)),
    column("customer_phone", "text", |r| text(&r.record.customer.phone)),
    column("customer_email", "text", |r| text(&r.record.customer.email)),
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

/// Where `column` is in [`CASE_READ`] (its index in a selected row).
pub(crate) fn read_index(column: &str) -> usize {
    CASE_READ
        .iter()
        .position(|c| *c == column)
        .unwrap_or(usize::MAX)
}

/// [`CASE_READ`] as a select list over `c`, the sort key named
/// `sort_key`.
pub(crate) fn select_list(sort_key: &str) -> String {
    CASE_READ
        .iter()
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

/// A selected row of [`CASE_READ`], as a backend reads its columns.
pub(crate) trait ReadRow {
    type Error;
    fn text(&self, column: &str) -> Result<String, Self::Error>;
    fn maybe_text(&self, column: &str) -> Result<Option<String>, Self::Error>;
    fn int(&self, column: &str) -> Result<i64, Self::Error>;
    fn time(&self, column: &str) -> Result<NaiveDateTime, Self::Error>;
    /// `column` holds what the store never writes (`e`: why).
    fn invalid(
        &self,
        column: &str,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Self::Error;
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
