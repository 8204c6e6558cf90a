//! The wizard as a person meets it, for the tests that drive it: the real
//! binary in a pseudo-terminal (in a home of its own, see `isolate_pty`),
//! keys typed, the screen read back through a terminal emulator (vt100).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::RawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the terminal side of a pseudo-terminal has received: the screen
/// as a terminal emulator (vt100) shows it, and the raw bytes. Read by a
/// thread that polls, so a test can stop it and then close every
/// descriptor of the master side (the reader is a duplicate of one).
pub struct Screen {
    pub parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    halt: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Screen {
    /// Reads `reader`, a duplicate of the master side `fd`, into a screen
    /// of `rows` x `cols` until [`Screen::stop`].
    pub fn read(fd: RawFd, mut reader: Box<dyn Read + Send>, rows: u16, cols: u16) -> Screen {
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let halt = Arc::new(AtomicBool::new(false));
        let (p, r, h) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&halt));
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while !h.load(Ordering::Relaxed) {
                let mut fds = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, count 1.
                if unsafe { libc::poll(&raw mut fds, 1, 20) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().expect("screen").process(&buf[..n]);
                        r.lock().expect("raw").extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Screen {
            parser,
            raw,
            halt,
            thread: Some(thread),
        }
    }

    /// The screen's text as shown now.
    pub fn contents(&self) -> String {
        self.parser.lock().expect("screen").screen().contents()
    }

    /// Every byte received so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }

    /// Waits up to `limit` for the screen to show `text`; how long it took.
    pub fn within(&self, text: &str, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        loop {
            if self.contents().contains(text) {
                return Some(start.elapsed());
            }
            if start.elapsed() > limit {
                return None;
            }
            // Not too often: reading the screen holds the reader's lock.
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the screen shows `text`; fails with the screen if not
    /// within 10 s.
    pub fn expect(&self, text: &str) {
        if self.within(text, Duration::from_secs(10)).is_none() {
            panic!(
                "the screen never showed {text:?}; it shows:\n{}",
                self.contents()
            );
        }
    }

    /// The emulator takes a new size (before the terminal does, so the
    /// redraw at the new size lands in a screen of that size).
    pub fn set_size(&self, rows: u16, cols: u16) {
        self.parser
            .lock()
            .expect("screen")
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Stops reading (and waits for the thread).
    pub fn stop(&mut self) {
        self.halt.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().expect("reader ends");
        }
    }
}

impl Drop for Screen {
    /// The reader stops polling (a test that stops it itself waits).
    fn drop(&mut self) {
        self.halt.store(true, Ordering::Relaxed);
    }
}

/// The draft files in data folder `data`, with their contents.
pub fn drafts_in(data: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(data.join("drafts")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

/// Waits until some draft in `data` holds `text` (drafts are written as
/// keys land, just after the screen is drawn).
pub fn expect_draft_in(data: &Path, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if drafts_in(data).iter().any(|(_, t)| t.contains(text)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no draft holds {text:?}: {:?}", drafts_in(data));
}

pub struct Session {
    pub screen: Screen,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    /// The data folder the wizard keeps its case log in.
    pub data: std::path::PathBuf,
    /// Its HOME; taken by [`Session::restart`] to start again in it.
    pub home: Option<tempfile::TempDir>,
}

pub fn start_with(cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
    let home = tempfile::tempdir().expect("tempdir");
    start_in(home, cols, rows, env)
}

/// claimdesk with `home` as HOME (its case log and drafts live there).
pub fn start_in(home: tempfile::TempDir, cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
    start_command(home, cols, rows, env, &[])
}

/// `claimdesk ARGS` (a command, not the wizard) on a terminal, with
/// `home` as HOME.
pub fn start_command(
    home: tempfile::TempDir,
    cols: u16,
    rows: u16,
    env: &[(&str, &str)],
    args: &[&str],
) -> Session {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(super::BIN);
    cmd.args(["--today", "2026-11-21"]);
    cmd.args(args);
    super::isolate_pty(&mut cmd, home.path());
    // Config lives at HOME/claimdesk/config.toml in these tests.
    cmd.env("XDG_CONFIG_HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).expect("spawn claimdesk");
    drop(pty.slave);
    let reader = pty.master.try_clone_reader().expect("reader");
    let fd = pty.master.as_raw_fd().expect("master fd");
    let writer = pty.master.take_writer().expect("writer");
    // The data folder: `--data-dir`'s when given, else the one under HOME.
    let data = args
        .iter()
        .position(|a| *a == "--data-dir")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| home.path().join(".local/share/claimdesk"), PathBuf::from);
    Session {
        data,
        screen: Screen::read(fd, reader, rows, cols),
        writer,
        child,
        master: pty.master,
        home: Some(home),
    }
}

pub fn start() -> Session {
    start_with(80, 24, &[])
}

impl Session {
    /// Skips the first question (no order number) and waits for the vendor.
    pub fn past_order_number(&mut self) {
        self.expect("order number or");
        self.key("⏎");
        self.expect("Which vendor");
    }

    /// A new claimdesk in the same HOME, once this one has exited.
    pub fn restart(mut self) -> Session {
        let home = self.home.take().expect("home");
        drop(self);
        start_in(home, 80, 24, &[])
    }

    /// The draft files in the data folder, with their contents.
    pub fn drafts(&self) -> Vec<(PathBuf, String)> {
        drafts_in(&self.data)
    }

    /// Waits until some draft holds `text`.
    pub fn expect_draft(&self, text: &str) {
        expect_draft_in(&self.data, text);
    }

    pub fn contents(&self) -> String {
        self.screen.contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if not.
    pub fn expect(&self, text: &str) {
        self.screen.expect(text);
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("type");
        self.writer.flush().expect("flush");
        // Let each key land before the next, as a person types.
        std::thread::sleep(Duration::from_millis(30));
    }

    /// One key, as README writes it: `⏎` is Enter, anything else the
    /// character itself.
    pub fn key(&mut self, token: &str) {
        match token {
            "⏎" => self.send(b"\r"),
            "Esc" => self.send(b"\x1b"),
            other => self.send(other.as_bytes()),
        }
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Give the reader a moment to collect the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("claimdesk did not exit; screen:\n{}", self.contents());
    }

    pub fn raw(&self) -> Vec<u8> {
        self.screen.raw()
    }
}

impl Drop for Session {
    /// A test that ends without quitting must not leave claimdesk running.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
