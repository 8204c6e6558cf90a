//! The wizard's screens, each with its own state, its update (a key's
//! [`Action`] in, a [`Step`] out) and the key map context it is in.
//!
//! A screen reads and writes the claim being taken ([`Claim`]) and asks
//! the session for I/O by pushing [`Effect`]s; it never sees the
//! dispatcher (`app.rs`). Adding a screen: one file here implementing
//! [`ScreenState`], a variant of [`Screen`] (with its arms in
//! `kind`/`state`/`state_mut`), one context in the key map, and its
//! drawing in `view.rs`; `app.rs` needs no change.
//!
//! [`Action`]: super::keys::Action
//! [`Claim`]: super::claim::Claim
//! [`Effect`]: super::effect::Effect

pub mod case;
pub mod due;
pub mod history;
pub mod outcome;
pub mod question;
pub mod reference;
pub mod repeat;
pub mod resume;
pub mod review;

pub use case::{CaseView, EventForm};
pub use due::DueState;
pub use history::HistoryState;
pub use outcome::OutcomeState;
pub use question::QuestionState;
pub use reference::ReferenceState;
pub use repeat::RepeatState;
pub use resume::ResumeState;
pub use review::ReviewState;

use super::claim::Claim;
use super::effect::{Effect, Overlay};
use super::keys::{Action, Context};

/// What every screen answers: which key map it is in, and what a key's
/// action does to it (gitui's `commands()` beside `event()`: the key map
/// context feeds the footer and help, the update the behaviour).
pub trait ScreenState {
    /// The key map in force on this screen as it stands.
    fn context(&self, claim: &Claim<'_>) -> Context;

    /// Applies `action`: changes this screen's state and the claim, asks
    /// the session for I/O through `effects`, and says what comes next.
    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step;
}

/// The screen on display, holding its own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Intakes a wizard left unfinished (it was killed, its terminal
    /// closed): resume one, discard one, or start afresh.
    Resume(ResumeState),
    /// The customer's order number or reference: asked first, so a repeat
    /// claim is caught before anything else is typed.
    Reference(ReferenceState),
    /// Cases already in the log with the same reference.
    Repeat(RepeatState),
    /// One question of the intake.
    Question(QuestionState),
    /// The verdict and everything that follows from it, or (its other
    /// page) each rule that decided, with its clauses quoted.
    Outcome(OutcomeState),
    /// Every answer, to jump to and change.
    Review(ReviewState),
    /// Saved cases, newest first, narrowed by what is typed; the intake
    /// screen it was opened over waits under it.
    History(HistoryState),
    /// One saved case for a callback: its hand-off text with status, due
    /// date and timeline, and the form recording an event; opened from
    /// the history, the repeat-claim page or the due queue.
    Case(CaseView),
    /// Open and waiting cases by due date, the overdue first.
    Due(DueState),
}

impl Default for Screen {
    fn default() -> Self {
        Screen::Reference(ReferenceState::default())
    }
}

/// Which screen is up, without its state: for tests, drafts and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    Resume,
    Reference,
    Repeat,
    Question,
    Outcome,
    Why,
    Review,
    History,
    Case,
    Due,
}

impl Screen {
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Resume(_) => ScreenKind::Resume,
            Screen::Reference(_) => ScreenKind::Reference,
            Screen::Repeat(_) => ScreenKind::Repeat,
            Screen::Question(_) => ScreenKind::Question,
            Screen::Outcome(o) if o.why => ScreenKind::Why,
            Screen::Outcome(_) => ScreenKind::Outcome,
            Screen::Review(_) => ScreenKind::Review,
            Screen::History(_) => ScreenKind::History,
            Screen::Case(_) => ScreenKind::Case,
            Screen::Due(_) => ScreenKind::Due,
        }
    }

    /// The screen's own state, to ask for its key map.
    pub fn state(&self) -> &dyn ScreenState {
        match self {
            Screen::Resume(s) => s,
            Screen::Reference(s) => s,
            Screen::Repeat(s) => s,
            Screen::Question(s) => s,
            Screen::Outcome(s) => s,
            Screen::Review(s) => s,
            Screen::History(s) => s,
            Screen::Case(s) => s,
            Screen::Due(s) => s,
        }
    }

    /// The screen's own state, to hand it a key.
    pub fn state_mut(&mut self) -> &mut dyn ScreenState {
        match self {
            Screen::Resume(s) => s,
            Screen::Reference(s) => s,
            Screen::Repeat(s) => s,
            Screen::Question(s) => s,
            Screen::Outcome(s) => s,
            Screen::Review(s) => s,
            Screen::History(s) => s,
            Screen::Case(s) => s,
            Screen::Due(s) => s,
        }
    }

    /// The intake screen under the history, due queue and case screens
    /// (or this one).
    pub fn intake_screen(&self) -> &Screen {
        match self {
            Screen::History(h) => h.under.intake_screen(),
            Screen::Case(c) => c.back.intake_screen(),
            Screen::Due(d) => d.under.intake_screen(),
            other => other,
        }
    }

    /// [`Screen::intake_screen`], owned: what a list opened over this
    /// screen returns to.
    pub fn into_intake(self) -> Screen {
        match self {
            Screen::History(h) => h.under.into_intake(),
            Screen::Case(c) => c.back.into_intake(),
            Screen::Due(d) => d.under.into_intake(),
            other => other,
        }
    }
}

/// What a screen's update asks of the dispatcher.
#[derive(Debug)]
pub enum Step {
    Stay,
    /// Replace this screen by another.
    To(Box<Screen>),
    /// Put an overlay over this screen.
    Overlay(Overlay),
    /// Stay, and say this in the status line.
    Say(String),
}

impl Step {
    pub fn to(screen: Screen) -> Step {
        Step::To(Box::new(screen))
    }
}

/// Scrolls a page of text by an action (shared by the pages that scroll).
pub fn scroll(scroll: &mut u16, action: super::keys::Action) {
    use super::keys::Action;
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::Home => *scroll = 0,
        _ => {}
    }
}
