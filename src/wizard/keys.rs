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
    /// A character this field cannot take: refused with a reason, never
    /// dropped without a word.
    Refuse(char),
    Erase,
    Toggle,
    Help,
    Quit,
    NewClaim,
    Why,
    Review,
    /// Copy the hand-off summary to the clipboard.
    Copy,
    /// Open the saved cases (history).
    History,
    /// Edit the case's note.
    Note,
    /// Edit the order number / reference.
    Order,
    /// Delete the draft under the cursor.
    Discard,
    Yes,
    No,
}

/// What the screen on display is asking for, as far as keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Typing free text: the reference screen and the edit overlay.
    Text {
        overlay: bool,
    },
    Resume,
    Repeat,
    History {
        filtering: bool,
    },
    Case,
    Choice {
        filtering: bool,
    },
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
        Some(Overlay::Edit(_)) => Context::Text { overlay: true },
        None => screen_context(app),
    }
}

/// The context of the screen itself, under any overlay.
fn screen_context(app: &App<'_>) -> Context {
    match app.screen {
        Screen::Resume => Context::Resume,
        Screen::Reference => Context::Text { overlay: false },
        Screen::Repeat => Context::Repeat,
        Screen::History => Context::History {
            filtering: !app.history_filter.is_empty(),
        },
        Screen::Case => Context::Case,
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
    let ctx = context(app);
    let overlay = matches!(
        ctx,
        Context::Confirm | Context::Help | Context::Text { overlay: true }
    );
    match key.code {
        KeyCode::Char('c') if ctrl => return Action::Quit,
        KeyCode::Char('n') if ctrl => return Action::NewClaim,
        KeyCode::Char('r') if ctrl && !overlay => return Action::History,
        _ if ctrl => return Action::None,
        _ => {}
    }
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
    if let Context::Text { .. } = ctx {
        return match key.code {
            KeyCode::Enter | KeyCode::Tab => Action::Next,
            KeyCode::Esc | KeyCode::BackTab => Action::Back,
            KeyCode::Backspace => Action::Erase,
            KeyCode::Char(c) if !c.is_control() => Action::Type(c),
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
        Context::Resume => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            ('d', _) => Action::Discard,
            ('n', _) => Action::No,
            ('q', _) => Action::Quit,
            _ => Action::None,
        },
        Context::Repeat => match c {
            'k' => Action::Up,
            'j' => Action::Down,
            'q' => Action::Quit,
            _ => Action::None,
        },
        // Order numbers and dates are typed here, so letters and digits
        // all filter; Ctrl-C quits.
        Context::History { .. } => match c {
            _ if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/' | '.') => Action::Type(c),
            _ => Action::None,
        },
        Context::Case => match c {
            'k' => Action::Up,
            'j' => Action::Down,
            'c' => Action::Copy,
            'q' => Action::Quit,
            _ => Action::None,
        },
        Context::Choice { filtering } => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            ('q', _) if !filtering => Action::Quit,
            _ if c.is_alphanumeric() || c == ' ' => Action::Type(c),
            _ => Action::None,
        },
        Context::Date => match c {
            _ if crate::intake::is_date_char(c) => Action::Type(c),
            'q' => Action::Quit,
            _ => Action::Refuse(c),
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
            'n' => Action::Note,
            'o' => Action::Order,
            'q' => Action::Quit,
            _ => Action::None,
        },
        Context::Review => match (c, digit) {
            (_, Some(n)) => Action::Pick(n),
            ('q', _) => Action::Quit,
            _ => Action::None,
        },
        Context::Confirm | Context::Help | Context::Text { .. } => Action::None,
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
        Context::Text { overlay: false } => vec![
            ("type", "order no. / reference"),
            ("Enter", "next (blank: none)"),
            ("^R", "cases"),
            ("^C", "quit"),
        ],
        Context::Text { overlay: true } => {
            vec![("type", "text"), ("Enter", "save"), ("Esc", "cancel")]
        }
        Context::Resume => vec![
            ("↑↓ Enter/1-9", "resume"),
            ("d", "discard"),
            ("Esc/n", "new claim"),
            ("q", "quit"),
        ],
        Context::Repeat => vec![
            ("Enter", "go on with this claim"),
            ("↑↓", "scroll"),
            ("Esc", "change reference"),
            ("^R", "cases"),
            ("q", "quit"),
        ],
        Context::History { filtering } => vec![
            ("type", "filter"),
            ("↑↓ Enter", "open"),
            ("Esc", if filtering { "clear filter" } else { "back" }),
            ("^C", "quit"),
        ],
        Context::Case => vec![
            ("↑↓", "scroll"),
            ("c", "copy"),
            ("Esc", "cases"),
            ("q", "quit"),
        ],
        Context::Choice { .. } => vec![
            ("1-9", "pick"),
            ("↑↓ Enter", "choose"),
            ("type", "filter"),
            ("Esc", "back"),
            ("^R", "cases"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Date => vec![
            ("YYYY-MM-DD t y -N -Nw -Nm", "date"),
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
            ("c", "copy"),
            ("n", "note"),
            ("o", "order no."),
            ("w", "why"),
            ("r", "answers"),
            ("^R", "cases"),
            ("^N", "new"),
            ("q", "quit"),
            ("↑↓", "scroll"),
            ("Esc", "back"),
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
