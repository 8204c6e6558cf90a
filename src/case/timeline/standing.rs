//! Where a case stands after its events: its status, the next action and its due date, derived (never stored apart from the events that make it).

use super::*;

/// Where a case stands (case-log.md "Status and what is due").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Decided, nothing done yet.
    Open,
    WaitingOnCustomer,
    WaitingOnVendor,
    /// Refund issued or replacement sent.
    Resolved,
    /// Closed by an agent, refused by the vendor, or not eligible.
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::WaitingOnCustomer,
        Status::WaitingOnVendor,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::WaitingOnCustomer => "waiting_on_customer",
            Status::WaitingOnVendor => "waiting_on_vendor",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Open or waiting: in the due queue.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Open | Status::WaitingOnCustomer | Status::WaitingOnVendor
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What is said when the step awaited has no date in the policy.
pub const NO_TIME: &str = "policy states no time";

/// A case's status, next action and due date, derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub status: Status,
    /// Who does what next, in words ("customer: ship the item back by
    /// 2027-01-19"); empty once resolved or closed.
    pub next_action: String,
    /// The date the next step must meet; `None` when the policy gives
    /// none (or nothing is awaited).
    pub due: Option<NaiveDate>,
    /// The day the case was resolved or closed (retention counts from it).
    pub closed_on: Option<NaiveDate>,
}

impl Standing {
    /// Days from `today` to the due date (negative: overdue).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.due.map(|d| (d - today).num_days())
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_active() && self.due.is_some_and(|d| d < today)
    }

    /// "due 2026-12-05, in 2 days as of 2026-12-03", "overdue by 3 days
    /// as of ...", or "policy states no time".
    pub fn due_words(&self, today: NaiveDate) -> String {
        due_words_for(self.status, self.due, today)
    }
}

/// How the due date of a case in `status` reads on `today`: a customer's
/// step whose date went by with nothing recorded is "not recorded, was
/// due ...: ask the customer" (case-log.md, "What must hold", 1), a
/// vendor's is overdue; otherwise as [`due_words`].
pub fn due_words_for(status: Status, due: Option<NaiveDate>, today: NaiveDate) -> String {
    match due {
        Some(due) if due < today && status != Status::WaitingOnVendor => {
            let late = (today - due).num_days();
            format!(
                "not recorded, was due {due} ({late} day{} late as of {today}): ask the customer",
                if late == 1 { "" } else { "s" }
            )
        }
        _ => due_words(due, today),
    }
}

/// See [`Standing::due_words`].
pub fn due_words(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else {
        return NO_TIME.to_owned();
    };
    let days = (due - today).num_days();
    let s = |n: i64| if n.abs() == 1 { "" } else { "s" };
    match days {
        0 => format!("due {due}, today"),
        d if d > 0 => format!("due {due}, in {d} day{} as of {today}", s(d)),
        d => format!("due {due}, overdue by {} day{} as of {today}", -d, s(d)),
    }
}

/// Whether the vendor (not the customer) must meet this deadline: one
/// counted from the day the vendor received the item (Mitkco's refund
/// due, MK-REFUND2). Every other deadline limits the customer's notice
/// or shipment.
pub fn is_vendors(deadline: &DeadlineRecord) -> bool {
    deadline
        .relative
        .starts_with(DateFact::VendorReceived.noun())
}

/// The earliest dated deadline of one party that is still owed: not met
/// (met stays met), and for the customer one the claim was in time for
/// (its date not before the first notice: a window the call was already
/// late for is the verdict's reason, not a step). One whose date went by
/// with no event recording it stays owed: it shows overdue with its date,
/// "not recorded: ask the customer" (case-log.md, "What must hold", 1-2).
pub(super) fn first_owed(record: &CaseRecord, vendor: bool) -> Option<&DeadlineRecord> {
    let first_notice = record
        .outcome
        .first_notice_date
        .unwrap_or(record.outcome.claim_date);
    record
        .outcome
        .deadlines
        .iter()
        .filter(|d| d.status != Some(DeadlineStatus::Met))
        .filter(|d| is_vendors(d) == vendor)
        .filter(|d| d.date.is_some_and(|date| vendor || date >= first_notice))
        .min_by_key(|d| d.date)
}

