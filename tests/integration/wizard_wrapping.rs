//! Long lines in the wizard wrap by display width (a CJK character or an
//! emoji takes two columns), so names in any script and long e-mail steps
//! wrap inside the box at 80 columns with their hanging indent.

use chrono::NaiveDate;
use claimdesk::intake::Intake;
use claimdesk::rules::PolicySet;
use claimdesk::wizard::app::{App, ViewedCase};
use claimdesk::wizard::view::{Theme, render, wrap_words};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

fn screen(app: &App<'_>) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|frame| render(app, frame, Theme { color: false }))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    // A double-width character fills two cells: the second is skipped.
    (0..24)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < 80 {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += symbol.width().max(1) as u16;
            }
            row
        })
        .collect()
}

#[test]
fn lines_are_cut_by_columns_not_characters() {
    let text = "山田太郎様のご注文 東京都千代田区丸の内一丁目 お客様へ交換品を発送しました 🎉🎉🎉 2026-11-29";
    for width in [10, 17, 24, 40] {
        let lines = wrap_words(text, width);
        for line in &lines {
            assert!(line.width() <= width, "{line:?} is wider than {width}");
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            text.replace(' ', ""),
            "nothing lost at {width}"
        );
    }
    assert_eq!(
        wrap_words("Ship by 2026-11-29 to the returns centre", 20),
        vec!["Ship by 2026-11-29", "to the returns", "centre"],
        "a date is never split at its hyphens"
    );
    assert_eq!(wrap_words("  1. indented", 40), vec!["  1. indented"]);
}

#[test]
fn a_case_in_cjk_wraps_under_its_indent_inside_the_box() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let policies = PolicySet::embedded().expect("policies");
    let mut app = App::new(Intake::new(&policies, today));
    app.update(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let note = "お客様は二〇二六年十一月二十八日にメールで連絡しました。交換品の発送を希望しています。電話番号は後で確認します。";
    app.case_opened(ViewedCase {
        id: "C-20261121-0001".into(),
        text: format!("Case: C-20261121-0001\nNote: {note}"),
        ..ViewedCase::default()
    });
    let rows = screen(&app);
    let shown: String = rows
        .iter()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' ').replace(' ', ""))
        .collect();
    assert!(
        shown.contains(&note.replace(' ', "")),
        "every character of the note is on screen:\n{}",
        rows.join("\n")
    );
    for row in &rows {
        assert!(row.width() <= 80, "{row:?} overflows");
        // The box's right border stands at the last column on every
        // body row: no double-width character pushed past it.
        if row.starts_with('│') {
            assert!(row.ends_with('│'), "{row:?}");
        }
    }
}

#[test]
fn a_cjk_note_on_the_outcome_hangs_under_its_label() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let policies = PolicySet::embedded().expect("policies");
    let mut app = App::new(Intake::new(&policies, today));
    // Mitkco, lost or stolen: straight to the outcome.
    for c in [KeyCode::Enter, KeyCode::Char('2'), KeyCode::Char('6')] {
        app.update(KeyEvent::new(c, KeyModifiers::NONE));
    }
    app.claim.note = "山田様 ".repeat(30);
    // Scrolled to the end, where the note is.
    for _ in 0..10 {
        app.update(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE));
    }
    let rows = screen(&app);
    let with_note: Vec<&String> = rows.iter().filter(|r| r.contains('山')).collect();
    assert!(with_note.len() >= 2, "the note wraps:\n{}", rows.join("\n"));
    assert!(with_note[0].contains("Note: 山田様"), "{}", with_note[0]);
    for row in &with_note[1..] {
        assert!(
            row.starts_with("│        山"),
            "continuation under the text, not under the label: {row:?}"
        );
    }
}
