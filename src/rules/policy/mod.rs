//! Vendor policies: the data the engine decides with.
//!
//! A policy file (`schema.rs`) is compiled (`compile.rs`) into a [`Policy`]
//! whose ids are indices, so deciding a claim does no string lookups.
//! `load.rs` finds the files (embedded, the user's config folder,
//! `--policies DIR`); `lint.rs` model-checks a policy for gaps, overlaps and
//! rules that can never fire. `versions.rs` reads a file's dated versions;
//! [`Policy::in_force`] picks the one a claim is decided by.

mod compile;
pub mod diff;
pub mod lint;
mod load;
mod locate;
pub mod schema;
mod template;
mod versions;

pub use compile::{PolicyError, compile_policy};
pub use load::{EMBEDDED, PolicySet, PolicySource, Replacement};
pub(crate) use load::{MAX_POLICY_FILE, read_folder};
pub use template::{Part, Template};

use crate::rules::claim::{DATE_FACTS, DateFact, Fact, Flag, Product};
use crate::rules::outcome::{NoteKind, Remedy, ReturnShipping, Verdict};
use chrono::NaiveDate;

/// One vendor's compiled policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub id: String,
    pub name: String,
    /// Where the policy text comes from.
    pub source: String,
    /// Where this policy was loaded from (`embedded:millso.toml`, a path).
    pub origin: String,
    /// FNV-1a 64 of the file's text, hex: identifies the exact rules a
    /// decision was made with.
    pub fingerprint: String,
    /// SHA-256, hex, of the text that decides under this version: the
    /// file from its start up to the next version's `[[versions]]` table
    /// (the whole file when there is none). What a saved case records.
    pub sha256: String,
    /// The version's label (`[vendor] version` for the first version, a
    /// `[[versions]]` table's `version`, else its `effective_from` date).
    pub version: Option<String>,
    /// The first day this version is in force; `None`: every day before
    /// the next version's.
    pub effective_from: Option<NaiveDate>,
    /// The claim dates that pick the version, in order of preference
    /// (`[vendor] in_force_on`); the claim date when none is given.
    pub in_force_on: Vec<DateFact>,
    /// The later versions, oldest first (empty on a later version itself
    /// and in single-version files).
    pub later: Vec<Policy>,
    pub default_channel: Option<usize>,
    /// The country the vendor sells from (`[vendor] seat`), if stated.
    pub seat: Option<crate::rules::claim::CountryCode>,
    /// The channels the vendor sells through from its seat (`from_seat`).
    pub seat_channels: Vec<usize>,
    /// The First-contact question's wording (`[vendor] first_contact`).
    pub first_contact: Option<String>,
    /// For a claim on an order that already has a case: the text and the
    /// clauses behind it (`[vendor] repeat_claim`).
    pub repeat_claim: Option<(String, Vec<String>)>,
    pub contacts: Vec<(String, String)>,
    pub channels: Vec<Choice>,
    /// Indexed by channel: how the country of purchase is known.
    pub channel_countries: Vec<PurchaseCountry>,
    pub issues: Vec<Choice>,
    pub tiers: Vec<String>,
    pub clauses: Vec<Clause>,
    /// Indexed by issue.
    pub requirements: Vec<Requirement>,
    pub windows: Vec<Window>,
    pub rules: Vec<Rule>,
    /// Indexed by issue: the rules that can match a claim of that issue.
    pub(crate) rules_by_issue: Vec<IssueRules>,
}

/// The rules whose `issue` condition a claim of one issue meets (they name
/// it, or name none): a claim is decided by testing only these, as most
/// rules are about one or two issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssueRules {
    /// Decision rule indices, grouped by tier in precedence order.
    pub(crate) decision: Vec<Vec<usize>>,
    /// Finding rule indices, in file order.
    pub(crate) findings: Vec<usize>,
}

/// The version of a policy a claim is decided by, and why.
#[derive(Debug, Clone, Copy)]
pub struct InForce<'p> {
    /// The vendor's policy, with all its versions.
    pub base: &'p Policy,
    /// The version in force.
    pub policy: &'p Policy,
    /// The claim date that picked it and its field.
    pub on: (DateFact, NaiveDate),
    /// No version was in force on that date: the earliest decides (the
    /// outcome says so in an interpretation note).
    pub before_earliest: bool,
}

