//! Budgets: from process start to the wizard's first complete frame in a
//! pseudo-terminal under 15 ms (median); a whole `claimdesk check` of one
//! claim under 5 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");
/// The case log the measured wizard sessions write to.
const BENCH_DATA: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/bench-data");
const CLAIM: &str = r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","order_date":"2026-10-02","claim_date":"2026-11-21"}"#;

/// Time from spawning the wizard in a pseudo-terminal to a screen that
/// shows the first question (the order number) and the footer, drawn last.
fn first_frame() -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["--today", "2026-11-21"]);
    cmd.env("TERM", "xterm-256color");
    // The wizard opens its case log at start: keep it out of the user's.
    cmd.args(["--data-dir", BENCH_DATA]);
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut screen = vt100::Parser::new(24, 80, 0);
    let mut buf = [0u8; 16384];
    // The footer is drawn last: once the screen shows it with the first
    // question, the frame is complete. (Read through a terminal emulator:
    // styles put escape sequences between the footer's characters.)
    loop {
        let n = reader.read(&mut buf).expect("read");
        assert!(n > 0, "wizard ended early");
        screen.process(&buf[..n]);
        let text = screen.screen().contents();
        if text.contains("order number or") && text.contains("^C quit") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no first frame:\n{text}"
        );
    }
    let elapsed = start.elapsed();
    child.kill().ok();
    child.wait().ok();
    elapsed
}

fn check_one() -> Duration {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(["check", "--today", "2026-11-21"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(CLAIM.as_bytes())
        .expect("write");
    assert!(child.wait().expect("wait").success());
    start.elapsed()
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(30);
    group.bench_function("wizard_first_frame_pty_80x24", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| first_frame()).sum());
    });
    group.bench_function("check_one_claim", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| check_one()).sum());
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
