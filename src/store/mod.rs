//! The case log behind one seam: the [`CaseStore`] trait, and what goes
//! in and out of it. Nothing here speaks SQL; [`sqlite`] is the default
//! backend (one file in the data folder), [`postgres`] the shared one for
//! a floor of agents, held through [`shared`] (its offline [`outbox`]);
//! [`backend`] says which is in force. Both run the same contract tests
//! (`tests/store_contract.rs`).
//!
//! What every backend promises (`shared/case-log.md`):
//! - the store mints ids (`C-YYYYMMDD-NNNN`) inside the save's
//!   transaction, from a per-day counter: unique under concurrent saves;
//! - an update names the version it was based on and is refused, naming
//!   who changed the case and when, if that is no longer the version;
//! - lists are pages of a search that runs in the database, newest first,
//!   continued from a [`Cursor`]; exports stream case by case: nothing
//!   loads the whole log;
//! - a row that cannot be read back is a [`DamagedCase`], named and
//!   skipped, never a reason to hide the others.
//!
//! The timeline (`case::timeline`): every backend also
//! - keeps an append-only list of events per case ([`CaseStore::append_event`],
//!   [`CaseStore::events`]), an event and the case it re-decides written in
//!   ONE transaction, with a `decided` entry for every decision (the save,
//!   an update, a re-decision) carrying its verdict and policy version;
//! - keeps each case's derived status, next action, due date and closing
//!   day ([`crate::case::timeline::standing`] of the record and its events)
//!   up to date on every save, update, import and event, indexed so the
//!   due queue ([`CaseStore::due`]) is one index range at any volume;
//! - keeps the customer's contact on the case (searchable in history) and
//!   erases it, or the whole case, on [`CaseStore::purge`].
//!
//! `tests/store_contract.rs` runs the whole contract, its timeline part
//! (`tests/store_contract/timeline.rs`) included, on both backends.

/// How many cases a bulk job (`check --batch --save`, `cases import`)
/// hands the store at once, and one SQLite transaction holds: big enough
/// that the fsync is paid rarely and that an index leaf a batch touches
/// is written once for many cases (5,000 writes a 200,000-case save in
/// about three quarters of the time 1,000 took), small enough that the
/// lock is held for well under a second and memory stays tens of MB.
pub const BULK_BATCH: usize = 5_000;

pub mod backend;
pub(crate) mod columns;
pub mod drafts;
mod made_ahead;
pub(crate) mod migrations;
mod open;
pub mod outbox;
pub mod postgres;
mod schema;
pub mod shared;
pub mod sqlite;
mod sqlite_bulk;
mod sqlite_edit;
mod sqlite_grams;
mod sqlite_pipeline;
mod sqlite_rows;
mod sqlite_salvage;
mod sqlite_timeline;
mod writeback;

use chrono::{NaiveDate, NaiveDateTime};
use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub use crate::case::timeline::{Event, Status};
pub use crate::case::{Case, CaseBrief, CaseDecision, CaseRecord};
pub use schema::{DAY_SPAN, SCHEMA_VERSION, reference_key, sort_key};
pub use sqlite::{CaseLog, FILE_NAME, SqliteStore};
pub(crate) use sqlite::{Op, sql_error};

/// Which cases to list or export; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Claim date on or after.
    pub from: Option<NaiveDate>,
    /// Claim date on or before.
    pub to: Option<NaiveDate>,
    pub vendor: Option<String>,
    pub verdict: Option<crate::rules::outcome::Verdict>,
    /// Reference / order number, compared by [`reference_key`] (case,
    /// spaces and dashes do not matter).
    pub reference: Option<String>,
}

impl Filter {
    /// Each condition as its test on `cases c` and the value it compares
    /// with, in one order for both backends (each numbers the values its
    /// own way: `?N`, `$N`).
    pub(crate) fn conditions(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(from) = self.from {
            out.push(("c.claim_date >=", from.to_string()));
        }
        if let Some(to) = self.to {
            out.push(("c.claim_date <=", to.to_string()));
        }
        if let Some(vendor) = &self.vendor {
            out.push(("c.vendor =", vendor.clone()));
        }
        if let Some(verdict) = self.verdict {
            out.push(("c.verdict =", verdict.id().to_owned()));
        }
        if let Some(reference) = &self.reference {
            out.push(("c.reference_key =", reference_key(reference)));
        }
        out
    }
}

