//! The repeat-claim page: earlier cases with the same order number,
//! numbered. A callback continues its case: Enter opens the newest case
//! still open or waiting (its timeline, what is due, an event to record;
//! case-log.md "What must hold", 6); a digit opens another; `n` starts a
//! new claim on the same order (another item, another issue). With no
//! open case, Enter starts the new claim.

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
            Action::Next => match claim.earlier_open.clone() {
                Some(id) => {
                    effects.push(Effect::OpenCase(id));
                    Step::Stay
                }
                None => Step::to(QuestionState::enter(claim, 0)),
            },
            Action::No => Step::to(QuestionState::enter(claim, 0)),
            Action::Back => Step::to(super::Screen::Reference(ReferenceState::new(claim))),
            _ => {
                super::scroll(&mut self.scroll, action);
                Step::Stay
            }
        }
    }
}
