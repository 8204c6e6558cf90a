//! The dates that decide: for each date the claim gives, the span of values
//! over which the verdict stays the same (the other facts held fixed), and
//! the verdict just outside it (`claim-format.md`, "decisive_dates").
//!
//! Customers rarely know their dates; an agent who sees "any delivery date
//! from 17 Nov on gives Eligible" asks only what matters.
//!
//! Computed from the rules' window boundaries, not by trying every day. A
//! verdict depends on a date only through comparisons "measured date ≤
//! window end" and through the input checks (date order, nothing after the
//! claim date). For the field being moved, each comparison flips at one
//! day, solved for that field: the window's start moves (`from` + length ≥
//! measured date) or the measured date moves (field ≤ end, so end + 1).
//! The input checks can flip only at the other dates and the claim date.
//! Between two such change points the verdict is constant, so it is
//! evaluated only at change points, outward from the given date, until it
//! differs. A policy with dated versions adds one more kind of change
//! point: moving a date that picks the version (`in_force_on`) across a
//! version's `effective_from`; every probe is decided by the version in
//! force for its own dates, and every version's windows give change points.

use super::claim::{Claim, DateFact};
use super::dates::{EARLIEST, add_days, add_months};
use super::engine::{self, EvalError, Scratch};
use super::outcome::Verdict;
use super::policy::{Length, Policy, WindowKind};
use super::validate::{check_date_order, effective_first_notice};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The earliest date probed (the contract's "0001-01-01").
pub const EARLIEST_PROBED: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => panic!("constant date"),
};

/// One date field's span of the same verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisiveDate {
    /// The claim field (`delivery_date`).
    #[serde(with = "field_name")]
    pub field: DateFact,
    /// First day of the span; `None` when the verdict holds for every
    /// earlier date down to 0001-01-01.
    pub same_verdict_from: Option<NaiveDate>,
    /// Last day of the span; `None` when it holds for every later date
    /// (never, as things stand: no date may follow the claim date).
    pub same_verdict_to: Option<NaiveDate>,
    /// The verdict on the day before `same_verdict_from`; `None` when that
    /// day would be an input error (or the policy could not decide it: a
    /// gap `policies check` reports).
    pub verdict_before: Option<Verdict>,
    /// The verdict on the day after `same_verdict_to`; `None` when that day
    /// would be an input error (always so past the claim date), or a gap.
    pub verdict_after: Option<Verdict>,
}

/// The date fields whose span is reported, in contract order: every date
/// of the claim but the claim date itself (the day of the intake, which
/// bounds the others).
pub fn fields() -> impl Iterator<Item = DateFact> {
    DateFact::ALL.into_iter().filter(|f| *f != DateFact::Claim)
}

/// The decisive dates of `claim` (validated for `policy`, the vendor's
/// policy with its versions), one for each date field it gives. Empty when the claim's own verdict cannot be
/// reached (a policy gap: the caller's `decide` reports that).
pub fn decisive_dates(policy: &Policy, claim: &Claim) -> Vec<DecisiveDate> {
    let mut out = Vec::new();
    fill(policy, claim, &mut Scratch::default(), &mut out);
    out
}

/// [`decisive_dates`] into `out` (cleared first), reusing `scratch`.
pub fn fill(policy: &Policy, claim: &Claim, scratch: &mut Scratch, out: &mut Vec<DecisiveDate>) {
    out.clear();
    let in_force = policy.in_force(&claim.dates, claim.claim_date).policy;
    let Ok(verdict) = engine::verdict(in_force, claim, scratch) else {
        return;
    };
    let mut candidates = Vec::with_capacity(2 * policy.windows.len() + 16);
    for field in fields() {
        let Some(given) = claim.date(field) else {
            continue;
        };
        change_points(policy, claim, field, &mut candidates);
        out.push(span(
            policy,
            claim,
            field,
            given,
            verdict,
            &candidates,
            scratch,
        ));
    }
}

/// What a claim with `field` moved to one day gets: a verdict, a policy
/// that cannot decide it, or an input error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    Verdict(Verdict),
    PolicyGap,
    InputError,
}

impl Probe {
    fn verdict(self) -> Option<Verdict> {
        match self {
            Probe::Verdict(v) => Some(v),
            Probe::PolicyGap | Probe::InputError => None,
        }
    }
}

