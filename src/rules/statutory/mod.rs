//! The customer's rights in law, beside the vendor's verdict
//! (the product owner's statutory notes, kept as `assets/jurisdictions/*.toml`).
//!
//! A jurisdiction file (`assets/jurisdictions/*.toml`, compiled by
//! `compile.rs`) names its countries, its articles with their sources,
//! dated limits, and rules that each add one note of kind `statutory`. The
//! rules test only the issue, the vendor's outcome (verdict, return
//! shipping, whether its deciding window passed), the statutory dates and
//! which windows the vendor's policy declares, so a legal team corrects or
//! adds a jurisdiction without a rebuild.
//!
//! Whose law is read from the vendor's seat (`[vendor] seat` in the
//! policy file) and the file's `[reach]`; where to refer the customer from
//! its `[refer]`; a `compare` weighs the two END DATES, never the lengths.
//!
//! [`apply`] runs after the vendor's policy has decided and only ever adds
//! to the outcome: `notes` (kind statutory), `statutory_deadlines` and
//! `clauses`. It never touches the verdict, remedies, shipping or the
//! vendor's deadlines.

mod compile;

pub use compile::compile_jurisdiction;

use crate::rules::claim::{Claim, CountryCode, DateFact};
use crate::rules::dates::{add_days, add_months, days_between, push_iso};
use crate::rules::outcome::{
    Deadline, Note, NoteKind, Outcome, Reason, ReturnShipping, Role, Verdict,
};
use crate::rules::policy::{Length, Policy, PolicyError, WindowKind};
use std::borrow::Cow;

/// The shipped jurisdiction files, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "eu.toml",
        include_str!("../../../assets/jurisdictions/eu.toml"),
    ),
    (
        "gb.toml",
        include_str!("../../../assets/jurisdictions/gb.toml"),
    ),
    (
        "jp.toml",
        include_str!("../../../assets/jurisdictions/jp.toml"),
    ),
    (
        "us.toml",
        include_str!("../../../assets/jurisdictions/us.toml"),
    ),
    (
        "cn.toml",
        include_str!("../../../assets/jurisdictions/cn.toml"),
    ),
];

/// One jurisdiction file, compiled.
#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub id: String,
    pub name: String,
    pub source: String,
    /// Where it was loaded from (`embedded:eu.toml`, a path).
    pub origin: String,
    pub countries: Vec<CountryCode>,
    pub articles: Vec<Article>,
    /// Channels through which the law applies as such; elsewhere it only
    /// "may apply".
    pub reach_applies: Vec<ChannelRef>,
    pub applies_text: String,
    pub may_apply_text: String,
    /// Where the agent refers the customer when the vendor's answer falls
    /// short: a body outside the vendor (`[refer]`), for a seller in the
    /// customer's country and for one abroad. `{refer}` in a text.
    pub refer: Option<Refer>,
    /// Who owes the remedy, by channel id.
    pub sellers: Vec<(String, Template)>,
    pub default_seller: Template,
    pub deadlines: Vec<StatDeadline>,
    pub rules: Vec<Rule>,
}

impl Jurisdiction {
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }
}

/// The body outside the vendor a customer is referred to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refer {
    /// The seller is in the customer's country (or reached through the
    /// local marketplace).
    pub domestic: Template,
    /// The seller sells from abroad.
    pub abroad: Template,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub short: String,
    /// The act and article ("Directive 2011/83/EU art. 9(1)").
    pub source: String,
}

/// `amazon_eu` (any vendor) or `millso/direct` (one vendor's channel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelRef {
    pub vendor: Option<String>,
    pub channel: String,
}

/// Where a statutory limit counts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Fact(DateFact),
    /// A date of contract version 2 this build does not collect yet: the
    /// deadline is shown undated.
    NotCollected(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatDeadline {
    pub id: String,
    pub label: String,
    pub from: Start,
    pub length: Length,
    /// How the end is reckoned, in words ("14 days from delivery").
    pub relative: String,
    pub clauses: Vec<String>,
}

/// Whether the vendor's deciding rule found its own window passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorWindow {
    Passed,
    Open,
}

/// One alternative of a rule's `when`; all its conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    pub verdicts: Vec<Verdict>,
    pub return_shipping: Vec<ReturnShipping>,
    pub vendor_window: Option<VendorWindow>,
    /// Statutory deadlines (indices) the first notice is within / after /
    /// not after (the last also when the date is unknown).
    pub within: Vec<usize>,
    pub after: Vec<usize>,
    pub not_after: Vec<usize>,
    /// Window ids of which the vendor's policy declares some / none.
    pub vendor_has: Vec<String>,
    pub vendor_lacks: Vec<String>,
}

