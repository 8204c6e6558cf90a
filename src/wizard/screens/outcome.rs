//! The outcome: the verdict and everything that follows from it, and its
//! other page, why (each rule that decided, with its clauses quoted).

use super::{QuestionState, ReviewState, Screen, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{Editor, Effect, Overlay, TextField};
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeState {
    pub scroll: u16,
    /// On the why page.
    pub why: bool,
}

impl OutcomeState {
    /// The outcome, top of the page; the case is saved (or updated).
    pub fn show(effects: &mut Vec<Effect>) -> Screen {
        effects.push(Effect::SaveCase);
        Screen::Outcome(OutcomeState::default())
    }
}

impl ScreenState for OutcomeState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        if self.why {
            Context::Why
        } else {
            Context::Outcome
        }
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home => {
                super::scroll(&mut self.scroll, action);
            }
            Action::Why => {
                self.why = !self.why;
                self.scroll = 0;
            }
            Action::Review => return Step::to(Screen::Review(ReviewState::default())),
            Action::Copy => effects.push(Effect::CopySummary),
            Action::Note => {
                return Step::Overlay(Overlay::Edit(Editor::new(TextField::Note, &claim.note)));
            }
            Action::Order => {
                return Step::Overlay(Overlay::Edit(Editor::new(
                    TextField::Reference,
                    &claim.reference,
                )));
            }
            Action::Back if self.why => {
                self.why = false;
                self.scroll = 0;
            }
            Action::Back => {
                let questions = claim.intake.questions();
                let last = questions
                    .iter()
                    .rposition(|q| !claim.intake.walks_past(q))
                    .unwrap_or(0);
                return Step::to(QuestionState::enter(claim, last));
            }
            _ => {}
        }
        Step::Stay
    }
}
