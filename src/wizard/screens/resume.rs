//! The resume screen: unfinished intakes on offer at start.

use super::{Screen, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{DraftOffer, Effect, Overlay};
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumeState {
    pub offers: Vec<DraftOffer>,
    pub cursor: usize,
}

impl ResumeState {
    /// Deletes the draft under the cursor (once the agent said yes); a new
    /// claim once none is left.
    pub fn discard(&mut self, effects: &mut Vec<Effect>) -> Step {
        if self.cursor >= self.offers.len() {
            return Step::Stay;
        }
        effects.push(Effect::DiscardDraft(self.cursor));
        self.offers.remove(self.cursor);
        self.cursor = self.cursor.min(self.offers.len().saturating_sub(1));
        if self.offers.is_empty() {
            return Step::to(Screen::default());
        }
        Step::Stay
    }
}

impl ScreenState for ResumeState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Resume
    }

    fn update(
        &mut self,
        action: Action,
        _claim: &mut Claim<'_>,
        effects: &mut Vec<Effect>,
    ) -> Step {
        let last = self.offers.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Pick(n) if n < self.offers.len() => effects.push(Effect::ResumeDraft(n)),
            Action::Next if self.cursor < self.offers.len() => {
                effects.push(Effect::ResumeDraft(self.cursor));
            }
            Action::Discard if self.cursor < self.offers.len() => {
                return Step::Overlay(Overlay::ConfirmDiscard);
            }
            Action::Back | Action::No => {
                effects.push(Effect::KeepDrafts);
                return Step::to(Screen::default());
            }
            _ => {}
        }
        Step::Stay
    }
}