/// The vendor's own window against the law's, for `{compare}`: decided
/// on the two end dates, never on the lengths (a late delivery can put
/// the statutory end after the vendor's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compare {
    /// Vendor window ids, first declared one wins.
    pub windows: Vec<String>,
    pub length: Length,
    /// The statutory deadline whose end is compared (index).
    pub deadline: usize,
    /// The law's date is later than the vendor's.
    pub law_longer: Template,
    /// The vendor's date is later.
    pub vendor_longer: Template,
    /// Both end the same day.
    pub same_length: Template,
    pub vendor_has_none: Template,
    /// One of the two dates is not known (no delivery date): nothing is
    /// said when the file gives no text for it.
    pub undated: Option<Template>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub label: String,
    /// Issue ids (any vendor's); empty: every issue.
    pub issues: Vec<String>,
    /// Alternatives; empty: always.
    pub when: Vec<Conditions>,
    pub deadlines: Vec<usize>,
    pub clauses: Vec<String>,
    pub text: Template,
    pub compare: Option<Compare>,
    /// The note qualifies the vendor's headline (shown next to the verdict).
    pub headline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    DeadlineDate(usize),
    Reach,
    Seller,
    Vendor,
    Country,
    VendorWindow,
    /// The end date of the vendor's window named by `compare`.
    VendorDate,
    Compare,
    /// The body outside the vendor to refer the customer to.
    Refer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub parts: Vec<Part>,
}

/// Every jurisdiction claimdesk knows: embedded, then the folders'.
#[derive(Debug, Clone, Default)]
pub struct Jurisdictions {
    pub list: Vec<Jurisdiction>,
}

