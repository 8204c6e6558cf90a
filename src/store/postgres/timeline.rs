//! The PostgreSQL side of the timeline, as `sqlite_timeline.rs` is the
//! SQLite one: the `case_events` table, the derived status columns on
//! `cases`, the due queue and the retention purge. The trait methods in
//! `mod.rs` call these inside their transactions, with the case's row
//! locked (`FOR UPDATE`), so two agents' events on one case are appended
//! one after the other and each recomputes the standing over both.

use super::client::GenericClient;
use super::schema::ACTIVE;
use crate::case::CaseRecord;
use crate::case::timeline::{Event, EventExtra, EventKind, standing};
use crate::store::{DueCase, DuePage, DueQuery, Purged};
use chrono::NaiveDate;
use tokio_postgres::types::ToSql;

/// Appends one event to a case's timeline; `key` is the outbox's
/// idempotency key of an event sent from it.
pub(super) fn insert_event(
    client: &mut impl GenericClient,
    case_id: &str,
    event: &Event,
    key: Option<&str>,
) -> Result<(), tokio_postgres::Error> {
    let extra = serde_json::to_string(&event.extra).unwrap_or_else(|_| "{}".to_owned());
    client.execute(
        "INSERT INTO case_events (case_id, kind, date, agent, note, recorded_at, extra_json,
            client_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &case_id,
            &event.kind.id(),
            &event.date,
            &event.agent,
            &event.note,
            &super::instant(event.recorded_at),
            &extra,
            &key,
        ],
    )?;
    Ok(())
}

/// Whether an event was already appended under the outbox key `key`.
pub(super) fn has_key(
    client: &mut impl GenericClient,
    key: &str,
) -> Result<bool, tokio_postgres::Error> {
    Ok(client
        .query_opt("SELECT 1 FROM case_events WHERE client_key = $1", &[&key])?
        .is_some())
}

/// A case's events in recorded order. A row that cannot be read (a kind
/// the store never writes) is left out rather than hiding the rest.
pub(super) fn read_events(
    client: &mut impl GenericClient,
    case_id: &str,
) -> Result<Vec<Event>, tokio_postgres::Error> {
    let rows = client.query(
        "SELECT kind, date, agent, note, recorded_at, extra_json FROM case_events
         WHERE case_id = $1 ORDER BY seq",
        &[&case_id],
    )?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let kind: String = row.try_get(0).ok()?;
            let extra: String = row.try_get(5).unwrap_or_default();
            Some(Event {
                kind: EventKind::from_id(&kind)?,
                date: row.try_get(1).ok()?,
                agent: row.try_get(2).ok()?,
                note: row.try_get(3).ok()?,
                recorded_at: row
                    .try_get::<_, chrono::DateTime<chrono::Utc>>(4)
                    .ok()?
                    .naive_utc(),
                extra: serde_json::from_str::<EventExtra>(&extra).unwrap_or_default(),
            })
        })
        .collect())
}

