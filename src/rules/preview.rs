//! The honest preview: for a claim still being taken, whether any answer
//! to the facts not asked yet could change the verdict, and which facts
//! could.
//!
//! A front end passes the claim as answered so far and the facts still
//! pending (their values in the claim, if any, are ignored). Every
//! completion of the pending facts is decided on a finite grid that reaches
//! every verdict a real answer can:
//! - yes/no facts both ways, the product both kinds, the channel every one
//!   (only where some rule of the policy tests them);
//! - dates "absent" plus, as `policies check` probes them (`lint.rs`), both
//!   sides of every window boundary the rules test: the last day in time
//!   and the day after, found from the dates already known and, one round
//!   later, from the other pending dates' candidates; plus the known dates
//!   themselves (the bounds the date-order checks set). Rules compare dates
//!   only with window ends, so these days reach every combination of window
//!   states that any date could.
//!
//! Completions that are input errors (a first notice before the delivery)
//! are not answers the agent could give, so they do not count.

use super::DecideError;
use super::claim::{Claim, ClaimInput, DateFact, Fact, Flag, Product};
use super::dates::{add_days, add_months};
use super::engine::{self, EvalError, Scratch};
use super::outcome::Verdict;
use super::policy::{Length, Policy, PolicySet, WindowKind};
use super::validate::{check_date_order, effective_first_notice, validate};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What the verdict so far is, honestly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// Whatever the pending facts turn out to be, the verdict is this.
    Settled(Verdict),
    /// Some answers to these pending facts (in the order given) would
    /// change the verdict.
    DependsOn(Vec<Fact>),
    /// The claim cannot be decided as it stands (a required fact is not
    /// given yet, dates in an impossible order, a policy gap).
    Undecided(DecideError),
}

/// The preview of `input` with `pending` facts still to be answered.
/// `today` is the claim date when the claim gives none; the claim date
/// itself is never pending (it defaults to today).
pub fn preview(
    policies: &PolicySet,
    input: &ClaimInput,
    pending: &[Fact],
    today: NaiveDate,
) -> Preview {
    let mut pending: Vec<Fact> = pending
        .iter()
        .copied()
        .filter(|f| *f != Fact::Date(DateFact::Claim))
        .collect();
    dedup_in_order(&mut pending);
    let base = without_pending(input, &pending);
    let claim = match validate(policies, &base, today) {
        Ok(claim) => claim,
        Err(e) => return Preview::Undecided(DecideError::Claim(e)),
    };
    // The version in force for the dates given so far (a date still to
    // come could pick another: the preview is a guide, the decision exact).
    let policy = policies.policies[claim.vendor]
        .in_force(&claim.dates, claim.claim_date)
        .policy;
    let live = live(policy, &claim);
    let axes = axes(policy, &claim, &pending, &live);
    let points = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()));
    if points.is_none_or(|n| n > MAX_POINTS) {
        return Preview::DependsOn(axes.iter().map(|a| a.fact).collect());
    }
    let (results, policy_error) = decide_grid(policy, &claim, &axes);
    // The grid's first point is the base claim (every pending fact absent
    // or at its default), which validated: it is never an input error.
    let mut valid = results.iter().flatten();
    let first = valid.next().copied().flatten();
    if valid.all(|v| *v == first) {
        match (first, policy_error) {
            (Some(verdict), _) => Preview::Settled(verdict),
            (None, Some(e)) => Preview::Undecided(DecideError::Policy(e)),
            // Unreachable: a point without a verdict recorded its error.
            (None, None) => Preview::DependsOn(axes.iter().map(|a| a.fact).collect()),
        }
    } else {
        Preview::DependsOn(deciding_axes(&axes, &results))
    }
}

fn dedup_in_order(facts: &mut Vec<Fact>) {
    let mut seen = Vec::with_capacity(facts.len());
    facts.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
}

/// `input` with the `pending` facts removed: all the preview depends on
/// (a front end may key a cache on it, so ticking a box that is still
/// pending recomputes nothing).
pub fn without_pending(input: &ClaimInput, pending: &[Fact]) -> ClaimInput {
    let mut base = input.clone();
    for fact in pending {
        clear(&mut base, *fact);
    }
    base
}

