//! The wizard's state machine: keys in, state and outcome out.

use chrono::NaiveDate;
use claimdesk::intake::{Field, Intake};
use claimdesk::rules::claim::DateFact;
use claimdesk::rules::outcome::Verdict;
use claimdesk::wizard::app::{
    App, CaseRow, CaseStatus, DraftOffer, Effect, Overlay, Screen, ScreenKind, TextField,
    ViewedCase,
};
use claimdesk::wizard::draft::Draft;
use claimdesk::wizard::screens::{OutcomeState, QuestionState};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::policies;
use crate::common::wizard::keys;

/// A new claim, past the order-number question (left blank).
fn app() -> App<'static> {
    let mut app = fresh();
    keys(&mut app, "Enter");
    assert_eq!(app.kind(), ScreenKind::Question);
    app
}

/// A new claim as the wizard opens: at the order-number question.
fn fresh() -> App<'static> {
    crate::common::wizard::app()
}

/// The question screen's own state (the test is on a question).
fn q<'a>(app: &'a App<'_>) -> &'a QuestionState {
    app.question_state().expect("on a question")
}

/// The text field the edit overlay is up for, if it is.
fn editing(app: &App<'_>) -> Option<TextField> {
    match &app.overlay {
        Some(Overlay::Edit(editor)) => Some(editor.field),
        _ => None,
    }
}

