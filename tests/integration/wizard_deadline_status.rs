//! The wizard's outcome screen shows a met deadline as met, never as
//! passed: the agent's case from issue 12 (Mitkco wrong item delivered
//! 2026-11-22, customer e-mailed 2026-11-28, call on 2026-12-01), as insta
//! snapshots at 80x24 and 120x40, plus direct checks on the screen text.

use chrono::NaiveDate;
use claimdesk::wizard::app::App;

use crate::common::wizard::{screen, typed};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Blank order number, Mitkco, wrong item, delivered 2026-11-22, no invoice
/// date, first e-mail `notice`, not approved.
fn wrong_item(today: NaiveDate, notice: &str) -> App<'static> {
    let notice = if notice.is_empty() {
        String::new()
    } else {
        format!("{notice} ")
    };
    typed(
        today,
        &format!("Enter 2 4 2026-11-22 Enter Enter {notice}Enter Enter"),
    )
}

#[test]
fn met_report_window_reads_met_on_the_first_notice() {
    let app = wrong_item(date(2026, 12, 1), "2026-11-28");
    for (width, height) in [(80, 24), (120, 40)] {
        let text = screen(&app, width, height);
        assert!(text.contains("ELIGIBLE"), "{text}");
        assert!(text.contains("met on 2026-11-28"), "{text}");
        assert!(!text.contains("PASSED"), "{text}");
        assert!(!text.contains("ago"), "{text}");
        insta::assert_snapshot!(format!("mitkco_wrong_item_met__{width}x{height}"), text);
    }
}

#[test]
fn late_report_window_still_reads_passed() {
    // The same claim without an earlier e-mail: the call on 2026-12-01 is
    // the first notice, after 2026-11-29, so the window has passed.
    let text = screen(&wrong_item(date(2026, 12, 1), ""), 120, 40);
    assert!(text.contains("NOT ELIGIBLE"), "{text}");
    assert!(text.contains("2 days ago"), "{text}");
    assert!(text.contains("PASSED"), "{text}");
    assert!(!text.contains("met on"), "{text}");
}

#[test]
fn open_report_window_reads_days_left() {
    // Called on day 5 with no earlier e-mail: still open, two days left.
    let text = screen(&wrong_item(date(2026, 11, 27), ""), 120, 40);
    assert!(text.contains("in 2 days"), "{text}");
    assert!(!text.contains("met on"), "{text}");
    assert!(!text.contains("PASSED"), "{text}");
}