fn clear(input: &mut ClaimInput, fact: Fact) {
    match fact {
        Fact::Channel => input.channel = None,
        Fact::Product => input.product = None,
        Fact::Date(d) => input.set_date(d, None),
        Fact::Flag(f) => input.set_flag(f, None),
    }
}

/// One pending fact and the values worth trying, the base value (absent,
/// or the default) first.
struct Axis {
    fact: Fact,
    values: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    Channel(Option<usize>),
    Product(Product),
    Flag(bool),
    Date(Option<NaiveDate>),
}

/// What the rules that can apply to this claim's issue and can touch its
/// verdict look at: only those facts are worth varying (a date no live rule or window uses
/// matters only to the date-order checks, which "absent" always passes).
struct Live {
    flags: Vec<Flag>,
    product: bool,
    channel: bool,
    /// Windows some live rule tests, with the parts of "earliest of" ones.
    windows: Vec<bool>,
    /// Dates a live rule tests as given or absent.
    presence: Vec<DateFact>,
}

fn live(policy: &Policy, claim: &Claim) -> Live {
    let rules: Vec<&crate::rules::policy::Rule> = policy
        .rules
        .iter()
        .filter(|r| r.when.issues.is_empty() || r.when.issues.contains(&claim.issue))
        // Only these can touch the verdict: deciding it, escalating it, or
        // adding return shipping (whose conflicts are policy errors). The
        // rest add evidence, steps and notes.
        .filter(|r| r.verdict.is_some() || r.escalate.is_some() || r.return_shipping.is_some())
        .collect();
    let mut windows = vec![false; policy.windows.len()];
    for rule in &rules {
        for &w in rule.when.within.iter().chain(&rule.when.after) {
            windows[w] = true;
        }
    }
    // Parts are declared before the window they make up: walk backwards.
    for w in (0..policy.windows.len()).rev() {
        if let (true, WindowKind::EarliestOf(parts)) = (windows[w], &policy.windows[w].kind) {
            for &p in parts {
                windows[p] = true;
            }
        }
    }
    let presence = rules
        .iter()
        .flat_map(|r| r.when.given.iter().chain(&r.when.absent))
        .filter_map(|f| match f {
            Fact::Date(d) => Some(*d),
            _ => None,
        })
        .collect();
    Live {
        flags: Flag::ALL
            .into_iter()
            .filter(|f| {
                rules
                    .iter()
                    .any(|r| r.when.flags.iter().any(|(g, _)| g == f))
            })
            .collect(),
        product: rules.iter().any(|r| !r.when.products.is_empty()),
        channel: rules.iter().any(|r| !r.when.channels.is_empty()),
        windows,
        presence,
    }
}

impl Live {
    /// Whether a date can change the verdict: a live window counts from it
    /// or is measured at it (an approval stands in for a first notice not
    /// given), or a live rule tests whether it is given.
    fn uses_date(&self, policy: &Policy, d: DateFact) -> bool {
        self.presence.contains(&d)
            || policy
                .windows
                .iter()
                .zip(&self.windows)
                .filter(|(_, live)| **live)
                .any(|(w, _)| {
                    matches!(w.kind, WindowKind::Span { from, .. } if from == d)
                        || (w.measure == DateFact::FirstNotice
                            && matches!(d, DateFact::FirstNotice | DateFact::Approval))
                })
    }
}

/// Grids beyond this many points are not decided: the preview then says
/// the verdict depends on every pending fact that matters (never a verdict
/// it has not checked). The wizard's widest case is a few thousand.
const MAX_POINTS: usize = 200_000;

fn axes(policy: &Policy, claim: &Claim, pending: &[Fact], live: &Live) -> Vec<Axis> {
    let candidates = date_candidates(policy, claim, pending, live);
    let mut axes = Vec::new();
    for &fact in pending {
        let values = match fact {
            Fact::Channel if live.channel => std::iter::once(Value::Channel(claim.channel))
                .chain((0..policy.channels.len()).map(|c| Value::Channel(Some(c))))
                .collect(),
            Fact::Product if live.product => vec![
                Value::Product(Product::Device),
                Value::Product(Product::CaseOrScreenProtector),
            ],
            Fact::Flag(f) if live.flags.contains(&f) => vec![
                Value::Flag(f.default_value()),
                Value::Flag(!f.default_value()),
            ],
            Fact::Date(d) if live.uses_date(policy, d) => std::iter::once(Value::Date(None))
                .chain(
                    candidates
                        .iter()
                        .find(|(fact, _)| *fact == d)
                        .into_iter()
                        .flat_map(|(_, days)| days.iter().map(|day| Value::Date(Some(*day)))),
                )
                .collect(),
            _ => continue,
        };
        axes.push(Axis { fact, values });
    }
    axes
}

