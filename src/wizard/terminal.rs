//! The terminal loop: set up, draw, read keys, restore.
//!
//! **One input path.** Everything that can wake the wizard arrives through
//! one `poll()`: the terminal's input and a self-pipe that every watched
//! signal writes to (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1... to stop,
//! see [`STOP_SIGNALS`]; SIGWINCH
//! to redraw at the new size). crossterm is asked for events only when
//! that poll says input is there, or when crossterm may still hold events
//! it parsed earlier, and it is never left blocking: a sentinel SIGWINCH
//! makes it say when it holds nothing more (see [`handle_input`]).
//!
//! Why not crossterm's own waiting: its default (mio) reader is
//! edge-triggered and stops reading after the first event it parses, so
//! bytes left in the terminal (a paste over its 1,024-byte buffer, a key
//! that arrives together with a SIGWINCH) get no new edge and wait for the
//! *next* key; and it loops forever on a terminal that has gone away
//! (crossterm issue #793). Cargo.toml turns on crossterm's `use-dev-tty`
//! reader instead, which polls level-triggered, and this loop bounds every
//! wait itself.
//!
//! **Restored on every exit path**: the agent quitting, a signal, a panic
//! (our own hook) and a vanished terminal. Nothing here may panic on a dead
//! terminal: ratatui's `restore`, its panic hook and `Terminal`'s `Drop`
//! all `eprintln!`, which panics when stderr is the closed terminal (and a
//! panic inside the panic hook aborts), so none of them is used.

use super::App;
use super::session::{Session, deliver};
use super::view::{MIN_HEIGHT, MIN_WIDTH, Theme, render};
use crate::exit::Exit;
use crossterm::cursor::Show;
use crossterm::event::{self, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Size;
use std::io::{self, Read as _, Write as _};
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

type Term = Terminal<Bounded<CrosstermBackend<io::Stdout>>>;

/// The largest screen the wizard draws (the window beyond it stays
/// blank): ratatui keeps two buffers of every cell of the screen, so the
/// wizard's memory once followed the window (2000x1000: 197 MB,
/// 6000x3000: 1.7 GB). At this size the two are a few MB.
const MAX_COLS: u16 = 500;
const MAX_ROWS: u16 = 250;

/// `size` within [`MAX_COLS`] x [`MAX_ROWS`].
fn bounded(size: Size) -> Size {
    Size::new(size.width.min(MAX_COLS), size.height.min(MAX_ROWS))
}

/// Gives back what ratatui's buffers hold beyond the window's size (issue
/// 25): a buffer resized smaller keeps its largest capacity (a `Vec`
/// never shrinks by itself), so after a 500x250 window shrinks to 80x24
/// the wizard would keep both large buffers. Only the current buffer is
/// reachable, and the two swap at every draw, so two draws after a
/// shrink release both.
fn release_buffers<B: Backend>(terminal: &mut Terminal<B>) {
    terminal.current_buffer_mut().content.shrink_to_fit();
}

/// A backend that reports the window no larger than [`bounded`] says, so
/// ratatui's buffers (and what is drawn) stay that size.
struct Bounded<B>(B);

impl<B: Backend> Backend for Bounded<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.0.draw(content)
    }
    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.0.append_lines(n)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
        self.0.get_cursor_position()
    }
    fn set_cursor_position<P: Into<ratatui::layout::Position>>(
        &mut self,
        position: P,
    ) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.0.size().map(bounded)
    }
    fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
        let mut size = self.0.window_size()?;
        size.columns_rows = bounded(size.columns_rows);
        Ok(size)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

/// The signals that end the wizard (terminal restored, draft kept): every
/// signal whose default action ends the process and that a handler may
/// catch. (SIGPIPE is ignored by Rust programs: a write to a closed pipe
/// is an error, not an ending; SIGKILL and SIGSTOP cannot be caught; the
/// faults SIGSEGV, SIGBUS, SIGILL, SIGFPE are left to their default.)
const STOP_SIGNALS: [libc::c_int; 13] = [
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGIO,
    libc::SIGSYS,
];

/// How long one batch of input (a paste) is handled before the screen is
/// redrawn and signals are looked at again.
const BATCH: Duration = Duration::from_millis(50);

/// How the loop ended.
enum Ending {
    /// The agent quit.
    Quit,
    /// A stop signal arrived (its number).
    Signal(i32),
    /// The terminal is gone (window closed, hang-up): nobody to tell.
    Gone,
    /// Reading or writing the terminal failed otherwise.
    Failed(io::Error),
}

