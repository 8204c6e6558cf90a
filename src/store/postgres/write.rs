//! Writing cases to the shared log: a save in one statement through
//! `claimdesk_save`, batches as column arrays (`unnest`), imports, edits
//! under the version check, events.

use super::*;

/// Seconds, as the SQLite log keeps them: a case reads back as saved.
pub(super) fn whole_seconds(at: NaiveDateTime) -> NaiveDateTime {
    at.with_nanosecond(0).unwrap_or(at)
}

/// A time the store was given (UTC, naive) as the instant a `timestamptz`
/// column takes, in whole seconds.
pub(super) fn instant(at: NaiveDateTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&whole_seconds(at))
}

/// The columns a new case fills, after `sort_key, id, day, seq`.
pub(super) const FIELDS: &str = "created_at, updated_at, vendor, issue, verdict, claim_date,
    reference, reference_key, agent, note, claim_json, outcome_json, policy_fingerprint,
    policy_origin, policy_sha256, policy_version, version, updated_by, customer_name,
    customer_phone, customer_email, status, next_action, due_date, closed_on, case_key,
    imported_from";

/// The day's counter key (`20261202`), as text and as a number.
pub(super) fn day_of(now: NaiveDateTime) -> (String, i64) {
    let day = now.date().format("%Y%m%d").to_string();
    let number = day.parse().unwrap_or(0);
    (day, number)
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
pub(super) struct Columns {
    pub(super) vendor: String,
    pub(super) issue: String,
    pub(super) verdict: String,
    pub(super) claim_date: String,
    pub(super) reference: String,
    pub(super) reference_key: String,
    pub(super) agent: String,
    pub(super) note: String,
    pub(super) claim_json: String,
    pub(super) outcome_json: String,
    pub(super) fingerprint: String,
    pub(super) origin: String,
    pub(super) sha256: String,
    pub(super) policy_version: Option<String>,
    pub(super) customer: Contact,
}

impl Columns {
    pub(super) fn of(case: &CaseRecord) -> Columns {
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
pub(super) struct Batch {
    pub(super) sort_key: Vec<i64>,
    pub(super) id: Vec<String>,
    pub(super) case_key: Vec<String>,
    pub(super) imported_from: Vec<Option<String>>,
    pub(super) day: Vec<String>,
    pub(super) seq: Vec<i32>,
    pub(super) created_at: Vec<DateTime<Utc>>,
    pub(super) updated_at: Vec<DateTime<Utc>>,
    pub(super) vendor: Vec<String>,
    pub(super) issue: Vec<String>,
    pub(super) verdict: Vec<String>,
    pub(super) claim_date: Vec<String>,
    pub(super) reference: Vec<String>,
    pub(super) reference_key: Vec<String>,
    pub(super) agent: Vec<String>,
    pub(super) note: Vec<String>,
    pub(super) claim_json: Vec<String>,
    pub(super) outcome_json: Vec<String>,
    pub(super) fingerprint: Vec<String>,
    pub(super) origin: Vec<String>,
    pub(super) sha256: Vec<String>,
    pub(super) policy_version: Vec<Option<String>>,
    pub(super) version: Vec<i64>,
    pub(super) updated_by: Vec<String>,
    pub(super) customer_name: Vec<String>,
    pub(super) customer_phone: Vec<String>,
    pub(super) customer_email: Vec<String>,
    pub(super) status: Vec<String>,
    pub(super) next_action: Vec<String>,
    pub(super) due_date: Vec<Option<NaiveDate>>,
    pub(super) closed_on: Vec<Option<NaiveDate>>,
    /// The `decided` entry of each case (saves only: an import carries no
    /// timeline), as its date and extra.
    pub(super) decided_date: Vec<NaiveDate>,
    pub(super) decided_extra: Vec<String>,
}

impl Batch {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
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
    pub(super) fn insert(
        &self,
        tx: &mut client::Transaction<'_>,
        skip_present: bool,
    ) -> Result<u64, tokio_postgres::Error> {
        tx.execute(&batch_sql(skip_present), &self.columns())
    }

    /// Inserts the batch of a save through `claimdesk_insert_batch`, which
    /// runs as the owner and checks the ids were taken from the counter.
    pub(super) fn insert_as_owner(
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
    pub(super) fn columns(&self) -> [&(dyn ToSql + Sync); 31] {
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
                &self.agent,
                &self.created_at,
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

/// Replaces a locked case's decision, reference, note and contact;
/// returns the new version.
pub(super) fn replace_decision(
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
