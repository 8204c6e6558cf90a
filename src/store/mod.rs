//! The case log: every decided claim an agent saves, in an SQLite file
//! (rusqlite, bundled: nothing to install) in the data folder.
//!
//! A case keeps the claim as the contract's JSON (with its claim date), the
//! outcome JSON as decided, the fingerprint of the policy file that
//! decided it, the agent, the customer's reference or order number, a note
//! and timestamps, under an id such as `C-20261121-0007` (the day's 7th).
//!
//! Text is stored as typed; whoever shows or exports it neutralises it.
//! Saves are single transactions, and the file is created readable by the
//! user only (how it is created and opened: `open.rs`). Faults (corrupt,
//! locked, unreadable, read-only) come back as a [`StoreError`] whose
//! `Display` is the one line an agent is shown. A single row that cannot
//! be read back is a [`DamagedCase`]: listings skip and name it, so one bad
//! row never hides the others.

pub mod drafts;
mod open;
mod schema;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use std::fmt;
use std::path::{Path, PathBuf};

pub use schema::{SCHEMA_VERSION, reference_key};

/// The database file's name in the data folder.
pub const FILE_NAME: &str = "cases.sqlite3";

/// A case as saved: its id and timestamps, and what it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub record: CaseRecord,
}

/// What a case is made of: given to a save, read back in a [`Case`].
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub vendor: String,
    pub issue: String,
    pub verdict: String,
    pub claim_date: NaiveDate,
    /// The customer's reference or order number ("" when not given).
    pub reference: String,
    pub agent: String,
    pub note: String,
    /// The claim, as the contract's JSON.
    pub claim: serde_json::Value,
    /// The outcome, as `claimdesk check` prints it.
    pub outcome: serde_json::Value,
    pub policy_fingerprint: String,
    pub policy_origin: String,
}

impl CaseRecord {
    /// A case for a decided claim. The claim is kept with its claim date
    /// filled in, so re-deciding it later measures the same days.
    pub fn from_decision(
        input: &crate::rules::ClaimInput,
        outcome: &crate::rules::Outcome<'_>,
        policy: &crate::rules::Policy,
    ) -> CaseRecord {
        let mut claim = input.to_json_value();
        if let Some(map) = claim.as_object_mut() {
            map.insert(
                "claim_date".into(),
                serde_json::Value::String(outcome.claim_date.to_string()),
            );
        }
        CaseRecord {
            vendor: outcome.vendor.to_owned(),
            issue: outcome.issue.to_owned(),
            verdict: outcome.verdict.id().to_owned(),
            claim_date: outcome.claim_date,
            reference: String::new(),
            agent: String::new(),
            note: String::new(),
            claim,
            outcome: serde_json::to_value(outcome).unwrap_or_default(),
            policy_fingerprint: policy.fingerprint.clone(),
            policy_origin: policy.origin.clone(),
        }
    }
}

/// Which cases to list or export; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Claim date on or after.
    pub from: Option<NaiveDate>,
    /// Claim date on or before.
    pub to: Option<NaiveDate>,
    pub vendor: Option<String>,
    pub verdict: Option<String>,
    /// Reference / order number, compared by [`reference_key`] (case,
    /// spaces and dashes do not matter).
    pub reference: Option<String>,
}

