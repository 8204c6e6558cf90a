//! The wizard's "Verdict so far": a verdict only when no question still to
//! come can change it, else what it depends on (`App::preview`).

use crate::common::today;
use crate::common::wizard::{screen_rows, typed};
use claimdesk::intake::Field;
use claimdesk::rules::Preview;
use claimdesk::rules::claim::{DateFact, Fact, Flag};
use claimdesk::rules::outcome::Verdict;
use claimdesk::wizard::app::{App, ScreenKind};

/// A new claim past the order-number question, then `sequence` typed
/// (see `common::wizard::keys`).
fn app_after(sequence: &str) -> App<'static> {
    typed(today(), &format!("Enter {sequence}"))
}

/// The strip: the first 30 columns of the 80x24 screen.
fn strip_text(app: &App<'_>) -> String {
    screen_rows(app, 80, 24)
        .iter()
        .map(|row| row.chars().take(30).collect::<String>())
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
