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
    /// The case key the intake's case is saved under, while it is not
    /// known to be saved (no `case_id`): its save may still have landed
    /// after the draft was written (the wizard left with it out), so
    /// resuming finds that case by the key instead of saving a second.
    #[serde(default)]
    pub case_key: Option<String>,
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

    /// The case key to resume the intake's save under ([`Draft::case_key`]),
    /// when it is one a claimdesk makes (letters, digits and `-`, as a
    /// UUID): a draft edited by hand cannot name anything else.
    pub fn resume_key(&self) -> Option<&str> {
        self.case_key.as_deref().filter(|k| {
            (1..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
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

#[cfg(test)]
mod tests {
    use super::Draft;

    fn with_key(key: Option<&str>) -> Draft {
        let json = serde_json::json!({
            "version": super::VERSION,
            "saved_at": "",
            "today": "2026-11-21",
            "claim": {},
            "screen": "outcome",
            "case_key": key,
        });
        Draft::from_json(json.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A key claimdesk makes is resumed under; anything a hand-edited
    /// draft could put there instead (control bytes, SQL, a huge string,
    /// nothing) is not.
    #[test]
    fn only_a_key_claimdesk_makes_is_resumed_under() {
        let uuid = "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
        assert_eq!(with_key(Some(uuid)).resume_key(), Some(uuid));
        for bad in [
            "",
            "a\u{1b}[2J",
            "x' OR 1=1 --",
            &"a".repeat(65),
            "pending-x y",
        ] {
            assert_eq!(with_key(Some(bad)).resume_key(), None, "{bad:?}");
        }
        assert_eq!(with_key(None).resume_key(), None);
        // A draft of before keys were kept reads as one without.
        let old =
            r#"{"version":1,"saved_at":"","today":"2026-11-21","claim":{},"screen":"outcome"}"#;
        let draft = Draft::from_json(old.as_bytes()).expect("an older draft reads");
        assert_eq!(draft.case_key, None);
    }
}
