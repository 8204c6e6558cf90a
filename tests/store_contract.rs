//! The contract every case-log backend keeps, written once against the
//! `CaseStore` trait. Each test is a function taking a factory; `main`
//! runs all of them for SQLite, always, and for PostgreSQL, each in a
//! schema of its own, when `CLAIMDESK_TEST_DATABASE_URL` names a test
//! database (otherwise they are reported as ignored, never as passed).

use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::rules::{ClaimInput, PolicySet, decide};
use claimdesk::store::SqliteStore;
use claimdesk::store::postgres::PgStore;
use claimdesk::store::{CaseRecord, CaseStore, Filter, Search, StoreError};
use libtest_mimic::{Arguments, Trial};
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "store_contract/identity.rs"]
mod identity;
#[path = "store_contract/life.rs"]
mod life;
#[path = "common/pg.rs"]
mod pg;
#[path = "store_contract/properties.rs"]
mod properties;
#[path = "store_contract/timeline.rs"]
mod timeline;

/// Opens a new, empty log each call.
type Fresh<'a> = &'a dyn Fn() -> Box<dyn CaseStore>;
/// Opens another connection to one shared log each call (from any thread).
type Shared<'a> = &'a (dyn Fn() -> Box<dyn CaseStore> + Sync);

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| PolicySet::embedded().expect("policies"))
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
}

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    day(d).and_hms_opt(h, m, 0).expect("time")
}

/// A decided Mitkco claim with this reference and note.
fn record(reference: &str, note: &str) -> CaseRecord {
    let input = ClaimInput::from_json(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#,
    )
    .expect("claim");
    let outcome = decide(policies(), &input, day(21)).expect("decided");
    let mut r = CaseRecord::from_decision(
        &input,
        &outcome,
        policies().vendor("mitkco").expect("mitkco"),
    );
    r.reference = reference.into();
    r.note = note.into();
    r.agent = "Dana".into();
    r
}

pub fn save_get_update(fresh: Fresh<'_>) {
    let mut log = fresh();
    let first = record("112-7", "first call");
    let id = log.save(&first, at(21, 9, 0)).expect("save");
    assert_eq!(id, "C-20261121-0001");
    let saved = log.get(&id).expect("get").expect("there");
    assert_eq!(saved.version, 1);
    assert_eq!(saved.record, first);
    assert_eq!(saved.created_at, at(21, 9, 0));
    assert!(
        !saved.record.policy.sha256.is_empty(),
        "the policy's SHA-256 is kept"
    );

    let changed = record("112-7", "second call");
    let version = log
        .update(&id, 1, &changed, "Lee", at(21, 10, 0))
        .expect("update");
    assert_eq!(version, 2);
    let now = log.get(&id).expect("get").expect("there");
    assert_eq!((now.version, now.updated_by.as_str()), (2, "Lee"));
    assert_eq!(now.record.note, "second call");
    assert_eq!(now.created_at, at(21, 9, 0), "created stays");
    assert_eq!(now.updated_at, at(21, 10, 0));
    assert!(log.get("C-20261121-0099").expect("get").is_none());
    assert!(matches!(
        log.update("C-20261121-0099", 1, &changed, "Lee", at(21, 10, 0)),
        Err(StoreError::NotFound { .. })
    ));
}

pub fn an_edit_based_on_an_old_version_is_refused(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = log.save(&record("A-1", ""), at(21, 9, 0)).expect("save");
    log.update(&id, 1, &record("A-1", "by Lee"), "Lee", at(21, 9, 30))
        .expect("first edit");
    // A second agent still holds version 1.
    let refused = log.update(&id, 1, &record("A-1", "by Kim"), "Kim", at(21, 9, 31));
    let Err(e) = refused else {
        panic!("an edit of version 1 after version 2 was accepted");
    };
    assert!(matches!(e, StoreError::Conflict { .. }), "{e:?}");
    let said = e.to_string();
    assert!(
        said.contains("changed by Lee at 2026-11-21 09:30:00"),
        "{said}"
    );
    let kept = log.get(&id).expect("get").expect("there");
    assert_eq!(kept.record.note, "by Lee", "never a silent overwrite");
    assert_eq!(kept.version, 2);
}

