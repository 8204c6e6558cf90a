//! The outcome: the verdict and everything that follows from it, and its
//! other page, why (each rule that decided, with its clauses quoted).
//! `a` starts another item on the same order: a new claim with the order
//! number, vendor, channel and order dates kept, the issue and the item's
//! facts asked afresh. `l` opens the customer's letter of the saved case.

use super::{QuestionState, ReviewState, Screen, ScreenState, Step};
use crate::rules::claim::{ClaimInput, DateFact};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{CaseStatus, Editor, Effect, Overlay, TextField};
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

/// A new claim on the same order as `claim`: what the order fixes is kept
/// (reference, vendor, channel and store, the customer's country, the
/// claim, order, delivery and invoice dates); what is the item's own (its
/// issue, product, flags, notice, approval and return dates) is not.
pub fn another_item<'p>(claim: &Claim<'p>) -> Claim<'p> {
    let was = &claim.intake.input;
    let mut input = ClaimInput {
        vendor: was.vendor.clone(),
        channel: was.channel.clone(),
        store_country: was.store_country.clone(),
        customer_country: was.customer_country.clone(),
        ..ClaimInput::default()
    };
    for fact in [
        DateFact::Claim,
        DateFact::Order,
        DateFact::Delivery,
        DateFact::Invoice,
    ] {
        input.set_date(fact, was.date(fact).map(str::to_owned));
    }
    let mut intake = claim.blank.clone();
    intake.input = input;
    let mut next = Claim::new(intake);
    next.blank = claim.blank.clone();
    next.reference = claim.reference.clone();
    next
}

/// `l`: the letter menu of the case as saved; an outcome the case log
/// does not hold as shown says why not.
fn letter(claim: &Claim<'_>, effects: &mut Vec<Effect>) -> Step {
    const FIRST: &str = "The customer's letter is made from the saved case";
    match &claim.case {
        CaseStatus::Saved(_) if claim.case_behind => Step::Say(format!(
            "{FIRST}, and the last change is not saved yet (the draft keeps it)"
        )),
        CaseStatus::Saved(id) if crate::store::shared::PendingId::parse(id).is_some() => {
            Step::Say(format!(
                "{FIRST}: this one waits in the outbox for the shared log; try again once it has its id"
            ))
        }
        CaseStatus::Saved(id) => {
            effects.push(Effect::OpenLetter(id.clone()));
            Step::Stay
        }
        CaseStatus::NotSaved(reason) => {
            Step::Say(format!("{FIRST}; this outcome is not saved ({reason})"))
        }
        CaseStatus::None => Step::Say(format!("{FIRST}; this outcome is not saved")),
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
            Action::AnotherItem => {
                *claim = another_item(claim);
                // The cases already on this order are named in the status
                // line (and listed on ^R).
                if !claim.reference.is_empty() {
                    effects.push(Effect::LookUpReference);
                }
                // The issue: the first question the new item answers.
                return Step::to(QuestionState::enter(claim, 1));
            }
            Action::Copy => effects.push(Effect::CopySummary),
            Action::Letter => return letter(claim, effects),
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
