//! The key map: one table per screen context, each row a group of keys,
//! what each key does, and how the row is listed. Matching a key
//! ([`action_for`]), the footer ([`footer`]) and the help page
//! ([`help`]) all read the same rows, so what the screen says a key does
//! cannot drift from what it does (gitui's one-binding-feeds-both idea).
//!
//! This module knows nothing of the app's state: the app says which
//! [`Context`] it is in, so there is no import cycle between the two.

use crate::letter::form::Form;
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
    /// A line-editing key in a text field.
    Edit(Edit),
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
    /// Delete the draft under the cursor (asks first).
    Discard,
    /// Open the due queue.
    Due,
    /// Record an event on the case on screen.
    RecordEvent,
    /// Re-open the intake on the case on screen, to change an answer.
    ChangeAnswers,
    /// Set the customer's name, phone and e-mail on the case on screen.
    EditContact,
    /// From an outcome: a new claim on the same order, prefilled.
    AnotherItem,
    /// The customer's letter of the saved case on screen (its menu).
    Letter,
    /// In the letter menu: save the letter to a file in this form.
    SaveLetter(crate::letter::form::Form),
    /// In the letter menu: e-mail the letter to the customer.
    SendLetter,
    Yes,
    No,
}

/// The keys that edit a text field like a shell line (besides typing and
/// Backspace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    /// Home, Ctrl-A.
    Start,
    /// End, Ctrl-E.
    End,
    /// Ctrl-U: everything before the cursor.
    KillToStart,
    /// Ctrl-W: the word before the cursor.
    KillWord,
    /// Delete: the character under the cursor.
    DeleteNext,
}

/// What the screen on display is asking for, as far as keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The order number, asked first: every printable key is text.
    Reference,
    /// The one-line edit field over the outcome (note, order number).
    Editor,
    Resume,
    Repeat,
    History {
        filtering: bool,
    },
    Case,
    /// The case screen's event form: which kind happened.
    EventKind,
    /// The event form: the day it happened.
    EventDate,
    /// The event form: its tracking number, reason... and note.
    EventText,
    /// The due queue.
    Due,
    /// The letter menu over a saved outcome or case: language, then what
    /// to do with the letter.
    Letter,
    /// The letter menu: the file to save it to.
    LetterFile,
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

impl Context {
    /// Every context, for tests and the help page.
    pub const ALL: [Context; 22] = [
        Context::Reference,
        Context::Editor,
        Context::Resume,
        Context::Repeat,
        Context::History { filtering: false },
        Context::History { filtering: true },
        Context::Case,
        Context::EventKind,
        Context::EventDate,
        Context::EventText,
        Context::Due,
        Context::Letter,
        Context::LetterFile,
        Context::Choice { filtering: false },
        Context::Choice { filtering: true },
        Context::Date,
        Context::Toggles,
        Context::Outcome,
        Context::Why,
        Context::Review,
        Context::Confirm,
        Context::Help,
    ];
}

/// Which keys a row matches.
#[derive(Debug, Clone, Copy)]
pub enum Keys {
    /// One key without Ctrl (Shift allowed: it makes the character).
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
    /// The digits 1-9: pick the n-th option.
    Digits,
    /// Any printable character the predicate accepts: typed as text.
    Text(fn(char) -> bool),
    /// Any printable character the predicate accepts is typed; any other
    /// is refused with a reason.
    TextOrRefuse(fn(char) -> bool),
    /// Any key at all (closing the help page).
    Any,
}

impl Keys {
    fn action(self, key: &KeyEvent, fixed: Action) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (self, key.code) {
            (Keys::Ctrl(c), KeyCode::Char(k)) if ctrl && k.eq_ignore_ascii_case(&c) => Some(fixed),
            (_, _) if ctrl => None,
            (Keys::Code(code), k) if code == k => Some(fixed),
            (Keys::Digits, KeyCode::Char(c @ '1'..='9')) => {
                Some(Action::Pick(c as usize - '1' as usize))
            }
            (Keys::Text(ok), KeyCode::Char(c)) if !c.is_control() && ok(c) => Some(Action::Type(c)),
            (Keys::TextOrRefuse(ok), KeyCode::Char(c)) if !c.is_control() => Some(if ok(c) {
                Action::Type(c)
            } else {
                Action::Refuse(c)
            }),
            (Keys::Any, _) => Some(fixed),
            _ => None,
        }
    }
}