/// Runs the wizard until the agent quits, a signal asks it to stop or the
/// terminal goes away. Exit status: 0 quit, 128 + the signal's number,
/// 1 when the terminal is gone or failed.
pub fn run(mut session: Session<'_>) -> Exit {
    let signals = match Signals::watch() {
        Ok(s) => s,
        Err(e) => {
            say(&format!("error: cannot watch for signals: {e}"));
            return Exit::Attention;
        }
    };
    install_panic_hook();
    let _restore = Restore;
    // Its `Drop` only shows the cursor, printing (and so panicking) when
    // the terminal is gone; `restore` shows the cursor instead.
    let mut terminal = match enter() {
        Ok(t) => ManuallyDrop::new(t),
        Err(e) => {
            restore();
            say(&format!("error: cannot start the terminal interface: {e}"));
            return Exit::Attention;
        }
    };
    let tty = match Tty::open() {
        Ok(t) => t,
        Err(e) => {
            restore();
            say(&format!("error: cannot read the terminal: {e}"));
            return Exit::Attention;
        }
    };
    let mut app = session.first_app();
    let ending = event_loop(&mut terminal, &tty, &signals, &mut session, &mut app);
    // Whatever stopped us, the draft holds every key handled, and how the
    // intake was left.
    let how = match &ending {
        Ending::Quit => "quit".to_owned(),
        Ending::Signal(n) => format!("signal {n}"),
        Ending::Gone | Ending::Failed(_) => "terminal".to_owned(),
    };
    // Work still out (a save) may come back first, so the draft says
    // where the intake stands; the wait is bounded.
    if !matches!(ending, Ending::Gone) {
        let _ = session.settle(&mut app, super::session::LEAVE_WAIT);
    }
    session.leave(&app, &how);
    restore();
    match ending {
        Ending::Quit => Exit::Success,
        Ending::Signal(n) => Exit::Signal(n),
        Ending::Gone => Exit::Attention,
        Ending::Failed(e) => {
            say(&format!("error: terminal failure: {e}"));
            Exit::Attention
        }
    }
}

fn event_loop<'p>(
    terminal: &mut Term,
    tty: &Tty,
    signals: &Signals,
    session: &mut Session<'p>,
    app: &mut App<'p>,
) -> Ending {
    let theme = Theme::from_env();
    let draw = |terminal: &mut Term, app: &App<'_>| -> io::Result<Size> {
        let area = terminal.draw(|frame| render(app, frame, theme))?.area;
        release_buffers(terminal);
        Ok(area.as_size())
    };
    let result = (|| -> io::Result<Ending> {
        // crossterm's reader (and its SIGWINCH pipe, which the sentinel
        // needs) is made on first use: now, before any sentinel.
        event::poll(Duration::ZERO)?;
        // The size the agent sees: keys are ignored while it is too small.
        let mut shown = draw(terminal, app)?;
        panic_for_tests();
        // crossterm may hold parsed events the terminal no longer shows.
        let mut crossterm_may_hold = false;
        loop {
            if app.quit {
                return Ok(Ending::Quit);
            }
            if let Some(signal) = signals.stop_requested() {
                return Ok(Ending::Signal(signal));
            }
            let busy = crossterm_may_hold || signals.resize_pending();
            let timeout = if busy { 0 } else { -1 };
            let ready = tty.wait(signals.wake_fd(), session.wake_fd(), timeout)?;
            // The worker's answers: the app takes them as it takes keys.
            let answers = session.answers();
            if !answers.is_empty() {
                for msg in answers {
                    deliver(session, app, msg)?;
                }
                if let Some(msg) = session.keep_draft(app) {
                    deliver(session, app, msg)?;
                }
                shown = draw(terminal, app)?;
            }
            signals.drain();
            if ready.hung_up {
                return Ok(Ending::Gone);
            }
            if let Some(signal) = signals.stop_requested() {
                return Ok(Ending::Signal(signal));
            }
            if signals.take_resize() && terminal.size()? != shown {
                shown = draw(terminal, app)?;
            }
            if ready.input || crossterm_may_hold {
                crossterm_may_hold = match handle_input(shown, signals, session, app)? {
                    Batch::Drained => false,
                    Batch::Resized => {
                        // Drawn at the new size before any further key.
                        signals.note_resize();
                        true
                    }
                    Batch::Interrupted => true,
                };
                if let Some(msg) = session.keep_draft(app) {
                    deliver(session, app, msg)?;
                }
                shown = draw(terminal, app)?;
            }
        }
    })();
    result.unwrap_or_else(|e| {
        // A read or write failing because the terminal hung up is the
        // terminal gone, not a failure to report.
        if tty
            .wait(signals.wake_fd(), None, 0)
            .is_ok_and(|r| r.hung_up)
        {
            Ending::Gone
        } else {
            Ending::Failed(e)
        }
    })
}

