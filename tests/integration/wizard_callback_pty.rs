//! The claim's life after the call in the wizard, as an agent meets it:
//! the real binary in a pseudo-terminal (tests/common/pty.rs), keys typed,
//! the screen read back, and the case log read afterwards with `claimdesk
//! cases show`. A callback through the repeat-claim page records
//! `shipped` in under 8 keys; the due queue lists an overdue case first
//! and opens it; another item on the same order starts prefilled.

use crate::common;

use common::pty::{Session, start_in};
use serde_json::Value;
use std::path::Path;

const CTRL_D: &[u8] = b"\x04";

/// `claimdesk cases show ID --format json`, as of the wizard's today.
fn show(home: &Path, id: &str) -> Value {
    let out = common::claimdesk(home)
        .args([
            "--today",
            "2026-11-21",
            "cases",
            "show",
            id,
            "--format",
            "json",
        ])
        .output()
        .expect("run claimdesk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// A Mitkco change of mind delivered on `delivery`, claimed the day after.
fn change_of_mind(delivery: &str, claim_date: &str) -> String {
    format!(
        r#"{{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-10-30","delivery_date":"{delivery}","claim_date":"{claim_date}"}}"#
    )
}

/// The wizard (claim date 2026-11-21) in `home`, which `keep` holds on to.
fn wizard(home: tempfile::TempDir) -> Session {
    start_in(home, 100, 30, &[])
}

/// The row of `screen` holding `text`.
fn row_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row holds {text:?}:\n{screen}"))
}

#[test]
fn a_callback_through_the_repeat_page_records_shipped_in_under_8_keys() {
    let home = tempfile::tempdir().expect("tempdir");
    let id = common::check_save(
        home.path(),
        "2026-11-21",
        &change_of_mind("2026-11-20", "2026-11-21"),
        "112-55",
    );
    let path = home.path().to_owned();
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(b"112-55");
    // The keys after the order number, counted.
    let keys = ["⏎", "1", "e", "5", "⏎", "⏎"];
    s.key(keys[0]);
    s.expect("already has 1 case");
    s.key(keys[1]);
    s.expect(&format!("Case {id}"));
    s.expect("Status: open");
    s.key(keys[2]);
    s.expect("what happened?");
    s.key(keys[3]);
    s.expect("shipped · on which day?");
    s.expect("(today)");
    s.key(keys[4]);
    s.expect("Tracking number (optional)");
    s.key(keys[5]);
    s.expect("Recorded shipped (2026-11-21): waiting on vendor");
    // The case on screen is the one in the log now: shipped on its
    // timeline, the ship-by met, Mitkco's receipt awaited.
    s.expect("Sat  shipped");
    s.expect("Status: waiting_on_vendor");
    assert!(keys.len() < 8, "{} keys", keys.len());

    let case = show(&path, &id);
    let events = case["events"].as_array().expect("events");
    let shipped: Vec<&Value> = events.iter().filter(|e| e["kind"] == "shipped").collect();
    assert_eq!(shipped.len(), 1, "{events:?}");
    assert_eq!(shipped[0]["date"], "2026-11-21");
    // A fact: the case was re-decided, and the timeline keeps both verdicts.
    let decided = events.iter().filter(|e| e["kind"] == "decided").count();
    assert_eq!(decided, 2, "{events:?}");
    assert_eq!(case["claim"]["shipped_date"], "2026-11-21", "{case}");

    // Nothing was typed but the order number: q quits without asking.
    s.key("q");
    assert!(s.wait_exit().success());
}

/// case-log.md "What must hold", 6: on the repeat page the default
/// (Enter) continues the newest open case on the order, with its facts
/// and timeline; no second case is saved. `n` is the named key for a new
/// claim on the same order.
#[test]
fn a_callback_continues_the_open_case_with_enter_and_n_starts_a_new_claim() {
    let home = tempfile::tempdir().expect("tempdir");
    let id = common::check_save(
        home.path(),
        "2026-11-20",
        &change_of_mind("2026-11-19", "2026-11-20"),
        "112-77",
    );
    let path = home.path().to_owned();
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(b"112-77");
    s.key("⏎");
    s.expect("already has 1 case");
    s.expect(&format!("Enter continues {id}"));
    s.key("⏎");
    // The case itself: its claim date and first call's facts, not a new claim.
    s.expect(&format!("Case {id}"));
    s.expect("claim date 2026-11-20");
    s.expect("Status: open");
    s.key("Esc");
    s.expect("already has 1 case");
    s.key("n");
    s.expect("Vendor");
    s.key("q");
    s.key("y");
    let _ = s.wait_exit();
    // Only the one case on the order.
    let out = common::claimdesk(&path)
        .args(["cases", "list", "--order", "112-77"])
        .output()
        .expect("run claimdesk");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listed.matches("C-").count(), 1, "{listed}");
}

