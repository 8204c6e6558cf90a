//! The wizard's one input path, on the real binary in a pseudo-terminal:
//! keys right after a resize, a large paste, signals and a closed terminal
//! after a resize, SIGQUIT, random keys and resizes, and keys typed while
//! the window is too small. The screen is read back through vt100.
//!
//! Every process gets its own HOME, XDG_* folders and `--data-dir`.

use crate::common;
use crate::common::pty::{Screen, drafts_in, expect_draft_in};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Leaving the alternate screen and showing the cursor: what a restored
/// terminal receives last.
const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// A HOME with every XDG folder and the data folder inside it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A home whose config names the agent, so the wizard does not stop
    /// to ask for a name on its first run.
    fn new() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("xdg-config/claimdesk");
        std::fs::create_dir_all(&config).expect("config folder");
        std::fs::write(config.join("config.toml"), "agent_name = \"Pat\"\n").expect("config");
        Home { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The environment and arguments for a hermetic claimdesk.
    fn env(&self) -> Vec<(String, PathBuf)> {
        let root = self.dir.path();
        vec![
            ("HOME".into(), root.to_path_buf()),
            ("XDG_DATA_HOME".into(), root.join("xdg-data")),
            ("XDG_CONFIG_HOME".into(), root.join("xdg-config")),
            ("XDG_STATE_HOME".into(), root.join("xdg-state")),
            ("XDG_CACHE_HOME".into(), root.join("xdg-cache")),
        ]
    }

    fn args(&self) -> Vec<String> {
        vec![
            "--today".into(),
            "2026-11-21".into(),
            "--data-dir".into(),
            self.data().to_str().expect("utf-8").into(),
        ]
    }

    /// The draft files' contents.
    fn drafts(&self) -> Vec<String> {
        drafts_in(&self.data())
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    fn expect_draft(&self, text: &str) {
        expect_draft_in(&self.data(), text);
    }
}

/// claimdesk in a portable-pty terminal (its own session, the pty its
/// controlling terminal: closing it sends SIGHUP, as a window does).
struct Wizard {
    screen: Screen,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
}

impl Wizard {
    fn start(home: &Home, cols: u16, rows: u16) -> Wizard {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(common::BIN);
        common::isolate_pty(&mut cmd, home.dir.path());
        cmd.args(home.args());
        cmd.env("TERM", "xterm-256color");
        for (k, v) in home.env() {
            cmd.env(k, v);
        }
        for var in ["NO_COLOR", "TMUX", "CLAIMDESK_TEST_PANIC"] {
            cmd.env_remove(var);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn claimdesk");
        drop(pty.slave);
        let reader = pty.master.try_clone_reader().expect("reader");
        let fd = pty.master.as_raw_fd().expect("master fd");
        let writer = pty.master.take_writer().expect("writer");
        Wizard {
            screen: Screen::read(fd, reader, rows, cols),
            writer,
            child,
            master: Some(pty.master),
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Sends one key and gives it time to land, as a person types.
    fn key(&mut self, bytes: &[u8]) {
        self.send(bytes);
        std::thread::sleep(Duration::from_millis(30));
    }

    /// The window takes a new size (the emulator first, so the redraw at
    /// the new size lands in a screen of that size).
    fn resize(&self, cols: u16, rows: u16) {
        self.screen.set_size(rows, cols);
        self.master
            .as_ref()
            .expect("master")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name}");
    }

    /// Waits up to `limit` for the process to end: its exit code and how
    /// long it took. It must exit, not be killed by a signal (an abort, a
    /// signal's default action).
    fn exit_within(&mut self, limit: Duration) -> Option<(u32, Duration)> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let took = start.elapsed();
                assert_eq!(status.signal(), None, "claimdesk was killed: {status:?}");
                // Give the reader a moment to collect the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return Some((status.exit_code(), took));
            }
            if start.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The window closes: every descriptor of the master side goes away.
    fn close_terminal(&mut self) {
        self.screen.stop();
        self.writer = Box::new(std::io::sink());
        self.master = None;
    }
}

impl Drop for Wizard {
    /// A test that ends without quitting must not leave claimdesk running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.screen.stop();
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn last_index(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The alternate screen was entered, and after the last time it was, left
/// again with the cursor shown.
fn assert_restored(raw: &[u8], what: &str) {
    let entered = last_index(raw, ENTER_ALTERNATE_SCREEN)
        .unwrap_or_else(|| panic!("{what}: the alternate screen was never entered"));
    let after = &raw[entered..];
    assert!(
        contains(after, LEAVE_ALTERNATE_SCREEN),
        "{what}: the alternate screen is not left"
    );
    assert!(
        contains(after, SHOW_CURSOR),
        "{what}: the cursor is not shown"
    );
}

/// CPU time (user + system, in clock ticks of 1/100 s) a process has used.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// From launch to "When was the order placed?" (MillSO, defective, Amazon
/// US), where a draft exists.
fn to_the_order_date(w: &mut Wizard, home: &Home) {
    w.screen.expect("order number or");
    for k in [b"\r", b"1", b"2", b"2"] {
        w.key(k);
    }
    w.screen.expect("When was the order placed?");
    home.expect_draft("millso");
}

/// Finding 1: after a resize the next key waited for another key.
#[test]
fn a_key_after_a_resize_shows_on_the_next_frame() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    to_the_order_date(&mut w, &home);
    let mut slowest = Duration::ZERO;
    for (round, (cols, rows)) in [(100, 30), (80, 24), (120, 40), (90, 26)]
        .into_iter()
        .enumerate()
    {
        w.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(50));
        let digit = b"1234"[round];
        w.send(&[digit]);
        let shown = format!("› {}_", String::from_utf8_lossy(&b"1234"[..=round]));
        let took = w
            .screen
            .within(&shown, Duration::from_secs(1))
            .unwrap_or_else(|| {
                panic!(
                    "after a resize to {cols}x{rows} the key never showed; screen:\n{}",
                    w.screen.contents()
                )
            });
        slowest = slowest.max(took);
    }
    eprintln!("slowest key after a resize: {slowest:?}");
    assert!(slowest < Duration::from_millis(500), "{slowest:?}");
}

/// Finding 1: a paste over 1,024 bytes was handled 1,024 bytes at a time,
/// each waiting for a further key. 10,000 bytes into the note field: 400
/// blocks of 13 letters and 12 Backspaces, each leaving its first letter,
/// so the note is 400 letters only if every byte was handled in order.
#[test]
fn a_10_kb_paste_is_handled_whole_within_500_ms() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    w.screen.expect("order number or");
    for k in [b"\r", b"1", b"7"] {
        w.key(k);
    }
    w.screen.expect("support@millso.com");
    w.key(b"n");
    w.screen.expect("Note for the case");
    let mut paste = Vec::new();
    let mut note = String::new();
    let letter = |n: usize| b"abcdefghijklmnopqrstuvwxyz"[n % 26];
    for block in 0..400 {
        let first = letter(block);
        note.push(char::from(first));
        paste.push(first);
        paste.extend((1..13).map(|i| letter(block + i)));
        paste.extend([0x7f; 12]); // Backspace
    }
    assert_eq!(paste.len(), 10_000);
    let tail: String = note.chars().skip(note.len() - 40).collect();
    let start = Instant::now();
    w.send(&paste);
    let count = w
        .screen
        .within("400 of 500 characters", Duration::from_secs(5));
    let took = start.elapsed();
    assert!(
        count.is_some(),
        "the paste was not handled whole; screen:\n{}",
        w.screen.contents()
    );
    w.screen.expect(&format!("{tail}_"));
    eprintln!("10,000-byte paste handled in {took:?}");
    // Debug builds are slower; the release build is held to 500 ms.
    let limit = if cfg!(debug_assertions) { 1500 } else { 500 };
    assert!(
        took < Duration::from_millis(limit),
        "a 10 KB paste took {took:?}"
    );
}

/// Finding 1: while stalled after a resize, SIGTERM was ignored.
#[test]
fn sigterm_after_a_resize_exits_within_a_second_and_restores_the_terminal() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    to_the_order_date(&mut w, &home);
    w.resize(100, 30);
    std::thread::sleep(Duration::from_millis(50));
    w.key(b"2");
    w.signal("TERM");
    let (code, took) = w
        .exit_within(Duration::from_secs(1))
        .expect("claimdesk still runs 1 s after SIGTERM");
    eprintln!("exit after SIGTERM: {took:?}");
    assert_eq!(code, 128 + 15, "exit status after SIGTERM");
    assert_restored(&w.screen.raw(), "SIGTERM");
    assert!(
        home.drafts().iter().any(|t| t.contains("millso")),
        "the draft is kept"
    );
}

