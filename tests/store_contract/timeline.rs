//! The timeline part of the case-log contract (events, re-decisions,
//! the derived status and due queue, the customer's contact), written
//! once against the `CaseStore` trait; `store_contract.rs` runs each
//! function on SQLite and on PostgreSQL.

use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::case::Contact;
use claimdesk::case::timeline::{Event, EventKind, Status, redecide};
use claimdesk::rules::{ClaimInput, decide};
use claimdesk::store::{CaseRecord, CaseStore, DueQuery, Search, StoreError};

use super::{Fresh, Shared, policies};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, 0, 0).expect("time")
}

/// A decided claim saved by `agent`.
fn record(json: &str, agent: &str) -> CaseRecord {
    let input = ClaimInput::from_json(json).expect("claim");
    let outcome = decide(policies(), &input, day(11, 25)).expect("decided");
    let mut r = CaseRecord::from_decision(
        &input,
        &outcome,
        policies().vendor(outcome.vendor).expect("policy"),
    );
    r.agent = agent.into();
    r
}

const CHANGE_OF_MIND: &str = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
const NOT_ELIGIBLE: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-10-01","claim_date":"2026-11-21"}"#;
const NO_DEADLINE: &str = r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-09-01","first_notice_date":"2026-11-20","claim_date":"2026-11-21"}"#;

/// Records `kind` on `id` as the CLI and the wizard do: re-decided when
/// it gives a fact, saved with the version it was based on.
fn record_event(
    log: &mut dyn CaseStore,
    id: &str,
    kind: EventKind,
    on: NaiveDate,
    agent: &str,
) -> Result<i64, StoreError> {
    let case = log.get(id).expect("get").expect("there");
    let event = Event::new(kind, on, agent, on.and_hms_opt(12, 0, 0).expect("time"));
    let redecided = redecide(&case, &event, policies()).expect("re-decided");
    let expected = redecided.as_ref().map(|_| case.version);
    log.append_event(id, expected, &event, redecided.as_ref(), at(12, 1, 9))
}

pub fn events_are_kept_in_order_with_every_decision(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = log
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    let saved = log.events(&id).expect("events");
    assert_eq!(saved.len(), 1, "the save is the first decision");
    assert_eq!(saved[0].kind, EventKind::Decided);
    assert!(saved[0].extra.verdict.is_some());

    let mut note = Event::new(EventKind::Note, day(11, 26), "Lee", at(11, 26, 10));
    note.note = "customer asked about the label".into();
    assert_eq!(
        log.append_event(&id, None, &note, None, at(11, 26, 10))
            .expect("note"),
        1
    );
    let v = record_event(log.as_mut(), &id, EventKind::Shipped, day(11, 28), "Lee").expect("ship");
    assert_eq!(v, 2, "a re-decision is a new version");

    let events = log.events(&id).expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Decided,
            EventKind::Note,
            EventKind::Shipped,
            EventKind::Decided
        ]
    );
    assert_eq!(events[1].note, "customer asked about the label");
    assert_eq!(events[2].date, day(11, 28));
    let case = log.get(&id).expect("get").expect("there");
    assert_eq!(
        case.record
            .claim
            .date(claimdesk::rules::claim::DateFact::Shipped),
        Some("2026-11-28")
    );
    assert!(log.events("C-20261125-0099").expect("none").is_empty());
    assert!(matches!(
        log.append_event("C-20261125-0099", None, &note, None, at(11, 26, 10)),
        Err(StoreError::NotFound { .. })
    ));
}

