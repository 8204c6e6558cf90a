//! The wizard's state and how keys change it. No drawing here (`view.rs`)
//! and no decisions (the rule core, through [`Intake`]).

use super::keys::{Action, Context, action_for};
use crate::intake::{Field, Intake, Kind, Question, parse_date_answer};
use crate::rules::claim::{ClaimInput, DateFact, Fact};
use crate::rules::{DecideError, Outcome, Preview};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Intakes a wizard left unfinished (it was killed, its terminal
    /// closed): resume one, discard one, or start afresh.
    Resume,
    /// The customer's order number or reference: asked first, so a repeat
    /// claim is caught before anything else is typed.
    Reference,
    /// Cases already in the log with the same reference.
    Repeat,
    /// Asking the question at `App::step`.
    Question,
    /// The verdict and everything that follows from it.
    Outcome,
    /// Each rule that decided, with its clauses quoted.
    Why,
    /// Every answer, to jump to and change.
    Review,
    /// Saved cases, newest first, narrowed by what is typed.
    History,
    /// One saved case's hand-off text.
    Case,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    ConfirmNew,
    /// Delete the draft under the cursor of the resume screen?
    ConfirmDiscard,
    /// A one-line text field over the outcome (the text is `App::editor`).
    Edit(TextField),
}

/// The free-text facts of a case, besides the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Reference,
    Note,
}

impl TextField {
    pub fn title(self) -> &'static str {
        match self {
            TextField::Reference => "Order number or customer reference",
            TextField::Note => "Note for the case",
        }
    }

    /// The longest text kept: enough for any order number or a note of a
    /// few sentences, and bounded so a paste cannot swamp the screen.
    pub fn max_chars(self) -> usize {
        match self {
            TextField::Reference => 80,
            TextField::Note => 500,
        }
    }
}

/// Work the terminal loop does for the app after a key (the app itself
/// does no I/O, so it stays testable without a terminal or a disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The outcome was (re)decided: save it in the case log, or update
    /// the case this intake already saved.
    SaveCase,
    /// Copy the hand-off summary of this intake to the clipboard.
    CopySummary,
    /// Copy the case on the case screen to the clipboard.
    CopyViewedCase,
    /// Look for earlier cases with `App::reference` and hand them to
    /// [`App::earlier_found`].
    LookUpReference,
    /// Store the reference and note with the saved case.
    SaveAnnotation,
    /// Fill `App::history` from the case log.
    LoadHistory,
    /// Load a case's hand-off text into `App::viewed`.
    OpenCase(String),
    /// Replace this app by the draft offered at this index.
    ResumeDraft(usize),
    /// Delete the draft offered at this index.
    DiscardDraft(usize),
    /// Leave the drafts on offer for another time.
    KeepDrafts,
}

/// A saved case as one row of the history or repeat list (built by the
/// terminal layer from the case log, already in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: String,
    pub claim_date: NaiveDate,
    pub vendor: String,
    pub issue: String,
    pub verdict: String,
    pub reference: String,
    pub note: String,
}

impl CaseRow {
    /// Whether every word of `filter` is in some column (case-insensitive):
    /// "mitkco review 2026-11" narrows by vendor, verdict and month.
    pub fn matches(&self, filter: &str) -> bool {
        let columns = [
            &self.id,
            &self.claim_date.to_string(),
            &self.vendor,
            &self.issue,
            &self.verdict,
            &self.reference,
            &self.note,
        ]
        .map(|c| c.to_lowercase());
        filter
            .to_lowercase()
            .split_whitespace()
            .all(|word| columns.iter().any(|c| c.contains(word)))
    }
}

/// An unfinished intake on offer at start: what it was, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOffer {
    /// When it was last changed, e.g. "2026-11-21 14:02".
    pub when: String,
    /// Vendor · issue · reference, as far as answered.
    pub what: String,
    /// Where it stopped, e.g. "at Delivered on".
    pub at: String,
}

/// A case opened from the history: its id and hand-off text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewedCase {
    pub id: String,
    pub text: String,
}

/// Where this intake stands in the case log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStatus {
    /// Not decided yet, or no case log in use.
    None,
    Saved(String),
    /// The one-line reason the case could not be saved.
    NotSaved(String),
}

/// A decision and the answers and day it was made for.
type DecidedMemo<'p> = (ClaimInput, NaiveDate, Result<Outcome<'p>, DecideError>);

