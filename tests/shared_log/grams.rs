//! The history filter's short words on PostgreSQL (issue 26): the
//! blocks' bitmaps of 1- and 2-character pieces (migration 11), computed
//! in SQL bit for bit as the SQLite log computes them in Rust, kept by
//! every write, and searches through them finding exactly what the plain
//! scan finds.

use super::pg;
use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::case::timeline::{Event, EventKind};
use claimdesk::store::postgres::{PgStore, SearchRows, SearchStep};
use claimdesk::store::{CaseRecord, CaseStore, Filter, Incoming, Search, SqliteStore};
use libtest_mimic::Failed;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

/// A case with this note and customer name.
fn record(note: &str, name: &str) -> CaseRecord {
    let mut r = super::record(note, "Agent");
    r.key = claimdesk::case::new_key();
    r.customer.name = name.into();
    r
}

/// Noon of the `day`th day of 2026: each day a block of its own.
fn at(day: u8) -> NaiveDateTime {
    (NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Days::new(u64::from(day)))
        .and_hms_opt(12, 0, 0)
        .expect("time")
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn failed(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Text of every kind a line can hold: ASCII letters of both cases,
/// digits, punctuation, runs of spaces, letters PostgreSQL's `lower()`
/// may fold or not, a character outside the Basic Multilingual Plane, a
/// tab and a control character.
const LINE: &str = "[abzAZ09 .\\-_éÉüİßΩ😀\t\u{1}]{0,14}";

/// The bits of a SQLite bitmap (bit `n`: byte `n / 8`, `1 << n % 8`).
fn sqlite_bits(grams: &[u8]) -> Vec<usize> {
    (0..grams.len() * 8)
        .filter(|n| grams[n / 8] & (1 << (n % 8)) != 0)
        .collect()
}

/// The bits of a PostgreSQL bitmap (`bit(6144)` as text, bit `n` the
/// `n`th character).
fn pg_bits(grams: &str) -> Vec<usize> {
    grams
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'1')
        .map(|(n, _)| n)
        .collect()
}

/// Random cases saved into a SQLite log; their search lines (as its
/// search index holds them) given to migration 11's function: every
/// block's bitmap has the same bits as the SQLite log's.
pub fn the_bitmaps_are_the_sqlite_logs_bit_for_bit(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    drop(PgStore::connect(&url)?);
    // The runner's closure is `Fn`: the connection is borrowed in it.
    let sql = std::cell::RefCell::new(db.sql(&url));
    let cases = prop::collection::vec((0u8..3, LINE, LINE), 1..8);
    runner(32)
        .run(&cases, |cases| {
            let dir = tempfile::tempdir().map_err(failed)?;
            let mut log = SqliteStore::open_in(dir.path()).map_err(failed)?;
            for (day, note, name) in &cases {
                log.save(&record(note, name), at(*day)).map_err(failed)?;
            }
            let conn = rusqlite::Connection::open(log.path()).map_err(failed)?;
            let mut lines = conn
                .prepare("SELECT rowid, words FROM cases_fts")
                .map_err(failed)?;
            let (keys, lines): (Vec<i64>, Vec<String>) = lines
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
                .map_err(failed)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(failed)?
                .into_iter()
                .unzip();
            let mut blocks = conn
                .prepare("SELECT block, grams FROM case_grams")
                .map_err(failed)?;
            let sqlite: BTreeMap<i64, Vec<usize>> = blocks
                .query_map([], |r| {
                    Ok((r.get(0)?, sqlite_bits(&r.get::<_, Vec<u8>>(1)?)))
                })
                .map_err(failed)?
                .collect::<rusqlite::Result<_>>()
                .map_err(failed)?;
            let mut sql = sql.borrow_mut();
            sql.batch_execute("DELETE FROM case_grams")
                .map_err(failed)?;
            sql.execute("SELECT claimdesk_note_grams($1, $2)", &[&keys, &lines])
                .map_err(failed)?;
            let postgres: BTreeMap<i64, Vec<usize>> = sql
                .query("SELECT block, grams::text FROM case_grams", &[])
                .map_err(failed)?
                .iter()
                .map(|r| (r.get(0), pg_bits(r.get(1))))
                .collect();
            prop_assert_eq!(postgres, sqlite, "{:?}", lines);
            Ok(())
        })
        .map_err(|e| Failed::from(e.to_string()))?;
    // Any line (a search line starts and ends with a word; these may
    // not): the function cuts it at its spaces, and finds the pieces a
    // plain walk over every character finds.
    let lines = prop::collection::vec((0i64..3, LINE), 1..6);
    runner(64)
        .run(&lines, |lines| {
            let mut sql = sql.borrow_mut();
            let (keys, lines): (Vec<i64>, Vec<String>) = lines
                .into_iter()
                .map(|(block, line)| ((block << 12) + 7, line))
                .unzip();
            let bits = |rows: Vec<postgres::Row>| -> BTreeMap<i64, Vec<usize>> {
                rows.iter().map(|r| (r.get(0), pg_bits(r.get(1)))).collect()
            };
            let walked = bits(
                sql.query(
                    "SELECT block, bit_or(B'1'::bit(6144) >> bit)::text FROM (
                        SELECT u.k >> 12 AS block, claimdesk_gram_bit(ascii(substr(u.w, i, 1)),
                            coalesce(ascii(substr(u.w, i + 1, 1)), 0)) AS bit
                        FROM unnest($1::bigint[], $2::text[]) AS u (k, w),
                            generate_series(1, length(u.w)) AS i
                        UNION ALL
                        SELECT u.k >> 12, claimdesk_gram_bit(ascii(substr(u.w, i, 1)), 0)
                        FROM unnest($1::bigint[], $2::text[]) AS u (k, w),
                            generate_series(1, length(u.w)) AS i) b
                     GROUP BY block",
                    &[&keys, &lines],
                )
                .map_err(failed)?,
            );
            sql.batch_execute("DELETE FROM case_grams")
                .map_err(failed)?;
            sql.execute("SELECT claimdesk_note_grams($1, $2)", &[&keys, &lines])
                .map_err(failed)?;
            let noted = bits(
                sql.query("SELECT block, grams::text FROM case_grams", &[])
                    .map_err(failed)?,
            );
            prop_assert_eq!(noted, walked, "{:?}", lines);
            Ok(())
        })
        .map_err(|e| Failed::from(e.to_string()))
}

