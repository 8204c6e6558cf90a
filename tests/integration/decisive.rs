//! `decisive_dates` (claim-format.md, "Additions"): for each date a claim
//! gives, the span over which the verdict holds and the verdict just
//! outside it. Boundary cases on every window of both vendors, then a
//! property test over random claims (every reported span checked by
//! moving the date, and cross-checked against a day-by-day brute force),
//! the JSON writers and the `check` command.

use crate::common;
use crate::common::policies;

use chrono::{Days, NaiveDate};
use claimdesk::rules::claim::{ClaimInput, DateFact, Flag};
use claimdesk::rules::decisive::DecisiveDate;
use claimdesk::rules::outcome::Verdict;
use claimdesk::rules::{self, DecideError, Decider, Outcome};
use proptest::prelude::*;
use serde_json::{Value, json};

fn today() -> NaiveDate {
    d("2026-11-21")
}

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn claim(value: Value) -> ClaimInput {
    ClaimInput::from_value(&value).expect("claim JSON")
}

fn decide(input: &ClaimInput) -> Outcome<'static> {
    rules::decide(policies(), input, today()).expect("decided")
}

/// The claim's verdict and the decisive date of `field`.
fn span(value: Value, field: DateFact) -> (Verdict, DecisiveDate) {
    let outcome = decide(&claim(value));
    let dates = outcome.decisive_dates.as_ref().expect("computed");
    let span = *dates
        .iter()
        .find(|s| s.field == field)
        .unwrap_or_else(|| panic!("no span for {}: {dates:?}", field.field()));
    (outcome.verdict, span)
}

fn expect(
    span: &DecisiveDate,
    from: Option<&str>,
    before: Option<Verdict>,
    to: Option<&str>,
    after: Option<Verdict>,
) {
    let want = DecisiveDate {
        field: span.field,
        same_verdict_from: from.map(d),
        same_verdict_to: to.map(d),
        verdict_before: before,
        verdict_after: after,
    };
    assert_eq!(*span, want, "{}", span.field.field());
}

use Verdict::{Eligible, NotEligible, Review};

// --- MillSO ------------------------------------------------------------

#[test]
fn millso_change_of_mind_spans_end_at_order_plus_45() {
    // First notice on day 39: eligible. Any order from 45 days before the
    // notice on (up to the notice itself) keeps it so.
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "change_of_mind",
        "claim_date": "2026-12-01", "order_date": "2026-10-02", "first_notice_date": "2026-11-10"});
    let (verdict, order) = span(c.clone(), DateFact::Order);
    assert_eq!(verdict, Eligible);
    expect(
        &order,
        Some("2026-09-26"),
        Some(NotEligible),
        Some("2026-11-10"),
        None,
    );
    // The notice: from the order (earlier is an input error) to order + 45.
    let (_, notice) = span(c, DateFact::FirstNotice);
    expect(
        &notice,
        Some("2026-10-02"),
        None,
        Some("2026-11-16"),
        Some(NotEligible),
    );
}

#[test]
fn millso_late_change_of_mind_names_the_order_date_that_would_do() {
    // Notice (= claim date) 46 days after the order: not eligible; an order
    // on 2026-10-17 or later would be in time, but the delivery on 10-06
    // bounds the order date, so the span runs to the delivery.
    let c = json!({"vendor": "millso", "channel": "amazon_us", "issue": "change_of_mind",
        "claim_date": "2026-12-01", "order_date": "2026-10-02", "delivery_date": "2026-10-06"});
    let (verdict, order) = span(c.clone(), DateFact::Order);
    assert_eq!(verdict, NotEligible);
    expect(&order, None, None, Some("2026-10-06"), None);
    // Without the delivery date the order date can move up to the notice.
    let mut c = c;
    c.as_object_mut().expect("object").remove("delivery_date");
    let (_, order) = span(c, DateFact::Order);
    expect(&order, None, None, Some("2026-10-16"), Some(Eligible));
}

