//! The terminal loop: set up, draw, read keys, restore. The terminal is
//! restored on every exit path: normal return (the guard's drop), a panic
//! (ratatui's hook, installed by `ratatui::init`), and SIGTERM, SIGHUP and
//! SIGINT (flags checked between events, then the normal return).

use super::app::App;
use super::view::{Theme, render};
use crate::intake::Intake;
use crate::rules::PolicySet;
use chrono::NaiveDate;
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
pub fn run(policies: &PolicySet, today: NaiveDate) -> ExitCode {
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
    let theme = Theme::from_env();
    let mut app = App::new(Intake::new(policies, today));
    let result = (|| -> io::Result<()> {
        while !app.quit && !stop.load(Ordering::Relaxed) {
            terminal.draw(|frame| render(&app, frame, theme))?;
            panic_for_tests();
            // Wake up now and then to notice signals.
            if !event::poll(Duration::from_millis(200))? {
                continue;
            }
            // Resizes need nothing: the next turn of the loop redraws.
            if let Event::Key(key) = event::read()? {
                app.update(key);
            }
        }
        Ok(())
    })();
    drop(terminal);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            ratatui::restore();
            eprintln!("error: terminal failure: {e}");
            ExitCode::from(1)
        }
    }
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
