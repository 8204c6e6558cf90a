//! Properties 1-6 of case-log.md ("What must hold over a case's whole
//! life"), each a named trial on every backend, on the calls that broke
//! them (issue 21's reproducers). Events go through the same three steps
//! as `cases event`: checked against the case and its timeline, the case
//! re-decided when the event gives a fact, then appended. Properties 7-10
//! are `property7_*` ... `property10_*` beside these; the random version
//! of 1-3 and 7 is `a_case_keeps_its_first_calls_facts_and_met_stays_met`.

use super::{Fresh, policies};
use chrono::NaiveDate;
use claimdesk::case::timeline::{self, Event, EventKind, Status};
use claimdesk::rules::outcome::{DeadlineStatus, Verdict};
use claimdesk::rules::{ClaimInput, decide};
use claimdesk::store::{CaseRecord, CaseStore, DueQuery};

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// Saves `claim` as decided on its own claim date.
fn save(log: &mut dyn CaseStore, claim: &str) -> String {
    let input = ClaimInput::from_json(claim).expect("claim");
    let claim_date = date(
        input
            .date(claimdesk::rules::claim::DateFact::Claim)
            .expect("a claim date"),
    );
    let outcome = decide(policies(), &input, claim_date).expect("decided");
    let policy = policies().vendor(outcome.vendor).expect("policy");
    let record = CaseRecord::from_decision(&input, &outcome, policy);
    log.save(&record, claim_date.and_hms_opt(10, 0, 0).expect("time"))
        .expect("save")
}

/// Records `event` on `today` as `cases event` does; the refusal's words
/// when the event is refused (nothing is written then).
fn record(
    log: &mut dyn CaseStore,
    id: &str,
    event: &Event,
    today: NaiveDate,
) -> Result<(), String> {
    let case = log.get(id).expect("get").expect("case");
    let before = log.events(id).expect("events");
    timeline::check_against(&case, &before, event, today).map_err(|e| e.to_string())?;
    let redecided = timeline::redecide(&case, event, policies()).map_err(|e| e.to_string())?;
    log.append_event(
        id,
        redecided.as_ref().map(|_| case.version),
        event,
        redecided.as_ref(),
        today.and_hms_opt(12, 0, 0).expect("time"),
    )
    .map_err(|e| e.to_string())?;
    Ok(())
}

fn event(kind: EventKind, on: &str) -> Event {
    let on = date(on);
    Event::new(kind, on, "Lee", on.and_hms_opt(11, 0, 0).expect("time"))
}

fn outcome_of(log: &dyn CaseStore, id: &str) -> claimdesk::case::OutcomeRecord {
    log.get(id).expect("get").expect("case").record.outcome
}

/// Property 1: The claim date is the day the customer first claimed, and the
/// verdict does not change because the decision day moved: Mitkco change
/// of mind claimed on 11-08 stays eligible when the return is received on
/// 11-20 (MK-900), and the refund due two days later is flagged; a
/// Mitkco defect claimed on the 7th day stays eligible through approval,
/// shipment and receipt.
pub fn property1_the_claim_date_is_the_first_calls_and_time_alone_changes_no_verdict(
    fresh: Fresh<'_>,
) {
    let mut log = fresh();
    let id = save(
        log.as_mut(),
        r#"{"vendor":"mitkco","channel":"direct","issue":"change_of_mind","claim_date":"2026-11-08","invoice_date":"2026-11-01","delivery_date":"2026-11-05"}"#,
    );
    let today = date("2026-12-07");
    let mut shipped = event(EventKind::Shipped, "2026-11-12");
    shipped.extra.tracking = Some("SF1".into());
    record(log.as_mut(), &id, &shipped, today).expect("shipped");
    record(
        log.as_mut(),
        &id,
        &event(EventKind::VendorReceived, "2026-11-20"),
        today,
    )
    .expect("received");
    let outcome = outcome_of(&*log, &id);
    assert_eq!(outcome.verdict, Verdict::Eligible);
    assert_eq!(outcome.claim_date, date("2026-11-08"));
    assert_eq!(outcome.as_of, Some(date("2026-11-20")));
    let case = log.get(&id).expect("get").expect("case");
    let standing = timeline::standing(&case.record, &log.events(&id).expect("events"));
    assert_eq!(standing.due, Some(date("2026-11-22")), "MK-REFUND2");
    assert!(standing.is_overdue(today));

    let id = save(
        log.as_mut(),
        r#"{"vendor":"mitkco","issue":"defective","invoice_date":"2026-11-01","delivery_date":"2026-11-01","claim_date":"2026-11-08"}"#,
    );
    for (kind, on) in [
        (EventKind::VendorApproved, "2026-11-10"),
        (EventKind::Shipped, "2026-11-12"),
        (EventKind::VendorReceived, "2026-11-15"),
    ] {
        record(log.as_mut(), &id, &event(kind, on), date("2026-11-20")).expect("recorded");
    }
    let outcome = outcome_of(&*log, &id);
    assert_eq!(outcome.verdict, Verdict::Eligible);
    assert_eq!(outcome.claim_date, date("2026-11-08"));
    let report = outcome
        .deadlines
        .iter()
        .find(|d| d.id == "report_7_days")
        .expect("the report deadline");
    assert_eq!(report.status, Some(DeadlineStatus::Met));
}

