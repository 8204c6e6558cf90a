//! The wizard's side of a draft (`intake::draft`): capturing its state
//! and putting it back.
//!
//! Restoring never trusts the file: a draft from another version, edited
//! by hand or made with policies since removed lands on a question that
//! exists, or is refused with a reason.

use super::app::{App, CaseStatus, DraftOffer, Overlay, Screen, TextField};
use crate::intake::{Field, Intake};
use crate::rules::PolicySet;
use crate::rules::claim::{ClaimInput, DateFact};

pub use crate::intake::draft::{Draft, VERSION};

impl Draft {
    /// The draft of `app` as it stands.
    pub fn capture(app: &App<'_>, saved_at: String) -> Draft {
        let typed = app
            .drafts
            .iter()
            .filter_map(|(field, text)| Some((field.date_fact()?.field().to_owned(), text.clone())))
            .collect();
        let editing = match app.overlay {
            Some(Overlay::Edit(field)) => Some((field_name(field).to_owned(), app.editor.clone())),
            _ => None,
        };
        Draft {
            version: VERSION,
            saved_at,
            today: app.intake.today,
            claim: app.intake.input.to_json_value(),
            reference: app.reference.clone(),
            note: app.note.clone(),
            screen: screen_name(app.intake_screen()).to_owned(),
            step: app.step,
            editing_claim_date: app.editing_claim_date,
            return_to_review: app.return_to_review,
            cursor: app.cursor,
            filter: app.filter.clone(),
            typed,
            review_cursor: app.review_cursor,
            scroll: if app.screen == app.intake_screen() {
                app.scroll
            } else {
                app.back_scroll
            },
            case_id: match &app.case {
                CaseStatus::Saved(id) => Some(id.clone()),
                _ => None,
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
        app.reference = self.reference.clone();
        app.note = self.note.clone();
        for (name, text) in &self.typed {
            if let Some(fact) = DateFact::ALL.into_iter().find(|f| f.field() == name) {
                app.drafts.insert(Field::Date(fact), text.clone());
            }
        }
        if let Some(id) = &self.case_id {
            app.case = CaseStatus::Saved(id.clone());
        }
        let questions = app.intake.questions().len();
        let decided = app.intake.decide().is_ok();
        app.screen = match self.screen.as_str() {
            "reference" | "repeat" => Screen::Reference,
            "outcome" if decided => Screen::Outcome,
            "why" if decided => Screen::Why,
            // The answers page leaves only once the claim can be decided.
            "review" if decided => Screen::Review,
            _ => Screen::Question,
        };
        app.step = self.step.min(questions.saturating_sub(1));
        app.editing_claim_date = self.editing_claim_date && app.screen == Screen::Question;
        app.return_to_review = self.return_to_review;
        app.filter = self.filter.clone();
        app.cursor = self.cursor;
        app.review_cursor = self
            .review_cursor
            .min(app.review_rows().len().saturating_sub(1));
        app.scroll = self.scroll;
        if app.screen == Screen::Question && !app.editing_claim_date {
            // Puts the question's own answer in place, then the cursor back.
            let typed = app.drafts.clone();
            let cursor = self.cursor;
            app.enter_step(app.step);
            app.drafts = typed;
            app.filter = self.filter.clone();
            app.cursor = cursor;
            app.clamp_cursor();
        }
        if let Some((field, text)) = &self.editing {
            let field = match field.as_str() {
                "reference" => Some(TextField::Reference),
                "note" => Some(TextField::Note),
                _ => None,
            };
            if let Some(field) = field
                && matches!(app.screen, Screen::Outcome | Screen::Why)
            {
                app.overlay = Some(Overlay::Edit(field));
                app.editor = text.clone();
            }
        }
        // An unsaved outcome is saved again on resume.
        if matches!(app.screen, Screen::Outcome | Screen::Why) {
            app.effects.push(super::app::Effect::SaveCase);
        }
        Ok(app)
    }
}

fn screen_name(screen: Screen) -> &'static str {
    match screen {
        Screen::Resume => "resume",
        Screen::Reference => "reference",
        Screen::Repeat => "repeat",
        Screen::Question => "question",
        Screen::Outcome => "outcome",
        Screen::Why => "why",
        Screen::Review => "review",
        Screen::History => "history",
        Screen::Case => "case",
    }
}

fn field_name(field: TextField) -> &'static str {
    match field {
        TextField::Reference => "reference",
        TextField::Note => "note",
    }
}
