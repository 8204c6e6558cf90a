//! The claim's life after the call, through the command line: a case is
//! saved by `check --save`, events are recorded with `cases event`, and
//! after each one the status, next action and due date it prints (and
//! `cases show --format json` keeps) are asserted. Also `cases due`,
//! `cases contact`, `cases purge`, exports without contact details, and
//! two processes recording events on one case at once.

use crate::common;

use serde_json::Value;
use std::path::Path;
use std::process::Output;

struct Desk {
    home: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    fn run(&self, today: &str, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = common::claimdesk(self.home());
        cmd.args(["--today", today]).args(args);
        match stdin {
            Some(text) => common::run_with_stdin(&mut cmd, text),
            None => cmd.output().expect("run claimdesk"),
        }
    }

    /// Saves a decided claim; returns its case id.
    fn save(&self, claim: &str, extra: &[&str]) -> String {
        let mut args = vec!["check", "--save"];
        args.extend_from_slice(extra);
        args.push("-");
        let out = self.run("2026-11-25", &args, Some(claim));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        err.lines()
            .find_map(|l| l.strip_prefix("saved "))
            .map(|id| id.trim().to_owned())
            .unwrap_or_else(|| panic!("no id in {err}"))
    }

    /// Records an event; returns what it printed (status, next, due).
    fn event(&self, today: &str, id: &str, args: &[&str]) -> String {
        let mut all = vec!["cases", "event", id];
        all.extend_from_slice(args);
        let out = self.run(today, &all, None);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    }

    fn show(&self, today: &str, id: &str) -> Value {
        let out = self.run(today, &["cases", "show", id, "--format", "json"], None);
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice(&out.stdout).expect("json")
    }

    fn stdout(&self, today: &str, args: &[&str]) -> String {
        let out = self.run(today, args, None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The `status:`, `next:` and `due:` lines an event printed.
fn standing(printed: &str) -> (String, String, String) {
    let line = |key: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    (line("status:"), line("next:"), line("due:"))
}

#[test]
fn a_mitkco_change_of_mind_from_the_call_to_the_refund_in_five_events() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        &["--order", "112-55"],
    );
    // After the call: open, the customer's first deadline.
    let case = desk.show("2026-11-25", &id);
    assert_eq!(case["status"], "open");
    assert_eq!(case["due_date"], "2026-12-01");
    assert!(
        case["next_action"]
            .as_str()
            .is_some_and(|n| n.starts_with("customer:")),
        "{case}"
    );

    // 1. The customer e-mails the reason: Mitkco's answer is awaited.
    let (status, next, due) = standing(&desk.event(
        "2026-11-26",
        &id,
        &["customer_wrote", "--note", "reason by e-mail"],
    ));
    assert_eq!(status, "waiting_on_vendor");
    assert!(next.starts_with("Mitkco: answer the customer"), "{next}");
    assert_eq!(due, "policy states no time");

    // 2. Mitkco approves: the customer ships by the ship-by date.
    let (status, next, due) = standing(&desk.event("2026-11-27", &id, &["vendor_approved"]));
    assert_eq!(status, "waiting_on_customer");
    assert!(next.contains("by 2027-01-19"), "{next}");
    assert_eq!(due, "due 2027-01-19, in 53 days as of 2026-11-27");

    // 3. Shipped with a tracking number: Mitkco's receipt is awaited.
    let (status, next, due) =
        standing(&desk.event("2026-11-30", &id, &["shipped", "--tracking", "1Z999AA1"]));
    assert_eq!(status, "waiting_on_vendor");
    assert!(next.contains("tracking 1Z999AA1"), "{next}");
    assert_eq!(due, "policy states no time");
    let case = desk.show("2026-11-30", &id);
    let ship_by = case["outcome"]["deadlines"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == "ship_by"))
        .expect("ship_by");
    assert_eq!(ship_by["status"], "met");
    assert_eq!(ship_by["met_on"], "2026-11-30");

    // 4. Mitkco received it: the refund is due 2 days later (MK-REFUND2).
    let (status, next, due) = standing(&desk.event("2026-12-03", &id, &["vendor_received"]));
    assert_eq!(status, "waiting_on_vendor");
    assert!(next.contains("by 2026-12-05 (MK-REFUND2)"), "{next}");
    assert_eq!(due, "due 2026-12-05, in 2 days as of 2026-12-03");
    // Counted from today, not from the claim date.
    let queue = desk.stdout("2026-12-06", &["cases", "due"]);
    assert!(queue.contains("1 late"), "{queue}");

