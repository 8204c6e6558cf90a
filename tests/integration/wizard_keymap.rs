//! The key map against the wizard: every key the footer or help page
//! lists does what its row says on that screen (no row is shadowed by an
//! earlier one), and does something there; the footer and help are the
//! key map's own rows, so a key that works is always listed.

use claimdesk::intake::Intake;
use claimdesk::letter::Lang;
use claimdesk::wizard::app::{App, CaseRow, DraftOffer, DueRow, ViewedCase};
use claimdesk::wizard::keys::{Action, Context, Keys, action_for, bindings, footer, help};
use claimdesk::wizard::letter::LetterMenu;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::wizard::keys;
use crate::common::{policies, today};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn rows() -> Vec<CaseRow> {
    (1..=3)
        .map(|n| CaseRow {
            id: format!("C-20261120-000{n}"),
            claim_date: today(),
            vendor: "MillSO".into(),
            issue: "Defective".into(),
            verdict: "eligible".into(),
            reference: format!("A-{n}"),
            note: String::new(),
        })
        .collect()
}

/// The wizard on a screen of each context, in a state where every key of
/// that screen can show an effect (a cursor in the middle of a list, some
/// text typed, a screen scrolled).
fn app_in(ctx: Context) -> App<'static> {
    let intake = Intake::new(policies(), today());
    let mut app = App::new(intake.clone());
    let outcome = |app: &mut App<'static>| keys(app, "Enter 1 8");
    match ctx {
        // Text fields hold two characters, the cursor between them, so
        // every editing key has something to act on.
        Context::Reference => keys(&mut app, "AB Left"),
        Context::Editor => {
            outcome(&mut app);
            keys(&mut app, "n xy Left");
        }
        Context::Resume => {
            let offer = |what: &str| DraftOffer {
                when: "2026-11-21 10:00".into(),
                what: what.into(),
                at: "at Order date".into(),
            };
            app = App::with_offers(intake, vec![offer("a"), offer("b"), offer("c")]);
            keys(&mut app, "Down");
        }
        Context::Repeat => {
            keys(&mut app, "A-1 Enter");
            app.earlier_found(rows(), "earlier case\n".repeat(60), "advice".into());
            for _ in 0..5 {
                keys(&mut app, "Down");
            }
        }
        Context::History { filtering } => {
            keys(&mut app, "A");
            app.update(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
            app.history_mut().expect("on the history").rows = rows();
            app.effects.clear();
            if filtering {
                keys(&mut app, "mi Left");
            }
            keys(&mut app, "Down");
        }
        Context::Case => {
            app.case_opened(ViewedCase {
                id: "C-1".into(),
                text: "line\n".repeat(80),
                ..ViewedCase::default()
            });
            for _ in 0..5 {
                keys(&mut app, "Down");
            }
        }
        // The event form over a case: the kinds with the cursor mid-list,
        // the day with two characters typed, the tracking number and note.
        Context::EventKind | Context::EventDate | Context::EventText => {
            app.case_opened(ViewedCase {
                id: "C-1".into(),
                text: "line\n".repeat(80),
                ..ViewedCase::default()
            });
            match ctx {
                Context::EventKind => keys(&mut app, "e Down Down"),
                Context::EventDate => keys(&mut app, "e 5 -2 Left"),
                _ => keys(&mut app, "e 5 Enter ab Left"),
            }
        }
        // The letter menu over a case, in German with an e-mail to send
        // to; its file name with the cursor one back from the end.
        Context::Letter | Context::LetterFile => {
            app.case_opened(ViewedCase {
                id: "C-1".into(),
                text: "line\n".repeat(80),
                ..ViewedCase::default()
            });
            app.letter_opened(LetterMenu::new(
                "C-1".into(),
                Lang::De,
                Ok("ana@example.com".into()),
                Some("/tmp/letters".into()),
            ));
            if ctx == Context::LetterFile {
                keys(&mut app, "t Left");
            }
        }
        Context::Due => {
            app.update(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
            app.due_mut().expect("on the due queue").rows = (1..=3)
                .map(|n| DueRow {
                    id: format!("C-20261120-000{n}"),
                    due: Some(today()),
                    days_left: Some(0),
                    status: "waiting on customer".into(),
                    vendor: "Mitkco".into(),
                    issue: "Changed mind".into(),
                    reference: format!("A-{n}"),
                    next_action: "customer: ship it back".into(),
                })
                .collect();
            keys(&mut app, "Down");
        }
        // The issue question: seven options.
        Context::Choice { filtering } => {
            keys(&mut app, "Enter 1");
            if filtering {
                keys(&mut app, "d");
            }
            keys(&mut app, "Down");
        }
        Context::Date => keys(&mut app, "Enter 1 2 2 20 Left"),
        Context::Toggles => keys(&mut app, "Enter 1 2 2 -50 Enter Enter Enter Down"),
        Context::Outcome | Context::Why | Context::Review => {
            outcome(&mut app);
            match ctx {
                Context::Why => keys(&mut app, "w"),
                Context::Review => keys(&mut app, "r Down"),
                _ => {}
            }
            for _ in 0..5 {
                keys(&mut app, "j");
            }
        }
        Context::Confirm => {
            keys(&mut app, "Enter 1 2");
            app.update(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
        }
        Context::Help => keys(&mut app, "Enter ?"),
    }
    app.effects.clear();
    app.status = None;
    assert_eq!(app.context(), ctx, "set up the screen of {ctx:?}");
    app
}

/// Everything a key can change, in one comparable string: the screen
/// with its own state, what stands over it, the status line (a key that
/// can only say why not, as `l` on an outcome not saved), and the claim.
fn state(app: &App<'_>) -> String {
    format!(
        "{:?}|{:?}|{:?}|{}|{:?}|{}|{}|{:?}|{}",
        app.screen,
        app.overlay,
        app.status,
        app.quit,
        app.effects,
        app.claim.reference,
        app.claim.note,
        app.claim.typed,
        app.claim.intake.input.to_json_value(),
    )
}

/// A key that stands for each kind of row entry, and the action the row
/// promises for it.
fn representatives(keys: Keys, action: Action) -> Vec<(KeyEvent, Action)> {
    match keys {
        Keys::Code(code) => vec![(key(code), action)],
        Keys::Ctrl(c) => vec![(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            action,
        )],
        Keys::Digits => vec![(key(KeyCode::Char('1')), Action::Pick(0))],
        Keys::Text(accepts) => "a1- "
            .chars()
            .filter(|c| accepts(*c))
            .take(1)
            .map(|c| (key(KeyCode::Char(c)), Action::Type(c)))
            .collect(),
        Keys::TextOrRefuse(accepts) => {
            assert!(accepts('2') && !accepts('z'));
            vec![
                (key(KeyCode::Char('2')), Action::Type('2')),
                (key(KeyCode::Char('z')), Action::Refuse('z')),
            ]
        }
        Keys::Any => vec![(key(KeyCode::Char('x')), action)],
    }
}

#[test]
fn every_listed_key_does_what_its_row_says() {
    for ctx in Context::ALL {
        for binding in bindings(ctx) {
            for (keys, action) in binding.keys {
                for (event, promised) in representatives(*keys, *action) {
                    assert_eq!(
                        action_for(ctx, &event),
                        promised,
                        "{ctx:?}: {:?} is listed as \"{} {}\" but an earlier row takes it",
                        event.code,
                        binding.label,
                        binding.what
                    );
                }
            }
        }
    }
}

#[test]
fn every_listed_key_does_something_on_its_screen() {
    for ctx in Context::ALL {
        for binding in bindings(ctx) {
            for (keys, action) in binding.keys {
                for (event, _) in representatives(*keys, *action) {
                    let mut app = app_in(ctx);
                    let before = state(&app);
                    app.update(event);
                    assert_ne!(
                        state(&app),
                        before,
                        "{ctx:?}: {:?} (\"{} {}\") changed nothing",
                        event.code,
                        binding.label,
                        binding.what
                    );
                }
            }
        }
    }
}

/// A key not in the screen's rows does nothing there: every key that acts
/// is listed.
#[test]
fn an_unlisted_key_does_nothing() {
    let probes: Vec<KeyEvent> = ('!'..='~')
        .map(|c| key(KeyCode::Char(c)))
        .chain(('a'..='z').map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
        .chain(
            [
                KeyCode::Enter,
                KeyCode::Esc,
                KeyCode::Tab,
                KeyCode::BackTab,
                KeyCode::Backspace,
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Left,
                KeyCode::Right,
                KeyCode::PageUp,
                KeyCode::PageDown,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Delete,
                KeyCode::F(1),
            ]
            .map(key),
        )
        .collect();
    for ctx in Context::ALL {
        for event in &probes {
            if action_for(ctx, event) != Action::None {
                continue; // listed: the tests above hold it to its row
            }
            let mut app = app_in(ctx);
            let before = state(&app);
            app.update(*event);
            assert_eq!(
                state(&app),
                before,
                "{ctx:?}: {:?} is in no row but changed the wizard",
                event.code
            );
        }
    }
}

#[test]
fn footer_and_help_are_the_rows_of_the_screen() {
    for ctx in Context::ALL {
        let listed = help(ctx);
        assert_eq!(
            listed.len(),
            bindings(ctx).len(),
            "{ctx:?}: help lists every row"
        );
        for row in footer(ctx) {
            assert!(
                listed.contains(&row),
                "{ctx:?}: footer {row:?} is on the help page"
            );
        }
        assert!(!footer(ctx).is_empty(), "{ctx:?} has a footer");
    }
}

/// The footer is read at a glance: at 80 columns all of it shows (the
/// rest is on the help page, which `?` opens wherever it is listed).
#[test]
fn every_footer_fits_80_columns() {
    for ctx in Context::ALL {
        let rows = footer(ctx);
        let width: usize = 1
            + rows
                .iter()
                .map(|(keys, what)| keys.chars().count() + 1 + what.chars().count())
                .sum::<usize>()
            + 3 * rows.len().saturating_sub(1);
        assert!(
            width <= 80,
            "{ctx:?}: the footer takes {width} columns: {rows:?}"
        );
        let has_help = bindings(ctx)
            .iter()
            .any(|b| b.keys.iter().any(|(_, a)| *a == Action::Help));
        if has_help {
            assert!(
                rows.iter().any(|(k, _)| *k == "?"),
                "{ctx:?}: ? help is in the footer"
            );
        }
    }
}