/// The end of a span window that starts on `start`.
fn end_of(start: NaiveDate, length: Length) -> NaiveDate {
    match length {
        Length::Days(n) => add_days(start, n),
        Length::Months(n) => add_months(start, n),
    }
}

/// The earliest start whose window still ends on or after `day` (ends grow
/// with the start, month-end clamping included).
fn earliest_start_reaching(day: NaiveDate, length: Length) -> NaiveDate {
    let mut start = match length {
        Length::Days(n) => day
            .checked_sub_days(chrono::Days::new(u64::from(n)))
            .unwrap_or(NaiveDate::MIN),
        Length::Months(n) => day
            .checked_sub_months(chrono::Months::new(n))
            .unwrap_or(NaiveDate::MIN),
    };
    while start < NaiveDate::MAX && end_of(start, length) < day {
        start = add_days(start, 1);
    }
    while let Some(before) = start.pred_opt()
        && end_of(before, length) >= day
    {
        start = before;
    }
    start
}

/// For each pending date, the days worth trying (besides "absent").
fn date_candidates(
    policy: &Policy,
    claim: &Claim,
    pending: &[Fact],
    live: &Live,
) -> Vec<(DateFact, BTreeSet<NaiveDate>)> {
    let pending_dates: Vec<DateFact> = pending
        .iter()
        .filter_map(|f| match f {
            Fact::Date(d) => Some(*d),
            _ => None,
        })
        .collect();
    let mut cands: Vec<(DateFact, BTreeSet<NaiveDate>)> = pending_dates
        .iter()
        .map(|d| (*d, BTreeSet::new()))
        .collect();
    let c = claim.claim_date;
    let known = |d: DateFact| claim.date(d);
    let is_pending = |d: DateFact| pending_dates.contains(&d);
    // Two rounds: the second finds the boundaries one pending date sets for
    // another (an approval date standing in for a first notice not given).
    for _ in 0..2 {
        let snapshot = cands.clone();
        let of = |d: DateFact| -> Vec<NaiveDate> {
            snapshot
                .iter()
                .find(|(f, _)| *f == d)
                .map(|(_, s)| s.iter().copied().collect())
                .unwrap_or_default()
        };
        // The days a window measured at `measure` may be measured on.
        let measured = |measure: DateFact| -> Vec<NaiveDate> {
            if measure != DateFact::FirstNotice {
                return vec![c];
            }
            if let Some(fn_given) = known(DateFact::FirstNotice) {
                return vec![fn_given];
            }
            let mut days = vec![claim.first_notice, c];
            days.extend(of(DateFact::FirstNotice));
            days.extend(of(DateFact::Approval).into_iter().map(|a| a.min(c)));
            days
        };
        // The days a window starting at `from` may start on.
        let starts = |from: DateFact| -> Vec<NaiveDate> {
            match from {
                DateFact::Claim => vec![c],
                DateFact::FirstNotice => measured(DateFact::FirstNotice),
                d if is_pending(d) => of(d),
                d => known(d).into_iter().collect(),
            }
        };
        for (fact, set) in cands.iter_mut() {
            let fact = *fact;
            // The bounds the date-order checks set.
            set.insert(c);
            set.extend(DateFact::ALL.iter().filter_map(|d| known(*d)));
            let live_windows = policy
                .windows
                .iter()
                .zip(&live.windows)
                .filter(|(_, l)| **l)
                .map(|(w, _)| w);
            for window in live_windows {
                let WindowKind::Span { from, length } = window.kind else {
                    continue;
                };
                if from == fact {
                    for day in measured(window.measure) {
                        let start = earliest_start_reaching(day, length);
                        set.insert(start);
                        if let Some(before) = start.pred_opt() {
                            set.insert(before);
                        }
                    }
                }
                // A first notice, or an approval standing in for one.
                let measures_this = window.measure == DateFact::FirstNotice
                    && (fact == DateFact::FirstNotice
                        || (fact == DateFact::Approval && known(DateFact::FirstNotice).is_none()));
                if measures_this {
                    for start in starts(from) {
                        let end = end_of(start, length);
                        set.insert(end);
                        set.insert(add_days(end, 1));
                    }
                }
            }
        }
    }
    // Keep only days that are possible with the dates already known.
    for (fact, set) in cands.iter_mut() {
        set.retain(|day| {
            let mut dates = claim.dates;
            dates[fact.index()] = Some(*day);
            check_date_order(&dates, c, Some(claim.as_of)).is_ok()
        });
    }
    cands
}

