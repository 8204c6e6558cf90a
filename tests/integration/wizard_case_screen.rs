//! The case screen for a callback, the due queue and another item on the
//! same order, as state machines (no terminal, no disk): the event form's
//! steps and what it hands the session, the day it refuses, where Esc
//! goes, what another item keeps of the order; and snapshots of the case
//! screen with its timeline and the event form over it.

use chrono::NaiveDate;
use claimdesk::case::timeline::EventKind;
use claimdesk::rules::claim::DateFact;
use claimdesk::wizard::app::{
    App, CaseRow, DueRow, Effect, EventDraft, Screen, ScreenKind, ViewedCase,
};
use claimdesk::wizard::keys::Context;
use claimdesk::wizard::screens::EventForm;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::wizard::{app, keys, screen};
use crate::common::{policies, today};

/// What `claimdesk cases show` prints for a Mitkco change of mind after
/// its shipment (the session hands the case screen exactly this text).
const CASE_TEXT: &str = "\
Case: C-20261121-0007 (saved 2026-11-21 10:02)
Customer reference: 112-55
Status: waiting_on_vendor
Next: Mitkco: receive and check the item (policy states no time)
Due: policy states no time
Timeline:
  - 2026-11-21 (recorded 2026-11-21 10:02): decided: eligible, policy sha256 33c542445bca
  - 2026-11-21 (recorded 2026-11-21 10:05): shipped: tracking 1Z999AA1
  - 2026-11-21 (recorded 2026-11-21 10:05): decided: eligible, policy sha256 33c542445bca
VERDICT: Eligible
Claim: Mitkco / Change of mind / claim date 2026-11-21
";

fn with_case(app: &mut App<'_>) {
    app.case_opened(ViewedCase {
        id: "C-20261121-0007".into(),
        text: CASE_TEXT.into(),
        ..ViewedCase::default()
    });
}

fn recorded(app: &App<'_>) -> Option<EventDraft> {
    app.effects.iter().find_map(|e| match e {
        Effect::RecordEvent(d) => Some(d.clone()),
        _ => None,
    })
}

#[test]
fn the_form_takes_kind_day_and_tracking_and_hands_them_to_the_session() {
    let mut a = app();
    with_case(&mut a);
    keys(&mut a, "e");
    assert_eq!(a.context(), Context::EventKind);
    keys(&mut a, "5");
    assert_eq!(a.context(), Context::EventDate);
    keys(&mut a, "-2 Enter 1Z999AA1 Tab called Enter");
    assert_eq!(
        recorded(&a),
        Some(EventDraft {
            kind: EventKind::Shipped,
            date: NaiveDate::from_ymd_opt(2026, 11, 19).expect("date"),
            detail: "1Z999AA1".into(),
            note: "called".into(),
        })
    );
    let extra = recorded(&a).expect("draft").extra();
    assert_eq!(extra.tracking.as_deref(), Some("1Z999AA1"));
    // The form stays up until the session has recorded it.
    assert_eq!(a.context(), Context::EventText);
}

#[test]
fn a_blank_day_is_today_and_a_kind_without_detail_asks_only_the_note() {
    let mut a = app();
    with_case(&mut a);
    keys(&mut a, "e 6 Enter Enter");
    let draft = recorded(&a).expect("recorded");
    assert_eq!(
        (draft.kind, draft.date, draft.detail.as_str()),
        (EventKind::VendorReceived, today(), "")
    );
    // Past 9 the kinds are reached with the arrows.
    let mut a = app();
    with_case(&mut a);
    // Esc on the day of refund_missing (9) leaves the cursor on it.
    keys(&mut a, "e 9 Esc Down Enter t Enter");
    assert_eq!(
        a.case_view().and_then(|v| v.form.clone()).map(|f| matches!(
            f,
            EventForm::Text {
                kind: EventKind::Note,
                on_note: true,
                ..
            }
        )),
        Some(true)
    );
}

#[test]
fn a_day_after_today_is_refused_with_why_and_esc_steps_back() {
    let mut a = app();
    with_case(&mut a);
    keys(&mut a, "e 5 2026-11-22 Enter");
    match a.case_view().and_then(|v| v.form.clone()) {
        Some(EventForm::Date { error: Some(e), .. }) => {
            assert!(e.contains("after today (2026-11-21)"), "{e}")
        }
        other => panic!("still on the day with a reason: {other:?}"),
    }
    assert!(recorded(&a).is_none());
    // Esc: the kinds again, then the case, then where it was opened from.
    keys(&mut a, "Esc");
    assert_eq!(a.context(), Context::EventKind);
    keys(&mut a, "Esc");
    assert_eq!(a.context(), Context::Case);
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Reference);
}