/// What is done to a saved case after its save.
#[derive(Debug, Clone)]
enum Change {
    /// A new note (an edit: the searched columns change).
    Note(String),
    /// An event with a note (the timeline's words change).
    Event(String),
}

/// As the SQLite test's: text of a few letters, so that short words
/// often meet; a change writes letters new to the bitmaps, so that a
/// write path that did not keep them would be seen.
const TEXT: &str = "[abAB09 éÉ\\-]{0,10}";
const CHANGED: &str = "[xzXZ0 üİß\\-]{0,10}";
const WORD: &str = "[abxzABXZ09éÉüİß\\-]{1,4}";

fn change() -> impl Strategy<Value = (prop::sample::Index, Change)> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![
            CHANGED.prop_map(Change::Note),
            CHANGED.prop_map(Change::Event)
        ],
    )
}

/// The searches of a run: the random words, each 1- and 2-character
/// piece of what the changes wrote, and each piece beside a word the
/// trigram index can use.
fn searches(random: &[Vec<String>], changes: &[(prop::sample::Index, Change)]) -> Vec<String> {
    let mut all: Vec<String> = random.iter().map(|w| w.join(" ")).collect();
    for (_, change) in changes {
        let (Change::Note(text) | Change::Event(text)) = change;
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for width in [1, 2] {
            for piece in chars.windows(width) {
                let piece: String = piece.iter().collect();
                all.push(format!("mitkco {piece}"));
                all.push(piece);
            }
        }
    }
    all.extend(["zz", "a", "ab 0", "note zz", "c-"].map(String::from));
    all.sort();
    all.dedup();
    all
}