/// A grid point: `None` for an input error (not an answer the agent could
/// give), `Some(None)` for a policy error, else the verdict.
type Point = Option<Option<Verdict>>;

/// Decides every point of the grid, numbered with the first axis fastest;
/// also the first policy error met.
fn decide_grid(policy: &Policy, base: &Claim, axes: &[Axis]) -> (Vec<Point>, Option<EvalError>) {
    let total: usize = axes.iter().map(|a| a.values.len()).product();
    let mut results = Vec::with_capacity(total);
    let mut scratch = Scratch::default();
    let mut digits = vec![0usize; axes.len()];
    let mut claim = base.clone();
    let mut policy_error = None;
    for _ in 0..total {
        claim.clone_from(base);
        for (axis, &digit) in axes.iter().zip(&digits) {
            match axis.values[digit] {
                Value::Channel(c) => claim.channel = c.or(policy.default_channel),
                Value::Product(p) => claim.product = p,
                Value::Flag(v) => {
                    if let Fact::Flag(f) = axis.fact {
                        claim.flags[f.index()] = v;
                    }
                }
                Value::Date(day) => {
                    if let Fact::Date(d) = axis.fact {
                        claim.dates[d.index()] = day;
                    }
                }
            }
        }
        let result = if check_date_order(&claim.dates, claim.claim_date, Some(claim.as_of)).is_ok()
        {
            claim.first_notice = effective_first_notice(
                claim.dates[DateFact::FirstNotice.index()],
                claim.dates[DateFact::Approval.index()],
                claim.claim_date,
            );
            match engine::verdict(policy, &claim, &mut scratch) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    policy_error.get_or_insert(e);
                    Some(None)
                }
            }
        } else {
            None
        };
        results.push(result);
        for (digit, axis) in digits.iter_mut().zip(axes) {
            *digit += 1;
            if *digit < axis.values.len() {
                break;
            }
            *digit = 0;
        }
    }
    (results, policy_error)
}

/// The pending facts that change the verdict on their own somewhere in the
/// grid: two valid points differing in that fact alone disagree. When no
/// single fact does (only a combination does), every fact that varies.
fn deciding_axes(axes: &[Axis], results: &[Point]) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut stride = 1;
    for axis in axes {
        let n = axis.values.len();
        let matters = (0..results.len())
            .filter(|i| (i / stride) % n == 0)
            .any(|start| {
                let mut line = (0..n)
                    .filter_map(|k| results[start + k * stride].as_ref())
                    .peekable();
                let first = line.next();
                first.is_some_and(|f| line.any(|v| v != f))
            });
        if matters {
            facts.push(axis.fact);
        }
        stride *= n;
    }
    if facts.is_empty() {
        facts = axes
            .iter()
            .filter(|a| a.values.len() > 1)
            .map(|a| a.fact)
            .collect();
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_start_reaching_handles_month_ends() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        // 2024-02-29 + 12 months = 2025-02-28, and so do 02-28 + 12 months.
        assert_eq!(
            earliest_start_reaching(d("2025-02-28"), Length::Months(12)),
            d("2024-02-28")
        );
        assert_eq!(
            earliest_start_reaching(d("2025-03-01"), Length::Months(12)),
            d("2024-03-01")
        );
        assert_eq!(
            earliest_start_reaching(d("2026-11-21"), Length::Days(45)),
            d("2026-10-07")
        );
        // The day before no longer reaches.
        let start = earliest_start_reaching(d("2025-03-31"), Length::Months(1));
        assert!(end_of(start, Length::Months(1)) >= d("2025-03-31"));
        assert!(end_of(start.pred_opt().expect("day"), Length::Months(1)) < d("2025-03-31"));
    }
}
