//! Untrusted text never reaches a terminal raw, whatever command shows it.
//!
//! Hostile text (OSC 52 clipboard write, clear-screen, C1 controls, DEL, a
//! bidi override and a newline followed by a forged line) is put in a
//! policy file, a claim, config.toml and saved cases; every command that
//! can show it runs, and every byte of its stdout and stderr is checked.
//! JSON outputs must still parse back to the exact original text. Also the
//! input bounds of `check` (1 MiB, `/dev/zero`) and duplicate claim fields.

use crate::common;
use crate::common::text;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// Everything a terminal must not receive raw, and a newline that would
/// forge a line starting with "FORGED" if it got through.
const HOSTILE: &str =
    "x\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{9c}\u{9d}\u{7f}\u{202e}gnp.exe\nFORGED: ok";

/// [`HOSTILE`] as a TOML or JSON basic-string body (both take `\uXXXX`).
const HOSTILE_ESCAPED: &str = "x\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u009b31m\\u009c\\u009d\\u007f\\u202egnp.exe\\nFORGED: ok";

/// A folder tree of the test's own: HOME, every XDG folder, the data
/// folder, a policies folder and a config file.
struct Desk {
    root: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().expect("tempdir");
        for dir in [
            "home",
            "config",
            "data-home",
            "state",
            "cache",
            "data",
            "policies",
        ] {
            std::fs::create_dir_all(root.path().join(dir)).expect("mkdir");
        }
        Desk { root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name)
            .to_str()
            .expect("utf-8 temp path")
            .to_owned()
    }

    /// Runs claimdesk with this desk's data folder and config file.
    fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let data = self.arg("data");
        let config = self.arg("config.toml");
        let mut all = vec!["--data-dir", &data, "--config", &config];
        all.extend_from_slice(args);
        run_bin(&all, stdin, self.root.path())
    }
}

