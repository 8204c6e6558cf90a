//! The outcome of deciding a claim: the public JSON contract of
//! `claimdesk check` (the claim contract, see README), plus a few added fields
//! (`vendor`, `issue`, `claim_date`, `as_of`, `first_notice_date`, `decided_by`,
//! `trace`, and `relative`/`binds` on deadlines) and the version 2
//! additions implemented so far (`status`/`met_on` on deadlines). Contract fields are never
//! renamed or dropped.
//!
//! An outcome borrows its fixed texts (labels, clause ids) from the policy
//! that decided it; only texts with a date or an address filled in are
//! owned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Eligible,
    NotEligible,
    Review,
    FollowUp,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Eligible,
        Verdict::NotEligible,
        Verdict::Review,
        Verdict::FollowUp,
    ];

    /// The verdict whose [`id`](Verdict::id) this is.
    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::NotEligible => "not_eligible",
            Verdict::Review => "review",
            Verdict::FollowUp => "follow_up",
        }
    }

    /// How the verdict reads to an agent.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Eligible => "Eligible",
            Verdict::NotEligible => "Not eligible",
            Verdict::Review => "Review: escalate to the vendor",
            Verdict::FollowUp => "Follow-up: no eligibility question",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    FullRefund,
    Replacement,
    Exchange,
    Refund,
    HalfRefund,
}

impl Remedy {
    pub fn id(self) -> &'static str {
        match self {
            Remedy::FullRefund => "full_refund",
            Remedy::Replacement => "replacement",
            Remedy::Exchange => "exchange",
            Remedy::Refund => "refund",
            Remedy::HalfRefund => "half_refund",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Remedy::FullRefund => "full refund",
            Remedy::Replacement => "replacement",
            Remedy::Exchange => "exchange",
            Remedy::Refund => "refund",
            Remedy::HalfRefund => "50% refund of the purchase price",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnShipping {
    Customer,
    Vendor,
    CustomerInternational,
    NotStated,
    NoReturnYet,
    None,
}

impl ReturnShipping {
    pub fn id(self) -> &'static str {
        match self {
            ReturnShipping::Customer => "customer",
            ReturnShipping::Vendor => "vendor",
            ReturnShipping::CustomerInternational => "customer_international",
            ReturnShipping::NotStated => "not_stated",
            ReturnShipping::NoReturnYet => "no_return_yet",
            ReturnShipping::None => "none",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            ReturnShipping::Customer => "the customer pays return shipping",
            ReturnShipping::Vendor => "the vendor pays return shipping",
            ReturnShipping::CustomerInternational => {
                "the customer pays the international return shipping"
            }
            ReturnShipping::NotStated => "not stated by the policy",
            ReturnShipping::NoReturnYet => "no return yet: wait for the vendor's instruction",
            ReturnShipping::None => "no return",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The policy contradicts itself here.
    Conflict,
    /// We decided a gap in the policy.
    Interpretation,
    /// Something may void the claim (a passed deadline, say).
    Warning,
    /// The customer's rights in law beside the vendor's terms
    /// (`statutory-notes.md`); never changes the verdict.
    Statutory,
}

/// Who acts on a next step (policy-notes.md "Additions (2)"): the
/// customer, the agent on the call, or the vendor. Stated per step in the
/// policy file (`who = "customer"`), never guessed from the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Customer,
    Agent,
    Vendor,
}

impl Actor {
    pub fn id(self) -> &'static str {
        match self {
            Actor::Customer => "customer",
            Actor::Agent => "agent",
            Actor::Vendor => "vendor",
        }
    }

    /// How the step's lead reads: "Customer", "Agent", or the vendor's
    /// name ("Mitkco").
    pub fn label(self, vendor: &str) -> &str {
        match self {
            Actor::Customer => "Customer",
            Actor::Agent => "Agent",
            Actor::Vendor => vendor,
        }
    }
}

/// Where a deadline stands at the claim date (claim-format.md, version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// The event the deadline limits (the first notice, the shipment) is
    /// recorded on or before its date: done in time, whatever `days_left`
    /// says.
    Met,
    /// Not met; the date is the claim date or later (or not known yet).
    Open,
    /// Not met, and the date is before the claim date.
    Passed,
}

impl DeadlineStatus {
    pub fn id(self) -> &'static str {
        match self {
            DeadlineStatus::Met => "met",
            DeadlineStatus::Open => "open",
            DeadlineStatus::Passed => "passed",
        }
    }
}