/// Finding 2: a closed terminal killed an idle wizard by SIGABRT, and left
/// one stalled after a resize spinning with its draft locked. The window
/// closes (SIGHUP and a hang-up), idle and after a resize.
#[test]
fn closing_the_terminal_ends_the_wizard_and_keeps_the_draft() {
    for resized in [false, true] {
        let home = Home::new();
        let mut w = Wizard::start(&home, 80, 24);
        to_the_order_date(&mut w, &home);
        if resized {
            w.resize(100, 30);
            std::thread::sleep(Duration::from_millis(50));
        }
        w.key(b"2");
        // The draft is written before the frame that shows the key.
        w.screen.expect("› 2_");
        let pid = w.pid();
        let before = cpu_ticks(pid).expect("cpu time");
        w.close_terminal();
        let ended = w.exit_within(Duration::from_secs(1));
        let spent = cpu_ticks(pid).map(|t| t - before);
        let (code, took) = ended.unwrap_or_else(|| {
            panic!(
                "resized {resized}: claimdesk still runs 1 s after its terminal closed \
                 (cpu ticks {spent:?})"
            )
        });
        eprintln!("resized {resized}: exit {took:?} after the terminal closed, status {code}");
        // 1 (the hang-up seen first) or 129 (SIGHUP seen first).
        assert!(
            code == 1 || code == 128 + 1,
            "resized {resized}: status {code}"
        );
        drop(w);
        // Lock released: the next start offers the claim, as it was.
        let mut next = Wizard::start(&home, 80, 24);
        next.screen.expect("Unfinished claims");
        next.screen.expect("MillSO · Defective");
        next.key(b"\r");
        next.screen.expect("› 2_");
    }
}