#[test]
fn the_repeat_page_opens_a_case_by_its_number_and_esc_comes_back() {
    let mut a = app();
    keys(&mut a, "112-55 Enter");
    let row = |n: u32| CaseRow {
        id: format!("C-20261120-000{n}"),
        claim_date: today(),
        vendor: "Mitkco".into(),
        issue: "Change of mind".into(),
        verdict: "eligible".into(),
        reference: "112-55".into(),
        note: String::new(),
    };
    a.earlier_found(vec![row(1), row(2)], String::new(), String::new());
    assert_eq!(a.kind(), ScreenKind::Repeat);
    a.effects.clear();
    keys(&mut a, "2");
    assert_eq!(a.effects, [Effect::OpenCase("C-20261120-0002".into())]);
    with_case(&mut a);
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Repeat);
    // Only the order number was typed: nothing to lose on quitting.
    assert!(!a.unfinished());
}

#[test]
fn the_due_queue_opens_the_case_under_the_cursor_and_is_read_again_on_return() {
    let mut a = app();
    keys(&mut a, "^D");
    assert_eq!(a.kind(), ScreenKind::Due);
    assert_eq!(a.effects, [Effect::LoadDue]);
    a.effects.clear();
    a.due_mut().expect("due").rows = ["C-1", "C-2"]
        .map(|id| DueRow {
            id: id.into(),
            due: Some(today()),
            days_left: Some(0),
            status: "open".into(),
            vendor: "Mitkco".into(),
            issue: "Change of mind".into(),
            reference: String::new(),
            next_action: String::new(),
        })
        .to_vec();
    keys(&mut a, "Down Enter");
    assert_eq!(a.effects, [Effect::OpenCase("C-2".into())]);
    a.case_opened(ViewedCase {
        id: "C-2".into(),
        text: "Case: C-2\n".into(),
        ..ViewedCase::default()
    });
    a.effects.clear();
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Due);
    assert_eq!(a.effects, [Effect::LoadDue]);
    assert_eq!(a.due().expect("due").cursor, 1);
}

#[test]
fn another_item_keeps_the_order_and_asks_the_item_afresh() {
    let mut a = app();
    // Order A-77, Mitkco, transit damage delivered a week ago.
    keys(&mut a, "A-77 Enter 2 3 -7 Enter Enter Enter Enter Enter");
    assert_eq!(a.kind(), ScreenKind::Outcome);
    let was = a.claim.intake.input.clone();
    a.effects.clear();
    keys(&mut a, "a");
    let now = &a.claim.intake.input;
    assert_eq!(a.claim.reference, "A-77");
    assert_eq!(now.vendor, was.vendor);
    assert_eq!(now.channel, was.channel);
    assert_eq!(now.date(DateFact::Delivery), was.date(DateFact::Delivery));
    assert!(was.issue.is_some());
    assert_eq!(now.issue, None);
    assert_eq!(now.date(DateFact::FirstNotice), None);
    assert_eq!(a.effects, [Effect::LookUpReference]);
    assert!(matches!(&a.screen, Screen::Question(q) if q.step == 1));
    assert_eq!(
        a.question().map(|q| q.prompt),
        Some("What is the customer's problem?".to_owned())
    );
}

#[test]
fn snapshots_of_the_case_screen_and_its_event_form() {
    let mut a = app();
    with_case(&mut a);
    insta::assert_snapshot!("case_with_timeline__80x24", screen(&a, 80, 24));
    keys(&mut a, "e");
    insta::assert_snapshot!("case_event_kinds__80x24", screen(&a, 80, 24));
    keys(&mut a, "5");
    insta::assert_snapshot!("case_event_day__80x24", screen(&a, 80, 24));
    keys(&mut a, "Enter 1Z999AA1");
    insta::assert_snapshot!("case_event_detail__80x24", screen(&a, 80, 24));
}

