//! One question of the intake: a choice, a date or a set of toggles.

use super::{OutcomeState, ReferenceState, ReviewState, Screen, ScreenState, Step};
use crate::intake::{Choice, Field, Kind, Question, parse_date_answer};
use crate::rules::claim::{DateFact, Fact};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{CaseStatus, Effect};
use crate::wizard::input::TextInput;
use crate::wizard::keys::{Action, Context};
use chrono::NaiveDate;

/// The longest text a date field takes (a date needs ten).
const DATE_CHARS: usize = 40;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionState {
    /// Index into `intake.questions()` (the question the intake was at
    /// while editing the claim date).
    pub step: usize,
    /// Editing the claim date (asked only from the review page).
    pub editing_claim_date: bool,
    /// Highlighted option or toggle.
    pub cursor: usize,
    /// Letters typed on a choice question, narrowing the options.
    pub filter: String,
    /// The date field on screen (its text is also kept in `Claim::typed`).
    pub date: TextInput,
    /// Why the last Enter did not move on.
    pub error: Option<String>,
    /// The answers page this edit was made from, to go back to once it is
    /// answered; `None` mid-intake, where an edit goes on from there.
    pub return_to_review: Option<ReviewState>,
}

impl QuestionState {
    /// Question `step`, its answer loaded for editing.
    pub fn enter(claim: &mut Claim<'_>, step: usize) -> Screen {
        Screen::Question(QuestionState::at(claim, step))
    }

    pub fn at(claim: &mut Claim<'_>, step: usize) -> QuestionState {
        let mut state = QuestionState::default();
        state.go(claim, step);
        state
    }

    /// The claim date, edited from the answers page `review`.
    pub fn claim_date(claim: &mut Claim<'_>, review: ReviewState) -> QuestionState {
        let field = Field::Date(DateFact::Claim);
        if let Some(t) = claim.intake.input.date(DateFact::Claim) {
            claim.typed.insert(field, t.to_owned());
        }
        QuestionState {
            step: review.from.unwrap_or(0),
            editing_claim_date: true,
            date: TextInput::new(
                claim.typed.get(&field).map_or("", String::as_str),
                DATE_CHARS,
            ),
            return_to_review: Some(review),
            ..QuestionState::default()
        }
    }

    /// Moves to question `step` with its answer loaded for editing (where
    /// the edit returns to stays as it is).
    fn go(&mut self, claim: &mut Claim<'_>, step: usize) {
        self.step = step;
        self.editing_claim_date = false;
        self.filter.clear();
        self.error = None;
        self.cursor = 0;
        self.date = TextInput::default();
        let Some(q) = self.question(claim) else {
            return;
        };
        match &q.kind {
            Kind::Choice(choices) => {
                let current = claim.intake.answer_text(q.field);
                self.cursor = choices
                    .iter()
                    .position(|c| Some(&c.label) == current.as_ref())
                    .unwrap_or(0);
            }
            Kind::Date { .. } => {
                if let (Field::Date(fact), false) = (q.field, claim.typed.contains_key(&q.field))
                    && let Some(text) = claim.intake.input.date(fact)
                {
                    claim.typed.insert(q.field, text.to_owned());
                }
                let text = claim.typed.get(&q.field).map_or("", String::as_str);
                self.date = TextInput::new(text, DATE_CHARS);
            }
            Kind::Toggles(_) => {}
        }
    }

    /// The question on screen.
    pub fn question(&self, claim: &Claim<'_>) -> Option<Question> {
        if self.editing_claim_date {
            return Some(claim_date_question());
        }
        claim.intake.questions().into_iter().nth(self.step)
    }

    /// Options of the choice question on screen, narrowed by the filter;
    /// with their index in the full list.
    pub fn visible_choices(&self, claim: &Claim<'_>) -> Vec<(usize, Choice)> {
        let Some(Question {
            kind: Kind::Choice(choices),
            ..
        }) = self.question(claim)
        else {
            return Vec::new();
        };
        let filter = self.filter.to_lowercase();
        let mut shown: Vec<(usize, Choice)> = choices
            .into_iter()
            .enumerate()
            .filter(|(_, c)| filter.is_empty() || c.label.to_lowercase().contains(&filter))
            .collect();
        // A choice whose id is exactly what was typed ("de" for Germany,
        // not Denmark) comes first.
        shown.sort_by_key(|(_, c)| !c.id.eq_ignore_ascii_case(filter.trim()));
        shown
    }

