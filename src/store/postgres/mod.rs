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
mod plan;
pub mod roles;
pub mod schema;
mod timeline;
pub mod tls;

use super::{
    CaseStore, Cursor, DamagedCase, DuePage, DueQuery, Filter, Imported, Incoming, Page, Purged,
    SavedMany, Search, StoreError, Streamed, WithEvents, reference_key,
};
use crate::case::timeline::{Event, Standing, standing};
use crate::case::{
    Case, CaseBrief, CaseDecision, CaseRecord, Contact, OutcomeRecord, PolicyRef, split_id,
};
use crate::rules::ClaimInput;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use client::{Client, GenericClient};
use std::cell::{Cell, RefCell};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Duration;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

pub use plan::{SearchRows, SearchStep};
pub use schema::SCHEMA_VERSION;

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

type Param = Box<dyn ToSql + Sync>;

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
        let mut store = PgStore::connect(url)?;
        let err = store.err();
        let client = store.client.get_mut();
        let mut tx = client.transaction().map_err(&err)?;
        roles::grant(&mut tx).map_err(&err)?;
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

fn refs(values: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// `text` with LIKE's wildcards and escape taken literally.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn conditions(filter: &Filter, sql: &mut String, values: &mut Vec<Param>) {
    let mut narrow = |clause: &str, value: String| {
        values.push(Box::new(value));
        sql.push_str(&format!(" AND {clause} ${}", values.len()));
    };
    if let Some(from) = filter.from {
        narrow("c.claim_date >=", from.to_string());
    }
    if let Some(to) = filter.to {
        narrow("c.claim_date <=", to.to_string());
    }
    if let Some(vendor) = &filter.vendor {
        narrow("c.vendor =", vendor.clone());
    }
    if let Some(verdict) = filter.verdict {
        narrow("c.verdict =", verdict.id().to_owned());
    }
    if let Some(reference) = &filter.reference {
        narrow("c.reference_key =", reference_key(reference));
    }
}

/// Seconds, as the SQLite log keeps them: a case reads back as saved.
fn whole_seconds(at: NaiveDateTime) -> NaiveDateTime {
    at.with_nanosecond(0).unwrap_or(at)
}

/// A time the store was given (UTC, naive) as the instant a `timestamptz`
/// column takes, in whole seconds.
fn instant(at: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&whole_seconds(at))
}

/// A `timestamptz` column read back as the store's naive UTC.
fn read_instant(row: &Row, i: usize) -> Result<NaiveDateTime, tokio_postgres::Error> {
    row.try_get::<_, DateTime<Utc>>(i).map(|t| t.naive_utc())
}

/// The columns a new case fills, after `sort_key, id, day, seq`.
const FIELDS: &str = "created_at, updated_at, vendor, issue, verdict, claim_date,
    reference, reference_key, agent, note, claim_json, outcome_json, policy_fingerprint,
    policy_origin, policy_sha256, policy_version, version, updated_by, customer_name,
    customer_phone, customer_email, status, next_action, due_date, closed_on, case_key,
    imported_from";

/// The day's counter key (`20261202`), as text and as a number.
fn day_of(now: NaiveDateTime) -> (String, i64) {
    let day = now.date().format("%Y%m%d").to_string();
    let number = day.parse().unwrap_or(0);
    (day, number)
}