fn ctrl(app: &mut App<'_>, c: char) {
    app.update(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn field(app: &App<'_>) -> Option<Field> {
    app.question().map(|q| q.field)
}

fn verdict(app: &App<'_>) -> Verdict {
    app.claim.intake.decide().expect("decided").verdict
}

#[test]
fn a_mitkco_claim_never_asks_about_channels_or_products() {
    let mut a = app();
    keys(&mut a, "2 3"); // Mitkco, damaged in transit
    let asked: Vec<Field> = a.claim.intake.questions().iter().map(|q| q.field).collect();
    assert_eq!(
        asked,
        vec![
            Field::Vendor,
            Field::Issue,
            Field::Date(DateFact::Delivery),
            Field::Date(DateFact::Invoice),
            Field::Date(DateFact::FirstNotice),
            Field::Date(DateFact::Approval),
            Field::CustomerCountry,
        ]
    );
    assert_eq!(field(&a), Some(Field::Date(DateFact::Delivery)));
    // The country question is walked past (no default for a direct
    // purchase without config): four Enters reach the outcome.
    keys(&mut a, "-7 Enter Enter Enter Enter");
    assert_eq!(a.kind(), ScreenKind::Outcome, "at {:?}", field(&a));
    let outcome = a.claim.intake.decide().expect("decided");
    assert_eq!(outcome.verdict, Verdict::Eligible);
    assert!(
        outcome.next_steps[0]
            .text
            .contains("sales@mitkco.com by 2026-11-28")
    );
}

#[test]
fn a_refund_status_call_takes_two_keys() {
    let mut a = app();
    keys(&mut a, "1 8");
    assert_eq!(a.kind(), ScreenKind::Outcome);
    assert_eq!(verdict(&a), Verdict::FollowUp);
}

#[test]
fn choices_by_digit_arrow_or_filter() {
    let mut a = app();
    keys(&mut a, "Down Enter"); // Mitkco by arrow
    assert_eq!(a.claim.intake.input.vendor.as_deref(), Some("mitkco"));
    keys(&mut a, "Esc"); // back to vendor
    assert_eq!(field(&a), Some(Field::Vendor));
    assert_eq!(q(&a).cursor, 1, "the current answer is highlighted");
    keys(&mut a, "mil");
    assert_eq!(q(&a).visible_choices(&a.claim).len(), 1);
    keys(&mut a, "Enter");
    assert_eq!(a.claim.intake.input.vendor.as_deref(), Some("millso"));
    // Filtering issues: "wro" leaves Wrong item.
    keys(&mut a, "wro Enter");
    assert_eq!(a.claim.intake.input.issue.as_deref(), Some("wrong_item"));
}

#[test]
fn a_filter_that_matches_nothing_blocks_with_a_message() {
    let mut a = app();
    keys(&mut a, "zz Enter");
    assert_eq!(field(&a), Some(Field::Vendor));
    assert!(
        q(&a)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("No option matches"))
    );
    keys(&mut a, "Bksp Bksp 1");
    assert_eq!(field(&a), Some(Field::Issue));
}

#[test]
fn required_dates_block_going_forward_but_never_going_back() {
    let mut a = app();
    keys(&mut a, "1 2 1"); // MillSO, defective, direct
    assert_eq!(field(&a), Some(Field::Date(DateFact::Order)));
    keys(&mut a, "Enter");
    assert_eq!(
        field(&a),
        Some(Field::Date(DateFact::Order)),
        "blank order date blocks"
    );
    assert!(q(&a).error.as_deref().is_some_and(|e| e.contains("needed")));
    keys(&mut a, "2026-02-30 Enter");
    assert_eq!(field(&a), Some(Field::Date(DateFact::Order)));
    assert_eq!(q(&a).error.as_deref(), Some("2026-02-30 does not exist"));
    keys(&mut a, "Esc");
    assert_eq!(
        field(&a),
        Some(Field::Channel),
        "an invalid date never blocks going back"
    );
    keys(&mut a, "Enter");
    assert_eq!(a.date_text(), "2026-02-30", "the typed text is kept");
}

#[test]
fn dates_in_an_impossible_order_are_refused_inline() {
    let mut a = app();
    keys(&mut a, "1 2 1 2026-10-02 Enter");
    assert_eq!(field(&a), Some(Field::Date(DateFact::FirstNotice)));
    keys(&mut a, "2026-10-01 Enter");
    assert_eq!(field(&a), Some(Field::Date(DateFact::FirstNotice)));
    assert_eq!(
        q(&a).error.as_deref(),
        Some("First contact: 2026-10-01 is before the order date 2026-10-02")
    );
    let echo = q(&a).date_echo(&a.claim).expect("echo");
    assert!(echo.is_err(), "the echo shows the error as typed");
    keys(&mut a, "Bksp 3");
    assert_eq!(
        q(&a).date_echo(&a.claim),
        Some(Ok(NaiveDate::from_ymd_opt(2026, 10, 3).expect("d")))
    );
    keys(&mut a, "Enter");
    assert_eq!(field(&a), Some(Field::Date(DateFact::Approval)));
}

#[test]
fn a_date_after_the_claim_date_is_refused() {
    let mut a = app();
    keys(&mut a, "2 4 2026-11-22 Enter");
    assert_eq!(
        q(&a).error.as_deref(),
        Some("Delivered on: 2026-11-22 is after the claim date 2026-11-21")
    );
}

#[test]
fn quick_date_forms() {
    let mut a = app();
    keys(&mut a, "2 4 y Enter");
    assert_eq!(
        a.claim.intake.input.date(DateFact::Delivery),
        Some("2026-11-20")
    );
    keys(&mut a, "Esc Bksp");
    keys(
        &mut a,
        "Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp t Enter",
    );
    assert_eq!(
        a.claim.intake.input.date(DateFact::Delivery),
        Some("2026-11-21")
    );
}

#[test]
fn toggles_change_the_decision() {
    let mut a = app();
    keys(&mut a, "1 2 1 -10 Enter Enter Enter");
    assert_eq!(field(&a), Some(Field::Details));
    keys(&mut a, "2"); // free product
    assert_eq!(
        verdict(&a),
        Verdict::NotEligible,
        "the live verdict updates"
    );
    keys(&mut a, "2 Down Space"); // free off; replacement unit (the next one) on
    keys(&mut a, "Enter Enter"); // and the customer's country's default
    assert_eq!(a.kind(), ScreenKind::Outcome);
    assert_eq!(verdict(&a), Verdict::Eligible);
    assert_eq!(a.claim.intake.input.replacement_unit(), Some(true));
}

trait Flags {
    fn replacement_unit(&self) -> Option<bool>;
}

impl Flags for claimdesk::rules::ClaimInput {
    fn replacement_unit(&self) -> Option<bool> {
        self.flag(claimdesk::rules::claim::Flag::ReplacementUnit)
    }
}

#[test]
fn review_page_edits_an_answer_and_re_decides() {
    let mut a = app();
    keys(&mut a, "1 1 1 -20 Enter Enter Enter Enter Enter");
    assert_eq!(a.kind(), ScreenKind::Outcome);
    assert_eq!(verdict(&a), Verdict::Eligible);
    keys(&mut a, "r");
    assert_eq!(a.kind(), ScreenKind::Review);
    let rows = a.review_rows();
    let order = rows
        .iter()
        .position(|f| *f == Field::Date(DateFact::Order))
        .expect("order row");
    keys(&mut a, &format!("{}", order + 1));
    assert_eq!(field(&a), Some(Field::Date(DateFact::Order)));
    assert_eq!(a.date_text(), "2026-11-01", "the answer is there to edit");
    keys(
        &mut a,
        "Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp -60 Enter",
    );
    assert_eq!(a.kind(), ScreenKind::Review, "back to the review page");
    assert_eq!(verdict(&a), Verdict::NotEligible, "re-decided");
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Outcome);
}