/// The ids of the cases whose search line has every word (lower case,
/// as the store looks for it), checked on every row, in page order.
fn plain(sql: &mut postgres::Client, words: &str, oldest_first: bool) -> Vec<String> {
    let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
    let checks: String = (1..=words.len())
        .map(|n| format!(" AND strpos(c.words, ${n}) > 0"))
        .collect();
    let order = if oldest_first { "ASC" } else { "DESC" };
    let values: Vec<&(dyn postgres::types::ToSql + Sync)> = words
        .iter()
        .map(|w| w as &(dyn postgres::types::ToSql + Sync))
        .collect();
    sql.query(
        &format!("SELECT c.id FROM cases c WHERE TRUE{checks} ORDER BY c.sort_key {order}"),
        &values,
    )
    .expect("plain scan")
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// The ids the store's search finds, page after page of `limit`.
fn paged(log: &PgStore, words: &str, oldest_first: bool, limit: usize) -> Vec<String> {
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

/// Every search of `words` through the store against the plain scan:
/// each run of pages, and each capped count with the page after it.
fn same_as_plain(
    log: &PgStore,
    sql: &mut postgres::Client,
    words: &str,
) -> Result<(), TestCaseError> {
    for oldest_first in [false, true] {
        let want = plain(sql, words, oldest_first);
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
                limit: 3,
                ..Search::default()
            };
            prop_assert_eq!(
                log.count(&search, cap).map_err(failed)?,
                (want.len() as u64).min(cap),
                "{:?} cap {}",
                words,
                cap
            );
            let page: Vec<String> = log
                .search(&search)
                .map_err(failed)?
                .cases
                .into_iter()
                .map(|c| c.id)
                .collect();
            prop_assert_eq!(
                &page[..],
                &want[..want.len().min(3)],
                "{:?} after count",
                words
            );
        }
    }
    Ok(())
}