/// A terminal that goes away without a SIGHUP (claimdesk is not its
/// session's leader): the hang-up alone ends the wizard, with status 1,
/// the draft kept and its lock released. Idle and after a resize.
#[test]
fn a_terminal_gone_without_sighup_ends_the_wizard_with_status_1() {
    for resized in [false, true] {
        let home = Home::new();
        let mut w = Detached::start(&home);
        w.screen.expect("order number or");
        for k in [b"\r", b"2"] {
            w.send(k);
            std::thread::sleep(Duration::from_millis(30));
        }
        home.expect_draft("mitkco");
        if resized {
            w.resize(100, 30);
            std::thread::sleep(Duration::from_millis(50));
            w.send(b"3");
            w.screen.expect("When did the customer receive");
        }
        let pid = w.child.id();
        let before = cpu_ticks(pid).expect("cpu time");
        w.close();
        let start = Instant::now();
        let status = loop {
            if let Some(status) = w.child.try_wait().expect("wait") {
                break status;
            }
            let spent = cpu_ticks(pid).map(|t| t - before);
            assert!(
                start.elapsed() < Duration::from_secs(1),
                "resized {resized}: still running 1 s after the terminal went (cpu {spent:?})"
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        assert_eq!(status.code(), Some(1), "resized {resized}: {status:?}");
        let next = Wizard::start(&home, 80, 24);
        next.screen.expect("Unfinished claims");
        next.screen.expect("Mitkco");
    }
}

/// Finding 16: SIGQUIT left the terminal raw on the alternate screen.
#[test]
fn sigquit_restores_the_terminal_and_keeps_the_draft() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    to_the_order_date(&mut w, &home);
    w.signal("QUIT");
    let (code, _) = w
        .exit_within(Duration::from_secs(1))
        .expect("claimdesk still runs 1 s after SIGQUIT");
    assert_eq!(code, 128 + 3, "exit status after SIGQUIT");
    assert_restored(&w.screen.raw(), "SIGQUIT");
    assert!(home.drafts().iter().any(|t| t.contains("millso")));
}

/// A small seeded generator (xorshift64), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 200 rounds of a key or a resize (at least 80x24) with a key, typed into
/// the order-number field: every key shows, within 200 ms (all but at most
/// 4 of 200 on a loaded machine, and those within 1 s).
#[test]
fn random_keys_and_resizes_echo_every_key_within_200_ms() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    w.screen.expect("order number or");
    let mut rng = Rng(0x5eed_c1a1_d35c);
    let mut typed = String::new();
    let mut times = Vec::new();
    for round in 0..200 {
        if rng.below(3) == 0 {
            let cols = 80 + u16::try_from(rng.below(60)).expect("small");
            let rows = 24 + u16::try_from(rng.below(20)).expect("small");
            w.resize(cols, rows);
            // Sometimes the key follows the resize at once.
            std::thread::sleep(Duration::from_millis(rng.below(20)));
        }
        if typed.len() >= 30 || (!typed.is_empty() && rng.below(4) == 0) {
            typed.pop();
            w.send(b"\x7f");
        } else {
            let c = char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.below(36) as usize]);
            typed.push(c);
            w.send(c.to_string().as_bytes());
        }
        let shown = format!("› {typed}_");
        // A stalled key waits for the next one, which is not sent: it
        // never shows. A slow one (the machine is shared) shows late.
        match w.screen.within(&shown, Duration::from_secs(1)) {
            Some(took) => times.push(took),
            None => panic!(
                "round {round}: {shown:?} not shown within 1 s; screen:\n{}",
                w.screen.contents()
            ),
        }
    }
    let late = times
        .iter()
        .filter(|t| **t > Duration::from_millis(200))
        .count();
    times.sort();
    eprintln!(
        "echo after a key: median {:?}, slowest {:?}, {late} of 200 over 200 ms",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    // Within 200 ms; a loaded shared machine may delay a few (each still
    // under 1 s, checked above).
    assert!(late <= 4, "{late} of 200 keys took over 200 ms");
}

