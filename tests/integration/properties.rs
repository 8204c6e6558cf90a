//! Properties of the rule core over generated claims (proptest).

use crate::common::{policies, today};

use chrono::{Days, NaiveDate};
use claimdesk::rules::claim::{ClaimInput, DateFact, Flag};
use claimdesk::rules::outcome::{DeadlineStatus, Verdict};
use claimdesk::rules::policy::{Limits, WindowKind};
use claimdesk::rules::{self, DecideError, Outcome};
use proptest::prelude::*;

const ISSUES: [&str; 8] = [
    "change_of_mind",
    "defective",
    "damaged_in_transit",
    "wrong_item",
    "lost_or_stolen",
    "misuse_damage",
    "refund_not_received",
    "bogus",
];
const CHANNELS: [&str; 6] = [
    "direct",
    "amazon_us",
    "amazon_eu",
    "amazon_jp",
    "other_seller",
    "ebay",
];

/// Mostly realistic claims: dates in a plausible order a few days to a few
/// years apart, with some fields absent, some ids unknown and some dates
/// out of order, so every path (verdicts and errors) is exercised.
fn claim_strategy() -> impl Strategy<Value = ClaimInput> {
    (
        prop_oneof![20 => prop::sample::select(vec!["millso", "mitkco"]), 1 => Just("nobody")],
        prop_oneof![20 => prop::sample::select(ISSUES[..7].to_vec()), 1 => Just(ISSUES[7])],
        prop::option::weighted(
            0.9,
            prop_oneof![20 => prop::sample::select(CHANNELS[..5].to_vec()), 1 => Just(CHANNELS[5])],
        ),
        0u64..40_000, // base: days after 1950-01-01
        // Gaps between dates; the claim date (last) is almost always given.
        (
            prop::array::uniform5(prop::option::weighted(0.85, 0u64..700)),
            prop::option::weighted(0.97, 0u64..700),
            // Shipped and received back: rarer, and days rather than years.
            prop::array::uniform2(prop::option::weighted(0.3, 0u64..90)),
        ),
        prop::array::uniform4(prop::option::of(any::<bool>())),
        prop::option::of(prop_oneof![
            10 => prop::sample::select(vec!["device", "case_or_screen_protector"]),
            1 => Just("hat"),
        ]),
        prop::bool::weighted(0.05), // swap order and delivery sometimes
    )
        .prop_map(
            |(
                vendor,
                issue,
                channel,
                base,
                (gaps, claim_gap, returned),
                flags,
                product,
                shuffle,
            )| {
                let gaps = [
                    gaps[0],
                    gaps[1],
                    gaps[2],
                    gaps[3],
                    gaps[4],
                    returned[0],
                    returned[1],
                    claim_gap,
                ];
                let start = NaiveDate::from_ymd_opt(1950, 1, 1).expect("date") + Days::new(base);
                // order, invoice, delivery, first notice, approval, shipped,
                // received back, claim in time order.
                let order = [
                    DateFact::Order,
                    DateFact::Invoice,
                    DateFact::Delivery,
                    DateFact::FirstNotice,
                    DateFact::Approval,
                    DateFact::Shipped,
                    DateFact::VendorReceived,
                    DateFact::Claim,
                ];
                let mut input = ClaimInput {
                    vendor: Some(vendor.to_owned()),
                    issue: Some(issue.to_owned()),
                    channel: channel.map(str::to_owned),
                    product: product.map(str::to_owned),
                    ..ClaimInput::default()
                };
                let mut date = start;
                for (i, fact) in order.into_iter().enumerate() {
                    if let Some(gap) = gaps[i] {
                        date = date + Days::new(gap);
                        input.set_date(fact, Some(date.to_string()));
                    }
                }
                if shuffle {
                    input
                        .dates
                        .swap(DateFact::Order.index(), DateFact::Delivery.index());
                }
                for flag in Flag::ALL {
                    input.set_flag(flag, flags[flag.index()]);
                }
                input
            },
        )
}

