//! Deciding a claim with a policy.
//!
//! 1. Window ends are computed once for the claim.
//! 2. Decision rules, tier by tier in the policy's precedence order: the
//!    first tier with a matching rule decides. Matching rules a matching
//!    rule `overrides` are set aside; the rest must agree on the verdict
//!    (their summaries are joined and all are cited), otherwise the claim
//!    is an [`EvalError::Ambiguous`]. No matching rule at all is an
//!    [`EvalError::NoRule`]. Never a silent pick.
//! 3. Finding rules, in file order, may test the decision; all that match
//!    (less those overridden) add their deadlines, evidence, steps, notes,
//!    remedies and return shipping. One with `escalate = "review"` turns an
//!    eligible verdict into review.
//! 4. Return shipping must come out as exactly one value.

use super::claim::{Claim, DateFact, Fact};
use super::dates::{add_days, add_months, days_between, push_iso};
use super::outcome::{
    Deadline, DeadlineStatus, Finding, Note, Outcome, Reason, ReturnShipping, Role, TraceEntry,
    Verdict,
};
use super::policy::{Conditions, Length, Limits, Part, Policy, Rule, Template, Window, WindowKind};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt;

/// The policy cannot decide this claim: a gap or an unresolved overlap in
/// the policy file, never the agent's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// No rule decides the field for this case.
    NoRule { field: &'static str, case: String },
    /// Rules disagree on the field and none overrides the others.
    Ambiguous {
        field: &'static str,
        rules: Vec<String>,
        case: String,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::NoRule { field, case } => {
                write!(f, "policy gap: no rule decides the {field} for {case}")
            }
            EvalError::Ambiguous { field, rules, case } => write!(
                f,
                "policy conflict: rules {} disagree on the {field} for {case} and none overrides the others",
                rules.join(", ")
            ),
        }
    }
}

impl std::error::Error for EvalError {}

/// End of a window for one claim, and which part binds for "earliest of".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct End {
    date: NaiveDate,
    binds: Option<usize>,
}

/// What the decision rules settled, visible to finding rules.
struct Decision<'s> {
    verdict: Verdict,
    tier: usize,
    rules: &'s [usize],
}

struct Ctx<'p, 'c> {
    policy: &'p Policy,
    claim: &'c Claim,
    ends: &'c [Option<End>],
}

/// Decides `claim` with `policy` (the policy of `claim.vendor`).
pub fn decide<'p>(policy: &'p Policy, claim: &Claim) -> Result<Outcome<'p>, EvalError> {
    let mut outcome = Outcome::empty();
    decide_into(policy, claim, &mut outcome, &mut Scratch::default())?;
    Ok(outcome)
}

/// Working lists of one decision, kept between claims by a caller that
/// decides many (`check --batch`), so deciding allocates next to nothing.
#[derive(Debug, Default)]
pub struct Scratch {
    ends: Vec<Option<End>>,
    matched: Vec<usize>,
    findings: Vec<usize>,
    deadline_ids: Vec<usize>,
}

/// [`decide`], writing into `outcome` and reusing its lists (and those of
/// `scratch`) instead of allocating new ones. On an error `outcome` holds
/// nothing useful.
pub fn decide_into<'p>(
    policy: &'p Policy,
    claim: &Claim,
    outcome: &mut Outcome<'p>,
    scratch: &mut Scratch,
) -> Result<(), EvalError> {
    window_ends(policy, claim, &mut scratch.ends);
    let ctx = Ctx {
        policy,
        claim,
        ends: &scratch.ends,
    };
    let decision = decide_verdict(&ctx, &mut scratch.matched)?;
    matching_findings(&ctx, &decision, &mut scratch.findings);
    build_outcome(
        &ctx,
        &decision,
        &scratch.findings,
        &mut scratch.deadline_ids,
        outcome,
    )
}

