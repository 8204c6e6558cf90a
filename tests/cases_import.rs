//! `check --batch --save` and `cases import` from the command line: a
//! batch saves every decided claim; an export imported into an empty log
//! exports again byte for byte; importing twice adds nothing; ids stay.

use std::process::Output;

mod common;

fn run(home: &std::path::Path, data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    common::run_with_stdin(
        common::claimdesk(home)
            .args(["--data-dir", data.to_str().expect("utf-8")])
            .args(args),
        stdin,
    )
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

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
    assert!(err.contains("saved 40 case(s)"), "{err}");

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
        text(&first.stderr).contains("imported 40 case(s); 0 already"),
        "{}",
        text(&first.stderr)
    );
    let again = run(&home, &b, &["cases", "import", file_arg], "");
    assert!(
        text(&again.stderr).contains("imported 0 case(s); 40 already"),
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
        said.contains("line 1:") && said.contains("imported 1 case(s)"),
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
