//! Budget (issue 26): on 200,000 claims, `check --batch --save` into a
//! new log and `cases import` of the same cases into another each take at
//! most 20x the time `check --batch` takes to decide the claims, and run
//! at least as fast as the anchor: the same rows written by Python's
//! `executemany` into the same schema, the search index and the case
//! count filled once per 1,000-row transaction (8,180 cases/s when the
//! issue was filed; run again here when `python3` is installed).
//!
//! `cargo bench --bench bulk_log`; `CLAIMDESK_BULK_CLAIMS=N` changes the
//! count. Three runs of each, alternating; medians compared. The logs are
//! left in target/bulk-log/.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/claims.rs"]
mod claims;

const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");

/// Wall time of `claimdesk ARGS` with `input` on standard input; its
/// standard output is thrown away.
fn timed(home: &Path, args: &[&str], input: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(std::fs::File::open(input).expect("input"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("claimdesk");
    assert!(status.code().is_some_and(|c| c <= 1), "{args:?}: {status}");
    start.elapsed()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// The anchor: every row of `from`'s cases and timeline written into the
/// empty log `to` with `executemany`, 1,000 rows a transaction, the
/// search index and count filled once per transaction. `None` without
/// python3.
fn python_anchor(from: &Path, to: &Path) -> Option<Duration> {
    const SCRIPT: &str = r#"
import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
dst = sqlite3.connect(sys.argv[2], isolation_level=None)
dst.execute("PRAGMA synchronous = FULL")
cols = [r[1] for r in src.execute("PRAGMA table_info(cases)")]
rows = src.execute("SELECT rowid, %s FROM cases ORDER BY rowid" % ", ".join(cols)).fetchall()
ecols = [r[1] for r in src.execute("PRAGMA table_info(case_events)") if r[1] != "seq"]
events = src.execute("SELECT %s FROM case_events ORDER BY seq" % ", ".join(ecols)).fetchall()
words = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE name = 'cases_fts_update'")][0]
words = words.split("VALUES (new.rowid, ", 1)[1].rsplit("); END", 1)[0].replace("new.", "")
ins = "INSERT INTO cases (rowid, %s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * (len(cols) + 1)))
eins = "INSERT INTO case_events (%s) VALUES (%s)" % (", ".join(ecols), ", ".join("?" * len(ecols)))
per_case = max(1, len(events) // max(1, len(rows)))
for at in range(0, len(rows), 1000):
    batch = rows[at:at + 1000]
    dst.execute("BEGIN IMMEDIATE")
    dst.executemany(ins, batch)
    dst.executemany(eins, events[at * per_case:(at + 1000) * per_case])
    dst.execute("UPDATE case_count SET cases = cases + ?", (len(batch),))
    dst.execute("INSERT INTO cases_fts (rowid, words) SELECT rowid, %s FROM cases WHERE rowid BETWEEN ? AND ?" % words,
                (batch[0][0], batch[-1][0]))
    dst.execute("COMMIT")
"#;
    let start = Instant::now();
    let status = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(from)
        .arg(to)
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs nothing here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let count: usize = std::env::var("CLAIMDESK_BULK_CLAIMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bulk-log");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench folder");
    let home = dir.join("home");
    let claims = dir.join("claims.jsonl");
    claims::generate(&claims, count);
    let log = |name: &str| dir.join(name);
    let arg = |p: &Path| p.to_str().expect("utf-8").to_owned();

    let (mut decide, mut save, mut import, mut anchor) = (vec![], vec![], vec![], vec![]);
    let export = dir.join("export.jsonl");
    for run in 0..3 {
        decide.push(timed(
            &home,
            &["check", "--batch", "--today", "2026-11-21"],
            &claims,
        ));
        let saved = log(&format!("saved-{run}"));
        save.push(timed(
            &home,
            &[
                "--data-dir",
                &arg(&saved),
                "check",
                "--batch",
                "--save",
                "--today",
                "2026-11-21",
            ],
            &claims,
        ));
        if run == 0 {
            let out = Command::new(BIN)
                .args([
                    "--data-dir",
                    &arg(&saved),
                    "cases",
                    "export",
                    "--format",
                    "jsonl",
                ])
                .env("HOME", &home)
                .output()
                .expect("export");
            std::fs::write(&export, out.stdout).expect("export file");
        }
        let imported = log(&format!("imported-{run}"));
        import.push(timed(
            &home,
            &[
                "--data-dir",
                &arg(&imported),
                "cases",
                "import",
                &arg(&export),
            ],
            &claims,
        ));
        // The anchor's empty log: the same schema, made by claimdesk.
        let empty = log(&format!("anchor-{run}"));
        timed(
            &home,
            &["--data-dir", &arg(&empty), "check", "--batch", "--save"],
            Path::new("/dev/null"),
        );
        if let Some(t) = python_anchor(&saved.join("cases.sqlite3"), &empty.join("cases.sqlite3")) {
            anchor.push(t);
        }
    }
    let decide = median(decide);
    let rate = |t: Duration| count as f64 / t.as_secs_f64();
    let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };
    println!("bulk_log: {count} mixed claims");
    println!(
        "  check --batch                {:>7.2} s  {:>9.0} claims/s",
        decide.as_secs_f64(),
        rate(decide)
    );
    let anchor = (!anchor.is_empty()).then(|| median(anchor));
    for (what, t) in [
        ("check --batch --save", median(save)),
        ("cases import", median(import)),
    ] {
        let ratio = t.as_secs_f64() / decide.as_secs_f64();
        println!(
            "  {what:<28} {:>7.2} s  {:>9.0} cases/s  {ratio:>5.1}x check --batch (budget 20x: {})",
            t.as_secs_f64(),
            rate(t),
            verdict(ratio <= 20.0)
        );
        if let Some(a) = anchor {
            println!(
                "  {:<28} {:>28}  anchor {:.0} cases/s: {}",
                "",
                "",
                rate(a),
                verdict(rate(t) >= rate(a))
            );
        }
    }
    match anchor {
        Some(a) => println!(
            "  anchor (python executemany) {:>7.2} s  {:>9.0} cases/s",
            a.as_secs_f64(),
            rate(a)
        ),
        None => println!("  anchor: not run (no python3 with sqlite3)"),
    }
}
