//! The short-word summaries: their bit layout, and searches through them
//! finding exactly what the plain scan finds (every page and the capped
//! count), on logs written through every write path.

use super::*;
use crate::case::timeline::{Event, EventKind};
use crate::store::sqlite_rows::search_sql;
use crate::store::{CaseRecord, CaseStore, Filter, Incoming, Search, SqliteStore};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use std::ops::ControlFlow;
use std::sync::LazyLock;

#[test]
fn every_ascii_piece_has_a_bit_of_its_own() {
    let printable: Vec<char> = (' '..='~').filter(|c| !c.is_ascii_uppercase()).collect();
    assert_eq!(printable.len(), ASCII);
    let mut seen = std::collections::HashSet::new();
    for &a in &printable {
        assert!(seen.insert(gram_bit(a, None)), "{a:?}");
        for &b in &printable {
            assert!(seen.insert(gram_bit(a, Some(b))), "{a:?}{b:?}");
        }
    }
    assert!(seen.iter().all(|&b| b < HASHED_AT));
    for (a, b) in [
        ('é', None),
        ('é', Some('t')),
        ('z', Some('ü')),
        ('\u{1}', None),
    ] {
        let bit = gram_bit(a, b);
        assert!((HASHED_AT..BITS).contains(&bit), "{a:?}{b:?}");
    }
}

#[test]
fn a_line_sets_its_folded_pieces() {
    let mut bits = [0u8; BYTES];
    add_line(&mut bits, ValueRef::Text("Zé".as_bytes()));
    for word in ["z", "é", "zé"] {
        assert!(is_set(&bits, word_bit(word).expect("short")), "{word}");
    }
    // SQLite's lower() folds ASCII only: "É" is not "é".
    let mut upper = [0u8; BYTES];
    add_line(&mut upper, ValueRef::Text("É".as_bytes()));
    assert!(!is_set(&upper, word_bit("é").expect("short")));
    let mut bad = [0u8; BYTES];
    add_line(&mut bad, ValueRef::Text(b"\xff"));
    assert!(bad.iter().all(|&b| b == 0xff));
}

/// A decided case to vary.
static TEMPLATE: LazyLock<CaseRecord> = LazyLock::new(|| {
    let policies = crate::rules::PolicySet::embedded().expect("policies");
    let input = crate::rules::ClaimInput::from_json(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#,
    )
    .expect("claim");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let outcome = crate::rules::decide(&policies, &input, today).expect("decided");
    let mut record = CaseRecord::from_decision(
        &input,
        &outcome,
        policies.vendor(outcome.vendor).expect("policy"),
    );
    record.agent = "Agent".into();
    record
});

fn record(note: &str, name: &str) -> CaseRecord {
    let mut r = TEMPLATE.clone();
    r.key = crate::case::new_key();
    r.note = note.into();
    r.customer.name = name.into();
    r
}

/// Noon of the `day`th day of 2026: each day is a block of its own.
fn at(day: u8) -> NaiveDateTime {
    (NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Days::new(u64::from(day)))
        .and_hms_opt(12, 0, 0)
        .expect("time")
}

/// The ids the plain scan finds (the search's SQL without the block
/// ranges: every row checked with `instr`), in page order.
fn plain(log: &SqliteStore, words: &str, oldest_first: bool) -> Vec<String> {
    let conn = Connection::open(log.path()).expect("open");
    let search = Search {
        words: words.into(),
        oldest_first,
        ..Search::default()
    };
    let (from, values, key) = search_sql(&search, false);
    let order = if oldest_first { "ASC" } else { "DESC" };
    let sql = format!("SELECT c.id {from} ORDER BY {key} {order}");
    let mut statement = conn.prepare(&sql).expect("prepare");
    statement
        .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("ids")
}

