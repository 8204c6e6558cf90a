//! A rough timing of the decision with and without decisive dates, per
//! vendor × issue over the scenario claims (the `decision` bench's cases,
//! without criterion): `cargo run --release --example decisive_timing`.
//! The budgets are in benches/decision.rs; `cargo bench` gives the figures
//! of record.

use chrono::NaiveDate;
use claimdesk::rules::{self, ClaimInput, PolicySet};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn main() {
    let set = PolicySet::embedded().expect("policies");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut groups: BTreeMap<String, Vec<ClaimInput>> = BTreeMap::new();
    for file in ["millso.toml", "mitkco.toml"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("scenario file");
        let table: toml::Table = toml::from_str(&text).expect("scenario TOML");
        for case in table["case"].as_array().expect("cases") {
            let json: serde_json::Map<String, serde_json::Value> = case["claim"]
                .as_table()
                .expect("claim table")
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
                        other => serde_json::Value::String(other.as_str().unwrap_or("").to_owned()),
                    };
                    (k.clone(), value)
                })
                .collect();
            let Ok(input) = ClaimInput::from_value(&serde_json::Value::Object(json)) else {
                continue;
            };
            if rules::decide(&set, &input, today).is_ok() {
                let key = format!(
                    "{}/{}",
                    input.vendor.clone().unwrap_or_default(),
                    input.issue.clone().unwrap_or_default()
                );
                groups.entry(key).or_default().push(input);
            }
        }
    }
    println!(
        "{:<32} {:>12} {:>14}",
        "vendor/issue", "decide µs", "+decisive µs"
    );
    for (name, claims) in &groups {
        let time = |with: bool| {
            let rounds = 20_000 / claims.len().max(1);
            let start = Instant::now();
            for _ in 0..rounds {
                for claim in claims {
                    if with {
                        black_box(rules::decide(&set, black_box(claim), today).ok());
                    } else {
                        black_box(
                            rules::decide_without_decisive_dates(&set, black_box(claim), today)
                                .ok(),
                        );
                    }
                }
            }
            start.elapsed().as_secs_f64() * 1e6 / (rounds * claims.len()) as f64
        };
        println!("{name:<32} {:>12.2} {:>14.2}", time(false), time(true));
    }
}