#[derive(Debug)]
pub enum StoreError {
    /// The file is not a claimdesk database, or is damaged.
    Corrupt { path: PathBuf, detail: String },
    /// Another process holds the database locked.
    Locked { path: PathBuf },
    /// The file cannot be opened or read (permissions, a symbolic link, a
    /// folder where the file should be).
    Unreadable { path: PathBuf, reason: String },
    /// The file or its folder cannot be written; `reason` says which.
    ReadOnly { path: PathBuf, reason: String },
    /// One case's row holds something the store never writes (JSON that
    /// does not parse, a date that is not one).
    Damaged { path: PathBuf, case: DamagedCase },
    /// Made by a newer claimdesk.
    NewerSchema { path: PathBuf, found: i64 },
    /// Anything else the database or the file system said.
    Other { path: PathBuf, detail: String },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Corrupt { path, detail } => write!(
                f,
                "the case log {} is damaged or not a claimdesk database ({detail}); move it aside to start a new one",
                path.display()
            ),
            StoreError::Locked { path } => write!(
                f,
                "the case log {} is locked by another claimdesk; try again in a moment",
                path.display()
            ),
            StoreError::Unreadable { path, reason } => write!(
                f,
                "the case log {} cannot be read: {reason}",
                path.display()
            ),
            StoreError::ReadOnly { path, reason } => write!(
                f,
                "the case log {} cannot be written: {reason}",
                path.display()
            ),
            StoreError::Damaged { path, case } => write!(
                f,
                "case {} in the case log {} is damaged and cannot be shown ({}); the other cases are unaffected",
                case.id,
                path.display(),
                case.detail
            ),
            StoreError::NewerSchema { path, found } => write!(
                f,
                "the case log {} was made by a newer claimdesk (schema {found}, this one knows {SCHEMA_VERSION})",
                path.display()
            ),
            StoreError::Other { path, detail } => {
                write!(f, "the case log {}: {detail}", path.display())
            }
        }
    }
}

impl StoreError {
    /// The reason without the path, to fit a status line.
    pub fn brief(&self) -> String {
        match self {
            StoreError::Corrupt { .. } => {
                "the case log is damaged or not a claimdesk database".into()
            }
            StoreError::Locked { .. } => "the case log is locked by another claimdesk".into(),
            StoreError::Unreadable { .. } => "the case log cannot be read".into(),
            StoreError::ReadOnly { .. } => "the case log cannot be written (read-only)".into(),
            StoreError::Damaged { case, .. } => format!("case {} is damaged", case.id),
            StoreError::NewerSchema { .. } => "the case log was made by a newer claimdesk".into(),
            StoreError::Other { detail, .. } => format!("the case log: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A saved case whose row cannot be read back, by id, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedCase {
    pub id: String,
    /// The column and the reason, e.g. `claim_json: expected value at line 1 column 1`.
    pub detail: String,
}

impl fmt::Display for DamagedCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "case {} is damaged ({})", self.id, self.detail)
    }
}

/// The cases a filter matched, and the matching rows that cannot be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub cases: Vec<Case>,
    pub damaged: Vec<DamagedCase>,
}

/// What a database call was doing, so a refusal says whether reading or
/// writing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Write,
}

/// An open case log.
pub struct CaseLog {
    conn: Connection,
    path: PathBuf,
    /// Why cases cannot be saved here, when they cannot.
    read_only: Option<String>,
}

