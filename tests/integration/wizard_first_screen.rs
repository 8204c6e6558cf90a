//! The whole answer on the first screen (issue 22, "Done when" 1): at
//! 80x24, for every reference claim in tests/scenarios, the outcome's first
//! screen holds the verdict, the one-line summary, the first step with its
//! date and where, and the first sentence of every note that qualifies the
//! headline. Snapshots at 80x24 and 120x40 keep a handful of outcomes
//! (the README's) reviewable.

use claimdesk::case::OutcomeRecord;
use claimdesk::intake::Intake;
use claimdesk::report::{HandOff, Section, SectionId};
use claimdesk::rules::ClaimInput;
use claimdesk::rules::policy::PolicySet;
use claimdesk::wizard::app::{App, Screen};
use claimdesk::wizard::screens::OutcomeState;
use claimdesk::wizard::view::headline_notes;
use std::path::PathBuf;

use crate::common::wizard::screen_rows;
use crate::common::{fixture_policies, root, today, toml_to_json};

/// Every scenario's claim as the JSON a ticketing system would send, with
/// its name; cases that expect an error are left out (no outcome).
fn scenario_claims() -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/scenarios"))
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("scenario file");
        let table: toml::Table = toml::from_str(&text).expect("scenario TOML");
        let Some(cases) = table.get("case").and_then(toml::Value::as_array) else {
            continue;
        };
        for case in cases {
            if case.get("error").is_some() {
                continue;
            }
            let name = case
                .get("name")
                .and_then(toml::Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let claim = case.get("claim").expect("claim");
            let json = toml_to_json(claim);
            out.push((format!("{}: {name}", file.display()), json));
        }
    }
    out
}

fn outcome_app<'p>(set: &'p PolicySet, input: ClaimInput) -> App<'p> {
    let mut intake = Intake::new(set, today());
    intake.input = input;
    let mut app = App::new(intake);
    app.screen = Screen::Outcome(OutcomeState::default());
    app
}