    /// Keeps the cursor on an option or toggle that exists.
    pub fn clamp_cursor(&mut self, claim: &Claim<'_>) {
        let options = match self.question(claim).map(|q| q.kind) {
            Some(Kind::Choice(_)) => self.visible_choices(claim).len(),
            Some(Kind::Toggles(t)) => t.len(),
            _ => 0,
        };
        self.cursor = self.cursor.min(options.saturating_sub(1));
    }

    /// The facts whose questions the agent has not been through yet: not
    /// answered, and not passed (a blank optional date, the toggles, once
    /// passed, count as answered).
    pub fn pending_facts(&self, claim: &Claim<'_>) -> Vec<Fact> {
        let through_all = self.return_to_review.is_some() || self.editing_claim_date;
        claim
            .intake
            .questions()
            .iter()
            .enumerate()
            .filter(|(i, q)| {
                let passed = (through_all || *i < self.step) && !claim.intake.is_open(q);
                !passed && !claim.intake.is_answered(q.field)
            })
            .flat_map(|(_, q)| claim.intake.question_facts(q))
            .collect()
    }

    /// The text in the date field on screen.
    pub fn date_text(&self) -> &str {
        self.date.value()
    }

    /// Applies an edit to the date field and keeps its text in the claim.
    fn date_edited(
        &mut self,
        claim: &mut Claim<'_>,
        field: Field,
        edit: impl FnOnce(&mut TextInput),
    ) {
        edit(&mut self.date);
        claim.typed.insert(field, self.date.value().to_owned());
        self.error = None;
    }

    /// After an answer: the review page when editing from there (unless the
    /// change opened new questions), else the next question or the outcome.
    fn advance(&mut self, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        self.editing_claim_date = false;
        let questions = claim.intake.questions();
        let first_open = questions.iter().position(|q| claim.intake.is_open(q));
        if let Some(review) = &self.return_to_review {
            match first_open {
                Some(i) => self.go(claim, i),
                None => {
                    // The saved case follows the changed answer at once.
                    if matches!(claim.case, CaseStatus::Saved(_)) {
                        effects.push(Effect::SaveCase);
                    }
                    return Step::to(Screen::Review(review.clone()));
                }
            }
            return Step::Stay;
        }
        let mut next = self.step + 1;
        while questions
            .get(next)
            .is_some_and(|q| claim.intake.walks_past(q))
        {
            next += 1;
        }
        if next < questions.len() {
            self.go(claim, next);
        } else if let Some(i) = first_open {
            self.go(claim, i);
        } else {
            return Step::to(OutcomeState::show(effects));
        }
        Step::Stay
    }

    fn back(&mut self, claim: &mut Claim<'_>) -> Step {
        if let Some(review) = self.return_to_review.take() {
            Step::to(Screen::Review(review))
        } else if self.step > 0 {
            self.go(claim, self.step - 1);
            Step::Stay
        } else {
            Step::to(Screen::Reference(ReferenceState::new(claim)))
        }
    }

    fn date_fact(question: &Question) -> DateFact {
        match question.field {
            Field::Date(f) => f,
            _ => DateFact::Claim,
        }
    }

    fn commit_date(
        &mut self,
        claim: &mut Claim<'_>,
        effects: &mut Vec<Effect>,
        question: &Question,
        optional: bool,
    ) -> Step {
        let fact = Self::date_fact(question);
        let text = self.date_text().to_owned();
        if text.trim().is_empty() && !optional {
            self.error = Some(format!(
                "{} is needed: type a date ({})",
                question.field.title(),
                crate::intake::DATE_FORMS
            ));
            return Step::Stay;
        }
        match claim.intake.answer_date(fact, &text) {
            Ok(_) => {
                claim.typed.remove(&question.field);
                self.advance(claim, effects)
            }
            Err(e) => {
                self.error = Some(e);
                Step::Stay
            }
        }
    }

    /// Going back keeps a valid typed date; an invalid one stays a draft.
    fn save_draft_if_valid(&self, claim: &mut Claim<'_>, question: &Question) {
        if let Kind::Date { .. } = question.kind {
            let fact = Self::date_fact(question);
            let text = self.date_text();
            if !text.is_empty() && claim.intake.answer_date(fact, text).is_ok() {
                claim.typed.remove(&question.field);
            }
        }
    }

