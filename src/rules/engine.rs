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
use super::dates::{add_days, add_months, days_between};
use super::outcome::{
    Deadline, Finding, Note, Outcome, Reason, ReturnShipping, Role, TraceEntry, Verdict,
};
use super::policy::{Conditions, Length, Part, Policy, Rule, Template, WindowKind};
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
struct Decision {
    verdict: Verdict,
    tier: usize,
    rules: Vec<usize>,
}

struct Ctx<'p, 'c> {
    policy: &'p Policy,
    claim: &'c Claim,
    ends: Vec<Option<End>>,
}

/// Decides `claim` with `policy` (the policy of `claim.vendor`).
pub fn decide<'p>(policy: &'p Policy, claim: &Claim) -> Result<Outcome<'p>, EvalError> {
    let ctx = Ctx {
        policy,
        claim,
        ends: window_ends(policy, claim),
    };
    let decision = decide_verdict(&ctx)?;
    let findings = matching_findings(&ctx, &decision);
    build_outcome(&ctx, &decision, &findings)
}

fn window_ends(policy: &Policy, claim: &Claim) -> Vec<Option<End>> {
    let mut ends: Vec<Option<End>> = Vec::with_capacity(policy.windows.len());
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
                .filter_map(|&p| ends[p].map(|e| (e.date, p)))
                .min_by_key(|(date, _)| *date)
                .map(|(date, p)| End {
                    date,
                    binds: Some(p),
                }),
        };
        ends.push(end);
    }
    ends
}

impl Ctx<'_, '_> {
    fn measured(&self, window: usize) -> NaiveDate {
        let measure = self.policy.windows[window].measure;
        match measure {
            DateFact::FirstNotice => self.claim.first_notice,
            _ => self.claim.claim_date,
        }
    }

    fn within(&self, window: usize) -> Option<bool> {
        self.ends[window].map(|end| self.measured(window) <= end.date)
    }

    fn given(&self, fact: Fact) -> bool {
        match fact {
            Fact::Channel => self.claim.channel.is_some(),
            Fact::Date(DateFact::Claim) | Fact::Product | Fact::Flag(_) => true,
            Fact::Date(d) => self.claim.date(d).is_some(),
        }
    }

    fn holds(&self, when: &Conditions, decision: Option<&Decision>) -> bool {
        let claim = self.claim;
        (when.issues.is_empty() || when.issues.contains(&claim.issue))
            && (when.channels.is_empty()
                || claim.channel.is_some_and(|c| when.channels.contains(&c)))
            && (when.products.is_empty() || when.products.contains(&claim.product))
            && when.flags.iter().all(|(f, v)| claim.flag(*f) == *v)
            && when.given.iter().all(|f| self.given(*f))
            && when.absent.iter().all(|f| !self.given(*f))
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
                    Some(end) => out.push_str(&end.date.to_string()),
                    None => out.push_str(&self.policy.windows[*w].relative),
                },
                Part::Contact(i) => out.push_str(&self.policy.contacts[*i].1),
                Part::FactDate(d) => match self.claim.measured(*d) {
                    Some(date) => out.push_str(&date.to_string()),
                    None => out.push_str("(not given)"),
                },
                Part::IssueLabel => out.push_str(&self.policy.issues[self.claim.issue].label),
                Part::ChannelLabel => match self.claim.channel {
                    Some(c) => out.push_str(&self.policy.channels[c].label),
                    None => out.push_str("(channel not given)"),
                },
                Part::VendorName => out.push_str(&self.policy.name),
            }
        }
        Cow::Owned(out)
    }
}

/// Sets aside every rule in `matched` that another rule in `matched`
/// overrides.
fn without_overridden(policy: &Policy, matched: &[usize]) -> Vec<usize> {
    matched
        .iter()
        .copied()
        .filter(|r| {
            !matched
                .iter()
                .any(|o| policy.rules[*o].overrides.contains(r))
        })
        .collect()
}

fn decide_verdict(ctx: &Ctx<'_, '_>) -> Result<Decision, EvalError> {
    let policy = ctx.policy;
    for (tier, rules) in policy.decision_rules.iter().enumerate() {
        let matched: Vec<usize> = rules
            .iter()
            .copied()
            .filter(|&r| ctx.holds(&policy.rules[r].when, None))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let kept = without_overridden(policy, &matched);
        let verdict = policy.rules[kept[0]].verdict;
        if kept.iter().any(|&r| policy.rules[r].verdict != verdict) {
            return Err(EvalError::Ambiguous {
                field: "verdict",
                rules: kept.iter().map(|&r| policy.rules[r].id.clone()).collect(),
                case: ctx.case(),
            });
        }
        let Some(verdict) = verdict else {
            continue;
        };
        return Ok(Decision {
            verdict,
            tier,
            rules: kept,
        });
    }
    Err(EvalError::NoRule {
        field: "verdict",
        case: ctx.case(),
    })
}