#[test]
fn millso_warranty_12_and_18_months() {
    let defective = |order: &str| {
        json!({"vendor": "millso", "channel": "direct", "issue": "defective",
            "claim_date": "2026-11-21", "order_date": order, "first_notice_date": "2026-03-01"})
    };
    // Within 12 months: eligible from notice - 12 months; review before.
    let (verdict, order) = span(defective("2025-06-15"), DateFact::Order);
    assert_eq!(verdict, Eligible);
    expect(
        &order,
        Some("2025-03-01"),
        Some(Review),
        Some("2026-03-01"),
        None,
    );
    // 12 to 18 months: review between both boundaries.
    let (verdict, order) = span(defective("2024-12-01"), DateFact::Order);
    assert_eq!(verdict, Review);
    expect(
        &order,
        Some("2024-09-01"),
        Some(NotEligible),
        Some("2025-02-28"),
        Some(Eligible),
    );
    // Over 18 months: not eligible for every earlier order.
    let (verdict, order) = span(defective("2024-06-01"), DateFact::Order);
    assert_eq!(verdict, NotEligible);
    expect(&order, None, None, Some("2024-08-31"), Some(Review));
    // The notice side of the same boundaries.
    let (_, notice) = span(defective("2025-06-15"), DateFact::FirstNotice);
    expect(
        &notice,
        Some("2025-06-15"),
        None,
        Some("2026-06-15"),
        Some(Review),
    );
    let (_, notice) = span(defective("2024-12-01"), DateFact::FirstNotice);
    expect(
        &notice,
        Some("2025-12-02"),
        Some(Eligible),
        Some("2026-06-01"),
        Some(NotEligible),
    );
}

#[test]
fn month_windows_clamp_at_month_ends() {
    // Order 2025-08-31 + 18 months = 2027-02-28 (clamped): a notice on
    // 2027-02-28 is the last day of review.
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "defective",
        "claim_date": "2027-03-10", "order_date": "2025-08-31", "first_notice_date": "2027-02-28"});
    let (verdict, notice) = span(c.clone(), DateFact::FirstNotice);
    assert_eq!(verdict, Review);
    expect(
        &notice,
        Some("2026-09-01"),
        Some(Eligible),
        Some("2027-02-28"),
        Some(NotEligible),
    );
    // Orders from 2025-08-28 to 08-31 all reach 2027-02-28; 08-27 does not.
    // Eligible (12 months) from 2026-02-28 on.
    let (_, order) = span(c, DateFact::Order);
    expect(
        &order,
        Some("2025-08-28"),
        Some(NotEligible),
        Some("2026-02-27"),
        Some(Eligible),
    );
    // A leap day: 2024-02-29 + 12 months = 2025-02-28.
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "defective",
        "claim_date": "2025-03-10", "order_date": "2024-02-29", "first_notice_date": "2025-02-28"});
    let (verdict, notice) = span(c.clone(), DateFact::FirstNotice);
    assert_eq!(verdict, Eligible);
    expect(
        &notice,
        Some("2024-02-29"),
        None,
        Some("2025-02-28"),
        Some(Review),
    );
    // A notice on 2025-02-28 is reached by orders from 2024-02-28 on.
    let (_, order) = span(c, DateFact::Order);
    expect(
        &order,
        Some("2024-02-28"),
        Some(Review),
        Some("2025-02-28"),
        None,
    );
    // Order 2025-01-31 + 12 months = 2026-01-31: a notice on 2026-02-28 is
    // review; eligible for orders from 2025-02-28 on, and not eligible
    // before 2024-08-28 (+ 18 months = 2026-02-28; 08-27 ends on 02-27).
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "defective",
        "claim_date": "2026-03-10", "order_date": "2025-01-31", "first_notice_date": "2026-02-28"});
    let (verdict, order) = span(c, DateFact::Order);
    assert_eq!(verdict, Review);
    expect(
        &order,
        Some("2024-08-28"),
        Some(NotEligible),
        Some("2025-02-27"),
        Some(Eligible),
    );
}

