//! Policy versions by date (issue 16, part 2): a test vendor in two
//! versions (`tests/fixtures/policy_versions/zentro.toml`: 14 days to change
//! one's mind from 2026-01-01, 30 days from 2027-01-01), claims on both
//! sides of `effective_from`, the version a saved case records, `cases
//! recheck` and `policies diff`, and the located errors of malformed
//! version tables.

use crate::common;

use claimdesk::rules::claim::DateFact;
use claimdesk::rules::policy::compile_policy;
use claimdesk::rules::{self, ClaimInput, PolicySet};
use std::path::{Path, PathBuf};
use std::process::Output;

const FIXTURE: &str = include_str!("../fixtures/policy_versions/zentro.toml");

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy_versions")
}

fn date(text: &str) -> chrono::NaiveDate {
    rules::dates::parse_date(text).expect("date")
}

/// An online change of mind, first reported 20 days after delivery: late
/// under the 14-day version, in time under the 30-day one.
fn claim(delivery: &str) -> String {
    let first_notice = date(delivery) + chrono::Days::new(20);
    format!(
        r#"{{"vendor":"zentro","channel":"online","issue":"change_of_mind","claim_date":"2027-03-01","delivery_date":"{delivery}","first_notice_date":"{first_notice}"}}"#
    )
}

/// The fixture, compiled with the embedded vendors.
fn set() -> PolicySet {
    let mut set = PolicySet::embedded().expect("embedded policies");
    set.policies
        .push(compile_policy("zentro.toml", FIXTURE).expect("fixture compiles"));
    set
}

fn decide(delivery: &str) -> serde_json::Value {
    let set = set();
    let input = ClaimInput::from_json(&claim(delivery)).expect("claim");
    let outcome = rules::decide(&set, &input, date("2027-03-01")).expect("decided");
    serde_json::to_value(&outcome).expect("json")
}

#[test]
fn the_day_before_effective_from_is_decided_by_the_older_version_and_the_day_of_by_the_newer() {
    let before = decide("2026-12-31");
    assert_eq!(before["verdict"], "not_eligible", "{before}");
    assert_eq!(before["policy"]["version"], "2026");
    assert_eq!(before["decided_by"][0], "return_late");

    let on = decide("2027-01-01");
    assert_eq!(on["verdict"], "eligible", "{on}");
    assert_eq!(on["policy"]["version"], "2027");
    assert_eq!(on["decided_by"][0], "return_online");
    assert_eq!(on["policy"]["vendor"], "zentro");
    assert_ne!(before["policy"]["sha256"], on["policy"]["sha256"]);
    // No interpretation note: a version was in force on both days.
    for outcome in [&before, &on] {
        assert!(
            outcome["notes"]
                .as_array()
                .expect("notes")
                .iter()
                .all(|n| n["kind"] != "interpretation"),
            "{outcome}"
        );
    }
}

#[test]
fn before_the_earliest_version_the_earliest_decides_with_an_interpretation_note() {
    let outcome = decide("2025-12-01");
    assert_eq!(outcome["policy"]["version"], "2026", "{outcome}");
    let notes = outcome["notes"].as_array().expect("notes");
    let note = notes
        .iter()
        .find(|n| n["kind"] == "interpretation")
        .unwrap_or_else(|| panic!("no interpretation note in {outcome}"));
    let text = note["text"].as_str().expect("text");
    assert!(text.contains("delivery date 2025-12-01"), "{text}");
    assert!(text.contains("in force from 2026-01-01"), "{text}");
}

