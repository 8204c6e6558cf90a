//! The PostgreSQL backend of [`CaseStore`](super::CaseStore): one log
//! shared by a floor of agents (the sync `postgres` crate; TLS through
//! rustls when the URL says `sslmode=require`).
//!
//! - Ids come from `day_counters`, bumped in the very statement that
//!   inserts the case (`INSERT .. ON CONFLICT DO UPDATE .. RETURNING`):
//!   the counter row is locked until the save commits, so two agents
//!   never get one number and a failed save leaves no gap. Saves wait
//!   for that row in order, on a per-day advisory lock (`DAY_QUEUE`).
//! - An update names the version it read; `UPDATE .. WHERE version = $n`
//!   changes nothing when another agent got there first, and the refusal
//!   names who and when.
//! - A committed case is seen by every other connection's next query:
//!   the repeat-claim look-up of agent B finds agent A's case at once.
//! - Pages and counts run in the database, `sort_key` order: a history
//!   search's words by the steps of `plan` (the newest cases first through
//!   an index-only read, the trigram index when matches are rare there);
//!   exports read a portal 500 rows at a time, so memory stays flat over a
//!   million cases.
//! - `save_keyed` is a save with a client-made idempotency key (the
//!   outbox's): sent twice, it returns the first save's id;
//!   `append_event_keyed` is the same for an event.
//! - The timeline (`timeline.rs`): every save, update, import and event
//!   keeps the case's derived status, next action and due date (computed
//!   with `case::timeline::standing`, as on SQLite); an event locks its
//!   case's row, so two agents' events are both kept and each standing is
//!   computed over all of them; the due queue is a range of a partial
//!   index.
//!
//! Messages name the log as `postgres://user@host:port/db`: never the
//! password (see `credentials`).

mod client;
pub mod credentials;
mod fault;
mod plan;
pub mod roles;
mod rows;
pub mod schema;
mod timeline;
pub mod tls;
mod write;

use super::{
    CaseStore, Cursor, DamagedCase, DuePage, DueQuery, Filter, Imported, Incoming, Page, Purged,
    SavedMany, Search, StoreError, Streamed, WithEvents, reference_key,
};
use crate::case::timeline::{Event, standing};
use crate::case::{Case, CaseBrief, CaseDecision, CaseRecord, split_id};
use crate::rules::ClaimInput;
use crate::store::columns::CaseRow;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use client::{Client, GenericClient};
use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Duration;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use fault::classified;
pub(crate) use fault::pg_error;
pub use fault::{Fault, fault_of};
pub use plan::{SearchRows, SearchStep};
use rows::*;
pub use schema::SCHEMA_VERSION;
use write::*;

/// Cases per transaction of `save_many` and `import`.
const BATCH: usize = 5_000;

/// How many of the newest cases a count with a filter reads in page
/// order before it asks the planner (see `count`).
const COUNT_WINDOW: usize = 20_000;

/// Rows an export reads from its portal at a time.
const STREAM_ROWS: i32 = 500;

/// The server's `statement_timeout` for every statement of a session
/// (set at connect, unless the URL's `options` set one).
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long the client waits for any one call: the server's limit and
/// a margin for the answer to arrive.
const STATEMENT_LIMIT: Duration = Duration::from_secs(20);

/// The client-side limit of the lead's long operations (migrations,
/// purge, import), which also lift `statement_timeout` for themselves.
const LONG_LIMIT: Duration = Duration::from_secs(3600);

/// An open connection to a shared case log.
pub struct PgStore {
    /// A `RefCell`: reads (`&self`) need the client mutably too, and a
    /// store is used from one thread at a time (`Send`, not `Sync`).
    client: RefCell<Client>,
    location: String,
    secret: Option<String>,
    /// What the last count found (its search, and the sort keys of its
    /// matches, in page order): the page the wizard asks for next is read
    /// by key instead of searching twice.
    counted: RefCell<Option<(Search, Vec<i64>)>>,
    /// How far the ordered steps of a history search read (see `plan`).
    search_rows: SearchRows,
    /// The step that answered the last planned search or count.
    last_step: Cell<Option<SearchStep>>,
    /// The save statement, prepared once per connection: parsing and
    /// planning it on every save cost each of 16 agents CPU that the
    /// save holding the day's counter row then waited for.
    insert: Option<tokio_postgres::Statement>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

pub(super) type Param = Box<dyn ToSql + Sync>;

impl PgStore {
    /// Connects to the log at `url` and brings its schema up to date.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        PgStore::connect_at(url, SCHEMA_VERSION)
    }