/// The body of the first screen (inside the outcome's frame) as one line
/// of words, so a wrapped text reads as it was written.
fn first_screen_words(rows: &[String]) -> String {
    let body = rows[2..rows.len() - 2]
        .iter()
        .map(|r| r.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    collapse(&body)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What of the whole answer the app's screen (at `width`x`height`) does
/// not show: the verdict, the summary, the first step and the first
/// sentence of each note that qualifies the headline.
fn missing_from_first_screen(app: &App<'_>, width: u16, height: u16) -> Vec<String> {
    let Ok(outcome) = app.outcome() else {
        return vec!["no outcome".to_owned()];
    };
    let record = OutcomeRecord::from_outcome(&outcome);
    let sections = claimdesk::report::sections(&HandOff {
        header: None,
        outcome: &record,
        claim: None,
        policy: app.claim.intake.policy(),
        as_of: None,
    });
    let rows = screen_rows(app, width, height);
    let shown = first_screen_words(&rows);
    let mut wanted = vec![
        ("verdict", record.verdict.words().to_uppercase()),
        ("summary", collapse(&record.summary)),
    ];
    if let Some(first) = sections.iter().find_map(|s| match s {
        Section::List {
            id: SectionId::NextSteps,
            items,
            ..
        } => items.first(),
        _ => None,
    }) {
        wanted.push(("first step", collapse(&first.text)));
    }
    for (_, note) in headline_notes(&record) {
        wanted.push(("qualifying note", collapse(&note)));
    }
    wanted
        .into_iter()
        .filter(|(_, text)| !shown.contains(text.as_str()))
        .map(|(what, text)| format!("the {what} is not on the first screen: {text:?}"))
        .collect()
}

#[test]
fn every_scenario_outcome_shows_the_whole_answer_on_the_first_80x24_screen() {
    let set = fixture_policies();
    let claims = scenario_claims();
    assert!(claims.len() > 100, "only {} scenario claims", claims.len());
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, json) in &claims {
        let Ok(mut input) = ClaimInput::from_value(json) else {
            continue;
        };
        // The wizard sets the vendor's id as the policy spells it.
        input.vendor = input.vendor.map(|v| v.to_lowercase());
        let app = outcome_app(set, input);
        if app.outcome().is_err() {
            continue;
        }
        checked += 1;
        let missing = missing_from_first_screen(&app, 80, 24);
        if !missing.is_empty() {
            problems.push(format!(
                "{name}: {}\n{}",
                missing.join("; "),
                screen_rows(&app, 80, 24).join("\n")
            ));
        }
    }
    assert!(checked > 100, "only {checked} outcomes rendered");
    assert!(
        problems.is_empty(),
        "{} of {checked} outcomes fall short:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// The check above fails when a qualifying warning falls below the first
/// screen: a claim whose warning is pushed down by a long summary.
#[test]
fn a_qualifying_warning_below_the_first_screen_is_caught() {
    let set = fixture_policies();
    // MillSO defective on Amazon US, ordered 50 days ago: the prepaid
    // label's 20 days have passed (issue 22's first example).
    let json = serde_json::json!({
        "vendor": "millso", "channel": "amazon_us", "issue": "defective",
        "order_date": "2026-10-02", "claim_date": "2026-11-21",
    });
    let input = ClaimInput::from_value(&json).expect("claim");
    let app = outcome_app(set, input);
    let record = OutcomeRecord::from_outcome(&app.outcome().expect("decided"));
    let notes = headline_notes(&record);
    assert!(
        notes.iter().any(|(_, n)| n.contains("shipping labels")),
        "the label warning qualifies the headline: {notes:?}"
    );
    assert!(
        missing_from_first_screen(&app, 80, 24).is_empty(),
        "{}",
        screen_rows(&app, 80, 24).join("\n")
    );
    // Scrolled three lines, the warning's first lines are gone from the
    // top while its full text is not reached yet: the check says so.
    let mut scrolled = outcome_app(set, app.claim.intake.input.clone());
    scrolled.screen = Screen::Outcome(OutcomeState {
        scroll: 3,
        why: false,
    });
    let missing = missing_from_first_screen(&scrolled, 80, 24);
    assert!(
        missing.iter().any(|m| m.contains("qualifying note")),
        "{missing:?}\n{}",
        screen_rows(&scrolled, 80, 24).join("\n")
    );
}

/// The README's outcomes at both sizes.
#[test]
fn readme_outcomes_at_80x24_and_120x40() {
    let set = fixture_policies();
    let claims = [
        (
            "millso_amazon_us_label_passed",
            serde_json::json!({"vendor": "millso", "channel": "amazon_us", "issue": "defective",
                "order_date": "2026-10-02", "claim_date": "2026-11-21"}),
        ),
        (
            "millso_amazon_eu_germany",
            serde_json::json!({"vendor": "millso", "channel": "amazon_eu", "issue": "defective",
                "order_date": "2025-09-17", "claim_date": "2026-11-21", "customer_country": "DE"}),
        ),
        (
            "mitkco_transit_damage",
            serde_json::json!({"vendor": "mitkco", "channel": "direct", "issue": "damaged_in_transit",
                "delivery_date": "2026-11-14", "claim_date": "2026-11-21"}),
        ),
        (
            "mitkco_defective_review",
            serde_json::json!({"vendor": "mitkco", "channel": "direct", "issue": "defective",
                "delivery_date": "2026-10-01", "invoice_date": "2026-10-01",
                "first_notice_date": "2026-11-20", "claim_date": "2026-11-21"}),
        ),
    ];
    for (name, json) in claims {
        let input = ClaimInput::from_value(&json).expect("claim");
        let app = outcome_app(set, input);
        assert!(app.outcome().is_ok(), "{name} decides");
        insta::assert_snapshot!(
            format!("{name}__80x24"),
            screen_rows(&app, 80, 24).join("\n")
        );
        insta::assert_snapshot!(
            format!("{name}__120x40"),
            screen_rows(&app, 120, 40).join("\n")
        );
    }
}