    // 5. The refund is issued: resolved, nothing due.
    let (status, next, due) = standing(&desk.event(
        "2026-12-04",
        &id,
        &["refund_issued", "--amount", "89.00 EUR"],
    ));
    assert_eq!(
        (status.as_str(), next.as_str(), due.as_str()),
        ("resolved", "", "")
    );
    assert_eq!(
        desk.stdout("2026-12-06", &["cases", "due"]).trim(),
        "nothing due"
    );

    // The timeline keeps every event and every decision, in order.
    let case = desk.show("2026-12-06", &id);
    let kinds: Vec<&str> = case["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "decided",
            "customer_wrote",
            "decided",
            "vendor_approved",
            "decided",
            "shipped",
            "decided",
            "vendor_received",
            "decided",
            "refund_issued"
        ]
    );
    assert!(
        case["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter(|e| e["kind"] == "decided")
            .all(|e| e["verdict"] == "eligible" && e["policy_sha256"].is_string())
    );
    let text = desk.stdout("2026-12-06", &["cases", "show", &id]);
    assert!(text.contains("Status: resolved"), "{text}");
    assert!(text.contains("shipped: tracking 1Z999AA1"), "{text}");
}

#[test]
fn a_millso_approved_return_shipped_in_time_has_no_late_ship_back_review() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-09-01","first_notice_date":"2026-09-10","claim_date":"2026-09-10"}"#,
        &[],
    );
    let printed = desk.event("2026-09-15", &id, &["vendor_approved"]);
    let (status, next, due) = standing(&printed);
    assert_eq!(status, "waiting_on_customer");
    // Approval + 45 days.
    assert!(due.starts_with("due 2026-10-30"), "{due}");
    assert!(next.contains("2026-10-30"), "{next}");
    let case = desk.show("2026-09-15", &id);
    let steps: Vec<&str> = case["outcome"]["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    let address = steps
        .iter()
        .position(|s| s.contains("support@millso.com for the return address"));
    let ship = steps
        .iter()
        .position(|s| s.contains("Ship the item back by"));
    assert!(address.is_some() && address < ship, "{steps:?}");

    // Shipped on the last day, recorded weeks later: met, no review.
    let (status, _, _) = standing(&desk.event(
        "2026-11-21",
        &id,
        &["shipped", "--date", "2026-10-30", "--tracking", "RR1"],
    ));
    assert_eq!(status, "waiting_on_vendor");
    let case = desk.show("2026-11-21", &id);
    assert_eq!(case["outcome"]["verdict"], "eligible", "{case}");
    let notes = case["outcome"]["notes"].to_string();
    assert!(!notes.contains("may void"), "{notes}");
    let ship_back = case["outcome"]["deadlines"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == "ship_back"))
        .expect("ship_back");
    assert_eq!(ship_back["status"], "met");
}

#[test]
fn a_mitkco_transit_damage_from_photos_to_instruction_to_return() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"damaged_in_transit","invoice_date":"2026-11-10","delivery_date":"2026-11-21","claim_date":"2026-11-25"}"#,
        &[],
    );
    let case = desk.show("2026-11-25", &id);
    assert_eq!(case["status"], "open");
    assert_eq!(case["due_date"], "2026-12-05");
    assert!(
        case["next_action"]
            .as_str()
            .is_some_and(|n| n.contains("sales@mitkco.com") && n.contains("2026-12-05")),
        "{case}"
    );
    let (status, next, _) = standing(&desk.event(
        "2026-11-26",
        &id,
        &["evidence_sent", "--what", "photos of the box and the item"],
    ));
    assert_eq!(status, "waiting_on_vendor");
    // Transit damage: nothing is shipped until Mitkco instructs it.
    assert!(
        next.starts_with("Mitkco: say whether and where to return the item"),
        "{next}"
    );
    // Mitkco's instruction to return: the customer ships by invoice + 60.
    let (status, next, due) = standing(&desk.event("2026-11-28", &id, &["vendor_approved"]));
    assert_eq!(status, "waiting_on_customer");
    assert!(due.starts_with("due 2027-01-09"), "{due} / {next}");
    let (status, _, _) = standing(&desk.event("2026-12-01", &id, &["shipped"]));
    assert_eq!(status, "waiting_on_vendor");
    let (status, next, due) = standing(&desk.event("2026-12-07", &id, &["vendor_received"]));
    assert_eq!(status, "waiting_on_vendor");
    assert!(next.contains("2026-12-09"), "{next}");
    assert!(due.starts_with("due 2026-12-09"), "{due}");
}

