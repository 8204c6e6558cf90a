//! The SQLite side of the timeline: the `case_events` table, the derived
//! status columns on `cases`, the due queue and the retention purge. The
//! trait methods in `sqlite.rs` call these inside their transactions.

use super::schema::ACTIVE;
use super::sqlite_rows::{DUE, read_due};
use super::sqlite_salvage as salvage;
use super::{DueCase, DuePage, DueQuery, Purged};
use crate::case::CaseRecord;
use crate::case::TIMESTAMP;
use crate::case::timeline::{Event, EventExtra, EventKind, standing};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Appends one event to a case's timeline.
pub(super) fn insert_event(
    conn: &Connection,
    case_id: &str,
    event: &Event,
) -> rusqlite::Result<()> {
    insert_event_row(conn, case_id, &EventRow::of(event))
}

/// An event's columns as its INSERT binds them, the case's id aside. A
/// bulk job makes them on the thread that makes the rows' values (see
/// `made_ahead`), not on the one that writes: the text of the dates and
/// the JSON of the extra fields were a twentieth of a bulk import's
/// writing thread.
#[derive(Debug)]
pub(super) struct EventRow {
    kind: &'static str,
    date: String,
    agent: String,
    note: String,
    recorded_at: String,
    extra: String,
}

impl EventRow {
    pub fn of(event: &Event) -> EventRow {
        EventRow {
            kind: event.kind.id(),
            date: event.date.to_string(),
            agent: event.agent.clone(),
            note: event.note.clone(),
            recorded_at: event.recorded_at.format(TIMESTAMP).to_string(),
            extra: serde_json::to_string(&event.extra).unwrap_or_else(|_| "{}".to_owned()),
        }
    }
}

/// Appends `row` to case `case_id`'s timeline.
pub(super) fn insert_event_row(
    conn: &Connection,
    case_id: &str,
    row: &EventRow,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO case_events (case_id, kind, date, agent, note, recorded_at, extra_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        case_id,
        row.kind,
        row.date,
        row.agent,
        row.note,
        row.recorded_at,
        row.extra,
    ])?;
    Ok(())
}

/// A case's events in recorded order. A row that cannot be read (a kind
/// or a date the store never writes) is left out rather than hiding the
/// rest of the timeline.
pub(super) fn read_events(conn: &Connection, case_id: &str) -> rusqlite::Result<Vec<Event>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, date, agent, note, recorded_at, extra_json FROM case_events
         WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map([case_id], |row| {
        let kind: String = row.get(0)?;
        let date: String = row.get(1)?;
        let recorded: String = row.get(4)?;
        let extra: String = row.get(5)?;
        Ok((|| {
            Some(Event {
                kind: EventKind::from_id(&kind)?,
                // The strict reading first (what the store writes), then
                // chrono's, which accepts the same and more.
                date: crate::rules::dates::parse_date(&date)
                    .ok()
                    .or_else(|| NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok())?,
                agent: row.get(2).ok()?,
                note: row.get(3).ok()?,
                recorded_at: crate::case::parse_timestamp(&recorded).ok()?,
                extra: serde_json::from_str::<EventExtra>(&extra).unwrap_or_default(),
            })
        })())
    })?;
    let mut events = Vec::new();
    for row in rows {
        if let Some(event) = row? {
            events.push(event);
        }
    }
    Ok(events)
}

/// The derived columns of a case, from its record and its timeline: its
/// standing and the timeline's search words.
pub(super) fn write_standing(
    conn: &Connection,
    case_id: &str,
    record: &CaseRecord,
    events: &[Event],
) -> rusqlite::Result<()> {
    let s = standing(record, events);
    conn.prepare_cached(
        "UPDATE cases SET status = ?2, next_action = ?3, due_date = ?4, closed_on = ?5,
             timeline_words = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        case_id,
        s.status.id(),
        s.next_action,
        s.due.map(|d| d.to_string()),
        s.closed_on.map(|d| d.to_string()),
        super::timeline_words(events),
    ])?;
    Ok(())
}

/// The due queue (see [`super::CaseStore::due`]). Each query is a range
/// of the partial index `cases_due` (or `cases_due_by_agent`) read in
/// order: it stops after `limit` rows, whatever the log's size. When it
/// meets a damaged page, [`due_salvaged`] reads the queue around it.
pub(super) fn due(conn: &Connection, query: &DueQuery) -> rusqlite::Result<DuePage> {
    match due_plain(conn, query) {
        Err(e) if salvage::is_corrupt(&e) => due_salvaged(conn, query),
        other => other,
    }
}