    /// Connects and migrates only up to `version` (tests build old logs).
    pub fn connect_at(url: &str, version: i64) -> Result<PgStore, StoreError> {
        let target = credentials::target(url).map_err(|detail| StoreError::Database {
            location: credentials::masked(url),
            detail,
            source: None,
        })?;
        let connected = if target.tls.mode == tls::SslMode::Disable {
            client::connect(
                &target.config,
                tokio_postgres::NoTls,
                target.deadline,
                STATEMENT_LIMIT,
            )
        } else {
            let connector = target
                .tls
                .connector()
                .map_err(|detail| StoreError::Database {
                    location: target.location.clone(),
                    detail,
                    source: None,
                })?;
            client::connect(&target.config, connector, target.deadline, STATEMENT_LIMIT)
        };
        let client = connected.map_err(|failure| match failure {
            client::ConnectFailure::Pg(e) => {
                pg_error(&target.location, target.secret.as_deref(), e)
            }
            // The deadline ran out: the driver's timeout, classified as
            // every other error (offline).
            client::ConnectFailure::TimedOut(after) => classified(
                &target.location,
                &format!("no answer within {} s", after.as_secs()),
                tokio_postgres::Error::__private_api_timeout(),
            ),
            client::ConnectFailure::Runtime(e) => StoreError::Database {
                location: target.location.clone(),
                detail: format!("cannot start the connection: {e}"),
                source: Some(std::sync::Arc::new(e)),
            },
        })?;
        let mut store = PgStore {
            client: RefCell::new(client),
            location: target.location,
            secret: target.secret,
            counted: RefCell::new(None),
            search_rows: SearchRows::default(),
            last_step: Cell::new(None),
            insert: None,
        };
        store.prepare(version)?;
        Ok(store)
    }

