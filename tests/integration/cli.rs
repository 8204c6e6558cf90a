//! The command line as scripts and ticketing systems use it: the real
//! binary, its exit status, stdout and stderr.

use crate::common;
use std::path::Path;

use std::process::Output;

fn claimdesk(args: &[&str], stdin: &str, config_home: &Path) -> Output {
    let mut cmd = common::claimdesk(config_home);
    // Policy files for a test go in `config_home/claimdesk/policies`.
    cmd.args(args).env("XDG_CONFIG_HOME", config_home);
    common::run_with_stdin(&mut cmd, stdin)
}

fn run(args: &[&str], stdin: &str) -> Output {
    let home = tempfile::tempdir().expect("tempdir");
    claimdesk(args, stdin, home.path())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DEFECTIVE: &str = r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","claim_date":"2026-11-21","order_date":"2026-10-02","delivery_date":"2026-10-06","invoice_date":null,"first_notice_date":null,"approval_date":null,"product":"device","free_product":false,"replacement_unit":false,"undamaged":true,"outside_purchase_country":false}"#;

#[test]
fn check_prints_the_contract_outcome() {
    let out = run(&["check"], DEFECTIVE);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON outcome");
    assert_eq!(v["verdict"], "eligible");
    assert_eq!(
        v["summary"],
        "Defective within the 12-month warranty: replacement or full refund."
    );
    assert_eq!(
        v["remedies"],
        serde_json::json!(["replacement", "full_refund"])
    );
    assert_eq!(v["return_shipping"], "vendor");
    let warranty = v["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["id"] == "warranty_end")
        .expect("warranty_end deadline");
    assert_eq!(warranty["date"], "2027-10-02");
    assert_eq!(warranty["days_left"], 315);
    assert_eq!(
        warranty["clauses"],
        serde_json::json!(["MS-W12", "MS-FAQ-START"])
    );
    for key in ["evidence", "next_steps", "notes", "clauses", "trace"] {
        assert!(v[key].is_array(), "{key} is a list");
    }
    assert!(stderr(&out).is_empty());
}

#[test]
fn check_reads_a_file_argument() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("claim.json");
    std::fs::write(&path, DEFECTIVE).expect("write");
    let out = run(&["check", path.to_str().expect("utf-8 path")], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"verdict\": \"eligible\""));
}

#[test]
fn today_flag_is_the_claim_date_when_none_is_given() {
    let claim = r#"{"vendor":"millso","channel":"direct","issue":"change_of_mind","order_date":"2026-01-01"}"#;
    let on_time = run(&["check", "--today", "2026-02-15"], claim);
    let late = run(&["check", "--today", "2026-02-16"], claim);
    let verdict = |o: &Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON")["verdict"].clone()
    };
    assert_eq!(verdict(&on_time), "eligible");
    assert_eq!(verdict(&late), "not_eligible");
    let bad = run(&["check", "--today", "2026-02-30"], claim);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("does not exist"));
}

#[test]
fn bad_claims_exit_2_with_one_line_naming_the_field() {
    let cases = [
        (
            r#"{"vendor":"millso","channel":"direct","issue":"defective","claim_date":"2026-11-21","order_date":"2026-02-30"}"#,
            "order_date",
        ),
        (
            r#"{"vendor":"millso","channel":"direct","issue":"defective","claim_date":"2026-11-21","order_date":"2026-10-02","delivery_date":"2026-10-01"}"#,
            "delivery_date",
        ),
        (
            r#"{"vendor":"mitkco","channel":"amazon_us","issue":"defective","claim_date":"2026-11-21","invoice_date":"2026-11-01","delivery_date":"2026-11-03"}"#,
            "channel",
        ),
        (
            r#"{"vendor":"millso","channel":"direct","issue":"defective","claim_date":"2026-11-21"}"#,
            "order_date",
        ),
        (r#"{"vendor":"acme","issue":"defective"}"#, "vendor"),
    ];
    for (claim, field) in cases {
        let out = run(&["check"], claim);
        assert_eq!(out.status.code(), Some(2), "{claim}");
        assert!(out.stdout.is_empty(), "nothing on stdout for {claim}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.starts_with(&format!("error: {field}: ")), "{err}");
    }
    for garbage in ["", "not json", "[1,2]", "{\"vendor\": 3}"] {
        let out = run(&["check"], garbage);
        assert_eq!(out.status.code(), Some(2), "{garbage:?}");
        assert_eq!(stderr(&out).lines().count(), 1);
    }
}

#[test]
fn escape_sequences_in_input_never_reach_the_terminal_raw() {
    let claim = "{\"vendor\":\"\\u001b[2Jmillso\",\"issue\":\"defective\"}";
    let out = run(&["check"], claim);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b), "raw ESC on stderr");
    assert!(stderr(&out).contains("\\u{1b}[2Jmillso"));
}

