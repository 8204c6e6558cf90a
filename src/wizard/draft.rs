//! The wizard's side of a draft (`intake::draft`): capturing its state
//! and putting it back.
//!
//! Restoring never trusts the file: a draft from another version, edited
//! by hand or made with policies since removed lands on a question that
//! exists, or is refused with a reason.

use super::app::{App, Screen, ScreenKind};
use super::effect::{CaseStatus, DraftOffer, Editor, Effect, Overlay, TextField};
use super::screens::{OutcomeState, QuestionState, ReferenceState, ReviewState};
use crate::intake::{Field, Intake};
use crate::rules::PolicySet;
use crate::rules::claim::{ClaimInput, DateFact};

pub use crate::intake::draft::{Draft, VERSION};

impl Draft {
    /// The draft of `app` as it stands.
    pub fn capture(app: &App<'_>, saved_at: String) -> Draft {
        let claim = &app.claim;
        let typed = claim
            .typed
            .iter()
            .filter_map(|(field, text)| Some((field.date_fact()?.field().to_owned(), text.clone())))
            .collect();
        let editing = match &app.overlay {
            Some(Overlay::Edit(editor)) => Some((
                field_name(editor.field).to_owned(),
                editor.input.value().to_owned(),
            )),
            _ => None,
        };
        let under = app.intake_screen();
        let question = match under {
            Screen::Question(q) => Some(q),
            _ => None,
        };
        let (step, cursor, filter) = match (question, under) {
            (Some(q), _) => (q.step, q.cursor, q.filter.clone()),
            (None, Screen::Review(r)) => (r.from.unwrap_or(0), 0, String::new()),
            _ => (0, 0, String::new()),
        };
        let review_cursor = match (under, question.and_then(|q| q.return_to_review.as_ref())) {
            (Screen::Review(r), _) => r.cursor,
            (_, Some(r)) => r.cursor,
            _ => 0,
        };
        let scroll = match under {
            Screen::Outcome(o) => o.scroll,
            Screen::Repeat(r) => r.scroll,
            _ => 0,
        };
        Draft {
            version: VERSION,
            saved_at,
            today: claim.intake.today,
            claim: claim.intake.input.to_json_value(),
            reference: claim.reference.clone(),
            note: claim.note.clone(),
            screen: screen_name(under.kind()).to_owned(),
            step,
            editing_claim_date: question.is_some_and(|q| q.editing_claim_date),
            return_to_review: question.is_some_and(|q| q.return_to_review.is_some()),
            cursor,
            filter,
            typed,
            review_cursor,
            scroll,
            case_id: match &claim.case {
                CaseStatus::Saved(id) => Some(id.clone()),
                _ => None,
            },
            case_key: match &claim.case {
                CaseStatus::Saved(_) => None,
                _ => Some(claim.key.clone()),
            },
            editing,
            left: None,
        }
    }

    /// How the draft is offered on the resume screen.
    pub fn offer(&self, policies: &PolicySet) -> DraftOffer {
        let (what, at) = self.describe(policies);
        DraftOffer {
            when: self.saved_at.clone(),
            what,
            at: format!("{at} · {}", self.left_words()),
        }
    }

    /// The wizard as the draft left it. Anything out of range is pulled
    /// back to the nearest place that exists.
    pub fn restore<'p>(&self, policies: &'p PolicySet) -> Result<App<'p>, String> {
        let input = ClaimInput::from_value(&self.claim).map_err(|e| e.to_string())?;
        let mut app = App::new(Intake {
            input,
            ..Intake::new(policies, self.today)
        });
        let claim = &mut app.claim;
        claim.reference = self.reference.clone();
        claim.note = self.note.clone();
        for (name, text) in &self.typed {
            if let Some(fact) = DateFact::ALL.into_iter().find(|f| f.field() == name) {
                claim.typed.insert(Field::Date(fact), text.clone());
            }
        }
        if let Some(id) = &self.case_id {
            claim.case = CaseStatus::Saved(id.clone());
        }
        if let Some(key) = self.resume_key() {
            claim.key = key.to_owned();
        }
        let questions = claim.intake.questions().len();
        let decided = claim.outcome().is_ok();
        let step = self.step.min(questions.saturating_sub(1));
        let review_cursor = self
            .review_cursor
            .min(ReviewState::rows(claim).len().saturating_sub(1));
        let review = ReviewState {
            cursor: review_cursor,
            from: None,
        };
        app.screen = match self.screen.as_str() {
            "reference" | "repeat" => Screen::Reference(ReferenceState::new(claim)),
            "outcome" | "why" if decided => Screen::Outcome(OutcomeState {
                scroll: self.scroll,
                why: self.screen == "why",
            }),
            // The answers page leaves only once the claim can be decided.
            "review" if decided => Screen::Review(review),
            _ if self.editing_claim_date => {
                let mut q = QuestionState::claim_date(claim, review);
                q.step = step;
                Screen::Question(q)
            }
            _ => {
                // Puts the question's own answer in place (the typed text
                // wins), then the cursor back.
                let mut q = QuestionState::at(claim, step);
                q.filter = self.filter.clone();
                q.cursor = self.cursor;
                q.clamp_cursor(claim);
                if self.return_to_review {
                    q.return_to_review = Some(review);
                }
                Screen::Question(q)
            }
        };
        if let Some((field, text)) = &self.editing {
            let field = match field.as_str() {
                "reference" => Some(TextField::Reference),
                "note" => Some(TextField::Note),
                _ => None,
            };
            if let Some(field) = field
                && matches!(app.kind(), ScreenKind::Outcome | ScreenKind::Why)
            {
                app.overlay = Some(Overlay::Edit(Editor::new(field, text)));
            }
        }
        // An unsaved outcome is saved again on resume: under its key, so
        // a save that landed meanwhile is found, not made twice.
        if matches!(app.screen, Screen::Outcome(_)) {
            app.effects.push(Effect::SaveCase);
        }
        Ok(app)
    }
}

fn screen_name(screen: ScreenKind) -> &'static str {
    match screen {
        ScreenKind::Resume => "resume",
        ScreenKind::Reference => "reference",
        ScreenKind::Repeat => "repeat",
        ScreenKind::Question => "question",
        ScreenKind::Outcome => "outcome",
        ScreenKind::Why => "why",
        ScreenKind::Review => "review",
        ScreenKind::History => "history",
        ScreenKind::Case => "case",
        ScreenKind::Due => "due",
    }
}

fn field_name(field: TextField) -> &'static str {
    match field {
        TextField::Reference => "reference",
        TextField::Note => "note",
        // Typed over a saved case, not the intake: kept as the case is.
        TextField::CustomerName => "customer_name",
        TextField::CustomerPhone => "customer_phone",
        TextField::CustomerEmail => "customer_email",
    }
}
