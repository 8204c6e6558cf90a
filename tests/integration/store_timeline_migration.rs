//! A case log written before the timeline (schema 3, as the landed
//! version made it) opens with this version: migration 5 derives each
//! saved case's status, next action and due date, so the due queue lists
//! the old cases at once; they have no events until one is recorded; the
//! contact added later is found by the history search.

use claimdesk::case::timeline::{Event, EventKind, Status};
use claimdesk::store::{CaseStore, DueQuery, SCHEMA_VERSION, Search, SqliteStore};

/// The schema the landed version made (version 3).
use super::store_migration::LANDED_SCHEMA;

#[test]
fn old_cases_get_a_derived_standing_and_can_take_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cases.sqlite3");
    let policies = claimdesk::rules::PolicySet::embedded().expect("policies");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let claims = [
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-10-01","claim_date":"2026-11-21"}"#,
    ];
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(LANDED_SCHEMA).expect("landed schema");
        for (seq, claim) in claims.iter().enumerate() {
            let input = claimdesk::rules::ClaimInput::from_json(claim).expect("claim");
            let outcome = claimdesk::rules::decide(&policies, &input, today).expect("decided");
            conn.execute(
                "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                    claim_date, reference, agent, note, claim_json, outcome_json,
                    policy_fingerprint, policy_origin, reference_key)
                 VALUES (?1, '20261125', ?2, '2026-11-25T09:00:00', '2026-11-25T09:00:00',
                    'mitkco', ?3, ?4, ?5, '', 'Dana', '', ?6, ?7, 'abc', '', '')",
                rusqlite::params![
                    format!("C-20261125-{:04}", seq + 1),
                    seq as i64 + 1,
                    outcome.issue,
                    outcome.verdict.id(),
                    outcome.claim_date.to_string(),
                    claim,
                    serde_json::to_string(&outcome).expect("json"),
                ],
            )
            .expect("landed row");
        }
        // A damaged row keeps the defaults and does not stop the migration.
        conn.execute(
            "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                claim_date, claim_json, outcome_json, policy_fingerprint)
             VALUES ('C-20261125-0003', '20261125', 3, '2026-11-25T09:00:00',
                '2026-11-25T09:00:00', 'mitkco', 'x', 'eligible', '2026-11-25', '{', '{', '')",
            [],
        )
        .expect("damaged row");
    }
    let mut log = SqliteStore::open(&path).expect("migrated");
    let version: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);

    let queue = log
        .due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    assert_eq!(queue.cases[0].id, "C-20261125-0001");
    assert_eq!(queue.cases[0].status, Status::Open);
    assert_eq!(
        queue.cases[0].due,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
    );
    assert!(
        queue.cases.iter().all(|c| c.id != "C-20261125-0002"),
        "closed"
    );
    assert!(log.events("C-20261125-0001").expect("events").is_empty());

    let at = today.and_hms_opt(12, 0, 0).expect("time");
    let mut note = Event::new(EventKind::Closed, today, "Lee", at);
    note.extra.reason = Some("customer withdrew".into());
    log.append_event("C-20261125-0001", None, &note, None, at)
        .expect("event on an old case");
    let queue = log
        .due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    assert!(queue.cases.iter().all(|c| c.id != "C-20261125-0001"));

    let mut case = log.get("C-20261125-0002").expect("get").expect("there");
    case.record.customer.name = "Ana Lopez".into();
    log.update(&case.id, case.version, &case.record, "Lee", at)
        .expect("update");
    let found = log
        .search(&Search {
            words: "lopez".into(),
            ..Search::default()
        })
        .expect("search");
    assert_eq!(found.cases.len(), 1);
    // A contact change is no new decision: the case has no decided entry.
    assert!(log.events("C-20261125-0002").expect("events").is_empty());
}

/// A log of schema 6 (before the timeline's search words) whose cases
/// have events: migration 7 fills `timeline_words` for them and builds
/// the search index again, so the tracking number, an event's note and
/// the status word find the case at once (issues 21, 22).
#[test]
fn schema_6_cases_with_events_are_found_by_their_timeline_after_migrating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cases.sqlite3");
    let policies = claimdesk::rules::PolicySet::embedded().expect("policies");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let claim = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
    let id = {
        let mut log = SqliteStore::open(&path).expect("new log");
        let input = claimdesk::rules::ClaimInput::from_json(claim).expect("claim");
        let outcome = claimdesk::rules::decide(&policies, &input, today).expect("decided");
        let record = claimdesk::store::CaseRecord::from_decision(
            &input,
            &outcome,
            policies.vendor("mitkco").expect("mitkco"),
        );
        let at = today.and_hms_opt(9, 0, 0).expect("time");
        let id = log.save(&record, at).expect("save");
        let mut note = Event::new(EventKind::Note, today, "Dana", at);
        note.note = "parcel left with neighbour".into();
        log.append_event(&id, None, &note, None, at).expect("note");
        let mut shipped = Event::new(EventKind::Shipped, today, "Dana", at);
        shipped.extra.tracking = Some("1Z999MIGRATED".into());
        log.append_event(&id, None, &shipped, None, at)
            .expect("shipped");
        id
    };
    {
        // Back to schema 6: no timeline words, the index without them,
        // no short-word summaries (migration 9).
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "DROP TABLE case_grams;
             DROP TRIGGER cases_fts_update;
             ALTER TABLE cases DROP COLUMN timeline_words;
             DELETE FROM cases_fts;
             INSERT INTO cases_fts (rowid, words) SELECT rowid, id || ' ' || note FROM cases;
             CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN SELECT 1; END;
             CREATE TRIGGER cases_fts_update AFTER UPDATE ON cases BEGIN SELECT 1; END;
             CREATE TRIGGER cases_counted AFTER INSERT ON cases
                 BEGIN UPDATE case_count SET cases = cases + 1; END;
             CREATE INDEX cases_reference ON cases (reference);
             PRAGMA user_version = 6;",
        )
        .expect("schema 6");
    }
    let log = SqliteStore::open(&path).expect("migrated");
    for words in ["1z999migrated", "neighbour", "shipped", id.as_str()] {
        let found = log
            .search(&Search {
                words: words.into(),
                ..Search::default()
            })
            .expect("search");
        let ids: Vec<&str> = found.cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [id.as_str()], "{words}");
    }
}