#[test]
fn changing_the_issue_from_review_asks_the_new_facts() {
    let mut a = app();
    keys(&mut a, "1 8"); // MillSO refund: nothing else asked
    assert_eq!(a.kind(), ScreenKind::Outcome);
    keys(&mut a, "r 2"); // edit the issue
    assert_eq!(field(&a), Some(Field::Issue));
    keys(&mut a, "2"); // defective: now the channel is needed
    assert_eq!(field(&a), Some(Field::Channel));
    keys(&mut a, "1");
    assert_eq!(field(&a), Some(Field::Date(DateFact::Order)));
    keys(&mut a, "-5 Enter");
    assert_eq!(a.kind(), ScreenKind::Review);
    assert_eq!(verdict(&a), Verdict::Eligible);
}

#[test]
fn the_claim_date_can_be_changed_from_review() {
    let mut a = app();
    keys(&mut a, "2 3 2026-11-01 Enter Enter Enter Enter Enter");
    assert_eq!(verdict(&a), Verdict::NotEligible, "20 days after delivery");
    keys(&mut a, "r");
    let last = a.review_rows().len();
    keys(&mut a, &format!("{last}"));
    assert_eq!(field(&a), Some(Field::Date(DateFact::Claim)));
    keys(&mut a, "2026-11-10 Enter");
    assert_eq!(a.kind(), ScreenKind::Review);
    assert_eq!(verdict(&a), Verdict::Eligible);
}

#[test]
fn why_view_and_scrolling() {
    let mut a = app();
    keys(&mut a, "1 2 2 -50 Enter Enter Enter Enter Enter");
    assert_eq!(a.kind(), ScreenKind::Outcome);
    keys(&mut a, "Down Down");
    assert_eq!(
        a.screen,
        Screen::Outcome(OutcomeState {
            scroll: 2,
            why: false
        })
    );
    keys(&mut a, "w");
    assert_eq!(a.kind(), ScreenKind::Why);
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Outcome);
    keys(&mut a, "Esc");
    assert_eq!(
        a.kind(),
        ScreenKind::Question,
        "back from the outcome to the last question"
    );
}

#[test]
fn quitting_an_unfinished_intake_asks_first() {
    let mut a = app();
    keys(&mut a, "1");
    keys(&mut a, "q");
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    assert!(!a.quit);
    keys(&mut a, "n");
    assert_eq!(a.overlay, None);
    ctrl(&mut a, 'c');
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    keys(&mut a, "y");
    assert!(a.quit);

    let mut fresh = app();
    keys(&mut fresh, "q");
    assert!(fresh.quit, "nothing typed: quits at once");

    let mut done = app();
    keys(&mut done, "2 7");
    assert_eq!(done.kind(), ScreenKind::Outcome);
    keys(&mut done, "q");
    assert!(done.quit, "a finished intake quits at once");
}

#[test]
fn ctrl_n_starts_a_new_claim() {
    let mut a = app();
    keys(&mut a, "2 7");
    ctrl(&mut a, 'n');
    assert_eq!(
        a.kind(),
        ScreenKind::Reference,
        "a new claim starts at the order number"
    );
    assert_eq!(a.claim.intake.input, Default::default());
    keys(&mut a, "Enter 1");
    ctrl(&mut a, 'n');
    assert_eq!(a.overlay, Some(Overlay::ConfirmNew));
    keys(&mut a, "y");
    assert_eq!(a.claim.intake.input, Default::default());
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut a = app();
    keys(&mut a, "?");
    assert_eq!(a.overlay, Some(Overlay::Help));
    keys(&mut a, "x");
    assert_eq!(a.overlay, None);
    assert_eq!(
        field(&a),
        Some(Field::Vendor),
        "the key that closed help did nothing else"
    );
}