#[test]
fn batch_writes_one_line_per_input_line_and_reports_bad_lines_in_place() {
    let good = r#"{"vendor":"mitkco","issue":"refund_not_received","claim_date":"2026-11-21"}"#;
    let input = format!(
        "{DEFECTIVE}\nnot json\n{good}\n\n{{\"vendor\":\"millso\",\"issue\":\"defective\",\"channel\":\"direct\",\"claim_date\":\"2026-11-21\"}}\n"
    );
    let out = run(&["check", "--batch"], &input);
    assert_eq!(out.status.code(), Some(1), "exit 1 when any line failed");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["verdict"], "eligible");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .expect("error")
            .contains("not valid JSON")
    );
    assert_eq!(lines[2]["verdict"], "follow_up");
    assert_eq!(lines[3]["line"], 4);
    assert_eq!(lines[4]["line"], 5);
    assert_eq!(lines[4]["field"], "order_date");
    assert!(
        lines[4]["error"]
            .as_str()
            .expect("error")
            .starts_with("order_date: missing")
    );

    let all_good = run(&["check", "--batch"], &format!("{DEFECTIVE}\n{good}"));
    assert_eq!(all_good.status.code(), Some(0));
    assert_eq!(
        stdout(&all_good).lines().count(),
        2,
        "last line without newline counts"
    );
}

#[test]
fn shipped_policies_pass_their_check() {
    let out = run(&["policies", "check"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok: embedded:millso.toml"));
    assert!(stdout(&out).contains("ok: embedded:mitkco.toml"));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

fn zentro() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/zentro.toml");
    std::fs::read_to_string(path).expect("zentro fixture")
}

/// Writes a mutated Zentro policy and runs `policies check` on it.
fn check_mutant(from: &str, to: &str) -> (Option<i32>, String) {
    let text = zentro();
    assert!(text.contains(from), "fixture lacks {from:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mutant.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    let out = run(&["policies", "check", path.to_str().expect("utf-8")], "");
    (out.status.code(), stderr(&out))
}

#[test]
fn policies_check_accepts_the_test_vendor() {
    let (code, err) = check_mutant("tiers", "tiers");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn policies_check_reports_toml_errors_with_line_and_column() {
    let (code, err) = check_mutant("days = 14\n", "days = = 14\n");
    assert_eq!(code, Some(1));
    let line = zentro()
        .lines()
        .position(|l| l == "days = 14")
        .expect("line")
        + 1;
    assert!(err.contains(&format!("mutant.toml:{line}:8:")), "{err}");
}

#[test]
fn policies_check_reports_unknown_keys_unknown_clauses_and_bad_windows() {
    let (code, err) = check_mutant(
        "clauses = [\"ZN-BAT\"]\ndeadlines",
        "clauses = [\"ZN-BATT\"]\ndeadlines",
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown clause id \"ZN-BATT\""), "{err}");

    let (code, err) = check_mutant("when.undamaged = false", "when.undamagd = false");
    assert_eq!(code, Some(1));
    assert!(err.contains("undamagd"), "{err}");

    let (code, err) = check_mutant("months = 24", "months = 0");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("window \"warranty_24_months\": length must be"),
        "{err}"
    );

    let (code, err) = check_mutant("months = 24", "months = 24\ndays = 3");
    assert_eq!(code, Some(1));
    assert!(err.contains("days or months, not both"), "{err}");

    let (code, err) = check_mutant("{date.return_14_days}", "{date.return_15_days}");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("unknown placeholder {date.return_15_days}"),
        "{err}"
    );
}

#[test]
fn policies_check_keeps_ids_to_a_safe_alphabet() {
    // Ids are typed in claims and written into JSON as they are.
    let (code, err) = check_mutant("id = \"ZN-BAT\"", "id = \"ZN \\\"BAT\"");
    assert_eq!(code, Some(1));
    assert!(err.contains("must be letters, digits, - and _"), "{err}");

    let (code, err) = check_mutant("id = \"return_14_days\"", "id = \"Return 14\"");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("window id \"Return 14\" must be lower-case"),
        "{err}"
    );

    let (code, err) = check_mutant("tiers = [\"", "tiers = [\"Exclusion!\", \"");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("tier \"Exclusion!\" must be lower-case"),
        "{err}"
    );
}

