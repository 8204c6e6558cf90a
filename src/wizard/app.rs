//! The wizard's state and how keys change it. No drawing here (`view.rs`)
//! and no decisions (the rule core, through [`Intake`]).

use super::keys::{Action, action_for};
use crate::intake::{Field, Intake, Kind, Question, parse_date_answer};
use crate::rules::claim::DateFact;
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Asking the question at `App::step`.
    Question,
    /// The verdict and everything that follows from it.
    Outcome,
    /// Each rule that decided, with its clauses quoted.
    Why,
    /// Every answer, to jump to and change.
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    ConfirmNew,
}

/// Work the terminal loop does for the app after a key (the app itself
/// does no I/O, so it stays testable without a terminal or a disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The outcome was (re)decided: save it in the case log, or update
    /// the case this intake already saved.
    SaveCase,
    /// Copy the hand-off summary to the clipboard.
    CopySummary,
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

pub struct App<'p> {
    pub intake: Intake<'p>,
    /// For the terminal loop to carry out, in order.
    pub effects: Vec<Effect>,
    pub case: CaseStatus,
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
    pub review_cursor: usize,
    pub scroll: u16,
    pub quit: bool,
}

impl<'p> App<'p> {
    pub fn new(intake: Intake<'p>) -> Self {
        App {
            intake,
            effects: Vec::new(),
            case: CaseStatus::None,
            status: None,
            screen: Screen::Question,
            overlay: None,
            step: 0,
            editing_claim_date: false,
            cursor: 0,
            filter: String::new(),
            drafts: HashMap::new(),
            error: None,
            return_to_review: false,
            review_cursor: 0,
            scroll: 0,
            quit: false,
        }
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
        choices
            .into_iter()
            .enumerate()
            .filter(|(_, c)| filter.is_empty() || c.label.to_lowercase().contains(&filter))
            .collect()
    }

    /// Whether anything typed would be lost by quitting or starting over.
    pub fn unfinished(&self) -> bool {
        self.screen == Screen::Question && self.intake.input != Default::default()
    }

    /// The text in the date field on screen.
    pub fn date_text(&self) -> &str {
        self.question()
            .and_then(|q| self.drafts.get(&q.field))
            .map_or("", String::as_str)
    }

    pub fn update(&mut self, key: KeyEvent) {
        self.status = None;
        let action = action_for(self, key);
        self.apply(action);
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
            other => match self.screen {
                Screen::Question => self.question_action(other),
                Screen::Outcome | Screen::Why => self.outcome_action(other),
                Screen::Review => self.review_action(other),
            },
        }
    }

    fn overlay_action(&mut self, overlay: Overlay, action: Action) {
        match (overlay, action) {
            (Overlay::ConfirmQuit, Action::Yes) => self.quit = true,
            (Overlay::ConfirmNew, Action::Yes) => {
                self.overlay = None;
                self.start_over();
            }
            (Overlay::ConfirmQuit | Overlay::ConfirmNew, Action::No | Action::Back) => {
                self.overlay = None;
            }
            (Overlay::Help, Action::None) => {}
            (Overlay::Help, _) => self.overlay = None,
            _ => {}
        }
    }

    fn start_over(&mut self) {
        let intake = Intake::new(self.intake.policies, self.intake.today);
        *self = App::new(intake);
    }

    /// Moves to question `step` with its answer loaded for editing.
    fn enter_step(&mut self, step: usize) {
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
                }
            }
            return;
        }
        let next = self.step + 1;
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
                "{} is needed: type a date (YYYY-MM-DD, t, y or -N)",
                question.field.title()
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

    fn outcome_action(&mut self, action: Action) {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::Home => self.scroll = 0,
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
            Action::Back => {
                if self.screen == Screen::Why {
                    self.screen = Screen::Outcome;
                    self.scroll = 0;
                } else {
                    let last = self.intake.questions().len().saturating_sub(1);
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
            Action::Back | Action::Review if self.intake.decide().is_ok() => self.show_outcome(),
            _ => {}
        }
    }

    fn edit(&mut self, field: Field) {
        self.return_to_review = true;
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

fn claim_date_question() -> Question {
    Question {
        field: Field::Date(DateFact::Claim),
        prompt: "What is the claim date (the day of this intake)?".into(),
        help: "Blank: today.".into(),
        kind: Kind::Date { optional: true },
    }
}