/// A position in the log's order: the sort key of the last case a page
/// held ([`sort_key`]: `YYYYMMDD * 10_000_000_000 + NNNN`), so the
/// next page starts after it. Backend-neutral: any backend can order by
/// the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(pub i64);

/// One page of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub filter: Filter,
    /// Words typed in the history screen: each must be found (ignoring
    /// case) in the id, claim date, vendor, issue, verdict, reference,
    /// note or agent.
    pub words: String,
    /// Oldest first instead of newest first.
    pub oldest_first: bool,
    /// Continue after this position (the `next` of the page before).
    pub after: Option<Cursor>,
    /// At most this many cases.
    pub limit: usize,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            filter: Filter::default(),
            words: String::new(),
            oldest_first: false,
            after: None,
            limit: 50,
        }
    }
}

/// The cases of one page, and the rows among them that cannot be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub cases: Vec<CaseBrief>,
    pub damaged: Vec<DamagedCase>,
    /// Where the next page starts; `None` when this was the last.
    pub next: Option<Cursor>,
}

/// What an import did, by count: nothing is left out silently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// New here, under the id they had.
    pub added: usize,
    /// Already here (the same case key): their events merged in, none
    /// twice.
    pub merged: usize,
    /// Of those merged, the events this log did not have yet.
    pub events_added: usize,
    /// New here, but their id was another case's: saved under the next
    /// free id of that day, the old id kept as `imported_from`.
    pub renumbered: usize,
}

impl Imported {
    pub fn add(&mut self, other: Imported) {
        self.added += other.added;
        self.merged += other.merged;
        self.events_added += other.events_added;
        self.renumbered += other.renumbered;
    }
}

/// One case to import: the case as exported and its timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub case: Case,
    pub events: Vec<Event>,
}

/// What `save_many` did: the id of each record, in the order given, and
/// how many of them were already saved (the same case key: a rerun).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedMany {
    pub ids: Vec<String>,
    /// Records found already saved: their ids are in `ids`, nothing new
    /// was written for them.
    pub already: usize,
}

/// Which cases the due queue lists: open and waiting ones, by due date,
/// the earliest (so the overdue) first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueQuery {
    /// Only cases due on or before this day (overdue ones included);
    /// cases with no due date are then left out. `None`: every open or
    /// waiting case, those with no due date after the dated ones.
    pub until: Option<NaiveDate>,
    /// Only cases saved by this agent.
    pub agent: Option<String>,
    /// At most this many cases.
    pub limit: usize,
}

/// One line of the due queue: the case's derived columns, no JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCase {
    pub id: String,
    pub status: Status,
    pub next_action: String,
    /// `None`: the policy states no time for what is awaited.
    pub due: Option<NaiveDate>,
    pub vendor: String,
    pub issue: String,
    pub reference: String,
    pub agent: String,
}

/// One page of the due queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuePage {
    pub cases: Vec<DueCase>,
    /// More cases matched than the limit let in.
    pub more: bool,
    /// Cases that cannot be read (a damaged page of the file), left out;
    /// whether they are due cannot be known.
    pub damaged: Vec<DamagedCase>,
}

/// What a purge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Closed or resolved cases whose contact details were erased.
    pub contacts: u64,
    /// Cases deleted with their timelines (`--whole`).
    pub cases: u64,
}

/// What a stream of cases hands its visitor: a case, or a row that
/// cannot be read.
pub type Streamed = Result<Case, DamagedCase>;

/// What an export's stream hands its visitor: a case with its timeline,
/// or a row that cannot be read.
pub type WithEvents = Result<(Case, Vec<Event>), DamagedCase>;

/// The case log, whichever backend keeps it. Front ends hold a
/// `Box<dyn CaseStore>`.
pub trait CaseStore: Send {
    /// Where the log is, for messages (a path; a URL without password).
    fn location(&self) -> String;

    /// Whether cases can be saved here (the file may be read-only).
    fn is_read_only(&self) -> bool;

