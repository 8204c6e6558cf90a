//! Finding 5: chained `earliest_of` windows. Each window's description is
//! built once from its parts' (never a copy of a copy), so a chain of a
//! thousand windows compiles, decides and checks in a blink, where it used
//! to need gigabytes.

use crate::common::chain::{HEAD, fibonacci_chain};

use claimdesk::rules::policy::compile_policy;
use std::time::{Duration, Instant};

#[test]
fn a_long_chain_is_described_by_the_spans_it_reduces_to() {
    let policy = compile_policy("chain.toml", &fibonacci_chain(1000)).expect("compiles");
    assert_eq!(policy.windows.len(), 1000);
    for w in &policy.windows[2..] {
        assert_eq!(
            w.relative, "earlier of delivery date + 60 days and order date + 30 days",
            "{}",
            w.id
        );
    }
    // Short however long the chain: the whole policy's descriptions.
    let total: usize = policy.windows.iter().map(|w| w.relative.len()).sum();
    assert!(total < 100_000, "{total} bytes of descriptions");
}

#[test]
fn a_chain_over_many_spans_names_its_parts_instead() {
    // Each step adds a new span: flattening would grow without bound, so
    // past a few spans the parts are named by label.
    let mut text = String::from(HEAD);
    let mut previous = "w1".to_owned();
    for i in 0..500 {
        text.push_str(&format!(
            "\n[[windows]]\nid = \"s{i}\"\nlabel = \"Span {i}\"\nfrom = \"order_date\"\ndays = {}\nmeasure = \"claim_date\"\n\
             \n[[windows]]\nid = \"e{i}\"\nlabel = \"Earliest {i}\"\nearliest_of = [\"{previous}\", \"s{i}\"]\nmeasure = \"claim_date\"\n",
            i + 1
        ));
        previous = format!("e{i}");
    }
    text.push_str(&format!(
        "\n[[rules]]\nid = \"refund\"\nlabel = \"Refund\"\ntier = \"main\"\nverdict = \"eligible\"\n\
         summary = \"Refund.\"\nreturn_shipping = \"vendor\"\nclauses = [\"CC-1\"]\ndeadlines = [\"{previous}\"]\n"
    ));
    let policy = compile_policy("spans.toml", &text).expect("compiles");
    let last = policy.windows.last().expect("windows");
    assert_eq!(
        last.relative,
        "earlier of the limit \"Earliest 498\" and order date + 500 days"
    );
    let longest = policy.windows.iter().map(|w| w.relative.len()).max();
    assert!(longest < Some(400), "{longest:?}");
    // The first few still read in full.
    let e2 = policy.window("e2").expect("e2");
    assert_eq!(
        e2.relative,
        "earlier of delivery date + 60 days and order date + 1 day and order date + 2 days and order date + 3 days"
    );
}

/// Thousands of distinct window ends times every channel: the lint's probe
/// space is too large, and it says so at once instead of running for hours.
#[test]
fn a_probe_space_too_large_to_check_is_one_clear_error() {
    let mut text = HEAD.replace(
        "[[issues]]\nid = \"defective\"",
        "[[channels]]\nid = \"shop\"\nlabel = \"Shop\"\n\n[[issues]]\nid = \"defective\"",
    );
    text = text.replace(
        "required = [\"order_date\", \"delivery_date\"]",
        "required = [\"order_date\", \"delivery_date\"]\noptional = [\"first_notice_date\", \"approval_date\"]",
    );
    for i in 0..1500 {
        let measure = if i % 2 == 0 {
            "claim_date"
        } else {
            "first_notice_date"
        };
        text.push_str(&format!(
            "\n[[windows]]\nid = \"d{i}\"\nlabel = \"Day {i}\"\nfrom = \"order_date\"\ndays = {}\nmeasure = \"{measure}\"\n",
            1 + i
        ));
    }
    text.push_str(
        "\n[[rules]]\nid = \"refund\"\nlabel = \"Refund\"\ntier = \"main\"\nverdict = \"eligible\"\n\
         summary = \"Refund.\"\nreturn_shipping = \"vendor\"\nclauses = [\"CC-1\"]\n",
    );
    let policy = compile_policy("huge.toml", &text).expect("compiles");
    let started = Instant::now();
    let report = claimdesk::rules::policy::lint::lint(&policy);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(
        report.errors[0].contains("too large to check"),
        "{}",
        report.errors[0]
    );
    assert!(report.probes <= claimdesk::rules::policy::lint::MAX_PROBES as usize);
    // Bounded by the budget, not by the file (generous: debug, loaded).
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}
