//! A case's life after the call: its timeline of events, the facts those
//! events give the rule core, and the status, next action and due date
//! derived from the outcome and the events (never typed by hand).
//!
//! - [`Event`]: one entry of the timeline (kind, the day it happened, who
//!   recorded it and when, a note, and the kind's extra). The timeline is
//!   append-only; a mistake is corrected by a later event.
//! - [`apply`]: the claim as an event leaves it, when the event gives a
//!   fact (`shipped` → `shipped_date`, `refund_missing` → the issue
//!   `refund_not_received`, ...). [`redecide`] decides that claim with the
//!   policies and returns the record to save with the event; a front end
//!   (the CLI, the wizard) calls it and hands both to the store.
//! - [`standing`]: status, next action and due date of a case from its
//!   record and its events; the store keeps them in indexed columns so
//!   the due queue is one index range.
//!
//! Pure functions: nothing here knows of terminals, SQL or files.

mod standing;
use super::{Case, CaseRecord, DeadlineRecord};
use crate::rules::claim::DateFact;
use crate::rules::outcome::{DeadlineStatus, Verdict};
use crate::rules::{ClaimInput, DecideError, PolicySet};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
pub use standing::*;
use std::fmt;

/// What happened to a case. `Decided` entries are written by the store
/// (every decision, with its verdict and policy version); the others are
/// recorded by an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    CustomerWrote,
    EvidenceSent,
    VendorApproved,
    VendorRefused,
    Shipped,
    VendorReceived,
    RefundIssued,
    ReplacementSent,
    RefundMissing,
    AnswerChanged,
    Note,
    Closed,
    Reopened,
    /// A decision: the verdict and the policy version that gave it.
    Decided,
    /// The customer's letter was written to a file or sent by e-mail
    /// (`cases letter`): its form, language and recipient or file. It
    /// changes no status, no verdict and no fact.
    LetterSent,
}

impl EventKind {
    /// The kinds an agent records (every kind but `decided`).
    pub const RECORDABLE: [EventKind; 13] = [
        EventKind::CustomerWrote,
        EventKind::EvidenceSent,
        EventKind::VendorApproved,
        EventKind::VendorRefused,
        EventKind::Shipped,
        EventKind::VendorReceived,
        EventKind::RefundIssued,
        EventKind::ReplacementSent,
        EventKind::RefundMissing,
        EventKind::AnswerChanged,
        EventKind::Note,
        EventKind::Closed,
        EventKind::Reopened,
    ];

