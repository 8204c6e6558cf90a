//! What a draft holds: the wizard's state as JSON, enough to put the agent
//! back exactly where they stopped (screen, question, half-typed date,
//! reference, note). The files themselves are `store::drafts`.
//!
//! Restoring never trusts the file: a draft from another version, edited
//! by hand or made with policies since removed lands on a question that
//! exists, or is refused with a reason.

use super::app::{App, CaseStatus, DraftOffer, Overlay, Screen, TextField};
use crate::intake::{Field, Intake};
use crate::rules::PolicySet;
use crate::rules::claim::{ClaimInput, DateFact};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped when a field changes meaning; older drafts are still read where
/// they can be.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Draft {
    pub version: u32,
    /// Local time of the last change, `YYYY-MM-DD HH:MM`.
    pub saved_at: String,
    /// The wizard's "today" when the intake began: the default claim date
    /// stays the day the customer called.
    pub today: NaiveDate,
    /// The answers, as the claim contract's JSON.
    pub claim: serde_json::Value,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub note: String,
    pub screen: String,
    #[serde(default)]
    pub step: usize,
    #[serde(default)]
    pub editing_claim_date: bool,
    #[serde(default)]
    pub return_to_review: bool,
    #[serde(default)]
    pub cursor: usize,
    #[serde(default)]
    pub filter: String,
    /// Half-typed dates, by claim field name.
    #[serde(default)]
    pub typed: BTreeMap<String, String>,
    #[serde(default)]
    pub review_cursor: usize,
    #[serde(default)]
    pub scroll: u16,
    /// The case this intake already saved (an answer changed after the
    /// verdict): resuming updates it rather than saving a second case.
    #[serde(default)]
    pub case_id: Option<String>,
    /// An open edit field: "reference" or "note", and its text.
    #[serde(default)]
    pub editing: Option<(String, String)>,
}

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
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub fn from_json(bytes: &[u8]) -> Result<Draft, String> {
        let draft: Draft =
            serde_json::from_slice(bytes).map_err(|e| format!("not a claimdesk draft: {e}"))?;
        if draft.version > VERSION {
            return Err(format!(
                "made by a newer claimdesk (draft version {})",
                draft.version
            ));
        }
        Ok(draft)
    }

    /// How the draft is offered on the resume screen.
    pub fn offer(&self, policies: &PolicySet) -> DraftOffer {
        let input = ClaimInput::from_value(&self.claim).unwrap_or_default();
        let intake = Intake {
            input,
            ..Intake::new(policies, self.today)
        };
        let mut what: Vec<String> = Vec::new();
        for field in [Field::Vendor, Field::Issue] {
            if let Some(answer) = intake.answer_text(field) {
                what.push(answer);
            }
        }
        if !self.reference.is_empty() {
            what.push(format!("order {}", crate::text::shown(&self.reference, 24)));
        }
        if what.is_empty() {
            what.push("nothing chosen yet".into());
        }
        let at = match self.screen.as_str() {
            "reference" => "at the order number".to_owned(),
            "outcome" | "why" => "at the outcome (not saved)".to_owned(),
            "review" => "at the answers page".to_owned(),
            _ => {
                let question = if self.editing_claim_date {
                    Some(Field::Date(DateFact::Claim))
                } else {
                    intake.questions().get(self.step).map(|q| q.field)
                };
                question.map_or("at a question".into(), |f| format!("at {}", f.title()))
            }
        };
        DraftOffer {
            when: self.saved_at.clone(),
            what: what.join(" · "),
            at,
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