/// The claim with `field` on `date`, decided.
fn probe(
    policy: &Policy,
    claim: &Claim,
    field: DateFact,
    date: NaiveDate,
    scratch: &mut Scratch,
) -> Probe {
    if !(EARLIEST_PROBED..=claim.as_of).contains(&date) {
        return Probe::InputError;
    }
    let mut moved = claim.clone();
    moved.dates[field.index()] = Some(date);
    if check_date_order(&moved.dates, claim.claim_date, Some(claim.as_of)).is_err() {
        return Probe::InputError;
    }
    moved.first_notice = effective_first_notice(
        moved.date(DateFact::FirstNotice),
        moved.date(DateFact::Approval),
        moved.claim_date,
    );
    let version = policy.in_force(&moved.dates, moved.claim_date).policy;
    match engine::verdict(version, &moved, scratch) {
        Ok(v) => Probe::Verdict(v),
        Err(EvalError::NoRule { .. } | EvalError::Ambiguous { .. }) => Probe::PolicyGap,
    }
}

/// Walks the change points outward from the given date to the nearest day
/// on each side where the probe differs.
fn span(
    policy: &Policy,
    claim: &Claim,
    field: DateFact,
    given: NaiveDate,
    verdict: Verdict,
    candidates: &[NaiveDate],
    scratch: &mut Scratch,
) -> DecisiveDate {
    let here = Probe::Verdict(verdict);
    let mut result = DecisiveDate {
        field,
        same_verdict_from: None,
        same_verdict_to: None,
        verdict_before: None,
        verdict_after: None,
    };
    // Each candidate c is a day where the probe may differ from day c - 1.
    let split = candidates.partition_point(|c| *c <= given);
    for &c in candidates[..split].iter().rev() {
        let Some(before) = c.pred_opt().filter(|d| *d >= EARLIEST_PROBED) else {
            break;
        };
        let p = probe(policy, claim, field, before, scratch);
        if p != here {
            // A change before the supported years is no change a claim
            // can make: within them the verdict holds from the first day,
            // and the day before that is an input error.
            if c <= EARLIEST {
                result.same_verdict_from = Some(EARLIEST);
                result.verdict_before = None;
            } else {
                result.same_verdict_from = Some(c);
                result.verdict_before = p.verdict();
            }
            break;
        }
    }
    for &c in &candidates[split..] {
        let p = probe(policy, claim, field, c, scratch);
        if p != here {
            result.same_verdict_to = c.pred_opt();
            result.verdict_after = p.verdict();
            break;
        }
    }
    result
}

/// Every day (sorted, deduplicated) where moving `field` from the day
/// before may change the probe: window comparisons solved for the field,
/// and the input checks' limits.
fn change_points(policy: &Policy, claim: &Claim, field: DateFact, out: &mut Vec<NaiveDate>) {
    out.clear();
    // Input checks compare the field with every other date and the claim
    // date: "field ≥ d" flips at d, "field ≤ d" at d + 1. The given date
    // passes them, so an earlier d can only be a lower limit and a later
    // one an upper limit.
    let given = claim.date(field);
    let others = DateFact::ALL
        .into_iter()
        .filter(|f| *f != field && *f != DateFact::Claim)
        .filter_map(|f| claim.date(f));
    for d in others.chain([claim.claim_date, claim.as_of]) {
        if given.is_none_or(|g| d <= g) {
            out.push(d);
        }
        if given.is_none_or(|g| d >= g) {
            out.push(add_days(d, 1));
        }
    }
    // A date that picks the version changes it on each effective_from.
    if policy.in_force_on.contains(&field) {
        out.extend(policy.versions().filter_map(|v| v.effective_from));
    }
    for version in policy.versions() {
        // Only windows that a rule this claim can reach compares: the rest
        // never change its verdict.
        let tested = version
            .rules
            .iter()
            .filter(|r| engine::fixed_conditions_hold(claim, &r.when))
            .flat_map(|r| r.when.within.iter().chain(&r.when.after));
        for &w in tested {
            let measure = engine::measured_fact(&version.windows[w], claim);
            for_each_span(version, w, &mut |from, length| {
                if let Some(c) = comparison_flip(claim, field, measure, from, length) {
                    out.push(c);
                }
            });
        }
    }
    out.retain(|c| *c > EARLIEST_PROBED && *c <= add_days(claim.as_of, 1));
    out.sort_unstable();
    out.dedup();
}

