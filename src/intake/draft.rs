//! A draft: an unfinished intake as JSON, enough to put the agent back
//! exactly where they stopped (screen, question, half-typed date,
//! reference, note). Written by the wizard and by plain mode alike, so
//! either can resume what the other left; the files themselves are
//! `store::drafts`, and each front end maps the draft onto its own state.

use super::{Field, Intake};
use crate::rules::PolicySet;
use crate::rules::claim::{ClaimInput, DateFact};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped when a field changes meaning; older drafts are still read where
/// they can be.
pub const VERSION: u32 = 1;

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
    /// How the intake was left, written on the way out: "quit" (the agent
    /// quit), "signal 15", "terminal" (its terminal closed). Absent: the
    /// program stopped without saying (killed or crashed), or is running.
    #[serde(default)]
    pub left: Option<String>,
}

impl Draft {
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

    /// The draft in words: what it is ("MillSO · Defective · order
    /// A-77") and where it stopped ("at Order date").
    pub fn describe(&self, policies: &PolicySet) -> (String, String) {
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
        (what.join(" · "), at)
    }

    /// Why the intake was left unfinished, truthfully: what the program
    /// recorded on its way out, or that it stopped without saying.
    pub fn left_words(&self) -> String {
        match self.left.as_deref() {
            Some("quit") => "left when the agent quit".to_owned(),
            Some("terminal") => "left when its terminal closed".to_owned(),
            Some(s) if s.starts_with("signal ") => {
                let name = match &s[7..] {
                    "1" => "SIGHUP",
                    "2" => "SIGINT",
                    "3" => "SIGQUIT",
                    "15" => "SIGTERM",
                    _ => "a signal",
                };
                format!("left when claimdesk was stopped ({name})")
            }
            _ => "claimdesk stopped without saying why (killed or crashed)".to_owned(),
        }
    }
}
