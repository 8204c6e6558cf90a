//! The case log at a floor's volume: a 1,000,000-case log built through
//! the store (`save_many`, the path `check --batch --save` uses), then:
//!
//! | what | budget |
//! |---|---|
//! | open the saved cases with the first page (open, total, count, page) | < 50 ms |
//! | each filter keystroke (no match, 1- and 2-letter words included; an order number from the oldest day) | < 30 ms |
//! | peak RSS of the wizard with the history open (pty, Ctrl-R, a filter) | < 80 MB |
//! | `cases export` (csv, jsonl) and `cases recheck` peak RSS | < 60 MB |
//! | `cases recheck` throughput | >= 50,000 cases/s |
//! | one save in the 1M log, p50 / p99 | reported |
//! | the due queue (`CaseStore::due`: all, `--within 7`, `--agent`) | < 100 ms |
//! | `claimdesk cases due` as a process, start to exit | reported |
//!
//! The log is built once into `target/caselog-bench/` and reused while its
//! size matches (building takes a few minutes on 2 cores); a log of an
//! older schema is migrated when opened, not built again. Run: `cargo bench --bench caselog`; `cargo bench --bench
//! caselog -- due` measures only the due queue.

use chrono::{Duration as Days, NaiveDate, NaiveDateTime};
use claimdesk::rules::{ClaimInput, PolicySet, decide};
use claimdesk::store::{CaseRecord, CaseStore, DueQuery, SCHEMA_VERSION, Search, SqliteStore};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");
const CASES: usize = 1_000_000;
const PER_DAY: usize = 1_000;

fn bench_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is target/tmp; the log lives beside it.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("caselog-bench")
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
}

/// The order number of the `i`th case built.
fn order(i: usize) -> String {
    format!("ORD-{:07}", i * 7 + 3)
}

/// A handful of decided claims, varied per case by reference and note.
fn templates(policies: &PolicySet) -> Vec<CaseRecord> {
    let claims = [
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#,
        r#"{"vendor":"mitkco","issue":"damaged_in_transit","delivery_date":"2026-11-14"}"#,
        r#"{"vendor":"millso","channel":"direct","issue":"defective","order_date":"2026-10-02"}"#,
        r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","order_date":"2025-01-02"}"#,
        r#"{"vendor":"mitkco","issue":"misuse_damage"}"#,
    ];
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    claims
        .iter()
        .map(|c| {
            let input = ClaimInput::from_json(c).expect("claim");
            let outcome = decide(policies, &input, today).expect("decided");
            let policy = policies.vendor(outcome.vendor).expect("policy");
            let mut r = CaseRecord::from_decision(&input, &outcome, policy);
            r.agent = "Agent".into();
            r
        })
        .collect()
}

/// The schema version a stamp says its log was built (or last
/// migrated) at, for this many cases.
fn stamped_schema(stamp: &str) -> Option<i64> {
    let (version, cases) = stamp.strip_prefix("schema ")?.split_once(" cases ")?;
    (cases == CASES.to_string())
        .then(|| version.parse().ok())
        .flatten()
}

