//! The terminal loop: set up, draw, read keys, restore. The terminal is
//! restored on every exit path: normal return (the guard's drop), a panic
//! (ratatui's hook, installed by `ratatui::init`), and SIGTERM, SIGHUP and
//! SIGINT (flags checked between events, then the normal return).

use super::session::Session;
use super::view::{Theme, render};
use ratatui::crossterm::event::{self, Event};
use std::io;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Restores the terminal when dropped, whatever the way out.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

fn signal_flag() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    Ok(flag)
}

/// Runs the wizard until the agent quits or a signal asks us to stop.
pub fn run(mut session: Session<'_>) -> ExitCode {
    let stop = match signal_flag() {
        Ok(flag) => flag,
        Err(e) => {
            eprintln!("error: cannot watch for signals: {e}");
            return ExitCode::from(1);
        }
    };
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            eprintln!("error: cannot start the terminal interface: {e}");
            return ExitCode::from(1);
        }
    };
    let _restore = Restore;
    let tty = match Tty::open() {
        Ok(t) => t,
        Err(e) => {
            drop(terminal);
            eprintln!("error: cannot read the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    let theme = Theme::from_env();
    let mut app = session.first_app();
    let result = (|| -> io::Result<()> {
        while !app.quit && !stop.load(Ordering::Relaxed) {
            terminal.draw(|frame| render(&app, frame, theme))?;
            panic_for_tests();
            // Wait on the terminal ourselves (see `wait_for_input`), waking
            // now and then to notice signals and size changes.
            if !wait_for_input(&tty, Duration::from_millis(100))? {
                continue;
            }
            loop {
                // Look at the terminal again before every crossterm call: a
                // key's work (a save, a draft) takes long enough for the
                // window to close meanwhile, and crossterm would then spin.
                // Events crossterm already holds are drained too.
                if app.quit || stop.load(Ordering::Relaxed) {
                    break; // keys typed after q are not for this claim
                }
                let more = wait_for_input(&tty, Duration::ZERO)? || event::poll(Duration::ZERO)?;
                if !more {
                    break;
                }
                // Resizes need nothing: the next turn of the loop redraws.
                if let Event::Key(key) = event::read()? {
                    app.update(key);
                    session.carry_out(&mut app)?;
                }
            }
        }
        Ok(())
    })();
    drop(terminal);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // Nobody is left to read a message.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => ExitCode::from(1),
        Err(e) => {
            ratatui::restore();
            eprintln!("error: terminal failure: {e}");
            ExitCode::from(1)
        }
    }
}

/// The terminal input crossterm reads: standard input when it is a
/// terminal, else `/dev/tty` (as crossterm itself chooses).
enum Tty {
    Stdin,
    Device(std::fs::File),
}

impl Tty {
    fn open() -> io::Result<Tty> {
        use std::io::IsTerminal;
        if io::stdin().is_terminal() {
            Ok(Tty::Stdin)
        } else {
            std::fs::File::open("/dev/tty").map(Tty::Device)
        }
    }

    fn fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        match self {
            Tty::Stdin => io::stdin().as_raw_fd(),
            Tty::Device(f) => f.as_raw_fd(),
        }
    }
}

/// Waits up to `timeout` for input. `Ok(false)` on timeout or a signal;
/// an error when the terminal has gone away (hang-up, closed window).
///
/// crossterm 0.29 cannot be left to wait on its own: once the terminal is
/// gone its reader loops on `read` returning 0 and never returns, even
/// with a timeout, burning a CPU (crossterm issue #793). So we poll the
/// descriptor, stop on POLLHUP/POLLERR/POLLNVAL, and only hand crossterm
/// input that is really there.
fn wait_for_input(tty: &Tty, timeout: Duration) -> io::Result<bool> {
    let mut fds = libc::pollfd {
        fd: tty.fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: `fds` is one valid, initialised pollfd and we pass a count of 1.
    let ready = unsafe { libc::poll(&raw mut fds, 1, millis) };
    if ready < 0 {
        let error = io::Error::last_os_error();
        return match error.kind() {
            io::ErrorKind::Interrupted => Ok(false),
            _ => Err(error),
        };
    }
    if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the terminal has gone away",
        ));
    }
    Ok(ready > 0 && fds.revents & libc::POLLIN != 0)
}

/// Debug builds only: `CLAIMDESK_TEST_PANIC=1` panics after the first
/// frame, so the tests can prove a panic restores the terminal. Compiled
/// out of release builds.
fn panic_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("CLAIMDESK_TEST_PANIC").is_some() {
        panic!("test panic requested by CLAIMDESK_TEST_PANIC");
    }
}