#[test]
fn a_refund_that_does_not_arrive_is_re_decided_overdue_and_heads_the_queue() {
    let desk = Desk::new();
    let late = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-10-20","delivery_date":"2026-10-24","first_notice_date":"2026-10-25","approval_date":"2026-10-26","shipped_date":"2026-11-02","claim_date":"2026-11-05"}"#,
        &[],
    );
    let other = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        &[],
    );
    desk.event("2026-11-10", &late, &["vendor_received"]);
    // Five days after receipt the customer calls: no refund.
    let printed = desk.event("2026-11-15", &late, &["refund_missing"]);
    assert!(
        printed.contains("re-decided as of 2026-11-15: follow_up"),
        "{printed}"
    );
    let (status, next, due) = standing(&printed);
    assert_eq!(status, "waiting_on_vendor");
    assert!(next.contains("2026-11-12"), "{next}");
    assert_eq!(due, "due 2026-11-12, overdue by 3 days as of 2026-11-15");
    let case = desk.show("2026-11-15", &late);
    assert_eq!(case["outcome"]["issue"], "refund_not_received");
    let notes = case["outcome"]["notes"].to_string();
    assert!(notes.contains("overdue by 3 days (MK-REFUND2)"), "{notes}");
    // Overdue first, then the other case.
    let queue = desk.stdout("2026-11-15", &["cases", "due"]);
    let rows: Vec<&str> = queue.lines().skip(1).collect();
    assert!(
        rows[0].starts_with(&late) && rows[0].contains("3 late"),
        "{queue}"
    );
    assert!(rows[1].starts_with(&other), "{queue}");
    assert!(queue.contains("1 overdue as of 2026-11-15"), "{queue}");
    let soon = desk.stdout("2026-11-15", &["cases", "due", "--within", "0"]);
    assert!(soon.contains(&late) && !soon.contains(&other), "{soon}");
}

#[test]
fn the_due_queue_filters_by_agent_and_window() {
    let desk = Desk::new();
    let config = desk.home().join("dana.toml");
    std::fs::write(&config, "agent_name = \"Dana\"\n").expect("config");
    let claim = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
    let mine = {
        let out = desk.run(
            "2026-11-25",
            &[
                "--config",
                config.to_str().expect("utf-8"),
                "check",
                "--save",
                "-",
            ],
            Some(claim),
        );
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        err.lines()
            .find_map(|l| l.strip_prefix("saved "))
            .expect("saved")
            .trim()
            .to_owned()
    };
    let theirs = desk.save(claim, &[]);
    let dana = desk.stdout("2026-11-25", &["cases", "due", "--agent", "Dana"]);
    assert!(dana.contains(&mine) && !dana.contains(&theirs), "{dana}");
    let week = desk.stdout("2026-11-25", &["cases", "due", "--within", "6"]);
    assert!(week.contains(&mine) && week.contains(&theirs), "{week}");
    let short = desk.stdout("2026-11-25", &["cases", "due", "--within", "5"]);
    assert_eq!(short.trim(), "nothing due");
    let one = desk.stdout("2026-11-25", &["cases", "due", "--limit", "1"]);
    assert!(one.contains("--all lists every one"), "{one}");
}

