//! The outcome screen is drawn from the hand-off's one section list
//! (`report::sections`): every section and item the hand-off has for a
//! claim is on the screen, in the order the screen puts them (the whole
//! answer first: `view::screen_order`), so a field added to the section
//! list reaches the wizard without a second renderer.

use claimdesk::case::OutcomeRecord;
use claimdesk::report::{CaseHeader, HandOff, Section, SectionId, sections};
use claimdesk::rules::PolicySet;
use claimdesk::wizard::app::{App, ScreenKind};
use claimdesk::wizard::view::screen_order;

use crate::common::today;
use crate::common::wizard::{app_with, keys, screen};

fn after<'p>(policies: &'p PolicySet, sequence: &str) -> App<'p> {
    let mut app = app_with(policies, today());
    keys(&mut app, &format!("Enter {sequence}"));
    assert_eq!(app.kind(), ScreenKind::Outcome, "{sequence}");
    app
}

/// The whole outcome page on one tall screen, its lines unwrapped into
/// one string of words.
fn page(app: &App<'_>) -> String {
    screen(app, 120, 150)
        .replace(['│', '"'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_section_of_the_hand_off_is_on_the_outcome_screen_in_order() {
    let policies = PolicySet::embedded().expect("policies");
    for sequence in [
        "1 2 2 2026-10-02 Enter Enter Enter Enter Enter",
        "2 7",
        "1 2 1 -400 Enter Enter Enter Enter Enter",
        "1 2 3 1 -430 Enter Enter Enter Enter ger Enter Enter",
    ] {
        let mut app = after(&policies, sequence);
        app.claim.note = "rang twice".into();
        let outcome = app.outcome().expect("decided");
        let record = OutcomeRecord::from_outcome(&outcome);
        let header = CaseHeader {
            note: app.claim.note.clone(),
            ..CaseHeader::default()
        };
        let list = sections(&HandOff {
            header: Some(&header),
            outcome: &record,
            claim: None,
            policy: app.claim.intake.policy(),
            as_of: None,
        });
        let screen = page(&app);
        let mut from = 0;
        let mut expect = |text: &str| {
            let text = words(text);
            match screen[from..].find(&text) {
                Some(at) => from += at + text.len(),
                None => panic!("{sequence}: {text:?} is not on the outcome (in order):\n{screen}"),
            }
        };
        for section in screen_order(&list) {
            match section {
                // The header's note closes the page ("For the case").
                Section::Field {
                    id: SectionId::Case | SectionId::Clauses | SectionId::Claim | SectionId::Note,
                    ..
                } => {}
                Section::Field {
                    id: SectionId::Verdict,
                    value,
                    ..
                } => expect(&value.to_uppercase()),
                Section::Field { value, .. } => expect(value),
                Section::List { title, items, .. } => {
                    expect(title);
                    for item in items {
                        // The first words of each item (the rest wraps).
                        let text = words(item.text.split_once(": ").map_or(&item.text, |(_, t)| t));
                        expect(&text.chars().take(30).collect::<String>());
                    }
                }
            }
        }
        expect("For the case");
        expect("rang twice");
    }
}