/// The log, built if there is none of this size; one of an older schema
/// is migrated by opening it (as an agent's would be), not built again.
fn log_ready(policies: &PolicySet) -> PathBuf {
    let dir = bench_dir();
    let path = dir.join(claimdesk::store::FILE_NAME);
    let stamp = dir.join("built");
    let expected = format!("schema {SCHEMA_VERSION} cases {CASES}");
    let stamped = std::fs::read_to_string(&stamp)
        .ok()
        .and_then(|s| stamped_schema(&s));
    if stamped.is_some_and(|v| v <= SCHEMA_VERSION) {
        let start = Instant::now();
        if SqliteStore::open(&path).is_ok_and(|l| l.total().unwrap_or(0) >= CASES as u64) {
            if stamped != Some(SCHEMA_VERSION) {
                println!(
                    "migrated the 1M-case log from schema {} to {SCHEMA_VERSION} in {:.1} s",
                    stamped.unwrap_or(0),
                    start.elapsed().as_secs_f64()
                );
                std::fs::write(&stamp, &expected).expect("stamp");
            }
            println!("reusing the 1M-case log in {}", dir.display());
            return dir;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut log = SqliteStore::open_in(&dir).expect("new log");
    let templates = templates(policies);
    let start = Instant::now();
    let mut batch = Vec::with_capacity(PER_DAY);
    for day in 0..CASES / PER_DAY {
        batch.clear();
        for n in 0..PER_DAY {
            let i = day * PER_DAY + n;
            let mut r = templates[i % templates.len()].clone();
            r.key = claimdesk::case::new_key();
            r.reference = order(i);
            // 25 agents share the floor (the due queue's --agent).
            r.agent = format!("Agent {}", i % 25);
            if i.is_multiple_of(11) {
                r.note = format!("customer called back, ticket {i}");
            }
            batch.push(r);
        }
        let now: NaiveDateTime = (first_day() + Days::days(day as i64))
            .and_hms_opt(12, 0, 0)
            .expect("time");
        log.save_many(&batch, now).expect("save batch");
    }
    let built = start.elapsed();
    println!(
        "built {CASES} cases through the store in {:.1} s ({:.0} cases/s)",
        built.as_secs_f64(),
        CASES as f64 / built.as_secs_f64()
    );
    drop(log);
    std::fs::write(&stamp, expected).expect("stamp");
    dir
}

fn median_max(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "OVER BUDGET" }
}

/// What the wizard does on Ctrl-R or a keystroke: total, capped count, page.
fn history_page(log: &SqliteStore, words: &str) -> usize {
    let search = Search {
        words: words.into(),
        limit: 100,
        ..Search::default()
    };
    let _ = log.total().expect("total");
    let _ = log.count(&search, 1001).expect("count");
    log.search(&search).expect("search").cases.len()
}

/// The anchor in the same run: a short word checked on every case's
/// search line, as every search did before the block summaries (the
/// capped count, then the page; 3 runs, each about a second).
fn plain_scan_anchor(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let from = "FROM cases_fts f LEFT JOIN cases c ON c.rowid = f.rowid \
                WHERE instr(lower(f.words), ?1) > 0";
    for words in ["z", "zz"] {
        let samples: Vec<Duration> = (0..3)
            .map(|_| {
                let start = Instant::now();
                let n: i64 = conn
                    .query_row(
                        &format!("SELECT count(*) FROM (SELECT 1 {from} LIMIT 1001)"),
                        [words],
                        |r| r.get(0),
                    )
                    .expect("count");
                let page: Vec<i64> = conn
                    .prepare(&format!(
                        "SELECT f.rowid {from} ORDER BY f.rowid DESC LIMIT 100"
                    ))
                    .expect("page")
                    .query_map([words], |r| r.get(0))
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("rows");
                assert_eq!((n, page.len()), (0, 0), "{words}");
                start.elapsed()
            })
            .collect();
        let (p50, max) = median_max(samples);
        println!(
            "keystroke {words:?} as before (every line checked): median {:.0} ms, max {:.0} ms",
            ms(p50),
            ms(max)
        );
    }
}

/// Runs a claimdesk command to /dev/null; its time and peak RSS (KiB).
// The child is reaped by `wait4` (which also gives its peak RSS), not by
// `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run_measured(dir: &Path, args: &[&str]) -> (Duration, i64, i32) {
    let start = Instant::now();
    let child = Command::new(BIN)
        .args(["--data-dir", dir.to_str().expect("utf-8")])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 fills it for our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for the child this function spawned.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    (start.elapsed(), usage.ru_maxrss, libc::WEXITSTATUS(status))
}

/// Peak RSS (KiB) of the wizard with the history open and filtered.
fn wizard_with_history(dir: &Path) -> (i64, Duration) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let home = tempfile::tempdir().expect("home");
    // The agent's name, so the first run asks nothing before the wizard.
    let config = home.path().join("claimdesk");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(config.join("config.toml"), "agent_name = \"Bench\"\n").expect("config");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args([
        "--today",
        "2026-11-21",
        "--data-dir",
        dir.to_str().expect("utf-8"),
    ]);
    cmd.env("TERM", "xterm-256color");
    for var in [
        "HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        cmd.env(var, home.path());
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    let pid = child.process_id().expect("pid");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = vt100::Parser::new(40, 120, 0);
    let mut wait_for = |want: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if screen.screen().contents().contains(want) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no {want:?} on screen");
            if let Ok(bytes) = rx.recv_timeout(left) {
                screen.process(&bytes);
            }
        }
    };
    wait_for("order number or");
    let opened = Instant::now();
    writer.write_all(b"\x12").expect("ctrl-r");
    writer.flush().expect("flush");
    wait_for("cases · each word");
    let open_time = opened.elapsed();
    writer.write_all(b"ord-0000003").expect("type");
    writer.flush().expect("flush");
    wait_for("1 of 100");
    for _ in 0..30 {
        writer.write_all(b"\x1b[6~").expect("page down");
    }
    writer.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(500));
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(-1);
    child.kill().ok();
    child.wait().ok();
    (hwm, open_time)
}