#[test]
fn contact_details_are_searchable_left_out_of_exports_and_purged() {
    let desk = Desk::new();
    let closed = desk.save(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-10-01","claim_date":"2026-11-21"}"#,
        &[],
    );
    let open = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        &[],
    );
    for (id, name) in [(&closed, "Ana Lopez"), (&open, "Bo Chen")] {
        desk.stdout(
            "2026-11-25",
            &[
                "cases",
                "contact",
                id,
                "--name",
                name,
                "--phone",
                "+34 600 1",
                "--email",
                "a@example.com",
            ],
        );
    }
    let bad = desk.run(
        "2026-11-25",
        &["cases", "contact", &open, "--email", "nope"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--email"));

    let shown = desk.show("2026-11-25", &closed);
    assert_eq!(shown["customer"]["name"], "Ana Lopez");
    let text = desk.stdout("2026-11-25", &["cases", "show", &closed]);
    assert!(text.contains("Customer: Ana Lopez"), "{text}");

    let jsonl = desk.stdout("2026-11-25", &["cases", "export", "--format", "jsonl"]);
    assert!(
        !jsonl.contains("Ana Lopez") && !jsonl.contains("a@example.com"),
        "{jsonl}"
    );
    let csv = desk.stdout("2026-11-25", &["cases", "export"]);
    assert!(!csv.contains("Ana Lopez"), "{csv}");
    let with = desk.stdout(
        "2026-11-25",
        &["cases", "export", "--format", "jsonl", "--with-contact"],
    );
    assert!(
        with.contains("Ana Lopez") && with.contains("Bo Chen"),
        "{with}"
    );
    let csv = desk.stdout("2026-11-25", &["cases", "export", "--with-contact"]);
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with("customer_email"))
    );
    assert!(csv.contains("Ana Lopez"), "{csv}");

    // The not-eligible case was closed on its claim date (2026-11-21).
    let none = desk.stdout("2026-11-25", &["cases", "purge", "--before", "2026-11-21"]);
    assert!(none.contains("of 0 case(s)"), "{none}");
    let one = desk.stdout("2026-11-25", &["cases", "purge", "--before", "2026-11-22"]);
    assert!(one.contains("of 1 case(s)"), "{one}");
    let with = desk.stdout(
        "2026-11-25",
        &["cases", "export", "--format", "jsonl", "--with-contact"],
    );
    assert!(
        !with.contains("Ana Lopez") && with.contains("Bo Chen"),
        "{with}"
    );
    let whole = desk.stdout(
        "2026-11-25",
        &["cases", "purge", "--before", "2026-11-22", "--whole"],
    );
    assert!(whole.contains("deleted 1 case(s)"), "{whole}");
    let list = desk.stdout("2026-11-25", &["cases", "list"]);
    assert!(!list.contains(&closed) && list.contains(&open), "{list}");
}

#[test]
fn events_are_refused_with_the_argument_and_the_reason() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22","claim_date":"2026-11-25"}"#,
        &[],
    );
    let err = |args: &[&str]| {
        let mut all = vec!["cases", "event"];
        all.extend_from_slice(args);
        let out = desk.run("2026-11-25", &all, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(err(&[&id, "shiped"]).contains("not an event kind; one of: customer_wrote"));
    assert!(err(&[&id, "decided"]).contains("not an event kind"));
    assert!(
        err(&[&id, "answer_changed", "--new", "x"]).contains("field: answer_changed needs --field")
    );
    assert!(
        err(&[&id, "answer_changed", "--field", "colour", "--new", "x"])
            .contains("\"colour\" is not a claim field")
    );
    assert!(
        err(&[&id, "shipped", "--date", "2026-11-26"])
            .contains("--date: 2026-11-26 is after today")
    );
    assert!(err(&["C-20261125-0099", "note"]).contains("no case C-20261125-0099"));
    // A shipment before the delivery is refused with the date it precedes.
    assert!(
        err(&[&id, "shipped", "--date", "2026-11-21"])
            .contains("2026-11-21 is before the claim's delivery date 2026-11-22")
    );
    // answer_changed re-decides with the changed fact, and says so.
    let printed = desk.event(
        "2026-11-25",
        &id,
        &[
            "answer_changed",
            "--field",
            "delivery_date",
            "--new",
            "2026-11-10",
        ],
    );
    assert!(
        printed.contains("re-decided as of 2026-11-25: not_eligible (was eligible)"),
        "{printed}"
    );
    let case = desk.show("2026-11-25", &id);
    let changed = case["events"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["kind"] == "answer_changed"))
        .expect("answer_changed");
    assert_eq!(changed["old"], "2026-11-22");
    assert_eq!(changed["new"], "2026-11-10");
    assert_eq!(case["status"], "closed");
}