#[test]
fn amazon_us_label_is_not_a_verdict_boundary() {
    // The label (order + 20, at the claim date) passes on 2026-10-22, but
    // only a warning follows: the span of the order date runs across
    // order = claim - 20 unbroken.
    let c = json!({"vendor": "millso", "channel": "amazon_us", "issue": "defective",
        "claim_date": "2026-10-30", "order_date": "2026-10-02"});
    let (verdict, order) = span(c.clone(), DateFact::Order);
    assert_eq!(verdict, Eligible);
    expect(
        &order,
        Some("2025-10-30"),
        Some(Review),
        Some("2026-10-30"),
        None,
    );
    // The label window really does change at 10-10 (deadline passed or
    // not), so it is a window boundary, just not the verdict's.
    let label_days = |order: &str| {
        let mut c = c.clone();
        c["order_date"] = json!(order);
        let outcome = decide(&claim(c));
        assert_eq!(outcome.verdict, Eligible);
        outcome
            .deadlines
            .iter()
            .find(|x| x.clauses.iter().any(|c| c == "MS-AMZ-US"))
            .and_then(|x| x.days_left)
            .expect("label deadline")
    };
    assert_eq!(label_days("2026-10-09"), -1);
    assert_eq!(label_days("2026-10-10"), 0);
}

#[test]
fn millso_ship_back_after_approval() {
    // Approval + 45 before the claim date: review (late ship-back).
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "defective",
        "claim_date": "2026-08-10", "order_date": "2026-06-01",
        "first_notice_date": "2026-06-10", "approval_date": "2026-06-20"});
    let (verdict, approval) = span(c, DateFact::Approval);
    assert_eq!(verdict, Review);
    expect(
        &approval,
        Some("2026-06-10"),
        None,
        Some("2026-06-25"),
        Some(Eligible),
    );
    // No first notice given: it is the approval date, so moving the
    // approval moves the 45-day money-back comparison too.
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "change_of_mind",
        "claim_date": "2026-12-01", "order_date": "2026-10-02", "approval_date": "2026-11-10"});
    let (verdict, approval) = span(c, DateFact::Approval);
    assert_eq!(verdict, Eligible);
    expect(
        &approval,
        Some("2026-10-17"),
        Some(Review),
        Some("2026-11-16"),
        Some(NotEligible),
    );
}

// --- Mitkco ------------------------------------------------------------

#[test]
fn mitkco_defective_7_days_and_invoice_60() {
    let c = json!({"vendor": "mitkco", "issue": "defective", "claim_date": "2026-12-01",
        "invoice_date": "2026-10-02", "delivery_date": "2026-10-06",
        "first_notice_date": "2026-10-10"});
    let (verdict, delivery) = span(c.clone(), DateFact::Delivery);
    assert_eq!(verdict, Eligible);
    // Notice 10-10 within 7 days of delivery from 10-03 on; the delivery
    // cannot be after the notice.
    expect(
        &delivery,
        Some("2026-10-03"),
        Some(Review),
        Some("2026-10-10"),
        None,
    );
    let (_, notice) = span(c.clone(), DateFact::FirstNotice);
    expect(
        &notice,
        Some("2026-10-06"),
        None,
        Some("2026-10-13"),
        Some(Review),
    );
    // Claim date 12-01 within 60 days of the invoice from 10-02 on.
    let (_, invoice) = span(c, DateFact::Invoice);
    expect(
        &invoice,
        Some("2026-10-02"),
        Some(Review),
        Some("2026-12-01"),
        None,
    );
}

#[test]
fn mitkco_transit_14_days_and_not_7() {
    // Notice on day 9: eligible (14 days), with a conflict note from day 8
    // on; the 7-day boundary does not change the verdict.
    let c = json!({"vendor": "mitkco", "issue": "damaged_in_transit", "claim_date": "2026-10-25",
        "delivery_date": "2026-10-06", "first_notice_date": "2026-10-15"});
    let (verdict, notice) = span(c.clone(), DateFact::FirstNotice);
    assert_eq!(verdict, Eligible);
    expect(
        &notice,
        Some("2026-10-06"),
        None,
        Some("2026-10-20"),
        Some(NotEligible),
    );
    let (_, delivery) = span(c, DateFact::Delivery);
    expect(
        &delivery,
        Some("2026-10-01"),
        Some(NotEligible),
        Some("2026-10-15"),
        None,
    );
}