/// The verdict [`decide_into`] would give `claim` (the same rules, the same
/// policy errors), without building the outcome: for the preview, which
/// decides many variants of one claim and needs only their verdicts.
pub fn verdict(
    policy: &Policy,
    claim: &Claim,
    scratch: &mut Scratch,
) -> Result<Verdict, EvalError> {
    window_ends(policy, claim, &mut scratch.ends);
    let ctx = Ctx {
        policy,
        claim,
        ends: &scratch.ends,
    };
    let decision = decide_verdict(&ctx, &mut scratch.matched)?;
    matching_findings(&ctx, &decision, &mut scratch.findings);
    let (verdict, _) = settle(&ctx, &decision, &scratch.findings)?;
    Ok(verdict)
}

/// The final verdict (an eligible one a finding escalates becomes review)
/// and the one return-shipping value, or the policy error when the rules
/// give none or disagree.
fn settle(
    ctx: &Ctx<'_, '_>,
    decision: &Decision<'_>,
    findings: &[usize],
) -> Result<(Verdict, ReturnShipping), EvalError> {
    let policy = ctx.policy;
    let contributing = || decision.rules.iter().chain(findings).copied();
    let escalated = decision.verdict == Verdict::Eligible
        && findings
            .iter()
            .any(|&r| policy.rules[r].escalate == Some(Verdict::Review));
    let verdict = if escalated {
        Verdict::Review
    } else {
        decision.verdict
    };
    let mut shipping: Option<ReturnShipping> = None;
    for r in contributing() {
        if let Some(value) = policy.rules[r].return_shipping {
            match shipping {
                None => shipping = Some(value),
                Some(existing) if existing == value => {}
                Some(_) => {
                    let rules = contributing()
                        .filter(|&x| policy.rules[x].return_shipping.is_some())
                        .map(|x| policy.rules[x].id.clone())
                        .collect();
                    return Err(EvalError::Ambiguous {
                        field: "return shipping",
                        rules,
                        case: ctx.case(),
                    });
                }
            }
        }
    }
    match shipping {
        Some(shipping) => Ok((verdict, shipping)),
        None => Err(EvalError::NoRule {
            field: "return shipping",
            case: ctx.case(),
        }),
    }
}

fn window_ends(policy: &Policy, claim: &Claim, ends: &mut Vec<Option<End>>) {
    ends.clear();
    for window in &policy.windows {
        let end = match &window.kind {
            WindowKind::Span { from, length } => claim.measured(*from).map(|start| End {
                date: match length {
                    Length::Days(n) => add_days(start, *n),
                    Length::Months(n) => add_months(start, *n),
                },
                binds: None,
            }),
            // Parts are declared earlier, so their ends are already known.
            WindowKind::EarliestOf(parts) => parts
                .iter()
                .filter_map(|&p| ends.get(p).copied().flatten().map(|e| (e.date, p)))
                .min_by_key(|(date, _)| *date)
                .map(|(date, p)| End {
                    date,
                    binds: Some(p),
                }),
        };
        ends.push(end);
    }
}

/// The date a window's end is compared with: the (effective) first notice
/// for limits on making a claim; for a ship-by the shipped date once the
/// item is shipped (so a ship-by met by the shipment is never late), else
/// the claim date (it has not been shipped yet), as for everything else.
/// `decisive` solves the same comparison for each date field, so both read
/// it here.
pub(crate) fn measured_fact(window: &Window, claim: &Claim) -> DateFact {
    if window.limits == Limits::Shipment && claim.date(DateFact::Shipped).is_some() {
        return DateFact::Shipped;
    }
    match window.measure {
        DateFact::FirstNotice => DateFact::FirstNotice,
        _ => DateFact::Claim,
    }
}

fn given(claim: &Claim, fact: Fact) -> bool {
    match fact {
        Fact::Channel => claim.channel.is_some(),
        Fact::Date(DateFact::Claim) | Fact::Product | Fact::Flag(_) => true,
        Fact::Date(d) => claim.date(d).is_some(),
    }
}

/// The conditions that do not depend on any date's value (issue, channel,
/// product, flags, which facts are given): a rule failing them fails for
/// every value of every date, which `decisive` uses to skip its windows.
pub(crate) fn fixed_conditions_hold(claim: &Claim, when: &Conditions) -> bool {
    (when.issues.is_empty() || when.issues.contains(&claim.issue))
        && (when.channels.is_empty() || claim.channel.is_some_and(|c| when.channels.contains(&c)))
        && (when.products.is_empty() || when.products.contains(&claim.product))
        && when.flags.iter().all(|(f, v)| claim.flag(*f) == *v)
        && when.given.iter().all(|f| given(claim, *f))
        && when.absent.iter().all(|f| !given(claim, *f))
}

