//! The wizard as a person meets it: the real binary in a pseudo-terminal,
//! keys typed, the screen read back through a terminal emulator (vt100).

use crate::common;

use common::pty::{start, start_in, start_with};
use portable_pty::{PtySize, native_pty_system};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Leaving the alternate screen: what a restored terminal last received.
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";

#[test]
fn a_mitkco_transit_claim_ends_on_the_email_and_the_14_day_date() {
    let mut s = start();
    s.past_order_number();
    for k in ["2", "3", "-", "7", "⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("ELIGIBLE");
    s.expect("sales@mitkco.com by");
    s.expect("Sat 2026-11-28 (7 days left)");
    s.expect("2026-11-28 Sat");
    s.expect("Shipping-damage claims accepted");
    s.key("q");
    assert!(s.wait_exit().success());
    assert!(
        contains(&s.raw(), LEAVE_ALTERNATE_SCREEN),
        "terminal restored"
    );
}

#[test]
fn a_millso_claim_with_a_typed_date_and_an_inline_error() {
    let mut s = start();
    s.past_order_number();
    for k in ["1", "2", "2"] {
        s.key(k);
    }
    s.expect("When was the order placed?");
    s.send(b"2026-02-30");
    s.expect("2026-02-30 does not exist");
    s.send(b"\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f");
    s.send(b"2026-10-02");
    s.expect("= Friday 2026-10-02");
    // The last ⏎ keeps the customer country question's default.
    for k in ["⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("ELIGIBLE");
    s.expect("12-month warranty ends");
    s.expect("2027-10-02");
}

/// The README's keystroke table, row by row.
fn reference_claims() -> Vec<(String, Vec<String>, usize, String, String)> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("### Keystrokes from launch to verdict")
        .nth(1)
        .expect("README has the keystroke section");
    // Up to the next heading: later sections have tables of their own.
    let section = section.split("\n#").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('`'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let keys = cells[1]
                .trim_matches('`')
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            (
                cells[0].to_owned(),
                keys,
                cells[2].parse().expect("count"),
                cells[3].to_owned(),
                cells[4].to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_readme_keystroke_table_is_true() {
    let claims = reference_claims();
    assert_eq!(claims.len(), 6, "six reference claims");
    for (name, keys, count, verdict, shows) in claims {
        assert_eq!(
            keys.len(),
            count,
            "{name}: the count column counts the keys"
        );
        let mut s = start();
        s.expect("order number or");
        for k in &keys {
            s.key(k);
        }
        let words = match verdict.as_str() {
            "eligible" => "│ ELIGIBLE ",
            "not_eligible" => "│ NOT ELIGIBLE ",
            "review" => "│ REVIEW",
            "follow_up" => "│ FOLLOW-UP",
            other => panic!("unknown verdict {other}"),
        };
        s.expect(words);
        s.expect(&shows);
        s.key("q");
        assert!(s.wait_exit().success(), "{name}");
    }
}

#[test]
fn quitting_midway_asks_first_then_restores_the_terminal() {
    let mut s = start();
    s.past_order_number();
    s.key("1");
    s.send(b"\x03"); // Ctrl-C
    s.expect("Quit? This claim is not finished.");
    s.key("n");
    s.expect("What is the customer's problem?");
    s.key("q");
    s.expect("Quit?");
    s.key("y");
    assert!(s.wait_exit().success());
    assert!(contains(&s.raw(), LEAVE_ALTERNATE_SCREEN));
    // The next start says truthfully why the claim was left.
    let s = s.restart();
    s.expect("Unfinished claims");
    s.expect("left when the agent quit");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        let mut s = start();
        s.past_order_number();
        s.key("2");
        s.expect_draft("mitkco");
        let pid = s.child.process_id().expect("pid");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        s.wait_exit();
        assert!(
            contains(&s.raw(), LEAVE_ALTERNATE_SCREEN),
            "SIG{signal}: terminal restored"
        );
        // A closed terminal (SIGHUP) or a stop request loses no answer.
        assert!(
            s.drafts().iter().any(|(_, t)| t.contains("mitkco")),
            "SIG{signal}: the draft is kept"
        );
    }
}

#[test]
fn a_small_window_says_so_and_resizing_brings_the_intake_back() {
    let s = start_with(70, 20, &[]);
    s.expect("Please enlarge the window");
    s.expect("this one is 70x20");
    s.master
        .resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    s.screen.set_size(24, 80);
    s.expect("order number or");
}

#[test]
fn no_color_means_no_colour_sequences() {
    let colour = b"\x1b[38;5;";
    let mut plain = start_with(80, 24, &[("NO_COLOR", "1")]);
    plain.past_order_number();
    for k in ["2", "7"] {
        plain.key(k);
    }
    plain.expect("NOT ELIGIBLE");
    assert!(
        !contains(&plain.raw(), colour),
        "NO_COLOR output has colours"
    );

    let mut coloured = start();
    coloured.past_order_number();
    for k in ["2", "7"] {
        coloured.key(k);
    }
    coloured.expect("NOT ELIGIBLE");
    assert!(
        contains(&coloured.raw(), colour),
        "colours are on by default"
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the panic switch is in debug builds only: `cargo test` (debug) runs this"
)]
fn a_panic_restores_the_terminal() {
    // In a debug build this variable forces a panic right after the first
    // frame; release builds carry no such switch.
    let mut s = start_with(80, 24, &[("CLAIMDESK_TEST_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success(), "a panic exits with failure");
    let raw = s.raw();
    assert!(
        contains(&raw, b"\x1b[?1049h"),
        "the alternate screen was entered"
    );
    assert!(
        contains(&raw, LEAVE_ALTERNATE_SCREEN),
        "and left again on panic"
    );
    assert!(String::from_utf8_lossy(&raw).contains("test panic requested"));
}

/// CPU time (user + system, in clock ticks) a process has used so far.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

#[test]
fn an_idle_wizard_uses_no_cpu() {
    let s = start();
    s.expect("order number or");
    let pid = s.child.process_id().expect("pid");
    let before = cpu_ticks(pid).expect("cpu time");
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid).expect("cpu time") - before;
    // Ticks are 1/100 s: a spinning loop would use ~200 in 2 s.
    assert!(used <= 10, "an idle wizard used {used} ticks of CPU in 2 s");
}

#[test]
fn closing_the_terminal_ends_the_wizard() {
    let mut s = start();
    s.past_order_number();
    s.key("1");
    let pid = s.child.process_id().expect("pid");
    // The window closes: every descriptor of the master side goes away.
    s.screen.stop();
    s.writer = Box::new(std::io::sink());
    s.master = native_pty_system()
        .openpty(PtySize::default())
        .expect("spare pty")
        .master;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if s.child.try_wait().expect("wait").is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let spent = cpu_ticks(pid);
    panic!("claimdesk still runs after its terminal closed (cpu ticks {spent:?})");
}

/// `claimdesk cases show ID` against the session's data folder.
fn cases_show(data: &std::path::Path, id: &str) -> Vec<u8> {
    let home = tempfile::tempdir().expect("tempdir");
    let out = common::claimdesk(home.path())
        .args([
            "--data-dir",
            data.to_str().expect("utf-8"),
            "cases",
            "show",
            id,
        ])
        .output()
        .expect("cases show");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The outcome is saved as a case the moment it is shown, and `c` puts
/// exactly `claimdesk cases show`'s text on the clipboard with OSC 52.
#[test]
fn an_outcome_is_saved_and_c_copies_its_summary_with_osc52() {
    use base64::Engine as _;
    let mut s = start();
    s.past_order_number();
    for key in ["1", "7"] {
        s.key(key);
    }
    s.expect("support@millso.com");
    let today = chrono::Local::now().format("%Y%m%d").to_string();
    let id = format!("C-{today}-0001");
    s.expect(&format!("case {id}"));
    s.key("c");
    s.expect("sent to the terminal's clipboard");
    let summary = cases_show(&s.data, &id);
    let expected = [
        b"\x1b]52;c;".as_slice(),
        base64::engine::general_purpose::STANDARD
            .encode(&summary)
            .as_bytes(),
        b"\x07",
    ]
    .concat();
    assert!(
        contains(&s.raw(), &expected),
        "no OSC 52 sequence with the case summary"
    );
    assert!(String::from_utf8_lossy(&summary).starts_with(&format!("Case: {id}")));
    s.key("q");
    s.wait_exit();
}

/// A case log that is not a database: the wizard says so in one line,
/// still decides the claim, and still copies the summary.
#[test]
fn a_corrupt_case_log_leaves_the_wizard_deciding() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join(".local/share/claimdesk");
    std::fs::create_dir_all(&data).expect("dir");
    std::fs::write(
        data.join("cases.sqlite3"),
        b"not a database at all".repeat(300),
    )
    .expect("write");
    let mut s = start_in(home, 80, 24, &[]);
    s.expect("damaged or not a claimdesk database");
    s.key("⏎");
    s.key("1");
    s.key("7");
    s.expect("support@millso.com");
    s.expect("not saved");
    s.key("c");
    s.expect("sent to the terminal's clipboard");
    assert!(contains(&s.raw(), b"\x1b]52;c;"));
    // Not in the log, so quitting asks first; the draft keeps the claim.
    s.key("q");
    s.expect("Quit?");
    s.key("y");
    s.wait_exit();
    let drafts: Vec<String> = std::fs::read_dir(data.join("drafts"))
        .expect("drafts folder")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        drafts.iter().any(|t| t.contains("millso")),
        "the unsaved outcome is kept as a draft: {drafts:?}"
    );
}

/// Issue 21: one damaged page of the case log. The due queue (Ctrl-D)
/// and the saved cases (Ctrl-R) still list every other case, and the
/// status line counts the cases left out (every case on the page: one in
/// a log of 4 KiB pages, several in one of 16 KiB) and names the first.
#[test]
fn a_damaged_page_of_the_log_is_named_on_the_due_and_history_screens() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join(".local/share/claimdesk");
    let claims = home.path().join("claims.jsonl");
    let claim = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;
    std::fs::write(&claims, format!("{claim}\n").repeat(16)).expect("claims");
    claimdesk_in(
        &data,
        &[
            "check",
            "--batch",
            "--save",
            claims.to_str().expect("utf-8"),
        ],
        "",
    );
    // Overwrite the middle leaf page of the cases (one or several cases,
    // by the page size).
    let log = data.join("cases.sqlite3");
    let (page, size, lost_count): (i64, i64, usize) = {
        let conn = rusqlite::Connection::open(&log).expect("open");
        let (page, cells): (i64, i64) = conn
            .query_row(
                "SELECT pageno, ncell FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf'
                 ORDER BY path LIMIT 1 OFFSET
                 (SELECT count(*) / 2 FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("dbstat");
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        (page, size, cells as usize)
    };
    // A new log's 16 KiB page holds several cases: all are named lost.
    assert_eq!(size, 16 * 1024);
    assert!(lost_count > 1, "{lost_count} case(s) on the page");
    let mut bytes = std::fs::read(&log).expect("log");
    let start = ((page - 1) * size) as usize;
    bytes[start..start + size as usize].fill(0xde);
    std::fs::write(&log, &bytes).expect("damage");

    let mut s = start_in(home, 120, 40, &[]);
    s.expect("order number or");
    s.send(b"\x04"); // Ctrl-D
    s.expect("damaged case(s) left out of the list (case C-");
    // The status line counts the cases left out and names the first; the
    // rows are the others, the named one not among them.
    let left_out = |screen: &str| {
        let named = screen
            .split("left out of the list (case ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the id left out")
            .to_owned();
        assert!(
            screen.contains(&format!("{lost_count} damaged case(s)")),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("{named} is damaged (its row is on a damaged page")),
            "{screen}"
        );
        assert_eq!(
            screen.matches("C-2").count(),
            16 - lost_count + 1,
            "the rows and the one named: {screen}"
        );
        assert_eq!(screen.matches(named.as_str()).count(), 1, "{screen}");
        named
    };
    let due = left_out(&s.contents());
    s.key("Esc");
    s.expect("order number or");
    s.send(b"\x12"); // Ctrl-R
    s.expect("damaged case(s) left out of the list (case C-");
    let history = left_out(&s.contents());
    // Each screen names a case of the damaged page (in its own order).
    let number = |id: &str| -> usize { id[id.len() - 4..].parse().expect("number") };
    assert!(
        number(&due).abs_diff(number(&history)) < lost_count,
        "{due} {history}"
    );
    s.send(b"\x03");
    s.wait_exit();
}

/// `claimdesk ARGS` against a data folder; stdout as text.
fn claimdesk_in(data: &std::path::Path, args: &[&str], stdin: &str) -> String {
    let home = tempfile::tempdir().expect("tempdir");
    let mut child = common::claimdesk(home.path())
        .args([
            "--data-dir",
            data.to_str().expect("utf-8"),
            "--today",
            "2026-11-21",
        ])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("claimdesk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("claimdesk output");
    assert!(
        out.status.success(),
        "claimdesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The real binary is killed (SIGKILL: no chance to clean up) halfway
/// through typing a date; the next start offers the intake and resumes it
/// exactly there, half-typed date and order number included.
#[test]
fn a_killed_wizard_is_resumed_exactly_where_it_stopped() {
    let mut s = start();
    s.expect("order number or");
    s.send(b"A-77");
    s.key("⏎");
    for k in ["1", "2", "2"] {
        s.key(k);
    }
    s.expect("When was the order placed?");
    s.send(b"2026-10-0");
    s.expect("2026-10-0_");
    s.expect_draft("2026-10-0");
    let pid = s.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    s.wait_exit();
    let drafts = s.drafts();
    assert_eq!(drafts.len(), 1, "one draft left: {drafts:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&drafts[0].0)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "draft readable by the user only");
    }

    let mut s = s.restart();
    s.expect("Unfinished claims");
    s.expect("MillSO · Defective · order A-77");
    s.expect("at Order date");
    // Killed: the wizard could not say why, and the list does not guess.
    s.expect("stopped without saying why");
    s.key("⏎");
    s.expect("Resumed the intake");
    s.expect("› 2026-10-0_");
    s.expect("order A-77");
    s.expect("Amazon US");
    s.send(b"2");
    s.expect("= Friday 2026-10-02");
    // The last ⏎ keeps the customer country question's default.
    for k in ["⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("12-month warranty ends");
    s.expect("case C-");
    // Saved with the order number; the draft is gone once the case holds it.
    let listed = claimdesk_in(&s.data, &["cases", "list", "--order", "a77"], "");
    assert!(listed.contains("A-77"), "{listed}");
    assert!(s.drafts().is_empty(), "draft removed: {:?}", s.drafts());
    s.key("q");
    assert!(s.wait_exit().success());

    // Nothing left to offer.
    let s = s.restart();
    s.expect("order number or");
    assert!(!s.contents().contains("Unfinished"));
}

/// A claim on an order that already has a case shows the earlier case and
/// what the vendor's policy says about repeat claims, before anything else.
#[test]
fn a_repeat_order_warns_and_shows_the_earlier_case() {
    let mut s = start();
    s.expect("order number or");
    s.send(b"112-44 17");
    s.key("⏎");
    for k in ["1", "7"] {
        s.key(k);
    }
    s.expect("support@millso.com");
    s.expect("case C-");
    // A note, typed on the outcome screen, lands in the saved case.
    s.key("n");
    s.expect("Note for the case");
    s.send(b"customer will call back");
    s.key("⏎");
    s.expect("Saved to case");
    let first = claimdesk_in(&s.data, &["cases", "list", "--order", "1124417"], "");
    assert!(first.contains("112-44 17"), "{first}");
    let id = first
        .split_whitespace()
        .find(|w| w.starts_with("C-"))
        .expect("an id")
        .to_owned();
    let shown = claimdesk_in(&s.data, &["cases", "show", &id], "");
    assert!(shown.contains("customer will call back"), "{shown}");

    s.send(b"\x0e"); // Ctrl-N: the outcome is saved, so no question asked
    s.expect("order number or");
    s.send(b"11244-17"); // typed differently: same order
    s.key("⏎");
    s.expect("already has 1 case in the log");
    s.expect(&id);
    s.expect("A replacement unit keeps the original purchase date");
    s.expect("MS-FAQ-RENEW");
    s.expect("customer will call back");
    s.key("⏎");
    s.expect("Which vendor");
    s.key("q");
    s.expect("Quit?");
    s.key("y");
    s.wait_exit();
}

/// The history screen lists saved cases newest first, narrows them as
/// words are typed, and opens one as `claimdesk cases show` prints it.
#[test]
fn the_history_screen_filters_and_opens_saved_cases() {
    let mut s = start();
    s.expect("order number or");
    let millso =
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-10-02"}"#;
    let mitkco = r#"{"vendor":"mitkco","issue":"damaged_in_transit","delivery_date":"2026-11-14"}"#;
    claimdesk_in(&s.data, &["check", "--save", "--order", "M-1"], millso);
    claimdesk_in(&s.data, &["check", "--save", "--order", "K-2"], mitkco);
    let listed = claimdesk_in(&s.data, &["cases", "list", "--oldest-first"], "");
    let ids: Vec<&str> = listed
        .split_whitespace()
        .filter(|w| w.starts_with("C-"))
        .collect();
    assert_eq!(ids.len(), 2, "{listed}");

    s.send(b"\x12"); // Ctrl-R
    s.expect("2 of 2 cases");
    s.expect(ids[0]);
    s.expect(ids[1]);
    s.send(b"mitkco");
    s.expect("1 of 2 cases");
    assert!(!s.contents().contains(ids[0]), "MillSO case filtered out");
    s.key("⏎");
    s.expect(&format!("Case {}", ids[1]));
    s.expect("Mitkco · Damaged in transit");
    s.key("c");
    s.expect("sent to the terminal's clipboard");
    use base64::Engine as _;
    let text = claimdesk_in(&s.data, &["cases", "show", ids[1]], "");
    let osc = [
        b"\x1b]52;c;".as_slice(),
        base64::engine::general_purpose::STANDARD
            .encode(text.as_bytes())
            .as_bytes(),
        b"\x07",
    ]
    .concat();
    assert!(contains(&s.raw(), &osc), "OSC 52 carries the case as shown");
    s.key("Esc");
    s.expect("1 of 2 cases");
    s.key("Esc"); // clears the filter
    s.expect("2 of 2 cases");
    s.key("Esc"); // back to the claim being taken
    s.expect("order number or");
    s.send(b"\x03");
    s.wait_exit();
}

/// The first run asks the agent's name once, keeps it in config.toml
/// beside the keys and comments already there, and the next start goes
/// straight to the wizard; the saved case carries the name.
#[test]
fn the_first_run_asks_the_agents_name_once_and_keeps_it_in_the_config() {
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("claimdesk/config.toml");
    std::fs::create_dir_all(config.parent().expect("folder")).expect("folder");
    std::fs::write(&config, "# set by IT\npurchase_country = \"US\"\n").expect("config");
    let mut s = start_in(home, 80, 24, &[]);
    s.expect("Your name:");
    s.send(b"Dana Kim\r");
    s.expect("order number or");
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(
        text.starts_with("# set by IT\npurchase_country = \"US\"\n"),
        "{text}"
    );
    assert!(text.contains("agent_name = \"Dana Kim\""), "{text}");
    let s = s.restart();
    s.expect("order number or");
    assert!(!s.contents().contains("Your name"), "{}", s.contents());
}

/// The real binary, one claim: the first screen of the outcome holds the
/// verdict, the summary, the warning that qualifies it and the first step
/// with its date (issue 22's Amazon US example: ordered 50 days ago).
#[test]
fn the_first_outcome_screen_holds_the_whole_answer_in_a_pty() {
    let mut s = start();
    s.past_order_number();
    for k in ["1", "2", "2", "-", "5", "0", "⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("ELIGIBLE");
    let screen = s.contents();
    for wanted in [
        "MillSO · Defective",
        "! Provided shipping labels must be used within 20 days",
        "Next steps",
        "1. Customer: submit a Return or Exchange request",
    ] {
        assert!(screen.contains(wanted), "{wanted:?} not on:\n{screen}");
    }
    s.key("q");
    s.wait_exit();
}

/// `u` on a saved case's screen sets the customer's name, phone and
/// e-mail in the case log (what `cases contact` sets), and the screen
/// shows them.
#[test]
fn the_case_screen_sets_the_customers_contact_in_the_log() {
    let mut s = start();
    s.expect("order number or");
    let mitkco = r#"{"vendor":"mitkco","issue":"damaged_in_transit","delivery_date":"2026-11-14"}"#;
    claimdesk_in(&s.data, &["check", "--save", "--order", "K-2"], mitkco);
    let listed = claimdesk_in(&s.data, &["cases", "list"], "");
    let id = listed
        .split_whitespace()
        .find(|w| w.starts_with("C-"))
        .expect("a case id")
        .to_owned();
    s.send(b"\x12"); // Ctrl-R
    s.expect("1 of 1 cases");
    s.key("⏎");
    s.expect(&format!("Case {id}"));
    s.key("u");
    s.expect("Customer's name (1 of 3)");
    s.send(b"Ana Ruiz\r");
    s.expect("Customer's phone (2 of 3)");
    s.send(b"+34 600 111 222\r");
    s.expect("Customer's e-mail (3 of 3)");
    s.send(b"ana@example.com\r");
    s.expect("Customer's contact saved");
    s.expect("Customer: Ana Ruiz");
    s.expect("E-mail: ana@example.com");
    let shown = claimdesk_in(&s.data, &["cases", "show", &id], "");
    assert!(shown.contains("Ana Ruiz"), "{shown}");
    assert!(shown.contains("ana@example.com"), "{shown}");
}