/// Every case of `log` with its events, as an import takes them.
fn everything(log: &PgStore) -> Vec<Incoming> {
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

/// Saved one by one and in batches, edited, given events, imported into
/// another log (new cases, then the events merged): every search finds
/// through the bitmaps exactly what the plain scan finds, page by page
/// and counted, whether the blocks or the other steps answer a search
/// with a word the trigram index can use.
pub fn a_search_through_the_summaries_finds_what_the_plain_scan_finds(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let mut runner = runner(12);
    let strategy = (
        prop::collection::vec((0u8..5, TEXT, TEXT), 1..14),
        prop::collection::vec(change(), 0..6),
        prop::collection::vec(prop::collection::vec(WORD, 1..3), 1..6),
    );
    runner
        .run(&strategy, |(cases, changes, random)| {
            let (a, b) = (db.fresh_url(), db.fresh_url());
            let mut log = PgStore::connect(&a).map_err(failed)?;
            let mut ids = Vec::new();
            let mut batch: Vec<CaseRecord> = Vec::new();
            for (i, (day, note, name)) in cases.iter().enumerate() {
                if i % 2 == 0 {
                    ids.push(log.save(&record(note, name), at(*day)).map_err(failed)?);
                } else {
                    batch.push(record(note, name));
                    let saved = log.save_many(&batch, at(*day)).map_err(failed)?;
                    ids.extend(saved.ids);
                    batch.clear();
                }
            }
            let mut imported = PgStore::connect(&b).map_err(failed)?;
            imported.import(&everything(&log)).map_err(failed)?;
            for (which, change) in &changes {
                let id = which.get(&ids);
                let when = at(9);
                match change {
                    Change::Note(note) => {
                        let case = log.get(id).map_err(failed)?.expect("saved");
                        let mut r = case.record.clone();
                        r.note = note.clone();
                        log.update(id, case.version, &r, "Lee", when)
                            .map_err(failed)?;
                    }
                    Change::Event(note) => {
                        let mut e = Event::new(EventKind::Note, when.date(), "Lee", when);
                        e.note = note.clone();
                        log.append_event(id, None, &e, None, when).map_err(failed)?;
                    }
                }
            }
            imported.import(&everything(&log)).map_err(failed)?;
            let (mut sql_a, mut sql_b) = (db.sql(&a), db.sql(&b));
            let other_steps = SearchRows {
                probe: 1,
                ordered: 2,
                trigram_keys: 1,
                blocks: 0,
            };
            for rows in [SearchRows::default(), other_steps] {
                log.set_search_rows(rows);
                imported.set_search_rows(rows);
                for words in searches(&random, &changes) {
                    same_as_plain(&log, &mut sql_a, &words)?;
                    same_as_plain(&imported, &mut sql_b, &words)?;
                }
            }
            Ok(())
        })
        .map_err(|e| Failed::from(e.to_string()))
}

/// A 2-letter word only in the oldest case is found (its block read,
/// through the bitmaps); "zz", in no case, reads nothing: with `cases`
/// locked by another session, its count and page answer at once (a read
/// of the table would wait for the lock until the statement timeout).
pub fn a_two_letter_word_only_in_the_oldest_case_is_found_and_zz_in_none_reads_nothing(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let mut log = PgStore::connect(&url)?;
    let oldest = log.save(&record("call qx back", "Ana"), at(0))?;
    for day in 1..30 {
        let batch: Vec<CaseRecord> = (0..20).map(|_| record("called back", "Bo")).collect();
        log.save_many(&batch, at(day))?;
    }
    for words in ["qx", "QX", "ticket qx", "back qx", "mitkco qx"] {
        let search = Search {
            words: words.into(),
            ..Search::default()
        };
        let want: &[&str] = if words == "ticket qx" {
            &[]
        } else {
            &[oldest.as_str()]
        };
        let found = log.search(&search)?;
        let found: Vec<&str> = found.cases.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(found, want, "{words}");
        assert_eq!(log.last_search_step(), Some(SearchStep::Blocks), "{words}");
        assert_eq!(log.count(&search, 1_001)?, want.len() as u64, "{words}");
    }

    let zz = Search {
        words: "zz".into(),
        ..Search::default()
    };
    let mut locker = db.sql(&url);
    let mut tx = locker.transaction()?;
    tx.batch_execute("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE")?;
    let started = Instant::now();
    let counted = log.count(&zz, 1_001);
    let step = log.last_search_step();
    let page = log.search(&zz);
    let searched = log
        .search(&Search {
            words: "called zz".into(),
            ..Search::default()
        })
        .map(|p| p.cases.len());
    let took = started.elapsed();
    tx.rollback()?;
    assert_eq!(counted?, 0);
    assert_eq!(step, Some(SearchStep::NoBlock));
    assert!(page?.cases.is_empty());
    assert_eq!(searched?, 0);
    assert!(took < Duration::from_secs(5), "{took:?}");
    Ok(())
}

/// A log of schema 10 with cases (saved one by one and in a batch) is
/// migrated: migration 11 fills the bitmaps, the same as the triggers
/// make for the same saves on a log of schema 11, and a short word
/// finds its case.
pub fn migration_11_fills_the_bitmaps_of_the_cases_saved_before_it(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let (old_url, new_url) = (db.fresh_url(), db.fresh_url());
    let mut ids = Vec::new();
    for (url, version) in [(&old_url, 10), (&new_url, 11)] {
        let mut log = PgStore::connect_at(url, version)?;
        for day in 0..3 {
            log.save(&record("called back", "Bo"), at(day))?;
        }
        ids.push(log.save(&record("ticket", "Jo Qx"), at(1))?);
        log.save_many(
            // Lower case already: found whatever the server's `lower()` folds.
            &[record("batch", "éva ünal"), record("", "ωmega 😀")],
            at(2),
        )?;
    }
    assert_eq!(ids[0], ids[1]);
    let log = PgStore::connect(&old_url)?;
    assert_eq!(log.schema_version()?, 11);
    let found = log.search(&Search {
        words: "qx".into(),
        ..Search::default()
    })?;
    let found: Vec<&str> = found.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(found, [ids[0].as_str()]);
    assert_eq!(log.last_search_step(), Some(SearchStep::Blocks));
    for words in ["ü", "ωm", "😀"] {
        let n = log.count(
            &Search {
                words: words.into(),
                ..Search::default()
            },
            10,
        )?;
        assert_eq!(n, 1, "{words}");
    }
    let grams = |url: &str| -> Result<Vec<(i64, String)>, Failed> {
        Ok(db
            .sql(url)
            .query(
                "SELECT block, grams::text FROM case_grams ORDER BY block",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    };
    let filled = grams(&old_url)?;
    assert_eq!(filled.len(), 3, "a block a day");
    assert_eq!(filled, grams(&new_url)?);
    Ok(())
}