pub fn search_pages_newest_first_over_every_case(fresh: Fresh<'_>) {
    let mut log = fresh();
    let mut ids = Vec::new();
    for i in 0..25u32 {
        let note = if i % 8 == 0 { "ladder fell" } else { "routine" };
        let r = record(&format!("ORD-{i:03}"), note);
        ids.push(log.save(&r, at(1 + i / 10, 9, i)).expect("save"));
    }
    assert_eq!(log.total().expect("total"), 25);
    // Pages of 10, newest first, cover every case once.
    let mut seen = Vec::new();
    let mut search = Search {
        limit: 10,
        ..Search::default()
    };
    loop {
        let page = log.search(&search).expect("page");
        assert!(page.cases.len() <= 10);
        seen.extend(page.cases.iter().map(|c| c.id.clone()));
        match page.next {
            Some(next) => search.after = Some(next),
            None => break,
        }
    }
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);
    let oldest = log
        .search(&Search {
            oldest_first: true,
            limit: 3,
            ..Search::default()
        })
        .expect("oldest");
    assert_eq!(
        oldest
            .cases
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        &ids[..3]
    );
    // Words: each must match some column, ignoring case; any substring.
    let words = |w: &str| {
        let s = Search {
            words: w.into(),
            limit: 100,
            ..Search::default()
        };
        let page = log.search(&s).expect("search");
        assert_eq!(
            log.count(&s, 1000).expect("count") as usize,
            page.cases.len(),
            "{w}"
        );
        page.cases.into_iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(words("LADDER").len(), 4);
    assert_eq!(words("ladder ord-016"), vec![ids[16].clone()]);
    assert_eq!(words("rd-00").len(), 10, "a substring inside a word");
    assert_eq!(
        words("ORD-024 20261103 2026-11-21 mitkco wrong item"),
        vec![ids[24].clone()]
    );
    assert_eq!(words("o 24"), vec![ids[24].clone()], "short words too");
    assert!(words("zzqx").is_empty());
    assert_eq!(words(&ids[3]), vec![ids[3].clone()]);
    assert_eq!(
        log.count(
            &Search {
                words: "routine".into(),
                ..Search::default()
            },
            5
        )
        .expect("count"),
        5,
        "counting stops at the cap"
    );
    // Filters narrow too; the reference ignores case, spaces and dashes.
    let by_ref = log
        .search(&Search {
            filter: Filter {
                reference: Some("ord 007".into()),
                ..Filter::default()
            },
            ..Search::default()
        })
        .expect("by reference");
    assert_eq!(by_ref.cases.len(), 1);
    assert_eq!(by_ref.cases[0].id, ids[7]);
    let earlier = log.with_reference("ord-007", 10).expect("look up");
    assert_eq!(earlier.len(), 1);
}

/// The wizard counts, then reads the page: the page is the one a search
/// alone gives, however the backend gets it.
pub fn a_page_after_a_count_is_the_same_page(fresh: Fresh<'_>) {
    let mut log = fresh();
    for i in 0..30u32 {
        let note = if i % 3 == 0 { "ladder" } else { "routine" };
        log.save(&record(&format!("P-{i}"), note), at(2 + i / 10, 9, i))
            .expect("save");
    }
    for (words, limit, oldest_first, cap) in [
        ("", 10, false, 1001),
        ("ladder", 4, false, 1001),
        ("ladder", 4, true, 1001),
        ("routine", 50, false, 1001),
        ("routine", 5, false, 3),
        ("zzqx", 10, false, 1001),
    ] {
        let search = Search {
            words: words.into(),
            limit,
            oldest_first,
            ..Search::default()
        };
        let alone = log.search(&search).expect("search");
        let counted = log.count(&search, cap).expect("count");
        let after_count = log.search(&search).expect("search");
        assert_eq!(after_count, alone, "{words:?} limit {limit} cap {cap}");
        assert!(counted <= cap);
        // And the next page continues where the counted one ended.
        if let Some(next) = after_count.next {
            let more = log
                .search(&Search {
                    after: Some(next),
                    ..search.clone()
                })
                .expect("next page");
            assert!(more.cases.iter().all(|c| !alone.cases.contains(c)));
        }
    }
}