impl Ctx<'_, '_> {
    /// The date a window's end is compared with, and which fact it is
    /// ([`measured_fact`]).
    fn measured_fact(&self, window: usize) -> (DateFact, NaiveDate) {
        let fact = measured_fact(&self.policy.windows[window], self.claim);
        let date = match fact {
            DateFact::FirstNotice => self.claim.first_notice,
            DateFact::Shipped => self
                .claim
                .date(DateFact::Shipped)
                .unwrap_or(self.claim.claim_date),
            _ => self.claim.claim_date,
        };
        (fact, date)
    }

    fn measured(&self, window: usize) -> NaiveDate {
        self.measured_fact(window).1
    }

    /// The recorded event a deadline limits, if the claim has one: a first
    /// notice the claim gives (or an approval implies; one merely defaulted
    /// to today's call is not recorded yet), or the shipped date.
    fn event(&self, window: usize) -> Option<NaiveDate> {
        let claim = self.claim;
        match self.policy.windows[window].limits {
            Limits::Coverage => Some(claim.first_notice),
            Limits::Notice => recorded_notice(claim),
            Limits::Shipment => claim.date(DateFact::Shipped),
            Limits::Nothing => None,
        }
    }

    /// Met, open or passed on the decision day (`as_of`), and the date
    /// that met it.
    fn status(&self, window: usize) -> (DeadlineStatus, Option<NaiveDate>) {
        deadline_status(
            self.ends[window].map(|end| end.date),
            self.event(window),
            self.claim.as_of,
        )
    }

    fn within(&self, window: usize) -> Option<bool> {
        self.ends[window].map(|end| self.measured(window) <= end.date)
    }

    fn holds(&self, when: &Conditions, decision: Option<&Decision<'_>>) -> bool {
        fixed_conditions_hold(self.claim, when)
            && when.within.iter().all(|&w| self.within(w) == Some(true))
            && when.after.iter().all(|&w| self.within(w) == Some(false))
            && (when.verdicts.is_empty()
                || decision.is_some_and(|d| when.verdicts.contains(&d.verdict)))
            && (when.tiers.is_empty() || decision.is_some_and(|d| when.tiers.contains(&d.tier)))
            && (when.decided_by.is_empty()
                || decision.is_some_and(|d| d.rules.iter().any(|r| when.decided_by.contains(r))))
    }

    /// "millso / defective / amazon_us": how errors name the case.
    fn case(&self) -> String {
        let p = self.policy;
        let c = self.claim;
        let channel = c
            .channel
            .map_or("no channel", |i| p.channels[i].id.as_str());
        format!(
            "{} / {} / {channel} (claim date {}, first notice {})",
            p.id, p.issues[c.issue].id, c.claim_date, c.first_notice
        )
    }

    fn render<'t>(&self, template: &'t Template) -> Cow<'t, str> {
        if let Some(text) = template.as_literal() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(template.source.len() + 16);
        for part in &template.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::WindowDate(w) => match self.ends[*w] {
                    Some(end) => push_iso(&mut out, end.date),
                    None => out.push_str(&self.policy.windows[*w].relative),
                },
                Part::DaysPast(w) => match self.ends[*w] {
                    Some(end) => {
                        let days = days_between(end.date, self.claim.as_of).max(0);
                        out.push_str(itoa::Buffer::new().format(days));
                        out.push_str(if days == 1 { " day" } else { " days" });
                    }
                    None => out.push_str("(not dated yet)"),
                },
                Part::Contact(i) => out.push_str(&self.policy.contacts[*i].1),
                Part::FactDate(d) => match self.claim.measured(*d) {
                    Some(date) => push_iso(&mut out, date),
                    None => out.push_str("(not given)"),
                },
                Part::IssueLabel => out.push_str(&self.policy.issues[self.claim.issue].label),
                Part::ChannelLabel => match self.claim.channel {
                    Some(c) => out.push_str(&self.policy.channels[c].label),
                    None => out.push_str("(channel not given)"),
                },
                Part::VendorName => out.push_str(&self.policy.name),
                Part::ClauseText(c) => out.push_str(&self.policy.clauses[*c].text),
            }
        }
        Cow::Owned(out)
    }
}

