//! The wizard as a person meets it, for the tests that drive it: the real
//! binary in a pseudo-terminal (in a home of its own, see `isolate_pty`),
//! keys typed, the screen read back through a terminal emulator (vt100).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    pub stop: Arc<AtomicBool>,
    pub reader_thread: Option<std::thread::JoinHandle<()>>,
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
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let fd = pty.master.as_raw_fd().expect("master fd");
    let writer = pty.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let (s, r, halt) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&stop));
    // Reads until told to stop, so a test can close every descriptor of the
    // master side (the reader is a duplicate of it).
    let reader_thread = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while !halt.load(Ordering::Relaxed) {
            let mut fds = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd, count 1.
            if unsafe { libc::poll(&raw mut fds, 1, 50) } <= 0 {
                continue;
            }
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    s.lock().expect("screen").process(&buf[..n]);
                    r.lock().expect("raw").extend_from_slice(&buf[..n]);
                }
            }
        }
    });
    // The data folder: `--data-dir`'s when given, else the one under HOME.
    let data = args
        .iter()
        .position(|a| *a == "--data-dir")
        .and_then(|i| args.get(i + 1))
        .map_or_else(
            || home.path().join(".local/share/claimdesk"),
            std::path::PathBuf::from,
        );
    Session {
        data,
        screen,
        raw,
        writer,
        child,
        master: pty.master,
        stop,
        reader_thread: Some(reader_thread),
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
    pub fn drafts(&self) -> Vec<(std::path::PathBuf, String)> {
        let Ok(entries) = std::fs::read_dir(self.data.join("drafts")) else {
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

    /// Waits until some draft holds `text` (drafts are written as keys
    /// land, just after the screen is drawn).
    pub fn expect_draft(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.drafts().iter().any(|(_, t)| t.contains(text)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no draft holds {text:?}: {:?}", self.drafts());
    }

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if not.
    pub fn expect(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
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
        self.raw.lock().expect("raw").clone()
    }
}

impl Drop for Session {
    /// A test that ends without quitting must not leave claimdesk running.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