#[test]
fn policies_check_finds_a_gap() {
    // Without the late-battery rule, battery claims after 12 months have no verdict.
    let (code, err) = check_mutant(
        "when.issue = [\"battery_wear\"]\nwhen.after",
        "when.issue = [\"defective\"]\nwhen.after",
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("gap: no rule decides the verdict for issue battery_wear on channel store"),
        "{err}"
    );
}

#[test]
fn policies_check_finds_an_overlap_without_precedence() {
    // Store returns with no window condition overlap the late-return rule.
    let (code, err) = check_mutant(
        "when.channel = [\"store\"]\nwhen.within = [\"return_14_days\"]",
        "when.channel = [\"store\"]",
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("overlap: rules return_store, return_late disagree on the verdict"),
        "{err}"
    );
}

#[test]
fn policies_check_finds_a_rule_that_can_never_fire() {
    // The refund rule made to need a channel, which refund claims never ask for.
    let (code, err) = check_mutant(
        "when.issue = [\"refund_not_received\"]",
        "when.issue = [\"refund_not_received\"]\nwhen.within = [\"battery_12_months\"]",
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("rule \"refund_status\" can never fire"),
        "{err}"
    );
}

#[test]
fn a_policy_folder_adds_and_replaces_vendors() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Replace MillSO with a copy whose money-back window is 46 days.
    let millso = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/policies/millso.toml"),
    )
    .expect("millso");
    let edited = millso.replacen(
        "days = 45\nmeasure = \"first_notice_date\"",
        "days = 46\nmeasure = \"first_notice_date\"",
        1,
    );
    assert_ne!(edited, millso);
    std::fs::write(dir.path().join("millso.toml"), edited).expect("write");
    std::fs::write(dir.path().join("zentro.toml"), zentro()).expect("write");
    let folder = dir.path().to_str().expect("utf-8");
    let day46 = r#"{"vendor":"millso","channel":"direct","issue":"change_of_mind","order_date":"2026-01-01","claim_date":"2026-02-16"}"#;
    let stock = run(&["check"], day46);
    let replaced = run(&["check", "--policies", folder], day46);
    let verdict = |o: &Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("JSON")["verdict"].clone()
    };
    assert_eq!(verdict(&stock), "not_eligible");
    assert_eq!(verdict(&replaced), "eligible");
    let zentro_claim = r#"{"vendor":"zentro","channel":"store","issue":"battery_wear","delivery_date":"2026-01-01","claim_date":"2026-02-16"}"#;
    assert_eq!(
        verdict(&run(&["check", "--policies", folder], zentro_claim)),
        "eligible"
    );

    // The user's config folder works the same way.
    let home = tempfile::tempdir().expect("tempdir");
    let policies = home.path().join("claimdesk/policies");
    std::fs::create_dir_all(&policies).expect("mkdir");
    std::fs::write(policies.join("zentro.toml"), zentro()).expect("write");
    let out = claimdesk(&["check"], zentro_claim, home.path());
    assert_eq!(verdict(&out), "eligible", "{}", stderr(&out));
}

