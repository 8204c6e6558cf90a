//! `claimdesk policies check`: finding gaps, overlaps and dead rules.
//!
//! A policy is model-checked by deciding a set of probe claims with the
//! real engine: every issue, every channel (and none where a channel is not
//! required), every product and yes/no fact that some rule tests, and for
//! the dates both sides of every window boundary (the last day in time and
//! the day after), for first notice and claim date, with and without the
//! optional dates. Rules only compare dates with window ends, so these
//! boundary days reach every combination of window states that real claims
//! can reach.

use super::{Length, Policy, PolicySet, WindowKind};
use crate::rules::claim::{ClaimInput, DateFact, Fact, Flag, Product};
use crate::rules::dates::{add_days, add_months};
use crate::rules::engine::{self, EvalError};
use crate::rules::validate::validate;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

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
pub fn lint(policy: &Policy) -> LintReport {
    let set = PolicySet {
        policies: vec![policy.clone()],
        jurisdictions: Default::default(),
    };
    let policy = &set.policies[0];
    let mut report = LintReport::default();
    let mut fired = vec![false; policy.rules.len()];
    // Keyed so each distinct problem is reported once, with one example.
    let mut gaps: BTreeMap<String, String> = BTreeMap::new();
    let mut overlaps: BTreeMap<String, String> = BTreeMap::new();
    // Rules in an overlap are reported as such, not again as dead.
    let mut overlapping: BTreeSet<String> = BTreeSet::new();

    for input in probes(policy) {
        let Ok(claim) = validate(&set, &input, base_date()) else {
            continue;
        };
        report.probes += 1;
        match engine::decide(policy, &claim) {
            Ok(outcome) => {
                for entry in &outcome.trace {
                    if let Some(i) = policy.rules.iter().position(|r| r.id == entry.rule) {
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
                gaps.entry(key).or_insert_with(|| example(&input));
            }
            Err(EvalError::Ambiguous { field, rules, .. }) => {
                for rule in &rules {
                    overlapping.insert(rule.clone());
                }
                let key = format!(
                    "overlap: rules {} disagree on the {field} and none overrides the others",
                    rules.join(", ")
                );
                overlaps.entry(key).or_insert_with(|| example(&input));
            }
        }
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

fn example(input: &ClaimInput) -> String {
    input.to_json_value().to_string()
}

/// The order date every probe timeline starts from: a 31st just before a
/// leap day, so month-end clamping is exercised too.
fn base_date() -> NaiveDate {
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

fn probes(policy: &Policy) -> Vec<ClaimInput> {
    let tested = tested(policy);
    let mut out = Vec::new();
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
        for timeline in timelines(policy, &asks, required) {
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
                        out.push(input);
                    }
                }
            }
        }
    }
    out
}

/// Date combinations for one issue: anchors at fixed offsets, first notice
/// and claim date on both sides of every window end.
fn timelines(policy: &Policy, asks: &dyn Fn(Fact) -> bool, required: &[Fact]) -> Vec<ClaimInput> {
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
    let mut out = Vec::new();
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
                        };
                        let earliest = [Some(base), order, delivery]
                            .into_iter()
                            .flatten()
                            .max()
                            .unwrap_or(base);
                        let mut notices = boundary_days(policy, DateFact::FirstNotice, &anchors);
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
                                let mut claims = boundary_days(policy, DateFact::Claim, &anchors);
                                claims.push(latest);
                                claims.retain(|d| *d >= latest);
                                claims.sort();
                                claims.dedup();
                                for &claim in &claims {
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
                                        if !give_notice && derived != notice {
                                            continue;
                                        }
                                        let mut input = input.clone();
                                        set(
                                            &mut input,
                                            DateFact::FirstNotice,
                                            give_notice.then_some(notice),
                                        );
                                        out.push(input);
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
    out
}

#[derive(Clone, Copy)]
struct Anchors {
    order: Option<NaiveDate>,
    delivery: Option<NaiveDate>,
    invoice: Option<NaiveDate>,
    first_notice: Option<NaiveDate>,
    approval: Option<NaiveDate>,
}

impl Anchors {
    fn get(&self, fact: DateFact) -> Option<NaiveDate> {
        match fact {
            DateFact::Order => self.order,
            DateFact::Delivery => self.delivery,
            DateFact::Invoice => self.invoice,
            DateFact::FirstNotice => self.first_notice,
            DateFact::Approval => self.approval,
            DateFact::Claim => None,
        }
    }
}

/// The last day in time and the day after, for every span window measured
/// at `measure` whose start is known.
fn boundary_days(policy: &Policy, measure: DateFact, anchors: &Anchors) -> Vec<NaiveDate> {
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
    days
}
