//! The honest preview (`rules::preview`): a verdict it shows is one no
//! answer to the pending facts can change; otherwise it names the facts
//! the verdict depends on.

use crate::common::{policies, today};

use chrono::{Days, NaiveDate};
use claimdesk::rules::claim::{ClaimErrorKind, ClaimInput, DateFact, Fact, Flag};
use claimdesk::rules::outcome::Verdict;
use claimdesk::rules::{self, DecideError, Preview, preview};
use proptest::prelude::*;

fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

const DETAILS: [Fact; 5] = [
    Fact::Product,
    Fact::Flag(Flag::FreeProduct),
    Fact::Flag(Flag::ReplacementUnit),
    Fact::Flag(Flag::Undamaged),
    Fact::Flag(Flag::OutsidePurchaseCountry),
];

fn millso_defective() -> ClaimInput {
    ClaimInput {
        vendor: Some("millso".into()),
        issue: Some("defective".into()),
        channel: Some("amazon_us".into()),
        dates: [None, Some(days_ago(50)), None, None, None, None, None, None],
        ..ClaimInput::default()
    }
}

/// The agent's example: a MillSO screen protector read "Eligible" until
/// the product question turned it to review. With the product still to be
/// asked, the preview names it instead of a verdict.
#[test]
fn millso_quality_claim_depends_on_the_product_until_it_is_asked() {
    let mut input = millso_defective();
    let mut pending = vec![
        Fact::Date(DateFact::FirstNotice),
        Fact::Date(DateFact::Approval),
    ];
    pending.extend(DETAILS);
    match preview(policies(), &input, &pending, today()) {
        Preview::DependsOn(facts) => {
            assert!(facts.contains(&Fact::Product), "{facts:?}");
            assert!(facts.contains(&Fact::Flag(Flag::FreeProduct)), "{facts:?}");
        }
        other => panic!("expected a dependency, got {other:?}"),
    }
    // The value a pending fact happens to hold is not an answer yet.
    input.product = Some("device".into());
    assert!(matches!(
        preview(policies(), &input, &pending, today()),
        Preview::DependsOn(_)
    ));
    // Once the details are answered (a screen protector), no date still to
    // come can change the referral.
    input.product = Some("case_or_screen_protector".into());
    let dates_only = &pending[..2];
    assert_eq!(
        preview(policies(), &input, dates_only, today()),
        Preview::Settled(Verdict::Review)
    );
    // A device: eligible now, but a first notice or an approval could still
    // change it (an approval 46+ days back turns it to review).
    input.product = Some("device".into());
    match preview(policies(), &input, dates_only, today()) {
        Preview::DependsOn(facts) => {
            assert!(facts.contains(&Fact::Date(DateFact::Approval)), "{facts:?}")
        }
        other => panic!("expected a dependency, got {other:?}"),
    }
}

/// The agent's second example: a Mitkco wrong item received 20 days ago
/// read "Not eligible" before the first contact was entered, though a first
/// contact within 7 days of receipt makes it eligible.
#[test]
fn mitkco_wrong_item_depends_on_the_first_contact() {
    let input = ClaimInput {
        vendor: Some("mitkco".into()),
        issue: Some("wrong_item".into()),
        dates: [None, None, Some(days_ago(20)), None, None, None, None, None],
        ..ClaimInput::default()
    };
    let pending = [
        Fact::Date(DateFact::FirstNotice),
        Fact::Date(DateFact::Approval),
        Fact::Date(DateFact::Invoice),
    ];
    match preview(policies(), &input, &pending, today()) {
        Preview::DependsOn(facts) => {
            assert_eq!(facts.first(), Some(&Fact::Date(DateFact::FirstNotice)));
            // The invoice date plays no part in a wrong item.
            assert!(!facts.contains(&Fact::Date(DateFact::Invoice)), "{facts:?}");
        }
        other => panic!("expected a dependency, got {other:?}"),
    }
    // First contact given, 9 days after receipt: nothing left changes it.
    let mut late = input.clone();
    late.set_date(DateFact::FirstNotice, Some(days_ago(11)));
    assert_eq!(
        preview(policies(), &late, &pending[1..], today()),
        Preview::Settled(Verdict::NotEligible)
    );
}

