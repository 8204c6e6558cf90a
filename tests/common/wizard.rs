//! The wizard's state machine without a terminal, for the tests that
//! drive it in-process: keys typed as tokens, the screen drawn on
//! ratatui's test backend (colourless) and read back as text.

use claimdesk::intake::Intake;
use claimdesk::rules::PolicySet;
use claimdesk::wizard::app::App;
use claimdesk::wizard::view::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A new claim as the wizard opens (at the order-number question): the
/// shipped policies, [`super::today`].
pub fn app() -> App<'static> {
    app_with(super::policies(), super::today())
}

/// A new claim on `policies`, as of `today`.
pub fn app_with(policies: &PolicySet, today: chrono::NaiveDate) -> App<'_> {
    App::new(Intake::new(policies, today))
}

/// A new claim (shipped policies, as of `today`) with `sequence` typed
/// (see [`keys`]).
pub fn typed(today: chrono::NaiveDate, sequence: &str) -> App<'static> {
    let mut app = app_with(super::policies(), today);
    keys(&mut app, sequence);
    app
}

/// Types `sequence`: tokens split at blanks, each a key by name
/// (`Enter`, `Esc`, `Up`, `Down`, `Left`, `Right`, `Tab`, `BackTab`,
/// `Bksp`, `Space`), `^` and a letter (that letter with Ctrl), or else
/// typed character by character.
pub fn keys(app: &mut App<'_>, sequence: &str) {
    for token in sequence.split_whitespace() {
        let named = match token {
            "Enter" => Some(KeyCode::Enter),
            "Esc" => Some(KeyCode::Esc),
            "Up" => Some(KeyCode::Up),
            "Down" => Some(KeyCode::Down),
            "Left" => Some(KeyCode::Left),
            "Right" => Some(KeyCode::Right),
            "Tab" => Some(KeyCode::Tab),
            "BackTab" => Some(KeyCode::BackTab),
            "Bksp" => Some(KeyCode::Backspace),
            "Space" => Some(KeyCode::Char(' ')),
            _ => None,
        };
        let mut chars = token.chars();
        match (named, chars.next(), chars.next(), chars.next()) {
            (Some(code), ..) => app.update(KeyEvent::new(code, KeyModifiers::NONE)),
            (None, Some('^'), Some(c), None) => {
                app.update(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
            }
            _ => token
                .chars()
                .for_each(|c| app.update(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
        }
    }
}

/// The screen `app` draws at `width` x `height`, as the test backend
/// shows it (one quoted line a row).
pub fn screen(app: &App<'_>, width: u16, height: u16) -> String {
    drawn(app, width, height).backend().to_string()
}

/// The screen `app` draws at `width` x `height`, a string a row (each
/// cell's symbol).
pub fn screen_rows(app: &App<'_>, width: u16, height: u16) -> Vec<String> {
    let terminal = drawn(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect()
}

fn drawn(app: &App<'_>, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| render(app, frame, Theme { color: false }))
        .expect("draw");
    terminal
}
