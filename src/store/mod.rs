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
//! user only. Faults (corrupt, locked, read-only) come back as a
//! [`StoreError`] whose `Display` is the one line an agent is shown.

pub mod drafts;
mod schema;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};
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
    /// The file or its folder cannot be written.
    ReadOnly { path: PathBuf },
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
            StoreError::ReadOnly { path } => write!(
                f,
                "the case log {} cannot be written (read-only file or folder)",
                path.display()
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
            StoreError::ReadOnly { .. } => "the case log cannot be written (read-only)".into(),
            StoreError::NewerSchema { .. } => "the case log was made by a newer claimdesk".into(),
            StoreError::Other { detail, .. } => format!("the case log: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// An open case log.
pub struct CaseLog {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

impl fmt::Debug for CaseLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseLog")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// How long a save waits for another process's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

impl CaseLog {
    /// Opens (creating if need be, readable by the user only) the case log
    /// in `data_dir`, and brings its schema up to date. A file that can
    /// only be read opens read-only: listing works, saving does not.
    pub fn open_in(data_dir: &Path) -> Result<CaseLog, StoreError> {
        CaseLog::open(&data_dir.join(FILE_NAME))
    }

    pub fn open(path: &Path) -> Result<CaseLog, StoreError> {
        let path = path.to_path_buf();
        if !path.exists() {
            create_private(&path).map_err(|e| io_error(&path, &e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| sql_error(&path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sql_error(&path, e))?;
        let read_only = conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|e| sql_error(&path, e))?;
        let mut log = CaseLog {
            conn,
            path,
            read_only,
        };
        log.prepare()?;
        Ok(log)
    }

    fn prepare(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
        // Reading the schema version is the first real read: a file that is
        // not a database fails here.
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: version,
            });
        }
        if self.read_only {
            if version < SCHEMA_VERSION {
                return Err(StoreError::ReadOnly {
                    path: self.path.clone(),
                });
            }
            return Ok(());
        }
        // WAL: readers never wait for a writer; FULL: a committed case is
        // on disk before the save returns.
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        schema::migrate(&mut self.conn, version).map_err(err)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `Err(ReadOnly)` when cases cannot be saved here.
    fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Whether cases can be saved (the file or folder may be read-only).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Saves a new case; returns its id. One transaction: the id and the
    /// row are written together or not at all.
    pub fn save(&mut self, case: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        self.writable()?;
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
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
            .map_err(|e| sql_error(&self.path, e))?;
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
            .map_err(|e| sql_error(&self.path, e))?;
        Ok(changed == 1)
    }

    pub fn get(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE id = ?1");
        self.conn
            .query_row(&sql, [id.trim()], read_case)
            .optional()
            .map_err(|e| sql_error(&self.path, e))
    }

    /// Cases matching `filter`, oldest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Case>, StoreError> {
        let err = |e| sql_error(&self.path, e);
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
            .query_map(rusqlite::params_from_iter(values.iter()), read_case)
            .map_err(err)?;
        rows.collect::<Result<Vec<Case>, _>>().map_err(err)
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
     agent, note, claim_json, outcome_json, policy_fingerprint, policy_origin";

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

/// Creates `path` (and its folder) readable and writable by the user only,
/// before SQLite opens it; SQLite gives its journal files the same mode.
pub fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
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

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly {
                path: path.to_path_buf(),
            }
        }
        _ => StoreError::Other {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    }
}

fn sql_error(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly { path }
        }
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
