//! The case log from the command line, against a temporary data folder:
//! save → list → show → export for every format, faults (corrupt,
//! read-only, SIGKILL during saves), neutralised text, re-check after a
//! policy edit, and the config file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common;

/// A data folder and a config home of the test's own.
struct Desk {
    _root: tempfile::TempDir,
    home: PathBuf,
    data: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().expect("tempdir");
        let home = root.path().join("home");
        let data = root.path().join("data");
        std::fs::create_dir_all(&home).expect("home");
        Desk {
            home,
            data,
            _root: root,
        }
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        common::run_with_stdin(
            common::claimdesk(&self.home)
                .args(["--data-dir", self.data.to_str().expect("utf-8")])
                .args(args),
            stdin,
        )
    }

    /// Decides and saves a claim; returns the new case id.
    fn save(&self, claim: &str, extra: &[&str]) -> String {
        let mut args = vec!["check", "--today", "2026-11-21", "--save"];
        args.extend_from_slice(extra);
        let out = self.run(&args, claim);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        err.lines()
            .find_map(|l| l.strip_prefix("saved "))
            .unwrap_or_else(|| panic!("no case id in {err:?}"))
            .to_owned()
    }

    fn log(&self) -> PathBuf {
        self.data.join("cases.sqlite3")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

const MILLSO: &str =
    r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","order_date":"2026-10-02"}"#;
const MITKCO: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#;
/// ESC [ 2 J clears a screen; OSC 52 would set the clipboard; C1 CSI.
const HOSTILE_NOTE: &str = "call back \u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7} \u{9b}31m today";

fn no_raw_controls(what: &str, bytes: &[u8]) {
    let s = text(bytes);
    for c in s.chars() {
        assert!(
            c == '\n' || c == '\r' || !c.is_control(),
            "{what} has a raw control character {c:?}: {s:?}"
        );
    }
}

#[test]
fn save_list_show_export_round_trip() {
    let desk = Desk::new();
    let first = desk.save(MILLSO, &["--order", "112-7", "--note", "prefers e-mail"]);
    let second = desk.save(MITKCO, &[]);
    let today = chrono::Local::now().format("%Y%m%d").to_string();
    assert_eq!(first, format!("C-{today}-0001"));
    assert_eq!(second, format!("C-{today}-0002"));

    let list = desk.run(&["cases", "list"], "");
    let list = text(&list.stdout);
    assert!(list.contains(&first) && list.contains(&second), "{list}");
    assert!(
        list.contains("112-7") && list.contains("2 case(s)"),
        "{list}"
    );

    // Filters narrow.
    let only = text(
        &desk
            .run(&["cases", "list", "--vendor", "mitkco"], "")
            .stdout,
    );
    assert!(only.contains(&second) && !only.contains(&first), "{only}");
    let by_order = text(&desk.run(&["cases", "list", "--order", "112-7"], "").stdout);
    assert!(by_order.contains(&first) && !by_order.contains(&second));
    let none = text(
        &desk
            .run(&["cases", "list", "--from", "2026-11-22"], "")
            .stdout,
    );
    assert!(none.contains("no matching cases"), "{none}");
    let verdict = text(
        &desk
            .run(&["cases", "list", "--verdict", "review"], "")
            .stdout,
    );
    assert!(verdict.contains("no matching cases"), "{verdict}");
    let eligible = text(
        &desk
            .run(&["cases", "list", "--verdict", "eligible"], "")
            .stdout,
    );
    assert!(eligible.contains(&first), "{eligible}");
    // A verdict that is none: exit 2, the verdicts named.
    let typo = desk.run(&["cases", "list", "--verdict", "eligable"], "");
    assert_eq!(typo.status.code(), Some(2));
    let said = text(&typo.stderr);
    assert!(
        said.contains("eligible, not_eligible, review, follow_up"),
        "{said}"
    );

    // Text: the same outcome `check` printed, under the case header.
    // Deadlines read as of the day the case is shown (here the claim day).
    let shown = text(
        &desk
            .run(&["--today", "2026-11-21", "cases", "show", &first], "")
            .stdout,
    );
    assert!(shown.starts_with(&format!("Case: {first}")), "{shown}");
    assert!(shown.contains("Customer reference: 112-7"), "{shown}");
    assert!(shown.contains("Note: prefers e-mail"), "{shown}");
    assert!(shown.contains("VERDICT: Eligible"), "{shown}");
    assert!(
        shown.contains("2027-10-02 (Saturday, met on 2026-11-21): 12-month warranty ends"),
        "{shown}"
    );

    let md = text(
        &desk
            .run(&["cases", "show", &first, "--format", "markdown"], "")
            .stdout,
    );
    assert!(
        md.starts_with(&format!("## Case {first}: Eligible")),
        "{md}"
    );
    assert!(md.contains("- **Customer reference:** 112\\-7") || md.contains("112-7"));
    assert!(md.contains("### Next steps"), "{md}");

    let json = desk.run(&["cases", "show", &first, "--format", "json"], "");
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["id"], first.as_str());
    assert_eq!(value["reference"], "112-7");
    assert_eq!(value["claim"]["claim_date"], "2026-11-21");
    // The saved outcome is what `check` prints for the claim.
    let checked = desk.run(&["check", "--today", "2026-11-21"], MILLSO);
    let checked: serde_json::Value = serde_json::from_slice(&checked.stdout).expect("json");
    assert_eq!(value["outcome"], checked);

    let jsonl = text(
        &desk
            .run(&["cases", "export", "--format", "jsonl"], "")
            .stdout,
    );
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["id"], second.as_str());
    assert_eq!(lines[1]["outcome"]["verdict"], "eligible");

    let csv = text(&desk.run(&["cases", "export", "--format", "csv"], "").stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(&rows[0][0], first.as_str());
    assert_eq!(&rows[0][6], "112-7");
    assert_eq!(&rows[0][8], "prefers e-mail");
    assert_eq!(&rows[1][5], "eligible");

    let missing = desk.run(&["cases", "show", "C-19990101-0001"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no case C-19990101-0001"));
}

#[cfg(unix)]
#[test]
fn the_case_log_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    desk.save(MITKCO, &[]);
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&desk.log()), 0o600);
    assert_eq!(mode(&desk.data), 0o700);
    for entry in std::fs::read_dir(&desk.data).expect("dir") {
        let path = entry.expect("entry").path();
        assert_eq!(
            mode(&path) & 0o077,
            0,
            "{} is readable by others",
            path.display()
        );
    }
}