fn run_bin(args: &[&str], stdin: &[u8], root: &Path) -> Output {
    let mut child = common::claimdesk(root)
        .args(args)
        .env("HOME", root.join("home"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_DATA_HOME", root.join("data-home"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    if let Err(e) = child.stdin.take().expect("stdin").write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("claimdesk exits")
}

/// What is wrong with `bytes` as terminal output, if anything: ESC, other
/// C0 controls but tab, CR and LF, DEL, C1 controls (as UTF-8 or as raw
/// bytes outside valid UTF-8), bidi controls, or a forged line.
fn unsafe_bytes(bytes: &[u8]) -> Option<String> {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let bad = (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(
                    c,
                    '\u{202A}'..='\u{202E}'
                        | '\u{2066}'..='\u{2069}'
                        | '\u{200E}'
                        | '\u{200F}'
                        | '\u{061C}'
                );
            if bad {
                return Some(format!("character {:?}", c));
            }
        }
        if let Some(b) = chunk
            .invalid()
            .iter()
            .find(|&&b| b < 0x20 || (0x7f..=0x9f).contains(&b))
        {
            return Some(format!("raw byte {b:#04x}"));
        }
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some(line) = text.lines().find(|l| l.trim_start().starts_with("FORGED")) {
        return Some(format!("a forged line {line:?}"));
    }
    None
}

/// Both streams of `out` are safe for a terminal.
fn assert_safe(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(problem) = unsafe_bytes(bytes) {
            panic!(
                "{what}: {stream} has {problem}:\n{}",
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
}

#[test]
fn the_checker_itself_finds_every_hostile_byte() {
    // The checks below mean something only if this one can fail.
    for bad in [
        "\u{1b}[2J",
        "\u{9b}",
        "\u{9c}",
        "\u{9d}",
        "\u{7f}",
        "\u{202e}",
        "\u{2066}",
        "\u{200f}",
        "\u{7}",
        "a\nFORGED: ok",
    ] {
        assert!(unsafe_bytes(bad.as_bytes()).is_some(), "{bad:?}");
    }
    assert!(unsafe_bytes(&[b'a', 0x9b, b'b']).is_some(), "raw C1 byte");
    assert!(unsafe_bytes(HOSTILE.as_bytes()).is_some());
    assert!(unsafe_bytes("Zentro — ok\n\tx\r\n".as_bytes()).is_none());
    let back: String =
        serde_json::from_str(&format!("\"{HOSTILE_ESCAPED}\"")).expect("escaped form parses");
    assert_eq!(back, HOSTILE);
}

fn zentro() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/zentro.toml");
    std::fs::read_to_string(path).expect("zentro fixture")
}

/// Replaces `from` (which must be there) by `to`, each `{H}` in `to`
/// standing for the hostile text.
fn mutate(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, &to.replace("{H}", HOSTILE_ESCAPED), 1)
}

/// A Zentro policy that loads, with hostile prose everywhere prose may
/// stand: vendor name, channel, issue and window labels, help, clause
/// text, a rule's label, summary and step.
fn hostile_zentro() -> String {
    let mut t = zentro();
    for (from, to) in [
        ("name = \"Zentro Audio\"", "name = \"Zentro {H}\""),
        ("label = \"Zentro store\"", "label = \"store {H}\""),
        ("label = \"Defective\"", "label = \"Defective {H}\""),
        ("help = \"Battery holds", "help = \"{H} Battery holds"),
        ("label = \"24-month warranty ends\"", "label = \"{H}\""),
        (
            "short = \"Defects covered for 24 months from delivery: replacement\"",
            "short = \"{H}\"",
        ),
        (
            "label = \"Defect within 24 months of delivery: replacement, Zentro pays postage\"",
            "label = \"{H}\"",
        ),
        (
            "summary = \"Defective within the 24-month warranty: replacement.\"",
            "summary = \"{H}\"",
        ),
    ] {
        t = mutate(&t, from, to);
    }
    t
}

const ZENTRO_DEFECT: &str = r#"{"vendor":"zentro","channel":"store","issue":"defective","claim_date":"2026-11-21","delivery_date":"2026-01-10"}"#;

/// A desk whose policies folder holds the hostile Zentro policy and whose
/// config.toml is hostile in keys and values.
fn hostile_desk() -> Desk {
    let desk = Desk::new();
    std::fs::write(desk.path("policies/zentro.toml"), hostile_zentro()).expect("policy");
    let config = format!(
        "agent_name = \"{h}\"\npurchase_country = \"{h}\"\n\"{h}\" = 1\nunknown_{h2} = \"{h}\"\n",
        h = HOSTILE_ESCAPED,
        h2 = "key"
    );
    std::fs::write(desk.path("config.toml"), config).expect("config");
    desk
}

#[test]
fn policy_file_errors_quote_hostile_text_neutralised() {
    let desk = Desk::new();
    let base = zentro();
    let mutants: &[(&str, &str)] = &[
        ("id = \"zentro\"", "id = \"{H}\""),
        ("tiers = [\"follow_up\"", "tiers = [\"{H}\", \"follow_up\""),
        ("tier = \"follow_up\"", "tier = \"{H}\""),
        ("measure = \"first_notice_date\"", "measure = \"{H}\""),
        ("{contact.help}", "{contact.{H}}"),
        ("{date.return_14_days}", "{date.{H}}"),
        ("clauses = [\"ZN-HELP\"]", "clauses = [\"{H}\"]"),
        ("when.undamaged = false", "when.\"{H}\" = false"),
        ("[contacts]", "\"{H}\" = 1\n[contacts]"),
        ("id = \"return_14_days\"", "id = \"{H}\""),
        (
            "when.within = [\"return_14_days\"]",
            "when.within = [\"{H}\"]",
        ),
        ("when.channel = [\"online\"]", "when.channel = [\"{H}\"]"),
        ("issues = [\"refund_not_received\"]", "issues = [\"{H}\"]"),
        ("required = [\"channel\"", "required = [\"{H}\""),
        ("verdict = \"follow_up\"", "verdict = \"{H}\""),
        ("remedies = [\"refund\"]", "remedies = [\"{H}\"]"),
        ("return_shipping = \"none\"", "return_shipping = \"{H}\""),
        ("from = \"delivery_date\"", "from = \"{H}\""),
        ("id = \"ZN-RET\"", "id = \"{H}\""),
        // A TOML syntax error on a line holding the hostile text.
        ("name = \"Zentro Audio\"", "name = \"{H}\" \"{H}\""),
    ];
    let mut quoted = 0;
    for (from, to) in mutants {
        let path = desk.path("mutant.toml");
        std::fs::write(&path, mutate(&base, from, to)).expect("write mutant");
        let out = desk.run(&["policies", "check", path.to_str().expect("utf-8")], b"");
        let what = format!("policies check with {to}");
        assert_safe(&what, &out);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error: "), "{what}");
        // Where the message quotes the value, it is shown escaped.
        quoted += usize::from(text(&out.stderr).contains("\\u{1b}]52"));

        // The same broken file in a policies folder stops every command
        // with the same message, as safely.
        let dir = desk.path("broken");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("zentro.toml"), mutate(&base, from, to)).expect("write");
        let dir = desk.arg("broken");
        let out = desk.run(&["--policies", &dir, "check"], ZENTRO_DEFECT.as_bytes());
        assert_safe(&format!("check with a folder holding {to}"), &out);
        assert_eq!(out.status.code(), Some(3), "{to}: {}", text(&out.stderr));
    }
    assert!(
        quoted >= mutants.len() / 2,
        "most messages quote the hostile value ({quoted} of {})",
        mutants.len()
    );
}

#[test]
fn policies_list_and_check_show_hostile_names_neutralised() {
    let desk = hostile_desk();
    let dir = desk.arg("policies");
    let list = desk.run(&["--policies", &dir, "policies", "list"], b"");
    assert_safe("policies list", &list);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    assert!(
        text(&list.stdout).contains("zentro"),
        "{}",
        text(&list.stdout)
    );
    assert!(text(&list.stdout).contains("Zentro x\\u{1b}]52"));
    // config.toml's problems are warned about on every command.
    assert!(
        text(&list.stderr).contains("warning: "),
        "{}",
        text(&list.stderr)
    );

    for args in [
        vec!["--policies", &dir, "policies", "check"],
        vec!["policies", "check", &desk.arg("policies/zentro.toml")],
    ] {
        let out = desk.run(&args, b"");
        assert_safe(&format!("{args:?}"), &out);
        assert!(
            text(&out.stdout).contains("zentro"),
            "{}",
            text(&out.stdout)
        );
    }
}

#[test]
fn check_json_escapes_hostile_policy_text_and_parses_back_exactly() {
    let desk = hostile_desk();
    let dir = desk.arg("policies");
    let out = desk.run(&["--policies", &dir, "check"], ZENTRO_DEFECT.as_bytes());
    assert_safe("check", &out);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON outcome");
    assert_eq!(v["summary"], HOSTILE);
    assert_eq!(v["deadlines"][0]["label"], HOSTILE);
    let raw = text(&out.stdout);
    assert!(
        raw.contains(r"\u009b31m\u009c\u009d\u007f\u202egnp.exe"),
        "{raw}"
    );

    // --batch writes the same outcome with its own writer: same bytes as
    // the serde path, compact.
    let input = format!("{ZENTRO_DEFECT}\n{ZENTRO_DEFECT}\n");
    // (--decisive: the single check gives the decisive dates too.)
    let batch = desk.run(
        &["--policies", &dir, "check", "--batch", "--decisive"],
        input.as_bytes(),
    );
    assert_safe("check --batch", &batch);
    assert_eq!(batch.status.code(), Some(0), "{}", text(&batch.stderr));
    let lines: Vec<&str> = std::str::from_utf8(&batch.stdout)
        .expect("utf-8")
        .lines()
        .collect();
    assert_eq!(lines.len(), 2);
    let compact: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON line");
    assert_eq!(compact, v, "batch and single give the same outcome");
    assert!(lines[0].contains(r"\u009b31m\u009c\u009d\u007f\u202egnp.exe"));
    let because = compact["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .flat_map(|t| t["because"].as_array().expect("because").iter())
        .filter_map(|b| b.as_str())
        .any(|b| b == format!("issue is Defective {HOSTILE}"));
    assert!(because, "the issue label is quoted in the trace exactly");
}

#[test]
fn hostile_claims_are_refused_or_warned_about_safely() {
    let desk = Desk::new();
    let h = HOSTILE_ESCAPED;
    let claims = [
        format!(r#"{{"vendor":"{h}","issue":"defective"}}"#),
        format!(
            r#"{{"vendor":"millso","channel":"{h}","issue":"defective","order_date":"2026-10-02"}}"#
        ),
        format!(r#"{{"vendor":"millso","channel":"direct","issue":"{h}"}}"#),
        format!(
            r#"{{"vendor":"millso","channel":"direct","issue":"defective","order_date":"{h}"}}"#
        ),
        format!(
            r#"{{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-10-02","{h}":1}}"#
        ),
        format!(
            r#"{{"vendor":"millso","product":"{h}","issue":"defective","channel":"direct","order_date":"2026-10-02"}}"#
        ),
        format!(r#"{{"{h}":1,"{h}":2}}"#),
        format!(r#"{{"vendor":"millso","undamaged":"{h}"}}"#),
        format!(r#"["{h}"]"#),
        format!(r#"{{"vendor": "{h}" oops"#),
        // Cut short, with a raw ESC.
        String::from("{\"vendor\":\"\u{1b}[2J"),
    ];
    let mut batch_input = Vec::new();
    for claim in &claims {
        let out = desk.run(&["check", "--today", "2026-11-21"], claim.as_bytes());
        assert_safe(&format!("check {claim}"), &out);
        assert!(!out.stderr.is_empty(), "{claim}: a warning or an error");
        batch_input.extend_from_slice(claim.as_bytes());
        batch_input.push(b'\n');
    }
    // Hostile command-line values: clap's usage errors and a policy
    // folder or claim file that is not there quote them.
    for args in [
        vec!["check", "--today", HOSTILE],
        vec!["cases", "list", "--verdict", HOSTILE],
        vec!["--policies", HOSTILE, "policies", "list"],
        vec!["check", HOSTILE],
    ] {
        let out = desk.run(&args, b"");
        assert_safe(&format!("{args:?}"), &out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
    }

    let mut invalid_utf8 = b"{\"vendor\":\"".to_vec();
    invalid_utf8.extend_from_slice(&[0x9b, 0x1b, b'[', b'2', b'J', 0xff, b'"', b'}']);
    let out = desk.run(&["check"], &invalid_utf8);
    assert_safe("check with bytes that are not UTF-8", &out);
    assert_eq!(out.status.code(), Some(2));
    batch_input.extend_from_slice(&invalid_utf8);
    batch_input.push(b'\n');

    let out = desk.run(&["check", "--batch", "--today", "2026-11-21"], &batch_input);
    assert_safe("check --batch", &out);
    let lines: Vec<serde_json::Value> = std::str::from_utf8(&out.stdout)
        .expect("batch output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(
        lines.len(),
        claims.len() + 1,
        "one output line per input line"
    );
}

#[test]
fn config_show_and_saved_cases_show_hostile_text_neutralised() {
    let desk = hostile_desk();
    let dir = desk.arg("policies");

    let show = desk.run(&["config", "show"], b"");
    assert_safe("config show", &show);
    assert_eq!(show.status.code(), Some(1), "config problems: exit 1");
    assert!(text(&show.stdout).contains("agent_name = x\\u{1b}]52"));

    let saved = desk.run(
        &[
            "--policies",
            &dir,
            "check",
            "--save",
            "--note",
            HOSTILE,
            "--order",
            HOSTILE,
        ],
        ZENTRO_DEFECT.as_bytes(),
    );
    assert_safe("check --save", &saved);
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved.stderr));
    let id = text(&saved.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("saved ").map(str::to_owned))
        .expect("saved id");

    let mut runs: Vec<Vec<String>> = vec![
        vec!["cases".into(), "list".into()],
        vec!["cases".into(), "show".into(), id.clone()],
        vec![
            "cases".into(),
            "show".into(),
            id.clone(),
            "--format".into(),
            "markdown".into(),
        ],
        vec![
            "cases".into(),
            "show".into(),
            id.clone(),
            "--format".into(),
            "json".into(),
        ],
        vec!["cases".into(), "export".into()],
        vec![
            "cases".into(),
            "export".into(),
            "--format".into(),
            "jsonl".into(),
        ],
        vec!["cases".into(), "show".into(), HOSTILE.into()],
        vec![
            "cases".into(),
            "list".into(),
            "--order".into(),
            HOSTILE.into(),
        ],
    ];
    // Re-checked with the hostile policy, and without it (the vendor is gone).
    runs.push(vec![
        "--policies".into(),
        dir.clone(),
        "cases".into(),
        "recheck".into(),
    ]);
    runs.push(vec!["cases".into(), "recheck".into()]);
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = desk.run(&args, b"");
        assert_safe(&format!("{args:?}"), &out);
    }

    let json = desk.run(&["cases", "show", &id, "--format", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("case JSON");
    assert_eq!(v["note"], HOSTILE);
    assert_eq!(v["reference"], HOSTILE);
    assert_eq!(v["agent"], HOSTILE);
    assert_eq!(v["outcome"]["summary"], HOSTILE);
    let jsonl = desk.run(&["cases", "export", "--format", "jsonl"], b"");
    let line: serde_json::Value =
        serde_json::from_str(text(&jsonl.stdout).lines().next().expect("a line")).expect("JSON");
    assert_eq!(line["note"], HOSTILE);

    let text_show = desk.run(&["cases", "show", &id], b"");
    assert!(
        text(&text_show.stdout).contains("\\u{1b}]52"),
        "the note is shown, escaped"
    );
}

#[test]
fn plain_mode_shows_hostile_policy_text_neutralised() {
    let desk = hostile_desk();
    let dir = desk.arg("policies");
    // A hostile answer first, then a whole Zentro defect claim: vendor,
    // issue 2 (its label is hostile), channel 1 (hostile too), delivery
    // date, then the optional questions left as they are.
    let mut answers = format!("{HOSTILE}\nzentro\n2\n1\n2026-01-10\n");
    answers.push_str(&"\n".repeat(20));
    let out = desk.run(
        &["--policies", &dir, "--today", "2026-11-21", "--plain"],
        answers.as_bytes(),
    );
    assert_safe("--plain", &out);
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}{}", text(&out.stderr));
    assert!(shown.contains("Zentro x\\u{1b}]52"), "{shown}");
    assert!(
        shown.contains("VERDICT"),
        "the intake reached the outcome: {shown}"
    );
}

/// The command-line code writes to the terminal only through the sink.
#[test]
fn the_cli_writes_only_through_the_sink() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("main.rs")];
    // Every .rs file under src/plain and src/cli, in folders too.
    let mut folders = vec![root.join("plain"), root.join("cli")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    for file in files {
        let source = std::fs::read_to_string(&file).expect("readable");
        for word in [
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "io::stderr()",
        ] {
            assert!(
                !source.contains(word),
                "{} uses {word}: write through claimdesk::diag",
                file.display()
            );
        }
    }
}

// ---- Bounded input (finding 7) --------------------------------------

const CLAIM: &str = r#"{"vendor":"millso","channel":"direct","issue":"defective","claim_date":"2026-11-21","order_date":"2026-10-02"}"#;
const MAX_CLAIM: usize = 1024 * 1024;

/// `CLAIM` padded with spaces to exactly `len` bytes.
fn padded(len: usize) -> Vec<u8> {
    let mut bytes = CLAIM.as_bytes().to_vec();
    bytes.resize(len, b' ');
    bytes
}

#[test]
fn a_claim_over_1_mib_is_refused_naming_the_limit() {
    let desk = Desk::new();
    let at_limit = desk.run(&["check"], &padded(MAX_CLAIM));
    assert_eq!(
        at_limit.status.code(),
        Some(0),
        "{}",
        text(&at_limit.stderr)
    );

    let over = desk.run(&["check"], &padded(MAX_CLAIM + 1));
    assert_eq!(over.status.code(), Some(2));
    assert!(over.stdout.is_empty());
    let err = text(&over.stderr);
    assert!(err.contains("longer than 1 MiB"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // The same from a file argument.
    let path = desk.path("big.json");
    std::fs::write(&path, padded(3 * MAX_CLAIM)).expect("write");
    let file = desk.run(&["check", path.to_str().expect("utf-8")], b"");
    assert_eq!(file.status.code(), Some(2));
    assert!(
        text(&file.stderr).contains("1 MiB"),
        "{}",
        text(&file.stderr)
    );
}

// `check /dev/zero` ending at once in little memory: tests/memory_bounds.rs.

// ---- Duplicate fields (finding 8) -----------------------------------

#[test]
fn a_field_given_twice_is_refused_naming_it() {
    let desk = Desk::new();
    // The last order_date alone would make this eligible; the first alone
    // not: JSON's "last one wins" must not pick silently.
    let twice = r#"{"vendor":"millso","channel":"direct","issue":"defective","claim_date":"2026-11-21","order_date":"2020-01-01","order_date":"2026-10-02"}"#;
    let out = desk.run(&["check"], twice.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("duplicate field \"order_date\""), "{err}");
    assert!(err.starts_with("error: order_date: "), "{err}");
    assert_eq!(err.lines().count(), 1);

    // Written with an escape, it is still the same field.
    let escaped = twice.replacen("\"order_date\"", "\"order\\u005fdate\"", 1);
    let out = desk.run(&["check"], escaped.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));

    let batch = format!("{CLAIM}\n{twice}\n{CLAIM}\n");
    let out = desk.run(&["check", "--batch"], batch.as_bytes());
    assert_eq!(out.status.code(), Some(1), "a failed line: exit 1");
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "the run goes on");
    assert_eq!(lines[0]["verdict"], "eligible");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["field"], "order_date");
    let message = lines[1]["error"].as_str().expect("error text");
    assert!(
        message.contains("duplicate field \"order_date\""),
        "{message}"
    );
    assert_eq!(lines[2]["verdict"], "eligible");
}