/// A dated limit, shown with the days left from the claim date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline<'p> {
    pub id: &'p str,
    pub label: &'p str,
    /// `None` when the date it counts from is not known yet (e.g. "45 days
    /// after approval" before the vendor approved).
    pub date: Option<NaiveDate>,
    /// `date` minus the claim date; negative once passed.
    pub days_left: Option<i64>,
    /// Met, open or passed: what a front end shows instead of reading
    /// `days_left` alone (a met deadline is never "passed").
    pub status: DeadlineStatus,
    /// The date of the event that met the deadline; absent unless met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met_on: Option<NaiveDate>,
    pub clauses: &'p [String],
    /// How the date is reckoned ("order date + 45 days").
    pub relative: Cow<'p, str>,
    /// For an "earliest of" deadline, the id of the limit that binds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binds: Option<&'p str>,
}

/// An evidence item or a next step: a sentence and the clauses behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding<'p> {
    pub text: Cow<'p, str>,
    pub clauses: &'p [String],
    /// A next step's date: the first deadline its text names that is not
    /// met yet (an extension of the contract; absent when none). Front
    /// ends say the weekday and the days left as of the day they show it
    /// ("by Wed 2026-12-09, 2 days left", "today").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Who acts on a next step (an extension of the contract; absent for
    /// evidence and where the policy does not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<Actor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note<'p> {
    pub kind: NoteKind,
    pub text: Cow<'p, str>,
    pub clauses: &'p [String],
    /// A statutory note that changes what the headline means to the
    /// customer (its jurisdiction file says `headline = true`); an
    /// extension of the contract, absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
}

/// How a rule took part in the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Decided the verdict.
    Decided,
    /// Changed an eligible verdict to review.
    Escalated,
    /// Added deadlines, evidence, steps, notes, remedies or shipping.
    Added,
}

/// One rule that matched, and why: the agent's "why?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceEntry<'p> {
    pub rule: &'p str,
    pub label: &'p str,
    pub role: Role,
    /// Each condition of the rule, as it held for this claim.
    pub because: Vec<Reason<'p>>,
    pub clauses: &'p [String],
}

/// The policy version an outcome was decided by: `{"vendor", "version",
/// "sha256"}`, the SHA-256 being of the text that decides under the version
/// ([`crate::rules::Policy::sha256`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PolicyUsed<'p> {
    pub vendor: &'p str,
    /// The version's label; `null` when the file states none.
    pub version: Option<&'p str>,
    pub sha256: &'p str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome<'p> {
    pub verdict: Verdict,
    pub summary: String,
    pub remedies: Vec<Remedy>,
    pub return_shipping: ReturnShipping,
    pub deadlines: Vec<Deadline<'p>>,
    pub evidence: Vec<Finding<'p>>,
    pub next_steps: Vec<Finding<'p>>,
    pub notes: Vec<Note<'p>>,
    /// Every clause id cited anywhere in the outcome, in order of first
    /// citation.
    pub clauses: Vec<&'p str>,
    // Additions to the contract.
    pub vendor: &'p str,
    pub issue: &'p str,
    pub claim_date: NaiveDate,
    /// The day the decision was made (claim contract version 3): the
    /// claim's `as_of`, else its claim date. Statuses and days left are
    /// as of this day.
    pub as_of: NaiveDate,
    /// The first notice the windows were measured at (given, or derived).
    pub first_notice_date: NaiveDate,
    /// The rules that decided the verdict.
    pub decided_by: Vec<&'p str>,
    pub trace: Vec<TraceEntry<'p>>,
    /// The policy version that decided (claim-format.md additions).
    pub policy: PolicyUsed<'p>,
    /// The customer's country the statutory notes were looked for in;
    /// `null`: none were looked for (the claim did not give one).
    pub customer_country: Option<crate::rules::claim::CountryCode>,
    /// The statutory notes' dated limits, apart from the vendor's.
    pub statutory_deadlines: Vec<Deadline<'p>>,
    /// For each date the claim gives, the span over which the verdict
    /// holds (`decisive.rs`). `None` when not computed (`check --batch`
    /// without `--decisive`): then the field is left out of the JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisive_dates: Option<Vec<super::decisive::DecisiveDate>>,
}

