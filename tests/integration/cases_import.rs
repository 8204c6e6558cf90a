//! `check --batch --save` and `cases import` from the command line: a
//! batch saves every decided claim; an export imported into an empty log
//! exports again byte for byte; importing twice adds nothing; ids stay.

use std::process::Output;

use crate::common;

fn run(home: &std::path::Path, data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    common::run_with_stdin(
        common::claimdesk(home)
            .args(["--data-dir", data.to_str().expect("utf-8")])
            .args(args),
        stdin,
    )
}

use crate::common::text;

#[test]
fn batch_save_export_import_round_trip_is_byte_identical() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let mut claims = String::new();
    for i in 0..40 {
        let line = if i % 3 == 0 {
            format!(
                r#"{{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-{:02}-02"}}"#,
                1 + i % 10
            )
        } else {
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#.to_owned()
        };
        claims.push_str(&line);
        claims.push('\n');
    }
    claims.push_str("{\"vendor\":\"nobody\"}\n");
    let batch = run(
        &home,
        &a,
        &["--today", "2026-11-21", "check", "--batch", "--save"],
        &claims,
    );
    let err = text(&batch.stderr);
    assert_eq!(batch.status.code(), Some(1), "one line is refused: {err}");
    assert_eq!(
        text(&batch.stdout).lines().count(),
        41,
        "every line answered"
    );
    assert!(err.contains("saved 40, already saved 0"), "{err}");

    let exported = run(&home, &a, &["cases", "export", "--format", "jsonl"], "");
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );
    assert_eq!(text(&exported.stdout).lines().count(), 40);
    let file = root.path().join("a.jsonl");
    std::fs::write(&file, &exported.stdout).expect("write export");

    let file_arg = file.to_str().expect("utf-8");
    let first = run(&home, &b, &["cases", "import", file_arg], "");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr)
            .contains("added 40, merged 0 (0 new event(s)), renumbered 0, refused 0"),
        "{}",
        text(&first.stderr)
    );
    let again = run(&home, &b, &["cases", "import", file_arg], "");
    assert!(
        text(&again.stderr)
            .contains("added 0, merged 40 (0 new event(s)), renumbered 0, refused 0"),
        "{}",
        text(&again.stderr)
    );

    let re_exported = run(&home, &b, &["cases", "export", "--format", "jsonl"], "");
    assert_eq!(re_exported.stdout, exported.stdout, "the same bytes");

    // A line that is not a case is named with its line number; the rest import.
    let bad = root.path().join("bad.jsonl");
    let first_line = text(&exported.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    std::fs::write(&bad, format!("{{\"id\":\"nope\"}}\n{first_line}\n")).expect("write");
    let c = root.path().join("c");
    let partial = run(
        &home,
        &c,
        &["cases", "import", bad.to_str().expect("utf-8")],
        "",
    );
    let said = text(&partial.stderr);
    assert_eq!(partial.status.code(), Some(1), "{said}");
    assert!(
        said.contains("line 1:")
            && said.contains("added 1, merged 0 (0 new event(s)), renumbered 0, refused 1"),
        "{said}"
    );
}

#[test]
fn cases_list_shows_the_newest_50_unless_told() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let data = root.path().join("data");
    let claims = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}
"#
    .repeat(70);
    let saved = run(
        &home,
        &data,
        &["--today", "2026-11-21", "check", "--batch", "--save"],
        &claims,
    );
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved.stderr));
    let ids = |out: &Output| -> Vec<String> {
        text(&out.stdout)
            .split_whitespace()
            .filter(|w| w.starts_with("C-"))
            .map(str::to_owned)
            .collect()
    };
    let list = run(&home, &data, &["cases", "list"], "");
    let listed = ids(&list);
    assert_eq!(listed.len(), 50);
    assert!(
        listed[0].ends_with("-0070") && listed[49].ends_with("-0021"),
        "{listed:?}"
    );
    assert!(
        text(&list.stdout).contains("newest 50 of 70 case(s)"),
        "{}",
        text(&list.stdout)
    );
    let limited = ids(&run(
        &home,
        &data,
        &["cases", "list", "--limit", "5", "--oldest-first"],
        "",
    ));
    assert_eq!(limited.len(), 5);
    assert!(
        limited[0].ends_with("-0001") && limited[4].ends_with("-0005"),
        "{limited:?}"
    );
    let all = run(&home, &data, &["cases", "list", "--all"], "");
    assert_eq!(ids(&all).len(), 70);
    assert!(text(&all.stdout).contains("70 case(s)"));
}