#[test]
fn a_broken_policy_file_is_a_clear_error_not_a_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.toml"), "tiers = [\n").expect("write");
    let out = run(
        &["check", "--policies", dir.path().to_str().expect("utf-8")],
        DEFECTIVE,
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("bad.toml:"), "{}", stderr(&out));
    let missing = run(
        &["check", "--policies", "/nonexistent/claimdesk"],
        DEFECTIVE,
    );
    assert_eq!(missing.status.code(), Some(3));
    assert!(stderr(&missing).contains("cannot read the policy folder"));
}

#[test]
fn help_describes_the_commands() {
    let out = run(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for word in ["check", "policies", "--today", "--policies"] {
        assert!(help.contains(word), "help mentions {word}");
    }
}

#[test]
fn unknown_fields_are_ignored_with_a_visible_warning() {
    let claim = r#"{"vendor":"millso","issue":"defective","channel":"direct","order_date":"2026-11-01","claim_date":"2026-11-21","first_notice":"2026-11-02"}"#;
    let out = run(&["check"], claim);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "warning: unknown field \"first_notice\" ignored\n"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        v["warnings"],
        serde_json::json!(["unknown field \"first_notice\" ignored"])
    );
    assert_eq!(
        v["first_notice_date"], "2026-11-21",
        "the misspelt date was not used"
    );

    let batch = run(&["check", "--batch"], claim);
    let line: serde_json::Value = serde_json::from_slice(&batch.stdout).expect("JSON line");
    assert_eq!(
        line["warnings"][0],
        "unknown field \"first_notice\" ignored"
    );

    let plain = run(&["check"], DEFECTIVE);
    let v: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("JSON");
    assert!(
        v.get("warnings").is_none(),
        "no warnings key without unknown fields"
    );
}

#[test]
fn a_hostile_field_name_is_shown_neutralised_on_one_line() {
    let claim = "{\"vendor\":\"mitkco\",\"issue\":\"refund_not_received\",\"a\\nb\\u001b[31m\":1}";
    let out = run(&["check"], claim);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(!out.stderr.contains(&0x1b));
    assert!(err.contains("a\\u{a}b\\u{1b}[31m"), "{err}");
}

#[test]
fn usage_errors_give_clap_s_whole_message_and_exit_2() {
    let out = run(&["check", "--today", "2026-02-30"], "{}");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: ") && err.contains("--today") && err.contains("does not exist"),
        "{err}"
    );

    let missing = run(&["cases", "show"], "");
    assert_eq!(missing.status.code(), Some(2));
    let err = stderr(&missing);
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
    assert!(err.contains("<ID>"), "names the missing argument: {err}");
    assert!(err.contains("Usage: claimdesk cases show <ID>"), "{err}");

    let typo = run(&["cases", "list", "--limt", "3"], "");
    assert_eq!(typo.status.code(), Some(2));
    let err = stderr(&typo);
    assert!(err.contains("'--limt'"), "{err}");
    assert!(err.contains("similar argument exists: '--limit'"), "{err}");

    let bogus = run(&["cases", "list", "--verdict", "bogus"], "");
    assert_eq!(bogus.status.code(), Some(2));
    let err = stderr(&bogus);
    assert!(
        err.contains("[possible values: eligible, not_eligible, review, follow_up]"),
        "{err}"
    );
}

#[test]
fn typed_text_in_a_usage_error_cannot_drive_the_terminal_or_forge_lines() {
    let hostile = "a\nerror: forged\u{1b}[2J\u{9b}1m";
    let out = run(&["cases", "list", "--verdict", hostile], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b), "no raw ESC");
    let err = stderr(&out);
    assert!(!err.contains('\u{9b}'), "no raw C1 control");
    assert!(
        !err.lines().any(|l| l.starts_with("error: forged")),
        "the typed newline is shown, not obeyed: {err}"
    );
    assert!(err.contains("a\\u{a}error: forged\\u{1b}[2J"), "{err}");

    let date = run(&["check", "--today", "2026\n\u{1b}]52;c;x\u{7}"], "{}");
    assert_eq!(date.status.code(), Some(2));
    assert!(!date.stderr.contains(&0x1b) && !date.stderr.contains(&0x07));

    let long = run(&["cases", "list", "--verdict", &"x".repeat(100_000)], "");
    assert_eq!(long.status.code(), Some(2));
    assert!(long.stderr.len() < 1_000, "{} bytes", long.stderr.len());
}

