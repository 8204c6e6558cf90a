//! Budget: handling one key and rendering one frame under 0.5 ms at 80x24
//! and under 2 ms at 240x70, on every screen.

use chrono::NaiveDate;
use claimdesk::intake::Intake;
use claimdesk::rules::PolicySet;
use claimdesk::wizard::app::App;
use claimdesk::wizard::view::{Theme, render};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App<'_>, code: KeyCode) {
    app.update(KeyEvent::new(code, KeyModifiers::NONE));
}

/// An app on the screen reached by `keys`, and the two keys that move
/// back and forth on it (so the state stays put over many iterations).
struct Screen {
    name: &'static str,
    keys: &'static str,
    forth: KeyCode,
    back: KeyCode,
}

const SCREENS: [Screen; 7] = [
    Screen {
        name: "choice",
        keys: "1",
        forth: KeyCode::Down,
        back: KeyCode::Up,
    },
    Screen {
        name: "date",
        keys: "1 2 2",
        forth: KeyCode::Char('1'),
        back: KeyCode::Backspace,
    },
    Screen {
        name: "toggles",
        keys: "1 2 2 -50 Enter Enter Enter",
        forth: KeyCode::Char(' '),
        back: KeyCode::Char(' '),
    },
    Screen {
        name: "outcome",
        keys: "1 2 2 -50 Enter Enter Enter Enter",
        forth: KeyCode::Down,
        back: KeyCode::Up,
    },
    Screen {
        name: "why",
        keys: "1 2 2 -50 Enter Enter Enter Enter w",
        forth: KeyCode::Down,
        back: KeyCode::Up,
    },
    Screen {
        name: "review",
        keys: "1 2 2 -50 Enter Enter Enter Enter r",
        forth: KeyCode::Down,
        back: KeyCode::Up,
    },
    Screen {
        name: "help",
        keys: "1 ?",
        forth: KeyCode::Char('?'),
        back: KeyCode::Char('x'),
    },
];

fn app_on<'p>(policies: &'p PolicySet, keys: &str) -> App<'p> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut app = App::new(Intake::new(policies, today));
    // Past the order-number question (left blank).
    press(&mut app, KeyCode::Enter);
    for token in keys.split_whitespace() {
        match token {
            "Enter" => press(&mut app, KeyCode::Enter),
            chars => chars
                .chars()
                .for_each(|c| press(&mut app, KeyCode::Char(c))),
        }
    }
    app
}

fn keystroke(c: &mut Criterion) {
    let policies = PolicySet::embedded().expect("policies");
    let theme = Theme { color: true };
    for (width, height) in [(80u16, 24u16), (240, 70)] {
        let mut group = c.benchmark_group(format!("key_and_frame_{width}x{height}"));
        for screen in &SCREENS {
            let mut app = app_on(&policies, screen.keys);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            let mut flip = false;
            group.bench_function(BenchmarkId::from_parameter(screen.name), |b| {
                b.iter(|| {
                    flip = !flip;
                    press(&mut app, if flip { screen.forth } else { screen.back });
                    terminal
                        .draw(|frame| render(&app, frame, theme))
                        .expect("draw");
                });
            });
        }
        group.finish();
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