impl fmt::Debug for CaseLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseLog")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl CaseLog {
    /// Opens (creating if need be, readable by the user only) the case log
    /// in `data_dir`, and brings its schema up to date. A log whose file or
    /// folder cannot be written opens read-only: listing works, saving
    /// does not.
    pub fn open_in(data_dir: &Path) -> Result<CaseLog, StoreError> {
        CaseLog::open(&data_dir.join(FILE_NAME))
    }

    pub fn open(path: &Path) -> Result<CaseLog, StoreError> {
        let opened = open::open(path)?;
        Ok(CaseLog {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: opened.read_only,
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

    /// Whether cases can be saved (the file or folder may be read-only).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Saves a new case; returns its id. One transaction: the id and the
    /// row are written together or not at all.
    pub fn save(&mut self, case: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let err = |e| sql_error(&path, Op::Write, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let day = now.date().format("%Y%m%d").to_string();
        let seq: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE day = ?1",
                [&day],
                |row| row.get(0),
            )
            .map_err(err)?;
        let id = format!("C-{day}-{seq:04}");
        let stamp = timestamp(now);
        tx.execute(
            "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                claim_date, reference, agent, note, claim_json, outcome_json,
                policy_fingerprint, policy_origin, reference_key)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                id,
                day,
                seq,
                stamp,
                case.vendor,
                case.issue,
                case.verdict,
                case.claim_date.to_string(),
                case.reference.trim(),
                case.agent,
                case.note,
                case.claim.to_string(),
                case.outcome.to_string(),
                case.policy_fingerprint,
                case.policy_origin,
                reference_key(&case.reference),
            ],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Replaces a saved case's claim, outcome, reference and note (the
    /// agent changed an answer after the verdict); its id, agent and
    /// creation time stay. `false` when there is no such case.
    pub fn update_decision(
        &mut self,
        id: &str,
        case: &CaseRecord,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE cases SET vendor = ?2, issue = ?3, verdict = ?4, claim_date = ?5,
                    claim_json = ?6, outcome_json = ?7, policy_fingerprint = ?8,
                    policy_origin = ?9, updated_at = ?10, reference = ?11, note = ?12,
                    reference_key = ?13
                 WHERE id = ?1",
                params![
                    id,
                    case.vendor,
                    case.issue,
                    case.verdict,
                    case.claim_date.to_string(),
                    case.claim.to_string(),
                    case.outcome.to_string(),
                    case.policy_fingerprint,
                    case.policy_origin,
                    timestamp(now),
                    case.reference.trim(),
                    case.note,
                    reference_key(&case.reference),
                ],
            )
            .map_err(|e| sql_error(&self.path, Op::Write, e))?;
        Ok(changed == 1)
    }

    /// Changes a saved case's reference and note (the agent adds them
    /// after the verdict). `false` when there is no such case.
    pub fn annotate(
        &mut self,
        id: &str,
        reference: &str,
        note: &str,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        self.writable()?;
        let changed = self
            .conn
            .execute(
                "UPDATE cases SET reference = ?2, note = ?3, updated_at = ?4, reference_key = ?5
                 WHERE id = ?1",
                params![
                    id,
                    reference.trim(),
                    note,
                    timestamp(now),
                    reference_key(reference)
                ],
            )
            .map_err(|e| sql_error(&self.path, Op::Write, e))?;
        Ok(changed == 1)
    }

    /// The case with this id; `Err(Damaged)` when its row cannot be read.
    pub fn get(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE id = ?1");
        let found = self
            .conn
            .query_row(&sql, [id.trim()], read_row)
            .optional()
            .map_err(|e| sql_error(&self.path, Op::Read, e))?;
        match found {
            Some(Err(case)) => Err(StoreError::Damaged {
                path: self.path.clone(),
                case,
            }),
            Some(Ok(case)) => Ok(Some(case)),
            None => Ok(None),
        }
    }

    /// The readable cases matching `filter`, oldest first; rows that
    /// cannot be read are left out (see [`CaseLog::list_checked`] to learn
    /// which).
    pub fn list(&self, filter: &Filter) -> Result<Vec<Case>, StoreError> {
        Ok(self.list_checked(filter)?.cases)
    }

    /// Cases matching `filter`, oldest first, with the matching rows that
    /// cannot be read named apart.
    pub fn list_checked(&self, filter: &Filter) -> Result<Listing, StoreError> {
        let err = |e| sql_error(&self.path, Op::Read, e);
        let mut sql = format!("SELECT {COLUMNS} FROM cases WHERE 1 = 1");
        let mut values: Vec<String> = Vec::new();
        let mut narrow = |clause: &str, value: String| {
            values.push(value);
            sql.push_str(&format!(" AND {clause} ?{}", values.len()));
        };
        if let Some(from) = filter.from {
            narrow("claim_date >=", from.to_string());
        }
        if let Some(to) = filter.to {
            narrow("claim_date <=", to.to_string());
        }
        if let Some(vendor) = &filter.vendor {
            narrow("vendor =", vendor.clone());
        }
        if let Some(verdict) = &filter.verdict {
            narrow("verdict =", verdict.clone());
        }
        if let Some(reference) = &filter.reference {
            narrow("reference_key =", reference_key(reference));
        }
        sql.push_str(" ORDER BY day, seq");
        let mut statement = self.conn.prepare(&sql).map_err(err)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), read_row)
            .map_err(err)?;
        let mut listing = Listing::default();
        for row in rows {
            match row.map_err(err)? {
                Ok(case) => listing.cases.push(case),
                Err(damaged) => listing.damaged.push(damaged),
            }
        }
        Ok(listing)
    }

    /// Earlier cases with this reference or order number (a repeat claim),
    /// compared by [`reference_key`]; oldest first.
    pub fn with_reference(&self, reference: &str) -> Result<Vec<Case>, StoreError> {
        if reference_key(reference).is_empty() {
            return Ok(Vec::new());
        }
        self.list(&Filter {
            reference: Some(reference.to_owned()),
            ..Filter::default()
        })
    }
}