fn due_plain(conn: &Connection, query: &DueQuery) -> rusqlite::Result<DuePage> {
    let want = query.limit.saturating_add(1).min(i64::MAX as usize) as i64;
    let mut damaged = Vec::new();
    let mut run = |dated: bool, limit: i64, cases: &mut Vec<DueCase>| -> rusqlite::Result<()> {
        let (sql, values) = queue_sql(query, dated, limit);
        let mut statement = conn.prepare_cached(&sql)?;
        for row in statement.query_map(rusqlite::params_from_iter(values.iter()), read_due)? {
            match row? {
                Ok(case) => cases.push(case),
                // (The queue's rows carry no key: the id alone tells.)
                Err(d) if salvage::garbled(None, &d.id) => return Err(salvage::garbled_page()),
                Err(d) => damaged.push(d),
            }
        }
        Ok(())
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

/// One part of the due queue as SQL and its values: the dated cases by
/// due date (`dated`), or the undated ones newest first; each a range of
/// `cases_due` (or `cases_due_by_agent`), read in order up to `limit`.
fn queue_sql(query: &DueQuery, dated: bool, limit: i64) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = format!("SELECT {DUE} FROM cases c WHERE {ACTIVE}");
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(agent) = &query.agent {
        values.push(agent.clone().into());
        sql.push_str(&format!(" AND agent = ?{}", values.len()));
    }
    if dated {
        sql.push_str(" AND due_date IS NOT NULL");
        if let Some(until) = query.until {
            values.push(until.to_string().into());
            sql.push_str(&format!(" AND due_date <= ?{}", values.len()));
        }
        sql.push_str(" ORDER BY due_date, rowid");
    } else {
        sql.push_str(" AND due_date IS NULL ORDER BY due_date DESC, rowid DESC");
    }
    values.push(limit.into());
    sql.push_str(&format!(" LIMIT ?{}", values.len()));
    (sql, values)
}

/// The due queue read around damaged pages: every case of the log is
/// read (see `sqlite_salvage`), the due ones kept in the queue's order,
/// and each row that cannot be read named in `damaged` (whether it is due
/// cannot be known).
fn due_salvaged(conn: &Connection, query: &DueQuery) -> rusqlite::Result<DuePage> {
    let mut scan = salvage::Scan::new(conn, DUE.as_str(), &super::Filter::default());
    // (`status` is the case row's: the scan reads `cases c` alone.)
    scan.filter = format!(" AND {ACTIVE}");
    if let Some(agent) = &query.agent {
        scan.values.push(agent.clone().into());
        scan.filter
            .push_str(&format!(" AND c.agent = ?{}", scan.values.len()));
    }
    if let Some(until) = query.until {
        scan.values.push(until.to_string().into());
        scan.filter.push_str(&format!(
            " AND c.due_date IS NOT NULL AND c.due_date <= ?{}",
            scan.values.len()
        ));
    }
    // Dated first, by due date and key; then the undated, newest first.
    let order = |a: &(i64, DueCase), b: &(i64, DueCase)| match (a.1.due, b.1.due) {
        (Some(x), Some(y)) => (x, a.0).cmp(&(y, b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.0.cmp(&a.0),
    };
    let want = query.limit.saturating_add(1);
    let mut found: Vec<(i64, DueCase)> = Vec::new();
    let mut damaged = Vec::new();
    scan.salvage(None, &mut read_due, &mut |key, row| {
        match row {
            Ok(case) => found.push((key, case)),
            Err(d) => damaged.push(d),
        }
        // Memory of about twice the page, whatever the log's size.
        if found.len() >= want.saturating_mul(2) {
            found.sort_by(order);
            found.truncate(want);
        }
        std::ops::ControlFlow::Continue(())
    })?;
    found.sort_by(order);
    let more = found.len() > query.limit;
    found.truncate(query.limit);
    Ok(DuePage {
        cases: found.into_iter().map(|(_, c)| c).collect(),
        more,
        damaged,
    })
}

/// Retention (see [`super::CaseStore::purge`]), inside the caller's
/// transaction.
pub(super) fn purge(conn: &Connection, before: NaiveDate, whole: bool) -> rusqlite::Result<Purged> {
    let before = before.to_string();
    let closed = "closed_on IS NOT NULL AND closed_on < ?1 AND status IN ('resolved', 'closed')";
    let contacts = conn.execute(
        &format!(
            "UPDATE cases SET customer_name = '', customer_phone = '', customer_email = ''
             WHERE {closed} AND (customer_name <> '' OR customer_phone <> '' OR customer_email <> '')"
        ),
        [&before],
    )? as u64;
    let mut cases = 0;
    if whole {
        conn.execute(
            &format!(
                "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE {closed})"
            ),
            [&before],
        )?;
        cases = conn.execute(&format!("DELETE FROM cases WHERE {closed}"), [&before])? as u64;
    }
    Ok(Purged { contacts, cases })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part of the due queue is a range of its partial index, read
    /// in order (no scan, no sort): the queries name the indexes'
    /// condition exactly (`schema::ACTIVE`), which SQLite requires.
    #[test]
    fn every_part_of_the_due_queue_reads_its_partial_index() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        super::super::schema::migrate(&mut conn, 0).expect("schema");
        let until = NaiveDate::from_ymd_opt(2026, 12, 8);
        for (agent, index) in [(None, "cases_due"), (Some("ana"), "cases_due_by_agent")] {
            for (dated, until) in [(true, None), (true, until), (false, None)] {
                let query = DueQuery {
                    until,
                    agent: agent.map(str::to_owned),
                    limit: 50,
                };
                let (sql, values) = queue_sql(&query, dated, 51);
                let mut plan = conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .expect("plan");
                let plan: Vec<String> = plan
                    .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(3))
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("plan rows");
                let plan = plan.join(" | ");
                assert!(
                    plan.contains(&format!("USING INDEX {index} ")),
                    "{agent:?} dated {dated} until {until:?}: {plan}"
                );
                assert!(!plan.contains("TEMP B-TREE"), "sorted: {plan}");
            }
        }
    }
}
