//! The wizard's "Verdict so far": a verdict only when no question still to
//! come can change it, else what it depends on (`App::preview`).

use chrono::NaiveDate;
use claimdesk::intake::{Field, Intake};
use claimdesk::rules::Preview;
use claimdesk::rules::claim::{DateFact, Fact, Flag};
use claimdesk::rules::outcome::Verdict;
use claimdesk::wizard::app::{App, ScreenKind};
use claimdesk::wizard::view::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::policies;

/// A new claim past the order-number question, then `sequence` typed
/// (characters, or `Enter` / `Space` as words).
fn app_after(sequence: &str) -> App<'static> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut app = App::new(Intake::new(policies(), today));
    let press = |app: &mut App<'_>, code| app.update(KeyEvent::new(code, KeyModifiers::NONE));
    press(&mut app, KeyCode::Enter);
    for token in sequence.split_whitespace() {
        match token {
            "Enter" => press(&mut app, KeyCode::Enter),
            "Space" => press(&mut app, KeyCode::Char(' ')),
            chars => chars
                .chars()
                .for_each(|c| press(&mut app, KeyCode::Char(c))),
        }
    }
    app
}

fn strip_text(app: &App<'_>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| render(app, f, Theme { color: false }))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| {
            (0..30)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn current(app: &App<'_>) -> Option<Field> {
    app.question().map(|q| q.field)
}

/// MillSO, defective, Amazon US, ordered 50 days ago: eligible as typed,
/// but the product question (a screen protector) would turn it to review,
/// so the strip names the product instead of a verdict.
#[test]
fn millso_screen_protector_question_still_to_come_is_named() {
    let app = app_after("1 2 2 -50 Enter");
    assert_eq!(current(&app), Some(Field::Date(DateFact::FirstNotice)));
    match app.preview() {
        Preview::DependsOn(facts) => assert!(facts.contains(&Fact::Product), "{facts:?}"),
        other => panic!("expected depends-on, got {other:?}"),
    }
    let strip = strip_text(&app);
    assert!(strip.contains("depends on:"), "{strip}");
    assert!(strip.contains("product"), "{strip}");
    assert!(!strip.contains("Eligible"), "{strip}");
    // On the toggles, a ticked box is not an answer until Enter: still
    // "depends on", whatever is ticked.
    let toggling = app_after("1 2 2 -50 Enter Enter Enter 1");
    assert_eq!(current(&toggling), Some(Field::Details));
    assert!(matches!(toggling.preview(), Preview::DependsOn(_)));
}

/// Mitkco, wrong item, received 20 days ago: "not eligible" as typed, but
/// a first contact within 7 days of receipt makes it eligible.
#[test]
fn mitkco_wrong_item_waits_for_the_first_contact() {
    let app = app_after("2 4 -20 Enter");
    // Asked next: the invoice date, then the first contact.
    assert_eq!(current(&app), Some(Field::Date(DateFact::Invoice)));
    match app.preview() {
        Preview::DependsOn(facts) => {
            assert_eq!(facts.first(), Some(&Fact::Date(DateFact::FirstNotice)))
        }
        other => panic!("expected depends-on, got {other:?}"),
    }
    let strip = strip_text(&app);
    assert!(strip.contains("first contact"), "{strip}");
    assert!(!strip.contains("Not eligible"), "{strip}");
    // First contact 9 days after receipt: nothing still to come changes it.
    let late = app_after("2 4 -20 Enter Enter -11 Enter");
    assert_eq!(late.kind(), ScreenKind::Question);
    assert_eq!(late.preview(), Preview::Settled(Verdict::NotEligible));
    assert!(strip_text(&late).contains("Not eligible"));
}

/// Exclusions are settled at once: no question can change them.
#[test]
fn an_exclusion_shows_its_verdict_at_once() {
    let app = app_after("2 5");
    // Mitkco lost or stolen asks nothing more: straight to the outcome.
    assert_eq!(app.kind(), ScreenKind::Outcome);
    let millso = app_after("1 2 2 -50 Enter Enter Enter 2");
    assert!(
        millso
            .claim
            .intake
            .toggle(claimdesk::intake::Toggle::Flag(Flag::FreeProduct))
    );
    // Still on the toggles: free ticked but not yet confirmed.
    assert!(matches!(millso.preview(), Preview::DependsOn(_)));
}

/// The preview is remembered between frames: drawing again with the same
/// answers gives the same text, and a changed answer is picked up.
#[test]
fn the_preview_follows_changed_answers() {
    let mut app = app_after("2 4 -20 Enter Enter -11 Enter");
    let before = app.preview();
    assert_eq!(app.preview(), before);
    app.claim
        .intake
        .input
        .set_date(DateFact::FirstNotice, Some("2026-11-05".into()));
    assert_eq!(app.preview(), Preview::Settled(Verdict::Eligible));
}
