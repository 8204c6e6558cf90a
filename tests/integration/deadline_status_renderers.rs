//! Every renderer of deadlines (plain mode, the hand-off text and Markdown
//! that `cases show`/`cases export` print) shows a met deadline as "met on
//! <date>", never as passed or "ago"; open and passed ones read as before,
//! and cases saved before deadlines had a status still read by days left.

use crate::common::policies;

use chrono::NaiveDate;
use claimdesk::intake::Intake;
use claimdesk::report::{CaseHeader, Summary, summary_markdown, summary_text};
use claimdesk::rules::{self, ClaimInput};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The issue-12 case: Mitkco wrong item delivered 2026-11-22, first e-mail
/// `notice` (if any), call on `claim`; its outcome as the case log saves it.
fn saved(notice: Option<&str>, claim: &str) -> serde_json::Value {
    let mut json = serde_json::json!({
        "vendor": "mitkco", "issue": "wrong_item",
        "delivery_date": "2026-11-22", "claim_date": claim,
    });
    if let Some(n) = notice {
        json["first_notice_date"] = n.into();
    }
    let input = ClaimInput::from_value(&json).expect("claim");
    let outcome = rules::decide(policies(), &input, date(2026, 12, 1)).expect("outcome");
    serde_json::to_value(&outcome).expect("json")
}

fn wrong_item(notice: Option<&str>, claim: &str) -> Summary {
    Summary::from_json(&saved(notice, claim)).expect("an outcome reads back")
}

fn hand_offs(summary: &Summary) -> [String; 2] {
    let policy = policies().vendor("mitkco");
    [
        summary_text(None, summary, policy),
        summary_markdown(&CaseHeader::default(), summary, policy),
    ]
}

#[test]
fn hand_off_text_and_markdown_say_met_on() {
    for text in hand_offs(&wrong_item(Some("2026-11-28"), "2026-12-01")) {
        assert!(text.contains("met on 2026-11-28"), "{text}");
        assert!(!text.contains("PASSED"), "{text}");
        assert!(!text.contains("ago"), "{text}");
    }
}

#[test]
fn hand_off_passed_and_open_read_by_days_left() {
    for text in hand_offs(&wrong_item(None, "2026-12-01")) {
        assert!(text.contains("2 days ago, PASSED"), "{text}");
        assert!(!text.contains("met on"), "{text}");
    }
    for text in hand_offs(&wrong_item(None, "2026-11-27")) {
        assert!(text.contains("in 2 days"), "{text}");
        assert!(!text.contains("met on"), "{text}");
    }
}

#[test]
fn a_case_saved_without_status_reads_by_days_left() {
    let mut value = saved(Some("2026-11-28"), "2026-12-01");
    for d in value["deadlines"].as_array_mut().expect("deadlines") {
        let d = d.as_object_mut().expect("object");
        d.remove("status");
        d.remove("met_on");
    }
    let old = Summary::from_json(&value).expect("an old case still reads");
    assert!(old.deadlines.iter().all(|d| d.status.is_none()));
    let text = summary_text(None, &old, policies().vendor("mitkco"));
    assert!(text.contains("2 days ago, PASSED"), "{text}");
}

#[test]
fn plain_mode_says_met_on() {
    // No order number, then the claim; no data folder: nothing is saved.
    let script = "\nmitkco\nwrong_item\n2026-11-22\n\n2026-11-28\n\n";
    let mut output = Vec::new();
    let desk = claimdesk::plain::Desk {
        data_dir: None,
        agent: String::new(),
        drafts: false,
        post: Default::default(),
    };
    let _ = claimdesk::plain::run(
        Intake::new(policies(), date(2026, 12, 1)),
        &desk,
        script.as_bytes(),
        &mut output,
    );
    let text = String::from_utf8_lossy(&output);
    assert!(text.contains("VERDICT: Eligible"), "{text}");
    assert!(
        text.contains("2026-11-29 (Sunday, met on 2026-11-28): Report the wrong item"),
        "{text}"
    );
    assert!(!text.contains("PASSED"), "{text}");
}