/// Property 2: Met stays met: a MillSO defect claimed on the warranty's last day
/// reads met the next day and a year on, and is not in the due queue as
/// overdue.
pub fn property2_a_met_deadline_stays_met(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = save(
        log.as_mut(),
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2025-11-25","claim_date":"2026-11-25"}"#,
    );
    let outcome = outcome_of(&*log, &id);
    let warranty = outcome
        .deadlines
        .iter()
        .find(|d| d.date == Some(date("2026-11-25")))
        .expect("the warranty's end");
    assert_eq!(warranty.status, Some(DeadlineStatus::Met));
    for later in ["2026-11-26", "2027-11-26"] {
        assert_eq!(warranty.status_on(date(later)), DeadlineStatus::Met);
    }
    let case = log.get(&id).expect("get").expect("case");
    let standing = timeline::standing(&case.record, &log.events(&id).expect("events"));
    assert!(!standing.is_overdue(date("2026-11-26")), "{standing:?}");
    let due = log
        .due(&DueQuery {
            until: Some(date("2026-11-26")),
            agent: None,
            limit: 50,
        })
        .expect("due");
    assert!(
        due.cases
            .iter()
            .all(|c| c.due.is_none_or(|d| d >= date("2026-11-26"))),
        "{due:?}"
    );
}

/// Property 3: A verdict changes only for a reason the timeline shows: a
/// corrected delivery date that puts the claim past Mitkco's 7 days turns
/// a change of mind not eligible, and the timeline holds that event, then
/// a decision naming the new verdict; a note changes nothing.
pub fn property3_a_verdict_changes_only_for_a_reason_the_timeline_shows(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = save(
        log.as_mut(),
        r#"{"vendor":"mitkco","channel":"direct","issue":"change_of_mind","claim_date":"2026-11-08","invoice_date":"2026-11-01","delivery_date":"2026-11-05"}"#,
    );
    let first = outcome_of(&*log, &id).verdict;
    let today = date("2026-11-25");
    let mut note = event(EventKind::Note, "2026-11-20");
    note.note = "customer asked again".into();
    record(log.as_mut(), &id, &note, today).expect("note");
    assert_eq!(
        outcome_of(&*log, &id).verdict,
        first,
        "a note decides nothing"
    );

    // The customer finds the delivery note: delivered on 10-20, so the
    // claim on 11-08 was past Mitkco's 7 days.
    let mut changed = event(EventKind::AnswerChanged, "2026-11-20");
    changed.extra.field = Some("delivery_date".into());
    changed.extra.old = Some("2026-11-05".into());
    changed.extra.new = Some("2026-10-20".into());
    record(log.as_mut(), &id, &changed, today).expect("answer changed");
    let now = outcome_of(&*log, &id).verdict;
    assert_eq!((first, now), (Verdict::Eligible, Verdict::NotEligible));
    let events = log.events(&id).expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Decided,
            EventKind::Note,
            EventKind::AnswerChanged,
            EventKind::Decided
        ],
        "the reason, then the decision it made"
    );
    assert_eq!(events[0].extra.verdict, Some(Verdict::Eligible));
    assert_eq!(events[3].extra.verdict, Some(Verdict::NotEligible));
}