/// Where a row is listed: every row is on the help page; footer rows are
/// also in the one-line footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Footer,
    HelpOnly,
}

/// One row of the key map: keys, their action, and how they are listed.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys and the action each gives (for `Digits` and `Text` the
    /// action comes from the key itself; the one here is ignored).
    pub keys: &'static [(Keys, Action)],
    /// How the keys are written in the footer and help ("↑↓ Enter").
    pub label: &'static str,
    /// What they do ("choose").
    pub what: &'static str,
    pub shown: Shown,
}

const fn row(
    keys: &'static [(Keys, Action)],
    label: &'static str,
    what: &'static str,
    shown: Shown,
) -> Binding {
    Binding {
        keys,
        label,
        what,
        shown,
    }
}

use Action as A;
use Keys as K;
use Shown::{Footer, HelpOnly};

const ENTER: (Keys, Action) = (K::Code(KeyCode::Enter), A::Next);
const TAB: (Keys, Action) = (K::Code(KeyCode::Tab), A::Next);
const ESC: (Keys, Action) = (K::Code(KeyCode::Esc), A::Back);
const BACKTAB: (Keys, Action) = (K::Code(KeyCode::BackTab), A::Back);
const UP: (Keys, Action) = (K::Code(KeyCode::Up), A::Up);
const DOWN: (Keys, Action) = (K::Code(KeyCode::Down), A::Down);
const PGUP: (Keys, Action) = (K::Code(KeyCode::PageUp), A::PageUp);
const PGDN: (Keys, Action) = (K::Code(KeyCode::PageDown), A::PageDown);
const HOME: (Keys, Action) = (K::Code(KeyCode::Home), A::Home);
const ERASE: (Keys, Action) = (K::Code(KeyCode::Backspace), A::Erase);
const PICK: (Keys, Action) = (K::Digits, A::None);
const LEFT: (Keys, Action) = (K::Code(KeyCode::Left), A::Edit(Edit::Left));
const RIGHT: (Keys, Action) = (K::Code(KeyCode::Right), A::Edit(Edit::Right));
const HOME_EDIT: (Keys, Action) = (K::Code(KeyCode::Home), A::Edit(Edit::Start));
const END_EDIT: (Keys, Action) = (K::Code(KeyCode::End), A::Edit(Edit::End));
const CTRL_A: (Keys, Action) = (K::Ctrl('a'), A::Edit(Edit::Start));
const CTRL_E: (Keys, Action) = (K::Ctrl('e'), A::Edit(Edit::End));
const CTRL_U: (Keys, Action) = (K::Ctrl('u'), A::Edit(Edit::KillToStart));
const CTRL_W: (Keys, Action) = (K::Ctrl('w'), A::Edit(Edit::KillWord));
const DELETE: (Keys, Action) = (K::Code(KeyCode::Delete), A::Edit(Edit::DeleteNext));
const J: (Keys, Action) = (K::Code(KeyCode::Char('j')), A::Down);
const K_UP: (Keys, Action) = (K::Code(KeyCode::Char('k')), A::Up);

const fn ch(c: char, action: Action) -> (Keys, Action) {
    (K::Code(KeyCode::Char(c)), action)
}

fn printable(_: char) -> bool {
    true
}

fn filter_char(c: char) -> bool {
    c.is_alphanumeric() || c == ' '
}

fn history_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/' | '.')
}

fn date_char(c: char) -> bool {
    crate::intake::is_date_char(c)
}

