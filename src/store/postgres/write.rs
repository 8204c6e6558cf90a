//! Writing cases to the shared log: a save in one statement through
//! `claimdesk_save`, batches as column arrays (`unnest`), imports, edits
//! under the version check, events.

use super::*;
use crate::store::columns::{self, CASE_COLUMNS, CaseRow, Column, Edit, Value};

/// Seconds, as the SQLite log keeps them: a case reads back as saved.
pub(super) fn whole_seconds(at: NaiveDateTime) -> NaiveDateTime {
    at.with_nanosecond(0).unwrap_or(at)
}

/// A time the store was given (UTC, naive) as the instant a `timestamptz`
/// column takes, in whole seconds.
pub(super) fn instant(at: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&whole_seconds(at))
}

/// The day's counter key (`20261202`), as text and as a number.
pub(super) fn day_of(now: NaiveDateTime) -> (String, i64) {
    let day = now.date().format("%Y%m%d").to_string();
    let number = day.parse().unwrap_or(0);
    (day, number)
}

/// The columns `claimdesk_save` fills itself (the day's number from its
/// counter, the instant from `$4`, version 1, the agent as the last to
/// change it): the map's other columns are its arguments, in map order.
const SAVE_MAKES: &[&str] = &[
    "id",
    "day",
    "seq",
    "created_at",
    "updated_at",
    "version",
    "updated_by",
];

/// The column of the map before which `claimdesk_save` takes the date and
/// extra of the case's `decided` entry (where migration 6's columns were
/// added after it); columns appended later come after them too.
const SAVE_DECIDED_BEFORE: &str = "case_key";

/// What `claimdesk_save`'s arguments are, in order, after the day, its
/// number, the outbox key and the instant.
enum SaveArg {
    Column(&'static Column),
    DecidedDate,
    DecidedExtra,
}

/// The columns of the map the functions of schema `version` take.
pub(super) fn columns_at(version: i64) -> impl Iterator<Item = &'static Column> {
    CASE_COLUMNS.iter().filter(move |c| c.pg_since <= version)
}

fn save_args(version: i64) -> Vec<SaveArg> {
    let mut args = Vec::new();
    for column in columns_at(version) {
        if column.name == SAVE_DECIDED_BEFORE {
            args.extend([SaveArg::DecidedDate, SaveArg::DecidedExtra]);
        }
        if !SAVE_MAKES.contains(&column.name) {
            args.push(SaveArg::Column(column));
        }
    }
    args
}

/// The argument types of `claimdesk_save`, from the column map.
pub(crate) fn save_arg_types(version: i64) -> String {
    let mut types = vec!["text", "bigint", "text", "timestamptz"];
    types.extend(save_args(version).iter().map(|a| match a {
        SaveArg::Column(c) => c.pg,
        SaveArg::DecidedDate => "date",
        SaveArg::DecidedExtra => "text",
    }));
    types.join(", ")
}