pub struct App<'p> {
    pub intake: Intake<'p>,
    /// The customer's order number or reference, as typed.
    pub reference: String,
    /// The agent's note for the case, as typed.
    pub note: String,
    /// The text in the edit overlay.
    pub editor: String,
    /// Cases already in the log with this reference (repeat claims).
    pub earlier: Vec<CaseRow>,
    /// The most recent earlier case's hand-off text.
    pub earlier_text: String,
    /// What the policy says about claiming again on the same order.
    pub repeat_advice: String,
    /// The history rows read so far, newest first: pages of the search
    /// for `history_query`, which the session runs in the case log.
    pub history: Vec<CaseRow>,
    pub history_filter: String,
    /// The filter the rows in `history` were searched for. While it
    /// differs from `history_filter` (rows given by a test, or a search
    /// not run yet) the rows are narrowed here.
    pub history_query: String,
    /// How many cases the log holds.
    pub history_total: u64,
    /// How many match `history_query`, counted up to a cap (more than
    /// the cap reads as "1000+").
    pub history_matched: u64,
    pub history_cursor: usize,
    /// Why the history could not be read, if it could not.
    pub history_error: Option<String>,
    pub viewed: Option<ViewedCase>,
    /// Saves waiting in the offline outbox of a shared log (the header
    /// says how many).
    pub waiting: usize,
    /// Where Esc from the history returns to, and its scroll position.
    pub back_to: Screen,
    pub back_scroll: u16,
    /// Unfinished intakes on offer (the resume screen).
    pub offers: Vec<DraftOffer>,
    /// For the terminal loop to carry out, in order.
    pub effects: Vec<Effect>,
    pub case: CaseStatus,
    /// The saved case lacks the latest answers, order number or note (an
    /// update failed): the draft keeps them, and quitting asks first.
    pub case_behind: bool,
    /// What a new claim starts from (the session's today, not a resumed
    /// draft's).
    pub blank: Intake<'p>,
    /// A one-line message in place of the footer, until the next key.
    pub status: Option<String>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Index into `intake.questions()` (or the claim-date question when
    /// editing it from the review page).
    pub step: usize,
    /// Editing the claim date (asked only from the review page).
    pub editing_claim_date: bool,
    /// Highlighted option or toggle.
    pub cursor: usize,
    /// Letters typed on a choice question, narrowing the options.
    pub filter: String,
    /// What is typed in a date field, kept per field so going back and
    /// forth loses nothing.
    pub drafts: HashMap<Field, String>,
    /// Why the last Enter did not move on.
    pub error: Option<String>,
    /// After an edit from the review page, go back there.
    pub return_to_review: bool,
    /// The question the answers page was opened from mid-intake (Esc goes
    /// back to it); `None` when opened from the outcome.
    pub review_from: Option<usize>,
    pub review_cursor: usize,
    pub scroll: u16,
    pub quit: bool,
    /// The last preview and what it was computed from (the answers less
    /// the pending facts, the pending facts): recomputed only when those
    /// change, not per frame or per key.
    preview_memo: RefCell<Option<(ClaimInput, Vec<Fact>, Preview)>>,
    /// The decision of the answers as they stand, made once per change of
    /// answers (or of the day) and read by every frame.
    outcome_memo: RefCell<Option<DecidedMemo<'p>>>,
}

impl<'p> App<'p> {
    /// A new claim, starting at the reference question.
    pub fn new(intake: Intake<'p>) -> Self {
        let blank = Intake {
            input: Default::default(),
            ..intake.clone()
        };
        App {
            intake,
            case_behind: false,
            blank,
            reference: String::new(),
            note: String::new(),
            editor: String::new(),
            earlier: Vec::new(),
            earlier_text: String::new(),
            repeat_advice: String::new(),
            history: Vec::new(),
            history_filter: String::new(),
            history_query: String::new(),
            history_total: 0,
            history_matched: 0,
            history_cursor: 0,
            history_error: None,
            viewed: None,
            waiting: 0,
            back_to: Screen::Reference,
            back_scroll: 0,
            offers: Vec::new(),
            effects: Vec::new(),
            case: CaseStatus::None,
            status: None,
            screen: Screen::Reference,
            overlay: None,
            step: 0,
            editing_claim_date: false,
            cursor: 0,
            filter: String::new(),
            drafts: HashMap::new(),
            error: None,
            return_to_review: false,
            review_from: None,
            review_cursor: 0,
            scroll: 0,
            quit: false,
            preview_memo: RefCell::new(None),
            outcome_memo: RefCell::new(None),
        }
    }

