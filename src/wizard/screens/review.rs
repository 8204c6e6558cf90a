//! The answers page: every answer, to jump to and change, at any point of
//! the intake.

use super::{OutcomeState, QuestionState, Screen, ScreenState, Step};
use crate::intake::Field;
use crate::rules::claim::DateFact;
use crate::wizard::claim::Claim;
use crate::wizard::effect::Effect;
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    pub cursor: usize,
    /// The question the page was opened from mid-intake (Esc goes back to
    /// it); `None` when opened from the outcome.
    pub from: Option<usize>,
}

impl ReviewState {
    /// The page's rows: every question, then the claim date.
    pub fn rows(claim: &Claim<'_>) -> Vec<Field> {
        let mut rows: Vec<Field> = claim.intake.questions().iter().map(|q| q.field).collect();
        rows.push(Field::Date(DateFact::Claim));
        rows
    }

    fn edit(&mut self, claim: &mut Claim<'_>, field: Field) -> Step {
        if field == Field::Date(DateFact::Claim) {
            let question = QuestionState::claim_date(claim, self.clone());
            return Step::to(Screen::Question(question));
        }
        let Some(i) = claim
            .intake
            .questions()
            .iter()
            .position(|q| q.field == field)
        else {
            return Step::Stay;
        };
        let mut question = QuestionState::at(claim, i);
        // Mid-intake, an edit goes on with the intake from there; once the
        // claim is decided, back to the answers page.
        if self.from.is_none() {
            question.return_to_review = Some(self.clone());
        }
        Step::to(Screen::Question(question))
    }
}

impl ScreenState for ReviewState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Review
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        let rows = Self::rows(claim);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(rows.len().saturating_sub(1)),
            Action::Pick(n) if n < rows.len() => {
                self.cursor = n;
                return self.edit(claim, rows[n]);
            }
            Action::Next => {
                if let Some(field) = rows.get(self.cursor) {
                    return self.edit(claim, *field);
                }
            }
            Action::Back | Action::Review => match self.from {
                Some(step) => return Step::to(QuestionState::enter(claim, step)),
                None if claim.outcome().is_ok() => return Step::to(OutcomeState::show(effects)),
                None => {}
            },
            _ => {}
        }
        Step::Stay
    }
}