#[test]
fn changing_vendor_keeps_every_answer_that_still_applies() {
    let mut a = app();
    keys(&mut a, "1 2 1"); // MillSO defective, bought directly
    keys(&mut a, "- 5 0 Enter"); // ordered 50 days ago
    keys(&mut a, "Esc Esc Esc Esc");
    assert_eq!(field(&a), Some(Field::Vendor));
    keys(&mut a, "2"); // Mitkco knows "defective" and "direct"
    assert_eq!(a.claim.intake.input.issue.as_deref(), Some("defective"));
    assert_eq!(a.claim.intake.input.channel.as_deref(), Some("direct"));
    assert_eq!(
        a.claim.intake.input.date(DateFact::Order),
        Some("2026-10-02")
    );
    // Amazon US is MillSO's alone: a Mitkco claim drops it.
    let mut b = app();
    keys(&mut b, "1 2 2");
    keys(&mut b, "Esc Esc Esc");
    keys(&mut b, "2");
    assert_eq!(b.claim.intake.input.issue.as_deref(), Some("defective"));
    assert_eq!(b.claim.intake.input.channel, None);
}

fn row(id: &str, vendor: &str, verdict: &str, reference: &str) -> CaseRow {
    CaseRow {
        id: id.into(),
        claim_date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        vendor: vendor.into(),
        issue: "Defective".into(),
        verdict: verdict.into(),
        reference: reference.into(),
        note: String::new(),
    }
}

#[test]
fn the_order_number_is_asked_first_and_looked_up() {
    let mut a = fresh();
    assert_eq!(a.kind(), ScreenKind::Reference);
    keys(&mut a, "Enter");
    assert!(
        a.effects.is_empty(),
        "a blank order number is not looked up"
    );
    assert_eq!(field(&a), Some(Field::Vendor));
    keys(&mut a, "Esc");
    assert_eq!(
        a.kind(),
        ScreenKind::Reference,
        "Esc from the vendor goes back to it"
    );
    // Letters, q and digits are all text here.
    keys(&mut a, "q-12 Bksp 3");
    assert_eq!(a.claim.reference, "q-13");
    assert!(!a.quit);
    keys(&mut a, "Enter");
    assert_eq!(a.effects, vec![Effect::LookUpReference]);
    assert_eq!(field(&a), Some(Field::Vendor));
}

#[test]
fn an_earlier_case_for_the_order_is_shown_before_the_first_question() {
    let mut a = fresh();
    keys(&mut a, "A-1 Enter");
    a.earlier_found(
        vec![row("C-20261120-0001", "MillSO", "eligible", "A-1")],
        "Case: C-20261120-0001".into(),
        "A replacement unit keeps the original purchase date.".into(),
    );
    assert_eq!(a.kind(), ScreenKind::Repeat);
    keys(&mut a, "Esc");
    assert_eq!(
        a.kind(),
        ScreenKind::Reference,
        "Esc: change the order number"
    );
    keys(&mut a, "Enter");
    a.earlier_found(
        vec![row("C-20261120-0001", "MillSO", "eligible", "A-1")],
        String::new(),
        String::new(),
    );
    keys(&mut a, "Enter");
    assert_eq!(
        field(&a),
        Some(Field::Vendor),
        "Enter goes on with the claim"
    );

    // Found later (the order number changed on the outcome): a status line.
    let mut b = app();
    keys(&mut b, "2 7");
    b.claim.case = CaseStatus::Saved("C-20261121-0002".into());
    b.earlier_found(
        vec![
            row("C-20261121-0002", "Mitkco", "not eligible", "B"),
            row("C-20261120-0009", "Mitkco", "eligible", "B"),
        ],
        String::new(),
        String::new(),
    );
    assert_eq!(b.kind(), ScreenKind::Outcome);
    assert_eq!(
        b.claim.earlier.len(),
        1,
        "its own case is not an earlier one"
    );
    assert!(
        b.status
            .as_deref()
            .is_some_and(|s| s.contains("C-20261120-0009"))
    );
}