#[test]
fn mitkco_change_of_mind_ship_by_is_the_earlier_of_two_60_day_limits() {
    let c = json!({"vendor": "mitkco", "issue": "change_of_mind", "claim_date": "2026-11-20",
        "invoice_date": "2026-10-01", "delivery_date": "2026-10-06",
        "first_notice_date": "2026-10-10"});
    let (verdict, invoice) = span(c.clone(), DateFact::Invoice);
    assert_eq!(verdict, Eligible);
    expect(
        &invoice,
        Some("2026-09-21"),
        Some(NotEligible),
        Some("2026-11-20"),
        None,
    );
    // Delivery: notice within 7 days (from 10-03) and claim within 60 days
    // (from 09-21): the 7 days bind.
    let (_, delivery) = span(c.clone(), DateFact::Delivery);
    expect(
        &delivery,
        Some("2026-10-03"),
        Some(NotEligible),
        Some("2026-10-10"),
        None,
    );
    // With the claim date later, the delivery + 60 limit binds on its own
    // side: claim 2026-12-04 needs delivery on or after 10-05.
    let mut later = c;
    later["claim_date"] = json!("2026-12-04");
    later["invoice_date"] = json!("2026-10-06");
    let (verdict, delivery) = span(later, DateFact::Delivery);
    assert_eq!(verdict, Eligible);
    expect(
        &delivery,
        Some("2026-10-05"),
        Some(NotEligible),
        Some("2026-10-10"),
        None,
    );
}

#[test]
fn mitkco_wrong_item_7_days() {
    let c = json!({"vendor": "mitkco", "issue": "wrong_item", "claim_date": "2026-11-01",
        "delivery_date": "2026-10-06", "first_notice_date": "2026-10-14"});
    let (verdict, notice) = span(c.clone(), DateFact::FirstNotice);
    assert_eq!(verdict, NotEligible);
    expect(
        &notice,
        Some("2026-10-14"),
        Some(Eligible),
        Some("2026-11-01"),
        None,
    );
    let (_, delivery) = span(c, DateFact::Delivery);
    expect(&delivery, None, None, Some("2026-10-06"), Some(Eligible));
}

#[test]
fn only_the_dates_the_claim_gives_are_reported_and_excluded_issues_hold_everywhere() {
    // First notice absent (it defaults to the claim date): not reported.
    let outcome = decide(&claim(json!({"vendor": "mitkco", "issue": "misuse_damage",
        "claim_date": "2026-11-01", "delivery_date": "2026-10-06"})));
    let dates = outcome.decisive_dates.expect("computed");
    assert_eq!(dates.len(), 1, "{dates:?}");
    // Misuse is excluded whatever the date: the whole range, bounded only
    // by the claim date.
    expect(&dates[0], None, None, Some("2026-11-01"), None);
}

#[test]
fn wording_names_each_known_side() {
    let (verdict, notice) = span(
        json!({"vendor": "mitkco", "issue": "damaged_in_transit", "claim_date": "2026-10-25",
            "delivery_date": "2026-10-06", "first_notice_date": "2026-10-15"}),
        DateFact::Delivery,
    );
    assert_eq!(
        claimdesk::report::decisive_words(&notice, verdict, d("2026-10-25")),
        "any delivery date from 1 Oct on gives Eligible; on 30 Sep or earlier: Not eligible"
    );
    let (verdict, order) = span(
        json!({"vendor": "millso", "channel": "direct", "issue": "defective",
            "claim_date": "2026-11-21", "order_date": "2024-12-01", "first_notice_date": "2026-03-01"}),
        DateFact::Order,
    );
    assert_eq!(
        claimdesk::report::decisive_words(&order, verdict, d("2026-11-21")),
        "any order date from 1 Sep 2024 to 28 Feb 2025 gives Review; \
         on 31 Aug 2024 or earlier: Not eligible; on 1 Mar 2025 or later: Eligible"
    );
    let (verdict, delivery) = span(
        json!({"vendor": "mitkco", "issue": "misuse_damage",
            "claim_date": "2026-11-01", "delivery_date": "2026-10-06"}),
        DateFact::Delivery,
    );
    assert_eq!(
        claimdesk::report::decisive_words(&delivery, verdict, d("2026-11-01")),
        "any possible delivery date gives Not eligible"
    );
}

// --- Properties ----------------------------------------------------------

const ISSUES: [&str; 7] = [
    "change_of_mind",
    "defective",
    "damaged_in_transit",
    "wrong_item",
    "lost_or_stolen",
    "misuse_damage",
    "refund_not_received",
];