/// Finding 3: keys typed while "Please enlarge the window" was shown were
/// applied unseen, and the message stayed after resizing back until a key.
#[test]
fn keys_while_too_small_change_nothing_and_the_message_goes_on_resize() {
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    to_the_order_date(&mut w, &home);
    w.key(b"2");
    w.screen.expect("› 2_");
    let draft_before = home.drafts();
    w.resize(70, 20);
    w.screen.expect("Please enlarge the window");
    // What finished a date and moved on before: "1-20⏎", and more.
    for k in [b"\x7f", b"1", b"-", b"2", b"0", b"\r", b"q", b"\x03"] {
        w.key(k);
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(w.screen.contents().contains("Please enlarge the window"));
    w.resize(80, 24);
    // No key: the resize alone brings the question back.
    let back = w
        .screen
        .within("When was the order placed?", Duration::from_secs(2));
    assert!(
        back.is_some(),
        "the question did not come back without a key; screen:\n{}",
        w.screen.contents()
    );
    let screen = w.screen.contents();
    assert!(!screen.contains("Please enlarge"), "{screen}");
    assert!(screen.contains("› 2_"), "the date field changed: {screen}");
    assert!(!screen.contains("Quit?"), "{screen}");
    assert_eq!(home.drafts(), draft_before, "the draft changed");
    // And keys work again.
    w.key(b"0");
    w.screen.expect("› 20_");
    assert!(w.child.try_wait().expect("wait").is_none(), "still running");
}

/// claimdesk on a pty that is not its controlling terminal (a new session
/// without one), so closing the master side sends no SIGHUP: only the
/// hang-up on its input says the terminal is gone.
struct Detached {
    screen: Screen,
    master: Option<std::fs::File>,
    child: std::process::Child,
}

impl Detached {
    fn start(home: &Home) -> Detached {
        use std::os::unix::process::CommandExt;
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: valid out-pointers; no name buffer, default termios.
        let opened = unsafe {
            libc::openpty(
                &raw mut master,
                &raw mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &raw const size,
            )
        };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: openpty returned two open descriptors we now own.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        for fd in [master.as_raw_fd(), slave.as_raw_fd()] {
            // SAFETY: fcntl on descriptors we own; the child must not
            // inherit the master (it would keep the terminal open).
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        let mut cmd = common::claimdesk(home.dir.path());
        cmd.args(home.args())
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("TMUX")
            .stdin(slave.try_clone().expect("dup"))
            .stdout(slave.try_clone().expect("dup"))
            .stderr(slave);
        for (k, v) in home.env() {
            cmd.env(k, v);
        }
        // SAFETY: setsid is async-signal-safe. A new session with no
        // controlling terminal: nothing sends it SIGHUP.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn claimdesk");
        let master = std::fs::File::from(master);
        let reader = master.try_clone().expect("dup master");
        let fd = master.as_raw_fd();
        Detached {
            screen: Screen::read(fd, Box::new(reader), 24, 80),
            master: Some(master),
            child,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let master = self.master.as_mut().expect("master");
        master.write_all(bytes).expect("type");
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.screen.set_size(rows, cols);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let fd = self.master.as_ref().expect("master").as_raw_fd();
        // SAFETY: TIOCSWINSZ with a valid winsize on our master descriptor.
        let done = unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &raw const size) };
        assert_eq!(done, 0, "resize");
        // Not its controlling terminal, so the kernel sends no SIGWINCH; a
        // window would.
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill with a valid signal on our own child.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGWINCH) }, 0);
    }

    /// Closes every descriptor of the master side.
    fn close(&mut self) {
        self.screen.stop();
        self.master = None;
    }
}