/// The argument types of `claimdesk_insert_batch`: the sort key and the
/// map's columns, as arrays.
pub(crate) fn batch_arg_types(version: i64) -> String {
    std::iter::once("bigint")
        .chain(columns_at(version).map(|c| c.pg))
        .map(|t| format!("{t}[]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The schema whose migration made `claimdesk_replace` from the column
/// map (migration 7's was written out: [`REPLACE_ARGS_7`]).
pub(super) const REPLACE_FROM_MAP: i64 = 10;

/// The argument types of migration 7's `claimdesk_replace`.
const REPLACE_ARGS_7: &str = "text, text, text, text, text, text, text, text, text, \
    timestamptz, text, text, text, text, text, text, text, text, text, bigint";

/// The columns `claimdesk_replace` of schema `version` sets: its
/// arguments after the id, in map order.
fn edited_at(version: i64) -> impl Iterator<Item = &'static Column> {
    columns_at(version).filter(|c| c.edit == Edit::Set)
}

/// The argument types of `claimdesk_replace` of schema `version`: the
/// id, the columns an edit sets, the version the lock read.
pub(crate) fn replace_arg_types(version: i64) -> String {
    if version < REPLACE_FROM_MAP {
        return REPLACE_ARGS_7.to_owned();
    }
    std::iter::once("text")
        .chain(edited_at(version).map(|c| c.pg))
        .chain(std::iter::once("bigint"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The body of `claimdesk_replace` of schema `version` (see
/// `roles::writers`): the case changed only at the version named.
pub(super) fn replace_body(version: i64) -> String {
    format!(
        "UPDATE cases SET {} WHERE id = $1 AND version = ${} RETURNING version",
        columns::edit_assignments(columns_at(version), |n| format!("${}", n + 2)),
        edited_at(version).count() + 2
    )
}

/// The body of `claimdesk_save` of schema `version` (see `roles::writers`):
/// the day's counter bumped, the case inserted with its standing, and
/// its first `decided` entry appended, together.
pub(super) fn save_body(version: i64) -> String {
    let args = save_args(version);
    let arg = |wanted: &str| {
        args.iter()
            .position(|a| matches!(a, SaveArg::Column(c) if c.name == wanted))
            .map_or_else(|| "NULL".to_owned(), |i| format!("${}", i + 5))
    };
    let decided = |date: bool| {
        args.iter()
            .position(|a| {
                matches!(
                    (a, date),
                    (SaveArg::DecidedDate, true) | (SaveArg::DecidedExtra, false)
                )
            })
            .map_or_else(|| "NULL".to_owned(), |i| format!("${}", i + 5))
    };
    let values: Vec<String> = columns_at(version)
        .map(|c| match c.name {
            "id" => "'C-' || $1 || '-' || CASE WHEN n.last < 10000 THEN lpad(n.last::text, 4, '0')
                ELSE n.last::text END"
                .to_owned(),
            "day" => "$1".to_owned(),
            "seq" => "n.last".to_owned(),
            "created_at" | "updated_at" => "$4".to_owned(),
            "version" => "1".to_owned(),
            "updated_by" => arg("agent"),
            name => arg(name),
        })
        .collect();
    format!(
        "WITH queued AS (SELECT pg_advisory_xact_lock(hashtext('claimdesk day_counters ' || \
         current_schema()), $2::bigint::integer)), n AS (
            INSERT INTO day_counters (day, last) SELECT $1::text, 1 FROM queued
            ON CONFLICT (day) DO UPDATE SET last = day_counters.last + 1 RETURNING last
        ), c AS (
            INSERT INTO cases (sort_key, client_key, {names})
            SELECT $2::bigint * 10000000000 + n.last, $3, {values}
            FROM n RETURNING id
        )
        INSERT INTO case_events (case_id, kind, date, agent, note, recorded_at, extra_json)
        SELECT c.id, 'decided', {date}, {agent}, '', $4, {extra} FROM c RETURNING case_id",
        names = columns_at(version)
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
        values = values.join(", "),
        date = decided(true),
        agent = arg("agent"),
        extra = decided(false),
    )
}

/// A column's value as PostgreSQL binds it (`pg`: the column's type).
fn param(value: Value, pg: &str) -> Param {
    match value {
        Value::Text(t) => Box::new(t),
        Value::MaybeText(t) => Box::new(t),
        Value::Int(n) if pg == "integer" => Box::new(i32::try_from(n).unwrap_or(i32::MAX)),
        Value::Int(n) => Box::new(n),
        Value::MaybeDate(d) => Box::new(d),
        Value::Time(t) => Box::new(instant(t)),
    }
}

/// One save in one statement (its own transaction): the day's counter
/// is bumped, the case inserted with its standing, and its first
/// `decided` entry appended, together.
pub(super) fn insert_one(
    client: &mut Client,
    prepared: &mut Option<tokio_postgres::Statement>,
    record: &CaseRecord,
    now: NaiveDateTime,
    key: Option<&str>,
) -> Result<String, tokio_postgres::Error> {
    let (day, day_number) = day_of(now);
    let decided = Event::decided(record, &record.agent, whole_seconds(now));
    // The day's number is the save's to take: 0 stands in for it here.
    let row = CaseRow::saved(record, &day, 0, now, crate::store::sqlite::key_of(record));
    let args = save_args(SCHEMA_VERSION);
    let mut values: Vec<Param> = vec![
        Box::new(day.clone()),
        Box::new(day_number),
        Box::new(key.map(str::to_owned)),
        Box::new(instant(now)),
    ];
    for arg in &args {
        values.push(match arg {
            SaveArg::Column(c) => param((c.value)(&row), c.pg),
            SaveArg::DecidedDate => Box::new(decided.date),
            SaveArg::DecidedExtra => {
                Box::new(serde_json::to_string(&decided.extra).unwrap_or_else(|_| "{}".into()))
            }
        });
    }
    // The save runs as the owner (`roles`): an agent's role has no
    // UPDATE on the counter nor INSERT on cases.
    let statement = match prepared {
        Some(statement) => statement.clone(),
        None => {
            let sql = format!("SELECT claimdesk_save({})", placeholders(1, values.len()));
            prepared.insert(client.prepare(&sql)?).clone()
        }
    };
    let row = client.query_one(&statement, &refs(&values))?;
    Ok(row.get(0))
}

/// `$from, ..` `count` of them.
fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statement inserting a batch from its column arrays (the sort key,
/// then the map's); with `skip_present`, cases whose id is there are
/// left alone.
pub(super) fn batch_sql(skip_present: bool) -> String {
    batch_sql_at(SCHEMA_VERSION, skip_present)
}

/// [`batch_sql`] with the columns of schema `version`.
pub(super) fn batch_sql_at(version: i64, skip_present: bool) -> String {
    let arrays: Vec<String> = std::iter::once("bigint")
        .chain(columns_at(version).map(|c| c.pg))
        .enumerate()
        .map(|(i, t)| format!("${}::{t}[]", i + 1))
        .collect();
    format!(
        "INSERT INTO cases (sort_key, {}) SELECT * FROM unnest({}){}",
        columns_at(version)
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
        arrays.join(", "),
        if skip_present {
            " ON CONFLICT DO NOTHING"
        } else {
            ""
        }
    )
}

/// One column's values over a batch, as its PostgreSQL array.
enum Array {
    Text(Vec<Option<String>>),
    BigInt(Vec<i64>),
    Integer(Vec<i32>),
    Date(Vec<Option<NaiveDate>>),
    Time(Vec<DateTime<Utc>>),
}

impl Array {
    fn of(pg: &str) -> Array {
        match pg {
            "bigint" => Array::BigInt(Vec::new()),
            "integer" => Array::Integer(Vec::new()),
            "date" => Array::Date(Vec::new()),
            "timestamptz" => Array::Time(Vec::new()),
            _ => Array::Text(Vec::new()),
        }
    }

    fn push(&mut self, value: Value) {
        match (self, value) {
            (Array::Text(a), Value::Text(t)) => a.push(Some(t)),
            (Array::Text(a), Value::MaybeText(t)) => a.push(t),
            (Array::BigInt(a), Value::Int(n)) => a.push(n),
            (Array::Integer(a), Value::Int(n)) => a.push(i32::try_from(n).unwrap_or(i32::MAX)),
            (Array::Date(a), Value::MaybeDate(d)) => a.push(d),
            (Array::Time(a), Value::Time(t)) => a.push(instant(t)),
            // A map line whose value does not fit its type: NULL, which the
            // column's constraint refuses (a test holds the map typed).
            (Array::Text(a), _) => a.push(None),
            (Array::Date(a), _) => a.push(None),
            (Array::BigInt(a), _) => a.push(0),
            (Array::Integer(a), _) => a.push(0),
            (Array::Time(a), _) => a.push(DateTime::<Utc>::MIN_UTC),
        }
    }

    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Array::Text(a) => a,
            Array::BigInt(a) => a,
            Array::Integer(a) => a,
            Array::Date(a) => a,
            Array::Time(a) => a,
        }
    }
}

/// Many cases as column arrays, inserted with one `unnest` statement.
pub(super) struct Batch {
    pub(super) sort_key: Vec<i64>,
    /// [`CASE_COLUMNS`]' arrays, in its order.
    columns: Vec<Array>,
    pub(super) id: Vec<String>,
    /// The `decided` entry of each case (saves only: an import carries no
    /// timeline): its date, agent, instant and extra.
    decided_date: Vec<NaiveDate>,
    decided_agent: Vec<String>,
    decided_at: Vec<DateTime<Utc>>,
    decided_extra: Vec<String>,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            sort_key: Vec::new(),
            columns: CASE_COLUMNS.iter().map(|c| Array::of(c.pg)).collect(),
            id: Vec::new(),
            decided_date: Vec::new(),
            decided_agent: Vec::new(),
            decided_at: Vec::new(),
            decided_extra: Vec::new(),
        }
    }
}

impl Batch {
    pub(super) fn push(&mut self, row: &CaseRow<'_>) {
        self.sort_key.push(crate::store::sort_key(row.day, row.seq));
        self.id.push(row.id.clone());
        for (array, column) in self.columns.iter_mut().zip(CASE_COLUMNS) {
            array.push((column.value)(row));
        }
        let decided = Event::decided(row.record, &row.record.agent, row.created);
        self.decided_date.push(decided.date);
        self.decided_agent.push(row.record.agent.clone());
        self.decided_at.push(instant(row.created));
        self.decided_extra
            .push(serde_json::to_string(&decided.extra).unwrap_or_else(|_| "{}".into()));
    }

    /// Inserts the batch; with `skip_present`, cases whose id is already
    /// there are left alone. Returns how many were inserted.
    pub(super) fn insert(
        &self,
        tx: &mut client::Transaction<'_>,
        skip_present: bool,
    ) -> Result<u64, tokio_postgres::Error> {
        tx.execute(&batch_sql(skip_present), &self.arrays())
    }

    /// Inserts the batch of a save through `claimdesk_insert_batch`, which
    /// runs as the owner and checks the ids were taken from the counter.
    pub(super) fn insert_as_owner(
        &self,
        tx: &mut client::Transaction<'_>,
    ) -> Result<u64, tokio_postgres::Error> {
        let arrays = self.arrays();
        let sql = format!(
            "SELECT claimdesk_insert_batch({})",
            placeholders(1, arrays.len())
        );
        let n: i64 = tx.query_one(&sql, &arrays)?.get(0);
        Ok(n.max(0) as u64)
    }

    /// The sort keys, then the map's column arrays.
    fn arrays(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut arrays: Vec<&(dyn ToSql + Sync)> = vec![&self.sort_key];
        arrays.extend(self.columns.iter().map(Array::as_sql));
        arrays
    }

    /// Appends each case's first `decided` entry (a save's, not an
    /// import's), in the batch's order.
    pub(super) fn insert_decided(
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
                &self.decided_agent,
                &self.decided_at,
                &self.decided_extra,
            ],
        )
    }
}

