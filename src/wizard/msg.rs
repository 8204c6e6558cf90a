//! What reaches the app: a key, or the answer to work it asked for.
//!
//! The app is the one writer of its state: `App::update(Msg)` takes a key
//! from the terminal, or an answer the worker (`worker/`) or the session
//! (drafts, the clipboard) gives back, and queues the [`Effect`]s it wants
//! next. The terminal loop takes every message through its one `poll()`.
//!
//! [`Effect`]: super::effect::Effect

use super::draft::Draft;
use super::effect::{CaseRow, DueRow, ViewedCase};
use super::letter::LetterMenu;
use crate::rules::claim::ClaimInput;
use ratatui::crossterm::event::KeyEvent;

/// One thing for the app to take in.
// A few messages a key, each moved once: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Work was sent to the worker: the screen says so until its
    /// [`Msg::Done`] comes back.
    Asked(Busy),
    /// The worker finished work of this kind (after its answer, if any).
    Done(Busy),
    /// The case log opened (or why not), and how many saves wait in its
    /// outbox.
    LogOpened {
        result: Result<(), String>,
        waiting: usize,
    },
    /// A save of the intake numbered `intake` (`Claim::intake_id`): the
    /// case's id or why not. `annotated`: the order number or note were
    /// stored with a case already saved. `already`: the case was in the
    /// log under the intake's key before (a resumed draft's save that
    /// landed after its wizard was left), taken up rather than saved again.
    Saved {
        intake: u64,
        result: Result<String, String>,
        annotated: bool,
        already: bool,
        waiting: usize,
    },
    /// A case saved while the shared log was away was sent: its pending
    /// id becomes the id it got.
    Settled {
        pending: String,
        id: String,
        waiting: usize,
    },
    /// Earlier cases on the order number `reference` of intake `intake`.
    Earlier {
        intake: u64,
        reference: String,
        rows: Vec<CaseRow>,
        newest_text: String,
        advice: String,
        open: Option<String>,
    },
    /// A page of the history's search for `query`; `more`: a page after
    /// the rows already shown.
    History {
        query: String,
        more: bool,
        page: Result<HistoryPage, String>,
    },
    /// The first `rows.len()` cases of the due queue.
    Due(Result<DuePage, String>),
    /// A case to show over the screen.
    CaseOpened(Box<ViewedCase>),
    /// A case changed (an event, the contact, a letter): shown again if
    /// it is the one on screen.
    CaseChanged(Box<ViewedCase>),
    /// A saved case loaded so its answers can be changed.
    CaseToEdit {
        id: String,
        claim: ClaimInput,
        reference: String,
        note: String,
    },
    /// The letter menu for a saved case.
    LetterOpened(Box<LetterMenu>),
    /// The letter was made: the menu closes.
    LetterMade,
    /// A draft on offer, taken up: it replaces the intake.
    Resumed(Box<Draft>),
    /// A line for the status line.
    Said(String),
    /// Text for the terminal's clipboard, then `said` in the status line.
    /// The terminal loop writes it (OSC 52 goes to the terminal, between
    /// frames) and hands the app only the [`Msg::Said`].
    Clipboard {
        text: String,
        said: String,
    },
}

impl From<KeyEvent> for Msg {
    fn from(key: KeyEvent) -> Msg {
        Msg::Key(key)
    }
}

/// A page of the history's search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    pub rows: Vec<CaseRow>,
    pub total: u64,
    pub matched: u64,
    /// More pages follow.
    pub next: bool,
    /// Cases on damaged pages of the log, in words.
    pub left_out: Option<String>,
}

/// The due queue as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePage {
    pub rows: Vec<DueRow>,
    pub more: bool,
    pub left_out: Option<String>,
}

/// Work out on the worker, as the screen names it while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    Saving,
    Searching,
    Reading,
    Sending,
    Working,
}

impl Busy {
    pub fn words(self) -> &'static str {
        match self {
            Busy::Saving => "saving…",
            Busy::Searching => "searching…",
            Busy::Reading => "reading…",
            Busy::Sending => "sending…",
            Busy::Working => "working…",
        }
    }
}