/// Valid-looking claims of both vendors and every issue: dates in time
/// order, a few days to a year and a half apart, some absent.
fn claim_strategy() -> impl Strategy<Value = ClaimInput> {
    (
        prop::sample::select(vec!["millso", "mitkco"]),
        prop::sample::select(ISSUES.to_vec()),
        prop::sample::select(vec![
            "direct",
            "amazon_us",
            "amazon_eu",
            "amazon_jp",
            "other_seller",
        ]),
        0u64..4000, // base: days after 2018-01-01
        prop::array::uniform5(prop::option::weighted(0.8, 0u64..120)),
        prop_oneof![0u64..30, 0u64..600],
        prop::array::uniform4(prop::option::of(any::<bool>())),
        prop::option::of(prop::sample::select(vec![
            "device",
            "case_or_screen_protector",
        ])),
        prop::bool::ANY, // an order date a long way back
    )
        .prop_map(
            |(vendor, issue, channel, base, gaps, claim_gap, flags, product, long)| {
                let mut input = ClaimInput {
                    vendor: Some(vendor.to_owned()),
                    issue: Some(issue.to_owned()),
                    channel: Some(
                        if vendor == "mitkco" {
                            "direct"
                        } else {
                            channel
                        }
                        .to_owned(),
                    ),
                    product: product.map(str::to_owned),
                    ..ClaimInput::default()
                };
                let mut date = d("2018-01-01") + Days::new(base);
                let order = [
                    DateFact::Order,
                    DateFact::Invoice,
                    DateFact::Delivery,
                    DateFact::FirstNotice,
                    DateFact::Approval,
                ];
                for (i, fact) in order.into_iter().enumerate() {
                    if let Some(gap) = gaps[i] {
                        // Months-long gaps after the order reach the 12- and
                        // 18-month windows.
                        let gap = if i == 0 && long { gap * 4 } else { gap };
                        date = date + Days::new(gap);
                        input.set_date(fact, Some(date.to_string()));
                    }
                }
                input.set_date(
                    DateFact::Claim,
                    Some((date + Days::new(claim_gap)).to_string()),
                );
                for flag in Flag::ALL {
                    input.set_flag(flag, flags[flag.index()]);
                }
                input
            },
        )
}

/// The verdict with `field` moved to `date`; `None` for an input error.
/// Decided without decisive dates (the brute force must not use them).
fn verdict_with(
    decider: &mut Decider<'static>,
    input: &ClaimInput,
    field: DateFact,
    date: NaiveDate,
) -> Option<Verdict> {
    if !(d("1900-01-01")..=d("2199-12-31")).contains(&date) {
        return None;
    }
    let mut moved = input.clone();
    moved.set_date(field, Some(date.to_string()));
    match decider.decide(&moved, today()) {
        Ok(outcome) => Some(outcome.verdict),
        Err(DecideError::Claim(_)) => None,
        Err(DecideError::Policy(e)) => panic!("policy could not decide: {e}"),
    }
}

