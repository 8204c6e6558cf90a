//! Budgets (issue 26), on a log of 200,000 saved cases:
//! `cases export --format jsonl` takes at most 1.5x the time of
//! `sqlite3 -json <log> 'select * from cases'` (the whole table as JSON,
//! SQLite's own shell), and `cases recheck` at most 1.5x the time of
//! `check --batch` deciding the same claims. Also reports
//! `cases export --format csv` against the same anchor, each run's CPU
//! time and peak memory.
//!
//! `cargo bench --bench export_recheck`; CLAIMDESK_BULK_CLAIMS=N changes
//! the count. The claims (`benches/common/claims.rs`, as `bulk` makes
//! them) are saved with `check --batch --save` into a fresh log in
//! target/export-recheck-bench/ (about a minute), left there.

#[path = "common/claims.rs"]
mod claims;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");
const TODAY: &str = "2026-11-21";

/// One run: wall time, CPU time (user + system) and peak RSS (KiB).
struct Run {
    wall: Duration,
    cpu: Duration,
    rss: i64,
}

/// Runs `program args` in a home of its own (no user's config.toml),
/// standard input from `input` (or none), standard output thrown away;
/// measured with wait4 for that child alone.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its usage"
)]
fn measure(home: &Path, program: &str, args: &[&str], input: Option<&Path>) -> Run {
    let stdin = match input {
        Some(path) => Stdio::from(std::fs::File::open(path).expect("open input")),
        None => Stdio::null(),
    };
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(stdin)
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {program}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage are valid for writes.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(waited, pid, "wait4");
    let wall = start.elapsed();
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        rss: usage.ru_maxrss,
    }
}

/// The medians of a job's runs.
#[derive(Default)]
struct Job {
    runs: Vec<Run>,
}

impl Job {
    fn median(&self, of: impl Fn(&Run) -> Duration) -> Duration {
        let mut all: Vec<Duration> = self.runs.iter().map(of).collect();
        all.sort();
        all.get(all.len() / 2).copied().unwrap_or_default()
    }

    fn wall(&self) -> Duration {
        self.median(|r| r.wall)
    }

    fn cpu(&self) -> Duration {
        self.median(|r| r.cpu)
    }

    fn rss(&self) -> i64 {
        self.runs.iter().map(|r| r.rss).max().unwrap_or(0)
    }

    fn line(&self, name: &str) -> String {
        format!(
            "  {name:<36} {:>7.2} s (CPU {:>5.2} s)  peak RSS {:>7} KiB",
            self.wall().as_secs_f64(),
            self.cpu().as_secs_f64(),
            self.rss()
        )
    }
}

fn ratio(job: &Job, anchor: &Job, budget: Option<f64>) -> String {
    let wall = job.wall().as_secs_f64() / anchor.wall().as_secs_f64();
    let cpu = job.cpu().as_secs_f64() / anchor.cpu().as_secs_f64();
    let verdict = match budget {
        Some(b) if wall <= b => format!(" (budget {b}x: within budget)"),
        Some(b) => format!(" (budget {b}x: OVER BUDGET)"),
        None => String::new(),
    };
    format!("{wall:.2}x, CPU {cpu:.2}x{verdict}")
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
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let dir = target.join("export-recheck-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench folder");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("bench home");
    let claims = dir.join("claims.jsonl");
    claims::generate(&claims, count);
    let data = dir.join("data");
    let data_arg = data.to_str().expect("utf-8 path");
    let log = data.join("cases.sqlite3");
    let log_arg = log.to_str().expect("utf-8 path");

    let built = measure(
        &home,
        BIN,
        &[
            "--data-dir",
            data_arg,
            "--today",
            TODAY,
            "check",
            "--batch",
            "--save",
        ],
        Some(&claims),
    );
    let size = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    println!(
        "export_recheck: {count} claims saved by check --batch --save in {:.1} s, log {:.0} MiB ({})",
        built.wall.as_secs_f64(),
        size as f64 / 1048576.0,
        log.display()
    );
    let sqlite3 = Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !sqlite3 {
        println!("  sqlite3 is not installed: the export's anchor is not measured");
    }

    // Side by side, alternating, three runs each; the medians compare.
    let commands: [(&str, Vec<&str>, Option<&Path>); 5] = [
        (
            BIN,
            vec![
                "--data-dir",
                data_arg,
                "cases",
                "export",
                "--format",
                "jsonl",
            ],
            None,
        ),
        (
            "sqlite3",
            vec!["-json", log_arg, "select * from cases"],
            None,
        ),
        (
            BIN,
            vec!["--data-dir", data_arg, "cases", "export", "--format", "csv"],
            None,
        ),
        (
            BIN,
            vec!["--data-dir", data_arg, "--today", TODAY, "cases", "recheck"],
            None,
        ),
        (
            BIN,
            vec!["--today", TODAY, "check", "--batch"],
            Some(&claims),
        ),
    ];
    let mut jobs: [Job; 5] = Default::default();
    for _ in 0..3 {
        for ((program, args, input), job) in commands.iter().zip(jobs.iter_mut()) {
            if *program == "sqlite3" && !sqlite3 {
                continue;
            }
            job.runs.push(measure(&home, program, args, *input));
        }
    }
    let [jsonl, anchor, csv, recheck, batch] = jobs;
    println!("{}", jsonl.line("cases export --format jsonl"));
    println!("{}", csv.line("cases export --format csv"));
    if sqlite3 {
        println!("{}", anchor.line("sqlite3 -json 'select * from cases'"));
        println!(
            "  ratio jsonl / sqlite3 -json          {}",
            ratio(&jsonl, &anchor, Some(1.5))
        );
        println!(
            "  ratio csv / sqlite3 -json            {}",
            ratio(&csv, &anchor, None)
        );
    }
    println!(
        "{}  {:.0} cases/s",
        recheck.line("cases recheck"),
        count as f64 / recheck.wall().as_secs_f64()
    );
    println!("{}", batch.line("check --batch (the same claims)"));
    println!(
        "  ratio recheck / check --batch        {}",
        ratio(&recheck, &batch, Some(1.5))
    );
}