#[test]
fn snapshot_of_the_due_queue() {
    let mut a = app();
    keys(&mut a, "^D");
    let row = |id: &str, due: u32, days: i64, status: &str, next: &str| DueRow {
        id: id.into(),
        due: NaiveDate::from_ymd_opt(2026, 11, due),
        days_left: Some(days),
        status: status.into(),
        vendor: "Mitkco".into(),
        issue: "Change of mind".into(),
        reference: "112-55".into(),
        next_action: next.into(),
    };
    let due = a.due_mut().expect("due");
    due.rows = vec![
        row(
            "C-20261102-0001",
            8,
            -13,
            "open",
            "customer: Give the reason in writing, by 2026-11-08",
        ),
        row(
            "C-20261121-0002",
            27,
            6,
            "waiting on customer",
            "customer: ship the item back by 2026-11-27",
        ),
    ];
    insta::assert_snapshot!("due_queue__80x24", screen(&a, 80, 24));
    insta::assert_snapshot!("due_queue__120x40", screen(&a, 120, 40));
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        app.update(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn backspace(app: &mut App<'_>, n: usize) {
    for _ in 0..n {
        app.update(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
}

/// Words of the screen, joined (so wrapped text reads whole).
fn words(screen: &str) -> String {
    screen
        .split(|c: char| c.is_whitespace() || c == '"' || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_due_queue_at_80_columns_shows_the_whole_next_action_and_the_order_number() {
    let mut a = app();
    keys(&mut a, "^D");
    let next = "customer: give Mitkco the reason in writing, by 2026-11-08";
    a.due_mut().expect("due").rows = vec![DueRow {
        id: "C-20261102-0001".into(),
        due: NaiveDate::from_ymd_opt(2026, 11, 8),
        days_left: Some(-13),
        status: "open".into(),
        vendor: "Mitkco".into(),
        issue: "Change of mind".into(),
        reference: "112-4417".into(),
        next_action: next.into(),
    }];
    let shown = screen(&a, 80, 24);
    assert!(shown.contains(next), "{shown}");
    assert!(shown.contains("112-4417"), "{shown}");
}

#[test]
fn a_long_status_line_wraps_to_a_second_line_instead_of_being_cut() {
    let mut a = app();
    with_case(&mut a);
    let status = "Recorded shipped (2026-11-21): waiting on vendor: Mitkco: receive and check the item, due 2026-12-12, overdue after that";
    a.status = Some(status.to_owned());
    let shown = screen(&a, 80, 24);
    assert!(words(&shown).contains(status), "{shown}");
}

#[test]
fn u_on_the_case_screen_sets_the_customers_name_phone_and_email() {
    let mut a = app();
    with_case(&mut a);
    a.effects.clear();
    keys(&mut a, "u");
    assert!(screen(&a, 80, 24).contains("Customer's name (1 of 3)"));
    type_text(&mut a, "Ana Ruiz");
    keys(&mut a, "Enter");
    type_text(&mut a, "+34 600 111 222");
    keys(&mut a, "Enter");
    type_text(&mut a, "ana.example.com");
    keys(&mut a, "Enter");
    assert!(
        a.status.as_deref().is_some_and(|s| s.contains('@')),
        "{:?}",
        a.status
    );
    assert!(a.effects.is_empty(), "nothing saved yet: {:?}", a.effects);
    backspace(&mut a, "ana.example.com".len());
    type_text(&mut a, "ana@example.com");
    keys(&mut a, "Enter");
    assert_eq!(
        a.effects,
        vec![Effect::SaveContact {
            id: "C-20261121-0007".into(),
            contact: claimdesk::case::Contact {
                name: "Ana Ruiz".into(),
                phone: "+34 600 111 222".into(),
                email: "ana@example.com".into(),
            },
        }]
    );
    assert_eq!(a.kind(), ScreenKind::Case);
}

#[test]
fn esc_in_the_contact_editors_leaves_the_contact_as_it_was() {
    let mut a = app();
    with_case(&mut a);
    a.effects.clear();
    keys(&mut a, "u");
    type_text(&mut a, "Ana");
    keys(&mut a, "Enter Esc");
    assert!(a.effects.is_empty(), "{:?}", a.effects);
    assert_eq!(a.case_view().and_then(|v| v.contact.clone()), None);
    assert_eq!(a.kind(), ScreenKind::Case);
}

/// A saved case's screen: the verdict, summary and first step first; its
/// timeline after the steps, however long.
#[test]
fn a_saved_cases_screen_puts_the_answer_before_its_timeline() {
    use claimdesk::report::{CaseHeader, HandOff, Item, Section, SectionId};
    let json = serde_json::json!({"vendor": "mitkco", "channel": "direct",
        "issue": "damaged_in_transit", "delivery_date": "2026-11-14", "claim_date": "2026-11-21"});
    let input = claimdesk::rules::ClaimInput::from_value(&json).expect("claim");
    let outcome = claimdesk::rules::decide(policies(), &input, today()).expect("decided");
    let record = claimdesk::case::OutcomeRecord::from_outcome(&outcome);
    let header = CaseHeader {
        id: "C-20261121-0007".into(),
        agent: "Pat".into(),
        reference: "112-55".into(),
        ..CaseHeader::default()
    };
    let mut sections = claimdesk::report::sections(&HandOff {
        header: Some(&header),
        outcome: &record,
        claim: None,
        policy: policies().vendor("mitkco"),
        as_of: Some(today()),
    });
    // `cases show` puts the timeline right after the header.
    let timeline = Section::List {
        id: SectionId::Timeline,
        title: "Timeline".into(),
        numbered: false,
        items: (1..=15)
            .map(|i| Item {
                date: Some(today()),
                when: "recorded 2026-11-21 10:02".into(),
                text: format!("decided: eligible, policy sha256 33c5424 ({i})"),
                ..Item::default()
            })
            .collect(),
    };
    sections.insert(3, timeline);
    let mut a = app();
    a.case_opened(ViewedCase {
        id: "C-20261121-0007".into(),
        headline: claimdesk::wizard::view::headline_notes(&record),
        sections,
        ..ViewedCase::default()
    });
    let shown = screen(&a, 80, 24);
    let text = words(&shown);
    assert!(text.contains("ELIGIBLE"), "{shown}");
    assert!(text.contains("1. Customer: e-mail photos"), "{shown}");
    assert!(text.contains("(7 days left)"), "{shown}");
    assert!(!text.contains("(15)"), "the timeline comes after: {shown}");
}
