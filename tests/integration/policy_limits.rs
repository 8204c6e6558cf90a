//! Policy data says which event each window limits (`limits = "notice" |
//! "shipment" | "none"`), checked when the policy compiles; windows that do
//! not say get a default from what they are measured at; and `policies
//! check` probes the shipped and received dates wherever rules test them.
//! Built on the test-only zentro fixture, so no shipped vendor is assumed.

use claimdesk::rules::policy::lint::lint;
use claimdesk::rules::policy::{Limits, compile_policy};

fn zentro() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/policies/zentro.toml"
    );
    std::fs::read_to_string(path).expect("fixture")
}

/// The fixture with `extra` TOML put right after its last window.
fn with_window_key(key: &str) -> String {
    zentro().replacen(
        "measure = \"first_notice_date\"\nclauses = [\"ZN-RET\"]",
        &format!("measure = \"first_notice_date\"\n{key}\nclauses = [\"ZN-RET\"]"),
        1,
    )
}

#[test]
fn windows_that_do_not_say_limit_the_notice_when_measured_at_it() {
    let policy = compile_policy("zentro.toml", &zentro()).expect("fixture compiles");
    for window in &policy.windows {
        assert_eq!(window.limits, Limits::Notice, "{}", window.id);
    }
}

#[test]
fn an_unknown_limits_value_is_an_error_naming_the_window() {
    let text = with_window_key("limits = \"sideways\"");
    let errors = compile_policy("zentro.toml", &text).expect_err("refused");
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        all.iter().any(|e| e.contains("return_14_days")
            && e.contains("limits")
            && e.contains("sideways")),
        "{all:?}"
    );
}

#[test]
fn limits_must_agree_with_the_measured_date() {
    let text = with_window_key("limits = \"shipment\"");
    let errors = compile_policy("zentro.toml", &text).expect_err("refused");
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        all.iter()
            .any(|e| e.contains("return_14_days") && e.contains("needs measure = \"claim_date\"")),
        "{all:?}"
    );
    let ok = with_window_key("limits = \"notice\"");
    assert!(compile_policy("zentro.toml", &ok).is_ok());
}

/// Rules that only a shipped or received date can reach.
const RETURN_RULES: &str = r#"
[[windows]]
id = "post_back"
label = "Post the item back"
from = "delivery_date"
days = 30
measure = "claim_date"
limits = "shipment"
clauses = ["ZN-RET"]

[[windows]]
id = "refund_due"
label = "Refund due"
from = "vendor_received_date"
days = 5
measure = "claim_date"
limits = "none"
clauses = ["ZN-RET"]

[[rules]]
id = "posted_in_time"
label = "Posted back in time"
when.decided_by = ["return_online"]
when.given = ["shipped_date"]
when.within = ["post_back"]
deadlines = ["post_back"]
steps = [{ text = "Posted on {fact.shipped_date}.", clauses = ["ZN-RET"] }]

[[rules]]
id = "posted_late"
label = "Posted back late"
when.decided_by = ["return_online"]
when.given = ["shipped_date"]
when.after = ["post_back"]
notes = [{ kind = "warning", text = "Posted after {date.post_back}.", clauses = ["ZN-RET"] }]

[[rules]]
id = "refund_late"
label = "Refund overdue"
when.decided_by = ["refund_status"]
when.given = ["vendor_received_date"]
when.after = ["refund_due"]
notes = [{ kind = "warning", text = "Overdue by {days_past.refund_due}.", clauses = ["ZN-HELP"] }]
"#;

#[test]
fn policies_check_reaches_rules_on_shipped_and_received_dates() {
    let text = format!("{}\n{RETURN_RULES}", zentro());
    let policy = compile_policy("zentro.toml", &text).expect("compiles");
    let report = lint(&policy);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // The plain fixture needs no return probes: the extra rules add them.
    let plain = lint(&compile_policy("zentro.toml", &zentro()).expect("compiles"));
    assert!(plain.errors.is_empty(), "{:?}", plain.errors);
    assert!(
        report.probes > plain.probes,
        "{} vs {}",
        report.probes,
        plain.probes
    );
}

#[test]
fn a_rule_no_date_can_reach_is_still_reported() {
    // Without a received date the refund window has no end, so it is never
    // "after": the extra probes must not hide a rule that cannot fire.
    let dead = RETURN_RULES.to_owned()
        + r#"
[[rules]]
id = "never"
label = "Cannot fire"
when.decided_by = ["refund_status"]
when.absent = ["vendor_received_date"]
when.after = ["refund_due"]
notes = [{ kind = "warning", text = "x", clauses = ["ZN-HELP"] }]
"#;
    let text = format!("{}\n{dead}", zentro());
    let report = lint(&compile_policy("zentro.toml", &text).expect("compiles"));
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("\"never\" can never fire")),
        "{:?}",
        report.errors
    );
}