fn days(date: NaiveDate, n: i64) -> NaiveDate {
    date + chrono::Duration::days(n)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Moving a date anywhere inside its span keeps the verdict; one day
    /// outside gives exactly the verdict reported there, or an input error
    /// where none is reported.
    #[test]
    fn spans_hold_inside_and_flip_just_outside(
        input in claim_strategy(),
        samples in prop::array::uniform4(0.0f64..1.0),
    ) {
        let Ok(outcome) = rules::decide(policies(), &input, today()) else {
            return Err(TestCaseError::reject("not a valid claim"));
        };
        let mut decider = Decider::new(policies());
        let dates = outcome.decisive_dates.clone().expect("computed");
        let given: Vec<DateFact> = DateFact::ALL
            .into_iter()
            .filter(|f| *f != DateFact::Claim && input.date(*f).is_some())
            .collect();
        prop_assert_eq!(dates.iter().map(|s| s.field).collect::<Vec<_>>(), given);
        for s in &dates {
            let field = s.field;
            let here = d(input.date(field).expect("given"));
            // Spans found only by probing a date the input refuses would
            // start before 1900: keep the checked range parseable.
            let from = s.same_verdict_from.unwrap_or(d("1900-01-01")).max(d("1900-01-01"));
            let to = s.same_verdict_to.expect("every field ends by the claim date");
            prop_assert!(from <= here && here <= to, "{:?} does not hold {}", s, here);
            let width = (to - from).num_days();
            let mut inside = vec![from, to, here];
            inside.extend(samples.iter().map(|x| days(from, (x * width as f64) as i64)));
            for day in inside {
                prop_assert_eq!(
                    verdict_with(&mut decider, &input, field, day),
                    Some(outcome.verdict),
                    "{} on {} inside {:?}", field.field(), day, s
                );
            }
            if let Some(from) = s.same_verdict_from {
                prop_assert_eq!(
                    verdict_with(&mut decider, &input, field, days(from, -1)),
                    s.verdict_before,
                    "{} the day before {:?}", field.field(), s
                );
            } else {
                prop_assert_eq!(s.verdict_before, None);
            }
            prop_assert_eq!(
                verdict_with(&mut decider, &input, field, days(to, 1)),
                s.verdict_after,
                "{} the day after {:?}", field.field(), s
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Day by day over 700 days each side (beyond the 18-month window),
    /// the first change of verdict is exactly where the span says.
    #[test]
    fn spans_match_a_brute_force_walk(input in claim_strategy()) {
        const RANGE: i64 = 700;
        let Ok(outcome) = rules::decide(policies(), &input, today()) else {
            return Err(TestCaseError::reject("not a valid claim"));
        };
        let mut decider = Decider::new(policies());
        for s in outcome.decisive_dates.as_ref().expect("computed") {
            let field = s.field;
            let here = d(input.date(field).expect("given"));
            let verdict = Some(outcome.verdict);
            // Downward: the first day that differs.
            let lower = (1..=RANGE)
                .map(|n| days(here, -n))
                .find(|&day| verdict_with(&mut decider, &input, field, day) != verdict);
            match lower {
                Some(day) if day >= d("1900-01-01") => {
                    prop_assert_eq!(s.same_verdict_from, Some(days(day, 1)), "{:?}", s);
                    prop_assert_eq!(
                        s.verdict_before,
                        verdict_with(&mut decider, &input, field, day),
                    );
                }
                // Left the parseable years or the range: the span reaches
                // at least that far.
                _ => prop_assert!(
                    s.same_verdict_from.is_none_or(|f| f <= days(here, -RANGE).max(d("1900-01-01"))),
                    "{:?}", s
                ),
            }
            let upper = (1..=RANGE)
                .map(|n| days(here, n))
                .find(|&day| verdict_with(&mut decider, &input, field, day) != verdict);
            match upper {
                Some(day) => {
                    prop_assert_eq!(s.same_verdict_to, Some(days(day, -1)), "{:?}", s);
                    prop_assert_eq!(s.verdict_after, verdict_with(&mut decider, &input, field, day));
                }
                None => prop_assert!(
                    s.same_verdict_to.is_some_and(|t| t >= days(here, RANGE)),
                    "{:?}", s
                ),
            }
        }
    }

    /// The bulk writer stays byte-equal to serde with and without the
    /// decisive dates, and leaves them out unless asked.
    #[test]
    fn batch_json_is_serdes_with_and_without_decisive_dates(input in claim_strategy()) {
        for decisive in [false, true] {
            let mut decider = Decider::new(policies()).with_decisive_dates(decisive);
            if let Ok(outcome) = decider.decide(&input, today()) {
                let mut fast = Vec::new();
                claimdesk::rules::outcome_json::write_outcome(&mut fast, outcome);
                let serde = serde_json::to_vec(outcome).expect("serialises");
                prop_assert_eq!(
                    String::from_utf8(fast.clone()).expect("utf-8"),
                    String::from_utf8(serde).expect("utf-8")
                );
                let value: Value = serde_json::from_slice(&fast).expect("JSON");
                prop_assert_eq!(value.get("decisive_dates").is_some(), decisive);
                if decisive {
                    let full = rules::decide(policies(), &input, today()).expect("decided");
                    prop_assert_eq!(&outcome.decisive_dates, &full.decisive_dates);
                }
            }
        }
    }
}

// --- The check command -----------------------------------------------------

#[test]
fn check_includes_decisive_dates_and_batch_only_when_asked() {
    let home = tempfile::tempdir().expect("temp home");
    let claim = r#"{"vendor":"mitkco","issue":"damaged_in_transit","claim_date":"2026-10-25","delivery_date":"2026-10-06","first_notice_date":"2026-10-15"}"#;
    let single = common::run_with_stdin(common::claimdesk(home.path()).arg("check"), claim);
    assert!(single.status.success(), "{single:?}");
    let value: Value = serde_json::from_slice(&single.stdout).expect("JSON");
    assert_eq!(
        value["decisive_dates"],
        json!([
            {"field": "delivery_date", "same_verdict_from": "2026-10-01", "same_verdict_to": "2026-10-15",
             "verdict_before": "not_eligible", "verdict_after": null},
            {"field": "first_notice_date", "same_verdict_from": "2026-10-06", "same_verdict_to": "2026-10-20",
             "verdict_before": null, "verdict_after": "not_eligible"}
        ])
    );
    let lines = format!("{claim}\n{claim}\n");
    let batch = common::run_with_stdin(
        common::claimdesk(home.path()).args(["check", "--batch"]),
        &lines,
    );
    assert!(batch.status.success(), "{batch:?}");
    for line in String::from_utf8(batch.stdout).expect("utf-8").lines() {
        let value: Value = serde_json::from_str(line).expect("JSON line");
        assert!(value.get("decisive_dates").is_none(), "{line}");
    }
    let batch = common::run_with_stdin(
        common::claimdesk(home.path()).args(["check", "--batch", "--decisive"]),
        &lines,
    );
    assert!(batch.status.success(), "{batch:?}");
    let out = String::from_utf8(batch.stdout).expect("utf-8");
    assert_eq!(out.lines().count(), 2);
    for line in out.lines() {
        let value: Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(value["decisive_dates"], single_value(&single.stdout));
    }
    // --decisive means nothing without --batch: a usage error.
    let alone = common::run_with_stdin(
        common::claimdesk(home.path()).args(["check", "--decisive"]),
        claim,
    );
    assert_eq!(alone.status.code(), Some(2), "{alone:?}");
}

fn single_value(stdout: &[u8]) -> Value {
    serde_json::from_slice::<Value>(stdout).expect("JSON")["decisive_dates"].clone()
}

#[test]
fn hand_off_text_lists_the_dates_that_decide() {
    let input = claim(json!({"vendor": "mitkco", "issue": "damaged_in_transit",
        "claim_date": "2026-10-25", "delivery_date": "2026-10-06", "first_notice_date": "2026-10-15"}));
    let outcome = decide(&input);
    let policy = policies().vendor("mitkco").expect("policy");
    let text = claimdesk::report::outcome_text(&outcome, policy);
    assert!(
        text.contains(
            "Dates that decide (the other facts as given):\n  \
             - any delivery date from 1 Oct on gives Eligible; on 30 Sep or earlier: Not eligible\n  \
             - any first notice date up to 20 Oct gives Eligible; on 21 Oct or later: Not eligible\n"
        ),
        "{text}"
    );
}

/// A claim at the very start of the supported years: no span reaches
/// before 1900-01-01 (a claim in 1900 once reported 1899-01-01).
#[test]
fn spans_of_a_claim_in_1900_stay_within_the_supported_years() {
    let c = json!({"vendor": "millso", "channel": "direct", "issue": "change_of_mind",
        "claim_date": "1900-02-01", "order_date": "1900-01-10", "first_notice_date": "1900-01-20"});
    let input = claim(c);
    let outcome = rules::decide(policies(), &input, d("1900-02-01")).expect("decided");
    let dates = outcome.decisive_dates.as_ref().expect("computed");
    assert!(!dates.is_empty());
    for span in dates {
        for day in [span.same_verdict_from, span.same_verdict_to]
            .into_iter()
            .flatten()
        {
            assert!(
                (d("1900-01-01")..=d("2199-12-31")).contains(&day),
                "{span:?}"
            );
        }
        if span.same_verdict_from == Some(d("1900-01-01")) {
            assert_eq!(span.verdict_before, None, "{span:?}");
        }
    }
}