/// How a batch of input ended.
enum Batch {
    /// crossterm holds nothing more.
    Drained,
    /// The window's size changed: redraw before any further key (crossterm
    /// may hold more).
    Resized,
    /// Time up, quit or a signal: crossterm may hold more.
    Interrupted,
}

/// Hands the app the events crossterm has, for up to one [`BATCH`].
///
/// crossterm may hold events it parsed from an earlier read, which our
/// poll cannot see, and its `poll(timeout)` may give up before it looks
/// (its clock starts before it takes its lock; on a loaded machine even
/// 1 ms is gone by then). So it gets a sentinel instead: a SIGWINCH sent
/// to ourselves makes its reader return `Resize` once it holds nothing
/// else (it serves parsed events first, then the terminal, then its
/// SIGWINCH pipe). So `event::read` never blocks, and `Resize` means
/// "drained".
fn handle_input<'p>(
    shown: Size,
    signals: &Signals,
    session: &mut Session<'p>,
    app: &mut App<'p>,
) -> io::Result<Batch> {
    let too_small = shown.width < MIN_WIDTH || shown.height < MIN_HEIGHT;
    let started = Instant::now();
    if signals.take_resize() && window_size()? != shown {
        return Ok(Batch::Resized);
    }
    signals.raise_sentinel();
    loop {
        if app.quit || signals.stop_requested().is_some() || started.elapsed() >= BATCH {
            return Ok(Batch::Interrupted);
        }
        // A real SIGWINCH since the sentinel (which clears its own flag).
        if signals.take_resize() && window_size()? != shown {
            return Ok(Batch::Resized);
        }
        match event::read()? {
            Event::Resize(width, height) => {
                return Ok(if Size::new(width, height) == shown {
                    Batch::Drained
                } else {
                    Batch::Resized
                });
            }
            // Keys typed where the agent cannot see the question are
            // dropped: they would change answers unseen.
            Event::Key(key) if !too_small => deliver(session, app, key.into())?,
            _ => {}
        }
    }
}

/// The terminal's size now.
fn window_size() -> io::Result<Size> {
    let (width, height) = crossterm::terminal::size()?;
    Ok(bounded(Size::new(width, height)))
}

/// Raw mode, the alternate screen, and a ratatui terminal on stdout.
fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    Terminal::new(Bounded(CrosstermBackend::new(io::stdout())))
}

/// Puts the terminal back: cooked mode, the main screen, a visible cursor.
/// Errors are ignored (a gone terminal needs no restoring) and nothing is
/// printed, so this is safe anywhere, the panic hook included.
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, Show);
}

/// Restores the terminal when dropped, whatever the way out.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal before the usual panic message, so the message is
/// readable and the shell usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info); // the standard hook ignores write errors
    }));
}