impl<'p> Outcome<'p> {
    /// An outcome with nothing in it yet, for [`crate::rules::engine::decide_into`]
    /// to fill (and refill, claim after claim).
    pub fn empty() -> Outcome<'p> {
        Outcome {
            verdict: Verdict::FollowUp,
            summary: String::new(),
            remedies: Vec::new(),
            return_shipping: ReturnShipping::None,
            deadlines: Vec::new(),
            evidence: Vec::new(),
            next_steps: Vec::new(),
            notes: Vec::new(),
            clauses: Vec::new(),
            vendor: "",
            issue: "",
            claim_date: NaiveDate::MIN,
            as_of: NaiveDate::MIN,
            first_notice_date: NaiveDate::MIN,
            decided_by: Vec::new(),
            trace: Vec::new(),
            customer_country: None,
            statutory_deadlines: Vec::new(),
            policy: PolicyUsed::default(),
            decisive_dates: None,
        }
    }
}

/// One condition of a rule as it held for a claim. Kept structured (and
/// only turned into words when shown) so deciding a claim stays cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'p> {
    Always,
    Issue(&'p str),
    Channel(&'p str),
    Product(crate::rules::claim::Product),
    Flag(crate::rules::claim::Flag, bool),
    Given(crate::rules::claim::Fact),
    Absent(crate::rules::claim::Fact),
    Within {
        window: &'p str,
        measured: &'static str,
        on: NaiveDate,
        end: NaiveDate,
    },
    After {
        window: &'p str,
        measured: &'static str,
        on: NaiveDate,
        end: NaiveDate,
    },
    Verdict(Verdict),
    Tier(&'p str),
    DecidedBy(&'p str),
}

/// A piece of a reason's wording. Kept apart by origin because the JSON
/// writer need not escape our own words or policy ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// claimdesk's own words (no quotes, backslashes or control bytes).
    Fixed(&'static str),
    /// A policy id (checked to a safe alphabet when the policy loads).
    Id(&'a str),
    /// Policy prose, such as a label.
    Text(&'a str),
    Date(NaiveDate),
}

impl<'p> Reason<'p> {
    /// The reason's wording, piece by piece. `Display` and the fast JSON
    /// writer (`outcome_json`) both build on this, so there is one wording.
    pub fn pieces(&self, mut emit: impl FnMut(Piece<'_>)) {
        use Piece::{Date, Fixed, Id, Text};
        match self {
            Reason::Always => emit(Fixed("applies to every claim that reaches it")),
            Reason::Issue(label) => {
                emit(Fixed("issue is "));
                emit(Text(label));
            }
            Reason::Channel(label) => {
                emit(Fixed("bought through "));
                emit(Text(label));
            }
            Reason::Product(p) => {
                emit(Fixed("product is "));
                emit(Fixed(p.words()));
            }
            Reason::Flag(flag, value) => {
                emit(Fixed(flag.field()));
                emit(Fixed(if *value { " is true" } else { " is false" }));
            }
            Reason::Given(fact) => {
                emit(Fixed(fact.field()));
                emit(Fixed(" is given"));
            }
            Reason::Absent(fact) => {
                emit(Fixed(fact.field()));
                emit(Fixed(" is not given"));
            }
            Reason::Within {
                window,
                measured,
                on,
                end,
            }
            | Reason::After {
                window,
                measured,
                on,
                end,
            } => {
                emit(Fixed(measured));
                emit(Fixed(" "));
                emit(Date(*on));
                emit(Fixed(if matches!(self, Reason::Within { .. }) {
                    " is on or before "
                } else {
                    " is after "
                }));
                emit(Date(*end));
                emit(Fixed(" ("));
                emit(Text(window));
                emit(Fixed(")"));
            }
            Reason::Verdict(v) => {
                emit(Fixed("verdict so far is "));
                emit(Fixed(v.id()));
            }
            Reason::Tier(t) => {
                emit(Fixed("decided at the "));
                emit(Id(t));
                emit(Fixed(" stage"));
            }
            Reason::DecidedBy(rule) => {
                emit(Fixed("decided by rule "));
                emit(Id(rule));
            }
        }
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.pieces(|piece| {
            if result.is_ok() {
                result = match piece {
                    Piece::Fixed(text) | Piece::Id(text) | Piece::Text(text) => f.write_str(text),
                    Piece::Date(date) => write!(f, "{date}"),
                };
            }
        });
        result
    }
}

impl Serialize for Reason<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