#[test]
fn two_processes_recording_events_at_once_both_keep_theirs() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        &[],
    );
    for round in 0..3 {
        let children: Vec<_> = [
            vec![
                "customer_wrote".to_owned(),
                "--date".into(),
                "2026-11-25".into(),
            ],
            vec!["note".to_owned(), "--note".into(), format!("round {round}")],
            vec![
                "vendor_approved".to_owned(),
                "--date".into(),
                "2026-11-26".into(),
            ],
        ]
        .into_iter()
        .map(|args| {
            let mut cmd = common::claimdesk(desk.home());
            cmd.args(["--today", "2026-11-26", "cases", "event", &id])
                .args(&args);
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
        for child in children {
            let out = child.wait_with_output().expect("wait");
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let case = desk.show("2026-11-26", &id);
    let events = case["events"].as_array().expect("events");
    let count = |kind: &str| events.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!(count("note"), 3);
    assert_eq!(count("customer_wrote"), 3);
    assert_eq!(count("vendor_approved"), 3);
    assert_eq!(case["claim"]["approval_date"], "2026-11-26");
}

#[test]
fn check_save_takes_the_customers_contact() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22","claim_date":"2026-11-25"}"#,
        &["--customer-name", "Ana\u{1b}[2J Lopez", "--customer-email", "ana@example.com"],
    );
    let case = desk.show("2026-11-25", &id);
    assert_eq!(case["customer"]["email"], "ana@example.com");
    // Shown neutralised: the escape cannot drive the terminal.
    let text = desk.stdout("2026-11-25", &["cases", "show", &id]);
    assert!(text.contains("Customer: Ana\\u{1b}[2J Lopez"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

// ---------------------------------------------------------------------
// A case stays true for its whole life (case-log.md "What must hold"):
// the reproducers of issue 21, each as the agent meets it on the CLI.
// ---------------------------------------------------------------------

/// Property 1: a shipment and a receipt after the call re-decide *as of*
/// their day; the verdict and the claim date stay, and the vendor's
/// refund due (received + 2, MK-REFUND2) heads the due queue once late.
#[test]
fn the_verdict_stays_when_time_passes_and_the_refund_due_is_flagged() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","channel":"direct","issue":"change_of_mind","claim_date":"2026-11-08","invoice_date":"2026-11-01","delivery_date":"2026-11-05"}"#,
        &["--order", "MK-900"],
    );
    desk.event(
        "2026-12-07",
        &id,
        &["shipped", "--date", "2026-11-12", "--tracking", "SF1"],
    );
    let printed = desk.event(
        "2026-12-07",
        &id,
        &["vendor_received", "--date", "2026-11-20"],
    );
    assert!(
        printed.contains("re-decided as of 2026-11-20: eligible (was eligible)"),
        "{printed}"
    );
    let case = desk.show("2026-12-07", &id);
    assert_eq!(case["outcome"]["verdict"], "eligible");
    assert_eq!(case["outcome"]["claim_date"], "2026-11-08");
    assert_eq!(case["outcome"]["as_of"], "2026-11-20");
    assert_eq!(case["due_date"], "2026-11-22");
    let due = desk.stdout("2026-12-07", &["cases", "due"]);
    assert!(due.contains("15 late"), "{due}");
    assert!(due.contains("1 overdue as of 2026-12-07"), "{due}");
}

/// Property 1, the other reproducer: Mitkco defective claimed on the 7th
/// day, then approved, shipped and received: the report deadline is met
/// (the approval implies the notice), the case stays eligible.
#[test]
fn a_defect_claimed_on_the_last_report_day_stays_eligible_through_its_return() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"defective","invoice_date":"2026-11-01","delivery_date":"2026-11-01","claim_date":"2026-11-08"}"#,
        &[],
    );
    for (kind, day) in [
        ("vendor_approved", "2026-11-10"),
        ("shipped", "2026-11-12"),
        ("vendor_received", "2026-11-15"),
    ] {
        desk.event("2026-11-20", &id, &[kind, "--date", day]);
    }
    let case = desk.show("2026-11-20", &id);
    assert_eq!(case["outcome"]["verdict"], "eligible", "{case}");
    let report = case["outcome"]["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["id"] == "report_7_days")
        .cloned()
        .expect("report deadline");
    assert_eq!(report["status"], "met", "{report}");
}

