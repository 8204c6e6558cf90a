//! The identity part of the case-log contract (case-log.md, "What must
//! hold over a case's whole life", properties 7, 9 and 10): a case's
//! permanent key, moving cases between logs by it, bulk saves that
//! resume, days without a ceiling, times kept as instants. Written once
//! against the `CaseStore` trait; `store_contract.rs` runs each function
//! on SQLite and on PostgreSQL.

use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::case::CaseExport;
use claimdesk::case::timeline::{Event, EventKind};
use claimdesk::rules::{ClaimInput, decide};
use claimdesk::store::{CaseRecord, CaseStore, Filter, Incoming, Search};
use std::ops::ControlFlow;

use super::{Fresh, policies};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
}

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    day(d).and_hms_opt(h, m, 0).expect("time")
}

fn record(reference: &str) -> CaseRecord {
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
    r.agent = "Dana".into();
    r
}

/// Every case of `log` with its timeline, written as `cases export
/// --format jsonl` lines and read back as `cases import` reads them.
pub fn through_export_lines(log: &dyn CaseStore) -> Vec<Incoming> {
    let mut lines = Vec::new();
    log.for_each_with_events(&Filter::default(), &mut |c| {
        let (case, events) = c.expect("readable");
        let line = CaseExport::of(&case).with_events(events);
        lines.push(serde_json::to_string(&line).expect("json"));
        ControlFlow::Continue(())
    })
    .expect("export");
    lines
        .iter()
        .map(|l| {
            let (case, events) = serde_json::from_str::<CaseExport>(l)
                .expect("line")
                .into_case_and_events()
                .expect("case");
            Incoming { case, events }
        })
        .collect()
}

fn shipped(date: NaiveDate, recorded: NaiveDateTime) -> Event {
    let mut e = Event::new(EventKind::Shipped, date, "Dana", recorded);
    e.extra.tracking = Some("1Z999".into());
    e
}

pub fn property7_export_import_keeps_the_key_and_every_event(fresh: Fresh<'_>) {
    let mut a = fresh();
    let r = record("ORD-1");
    assert!(!r.key.is_empty(), "a record has its key before any save");
    let id = a.save(&r, at(21, 9, 0)).expect("save");
    a.append_event(
        &id,
        None,
        &shipped(day(22), at(22, 10, 0)),
        None,
        at(22, 10, 0),
    )
    .expect("event");
    let before = a.get(&id).expect("get").expect("there");
    assert_eq!(before.record.key, r.key, "the key is stored as minted");
    let a_events = a.events(&id).expect("events");
    assert_eq!(a_events.len(), 2, "decided + shipped");

    let incoming = through_export_lines(&*a);
    assert_eq!(incoming.len(), 1);
    assert_eq!(
        incoming[0].events, a_events,
        "the export carries every event"
    );
    let mut b = fresh();
    let done = b.import(&incoming).expect("import");
    assert_eq!((done.added, done.merged, done.renumbered), (1, 0, 0));
    let after = b.get(&id).expect("get").expect("there");
    assert_eq!(after, before, "the same case, key included");
    assert_eq!(b.events(&id).expect("events"), a_events);
    // Its standing follows the imported timeline, not the bare decision.
    let due_a = a.due(&Default::default()).expect("due");
    let due_b = b.due(&Default::default()).expect("due");
    assert_eq!(due_a, due_b);
}

pub fn property7_colliding_ids_from_two_logs_are_both_kept(fresh: Fresh<'_>) {
    let (mut a, mut b) = (fresh(), fresh());
    let id_a = a.save(&record("A-1"), at(21, 9, 0)).expect("save a");
    let id_b = b.save(&record("B-1"), at(21, 9, 5)).expect("save b");
    assert_eq!(id_a, id_b, "two counters number from 0001 alike");
    let mut target = fresh();
    let from_a = target.import(&through_export_lines(&*a)).expect("import a");
    assert_eq!((from_a.added, from_a.renumbered), (1, 0));
    let from_b = target.import(&through_export_lines(&*b)).expect("import b");
    assert_eq!(
        (from_b.added, from_b.renumbered, from_b.merged),
        (0, 1, 0),
        "the second counter's case is renumbered, not dropped"
    );
    assert_eq!(target.total().expect("total"), 2);
    let renumbered = target
        .get("C-20261121-0002")
        .expect("get")
        .expect("the next free id");
    assert_eq!(renumbered.record.reference, "B-1");
    assert_eq!(
        renumbered.record.imported_from.as_deref(),
        Some(id_b.as_str())
    );
    assert_eq!(
        target.events("C-20261121-0002").expect("events").len(),
        1,
        "its timeline came with it"
    );
    // Both again: nothing doubles.
    let again_a = target.import(&through_export_lines(&*a)).expect("again");
    let again_b = target.import(&through_export_lines(&*b)).expect("again");
    assert_eq!((again_a.merged, again_b.merged), (1, 1));
    assert_eq!(again_a.events_added + again_b.events_added, 0);
    assert_eq!(target.total().expect("total"), 2);
    // The renumbered case exports with where it came from, and a later
    // save of that day comes after both.
    let out = through_export_lines(&*target);
    assert_eq!(
        out[1].case.record.imported_from.as_deref(),
        Some("C-20261121-0001")
    );
    let next = target.save(&record("T"), at(21, 12, 0)).expect("save");
    assert_eq!(next, "C-20261121-0003");
}

