//! The types the wizard's screens and its session share: the effects a
//! key asks the session for, the rows the session hands back, and what
//! stands over a screen. Screens take these from here, never from
//! `app.rs`, so nothing imports back up from a screen to the dispatcher.

use super::input::TextInput;
use chrono::NaiveDate;

/// What stands over the screen, taking the keys while it is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    ConfirmNew,
    /// Delete the draft under the cursor of the resume screen?
    ConfirmDiscard,
    /// A one-line text field over the outcome: the note or order number.
    Edit(Editor),
    /// The customer's letter of a saved case: language, file, e-mail, copy.
    Letter(Box<super::letter::LetterMenu>),
}

/// The text field of an [`Overlay::Edit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub field: TextField,
    pub input: TextInput,
}

impl Editor {
    pub fn new(field: TextField, text: &str) -> Editor {
        Editor {
            field,
            input: TextInput::new(text, field.max_chars()),
        }
    }
}

/// The free-text facts of a case, besides the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Reference,
    Note,
    /// The customer's contact, set from the case screen (`u`).
    CustomerName,
    CustomerPhone,
    CustomerEmail,
}

impl TextField {
    pub fn title(self) -> &'static str {
        match self {
            TextField::Reference => "Order number or customer reference",
            TextField::Note => "Note for the case",
            TextField::CustomerName => "Customer's name (1 of 3)",
            TextField::CustomerPhone => "Customer's phone (2 of 3)",
            TextField::CustomerEmail => "Customer's e-mail (3 of 3)",
        }
    }

    /// The longest text kept: enough for any order number or a note of a
    /// few sentences, and bounded so a paste cannot swamp the screen.
    pub fn max_chars(self) -> usize {
        match self {
            TextField::Reference => 80,
            TextField::Note => 500,
            TextField::CustomerName => 100,
            TextField::CustomerPhone => 40,
            TextField::CustomerEmail => 120,
        }
    }
}

/// Work the terminal loop does for the app after a key (the app itself
/// does no I/O, so it stays testable without a terminal or a disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The outcome was (re)decided: save it in the case log, or update
    /// the case this intake already saved.
    SaveCase,
    /// Copy the hand-off summary of this intake to the clipboard.
    CopySummary,
    /// Copy the case on the case screen to the clipboard.
    CopyViewedCase,
    /// Look for earlier cases with the claim's reference and hand them
    /// back (`App::earlier_found`).
    LookUpReference,
    /// Store the reference and note with the saved case.
    SaveAnnotation,
    /// Fill the history screen's rows from the case log.
    LoadHistory,
    /// Load a case's hand-off text and open it (`App::case_opened`).
    OpenCase(String),
    /// Replace this app by the draft offered at this index.
    ResumeDraft(usize),
    /// Delete the draft offered at this index.
    DiscardDraft(usize),
    /// Leave the drafts on offer for another time.
    KeepDrafts,
    /// Fill the due queue's rows from the case log (a page more when the
    /// rows are already there and more are due).
    LoadDue,
    /// Record this event on the case on the case screen, re-deciding it
    /// when the event gives a fact, and show the case again.
    RecordEvent(EventDraft),
    /// Load this saved case into the intake, on its answers page, so a
    /// changed answer re-decides the same case.
    EditCase(String),
    /// Save the customer's contact on this saved case and show it again
    /// (as `cases contact` does).
    SaveContact {
        id: String,
        contact: crate::case::Contact,
    },
    /// Open the letter menu for saved case `id` (`App::letter_opened`):
    /// its default language and whether it can be e-mailed.
    OpenLetter(String),
    /// Save, send or copy a case's letter and record it on the case.
    Letter(super::letter::LetterJob),
}

/// An event as the case screen's form took it: what the session needs,
/// besides the agent and the time, to record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub kind: crate::case::timeline::EventKind,
    pub date: NaiveDate,
    /// The kind's own detail (tracking number, reason, amount...), as typed.
    pub detail: String,
    pub note: String,
}

impl EventDraft {
    /// The kind's extra with the detail in its slot (blank: not given).
    pub fn extra(&self) -> crate::case::timeline::EventExtra {
        use crate::case::timeline::{EventExtra, EventKind};
        let mut x = EventExtra::default();
        let detail = self.detail.trim();
        if detail.is_empty() {
            return x;
        }
        let slot = match self.kind {
            EventKind::Shipped => &mut x.tracking,
            EventKind::EvidenceSent => &mut x.what,
            EventKind::VendorRefused | EventKind::Closed | EventKind::Reopened => &mut x.reason,
            EventKind::RefundIssued | EventKind::ReplacementSent => &mut x.amount,
            _ => return x,
        };
        *slot = Some(detail.to_owned());
        x
    }
}

/// One open or waiting case of the due queue, in words (built by the
/// session from the store's derived columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub id: String,
    /// `None`: the policy states no time for what is awaited.
    pub due: Option<NaiveDate>,
    /// Days from today to the due date; negative when overdue.
    pub days_left: Option<i64>,
    pub status: String,
    pub vendor: String,
    pub issue: String,
    pub reference: String,
    pub next_action: String,
}

/// A saved case as one row of the history or repeat list (built by the
/// terminal layer from the case log, already in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: String,
    pub claim_date: NaiveDate,
    pub vendor: String,
    pub issue: String,
    pub verdict: String,
    pub reference: String,
    pub note: String,
}

impl CaseRow {
    /// Whether every word of `filter` is in some column (case-insensitive):
    /// "mitkco review 2026-11" narrows by vendor, verdict and month.
    pub fn matches(&self, filter: &str) -> bool {
        let columns = [
            &self.id,
            &self.claim_date.to_string(),
            &self.vendor,
            &self.issue,
            &self.verdict,
            &self.reference,
            &self.note,
        ]
        .map(|c| c.to_lowercase());
        filter
            .to_lowercase()
            .split_whitespace()
            .all(|word| columns.iter().any(|c| c.contains(word)))
    }
}

/// An unfinished intake on offer at start: what it was, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOffer {
    /// When it was last changed, e.g. "2026-11-21 14:02".
    pub when: String,
    /// Vendor · issue · reference, as far as answered.
    pub what: String,
    /// Where it stopped, e.g. "at Delivered on".
    pub at: String,
}

/// A case opened from the history: its id and hand-off text, and the same
/// as sections for the screen (which puts the whole answer first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewedCase {
    pub id: String,
    /// Exactly what `claimdesk cases show` prints (the copy key's text).
    pub text: String,
    /// The hand-off's sections with the timeline; empty: the screen shows
    /// `text` as it is.
    pub sections: Vec<crate::report::Section>,
    /// The notes that qualify the headline, first sentence each.
    pub headline: Vec<(crate::rules::outcome::NoteKind, String)>,
    /// The customer's contact as saved (what `u` starts from).
    pub customer: crate::case::Contact,
}

/// Where this intake stands in the case log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStatus {
    /// Not decided yet, or no case log in use.
    None,
    Saved(String),
    /// The one-line reason the case could not be saved.
    NotSaved(String),
}
