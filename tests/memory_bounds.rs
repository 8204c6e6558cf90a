//! Bounds on what one claimdesk run uses: its CPU time and peak memory,
//! read as it is reaped (`wait4(2)`), so only that child counts, not every
//! child the process has reaped.
//!
//! A binary of its own, because a child's peak memory starts from its
//! parent's: on exec, Linux folds the peak of the memory the child had
//! until then (its parent's, shared by vfork or copied by fork) into the
//! child's `ru_maxrss`. Started from the integration binary, whose other
//! tests build large policy sets side by side, claimdesk was charged
//! 287 MB before running a line. Here the parent only starts claimdesk
//! and stays a few MB, so the 100 MB bounds measure claimdesk.

#[allow(dead_code)] // uses a few of the shared helpers
mod common;

use common::chain::fibonacci_chain;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// What one child used.
struct Usage {
    /// User plus system CPU time.
    cpu: Duration,
    /// Peak resident set, in MB.
    peak_rss_mb: i64,
}

/// Runs `cmd` with an empty stdin to its end, as [`Command::output`] does,
/// and says what that one child used.
#[allow(
    clippy::zombie_processes,
    reason = "wait_with_usage reaps the child (wait4), which clippy cannot see"
)]
fn output_with_usage(cmd: &mut Command) -> (Output, Usage) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let (status, usage) =
        wait_with_usage(&child, Duration::MAX).expect("no time limit: the child has exited");
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (output, usage)
}

/// Waits at most `limit` for `child` to exit and reaps it with `wait4`,
/// with what it used; `None` (the child still running, not reaped) when
/// the time is up. A child reaped here must not be waited for again
/// through `child`.
fn wait_with_usage(child: &Child, limit: Duration) -> Option<(ExitStatus, Usage)> {
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let start = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data: all zeroes is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 only writes into the status and rusage it is
        // given; pid is this process's own child, not yet reaped.
        let rc = unsafe { libc::wait4(pid, &raw mut status, libc::WNOHANG, &raw mut usage) };
        if rc == pid {
            let tv = |t: libc::timeval| {
                Duration::new(
                    u64::try_from(t.tv_sec).unwrap_or(0),
                    u32::try_from(t.tv_usec).unwrap_or(0) * 1000,
                )
            };
            let used = Usage {
                cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
                // Linux reports kilobytes.
                peak_rss_mb: usage.ru_maxrss / 1024,
            };
            return Some((ExitStatus::from_raw(status), used));
        }
        let error = std::io::Error::last_os_error();
        assert!(
            rc == 0 || error.kind() == std::io::ErrorKind::Interrupted,
            "wait4: {error}"
        );
        if start.elapsed() >= limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads a child's pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the output early; the test sees what came.
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Finding 5 through the real binary: `policies check` on a chain of a
/// thousand `earliest_of` windows (tests/integration/policy_windows.rs
/// holds the chain's descriptions).
#[test]
fn policies_check_on_a_thousand_chained_windows_is_quick_and_small() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("chain.toml");
    std::fs::write(&file, fibonacci_chain(1000)).expect("write");
    let started = Instant::now();
    // The CPU time and memory of this one run: the bound is on work done,
    // so other builds on the machine cannot flake it.
    let (out, usage) = output_with_usage(
        common::claimdesk(home.path())
            .args(["policies", "check", file.to_str().expect("utf-8")])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CACHE_HOME", home.path().join("cache")),
    );
    let wall = started.elapsed();
    let took = usage.cpu;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1000 windows"), "{stdout}");
    // Used to take 98 s and 5.7 GB. Well under 2 s even in a debug build.
    assert!(
        took < Duration::from_secs(1),
        "took {took:?} of CPU ({wall:?} wall)"
    );
    let peak = usage.peak_rss_mb;
    assert!(peak < 100, "peak RSS {peak} MB");
}

/// Untrusted input (tests/integration/output_safety.rs): `check /dev/zero`
/// ends at once, in little memory.
#[test]
fn check_dev_zero_ends_at_once_in_little_memory() {
    let root = tempfile::tempdir().expect("tempdir");
    let mut child = common::claimdesk(root.path())
        .args(["check", "/dev/zero"])
        .env("HOME", root.path())
        .env("XDG_CONFIG_HOME", root.path())
        .env("XDG_DATA_HOME", root.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Before the cap this read for ever, growing by gigabytes.
    let Some((status, usage)) = wait_with_usage(&child, Duration::from_secs(30)) else {
        child.kill().expect("kill");
        child.wait().expect("reap");
        panic!("check /dev/zero still running after 30 s");
    };
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .expect("stderr piped")
        .read_to_end(&mut stderr)
        .expect("read stderr");
    assert_eq!(status.code(), Some(2));
    // A claim file must be a regular file: /dev/zero is refused before a
    // byte is read (from standard input it is cut at 1 MiB instead).
    assert!(
        text(&stderr).contains("not a regular file"),
        "{}",
        text(&stderr)
    );
    // Peak RSS of this one child.
    let peak_mib = usage.peak_rss_mb;
    assert!(peak_mib < 100, "peak memory {peak_mib} MiB");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