/// `run` with more environment (a time zone).
fn run_env(
    home: &std::path::Path,
    data: &std::path::Path,
    env: &[(&str, &str)],
    args: &[&str],
    stdin: &str,
) -> Output {
    let mut cmd = common::claimdesk(home);
    cmd.args(["--data-dir", data.to_str().expect("utf-8")])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    common::run_with_stdin(&mut cmd, stdin)
}

fn ids_in(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .split_whitespace()
        .filter(|w| w.starts_with("C-"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn property9_a_batch_rerun_saves_only_what_is_missing_and_keeps_reference() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let data = root.path().join("data");
    let line = |r: &str| {
        format!(
            r#"{{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","reference":"{r}"}}"#
        )
    };
    let three = format!("{}\n{}\n{}\n", line("ORD-1"), line("ORD-2"), line("ORD-3"));
    let args = ["--today", "2026-11-21", "check", "--batch", "--save"];
    let first = run(&home, &data, &args, &three);
    let said = text(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{said}");
    assert!(said.contains("saved 3, already saved 0"), "{said}");
    assert!(
        !text(&first.stdout).contains("warnings"),
        "reference is a known field of a batch line: {}",
        text(&first.stdout)
    );
    // The same file again (as after a kill), one more line at its end.
    let four = format!("{three}{}\n", line("ORD-4"));
    let again = run(&home, &data, &args, &four);
    let said = text(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{said}");
    assert!(said.contains("saved 1, already saved 3"), "{said}");
    let all = run(&home, &data, &["cases", "list", "--all"], "");
    assert_eq!(ids_in(&all).len(), 4, "{}", text(&all.stdout));
    // The reference is kept: the order number finds its case.
    let found = run(&home, &data, &["cases", "list", "--order", "ord 2"], "");
    assert_eq!(ids_in(&found).len(), 1, "{}", text(&found.stdout));
}

#[test]
fn property7_export_then_import_then_show_prints_the_same_case() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let claim = r#"{"vendor":"mitkco","channel":"direct","issue":"wrong_item","delivery_date":"2026-11-18"}"#;
    let saved = run(
        &home,
        &a,
        &[
            "--today",
            "2026-11-21",
            "check",
            "--save",
            "--order",
            "MK-900",
        ],
        claim,
    );
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved.stderr));
    let id = text(&saved.stderr)
        .split_whitespace()
        .find(|w| w.starts_with("C-"))
        .expect("an id")
        .to_owned();
    for event in [
        vec!["vendor_approved", "--date", "2026-11-21"],
        vec!["shipped", "--date", "2026-11-21", "--tracking", "SF1"],
    ] {
        let mut args = vec!["--today", "2026-11-21", "cases", "event", id.as_str()];
        args.extend(event);
        let out = run(&home, &a, &args, "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let exported = run(&home, &a, &["cases", "export", "--format", "jsonl"], "");
    let line = text(&exported.stdout);
    assert!(line.contains("\"key\":") && line.contains("SF1"), "{line}");
    let file = root.path().join("a.jsonl");
    std::fs::write(&file, &exported.stdout).expect("write");
    let imported = run(
        &home,
        &b,
        &["cases", "import", file.to_str().expect("utf-8")],
        "",
    );
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    let show = |dir: &std::path::Path| {
        let out = run(
            &home,
            dir,
            &["--today", "2026-11-22", "cases", "show", &id],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let (before, after) = (show(&a), show(&b));
    assert!(before.contains("SF1"), "the timeline is shown: {before}");
    assert_eq!(after, before, "the same case, timeline included");
    let json = |dir: &std::path::Path| {
        text(&run(&home, dir, &["cases", "show", &id, "--format", "json"], "").stdout)
    };
    assert_eq!(json(&b), json(&a));
}

#[test]
fn property7_two_counters_logs_imported_into_one_keep_both_cases() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let claim = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#;
    let mut files = Vec::new();
    for (name, order) in [("a", "A-1"), ("b", "B-1")] {
        let dir = root.path().join(name);
        let out = run(&home, &dir, &["check", "--save", "--order", order], claim);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let exported = run(&home, &dir, &["cases", "export", "--format", "jsonl"], "");
        let file = root.path().join(format!("{name}.jsonl"));
        std::fs::write(&file, &exported.stdout).expect("write");
        files.push(file);
    }
    let target = root.path().join("target");
    let import = |file: &std::path::Path| {
        let out = run(
            &home,
            &target,
            &["cases", "import", file.to_str().expect("utf-8")],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stderr)
    };
    assert!(import(&files[0]).contains("added 1, merged 0"));
    let second = import(&files[1]);
    assert!(
        second.contains("added 0, merged 0 (0 new event(s)), renumbered 1, refused 0"),
        "{second}"
    );
    let all = run(&home, &target, &["cases", "list", "--all"], "");
    let ids = ids_in(&all);
    assert_eq!(ids.len(), 2, "{}", text(&all.stdout));
    let renumbered = run(&home, &target, &["cases", "show", &ids[0]], "");
    let shown = text(&renumbered.stdout);
    assert!(
        shown.contains("B-1") && shown.contains("mported from"),
        "{shown}"
    );
    // Old export lines without a key still import, once.
    let old = root.path().join("old.jsonl");
    let line = std::fs::read_to_string(&files[0]).expect("read");
    let mut value: serde_json::Value = serde_json::from_str(line.trim()).expect("json");
    value.as_object_mut().expect("object").remove("key");
    value.as_object_mut().expect("object").remove("events");
    std::fs::write(&old, format!("{value}\n")).expect("write");
    let fresh = root.path().join("fresh");
    for expected in ["added 1, merged 0", "added 0, merged 1"] {
        let out = run(
            &home,
            &fresh,
            &["cases", "import", old.to_str().expect("utf-8")],
            "",
        );
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn property10_a_save_under_gmt_plus_12_is_the_newest_case() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let data = root.path().join("data");
    let claim = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#;
    for (zone, order) in [
        ("Etc/GMT-14", "EAST"),
        ("UTC", "MID"),
        ("Etc/GMT+12", "WEST"),
    ] {
        let out = run_env(
            &home,
            &data,
            &[("TZ", zone)],
            &["check", "--save", "--order", order],
            claim,
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let list = run_env(
        &home,
        &data,
        &[("TZ", "Etc/GMT+12")],
        &["cases", "list"],
        "",
    );
    let listed = text(&list.stdout);
    let first = listed
        .lines()
        .find(|l| l.contains("C-"))
        .unwrap_or_default()
        .to_owned();
    assert!(
        first.contains("WEST"),
        "the last save is the newest: {listed}"
    );
}

#[test]
fn property9_a_batch_waits_out_another_claimdesks_lock_and_a_killed_run_resumes_exactly_once() {
    const LINES: usize = 3_000;
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let data = root.path().join("data");
    // The log exists; another claimdesk holds its write lock for 7 s
    // (past SQLite's own 5 s busy wait).
    let made = run(
        &home,
        &data,
        &["check", "--save"],
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#,
    );
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let log = data.join("cases.sqlite3");
    let holder = {
        let log = log.clone();
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&log).expect("open");
            conn.execute_batch("BEGIN IMMEDIATE").expect("lock");
            std::thread::sleep(std::time::Duration::from_secs(7));
            conn.execute_batch("COMMIT").expect("unlock");
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut claims = String::new();
    for i in 0..LINES {
        claims.push_str(&format!(
            r#"{{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","reference":"L{i}"}}"#
        ));
        claims.push('\n');
    }
    // From a file: 3,000 outcomes would fill the output pipe before a
    // test writing standard input would read it.
    let file = root.path().join("claims.jsonl");
    std::fs::write(&file, &claims).expect("write");
    let file_arg = file.to_str().expect("utf-8");
    let waited = run(&home, &data, &["check", "--batch", "--save", file_arg], "");
    holder.join().expect("holder");
    let said = text(&waited.stderr);
    assert_eq!(waited.status.code(), Some(0), "waits, then saves: {said}");
    assert!(
        said.contains(&format!("saved {LINES}, already saved 0")),
        "{said}"
    );
    // Another file, killed part-way, then run again: each line once.
    let data2 = root.path().join("data2");
    let mut child = common::claimdesk(&home)
        .args(["--data-dir", data2.to_str().expect("utf-8")])
        .args(["check", "--batch", "--save", file.to_str().expect("utf-8")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    std::thread::sleep(std::time::Duration::from_millis(400));
    // SAFETY: kill(2) on a child this test spawned.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    let _ = child.wait();
    let rerun = run(
        &home,
        &data2,
        &["check", "--batch", "--save", file.to_str().expect("utf-8")],
        "",
    );
    let said = text(&rerun.stderr);
    assert_eq!(rerun.status.code(), Some(0), "{said}");
    assert!(said.contains("already saved"), "{said}");
    let all = run(&home, &data2, &["cases", "list", "--all"], "");
    assert_eq!(ids_in(&all).len(), LINES, "each line exactly once");
    let refs: std::collections::HashSet<String> = text(&all.stdout)
        .split_whitespace()
        .filter(|w| {
            w.strip_prefix('L')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect();
    assert_eq!(refs.len(), LINES, "every reference once");
}
