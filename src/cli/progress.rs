//! Progress for the long jobs (import, export, recheck, batch save, purge,
//! sync): done / total, rate and time left on standard error, only when it
//! is a terminal and only once the job has run for a while.
//!
//! A job that ends within the delay draws nothing, so a quick command's
//! output stays exactly what it was; a script reading stderr (not a
//! terminal) never sees a bar. The bar is cleared when the job ends: the
//! job's own closing line says what it did.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// How long a job runs before its bar appears. Tests shorten it with
/// `CLAIMDESK_PROGRESS_AFTER_MS` to see the bar without a 2-second job.
const DEFAULT_DELAY: Duration = Duration::from_secs(2);

/// What is counted: whole items (cases, lines), bytes of the input, or
/// nothing (one long call: a spinner and the time it has taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Items,
    Bytes,
    Elapsed,
}

/// A job's progress; does nothing at all when stderr is not a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Wakes the thread that shows the bar once the delay is over; dropping
    /// it (the job ended first) ends the thread without drawing.
    stop: Option<std::sync::mpsc::Sender<()>>,
    shower: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// A job counting `unit`s, out of `total` when it is known (else a
    /// spinner with the count and rate).
    pub fn new(what: &str, unit: Unit, total: Option<u64>) -> Progress {
        if !crate::diag::stderr_is_terminal() {
            return Progress {
                bar: None,
                stop: None,
                shower: None,
            };
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let template = match (total, unit) {
            (_, Unit::Elapsed) => "{msg} {spinner} {elapsed}".to_owned(),
            (Some(_), Unit::Items) => {
                "{msg} [{bar:30}] {human_pos}/{human_len} {per_sec} · {eta} left".to_owned()
            }
            (Some(_), Unit::Bytes) => {
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} · {eta} left".to_owned()
            }
            (None, Unit::Items) => "{msg} {spinner} {human_pos} {per_sec}".to_owned(),
            (None, Unit::Bytes) => "{msg} {spinner} {bytes} {bytes_per_sec}".to_owned(),
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        let delay = std::env::var("CLAIMDESK_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DEFAULT_DELAY, Duration::from_millis);
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            // Disconnected (the job ended) or a message: draw nothing.
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(delay) {
                shown.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
                // A job inside one long call (purge) still shows it lives.
                shown.enable_steady_tick(Duration::from_millis(250));
            }
        });
        Progress {
            bar: Some(bar),
            stop: Some(stop),
            shower: Some(shower),
        }
    }

    /// `n` more done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// The position itself (bytes read so far).
    pub fn set(&self, position: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(position);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The size of the file a job reads (`-`: standard input, when it is a
/// regular file), for a bar in bytes; `None` for a pipe.
pub fn input_size(file: &std::path::Path) -> Option<u64> {
    let meta = if file.as_os_str() == "-" {
        stdin_metadata()
    } else {
        std::fs::metadata(file).ok()
    };
    meta.filter(std::fs::Metadata::is_file).map(|m| m.len())
}

/// Standard input's metadata, without taking it over.
pub fn stdin_metadata() -> Option<std::fs::Metadata> {
    std::fs::metadata("/dev/stdin").ok()
}

/// A job over the cases `filter` selects: counted first, only when the
/// bar can be shown (a count is one more query).
pub fn of_cases(
    what: &str,
    log: &dyn crate::store::CaseStore,
    filter: &crate::store::Filter,
) -> Progress {
    let total = crate::diag::stderr_is_terminal()
        .then(|| {
            let search = crate::store::Search {
                filter: filter.clone(),
                ..crate::store::Search::default()
            };
            log.count(&search, u64::MAX).ok()
        })
        .flatten();
    Progress::new(what, Unit::Items, total)
}