    pub fn id(self) -> &'static str {
        match self {
            EventKind::CustomerWrote => "customer_wrote",
            EventKind::EvidenceSent => "evidence_sent",
            EventKind::VendorApproved => "vendor_approved",
            EventKind::VendorRefused => "vendor_refused",
            EventKind::Shipped => "shipped",
            EventKind::VendorReceived => "vendor_received",
            EventKind::RefundIssued => "refund_issued",
            EventKind::ReplacementSent => "replacement_sent",
            EventKind::RefundMissing => "refund_missing",
            EventKind::AnswerChanged => "answer_changed",
            EventKind::Note => "note",
            EventKind::Closed => "closed",
            EventKind::Reopened => "reopened",
            EventKind::Decided => "decided",
            EventKind::LetterSent => "letter_sent",
        }
    }

    /// The kind named `id` (the snake_case name), recordable or not.
    pub fn from_id(id: &str) -> Option<EventKind> {
        EventKind::RECORDABLE
            .into_iter()
            .chain([EventKind::Decided, EventKind::LetterSent])
            .find(|k| k.id() == id)
    }

    /// How the kind reads in a timeline.
    pub fn words(self) -> &'static str {
        match self {
            EventKind::CustomerWrote => "customer wrote",
            EventKind::EvidenceSent => "evidence sent",
            EventKind::VendorApproved => "vendor approved",
            EventKind::VendorRefused => "vendor refused",
            EventKind::Shipped => "shipped",
            EventKind::VendorReceived => "vendor received the item",
            EventKind::RefundIssued => "refund issued",
            EventKind::ReplacementSent => "replacement sent",
            EventKind::RefundMissing => "refund not received",
            EventKind::AnswerChanged => "answer changed",
            EventKind::Note => "note",
            EventKind::Closed => "closed",
            EventKind::Reopened => "reopened",
            EventKind::Decided => "decided",
            EventKind::LetterSent => "letter sent",
        }
    }

    /// Whether recording it changes the claim's facts (and so re-decides).
    pub fn gives_fact(self) -> bool {
        matches!(
            self,
            EventKind::CustomerWrote
                | EventKind::VendorApproved
                | EventKind::Shipped
                | EventKind::VendorReceived
                | EventKind::RefundMissing
                | EventKind::AnswerChanged
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The kind's extra, as typed. Only the fields of the kind are set; the
/// store keeps them as one JSON object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventExtra {
    /// `shipped`: the tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking: Option<String>,
    /// Recorded with `--force` over a check it failed (a date out of
    /// order, say); the event's note says why. Shown marked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
    /// `vendor_approved`: the vendor's return authorisation (RMA) number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rma: Option<String>,
    /// `evidence_sent`: what was sent (photos, video, test report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// `vendor_refused`, `closed`, `reopened`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `refund_issued`: the amount; `replacement_sent`: the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// `answer_changed`: the claim field, its old and its new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// `decided`: the verdict, the policy version and its SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_sha256: Option<String>,
    /// `letter_sent`: the form (text, receipt, html, eml), the language
    /// and to whom (an e-mail address) or where (a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_form: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_to: Option<String>,
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    /// The day it happened (may be before the day it was recorded).
    pub date: NaiveDate,
    pub agent: String,
    #[serde(default)]
    pub note: String,
    pub recorded_at: NaiveDateTime,
    #[serde(default, flatten)]
    pub extra: EventExtra,
}

impl Event {
    pub fn new(kind: EventKind, date: NaiveDate, agent: &str, recorded_at: NaiveDateTime) -> Event {
        Event {
            kind,
            date,
            agent: agent.to_owned(),
            note: String::new(),
            recorded_at,
            extra: EventExtra::default(),
        }
    }

    /// The `decided` entry of a record just decided (saved or re-decided).
    pub fn decided(record: &CaseRecord, agent: &str, recorded_at: NaiveDateTime) -> Event {
        let mut event = Event::new(EventKind::Decided, record.decided_on(), agent, recorded_at);
        event.extra.verdict = Some(record.outcome.verdict);
        event.extra.policy_version = record.policy.version.clone();
        event.extra.policy_sha256 = Some(record.policy.sha256.clone());
        event
    }

    /// The extra in words ("tracking 1Z999", "eligible by policy 2026-1").
    pub fn detail(&self) -> String {
        let x = &self.extra;
        let mut parts = Vec::new();
        if let Some(verdict) = x.verdict {
            parts.push(verdict.id().to_owned());
            match (&x.policy_version, x.policy_sha256.as_deref()) {
                (Some(v), _) => parts.push(format!("policy version {v}")),
                (None, Some(sha)) if !sha.is_empty() => {
                    let short: String = sha.chars().take(12).collect();
                    parts.push(format!("policy sha256 {short}"));
                }
                _ => parts.push("policy without a version".to_owned()),
            }
        }
        if let Some(r) = &x.rma {
            parts.push(format!("RMA {r}"));
        }
        if let Some(t) = &x.tracking {
            parts.push(format!("tracking {t}"));
        }
        if let Some(w) = &x.what {
            parts.push(w.clone());
        }
        if let Some(a) = &x.amount {
            parts.push(a.clone());
        }
        if let Some(f) = &x.field {
            parts.push(format!(
                "{f}: {} -> {}",
                x.old.as_deref().unwrap_or("(not given)"),
                x.new.as_deref().unwrap_or("(not given)")
            ));
        }
        if let Some(r) = &x.reason {
            parts.push(r.clone());
        }
        if let Some(form) = &x.letter_form {
            let lang = x.letter_lang.as_deref().unwrap_or("?");
            match &x.letter_to {
                Some(to) => parts.push(format!("{form}, {lang}, to {to}")),
                None => parts.push(format!("{form}, {lang}")),
            }
        }
        if x.forced {
            parts.push("FORCED past a check".to_owned());
        }
        parts.join(", ")
    }
}

/// Why an event cannot be recorded or cannot re-decide the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// An argument of the event is missing or wrong: which one and why.
    Invalid { field: &'static str, reason: String },
    /// The claim with the event's fact cannot be decided.
    Decide(DecideError),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Invalid { field, reason } => write!(f, "{field}: {reason}"),
            EventError::Decide(e) => write!(f, "the case cannot be re-decided: {e}"),
        }
    }
}