/// Sets aside every rule in `matched` that another rule in `matched`
/// overrides. Returns `false`, leaving `matched` as it was, when that would
/// set aside every one of them: rules overriding each other in a ring.
/// Compiling refuses such rings; this keeps the engine from ever deciding
/// with no rule (or indexing an empty list) should one slip through.
fn drop_overridden(policy: &Policy, matched: &mut Vec<usize>) -> bool {
    let overrides = |r: usize| policy.rules.get(r).map_or(&[][..], |rule| &rule.overrides);
    // Usually nothing overrides anything: then nothing is allocated.
    if matched.iter().all(|&r| overrides(r).is_empty()) {
        return true;
    }
    // One pass over the overrides, then one lookup per rule: linear even
    // when thousands of rules match.
    let mut overridden: Vec<usize> = matched
        .iter()
        .flat_map(|&r| overrides(r).iter().copied())
        .collect();
    overridden.sort_unstable();
    overridden.dedup();
    let set_aside = |r: &usize| overridden.binary_search(r).is_ok();
    if matched.iter().all(set_aside) {
        return false;
    }
    matched.retain(|r| !set_aside(r));
    true
}

fn decide_verdict<'s>(
    ctx: &Ctx<'_, '_>,
    matched: &'s mut Vec<usize>,
) -> Result<Decision<'s>, EvalError> {
    let policy = ctx.policy;
    let by_issue = &policy.rules_by_issue[ctx.claim.issue];
    for (tier, rules) in by_issue.decision.iter().enumerate() {
        matched.clear();
        matched.extend(
            rules
                .iter()
                .copied()
                .filter(|&r| ctx.holds(&policy.rules[r].when, None)),
        );
        if matched.is_empty() {
            continue;
        }
        let resolved = drop_overridden(policy, matched);
        let Some(&first) = matched.first() else {
            continue;
        };
        let verdict = policy.rules[first].verdict;
        if !resolved || matched.iter().any(|&r| policy.rules[r].verdict != verdict) {
            return Err(EvalError::Ambiguous {
                field: "verdict",
                rules: matched
                    .iter()
                    .map(|&r| policy.rules[r].id.clone())
                    .collect(),
                case: ctx.case(),
            });
        }
        let Some(verdict) = verdict else {
            continue;
        };
        return Ok(Decision {
            verdict,
            tier,
            rules: matched,
        });
    }
    Err(EvalError::NoRule {
        field: "verdict",
        case: ctx.case(),
    })
}

