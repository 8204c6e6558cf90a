//! A case's whole life as a property (case-log.md, "What must hold over a
//! case's whole life", 1-4), on every backend: random claims through
//! random in-order event sequences, each event checked, re-decided and
//! saved as `cases event` does it.
//!
//! After every event the stored outcome must equal what `check` gives for
//! the same first-call claim with the facts the events gave and `as_of`
//! set to the event's day (read here independently of
//! `case::timeline::apply`); deciding the stored claim on any later day
//! must keep its verdict (time alone changes nothing); a deadline met
//! once stays met for the rest of the case's life; and at the end, export
//! then import gives the same case and the same `cases show`, and a second
//! counter's case with the same readable id is kept beside it.

use super::{Fresh, policies};
use chrono::{Days, NaiveDate, NaiveDateTime};
use claimdesk::case::OutcomeRecord;
use claimdesk::case::timeline::{self, Event, EventKind};
use claimdesk::rules::outcome::DeadlineStatus;
use claimdesk::rules::{ClaimInput, decide};
use claimdesk::store::CaseRecord;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).expect("date")
}

fn noon(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(12, 0, 0).expect("time")
}

/// A first-call claim of either vendor, and its claim date.
fn claim_strategy() -> impl Strategy<Value = (Value, NaiveDate)> {
    let mitkco = (
        prop::sample::select(vec![
            "change_of_mind",
            "defective",
            "damaged_in_transit",
            "wrong_item",
        ]),
        0u64..5,
        0u64..12,
    )
        .prop_map(|(issue, invoice_before, called_after)| {
            let delivery = plus(base(), 5);
            let invoice = delivery - Days::new(invoice_before);
            let claim = plus(delivery, called_after);
            (
                json!({"vendor": "mitkco", "issue": issue,
                       "delivery_date": delivery.to_string(),
                       "invoice_date": invoice.to_string(),
                       "claim_date": claim.to_string()}),
                claim,
            )
        });
    let millso = (
        prop::sample::select(vec!["change_of_mind", "defective", "wrong_item"]),
        prop::sample::select(vec!["direct", "amazon_us"]),
        prop::sample::select(vec![0u64, 20, 44, 45, 46, 200, 364, 365, 366, 400]),
    )
        .prop_map(|(issue, channel, called_after)| {
            let claim = plus(base(), called_after);
            (
                json!({"vendor": "millso", "issue": issue, "channel": channel,
                       "order_date": base().to_string(),
                       "claim_date": claim.to_string()}),
                claim,
            )
        });
    prop_oneof![mitkco, millso]
}

/// Kinds an event sequence draws from; each fact-giving kind at most once
/// (a second shipment is a correction, not this property's subject).
const KINDS: [EventKind; 7] = [
    EventKind::CustomerWrote,
    EventKind::EvidenceSent,
    EventKind::VendorApproved,
    EventKind::Shipped,
    EventKind::VendorReceived,
    EventKind::Note,
    EventKind::RefundMissing,
];

fn events_strategy() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((0..KINDS.len(), 0u64..15), 0..6)
}

/// The claim the events' facts make of the first call's claim, read from
/// the claim contract (not from `timeline::apply`): the earliest
/// `customer_wrote` is the first notice, an approval, a shipment and a
/// receipt give their dates, a refund-status call is a new claim that day.
fn expected_claim(first: &Value, events: &[Event], as_of: NaiveDate) -> ClaimInput {
    let mut claim = first.clone();
    let map = claim.as_object_mut().expect("object");
    for e in events {
        let day = Value::String(e.date.to_string());
        match e.kind {
            EventKind::CustomerWrote => {
                // The earliest e-mail; with an approval on record and no
                // first notice, the vendor had the claim by the earlier
                // of the approval and the claim date (policy notes), and a
                // later e-mail does not move it.
                let noticed = map
                    .get("first_notice_date")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| {
                        let approved = map.get("approval_date").and_then(Value::as_str)?;
                        let claimed = map.get("claim_date").and_then(Value::as_str)?;
                        Some(approved.min(claimed).to_owned())
                    });
                let earlier = noticed.is_some_and(|d| d.as_str() <= e.date.to_string().as_str());
                if !earlier {
                    map.insert("first_notice_date".into(), day);
                }
            }
            EventKind::VendorApproved => {
                map.insert("approval_date".into(), day);
            }
            EventKind::Shipped => {
                map.insert("shipped_date".into(), day);
            }
            EventKind::VendorReceived => {
                map.insert("vendor_received_date".into(), day);
            }
            EventKind::RefundMissing => {
                map.insert("issue".into(), "refund_not_received".into());
                map.insert("claim_date".into(), day);
            }
            _ => {}
        }
    }
    map.insert("as_of".into(), Value::String(as_of.to_string()));
    ClaimInput::from_value(&claim).expect("claim")
}