impl std::error::Error for EventError {}

fn invalid(field: &'static str, reason: impl Into<String>) -> EventError {
    EventError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// Checks an event before it is recorded: a kind an agent may record and
/// the extras the kind needs.
pub fn check(event: &Event) -> Result<(), EventError> {
    match event.kind {
        EventKind::Decided => Err(invalid(
            "kind",
            "decided entries are written when a case is decided; record what happened instead",
        )),
        EventKind::AnswerChanged => {
            let field = event.extra.field.as_deref().unwrap_or("");
            if field.is_empty() {
                return Err(invalid(
                    "field",
                    "answer_changed needs --field NAME (a claim field, e.g. delivery_date)",
                ));
            }
            if event.extra.new.is_none() {
                return Err(invalid(
                    "new",
                    "answer_changed needs --new VALUE (\"\" to clear it)",
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The claim as `event` leaves it, or `None` when the event gives no
/// fact. The claim date is the day the customer first claimed and does
/// not move (only a refund-status claim, `refund_missing`, or a changed
/// `claim_date` moves it): a later fact is decided *as of* its day
/// ([`redecide`] sets `as_of`), never by moving the claim date, so time
/// passing alone never changes a verdict.
pub fn apply(claim: &ClaimInput, event: &Event) -> Result<Option<ClaimInput>, EventError> {
    let mut next = claim.clone();
    let day = event.date.to_string();
    match event.kind {
        EventKind::CustomerWrote => {
            // The earliest such event: a later e-mail does not move it.
            // Nor does one after the vendor's approval was recorded with
            // no first notice: the vendor had the claim by then (the
            // earlier of the claim date and the approval, policy notes),
            // and a notice met must stay met (case-log.md, "What must
            // hold", 2).
            let date = |fact| {
                claim
                    .date(fact)
                    .and_then(|d| crate::rules::dates::parse_date(d).ok())
            };
            let noticed = date(DateFact::FirstNotice).or_else(|| {
                date(DateFact::Approval).map(|approved| {
                    date(DateFact::Claim).map_or(approved, |claimed| approved.min(claimed))
                })
            });
            let earlier = noticed.is_some_and(|d| d <= event.date);
            if earlier {
                return Ok(None);
            }
            next.set_date(DateFact::FirstNotice, Some(day.clone()));
        }
        EventKind::VendorApproved => next.set_date(DateFact::Approval, Some(day.clone())),
        EventKind::Shipped => next.set_date(DateFact::Shipped, Some(day.clone())),
        EventKind::VendorReceived => next.set_date(DateFact::VendorReceived, Some(day.clone())),
        // A refund-status claim made that day: the one event besides a
        // changed claim_date that moves the claim date (case-log.md, "What
        // must hold", 1).
        EventKind::RefundMissing => {
            next.issue = Some("refund_not_received".to_owned());
            next.set_date(DateFact::Claim, Some(day));
        }
        EventKind::AnswerChanged => {
            let field = event.extra.field.as_deref().unwrap_or("");
            let new = event.extra.new.as_deref().unwrap_or("");
            next = changed_answer(claim, field, new)?;
        }
        _ => return Ok(None),
    }
    Ok(Some(next))
}

/// The claim with `field` set to `new` ("" clears it), as the claim
/// contract's JSON reads it (`true`/`false` for the yes/no facts).
fn changed_answer(claim: &ClaimInput, field: &str, new: &str) -> Result<ClaimInput, EventError> {
    let mut json = claim.to_json_value();
    let Some(map) = json.as_object_mut() else {
        return Err(invalid("field", "the saved claim is not an object"));
    };
    let flag = crate::rules::claim::Flag::ALL
        .iter()
        .any(|f| f.field() == field);
    let value = match new.trim() {
        "" if field == DateFact::Claim.field() => {
            return Err(invalid(
                "new",
                "the claim date cannot be cleared: give the day the customer first claimed",
            ));
        }
        "" => serde_json::Value::Null,
        v if flag => match v {
            "true" | "yes" => serde_json::Value::Bool(true),
            "false" | "no" => serde_json::Value::Bool(false),
            _ => {
                return Err(invalid(
                    "new",
                    format!("{field} is a yes/no fact: give true or false"),
                ));
            }
        },
        v => serde_json::Value::String(v.to_owned()),
    };
    map.insert(field.to_owned(), value);
    let changed = ClaimInput::from_value(&json).map_err(|e| invalid("new", e.to_string()))?;
    // Only what `check` would accept for that field: a date must be one.
    changed
        .parse_dates()
        .map_err(|e| invalid("new", e.to_string()))?;
    if !changed.unknown_fields.is_empty() {
        return Err(invalid(
            "field",
            format!(
                "\"{}\" is not a claim field (e.g. delivery_date, issue, channel)",
                crate::text::shown(field, 40)
            ),
        ));
    }
    Ok(changed)
}

/// The case as `event` leaves it: `Some(record)` re-decided with the
/// policies when the event gives a fact, `None` when it gives none (the
/// event is only added to the timeline). The wizard and the CLI call
/// this, then hand the event and the record to the store together.
pub fn redecide(
    case: &Case,
    event: &Event,
    policies: &PolicySet,
) -> Result<Option<CaseRecord>, EventError> {
    check(event)?;
    let Some(mut claim) = apply(&case.record.claim, event)? else {
        return Ok(None);
    };
    let as_of = decision_day(case, event, &claim);
    claim.as_of = Some(as_of.to_string());
    let outcome = crate::rules::decide(policies, &claim, as_of).map_err(EventError::Decide)?;
    let policy = policies
        .vendor(outcome.vendor)
        .ok_or_else(|| invalid("vendor", "the policy that decided the case is not loaded"))?;
    let mut record = CaseRecord::from_decision(&claim, &outcome, policy);
    record.reference = case.record.reference.clone();
    record.agent = case.record.agent.clone();
    record.note = case.record.note.clone();
    record.customer = case.record.customer.clone();
    record.key = case.record.key.clone();
    Ok(Some(record))
}

/// The day a re-decision is made: the event's day, never before the
/// case's last decision, its claim date or a fact it already records (a
/// `--force`d event out of order still decides on a day every fact fits).
pub fn decision_day(case: &Case, event: &Event, claim: &ClaimInput) -> NaiveDate {
    let facts = claim
        .parse_dates()
        .map(|dates| dates.into_iter().flatten().max())
        .ok()
        .flatten();
    [Some(event.date), Some(case.record.decided_on()), facts]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(event.date)
}

/// Checks `event` against the case it is recorded on (case-log.md, "What
/// must hold", 4): not after `today`, not before the claim's order or
/// delivery date, in order with the shipment and receipt (no receipt or
/// refund before the shipment), no second refund on a resolved case. A
/// `forced` event with a note is recorded anyway (marked); without a
/// note it is refused.
pub fn check_against(
    case: &Case,
    events: &[Event],
    event: &Event,
    today: NaiveDate,
) -> Result<(), EventError> {
    check(event)?;
    if event.extra.forced {
        if event.note.trim().is_empty() {
            return Err(invalid(
                "note",
                "--force records an event that failed a check: say why with --note",
            ));
        }
        return Ok(());
    }
    const FORCE: &str = "(--force with a --note records it anyway, marked)";
    let day = event.date;
    if day > today {
        return Err(invalid(
            "date",
            format!("{day} is after today ({today}); record what has happened {FORCE}"),
        ));
    }
    let claim = &case.record.claim;
    let fact = |f: DateFact| {
        claim
            .date(f)
            .and_then(|d| crate::rules::dates::parse_date(d).ok())
    };
    for f in [DateFact::Order, DateFact::Delivery] {
        if let Some(d) = fact(f)
            && day < d
        {
            return Err(invalid(
                "date",
                format!("{day} is before the claim's {} {d} {FORCE}", f.noun()),
            ));
        }
    }
    let shipped = fact(DateFact::Shipped);
    let received = fact(DateFact::VendorReceived);
    let before = |what: &str, d: NaiveDate| {
        Err(invalid(
            "date",
            format!(
                "{} on {day} is before {what} {d} {FORCE}",
                event.kind.words()
            ),
        ))
    };
    match event.kind {
        EventKind::VendorReceived => {
            if let Some(s) = shipped.filter(|s| day < *s) {
                return before("the shipment on", s);
            }
        }
        EventKind::Shipped => {
            if let Some(r) = received.filter(|r| day > *r) {
                return Err(invalid(
                    "date",
                    format!(
                        "shipped on {day} is after the vendor received the item on {r} {FORCE}"
                    ),
                ));
            }
        }
        EventKind::RefundIssued | EventKind::ReplacementSent => {
            if let Some(s) = shipped.filter(|s| day < *s) {
                return before("the shipment on", s);
            }
            if let Some(r) = received.filter(|r| day < *r) {
                return before("the vendor's receipt on", r);
            }
            let now = standing(&case.record, events);
            if now.status == Status::Resolved {
                return Err(invalid(
                    "kind",
                    format!(
                        "the case is already resolved (on {}); record `reopened` first if it was not",
                        now.closed_on.map(|d| d.to_string()).unwrap_or_default()
                    ),
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The timeline as it reads: in event-date order, recorded time second
/// (case-log.md, "What must hold", 4). Stable for equal keys.
pub fn in_order(events: &[Event]) -> Vec<Event> {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| (e.date, e.recorded_at));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("date")
    }

    fn at(m: u32, d: u32) -> NaiveDateTime {
        day(m, d).and_hms_opt(10, 0, 0).expect("time")
    }

    fn case(json: &str, on: NaiveDate) -> Case {
        let policies = PolicySet::embedded().expect("policies");
        let input = ClaimInput::from_json(json).expect("claim");
        let outcome = crate::rules::decide(&policies, &input, on).expect("decided");
        let record = CaseRecord::from_decision(
            &input,
            &outcome,
            policies.vendor(outcome.vendor).expect("policy"),
        );
        Case {
            id: "C-20261125-0001".into(),
            created_at: at(11, 25),
            updated_at: at(11, 25),
            updated_by: String::new(),
            version: 1,
            record,
        }
    }

    #[test]
    fn kinds_round_trip_by_their_snake_case_names() {
        for kind in EventKind::RECORDABLE {
            assert_eq!(EventKind::from_id(kind.id()), Some(kind));
            let json = serde_json::to_string(&kind).expect("json");
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
        assert_eq!(EventKind::from_id("shiped"), None);
    }

    #[test]
    fn a_letter_sent_reads_back_and_changes_no_status_fact_or_verdict() {
        assert_eq!(
            EventKind::from_id("letter_sent"),
            Some(EventKind::LetterSent)
        );
        assert!(!EventKind::RECORDABLE.contains(&EventKind::LetterSent));
        let c = case(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-24"}"#,
            day(11, 25),
        );
        let decided = Event::decided(&c.record, "", at(11, 25));
        let mut letter = Event::new(EventKind::LetterSent, day(11, 25), "Dana", at(11, 25));
        letter.extra.letter_form = Some("eml".into());
        letter.extra.letter_lang = Some("de".into());
        letter.extra.letter_to = Some("ada@example.org".into());
        assert_eq!(apply(&c.record.claim, &letter).expect("apply"), None);
        let before = standing(&c.record, std::slice::from_ref(&decided));
        let after = standing(&c.record, &[decided, letter.clone()]);
        assert_eq!(before, after);
        let json = serde_json::to_value(&letter).expect("json");
        assert_eq!(json["kind"], "letter_sent");
        let back: Event = serde_json::from_value(json).expect("read");
        assert_eq!(back, letter);
        assert_eq!(letter.detail(), "eml, de, to ada@example.org");
    }

    #[test]
    fn an_event_with_its_extra_serialises_flat_and_reads_back() {
        let mut e = Event::new(EventKind::Shipped, day(11, 28), "Dana", at(11, 28));
        e.extra.tracking = Some("1Z999".into());
        let json = serde_json::to_value(&e).expect("json");
        assert_eq!(json["tracking"], "1Z999");
        assert_eq!(json["kind"], "shipped");
        let back: Event = serde_json::from_value(json).expect("read");
        assert_eq!(back, e);
    }

    /// The property test's find (Mitkco change of mind, all dates 03-07,
    /// approved on 03-15, then the customer's e-mail that day): the
    /// approval had met the 7-day notice (the vendor had the claim by the
    /// claim date); the e-mail on record after it does not undo that.
    #[test]
    fn an_email_recorded_after_the_approval_leaves_a_met_notice_met() {
        let c = case(
            r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-03-07","delivery_date":"2026-03-07","approval_date":"2026-03-07"}"#,
            day(3, 7),
        );
        let wrote = Event::new(EventKind::CustomerWrote, day(3, 15), "", at(3, 15));
        assert_eq!(apply(&c.record.claim, &wrote).expect("apply"), None);
        // Without an approval on record, the e-mail is the first notice.
        let open = case(
            r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-03-07","delivery_date":"2026-03-07"}"#,
            day(3, 7),
        );
        let claim = apply(&open.record.claim, &wrote)
            .expect("apply")
            .expect("a fact");
        assert_eq!(claim.date(DateFact::FirstNotice), Some("2026-03-15"));
    }

    #[test]
    fn the_earliest_customer_wrote_is_the_first_notice() {
        let c = case(
            r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","first_notice_date":"2026-11-25"}"#,
            day(11, 25),
        );
        let later = Event::new(EventKind::CustomerWrote, day(11, 27), "", at(11, 27));
        assert_eq!(apply(&c.record.claim, &later).expect("apply"), None);
        let earlier = Event::new(EventKind::CustomerWrote, day(11, 24), "", at(11, 27));
        let claim = apply(&c.record.claim, &earlier)
            .expect("apply")
            .expect("a fact");
        assert_eq!(claim.date(DateFact::FirstNotice), Some("2026-11-24"));
        assert_eq!(claim.date(DateFact::Claim), Some("2026-11-25"));
    }

    #[test]
    fn an_answer_changed_names_an_unknown_field() {
        let c = case(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-24"}"#,
            day(11, 25),
        );
        let mut e = Event::new(EventKind::AnswerChanged, day(11, 26), "", at(11, 26));
        e.extra.field = Some("delivery_dat".into());
        e.extra.new = Some("2026-11-23".into());
        let err = apply(&c.record.claim, &e).expect_err("unknown field");
        assert!(err.to_string().starts_with("field:"), "{err}");
        e.extra.field = Some("delivery_date".into());
        let claim = apply(&c.record.claim, &e).expect("ok").expect("fact");
        assert_eq!(claim.date(DateFact::Delivery), Some("2026-11-23"));
    }

    #[test]
    fn a_recorded_decided_entry_is_refused() {
        let e = Event::new(EventKind::Decided, day(11, 26), "", at(11, 26));
        assert!(matches!(
            check(&e),
            Err(EventError::Invalid { field: "kind", .. })
        ));
    }

    #[test]
    fn a_fresh_eligible_case_is_open_with_the_customers_first_deadline() {
        let c = case(
            r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","first_notice_date":"2026-11-25"}"#,
            day(11, 25),
        );
        let s = standing(&c.record, &[]);
        assert_eq!(s.status, Status::Open);
        assert_eq!(s.due, NaiveDate::from_ymd_opt(2027, 1, 19));
        assert!(
            s.next_action
                .starts_with("customer: Ship the intact item to No. 328"),
            "{}",
            s.next_action
        );
        assert!(
            s.next_action.ends_with("by 2027-01-19."),
            "{}",
            s.next_action
        );
    }

    #[test]
    fn overdue_words_count_from_today() {
        assert_eq!(
            due_words(Some(day(12, 5)), day(12, 8)),
            "due 2026-12-05, overdue by 3 days as of 2026-12-08"
        );
        assert_eq!(
            due_words(Some(day(12, 5)), day(12, 4)),
            "due 2026-12-05, in 1 day as of 2026-12-04"
        );
        assert_eq!(due_words(None, day(12, 4)), NO_TIME);
    }
}