#[test]
fn each_version_hashes_the_text_up_to_the_next_version() {
    let policy = compile_policy("zentro.toml", FIXTURE).expect("compiles");
    let versions: Vec<_> = policy.versions().collect();
    assert_eq!(versions.len(), 2);
    // The first version alone, as a file of its own, hashes the same: a
    // version added at the end leaves the earlier hashes as they were.
    let cut = FIXTURE.find("[[versions]]").expect("a versions table");
    let first_alone = compile_policy("first.toml", &FIXTURE[..cut]).expect("compiles");
    assert!(first_alone.later.is_empty());
    assert_eq!(versions[0].sha256, first_alone.sha256);
    // The last version covers the whole file.
    use sha2::Digest as _;
    let whole: String = sha2::Sha256::digest(FIXTURE.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(versions[1].sha256, whole);
    assert_eq!(versions[1].effective_from, Some(date("2027-01-01")));
    // The second restates only what changed: the dropped window is gone,
    // the new one is there, the untouched rules are inherited.
    assert!(versions[1].window("return_14_days").is_none());
    assert!(versions[1].window("return_30_days").is_some());
    assert!(versions[1].rule("warranty").is_some());
    assert!(
        versions[1]
            .clause("ZN-RET")
            .is_some_and(|c| c.text.contains("30 days"))
    );
}

#[test]
fn the_claim_date_that_picks_the_version_is_policy_data() {
    // The same file picking by order date first, then delivery date.
    let text = FIXTURE.replace(
        r#"in_force_on = ["delivery_date"]"#,
        r#"in_force_on = ["order_date", "delivery_date"]"#,
    );
    let policy = compile_policy("zentro.toml", &text).expect("compiles");
    let mut dates = [None; claimdesk::rules::claim::DATE_FACTS];
    dates[DateFact::Delivery.index()] = Some(date("2027-01-05"));
    let claim_date = date("2027-03-01");
    let by_delivery = policy.in_force(&dates, claim_date);
    assert_eq!(by_delivery.policy.version.as_deref(), Some("2027"));
    assert_eq!(by_delivery.on, (DateFact::Delivery, date("2027-01-05")));
    dates[DateFact::Order.index()] = Some(date("2026-12-20"));
    let by_order = policy.in_force(&dates, claim_date);
    assert_eq!(by_order.policy.version.as_deref(), Some("2026"));
    assert_eq!(by_order.on, (DateFact::Order, date("2026-12-20")));
}

#[test]
fn the_shipped_policies_pick_by_order_and_invoice_date_and_hold_one_version() {
    let set = PolicySet::embedded().expect("embedded");
    let millso = set.vendor("millso").expect("millso");
    let mitkco = set.vendor("mitkco").expect("mitkco");
    assert_eq!(millso.in_force_on, [DateFact::Order]);
    assert_eq!(mitkco.in_force_on, [DateFact::Invoice, DateFact::Delivery]);
    for p in [millso, mitkco] {
        assert!(p.later.is_empty() && p.effective_from.is_none(), "{}", p.id);
    }
}

#[test]
fn the_decisive_delivery_date_span_ends_at_the_version_boundary() {
    let outcome = decide("2026-12-31");
    let spans = outcome["decisive_dates"]
        .as_array()
        .expect("decisive dates");
    let delivery = spans
        .iter()
        .find(|s| s["field"] == "delivery_date")
        .expect("delivery span");
    assert_eq!(delivery["same_verdict_to"], "2026-12-31", "{delivery}");
    assert_eq!(delivery["verdict_after"], "eligible", "{delivery}");
}

/// A temporary home and data folder, and the binary run in them.
struct Desk {
    root: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(root.path().join("home")).expect("home");
        Desk { root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        common::run_with_stdin(
            common::claimdesk(&self.path("home"))
                .current_dir(self.root.path())
                .args(["--data-dir", self.path("data").to_str().expect("utf-8")])
                .args(args),
            stdin,
        )
    }

    /// Saves `claim` decided with the policies in `dir`; the case id.
    fn save(&self, dir: &Path, claim: &str) -> String {
        let out = self.run(
            &[
                "--policies",
                dir.to_str().expect("utf-8"),
                "check",
                "--save",
            ],
            claim,
        );
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        err.lines()
            .find_map(|l| l.strip_prefix("saved "))
            .unwrap_or_else(|| panic!("no case id in {err:?}"))
            .to_owned()
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_saved_case_records_the_version_and_recheck_says_whether_a_newer_one_applies() {
    let desk = Desk::new();
    // Saved while only the 2026 version existed (the file cut before its
    // [[versions]] table).
    let old_dir = desk.path("old");
    std::fs::create_dir_all(&old_dir).expect("dir");
    let cut = FIXTURE.find("[[versions]]").expect("a versions table");
    std::fs::write(old_dir.join("zentro.toml"), &FIXTURE[..cut]).expect("write");
    let delivered_before = desk.save(&old_dir, &claim("2026-12-31"));
    let delivered_on = desk.save(&old_dir, &claim("2027-01-01"));

    let export = desk.run(&["cases", "export", "--format", "jsonl"], "");
    let first_version = compile_policy("old", &FIXTURE[..cut]).expect("compiles");
    for line in stdout(&export).lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("jsonl");
        // The case's policy reference and its outcome's `policy` field.
        for policy in [&case["policy"], &case["outcome"]["policy"]] {
            assert_eq!(policy["version"], "2026", "{line}");
            assert_eq!(policy["sha256"], first_version.sha256.as_str(), "{line}");
        }
    }
    assert_eq!(stdout(&export).lines().count(), 2);

    // Now the file has both versions.
    let out = desk.run(
        &[
            "--policies",
            fixture_dir().to_str().expect("utf-8"),
            "cases",
            "recheck",
        ],
        "",
    );
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    // Delivered on 2027-01-01: the 2027 version applies and decides it
    // otherwise.
    let verdict_line = report
        .lines()
        .find(|l| l.starts_with("VERDICT") && l.contains(&delivered_on))
        .unwrap_or_else(|| panic!("no VERDICT line for {delivered_on}: {report}"));
    assert!(
        verdict_line.contains("verdict not_eligible -> eligible"),
        "{verdict_line}"
    );
    assert!(
        verdict_line.contains(
            "policy version 2027 applies (in force on the delivery date 2027-01-01; saved under 2026)"
        ),
        "{verdict_line}"
    );
    // Delivered on 2026-12-31: still decided by 2026; the 2027 version
    // would decide it otherwise but does not apply.
    assert!(
        !report
            .lines()
            .any(|l| l.starts_with("VERDICT") && l.contains(&delivered_before)),
        "{report}"
    );
    let newer = report
        .lines()
        .find(|l| l.starts_with("NEWER") && l.contains(&delivered_before))
        .unwrap_or_else(|| panic!("no NEWER line for {delivered_before}: {report}"));
    assert!(
        newer.contains(
            "version 2027 would give eligible (saved: not_eligible) but does not apply: in force from 2027-01-01, the delivery date is 2026-12-31"
        ),
        "{newer}"
    );
    assert!(
        report.contains("1 of 2 case(s) would get another verdict now"),
        "{report}"
    );
}

#[test]
fn policies_diff_lists_the_decisions_that_change_between_two_versions() {
    let desk = Desk::new();
    std::fs::write(desk.path("zentro.toml"), FIXTURE).expect("write");
    let out = desk.run(&["policies", "diff", "zentro.toml@2026", "@2027"], "");
    assert_eq!(out.status.code(), Some(1), "{:?}", out);
    let report = stdout(&out);
    insta::assert_snapshot!("policies_diff_2026_2027", report);

    // The same version against itself: nothing changes, exit 0.
    let same = desk.run(&["policies", "diff", "zentro.toml@2027", "zentro.toml"], "");
    assert_eq!(same.status.code(), Some(0), "{:?}", same);
    assert!(
        stdout(&same).contains("0 decide differently"),
        "{}",
        stdout(&same)
    );

    // A version the file does not have is a usage error naming the known.
    let missing = desk.run(&["policies", "diff", "zentro.toml@2030", "@2027"], "");
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("has no version \"2030\" (its versions: 2026, 2027)"),
        "{err}"
    );
}

/// `policies check` on the fixture with `from` replaced by `to`.
fn check_edited(from: &str, to: &str) -> (Option<i32>, String, String) {
    assert!(FIXTURE.contains(from), "fixture lacks {from:?}");
    let edited = FIXTURE.replacen(from, to, 1);
    let desk = Desk::new();
    std::fs::write(desk.path("edited.toml"), &edited).expect("write");
    let out = desk.run(&["policies", "check", "edited.toml"], "");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        edited,
    )
}

