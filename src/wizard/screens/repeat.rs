//! The repeat-claim page: earlier cases with the same order number.

use super::{QuestionState, ReferenceState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepeatState {
    pub scroll: u16,
}

impl RepeatState {
    pub fn context(&self) -> Context {
        Context::Repeat
    }

    pub fn update(&mut self, action: Action, claim: &mut Claim<'_>) -> Step {
        match action {
            Action::Next => Step::to(QuestionState::enter(claim, 0)),
            Action::Back => Step::to(super::Screen::Reference(ReferenceState::new(claim))),
            _ => {
                super::scroll(&mut self.scroll, action);
                Step::Stay
            }
        }
    }
}
