//! The customer's rights in law (statutory notes): they never change the
//! vendor's verdict (a property over generated claims), both JSON writers
//! emit them alike, jurisdiction files load from folders and are validated
//! by `policies check`, and `check` refuses an unknown country code.

use crate::common;
use crate::common::{fixture_policies, root, today};

use chrono::{Days, NaiveDate};
use claimdesk::rules::claim::{ClaimInput, DateFact, Flag};
use claimdesk::rules::outcome::NoteKind;
use claimdesk::rules::{self, Decider};
use proptest::prelude::*;
use std::path::Path;

const COUNTRIES: [&str; 10] = ["DE", "FR", "GB", "JP", "US", "CN", "IS", "BR", "NL", "ES"];

/// Claims over every vendor, issue and channel, with dates days to years
/// apart (some absent), so both sides of every statutory limit come up.
fn claim_strategy() -> impl Strategy<Value = ClaimInput> {
    (
        prop::sample::select(vec!["millso", "mitkco", "zentro"]),
        prop::sample::select(vec![
            "change_of_mind",
            "defective",
            "damaged_in_transit",
            "wrong_item",
            "lost_or_stolen",
            "misuse_damage",
            "refund_not_received",
            "battery_wear",
        ]),
        prop::option::weighted(
            0.9,
            prop::sample::select(vec![
                "direct",
                "amazon_us",
                "amazon_eu",
                "amazon_jp",
                "other_seller",
                "online",
                "store",
            ]),
        ),
        prop::array::uniform4(prop::option::weighted(0.85, 0u64..500)),
        prop::array::uniform4(prop::option::of(any::<bool>())),
        prop::sample::select(COUNTRIES.to_vec()),
    )
        .prop_map(|(vendor, issue, channel, gaps, flags, country)| {
            let mut input = ClaimInput {
                vendor: Some(vendor.to_owned()),
                issue: Some(issue.to_owned()),
                channel: channel.map(str::to_owned),
                customer_country: Some(country.to_owned()),
                ..ClaimInput::default()
            };
            // order, invoice, delivery, first notice; the claim date last.
            let mut date = NaiveDate::from_ymd_opt(2023, 1, 1).expect("date");
            for (fact, gap) in [
                DateFact::Order,
                DateFact::Invoice,
                DateFact::Delivery,
                DateFact::FirstNotice,
            ]
            .into_iter()
            .zip(gaps)
            {
                if let Some(gap) = gap {
                    date = date + Days::new(gap);
                    input.set_date(fact, Some(date.to_string()));
                }
            }
            input.set_date(
                DateFact::Claim,
                Some((date + Days::new(gaps[0].unwrap_or(3) % 40)).to_string()),
            );
            for flag in Flag::ALL {
                input.set_flag(flag, flags[flag.index()]);
            }
            input
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// Deciding with and without the customer's country gives the same
    /// verdict, summary, remedies, shipping, deadlines, evidence, steps and
    /// vendor notes; the statutory notes are only added.
    #[test]
    fn the_customer_country_never_changes_the_vendor_verdict(input in claim_strategy()) {
        let mut without = input.clone();
        without.customer_country = None;
        let with = rules::decide(fixture_policies(), &input, today());
        let plain = rules::decide(fixture_policies(), &without, today());
        match (with, plain) {
            (Ok(with), Ok(plain)) => {
                prop_assert_eq!(with.verdict, plain.verdict);
                prop_assert_eq!(&with.summary, &plain.summary);
                prop_assert_eq!(&with.remedies, &plain.remedies);
                prop_assert_eq!(with.return_shipping, plain.return_shipping);
                prop_assert_eq!(&with.deadlines, &plain.deadlines);
                prop_assert_eq!(&with.evidence, &plain.evidence);
                prop_assert_eq!(&with.next_steps, &plain.next_steps);
                prop_assert_eq!(&with.trace, &plain.trace);
                let vendor_notes: Vec<_> =
                    with.notes.iter().filter(|n| n.kind != NoteKind::Statutory).collect();
                prop_assert_eq!(vendor_notes, plain.notes.iter().collect::<Vec<_>>());
                // The vendor's clauses come first, unchanged.
                prop_assert_eq!(&with.clauses[..plain.clauses.len()], &plain.clauses[..]);
                prop_assert!(plain.statutory_deadlines.is_empty());
                prop_assert!(plain.customer_country.is_none());
                prop_assert!(with.customer_country.is_some());
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "one decided, one did not: {:?} / {:?}", a.err(), b.err()),
        }
    }

    /// Both JSON writers emit the statutory fields byte for byte alike, and
    /// every clause a statutory note or deadline cites is in `clauses`.
    #[test]
    fn statutory_fields_are_written_alike_and_cited(input in claim_strategy()) {
        if let Ok(outcome) = rules::decide(fixture_policies(), &input, today()) {
            let mut fast = Vec::new();
            claimdesk::rules::outcome_json::write_outcome(&mut fast, &outcome);
            let serde = serde_json::to_vec(&outcome).expect("serialises");
            prop_assert_eq!(String::from_utf8(fast).expect("utf-8"), String::from_utf8(serde).expect("utf-8"));
            for id in outcome
                .notes
                .iter()
                .flat_map(|n| n.clauses.iter())
                .chain(outcome.statutory_deadlines.iter().flat_map(|d| d.clauses.iter()))
            {
                prop_assert!(outcome.clauses.contains(&id.as_str()), "{id} not in clauses");
            }
        }
    }

    /// The bulk decider, reused claim after claim, gives what `decide`
    /// gives: no statutory note of one claim lingers into the next.
    #[test]
    fn the_bulk_decider_leaves_nothing_behind(a in claim_strategy(), b in claim_strategy(), drop_b in any::<bool>()) {
        let mut b = b;
        if drop_b {
            b.customer_country = None;
        }
        let mut decider = Decider::new(fixture_policies());
        let _ = decider.decide(&a, today());
        let reused = decider.decide(&b, today()).map(|o| serde_json::to_string(o).expect("json"));
        let fresh = rules::decide_without_decisive_dates(fixture_policies(), &b, today()).map(|o| serde_json::to_string(&o).expect("json"));
        prop_assert_eq!(reused, fresh);
    }
}

#[test]
fn absent_country_says_none_were_looked_for_and_writes_an_empty_list() {
    let input = ClaimInput::from_json(
        r#"{"vendor":"millso","channel":"amazon_eu","issue":"defective","order_date":"2025-09-15"}"#,
    )
    .expect("claim");
    let outcome =
        rules::decide_without_decisive_dates(fixture_policies(), &input, today()).expect("decided");
    let mut fast = Vec::new();
    claimdesk::rules::outcome_json::write_outcome(&mut fast, &outcome);
    let text = String::from_utf8(fast).expect("utf-8");
    assert!(
        text.ends_with(r#","customer_country":null,"statutory_deadlines":[]}"#),
        "{text}"
    );
    let handoff = claimdesk::report::outcome_text(&outcome, &fixture_policies().policies[0]);
    assert!(
        handoff.contains("Customer's rights in law (not looked for: no customer country given)"),
        "{handoff}"
    );
}

#[test]
fn the_handoff_shows_the_rights_in_law_apart_from_the_vendor_notes() {
    let input = ClaimInput::from_json(
        r#"{"vendor":"millso","channel":"amazon_eu","issue":"defective","order_date":"2025-09-15","delivery_date":"2025-09-17","customer_country":"DE"}"#,
    )
    .expect("claim");
    let outcome = rules::decide(fixture_policies(), &input, today()).expect("decided");
    let policy = fixture_policies().vendor("millso").expect("millso");
    let text = claimdesk::report::outcome_text(&outcome, policy);
    let block = text
        .split("Customer's rights in law (customer in Germany (DE)")
        .nth(1)
        .unwrap_or_else(|| panic!("no statutory block in\n{text}"));
    assert!(block.contains("must repair or replace"), "{text}");
    assert!(
        block.contains("[EU-SGD-10, EU-SGD-14, EU-SGD-17]"),
        "{text}"
    );
    assert!(
        block.contains("2027-09-17 (Friday, in 300 days): EU 2-year legal guarantee ends"),
        "{text}"
    );
    // The vendor's notes do not carry the statutory ones.
    let notes = text.split("Notes:").nth(1).unwrap_or_default();
    let notes = notes
        .split("Customer's rights in law")
        .next()
        .unwrap_or_default();
    assert!(!notes.contains("EU-SGD"), "{text}");
    let case = claimdesk::report::CaseHeader::default();
    let summary = claimdesk::report::Summary::from_outcome(&outcome);
    let md = claimdesk::report::summary_markdown(&case, &summary, Some(policy));
    assert!(md.contains("### Customer's rights in law"), "{md}");
    assert!(
        md.contains("- **2027-09-17** (Friday, in 300 days)"),
        "{md}"
    );
}

fn run(home: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut cmd = common::claimdesk(home);
    cmd.args(["--today", "2026-11-21"]).args(args);
    common::run_with_stdin(&mut cmd, stdin)
}

#[test]
fn check_refuses_an_unknown_country_code_naming_the_field() {
    let home = tempfile::tempdir().expect("home");
    let out = run(
        home.path(),
        &["check"],
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-10-01","customer_country":"ZZ"}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("customer_country"), "{err}");
    assert!(err.contains("\"ZZ\""), "{err}");
}

#[test]
fn a_jurisdiction_folder_adds_a_country_with_no_rust_change() {
    let home = tempfile::tempdir().expect("home");
    let claim = r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2024-06-01","delivery_date":"2024-06-03","customer_country":"IS"}"#;
    let without = run(home.path(), &["check"], claim);
    assert_eq!(without.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&without.stdout).expect("json");
    assert_eq!(value["statutory_deadlines"], serde_json::json!([]));
    let fixtures = root().join("tests/fixtures/jurisdictions");
    let with = run(
        home.path(),
        &["check", "--jurisdictions", fixtures.to_str().expect("path")],
        claim,
    );
    assert_eq!(
        with.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&with.stdout).expect("json");
    assert_eq!(value["verdict"], "not_eligible");
    assert_eq!(value["statutory_deadlines"][0]["id"], "tl_defects_end");
    assert_eq!(value["statutory_deadlines"][0]["date"], "2027-06-03");
    assert!(
        value["clauses"]
            .as_array()
            .expect("clauses")
            .contains(&serde_json::json!("TL-DEF-3Y"))
    );
}

#[test]
fn the_config_folder_can_replace_a_shipped_jurisdiction() {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join(".config/claimdesk/jurisdictions");
    std::fs::create_dir_all(&dir).expect("dir");
    // A legal team's correction: the US file with another wording.
    let us = include_str!("../../assets/jurisdictions/us.toml").replace(
        "state law may still give the customer more",
        "state law may still give more (corrected)",
    );
    std::fs::write(dir.join("us.toml"), us).expect("write");
    let out = run(
        home.path(),
        &["check"],
        r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","order_date":"2025-01-01","customer_country":"US"}"#,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(corrected)"), "{text}");
}

#[test]
fn policies_check_validates_jurisdiction_files() {
    let home = tempfile::tempdir().expect("home");
    let good = run(home.path(), &["policies", "check"], "");
    assert_eq!(good.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&good.stdout);
    for id in ["eu", "gb", "jp", "us", "cn"] {
        assert!(listing.contains(&format!("({id}):")), "{listing}");
    }
    assert!(
        listing.contains("embedded:eu.toml (eu): 27 countries"),
        "{listing}"
    );

    let broken = home.path().join("broken.toml");
    std::fs::write(
        &broken,
        r#"
[jurisdiction]
id = "broken"
name = "Broken"
countries = ["DE", "XX", "de"]

[reach]
applies_text = "applies"
may_apply_text = "may apply"

[[articles]]
id = "B-1"
short = "a rule"
source = ""

[[deadlines]]
id = "b_end"
label = "ends"
from = "delivery_date"
days = 10
months = 2

[[deadlines]]
id = "b_other"
label = "ends"
from = "posted_date"
days = 0

[[rules]]
id = "b_rule"
label = "rule"
clauses = ["B-2"]
deadlines = ["nope"]
text = "until {date.b_missing} {vendor}"

[[rules]]
id = "b_refer"
label = "refers"
text = "refer the customer to {refer}"
"#,
    )
    .expect("write");
    let out = run(
        home.path(),
        &["policies", "check", broken.to_str().expect("path")],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "\"XX\" is not an ISO 3166-1 alpha-2 country code",
        "\"de\" is not an ISO 3166-1 alpha-2 country code",
        "article B-1 needs its source",
        "deadline b_end: give exactly one of days or months",
        "from = \"posted_date\" is not a claim date field",
        "deadline b_other: days must be 1 to",
        "cites B-2, which no [[articles]] declares",
        "names deadline nope, which is not declared",
        "unknown placeholder {date.b_missing}",
        "unknown placeholder {refer}",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    // Errors point at the file and the table's line.
    assert!(err.contains("broken.toml:2:"), "{err}");
}

#[test]
fn check_batch_with_and_without_country_keeps_the_verdicts() {
    let home = tempfile::tempdir().expect("home");
    let lines = [
        r#"{"vendor":"millso","channel":"amazon_eu","issue":"defective","order_date":"2025-09-15","delivery_date":"2025-09-17","customer_country":"DE"}"#,
        r#"{"vendor":"millso","channel":"amazon_eu","issue":"defective","order_date":"2025-09-15","delivery_date":"2025-09-17"}"#,
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-12","delivery_date":"2026-11-14","customer_country":"CN"}"#,
    ];
    let out = run(home.path(), &["check", "--batch"], &lines.join("\n"));
    assert_eq!(out.status.code(), Some(0));
    let outcomes: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0]["verdict"], outcomes[1]["verdict"]);
    assert_eq!(outcomes[0]["customer_country"], "DE");
    assert_eq!(outcomes[1]["customer_country"], serde_json::Value::Null);
    assert_eq!(outcomes[1]["statutory_deadlines"], serde_json::json!([]));
    assert_eq!(outcomes[2]["statutory_deadlines"][0]["id"], "cn_return_end");
    assert_eq!(
        outcomes[2]["statutory_deadlines"][1]["date"],
        serde_json::Value::Null
    );
}

mod intake {
    use super::{fixture_policies, today};
    use claimdesk::intake::{Field, Intake, Kind, NOT_KNOWN};
    use claimdesk::rules::claim::DateFact;
    use claimdesk::rules::policy::PolicySet;

    fn country_choices(intake: &Intake<'_>) -> Option<Vec<(String, String)>> {
        intake
            .questions()
            .into_iter()
            .find(|q| q.field == Field::CustomerCountry)
            .map(|q| match q.kind {
                Kind::Choice(c) => c.into_iter().map(|c| (c.id, c.label)).collect(),
                _ => Vec::new(),
            })
    }

    fn intake<'p>(
        set: &'p PolicySet,
        vendor: &str,
        issue: &str,
        channel: Option<&str>,
    ) -> Intake<'p> {
        let mut i = Intake::new(set, today());
        i.choose(Field::Vendor, vendor);
        i.choose(Field::Issue, issue);
        if let Some(c) = channel {
            i.choose(Field::Channel, c);
        }
        i
    }

    #[test]
    fn the_country_is_asked_only_when_a_jurisdiction_has_a_rule_for_the_issue() {
        assert!(
            country_choices(&intake(
                fixture_policies(),
                "millso",
                "defective",
                Some("direct")
            ))
            .is_some()
        );
        assert!(
            country_choices(&intake(
                fixture_policies(),
                "mitkco",
                "change_of_mind",
                None
            ))
            .is_some()
        );
        // No file has a rule on refunds, losses or misuse.
        for issue in ["refund_not_received", "lost_or_stolen", "misuse_damage"] {
            assert!(
                country_choices(&intake(fixture_policies(), "millso", issue, None)).is_none(),
                "{issue}"
            );
        }
        // Battery wear: only the made-up jurisdiction speaks to it.
        assert!(
            country_choices(&intake(
                fixture_policies(),
                "zentro",
                "battery_wear",
                Some("store")
            ))
            .is_some()
        );
        let shipped = PolicySet::load(&[claimdesk::rules::policy::PolicySource::Named(
            super::root().join("tests/fixtures/policies"),
        )])
        .expect("loads");
        assert!(
            country_choices(&intake(&shipped, "zentro", "battery_wear", Some("store"))).is_none()
        );
    }

    #[test]
    fn the_default_comes_first_from_config_or_channel_else_not_known() {
        let us = country_choices(&intake(
            fixture_policies(),
            "millso",
            "defective",
            Some("amazon_us"),
        ))
        .expect("asked");
        assert_eq!(us[0].0, "US");
        assert_eq!(us[1].0, NOT_KNOWN);
        let jp = country_choices(&intake(
            fixture_policies(),
            "millso",
            "defective",
            Some("amazon_jp"),
        ))
        .expect("asked");
        assert_eq!(jp[0].0, "JP");
        // Amazon Europe: no single country; Not known first, then the EU
        // member states before anything else.
        let eu = country_choices(&intake(
            fixture_policies(),
            "millso",
            "defective",
            Some("amazon_eu"),
        ))
        .expect("asked");
        assert_eq!(eu[0].0, NOT_KNOWN);
        let eu_states: Vec<&str> = eu[1..28].iter().map(|(id, _)| id.as_str()).collect();
        assert!(
            eu_states.contains(&"DE") && eu_states.contains(&"SE"),
            "{eu_states:?}"
        );
        assert!(
            !eu_states.contains(&"GB") && !eu_states.contains(&"US"),
            "{eu_states:?}"
        );
        // config.toml's customer_country wins over the channel.
        let mut configured = intake(fixture_policies(), "millso", "defective", Some("amazon_us"));
        configured.customer_country = Some("GB".into());
        let gb = country_choices(&configured).expect("asked");
        assert_eq!(gb[0], ("GB".into(), "GB  United Kingdom".into()));
    }

    #[test]
    fn not_known_clears_the_country_and_never_blocks_the_verdict() {
        let mut i = intake(fixture_policies(), "millso", "defective", Some("amazon_eu"));
        let order = claimdesk::rules::claim::DateFact::Order;
        i.answer_date(order, "-430").expect("date");
        i.choose(Field::CustomerCountry, "DE");
        let with = i.decide().expect("decided");
        assert_eq!(
            with.customer_country.map(|c| c.to_string()).as_deref(),
            Some("DE")
        );
        i.choose(Field::CustomerCountry, NOT_KNOWN);
        assert_eq!(i.input.customer_country, None);
        let without = i.decide().expect("decided without a country");
        assert_eq!(with.verdict, without.verdict);
        assert!(without.statutory_deadlines.is_empty());
    }

    fn asks_delivery(intake: &Intake<'_>) -> Option<(bool, String)> {
        intake
            .questions()
            .into_iter()
            .find(|q| q.field == Field::Date(DateFact::Delivery))
            .map(|q| (matches!(q.kind, Kind::Date { optional: true }), q.prompt))
    }

    /// statutory-notes.md "Corrections": when a note for the customer's
    /// country counts from delivery and the policy does not ask it, the
    /// (shared wizard and plain-mode) question list asks it, optional.
    #[test]
    fn the_intake_asks_the_delivery_date_the_law_counts_from() {
        // MillSO counts from the order: no delivery question without a
        // country, nor for a US customer (no US note counts from delivery).
        let mut i = intake(
            fixture_policies(),
            "millso",
            "change_of_mind",
            Some("amazon_eu"),
        );
        assert_eq!(asks_delivery(&i), None);
        i.choose(Field::CustomerCountry, "US");
        assert_eq!(asks_delivery(&i), None);
        for country in ["DE", "GB", "CN"] {
            i.choose(Field::CustomerCountry, country);
            let (optional, prompt) = asks_delivery(&i).unwrap_or_else(|| panic!("{country}"));
            assert!(optional, "{country}");
            assert!(prompt.contains("receive the item"), "{prompt}");
        }
        // It comes after the country question, once.
        let fields: Vec<Field> = i.questions().iter().map(|q| q.field).collect();
        let country = fields
            .iter()
            .position(|f| *f == Field::CustomerCountry)
            .expect("country");
        let delivery: Vec<usize> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| **f == Field::Date(DateFact::Delivery))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(delivery, [country + 1]);
        // Answered, the note carries the date; blank ("not known"), it
        // reads "14 days from delivery".
        i.choose(Field::CustomerCountry, "DE");
        i.answer_date(DateFact::Order, "2026-11-01").expect("order");
        i.answer_date(DateFact::Delivery, "2026-11-05")
            .expect("delivery");
        let dated = i.decide().expect("decided");
        assert_eq!(
            dated.statutory_deadlines[0]
                .date
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-11-19")
        );
        i.answer_date(DateFact::Delivery, "").expect("blank");
        let undated = i.decide().expect("decided");
        let note = undated
            .notes
            .iter()
            .find(|n| n.kind == claimdesk::rules::outcome::NoteKind::Statutory)
            .expect("note");
        assert!(note.text.contains("14 days from delivery"), "{}", note.text);
        // Mitkco asks the delivery date itself: never twice.
        let mut m = intake(fixture_policies(), "mitkco", "change_of_mind", None);
        m.choose(Field::CustomerCountry, "DE");
        let n = m
            .questions()
            .iter()
            .filter(|q| q.field == Field::Date(DateFact::Delivery))
            .count();
        assert_eq!(n, 1);
    }
}

/// statutory-notes.md "Corrections", one test per correction.
mod corrections {
    use super::{fixture_policies, today};
    use claimdesk::rules::claim::{ClaimInput, CountryCode};
    use claimdesk::rules::outcome::{NoteKind, Outcome};
    use claimdesk::rules::{self};

    fn decide(json: &str) -> Outcome<'static> {
        let input = ClaimInput::from_json(json).expect("claim");
        rules::decide(fixture_policies(), &input, today()).expect("decided")
    }

    fn statutory(outcome: &Outcome<'_>) -> Vec<String> {
        outcome
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::Statutory)
            .map(|n| n.text.to_string())
            .collect()
    }

    /// Every shipped vendor, channel, quality or change-of-mind issue and
    /// jurisdiction country, with a delivery date.
    fn grid() -> Vec<(String, String, &'static str, String)> {
        let mut out = Vec::new();
        for policy in &fixture_policies().policies {
            if !["millso", "mitkco"].contains(&policy.id.as_str()) {
                continue;
            }
            for channel in &policy.channels {
                for issue in ["change_of_mind", "defective", "wrong_item"] {
                    for country in ["DE", "GB", "JP", "US", "CN"] {
                        for order in ["2025-01-10", "2026-10-01", "2026-11-15"] {
                            let claim = format!(
                                r#"{{"vendor":"{}","channel":"{}","issue":"{issue}","order_date":"{order}","invoice_date":"{order}","delivery_date":"{order}","customer_country":"{country}"}}"#,
                                policy.id, channel.id
                            );
                            out.push((policy.id.clone(), channel.id.clone(), country, claim));
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn whose_law_follows_the_vendors_seat_in_the_policy_file() {
        let millso = fixture_policies().vendor("millso").expect("millso");
        let mitkco = fixture_policies().vendor("mitkco").expect("mitkco");
        assert_eq!(millso.seat, CountryCode::parse("US"));
        assert_eq!(mitkco.seat, CountryCode::parse("CN"));
        // Each jurisdiction's own instrument, never another's.
        let foreign: [(&str, &[&str]); 5] = [
            (
                "DE",
                &["art. 42", "art. 11", "retained in UK law", "state law"],
            ),
            ("GB", &["593/2008", "art. 42", "art. 11"]),
            ("JP", &["593/2008", "Rome I", "art. 42"]),
            ("US", &["593/2008", "Rome I", "art. 42", "art. 11"]),
            ("CN", &["593/2008", "Rome I", "art. 11"]),
        ];
        let mut checked = 0;
        for (vendor, channel, country, claim) in grid() {
            let notes = statutory(&decide(&claim));
            let (_, never) = foreign
                .iter()
                .find(|(c, _)| *c == country)
                .expect("country");
            for note in &notes {
                for word in *never {
                    assert!(!note.contains(word), "{claim}: {word:?} in {note}");
                }
                checked += 1;
            }
            // A direct sale from a vendor seated in the customer's
            // country is domestic: no qualification.
            let domestic = channel == "direct"
                && ((vendor == "millso" && country == "US")
                    || (vendor == "mitkco" && country == "CN"));
            if domestic {
                for note in &notes {
                    assert!(!note.contains("may apply"), "{claim}: {note}");
                }
            }
        }
        assert!(checked > 100, "only {checked} notes checked");
        // The issue's case: a Chinese customer of Shanghai-based Mitkco.
        let cn = statutory(&decide(
            r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-15","delivery_date":"2026-11-17","customer_country":"CN"}"#,
        ));
        assert!(cn[0].starts_with("Chinese law applies: "), "{cn:?}");
        // Abroad, each country's own rule.
        for (country, issue, instrument) in [
            (
                "DE",
                "change_of_mind",
                "(Regulation (EC) No 593/2008 art. 6)",
            ),
            (
                "GB",
                "change_of_mind",
                "(Rome I art. 6, as retained in UK law)",
            ),
            (
                "JP",
                "defective",
                "(Act on General Rules for Application of Laws art. 11)",
            ),
            (
                "CN",
                "change_of_mind",
                "Foreign-related Civil Relations art. 42",
            ),
        ] {
            let notes = statutory(&decide(&format!(
                r#"{{"vendor":"millso","channel":"direct","issue":"{issue}","order_date":"2026-11-15","delivery_date":"2026-11-17","customer_country":"{country}"}}"#
            )));
            assert!(
                notes.iter().any(|n| n.contains(instrument)),
                "{country}: {notes:?}"
            );
        }
    }

    #[test]
    fn statutory_rights_are_compared_by_dates_not_lengths() {
        // Ordered 1 Sep, delivered 10 Oct, claimed 20 Oct: MillSO's 45 days
        // ended 16 Oct, the EU withdrawal runs to 24 Oct.
        let late = decide(
            r#"{"vendor":"millso","channel":"amazon_eu","issue":"change_of_mind","order_date":"2026-09-01","delivery_date":"2026-10-10","claim_date":"2026-10-20","customer_country":"DE"}"#,
        );
        assert_eq!(
            late.verdict,
            claimdesk::rules::outcome::Verdict::NotEligible
        );
        let notes = statutory(&late);
        assert!(
            notes[0].contains(
                "still open until 2026-10-24, after MillSO's own 45 days (to 2026-10-16)"
            ),
            "{notes:?}"
        );
        assert!(!notes[0].contains("more generous"), "{notes:?}");
        // The same lengths with an early delivery: MillSO's date is later.
        let early = statutory(&decide(
            r#"{"vendor":"millso","channel":"amazon_eu","issue":"change_of_mind","order_date":"2026-09-01","delivery_date":"2026-09-03","claim_date":"2026-09-10","customer_country":"DE"}"#,
        ));
        assert!(
            early[0].contains("run to 2026-10-16, later: the vendor's terms are more generous"),
            "{early:?}"
        );
        // Only a same-or-later vendor date is ever called more generous.
        for (_, _, _, claim) in super::corrections::grid() {
            let outcome = decide(&claim);
            for note in statutory(&outcome) {
                if note.contains("more generous") {
                    assert!(!note.contains("still open"), "{claim}: {note}");
                }
            }
        }
    }

    #[test]
    fn every_note_refers_to_a_body_outside_the_vendor() {
        for j in &fixture_policies().jurisdictions.list {
            if j.id == "testland" {
                continue;
            }
            assert!(j.refer.is_some(), "{} has no [refer]", j.id);
        }
        for (vendor, _, country, claim) in grid() {
            let outcome = decide(&claim);
            let name = fixture_policies()
                .vendor(&vendor)
                .expect("vendor")
                .name
                .clone();
            for note in statutory(&outcome) {
                let lower = note.to_lowercase();
                assert!(
                    !lower.contains(&format!("refer the customer to {}", name.to_lowercase())),
                    "{claim}: {note}"
                );
                assert!(
                    !lower.contains("refer the customer to the amazon seller"),
                    "{note}"
                );
                if lower.contains("refer the customer to") {
                    let body = match country {
                        "DE" => "consumer",
                        "GB" => "citizens advice consumer helpline",
                        "JP" => "consumer hotline 188",
                        "US" => "attorney general",
                        _ => "12315",
                    };
                    assert!(lower.contains(body), "{country}: {note}");
                }
            }
        }
        // Past MillSO's window, a US customer is referred to the state
        // attorney general, not back to MillSO.
        let us = statutory(&decide(
            r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","order_date":"2025-01-01","customer_country":"US"}"#,
        ));
        assert!(
            us[0].contains("refer the customer to the consumer protection office of the attorney general of the customer's state"),
            "{us:?}"
        );
    }

    #[test]
    fn gb_notes_cover_goods_not_matching_the_contract() {
        for issue in ["defective", "damaged_in_transit", "wrong_item"] {
            let outcome = decide(&format!(
                r#"{{"vendor":"millso","channel":"amazon_eu","issue":"{issue}","order_date":"2026-11-01","delivery_date":"2026-11-03","customer_country":"GB"}}"#
            ));
            let notes = statutory(&outcome);
            let reject = notes
                .iter()
                .find(|n| n.contains("may be rejected"))
                .unwrap_or_else(|| panic!("{issue}: {notes:?}"));
            assert!(
                reject.contains("faulty, not as described, or the wrong item; Consumer Rights Act 2015 ss. 9-11, 19, 22"),
                "{reject}"
            );
            assert!(
                !notes.iter().any(|n| n.contains("faulty goods")),
                "{notes:?}"
            );
            assert!(outcome.clauses.contains(&"GB-CRA-9-11"), "{issue}");
        }
    }

    #[test]
    fn japan_notes_cite_their_articles_and_the_civil_code_without_a_date() {
        let cancel = decide(
            r#"{"vendor":"millso","channel":"amazon_jp","issue":"change_of_mind","order_date":"2026-11-10","delivery_date":"2026-11-12","customer_country":"JP"}"#,
        );
        let note = cancel
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::Statutory)
            .expect("note");
        assert_eq!(note.clauses, ["JP-SCTA-15-3"]);
        assert!(
            note.text
                .contains("Act on Specified Commercial Transactions art. 15-3")
        );
        let (_, article) = fixture_policies()
            .jurisdictions
            .article("JP-SCTA-15-3")
            .expect("article");
        assert_eq!(
            article.source,
            "Act on Specified Commercial Transactions art. 15-3"
        );

        let quality = decide(
            r#"{"vendor":"millso","channel":"amazon_jp","issue":"defective","order_date":"2025-01-10","delivery_date":"2025-01-12","customer_country":"JP"}"#,
        );
        let note = quality
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::Statutory)
            .expect("note");
        assert_eq!(note.clauses, ["JP-CC-562"]);
        assert!(
            note.text
                .contains("liability for non-conformity, arts. 562-564, 566"),
            "{}",
            note.text
        );
        assert!(quality.statutory_deadlines.is_empty());
        assert!(
            !note
                .text
                .contains("refer the customer to the Amazon seller")
        );
        let (_, article) = fixture_policies()
            .jurisdictions
            .article("JP-CC-562")
            .expect("article");
        assert_eq!(article.source, "Civil Code arts. 562-564, 566");
    }
}

/// The vendor's seat is data: a bad code, or a `from_seat` channel with no
/// seat, is a policy error naming it.
#[test]
fn policies_check_refuses_a_bad_seat() {
    let home = tempfile::tempdir().expect("home");
    let millso = include_str!("../../assets/policies/millso.toml");
    for (name, text, want) in [
        (
            "bad_seat.toml",
            millso.replace("seat = \"US\"", "seat = \"XX\""),
            "vendor.seat \"XX\" is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            "no_seat.toml",
            millso.replace("seat = \"US\"", ""),
            "a channel is from_seat but [vendor] names no seat",
        ),
    ] {
        let path = home.path().join(name);
        std::fs::write(&path, text).expect("write");
        let out = run(
            home.path(),
            &["policies", "check", path.to_str().expect("path")],
            "",
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{name}: {err}");
    }
}