    /// Saves a new case; returns the id the store minted. One
    /// transaction. `updated_by` is the record's agent. A record whose
    /// key is already saved is not saved again: its case's id is
    /// returned. `now` is UTC, as every time given to a store.
    fn save(&mut self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError>;

    /// Saves many new cases in as few transactions as the backend likes
    /// (all or nothing per batch); ids in the order given. Records whose
    /// key is already saved are counted, not saved again (a rerun after a
    /// failure saves only what is missing).
    fn save_many(
        &mut self,
        records: &[CaseRecord],
        now: NaiveDateTime,
    ) -> Result<SavedMany, StoreError>;

    /// Replaces a case's decision, reference and note (its id, agent and
    /// creation time stay), if its version is still `expected_version`;
    /// returns the new version. [`StoreError::Conflict`] names who changed
    /// it since; [`StoreError::NotFound`] when there is no such case.
    fn update(
        &mut self,
        id: &str,
        expected_version: i64,
        record: &CaseRecord,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError>;

    /// The case with this id; `Err(Damaged)` when its row cannot be read.
    fn get(&self, id: &str) -> Result<Option<Case>, StoreError>;

    /// One page of the cases matching `search`, newest first (or oldest).
    fn search(&self, search: &Search) -> Result<Page, StoreError>;

    /// How many cases match `search` (its cursor and limit ignored),
    /// counting no further than `cap`.
    fn count(&self, search: &Search, cap: u64) -> Result<u64, StoreError>;

    /// How many cases the log holds.
    fn total(&self) -> Result<u64, StoreError>;

    /// Every case matching `filter`, oldest first, one at a time: memory
    /// stays that of one case. The visitor stops the stream with
    /// `ControlFlow::Break`.
    fn for_each(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Streamed) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;

    /// Like [`CaseStore::for_each`], each case with its whole timeline
    /// (`cases export --format jsonl`).
    fn for_each_with_events(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(WithEvents) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;

    /// Like [`CaseStore::for_each`], but each case as only what a
    /// re-check needs (`cases recheck` over a million cases), lent: the
    /// store drops it (the SQLite log, which decodes on another thread,
    /// frees it there, where it was made).
    fn for_each_decision(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Result<&CaseDecision, DamagedCase>) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;

    /// Cases with this reference or order number (compared by
    /// [`reference_key`]), newest first, at most `limit`.
    fn with_reference(&self, reference: &str, limit: usize) -> Result<Vec<Case>, StoreError>;

    /// Adds cases from another log with their ids, keys, timestamps,
    /// versions and timelines, matched by case key: a case whose key is
    /// here is the same case (the events this log lacks are appended,
    /// none twice); a new case whose id is taken gets the next free id of
    /// its day, its old id kept as `imported_from`. Importing twice adds
    /// nothing. Ids minted later never reuse an imported one.
    fn import(&mut self, cases: &[Incoming]) -> Result<Imported, StoreError>;

    /// Appends `event` to case `id`'s timeline. With `redecided` (the
    /// record the event's fact re-decided, `case::timeline::redecide`),
    /// in the same transaction: the case's decision is replaced (as
    /// [`CaseStore::update`] does, refused with [`StoreError::Conflict`]
    /// unless the version is still `expected_version`) and a `decided`
    /// entry follows the event. Without it, the event is appended whatever
    /// the version (two agents' notes at once are both kept) unless
    /// `expected_version` is given and differs. The derived status, next
    /// action and due date are recomputed from the record and all events.
    /// Returns the case's version after (it grows only on re-decision).
    fn append_event(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError>;

    /// Case `id`'s timeline in the order it was recorded (`decided`
    /// entries included); empty for a case with none or no such case.
    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError>;

    /// The id of the case saved under case key `key` (a shared log: or
    /// the `pending-<key>` of its save waiting in the outbox), if any. A
    /// resumed draft's save that landed after its wizard was left is
    /// found, not saved a second time. Never waits on a database that is
    /// away: then `None`, and a save under that key is still saved once.
    fn saved_under(&self, key: &str) -> Result<Option<String>, StoreError>;

    /// The due queue: open and waiting cases by due date (ties by id),
    /// then, when `query.until` is `None`, those with no due date, newest
    /// first. Read from the derived, indexed columns only.
    fn due(&self, query: &DueQuery) -> Result<DuePage, StoreError>;

    /// Retention: erases the customer's contact details of every case
    /// resolved or closed before `before` (its derived closing day), and
    /// with `whole` deletes those cases and their timelines. One
    /// transaction; says how many.
    fn purge(&mut self, before: NaiveDate, whole: bool) -> Result<Purged, StoreError>;

    /// Saves waiting in the offline outbox to be sent (a shared log the
    /// network cannot reach); 0 for a log that is always at hand.
    fn waiting(&self) -> usize {
        0
    }

    /// The id a save answered with a provisional `pending-<key>` id got
    /// once the outbox sent it (case-log.md "What must hold", 8: the
    /// front end shows the real id at once); `None` while it waits, or for
    /// a log that never answers with one. Asks nothing of the network.
    fn settled_id(&self, _pending: &str) -> Option<String> {
        None
    }
}

/// Opens the log in force: the shared database chosen with
/// [`backend::choose_database`], else the SQLite file in `data_dir`.
pub fn open_in(data_dir: &Path) -> Result<Box<dyn CaseStore>, StoreError> {
    if let Some(url) = backend::database_url() {
        return Ok(Box::new(shared::SharedStore::open(&url, data_dir)?));
    }
    Ok(Box::new(SqliteStore::open_in(data_dir)?))
}

#[derive(Debug)]
pub enum StoreError {
    /// The log is not a claimdesk database, or is damaged.
    Corrupt { path: PathBuf, detail: String },
    /// Another process holds the database locked.
    Locked { path: PathBuf },
    /// The log cannot be opened or read (permissions, a symbolic link, a
    /// folder where the file should be).
    Unreadable { path: PathBuf, reason: String },
    /// The log cannot be written; `reason` says why.
    ReadOnly { path: PathBuf, reason: String },
    /// One case's row holds something the store never writes (JSON that
    /// does not parse, a date that is not one).
    Damaged { path: PathBuf, case: DamagedCase },
    /// Made by a newer claimdesk.
    NewerSchema { path: PathBuf, found: i64 },
    /// An update based on an old version: someone else changed the case.
    Conflict {
        id: String,
        by: String,
        at: NaiveDateTime,
    },
    /// No case with this id.
    NotFound { id: String },
    /// Anything else the database or the file system said.
    Other { path: PathBuf, detail: String },
    /// The shared database cannot be reached (down, shutting down or
    /// starting up, the network dropped, a deadline ran out): offline, a
    /// save waits in the outbox. `location` is its URL without password;
    /// `source`, the driver's error (see `postgres::fault_of`).
    Unreachable {
        location: String,
        reason: String,
        source: Option<ErrorSource>,
    },
    /// The shared database refused what a retry cannot fix (password,
    /// permission, schema, a constraint).
    Database {
        location: String,
        detail: String,
        source: Option<ErrorSource>,
    },
}

/// The error a [`StoreError`] came from, kept for
/// [`std::error::Error::source`].
pub type ErrorSource = std::sync::Arc<dyn std::error::Error + Send + Sync>;

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
                "case {} in the case log {} is damaged and cannot be shown ({}); {}",
                case.id,
                path.display(),
                case.detail,
                if case.is_on_damaged_page() {
                    "`cases export` saves every case that can still be read"
                } else {
                    "the other cases are unaffected"
                }
            ),
            StoreError::NewerSchema { path, found } => write!(
                f,
                "the case log {} was made by a newer claimdesk (schema {found}, this one knows {SCHEMA_VERSION})",
                path.display()
            ),
            StoreError::Conflict { .. } | StoreError::NotFound { .. } => f.write_str(&self.brief()),
            StoreError::Other { path, detail } => {
                write!(f, "the case log {}: {detail}", path.display())
            }
            StoreError::Unreachable {
                location, reason, ..
            } => write!(
                f,
                "the shared case log {location} cannot be reached: {reason}"
            ),
            StoreError::Database {
                location, detail, ..
            } => {
                write!(f, "the shared case log {location}: {detail}")
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
            StoreError::Conflict { id, by, at } => format!(
                "case {id} was changed by {} at {} since it was opened; open it again to see the change",
                if by.is_empty() {
                    "another agent"
                } else {
                    by.as_str()
                },
                at.format("%Y-%m-%d %H:%M:%S")
            ),
            StoreError::NotFound { id } => format!("there is no case {id} in the log"),
            StoreError::Other { detail, .. } => format!("the case log: {detail}"),
            StoreError::Unreachable { .. } => "the shared case log cannot be reached".into(),
            StoreError::Database { detail, .. } => format!("the shared case log: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Unreachable { source, .. } | StoreError::Database { source, .. } => source
                .as_deref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

/// A saved case whose row cannot be read back, by id, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedCase {
    pub id: String,
    /// The column and the reason, e.g. `claim_json: expected value at line 1 column 1`.
    pub detail: String,
}

/// What a [`DamagedCase`] says when its row, or its timeline, is on a
/// page of the file that cannot be read (the SQLite log).
const ON_DAMAGED_PAGE: [&str; 2] = [
    "its row is on a damaged page of the case log",
    "its timeline is on a damaged page of the case log",
];

impl DamagedCase {
    /// Case `id`, whose row is on a damaged page of the file.
    pub fn on_damaged_page(id: &str) -> DamagedCase {
        DamagedCase {
            id: id.to_owned(),
            detail: ON_DAMAGED_PAGE[0].to_owned(),
        }
    }

    /// Case `id`, whose timeline is on a damaged page of the file.
    pub fn timeline_on_damaged_page(id: &str) -> DamagedCase {
        DamagedCase {
            id: id.to_owned(),
            detail: ON_DAMAGED_PAGE[1].to_owned(),
        }
    }

    /// Whether the file itself is damaged there (not one row's content):
    /// then more than this case may be at stake, and it is worth saving
    /// what can still be read.
    /// A row whose id is not one the store writes was garbled in the
    /// file too: a damaged page SQLite still reads as a row.
    pub fn is_on_damaged_page(&self) -> bool {
        ON_DAMAGED_PAGE.contains(&self.detail.as_str()) || crate::case::split_id(&self.id).is_none()
    }
}

impl fmt::Display for DamagedCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "case {} is damaged ({})", self.id, self.detail)
    }
}

/// A screen's status line for the cases a page left out as damaged: how
/// many, and the first named; `None` when none were.
pub fn left_out_line(damaged: &[DamagedCase]) -> Option<String> {
    let first = damaged.first()?;
    Some(format!(
        "{} damaged case(s) left out of the list ({first})",
        damaged.len()
    ))
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
    // The folders made here belong to whoever owns the nearest folder that
    // was there: root running claimdesk once on an agent's data folder
    // must not leave `drafts/` the agent can no longer write.
    let existing = dir.ancestors().skip(1).find(|a| a.is_dir());
    builder.create(dir)?;
    #[cfg(unix)]
    if let Some(existing) = existing {
        keep_owner(dir, existing)?;
    }
    Ok(())
}

/// Gives `dir` and its parents below `existing` the owner of `existing`,
/// when running as root and that owner is another user.
#[cfg(unix)]
fn keep_owner(dir: &Path, existing: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(());
    }
    let owner = std::fs::metadata(existing)?;
    if owner.uid() == 0 {
        return Ok(());
    }
    for made in dir.ancestors().take_while(|a| *a != existing) {
        std::os::unix::fs::chown(made, Some(owner.uid()), Some(owner.gid()))?;
    }
    Ok(())
}