pub fn property7_the_same_key_merges_events_never_doubles(fresh: Fresh<'_>) {
    let mut a = fresh();
    let id = a.save(&record("ORD-2"), at(21, 9, 0)).expect("save");
    let mut b = fresh();
    b.import(&through_export_lines(&*a)).expect("first import");
    // Both logs record something after the move.
    a.append_event(
        &id,
        None,
        &shipped(day(22), at(22, 10, 0)),
        None,
        at(22, 10, 0),
    )
    .expect("event in a");
    let mut note = Event::new(EventKind::Note, day(22), "Lee", at(22, 11, 0));
    note.note = "customer called".into();
    b.append_event(&id, None, &note, None, at(22, 11, 0))
        .expect("event in b");
    let done = b.import(&through_export_lines(&*a)).expect("second import");
    assert_eq!((done.added, done.merged, done.events_added), (0, 1, 1));
    let events = b.events(&id).expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Decided, EventKind::Note, EventKind::Shipped],
        "each event once"
    );
    let again = b.import(&through_export_lines(&*a)).expect("third import");
    assert_eq!(again.events_added, 0);
    assert_eq!(b.events(&id).expect("events").len(), 3);
}

pub fn property9_a_rerun_saves_only_what_is_missing(fresh: Fresh<'_>) {
    let mut log = fresh();
    let records: Vec<CaseRecord> = (0..5).map(|i| record(&format!("R{i}"))).collect();
    let first = log
        .save_many(&records[..3], at(21, 8, 0))
        .expect("first run");
    assert_eq!((first.ids.len(), first.already), (3, 0));
    // The run is repeated in full after it stopped at the third.
    let rerun = log.save_many(&records, at(21, 8, 5)).expect("rerun");
    assert_eq!(rerun.already, 3, "the first three were saved before");
    assert_eq!(rerun.ids[..3], first.ids[..], "they keep their ids");
    assert_eq!(rerun.ids[3], "C-20261121-0004", "no number is skipped");
    assert_eq!(log.total().expect("total"), 5);
    // A single save of a record already saved answers with its id.
    assert_eq!(
        log.save(&records[4], at(21, 9, 0)).expect("save"),
        rerun.ids[4]
    );
    assert_eq!(log.total().expect("total"), 5);
}

pub fn property9_a_case_saved_inside_a_batch_leaves_no_gap(fresh: Fresh<'_>) {
    let mut log = fresh();
    let [a, b, c, d] = ["GAP-A", "GAP-B", "GAP-C", "GAP-D"].map(record);
    let first = log
        .save_many(std::slice::from_ref(&b), at(21, 8, 0))
        .expect("first");
    // b was saved before and a comes twice: the cases after them take
    // the next numbers, whole rows under them.
    let batch = [a.clone(), b, a, c, d];
    let saved = log.save_many(&batch, at(21, 8, 5)).expect("batch");
    assert_eq!(saved.already, 2);
    assert_eq!(
        saved.ids,
        [
            "C-20261121-0002",
            first.ids[0].as_str(),
            "C-20261121-0002",
            "C-20261121-0003",
            "C-20261121-0004"
        ]
    );
    assert_eq!(log.total().expect("total"), 4);
    for (id, reference) in [(&saved.ids[3], "GAP-C"), (&saved.ids[4], "GAP-D")] {
        let case = log.get(id).expect("get").expect("case");
        assert_eq!(
            (case.id.as_str(), case.record.reference.as_str()),
            (id.as_str(), reference)
        );
        assert_eq!(found(&*log, reference), std::slice::from_ref(id));
        assert_eq!(found(&*log, id), std::slice::from_ref(id));
        assert_eq!(
            log.events(id).expect("events").len(),
            1,
            "its decided entry"
        );
    }
    assert_eq!(
        log.save(&record("GAP-E"), at(21, 9, 0)).expect("save"),
        "C-20261121-0005"
    );
}