/// Property 4: Events are checked like answers: after today, before the shipment,
/// a second refund on a resolved case and an impossible changed answer
/// are refused with the reason, and nothing is written.
pub fn property4_events_are_checked_like_answers(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = save(
        log.as_mut(),
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-01","delivery_date":"2026-11-05","claim_date":"2026-11-08"}"#,
    );
    let today = date("2026-11-25");
    let count = |log: &dyn CaseStore| log.events(&id).expect("events").len();
    let before = count(&*log);
    let said = record(
        log.as_mut(),
        &id,
        &event(EventKind::Note, "2026-12-02"),
        today,
    )
    .expect_err("after today");
    assert!(said.contains("after today"), "{said}");
    for bad in ["2026-02-30", "garbage'); --", ""] {
        let mut changed = event(EventKind::AnswerChanged, "2026-11-20");
        changed.extra.field = Some("claim_date".into());
        changed.extra.new = Some(bad.into());
        assert!(
            record(log.as_mut(), &id, &changed, today).is_err(),
            "{bad:?} accepted"
        );
    }
    record(
        log.as_mut(),
        &id,
        &event(EventKind::Shipped, "2026-11-12"),
        today,
    )
    .expect("shipped");
    let said = record(
        log.as_mut(),
        &id,
        &event(EventKind::RefundIssued, "2026-11-10"),
        today,
    )
    .expect_err("a refund before the shipment");
    assert!(said.contains("before the shipment"), "{said}");
    record(
        log.as_mut(),
        &id,
        &event(EventKind::RefundIssued, "2026-11-20"),
        today,
    )
    .expect("refunded");
    let said = record(
        log.as_mut(),
        &id,
        &event(EventKind::RefundIssued, "2026-11-21"),
        today,
    )
    .expect_err("a second refund");
    assert!(said.contains("already resolved"), "{said}");
    // Two accepted events (and the decision the shipment made).
    assert_eq!(count(&*log), before + 3);
}

/// Property 5: The next action follows the remedy: a MillSO change-of-mind return,
/// received, awaits a refund, not "refund, exchange or repair".
pub fn property5_the_next_action_follows_the_remedy(fresh: Fresh<'_>) {
    let mut log = fresh();
    let id = save(
        log.as_mut(),
        r#"{"vendor":"millso","channel":"direct","issue":"change_of_mind","order_date":"2026-11-01","claim_date":"2026-11-10"}"#,
    );
    let today = date("2026-11-25");
    for (kind, on) in [
        (EventKind::Shipped, "2026-11-12"),
        (EventKind::VendorReceived, "2026-11-15"),
    ] {
        record(log.as_mut(), &id, &event(kind, on), today).expect("recorded");
    }
    let case = log.get(&id).expect("get").expect("case");
    let standing = timeline::standing(&case.record, &log.events(&id).expect("events"));
    assert_eq!(standing.status, Status::WaitingOnVendor);
    assert_eq!(
        standing.next_action,
        "MillSO: refund (policy states no time)"
    );
    assert!(!standing.next_action.contains("exchange"));
}

/// Property 6: A callback continues the case: the repeat-claim look-up by order
/// number finds the open case (newest first), so the callback records
/// on it instead of starting a second case on the same order.
pub fn property6_a_callback_finds_the_open_case_on_its_order(fresh: Fresh<'_>) {
    let mut log = fresh();
    let claim = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;
    let first = |log: &mut dyn CaseStore, reference: &str| {
        let id = save(log, claim);
        let mut case = log.get(&id).expect("get").expect("case");
        case.record.reference = reference.into();
        log.update(
            &id,
            case.version,
            &case.record,
            "Dana",
            date("2026-11-21").and_hms_opt(10, 5, 0).expect("time"),
        )
        .expect("reference");
        id
    };
    let other = first(log.as_mut(), "MK-111");
    let id = first(log.as_mut(), "MK-900");
    let found = log.with_reference("mk 900", 5).expect("look-up");
    let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [id.as_str()], "only the case on this order");
    assert_ne!(id, other);
    // The callback records on it: still one case on the order.
    record(
        log.as_mut(),
        &id,
        &event(EventKind::CustomerWrote, "2026-11-22"),
        date("2026-11-22"),
    )
    .expect("callback");
    assert_eq!(log.with_reference("MK-900", 5).expect("look-up").len(), 1);
}