impl Drop for Detached {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.screen.stop();
    }
}

/// Every signal that ends the wizard restores the terminal first (SIGUSR1
/// once killed it with the terminal left raw), and says so in its exit
/// status. SIGPIPE does not end it (Rust programs ignore it: a write to a
/// closed pipe is an error): the wizard carries on.
#[test]
fn every_signal_that_ends_the_wizard_restores_the_terminal() {
    for (name, number) in [
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("VTALRM", libc::SIGVTALRM),
        ("PROF", libc::SIGPROF),
        ("XCPU", libc::SIGXCPU),
    ] {
        let home = Home::new();
        let mut w = Wizard::start(&home, 80, 24);
        w.screen.expect("Vendor");
        w.signal(name);
        let (code, _) = w
            .exit_within(Duration::from_secs(2))
            .unwrap_or_else(|| panic!("claimdesk still runs 2 s after SIG{name}"));
        assert_eq!(code, 128 + number as u32, "exit status after SIG{name}");
        assert_restored(&w.screen.raw(), &format!("SIG{name}"));
    }
    let home = Home::new();
    let mut w = Wizard::start(&home, 80, 24);
    w.screen.expect("Vendor");
    w.signal("PIPE");
    assert!(
        w.exit_within(Duration::from_millis(500)).is_none(),
        "SIGPIPE ended the wizard"
    );
    w.signal("TERM");
    let (code, _) = w
        .exit_within(Duration::from_secs(2))
        .expect("exits on SIGTERM");
    assert_eq!(code, 128 + 15);
    assert_restored(&w.screen.raw(), "SIGTERM after SIGPIPE");
}

/// The wizard's memory does not follow the window: in a 6000x3000
/// terminal (once 1.7 GB) it stays small, and shrinking back is fine.
#[test]
fn a_huge_window_does_not_grow_the_wizards_memory() {
    let home = Home::new();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 3000,
            cols: 6000,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(common::BIN);
    common::isolate_pty(&mut cmd, home.dir.path());
    cmd.args(home.args());
    cmd.env("TERM", "xterm-256color");
    for (k, v) in home.env() {
        cmd.env(k, v);
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn claimdesk");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let drawn = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&drawn);
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if buf[..n].windows(5).any(|w| w == b"order") {
                seen.store(true, Ordering::Relaxed);
            }
        }
    });
    let started = Instant::now();
    while !drawn.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(drawn.load(Ordering::Relaxed), "no first frame");
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.process_id().expect("pid");
    let rss_kb = || -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    };
    let big = rss_kb();
    pty.master
        .resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    std::thread::sleep(Duration::from_millis(300));
    let small = rss_kb();
    let _ = child.kill();
    let _ = child.wait();
    eprintln!("RSS at 6000x3000: {big} kB; after shrinking to 80x24: {small} kB");
    assert!(big > 0, "no RSS read");
    assert!(big < 100 * 1024, "RSS {big} kB at 6000x3000");
    assert!(small < 100 * 1024, "RSS {small} kB after shrinking");
}
