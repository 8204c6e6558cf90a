//! The repeat-claim page: earlier cases with the same order number,
//! numbered; a digit opens that case for a callback (its timeline, what is
//! due, an event to record), Enter goes on with a new claim.

use super::{QuestionState, ReferenceState, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::Effect;
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepeatState {
    pub scroll: u16,
}

impl ScreenState for RepeatState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Repeat
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        match action {
            Action::Pick(n) => {
                if let Some(case) = claim.earlier.get(n) {
                    effects.push(Effect::OpenCase(case.id.clone()));
                }
                Step::Stay
            }
            Action::Next => Step::to(QuestionState::enter(claim, 0)),
            Action::Back => Step::to(super::Screen::Reference(ReferenceState::new(claim))),
            _ => {
                super::scroll(&mut self.scroll, action);
                Step::Stay
            }
        }
    }
}