impl Jurisdictions {
    /// The embedded files, then each folder's `*.toml` in name order; a
    /// later file with the same id replaces the earlier one.
    pub fn load(folders: &[crate::rules::policy::PolicySource]) -> Result<Self, Vec<PolicyError>> {
        let mut set = Jurisdictions::default();
        let mut errors = Vec::new();
        for (name, text) in EMBEDDED {
            match compile_jurisdiction(&format!("embedded:{name}"), text) {
                Ok(j) => set.insert(j),
                Err(e) => errors.extend(e),
            }
        }
        for folder in folders {
            match crate::rules::policy::read_folder(folder, "jurisdiction") {
                Ok(files) => {
                    for (path, text) in files {
                        match compile_jurisdiction(&path.display().to_string(), &text) {
                            Ok(j) => set.insert(j),
                            Err(e) => errors.extend(e),
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    fn insert(&mut self, j: Jurisdiction) {
        match self.list.iter_mut().find(|x| x.id == j.id) {
            Some(existing) => *existing = j,
            None => self.list.push(j),
        }
    }

    /// The jurisdictions that speak for a customer in `country`.
    pub fn for_country(&self, country: CountryCode) -> impl Iterator<Item = &Jurisdiction> {
        self.list
            .iter()
            .filter(move |j| j.countries.contains(&country))
    }

    /// The article behind a statutory clause id, with its jurisdiction.
    pub fn article(&self, id: &str) -> Option<(&Jurisdiction, &Article)> {
        self.list.iter().find_map(|j| j.article(id).map(|a| (j, a)))
    }

    /// Whether some jurisdiction has a rule for this issue id: the intake
    /// asks the customer's country only then.
    pub fn speaks_to_issue(&self, issue: &str) -> bool {
        self.list.iter().any(|j| {
            j.rules
                .iter()
                .any(|r| r.issues.is_empty() || r.issues.iter().any(|i| i == issue))
        })
    }

    /// Whether a note for a customer in `country` on this issue counts
    /// from the claim date `fact` (the delivery date, mostly): the intake
    /// then asks it, so the note can carry a date.
    pub fn counts_from(&self, country: CountryCode, issue: &str, fact: DateFact) -> bool {
        self.for_country(country).any(|j| {
            j.rules
                .iter()
                .filter(|r| r.issues.is_empty() || r.issues.iter().any(|i| i == issue))
                .flat_map(|r| r.deadlines.iter())
                .any(|&d| j.deadlines[d].from == Start::Fact(fact))
        })
    }

    /// Every country some jurisdiction speaks for, in file order.
    pub fn countries(&self) -> Vec<CountryCode> {
        let mut out = Vec::new();
        for c in self.list.iter().flat_map(|j| j.countries.iter()) {
            if !out.contains(c) {
                out.push(*c);
            }
        }
        out
    }
}

struct Ctx<'p, 'c> {
    jurisdiction: &'p Jurisdiction,
    policy: &'p Policy,
    claim: &'c Claim,
    country: CountryCode,
    /// End date of each statutory deadline, when its start date is known.
    ends: Vec<Option<chrono::NaiveDate>>,
    applies: bool,
    /// The seller sells from outside the customer's country (for `{refer}`).
    abroad: bool,
    /// Whether the vendor's deciding rules found a window passed.
    vendor_window_passed: bool,
}

/// Adds the statutory notes for the claim's customer country to `out`,
/// which the vendor's policy has already decided. Absent country: only
/// clears what a previous claim left (the bulk path reuses outcomes).
pub fn apply<'p>(set: &'p Jurisdictions, policy: &'p Policy, claim: &Claim, out: &mut Outcome<'p>) {
    out.statutory_deadlines.clear();
    out.customer_country = claim.customer_country;
    let Some(country) = claim.customer_country else {
        return;
    };
    let issue = policy.issues[claim.issue].id.as_str();
    // The "why" of the vendor's verdict: did its deciding rule find its
    // own window passed?
    let vendor_window_passed = out.trace.iter().any(|t| {
        t.role == Role::Decided && t.because.iter().any(|r| matches!(r, Reason::After { .. }))
    });
    for jurisdiction in set.for_country(country) {
        let ends = jurisdiction
            .deadlines
            .iter()
            .map(|d| match &d.from {
                Start::Fact(f) => claim.measured(*f).map(|start| match d.length {
                    Length::Days(n) => add_days(start, n),
                    Length::Months(n) => add_months(start, n),
                }),
                Start::NotCollected(_) => None,
            })
            .collect();
        let (applies, abroad) = reach(jurisdiction, policy, claim, country);
        let ctx = Ctx {
            jurisdiction,
            policy,
            claim,
            country,
            ends,
            applies,
            abroad,
            vendor_window_passed,
        };
        for rule in &jurisdiction.rules {
            if !(rule.issues.is_empty() || rule.issues.iter().any(|i| i == issue)) {
                continue;
            }
            if !(rule.when.is_empty() || rule.when.iter().any(|w| ctx.holds(w, out))) {
                continue;
            }
            let text = ctx.render(&rule.text, rule.compare.as_ref());
            let text = text.trim_end().to_owned();
            for id in &rule.clauses {
                push_unique(&mut out.clauses, id.as_str());
            }
            out.notes.push(Note {
                kind: NoteKind::Statutory,
                text: Cow::Owned(text),
                clauses: &rule.clauses,
                headline: rule.headline,
            });
            for &d in &rule.deadlines {
                let deadline = &jurisdiction.deadlines[d];
                if out.statutory_deadlines.iter().any(|x| x.id == deadline.id) {
                    continue;
                }
                for id in &deadline.clauses {
                    push_unique(&mut out.clauses, id.as_str());
                }
                let date = ctx.ends[d];
                // Statutory limits are on making a claim: met by the
                // first notice, as the vendor's notice windows are.
                let (status, met_on) = crate::rules::engine::deadline_status(
                    date,
                    crate::rules::engine::recorded_notice(claim),
                    claim.as_of,
                );
                out.statutory_deadlines.push(Deadline {
                    id: &deadline.id,
                    label: &deadline.label,
                    date,
                    days_left: date.map(|e| days_between(claim.as_of, e)),
                    status,
                    met_on,
                    clauses: &deadline.clauses,
                    relative: Cow::Borrowed(&deadline.relative),
                    binds: None,
                });
            }
        }
    }
    // Soonest first; undated last, as the vendor's deadlines.
    out.statutory_deadlines
        .sort_by_key(|d| (d.date.is_none(), d.date));
}

/// Whose law, by the vendor's seat (statutory notes, "Corrections"):
/// whether the jurisdiction's law applies as such (a channel its `[reach]`
/// lists, e.g. the local Amazon store; or the vendor's own shop when the
/// vendor's seat is one of the jurisdiction's countries: a domestic sale)
/// or only may apply by the jurisdiction's own rule (a seller abroad), and
/// whether the seller is abroad for the referral.
fn reach(
    jurisdiction: &Jurisdiction,
    policy: &Policy,
    claim: &Claim,
    country: CountryCode,
) -> (bool, bool) {
    let Some(channel) = claim.channel else {
        return (false, true);
    };
    let id = policy.channels[channel].id.as_str();
    let listed = jurisdiction
        .reach_applies
        .iter()
        .any(|r| r.channel == id && r.vendor.as_deref().is_none_or(|v| v == policy.id));
    if listed {
        return (true, false);
    }
    match policy.seat {
        Some(seat) if policy.seat_channels.contains(&channel) => {
            (jurisdiction.countries.contains(&seat), seat != country)
        }
        _ => (false, true),
    }
}

/// The end of the vendor's window `id` for this claim, when its start
/// date is given (as the engine reckons it).
fn vendor_window_end(policy: &Policy, claim: &Claim, id: &str) -> Option<chrono::NaiveDate> {
    let window = policy.window(id)?;
    match &window.kind {
        WindowKind::Span { from, length } => claim.measured(*from).map(|start| match length {
            Length::Days(n) => add_days(start, *n),
            Length::Months(n) => add_months(start, *n),
        }),
        WindowKind::EarliestOf(parts) => parts
            .iter()
            .filter_map(|&p| {
                let part = policy.windows.get(p)?;
                vendor_window_end(policy, claim, &part.id)
            })
            .min(),
    }
}

fn push_unique<'p>(list: &mut Vec<&'p str>, item: &'p str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl Ctx<'_, '_> {
    /// A statutory limit holds by the first notice: the day the customer
    /// raised the claim.
    fn within(&self, d: usize) -> Option<bool> {
        self.ends[d].map(|end| self.claim.first_notice <= end)
    }

    fn holds(&self, when: &Conditions, out: &Outcome<'_>) -> bool {
        let declares = |ids: &[String]| ids.iter().any(|w| self.policy.window(w).is_some());
        (when.verdicts.is_empty() || when.verdicts.contains(&out.verdict))
            && (when.return_shipping.is_empty()
                || when.return_shipping.contains(&out.return_shipping))
            && when
                .vendor_window
                .is_none_or(|w| (w == VendorWindow::Passed) == self.vendor_window_passed)
            && when.within.iter().all(|&d| self.within(d) == Some(true))
            && when.after.iter().all(|&d| self.within(d) == Some(false))
            && when
                .not_after
                .iter()
                .all(|&d| self.within(d) != Some(false))
            && (when.vendor_has.is_empty() || declares(&when.vendor_has))
            && (when.vendor_lacks.is_empty() || !declares(&when.vendor_lacks))
    }

    /// The vendor's window named by `compare`: its id and length.
    fn vendor_window<'a>(&'a self, compare: Option<&'a Compare>) -> Option<(&'a str, Length)> {
        compare?
            .windows
            .iter()
            .find_map(|id| match &self.policy.window(id)?.kind {
                WindowKind::Span { length, .. } => Some((id.as_str(), *length)),
                WindowKind::EarliestOf(_) => None,
            })
    }

    /// The vendor window's end for this claim, if its start is known.
    fn vendor_date(&self, compare: Option<&Compare>) -> Option<chrono::NaiveDate> {
        let (id, _) = self.vendor_window(compare)?;
        vendor_window_end(self.policy, self.claim, id)
    }

    fn render(&self, template: &Template, compare: Option<&Compare>) -> String {
        let mut out = String::new();
        for part in &template.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::DeadlineDate(d) => match self.ends[*d] {
                    Some(date) => push_iso(&mut out, date),
                    None => out.push_str(&self.jurisdiction.deadlines[*d].relative),
                },
                Part::Reach => out.push_str(if self.applies {
                    &self.jurisdiction.applies_text
                } else {
                    &self.jurisdiction.may_apply_text
                }),
                Part::Seller => {
                    let channel = self
                        .claim
                        .channel
                        .map(|c| self.policy.channels[c].id.as_str());
                    let seller = self
                        .jurisdiction
                        .sellers
                        .iter()
                        .find(|(ch, _)| Some(ch.as_str()) == channel)
                        .map_or(&self.jurisdiction.default_seller, |(_, t)| t);
                    out.push_str(&self.render(seller, None));
                }
                Part::Vendor => out.push_str(&self.policy.name),
                Part::Country => out.push_str(self.country.name()),
                Part::VendorWindow => match self.vendor_window(compare) {
                    Some((_, length)) => out.push_str(&compile::length_words(length)),
                    None => out.push_str("window"),
                },
                Part::VendorDate => match self.vendor_date(compare) {
                    Some(date) => push_iso(&mut out, date),
                    None => match self
                        .vendor_window(compare)
                        .and_then(|(id, _)| self.policy.window(id))
                    {
                        Some(w) => out.push_str(&w.relative),
                        None => out.push_str("its own date"),
                    },
                },
                Part::Compare => {
                    let Some(c) = compare else { continue };
                    // Dates, not lengths: the law's end against the
                    // vendor's, each from its own start date.
                    let text = match self.vendor_window(Some(c)) {
                        None => Some(&c.vendor_has_none),
                        Some(_) => match (self.ends[c.deadline], self.vendor_date(Some(c))) {
                            (Some(law), Some(vendor)) => Some(match law.cmp(&vendor) {
                                std::cmp::Ordering::Greater => &c.law_longer,
                                std::cmp::Ordering::Less => &c.vendor_longer,
                                std::cmp::Ordering::Equal => &c.same_length,
                            }),
                            _ => c.undated.as_ref(),
                        },
                    };
                    if let Some(text) = text {
                        out.push_str(&self.render(text, Some(c)));
                    }
                }
                Part::Refer => {
                    if let Some(refer) = &self.jurisdiction.refer {
                        let body = if self.abroad {
                            &refer.abroad
                        } else {
                            &refer.domestic
                        };
                        out.push_str(&self.render(body, None));
                    }
                }
            }
        }
        out
    }
}
