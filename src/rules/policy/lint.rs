//! `claimdesk policies check`: finding gaps, overlaps and dead rules.
//!
//! A policy is model-checked by deciding a set of probe claims with the
//! real engine: every issue, every channel (and none where a channel is not
//! required), every product and yes/no fact that some rule tests, and for
//! the dates both sides of every window boundary (the last day in time and
//! the day after), for first notice and claim date, with and without the
//! optional dates. Rules only compare dates with window ends, so these
//! boundary days reach every combination of window states that real claims
//! can reach. Where a policy has ship-by windows or tests the shipped or
//! received date, each probe also comes with a shipped date on both sides of
//! every ship-by end, and with a received date on both sides of every
//! window counted from it (one of the two at a time: no rule tests both).
//!
//! Probes are generated and decided one at a time (never all held at once)
//! under a [`Budget`]: a file whose probe space is too large (thousands of
//! windows times every channel and fact) fails with one clear error instead
//! of running for hours.

use super::{Length, Limits, Policy, PolicySet, WindowKind};
use crate::rules::claim::{ClaimInput, DateFact, Fact, Flag, Product};
use crate::rules::dates::{add_days, add_months};
use crate::rules::engine::{self, EvalError};
use crate::rules::validate::validate;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most probe claims one check decides (MillSO, the largest shipped
/// policy, needs 50,496).
pub const MAX_PROBES: u64 = 200_000;
/// Most rule tests one check may cost: probes times the policy's size
/// ([`weight`]); MillSO costs about a fifth of this.
pub const MAX_WORK: u64 = 50_000_000;
/// Most window ends computed while generating probes.
const MAX_STEPS: u64 = 5_000_000;

/// What is left of the check's allowance; generation stops when spent.
struct Budget {
    probes: u64,
    steps: u64,
    weight: u64,
}

/// The allowance ran out: the policy is too large to check exhaustively.
struct TooLarge;

impl Budget {
    fn new(policy: &Policy) -> Budget {
        Budget {
            probes: 0,
            steps: 0,
            weight: weight(policy),
        }
    }

    fn probe(&mut self) -> Result<(), TooLarge> {
        self.probes += 1;
        if self.probes > MAX_PROBES || self.probes.saturating_mul(self.weight) > MAX_WORK {
            return Err(TooLarge);
        }
        Ok(())
    }

    fn steps(&mut self, n: usize) -> Result<(), TooLarge> {
        self.steps = self.steps.saturating_add(n as u64);
        if self.steps > MAX_STEPS {
            return Err(TooLarge);
        }
        Ok(())
    }
}

/// Roughly what deciding one claim costs: every window end, every rule and
/// each thing it tests or adds.
fn weight(policy: &Policy) -> u64 {
    let rules: usize = policy
        .rules
        .iter()
        .map(|r| {
            let w = &r.when;
            1 + w.issues.len()
                + w.channels.len()
                + w.products.len()
                + w.flags.len()
                + w.given.len()
                + w.absent.len()
                + w.within.len()
                + w.after.len()
                + w.verdicts.len()
                + w.tiers.len()
                + w.decided_by.len()
                + r.overrides.len()
                + r.clauses.len()
                + r.deadlines.len()
                + r.evidence.len()
                + r.steps.len()
                + r.notes.len()
        })
        .sum();
    (1 + policy.windows.len() + rules) as u64
}

/// What the check found. Errors make `policies check` fail; warnings are
/// shown but pass.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LintReport {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// How many probe claims were decided.
    pub probes: usize,
}