fn decide(input: &ClaimInput) -> Result<Outcome<'static>, DecideError> {
    rules::decide(policies(), input, today())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Any claim gets an outcome or a claim error naming a field; the
    /// shipped policies never fail to decide (no gap, no overlap).
    #[test]
    fn every_claim_is_decided_or_rejected_by_field(input in claim_strategy()) {
        match decide(&input) {
            Ok(_) => {}
            Err(DecideError::Claim(e)) => prop_assert!(e.field.is_some(), "{e}"),
            Err(DecideError::Policy(e)) => prop_assert!(false, "policy could not decide: {e}"),
        }
    }

    /// `check --batch` writes outcomes with its own JSON writer; it must be
    /// byte for byte what serde writes for the same outcome.
    #[test]
    fn compact_outcome_json_is_serdes(input in claim_strategy()) {
        if let Ok(outcome) = decide(&input) {
            let mut fast = Vec::new();
            claimdesk::rules::outcome_json::write_outcome(&mut fast, &outcome);
            let serde = claimdesk::text::json::to_vec(&outcome).expect("serialises");
            prop_assert_eq!(String::from_utf8(fast).expect("utf-8"), String::from_utf8(serde).expect("utf-8"));
        }
    }

    /// No panic on any JSON text at all.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        if let Ok(input) = ClaimInput::from_json(&text) {
            let _ = decide(&input);
        }
    }

    /// No panic on any JSON object built from claim-like keys and values.
    #[test]
    fn arbitrary_field_values_never_panic(
        values in prop::collection::vec(
            (prop::sample::select(vec![
                "vendor", "channel", "issue", "claim_date", "order_date", "delivery_date",
                "invoice_date", "first_notice_date", "approval_date", "product",
                "free_product", "undamaged",
            ]),
            prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::Bool),
                any::<i64>().prop_map(serde_json::Value::from),
                "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(serde_json::Value::String),
                prop::sample::select(vec!["millso", "mitkco", "defective", "direct", "2024-02-29", ""])
                    .prop_map(|s| serde_json::Value::String(s.to_owned())),
            ]),
            0..12,
        )
    ) {
        let map: serde_json::Map<String, serde_json::Value> =
            values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if let Ok(input) = ClaimInput::from_value(&serde_json::Value::Object(map)) {
            let _ = decide(&input);
        }
    }

    /// Deadlines never fall before the date they count from, and days_left
    /// is the distance from the claim date.
    #[test]
    fn deadlines_follow_their_anchor_and_claim_date(input in claim_strategy()) {
        let Ok(outcome) = decide(&input) else { return Ok(()) };
        let policy = policies().vendor(outcome.vendor).expect("vendor");
        for deadline in &outcome.deadlines {
            let Some(date) = deadline.date else {
                prop_assert!(deadline.days_left.is_none());
                continue;
            };
            prop_assert_eq!(deadline.days_left, Some((date - outcome.claim_date).num_days()));
            let window = policy.window(deadline.id).expect("window");
            let anchors: Vec<DateFact> = match &window.kind {
                WindowKind::Span { from, .. } => vec![*from],
                WindowKind::EarliestOf(parts) => parts
                    .iter()
                    .filter_map(|&p| match policy.windows[p].kind {
                        WindowKind::Span { from, .. } => Some(from),
                        WindowKind::EarliestOf(_) => None,
                    })
                    .collect(),
            };
            let earliest_anchor = anchors
                .iter()
                .filter_map(|a| input.date(*a).and_then(|t| t.parse::<NaiveDate>().ok()))
                .min();
            if let Some(anchor) = earliest_anchor {
                prop_assert!(date > anchor, "{} on {date} is not after its anchor {anchor}", deadline.id);
            }
        }
    }

    /// Deadline status (claim-format.md, version 2): met exactly when the
    /// event the window limits is recorded on or before its date (a given
    /// or approval-implied first notice; the first notice, the call to us
    /// included, for the end of a cover; the shipped date for a ship-by),
    /// with `met_on` that event's date; otherwise passed exactly when the
    /// date is before the claim date.
    #[test]
    fn deadline_status_follows_its_event(input in claim_strategy()) {
        let Ok(outcome) = decide(&input) else { return Ok(()) };
        let policy = policies().vendor(outcome.vendor).expect("vendor");
        let given = |f: DateFact| input.date(f).and_then(|t| t.parse::<NaiveDate>().ok());
        for deadline in &outcome.deadlines {
            let window = policy.window(deadline.id).expect("window");
            let event = match window.limits {
                // The end of a cover: met by the first notice, the call
                // to us included.
                Limits::Coverage => Some(outcome.first_notice_date),
                Limits::Notice => given(DateFact::FirstNotice).or_else(|| {
                    given(DateFact::Approval).map(|a| a.min(outcome.claim_date))
                }),
                Limits::Shipment => given(DateFact::Shipped),
                Limits::Nothing => None,
            };
            let met = match (event, deadline.date) {
                (Some(on), Some(date)) if on <= date => Some(on),
                _ => None,
            };
            let want = match (met, deadline.date) {
                (Some(_), _) => DeadlineStatus::Met,
                (None, Some(date)) if date < outcome.claim_date => DeadlineStatus::Passed,
                (None, _) => DeadlineStatus::Open,
            };
            prop_assert_eq!(deadline.status, want, "{}", deadline.id);
            prop_assert_eq!(deadline.met_on, met, "{}", deadline.id);
        }
    }

    /// A claim that is late stays late when the claim date moves later
    /// (first notice as given, or following the claim date when absent).
    #[test]
    fn late_stays_late(input in claim_strategy(), extra in 1u64..800) {
        let Ok(outcome) = decide(&input) else { return Ok(()) };
        let late = outcome.verdict == Verdict::NotEligible
            && outcome.deadlines.iter().any(|d| d.days_left.is_some_and(|n| n < 0));
        if !late {
            return Ok(());
        }
        let later = outcome.claim_date + Days::new(extra);
        let mut moved = input.clone();
        moved.set_date(DateFact::Claim, Some(later.to_string()));
        let again = decide(&moved).expect("a later claim date keeps the claim valid");
        prop_assert_eq!(again.verdict, Verdict::NotEligible, "{} -> {}", outcome.summary, again.summary);
    }

    /// Every clause cited anywhere in the outcome is in `clauses` and is a
    /// clause of the vendor's policy.
    #[test]
    fn clauses_list_is_complete_and_known(input in claim_strategy()) {
        let Ok(outcome) = decide(&input) else { return Ok(()) };
        let policy = policies().vendor(outcome.vendor).expect("vendor");
        let cited = outcome
            .deadlines.iter().flat_map(|d| d.clauses.iter())
            .chain(outcome.evidence.iter().flat_map(|e| e.clauses.iter()))
            .chain(outcome.next_steps.iter().flat_map(|s| s.clauses.iter()))
            .chain(outcome.notes.iter().flat_map(|n| n.clauses.iter()));
        for c in cited {
            prop_assert!(outcome.clauses.contains(&c.as_str()), "{c} missing from clauses");
        }
        for c in &outcome.clauses {
            prop_assert!(policy.clause(c).is_some(), "{c} is not a clause of {}", policy.id);
        }
        for entry in &outcome.trace {
            for c in entry.clauses {
                prop_assert!(outcome.clauses.contains(&c.as_str()), "trace cites {c}, clauses lacks it");
            }
        }
    }
}

