//! Text fields and the answers page as an agent meets them: the real
//! binary in a pseudo-terminal (tests/common/pty.rs), keys typed, the
//! screen read back. Dates by span (`-11m`), a refused character with its
//! reason, shell-line editing (Ctrl-U, Left, Home), the answers page
//! mid-intake, a vendor change that keeps what still applies, and the
//! confirmation before a draft is deleted.

use crate::common;

use chrono::{Months, NaiveDate};
use common::pty::{Session, start};

const CTRL_U: &[u8] = b"\x15";
const LEFT: &[u8] = b"\x1b[D";
const HOME: &[u8] = b"\x1b[H";

/// MillSO, Defective, bought directly: at the order date.
fn at_the_order_date() -> Session {
    let mut s = start();
    s.past_order_number();
    for k in ["1", "2", "1"] {
        s.key(k);
    }
    s.expect("When was the order placed?");
    s
}

#[test]
fn minus_11m_is_echoed_as_the_date_eleven_months_before_the_claim() {
    let mut s = at_the_order_date();
    s.send(b"-11m");
    let claim = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let date = claim - Months::new(11);
    s.expect(&format!("= {} {date}", date.format("%A")));
    s.key("⏎");
    // Answered with that date: the answers strip shows it.
    s.expect(&date.to_string());
}

#[test]
fn a_character_a_date_cannot_hold_is_refused_with_its_reason() {
    let mut s = at_the_order_date();
    s.send(b"2026-1");
    s.send(b"z");
    s.expect("\"z\" is not part of a date");
    // Not typed: the field still holds what was typed before it.
    s.expect("› 2026-1_");
}

#[test]
fn ctrl_u_clears_a_field_and_left_and_home_edit_in_the_middle() {
    let mut s = start();
    s.expect("order number or");
    s.send(b"A-77");
    s.expect("› A-77_");
    s.send(CTRL_U);
    s.expect("› _");
    assert!(!s.contents().contains("A-77"), "cleared:\n{}", s.contents());
    // Home, then a character: typed before the rest.
    s.send(b"234");
    s.send(HOME);
    s.send(b"1");
    s.key("⏎");
    s.expect("order 1234");
    // Left in a date: the missing dash goes where the cursor is.
    for k in ["1", "2", "1"] {
        s.key(k);
    }
    s.expect("When was the order placed?");
    s.send(b"2026-1002");
    s.send(LEFT);
    s.send(LEFT);
    s.send(b"-");
    s.expect("= Friday 2026-10-02");
}

#[test]
fn r_opens_the_answers_page_mid_intake_and_esc_comes_back() {
    let mut s = at_the_order_date();
    s.send(b"2026-10-0");
    s.key("r");
    s.expect("Answers: pick one to change it");
    s.expect("MillSO");
    s.key("Esc");
    s.expect("When was the order placed?");
    s.expect("› 2026-10-0_");
}

#[test]
fn a_vendor_change_on_the_answers_page_keeps_the_channel_and_dates() {
    let mut s = at_the_order_date();
    s.send(b"2026-10-02");
    s.key("⏎");
    s.expect("2026-10-02");
    // Row 1 of the answers page is the vendor: Mitkco, then MillSO again.
    for vendor in ["2", "1"] {
        s.key("r");
        s.expect("Answers: pick one to change it");
        s.key("1");
        s.expect("Which vendor");
        s.key(vendor);
    }
    s.key("r");
    s.expect("Answers: pick one to change it");
    let page = s.contents();
    let row = |title: &str| {
        page.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("no {title} row:\n{page}"))
            .to_owned()
    };
    assert!(row("Vendor").contains("MillSO"), "{page}");
    assert!(
        row("Issue").contains("Defective"),
        "the issue is kept:\n{page}"
    );
    assert!(
        row("Channel").contains("MillSO directly"),
        "the channel is kept:\n{page}"
    );
    assert!(
        row("Order date").contains("2026-10-02"),
        "the order date is kept:\n{page}"
    );
}

#[test]
fn deleting_a_draft_on_the_resume_screen_asks_first() {
    let mut s = at_the_order_date();
    s.send(b"2026-10-0");
    s.key("q");
    s.expect("Quit?");
    s.key("y");
    s.wait_exit();
    assert_eq!(s.drafts().len(), 1, "the quit intake is kept as a draft");

    let mut s = s.restart();
    s.expect("Unfinished claims");
    s.key("d");
    s.expect("Delete this unfinished claim");
    s.expect("cannot be got back");
    s.key("n");
    // Kept: still on offer, and still on disk.
    s.expect("Unfinished claims");
    assert!(!s.contents().contains("Delete this"), "{}", s.contents());
    assert_eq!(s.drafts().len(), 1, "n keeps the draft");
    s.key("d");
    s.expect("Delete this unfinished claim");
    s.key("y");
    // None left: a new claim, and the file is gone.
    s.expect("order number or");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !s.drafts().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(s.drafts().is_empty(), "y deletes it: {:?}", s.drafts());
}