const COLUMNS: &str = "id, created_at, updated_at, vendor, issue, verdict, claim_date, reference, \
     agent, note, claim_json, outcome_json, policy_fingerprint, policy_origin, rowid";

/// The names in [`COLUMNS`], by index, to say which one is damaged.
const COLUMN_NAMES: [&str; 15] = [
    "id",
    "created_at",
    "updated_at",
    "vendor",
    "issue",
    "verdict",
    "claim_date",
    "reference",
    "agent",
    "note",
    "claim_json",
    "outcome_json",
    "policy_fingerprint",
    "policy_origin",
    "rowid",
];

/// A row as a case, or as a [`DamagedCase`] when a column holds what the
/// store never writes. Only faults of the database itself are errors.
fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Case, DamagedCase>> {
    let column = |i: usize| COLUMN_NAMES.get(i).copied().unwrap_or("?");
    let detail = match read_case(row) {
        Ok(case) => return Ok(Ok(case)),
        Err(rusqlite::Error::FromSqlConversionFailure(i, _, e)) => {
            format!("{}: {}", column(i), crate::text::shown(&e.to_string(), 120))
        }
        Err(rusqlite::Error::InvalidColumnType(i, _, found)) => {
            format!("{}: holds {found}, not text", column(i))
        }
        Err(rusqlite::Error::Utf8Error(i, _)) => format!("{}: not UTF-8 text", column(i)),
        Err(e) => return Err(e),
    };
    let id = match row.get::<_, String>(0) {
        Ok(id) => crate::text::shown(&id, 40),
        Err(_) => format!("(row {})", row.get::<_, i64>(14)?),
    };
    Ok(Err(DamagedCase { id, detail }))
}

fn read_case(row: &rusqlite::Row<'_>) -> rusqlite::Result<Case> {
    let text = |i: usize| row.get::<_, String>(i);
    let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
        serde_json::from_str(&text(i)?).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let when = |i: usize| -> rusqlite::Result<NaiveDateTime> {
        NaiveDateTime::parse_from_str(&text(i)?, TIMESTAMP).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let claim_date = NaiveDate::parse_from_str(&text(6)?, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Case {
        id: text(0)?,
        created_at: when(1)?,
        updated_at: when(2)?,
        record: CaseRecord {
            vendor: text(3)?,
            issue: text(4)?,
            verdict: text(5)?,
            claim_date,
            reference: text(7)?,
            agent: text(8)?,
            note: text(9)?,
            claim: json(10)?,
            outcome: json(11)?,
            policy_fingerprint: text(12)?,
            policy_origin: text(13)?,
        },
    })
}

const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

fn timestamp(at: NaiveDateTime) -> String {
    at.format(TIMESTAMP).to_string()
}

/// Creates a folder (and its parents) only the user can enter.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn sql_error(path: &Path, op: Op, e: rusqlite::Error) -> StoreError {
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