/// The due queue on the 1M log: through the store (what the wizard's
/// screen will call), and `cases due` as a process.
fn due_queue(dir: &Path) {
    let log = SqliteStore::open(&dir.join(claimdesk::store::FILE_NAME)).expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    for (what, query) in [
        (
            "the first 100, overdue first",
            DueQuery {
                limit: 100,
                ..DueQuery::default()
            },
        ),
        (
            "--within 7",
            DueQuery {
                until: Some(today + Days::days(7)),
                limit: 100,
                ..DueQuery::default()
            },
        ),
        (
            "--agent (1 of 25)",
            DueQuery {
                agent: Some("Agent 7".into()),
                limit: 100,
                ..DueQuery::default()
            },
        ),
    ] {
        let samples: Vec<Duration> = (0..20)
            .map(|_| {
                let start = Instant::now();
                let page = log.due(&query).expect("due");
                assert!(!page.cases.is_empty(), "{what}");
                start.elapsed()
            })
            .collect();
        let (p50, max) = median_max(samples);
        println!(
            "due queue, {what:<28} median {:.2} ms, max {:.2} ms  (budget < 100 ms: {})",
            ms(p50),
            ms(max),
            verdict(max < Duration::from_millis(100))
        );
    }
    let runs: Vec<Duration> = (0..5)
        .map(|_| run_measured(dir, &["--today", "2026-11-21", "cases", "due"]).0)
        .collect();
    let (p50, max) = median_max(runs);
    println!(
        "claimdesk cases due (process) median {:.1} ms, max {:.1} ms  (reported)",
        ms(p50),
        ms(max)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // and must not build a million cases.
    if !std::env::args().any(|a| a == "--bench") {
        println!("caselog bench: run with `cargo bench --bench caselog`");
        return;
    }
    let policies = PolicySet::embedded().expect("policies");
    let dir = log_ready(&policies);
    let path = dir.join(claimdesk::store::FILE_NAME);
    due_queue(&dir);
    if std::env::args().any(|a| a == "due") {
        return;
    }

    // Opening the saved cases: open the log, count, first page.
    let opens: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let log = SqliteStore::open(&path).expect("open");
            assert_eq!(history_page(&log, ""), 100);
            start.elapsed()
        })
        .collect();
    let (p50, max) = median_max(opens);
    println!(
        "open + first page:            median {:.2} ms, max {:.2} ms  (budget < 50 ms: {})",
        ms(p50),
        ms(max),
        verdict(p50 < Duration::from_millis(50))
    );

    let log = SqliteStore::open(&path).expect("open");
    let oldest_order = order(5);
    // "z", "zz": the first keys of a rare name, in no case; "d0": only in
    // the reference keys of the oldest 142,857 cases ("ORD0..."); words of
    // 1-2 characters are looked up through the block summaries.
    for (what, words, expect_some) in [
        ("a word matching nothing", "zzqx", false),
        ("1 letter matching nothing", "z", false),
        ("2 letters matching nothing", "zz", false),
        ("2 letters, oldest cases only", "d0", true),
        ("a common word + 2 letters", "mitkco zz", false),
        ("order number, oldest day", oldest_order.as_str(), true),
        ("a common word", "eligible", true),
        ("a short word", "ti", true),
        ("two words", "mitkco ticket", true),
    ] {
        let samples: Vec<Duration> = (0..20)
            .map(|_| {
                let start = Instant::now();
                let found = history_page(&log, words);
                assert_eq!(found > 0, expect_some, "{words}");
                start.elapsed()
            })
            .collect();
        let (p50, max) = median_max(samples);
        println!(
            "keystroke, {what:<29} median {:.2} ms, max {:.2} ms  (budget < 30 ms: {})",
            ms(p50),
            ms(max),
            verdict(p50 < Duration::from_millis(30))
        );
    }
    drop(log);
    plain_scan_anchor(&path);

    let (hwm, open_time) = wizard_with_history(&dir);
    println!(
        "wizard, history open + filter + 30 pages: VmHWM {:.1} MB, Ctrl-R to list {:.1} ms  (budget < 80 MB: {})",
        hwm as f64 / 1024.0,
        ms(open_time),
        verdict(hwm > 0 && hwm < 80 * 1024)
    );

    for (what, args) in [
        (
            "cases export --format csv",
            vec!["cases", "export", "--format", "csv"],
        ),
        (
            "cases export --format jsonl",
            vec!["cases", "export", "--format", "jsonl"],
        ),
    ] {
        let (t, rss, code) = run_measured(&dir, &args);
        println!(
            "{what:<28} {:.1} s, peak RSS {:.1} MB, exit {code}  (budget < 60 MB: {})",
            t.as_secs_f64(),
            rss as f64 / 1024.0,
            verdict(rss < 60 * 1024)
        );
    }
    let (t, rss, code) = run_measured(&dir, &["--today", "2026-11-21", "cases", "recheck"]);
    let rate = CASES as f64 / t.as_secs_f64();
    println!(
        "cases recheck               {:.1} s = {rate:.0} cases/s, peak RSS {:.1} MB, exit {code}  (budgets >= 50,000/s: {}; < 60 MB: {})",
        t.as_secs_f64(),
        rss as f64 / 1024.0,
        verdict(rate >= 50_000.0),
        verdict(rss < 60 * 1024)
    );

    // Saves into the 1M log, one transaction each (as the wizard saves).
    let mut log = SqliteStore::open(&path).expect("open");
    let template = templates(&policies).remove(0);
    let now = NaiveDate::from_ymd_opt(2035, 1, 1)
        .expect("date")
        .and_hms_opt(9, 0, 0)
        .expect("time");
    let mut saves: Vec<Duration> = (0..200)
        .map(|i| {
            let mut r = template.clone();
            r.key = claimdesk::case::new_key();
            r.reference = format!("SAVE-{i}");
            let start = Instant::now();
            log.save(&r, now).expect("save");
            start.elapsed()
        })
        .collect();
    saves.sort();
    println!(
        "save in the 1M log           p50 {:.2} ms, p99 {:.2} ms (one fsync'd transaction each)",
        ms(saves[saves.len() / 2]),
        ms(saves[saves.len() * 99 / 100])
    );
}