/// Property 2: a MillSO defect claimed on the warranty's last day; the
/// next day the warranty end reads met, never passed or overdue.
#[test]
fn met_stays_met_the_day_after_the_last_warranty_day() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2025-11-25","claim_date":"2026-11-25"}"#,
        &[],
    );
    let shown = desk.stdout("2026-11-26", &["cases", "show", &id]);
    assert!(
        shown.contains("(Wednesday, met on 2026-11-25): 12-month warranty ends"),
        "{shown}"
    );
    assert!(!shown.contains("PASSED"), "{shown}");
    assert!(!shown.contains("overdue"), "{shown}");
    let due = desk.stdout("2026-11-26", &["cases", "due"]);
    assert!(due.contains("0 overdue"), "{due}");
}

/// Property 4: events are checked like answers: after today, before the
/// delivery, a refund before the shipment, a second refund on a resolved
/// case and impossible `answer_changed` values are refused with the
/// reason; `--force` needs a note and marks the event.
#[test]
fn events_out_of_order_or_impossible_are_refused_and_force_marks_them() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-01","delivery_date":"2026-11-05","claim_date":"2026-11-08"}"#,
        &[],
    );
    let refused = |args: &[&str]| {
        let mut all = vec!["cases", "event", id.as_str()];
        all.extend_from_slice(args);
        let out = desk.run("2026-11-25", &all, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(refused(&["note", "--date", "2026-12-02"]).contains("after today"));
    assert!(
        refused(&["customer_wrote", "--date", "2026-11-04"])
            .contains("before the claim's delivery date")
    );
    for bad in ["2026-02-30", "garbage'); --", ""] {
        let said = refused(&["answer_changed", "--field", "claim_date", "--new", bad]);
        assert!(said.contains("not recorded: new:"), "{bad}: {said}");
    }
    desk.event("2026-11-25", &id, &["shipped", "--date", "2026-11-12"]);
    assert!(
        refused(&["refund_issued", "--date", "2026-11-10"])
            .contains("refund issued on 2026-11-10 is before the shipment on 2026-11-12")
    );
    assert!(refused(&["vendor_received", "--date", "2026-11-11"]).contains("before the shipment"));
    desk.event(
        "2026-11-25",
        &id,
        &["refund_issued", "--date", "2026-11-20"],
    );
    assert!(refused(&["refund_issued", "--date", "2026-11-21"]).contains("already resolved"));
    // --force without a note is refused; with one it is recorded, marked.
    assert!(refused(&["note", "--date", "2026-11-01", "--force"]).contains("say why with --note"));
    desk.event(
        "2026-11-25",
        &id,
        &[
            "note",
            "--date",
            "2026-11-01",
            "--force",
            "--note",
            "typed from the paper file",
        ],
    );
    let shown = desk.stdout("2026-11-25", &["cases", "show", &id]);
    assert!(shown.contains("FORCED past a check"), "{shown}");
    // The timeline reads in event-date order: the forced note comes first.
    let timeline: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.starts_with("Timeline:"))
        .skip(1)
        .take_while(|l| l.starts_with("  - "))
        .collect();
    assert!(timeline[0].contains("2026-11-01"), "{timeline:?}");
    let mut dates: Vec<&str> = timeline.iter().map(|l| &l[4..14]).collect();
    let read = dates.clone();
    dates.sort_unstable();
    assert_eq!(read, dates, "{timeline:?}");
}

/// Property 5: the next action follows the remedy: a MillSO change-of-
/// mind return awaits a refund, not "refund, exchange or repair".
#[test]
fn a_change_of_mind_return_awaits_a_refund() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"millso","channel":"direct","issue":"change_of_mind","order_date":"2026-11-01","claim_date":"2026-11-10"}"#,
        &[],
    );
    desk.event("2026-11-25", &id, &["shipped", "--date", "2026-11-12"]);
    let (_, next, _) = standing(&desk.event(
        "2026-11-25",
        &id,
        &["vendor_received", "--date", "2026-11-15"],
    ));
    assert_eq!(next, "MillSO: refund (policy states no time)");
}