/// One save in one statement (its own transaction): the day's counter
/// is bumped, the case inserted with its standing, and its first
/// `decided` entry appended, together.
fn insert_one(
    client: &mut Client,
    prepared: &mut Option<tokio_postgres::Statement>,
    record: &CaseRecord,
    now: NaiveDateTime,
    key: Option<&str>,
) -> Result<String, tokio_postgres::Error> {
    let (day, day_number) = day_of(now);
    let decided = Event::decided(record, &record.agent, whole_seconds(now));
    let now = instant(now);
    let r = Columns::of(record);
    let s = standing(record, &[]);
    let case_key = crate::store::sqlite::key_of(record);
    let decided_extra = serde_json::to_string(&decided.extra).unwrap_or_else(|_| "{}".into());
    // The save runs as the owner (`roles`): an agent's role has no
    // UPDATE on the counter nor INSERT on cases.
    let sql = format!(
        "SELECT claimdesk_save({})",
        (1..=29)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let statement = match prepared {
        Some(statement) => statement.clone(),
        None => prepared.insert(client.prepare(&sql)?).clone(),
    };
    let row = client.query_one(
        &statement,
        &[
            &day,
            &day_number,
            &key,
            &now,
            &r.vendor,
            &r.issue,
            &r.verdict,
            &r.claim_date,
            &r.reference,
            &r.reference_key,
            &r.agent,
            &r.note,
            &r.claim_json,
            &r.outcome_json,
            &r.fingerprint,
            &r.origin,
            &r.sha256,
            &r.policy_version,
            &r.customer.name,
            &r.customer.phone,
            &r.customer.email,
            &s.status.id(),
            &s.next_action,
            &s.due,
            &s.closed_on,
            &decided.date,
            &decided_extra,
            &case_key,
            &record.imported_from,
        ],
    )?;
    Ok(row.get(0))
}

/// A record's column values.
struct Columns {
    vendor: String,
    issue: String,
    verdict: String,
    claim_date: String,
    reference: String,
    reference_key: String,
    agent: String,
    note: String,
    claim_json: String,
    outcome_json: String,
    fingerprint: String,
    origin: String,
    sha256: String,
    policy_version: Option<String>,
    customer: Contact,
}

impl Columns {
    fn of(case: &CaseRecord) -> Columns {
        Columns {
            vendor: case.outcome.vendor.clone(),
            issue: case.outcome.issue.clone(),
            verdict: case.outcome.verdict.id().to_owned(),
            claim_date: case.outcome.claim_date.to_string(),
            reference: case.reference.trim().to_owned(),
            reference_key: reference_key(&case.reference),
            agent: case.agent.clone(),
            note: case.note.clone(),
            claim_json: case.claim.to_json_value().to_string(),
            outcome_json: serde_json::to_string(&case.outcome).unwrap_or_default(),
            fingerprint: case.policy.fingerprint.clone(),
            origin: case.policy.origin.clone(),
            sha256: case.policy.sha256.clone(),
            policy_version: case.policy.version.clone(),
            customer: Contact {
                name: case.customer.name.clone(),
                phone: case.customer.phone.clone(),
                email: case.customer.email.clone(),
            },
        }
    }
}

/// The statement inserting a batch from its 31 column arrays; with
/// `skip_present`, cases whose id is there are left alone.
pub(super) fn batch_sql(skip_present: bool) -> String {
    format!(
        "INSERT INTO cases (sort_key, id, day, seq, {FIELDS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[],
            $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
            $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
            $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::bigint[],
            $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[],
            $28::date[], $29::date[], $30::text[], $31::text[]){}",
        if skip_present {
            " ON CONFLICT DO NOTHING"
        } else {
            ""
        }
    )
}

/// Many cases as column arrays, inserted with one `unnest` statement.
#[derive(Default)]
struct Batch {
    sort_key: Vec<i64>,
    id: Vec<String>,
    case_key: Vec<String>,
    imported_from: Vec<Option<String>>,
    day: Vec<String>,
    seq: Vec<i32>,
    created_at: Vec<DateTime<Utc>>,
    updated_at: Vec<DateTime<Utc>>,
    vendor: Vec<String>,
    issue: Vec<String>,
    verdict: Vec<String>,
    claim_date: Vec<String>,
    reference: Vec<String>,
    reference_key: Vec<String>,
    agent: Vec<String>,
    note: Vec<String>,
    claim_json: Vec<String>,
    outcome_json: Vec<String>,
    fingerprint: Vec<String>,
    origin: Vec<String>,
    sha256: Vec<String>,
    policy_version: Vec<Option<String>>,
    version: Vec<i64>,
    updated_by: Vec<String>,
    customer_name: Vec<String>,
    customer_phone: Vec<String>,
    customer_email: Vec<String>,
    status: Vec<String>,
    next_action: Vec<String>,
    due_date: Vec<Option<NaiveDate>>,
    closed_on: Vec<Option<NaiveDate>>,
    /// The `decided` entry of each case (saves only: an import carries no
    /// timeline), as its date and extra.
    decided_date: Vec<NaiveDate>,
    decided_extra: Vec<String>,
}

