//! Finding 4: rules whose `overrides` form a ring (a over b over a, or
//! longer) are a policy error when the file is loaded, naming the rules,
//! in every command; and the engine, handed such a policy anyway, answers
//! with an error instead of panicking.

use crate::common;

use claimdesk::rules::ClaimInput;
use claimdesk::rules::engine::{self, EvalError};
use claimdesk::rules::policy::compile_policy;
use claimdesk::rules::validate::validate;
use claimdesk::rules::{Policy, PolicySet};
use std::path::Path;
use std::process::Output;

/// A small valid policy; `rules` are appended as `[[rules]]` tables, each
/// an eligible decision rule in the one tier with the given overrides.
fn policy_with(rules: &[(&str, &[&str])]) -> String {
    let mut text = String::from(
        r#"tiers = ["main"]

[vendor]
id = "ringco"
name = "Ring Co"

[[channels]]
id = "direct"
label = "Direct"

[[issues]]
id = "defective"
label = "Defective"

[[clauses]]
id = "RC-1"
short = "Defects are refunded"
text = "Defects are refunded."

[[requires]]
issues = ["defective"]
"#,
    );
    for (id, overrides) in rules {
        let list: Vec<String> = overrides.iter().map(|o| format!("\"{o}\"")).collect();
        text.push_str(&format!(
            "\n[[rules]]\nid = \"{id}\"\nlabel = \"Rule {id}\"\ntier = \"main\"\nverdict = \"eligible\"\n\
             summary = \"Refund.\"\nreturn_shipping = \"vendor\"\nclauses = [\"RC-1\"]\noverrides = [{}]\n",
            list.join(", ")
        ));
    }
    text
}

const TWO_RING: &[(&str, &[&str])] = &[("alpha", &["beta"]), ("beta", &["alpha"])];
const THREE_RING: &[(&str, &[&str])] = &[
    ("alpha", &["beta"]),
    ("beta", &["gamma"]),
    ("gamma", &["alpha"]),
];

fn claimdesk(args: &[&str], stdin: &str, home: &Path) -> Output {
    let mut cmd = common::claimdesk(home);
    cmd.args(args);
    common::run_with_stdin(&mut cmd, stdin)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_two_rule_ring_is_a_compile_error_naming_both() {
    let errors = compile_policy("ring.toml", &policy_with(TWO_RING)).expect_err("refused");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(r#"rule "alpha" and rule "beta" override each other"#)),
        "{messages:#?}"
    );
    // Located at the first rule of the ring.
    let ring = errors
        .iter()
        .find(|e| e.message.contains("override each other"))
        .expect("ring error");
    assert!(ring.line.is_some(), "{ring}");
}

#[test]
fn a_three_rule_ring_names_the_path() {
    let errors = compile_policy("ring.toml", &policy_with(THREE_RING)).expect_err("refused");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains(
            r#"rules override each other in a cycle: "alpha" → "beta" → "gamma" → "alpha""#
        )),
        "{messages:#?}"
    );
}

#[test]
fn a_chain_without_a_ring_still_compiles() {
    let chain: &[(&str, &[&str])] = &[
        ("alpha", &["beta", "gamma"]),
        ("beta", &["gamma"]),
        ("gamma", &[]),
    ];
    compile_policy("chain.toml", &policy_with(chain)).expect("a chain is fine");
}

#[test]
fn a_ring_thousands_long_is_refused_without_exhausting_the_stack() {
    let ids: Vec<String> = (0..5000).map(|i| format!("r{i}")).collect();
    let next: Vec<[&str; 1]> = (0..ids.len())
        .map(|i| [ids[(i + 1) % ids.len()].as_str()])
        .collect();
    let rules: Vec<(&str, &[&str])> = ids
        .iter()
        .zip(&next)
        .map(|(id, n)| (id.as_str(), &n[..]))
        .collect();
    let errors = compile_policy("long.toml", &policy_with(&rules)).expect_err("refused");
    let ring = errors
        .iter()
        .find(|e| e.message.contains("cycle"))
        .expect("ring named");
    assert!(ring.message.contains("(5000 rules in all)"), "{ring}");
    assert!(
        ring.message.len() < 1000,
        "kept short: {}",
        ring.message.len()
    );
}

#[test]
fn policies_check_reports_the_ring_and_fails() {
    let home = tempfile::tempdir().expect("tempdir");
    for (name, rules, expected) in [
        (
            "two.toml",
            TWO_RING,
            r#"rule "alpha" and rule "beta" override each other"#,
        ),
        (
            "three.toml",
            THREE_RING,
            r#""alpha" → "beta" → "gamma" → "alpha""#,
        ),
    ] {
        let file = home.path().join(name);
        std::fs::write(&file, policy_with(rules)).expect("write");
        let out = claimdesk(
            &["policies", "check", file.to_str().expect("utf-8")],
            "",
            home.path(),
        );
        // Exit 1, as for any other error `policies check` finds.
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("{name}:")), "located");
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn check_with_a_ring_in_a_policy_folder_is_a_load_error_not_a_panic() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("policies");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let claim =
        r#"{"vendor":"ringco","channel":"direct","issue":"defective","claim_date":"2026-11-21"}"#;
    for rules in [TWO_RING, THREE_RING] {
        std::fs::write(dir.join("ring.toml"), policy_with(rules)).expect("write");
        let folder = dir.to_str().expect("utf-8");
        for args in [
            vec!["check", "--policies", folder],
            vec!["check", "--batch", "--policies", folder],
            vec!["policies", "check", "--policies", folder],
            vec!["--plain", "--policies", folder],
        ] {
            let out = claimdesk(&args, claim, home.path());
            // The exit status of every other policy that cannot be loaded
            // (cli/mod.rs: 3), stdout left empty.
            assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
            assert!(out.stdout.is_empty(), "{args:?}");
            assert!(
                stderr(&out).contains("override each other"),
                "{args:?}: {}",
                stderr(&out)
            );
            assert!(!stderr(&out).contains("panicked"), "{args:?}");
        }
    }
}

/// The engine on its own: a policy whose ring slipped past the compiler
/// (built by hand here) gets an error for the claim, not a panic.
#[test]
fn the_engine_answers_a_ring_with_an_error() {
    let chain: &[(&str, &[&str])] = &[("alpha", &["beta"]), ("beta", &[])];
    let mut policy: Policy = compile_policy("chain.toml", &policy_with(chain)).expect("compiles");
    let alpha = policy
        .rules
        .iter()
        .position(|r| r.id == "alpha")
        .expect("alpha");
    let beta = policy
        .rules
        .iter()
        .position(|r| r.id == "beta")
        .expect("beta");
    policy.rules[beta].overrides.push(alpha);
    let set = PolicySet {
        policies: vec![policy],
        ..PolicySet::default()
    };
    let input = ClaimInput {
        vendor: Some("ringco".into()),
        channel: Some("direct".into()),
        issue: Some("defective".into()),
        ..ClaimInput::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let claim = validate(&set, &input, today).expect("valid claim");
    match engine::decide(&set.policies[0], &claim) {
        Err(EvalError::Ambiguous { rules, .. }) => {
            assert_eq!(rules, vec!["alpha".to_owned(), "beta".to_owned()]);
        }
        other => panic!("expected an ambiguity error, got {other:?}"),
    }
}