/// The events of each of `case_ids`, in recorded order (an export reads
/// them a page of cases at a time).
pub(super) fn read_events_of(
    client: &mut impl GenericClient,
    case_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<Event>>, tokio_postgres::Error> {
    let rows = client.query(
        "SELECT case_id, kind, date, agent, note, recorded_at, extra_json FROM case_events
         WHERE case_id = ANY($1) ORDER BY seq",
        &[&case_ids],
    )?;
    let mut found: std::collections::HashMap<String, Vec<Event>> = Default::default();
    for row in &rows {
        let read = || {
            let kind: String = row.try_get(1).ok()?;
            let extra: String = row.try_get(6).unwrap_or_default();
            Some(Event {
                kind: EventKind::from_id(&kind)?,
                date: row.try_get(2).ok()?,
                agent: row.try_get(3).ok()?,
                note: row.try_get(4).ok()?,
                recorded_at: row
                    .try_get::<_, chrono::DateTime<chrono::Utc>>(5)
                    .ok()?
                    .naive_utc(),
                extra: serde_json::from_str::<EventExtra>(&extra).unwrap_or_default(),
            })
        };
        if let (Ok(id), Some(event)) = (row.try_get::<_, String>(0), read()) {
            found.entry(id).or_default().push(event);
        }
    }
    Ok(found)
}

/// The derived columns of a case, from its record and its timeline: its
/// standing and the timeline's search words.
pub(super) fn write_standing(
    client: &mut impl GenericClient,
    case_id: &str,
    record: &CaseRecord,
    events: &[Event],
) -> Result<(), tokio_postgres::Error> {
    let s = standing(record, events);
    client.execute(
        // As the owner (see `roles`): agents have no UPDATE on cases.
        "SELECT claimdesk_set_standing($1, $2, $3, $4, $5, $6)",
        &[
            &case_id,
            &s.status.id(),
            &s.next_action,
            &s.due,
            &s.closed_on,
            &crate::store::timeline_words(events),
        ],
    )?;
    Ok(())
}

/// The due queue (see [`crate::store::CaseStore::due`]). Each query is a
/// range of the partial index `cases_due` (or `cases_due_by_agent`) read
/// in order: it stops after `limit` rows, whatever the log's size.
pub(super) fn due(
    client: &mut impl GenericClient,
    query: &DueQuery,
) -> Result<DuePage, tokio_postgres::Error> {
    let want = query.limit.saturating_add(1).min(i64::MAX as usize) as i64;
    // A row one of whose columns cannot be read is named, not fatal.
    let mut damaged = Vec::new();
    let mut run = |dated: bool, limit: i64, cases: &mut Vec<DueCase>| {
        let mut sql = format!("SELECT {} FROM cases c WHERE {ACTIVE}", super::rows::DUE);
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        if let Some(agent) = &query.agent {
            values.push(Box::new(agent.clone()));
            sql.push_str(&format!(" AND agent = ${}", values.len()));
        }
        if dated {
            sql.push_str(" AND due_date IS NOT NULL");
            if let Some(until) = query.until {
                values.push(Box::new(until));
                sql.push_str(&format!(" AND due_date <= ${}", values.len()));
            }
            sql.push_str(" ORDER BY due_date, sort_key");
        } else {
            // `due_date` in the order, though it is NULL throughout: so
            // the planner reads the partial index backwards rather than
            // filtering the whole table in `sort_key` order.
            sql.push_str(" AND due_date IS NULL ORDER BY due_date DESC, sort_key DESC");
        }
        values.push(Box::new(limit));
        sql.push_str(&format!(" LIMIT ${}", values.len()));
        let rows = client.query(&sql, &super::refs(&values))?;
        for row in &rows {
            match super::rows::read_due(row) {
                Ok(case) => cases.push(case),
                Err(d) => damaged.push(d),
            }
        }
        Ok::<(), tokio_postgres::Error>(())
    };
    let mut cases = Vec::new();
    run(true, want, &mut cases)?;
    if query.until.is_none() && (cases.len() as i64) < want {
        let left = want - cases.len() as i64;
        run(false, left, &mut cases)?;
    }
    let more = cases.len() > query.limit;
    cases.truncate(query.limit);
    Ok(DuePage {
        cases,
        more,
        damaged,
    })
}

/// Retention (see [`crate::store::CaseStore::purge`]), inside the
/// caller's transaction.
pub(super) fn purge(
    client: &mut impl GenericClient,
    before: NaiveDate,
    whole: bool,
) -> Result<Purged, tokio_postgres::Error> {
    let closed = "closed_on IS NOT NULL AND closed_on < $1 AND status IN ('resolved', 'closed')";
    let contacts = client.execute(
        &format!(
            "UPDATE cases SET customer_name = '', customer_phone = '', customer_email = ''
             WHERE {closed} AND (customer_name <> '' OR customer_phone <> '' OR customer_email <> '')"
        ),
        &[&before],
    )?;
    let mut cases = 0;
    if whole {
        client.execute(
            &format!(
                "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE {closed})"
            ),
            &[&before],
        )?;
        cases = client.execute(&format!("DELETE FROM cases WHERE {closed}"), &[&before])?;
    }
    Ok(Purged { contacts, cases })
}
