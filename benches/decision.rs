//! Budgets, over the claims of the scenario set, for every vendor × issue
//! type (median):
//! - one claim decided in under 2 µs: validation, rules, the outcome with
//!   its trace (`rules::decide_without_decisive_dates`), not JSON output;
//! - "decision with decisive dates" in under 20 µs: the same plus the span
//!   of every given date (`rules::decide`, what every front end calls).

use chrono::NaiveDate;
use claimdesk::rules::{self, ClaimInput, PolicySet};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

/// Every valid claim of tests/scenarios/{millso,mitkco}.toml, grouped by
/// vendor and issue.
fn scenario_claims(set: &PolicySet, today: NaiveDate) -> BTreeMap<String, Vec<ClaimInput>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut groups: BTreeMap<String, Vec<ClaimInput>> = BTreeMap::new();
    for file in ["millso.toml", "mitkco.toml"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("scenario file");
        let table: toml::Table = toml::from_str(&text).expect("scenario TOML");
        for case in table["case"].as_array().expect("cases") {
            let claim = case["claim"].as_table().expect("claim table");
            let json: serde_json::Map<String, serde_json::Value> = claim
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
                        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
                        other => serde_json::Value::String(other.as_str().unwrap_or("").to_owned()),
                    };
                    (k.clone(), value)
                })
                .collect();
            let Ok(input) = ClaimInput::from_value(&serde_json::Value::Object(json)) else {
                continue;
            };
            if rules::decide(set, &input, today).is_ok() {
                let key = format!(
                    "{}/{}",
                    input.vendor.as_deref().unwrap_or("?"),
                    input.issue.as_deref().unwrap_or("?")
                );
                groups.entry(key).or_default().push(input);
            }
        }
    }
    groups
}

fn decision(c: &mut Criterion) {
    let set = PolicySet::embedded().expect("policies");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let groups = scenario_claims(&set, today);
    assert_eq!(groups.len(), 14, "every vendor x issue has scenario claims");
    let mut group = c.benchmark_group("decide");
    for (name, claims) in &groups {
        // Per-claim time = the reported time / number of claims.
        group.throughput(Throughput::Elements(claims.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), claims, |b, claims| {
            b.iter(|| {
                for claim in claims {
                    black_box(
                        rules::decide_without_decisive_dates(&set, black_box(claim), today).ok(),
                    );
                }
            });
        });
    }
    group.finish();
    let mut group = c.benchmark_group("decision with decisive dates");
    for (name, claims) in &groups {
        group.throughput(Throughput::Elements(claims.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), claims, |b, claims| {
            b.iter(|| {
                for claim in claims {
                    black_box(rules::decide(&set, black_box(claim), today).ok());
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, decision);
criterion_main!(benches);
