//! The first question: the customer's order number or reference.

use super::{QuestionState, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{Effect, TextField};
use crate::wizard::input::TextInput;
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceState {
    pub input: TextInput,
}

impl Default for ReferenceState {
    /// An empty field.
    fn default() -> Self {
        ReferenceState {
            input: TextInput::new("", TextField::Reference.max_chars()),
        }
    }
}

impl ReferenceState {
    /// The field holding the claim's reference so far.
    pub fn new(claim: &Claim<'_>) -> ReferenceState {
        ReferenceState {
            input: TextInput::new(&claim.reference, TextField::Reference.max_chars()),
        }
    }
}

impl ScreenState for ReferenceState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Reference
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        let changed = match action {
            Action::Type(c) => self.input.insert(c),
            Action::Erase => self.input.erase(),
            Action::Edit(edit) => self.input.edit(edit),
            Action::Next => {
                claim.reference = self.input.value().trim().to_owned();
                claim.earlier.clear();
                if !claim.reference.is_empty() {
                    effects.push(Effect::LookUpReference);
                }
                return Step::to(QuestionState::enter(claim, 0));
            }
            _ => false,
        };
        // The claim holds the text as typed, for the strip and the draft.
        if changed {
            claim.reference = self.input.value().to_owned();
        }
        Step::Stay
    }
}