    /// The facts whose questions the agent has not been through yet: not
    /// answered, and not passed (a blank optional date, the toggles, once
    /// passed, count as answered). Only on the question screens; elsewhere
    /// every question has been through.
    pub fn pending_facts(&self) -> Vec<Fact> {
        if self.screen != Screen::Question {
            return Vec::new();
        }
        let through_all = self.return_to_review || self.editing_claim_date;
        self.intake
            .questions()
            .iter()
            .enumerate()
            .filter(|(i, q)| {
                let passed = (through_all || *i < self.step) && !self.intake.is_open(q);
                !passed && !self.intake.is_answered(q.field)
            })
            .flat_map(|(_, q)| self.intake.question_facts(q))
            .collect()
    }

    /// The honest verdict so far ([`Intake::preview`] with
    /// [`App::pending_facts`]), from the memo when nothing changed.
    /// The outcome of the claim as answered so far: decided once per
    /// change of the answers, then read by the view on every frame.
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

    pub fn preview(&self) -> Preview {
        let pending = self.pending_facts();
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

    /// A new claim, but first the unfinished intakes on offer.
    pub fn with_offers(intake: Intake<'p>, offers: Vec<DraftOffer>) -> Self {
        let mut app = App::new(intake);
        if !offers.is_empty() {
            app.offers = offers;
            app.screen = Screen::Resume;
        }
        app
    }

    /// Keeps the cursor on an option or toggle that exists.
    pub(super) fn clamp_cursor(&mut self) {
        let options = match self.question().map(|q| q.kind) {
            Some(Kind::Choice(_)) => self.visible_choices().len(),
            Some(Kind::Toggles(t)) => t.len(),
            _ => 0,
        };
        self.cursor = self.cursor.min(options.saturating_sub(1));
    }

    /// The question on screen.
    pub fn question(&self) -> Option<Question> {
        if self.editing_claim_date {
            return Some(claim_date_question());
        }
        self.intake.questions().into_iter().nth(self.step)
    }

    /// Options of the choice question on screen, narrowed by the filter;
    /// with their index in the full list.
    pub fn visible_choices(&self) -> Vec<(usize, crate::intake::Choice)> {
        let Some(Question {
            kind: Kind::Choice(choices),
            ..
        }) = self.question()
        else {
            return Vec::new();
        };
        let filter = self.filter.to_lowercase();
        let mut shown: Vec<(usize, crate::intake::Choice)> = choices
            .into_iter()
            .enumerate()
            .filter(|(_, c)| filter.is_empty() || c.label.to_lowercase().contains(&filter))
            .collect();
        // A choice whose id is exactly what was typed ("de" for Germany,
        // not Denmark) comes first.
        shown.sort_by_key(|(_, c)| !c.id.eq_ignore_ascii_case(filter.trim()));
        shown
    }

    /// Whether quitting or starting over would lose something the case log
    /// does not hold: quitting asks first (the draft keeps it), starting
    /// over asks before clearing it.
    pub fn unfinished(&self) -> bool {
        let saved = matches!(self.case, CaseStatus::Saved(_));
        match self.intake_screen() {
            Screen::Resume => false,
            Screen::Outcome | Screen::Why => {
                self.case_behind || matches!(self.case, CaseStatus::NotSaved(_))
            }
            Screen::Review => self.case_behind || (self.has_answers() && !saved),
            _ => self.has_answers(),
        }
    }

    /// Whether anything has been typed for this claim.
    fn has_answers(&self) -> bool {
        self.intake.input != Default::default()
            || !self.reference.is_empty()
            || !self.note.is_empty()
            || self.drafts.values().any(|t| !t.is_empty())
    }

    /// The screen under the history and case screens: where the intake
    /// itself stands.
    pub fn intake_screen(&self) -> Screen {
        match self.screen {
            Screen::History | Screen::Case => self.back_to,
            other => other,
        }
    }

    /// Whether the intake holds work the case log does not: then a draft
    /// must be kept, so a crash or a closed terminal loses nothing.
    pub fn needs_draft(&self) -> bool {
        let editing = matches!(self.overlay, Some(Overlay::Edit(_)));
        match self.intake_screen() {
            Screen::Resume => false,
            Screen::Outcome | Screen::Why => {
                editing || self.case_behind || !matches!(self.case, CaseStatus::Saved(_))
            }
            _ => self.has_answers(),
        }
    }

    /// The text in the date field on screen.
    pub fn date_text(&self) -> &str {
        self.question()
            .and_then(|q| self.drafts.get(&q.field))
            .map_or("", String::as_str)
    }

    pub fn update(&mut self, key: KeyEvent) {
        self.status = None;
        let action = action_for(self.context(), &key);
        self.apply(action);
    }

    /// Which key map is in force: the overlay's, else the screen's.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::ConfirmQuit | Overlay::ConfirmNew | Overlay::ConfirmDiscard) => {
                Context::Confirm
            }
            Some(Overlay::Edit(_)) => Context::Editor,
            None => self.screen_context(),
        }
    }

    /// The key map of the screen itself, under any overlay (what the help
    /// page lists).
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Resume => Context::Resume,
            Screen::Reference => Context::Reference,
            Screen::Repeat => Context::Repeat,
            Screen::History => Context::History {
                filtering: !self.history_filter.is_empty(),
            },
            Screen::Case => Context::Case,
            Screen::Outcome => Context::Outcome,
            Screen::Why => Context::Why,
            Screen::Review => Context::Review,
            Screen::Question => match self.question().map(|q| q.kind) {
                Some(Kind::Date { .. }) => Context::Date,
                Some(Kind::Toggles(_)) => Context::Toggles,
                _ => Context::Choice {
                    filtering: !self.filter.is_empty(),
                },
            },
        }
    }

    pub fn apply(&mut self, action: Action) {
        if let Some(overlay) = self.overlay {
            self.overlay_action(overlay, action);
            return;
        }
        match action {
            Action::None => {}
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => {
                if self.unfinished() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Action::NewClaim => {
                if self.unfinished() {
                    self.overlay = Some(Overlay::ConfirmNew);
                } else {
                    self.start_over();
                }
            }
            Action::History => self.open_history(),
            other => match self.screen {
                Screen::Resume => self.resume_action(other),
                Screen::Reference => self.reference_action(other),
                Screen::Repeat => self.repeat_action(other),
                Screen::Question => self.question_action(other),
                Screen::Outcome | Screen::Why => self.outcome_action(other),
                Screen::Review => self.review_action(other),
                Screen::History => self.history_action(other),
                Screen::Case => self.case_action(other),
            },
        }
    }

    fn overlay_action(&mut self, overlay: Overlay, action: Action) {
        match (overlay, action) {
            // Ctrl-C on "Quit?" is a yes; over anything else it asks.
            (Overlay::ConfirmQuit, Action::Yes | Action::Quit) => self.quit = true,
            (_, Action::Quit) => {
                self.overlay = None;
                self.apply(Action::Quit);
            }
            (Overlay::ConfirmNew, Action::Yes) => {
                self.overlay = None;
                self.start_over();
            }
            (Overlay::ConfirmDiscard, Action::Yes) => {
                self.overlay = None;
                self.discard_draft();
            }
            (
                Overlay::ConfirmQuit | Overlay::ConfirmNew | Overlay::ConfirmDiscard,
                Action::No | Action::Back,
            ) => {
                self.overlay = None;
            }
            (Overlay::Edit(_), Action::NewClaim) => {
                self.overlay = None;
                self.apply(Action::NewClaim);
            }
            (Overlay::Edit(field), action) => self.edit_action(field, action),
            (Overlay::Help, Action::None) => {}
            (Overlay::Help, _) => self.overlay = None,
            _ => {}
        }
    }

    fn edit_action(&mut self, field: TextField, action: Action) {
        match action {
            Action::Type(c) => push_limited(&mut self.editor, c, field.max_chars()),
            Action::Erase => {
                self.editor.pop();
            }
            Action::Back => self.overlay = None,
            Action::Next => {
                self.overlay = None;
                let text = std::mem::take(&mut self.editor);
                let text = text.trim().to_owned();
                let changed = match field {
                    TextField::Reference => std::mem::replace(&mut self.reference, text),
                    TextField::Note => std::mem::replace(&mut self.note, text),
                };
                let now = match field {
                    TextField::Reference => &self.reference,
                    TextField::Note => &self.note,
                };
                if changed == *now {
                    return;
                }
                self.effects.push(Effect::SaveAnnotation);
                if field == TextField::Reference {
                    self.effects.push(Effect::LookUpReference);
                }
            }
            _ => {}
        }
    }

    fn start_over(&mut self) {
        let keep_drafts = self.screen == Screen::Resume;
        *self = App::new(self.blank.clone());
        if keep_drafts {
            self.effects.push(Effect::KeepDrafts);
        }
    }

    fn resume_action(&mut self, action: Action) {
        let last = self.offers.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Pick(n) if n < self.offers.len() => {
                self.effects.push(Effect::ResumeDraft(n));
            }
            Action::Next if self.cursor < self.offers.len() => {
                self.effects.push(Effect::ResumeDraft(self.cursor));
            }
            Action::Discard if self.cursor < self.offers.len() => {
                self.overlay = Some(Overlay::ConfirmDiscard);
            }
            Action::Back | Action::No => {
                self.effects.push(Effect::KeepDrafts);
                self.offers.clear();
                self.cursor = 0;
                self.screen = Screen::Reference;
            }
            _ => {}
        }
    }

    /// Deletes the draft under the resume screen's cursor (once the agent
    /// said yes).
    fn discard_draft(&mut self) {
        if self.cursor >= self.offers.len() {
            return;
        }
        self.effects.push(Effect::DiscardDraft(self.cursor));
        self.offers.remove(self.cursor);
        self.cursor = self.cursor.min(self.offers.len().saturating_sub(1));
        if self.offers.is_empty() {
            self.screen = Screen::Reference;
        }
    }

    fn reference_action(&mut self, action: Action) {
        match action {
            Action::Type(c) => {
                push_limited(&mut self.reference, c, TextField::Reference.max_chars())
            }
            Action::Erase => {
                self.reference.pop();
            }
            Action::Next => {
                self.reference = self.reference.trim().to_owned();
                self.earlier.clear();
                if !self.reference.is_empty() {
                    self.effects.push(Effect::LookUpReference);
                }
                self.enter_step(0);
            }
            _ => {}
        }
    }

    /// The terminal layer's answer to [`Effect::LookUpReference`]: earlier
    /// cases with this reference (this intake's own case left out), the
    /// newest one's hand-off text, and what its vendor's policy says about
    /// repeat claims. On a new claim they are shown before the first
    /// question; later, a status line says so.
    pub fn earlier_found(
        &mut self,
        mut earlier: Vec<CaseRow>,
        newest_text: String,
        advice: String,
    ) {
        if let CaseStatus::Saved(own) = &self.case {
            earlier.retain(|c| &c.id != own);
        }
        self.earlier = earlier;
        self.earlier_text = newest_text;
        self.repeat_advice = advice;
        if self.earlier.is_empty() {
            return;
        }
        if self.screen == Screen::Question
            && self.step == 0
            && self.intake.input == Default::default()
        {
            self.screen = Screen::Repeat;
            self.scroll = 0;
        } else {
            let ids: Vec<&str> = self.earlier.iter().map(|c| c.id.as_str()).collect();
            self.status = Some(format!(
                "This order also has case {} (^R to look)",
                ids.join(", ")
            ));
        }
    }

    fn repeat_action(&mut self, action: Action) {
        match action {
            Action::Next => self.enter_step(0),
            Action::Back => self.screen = Screen::Reference,
            _ => self.scroll_action(action),
        }
    }

    fn scroll_action(&mut self, action: Action) {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::Home => self.scroll = 0,
            _ => {}
        }
    }

    fn open_history(&mut self) {
        if !matches!(self.screen, Screen::History | Screen::Case) {
            self.back_to = self.screen;
            self.back_scroll = self.scroll;
        }
        self.screen = Screen::History;
        self.history_filter.clear();
        self.history_cursor = 0;
        self.effects.push(Effect::LoadHistory);
    }

    /// The history rows the filter lets through (all of them once the
    /// session has searched for this filter).
    pub fn visible_history(&self) -> Vec<&CaseRow> {
        let searched = self.history_query == self.history_filter;
        self.history
            .iter()
            .filter(|c| searched || c.matches(&self.history_filter))
            .collect()
    }

    /// "12 of 300000", "1000+ of 300000": the cases the filter matches and
    /// the log's total, as the history's header says them.
    pub fn history_counts(&self) -> (String, String) {
        let visible = self.visible_history().len();
        let total = (self.history_total as usize).max(self.history.len());
        if self.history_query != self.history_filter || self.history_total == 0 {
            return (visible.to_string(), total.to_string());
        }
        let matched = if self.history_matched > 1_000 {
            "1000+".to_owned()
        } else {
            self.history_matched.max(visible as u64).to_string()
        };
        (matched, total.to_string())
    }

    fn history_action(&mut self, action: Action) {
        let shown = self.visible_history().len();
        match action {
            Action::Up => self.history_cursor = self.history_cursor.saturating_sub(1),
            Action::Down => {
                self.history_cursor = (self.history_cursor + 1).min(shown.saturating_sub(1));
            }
            Action::PageUp => self.history_cursor = self.history_cursor.saturating_sub(10),
            Action::PageDown => {
                self.history_cursor = (self.history_cursor + 10).min(shown.saturating_sub(1));
            }
            Action::Home => self.history_cursor = 0,
            Action::Type(c) => {
                push_limited(&mut self.history_filter, c, 60);
                self.history_cursor = 0;
            }
            Action::Erase => {
                self.history_filter.pop();
                self.history_cursor = 0;
            }
            Action::Next => {
                if let Some(case) = self.visible_history().get(self.history_cursor) {
                    self.effects.push(Effect::OpenCase(case.id.clone()));
                }
            }
            Action::Back if !self.history_filter.is_empty() => {
                self.history_filter.clear();
                self.history_cursor = 0;
            }
            Action::Back => {
                self.screen = self.back_to;
                self.scroll = self.back_scroll;
            }
            _ => {}
        }
    }

    /// The terminal layer's answer to [`Effect::OpenCase`].
    pub fn case_opened(&mut self, case: ViewedCase) {
        self.viewed = Some(case);
        self.screen = Screen::Case;
        self.scroll = 0;
    }

    fn case_action(&mut self, action: Action) {
        match action {
            Action::Back => self.screen = Screen::History,
            Action::Copy => self.effects.push(Effect::CopyViewedCase),
            _ => self.scroll_action(action),
        }
    }

    /// Moves to question `step` with its answer loaded for editing.
    pub(super) fn enter_step(&mut self, step: usize) {
        self.screen = Screen::Question;
        self.step = step;
        self.filter.clear();
        self.error = None;
        self.cursor = 0;
        if let Some(q) = self.question() {
            match &q.kind {
                Kind::Choice(choices) => {
                    let current = self.intake.answer_text(q.field);
                    self.cursor = choices
                        .iter()
                        .position(|c| Some(&c.label) == current.as_ref())
                        .unwrap_or(0);
                }
                Kind::Date { .. } => {
                    if let (Field::Date(fact), false) =
                        (q.field, self.drafts.contains_key(&q.field))
                        && let Some(text) = self.intake.input.date(fact)
                    {
                        self.drafts.insert(q.field, text.to_owned());
                    }
                }
                Kind::Toggles(_) => {}
            }
        }
    }

    /// After an answer: the review page when editing from there (unless the
    /// change opened new questions), else the next question or the outcome.
    fn advance(&mut self) {
        self.editing_claim_date = false;
        let questions = self.intake.questions();
        let first_open = questions.iter().position(|q| self.intake.is_open(q));
        if self.return_to_review {
            match first_open {
                Some(i) => self.enter_step(i),
                None => {
                    self.return_to_review = false;
                    self.screen = Screen::Review;
                    // The saved case follows the changed answer at once.
                    if matches!(self.case, CaseStatus::Saved(_)) {
                        self.effects.push(Effect::SaveCase);
                    }
                }
            }
            return;
        }
        let mut next = self.step + 1;
        while questions
            .get(next)
            .is_some_and(|q| self.intake.walks_past(q))
        {
            next += 1;
        }
        if next < questions.len() {
            self.enter_step(next);
        } else if let Some(i) = first_open {
            self.enter_step(i);
        } else {
            self.show_outcome();
        }
    }

    fn show_outcome(&mut self) {
        self.screen = Screen::Outcome;
        self.scroll = 0;
        self.error = None;
        self.effects.push(Effect::SaveCase);
    }

    fn back(&mut self) {
        if self.editing_claim_date || self.return_to_review {
            self.editing_claim_date = false;
            self.return_to_review = false;
            self.screen = Screen::Review;
        } else if self.step > 0 {
            self.enter_step(self.step - 1);
        } else {
            self.screen = Screen::Reference;
            self.error = None;
        }
    }

    fn question_action(&mut self, action: Action) {
        let Some(question) = self.question() else {
            self.show_outcome();
            return;
        };
        match (&question.kind, action) {
            (_, Action::Back) => {
                self.save_draft_if_valid(&question);
                self.back();
            }
            // The answers page at any point of the intake; Esc there comes
            // back here.
            (_, Action::Review) if !self.editing_claim_date => {
                self.save_draft_if_valid(&question);
                self.review_from = Some(self.step);
                self.return_to_review = false;
                self.review_cursor = self.step;
                self.screen = Screen::Review;
            }
            (Kind::Choice(_), Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Kind::Choice(_), Action::Down) => {
                let n = self.visible_choices().len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
            }
            (Kind::Choice(_), Action::Pick(n)) => {
                if let Some((_, choice)) = self.visible_choices().get(n) {
                    self.intake.choose(question.field, &choice.id);
                    self.advance();
                }
            }
            (Kind::Choice(_), Action::Type(c)) => {
                self.filter.push(c);
                self.cursor = 0;
            }
            (Kind::Choice(_), Action::Erase) => {
                self.filter.pop();
                self.cursor = 0;
            }
            (Kind::Choice(_), Action::Next) => {
                let visible = self.visible_choices();
                match visible.get(self.cursor) {
                    Some((_, choice)) => {
                        self.intake.choose(question.field, &choice.id);
                        self.advance();
                    }
                    None => self.error = Some("No option matches; Backspace to widen".into()),
                }
            }
            (Kind::Date { .. }, Action::Type(c)) => {
                self.drafts.entry(question.field).or_default().push(c);
                self.error = None;
            }
            (Kind::Date { .. }, Action::Refuse(c)) => {
                self.error = Some(format!(
                    "\"{}\" is not part of a date: type {}",
                    crate::text::neutralise(&c.to_string()),
                    crate::intake::DATE_FORMS
                ));
            }
            (Kind::Date { .. }, Action::Erase) => {
                if let Some(t) = self.drafts.get_mut(&question.field) {
                    t.pop();
                }
                self.error = None;
            }
            (Kind::Date { optional }, Action::Next) => self.commit_date(&question, *optional),
            (Kind::Toggles(_), Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Kind::Toggles(toggles), Action::Down) => {
                self.cursor = (self.cursor + 1).min(toggles.len().saturating_sub(1));
            }
            (Kind::Toggles(toggles), Action::Toggle) => {
                if let Some(t) = toggles.get(self.cursor) {
                    let on = self.intake.toggle(*t);
                    self.intake.set_toggle(*t, !on);
                }
            }
            (Kind::Toggles(toggles), Action::Pick(n)) => {
                if let Some(t) = toggles.get(n) {
                    self.cursor = n;
                    let on = self.intake.toggle(*t);
                    self.intake.set_toggle(*t, !on);
                }
            }
            (Kind::Toggles(_), Action::Next) => self.advance(),
            _ => {}
        }
    }

    fn date_fact(question: &Question) -> DateFact {
        match question.field {
            Field::Date(f) => f,
            _ => DateFact::Claim,
        }
    }

    fn commit_date(&mut self, question: &Question, optional: bool) {
        let fact = Self::date_fact(question);
        let text = self.date_text().to_owned();
        if text.trim().is_empty() && !optional {
            self.error = Some(format!(
                "{} is needed: type a date ({})",
                question.field.title(),
                crate::intake::DATE_FORMS
            ));
            return;
        }
        match self.intake.answer_date(fact, &text) {
            Ok(_) => {
                self.drafts.remove(&question.field);
                self.advance();
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Going back keeps a valid typed date; an invalid one stays a draft.
    fn save_draft_if_valid(&mut self, question: &Question) {
        if let Kind::Date { .. } = question.kind {
            let fact = Self::date_fact(question);
            let text = self.date_text().to_owned();
            if !text.is_empty() && self.intake.answer_date(fact, &text).is_ok() {
                self.drafts.remove(&question.field);
            }
        }
    }

    /// The live echo under a date field: the date and weekday, or why not.
    pub fn date_echo(&self) -> Option<Result<NaiveDate, String>> {
        let text = self.date_text();
        if text.is_empty() {
            return None;
        }
        let parsed = parse_date_answer(text, self.intake.claim_date());
        // Half-typed dates are not errors yet.
        let complete = text.len() >= 10 || !text.starts_with(|c: char| c.is_ascii_digit());
        match parsed {
            Ok(answer) => {
                let date = answer.date()?;
                let question = self.question()?;
                let mut probe = self.intake.clone();
                match probe.answer_date(Self::date_fact(&question), text) {
                    Ok(_) => Some(Ok(date)),
                    Err(e) => Some(Err(e)),
                }
            }
            Err(e) if complete => Some(Err(e)),
            Err(_) => None,
        }
    }

    /// Under a valid date answer: the span of that date over which the
    /// verdict holds, in words, once the claim with it can be decided.
    pub fn date_decisive(&self) -> Option<String> {
        let fact = self.question()?.field.date_fact()?;
        let mut probe = self.intake.clone();
        probe.answer_date(fact, self.date_text()).ok()??;
        let outcome = probe.decide().ok()?;
        let span = outcome
            .decisive_dates
            .as_ref()?
            .iter()
            .find(|d| d.field == fact)?;
        Some(crate::report::decisive_words(
            span,
            outcome.verdict,
            outcome.claim_date,
        ))
    }

    fn open_editor(&mut self, field: TextField) {
        self.editor = match field {
            TextField::Reference => self.reference.clone(),
            TextField::Note => self.note.clone(),
        };
        self.overlay = Some(Overlay::Edit(field));
    }

    fn outcome_action(&mut self, action: Action) {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home => {
                self.scroll_action(action);
            }
            Action::Why => {
                self.screen = if self.screen == Screen::Why {
                    Screen::Outcome
                } else {
                    Screen::Why
                };
                self.scroll = 0;
            }
            Action::Review => {
                self.screen = Screen::Review;
                self.review_cursor = 0;
            }
            Action::Copy => self.effects.push(Effect::CopySummary),
            Action::Note => self.open_editor(TextField::Note),
            Action::Order => self.open_editor(TextField::Reference),
            Action::Back => {
                if self.screen == Screen::Why {
                    self.screen = Screen::Outcome;
                    self.scroll = 0;
                } else {
                    let questions = self.intake.questions();
                    let last = questions
                        .iter()
                        .rposition(|q| !self.intake.walks_past(q))
                        .unwrap_or(0);
                    self.enter_step(last);
                }
            }
            _ => {}
        }
    }

    /// The review page's rows: every question, then the claim date.
    pub fn review_rows(&self) -> Vec<Field> {
        let mut rows: Vec<Field> = self.intake.questions().iter().map(|q| q.field).collect();
        rows.push(Field::Date(DateFact::Claim));
        rows
    }

    fn review_action(&mut self, action: Action) {
        let rows = self.review_rows();
        match action {
            Action::Up => self.review_cursor = self.review_cursor.saturating_sub(1),
            Action::Down => {
                self.review_cursor = (self.review_cursor + 1).min(rows.len().saturating_sub(1));
            }
            Action::Pick(n) if n < rows.len() => {
                self.review_cursor = n;
                self.edit(rows[n]);
            }
            Action::Next => {
                if let Some(field) = rows.get(self.review_cursor) {
                    self.edit(*field);
                }
            }
            Action::Back | Action::Review => match self.review_from.take() {
                Some(step) => self.enter_step(step),
                None if self.intake.decide().is_ok() => self.show_outcome(),
                None => {}
            },
            _ => {}
        }
    }

    fn edit(&mut self, field: Field) {
        // Mid-intake, an edit goes on with the intake from there; once the
        // claim is decided, back to the answers page.
        self.return_to_review = self.review_from.take().is_none();
        if field == Field::Date(DateFact::Claim) {
            self.editing_claim_date = true;
            if let Some(t) = self.intake.input.date(DateFact::Claim) {
                self.drafts.insert(field, t.to_owned());
            }
            self.screen = Screen::Question;
            self.error = None;
            return;
        }
        if let Some(i) = self
            .intake
            .questions()
            .iter()
            .position(|q| q.field == field)
        {
            self.enter_step(i);
        }
    }
}

/// Appends `c` unless `text` already holds `max` characters.
fn push_limited(text: &mut String, c: char, max: usize) {
    if text.chars().count() < max {
        text.push(c);
    }
}

fn claim_date_question() -> Question {
    Question {
        field: Field::Date(DateFact::Claim),
        prompt: "What is the claim date (the day of this intake)?".into(),
        help: "Blank: today.".into(),
        kind: Kind::Date { optional: true },
    }
}