#[test]
fn note_and_order_number_are_edited_on_the_outcome() {
    let mut a = app();
    keys(&mut a, "2 7");
    assert_eq!(a.effects, vec![Effect::SaveCase]);
    a.effects.clear();
    keys(&mut a, "n");
    assert_eq!(editing(&a), Some(TextField::Note));
    keys(&mut a, "rang Space twice");
    assert_eq!(a.editor_text(), "rang twice");
    keys(&mut a, "Esc");
    assert_eq!(a.claim.note, "", "Esc cancels");
    assert!(a.effects.is_empty());
    keys(&mut a, "n called Enter");
    assert_eq!(a.claim.note, "called");
    assert_eq!(a.effects, vec![Effect::SaveAnnotation]);
    a.effects.clear();
    keys(&mut a, "o 9-9 Enter");
    assert_eq!(a.claim.reference, "9-9");
    assert_eq!(
        a.effects,
        vec![Effect::SaveAnnotation, Effect::LookUpReference]
    );
    a.effects.clear();
    keys(&mut a, "o Enter");
    assert!(a.effects.is_empty(), "unchanged: nothing to save");
    // The field is bounded: a long paste cannot grow it without end.
    keys(&mut a, "n");
    for _ in 0..600 {
        keys(&mut a, "x");
    }
    assert_eq!(a.editor_text().chars().count(), TextField::Note.max_chars());
}

#[test]
fn ctrl_r_opens_the_history_and_esc_returns_where_it_was() {
    let mut a = app();
    keys(&mut a, "1 2");
    let before = field(&a);
    ctrl(&mut a, 'r');
    assert_eq!(a.kind(), ScreenKind::History);
    assert_eq!(a.effects, vec![Effect::LoadHistory]);
    a.effects.clear();
    a.history_mut().expect("history").rows = vec![
        row("C-20261121-0002", "Mitkco", "review", "K-2"),
        row("C-20261121-0001", "MillSO", "eligible", "M-1"),
    ];
    keys(&mut a, "millso");
    assert_eq!(a.history().expect("history").visible().len(), 1);
    keys(&mut a, "Bksp Bksp Bksp Bksp Bksp Bksp k-2 Space review");
    assert_eq!(
        a.history().expect("history").visible().len(),
        1,
        "every word must match"
    );
    keys(&mut a, "Enter");
    assert_eq!(a.effects, vec![Effect::OpenCase("C-20261121-0002".into())]);
    a.case_opened(ViewedCase {
        id: "C-20261121-0002".into(),
        text: "Case: C-20261121-0002".into(),
        ..ViewedCase::default()
    });
    assert_eq!(a.kind(), ScreenKind::Case);
    a.effects.clear();
    keys(&mut a, "c");
    assert_eq!(a.effects, vec![Effect::CopyViewedCase]);
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::History);
    keys(&mut a, "Esc");
    assert_eq!(
        a.history().expect("history").filter.value(),
        "",
        "the first Esc clears the filter"
    );
    assert_eq!(a.kind(), ScreenKind::History);
    keys(&mut a, "Esc");
    assert_eq!(a.kind(), ScreenKind::Question);
    assert_eq!(field(&a), before, "back at the same question");
    assert_eq!(a.claim.intake.input.vendor.as_deref(), Some("millso"));
}

#[test]
fn drafts_on_offer_are_resumed_discarded_or_kept() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let offer = |what: &str| DraftOffer {
        when: "2026-11-21 10:00".into(),
        what: what.into(),
        at: "at Order date".into(),
    };
    let mut a = App::with_offers(
        Intake::new(policies(), today),
        vec![offer("MillSO"), offer("Mitkco")],
    );
    assert_eq!(a.kind(), ScreenKind::Resume);
    // Deleting asks first: n keeps the draft, y deletes it.
    keys(&mut a, "Down d");
    assert_eq!(a.overlay, Some(Overlay::ConfirmDiscard));
    assert!(a.effects.is_empty(), "nothing deleted before the answer");
    keys(&mut a, "n");
    assert_eq!(a.overlay, None);
    assert_eq!(a.resume().map_or(0, |r| r.offers.len()), 2);
    keys(&mut a, "d y");
    assert_eq!(a.effects, vec![Effect::DiscardDraft(1)]);
    assert_eq!(a.resume().map_or(0, |r| r.offers.len()), 1);
    a.effects.clear();
    keys(&mut a, "Enter");
    assert_eq!(a.effects, vec![Effect::ResumeDraft(0)]);
    a.effects.clear();
    keys(&mut a, "Esc");
    assert_eq!(a.effects, vec![Effect::KeepDrafts]);
    assert_eq!(a.kind(), ScreenKind::Reference);
    // No drafts: straight to a new claim.
    let b = App::with_offers(Intake::new(policies(), today), Vec::new());
    assert_eq!(b.kind(), ScreenKind::Reference);
}