impl Policy {
    /// This version, then the later ones, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = &Policy> {
        std::iter::once(self).chain(&self.later)
    }

    /// The version in force for a claim with these dates (as
    /// [`crate::rules::Claim::dates`], `claim_date` filled in): the last
    /// version whose `effective_from` is on or before the first of
    /// `in_force_on` the claim gives; with none in force then, the first.
    pub fn in_force(
        &self,
        dates: &[Option<NaiveDate>; DATE_FACTS],
        claim_date: NaiveDate,
    ) -> InForce<'_> {
        let on = self
            .in_force_on
            .iter()
            .find_map(|f| dates[f.index()].map(|d| (*f, d)))
            .unwrap_or((DateFact::Claim, claim_date));
        self.in_force_at(on)
    }

    /// The version in force on `on.1`.
    pub fn in_force_at(&self, on: (DateFact, NaiveDate)) -> InForce<'_> {
        let mut chosen = InForce {
            base: self,
            policy: self,
            on,
            before_earliest: self.effective_from.is_some_and(|from| on.1 < from),
        };
        for version in &self.later {
            if version.effective_from.is_some_and(|from| from <= on.1) {
                chosen.policy = version;
            }
        }
        chosen
    }

    /// The version labelled `label` (or starting on the date `label`).
    pub fn version_named(&self, label: &str) -> Option<&Policy> {
        self.versions().find(|v| {
            v.version.as_deref() == Some(label)
                || v.effective_from.is_some_and(|d| d.to_string() == label)
        })
    }

    /// The version whose text hashes to `sha256`.
    pub fn version_by_sha256(&self, sha256: &str) -> Option<&Policy> {
        self.versions().find(|v| v.sha256 == sha256)
    }

    /// This version alone, in force on every date: what `policies check`
    /// and `policies diff` decide probe claims with.
    pub fn alone(&self) -> Policy {
        let mut alone = self.clone();
        alone.later.clear();
        alone.effective_from = None;
        alone
    }

    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|c| c.id == id)
    }

    pub fn channel_index(&self, id: &str) -> Option<usize> {
        self.channels.iter().position(|c| c.id == id)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn window(&self, id: &str) -> Option<&Window> {
        self.windows.iter().find(|w| w.id == id)
    }

    pub fn contact(&self, name: &str) -> Option<&str> {
        self.contacts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The facts a claim for this issue must give.
    pub fn required_facts(&self, issue: usize) -> &[Fact] {
        &self.requirements[issue].required
    }

    /// The facts worth asking for this issue, besides the required ones.
    pub fn optional_facts(&self, issue: usize) -> &[Fact] {
        &self.requirements[issue].optional
    }
}

/// Where a channel's purchases were made, for the "outside the country of
/// purchase" question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurchaseCountry {
    /// The policy does not say (a vendor's own shop: the agent's config
    /// may name it).
    Unnamed,
    /// One country, in words ("the United States").
    Named(String),
    /// Several countries: ask which store (id, label = the country).
    AskStore(Vec<Choice>),
}

/// A channel or an issue type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub id: String,
    pub short: String,
    /// The policy's own words.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirement {
    pub required: Vec<Fact>,
    pub optional: Vec<Fact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Days(u32),
    Months(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowKind {
    /// Ends `length` after the `from` date (last day inclusive).
    Span { from: DateFact, length: Length },
    /// Ends on the earliest end among these (earlier-declared) windows.
    EarliestOf(Vec<usize>),
}

/// The event a window limits: what, once recorded on or before the
/// window's end, makes its deadline *met* (claim-format.md, deadline
/// `status`). Policy files say it with `limits = "coverage" | "notice" |
/// "shipment" | "none"`; a window that does not say limits the notice when
/// measured at the first notice, and no recorded event otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limits {
    /// The end of a cover (a warranty, a money-back guarantee): met by the
    /// first notice, the claim to us included, on or before the end
    /// (claim-format.md: "a coverage end is met when the first notice
    /// falls within it"). Once the claim is made in time, nothing is left
    /// for the customer to do against it.
    Coverage,
    /// When a claim or a problem report is made: met by a recorded first
    /// notice (given, or implied by an approval) on or before the end.
    Notice,
    /// When the item is shipped back (a ship-by or label deadline): met by
    /// a `shipped_date` on or before the end. Measured at the shipped date
    /// once there is one, else at the claim date.
    Shipment,
    /// Nothing the claim records (e.g. the vendor's refund due date): the
    /// deadline is only ever open or passed.
    Nothing,
}

impl Limits {
    pub fn id(self) -> &'static str {
        match self {
            Limits::Coverage => "coverage",
            Limits::Notice => "notice",
            Limits::Shipment => "shipment",
            Limits::Nothing => "none",
        }
    }
}

/// A time limit: where it counts from, how long, and which date must fall
/// within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub id: String,
    pub label: String,
    pub kind: WindowKind,
    /// `FirstNotice` for limits on when a claim is made, `Claim` for limits
    /// on when the item is shipped.
    pub measure: DateFact,
    /// The event whose date meets the deadline.
    pub limits: Limits,
    pub clauses: Vec<String>,
    /// How the end is reckoned, in words ("order date + 45 days").
    pub relative: String,
}

/// A rule's conditions; all must hold. `None`/empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    pub issues: Vec<usize>,
    pub channels: Vec<usize>,
    pub products: Vec<Product>,
    pub flags: Vec<(Flag, bool)>,
    pub given: Vec<Fact>,
    pub absent: Vec<Fact>,
    pub within: Vec<usize>,
    pub after: Vec<usize>,
    pub verdicts: Vec<Verdict>,
    pub tiers: Vec<usize>,
    pub decided_by: Vec<usize>,
}

impl Conditions {
    /// Whether any condition depends on the decision (finding rules only).
    pub fn tests_decision(&self) -> bool {
        !(self.verdicts.is_empty() && self.tiers.is_empty() && self.decided_by.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: Template,
    pub clauses: Vec<String>,
    /// Steps: who acts (the lint asks every step to say).
    pub who: Option<crate::rules::outcome::Actor>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteItem {
    pub kind: NoteKind,
    pub text: Template,
    pub clauses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub label: String,
    /// Decision rules: index into `tiers`.
    pub tier: Option<usize>,
    pub verdict: Option<Verdict>,
    pub escalate: Option<Verdict>,
    pub summary: Option<Template>,
    pub when: Conditions,
    pub overrides: Vec<usize>,
    pub remedies: Vec<Remedy>,
    pub return_shipping: Option<ReturnShipping>,
    pub clauses: Vec<String>,
    pub deadlines: Vec<usize>,
    pub evidence: Vec<Item>,
    pub steps: Vec<Item>,
    pub notes: Vec<NoteItem>,
    /// Every clause the rule cites anywhere (its own, its deadlines',
    /// evidence, steps and notes), for the trace.
    pub cites: Vec<String>,
}

impl Rule {
    pub fn is_decision(&self) -> bool {
        self.verdict.is_some()
    }
}
