//! The claim being taken: what every intake screen reads and writes (the
//! answers, order number, note, where it stands in the case log), apart
//! from each screen's own state (`screens/`). The decision and the
//! preview are made here once per change of the answers and read by every
//! frame.

use super::effect::{CaseRow, CaseStatus};
use crate::intake::{Field, Intake};
use crate::rules::claim::{ClaimInput, Fact};
use crate::rules::{DecideError, Outcome, Preview};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::HashMap;

/// A decision and the answers and day it was made for.
type DecidedMemo<'p> = (ClaimInput, NaiveDate, Result<Outcome<'p>, DecideError>);

/// The last preview and what it was computed from (the answers less the
/// pending facts, the pending facts).
type PreviewMemo = (ClaimInput, Vec<Fact>, Preview);

/// The next intake's number.
static NEXT_INTAKE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub struct Claim<'p> {
    /// This intake's number in this process: the worker's answers about
    /// another intake (one started over since) are dropped by it.
    pub intake_id: u64,
    pub intake: Intake<'p>,
    /// What a new claim starts from (the session's today, not a resumed
    /// draft's).
    pub blank: Intake<'p>,
    /// The customer's order number or reference, as typed.
    pub reference: String,
    /// The agent's note for the case, as typed.
    pub note: String,
    /// What is typed in each date field, kept per field so going back and
    /// forth loses nothing (the field on screen keeps its own cursor).
    pub typed: HashMap<Field, String>,
    pub case: CaseStatus,
    /// The case key this intake's case is saved under (made with the
    /// intake; a resumed draft's is its own): a save sent twice, or sent
    /// again after a wizard was left with it still out, is one case.
    pub key: String,
    /// The saved case lacks the latest answers, order number or note (an
    /// update failed): the draft keeps them, and quitting asks first.
    pub case_behind: bool,
    /// Cases already in the log with this reference (repeat claims).
    pub earlier: Vec<CaseRow>,
    /// The most recent earlier case's hand-off text.
    pub earlier_text: String,
    /// The newest earlier case still open or waiting: what Enter on the
    /// repeat page continues (a callback continues its case, case-log.md
    /// "What must hold", 6).
    pub earlier_open: Option<String>,
    /// What the policy says about claiming again on the same order.
    pub repeat_advice: String,
    preview_memo: RefCell<Option<PreviewMemo>>,
    outcome_memo: RefCell<Option<DecidedMemo<'p>>>,
}

impl<'p> Claim<'p> {
    pub fn new(intake: Intake<'p>) -> Self {
        let blank = Intake {
            input: Default::default(),
            ..intake.clone()
        };
        Claim {
            intake_id: NEXT_INTAKE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            intake,
            blank,
            reference: String::new(),
            note: String::new(),
            typed: HashMap::new(),
            case: CaseStatus::None,
            key: crate::case::new_key(),
            case_behind: false,
            earlier: Vec::new(),
            earlier_text: String::new(),
            earlier_open: None,
            repeat_advice: String::new(),
            preview_memo: RefCell::new(None),
            outcome_memo: RefCell::new(None),
        }
    }

    /// The outcome of the claim as answered so far: decided once per
    /// change of the answers (or of the day), then read by every frame.
    pub fn outcome(&self) -> Result<Outcome<'p>, DecideError> {
        let mut memo = self.outcome_memo.borrow_mut();
        if let Some((input, today, outcome)) = memo.as_ref()
            && *input == self.intake.input
            && *today == self.intake.today
        {
            return outcome.clone();
        }
        let outcome = self.intake.decide();
        *memo = Some((
            self.intake.input.clone(),
            self.intake.today,
            outcome.clone(),
        ));
        outcome
    }

    /// The honest verdict so far ([`Intake::preview`]) given the facts
    /// still `pending`, from the memo when nothing it depends on changed.
    pub fn preview(&self, pending: Vec<Fact>) -> Preview {
        // Keyed on what the preview depends on: the answers less the
        // pending facts, so a box ticked on the toggles costs nothing.
        let answered = crate::rules::preview::without_pending(&self.intake.input, &pending);
        let mut memo = self.preview_memo.borrow_mut();
        if let Some((input, facts, preview)) = memo.as_ref()
            && *input == answered
            && *facts == pending
        {
            return preview.clone();
        }
        let preview = self.intake.preview(&pending);
        *memo = Some((answered, pending, preview.clone()));
        preview
    }

    /// Whether anything was answered or typed.
    pub fn has_answers(&self) -> bool {
        self.intake.input != Default::default()
            || !self.reference.is_empty()
            || !self.note.is_empty()
            || self.typed.values().any(|t| !t.is_empty())
    }
}