pub fn property9_a_day_has_no_ceiling_past_a_million(fresh: Fresh<'_>) {
    let mut log = fresh();
    // An imported case numbered 999,999 puts the day's counter there at
    // no cost; the next saves number past a million.
    let mut near = through_export_lines(&*{
        let mut source = fresh();
        source.save(&record("old"), at(21, 7, 0)).expect("save");
        source
    });
    near[0].case.id = "C-20261121-999999".into();
    log.import(&near).expect("import");
    let ids = log
        .save_many(&[record("m1"), record("m2")], at(21, 8, 0))
        .expect("save past a million")
        .ids;
    assert_eq!(ids, ["C-20261121-1000000", "C-20261121-1000001"]);
    assert!(claimdesk::case::valid_id(&ids[0]));
    let single = log.save(&record("m3"), at(21, 9, 0)).expect("save");
    assert_eq!(single, "C-20261121-1000002");
    let earlier = log.save(&record("e"), at(20, 9, 0)).expect("save");
    // Newest first, in number order across the million, the day before last.
    let page = log
        .search(&Search {
            limit: 3,
            ..Default::default()
        })
        .expect("page");
    let listed: Vec<&str> = page.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        listed,
        [
            "C-20261121-1000002",
            "C-20261121-1000001",
            "C-20261121-1000000"
        ]
    );
    let rest = log
        .search(&Search {
            limit: 10,
            after: page.next,
            ..Default::default()
        })
        .expect("next page");
    let listed: Vec<&str> = rest.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, ["C-20261121-999999", earlier.as_str()]);
}

pub fn property10_times_are_kept_as_given_utc(fresh: Fresh<'_>) {
    let mut log = fresh();
    let now = at(21, 23, 30);
    let id = log.save(&record("T"), now).expect("save");
    let case = log.get(&id).expect("get").expect("there");
    assert_eq!(case.created_at, now, "read back as the same instant");
    let events = log.events(&id).expect("events");
    assert_eq!(events[0].recorded_at, now);
    let page = log.search(&Search::default()).expect("page");
    assert_eq!(page.cases[0].created_at, now);
}

/// The ids of every case `words` finds, newest first.
fn found(log: &dyn CaseStore, words: &str) -> Vec<String> {
    let search = Search {
        words: words.into(),
        limit: 1000,
        ..Default::default()
    };
    let page = log.search(&search).expect("search");
    let count = log.count(&search, 1001).expect("count");
    assert_eq!(
        count,
        page.cases.len() as u64,
        "count and page of {words:?}"
    );
    page.cases.into_iter().map(|c| c.id).collect()
}

/// Bulk writes fill the history search and the case count per batch (on
/// SQLite no longer by a trigger per row): every case a batch save or an
/// import adds is found by its words, an imported case by its timeline's
/// words too, and the total counts each once; a rerun adds nothing.
pub fn bulk_saves_and_imports_are_found_and_counted(fresh: Fresh<'_>) {
    let mut a = fresh();
    let records: Vec<CaseRecord> = (0..40)
        .map(|i| {
            let mut r = record(&format!("BULK-{i:03}"));
            r.note = if i % 10 == 0 {
                format!("parcel{i} squashed")
            } else {
                "boxed".into()
            };
            r
        })
        .collect();
    let saved = a.save_many(&records, at(21, 9, 0)).expect("batch");
    assert_eq!(saved.ids.len(), 40);
    assert_eq!(a.total().expect("total"), 40);
    assert_eq!(found(&*a, "squashed").len(), 4);
    assert_eq!(found(&*a, "parcel30 squashed"), [saved.ids[30].clone()]);
    assert_eq!(found(&*a, "BULK-017"), [saved.ids[17].clone()]);
    assert_eq!(found(&*a, "boxed").len(), 36);
    // A second batch on the same day, one key repeated from the first.
    let mut more = vec![record("LATE-1"), records[5].clone()];
    more[0].note = "second batch".into();
    let again = a.save_many(&more, at(21, 10, 0)).expect("batch");
    assert_eq!((again.ids.len(), again.already), (2, 1));
    assert_eq!(a.total().expect("total"), 41);
    assert_eq!(found(&*a, "second batch"), [again.ids[0].clone()]);
    assert_eq!(found(&*a, "BULK-005"), [saved.ids[5].clone()]);
    a.append_event(
        &saved.ids[3],
        None,
        &shipped(day(22), at(22, 10, 0)),
        None,
        at(22, 10, 0),
    )
    .expect("event");
    assert_eq!(found(&*a, "1Z999"), [saved.ids[3].clone()]);

    let mut b = fresh();
    let incoming = through_export_lines(&*a);
    let done = b.import(&incoming).expect("import");
    assert_eq!(done.added, 41);
    assert_eq!(b.total().expect("total"), 41);
    for words in [
        "squashed",
        "parcel30 squashed",
        "BULK-017",
        "boxed",
        "second batch",
    ] {
        assert_eq!(found(&*b, words), found(&*a, words), "{words}");
    }
    assert_eq!(
        found(&*b, "1Z999"),
        [saved.ids[3].clone()],
        "an imported case is found by its timeline's words"
    );
    let rerun = b.import(&incoming).expect("import again");
    assert_eq!((rerun.added, rerun.merged), (0, 41));
    assert_eq!(b.total().expect("total"), 41);
    assert_eq!(found(&*b, "boxed").len(), 36);
}