const QUIT: Binding = row(&[ch('q', A::Quit)], "q", "quit", Footer);
const CTRL_C: Binding = row(&[(K::Ctrl('c'), A::Quit)], "^C", "quit", Footer);
const CTRL_C_HELP: Binding = row(&[(K::Ctrl('c'), A::Quit)], "^C", "quit", HelpOnly);
const CTRL_N: Binding = row(&[(K::Ctrl('n'), A::NewClaim)], "^N", "new claim", Footer);
const CTRL_N_HELP: Binding = row(&[(K::Ctrl('n'), A::NewClaim)], "^N", "new claim", HelpOnly);
const CTRL_R: Binding = row(&[(K::Ctrl('r'), A::History)], "^R", "cases", Footer);
const CTRL_R_HELP: Binding = row(&[(K::Ctrl('r'), A::History)], "^R", "saved cases", HelpOnly);
const CTRL_D_HELP: Binding = row(&[(K::Ctrl('d'), A::Due)], "^D", "due queue", HelpOnly);
const HELP: Binding = row(&[ch('?', A::Help)], "?", "help", Footer);
const ANSWERS: Binding = row(&[ch('r', A::Review)], "r", "answers", Footer);
const SCROLL: Binding = row(&[UP, DOWN, K_UP, J], "↑↓", "scroll", Footer);
const SCROLL_HELP: Binding = row(&[UP, DOWN, K_UP, J], "↑↓ j k", "scroll", HelpOnly);
const PAGE: Binding = row(
    &[PGUP, PGDN, HOME],
    "PgUp PgDn Home",
    "scroll a page",
    HelpOnly,
);

/// A text field's cursor keys and its deletions, as a shell line has them.
const LINE_MOVE: Binding = row(
    &[LEFT, RIGHT, HOME_EDIT, END_EDIT, CTRL_A, CTRL_E],
    "←→ Home End ^A ^E",
    "move in the text",
    HelpOnly,
);
/// The history keeps Home for the top of the list.
const FILTER_MOVE: Binding = row(
    &[LEFT, RIGHT, CTRL_A, CTRL_E],
    "←→ ^A ^E",
    "move in the filter",
    HelpOnly,
);
const LINE_DELETE: Binding = row(
    &[CTRL_U, CTRL_W, DELETE],
    "^U ^W Del",
    "delete to the start, a word, the next character",
    HelpOnly,
);