/// Exclusions and follow-ups are settled at once; a required fact still
/// to come is what the preview says it needs.
#[test]
fn settled_exclusions_and_needed_facts() {
    let lost = ClaimInput {
        vendor: Some("mitkco".into()),
        issue: Some("lost_or_stolen".into()),
        ..ClaimInput::default()
    };
    assert_eq!(
        preview(policies(), &lost, &[], today()),
        Preview::Settled(Verdict::NotEligible)
    );
    let mut input = millso_defective();
    input.set_date(DateFact::Order, Some(days_ago(3)));
    match preview(policies(), &input, &[Fact::Date(DateFact::Order)], today()) {
        Preview::Undecided(DecideError::Claim(e)) => {
            assert_eq!(e.kind, ClaimErrorKind::Missing);
            assert_eq!(e.field.as_deref(), Some("order_date"));
        }
        other => panic!("expected the order date to be needed, got {other:?}"),
    }
}

/// Fast enough to run on every change of answers: the widest pending set
/// the wizard has (MillSO right after the order date) in well under the
/// keystroke budget's scale, even in a debug build on a loaded machine.
#[test]
fn preview_of_the_widest_pending_set_is_quick() {
    let input = millso_defective();
    let mut pending = vec![
        Fact::Date(DateFact::FirstNotice),
        Fact::Date(DateFact::Approval),
    ];
    pending.extend(DETAILS);
    let start = std::time::Instant::now();
    for _ in 0..10 {
        let _ = preview(policies(), &input, &pending, today());
    }
    let each = start.elapsed() / 10;
    eprintln!("one preview of the widest wizard pending set: {each:?}");
    let limit = if cfg!(debug_assertions) { 250 } else { 25 };
    assert!(
        each < std::time::Duration::from_millis(limit),
        "one preview took {each:?}"
    );
}

const ISSUES: [&str; 7] = [
    "change_of_mind",
    "defective",
    "damaged_in_transit",
    "wrong_item",
    "lost_or_stolen",
    "misuse_damage",
    "refund_not_received",
];
const CHANNELS: [&str; 5] = [
    "direct",
    "amazon_us",
    "amazon_eu",
    "amazon_jp",
    "other_seller",
];
/// The date facts a claim may give (the claim date is fixed: today).
const DATES: [DateFact; 5] = [
    DateFact::Order,
    DateFact::Delivery,
    DateFact::Invoice,
    DateFact::FirstNotice,
    DateFact::Approval,
];
/// Offsets that land on and next to the policies' window ends, so random
/// completions hit boundaries far more often than uniform days would.
const NEAR: [i64; 29] = [
    0, 1, 2, 6, 7, 8, 13, 14, 15, 19, 20, 21, 29, 30, 31, 44, 45, 46, 52, 53, 59, 60, 61, 364, 365,
    366, 546, 547, 548,
];

/// Every fact a claim can carry, in the order the wizard asks them.
fn all_facts() -> Vec<Fact> {
    let mut facts = vec![Fact::Channel];
    facts.extend(DATES.map(Fact::Date));
    facts.extend(DETAILS);
    facts
}

/// A value for one fact: how a partial claim answers it, or how a
/// completion fills it in.
#[derive(Debug, Clone)]
enum Answer {
    Absent,
    Channel(usize),
    Bool(bool),
    /// Days before the claim date.
    DaysAgo(u64),
    /// Relative to another date of the claim (an index into DATES), or to
    /// the claim date when that one is absent.
    Near(usize, i64),
}

fn answer_strategy() -> impl Strategy<Value = Answer> {
    prop_oneof![
        2 => Just(Answer::Absent),
        1 => (0usize..5).prop_map(Answer::Channel),
        2 => any::<bool>().prop_map(Answer::Bool),
        3 => (0u64..1500).prop_map(Answer::DaysAgo),
        4 => ((0usize..5), prop::sample::select(NEAR.to_vec()), any::<bool>())
            .prop_map(|(anchor, d, sign)| Answer::Near(anchor, if sign { d } else { -d })),
    ]
}

