//! Nothing waits forever on a database that does not answer: a listener
//! on 127.0.0.1 that accepts every connection and never sends a byte (a
//! wedged server, a proxy, a half-open link). No PostgreSQL is needed.

use crate::common;

use claimdesk::store::outbox::Outbox;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

/// A port whose connections are accepted and then never answered (kept
/// open until the listener's thread ends with the test process).
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let held: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            held.lock().expect("held").push(stream);
        }
    });
    port
}

#[test]
fn check_save_against_a_server_that_never_answers_ends_within_15_s_with_the_case_in_the_outbox() {
    let port = silent_server();
    let url = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let started = Instant::now();
    let out = common::run_with_stdin(
        common::claimdesk(home.path())
            .args(["--database", &url, "--data-dir"])
            .arg(&data)
            .args(["check", "--save"]),
        CLAIM,
    );
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(took < Duration::from_secs(15), "took {took:?}: {said}");
    assert_eq!(Outbox::in_dir(&data).len(), 1, "{said}");
    assert!(said.contains("pending-"), "{said}");
}

#[test]
fn the_wizard_draws_its_first_frame_at_once_against_a_server_that_never_answers() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let port = silent_server();
    let url = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(common::BIN);
    common::isolate_pty(&mut cmd, home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.args(["--today", "2026-11-21", "--database", &url, "--data-dir"]);
    cmd.arg(home.path().join("data"));
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 100, 0)));
    let s = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
            if n == 0 {
                break;
            }
            s.lock().expect("screen").process(&buf[..n]);
        }
    });
    let mut first = None;
    while started.elapsed() < Duration::from_secs(20) {
        let shown = screen.lock().expect("screen").screen().contents();
        if first.is_none() && shown.contains("Opening the case log") {
            first = Some(started.elapsed());
        }
        if first.is_some() && !shown.contains("Opening the case log") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown = screen.lock().expect("screen").screen().contents();
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("a first frame saying the log is being opened");
    // The connect's deadline is 10 s; the frame came long before it.
    assert!(
        first < Duration::from_secs(3),
        "first frame after {first:?}"
    );
    // And once the connect gave up, the wizard says no more of it (an
    // unreachable shared log is offline: saves wait in the outbox).
    assert!(!shown.contains("Opening the case log"), "{shown}");
}
