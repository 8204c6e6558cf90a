//! Scenario tests: every `tests/scenarios/*.toml` case is a claim and what
//! its outcome must show, written so a claims supervisor can read and add
//! to them without touching Rust (see tests/scenarios/README.md).
//!
//! Policies: the embedded ones plus `tests/fixtures/policies/` (a made-up
//! third vendor that exists only there, proving vendors are pure data).

use crate::common::{fixture_policies, root, today, toml_to_json};

use claimdesk::rules::policy::PolicySet;
use claimdesk::rules::{self, ClaimInput, DecideError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Which decision of policy-notes.md the case pins down.
    #[serde(default)]
    decision: String,
    claim: toml::Table,
    /// Expected verdict; absent when an error is expected.
    verdict: Option<String>,
    /// The claim field the expected error names.
    error: Option<String>,
    return_shipping: Option<String>,
    /// Exact set (order ignored).
    remedies: Option<Vec<String>>,
    /// Deadline id -> date ("none" for an undated deadline).
    #[serde(default)]
    deadlines: BTreeMap<String, String>,
    #[serde(default)]
    days_left: BTreeMap<String, i64>,
    /// Deadline id -> the id of the limit that binds ("earliest of").
    #[serde(default)]
    binds: BTreeMap<String, String>,
    /// Deadline id -> `met`, `open` or `passed`.
    #[serde(default)]
    status: BTreeMap<String, String>,
    /// Deadline id -> the date that met it ("none": `met_on` absent).
    #[serde(default)]
    met_on: BTreeMap<String, String>,
    /// Deadline ids that must not be shown.
    #[serde(default)]
    no_deadlines: Vec<String>,
    /// Clause ids that must be cited.
    #[serde(default)]
    clauses: Vec<String>,
    #[serde(default)]
    not_clauses: Vec<String>,
    /// Notes that must be present: kind and (at least) these clauses.
    #[serde(default)]
    notes: Vec<NoteExpect>,
    /// Texts each found in some note.
    #[serde(default)]
    notes_contain: Vec<String>,
    /// Note kinds that must not be present.
    #[serde(default)]
    no_notes: Vec<String>,
    /// Texts each found in some next step / evidence item / the summary.
    #[serde(default)]
    steps_contain: Vec<String>,
    #[serde(default)]
    steps_lack: Vec<String>,
    /// Texts found in the next steps in this order (the order the
    /// customer does them); two may share a step.
    #[serde(default)]
    steps_in_order: Vec<String>,
    #[serde(default)]
    evidence_contain: Vec<String>,
    #[serde(default)]
    summary_contains: Vec<String>,
    /// Texts the summary must not contain.
    #[serde(default)]
    summary_lacks: Vec<String>,
    /// Statutory deadline id -> date ("none" when undated).
    #[serde(default)]
    statutory_deadlines: BTreeMap<String, String>,
    #[serde(default)]
    statutory_days_left: BTreeMap<String, i64>,
    /// Texts each found in some statutory note / in none.
    #[serde(default)]
    statutory_contain: Vec<String>,
    #[serde(default)]
    statutory_lack: Vec<String>,
    /// No statutory note at all.
    #[serde(default)]
    no_statutory: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteExpect {
    kind: String,
    #[serde(default)]
    clauses: Vec<String>,
}

/// TOML claim table -> the JSON a ticketing system would send.
fn claim_json(table: &toml::Table) -> serde_json::Value {
    toml_to_json(&toml::Value::Table(table.clone()))
}

fn check(set: &PolicySet, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let json = claim_json(&case.claim);
    let decided = ClaimInput::from_value(&json)
        .map_err(DecideError::Claim)
        .and_then(|input| rules::decide(set, &input, today()));
    let outcome = match (decided, &case.error) {
        (Err(DecideError::Claim(e)), Some(field)) => {
            if e.field.as_deref() != Some(field.as_str()) {
                problems.push(format!("expected an error naming {field}, got: {e}"));
            }
            return problems;
        }
        (Ok(o), Some(field)) => {
            problems.push(format!(
                "expected an error naming {field}, got verdict {}",
                o.verdict
            ));
            return problems;
        }
        (Err(e), _) => {
            problems.push(format!("unexpected error: {e}"));
            return problems;
        }
        (Ok(o), None) => o,
    };
    // `check --batch` writes the outcome with its own JSON writer.
    let mut compact = Vec::new();
    claimdesk::rules::outcome_json::write_outcome(&mut compact, &outcome);
    if compact != claimdesk::text::json::to_vec(&outcome).expect("serialises") {
        problems.push("the compact JSON writer and serde disagree".into());
    }
    let value = serde_json::to_value(&outcome).expect("outcome serialises");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();

    match &case.verdict {
        Some(v) if text(&value["verdict"]) != *v => problems.push(format!(
            "verdict: expected {v}, got {} ({})",
            value["verdict"], outcome.summary
        )),
        Some(_) => {}
        None => problems.push("the case names neither verdict nor error".into()),
    }
    if let Some(rs) = &case.return_shipping
        && text(&value["return_shipping"]) != *rs
    {
        problems.push(format!(
            "return_shipping: expected {rs}, got {}",
            value["return_shipping"]
        ));
    }
    if let Some(expected) = &case.remedies {
        let mut got: Vec<String> = value["remedies"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect();
        let mut want = expected.clone();
        got.sort();
        want.sort();
        if got != want {
            problems.push(format!("remedies: expected {want:?}, got {got:?}"));
        }
    }
    let deadlines = value["deadlines"].as_array().cloned().unwrap_or_default();
    let deadline = |id: &str| deadlines.iter().find(|d| d["id"] == id);
    for (id, date) in &case.deadlines {
        match deadline(id) {
            None => problems.push(format!("deadline {id} missing")),
            Some(d) => {
                let got = d["date"].as_str().unwrap_or("none");
                if got != date {
                    problems.push(format!("deadline {id}: expected {date}, got {got}"));
                }
            }
        }
    }
    for (id, days) in &case.days_left {
        match deadline(id).map(|d| d["days_left"].as_i64()) {
            Some(Some(got)) if got == *days => {}
            other => problems.push(format!(
                "deadline {id}: expected {days} days left, got {other:?}"
            )),
        }
    }
    for (id, limit) in &case.binds {
        match deadline(id) {
            Some(d) if d["binds"] == limit.as_str() => {
                let relative = d["relative"].as_str().unwrap_or_default();
                let binding = deadlines_relative_prefix(limit);
                if !relative.starts_with(binding) {
                    problems.push(format!(
                        "deadline {id}: relative {relative:?} does not name the binding limit first"
                    ));
                }
            }
            other => problems.push(format!(
                "deadline {id}: expected {limit} to bind, got {other:?}"
            )),
        }
    }
    for (id, want) in &case.status {
        match deadline(id).map(|d| d["status"].as_str().unwrap_or("(none)").to_owned()) {
            Some(got) if got == *want => {}
            other => problems.push(format!(
                "deadline {id}: expected status {want}, got {other:?}"
            )),
        }
    }
    for (id, want) in &case.met_on {
        match deadline(id).map(|d| d["met_on"].as_str().unwrap_or("none").to_owned()) {
            Some(got) if got == *want => {}
            other => problems.push(format!(
                "deadline {id}: expected met_on {want}, got {other:?}"
            )),
        }
    }
    // Every deadline: met exactly when it has a met_on, and an unmet one
    // is passed exactly when its date is before the claim date.
    for d in &deadlines {
        let status = d["status"].as_str().unwrap_or_default();
        let met_on = d["met_on"].as_str();
        let consistent = match status {
            "met" => met_on.is_some_and(|m| d["date"].as_str().is_some_and(|date| m <= date)),
            "open" => met_on.is_none() && d["days_left"].as_i64().is_none_or(|n| n >= 0),
            "passed" => met_on.is_none() && d["days_left"].as_i64().is_some_and(|n| n < 0),
            _ => false,
        };
        if !consistent {
            problems.push(format!(
                "deadline {} has an inconsistent status: {d}",
                d["id"]
            ));
        }
    }
    for id in &case.no_deadlines {
        if deadline(id).is_some() {
            problems.push(format!("deadline {id} shown but must not be"));
        }
    }
    let cited: Vec<String> = value["clauses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    for c in &case.clauses {
        if !cited.contains(c) {
            problems.push(format!("clause {c} not cited (cited: {cited:?})"));
        }
    }
    for c in &case.not_clauses {
        if cited.contains(c) {
            problems.push(format!("clause {c} cited but must not be"));
        }
    }
    let notes = value["notes"].as_array().cloned().unwrap_or_default();
    for want in &case.notes {
        let found = notes.iter().any(|n| {
            n["kind"] == want.kind.as_str()
                && want.clauses.iter().all(|c| {
                    n["clauses"]
                        .as_array()
                        .is_some_and(|cs| cs.iter().any(|x| x == c.as_str()))
                })
        });
        if !found {
            problems.push(format!(
                "no {} note citing {:?} (notes: {})",
                want.kind,
                want.clauses,
                serde_json::Value::Array(notes.clone())
            ));
        }
    }
    for s in &case.notes_contain {
        if !notes.iter().any(|n| text(&n["text"]).contains(s.as_str())) {
            problems.push(format!(
                "no note contains {s:?} (notes: {})",
                serde_json::Value::Array(notes.clone())
            ));
        }
    }
    for kind in &case.no_notes {
        if notes.iter().any(|n| n["kind"] == kind.as_str()) {
            problems.push(format!("a {kind} note is shown but must not be"));
        }
    }
    let texts = |key: &str| -> Vec<String> {
        value[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| text(&i["text"]))
            .collect()
    };
    let steps = texts("next_steps");
    for s in &case.steps_contain {
        if !steps.iter().any(|t| t.contains(s.as_str())) {
            problems.push(format!("no next step contains {s:?} (steps: {steps:?})"));
        }
    }
    let mut earliest = 0;
    for s in &case.steps_in_order {
        match steps
            .iter()
            .skip(earliest)
            .position(|t| t.contains(s.as_str()))
        {
            Some(i) => earliest += i,
            None => problems.push(format!(
                "no next step from step {} on contains {s:?} (steps: {steps:?})",
                earliest + 1
            )),
        }
    }
    for s in &case.steps_lack {
        if steps.iter().any(|t| t.contains(s.as_str())) {
            problems.push(format!("a next step contains {s:?} but must not"));
        }
    }
    let evidence = texts("evidence");
    for s in &case.evidence_contain {
        if !evidence.iter().any(|t| t.contains(s.as_str())) {
            problems.push(format!(
                "no evidence item contains {s:?} (evidence: {evidence:?})"
            ));
        }
    }
    for s in &case.summary_contains {
        if !outcome.summary.contains(s.as_str()) {
            problems.push(format!("summary lacks {s:?}: {}", outcome.summary));
        }
    }
    for s in &case.summary_lacks {
        if outcome.summary.contains(s.as_str()) {
            problems.push(format!("summary contains {s:?}: {}", outcome.summary));
        }
    }
    problems.extend(check_statutory(set, case, &json, &value));
    // Every outcome: `clauses` lists every clause cited anywhere.
    for section in [
        "deadlines",
        "evidence",
        "next_steps",
        "notes",
        "statutory_deadlines",
    ] {
        for item in value[section].as_array().into_iter().flatten() {
            for c in item["clauses"].as_array().into_iter().flatten() {
                if !cited.contains(&text(c)) {
                    problems.push(format!("{section} cites {c} but clauses lacks it"));
                }
            }
        }
    }
    problems
}

/// The statutory expectations, and for every claim with a customer
/// country: the vendor's verdict, remedies, shipping and deadlines are
/// exactly those of the same claim without it.
fn check_statutory(
    set: &PolicySet,
    case: &Case,
    json: &serde_json::Value,
    value: &serde_json::Value,
) -> Vec<String> {
    let mut problems = Vec::new();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let statutory: Vec<String> = value["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["kind"] == "statutory")
        .map(|n| text(&n["text"]))
        .collect();
    for want in &case.statutory_contain {
        if !statutory.iter().any(|t| t.contains(want.as_str())) {
            problems.push(format!(
                "no statutory note contains {want:?} (statutory notes: {statutory:?})"
            ));
        }
    }
    for unwanted in &case.statutory_lack {
        if statutory.iter().any(|t| t.contains(unwanted.as_str())) {
            problems.push(format!(
                "a statutory note contains {unwanted:?} but must not"
            ));
        }
    }
    if case.no_statutory && !statutory.is_empty() {
        problems.push(format!(
            "statutory notes shown but must not be: {statutory:?}"
        ));
    }
    let deadlines = value["statutory_deadlines"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let deadline = |id: &str| deadlines.iter().find(|d| d["id"] == id);
    for (id, date) in &case.statutory_deadlines {
        match deadline(id) {
            None => problems.push(format!("statutory deadline {id} missing")),
            Some(d) => {
                let got = d["date"].as_str().unwrap_or("none");
                if got != date {
                    problems.push(format!(
                        "statutory deadline {id}: expected {date}, got {got}"
                    ));
                }
            }
        }
    }
    for (id, days) in &case.statutory_days_left {
        match deadline(id).map(|d| d["days_left"].as_i64()) {
            Some(Some(got)) if got == *days => {}
            other => problems.push(format!(
                "statutory deadline {id}: expected {days} days left, got {other:?}"
            )),
        }
    }
    if json.get("customer_country").is_some() {
        let mut without = json.clone();
        if let Some(map) = without.as_object_mut() {
            map.remove("customer_country");
        }
        let plain = ClaimInput::from_value(&without)
            .map_err(DecideError::Claim)
            .and_then(|input| rules::decide(set, &input, today()));
        match plain {
            Ok(o) => {
                let vendor = serde_json::to_value(&o).expect("serialises");
                for key in [
                    "verdict",
                    "summary",
                    "remedies",
                    "return_shipping",
                    "deadlines",
                ] {
                    if vendor[key] != value[key] {
                        problems.push(format!(
                            "{key} differs with the customer country: {} against {}",
                            value[key], vendor[key]
                        ));
                    }
                }
                if vendor["customer_country"] != serde_json::Value::Null
                    || vendor["statutory_deadlines"] != serde_json::json!([])
                {
                    problems.push("without a customer country, statutory fields are set".into());
                }
            }
            Err(e) => problems.push(format!("without the customer country: {e}")),
        }
    }
    problems
}

/// How the binding limit's reckoning starts ("invoice date", "delivery
/// date"), taken from its id.
fn deadlines_relative_prefix(limit: &str) -> &'static str {
    if limit.starts_with("invoice") {
        "invoice date"
    } else {
        "delivery date"
    }
}

fn scenario_files() -> Vec<PathBuf> {
    let dir = root().join("tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/scenarios exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> ScenarioFile {
    let text = std::fs::read_to_string(path).expect("scenario file readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_scenario_holds() {
    let set = fixture_policies();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in scenario_files() {
        let file = load(&path);
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for case in &file.case {
            count += 1;
            let problems = check(set, case);
            if !problems.is_empty() {
                failures.push(format!(
                    "{name}: {} [{}]\n    {}",
                    case.name,
                    case.decision,
                    problems.join("\n    ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} scenarios failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count > 0, "no scenarios found");
}

#[test]
fn scenario_names_are_unique() {
    let mut seen = std::collections::HashSet::new();
    for path in scenario_files() {
        for case in load(&path).case {
            assert!(
                seen.insert(case.name.clone()),
                "duplicate scenario name: {}",
                case.name
            );
        }
    }
}