#[test]
fn typed_escape_sequences_never_reach_the_terminal_or_an_export_raw() {
    let desk = Desk::new();
    let id = desk.save(
        MILLSO,
        &["--order", "=HYPERLINK(\"x\")", "--note", HOSTILE_NOTE],
    );
    for args in [
        vec!["cases", "list"],
        vec!["cases", "show", &id],
        vec!["cases", "show", &id, "--format", "markdown"],
        vec!["cases", "show", &id, "--format", "json"],
        vec!["cases", "export", "--format", "csv"],
        vec!["cases", "export", "--format", "jsonl"],
    ] {
        let out = desk.run(&args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        no_raw_controls(&format!("{args:?}"), &out.stdout);
    }
    // Stored as typed: the JSON export reads back to the exact note.
    let jsonl = desk.run(&["cases", "export", "--format", "jsonl"], "");
    let value: serde_json::Value = serde_json::from_slice(&jsonl.stdout).expect("json");
    assert_eq!(value["note"], HOSTILE_NOTE);
    // A spreadsheet will not run the reference as a formula.
    let csv = text(&desk.run(&["cases", "export"], "").stdout);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    // Shown with the escapes visible.
    let shown = text(&desk.run(&["cases", "show", &id], "").stdout);
    assert!(shown.contains("call back \\u{1b}[2J"), "{shown}");
}

#[test]
fn a_corrupt_case_log_gives_one_clear_line() {
    let desk = Desk::new();
    std::fs::create_dir_all(&desk.data).expect("dir");
    std::fs::write(
        desk.log(),
        b"this is not a database, it is a shopping list\n".repeat(100),
    )
    .expect("write");
    let out = desk.run(&["cases", "list"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("damaged or not a claimdesk database"), "{err}");
    // Deciding still works; only the save fails, with the same line.
    let saved = desk.run(&["check", "--today", "2026-11-21", "--save"], MITKCO);
    assert!(
        text(&saved.stderr).contains("not saved: the case log"),
        "{}",
        text(&saved.stderr)
    );
    assert_eq!(saved.status.code(), Some(4));
    assert!(text(&saved.stdout).contains("\"verdict\": \"eligible\""));
    let plain = desk.run(&["check", "--today", "2026-11-21"], MITKCO);
    assert_eq!(plain.status.code(), Some(0));
}

/// Makes a file read-only for this process until dropped. root writes
/// through any file mode, so as root the file is made immutable instead.
#[cfg(unix)]
struct ReadOnly(PathBuf, bool);

#[cfg(unix)]
impl ReadOnly {
    fn make(path: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid(2) takes nothing and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).ok()?;
            return Some(ReadOnly(path.to_path_buf(), false));
        }
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| ReadOnly(path.to_path_buf(), true))
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
    }
}