/// The span windows behind window `w`: itself, or for "earliest of" its
/// parts (measured ≤ min(ends) holds exactly when it holds for each end).
fn for_each_span(policy: &Policy, w: usize, each: &mut dyn FnMut(DateFact, Length)) {
    match &policy.windows[w].kind {
        WindowKind::Span { from, length } => each(*from, *length),
        WindowKind::EarliestOf(parts) => {
            for &p in parts {
                for_each_span(policy, p, each);
            }
        }
    }
}

/// Whether the effective date of `fact` moves one for one with `field`.
/// The first notice follows the approval date when it is not given (it is
/// then the approval date: an approval is never after the claim date).
fn tracks(claim: &Claim, fact: DateFact, field: DateFact) -> bool {
    fact == field
        || (fact == DateFact::FirstNotice
            && field == DateFact::Approval
            && claim.date(DateFact::FirstNotice).is_none())
}

/// The day where "`measure` ≤ `from` + `length`" flips as `field` moves,
/// if it moves at all: the first day in time when the start moves, the
/// first day late when the measured date moves.
fn comparison_flip(
    claim: &Claim,
    field: DateFact,
    measure: DateFact,
    from: DateFact,
    length: Length,
) -> Option<NaiveDate> {
    let start_moves = tracks(claim, from, field);
    let measure_moves = tracks(claim, measure, field);
    match (start_moves, measure_moves) {
        // Both move (X ≤ X + length) or neither: no flip.
        (true, true) | (false, false) => None,
        (false, true) => {
            let start = claim.measured(from)?;
            Some(add_days(end_of(start, length), 1))
        }
        (true, false) => {
            let measured = claim.measured(measure)?;
            match length {
                Length::Days(n) => measured.checked_sub_days(Days::new(u64::from(n))),
                Length::Months(n) => first_start_reaching(measured, n),
            }
        }
    }
}

fn end_of(start: NaiveDate, length: Length) -> NaiveDate {
    match length {
        Length::Days(n) => add_days(start, n),
        Length::Months(n) => add_months(start, n),
    }
}

/// The earliest start X with X + `months` (clamped to the month end) on or
/// after `measured`. Month addition only ever clamps, so going back by the
/// months lands on the answer or at most three days before it (Jan 28..31
/// all end on Feb 28); the two short loops settle it exactly.
fn first_start_reaching(measured: NaiveDate, months: u32) -> Option<NaiveDate> {
    let reaches = |x: NaiveDate| add_months(x, months) >= measured;
    let mut x = measured.checked_sub_months(Months::new(months))?;
    for _ in 0..31 {
        match x.pred_opt() {
            Some(prev) if reaches(prev) => x = prev,
            _ => break,
        }
    }
    for _ in 0..31 {
        if reaches(x) {
            return Some(x);
        }
        x = x.succ_opt()?;
    }
    Some(x)
}

/// `DateFact` as its claim field name in JSON.
mod field_name {
    use super::DateFact;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(fact: &DateFact, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(fact.field())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateFact, D::Error> {
        let name = String::deserialize(d)?;
        DateFact::ALL
            .into_iter()
            .find(|f| f.field() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown date field \"{name}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        super::super::dates::parse_date(text).expect("test date")
    }

    #[test]
    fn month_starts_are_solved_exactly_at_month_ends() {
        // Every start from two years back: the solved start is the first
        // that reaches, and the day before does not.
        for measured in [
            "2025-02-28",
            "2025-03-01",
            "2024-02-29",
            "2025-03-31",
            "2025-04-30",
            "2026-01-31",
            "2025-12-31",
        ] {
            let measured = d(measured);
            for months in [0, 1, 12, 18] {
                let x = first_start_reaching(measured, months).expect("solvable");
                assert!(add_months(x, months) >= measured, "{measured} {months}");
                let prev = x.pred_opt().expect("day");
                assert!(add_months(prev, months) < measured, "{measured} {months}");
            }
        }
        // Order 2025-01-31 + 1 month = 2025-02-28: any order from Jan 28 on
        // reaches a first notice on Feb 28.
        assert_eq!(
            first_start_reaching(d("2025-02-28"), 1),
            Some(d("2025-01-28"))
        );
        assert_eq!(
            first_start_reaching(d("2025-03-01"), 1),
            Some(d("2025-02-01"))
        );
    }
}