/// Writes `answer` into `input` for `fact`, as far as it fits the fact.
fn apply(input: &mut ClaimInput, fact: Fact, answer: &Answer) {
    match (fact, answer) {
        (_, Answer::Absent) => match fact {
            Fact::Channel => input.channel = None,
            Fact::Product => input.product = None,
            Fact::Date(d) => input.set_date(d, None),
            Fact::Flag(f) => input.set_flag(f, None),
        },
        (Fact::Channel, a) => {
            let i = match a {
                Answer::Channel(i) => *i,
                Answer::DaysAgo(n) => *n as usize,
                Answer::Near(i, _) => *i,
                _ => 0,
            };
            input.channel = Some(CHANNELS[i % CHANNELS.len()].into());
        }
        (Fact::Product, a) => {
            let case = matches!(a, Answer::Bool(true) | Answer::Channel(1 | 3));
            input.product = Some(
                if case {
                    "case_or_screen_protector"
                } else {
                    "device"
                }
                .into(),
            );
        }
        (Fact::Flag(f), a) => {
            let on = match a {
                Answer::Bool(b) => *b,
                Answer::Channel(i) => i % 2 == 1,
                Answer::DaysAgo(n) => n % 2 == 1,
                Answer::Near(_, d) => d % 2 != 0,
                Answer::Absent => false,
            };
            input.set_flag(f, Some(on));
        }
        (Fact::Date(d), a) => {
            let day = match a {
                Answer::DaysAgo(n) => today().checked_sub_days(Days::new(*n)),
                Answer::Near(anchor, offset) => {
                    let base = input
                        .date(DATES[*anchor])
                        .and_then(|t| t.parse::<NaiveDate>().ok())
                        .unwrap_or_else(today);
                    base.checked_add_signed(chrono::TimeDelta::days(*offset))
                }
                Answer::Channel(i) => today().checked_sub_days(Days::new(*i as u64 * 40)),
                Answer::Bool(_) | Answer::Absent => None,
            };
            input.set_date(d, day.map(|x| x.to_string()));
        }
    }
}

/// A partial claim: vendor and issue, each fact answered or pending; and
/// a handful of random completions of whatever is pending.
fn partial_strategy() -> impl Strategy<Value = (ClaimInput, Vec<Fact>, Vec<Vec<Answer>>)> {
    let n = all_facts().len();
    (
        prop::sample::select(vec!["millso", "mitkco"]),
        prop::sample::select(ISSUES.to_vec()),
        prop::collection::vec((prop::bool::weighted(0.45), answer_strategy()), n),
        prop::collection::vec(prop::collection::vec(answer_strategy(), n), 24),
    )
        .prop_map(|(vendor, issue, answers, completions)| {
            let mut input = ClaimInput {
                vendor: Some(vendor.into()),
                issue: Some(issue.into()),
                ..ClaimInput::default()
            };
            let mut pending = Vec::new();
            for (fact, (is_pending, answer)) in all_facts().into_iter().zip(&answers) {
                if *is_pending {
                    pending.push(fact);
                } else {
                    apply(&mut input, fact, answer);
                }
            }
            // Mitkco's only channel is its default; a MillSO channel is
            // usually answered early.
            if vendor == "mitkco" {
                input.channel = None;
                pending.retain(|f| *f != Fact::Channel);
            }
            (input, pending, completions)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whenever the preview shows a verdict, every valid completion of the
    /// pending facts is decided with that verdict; whenever it says the
    /// verdict depends on some facts, those are pending facts.
    #[test]
    fn a_shown_verdict_survives_every_completion((input, pending, completions) in partial_strategy()) {
        let shown = preview(policies(), &input, &pending, today());
        match &shown {
            Preview::Settled(verdict) => {
                for completion in &completions {
                    let mut full = input.clone();
                    for (fact, answer) in pending.iter().zip(completion) {
                        apply(&mut full, *fact, answer);
                    }
                    match rules::decide(policies(), &full, today()) {
                        Ok(outcome) => prop_assert_eq!(
                            outcome.verdict, *verdict,
                            "preview {:?} for {:?} pending {:?}; completed {:?}",
                            shown, input.to_json_value(), pending, full.to_json_value()
                        ),
                        // Not an answer the agent could give.
                        Err(DecideError::Claim(_)) => {}
                        Err(DecideError::Policy(e)) => prop_assert!(false, "policy error {e}"),
                    }
                }
            }
            Preview::DependsOn(facts) => {
                prop_assert!(!facts.is_empty());
                prop_assert!(facts.iter().all(|f| pending.contains(f)), "{:?}", facts);
            }
            Preview::Undecided(_) => {
                // Then the claim as it stands cannot be decided either.
                let mut base = input.clone();
                for fact in &pending {
                    apply(&mut base, *fact, &Answer::Absent);
                }
                prop_assert!(rules::decide(policies(), &base, today()).is_err());
            }
        }
    }

    /// A preview with nothing pending is the verdict itself.
    #[test]
    fn with_nothing_pending_the_preview_is_the_verdict((input, _pending, _c) in partial_strategy()) {
        match (preview(policies(), &input, &[], today()), rules::decide(policies(), &input, today())) {
            (Preview::Settled(v), Ok(outcome)) => prop_assert_eq!(v, outcome.verdict),
            (Preview::Undecided(e), Err(f)) => prop_assert_eq!(e, f),
            (p, d) => prop_assert!(false, "preview {:?} but decide {:?}", p, d.map(|o| o.verdict)),
        }
    }
}