#[test]
fn a_draft_round_trip_lands_exactly_where_the_intake_stopped() {
    let mut a = fresh();
    keys(&mut a, "A-77 Enter 1 2 2 2026-10-0");
    assert!(a.needs_draft());
    let draft = Draft::capture(&a, "2026-11-21 10:00".into());
    let back = Draft::from_json(&draft.to_json()).expect("reads back");
    assert_eq!(back, draft);
    let b = back.restore(policies()).expect("restores");
    assert_eq!(b.kind(), ScreenKind::Question);
    assert_eq!(field(&b), Some(Field::Date(DateFact::Order)));
    assert_eq!(b.date_text(), "2026-10-0");
    assert_eq!(b.claim.reference, "A-77");
    assert_eq!(b.claim.intake.input, a.claim.intake.input);
    let offer = draft.offer(policies());
    assert_eq!(offer.what, "MillSO · Defective · order A-77");
    assert_eq!(
        offer.at,
        "at Order date · claimdesk stopped without saying why (killed or crashed)"
    );
    let mut quit = draft.clone();
    quit.left = Some("quit".into());
    assert!(
        quit.offer(policies())
            .at
            .ends_with("left when the agent quit")
    );
    let mut stopped = draft.clone();
    stopped.left = Some("signal 15".into());
    assert!(stopped.offer(policies()).at.ends_with("stopped (SIGTERM)"));

    // On the outcome with an open note: resumed there, and saved again.
    let mut c = app();
    keys(&mut c, "2 7 n half a no");
    assert!(c.needs_draft(), "an unsaved outcome");
    c.claim.case = CaseStatus::Saved("C-20261121-0001".into());
    assert!(c.needs_draft(), "a note being typed");
    let d = Draft::capture(&c, String::new())
        .restore(policies())
        .expect("restores");
    assert_eq!(d.kind(), ScreenKind::Outcome);
    assert_eq!(editing(&d), Some(TextField::Note));
    assert_eq!(d.editor_text(), "halfano");
    assert_eq!(d.claim.case, CaseStatus::Saved("C-20261121-0001".into()));
    keys(&mut c, "Esc");
    assert!(!c.needs_draft(), "a saved outcome needs no draft");
}

#[test]
fn a_damaged_or_strange_draft_never_panics_and_lands_somewhere_real() {
    assert!(Draft::from_json(b"not json").is_err());
    assert!(Draft::from_json(br#"{"version": 99, "saved_at": "", "today": "2026-11-21", "claim": {}, "screen": "question"}"#).is_err());
    let odd = br#"{"version": 1, "saved_at": "x", "today": "2026-11-21",
        "claim": {"vendor": "acme", "issue": "defective", "order_date": "2026-99-99"},
        "screen": "outcome", "step": 40, "cursor": 9, "review_cursor": 70,
        "typed": {"nonsense": "1", "order_date": "2026"}, "editing": ["other", "x"]}"#;
    let draft = Draft::from_json(odd).expect("reads");
    let a = draft.restore(policies()).expect("restores");
    assert_eq!(
        a.kind(),
        ScreenKind::Question,
        "cannot be decided: back to a question"
    );
    assert!(a.question().is_some());
    assert_eq!(a.overlay, None);
    let not_a_claim = br#"{"version": 1, "saved_at": "x", "today": "2026-11-21",
        "claim": [1, 2], "screen": "question"}"#;
    assert!(
        Draft::from_json(not_a_claim)
            .expect("reads")
            .restore(policies())
            .is_err()
    );
}