#[test]
fn a_refused_event_day_is_said_and_the_form_stays() {
    let home = tempfile::tempdir().expect("tempdir");
    let id = common::check_save(
        home.path(),
        "2026-11-21",
        &change_of_mind("2026-11-20", "2026-11-21"),
        "112-55",
    );
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(b"112-55\r");
    s.expect("already has 1 case");
    s.key("1");
    s.expect(&format!("Case {id}"));
    s.key("e");
    s.key("5");
    s.send(b"2026-12-01");
    s.expect("is after today (2026-11-21)");
    s.key("⏎");
    // Still on the day, as typed.
    s.expect("shipped · on which day?");
    s.expect("› 2026-12-01");
}

#[test]
fn the_due_queue_lists_the_overdue_case_first_and_opens_it() {
    let home = tempfile::tempdir().expect("tempdir");
    // Due 2026-11-27 (in 6 days), saved first.
    let later = common::check_save(
        home.path(),
        "2026-11-21",
        &change_of_mind("2026-11-20", "2026-11-21"),
        "A-200",
    );
    // Due 2026-11-08: 13 days overdue as of the wizard's 2026-11-21.
    let overdue = common::check_save(
        home.path(),
        "2026-11-02",
        &change_of_mind("2026-11-01", "2026-11-02"),
        "A-100",
    );
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(CTRL_D);
    s.expect("Due queue");
    s.expect(&later);
    let screen = s.contents();
    assert!(
        row_of(&screen, &overdue) < row_of(&screen, &later),
        "overdue first:\n{screen}"
    );
    let line = screen
        .lines()
        .find(|l| l.contains(&overdue))
        .expect("overdue row");
    assert!(
        line.contains("2026-11-08") && line.contains("13 late"),
        "{line}"
    );
    assert!(screen.contains("1 overdue"), "{screen}");
    // The cursor starts on the overdue one: Enter opens it.
    s.key("⏎");
    s.expect(&format!("Case {overdue}"));
    s.expect("not recorded, was due 2026-11-08 (13 days late as of 2026-11-21)");
    // Esc: back to the queue.
    s.key("Esc");
    s.expect("Due queue");
}

#[test]
fn another_item_on_the_same_order_starts_prefilled_from_the_outcome() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(b"A-77\r");
    // Mitkco, damaged in transit, delivered a week ago.
    for k in ["2", "3", "-", "7", "⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("ELIGIBLE");
    s.expect("case C-");
    // One key: a new claim on the same order, at the issue.
    s.key("a");
    s.expect("What is the customer's problem?");
    s.expect("new claim · order A-77");
    s.expect("This order also has case C-");
    // The order's facts are kept: the vendor and the delivery date.
    let screen = s.contents();
    assert!(screen.contains("Mitkco"), "{screen}");
    // The issue asked afresh; the delivery date is offered as it was.
    s.key("3");
    s.expect("2026-11-14");
    for _ in 0..5 {
        s.key("⏎");
    }
    s.expect("ELIGIBLE");
    s.expect("case C-");
    // Two cases on the order, listed together.
    let out = common::claimdesk(&path)
        .args(["cases", "list", "--order", "A77"])
        .output()
        .expect("run claimdesk");
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(list.matches("C-").count(), 2, "{list}");
    s.send(b"\x0e"); // Ctrl-N: saved, so no question asked
    s.expect("order number or");
    s.send(b"a77\r");
    s.expect("already has 2 cases");
}

#[test]
fn a_on_the_case_changes_an_answer_and_the_same_case_is_re_decided() {
    let home = tempfile::tempdir().expect("tempdir");
    let id = common::check_save(
        home.path(),
        "2026-11-21",
        &change_of_mind("2026-11-20", "2026-11-21"),
        "112-55",
    );
    // The customer's name is on the case; a changed answer keeps it.
    let out = common::claimdesk(home.path())
        .args(["cases", "contact", &id, "--name", "Ana Pop"])
        .output()
        .expect("run claimdesk");
    assert_eq!(out.status.code(), Some(0));
    let path = home.path().to_owned();
    let mut s = wizard(home);
    s.expect("order number or");
    s.send(b"112-55\r");
    s.expect("already has 1 case");
    s.key("1");
    s.expect(&format!("Case {id}"));
    s.key("a");
    s.expect(&format!("review answers · case {id}"));
    s.expect("Delivered on    2026-11-20");
    // Delivered two days earlier than saved.
    s.key("3");
    s.send(b"\x15-3\r");
    s.expect("Delivered on    2026-11-18");
    s.key("Esc");
    s.expect("ELIGIBLE");
    s.expect(&format!("case {id}"));
    s.expect("2026-11-25 Wed");
    s.key("q");
    assert!(s.wait_exit().success());
    // The same case, re-decided: the new delivery date, its new due date,
    // both decisions on the timeline, the contact kept, no second case.
    let case = show(&path, &id);
    assert_eq!(case["claim"]["delivery_date"], "2026-11-18", "{case}");
    assert_eq!(case["due_date"], "2026-11-25", "{case}");
    assert_eq!(case["customer"]["name"], "Ana Pop", "{case}");
    let decided = case["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "decided")
        .count();
    assert_eq!(decided, 2, "{case}");
    let out = common::claimdesk(&path)
        .args(["cases", "list", "--order", "11255"])
        .output()
        .expect("run claimdesk");
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(list.matches("C-").count(), 1, "{list}");
}
