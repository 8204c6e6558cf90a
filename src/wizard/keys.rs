//! The key map: which key does what on which screen. The footer and the
//! help page are built from [`commands`], so they cannot drift from what
//! the keys do.

use super::app::{App, Overlay, Screen};
use crate::intake::Kind;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Next,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    /// The n-th (0-based) option shown.
    Pick(usize),
    Type(char),
    Erase,
    Toggle,
    Help,
    Quit,
    NewClaim,
    Why,
    Review,
    /// Copy the hand-off summary to the clipboard.
    Copy,
    Yes,
    No,
}

/// What the screen on display is asking for, as far as keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Choice { filtering: bool },
    Date,
    Toggles,
    Outcome,
    Why,
    Review,
    Confirm,
    Help,
}

fn context(app: &App<'_>) -> Context {
    match app.overlay {
        Some(Overlay::Help) => Context::Help,
        Some(Overlay::ConfirmQuit | Overlay::ConfirmNew) => Context::Confirm,
        None => screen_context(app),
    }
}

/// The context of the screen itself, under any overlay.
fn screen_context(app: &App<'_>) -> Context {
    match app.screen {
        Screen::Outcome => Context::Outcome,
        Screen::Why => Context::Why,
        Screen::Review => Context::Review,
        Screen::Question => match app.question().map(|q| q.kind) {
            Some(Kind::Date { .. }) => Context::Date,
            Some(Kind::Toggles(_)) => Context::Toggles,
            _ => Context::Choice {
                filtering: !app.filter.is_empty(),
            },
        },
    }
}

pub fn action_for(app: &App<'_>, key: KeyEvent) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => return Action::Quit,
        KeyCode::Char('n') if ctrl => return Action::NewClaim,
        _ if ctrl => return Action::None,
        _ => {}
    }
    let ctx = context(app);
    if ctx == Context::Help {
        return Action::Back;
    }
    if ctx == Context::Confirm {
        return match key.code {
            KeyCode::Char('y' | 'Y') => Action::Yes,
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Action::No,
            _ => Action::None,
        };
    }
    match key.code {
        KeyCode::Enter | KeyCode::Tab => return Action::Next,
        KeyCode::Esc | KeyCode::BackTab => return Action::Back,
        KeyCode::Up => return Action::Up,
        KeyCode::Down => return Action::Down,
        KeyCode::PageUp => return Action::PageUp,
        KeyCode::PageDown => return Action::PageDown,
        KeyCode::Home => return Action::Home,
        KeyCode::Backspace => return Action::Erase,
        KeyCode::Char('?') => return Action::Help,
        _ => {}
    }
    let KeyCode::Char(c) = key.code else {
        return Action::None;
    };
    let digit = c.to_digit(10).filter(|d| *d >= 1).map(|d| d as usize - 1);
    match ctx {
        Context::Choice { filtering } => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            ('q', _) if !filtering => Action::Quit,
            _ if c.is_alphanumeric() || c == ' ' => Action::Type(c),
            _ => Action::None,
        },
        Context::Date => match c {
            '0'..='9' | '-' | 't' | 'T' | 'y' | 'Y' => Action::Type(c),
            'q' => Action::Quit,
            _ => Action::None,
        },
        Context::Toggles => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            (' ' | 'x', _) => Action::Toggle,
            ('q', _) => Action::Quit,
            _ => Action::None,
        },
        Context::Outcome | Context::Why => match c {
            'k' => Action::Up,
            'j' => Action::Down,
            'w' => Action::Why,
            'r' => Action::Review,
            'c' => Action::Copy,
            'q' => Action::Quit,
            _ => Action::None,
        },
        Context::Review => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            ('q', _) => Action::Quit,
            _ => Action::None,
        },
        Context::Confirm | Context::Help => Action::None,
    }
}

/// The keys that work on the screen on display, as (keys, what) pairs.
pub fn commands(app: &App<'_>) -> Vec<(&'static str, &'static str)> {
    context_commands(context(app))
}

/// The keys of the screen under an overlay (what the help page lists).
pub fn screen_commands(app: &App<'_>) -> Vec<(&'static str, &'static str)> {
    context_commands(screen_context(app))
}

fn context_commands(ctx: Context) -> Vec<(&'static str, &'static str)> {
    match ctx {
        Context::Choice { .. } => vec![
            ("1-9", "pick"),
            ("↑↓ Enter", "choose"),
            ("type", "filter"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Date => vec![
            ("YYYY-MM-DD t y -N", "date"),
            ("Enter", "next"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Toggles => vec![
            ("1-9/Space", "toggle"),
            ("Enter", "decide"),
            ("Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Outcome => vec![
            ("↑↓", "scroll"),
            ("c", "copy"),
            ("w", "why"),
            ("r", "answers"),
            ("Esc", "back"),
            ("^N", "new claim"),
            ("q", "quit"),
        ],
        Context::Why => vec![
            ("↑↓", "scroll"),
            ("c", "copy"),
            ("w/Esc", "outcome"),
            ("r", "answers"),
            ("^N", "new claim"),
            ("q", "quit"),
        ],
        Context::Review => vec![
            ("↑↓ Enter/1-9", "change"),
            ("Esc", "outcome"),
            ("^N", "new claim"),
            ("q", "quit"),
        ],
        Context::Confirm => vec![("y", "yes"), ("n/Esc", "no")],
        Context::Help => vec![("any key", "close help")],
    }
}