pub fn export_streams_every_case_oldest_first_and_can_stop(fresh: Fresh<'_>) {
    let mut log = fresh();
    let mut records: Vec<CaseRecord> = (0..30).map(|i| record(&format!("R{i}"), "")).collect();
    records[4].customer.email = "bulk@example.com".into();
    let ids = log
        .save_many(&records, at(21, 8, 0))
        .expect("save many")
        .ids;
    assert_eq!(ids.len(), 30);
    // A batch keeps the contact and the first decision, as a save does.
    let fifth = log.get(&ids[4]).expect("get").expect("there");
    assert_eq!(fifth.record.customer.email, "bulk@example.com");
    assert_eq!(log.events(&ids[4]).expect("events").len(), 1);
    assert_eq!(ids[29], "C-20261121-0030");
    let mut streamed = Vec::new();
    log.for_each(&Filter::default(), &mut |c| {
        streamed.push(c.expect("readable").id);
        ControlFlow::Continue(())
    })
    .expect("stream");
    assert_eq!(streamed, ids);
    let mut first_five = 0;
    log.for_each(&Filter::default(), &mut |_| {
        first_five += 1;
        if first_five == 5 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("stream");
    assert_eq!(first_five, 5);
}

pub fn import_keeps_ids_and_twice_adds_nothing(fresh: Fresh<'_>) {
    let mut a = fresh();
    for i in 0..12u32 {
        let mut r = record(&format!("A{i}"), "from counter A");
        if i % 3 == 0 {
            r.customer.name = format!("Customer {i}");
            r.customer.phone = format!("+34 600 00{i}");
        }
        a.save(&r, at(20 + i % 2, 9, i)).expect("save");
    }
    let mut exported = Vec::new();
    a.for_each(&Filter::default(), &mut |c| {
        exported.push(c.expect("readable"));
        ControlFlow::Continue(())
    })
    .expect("export");
    let parsed = identity::through_export_lines(&*a);
    assert_eq!(
        parsed.iter().map(|i| i.case.clone()).collect::<Vec<_>>(),
        exported
    );

    let mut b = fresh();
    b.save(&record("B0", "counter B's own"), at(19, 9, 0))
        .expect("save");
    let first = b.import(&parsed).expect("import");
    assert_eq!((first.added, first.merged, first.renumbered), (12, 0, 0));
    let again = b.import(&parsed).expect("import again");
    assert_eq!(
        (again.added, again.merged, again.events_added),
        (0, 12, 0),
        "importing twice adds nothing"
    );
    assert_eq!(b.total().expect("total"), 13);
    for c in &exported {
        assert_eq!(b.get(&c.id).expect("get").as_ref(), Some(c));
    }
    assert_eq!(
        exported
            .iter()
            .filter(|c| !c.record.customer.is_empty())
            .count(),
        4,
        "the contact travels with the case"
    );
    // Imported cases are in the due queue as their decisions stand.
    let due = b
        .due(&claimdesk::store::DueQuery {
            limit: 100,
            ..Default::default()
        })
        .expect("due");
    assert!(
        exported
            .iter()
            .all(|c| due.cases.iter().any(|d| d.id == c.id))
    );
    // Ids minted later on an imported day come after the imported ones.
    let next = b.save(&record("B1", ""), at(21, 17, 0)).expect("save");
    assert_eq!(next, "C-20261121-0007");
}

pub fn ids_are_unique_across_16_concurrent_writers(shared: Shared<'_>) {
    const WRITERS: usize = 16;
    const EACH: usize = 15;
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                scope.spawn(move || {
                    let mut log = shared();
                    (0..EACH)
                        .map(|i| {
                            log.save(&record(&format!("W{w}-{i}"), ""), at(21, 12, 0))
                                .expect("save")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("writer"))
            .collect()
    });
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), WRITERS * EACH, "every id unique");
    assert_eq!(shared().total().expect("total"), (WRITERS * EACH) as u64);
}

/// The suite, once per backend: the same functions, as trials a
/// `harness = false` runner can mark ignored at run time (PostgreSQL
/// without a test database).
/// A factory of fresh logs, and of connections to one shared log.
type FreshFactory = Box<dyn Fn() -> Box<dyn CaseStore>>;
type SharedFactory = Box<dyn Fn() -> Box<dyn CaseStore> + Sync>;
/// A contract test over fresh logs, by name.
type Named = (&'static str, fn(Fresh<'_>));
/// A contract test over connections to one shared log, by name.
type NamedShared = (&'static str, fn(Shared<'_>));