#[test]
fn long_echoed_values_are_cut() {
    let claim = format!(
        "{{\"vendor\":\"{}\",\"issue\":\"defective\"}}",
        "x".repeat(100_000)
    );
    let out = run(&["check"], &claim);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).len() < 300, "{} bytes", stderr(&out).len());
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let out = run(&["check"], &format!("\u{feff}{DEFECTIVE}"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn batch_reports_an_overlong_line_and_goes_on() {
    let long = format!("{{\"vendor\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let input = format!("{DEFECTIVE}\n{long}\n{DEFECTIVE}\n");
    let out = run(&["check", "--batch"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .expect("error")
            .contains("longer than 1 MiB")
    );
    assert_eq!(lines[2]["verdict"], "eligible");
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell], "");
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        for word in ["cases", "policies", "data-dir"] {
            assert!(script.contains(word), "{shell} script names {word}");
        }
    }
    let bad = run(&["completions", "tcsh"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("possible values"), "{}", stderr(&bad));
}

#[test]
fn man_page_is_roff_naming_the_subcommands() {
    let out = run(&["man"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.lines().any(|l| l.starts_with(".TH claimdesk 1")),
        "{page}"
    );
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for name in ["check", "policies", "cases", "config", "completions", "man"] {
        assert!(
            page.contains(&format!("claimdesk\\-{name}")),
            "names {name}"
        );
    }
}

#[test]
fn completions_and_man_need_no_usable_config() {
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("broken.toml");
    std::fs::write(&config, "data_dir = 3\n").expect("write");
    let config = config.to_str().expect("utf-8 path");
    let man = run(&["--config", config, "man"], "");
    assert_eq!(man.status.code(), Some(0), "{}", stderr(&man));
    let bash = run(&["--config", config, "completions", "bash"], "");
    assert_eq!(bash.status.code(), Some(0), "{}", stderr(&bash));
}

/// claimdesk in a home of its own with `vars` set (the test helpers
/// remove any CLAIMDESK_* the developer's shell has).
fn with_env(args: &[&str], vars: &[(&str, &str)], home: &Path) -> Output {
    let mut cmd = common::claimdesk(home);
    cmd.args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    common::run_with_stdin(&mut cmd, "")
}

#[test]
fn environment_variables_set_config_data_dir_and_database_and_flags_win() {
    let home = tempfile::tempdir().expect("tempdir");
    let h = home.path();
    let config = h.join("from-env.toml");
    std::fs::write(&config, "agent_name = \"Env Agent\"\n").expect("write");
    let config = config.to_str().expect("utf-8 path");
    let data = h.join("env-data");
    let data = data.to_str().expect("utf-8 path");
    let url = "postgres://agent:s3cret@db.invalid/claims";

    let path = with_env(&["config", "path"], &[("CLAIMDESK_CONFIG", config)], h);
    assert_eq!(stdout(&path).trim(), config);
    let flag = with_env(
        &["--config", "/elsewhere.toml", "config", "path"],
        &[("CLAIMDESK_CONFIG", config)],
        h,
    );
    assert_eq!(stdout(&flag).trim(), "/elsewhere.toml", "the flag wins");

    let vars = [("CLAIMDESK_CONFIG", config), ("CLAIMDESK_DATA_DIR", data)];
    let show = with_env(&["config", "show"], &vars, h);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    let shown = stdout(&show);
    assert!(shown.contains("agent_name = Env Agent"), "{shown}");
    assert!(
        shown.contains(&format!("case log in force: {data}/cases.sqlite3")),
        "{shown}"
    );
    let other = h.join("flag-data");
    let other = other.to_str().expect("utf-8 path");
    let flag = with_env(&["--data-dir", other, "config", "show"], &vars, h);
    assert!(
        stdout(&flag).contains(&format!("case log in force: {other}/cases.sqlite3")),
        "the flag wins: {}",
        stdout(&flag)
    );

    let vars = [
        ("CLAIMDESK_DATABASE_URL", url),
        ("CLAIMDESK_DATA_DIR", data),
    ];
    let shared = with_env(&["config", "show"], &vars, h);
    let said = stdout(&shared) + &stderr(&shared);
    assert!(
        said.contains("case log in force: postgres://agent:***@db.invalid/claims"),
        "{said}"
    );
    assert!(!said.contains("s3cret"), "never the password: {said}");
    let flag = with_env(
        &[
            "--database",
            "postgres://other@db2.invalid/x",
            "config",
            "show",
        ],
        &vars,
        h,
    );
    assert!(
        stdout(&flag).contains("case log in force: postgres://other@db2.invalid/x"),
        "the flag wins: {}",
        stdout(&flag)
    );

    let bad = with_env(
        &["config", "show"],
        &[("CLAIMDESK_DATABASE_URL", "mysql://x")],
        h,
    );
    assert_eq!(bad.status.code(), Some(2), "checked like the flag");
}

#[test]
fn help_names_the_environment_variables_but_never_their_values() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = with_env(
        &["--help"],
        &[(
            "CLAIMDESK_DATABASE_URL",
            "postgres://agent:s3cret@db.invalid/claims",
        )],
        home.path(),
    );
    let help = stdout(&out);
    for var in [
        "CLAIMDESK_CONFIG",
        "CLAIMDESK_DATA_DIR",
        "CLAIMDESK_DATABASE_URL",
    ] {
        assert!(help.contains(&format!("[env: {var}]")), "{var}: {help}");
    }
    assert!(!help.contains("s3cret"), "{help}");
}

#[test]
fn global_options_are_listed_once_under_their_own_heading() {
    for args in [
        &["--help"][..],
        &["cases", "list", "--help"],
        &["check", "--help"],
        &["policies", "check", "--help"],
    ] {
        let help = stdout(&run(args, ""));
        let global = help.find("\nGlobal options:\n").expect("the heading");
        assert_eq!(help.matches("Global options:").count(), 1, "{help}");
        for flag in [
            "--policies <DIR>",
            "--jurisdictions <DIR>",
            "--today <DATE>",
            "--data-dir <DIR>",
            "--database <URL>",
            "--config <FILE>",
        ] {
            let at: Vec<usize> = help.match_indices(flag).map(|(i, _)| i).collect();
            assert_eq!(at.len(), 1, "{flag} once in {args:?}: {help}");
            assert!(at[0] > global, "{flag} under Global options: {help}");
        }
    }
    let top = stdout(&run(&["--help"], ""));
    let plain = top.find("--plain").expect("--plain");
    assert!(plain < top.find("Global options:").expect("heading"));
}

#[test]
fn release_profile_strips_and_the_readme_shows_how_to_install() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml"))
            .expect("TOML");
    assert_eq!(
        manifest["profile"]["release"].get("strip"),
        Some(&toml::Value::Boolean(true))
    );
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    for command in [
        "cargo install --locked --path .",
        "claimdesk completions bash",
        "claimdesk man",
        "CLAIMDESK_DATABASE_URL",
    ] {
        assert!(readme.contains(command), "README shows {command}");
    }
}

/// A batch of `n` claims (one JSON claim a line), each its own order.
fn claims_file(dir: &Path, n: usize) -> std::path::PathBuf {
    let file = dir.join("claims.jsonl");
    let lines: String = (0..n)
        .map(|i| {
            format!(
                "{{\"vendor\":\"mitkco\",\"issue\":\"wrong_item\",\"delivery_date\":\"2026-11-18\",\"claim_date\":\"2026-11-21\",\"reference\":\"R-{i}\"}}\n"
            )
        })
        .collect();
    std::fs::write(&file, lines).expect("claims");
    file
}

/// Issue 26: a long job shows done / total, rate and time left on a
/// terminal (here the delay before the bar is shortened to 0 ms, as a
/// job past 2 s would see it) and clears it at the end. `cases import`
/// writes only its closing line, so the terminal holds just the bar.
#[test]
fn a_long_job_shows_its_progress_on_a_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = claims_file(home.path(), 800);
    let from = home.path().join("from");
    let out = claimdesk(
        &[
            "--data-dir",
            from.to_str().expect("utf-8"),
            "check",
            "--batch",
            "--save",
            file.to_str().expect("utf-8"),
        ],
        "",
        home.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let export = claimdesk(
        &[
            "--data-dir",
            from.to_str().expect("utf-8"),
            "cases",
            "export",
            "--format",
            "jsonl",
        ],
        "",
        home.path(),
    );
    let exported = home.path().join("export.jsonl");
    std::fs::write(&exported, &export.stdout).expect("export");
    let exported = exported.to_str().expect("utf-8").to_owned();
    let into = home.path().join("into");
    let into = into.to_str().expect("utf-8").to_owned();
    let mut s = common::pty::start_command(
        home,
        100,
        30,
        &[("CLAIMDESK_PROGRESS_AFTER_MS", "0")],
        &["--data-dir", &into, "cases", "import", &exported],
    );
    assert!(s.wait_exit().success(), "{}", s.contents());
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("importing ["), "no bar:\n{raw}");
    assert!(raw.contains("left"), "the bar says the time left:\n{raw}");
    assert!(raw.contains("added 800"), "{raw}");
    // Cleared at the end: the screen keeps only the closing line.
    assert!(!s.contents().contains("importing ["), "{}", s.contents());
}

