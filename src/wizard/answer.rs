//! The app taking in the answers to work it asked for ([`Msg`]): saves,
//! searches, cases, letters, drafts. An answer that no longer fits what
//! is on screen (a search superseded by more typing, a look-up for an
//! intake since started over) is dropped. No I/O here.

use super::app::{App, CaseStatus, Overlay, Screen};
use super::claim::Claim;
use super::msg::Msg;
use super::screens::ReviewState;

/// The status line while the log is being opened.
pub const OPENING_STATUS: &str = "Opening the case log…";

impl App<'_> {
    /// Any message but a key (see [`App::update`]).
    pub(super) fn answer(&mut self, msg: Msg) {
        match msg {
            Msg::Key(key) => self.update(key),
            Msg::Asked(busy) => self.busy.push(busy),
            Msg::Done(busy) => {
                if let Some(i) = self.busy.iter().position(|b| *b == busy) {
                    self.busy.remove(i);
                }
            }
            Msg::LogOpened { result, waiting } => {
                self.waiting = waiting;
                if self.status.as_deref() == Some(OPENING_STATUS) {
                    self.status = None;
                }
                if let Err(reason) = result {
                    self.status = Some(format!("Not saving cases: {reason}"));
                }
            }
            Msg::Saved {
                intake,
                result,
                annotated,
                already,
                waiting,
            } => {
                self.waiting = waiting;
                if intake == self.claim.intake_id {
                    if let (true, Ok(id)) = (already, &result) {
                        self.status = Some(format!(
                            "Already saved as {id} (before the wizard was left): no second case"
                        ));
                    }
                    self.saved(result, annotated);
                }
            }
            Msg::Settled {
                pending,
                id,
                waiting,
            } => {
                self.waiting = waiting;
                // The header, the copy key and the repeat look-up use the
                // id the case got.
                if self.claim.case == CaseStatus::Saved(pending) {
                    self.claim.case = CaseStatus::Saved(id);
                }
            }
            Msg::Earlier {
                intake,
                reference,
                rows,
                newest_text,
                advice,
                open,
            } => {
                if intake == self.claim.intake_id && reference == self.claim.reference {
                    self.earlier_open(open);
                    self.earlier_found(rows, newest_text, advice);
                }
            }
            Msg::History { query, more, page } => self.history_page(query, more, page),
            Msg::Due(page) => {
                let Screen::Due(due) = &mut self.screen else {
                    return;
                };
                match page {
                    Ok(page) => {
                        due.rows = page.rows;
                        due.cursor = due.cursor.min(due.rows.len().saturating_sub(1));
                        due.more = page.more;
                        due.error = None;
                        if page.left_out.is_some() {
                            self.status = page.left_out;
                        }
                    }
                    Err(reason) => due.error = Some(reason),
                }
            }
            Msg::CaseOpened(case) => self.case_opened(*case),
            Msg::CaseChanged(case) => {
                if self.case_view().is_some_and(|v| v.case.id == case.id) {
                    self.case_opened(*case);
                }
            }
            Msg::CaseToEdit {
                id,
                claim,
                reference,
                note,
            } => {
                let blank = self.claim.blank.clone();
                let mut intake = blank.clone();
                intake.input = claim;
                let mut claim = Claim::new(intake);
                claim.blank = blank;
                claim.reference = reference;
                claim.note = note;
                claim.case = CaseStatus::Saved(id.clone());
                self.claim = claim;
                self.screen = Screen::Review(ReviewState::default());
                self.overlay = None;
                self.status = Some(format!(
                    "Case {id}: change an answer and the case is re-decided"
                ));
            }
            Msg::LetterOpened(menu) => self.letter_opened(*menu),
            Msg::LetterMade => {
                if matches!(self.overlay, Some(Overlay::Letter(_))) {
                    self.overlay = None;
                }
            }
            Msg::Resumed(draft) => match draft.restore(self.claim.blank.policies) {
                Ok(mut resumed) => {
                    resumed.claim.intake.purchase_country =
                        self.claim.blank.purchase_country.clone();
                    resumed.claim.blank = self.claim.blank.clone();
                    resumed.status = Some(format!("Resumed the intake saved {}", draft.saved_at));
                    resumed.waiting = self.waiting;
                    resumed.busy = std::mem::take(&mut self.busy);
                    *self = resumed;
                }
                Err(reason) => {
                    self.status = Some(format!("That draft cannot be resumed: {reason}"));
                }
            },
            Msg::Said(words) | Msg::Clipboard { said: words, .. } => {
                if !words.is_empty() {
                    self.status = Some(words);
                }
            }
        }
    }

    /// This intake's case saved (its id), or why not.
    fn saved(&mut self, result: Result<String, String>, annotated: bool) {
        match result {
            Ok(id) => {
                if annotated {
                    self.status = Some(format!("Saved to case {id}"));
                }
                self.claim.case = CaseStatus::Saved(id);
                self.claim.case_behind = false;
            }
            Err(reason) => {
                self.status = Some(format!("Not saved: {reason}"));
                match &self.claim.case {
                    // The id stays, so a later save updates it rather than
                    // adding a second case; the draft keeps the changes.
                    CaseStatus::Saved(_) => self.claim.case_behind = true,
                    _ => self.claim.case = CaseStatus::NotSaved(reason),
                }
            }
        }
    }

    /// A page of the history's search, if the history still shows that
    /// search (more typing has superseded it otherwise).
    fn history_page(
        &mut self,
        query: String,
        more: bool,
        page: Result<super::msg::HistoryPage, String>,
    ) {
        let Screen::History(history) = &mut self.screen else {
            return;
        };
        if query != history.filter.value() || (more && query != history.query) {
            return;
        }
        history.query = query;
        match page {
            Ok(page) => {
                if more {
                    history.rows.extend(page.rows);
                } else {
                    history.rows = page.rows;
                    history.cursor = history.cursor.min(history.rows.len().saturating_sub(1));
                    history.total = page.total;
                    history.matched = page.matched;
                }
                history.more = page.next;
                history.error = None;
                if page.left_out.is_some() {
                    self.status = page.left_out;
                }
            }
            Err(reason) => {
                history.error = Some(reason);
                history.more = false;
            }
        }
    }
}
