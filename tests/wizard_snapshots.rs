//! Every wizard screen, rendered at 80x24 and 120x40, as insta snapshots:
//! a change to what an agent sees shows up as a reviewable diff.

use chrono::NaiveDate;
use claimdesk::intake::Intake;
use claimdesk::rules::PolicySet;
use claimdesk::wizard::app::App;
use claimdesk::wizard::view::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::OnceLock;

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| PolicySet::embedded().expect("policies"))
}

/// The app after typing `sequence` (tokens as in wizard_state.rs).
fn after(sequence: &str) -> App<'static> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut app = App::new(Intake::new(policies(), today));
    for token in sequence.split_whitespace() {
        let codes: Vec<KeyCode> = match token {
            "Enter" => vec![KeyCode::Enter],
            "Esc" => vec![KeyCode::Esc],
            "Down" => vec![KeyCode::Down],
            chars => chars.chars().map(KeyCode::Char).collect(),
        };
        for code in codes {
            app.update(KeyEvent::new(code, KeyModifiers::NONE));
        }
    }
    app
}

fn screen(app: &App<'_>, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| render(app, frame, Theme { color: false }))
        .expect("draw");
    terminal.backend().to_string()
}

/// Snapshots one screen at both sizes.
fn snap(name: &str, sequence: &str) {
    let app = after(sequence);
    insta::assert_snapshot!(format!("{name}__80x24"), screen(&app, 80, 24));
    insta::assert_snapshot!(format!("{name}__120x40"), screen(&app, 120, 40));
}

#[test]
fn question_screens() {
    snap("01_vendor", "");
    snap("02_issue_millso", "1");
    snap("03_channel", "1 2");
    snap("04_date_typed", "1 2 2 2026-10-0");
    snap("05_date_echo", "1 2 2 2026-10-02");
    snap("06_date_error", "1 2 2 2026-02-30 Enter");
    snap(
        "07_date_order_error",
        "1 2 2 2026-10-02 Enter 2026-10-01 Enter",
    );
    snap("08_toggles", "1 2 2 2026-10-02 Enter Enter Enter");
    snap("09_choice_filter", "2 wr");
    snap("10_mitkco_dates", "2 3");
}

#[test]
fn outcome_for_every_verdict() {
    snap(
        "20_outcome_eligible_millso",
        "1 2 2 2026-10-02 Enter Enter Enter Enter",
    );
    snap(
        "21_outcome_eligible_mitkco_transit",
        "2 3 -7 Enter Enter Enter Enter",
    );
    snap("22_outcome_not_eligible", "2 6");
    snap("23_outcome_review", "1 2 1 -400 Enter Enter Enter Enter");
    snap("24_outcome_follow_up", "2 7");
    snap(
        "25_outcome_scrolled",
        "1 2 2 2026-10-02 Enter Enter Enter Enter Down Down Down Down Down",
    );
}

#[test]
fn other_screens() {
    snap("30_why", "1 2 2 2026-10-02 Enter Enter Enter Enter w");
    snap("31_review", "1 2 2 2026-10-02 Enter Enter Enter Enter r");
    snap("32_help", "1 2 ?");
    snap("33_confirm_quit", "1 q");
}

#[test]
fn too_small_terminal() {
    let app = after("1 2");
    insta::assert_snapshot!("40_too_small__79x24", screen(&app, 79, 24));
    insta::assert_snapshot!("40_too_small__80x23", screen(&app, 80, 23));
}