#[test]
fn what_the_case_log_does_not_hold_is_never_dropped_unasked() {
    // Ctrl-R over an unfinished intake, then Ctrl-N: asks first.
    let mut a = app();
    keys(&mut a, "1 2");
    ctrl(&mut a, 'r');
    ctrl(&mut a, 'n');
    assert_eq!(a.overlay, Some(Overlay::ConfirmNew));

    // An outcome the log refused: quitting asks; a saved one does not.
    let mut b = app();
    keys(&mut b, "2 7");
    b.claim.case = CaseStatus::NotSaved("locked".into());
    keys(&mut b, "q");
    assert_eq!(b.overlay, Some(Overlay::ConfirmQuit));
    keys(&mut b, "n");
    b.claim.case = CaseStatus::Saved("C-20261121-0001".into());
    assert!(!b.unfinished());
    b.claim.case_behind = true;
    assert!(b.unfinished(), "an update that failed");
    assert!(b.needs_draft());

    // Changing an answer from the answers page re-saves the saved case.
    let mut c = app();
    keys(&mut c, "2 3 -3 Enter Enter Enter Enter Enter");
    c.claim.case = CaseStatus::Saved("C-20261121-0002".into());
    c.effects.clear();
    keys(&mut c, "r 3");
    for _ in 0..10 {
        keys(&mut c, "Bksp");
    }
    keys(&mut c, "-9 Enter");
    assert_eq!(c.kind(), ScreenKind::Review);
    assert_eq!(c.effects, vec![Effect::SaveCase]);
}

#[test]
fn a_new_claim_after_a_resumed_draft_starts_today() {
    let mut old = fresh();
    old.claim.intake.today = NaiveDate::from_ymd_opt(2026, 11, 18).expect("date");
    keys(&mut old, "Enter 2");
    let mut resumed = Draft::capture(&old, String::new())
        .restore(policies())
        .expect("restores");
    assert_eq!(
        resumed.claim.intake.claim_date().to_string(),
        "2026-11-18",
        "the draft's day"
    );
    resumed.claim.blank = fresh().claim.blank;
    keys(&mut resumed, "6");
    ctrl(&mut resumed, 'n');
    assert_eq!(resumed.claim.intake.claim_date().to_string(), "2026-11-21");
}

#[test]
fn the_answers_page_opens_mid_intake_and_esc_comes_back() {
    let mut a = app();
    keys(&mut a, "1 2 2 2026-10-0"); // half-typed order date
    keys(&mut a, "r");
    assert_eq!(a.kind(), ScreenKind::Review);
    keys(&mut a, "Esc");
    assert_eq!(field(&a), Some(Field::Date(DateFact::Order)));
    assert_eq!(a.date_text(), "2026-10-0", "the half-typed date is kept");
    // Change the vendor from there: the intake goes on, keeping what
    // still applies (issue Defective), from the vendor question on.
    keys(&mut a, "r 1");
    assert_eq!(field(&a), Some(Field::Vendor));
    keys(&mut a, "2");
    assert_eq!(a.claim.intake.input.issue.as_deref(), Some("defective"));
    assert_ne!(
        a.kind(),
        ScreenKind::Review,
        "mid-intake an edit goes on with the intake"
    );
}

#[test]
fn a_character_a_date_cannot_hold_is_refused_with_a_reason() {
    let mut a = app();
    keys(&mut a, "1 2 2 - 1 1 x");
    assert_eq!(a.date_text(), "-11", "x is not typed");
    let error = q(&a).error.clone().expect("a reason");
    assert!(error.contains("\"x\" is not part of a date"), "{error}");
    keys(&mut a, "m Enter");
    assert_eq!(
        a.claim.intake.input.date(DateFact::Order),
        Some("2025-12-21")
    );
}

/// The outcome is decided once per change of answers and read by every
/// frame: it follows each change, never a stale one.
#[test]
fn the_cached_outcome_follows_every_change_of_answers() {
    let mut a = app();
    keys(&mut a, "1 1 1 - 2 0 Enter Enter Enter Enter"); // change of mind, 20 days
    assert_eq!(a.kind(), ScreenKind::Outcome);
    let first = a.outcome().expect("decided");
    assert_eq!(first.verdict, Verdict::Eligible);
    assert_eq!(a.outcome().expect("decided"), first, "read again, the same");
    // The order date moved to 60 days ago from the answers page.
    keys(&mut a, "r 4");
    keys(&mut a, &"Bksp ".repeat(10));
    keys(&mut a, "- 6 0 Enter");
    assert_eq!(a.kind(), ScreenKind::Review);
    let second = a.outcome().expect("decided");
    assert_eq!(second.verdict, Verdict::NotEligible);
    assert_eq!(second, a.claim.intake.decide().expect("decided"));
}