/// What the vendor owes once it has the item, from the outcome's remedies
/// ("refund" for a change-of-mind return, "exchange or refund"); the
/// vendor's answer where the outcome names none.
pub(super) fn remedy_words(record: &CaseRecord) -> String {
    use crate::rules::outcome::Remedy;
    let mut words: Vec<&str> = Vec::new();
    for r in &record.outcome.remedies {
        let w = match r {
            Remedy::FullRefund | Remedy::Refund | Remedy::HalfRefund => "refund",
            Remedy::Exchange => "exchange",
            Remedy::Replacement => "replacement",
        };
        if !words.contains(&w) {
            words.push(w);
        }
    }
    match words.as_slice() {
        [] => "its answer".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "Ship the item back by 2027-01-19", from a label and its date.
pub(super) fn by_date(deadline: &DeadlineRecord) -> String {
    let label = deadline.label.trim_end_matches(':').trim();
    let date = deadline.date.map(|d| d.to_string()).unwrap_or_default();
    match label.strip_suffix(" by") {
        Some(stem) => format!("{stem} by {date}"),
        None => format!("{label}, by {date}"),
    }
}

/// The customer's step a deadline limits, in the outcome's own words: the
/// first next step naming the deadline's date ("E-mail sales@mitkco.com
/// ... by 2026-12-05"), else the deadline's label with its date.
pub(super) fn step_for(record: &CaseRecord, deadline: &DeadlineRecord) -> String {
    let date = deadline.date.map(|d| d.to_string()).unwrap_or_default();
    record
        .outcome
        .next_steps
        .iter()
        .find(|s| !date.is_empty() && s.text.contains(&date))
        .map_or_else(|| by_date(deadline), |s| s.text.clone())
}

/// The vendor's name as the outcome's next steps write it.
pub(super) fn vendor_name(record: &CaseRecord) -> String {
    let v = &record.outcome.vendor;
    match v.as_str() {
        "millso" => "MillSO".to_owned(),
        "mitkco" => "Mitkco".to_owned(),
        _ => {
            let mut c = v.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// Status, next action and due date of a case from its (latest) record
/// and its timeline (read in event-date order, whatever order it was
/// recorded in).
pub fn standing(record: &CaseRecord, events: &[Event]) -> Standing {
    let events = &in_order(events)[..];
    // Only what follows the last `reopened` closes or resolves the case.
    let since_reopened = events
        .iter()
        .rposition(|e| e.kind == EventKind::Reopened)
        .map_or(events, |i| &events[i + 1..]);
    let last_of = |kinds: &[EventKind]| {
        since_reopened
            .iter()
            .rev()
            .find(|e| kinds.contains(&e.kind))
    };
    let done = |status, on: NaiveDate| Standing {
        status,
        next_action: String::new(),
        due: None,
        closed_on: Some(on),
    };
    if let Some(e) = last_of(&[EventKind::Closed, EventKind::VendorRefused]) {
        return done(Status::Closed, e.date);
    }
    let settled = last_of(&[
        EventKind::RefundIssued,
        EventKind::ReplacementSent,
        EventKind::RefundMissing,
    ]);
    if let Some(e) = settled.filter(|e| e.kind != EventKind::RefundMissing) {
        return done(Status::Resolved, e.date);
    }
    let vendor = vendor_name(record);
    let claim = &record.claim;
    let has = |fact: DateFact| claim.date(fact).is_some();
    let waiting_vendor = |next_action: String, due: Option<NaiveDate>| Standing {
        status: Status::WaitingOnVendor,
        next_action,
        due,
        closed_on: None,
    };
    let refund_due = first_owed(record, true);
    let owed = remedy_words(record);
    if has(DateFact::VendorReceived) || claim.issue.as_deref() == Some("refund_not_received") {
        let chased = settled.is_some_and(|e| e.kind == EventKind::RefundMissing)
            || claim.issue.as_deref() == Some("refund_not_received");
        return match refund_due {
            Some(d) => waiting_vendor(
                format!(
                    "{vendor}: {} by {}{}",
                    if chased {
                        "refund (chased)".to_owned()
                    } else {
                        owed.clone()
                    },
                    d.date.map(|d| d.to_string()).unwrap_or_default(),
                    d.clauses
                        .first()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                ),
                d.date,
            ),
            None => waiting_vendor(
                match record.outcome.next_steps.first() {
                    Some(step) if chased => format!("{vendor}: refund ({})", step.text),
                    _ => format!("{vendor}: {owed} ({NO_TIME})"),
                },
                None,
            ),
        };
    }
    if record.outcome.verdict == Verdict::NotEligible {
        return done(Status::Closed, record.outcome.claim_date);
    }
    if has(DateFact::Shipped) {
        let tracking = events
            .iter()
            .rev()
            .find_map(|e| e.extra.tracking.as_deref())
            .map(|t| format!(", tracking {t}"))
            .unwrap_or_default();
        return waiting_vendor(
            format!("{vendor}: receive and check the item{tracking} ({NO_TIME})"),
            None,
        );
    }
    let acted = events.iter().any(|e| {
        !matches!(
            e.kind,
            EventKind::Decided
                | EventKind::Note
                | EventKind::AnswerChanged
                | EventKind::Reopened
                | EventKind::LetterSent
        )
    });
    let customer_step = first_owed(record, false);
    let wrote = events
        .iter()
        .any(|e| matches!(e.kind, EventKind::CustomerWrote | EventKind::EvidenceSent));
    if wrote && !has(DateFact::Approval) {
        // Transit damage: nothing is shipped until the vendor says so.
        let awaited = if claim.issue.as_deref() == Some("damaged_in_transit") {
            format!(
                "{vendor}: say whether and where to return the item; it is not shipped until {vendor} instructs it ({NO_TIME})"
            )
        } else {
            format!("{vendor}: answer the customer ({NO_TIME})")
        };
        return waiting_vendor(awaited, None);
    }
    let status = if acted {
        Status::WaitingOnCustomer
    } else {
        Status::Open
    };
    let (next_action, due) = match customer_step {
        Some(d) => (format!("customer: {}", step_for(record, d)), d.date),
        None if has(DateFact::Approval) => ("customer: ship the item back".to_owned(), None),
        None => (
            record
                .outcome
                .next_steps
                .first()
                .map(|s| s.text.clone())
                .unwrap_or_else(|| "nothing awaited".to_owned()),
            None,
        ),
    };
    Standing {
        status,
        next_action,
        due,
        closed_on: None,
    }
}