pub fn a_re_decision_on_an_old_version_is_refused_and_nothing_is_written(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = log
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    let stale = log.get(&id).expect("get").expect("there");
    record_event(
        log.as_mut(),
        &id,
        EventKind::VendorApproved,
        day(11, 26),
        "Lee",
    )
    .expect("approve");
    let event = Event::new(EventKind::Shipped, day(11, 27), "Dana", at(11, 27, 9));
    let redecided = redecide(&stale, &event, policies()).expect("re-decided");
    let refused = log.append_event(
        &id,
        Some(stale.version),
        &event,
        redecided.as_ref(),
        at(11, 27, 9),
    );
    match refused {
        Err(StoreError::Conflict { by, .. }) => assert_eq!(by, "Lee"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let events = log.events(&id).expect("events");
    assert!(
        events.iter().all(|e| e.kind != EventKind::Shipped),
        "{events:?}"
    );
}

pub fn the_due_queue_lists_active_cases_by_due_date(fresh: Fresh<'_>) {
    let mut log = fresh();
    let soon = log
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    let closed = log
        .save(&record(NOT_ELIGIBLE, "Dana"), at(11, 25, 9))
        .expect("save");
    let undated = log
        .save(&record(NO_DEADLINE, "Lee"), at(11, 25, 9))
        .expect("save");
    let refunding = log
        .save(&record(CHANGE_OF_MIND, "Lee"), at(11, 25, 9))
        .expect("save");
    for kind in [EventKind::VendorApproved, EventKind::Shipped] {
        record_event(log.as_mut(), &refunding, kind, day(11, 26), "Lee").expect("event");
    }
    // Received on 11-27: refund due 11-29, before the other case's 12-01.
    record_event(
        log.as_mut(),
        &refunding,
        EventKind::VendorReceived,
        day(11, 27),
        "Lee",
    )
    .expect("received");

    let all = log
        .due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    let ids: Vec<&str> = all.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [refunding.as_str(), soon.as_str(), undated.as_str()]);
    assert!(!all.more);
    assert_eq!(all.cases[0].status, Status::WaitingOnVendor);
    assert_eq!(all.cases[0].due, Some(day(11, 29)));
    assert!(all.cases[0].next_action.contains("MK-REFUND2"));
    assert_eq!(all.cases[1].status, Status::Open);
    assert_eq!(all.cases[1].due, Some(day(12, 1)));
    assert_eq!(all.cases[2].due, None);
    assert!(!ids.contains(&closed.as_str()));

    let until = log
        .due(&DueQuery {
            until: Some(day(11, 30)),
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    assert_eq!(until.cases.len(), 1, "{until:?}");
    let lee = log
        .due(&DueQuery {
            agent: Some("Lee".into()),
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    let ids: Vec<&str> = lee.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [refunding.as_str(), undated.as_str()]);
    let one = log
        .due(&DueQuery {
            limit: 1,
            ..DueQuery::default()
        })
        .expect("due");
    assert!(one.more && one.cases.len() == 1);

    // Resolved: out of the queue.
    record_event(
        log.as_mut(),
        &refunding,
        EventKind::RefundIssued,
        day(11, 28),
        "Lee",
    )
    .expect("refund");
    let after = log
        .due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    assert!(after.cases.iter().all(|c| c.id != refunding));
    // Reopened: back in it.
    record_event(
        log.as_mut(),
        &refunding,
        EventKind::Reopened,
        day(11, 29),
        "Lee",
    )
    .expect("reopen");
    let again = log
        .due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due");
    assert!(again.cases.iter().any(|c| c.id == refunding));
}

pub fn contact_is_kept_searchable_and_purged(fresh: Fresh<'_>) {
    let mut log = fresh();
    let mut closed = record(NOT_ELIGIBLE, "Dana");
    closed.customer = Contact {
        name: "Ana Lopez".into(),
        phone: "+34 600 123".into(),
        email: "ana@example.com".into(),
    };
    let closed_id = log.save(&closed, at(11, 25, 9)).expect("save");
    let mut open = record(CHANGE_OF_MIND, "Dana");
    open.customer.name = "Bo Chen".into();
    let open_id = log.save(&open, at(11, 25, 9)).expect("save");
    assert_eq!(
        log.get(&closed_id)
            .expect("get")
            .expect("there")
            .record
            .customer,
        closed.customer
    );
    let found = log
        .search(&Search {
            words: "lopez".into(),
            ..Search::default()
        })
        .expect("search");
    assert_eq!(found.cases.len(), 1);
    assert_eq!(found.cases[0].id, closed_id);
    let by_mail = log
        .search(&Search {
            words: "ana@example".into(),
            ..Search::default()
        })
        .expect("search");
    assert_eq!(by_mail.cases.len(), 1);

    // Not eligible: closed on its claim date, 2026-11-21.
    assert_eq!(log.purge(day(11, 21), false).expect("purge").contacts, 0);
    let purged = log.purge(day(11, 22), false).expect("purge");
    assert_eq!((purged.contacts, purged.cases), (1, 0));
    let after = log.get(&closed_id).expect("get").expect("there");
    assert!(after.record.customer.is_empty());
    assert_eq!(
        log.get(&open_id)
            .expect("get")
            .expect("there")
            .record
            .customer
            .name,
        "Bo Chen"
    );
    let gone = log
        .search(&Search {
            words: "lopez".into(),
            ..Search::default()
        })
        .expect("search");
    assert!(
        gone.cases.is_empty(),
        "the search index forgets the name too"
    );

    // A contact typed later (`cases contact`, an update) is kept and found.
    let mut later = log.get(&open_id).expect("get").expect("there");
    later.record.customer.phone = "+44 7700 900123".into();
    log.update(&open_id, later.version, &later.record, "Lee", at(11, 26, 9))
        .expect("update");
    let by_phone = log
        .search(&Search {
            words: "7700 900123".into(),
            ..Search::default()
        })
        .expect("search");
    assert_eq!(by_phone.cases.len(), 1);
    assert_eq!(by_phone.cases[0].id, open_id);
    assert_eq!(
        log.get(&open_id)
            .expect("get")
            .expect("there")
            .record
            .customer,
        later.record.customer
    );
    // A contact alone is no decision: no `decided` entry for it.
    assert_eq!(log.events(&open_id).expect("events").len(), 1);

    let whole = log.purge(day(11, 22), true).expect("purge");
    assert_eq!(whole.cases, 1);
    assert!(log.get(&closed_id).expect("get").is_none());
    assert!(log.events(&closed_id).expect("events").is_empty());
    assert_eq!(log.total().expect("total"), 1);
}

pub fn events_from_two_connections_at_once_are_all_kept(shared: Shared<'_>) {
    let id = shared()
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    const EACH: usize = 20;
    std::thread::scope(|scope| {
        for agent in ["Dana", "Lee"] {
            let id = id.clone();
            scope.spawn(move || {
                let mut log = shared();
                for n in 0..EACH {
                    let mut e = Event::new(EventKind::Note, day(11, 26), agent, at(11, 26, 10));
                    e.note = format!("{agent} {n}");
                    // A fact-giving event: retried on a conflict, as the CLI does.
                    let kind = if n % 5 == 0 {
                        EventKind::VendorApproved
                    } else {
                        EventKind::Note
                    };
                    loop {
                        let result = if kind == EventKind::Note {
                            log.append_event(&id, None, &e, None, at(11, 26, 10))
                        } else {
                            record_event(log.as_mut(), &id, kind, day(11, 26), agent)
                        };
                        match result {
                            Ok(_) => break,
                            Err(StoreError::Conflict { .. } | StoreError::Locked { .. }) => {
                                continue;
                            }
                            Err(other) => panic!("{other}"),
                        }
                    }
                }
            });
        }
    });
    let events = shared().events(&id).expect("events");
    let count = |kind: EventKind| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(count(EventKind::Note), 2 * (EACH - EACH / 5));
    assert_eq!(count(EventKind::VendorApproved), 2 * (EACH / 5));
    assert_eq!(count(EventKind::Decided), 1 + 2 * (EACH / 5));
}

/// `event` recorded on `id` as the CLI does (re-decided when it gives a
/// fact).
fn append(log: &mut dyn CaseStore, id: &str, event: &Event) {
    let case = log.get(id).expect("get").expect("there");
    let redecided = redecide(&case, event, policies()).expect("re-decided");
    let expected = redecided.as_ref().map(|_| case.version);
    log.append_event(id, expected, event, redecided.as_ref(), at(12, 1, 9))
        .expect("appended");
}

/// The ids a history search for `words` finds.
fn found(log: &dyn CaseStore, words: &str) -> Vec<String> {
    log.search(&Search {
        words: words.into(),
        ..Search::default()
    })
    .expect("search")
    .cases
    .into_iter()
    .map(|c| c.id)
    .collect()
}

/// The history search reaches the timeline (issues 21, 22): a tracking
/// number, an RMA number, a word of an event's note and the status words
/// find the case, on every append; an untouched case is not found.
pub fn history_search_finds_tracking_rma_event_notes_and_status_words(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = log
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    let other = log
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    assert!(found(log.as_ref(), "1Z999").is_empty());
    let mut approved = Event::new(EventKind::VendorApproved, day(11, 26), "Lee", at(11, 26, 9));
    approved.extra.rma = Some("RMA-77123".into());
    append(log.as_mut(), &id, &approved);
    let mut shipped = Event::new(EventKind::Shipped, day(11, 27), "Lee", at(11, 27, 9));
    shipped.extra.tracking = Some("1Z999AA10123456784".into());
    append(log.as_mut(), &id, &shipped);
    let mut note = Event::new(EventKind::Note, day(11, 27), "Lee", at(11, 27, 10));
    note.note = "customer lost the receipt label".into();
    append(log.as_mut(), &id, &note);
    assert_eq!(found(log.as_ref(), "1Z999"), [id.as_str()]);
    assert_eq!(found(log.as_ref(), "1z999aa1012"), [id.as_str()]);
    assert_eq!(found(log.as_ref(), "rma-77123"), [id.as_str()]);
    assert_eq!(found(log.as_ref(), "receipt label"), [id.as_str()]);
    assert_eq!(found(log.as_ref(), "waiting on vendor"), [id.as_str()]);
    assert!(found(log.as_ref(), "resolved").is_empty());
    append(
        log.as_mut(),
        &id,
        &Event::new(EventKind::VendorReceived, day(11, 30), "Lee", at(11, 30, 9)),
    );
    append(
        log.as_mut(),
        &id,
        &Event::new(EventKind::RefundIssued, day(12, 1), "Lee", at(12, 1, 9)),
    );
    assert_eq!(found(log.as_ref(), "resolved"), [id.as_str()]);
    assert_eq!(found(log.as_ref(), "refund issued"), [id.as_str()]);
    assert!(found(log.as_ref(), "receipt").iter().all(|c| *c != other));
}

/// Property 7 on import: a copy of a case with events this log lacks
/// (and the re-decision they brought) leaves the case with the decision
/// that follows the merged timeline, the same as the log it came from,
/// standing included; an older copy imported again changes nothing.
pub fn an_import_with_newer_events_takes_the_decision_that_follows_them(fresh: Fresh<'_>) {
    let mut first = fresh();
    let id = first
        .save(&record(CHANGE_OF_MIND, "Dana"), at(11, 25, 9))
        .expect("save");
    let old_lines = super::identity::through_export_lines(&*first);
    let mut other = fresh();
    other.import(&old_lines).expect("import");
    record_event(first.as_mut(), &id, EventKind::Shipped, day(11, 27), "Lee").expect("ship");
    record_event(
        first.as_mut(),
        &id,
        EventKind::VendorReceived,
        day(11, 30),
        "Lee",
    )
    .expect("received");
    let done = other
        .import(&super::identity::through_export_lines(&*first))
        .expect("merge");
    assert_eq!((done.merged, done.added), (1, 0));
    let here = first.get(&id).expect("get").expect("there");
    let there = other.get(&id).expect("get").expect("there");
    assert_eq!(there.record.claim, here.record.claim, "the merged facts");
    assert_eq!(
        there.record.outcome, here.record.outcome,
        "the newest decision"
    );
    assert_eq!(
        other.events(&id).expect("events"),
        first.events(&id).expect("events")
    );
    let due = |log: &dyn CaseStore| {
        log.due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .expect("due")
        .cases
        .into_iter()
        .map(|c| (c.id, c.next_action, c.due))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        due(other.as_ref()),
        due(first.as_ref()),
        "the same standing"
    );
    // The older copy again: nothing new, the decision stays.
    let again = other.import(&old_lines).expect("import the old copy");
    assert_eq!(again.events_added, 0);
    let after = other.get(&id).expect("get").expect("there");
    assert_eq!(after.record.outcome, here.record.outcome);
}