/// The evidence checklist is ticked by an `evidence_sent` event naming
/// the item (by number or words); `vendor_approved --rma` keeps the RMA
/// number on the timeline.
#[test]
fn evidence_is_ticked_and_the_rma_number_is_kept() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"defective","invoice_date":"2026-11-01","delivery_date":"2026-11-05","claim_date":"2026-11-08"}"#,
        &[],
    );
    let before = desk.stdout("2026-11-25", &["cases", "show", &id]);
    assert!(!before.contains("(sent)"), "{before}");
    desk.event(
        "2026-11-25",
        &id,
        &["evidence_sent", "--what", "1", "--date", "2026-11-09"],
    );
    desk.event(
        "2026-11-25",
        &id,
        &[
            "vendor_approved",
            "--rma",
            "RMA-4471",
            "--date",
            "2026-11-10",
        ],
    );
    let shown = desk.stdout("2026-11-25", &["cases", "show", &id]);
    let evidence = shown
        .lines()
        .skip_while(|l| !l.starts_with("Evidence to collect"))
        .nth(1)
        .unwrap_or_default();
    assert!(evidence.contains("2026-11-09 (sent)"), "{shown}");
    assert!(shown.contains("vendor approved: RMA RMA-4471"), "{shown}");
    let case = desk.show("2026-11-25", &id);
    let events = case["events"].to_string();
    assert!(events.contains("\"rma\":\"RMA-4471\""), "{events}");
    // --rma on another kind, or evidence_sent without --what, is refused.
    let out = desk.run(
        "2026-11-25",
        &["cases", "event", &id, "shipped", "--rma", "X"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = desk.run(
        "2026-11-25",
        &["cases", "event", &id, "evidence_sent"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Issue 22: a case id is matched in any case, everywhere an id is typed.
#[test]
fn a_case_id_typed_in_lower_case_is_the_case() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22","claim_date":"2026-11-25"}"#,
        &[],
    );
    let lower = id.to_lowercase();
    let shown = desk.stdout("2026-11-25", &["cases", "show", &lower]);
    assert!(shown.starts_with(&format!("Case: {id}")), "{shown}");
    let printed = desk.event("2026-11-25", &lower, &["note", "--note", "called back"]);
    assert!(
        printed.contains(&format!("recorded note on {id}")),
        "{printed}"
    );
}

/// Issue 22: `claimdesk check` on a terminal says what it is waiting for
/// instead of waiting in silence; Ctrl-D after a claim decides it.
#[test]
fn check_on_a_terminal_says_it_reads_a_claim() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut s = common::pty::start_command(home, 100, 30, &[], &["check"]);
    s.expect("reading one claim as JSON from the keyboard; end it with Ctrl-D");
    s.send(br#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-20"}"#);
    s.send(b"\r\x04");
    s.expect("\"verdict\": \"eligible\"");
    assert!(s.wait_exit().success());
}

/// Issue 22: in a saved case's Markdown hand-off the decision after the
/// timeline has a heading of its own, not the timeline's.
#[test]
fn the_markdown_hand_off_puts_the_decision_under_its_own_heading() {
    let desk = Desk::new();
    let id = desk.save(
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22","claim_date":"2026-11-25"}"#,
        &[],
    );
    let md = desk.stdout(
        "2026-11-25",
        &["cases", "show", &id, "--format", "markdown"],
    );
    let timeline = md.find("### Timeline").expect("timeline heading");
    let decision = md.find("### Decision").expect("decision heading");
    let claim = md.find("- **Claim:**").expect("claim line");
    assert!(timeline < decision && decision < claim, "{md}");
}

/// `cases list --search` reaches the timeline (issues 21, 22): the
/// tracking and RMA numbers, a word of an event's note, and the status.
#[test]
fn cases_list_search_finds_tracking_rma_notes_and_status() {
    let desk = Desk::new();
    let claim = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
    let id = desk.save(claim, &[]);
    let other = desk.save(claim, &[]);
    desk.event(
        "2026-11-30",
        &id,
        &[
            "vendor_approved",
            "--rma",
            "RMA-5521",
            "--date",
            "2026-11-26",
        ],
    );
    desk.event(
        "2026-11-30",
        &id,
        &["shipped", "--tracking", "1Z999AA1", "--date", "2026-11-27"],
    );
    desk.event(
        "2026-11-30",
        &id,
        &[
            "note",
            "--note",
            "label reprinted for customer",
            "--date",
            "2026-11-27",
        ],
    );
    for words in ["1z999", "RMA-5521", "reprinted", "waiting on vendor"] {
        let list = desk.stdout("2026-11-30", &["cases", "list", "--search", words]);
        assert!(
            list.contains(&id) && !list.contains(&other),
            "{words}: {list}"
        );
    }
    let none = desk.stdout("2026-11-30", &["cases", "list", "--search", "resolved"]);
    assert!(!none.contains(&id), "{none}");
}