/// The rows of a context, in the order the footer and help list them.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Reference => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "next (blank: none)", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                CTRL_R,
                CTRL_D_HELP,
                CTRL_N_HELP,
                CTRL_C,
                row(
                    &[(K::Text(printable), A::None)],
                    "type",
                    "order no. / reference",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::Editor => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "save", Footer),
                row(&[ESC, BACKTAB], "Esc", "cancel", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                CTRL_N_HELP,
                CTRL_C_HELP,
                row(&[(K::Text(printable), A::None)], "type", "text", Footer),
            ];
            ROWS
        }
        Context::Resume => {
            const ROWS: &[Binding] = &[
                row(
                    &[UP, DOWN, K_UP, J, ENTER, PICK],
                    "↑↓ Enter/1-9",
                    "resume",
                    Footer,
                ),
                row(&[ch('d', A::Discard)], "d", "delete", Footer),
                row(&[ESC, ch('n', A::No)], "Esc/n", "new claim", Footer),
                HELP,
                QUIT,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Repeat => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "continue case", Footer),
                row(&[ch('n', A::No)], "n", "new claim", Footer),
                row(&[PICK], "1-9", "open", Footer),
                SCROLL_HELP,
                PAGE,
                row(&[ESC, BACKTAB], "Esc", "order no.", Footer),
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        // Order numbers and dates are typed here, so letters and digits
        // all filter; Ctrl-C quits.
        Context::History { filtering: false } => {
            const ROWS: &[Binding] = &[
                row(
                    &[UP, DOWN, PGUP, PGDN, HOME, ENTER],
                    "↑↓ Enter",
                    "open",
                    Footer,
                ),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                CTRL_C,
                CTRL_D_HELP,
                CTRL_N_HELP,
                row(
                    &[(K::Text(history_char), A::None)],
                    "type",
                    "filter",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::History { filtering: true } => {
            const ROWS: &[Binding] = &[
                row(
                    &[UP, DOWN, PGUP, PGDN, HOME, ENTER],
                    "↑↓ Enter",
                    "open",
                    Footer,
                ),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                FILTER_MOVE,
                LINE_DELETE,
                row(&[ESC, BACKTAB], "Esc", "clear filter", Footer),
                CTRL_C,
                CTRL_D_HELP,
                CTRL_N_HELP,
                row(
                    &[(K::Text(history_char), A::None)],
                    "type",
                    "filter",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::Case => {
            const ROWS: &[Binding] = &[
                row(&[ch('e', A::RecordEvent)], "e", "event", Footer),
                row(&[ch('a', A::ChangeAnswers)], "a", "answers", Footer),
                // Said on the case screen itself ("press l"): the footer is full.
                row(
                    &[ch('l', A::Letter)],
                    "l",
                    "the customer's letter (file, e-mail, copy)",
                    HelpOnly,
                ),
                // Said on the case screen itself ("press u"): the footer is full.
                row(
                    &[ch('u', A::EditContact)],
                    "u",
                    "customer's contact",
                    HelpOnly,
                ),
                SCROLL,
                PAGE,
                row(&[ch('c', A::Copy)], "c", "copy", Footer),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                CTRL_D_HELP,
                CTRL_R_HELP,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::EventKind => {
            const ROWS: &[Binding] = &[
                row(
                    &[PICK, UP, DOWN, ENTER, TAB],
                    "1-9 ↑↓ Enter",
                    "what happened",
                    Footer,
                ),
                row(&[ESC, BACKTAB], "Esc", "cancel", Footer),
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::EventDate => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "next (blank: today)", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                CTRL_C_HELP,
                row(
                    &[(K::TextOrRefuse(date_char), A::None)],
                    "t y -N YYYY-MM-DD",
                    "day it happened",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::EventText => {
            const ROWS: &[Binding] = &[
                row(&[ENTER], "Enter", "save", Footer),
                row(
                    &[(K::Code(KeyCode::Tab), A::Down), DOWN, UP],
                    "Tab ↑↓",
                    "next field",
                    Footer,
                ),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                CTRL_C_HELP,
                row(
                    &[(K::Text(printable), A::None)],
                    "type",
                    "text (optional)",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::Due => {
            const ROWS: &[Binding] = &[
                row(
                    &[UP, DOWN, K_UP, J, PGUP, PGDN, HOME, ENTER],
                    "↑↓ Enter",
                    "open",
                    Footer,
                ),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                CTRL_R,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Letter => {
            const ROWS: &[Binding] = &[
                row(&[PICK, LEFT, RIGHT], "1-7 ←→", "language", Footer),
                row(
                    &[
                        ch('t', A::SaveLetter(Form::Text)),
                        ch('r', A::SaveLetter(Form::Receipt)),
                        ch('h', A::SaveLetter(Form::Html)),
                        ch('e', A::SaveLetter(Form::Eml)),
                    ],
                    "t r h e",
                    "save to a file",
                    Footer,
                ),
                row(&[ch('s', A::SendLetter)], "s", "send", Footer),
                row(&[ch('c', A::Copy)], "c", "copy", Footer),
                row(&[ESC, BACKTAB], "Esc", "close", Footer),
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::LetterFile => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "save", Footer),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                CTRL_C_HELP,
                row(&[(K::Text(printable), A::None)], "type", "file", Footer),
            ];
            ROWS
        }
        Context::Choice { filtering: false } => {
            const ROWS: &[Binding] = &[
                row(
                    &[PICK, UP, DOWN, ENTER, TAB],
                    "1-9 ↑↓ Enter",
                    "choose",
                    Footer,
                ),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                ANSWERS,
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
                row(&[(K::Text(filter_char), A::None)], "type", "filter", Footer),
            ];
            ROWS
        }
        // While filtering, letters (q and r too) narrow the list.
        Context::Choice { filtering: true } => {
            const ROWS: &[Binding] = &[
                row(
                    &[PICK, UP, DOWN, ENTER, TAB],
                    "1-9 ↑↓ Enter",
                    "choose",
                    Footer,
                ),
                row(&[ERASE], "Bksp", "widen", Footer),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                CTRL_N_HELP,
                CTRL_C,
                row(&[(K::Text(filter_char), A::None)], "type", "filter", Footer),
            ];
            ROWS
        }
        // A date takes its own characters; q, r and ? keep their
        // meaning; anything else is refused with a reason.
        Context::Date => {
            const ROWS: &[Binding] = &[
                row(&[ENTER, TAB], "Enter", "next", Footer),
                row(&[ERASE], "Backspace", "erase", HelpOnly),
                LINE_MOVE,
                LINE_DELETE,
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                ANSWERS,
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
                row(
                    &[(K::TextOrRefuse(date_char), A::None)],
                    "t y -N -Nw -Nm",
                    "date",
                    Footer,
                ),
            ];
            ROWS
        }
        Context::Toggles => {
            const ROWS: &[Binding] = &[
                row(
                    &[PICK, ch(' ', A::Toggle), ch('x', A::Toggle)],
                    "1-9/Space",
                    "toggle",
                    Footer,
                ),
                row(&[UP, DOWN], "↑↓", "move", HelpOnly),
                row(&[ENTER, TAB], "Enter", "decide", Footer),
                row(&[ESC, BACKTAB], "Esc", "back", Footer),
                ANSWERS,
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                QUIT,
                CTRL_N_HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Outcome => {
            const ROWS: &[Binding] = &[
                row(&[ch('c', A::Copy)], "c", "copy", Footer),
                row(&[ch('n', A::Note)], "n", "note", Footer),
                row(&[ch('o', A::Order)], "o", "order no.", Footer),
                row(&[ch('w', A::Why)], "w", "why", Footer),
                ANSWERS,
                row(&[(K::Ctrl('n'), A::NewClaim)], "^N", "new", Footer),
                row(
                    &[ch('a', A::AnotherItem)],
                    "a",
                    "another item on this order (prefilled)",
                    HelpOnly,
                ),
                // Said on the outcome itself ("press l"): the footer is full.
                row(
                    &[ch('l', A::Letter)],
                    "l",
                    "the customer's letter (file, e-mail, copy)",
                    HelpOnly,
                ),
                HELP,
                QUIT,
                SCROLL_HELP,
                PAGE,
                row(
                    &[ESC, BACKTAB],
                    "Esc",
                    "back to the last question",
                    HelpOnly,
                ),
                CTRL_R_HELP,
                CTRL_D_HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Why => {
            const ROWS: &[Binding] = &[
                SCROLL,
                PAGE,
                row(&[ch('c', A::Copy)], "c", "copy", Footer),
                row(&[ch('w', A::Why), ESC, BACKTAB], "w/Esc", "outcome", Footer),
                ANSWERS,
                CTRL_N,
                QUIT,
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Review => {
            const ROWS: &[Binding] = &[
                row(&[UP, DOWN, ENTER, PICK], "↑↓ Enter/1-9", "change", Footer),
                row(&[ESC, BACKTAB, ch('r', A::Review)], "Esc/r", "back", Footer),
                CTRL_N,
                QUIT,
                CTRL_R_HELP,
                CTRL_D_HELP,
                HELP,
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Confirm => {
            const ROWS: &[Binding] = &[
                row(&[ch('y', A::Yes), ch('Y', A::Yes)], "y", "yes", Footer),
                row(
                    &[ch('n', A::No), ch('N', A::No), ESC],
                    "n/Esc",
                    "no",
                    Footer,
                ),
                CTRL_C_HELP,
            ];
            ROWS
        }
        Context::Help => {
            const ROWS: &[Binding] = &[
                CTRL_C_HELP,
                row(&[(K::Any, A::Back)], "any key", "close help", Footer),
            ];
            ROWS
        }
    }
}

/// What `key` does in `ctx`: the first row that matches it.
pub fn action_for(ctx: Context, key: &KeyEvent) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::None;
    }
    bindings(ctx)
        .iter()
        .flat_map(|b| b.keys.iter())
        .find_map(|(keys, action)| keys.action(key, *action))
        .unwrap_or(Action::None)
}

impl Binding {
    /// Whether the row is what the field types (listed first, matched
    /// last so that keys of their own win over it).
    fn is_text(&self) -> bool {
        self.keys
            .iter()
            .any(|(k, _)| matches!(k, Keys::Text(_) | Keys::TextOrRefuse(_)))
    }
}

/// The rows of `ctx` as listed: what the field types first, then the rest
/// in table order.
fn listed(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    let rows = bindings(ctx);
    rows.iter()
        .filter(|b| b.is_text())
        .chain(rows.iter().filter(|b| !b.is_text()))
}

/// The footer of `ctx`, as (keys, what) pairs.
pub fn footer(ctx: Context) -> Vec<(&'static str, &'static str)> {
    listed(ctx)
        .filter(|b| b.shown == Footer)
        .map(|b| (b.label, b.what))
        .collect()
}

/// Every row of `ctx`, for the help page.
pub fn help(ctx: Context) -> Vec<(&'static str, &'static str)> {
    listed(ctx).map(|b| (b.label, b.what)).collect()
}