/// Model-checks one policy (compiled and already free of file errors).
/// Checks one version: a file's other versions are linted on their own
/// ([`Policy::versions`]).
pub fn lint(policy: &Policy) -> LintReport {
    let set = PolicySet {
        policies: vec![policy.alone()],
        ..PolicySet::default()
    };
    let policy = &set.policies[0];
    let mut report = LintReport::default();
    let mut fired = vec![false; policy.rules.len()];
    let rule_index: HashMap<&str, usize> = policy
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Keyed so each distinct problem is reported once, with one example.
    let mut gaps: BTreeMap<String, String> = BTreeMap::new();
    let mut overlaps: BTreeMap<String, String> = BTreeMap::new();
    // Rules in an overlap are reported as such, not again as dead.
    let mut overlapping: BTreeSet<String> = BTreeSet::new();

    let mut budget = Budget::new(policy);
    let mut decide = |input: &ClaimInput| {
        let Ok(claim) = validate(&set, input, base_date()) else {
            return;
        };
        report.probes += 1;
        match engine::decide(policy, &claim) {
            Ok(outcome) => {
                for entry in &outcome.trace {
                    if let Some(&i) = rule_index.get(entry.rule) {
                        fired[i] = true;
                    }
                }
            }
            Err(EvalError::NoRule { field, .. }) => {
                let channel = input.channel.clone().unwrap_or_else(|| "(none)".into());
                let key = format!(
                    "gap: no rule decides the {field} for issue {} on channel {channel}",
                    input.issue.clone().unwrap_or_default()
                );
                gaps.entry(key).or_insert_with(|| example(input));
            }
            Err(EvalError::Ambiguous { field, rules, .. }) => {
                for rule in &rules {
                    overlapping.insert(rule.clone());
                }
                let key = format!(
                    "overlap: rules {} disagree on the {field} and none overrides the others",
                    rules.join(", ")
                );
                overlaps.entry(key).or_insert_with(|| example(input));
            }
        }
    };
    if probes(policy, &mut budget, &mut decide).is_err() {
        // Partial results would name rules as dead that later probes reach:
        // only the size is reported.
        return LintReport {
            errors: vec![format!(
                "the policy is too large to check: it needs more than {MAX_PROBES} probe claims or {MAX_WORK} rule tests \
                 ({} rules, {} windows, {} issues, {} channels); split it into smaller files",
                policy.rules.len(),
                policy.windows.len(),
                policy.issues.len(),
                policy.channels.len()
            )],
            warnings: Vec::new(),
            probes: report.probes,
        };
    }
    for (problem, example) in gaps.into_iter().chain(overlaps) {
        report.errors.push(format!("{problem}; e.g. {example}"));
    }
    for (rule, fired) in policy.rules.iter().zip(fired) {
        if !fired && !overlapping.contains(&rule.id) {
            report.errors.push(format!(
                "rule \"{}\" can never fire: no claim reaches it (or another rule always sets it aside)",
                rule.id
            ));
        }
    }
    report.warnings.extend(step_actors(policy));
    let cited: BTreeSet<&str> = policy
        .rules
        .iter()
        .flat_map(|r| &r.cites)
        .map(String::as_str)
        .collect();
    for clause in &policy.clauses {
        if !cited.contains(clause.id.as_str()) {
            report
                .warnings
                .push(format!("clause \"{}\" is never cited by a rule", clause.id));
        }
    }
    report
}

/// Who acts on each step (policy-notes.md "Additions (2)"): every step
/// says, and a step the agent escalates names to whom (an address of the
/// policy's or a supervisor), so no front end has to guess from the words.
fn step_actors(policy: &Policy) -> Vec<String> {
    let mut warnings = Vec::new();
    for rule in &policy.rules {
        for (n, step) in rule.steps.iter().enumerate() {
            match step.who {
                None => warnings.push(format!(
                    "rule \"{}\": step {} does not say who acts (who = \"customer\", \"agent\" or \"vendor\")",
                    rule.id,
                    n + 1
                )),
                Some(crate::rules::outcome::Actor::Agent) => {
                    let source = step.text.source.to_ascii_lowercase();
                    let names_whom = step
                        .text
                        .parts
                        .iter()
                        .any(|p| matches!(p, super::template::Part::Contact(_)))
                        || source.contains("supervisor");
                    if source.starts_with("escalate") && !names_whom {
                        warnings.push(format!(
                            "rule \"{}\": step {} escalates but names no one to escalate to (a {{contact.NAME}} or a supervisor)",
                            rule.id,
                            n + 1
                        ));
                    }
                }
                Some(_) => {}
            }
        }
    }
    warnings
}

/// Hands `each` the probe claims [`lint`] decides for `policy`, one at a
/// time (`policies diff` runs them through two versions). The count, or
/// `Err` with the count so far when the policy is too large to check.
pub fn probe_claims(policy: &Policy, each: &mut dyn FnMut(&ClaimInput)) -> Result<u64, u64> {
    let mut budget = Budget::new(policy);
    match probes(policy, &mut budget, each) {
        Ok(()) => Ok(budget.probes),
        Err(TooLarge) => Err(budget.probes),
    }
}

fn example(input: &ClaimInput) -> String {
    input.to_json_value().to_string()
}