impl Batch {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        day: &str,
        seq: i64,
        record: &CaseRecord,
        created: NaiveDateTime,
        updated: NaiveDateTime,
        version: i64,
        updated_by: &str,
    ) {
        let c = Columns::of(record);
        self.sort_key.push(crate::store::sort_key(day, seq));
        self.id.push(crate::case::case_id(day, seq));
        self.case_key.push(crate::store::sqlite::key_of(record));
        self.imported_from.push(record.imported_from.clone());
        self.day.push(day.to_owned());
        self.seq.push(i32::try_from(seq).unwrap_or(i32::MAX));
        self.created_at.push(instant(created));
        self.updated_at.push(instant(updated));
        self.vendor.push(c.vendor);
        self.issue.push(c.issue);
        self.verdict.push(c.verdict);
        self.claim_date.push(c.claim_date);
        self.reference.push(c.reference);
        self.reference_key.push(c.reference_key);
        self.agent.push(c.agent);
        self.note.push(c.note);
        self.claim_json.push(c.claim_json);
        self.outcome_json.push(c.outcome_json);
        self.fingerprint.push(c.fingerprint);
        self.origin.push(c.origin);
        self.sha256.push(c.sha256);
        self.policy_version.push(c.policy_version);
        self.version.push(version);
        self.updated_by.push(updated_by.to_owned());
        self.customer_name.push(c.customer.name);
        self.customer_phone.push(c.customer.phone);
        self.customer_email.push(c.customer.email);
        // A case saved or imported stands as its decision says (an export
        // carries no timeline).
        let s: Standing = standing(record, &[]);
        self.status.push(s.status.id().to_owned());
        self.next_action.push(s.next_action);
        self.due_date.push(s.due);
        self.closed_on.push(s.closed_on);
        let decided = Event::decided(record, &record.agent, created);
        self.decided_date.push(decided.date);
        self.decided_extra
            .push(serde_json::to_string(&decided.extra).unwrap_or_else(|_| "{}".into()));
    }

    /// Inserts the batch; with `skip_present`, cases whose id is already
    /// there are left alone. Returns how many were inserted.
    fn insert(
        &self,
        tx: &mut client::Transaction<'_>,
        skip_present: bool,
    ) -> Result<u64, tokio_postgres::Error> {
        tx.execute(&batch_sql(skip_present), &self.columns())
    }

    /// Inserts the batch of a save through `claimdesk_insert_batch`, which
    /// runs as the owner and checks the ids were taken from the counter.
    fn insert_as_owner(
        &self,
        tx: &mut client::Transaction<'_>,
    ) -> Result<u64, tokio_postgres::Error> {
        let sql = format!(
            "SELECT claimdesk_insert_batch({})",
            (1..=31)
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let n: i64 = tx.query_one(&sql, &self.columns())?.get(0);
        Ok(n.max(0) as u64)
    }

    /// The 31 column arrays, in `batch_sql`'s order.
    fn columns(&self) -> [&(dyn ToSql + Sync); 31] {
        [
            &self.sort_key,
            &self.id,
            &self.day,
            &self.seq,
            &self.created_at,
            &self.updated_at,
            &self.vendor,
            &self.issue,
            &self.verdict,
            &self.claim_date,
            &self.reference,
            &self.reference_key,
            &self.agent,
            &self.note,
            &self.claim_json,
            &self.outcome_json,
            &self.fingerprint,
            &self.origin,
            &self.sha256,
            &self.policy_version,
            &self.version,
            &self.updated_by,
            &self.customer_name,
            &self.customer_phone,
            &self.customer_email,
            &self.status,
            &self.next_action,
            &self.due_date,
            &self.closed_on,
            &self.case_key,
            &self.imported_from,
        ]
    }

    /// Appends each case's first `decided` entry (a save's, not an
    /// import's), in the batch's order.
    fn insert_decided(
        &self,
        tx: &mut client::Transaction<'_>,
    ) -> Result<u64, tokio_postgres::Error> {
        tx.execute(
            "INSERT INTO case_events (case_id, kind, date, agent, note, recorded_at, extra_json)
             SELECT u.id, 'decided', u.date, u.agent, '', u.at, u.extra
             FROM unnest($1::text[], $2::date[], $3::text[], $4::timestamptz[], $5::text[])
                WITH ORDINALITY AS u (id, date, agent, at, extra, n)
             ORDER BY u.n",
            &[
                &self.id,
                &self.decided_date,
                &self.agent,
                &self.created_at,
                &self.decided_extra,
            ],
        )
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
            let fresh: Vec<&CaseRecord> = chunk
                .iter()
                .zip(&keys)
                .filter(|(_, k)| !found.contains_key(*k))
                .map(|(r, _)| r)
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
            for (i, record) in fresh.iter().enumerate() {
                let seq = i64::from(last) - i64::from(n) + 1 + i as i64;
                batch.push(&day, seq, record, now, now, 1, &record.agent);
            }
            batch.insert_as_owner(&mut tx).map_err(&err)?;
            batch.insert_decided(&mut tx).map_err(&err)?;
            tx.commit().map_err(&err)?;
            let mut minted = batch.id.into_iter();
            for key in &keys {
                match found.get(key) {
                    Some(id) => {
                        done.ids.push(id.clone());
                        done.already += 1;
                    }
                    None => done.ids.extend(minted.next()),
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
        let c = Columns::of(case);
        if before.outcome_json != c.outcome_json || before.sha256 != c.sha256 {
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
        visit: &mut dyn FnMut(Result<CaseDecision, DamagedCase>) -> ControlFlow<()>,
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
            visit(read().map_err(|detail| DamagedCase {
                id: crate::text::shown(&id, 40),
                detail: crate::text::shown(&detail, 120),
            }))
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

/// An edit the database refused because the version moved (cannot be
/// while the row is locked; said as a conflict if ever).
fn changed(id: &str, now: NaiveDateTime) -> StoreError {
    StoreError::Conflict {
        id: id.to_owned(),
        by: String::new(),
        at: now,
    }
}

/// The id of the case saved under outbox key `client_key` or with case
/// key `case_key`, if any.
fn saved_id(
    client: &mut impl GenericClient,
    client_key: &str,
    case_key: &str,
) -> Result<Option<String>, tokio_postgres::Error> {
    Ok(client
        .query_opt(
            "SELECT id FROM cases WHERE case_key = $2
             UNION ALL SELECT id FROM cases WHERE client_key = $1 LIMIT 1",
            &[&client_key, &case_key],
        )?
        .map(|r| r.get(0)))
}

/// One case of [`CaseStore::import`] inside `tx`: merged by key, added
/// under its id, or renumbered.
fn import_one(
    tx: &mut client::Transaction<'_>,
    location: &str,
    incoming: &Incoming,
    done: &mut Imported,
    err: &impl Fn(tokio_postgres::Error) -> StoreError,
) -> Result<(), StoreError> {
    let c = &incoming.case;
    let key = super::sqlite::key_of(&c.record);
    let here = tx
        .query_opt(
            "SELECT id FROM cases WHERE case_key = $1 FOR UPDATE",
            &[&key],
        )
        .map_err(err)?
        .map(|r| r.get::<_, String>(0));
    if let Some(id) = here {
        let mine = timeline::read_events(tx, &id).map_err(err)?;
        let mut added = 0;
        for event in &incoming.events {
            if !mine.contains(event) {
                timeline::insert_event(tx, &id, event, None).map_err(err)?;
                added += 1;
            }
        }
        if added > 0 {
            let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = $1");
            let (mut record, version) = match read_case(&tx.query_one(&sql, &[&id]).map_err(err)?) {
                Ok(case) => (case.record, case.version),
                Err(case) => {
                    return Err(StoreError::Damaged {
                        path: PathBuf::from(location),
                        case,
                    });
                }
            };
            let events = timeline::read_events(tx, &id).map_err(err)?;
            // The decision follows the merged timeline (property 7).
            if let Some(newer) = crate::store::merged_decision(&record, &mine, &c.record, &events) {
                replace_decision(tx, &id, version, &newer, &c.updated_by, c.updated_at)
                    .map_err(err)?;
                record = newer;
            }
            timeline::write_standing(tx, &id, &record, &events).map_err(err)?;
        }
        done.merged += 1;
        done.events_added += added;
        return Ok(());
    }
    let Some((day, seq)) = split_id(&c.id) else {
        return Err(StoreError::Database {
            location: location.to_owned(),
            detail: format!(
                "cannot import \"{}\": not a case id",
                crate::text::shown(&c.id, 40)
            ),
            source: None,
        });
    };
    // Counters first, then cases: the order a save locks them in.
    let taken = tx
        .query_opt("SELECT 1 FROM cases WHERE id = $1", &[&c.id])
        .map_err(err)?
        .is_some();
    let (seq, mut record) = if taken {
        let mut seq;
        loop {
            seq = tx
                .query_one(
                    "INSERT INTO day_counters (day, last) VALUES ($1, 1)
                     ON CONFLICT (day) DO UPDATE SET last = day_counters.last + 1 RETURNING last",
                    &[&day],
                )
                .map_err(err)?
                .get::<_, i32>(0);
            let id = crate::case::case_id(day, i64::from(seq));
            if tx
                .query_opt("SELECT 1 FROM cases WHERE id = $1", &[&id])
                .map_err(err)?
                .is_none()
            {
                break;
            }
        }
        let mut record = c.record.clone();
        record.imported_from = Some(c.id.clone());
        (i64::from(seq), record)
    } else {
        let top = i32::try_from(seq).unwrap_or(i32::MAX);
        tx.execute(
            "INSERT INTO day_counters (day, last) VALUES ($1, $2)
             ON CONFLICT (day) DO UPDATE SET last = GREATEST(day_counters.last, excluded.last)",
            &[&day, &top],
        )
        .map_err(err)?;
        (seq, c.record.clone())
    };
    record.key = key;
    let mut batch = Batch::default();
    batch.push(
        day,
        seq,
        &record,
        c.created_at,
        c.updated_at,
        c.version,
        &c.updated_by,
    );
    let s = standing(&record, &incoming.events);
    batch.status = vec![s.status.id().to_owned()];
    batch.next_action = vec![s.next_action];
    batch.due_date = vec![s.due];
    batch.closed_on = vec![s.closed_on];
    batch.insert(tx, false).map_err(err)?;
    let id = crate::case::case_id(day, seq);
    for event in &incoming.events {
        timeline::insert_event(tx, &id, event, None).map_err(err)?;
    }
    if !incoming.events.is_empty() {
        // Its timeline's search words (the standing is the same).
        timeline::write_standing(tx, &id, &record, &incoming.events).map_err(err)?;
    }
    if taken {
        done.renumbered += 1;
    } else {
        done.added += 1;
    }
    Ok(())
}

/// What [`lock_case`] read of the case it locked.
struct Locked {
    version: i64,
    outcome_json: String,
    sha256: String,
}

/// Locks case `id`'s row until the transaction ends (an edit or an event
/// of another agent waits for it) and checks its version: `NotFound`
/// when there is no such case, `Conflict` (who changed it, when) when it
/// is not `expected`.
fn lock_case(
    tx: &mut client::Transaction<'_>,
    id: &str,
    expected: Option<i64>,
    err: &impl Fn(tokio_postgres::Error) -> StoreError,
) -> Result<Locked, StoreError> {
    let row = tx
        .query_opt(
            "SELECT version, updated_by, updated_at, outcome_json, policy_sha256
             FROM claimdesk_lock($1)",
            &[&id],
        )
        .map_err(err)?;
    let Some(row) = row else {
        return Err(StoreError::NotFound { id: id.to_owned() });
    };
    let version: i64 = row.get(0);
    if expected.is_some_and(|e| e != version) {
        return Err(StoreError::Conflict {
            id: id.to_owned(),
            by: row.get(1),
            at: read_instant(&row, 2).unwrap_or_default(),
        });
    }
    Ok(Locked {
        version,
        outcome_json: row.try_get(3).unwrap_or_default(),
        sha256: row.try_get(4).unwrap_or_default(),
    })
}

/// Replaces a locked case's decision, reference, note and contact;
/// returns the new version.
fn replace_decision(
    tx: &mut client::Transaction<'_>,
    id: &str,
    expected: i64,
    case: &CaseRecord,
    by: &str,
    now: NaiveDateTime,
) -> Result<Option<i64>, tokio_postgres::Error> {
    let c = Columns::of(case);
    let now = instant(now);
    // Through `claimdesk_replace` (see `roles`): it changes the case only
    // at the version the lock read (`None` otherwise).
    Ok(tx
        .query_one(
            "SELECT claimdesk_replace($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
                $14, $15, $16, $17, $18, $19, $20)",
            &[
                &id,
                &c.vendor,
                &c.issue,
                &c.verdict,
                &c.claim_date,
                &c.claim_json,
                &c.outcome_json,
                &c.fingerprint,
                &c.origin,
                &now,
                &c.reference,
                &c.note,
                &c.reference_key,
                &c.sha256,
                &c.policy_version,
                &by,
                &c.customer.name,
                &c.customer.phone,
                &c.customer.email,
                &expected,
            ],
        )?
        .get::<_, Option<i64>>(0))
}

/// [`CaseStore::append_event`] inside `tx`; with `key` (an event sent
/// from the outbox), an event already appended under it is not appended
/// again and the case's version is returned as it is.
#[allow(clippy::too_many_arguments)]
fn append(
    tx: &mut client::Transaction<'_>,
    location: &str,
    id: &str,
    expected: Option<i64>,
    event: &Event,
    redecided: Option<&CaseRecord>,
    now: NaiveDateTime,
    key: Option<&str>,
    err: &impl Fn(tokio_postgres::Error) -> StoreError,
) -> Result<i64, StoreError> {
    let locked = lock_case(tx, id, expected, err)?;
    if let Some(key) = key
        && timeline::has_key(tx, key).map_err(err)?
    {
        return Ok(locked.version);
    }
    let version = match redecided {
        Some(record) => replace_decision(tx, id, locked.version, record, &event.agent, now)
            .map_err(err)?
            .ok_or_else(|| changed(id, now))?,
        None => locked.version,
    };
    timeline::insert_event(tx, id, event, key).map_err(err)?;
    if let Some(record) = redecided {
        timeline::insert_event(tx, id, &Event::decided(record, &event.agent, now), None)
            .map_err(err)?;
    }
    let record = match redecided {
        Some(r) => r.clone(),
        None => {
            let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = $1");
            match read_case(&tx.query_one(&sql, &[&id]).map_err(err)?) {
                Ok(case) => case.record,
                Err(case) => {
                    return Err(StoreError::Damaged {
                        path: PathBuf::from(location),
                        case,
                    });
                }
            }
        }
    };
    let events = timeline::read_events(tx, id).map_err(err)?;
    timeline::write_standing(tx, id, &record, &events).map_err(err)?;
    Ok(version)
}

const COLUMNS: &str = "c.id, c.created_at, c.updated_at, c.reference, c.agent, c.note, \
     c.claim_json, c.outcome_json, c.policy_fingerprint, c.policy_origin, c.policy_sha256, \
     c.policy_version, c.version, c.updated_by, c.sort_key, c.customer_name, \
     c.customer_phone, c.customer_email, c.case_key, c.imported_from";

/// A row as a case, or as a [`DamagedCase`] naming the column that holds
/// what the store never writes.
fn read_case(row: &Row) -> Streamed {
    let id: String = row.try_get(0).unwrap_or_default();
    let damaged = |column: &str, e: &dyn std::fmt::Display| DamagedCase {
        id: crate::text::shown(&id, 40),
        detail: format!("{column}: {}", crate::text::shown(&e.to_string(), 120)),
    };
    let text = |i: usize, name: &str| -> Result<String, DamagedCase> {
        row.try_get::<_, String>(i).map_err(|e| damaged(name, &e))
    };
    let claim_value: serde_json::Value =
        serde_json::from_str(&text(6, "claim_json")?).map_err(|e| damaged("claim_json", &e))?;
    let claim = ClaimInput::from_value(&claim_value).map_err(|e| damaged("claim_json", &e))?;
    let outcome: OutcomeRecord =
        serde_json::from_str(&text(7, "outcome_json")?).map_err(|e| damaged("outcome_json", &e))?;
    let when = |i: usize, name: &str| -> Result<NaiveDateTime, DamagedCase> {
        read_instant(row, i).map_err(|e| damaged(name, &e))
    };
    Ok(Case {
        id: id.clone(),
        created_at: when(1, "created_at")?,
        updated_at: when(2, "updated_at")?,
        version: row.try_get(12).map_err(|e| damaged("version", &e))?,
        updated_by: text(13, "updated_by")?,
        record: CaseRecord {
            reference: text(3, "reference")?,
            agent: text(4, "agent")?,
            note: text(5, "note")?,
            policy: PolicyRef {
                vendor: outcome.vendor.clone(),
                version: row.try_get(11).map_err(|e| damaged("policy_version", &e))?,
                sha256: text(10, "policy_sha256")?,
                fingerprint: text(8, "policy_fingerprint")?,
                origin: text(9, "policy_origin")?,
            },
            customer: Contact {
                name: text(15, "customer_name")?,
                phone: text(16, "customer_phone")?,
                email: text(17, "customer_email")?,
            },
            key: text(18, "case_key")?,
            imported_from: row.try_get(19).map_err(|e| damaged("imported_from", &e))?,
            claim,
            outcome,
        },
    })
}

const BRIEF: &str = "c.id, c.created_at, c.claim_date, c.vendor, c.issue, c.verdict, \
     c.reference, c.agent, c.note, c.sort_key";

fn read_brief(row: &Row) -> Result<CaseBrief, DamagedCase> {
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

/// What a database error means for the save that met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The server cannot take it now (down, shutting down, starting up,
    /// the connection dropped or timed out): the outbox, and a retry.
    Offline,
    /// What a retry cannot fix (a password, a permission, a bad claim, a
    /// constraint, a server certificate refused): said to the agent at
    /// once.
    Refused,
}

/// Classifies `e` by its kind and SQLSTATE, never by its text: the one
/// place that says what is "offline". Connect and call deadlines end
/// here too: the client's own limit that ran out (see `client`) and a
/// connect that timed out are offline.
///
/// - Server errors: class 08 (connection exceptions), 57P01 (admin
///   shutdown), 57P02 (crash shutdown), 57P03 (cannot connect now: the
///   server is starting up or shutting down) and 57014 (a statement
///   timeout cancelled it) are offline; every other SQLSTATE, e.g.
///   28P01/28000 (password) or 42501 (permission), is a refusal.
/// - A TLS handshake that refused the server's certificate (or the
///   protocol) is a refusal, never offline: the outbox must not hide a
///   misconfiguration or an impostor.
/// - Client errors: a closed connection, an I/O error anywhere in the
///   source chain (refused, reset, timed out), and the driver's own
///   timeout (what the client returns when a call's limit runs out) are
///   offline; anything else (a configuration or encoding error) is a
///   refusal.
pub fn fault_of(e: &tokio_postgres::Error) -> Fault {
    use tokio_postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let offline = code.code().starts_with("08")
            || [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::QUERY_CANCELED,
            ]
            .contains(code);
        return if offline {
            Fault::Offline
        } else {
            Fault::Refused
        };
    }
    if tls_refusal(e).is_some() {
        return Fault::Refused;
    }
    if e.is_closed() {
        return Fault::Offline;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return Fault::Offline;
        }
        source = s.source();
    }
    // The timeout has no source and no public kind: it is the driver's
    // own timeout error (which `client` returns when a call's limit runs
    // out), compared as the driver makes it.
    if std::error::Error::source(e).is_none()
        && e.to_string() == tokio_postgres::Error::__private_api_timeout().to_string()
    {
        return Fault::Offline;
    }
    Fault::Refused
}

/// What TLS refused, if `e` is a TLS handshake that failed on a
/// certificate or the protocol (not on the network).
fn tls_refusal(e: &tokio_postgres::Error) -> Option<String> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(tls) = s.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        if let Some(tls) = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls.to_string());
        }
        source = s.source();
    }
    None
}