fn trials(
    backend: &str,
    fresh: fn() -> FreshFactory,
    shared: fn() -> SharedFactory,
    ignored: bool,
) -> Vec<Trial> {
    let with_fresh: [Named; 27] = [
        (
            "property1_the_claim_date_is_the_first_calls_and_time_alone_changes_no_verdict",
            properties::property1_the_claim_date_is_the_first_calls_and_time_alone_changes_no_verdict,
        ),
        (
            "property2_a_met_deadline_stays_met",
            properties::property2_a_met_deadline_stays_met,
        ),
        (
            "property3_a_verdict_changes_only_for_a_reason_the_timeline_shows",
            properties::property3_a_verdict_changes_only_for_a_reason_the_timeline_shows,
        ),
        (
            "property4_events_are_checked_like_answers",
            properties::property4_events_are_checked_like_answers,
        ),
        (
            "property5_the_next_action_follows_the_remedy",
            properties::property5_the_next_action_follows_the_remedy,
        ),
        (
            "property6_a_callback_finds_the_open_case_on_its_order",
            properties::property6_a_callback_finds_the_open_case_on_its_order,
        ),
        (
            "bulk_saves_and_imports_are_found_and_counted",
            identity::bulk_saves_and_imports_are_found_and_counted,
        ),
        (
            "property7_export_import_keeps_the_key_and_every_event",
            identity::property7_export_import_keeps_the_key_and_every_event,
        ),
        (
            "property7_colliding_ids_from_two_logs_are_both_kept",
            identity::property7_colliding_ids_from_two_logs_are_both_kept,
        ),
        (
            "property7_the_same_key_merges_events_never_doubles",
            identity::property7_the_same_key_merges_events_never_doubles,
        ),
        (
            "property9_a_rerun_saves_only_what_is_missing",
            identity::property9_a_rerun_saves_only_what_is_missing,
        ),
        (
            "property9_a_case_saved_inside_a_batch_leaves_no_gap",
            identity::property9_a_case_saved_inside_a_batch_leaves_no_gap,
        ),
        (
            "property9_a_day_has_no_ceiling_past_a_million",
            identity::property9_a_day_has_no_ceiling_past_a_million,
        ),
        (
            "property10_times_are_kept_as_given_utc",
            identity::property10_times_are_kept_as_given_utc,
        ),
        (
            "events_are_kept_in_order_with_every_decision",
            timeline::events_are_kept_in_order_with_every_decision,
        ),
        (
            "a_re_decision_on_an_old_version_is_refused_and_nothing_is_written",
            timeline::a_re_decision_on_an_old_version_is_refused_and_nothing_is_written,
        ),
        (
            "the_due_queue_lists_active_cases_by_due_date",
            timeline::the_due_queue_lists_active_cases_by_due_date,
        ),
        (
            "contact_is_kept_searchable_and_purged",
            timeline::contact_is_kept_searchable_and_purged,
        ),
        (
            "history_search_finds_tracking_rma_event_notes_and_status_words",
            timeline::history_search_finds_tracking_rma_event_notes_and_status_words,
        ),
        (
            "an_import_with_newer_events_takes_the_decision_that_follows_them",
            timeline::an_import_with_newer_events_takes_the_decision_that_follows_them,
        ),
        (
            "a_page_after_a_count_is_the_same_page",
            a_page_after_a_count_is_the_same_page,
        ),
        ("save_get_update", save_get_update),
        (
            "an_edit_based_on_an_old_version_is_refused",
            an_edit_based_on_an_old_version_is_refused,
        ),
        (
            "search_pages_newest_first_over_every_case",
            search_pages_newest_first_over_every_case,
        ),
        (
            "export_streams_every_case_oldest_first_and_can_stop",
            export_streams_every_case_oldest_first_and_can_stop,
        ),
        (
            "import_keeps_ids_and_twice_adds_nothing",
            import_keeps_ids_and_twice_adds_nothing,
        ),
        (
            "a_case_keeps_its_first_calls_facts_and_met_stays_met",
            life::a_case_keeps_its_first_calls_facts_and_met_stays_met,
        ),
    ];
    let mut trials: Vec<Trial> = with_fresh
        .into_iter()
        .map(|(name, test)| {
            Trial::test(format!("{backend}::{name}"), move || {
                test(&*fresh());
                Ok(())
            })
            .with_ignored_flag(ignored)
        })
        .collect();
    let with_shared: [NamedShared; 2] = [
        (
            "ids_are_unique_across_16_concurrent_writers",
            ids_are_unique_across_16_concurrent_writers,
        ),
        (
            "events_from_two_connections_at_once_are_all_kept",
            timeline::events_from_two_connections_at_once_are_all_kept,
        ),
    ];
    trials.extend(with_shared.into_iter().map(|(name, test)| {
        Trial::test(format!("{backend}::{name}"), move || {
            test(&*shared());
            Ok(())
        })
        .with_ignored_flag(ignored)
    }));
    trials
}