/// Guards the properties above against vacuity: the generator must reach
/// every verdict and a good share of valid claims.
#[test]
fn generator_reaches_every_verdict() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = claim_strategy();
    let mut decided = 0;
    let mut seen = std::collections::HashSet::new();
    let total = 3000;
    for _ in 0..total {
        let input = strategy.new_tree(&mut runner).expect("strategy").current();
        if let Ok(outcome) = decide(&input) {
            decided += 1;
            seen.insert(outcome.verdict);
        }
    }
    assert!(
        decided * 4 > total,
        "only {decided} of {total} generated claims were valid"
    );
    for verdict in Verdict::ALL {
        assert!(
            seen.contains(&verdict),
            "no generated claim reached {verdict}"
        );
    }
}

mod dates {
    use chrono::{Datelike, NaiveDate};
    use claimdesk::rules::dates::{add_days, add_months, days_between, parse_date};
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..2150, 1u32..=12, 1u32..=31)
            .prop_filter_map("real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// N months later lands in the right month, on the same day when it
        /// exists and on the month's last day when it does not.
        #[test]
        fn months_clamp_to_the_month_end(start in date(), months in 0u32..60) {
            let end = add_months(start, months);
            let total = start.year() * 12 + start.month0() as i32 + months as i32;
            prop_assert_eq!((end.year(), end.month0() as i32), (total / 12, total % 12));
            let last_day = (28..=31)
                .rev()
                .find(|d| NaiveDate::from_ymd_opt(end.year(), end.month(), *d).is_some())
                .unwrap_or(28);
            prop_assert_eq!(end.day(), start.day().min(last_day));
        }

        /// Day windows: X + N is exactly N days later, and adding in two
        /// steps is the same as adding once.
        #[test]
        fn days_add_up(start in date(), a in 0u32..1000, b in 0u32..1000) {
            prop_assert_eq!(days_between(start, add_days(start, a)), i64::from(a));
            prop_assert_eq!(add_days(add_days(start, a), b), add_days(start, a + b));
        }

        /// Month windows never shrink as the length grows.
        #[test]
        fn longer_month_windows_end_later(start in date(), a in 0u32..60, extra in 1u32..60) {
            prop_assert!(add_months(start, a) < add_months(start, a + extra));
        }

        /// Every real date in range prints and parses back to itself.
        #[test]
        fn dates_round_trip(d in date()) {
            prop_assume!(d.year() < 2200);
            prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
        }
    }
}