fn met_ids(o: &OutcomeRecord) -> BTreeSet<String> {
    o.deadlines
        .iter()
        .chain(&o.statutory_deadlines)
        .filter(|d| d.status == Some(DeadlineStatus::Met))
        .map(|d| d.id.clone())
        .collect()
}

pub fn a_case_keeps_its_first_calls_facts_and_met_stays_met(fresh: Fresh<'_>) {
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(claim_strategy(), events_strategy()),
            |((first, claim_date), steps)| {
                let mut log = fresh();
                let input = ClaimInput::from_value(&first).expect("claim");
                let Ok(outcome) = decide(policies(), &input, claim_date) else {
                    return Ok(());
                };
                let policy = policies().vendor(outcome.vendor).expect("policy");
                let record = CaseRecord::from_decision(&input, &outcome, policy);
                let id = log.save(&record, noon(claim_date)).expect("save");
                let mut met = met_ids(&record.outcome);
                let mut claimed_on = record.outcome.claim_date;
                let mut recorded: Vec<Event> = Vec::new();
                let mut day = claim_date;
                let mut used = std::collections::HashSet::new();
                for (k, gap) in steps {
                    let kind = KINDS[k];
                    if kind != EventKind::Note && !used.insert(kind) {
                        continue;
                    }
                    day = plus(day, gap);
                    let today = plus(day, 3);
                    let case = log.get(&id).expect("get").expect("case");
                    let mut event = Event::new(kind, day, "prop", noon(day));
                    if kind == EventKind::EvidenceSent {
                        event.extra.what = Some("photos".into());
                    }
                    let before = log.events(&id).expect("events");
                    if timeline::check_against(&case, &before, &event, today).is_err() {
                        continue;
                    }
                    let Ok(redecided) = timeline::redecide(&case, &event, policies()) else {
                        continue;
                    };
                    log.append_event(
                        &id,
                        redecided.as_ref().map(|_| case.version),
                        &event,
                        redecided.as_ref(),
                        noon(today),
                    )
                    .expect("append");
                    recorded.push(event.clone());
                    let saved = log.get(&id).expect("get").expect("case").record;
                    if redecided.is_some() {
                        // 3: what `check` gives for the claim with the
                        // events' facts, as of the event's day.
                        let claim = expected_claim(&first, &recorded, day);
                        let want = decide(policies(), &claim, day).expect("check decides it");
                        prop_assert_eq!(
                            &saved.outcome,
                            &OutcomeRecord::from_outcome(&want),
                            "after {:?} on {}",
                            kind,
                            day
                        );
                        // 1: the claim date moves only for a new claim.
                        if kind == EventKind::RefundMissing {
                            claimed_on = day;
                        }
                        prop_assert_eq!(saved.outcome.claim_date, claimed_on);
                    }
                    // 1: time alone never changes a verdict.
                    let mut later = saved.claim.clone();
                    later.as_of = Some(plus(today, 400).to_string());
                    let again = decide(policies(), &later, today).expect("decides later");
                    prop_assert_eq!(again.verdict, saved.outcome.verdict);
                    // 2: met stays met (no fact here undoes one).
                    let now = met_ids(&saved.outcome);
                    if kind != EventKind::RefundMissing {
                        prop_assert!(met.is_subset(&now), "met before {:?}, now {:?}", met, now);
                    }
                    for d in &saved.outcome.deadlines {
                        if d.status == Some(DeadlineStatus::Met) {
                            prop_assert_eq!(d.status_on(plus(today, 400)), DeadlineStatus::Met);
                        }
                    }
                    met = now;
                }
                // 7: export then import into another log gives the same
                // case, timeline included, and `cases show` prints it the
                // same; a second counter's case with the same readable id
                // is kept beside it, renumbered.
                let lines = super::identity::through_export_lines(&*log);
                let mut other = fresh();
                other.import(&lines).expect("import");
                let here = log.get(&id).expect("get").expect("case");
                let there = other.get(&id).expect("get").expect("imported");
                prop_assert_eq!(&there, &here);
                let (mine, theirs) = (
                    log.events(&id).expect("events"),
                    other.events(&id).expect("events"),
                );
                prop_assert_eq!(&theirs, &mine);
                let shown = |c: &claimdesk::case::Case, e: &[Event]| {
                    claimdesk::report::case_text_with_timeline(c, e, policies(), day)
                };
                prop_assert_eq!(shown(&there, &theirs), shown(&here, &mine));
                let mut counter = fresh();
                let again = CaseRecord::from_decision(&input, &outcome, policy);
                let twin = counter.save(&again, noon(claim_date)).expect("save");
                prop_assert_eq!(&twin, &id, "two counters number alike");
                let done = other
                    .import(&super::identity::through_export_lines(&*counter))
                    .expect("import the second counter's log");
                prop_assert_eq!((done.added, done.renumbered), (0, 1));
                prop_assert_eq!(other.total().expect("total"), 2);
                Ok(())
            },
        )
        .expect("the property holds");
}
