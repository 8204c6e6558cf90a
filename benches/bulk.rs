//! Budget: `claimdesk check --batch` over 1,000,000 realistic mixed claims
//! takes at most 1.5x the time of the same binary only parsing and
//! re-serialising those lines (`--parse-only`), with peak memory under
//! 30 MB whatever the input size. Also reports claims per second and the
//! footprint: release binary size and an interactive session's peak RSS.
//!
//! `cargo bench --bench bulk`; CLAIMDESK_BULK_CLAIMS=N changes the count.
//! The generated claims are left in target/bulk-claims.jsonl.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");
/// The case log the measured wizard sessions write to.
const BENCH_DATA: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/bench-data");

#[path = "common/claims.rs"]
mod claims;
use claims::generate;

/// Wall time and peak resident memory (KiB) of one run.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak RSS"
)]
fn measure(args: &[&str], input: &Path) -> (Duration, i64) {
    let start = Instant::now();
    let child = Command::new(BIN)
        .args(args)
        .stdin(std::fs::File::open(input).expect("open claims"))
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage are valid for writes.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(waited, pid, "wait4");
    (start.elapsed(), usage.ru_maxrss)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Peak RSS (KiB) of an interactive session that takes a whole claim.
fn interactive_peak_rss() -> Option<u64> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .ok()?;
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["--today", "2026-11-21"]);
    cmd.env("TERM", "xterm-256color");
    // The wizard opens its case log at start: keep it out of the user's.
    cmd.args(["--data-dir", BENCH_DATA]);
    let mut child = pty.slave.spawn_command(cmd).ok()?;
    let mut reader = pty.master.try_clone_reader().ok()?;
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while matches!(reader.read(&mut buf), Ok(n) if n > 0) {}
    });
    let mut writer = pty.master.take_writer().ok()?;
    for key in ["1", "2", "2", "-50\r", "\r", "\r", "\r", "w", "r"] {
        writer.write_all(key.as_bytes()).ok()?;
        writer.flush().ok()?;
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = child.process_id()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok();
    child.kill().ok();
    child.wait().ok();
    hwm
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs nothing here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let count: usize = std::env::var("CLAIMDESK_BULK_CLAIMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let path = target.join("bulk-claims.jsonl");
    generate(&path, count);
    let small = target.join("bulk-claims-small.jsonl");
    generate(&small, count / 10);

    // Side by side, alternating, three runs each; the medians compare.
    let (mut decide, mut parse) = (Vec::new(), Vec::new());
    let (mut decide_rss, mut parse_rss) = (0, 0);
    for _ in 0..3 {
        let (t, rss) = measure(&["check", "--batch", "--today", "2026-11-21"], &path);
        decide.push(t);
        decide_rss = decide_rss.max(rss);
        let (t, rss) = measure(
            &["check", "--batch", "--parse-only", "--today", "2026-11-21"],
            &path,
        );
        parse.push(t);
        parse_rss = parse_rss.max(rss);
    }
    let (_, small_rss) = measure(&["check", "--batch", "--today", "2026-11-21"], &small);
    let (decide, parse) = (median(decide), median(parse));
    let ratio = decide.as_secs_f64() / parse.as_secs_f64();
    let rate = count as f64 / decide.as_secs_f64();
    let size = std::fs::metadata(BIN).map(|m| m.len()).unwrap_or(0);
    let verdict = |ok: bool| if ok { "within budget" } else { "OVER BUDGET" };

    println!("bulk: {count} mixed claims ({})", path.display());
    println!(
        "  check --batch               {:>8.2} s  {rate:>10.0} claims/s  peak RSS {:>6} KiB",
        decide.as_secs_f64(),
        decide_rss
    );
    println!(
        "  check --batch --parse-only  {:>8.2} s  peak RSS {:>6} KiB",
        parse.as_secs_f64(),
        parse_rss
    );
    println!(
        "  ratio decide / parse-only   {ratio:>8.2}x  (budget 1.5x: {})",
        verdict(ratio <= 1.5)
    );
    println!(
        "  peak RSS {decide_rss} KiB at {count} claims, {small_rss} KiB at {} (budget 30 MB: {})",
        count / 10,
        verdict(decide_rss.max(small_rss) < 30 * 1024)
    );
    println!("footprint:");
    println!("  binary {} ({:.1} MiB)", BIN, size as f64 / 1048576.0);
    match interactive_peak_rss() {
        Some(kib) => println!("  interactive session peak RSS {kib} KiB"),
        None => println!("  interactive session peak RSS: could not measure"),
    }
}