fn matching_findings(ctx: &Ctx<'_, '_>, decision: &Decision) -> Vec<usize> {
    let policy = ctx.policy;
    let matched: Vec<usize> = policy
        .finding_rules
        .iter()
        .copied()
        .filter(|&r| ctx.holds(&policy.rules[r].when, Some(decision)))
        .collect();
    without_overridden(policy, &matched)
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn build_outcome<'p>(
    ctx: &Ctx<'p, '_>,
    decision: &Decision,
    findings: &[usize],
) -> Result<Outcome<'p>, EvalError> {
    let policy: &'p Policy = ctx.policy;
    let claim = ctx.claim;

    let mut verdict = decision.verdict;
    let mut summary = String::new();
    for &r in &decision.rules {
        if let Some(t) = &policy.rules[r].summary {
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(&ctx.render(t));
        }
    }
    let escalations: Vec<usize> = if verdict == Verdict::Eligible {
        findings
            .iter()
            .copied()
            .filter(|&r| policy.rules[r].escalate == Some(Verdict::Review))
            .collect()
    } else {
        Vec::new()
    };
    if !escalations.is_empty() {
        verdict = Verdict::Review;
        summary.clear();
        for &r in &escalations {
            if let Some(t) = &policy.rules[r].summary {
                if !summary.is_empty() {
                    summary.push(' ');
                }
                summary.push_str(&ctx.render(t));
            }
        }
    }

    let contributing: Vec<usize> = decision
        .rules
        .iter()
        .chain(findings.iter())
        .copied()
        .collect();

    let mut shipping: Option<ReturnShipping> = None;
    for &r in &contributing {
        if let Some(value) = policy.rules[r].return_shipping {
            match shipping {
                None => shipping = Some(value),
                Some(existing) if existing == value => {}
                Some(_) => {
                    let rules = contributing
                        .iter()
                        .filter(|&&x| policy.rules[x].return_shipping.is_some())
                        .map(|&x| policy.rules[x].id.clone())
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
    let Some(return_shipping) = shipping else {
        return Err(EvalError::NoRule {
            field: "return shipping",
            case: ctx.case(),
        });
    };

    let mut remedies = Vec::new();
    let mut deadline_ids: Vec<usize> = Vec::new();
    let mut evidence: Vec<Finding<'p>> = Vec::new();
    let mut next_steps: Vec<Finding<'p>> = Vec::new();
    let mut notes: Vec<Note<'p>> = Vec::new();
    let mut clauses: Vec<&'p str> = Vec::new();
    let mut trace = Vec::with_capacity(contributing.len());
    let cite = |clauses: &mut Vec<&'p str>, ids: &'p [String]| {
        for id in ids {
            push_unique(clauses, id.as_str());
        }
    };

    for &r in &contributing {
        let rule: &'p Rule = &policy.rules[r];
        for remedy in &rule.remedies {
            push_unique(&mut remedies, *remedy);
        }
        cite(&mut clauses, &rule.clauses);
        for &w in &rule.deadlines {
            push_unique(&mut deadline_ids, w);
            cite(&mut clauses, &policy.windows[w].clauses);
        }
        for item in &rule.evidence {
            let finding = Finding {
                text: ctx.render(&item.text),
                clauses: &item.clauses,
            };
            if !evidence.iter().any(|e| e.text == finding.text) {
                cite(&mut clauses, &item.clauses);
                evidence.push(finding);
            }
        }
        for item in &rule.steps {
            let finding = Finding {
                text: ctx.render(&item.text),
                clauses: &item.clauses,
            };
            if !next_steps.iter().any(|s| s.text == finding.text) {
                cite(&mut clauses, &item.clauses);
                next_steps.push(finding);
            }
        }
        for item in &rule.notes {
            let note = Note {
                kind: item.kind,
                text: ctx.render(&item.text),
                clauses: &item.clauses,
            };
            if !notes.iter().any(|n| n.text == note.text) {
                cite(&mut clauses, &item.clauses);
                notes.push(note);
            }
        }
        let role = if decision.rules.contains(&r) {
            Role::Decided
        } else if escalations.contains(&r) {
            Role::Escalated
        } else {
            Role::Added
        };
        trace.push(TraceEntry {
            rule: &rule.id,
            label: &rule.label,
            role,
            because: reasons(ctx, &rule.when, decision),
            clauses: &rule.cites,
        });
    }

    let mut deadlines: Vec<Deadline<'p>> = deadline_ids
        .iter()
        .map(|&w| {
            let window = &policy.windows[w];
            let end = ctx.ends[w];
            Deadline {
                id: &window.id,
                label: &window.label,
                date: end.map(|e| e.date),
                days_left: end.map(|e| days_between(claim.claim_date, e.date)),
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
        })
        .collect();
    // Soonest first; undated ("45 days after approval") last.
    deadlines.sort_by_key(|d| (d.date.is_none(), d.date));

    Ok(Outcome {
        verdict,
        summary,
        remedies,
        return_shipping,
        deadlines,
        evidence,
        next_steps,
        notes,
        clauses,
        vendor: &policy.id,
        issue: &policy.issues[claim.issue].id,
        claim_date: claim.claim_date,
        first_notice_date: claim.first_notice,
        decided_by: decision
            .rules
            .iter()
            .map(|&r| policy.rules[r].id.as_str())
            .collect(),
        trace,
    })
}

/// The conditions of a matching rule, as they held: the trace's "why".
fn reasons<'p>(ctx: &Ctx<'p, '_>, when: &'p Conditions, decision: &Decision) -> Vec<Reason<'p>> {
    let policy: &'p Policy = ctx.policy;
    let claim = ctx.claim;
    let mut out = Vec::new();
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
        let measured = window.measure.noun();
        let on = ctx.measured(w);
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
    out
}