/// An edit the database refused because the version moved (cannot be
/// while the row is locked; said as a conflict if ever).
pub(super) fn changed(id: &str, now: NaiveDateTime) -> StoreError {
    StoreError::Conflict {
        id: id.to_owned(),
        by: String::new(),
        at: now,
    }
}

/// The id of the case saved under outbox key `client_key` or with case
/// key `case_key`, if any.
pub(super) fn saved_id(
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
pub(super) fn import_one(
    tx: &mut client::Transaction<'_>,
    location: &str,
    incoming: &Incoming,
    done: &mut Imported,
    err: &impl Fn(tokio_postgres::Error) -> StoreError,
) -> Result<(), StoreError> {
    let c = &incoming.case;
    let key = crate::store::sqlite::key_of(&c.record);
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
    batch.push(&CaseRow {
        record: &record,
        day,
        seq,
        id: crate::case::case_id(day, seq),
        created: c.created_at,
        updated: c.updated_at,
        version: c.version,
        updated_by: &c.updated_by,
        standing: standing(&record, &incoming.events),
        key: record.key.clone(),
        imported_from: record.imported_from.clone(),
    });
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
pub(super) struct Locked {
    pub(super) version: i64,
    pub(super) outcome_json: String,
    pub(super) sha256: String,
}

/// Locks case `id`'s row until the transaction ends (an edit or an event
/// of another agent waits for it) and checks its version: `NotFound`
/// when there is no such case, `Conflict` (who changed it, when) when it
/// is not `expected`.
pub(super) fn lock_case(
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

/// Replaces a locked case's decision, reference, note and contact (the
/// columns the map marks as an edit's); returns the new version.
pub(super) fn replace_decision(
    tx: &mut client::Transaction<'_>,
    id: &str,
    expected: i64,
    case: &CaseRecord,
    by: &str,
    now: NaiveDateTime,
) -> Result<Option<i64>, tokio_postgres::Error> {
    let row = CaseRow::edited(case, id, now, by);
    let mut values: Vec<Param> = vec![Box::new(id.to_owned())];
    values.extend(edited_at(SCHEMA_VERSION).map(|c| param((c.value)(&row), c.pg)));
    values.push(Box::new(expected));
    // Through `claimdesk_replace` (see `roles`): it changes the case only
    // at the version the lock read (`None` otherwise).
    let sql = format!(
        "SELECT claimdesk_replace({})",
        placeholders(1, values.len())
    );
    Ok(tx.query_one(&sql, &refs(&values))?.get::<_, Option<i64>>(0))
}

/// [`CaseStore::append_event`] inside `tx`; with `key` (an event sent
/// from the outbox), an event already appended under it is not appended
/// again and the case's version is returned as it is.
#[allow(clippy::too_many_arguments)]
pub(super) fn append(
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