/// Issue 26: with standard error not a terminal, the same job writes
/// nothing but its closing line; and no log line unless RUST_LOG asks.
#[test]
fn a_job_off_a_terminal_writes_no_bar_and_no_logs() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = claims_file(home.path(), 300);
    let out = claimdesk(
        &["check", "--batch", "--save", file.to_str().expect("utf-8")],
        "",
        home.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one closing line: {err}");
    assert!(err.starts_with("saved 300, already saved 0"), "{err}");
}

/// Issue 26: RUST_LOG turns on logs on standard error for a command; a
/// filter that is not one is a warning, not a failure.
#[test]
fn rust_log_writes_logs_to_standard_error() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = common::claimdesk(home.path());
    cmd.args(["--today", "2026-11-21", "check", "--save"])
        .env("RUST_LOG", "debug");
    let out = common::run_with_stdin(&mut cmd, DEFECTIVE);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("opening the SQLite case log"), "{err}");
    assert!(err.contains("INFO") && err.contains("saved"), "{err}");

    let mut cmd = common::claimdesk(home.path());
    cmd.args(["--today", "2026-11-21", "check"])
        .env("RUST_LOG", "claimdesk=nonsense");
    let out = common::run_with_stdin(&mut cmd, DEFECTIVE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("RUST_LOG:"), "{}", stderr(&out));
}

/// Issue 26: the wizard's screen is the terminal, so its logs go to
/// claimdesk.log in the state folder, readable by the user only.
#[test]
fn the_wizards_logs_go_to_a_file_in_the_state_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let log = home.path().join(".local/state/claimdesk/claimdesk.log");
    let mut s = common::pty::start_in(home, 80, 24, &[("RUST_LOG", "debug")]);
    s.expect("order number or");
    s.send(b"\x03");
    s.wait_exit();
    let text = std::fs::read_to_string(&log).expect("the wizard's log");
    assert!(text.contains("starting wizard=true"), "{text}");
    assert!(!s.contents().contains("DEBUG"), "no log line on the screen");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&log).expect("log").permissions().mode();
    assert_eq!(mode & 0o077, 0, "the log is the user's only: {mode:o}");
}