fn matching_findings(ctx: &Ctx<'_, '_>, decision: &Decision<'_>, matched: &mut Vec<usize>) {
    let policy = ctx.policy;
    matched.clear();
    matched.extend(
        policy.rules_by_issue[ctx.claim.issue]
            .findings
            .iter()
            .copied()
            .filter(|&r| ctx.holds(&policy.rules[r].when, Some(decision))),
    );
    // Finding rules in a ring (refused when compiling) all stay: adding a
    // finding too many is safer than dropping one silently.
    drop_overridden(policy, matched);
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn build_outcome<'p>(
    ctx: &Ctx<'p, '_>,
    decision: &Decision<'_>,
    findings: &[usize],
    deadline_ids: &mut Vec<usize>,
    out: &mut Outcome<'p>,
) -> Result<(), EvalError> {
    let policy: &'p Policy = ctx.policy;
    let claim = ctx.claim;
    let contributing = || decision.rules.iter().chain(findings).copied();
    let escalates = |r: usize| policy.rules[r].escalate == Some(Verdict::Review);

    // An eligible verdict a finding escalates becomes review, with the
    // escalating rules' summaries instead of the deciding ones'.
    let (verdict, return_shipping) = settle(ctx, decision, findings)?;
    let escalated = verdict != decision.verdict;
    out.verdict = verdict;
    out.summary.clear();
    let summarised: &mut dyn Iterator<Item = &usize> = if escalated {
        &mut findings.iter().filter(|&&r| escalates(r))
    } else {
        &mut decision.rules.iter()
    };
    for &r in summarised {
        if let Some(t) = &policy.rules[r].summary {
            if !out.summary.is_empty() {
                out.summary.push(' ');
            }
            out.summary.push_str(&ctx.render(t));
        }
    }
    out.return_shipping = return_shipping;

    out.remedies.clear();
    out.evidence.clear();
    out.next_steps.clear();
    out.notes.clear();
    out.clauses.clear();
    deadline_ids.clear();
    let cite = |clauses: &mut Vec<&'p str>, ids: &'p [String]| {
        for id in ids {
            push_unique(clauses, id.as_str());
        }
    };

    let mut traced = 0;
    for r in contributing() {
        let rule: &'p Rule = &policy.rules[r];
        for remedy in &rule.remedies {
            push_unique(&mut out.remedies, *remedy);
        }
        cite(&mut out.clauses, &rule.clauses);
        for &w in &rule.deadlines {
            push_unique(deadline_ids, w);
            cite(&mut out.clauses, &policy.windows[w].clauses);
        }
        for item in &rule.evidence {
            let text = ctx.render(&item.text);
            if !out.evidence.iter().any(|e| e.text == text) {
                cite(&mut out.clauses, &item.clauses);
                out.evidence.push(Finding {
                    text,
                    clauses: &item.clauses,
                    due: None,
                    who: None,
                });
            }
        }
        for item in &rule.steps {
            let text = ctx.render(&item.text);
            if !out.next_steps.iter().any(|s| s.text == text) {
                cite(&mut out.clauses, &item.clauses);
                // The step's date: the first window it names that is
                // dated and not met (a met one is history, not a due).
                let due = item.text.windows().find_map(|w| {
                    let end = ctx.ends[w]?;
                    (ctx.status(w).0 != DeadlineStatus::Met).then_some(end.date)
                });
                out.next_steps.push(Finding {
                    text,
                    clauses: &item.clauses,
                    due,
                    who: item.who,
                });
            }
        }
        for item in &rule.notes {
            let text = ctx.render(&item.text);
            if !out.notes.iter().any(|n| n.text == text) {
                cite(&mut out.clauses, &item.clauses);
                out.notes.push(Note {
                    kind: item.kind,
                    text,
                    clauses: &item.clauses,
                    headline: false,
                });
            }
        }
        let role = if decision.rules.contains(&r) {
            Role::Decided
        } else if escalated && escalates(r) {
            Role::Escalated
        } else {
            Role::Added
        };
        // Trace entries are overwritten in place, so each keeps its list
        // of reasons from the claim before.
        if traced == out.trace.len() {
            out.trace.push(TraceEntry {
                rule: &rule.id,
                label: &rule.label,
                role,
                because: Vec::new(),
                clauses: &rule.cites,
            });
        }
        let entry = &mut out.trace[traced];
        entry.rule = &rule.id;
        entry.label = &rule.label;
        entry.role = role;
        entry.clauses = &rule.cites;
        reasons(ctx, &rule.when, decision, &mut entry.because);
        traced += 1;
    }
    out.trace.truncate(traced);

    out.deadlines.clear();
    out.deadlines.extend(deadline_ids.iter().map(|&w| {
        let window = &policy.windows[w];
        let end = ctx.ends[w];
        let (status, met_on) = ctx.status(w);
        Deadline {
            id: &window.id,
            label: &window.label,
            date: end.map(|e| e.date),
            days_left: end.map(|e| days_between(claim.as_of, e.date)),
            status,
            met_on,
            clauses: &window.clauses,
            // "invoice date + 60 days, the earlier of ...": which limit binds.
            relative: match end.and_then(|e| e.binds) {
                Some(b) => Cow::Owned(format!(
                    "{}, the {}",
                    policy.windows[b].relative, window.relative
                )),
                None => Cow::Borrowed(&window.relative),
            },
            binds: end
                .and_then(|e| e.binds)
                .map(|b| policy.windows[b].id.as_str()),
        }
    }));
    // Soonest first; undated ("45 days after approval") last.
    out.deadlines.sort_by_key(|d| (d.date.is_none(), d.date));

    out.vendor = &policy.id;
    out.policy = crate::rules::outcome::PolicyUsed {
        vendor: &policy.id,
        version: policy.version.as_deref(),
        sha256: &policy.sha256,
    };
    out.issue = &policy.issues[claim.issue].id;
    out.claim_date = claim.claim_date;
    out.as_of = claim.as_of;
    out.first_notice_date = claim.first_notice;
    out.decided_by.clear();
    out.decided_by
        .extend(decision.rules.iter().map(|&r| policy.rules[r].id.as_str()));
    Ok(())
}

