//! One saved case, opened from the history: its hand-off text.

use super::{HistoryState, Screen, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{Effect, ViewedCase};
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseView {
    pub case: ViewedCase,
    pub scroll: u16,
    /// The history it was opened from, as it was (Esc goes back there).
    pub history: HistoryState,
}

impl ScreenState for CaseView {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Case
    }

    fn update(
        &mut self,
        action: Action,
        _claim: &mut Claim<'_>,
        effects: &mut Vec<Effect>,
    ) -> Step {
        match action {
            Action::Back => Step::to(Screen::History(std::mem::take(&mut self.history))),
            Action::Copy => {
                effects.push(Effect::CopyViewedCase);
                Step::Stay
            }
            _ => {
                super::scroll(&mut self.scroll, action);
                Step::Stay
            }
        }
    }
}