    fn prepare(&mut self, to: i64) -> Result<(), StoreError> {
        let err = self.err();
        let client = self.client.get_mut();
        let found = schema::version(client).map_err(&err)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Database {
                location: self.location.clone(),
                detail: format!(
                    "made by a newer claimdesk (schema {found}, this one knows {SCHEMA_VERSION})"
                ),
                source: None,
            });
        }
        if found < to {
            client.set_limit(LONG_LIMIT);
            let migrated = schema::migrate_to(client, to);
            client.set_limit(STATEMENT_LIMIT);
            migrated.map_err(&err)?;
        }
        Ok(())
    }

    /// `admin init-db`: connects as the database owner, migrates the log,
    /// and makes the roles `claimdesk_agent` and `claimdesk_lead` with
    /// their grants (see `roles`). Safe to run again.
    pub fn init_db(url: &str) -> Result<PgStore, StoreError> {
        PgStore::init_db_at(url, SCHEMA_VERSION)
    }

    /// `admin init-db` as the claimdesk of schema `version` (7 or later)
    /// ran it (tests build old logs, as with [`PgStore::connect_at`]).
    pub fn init_db_at(url: &str, version: i64) -> Result<PgStore, StoreError> {
        let mut store = PgStore::connect_at(url, version)?;
        let err = store.err();
        let client = store.client.get_mut();
        let mut tx = client.transaction().map_err(&err)?;
        roles::grant(&mut tx, version).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(store)
    }

    /// How far history searches read in page order before the trigram
    /// index (tests set small numbers to run every step on a small log).
    pub fn set_search_rows(&mut self, rows: SearchRows) {
        self.search_rows = rows;
    }

    /// The step of `plan` that answered the last history search or count
    /// the planned steps answered (tests check each is taken).
    pub fn last_search_step(&self) -> Option<SearchStep> {
        self.last_step.get()
    }

    /// The schema version of the log (tests).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::version(&mut *self.client.borrow_mut()).map_err(self.err())
    }

    /// Maps a database error; owns what it needs, so the client can be
    /// borrowed while it is held.
    fn err(&self) -> impl Fn(tokio_postgres::Error) -> StoreError + 'static {
        let (location, secret) = (self.location.clone(), self.secret.clone());
        move |e| pg_error(&location, secret.as_deref(), e)
    }

    /// Whether the connection is gone (the server stopped, the network
    /// dropped): then the store must be opened again.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Saves a case under a client-made idempotency key: if a case was
    /// already saved with `key` (a resend), its id is returned and nothing
    /// is saved.
    pub fn save_keyed(
        &mut self,
        record: &CaseRecord,
        now: NaiveDateTime,
        key: &str,
    ) -> Result<String, StoreError> {
        let err = self.err();
        let case_key = super::sqlite::key_of(record);
        let client = self.client.get_mut();
        if let Some(id) = saved_id(client, key, &case_key).map_err(&err)? {
            return Ok(id);
        }
        match insert_one(client, &mut self.insert, record, now, Some(key)) {
            Ok(id) => Ok(id),
            // Sent at the same moment by another process: the case is there.
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
                saved_id(client, key, &case_key)
                    .map_err(&err)?
                    .ok_or_else(|| err(e))
            }
            Err(e) => Err(err(e)),
        }
    }

    /// Appends an event sent from the offline outbox under its key `key`:
    /// sent twice (the answer to a commit was lost), it is appended once.
    /// Otherwise as [`CaseStore::append_event`], one transaction.
    pub fn append_event_keyed(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
        key: &str,
    ) -> Result<i64, StoreError> {
        self.append_in_transaction(id, expected_version, event, redecided, now, Some(key))
    }

    /// One event appended (and the case re-decided) in one transaction;
    /// `key` is the outbox's idempotency key, if it came from there.
    fn append_in_transaction(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
        key: Option<&str>,
    ) -> Result<i64, StoreError> {
        let err = self.err();
        let location = self.location.clone();
        let mut tx = self.client.get_mut().transaction().map_err(&err)?;
        let version = append(
            &mut tx,
            &location,
            id.trim(),
            expected_version,
            event,
            redecided,
            now,
            key,
            &err,
        )?;
        tx.commit().map_err(&err)?;
        Ok(version)
    }

    /// The id of the case saved under idempotency key `key` (an outbox
    /// entry's, which is the case key of records made with one), if any.
    pub fn id_for_key(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        let err = self.err();
        saved_id(self.client.get_mut(), key, key).map_err(err)
    }

    /// The first page of `search` read by the keys the count before it
    /// found, when it was a count of the same search.
    fn page_from_count(&self, search: &Search) -> Result<Option<Page>, StoreError> {
        let Some((counted, keys)) = self.counted.borrow_mut().take() else {
            return Ok(None);
        };
        let same = search.after.is_none()
            && counted.words == search.words
            && counted.filter == search.filter
            && counted.oldest_first == search.oldest_first
            && counted.limit == search.limit;
        if !same {
            return Ok(None);
        }
        let keys: Vec<i64> = keys.into_iter().take(search.limit).collect();
        self.page_of_keys(search, &keys).map(Some)
    }

    /// The page of `search` whose cases are those of `keys` (its first
    /// matches, in page order, at most its limit).
    fn page_of_keys(&self, search: &Search, keys: &[i64]) -> Result<Page, StoreError> {
        if keys.is_empty() {
            // No match (a short word no block has): the table is not read.
            return Ok(Page::default());
        }
        let order = if search.oldest_first { "ASC" } else { "DESC" };
        let sql = format!(
            "SELECT {BRIEF} FROM cases c WHERE c.sort_key = ANY($1) ORDER BY c.sort_key {order}"
        );
        let rows = self
            .client
            .borrow_mut()
            .query(&sql, &[&keys])
            .map_err(self.err())?;
        let mut page = Page::default();
        for row in &rows {
            match read_brief(row) {
                Ok(b) => page.cases.push(b),
                Err(d) => page.damaged.push(d),
            }
        }
        if keys.len() == search.limit {
            page.next = keys.last().copied().map(Cursor);
        }
        Ok(page)
    }

    /// The words of a history search the planned steps answer (see
    /// `plan`): words and no filter, as the wizard's history screen
    /// searches. A filter's search is left to the planner.
    fn planned(search: &Search) -> Option<plan::Words> {
        let words: Vec<String> = search
            .words
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        (!words.is_empty() && search.filter == Filter::default()).then(|| plan::Words {
            words,
            oldest_first: search.oldest_first,
            after: search.after.map(|Cursor(key)| key),
        })
    }

    /// The first `want` matches of a planned search.
    fn planned_matches(
        &self,
        words: &plan::Words,
        want: usize,
    ) -> Result<plan::Matches, StoreError> {
        let found = words
            .matches(&mut self.client.borrow_mut(), self.search_rows, want)
            .map_err(self.err())?;
        self.last_step.set(Some(found.step));
        Ok(found)
    }

    /// `FROM .. WHERE ..` of a search and its values.
    fn search_sql(search: &Search, with_cursor: bool) -> (String, Vec<Param>) {
        let mut sql = "FROM cases c WHERE TRUE".to_owned();
        let mut values: Vec<Param> = Vec::new();
        for word in search.words.split_whitespace() {
            values.push(Box::new(format!(
                "%{}%",
                like_escaped(&word.to_lowercase())
            )));
            sql.push_str(&format!(" AND c.words LIKE ${}", values.len()));
        }
        conditions(&search.filter, &mut sql, &mut values);
        if let (true, Some(Cursor(after))) = (with_cursor, search.after) {
            values.push(Box::new(after));
            let op = if search.oldest_first { ">" } else { "<" };
            sql.push_str(&format!(" AND c.sort_key {op} ${}", values.len()));
        }
        (sql, values)
    }

    /// Streams the rows of `sql` through a portal, 500 at a time.
    fn stream(
        &self,
        sql: &str,
        values: &[Param],
        visit: &mut dyn FnMut(&Row) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let err = self.err();
        let mut client = self.client.borrow_mut();
        let mut tx = client.read_only_transaction().map_err(&err)?;
        let portal = tx.bind(sql, &refs(values)).map_err(&err)?;
        loop {
            let rows = tx.query_portal(&portal, STREAM_ROWS).map_err(&err)?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                if visit(row).is_break() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}

impl CaseStore for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn is_read_only(&self) -> bool {
        false
    }

    fn save(&mut self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        let err = self.err();
        let key = super::sqlite::key_of(record);
        let client = self.client.get_mut();
        match insert_one(client, &mut self.insert, record, now, None) {
            Ok(id) => Ok(id),
            // The same case saved before (a resend): its id.
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
                saved_id(client, &key, &key)
                    .map_err(&err)?
                    .ok_or_else(|| err(e))
            }
            Err(e) => Err(err(e)),
        }
    }

    fn save_many(
        &mut self,
        records: &[CaseRecord],
        now: NaiveDateTime,
    ) -> Result<SavedMany, StoreError> {
        let err = self.err();
        let (day, day_number) = day_of(now);
        let client = self.client.get_mut();
        let mut done = SavedMany {
            ids: Vec::with_capacity(records.len()),
            already: 0,
        };
        for chunk in records.chunks(BATCH) {
            let mut tx = client.transaction().map_err(&err)?;
            // What a run before this one saved already (a rerun).
            let keys: Vec<String> = chunk.iter().map(super::sqlite::key_of).collect();
            let found: std::collections::HashMap<String, String> = tx
                .query(
                    "SELECT case_key, id FROM cases WHERE case_key = ANY($1)",
                    &[&keys],
                )
                .map_err(&err)?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            // The new cases, each key once (a record may repeat one
            // earlier in the batch: it is that case, counted, not saved
            // again).
            let mut seen = std::collections::HashSet::new();
            let fresh: Vec<(&CaseRecord, &String)> = chunk
                .iter()
                .zip(&keys)
                .filter(|(_, k)| !found.contains_key(*k) && seen.insert(*k))
                .collect();
            if fresh.is_empty() {
                done.already += chunk.len();
                done.ids
                    .extend(keys.iter().filter_map(|k| found.get(k).cloned()));
                tx.commit().map_err(&err)?;
                continue;
            }
            let n = i32::try_from(fresh.len()).unwrap_or(i32::MAX);
            // The batch's numbers, taken at once: last-n+1 ..= last.
            let last: i32 = tx
                .query_one(
                    "SELECT claimdesk_take_ids($1, $2, $3)",
                    &[&day, &day_number, &n],
                )
                .map_err(&err)?
                .get(0);
            let mut batch = Batch::default();
            for (i, (record, key)) in fresh.iter().enumerate() {
                let seq = i64::from(last) - i64::from(n) + 1 + i as i64;
                batch.push(&CaseRow::saved(record, &day, seq, now, (*key).clone()));
            }
            batch.insert_as_owner(&mut tx).map_err(&err)?;
            batch.insert_decided(&mut tx).map_err(&err)?;
            tx.commit().map_err(&err)?;
            let minted: std::collections::HashMap<&String, String> =
                fresh.iter().map(|(_, key)| *key).zip(batch.id).collect();
            let mut answered = std::collections::HashSet::new();
            for key in &keys {
                if let Some(id) = found.get(key) {
                    done.ids.push(id.clone());
                    done.already += 1;
                } else if let Some(id) = minted.get(key) {
                    // A repeat of a key earlier in the batch is that case.
                    done.ids.push(id.clone());
                    if !answered.insert(key) {
                        done.already += 1;
                    }
                }
            }
        }
        Ok(done)
    }

    fn update(
        &mut self,
        id: &str,
        expected_version: i64,
        case: &CaseRecord,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        let err = self.err();
        let id = id.trim();
        let mut tx = self.client.get_mut().transaction().map_err(&err)?;
        let before = lock_case(&mut tx, id, Some(expected_version), &err)?;
        let version = replace_decision(&mut tx, id, before.version, case, by, now)
            .map_err(&err)?
            .ok_or_else(|| changed(id, now))?;
        // A new decision goes on the timeline; a changed note or contact
        // alone is no decision.
        let outcome_json = serde_json::to_string(&case.outcome).unwrap_or_default();
        if before.outcome_json != outcome_json || before.sha256 != case.policy.sha256 {
            timeline::insert_event(&mut tx, id, &Event::decided(case, by, now), None)
                .map_err(&err)?;
        }
        let events = timeline::read_events(&mut tx, id).map_err(&err)?;
        timeline::write_standing(&mut tx, id, case, &events).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(version)
    }

    fn get(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = $1");
        let row = self
            .client
            .borrow_mut()
            .query_opt(&sql, &[&id.trim()])
            .map_err(self.err())?;
        match row.map(|r| read_case(&r)) {
            None => Ok(None),
            Some(Ok(case)) => Ok(Some(case)),
            Some(Err(case)) => Err(StoreError::Damaged {
                path: PathBuf::from(&self.location),
                case,
            }),
        }
    }

    fn search(&self, search: &Search) -> Result<Page, StoreError> {
        if let Some(page) = self.page_from_count(search)? {
            return Ok(page);
        }
        if let Some(words) = PgStore::planned(search) {
            let found = self.planned_matches(&words, search.limit)?;
            if found.first.len() == found.count {
                return self.page_of_keys(search, &found.first);
            }
        }
        let (from, mut values) = PgStore::search_sql(search, true);
        let order = if search.oldest_first { "ASC" } else { "DESC" };
        values.push(Box::new(search.limit.min(i64::MAX as usize) as i64));
        let sql = format!(
            "SELECT {BRIEF} {from} ORDER BY c.sort_key {order} LIMIT ${}",
            values.len()
        );
        let rows = self
            .client
            .borrow_mut()
            .query(&sql, &refs(&values))
            .map_err(self.err())?;
        let mut page = Page::default();
        for row in &rows {
            match read_brief(row) {
                Ok(b) => page.cases.push(b),
                Err(d) => page.damaged.push(d),
            }
        }
        if rows.len() == search.limit {
            page.next = rows.last().and_then(|r| r.try_get(9).ok()).map(Cursor);
        }
        Ok(page)
    }

    /// How many cases match, up to `cap`. The keys of the first matches
    /// found on the way are kept for the page the wizard asks for next.
    ///
    /// Words without a filter (the history screen): the steps of `plan`.
    /// With a filter, two steps: first the newest [`COUNT_WINDOW`] cases
    /// in page order (a common filter has `cap` matches among them);
    /// otherwise the planner's count, in no order, stopping at `cap`.
    fn count(&self, search: &Search, cap: u64) -> Result<u64, StoreError> {
        // Whatever this count finds, the keys of an earlier one are stale.
        self.counted.borrow_mut().take();
        let mut key = search.clone();
        key.after = None;
        if let Some(words) = PgStore::planned(&key) {
            let want = usize::try_from(cap).unwrap_or(usize::MAX);
            let found = self.planned_matches(&words, want)?;
            // A first page, or every match there is (fewer than the cap).
            let every = found.count < want && found.first.len() == found.count;
            let usable = found.first.len() >= search.limit || every;
            *self.counted.borrow_mut() = usable.then_some((key, found.first));
            return Ok(found.count as u64);
        }
        let (from, mut values) = PgStore::search_sql(search, false);
        let cap_param = cap.min(i64::MAX as u64) as i64;
        let order = if search.oldest_first { "ASC" } else { "DESC" };
        let window_sql = format!(
            "SELECT c.sort_key FROM (SELECT * FROM cases ORDER BY sort_key {order} LIMIT {COUNT_WINDOW}) c
             WHERE TRUE{} ORDER BY c.sort_key {order} LIMIT ${}",
            from.trim_start_matches("FROM cases c WHERE TRUE"),
            values.len() + 1
        );
        values.push(Box::new(cap_param));
        let keys: Vec<i64> = self
            .client
            .borrow_mut()
            .query(&window_sql, &refs(&values))
            .map_err(self.err())?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let n = keys.len() as u64;
        let whole_log = self.total()? <= COUNT_WINDOW as u64;
        if n >= cap || whole_log {
            // Long enough for a first page, or every match there is.
            let usable = keys.len() >= search.limit || (whole_log && n < cap);
            *self.counted.borrow_mut() = usable.then(|| {
                let mut key = search.clone();
                key.after = None;
                (key, keys)
            });
            return Ok(n);
        }
        *self.counted.borrow_mut() = None;
        let count_sql = format!(
            "SELECT count(*) FROM (SELECT 1 {from} LIMIT ${}) t",
            values.len()
        );
        let all: i64 = self
            .client
            .borrow_mut()
            .query_one(&count_sql, &refs(&values))
            .map_err(self.err())?
            .get(0);
        Ok(all.max(0) as u64)
    }

    fn total(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .client
            .borrow_mut()
            .query_one("SELECT cases FROM case_count", &[])
            .map_err(self.err())?
            .get(0);
        Ok(n.max(0) as u64)
    }

    fn for_each(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Streamed) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM cases c WHERE TRUE");
        let mut values = Vec::new();
        conditions(filter, &mut sql, &mut values);
        sql.push_str(" ORDER BY c.sort_key");
        self.stream(&sql, &values, &mut |row| visit(read_case(row)))
    }

    fn for_each_with_events(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(WithEvents) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM cases c WHERE TRUE");
        let mut values = Vec::new();
        conditions(filter, &mut sql, &mut values);
        sql.push_str(" ORDER BY c.sort_key");
        let err = self.err();
        let mut client = self.client.borrow_mut();
        let mut tx = client.read_only_transaction().map_err(&err)?;
        let portal = tx.bind(&sql, &refs(&values)).map_err(&err)?;
        loop {
            let rows = tx.query_portal(&portal, STREAM_ROWS).map_err(&err)?;
            if rows.is_empty() {
                break;
            }
            let ids: Vec<String> = rows
                .iter()
                .filter_map(|r| r.try_get::<_, String>(0).ok())
                .collect();
            let mut events = timeline::read_events_of(&mut tx, &ids).map_err(&err)?;
            for row in &rows {
                let read = read_case(row).map(|case| {
                    let timeline = events.remove(&case.id).unwrap_or_default();
                    (case, timeline)
                });
                if visit(read).is_break() {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn for_each_decision(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Result<&CaseDecision, DamagedCase>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let mut sql =
            "SELECT c.id, c.claim_json, c.outcome_json FROM cases c WHERE TRUE".to_owned();
        let mut values = Vec::new();
        conditions(filter, &mut sql, &mut values);
        sql.push_str(" ORDER BY c.sort_key");
        self.stream(&sql, &values, &mut |row| {
            let id: String = row.try_get(0).unwrap_or_default();
            let read = || -> Result<CaseDecision, String> {
                let claim: String = row.try_get(1).map_err(|e| format!("claim_json: {e}"))?;
                let decided: String = row.try_get(2).map_err(|e| format!("outcome_json: {e}"))?;
                let value: serde_json::Value =
                    serde_json::from_str(&claim).map_err(|e| format!("claim_json: {e}"))?;
                Ok(CaseDecision {
                    id: id.clone(),
                    claim: ClaimInput::from_value(&value)
                        .map_err(|e| format!("claim_json: {e}"))?,
                    decided: serde_json::from_str(&decided)
                        .map_err(|e| format!("outcome_json: {e}"))?,
                })
            };
            match read() {
                Ok(decision) => visit(Ok(&decision)),
                Err(detail) => visit(Err(DamagedCase {
                    id: crate::text::shown(&id, 40),
                    detail: crate::text::shown(&detail, 120),
                })),
            }
        })
    }

    fn with_reference(&self, reference: &str, limit: usize) -> Result<Vec<Case>, StoreError> {
        let key = reference_key(reference);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM cases c WHERE c.reference_key = $1
             ORDER BY c.sort_key DESC LIMIT $2"
        );
        let rows = self
            .client
            .borrow_mut()
            .query(&sql, &[&key, &(limit.min(i64::MAX as usize) as i64)])
            .map_err(self.err())?;
        Ok(rows.iter().filter_map(|r| read_case(r).ok()).collect())
    }

    /// Case by case (each needs a look-up by key, and a renumbered one a
    /// fresh number), [`BATCH`] cases a transaction.
    fn import(&mut self, cases: &[Incoming]) -> Result<Imported, StoreError> {
        let err = self.err();
        let location = self.location.clone();
        let client = self.client.get_mut();
        let mut done = Imported::default();
        for chunk in cases.chunks(BATCH) {
            let mut tx = client.transaction().map_err(&err)?;
            for incoming in chunk {
                import_one(&mut tx, &location, incoming, &mut done, &err)?;
            }
            tx.commit().map_err(&err)?;
        }
        Ok(done)
    }

    fn append_event(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.append_in_transaction(id, expected_version, event, redecided, now, None)
    }

    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        timeline::read_events(&mut *self.client.borrow_mut(), id.trim()).map_err(self.err())
    }

    fn saved_under(&self, key: &str) -> Result<Option<String>, StoreError> {
        saved_id(&mut *self.client.borrow_mut(), key, key).map_err(self.err())
    }

    fn due(&self, query: &DueQuery) -> Result<DuePage, StoreError> {
        timeline::due(&mut *self.client.borrow_mut(), query).map_err(self.err())
    }

    fn purge(&mut self, before: NaiveDate, whole: bool) -> Result<Purged, StoreError> {
        let err = self.err();
        let client = self.client.get_mut();
        client.set_limit(LONG_LIMIT);
        let purged = (|| {
            let mut tx = client.transaction()?;
            tx.batch_execute("SET LOCAL statement_timeout = 0")?;
            let purged = timeline::purge(&mut tx, before, whole)?;
            tx.commit()?;
            Ok(purged)
        })();
        client.set_limit(STATEMENT_LIMIT);
        purged.map_err(&err)
    }
}