/// The conditions of a matching rule, as they held: the trace's "why".
fn reasons<'p>(
    ctx: &Ctx<'p, '_>,
    when: &'p Conditions,
    decision: &Decision<'_>,
    out: &mut Vec<Reason<'p>>,
) {
    let policy: &'p Policy = ctx.policy;
    let claim = ctx.claim;
    out.clear();
    if !when.issues.is_empty() {
        out.push(Reason::Issue(&policy.issues[claim.issue].label));
    }
    if !when.channels.is_empty()
        && let Some(c) = claim.channel
    {
        out.push(Reason::Channel(&policy.channels[c].label));
    }
    if !when.products.is_empty() {
        out.push(Reason::Product(claim.product));
    }
    for (flag, value) in &when.flags {
        out.push(Reason::Flag(*flag, *value));
    }
    for fact in &when.given {
        out.push(Reason::Given(*fact));
    }
    for fact in &when.absent {
        out.push(Reason::Absent(*fact));
    }
    for (&w, inside) in when
        .within
        .iter()
        .map(|w| (w, true))
        .chain(when.after.iter().map(|w| (w, false)))
    {
        let Some(end) = ctx.ends[w] else { continue };
        let window = &policy.windows[w];
        let (fact, on) = ctx.measured_fact(w);
        let measured = fact.noun();
        out.push(if inside {
            Reason::Within {
                window: &window.label,
                measured,
                on,
                end: end.date,
            }
        } else {
            Reason::After {
                window: &window.label,
                measured,
                on,
                end: end.date,
            }
        });
    }
    if !when.verdicts.is_empty() {
        out.push(Reason::Verdict(decision.verdict));
    }
    if !when.tiers.is_empty() {
        out.push(Reason::Tier(&policy.tiers[decision.tier]));
    }
    if let Some(&r) = decision.rules.iter().find(|r| when.decided_by.contains(r)) {
        out.push(Reason::DecidedBy(&policy.rules[r].id));
    }
    if out.is_empty() {
        out.push(Reason::Always);
    }
}

/// The notice to the vendor as the claim records it: the first notice
/// given (the day the customer wrote, which may be after a call to us),
/// or one implied by an approval. A first notice that only defaults to
/// today's call records nothing yet (the customer may still have to write
/// to the vendor).
pub(crate) fn recorded_notice(claim: &Claim) -> Option<NaiveDate> {
    match (
        claim.date(DateFact::FirstNotice),
        claim.date(DateFact::Approval),
    ) {
        (Some(wrote), _) => Some(wrote),
        (None, Some(approved)) => Some(approved.min(claim.claim_date)),
        (None, None) => None,
    }
}

/// A deadline ending on `end` (none: not dated yet, still ahead) whose
/// event happened on `event`: met, open or passed on `as_of` (the
/// decision day), and the date that met it. Shared by the vendor's and
/// the statutory deadlines.
pub(crate) fn deadline_status(
    end: Option<NaiveDate>,
    event: Option<NaiveDate>,
    as_of: NaiveDate,
) -> (DeadlineStatus, Option<NaiveDate>) {
    let Some(end) = end else {
        return (DeadlineStatus::Open, None);
    };
    match event {
        Some(on) if on <= end => (DeadlineStatus::Met, Some(on)),
        _ if end >= as_of => (DeadlineStatus::Open, None),
        _ => (DeadlineStatus::Passed, None),
    }
}