/// The order date every probe timeline starts from: a 31st just before a
/// leap day, so month-end clamping is exercised too.
pub(crate) fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or(NaiveDate::MIN)
}

/// Which discrete values are worth varying: only those some rule tests.
struct Tested {
    products: bool,
    flags: Vec<Flag>,
}

fn tested(policy: &Policy) -> Tested {
    let products = policy.rules.iter().any(|r| !r.when.products.is_empty());
    let flags = Flag::ALL
        .into_iter()
        .filter(|f| {
            policy
                .rules
                .iter()
                .any(|r| r.when.flags.iter().any(|(g, _)| g == f))
        })
        .collect();
    Tested { products, flags }
}

/// Hands every probe claim to `decide`, stopping when `budget` runs out.
fn probes(
    policy: &Policy,
    budget: &mut Budget,
    decide: &mut dyn FnMut(&ClaimInput),
) -> Result<(), TooLarge> {
    let tested = tested(policy);
    for (issue_index, issue) in policy.issues.iter().enumerate() {
        let required = policy.required_facts(issue_index);
        let optional = policy.optional_facts(issue_index);
        let asks = |f: Fact| required.contains(&f) || optional.contains(&f);
        let mut channels: Vec<Option<&str>> = policy
            .channels
            .iter()
            .map(|c| Some(c.id.as_str()))
            .collect();
        if !required.contains(&Fact::Channel) && policy.default_channel.is_none() {
            channels.push(None);
        }
        let products: Vec<Option<Product>> = if tested.products {
            Product::ALL.into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        let flag_sets = 1usize << tested.flags.len();
        let mut each_timeline =
            |budget: &mut Budget, timeline: &ClaimInput| -> Result<(), TooLarge> {
                for channel in &channels {
                    for product in &products {
                        for bits in 0..flag_sets {
                            let mut input = timeline.clone();
                            input.vendor = Some(policy.id.clone());
                            input.issue = Some(issue.id.clone());
                            input.channel = channel.map(str::to_owned);
                            input.product = product.map(|p| p.id().to_owned());
                            for (i, flag) in tested.flags.iter().enumerate() {
                                input.set_flag(*flag, Some(bits & (1 << i) != 0));
                            }
                            budget.probe()?;
                            decide(&input);
                        }
                    }
                }
                Ok(())
            };
        timelines(policy, &asks, required, budget, &mut each_timeline)?;
    }
    Ok(())
}

/// Date combinations for one issue: anchors at fixed offsets, first notice
/// and claim date on both sides of every window end; each handed to `each`.
fn timelines(
    policy: &Policy,
    asks: &dyn Fn(Fact) -> bool,
    required: &[Fact],
    budget: &mut Budget,
    each: &mut dyn FnMut(&mut Budget, &ClaimInput) -> Result<(), TooLarge>,
) -> Result<(), TooLarge> {
    let base = base_date();
    let asked = |d: DateFact| asks(Fact::Date(d));
    let presence = |d: DateFact| -> Vec<bool> {
        if required.contains(&Fact::Date(d)) {
            vec![true]
        } else if asked(d) {
            vec![true, false]
        } else {
            vec![false]
        }
    };
    let delivery_offsets: &[u32] = &[0, 3];
    let invoice_offsets: &[u32] = &[0, 5];
    for has_order in presence(DateFact::Order) {
        for has_delivery in presence(DateFact::Delivery) {
            for &dd in delivery_offsets {
                for has_invoice in presence(DateFact::Invoice) {
                    for &di in invoice_offsets {
                        let order = has_order.then_some(base);
                        let delivery = has_delivery.then(|| add_days(base, dd));
                        let invoice = has_invoice.then(|| add_days(base, di));
                        let anchors = Anchors {
                            order,
                            delivery,
                            invoice,
                            first_notice: None,
                            approval: None,
                            received: None,
                        };
                        let earliest = [Some(base), order, delivery]
                            .into_iter()
                            .flatten()
                            .max()
                            .unwrap_or(base);
                        let mut notices =
                            boundary_days(policy, DateFact::FirstNotice, &anchors, budget)?;
                        notices.push(earliest);
                        notices.retain(|d| *d >= earliest);
                        notices.sort();
                        notices.dedup();
                        for &notice in &notices {
                            for has_approval in presence(DateFact::Approval) {
                                let approval = has_approval.then_some(notice);
                                let anchors = Anchors {
                                    first_notice: Some(notice),
                                    approval,
                                    ..anchors
                                };
                                let latest = [Some(notice), invoice, approval]
                                    .into_iter()
                                    .flatten()
                                    .max()
                                    .unwrap_or(notice);
                                let mut claims =
                                    boundary_days(policy, DateFact::Claim, &anchors, budget)?;
                                claims.push(latest);
                                claims.retain(|d| *d >= latest);
                                claims.sort();
                                claims.dedup();
                                // Shipped and received dates, where the
                                // policy looks at them, with a claim date
                                // that admits them.
                                let mut dated: Vec<Dated> =
                                    claims.iter().map(|&c| (c, None, None)).collect();
                                if let Some(&last) = claims.last() {
                                    dated.extend(return_dates(
                                        policy, &anchors, earliest, latest, last,
                                    ));
                                }
                                for &(claim, shipped, received) in &dated {
                                    let mut input = ClaimInput::default();
                                    let set = |input: &mut ClaimInput, f: DateFact, d: Option<NaiveDate>| {
                                        input.set_date(f, d.map(|d| d.to_string()));
                                    };
                                    set(&mut input, DateFact::Order, order);
                                    set(&mut input, DateFact::Delivery, delivery);
                                    set(&mut input, DateFact::Invoice, invoice);
                                    set(&mut input, DateFact::Approval, approval);
                                    set(&mut input, DateFact::Claim, Some(claim));
                                    // The notice as given, and (when it would
                                    // be derived the same) as not given.
                                    let derived = approval.map_or(claim, |a| a.min(claim));
                                    for give_notice in presence(DateFact::FirstNotice) {
                                        let returned = shipped.is_some() || received.is_some();
                                        if !give_notice && derived != notice && !returned {
                                            continue;
                                        }
                                        let mut input = input.clone();
                                        set(
                                            &mut input,
                                            DateFact::FirstNotice,
                                            give_notice.then_some(notice),
                                        );
                                        set(&mut input, DateFact::Shipped, shipped);
                                        set(&mut input, DateFact::VendorReceived, received);
                                        each(budget, &input)?;
                                    }
                                }
                            }
                        }
                        if !has_invoice {
                            break;
                        }
                    }
                }
                if !has_delivery {
                    break;
                }
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct Anchors {
    order: Option<NaiveDate>,
    delivery: Option<NaiveDate>,
    invoice: Option<NaiveDate>,
    first_notice: Option<NaiveDate>,
    approval: Option<NaiveDate>,
    /// Only while probing received dates.
    received: Option<NaiveDate>,
}

impl Anchors {
    fn get(&self, fact: DateFact) -> Option<NaiveDate> {
        match fact {
            DateFact::Order => self.order,
            DateFact::Delivery => self.delivery,
            DateFact::Invoice => self.invoice,
            DateFact::FirstNotice => self.first_notice,
            DateFact::Approval => self.approval,
            DateFact::VendorReceived => self.received,
            DateFact::Claim | DateFact::Shipped => None,
        }
    }
}

/// Whether a rule or a window of `policy` looks at `fact`.
fn tests_fact(policy: &Policy, fact: DateFact) -> bool {
    let in_rule = policy.rules.iter().any(|r| {
        r.when
            .given
            .iter()
            .chain(&r.when.absent)
            .any(|f| *f == Fact::Date(fact))
    });
    let in_window = policy
        .windows
        .iter()
        .any(|w| matches!(w.kind, WindowKind::Span { from, .. } if from == fact));
    in_rule || in_window
}

/// A claim date with a shipped and a received date.
type Dated = (NaiveDate, Option<NaiveDate>, Option<NaiveDate>);

/// Extra probes for the return: with the `last` claim date, a shipped date
/// on both sides of every ship-by end (and on the first possible day,
/// `earliest`); and a received date on `latest` (the latest other date)
/// with claim dates on both sides of every window counted from it. None
/// when the policy never looks at either date.
fn return_dates(
    policy: &Policy,
    anchors: &Anchors,
    earliest: NaiveDate,
    latest: NaiveDate,
    last: NaiveDate,
) -> Vec<Dated> {
    let mut out = Vec::new();
    let ships = policy.windows.iter().any(|w| w.limits == Limits::Shipment)
        || tests_fact(policy, DateFact::Shipped);
    if ships {
        let mut days = vec![earliest];
        for window in policy
            .windows
            .iter()
            .filter(|w| w.limits == Limits::Shipment)
        {
            if let Some(end) = span_end(window, anchors) {
                days.push(end);
                days.push(add_days(end, 1));
            }
        }
        days.retain(|d| (earliest..=last).contains(d));
        days.sort();
        days.dedup();
        out.extend(days.into_iter().map(|d| (last, Some(d), None)));
    }
    if tests_fact(policy, DateFact::VendorReceived) {
        let received = Anchors {
            received: Some(latest),
            ..*anchors
        };
        let mut claims = vec![latest];
        for window in &policy.windows {
            if let WindowKind::Span {
                from: DateFact::VendorReceived,
                ..
            } = window.kind
                && let Some(end) = span_end(window, &received)
            {
                claims.push(end);
                claims.push(add_days(end, 1));
            }
        }
        claims.sort();
        claims.dedup();
        out.extend(claims.into_iter().map(|c| (c, None, Some(latest))));
    }
    out
}

/// The end of a span window whose start is known.
fn span_end(window: &super::Window, anchors: &Anchors) -> Option<NaiveDate> {
    let WindowKind::Span { from, length } = window.kind else {
        return None;
    };
    let start = anchors.get(from)?;
    Some(match length {
        Length::Days(n) => add_days(start, n),
        Length::Months(n) => add_months(start, n),
    })
}

/// The last day in time and the day after, for every span window measured
/// at `measure` whose start is known. Each window costs a budget step.
fn boundary_days(
    policy: &Policy,
    measure: DateFact,
    anchors: &Anchors,
    budget: &mut Budget,
) -> Result<Vec<NaiveDate>, TooLarge> {
    budget.steps(policy.windows.len())?;
    let mut days = Vec::new();
    for window in &policy.windows {
        if window.measure != measure {
            continue;
        }
        if let WindowKind::Span { from, length } = window.kind
            && let Some(start) = anchors.get(from)
        {
            let end = match length {
                Length::Days(n) => add_days(start, n),
                Length::Months(n) => add_months(start, n),
            };
            days.push(end);
            days.push(add_days(end, 1));
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::policy::compile_policy;

    const ZENTRO: &str = include_str!("../../../tests/fixtures/policies/zentro.toml");

    fn who_warnings(policy: &Policy) -> Vec<String> {
        step_actors(policy)
    }

    #[test]
    fn every_shipped_step_says_who_acts_and_escalations_name_whom() {
        let set = PolicySet::embedded().expect("shipped policies load");
        for policy in &set.policies {
            let warnings = who_warnings(policy);
            assert!(warnings.is_empty(), "{}: {warnings:?}", policy.name);
        }
    }

    #[test]
    fn a_step_that_does_not_say_who_acts_is_a_lint_warning() {
        let text = ZENTRO.replacen(", who = \"customer\"", "", 1);
        let policy = compile_policy("zentro.toml", &text).expect("compiles");
        let warnings = lint(&policy).warnings;
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("step 1 does not say who acts")),
            "{warnings:?}"
        );
    }

    #[test]
    fn an_agent_escalation_naming_no_one_is_a_lint_warning() {
        let text = ZENTRO.replacen(
            "{ text = \"Write to {contact.help} with the order number.\", clauses = [\"ZN-HELP\"], who = \"customer\" }",
            "{ text = \"Escalate with the order number.\", clauses = [\"ZN-HELP\"], who = \"agent\" }",
            1,
        );
        assert_ne!(text, ZENTRO, "the fixture's step changed");
        let policy = compile_policy("zentro.toml", &text).expect("compiles");
        let warnings = who_warnings(&policy);
        assert!(
            warnings.iter().any(|w| w.contains("names no one")),
            "{warnings:?}"
        );
    }

    #[test]
    fn who_on_an_evidence_item_is_a_policy_error() {
        let text = ZENTRO.replacen(
            "steps = [{ text = \"Write to",
            "evidence = [{ text = \"The order number.\", clauses = [\"ZN-HELP\"], who = \"agent\" }]\nsteps = [{ text = \"Write to",
            1,
        );
        assert_ne!(text, ZENTRO, "the fixture changed");
        let errors = compile_policy("zentro.toml", &text).expect_err("refused");
        assert!(
            errors.iter().any(|e| e.to_string().contains("`who`")),
            "{errors:?}"
        );
    }
}