/// 1-based line and column of the first `needle` at or after `after`.
fn position(text: &str, needle: &str, after: usize) -> (usize, usize) {
    let offset = after + text[after..].find(needle).expect("needle");
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line, column)
}

#[test]
fn version_dates_out_of_order_or_malformed_are_located_errors() {
    let cases = [
        (
            "2025-06-01",
            "effective_from: 2025-06-01 is before the version above (2026-01-01); list versions oldest first",
        ),
        (
            "2026-01-01",
            "effective_from: 2026-01-01 is also the date of the version above; two versions cannot start on the same day",
        ),
        (
            "2027-02-30",
            "effective_from: \"2027-02-30\" does not exist",
        ),
        (
            "2027-1-1",
            "effective_from: \"2027-1-1\" is not a date of the form YYYY-MM-DD",
        ),
    ];
    for (date, message) in cases {
        let (code, err, edited) = check_edited(
            r#"effective_from = "2027-01-01""#,
            &format!(r#"effective_from = "{date}""#),
        );
        assert_eq!(code, Some(1), "{err}");
        let versions = edited.find("[[versions]]").expect("versions");
        let (line, column) = position(&edited, &format!("\"{date}\""), versions);
        assert!(
            err.contains(&format!(
                "edited.toml:{line}:{column}: [[versions]] #1 {message}"
            )),
            "{date}: {err}"
        );
    }
}

#[test]
fn version_tables_that_cannot_work_are_located_errors() {
    let (code, err, _) = check_edited(r#"in_force_on = ["delivery_date"]"#, "");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("vendor.in_force_on is needed once the file has [[versions]]"),
        "{err}"
    );

    let (code, err, _) = check_edited(
        r#"in_force_on = ["delivery_date"]"#,
        r#"in_force_on = ["delivered"]"#,
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains(r#"vendor.in_force_on: "delivered" is not a claim date field"#),
        "{err}"
    );

    let (code, err, edited) = check_edited(
        r#"drop_windows = ["return_14_days"]"#,
        r#"drop_windows = ["return_15_days"]"#,
    );
    assert_eq!(code, Some(1));
    let (line, column) = position(&edited, "\"return_15_days\"", 0);
    assert!(
        err.contains(&format!(
            "edited.toml:{line}:{column}: [[versions]] #1 drop_windows: the version above has no window \"return_15_days\""
        )),
        "{err}"
    );

    // A rule of the later version naming a window it does not have: the
    // error says which version.
    let (code, err, edited) = check_edited(
        r#"when.within = ["return_30_days"]"#,
        r#"when.within = ["return_31_days"]"#,
    );
    assert_eq!(code, Some(1));
    let (line, _) = position(&edited, "return_31_days", 0);
    assert!(
        err.contains(&format!(
            "edited.toml:{line}:6: in version 2027: rule \"return_online\": unknown window \"return_31_days\""
        )),
        "{err}"
    );

    // A version without a date, and a table after the versions.
    let (code, err, _) = check_edited("effective_from = \"2027-01-01\"\n", "");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("[[versions]] #1: a later version needs effective_from"),
        "{err}"
    );
    let (code, err, _) = check_edited(
        "[[versions]]\n",
        "[[versions]]\neffective_from = \"2026-06-01\"\nversion = \"mid\"\n\n[[rules]]\nid = \"late_table\"\nlabel = \"x\"\nclauses = [\"ZN-RET\"]\n\n[[versions]]\n",
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("versions must come after everything else in the file"),
        "{err}"
    );
}

#[test]
fn a_comment_after_a_table_header_does_not_move_the_reported_line() {
    // Issue 12: the line used to be found by counting "[[rules]]" lines,
    // which a trailing comment hid.
    let (code, err, edited) = check_edited(
        "[[rules]]\nid = \"used_return\"",
        "[[rules]] # no longer counted wrong\nid = \"used_Return\"",
    );
    assert_eq!(code, Some(1));
    let (line, column) = position(&edited, "id = \"used_Return\"", 0);
    assert!(
        err.contains(&format!(
            "edited.toml:{line}:{column}: rule id \"used_Return\" must be lower-case"
        )),
        "{err}"
    );
    // And in the test vendor with no versions, a value error points at its
    // key: here the window's `months`.
    let (code, err, edited) = check_edited("months = 24", "months = 0");
    assert_eq!(code, Some(1));
    let (line, column) = position(&edited, "months = 0", 0);
    assert!(
        err.contains(&format!(
            "edited.toml:{line}:{column}: window \"warranty_24_months\": length must be"
        )),
        "{err}"
    );
}

#[test]
fn check_json_carries_the_policy_version_that_decided() {
    let desk = Desk::new();
    let out = desk.run(
        &[
            "--policies",
            fixture_dir().to_str().expect("utf-8"),
            "check",
        ],
        &claim("2027-01-01"),
    );
    assert_eq!(out.status.code(), Some(0));
    let outcome: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(outcome["policy"]["vendor"], "zentro");
    assert_eq!(outcome["policy"]["version"], "2027");
    assert_eq!(
        outcome["policy"]["sha256"].as_str().map(str::len),
        Some(64),
        "{outcome}"
    );
    // The bulk path writes the same field.
    let batch = desk.run(
        &[
            "--policies",
            fixture_dir().to_str().expect("utf-8"),
            "check",
            "--batch",
        ],
        &format!("{}\n", claim("2026-12-31")),
    );
    let line: serde_json::Value = serde_json::from_slice(&batch.stdout).expect("json line");
    assert_eq!(line["policy"]["version"], "2026", "{line}");
}
