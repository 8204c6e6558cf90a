//! The suite keeps out of the user's folders (issue 11, finding 15).
//!
//! Two halves: here, every claimdesk a test starts goes through
//! `tests/common` and, so started, finds every folder it uses inside the
//! test's own home even when the shell running `cargo test` points the XDG
//! variables elsewhere. `.ci/run` adds the other half: it runs the whole
//! suite with HOME and XDG_* set to a sentinel folder holding a case log
//! and checks that not one byte of it changed.

use crate::common;

use std::path::Path;

/// Every test file starts the binary through `common` (which isolates it),
/// never by its bare path (the patterns below). All of tests/, the
/// integration modules and the binaries of their own alike; `tests/common`
/// itself is where the bare path is kept.
#[test]
fn every_test_starts_claimdesk_through_the_isolating_helper() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut offenders = Vec::new();
    let files: Vec<_> = walk(&tests)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| !p.starts_with(tests.join("common")))
        .collect();
    assert!(files.len() > 40, "found the test files: {files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read test file");
        for (n, line) in text.lines().enumerate() {
            let bare = line.contains(concat!("CARGO_BIN_", "EXE_claimdesk"))
                || line.contains(concat!("Command::new(", "BIN)"))
                || line.contains(concat!("CommandBuilder::new(", "BIN)"));
            if bare {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "start claimdesk with common::claimdesk / common::isolate_pty:\n{}",
        offenders.join("\n")
    );
}

/// With the parent's XDG variables pointing at a "real" user's folders,
/// a claimdesk started through `common` reports every path inside the
/// test home, and a saved case lands there, not in the other folders.
#[test]
fn a_test_home_holds_every_folder_claimdesk_uses() {
    let user = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = common::claimdesk(home.path());
    // What a desktop session would have set for the developer.
    for (var, sub) in common::USER_FOLDERS {
        cmd.env(var, user.path().join(sub));
    }
    // common::isolate must win over them: apply it again last.
    common::isolate(&mut cmd, home.path());
    let out = cmd.args(["config", "show"]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    let home_text = home.path().to_str().expect("utf-8");
    assert!(
        shown.contains(home_text),
        "paths inside the test home:\n{shown}"
    );
    assert!(
        !shown.contains(user.path().to_str().expect("utf-8")),
        "no path in the user's folders:\n{shown}"
    );

    let claim = r#"{"vendor":"millso","issue":"refund_not_received","claim_date":"2026-11-21"}"#;
    let mut save = common::claimdesk(home.path());
    save.args(["check", "--save"]);
    let saved = common::run_with_stdin(&mut save, claim);
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let log = home.path().join(".local/share/claimdesk/cases.sqlite3");
    assert!(log.exists(), "the case went to the test home's data folder");
    let user_files = walk(user.path());
    assert!(
        user_files.is_empty(),
        "nothing written for the user: {user_files:?}"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}