/// A database error as a [`StoreError`], the password scrubbed out and
/// the error itself kept as its source: [`Fault::Offline`] is
/// [`StoreError::Unreachable`], a refusal [`StoreError::Database`].
pub(crate) fn pg_error(
    location: &str,
    secret: Option<&str>,
    e: tokio_postgres::Error,
) -> StoreError {
    let said = match (e.as_db_error(), tls_refusal(&e)) {
        (Some(db), _) => format!("{} ({})", db.message(), db.code().code()),
        (None, Some(tls)) => format!("{e}: {tls}"),
        (None, None) => e.to_string(),
    };
    classified(location, &credentials::scrub(&said, secret), e)
}

/// `e` as a [`StoreError`] saying `text` (already scrubbed), by
/// [`fault_of`].
fn classified(location: &str, text: &str, e: tokio_postgres::Error) -> StoreError {
    let fault = fault_of(&e);
    // The server's words, neutralised: a log line is shown on a terminal.
    tracing::debug!(log = %crate::text::shown(location, 200), ?fault, error = %crate::text::shown(text, 300), "database error");
    let source: Option<super::ErrorSource> = Some(std::sync::Arc::new(e));
    match fault {
        Fault::Offline => StoreError::Unreachable {
            location: location.to_owned(),
            reason: text.to_owned(),
            source,
        },
        Fault::Refused => StoreError::Database {
            location: location.to_owned(),
            detail: text.to_owned(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `client` returns when a call's own limit runs out (the
    /// connection is then dropped): offline, so the save waits in the
    /// outbox; the same error stands for a connect past its deadline.
    #[test]
    fn the_clients_own_time_out_is_offline_and_kept_as_the_source() {
        let timeout = tokio_postgres::Error::__private_api_timeout();
        assert_eq!(fault_of(&timeout), Fault::Offline);
        match pg_error("postgres://ana@db/claims", None, timeout) {
            e @ StoreError::Unreachable { .. } => {
                assert!(std::error::Error::source(&e).is_some(), "{e:?}");
            }
            other => panic!("offline: {other:?}"),
        }
    }
}