/// Writes a line to stderr, ignoring failure (stderr may be the terminal
/// that just went away; `eprintln!` would panic).
fn say(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// The watched signals: flags saying which arrived, and a self-pipe that
/// wakes the loop's poll for each.
struct Signals {
    /// Read end of the pipe every watched signal writes a byte to.
    wake: UnixStream,
    /// The number of the stop signal that arrived, 0 while none.
    stop: Arc<AtomicUsize>,
    /// A SIGWINCH arrived since the last redraw.
    resized: Arc<AtomicBool>,
}

impl Signals {
    fn watch() -> io::Result<Signals> {
        let (wake, sender) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        sender.set_nonblocking(true)?;
        let stop = Arc::new(AtomicUsize::new(0));
        let resized = Arc::new(AtomicBool::new(false));
        // The flags are registered first, so they are set by the time the
        // pipe's byte wakes the loop.
        for signal in STOP_SIGNALS {
            let number = usize::try_from(signal).unwrap_or(1);
            signal_hook::flag::register_usize(signal, Arc::clone(&stop), number)?;
        }
        signal_hook::flag::register(libc::SIGWINCH, Arc::clone(&resized))?;
        for signal in STOP_SIGNALS.into_iter().chain([libc::SIGWINCH]) {
            signal_hook::low_level::pipe::register(signal, sender.try_clone()?)?;
        }
        Ok(Signals {
            wake,
            stop,
            resized,
        })
    }

    fn wake_fd(&self) -> RawFd {
        self.wake.as_raw_fd()
    }

    fn stop_requested(&self) -> Option<i32> {
        match self.stop.load(Ordering::SeqCst) {
            0 => None,
            n => Some(i32::try_from(n).unwrap_or(1)),
        }
    }

    fn resize_pending(&self) -> bool {
        self.resized.load(Ordering::SeqCst)
    }

    fn take_resize(&self) -> bool {
        self.resized.swap(false, Ordering::SeqCst)
    }

    /// Marks a resize as pending (seen elsewhere, still to be drawn).
    fn note_resize(&self) {
        self.resized.store(true, Ordering::SeqCst);
    }

    /// Sends ourselves a SIGWINCH: crossterm's reader then returns `Resize`
    /// once it holds nothing else (see [`handle_input`]). Our own flag it
    /// sets is cleared again: it is no resize. (The byte it writes to our
    /// pipe costs one extra turn of the loop.)
    fn raise_sentinel(&self) {
        // SAFETY: raise with a valid signal number; the handlers run on
        // this thread before it returns.
        unsafe { libc::raise(libc::SIGWINCH) };
        self.resized.store(false, Ordering::SeqCst);
    }

    /// Empties the self-pipe (the flags say what arrived).
    fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
    }
}

/// The terminal input crossterm reads: standard input when it is a
/// terminal, else `/dev/tty` (as crossterm itself chooses).
enum Tty {
    Stdin,
    Device(std::fs::File),
}

/// What one wait found.
struct Ready {
    /// The terminal has input.
    input: bool,
    /// The terminal is gone (hang-up, closed window).
    hung_up: bool,
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

    fn fd(&self) -> RawFd {
        match self {
            Tty::Stdin => io::stdin().as_raw_fd(),
            Tty::Device(f) => f.as_raw_fd(),
        }
    }

    /// The one wait: until the terminal has input or has gone, or a signal
    /// writes to `wake`, or the worker to `answers`, or `timeout` ms pass
    /// (-1: no limit, 0: a look).
    fn wait(&self, wake: RawFd, answers: Option<RawFd>, timeout: libc::c_int) -> io::Result<Ready> {
        let mut fds = [
            libc::pollfd {
                fd: self.fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: wake,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                // A negative fd is left out by poll(2).
                fd: answers.unwrap_or(-1),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: `fds` is an array of three initialised pollfds, and we
        // pass its length.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 3, timeout) };
        if ready < 0 {
            let error = io::Error::last_os_error();
            return match error.kind() {
                // A signal: its handler wrote to the pipe; the caller looks.
                io::ErrorKind::Interrupted => Ok(Ready {
                    input: false,
                    hung_up: false,
                }),
                _ => Err(error),
            };
        }
        let revents = fds[0].revents;
        Ok(Ready {
            input: revents & libc::POLLIN != 0,
            hung_up: revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0,
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    #[test]
    fn buffers_give_back_their_capacity_after_the_window_shrinks() {
        let mut terminal = Terminal::new(TestBackend::new(MAX_COLS, MAX_ROWS)).expect("terminal");
        let big = usize::from(MAX_COLS) * usize::from(MAX_ROWS);
        let draw = |terminal: &mut Terminal<TestBackend>| {
            terminal.draw(|_| {}).expect("draw");
            release_buffers(terminal);
            terminal.current_buffer_mut().content.capacity()
        };
        assert!(draw(&mut terminal) >= big);
        terminal.backend_mut().resize(80, 24);
        let small = 80 * 24;
        // The two buffers swap at every draw: each is released in turn.
        let first = draw(&mut terminal);
        let second = draw(&mut terminal);
        assert!(first <= small, "{first} cells kept for {small}");
        assert!(second <= small, "{second} cells kept for {small}");
        let third = draw(&mut terminal);
        assert!(third <= small, "{third} cells kept for {small}");
    }
}
