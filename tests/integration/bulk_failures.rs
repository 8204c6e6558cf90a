//! A bulk job that fails part way (here at the file-size limit, which
//! fails a write as a full disk does): what was saved stays, the message
//! says how far it got and what to do, and the same command run again
//! finishes the job without a second copy of anything.

use crate::common;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Output, Stdio};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

/// More than two of the store's batches (`store::BULK_BATCH`, 5,000).
const CLAIMS: usize = 12_000;

/// `claimdesk --data-dir DATA ARGS`, its files at most `limit` bytes.
fn claimdesk(home: &Path, data: &Path, args: &[&str], limit: Option<u64>) -> Output {
    let mut cmd = common::claimdesk(home);
    cmd.arg("--data-dir")
        .arg(data)
        .args(["--today", "2026-11-21"])
        .args(args)
        .stdin(Stdio::null());
    if let Some(bytes) = limit {
        // SAFETY: runs in the child between fork and exec, and calls only
        // setrlimit and signal, both async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // Past the limit a write then fails (EFBIG) instead of the
                // signal ending the process.
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
    }
    cmd.output().expect("claimdesk")
}

fn claims(dir: &Path, count: usize) -> std::path::PathBuf {
    let path = dir.join(format!("claims-{count}.jsonl"));
    std::fs::write(&path, format!("{CLAIM}\n").repeat(count)).expect("claims");
    path
}

/// (cases, distinct case keys) in the log of `data`.
fn counted(data: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(data.join("cases.sqlite3")).expect("log");
    conn.query_row(
        "SELECT count(*), count(DISTINCT case_key) FROM cases",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("count")
}

/// A limit that lets the first batch of 5,000 cases commit and fails the
/// second: half again the log one batch makes (the write-ahead log holds
/// both batches until its checkpoint at 32 MiB).
fn limit_past_one_batch(home: &Path) -> u64 {
    let scratch = home.join("one-batch");
    let five = claims(home, 5_000);
    let out = claimdesk(
        home,
        &scratch,
        &["check", "--batch", "--save", five.to_str().expect("utf-8")],
        None,
    );
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let size = std::fs::metadata(scratch.join("cases.sqlite3"))
        .expect("log")
        .len();
    size * 3 / 2
}

/// Runs `args` into `data` under `limit`: it fails after the first batch
/// with `code` (any failure when `None`), saying `failed_says`, and the
/// first 5,000 cases stay; run again without the limit it succeeds,
/// saying `rerun_says`, with every one of the 12,000 cases once.
fn fails_part_way_then_finishes(
    home: &Path,
    data: &Path,
    args: &[&str],
    limit: u64,
    code: Option<i32>,
    failed_says: &str,
    rerun_says: &str,
) {
    let failed = claimdesk(home, data, args, Some(limit));
    let stderr = common::text(&failed.stderr);
    assert!(!failed.status.success(), "{stderr}");
    if code.is_some() {
        assert_eq!(failed.status.code(), code, "{stderr}");
    }
    assert!(stderr.contains(failed_says), "{stderr}");
    assert_eq!(counted(data), (5_000, 5_000), "the first batch stays");

    let rerun = claimdesk(home, data, args, None);
    let stderr = common::text(&rerun.stderr);
    assert!(rerun.status.success(), "{stderr}");
    assert!(stderr.contains(rerun_says), "{stderr}");
    assert_eq!(counted(data), (12_000, 12_000), "every case once");
}

#[test]
fn a_batch_save_that_fails_part_way_keeps_what_it_saved_and_a_rerun_finishes_it() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let limit = limit_past_one_batch(home.path());
    let file = claims(home.path(), CLAIMS);
    let args = ["check", "--batch", "--save", file.to_str().expect("utf-8")];
    fails_part_way_then_finishes(
        home.path(),
        &data,
        &args,
        limit,
        Some(4),
        "saved 5000, already saved 0, refused 0, the rest not saved: run the same file again \
         to save only what is missing",
        "saved 7000, already saved 5000, refused 0: C-20",
    );
}

#[test]
fn an_import_that_fails_part_way_keeps_what_it_added_and_a_rerun_finishes_it() {
    let home = tempfile::tempdir().expect("home");
    let limit = limit_past_one_batch(home.path());
    // The export of a log of 12,000 cases, to import.
    let source = home.path().join("source");
    let file = claims(home.path(), CLAIMS);
    let saved = claimdesk(
        home.path(),
        &source,
        &["check", "--batch", "--save", file.to_str().expect("utf-8")],
        None,
    );
    assert!(saved.status.success(), "{}", common::text(&saved.stderr));
    let export = claimdesk(
        home.path(),
        &source,
        &["cases", "export", "--format", "jsonl"],
        None,
    );
    assert!(export.status.success());
    let exported = home.path().join("export.jsonl");
    std::fs::write(&exported, &export.stdout).expect("export");

    let data = home.path().join("data");
    let args = ["cases", "import", exported.to_str().expect("utf-8")];
    fails_part_way_then_finishes(
        home.path(),
        &data,
        &args,
        limit,
        Some(4),
        "imported: added 5000, merged 0 (0 new event(s)), renumbered 0, refused 0 before the \
         failure; run the import again to add the rest",
        "imported: added 7000, merged 5000 (0 new event(s)), renumbered 0, refused 0",
    );
}