    /// The live echo under a date field: the date and weekday, or why not.
    pub fn date_echo(&self, claim: &Claim<'_>) -> Option<Result<NaiveDate, String>> {
        let text = self.date_text();
        if text.is_empty() {
            return None;
        }
        let parsed = parse_date_answer(text, claim.intake.claim_date());
        // Half-typed dates are not errors yet.
        let complete = text.len() >= 10 || !text.starts_with(|c: char| c.is_ascii_digit());
        match parsed {
            Ok(answer) => {
                let date = answer.date()?;
                let question = self.question(claim)?;
                let mut probe = claim.intake.clone();
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
    pub fn date_decisive(&self, claim: &Claim<'_>) -> Option<String> {
        let fact = self.question(claim)?.field.date_fact()?;
        let mut probe = claim.intake.clone();
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
}

fn claim_date_question() -> Question {
    Question {
        field: Field::Date(DateFact::Claim),
        prompt: "What is the claim date (the day of this intake)?".into(),
        help: "Blank: today.".into(),
        kind: Kind::Date { optional: true },
    }
}

impl ScreenState for QuestionState {
    fn context(&self, claim: &Claim<'_>) -> Context {
        match self.question(claim).map(|q| q.kind) {
            Some(Kind::Date { .. }) => Context::Date,
            Some(Kind::Toggles(_)) => Context::Toggles,
            _ => Context::Choice {
                filtering: !self.filter.is_empty(),
            },
        }
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        let Some(question) = self.question(claim) else {
            return Step::to(OutcomeState::show(effects));
        };
        match (&question.kind, action) {
            (_, Action::Back) => {
                self.save_draft_if_valid(claim, &question);
                return self.back(claim);
            }
            // The answers page at any point of the intake; Esc there comes
            // back here.
            (_, Action::Review) if !self.editing_claim_date => {
                self.save_draft_if_valid(claim, &question);
                return Step::to(Screen::Review(ReviewState {
                    cursor: self.step,
                    from: Some(self.step),
                }));
            }
            (Kind::Choice(_), Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Kind::Choice(_), Action::Down) => {
                let n = self.visible_choices(claim).len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
            }
            (Kind::Choice(_), Action::Pick(n)) => {
                if let Some((_, choice)) = self.visible_choices(claim).get(n) {
                    claim.intake.choose(question.field, &choice.id);
                    return self.advance(claim, effects);
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
            (Kind::Choice(_), Action::Next) => match self.visible_choices(claim).get(self.cursor) {
                Some((_, choice)) => {
                    claim.intake.choose(question.field, &choice.id);
                    return self.advance(claim, effects);
                }
                None => self.error = Some("No option matches; Backspace to widen".into()),
            },
            (Kind::Date { .. }, Action::Type(c)) => self.date_edited(claim, question.field, |d| {
                d.insert(c);
            }),
            (Kind::Date { .. }, Action::Erase) => self.date_edited(claim, question.field, |d| {
                d.erase();
            }),
            (Kind::Date { .. }, Action::Edit(edit)) => {
                self.date_edited(claim, question.field, |d| {
                    d.edit(edit);
                });
            }
            (Kind::Date { .. }, Action::Refuse(c)) => {
                self.error = Some(format!(
                    "\"{}\" is not part of a date: type {}",
                    crate::text::neutralise(&c.to_string()),
                    crate::intake::DATE_FORMS
                ));
            }
            (Kind::Date { optional }, Action::Next) => {
                return self.commit_date(claim, effects, &question, *optional);
            }
            (Kind::Toggles(_), Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Kind::Toggles(toggles), Action::Down) => {
                self.cursor = (self.cursor + 1).min(toggles.len().saturating_sub(1));
            }
            (Kind::Toggles(toggles), Action::Toggle) => {
                if let Some(t) = toggles.get(self.cursor) {
                    let on = claim.intake.toggle(*t);
                    claim.intake.set_toggle(*t, !on);
                }
            }
            (Kind::Toggles(toggles), Action::Pick(n)) => {
                if let Some(t) = toggles.get(n) {
                    self.cursor = n;
                    let on = claim.intake.toggle(*t);
                    claim.intake.set_toggle(*t, !on);
                }
            }
            (Kind::Toggles(_), Action::Next) => return self.advance(claim, effects),
            _ => {}
        }
        Step::Stay
    }
}
