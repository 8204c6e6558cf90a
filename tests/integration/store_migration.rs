//! A case log written by the landed version (schema 3: ids from
//! MAX(seq)+1, the outcome as JSON, no search index) opens with this one
//! and is migrated: its cases read back typed, the history search finds
//! them, new ids continue after the old ones, and counts are right.

use claimdesk::store::{CaseStore, SCHEMA_VERSION, Search, SqliteStore};

/// The three migrations the landed version ran, as it ran them.
pub(crate) const LANDED_SCHEMA: &str = "
CREATE TABLE cases (
    id TEXT PRIMARY KEY, day TEXT NOT NULL, seq INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, vendor TEXT NOT NULL,
    issue TEXT NOT NULL, verdict TEXT NOT NULL, claim_date TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '', agent TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '', claim_json TEXT NOT NULL, outcome_json TEXT NOT NULL,
    policy_fingerprint TEXT NOT NULL, UNIQUE (day, seq));
ALTER TABLE cases ADD COLUMN policy_origin TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_reference ON cases (reference);
CREATE INDEX cases_claim_date ON cases (claim_date);
ALTER TABLE cases ADD COLUMN reference_key TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_reference_key ON cases (reference_key);
PRAGMA user_version = 3;
";

#[test]
fn a_log_from_the_landed_version_is_migrated_and_searchable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cases.sqlite3");
    let policies = claimdesk::rules::PolicySet::embedded().expect("policies");
    let claim = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;
    let input = claimdesk::rules::ClaimInput::from_json(claim).expect("claim");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let outcome = claimdesk::rules::decide(&policies, &input, today).expect("decided");
    // The landed version saved the outcome as `check` printed it.
    let outcome_json = serde_json::to_string(&outcome).expect("json");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        conn.execute_batch(LANDED_SCHEMA).expect("landed schema");
        for (seq, reference, note) in [(1, "112-4417", "ladder"), (2, "K-2", "")] {
            conn.execute(
                "INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
                    claim_date, reference, agent, note, claim_json, outcome_json,
                    policy_fingerprint, policy_origin, reference_key)
                 VALUES (?1, '20261121', ?2, '2026-11-21T09:00:00', '2026-11-21T09:00:00',
                    'mitkco', 'wrong_item', 'eligible', '2026-11-21', ?3, 'Dana', ?4, ?5, ?6,
                    'abc123', 'embedded:mitkco.toml', ?7)",
                rusqlite::params![
                    format!("C-20261121-{seq:04}"),
                    seq,
                    reference,
                    note,
                    claim,
                    outcome_json,
                    claimdesk::store::reference_key(reference)
                ],
            )
            .expect("landed row");
        }
    }

    let mut log = SqliteStore::open(&path).expect("opens and migrates");
    let version: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let old = log.get("C-20261121-0001").expect("get").expect("there");
    assert_eq!(old.version, 1);
    assert_eq!(old.updated_by, "Dana");
    assert_eq!(old.record.policy.fingerprint, "abc123");
    assert_eq!(old.record.policy.sha256, "", "not recorded then");
    assert_eq!(old.record.outcome.verdict.id(), "eligible");
    assert_eq!(log.total().expect("total"), 2);
    let found = log
        .search(&Search {
            words: "ladder 4417".into(),
            ..Search::default()
        })
        .expect("search");
    assert_eq!(found.cases.len(), 1, "the index holds the old rows");
    let newest = log.search(&Search::default()).expect("page");
    assert_eq!(newest.cases[0].id, "C-20261121-0002", "newest first");
    // The day counter was seeded from the old rows.
    let mut record = old.record.clone();
    record.note = "after the upgrade".into();
    record.key = claimdesk::case::new_key();
    let at = today.and_hms_opt(15, 0, 0).expect("time");
    assert_eq!(log.save(&record, at).expect("save"), "C-20261121-0003");
    assert_eq!(log.total().expect("total"), 3);
    assert_eq!(
        log.update("C-20261121-0001", 1, &record, "Lee", at)
            .expect("update"),
        2
    );
}