/// The ids the store's search finds, page after page of `limit`.
fn paged(log: &SqliteStore, words: &str, oldest_first: bool, limit: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = log
            .search(&Search {
                words: words.into(),
                oldest_first,
                after,
                limit,
                ..Search::default()
            })
            .expect("search");
        assert!(page.damaged.is_empty());
        ids.extend(page.cases.into_iter().map(|c| c.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

/// Every search of `words` through the store against the plain scan.
fn same_as_plain(log: &SqliteStore, words: &str) -> Result<(), TestCaseError> {
    for oldest_first in [false, true] {
        let want = plain(log, words, oldest_first);
        for limit in [1, 3, 100] {
            prop_assert_eq!(
                &paged(log, words, oldest_first, limit),
                &want,
                "{:?} oldest first {} limit {}",
                words,
                oldest_first,
                limit
            );
        }
        for cap in [0, 1, 2, 5, 1_001] {
            let search = Search {
                words: words.into(),
                oldest_first,
                ..Search::default()
            };
            prop_assert_eq!(
                log.count(&search, cap).expect("count"),
                (want.len() as u64).min(cap),
                "{:?} cap {}",
                words,
                cap
            );
        }
    }
    Ok(())
}

/// Text from a few letters, both cases, digits and characters SQLite's
/// `lower()` does not fold, so that short words often meet; a change
/// writes text of other letters, so that what it adds is new to the
/// summaries (a write path that did not keep them would be seen).
const TEXT: &str = "[abAB09 éÉ\\-]{0,10}";
const CHANGED: &str = "[xzXZ0 üİß\\-]{0,10}";
const WORD: &str = "[abxzABXZ09éÉüİß\\-]{1,4}";

/// The searches of a run: the random words, and each 1- and
/// 2-character piece of what the changes wrote.
fn searches(random: &[Vec<String>], changes: &[(prop::sample::Index, Change)]) -> Vec<String> {
    let mut all: Vec<String> = random.iter().map(|w| w.join(" ")).collect();
    for (_, change) in changes {
        let (Change::Note(text) | Change::Event(text)) = change;
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for width in [1, 2] {
            all.extend(chars.windows(width).map(|w| w.iter().collect::<String>()));
        }
    }
    all.sort();
    all.dedup();
    all
}

/// What is done to a saved case after its save.
#[derive(Debug, Clone)]
enum Change {
    /// A new note (an update: the searched columns change).
    Note(String),
    /// An event with a note (the timeline's words change).
    Event(String),
}

fn change() -> impl Strategy<Value = (prop::sample::Index, Change)> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![
            CHANGED.prop_map(Change::Note),
            CHANGED.prop_map(Change::Event)
        ],
    )
}

/// Every case of `log` with its events, as an import takes them.
fn everything(log: &SqliteStore) -> Vec<Incoming> {
    let mut incoming = Vec::new();
    log.for_each_with_events(&Filter::default(), &mut |c| {
        if let Ok((case, events)) = c {
            incoming.push(Incoming { case, events });
        }
        ControlFlow::Continue(())
    })
    .expect("read");
    incoming
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Saved one by one and in batches, edited, given events, imported
    /// into another log: every search finds through the summaries
    /// exactly what the plain scan finds, page by page and counted.
    #[test]
    fn a_search_through_the_summaries_finds_what_the_plain_scan_finds(
        cases in prop::collection::vec((0u8..5, TEXT, TEXT), 1..14),
        changes in prop::collection::vec(change(), 0..6),
        random in prop::collection::vec(prop::collection::vec(WORD, 1..3), 1..6),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut log = SqliteStore::open_in(&dir.path().join("a")).expect("log");
        let mut ids = Vec::new();
        let mut batch: Vec<CaseRecord> = Vec::new();
        for (i, (day, note, name)) in cases.iter().enumerate() {
            if i % 2 == 0 {
                ids.push(log.save(&record(note, name), at(*day)).expect("save"));
            } else {
                batch.push(record(note, name));
                let saved = log.save_many(&batch, at(*day)).expect("save many");
                ids.extend(saved.ids);
                batch.clear();
            }
        }
        // Imported into another log before the changes (new cases), and
        // again after them (the events merged into the cases there).
        let mut imported = SqliteStore::open_in(&dir.path().join("b")).expect("log");
        imported.import(&everything(&log)).expect("import");
        for (which, change) in &changes {
            let id = which.get(&ids);
            let when = at(9);
            match change {
                Change::Note(note) => {
                    let case = log.get(id).expect("get").expect("saved");
                    let mut r = case.record.clone();
                    r.note = note.clone();
                    log.update(id, case.version, &r, "Lee", when).expect("update");
                }
                Change::Event(note) => {
                    let mut e = Event::new(EventKind::Note, when.date(), "Lee", when);
                    e.note = note.clone();
                    log.append_event(id, None, &e, None, when).expect("event");
                }
            }
        }
        imported.import(&everything(&log)).expect("import again");
        for words in searches(&random, &changes) {
            same_as_plain(&log, &words)?;
            same_as_plain(&imported, &words)?;
        }
    }
}

/// The blocks a search reads, as days of 2026 (the first block of the
/// day `d` is `d`'s sort key >> BLOCK_BITS).
fn blocks_read(log: &SqliteStore, words: &str) -> Option<Vec<i64>> {
    let conn = Connection::open(log.path()).expect("open");
    ranges(&conn, words, false)
        .expect("ranges")
        .map(|r| r.into_iter().map(|(lo, _)| lo).collect())
}

#[test]
fn a_two_letter_word_only_in_the_oldest_case_is_found_and_zz_in_none_reads_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = SqliteStore::open_in(dir.path()).expect("log");
    let oldest = log
        .save(&record("call qx back", "Ana"), at(0))
        .expect("save");
    for day in 1..30 {
        let batch: Vec<CaseRecord> = (0..20).map(|_| record("called back", "Bo")).collect();
        log.save_many(&batch, at(day)).expect("save many");
    }
    for words in ["qx", "QX", "ticket qx", "mitkco qx"] {
        let found = log
            .search(&Search {
                words: words.into(),
                ..Search::default()
            })
            .expect("search");
        let want: &[&str] = if words == "ticket qx" {
            &[]
        } else {
            &[oldest.as_str()]
        };
        let found: Vec<&str> = found.cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(found, want, "{words}");
    }
    let qx = Search {
        words: "qx".into(),
        ..Search::default()
    };
    assert_eq!(log.count(&qx, 1_001).expect("count"), 1);
    // Only the oldest day's block is read.
    let oldest_block = crate::store::sort_key("20260101", 1) >> BLOCK_BITS << BLOCK_BITS;
    assert_eq!(blocks_read(&log, "qx"), Some(vec![oldest_block]));

    // A word no case has: no block to read, nothing found, counted 0.
    assert_eq!(blocks_read(&log, "zz"), Some(vec![]));
    let zz = Search {
        words: "zz".into(),
        ..Search::default()
    };
    assert!(log.search(&zz).expect("search").cases.is_empty());
    assert_eq!(log.count(&zz, 1_001).expect("count"), 0);
    // Long words only: no summaries read.
    assert_eq!(blocks_read(&log, "called"), None);
}

/// A log of schema 8 with cases (no summaries) is migrated: migration 9
/// fills them from the search index, and a short word finds its case.
#[test]
fn migration_9_fills_the_summaries_of_the_cases_saved_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(crate::store::FILE_NAME);
    let id = {
        let mut log = SqliteStore::open(&path).expect("log");
        for day in 0..3 {
            log.save(&record("called back", "Bo"), at(day))
                .expect("save");
        }
        log.save(&record("ticket", "Jo Qx"), at(1)).expect("save")
    };
    let version = crate::store::schema::MIGRATIONS
        .iter()
        .position(|m| m.file == "0009_short_word_grams.sql")
        .expect("migration 9");
    {
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(&format!(
            "DROP TABLE case_grams; PRAGMA user_version = {version};"
        ))
        .expect("back to schema 8");
    }
    let log = SqliteStore::open(&path).expect("migrated");
    let found = log
        .search(&Search {
            words: "qx".into(),
            ..Search::default()
        })
        .expect("search");
    let found: Vec<&str> = found.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(found, [id.as_str()]);
    assert_eq!(blocks_read(&log, "qx").map(|b| b.len()), Some(1));
    assert_eq!(blocks_read(&log, "zz"), Some(vec![]));
}