/// SQLite: each fresh log in its own folder under one temporary folder
/// (kept as long as the factory).
fn sqlite_fresh() -> FreshFactory {
    let folder = tempfile::tempdir().expect("tempdir");
    let n = AtomicUsize::new(0);
    Box::new(move || {
        let dir = folder
            .path()
            .join(format!("log{}", n.fetch_add(1, Ordering::SeqCst)));
        Box::new(SqliteStore::open_in(&dir).expect("open"))
    })
}

fn sqlite_shared() -> SharedFactory {
    let folder = tempfile::tempdir().expect("tempdir");
    Box::new(move || Box::new(SqliteStore::open_in(&folder.path().join("shared")).expect("open")))
}

/// PostgreSQL: each fresh log a schema of its own, dropped at the end.
fn pg_fresh() -> FreshFactory {
    let db = pg::TestDb::new(&std::env::var(pg::URL_VAR).expect("url"));
    Box::new(move || Box::new(PgStore::connect(&db.fresh_url()).expect("connect")))
}

fn pg_shared() -> SharedFactory {
    let db = pg::TestDb::new(&std::env::var(pg::URL_VAR).expect("url"));
    let url = db.fresh_url();
    Box::new(move || {
        let _keep = &db;
        Box::new(PgStore::connect(&url).expect("connect"))
    })
}

fn main() {
    let args = Arguments::from_args();
    let no_postgres = pg::database_url().is_none();
    let mut all = trials("sqlite", sqlite_fresh, sqlite_shared, false);
    all.extend(trials("postgres", pg_fresh, pg_shared, no_postgres));
    libtest_mimic::run(&args, all).exit();
}