#[cfg(unix)]
#[test]
#[cfg_attr(
    claimdesk_no_readonly,
    ignore = "root without chattr on the PATH: nothing can be made read-only here (apt-get install e2fsprogs)"
)]
fn a_read_only_case_log_still_lists_but_does_not_save() {
    let desk = Desk::new();
    let id = desk.save(MITKCO, &[]);
    // Checkpoint the write-ahead log into the file, as a closed log is.
    let _ = std::fs::remove_file(desk.data.join("cases.sqlite3-wal"));
    let _guard = ReadOnly::make(&desk.log()).expect(
        "a read-only folder or file (chmod, or chattr +i as root): this test runs where the build found one"
    );
    let list = desk.run(&["cases", "list"], "");
    assert!(text(&list.stdout).contains(&id), "{}", text(&list.stderr));
    let saved = desk.run(&["check", "--today", "2026-11-21", "--save"], MITKCO);
    let err = text(&saved.stderr);
    assert!(err.contains("cannot be written"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The claim is still decided.
    assert!(text(&saved.stdout).contains("\"verdict\""));
}

#[test]
fn a_log_from_a_newer_claimdesk_is_refused_not_damaged() {
    let desk = Desk::new();
    desk.save(MITKCO, &[]);
    let conn = rusqlite::Connection::open(desk.log()).expect("open");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let out = desk.run(&["cases", "list"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("made by a newer claimdesk (schema 99"));
}

/// Saves in a burst from many processes, kills them with SIGKILL at
/// random moments, then checks every case a process reported saved is
/// there, the ids are unique and the file passes SQLite's integrity check.
#[cfg(unix)]
#[test]
fn sigkill_during_a_burst_of_saves_loses_no_committed_case() {
    let desk = Desk::new();
    desk.save(MITKCO, &[]); // create the log
    let mut reported = vec![];
    for round in 0..30u64 {
        let mut child = common::claimdesk(&desk.home)
            .args(["--data-dir", desk.data.to_str().expect("utf-8")])
            .args([
                "check",
                "--today",
                "2026-11-21",
                "--save",
                "--note",
                "burst",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(MILLSO.as_bytes())
            .expect("stdin");
        // Kill some at once, some mid-way, let some finish.
        std::thread::sleep(std::time::Duration::from_micros((round * 397) % 4000));
        if round % 3 != 2 {
            // SAFETY: kill(2) with our own child's pid and a valid signal number.
            unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        }
        let out = child.wait_with_output().expect("wait");
        if let Some(id) = text(&out.stderr)
            .lines()
            .find_map(|l| l.strip_prefix("saved "))
        {
            reported.push(id.to_owned());
        }
    }
    let conn = rusqlite::Connection::open(desk.log()).expect("reopen");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(check, "ok");
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM cases")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    for id in &reported {
        assert!(ids.contains(id), "case {id} was reported saved but is gone");
    }
    // Every third process was left to finish.
    assert!(
        reported.len() >= 10,
        "only {} saves reported",
        reported.len()
    );
    let list = desk.run(&["cases", "list"], "");
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
}

/// Zentro's 14-day return window edited to 7 days: exactly the cases whose
/// verdict changes are listed.
#[test]
fn recheck_lists_exactly_the_cases_a_policy_edit_changes() {
    let desk = Desk::new();
    let policies = desk.home.join("policies");
    std::fs::create_dir_all(&policies).expect("dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/zentro.toml");
    let original = std::fs::read_to_string(&fixture).expect("zentro");
    std::fs::write(policies.join("zentro.toml"), &original).expect("write");
    let dir = policies.to_str().expect("utf-8");

    let claim = |days_ago: u64| {
        let order = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
            - chrono::Days::new(days_ago);
        format!(
            r#"{{"vendor":"zentro","channel":"store","issue":"change_of_mind","delivery_date":"{order}","claim_date":"2026-11-21"}}"#
        )
    };
    let save = |days_ago: u64| desk.save(&claim(days_ago), &["--policies", dir]);
    let day_3 = save(3);
    let day_10 = save(10);
    let day_12 = save(12);
    let day_20 = save(20);
    let mitkco = desk.save(MITKCO, &[]);

    let same = desk.run(&["--policies", dir, "cases", "recheck"], "");
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
    assert!(text(&same.stdout).contains("0 of 5 case(s) would get another verdict now; 0 more"));

    assert!(original.contains("days = 14\n"));
    std::fs::write(
        policies.join("zentro.toml"),
        original.replacen("days = 14\n", "days = 7\n", 1),
    )
    .expect("edit");
    let out = desk.run(
        &["--policies", dir, "cases", "recheck", "--verdicts-only"],
        "",
    );
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let listed: Vec<&str> = report
        .lines()
        .filter_map(|l| l.strip_prefix("VERDICT    "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    // Delivered 10 and 12 days ago: in time under 14 days, late under 7.
    assert_eq!(listed, [day_10.as_str(), day_12.as_str()], "{report}");
    assert!(
        report.contains("verdict eligible -> not_eligible"),
        "{report}"
    );
    assert!(!report.contains("DEADLINES"), "{report}");

    // Without --verdicts-only the moved deadlines of day 3 and day 20 are
    // listed apart; the Mitkco case is untouched.
    let all = text(
        &desk
            .run(&["--policies", dir, "cases", "recheck"], "")
            .stdout,
    );
    for id in [&day_3, &day_20] {
        assert!(
            all.contains(&format!(
                "DEADLINES  {id}  zentro/change_of_mind  return_14_days"
            )),
            "{all}"
        );
    }
    assert!(!all.contains(&mitkco), "{all}");
    assert!(
        all.contains("2 of 5 case(s) would get another verdict now; 2 more only other deadlines"),
        "{all}"
    );

    // The same findings as JSON Lines: one object a finding, then a summary.
    let out = desk.run(
        &["--policies", dir, "cases", "recheck", "--format", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    let of_kind = |kind: &str| -> Vec<&str> {
        lines
            .iter()
            .filter(|l| l["kind"] == kind)
            .map(|l| l["case"].as_str().expect("case id"))
            .collect()
    };
    assert_eq!(of_kind("verdict"), [day_10.as_str(), day_12.as_str()]);
    assert_eq!(of_kind("deadlines"), [day_3.as_str(), day_20.as_str()]);
    let changed = lines
        .iter()
        .find(|l| l["case"] == day_10.as_str())
        .expect("day 10");
    assert_eq!(changed["saved_verdict"], "eligible");
    assert_eq!(changed["verdict"], "not_eligible");
    assert_eq!(changed["vendor"], "zentro");
    let summary = lines.last().expect("summary");
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["checked"], 5);
    assert_eq!(summary["verdict_changes"], 2);
    assert_eq!(summary["deadline_changes"], 2);
    let only = desk.run(
        &[
            "--policies",
            dir,
            "cases",
            "recheck",
            "--verdicts-only",
            "--format",
            "json",
        ],
        "",
    );
    assert!(
        json_lines(&only.stdout)
            .iter()
            .all(|l| l["kind"] != "deadlines")
    );
}

/// Each line of `bytes` parsed as JSON on its own (JSON Lines).
fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    no_raw_controls("JSON Lines", bytes);
    text(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

#[test]
fn listing_commands_write_one_json_object_a_line() {
    let desk = Desk::new();
    let millso = desk.save(MILLSO, &["--order", "112-7", "--note", HOSTILE_NOTE]);
    let mitkco = desk.save(MITKCO, &[]);

    let out = desk.run(&["cases", "list", "--format", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cases = json_lines(&out.stdout);
    let ids: Vec<&str> = cases
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, [mitkco.as_str(), millso.as_str()], "newest first");
    assert_eq!(cases[1]["vendor"], "millso");
    assert_eq!(cases[1]["verdict"], "eligible");
    assert_eq!(cases[1]["reference"], "112-7");
    assert_eq!(cases[1]["note"], HOSTILE_NOTE, "escaped, not altered");
    assert_eq!(cases[1]["claim_date"], "2026-11-21");
    let limited = desk.run(&["cases", "list", "--format", "json", "--limit", "1"], "");
    assert_eq!(json_lines(&limited.stdout).len(), 1, "no count line");

    let out = desk.run(
        &["--today", "2026-11-21", "cases", "due", "--format", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let due = json_lines(&out.stdout);
    assert!(!due.is_empty());
    for line in &due {
        assert!(
            line["id"].is_string() && line["status"].is_string(),
            "{line}"
        );
        match (line["due"].as_str(), line["days_left"].as_i64()) {
            (Some(date), Some(days)) => {
                let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
                let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
                assert_eq!((date - today).num_days(), days, "{line}");
            }
            (None, None) => assert!(line["due"].is_null() && line["days_left"].is_null()),
            _ => panic!("due and days_left go together: {line}"),
        }
    }

    let out = desk.run(&["policies", "list", "--format", "json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let vendors = json_lines(&out.stdout);
    for id in ["millso", "mitkco"] {
        let v = vendors.iter().find(|v| v["id"] == id).expect("listed");
        assert!(v["rules"].as_u64().is_some_and(|n| n > 0), "{v}");
        assert!(
            v["fingerprint"].is_string() && v["origin"].is_string(),
            "{v}"
        );
        assert!(v["versions"].is_array(), "{v}");
    }
}

#[test]
fn config_path_and_show_report_unknown_keys() {
    let desk = Desk::new();
    let path = text(&desk.run(&["config", "path"], "").stdout);
    assert_eq!(
        path.trim(),
        desk.home
            .join(".config/claimdesk/config.toml")
            .display()
            .to_string()
    );
    std::fs::create_dir_all(desk.home.join(".config/claimdesk")).expect("dir");
    std::fs::write(
        desk.home.join(".config/claimdesk/config.toml"),
        "agent_name = \"Dana\"\nagnet_name = \"typo\"\n",
    )
    .expect("write");
    let show = desk.run(&["config", "show"], "");
    assert_eq!(show.status.code(), Some(1));
    assert!(text(&show.stdout).contains("agent_name = Dana"));
    assert!(text(&show.stderr).contains("unknown key \"agnet_name\""));
    // Other commands warn and go on; the agent's name goes with each case.
    let id = desk.save(MITKCO, &[]);
    let shown = text(&desk.run(&["cases", "show", &id], "").stdout);
    assert!(shown.contains("Agent: Dana"), "{shown}");
}

/// Through the library, as the wizard uses it: an updated case takes the
/// new reference and note with the new decision, an update of a case that
/// is gone says so, and `--order` ignores case, spaces and dashes.
#[test]
fn updates_carry_reference_and_note_and_orders_match_loosely() {
    use claimdesk::rules::{ClaimInput, PolicySet, decide};
    use claimdesk::store::{CaseLog, CaseRecord, CaseStore, Filter};
    let desk = Desk::new();
    let policies = PolicySet::embedded().expect("policies");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let now = today.and_hms_opt(10, 0, 0).expect("time");
    let input =
        ClaimInput::from_json(r#"{"vendor":"mitkco","issue":"misuse_damage"}"#).expect("claim");
    let outcome = decide(&policies, &input, today).expect("decided");
    let policy = policies.vendor("mitkco").expect("mitkco");
    let mut log = CaseLog::open_in(&desk.data).expect("log");
    let mut case = CaseRecord::from_decision(&input, &outcome, policy);
    case.reference = "112-44 17".into();
    let id = log.save(&case, now).expect("saved");

    case.reference = "ab-9".into();
    case.note = "second call".into();
    assert_eq!(log.update(&id, 1, &case, "Dana", now).expect("update"), 2);
    let saved = log.get(&id).expect("get").expect("there");
    assert_eq!(saved.record.reference, "ab-9");
    assert_eq!(saved.record.note, "second call");
    assert!(matches!(
        log.update("C-20990101-0001", 1, &case, "Dana", now),
        Err(claimdesk::store::StoreError::NotFound { .. })
    ));

    for typed in ["AB9", " ab 9 ", "a-b-9"] {
        let found = log
            .list(&Filter {
                reference: Some(typed.into()),
                ..Filter::default()
            })
            .expect("list");
        assert_eq!(found.len(), 1, "{typed:?} finds ab-9");
    }
    assert!(
        log.with_reference("1124417", 10)
            .expect("look up")
            .is_empty(),
        "old reference left"
    );
    assert!(
        log.with_reference(" - ", 10).expect("look up").is_empty(),
        "no letters or digits"
    );
    let listed = text(&desk.run(&["cases", "list", "--order", "A B 9"], "").stdout);
    assert!(listed.contains(&id), "{listed}");
}
