//! Shared test helpers. Every claimdesk a test starts runs in a home of its
//! own: HOME and every XDG folder point into a temporary directory, so no
//! test reads a developer's config or writes into a real case log, whatever
//! the shell that runs `cargo test` has set (issue 11, finding 15).
//!
//! The integration binary (`tests/integration/main.rs`) includes this once;
//! the binaries of their own include it with `#[allow(dead_code)] mod common;`
//! (each uses a few of the helpers).

pub mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");

/// The variables through which claimdesk (by way of `directories`) finds a
/// user's folders, each with where it points inside a test home.
pub const USER_FOLDERS: [(&str, &str); 5] = [
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_CACHE_HOME", ".cache"),
];

/// Variables from a developer's shell that change what claimdesk shows;
/// removed so every test sees the same program.
pub const REMOVED: [&str; 9] = [
    "NO_COLOR",
    "RUST_LOG",
    "CLAIMDESK_PROGRESS_AFTER_MS",
    "TMUX",
    "XDG_RUNTIME_DIR",
    "CLAIMDESK_TEST_PANIC",
    "CLAIMDESK_CONFIG",
    "CLAIMDESK_DATA_DIR",
    "CLAIMDESK_DATABASE_URL",
];

/// The environment a claimdesk started in `home` gets.
pub fn user_folders(home: &Path) -> Vec<(&'static str, PathBuf)> {
    USER_FOLDERS
        .iter()
        .map(|(var, sub)| (*var, home.join(sub)))
        .collect()
}

/// Points every user folder of `cmd` into `home`. A caller that needs one
/// elsewhere (a config folder of its own) sets it after this call.
pub fn isolate<'c>(cmd: &'c mut Command, home: &Path) -> &'c mut Command {
    for var in REMOVED {
        cmd.env_remove(var);
    }
    for (var, path) in user_folders(home) {
        cmd.env(var, path);
    }
    cmd
}

/// [`isolate`] for a command started in a pseudo-terminal. The wizard on
/// a terminal asks the agent's name on its first run (no `agent_name` in
/// config.toml): each config folder these tests point XDG_CONFIG_HOME at
/// gets a config naming the agent, unless the test wrote one there first
/// (the first-run test writes one without a name).
pub fn isolate_pty(cmd: &mut portable_pty::CommandBuilder, home: &Path) {
    for var in REMOVED {
        cmd.env_remove(var);
    }
    for (var, path) in user_folders(home) {
        cmd.env(var, path);
    }
    for folder in [".config", "", "xdg-config"] {
        let config = home.join(folder).join("claimdesk/config.toml");
        if !config.exists() {
            let folder_made = config
                .parent()
                .is_some_and(|d| std::fs::create_dir_all(d).is_ok());
            assert!(
                folder_made && std::fs::write(&config, "agent_name = \"Pat\"\n").is_ok(),
                "cannot write {}",
                config.display()
            );
        }
    }
}

/// claimdesk with its user folders in `home`.
pub fn claimdesk(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    isolate(&mut cmd, home);
    cmd
}

/// Runs `cmd` with `stdin` written to it and waits for it. The program may
/// exit before reading (a usage error): a broken pipe is not a failure.
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    if let Err(e) = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
    {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("claimdesk exits")
}

/// What one child used, read as it is reaped (`wait4(2)`): its own CPU
/// time and peak memory. `getrusage(RUSAGE_CHILDREN)` would add every
/// child this process has reaped, and the integration binary runs many
/// tests side by side, each starting claimdesk.
pub struct Usage {
    /// User plus system CPU time.
    pub cpu: std::time::Duration,
    /// Peak resident set, in MB.
    pub peak_rss_mb: i64,
}

/// Runs `cmd` with an empty stdin to its end, as [`Command::output`] does,
/// and says what that one child used.
#[allow(
    clippy::zombie_processes,
    reason = "wait_with_usage reaps the child (wait4), which clippy cannot see"
)]
pub fn output_with_usage(cmd: &mut Command) -> (Output, Usage) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let (status, usage) = wait_with_usage(&child, std::time::Duration::MAX)
        .expect("no time limit: the child has exited");
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (output, usage)
}

/// Waits at most `limit` for `child` to exit and reaps it, with what it
/// used; `None` (the child still running, not reaped) when the time is up.
/// A child reaped here must not be waited for again through `child`.
pub fn wait_with_usage(
    child: &std::process::Child,
    limit: std::time::Duration,
) -> Option<(std::process::ExitStatus, Usage)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let start = std::time::Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data: all zeroes is a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 only writes into the status and rusage it is
        // given; pid is this process's own child, not yet reaped.
        let rc = unsafe { libc::wait4(pid, &raw mut status, libc::WNOHANG, &raw mut usage) };
        if rc == pid {
            let tv = |t: libc::timeval| {
                std::time::Duration::new(
                    u64::try_from(t.tv_sec).unwrap_or(0),
                    u32::try_from(t.tv_usec).unwrap_or(0) * 1000,
                )
            };
            let used = Usage {
                cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
                // Linux reports kilobytes.
                peak_rss_mb: usage.ru_maxrss / 1024,
            };
            return Some((std::process::ExitStatus::from_raw(status), used));
        }
        let error = std::io::Error::last_os_error();
        assert!(
            rc == 0 || error.kind() == std::io::ErrorKind::Interrupted,
            "wait4: {error}"
        );
        if start.elapsed() >= limit {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Reads a child's pipe to its end on a thread of its own.
fn drain(pipe: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the output early; the test sees what came.
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}