/// What the history search matches in a case's timeline, kept in the
/// `timeline_words` column of both logs on every append, edit and import:
/// each event's kind (with `_` as spaces, as shown), its note, tracking
/// number, RMA number, what was sent, why, and amount; lower case, one
/// line. (The status words come from the `status` column itself.)
pub fn timeline_words(events: &[Event]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        let text = text.trim().to_lowercase();
        if !text.is_empty() && !words.contains(&text) {
            words.push(text);
        }
    };
    for event in events {
        add(&event.kind.id().replace('_', " "));
        add(&event.note);
        let extra = &event.extra;
        for value in [
            &extra.tracking,
            &extra.rma,
            &extra.what,
            &extra.reason,
            &extra.amount,
        ]
        .into_iter()
        .flatten()
        {
            add(value);
        }
    }
    words.join(" ")
}

/// Property 7 on import: after an incoming copy's events are merged into
/// `here` (the case as this log has it, whose own timeline was `mine`),
/// the decision follows the merged timeline. When the newest `decided`
/// entry of the merged timeline came in with the import, the incoming
/// record's decision is the case's (its claim, outcome and policy), with
/// this log's reference, note and contact kept (an export may leave the
/// contact out); otherwise `None`: this log's decision stands.
pub fn merged_decision(
    here: &CaseRecord,
    mine: &[Event],
    incoming: &CaseRecord,
    merged: &[Event],
) -> Option<CaseRecord> {
    use crate::case::timeline::{EventKind, in_order};
    let newest = in_order(merged)
        .into_iter()
        .rev()
        .find(|e| e.kind == EventKind::Decided)?;
    if mine.contains(&newest) || incoming.outcome == here.outcome && incoming.claim == here.claim {
        return None;
    }
    let mut record = incoming.clone();
    record.reference = here.reference.clone();
    record.note = here.note.clone();
    record.customer = here.customer.clone();
    Some(record)
}
