//! The repeat-claim page: earlier cases with the same order number.

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

    fn update(
        &mut self,
        action: Action,
        claim: &mut Claim<'_>,
        _effects: &mut Vec<Effect>,
    ) -> Step {
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
