//! The worker's writes to the case log: this intake's case saved (new, or
//! updated on the version it saved), an event or the customer's contact
//! recorded on a saved case, a case loaded to change its answers; and a
//! case read to be shown.

use super::{Out, Saved, Worker};
use crate::case::CaseRecord;
use crate::case::timeline::{self, Event};
use crate::store::{Case, CaseStore, StoreError};
use crate::wizard::effect::{CaseStatus, EventDraft, ViewedCase};
use crate::wizard::msg::Msg;

/// How many times an event is re-decided and saved again when another
/// agent changed the case in between (as `cases event` does).
const EVENT_ATTEMPTS: usize = 5;

impl Worker {
    /// Saves intake `intake`'s case: a new one, or an update of the one it
    /// saved before (based on the version it saved). With `annotate`, only
    /// the order number and note change on a case already saved (a case
    /// not saved yet gets them when it is). `None`: nothing to save.
    pub(super) fn save(
        &mut self,
        intake: u64,
        case: CaseStatus,
        record: Option<CaseRecord>,
        annotate: Option<(String, String)>,
    ) -> Option<Msg> {
        // The case this intake saved, also when its answer has not
        // reached the app yet (a key may follow a save at once).
        let id = match case {
            CaseStatus::Saved(id) => Some(id),
            _ => self
                .saved
                .as_ref()
                .filter(|s| s.intake == Some(intake))
                .map(|s| s.id.clone()),
        };
        let ours = self.saved.as_ref().filter(|s| Some(&s.id) == id.as_ref());
        let mut record = match (&annotate, ours) {
            (Some((reference, note)), Some(saved)) => {
                let mut record = saved.record.clone();
                record.reference = reference.clone();
                record.note = note.clone();
                record
            }
            // Not saved yet: the note comes with the save.
            (Some(_), None) if id.is_none() => return None,
            (_, ours) => {
                let mut record = record?;
                record.agent = self.agent.clone();
                // A case re-opened to change an answer keeps its contact.
                if let Some(saved) = ours {
                    record.customer = saved.customer_clone();
                }
                record
            }
        };
        if let Err(reason) = &self.log {
            return (annotate.is_none()).then(|| Msg::Saved {
                intake,
                result: Err(reason.clone()),
                annotated: false,
                already: false,
                waiting: 0,
            });
        }
        // A first save under a key the log holds already: a resumed
        // draft's case, whose save landed (or reached the outbox) after
        // the wizard that sent it was left. That case is taken up (and
        // changed if the draft changed it), never saved a second time.
        let found = match &id {
            None if !record.key.is_empty() => self
                .log
                .as_ref()
                .ok()
                .and_then(|log| log.saved_under(&record.key).ok().flatten()),
            _ => None,
        };
        let already = found.is_some();
        let result = match found {
            Some(found) => self.take_up(intake, &found, &mut record),
            None => self.store_case(intake, id.as_deref(), &mut record),
        };
        let waiting = self.log.as_ref().map_or(0, |log| log.waiting());
        let annotated =
            annotate.is_some() && result.as_ref().is_ok_and(|new| Some(new) == id.as_ref());
        Some(Msg::Saved {
            intake,
            result,
            annotated,
            already,
            waiting,
        })
    }

    /// Takes up case `id`, found saved under this intake's key: as it is
    /// when the log holds what the intake would save (the answers, order
    /// number and note), else changed to that (as a changed answer
    /// changes a saved case).
    fn take_up(&mut self, intake: u64, id: &str, case: &mut CaseRecord) -> Result<String, String> {
        let log = self.log.as_ref().map_err(|r| r.clone())?;
        let same = match log.get(id) {
            Ok(Some(saved))
                if saved.record.claim == case.claim
                    && saved.record.reference == case.reference.trim()
                    && saved.record.note == case.note =>
            {
                Some((saved.version, saved.record))
            }
            _ => None,
        };
        match same {
            Some((version, record)) => {
                self.saved = Some(Saved {
                    intake: Some(intake),
                    id: id.to_owned(),
                    version,
                    record,
                });
                Ok(id.to_owned())
            }
            None => self.store_case(intake, Some(id), case),
        }
    }

    /// Stores `case` as case `id` (or a new one); the id it has now.
    fn store_case(
        &mut self,
        intake: u64,
        id: Option<&str>,
        case: &mut CaseRecord,
    ) -> Result<String, String> {
        let log = self.log.as_mut().map_err(|r| r.clone())?;
        let now = crate::case::now_utc();
        let result = match id {
            // A changed answer re-decides the same case; one no longer in
            // the log (moved aside, a stale draft) is saved afresh.
            Some(id) => {
                let known = match &self.saved {
                    Some(saved) if saved.id == id => {
                        Ok(Some((saved.version, saved.record.agent.clone())))
                    }
                    // Still waiting in the outbox: replaced there (the
                    // database need not be reached to change it).
                    _ if crate::store::shared::PendingId::parse(id).is_some() => {
                        Ok(Some((1, case.agent.clone())))
                    }
                    // A resumed draft's case: based on the version in the log.
                    _ => log.get(id).map(|c| c.map(|c| (c.version, c.record.agent))),
                };
                match known {
                    Ok(Some((version, agent))) => {
                        // The case keeps the agent who first saved it.
                        case.agent = agent;
                        match log.update(id, version, case, &self.agent, now) {
                            Ok(version) => Ok((id.to_owned(), version)),
                            Err(StoreError::NotFound { .. }) => {
                                log.save(case, now).map(|id| (id, 1))
                            }
                            Err(e) => Err(e),
                        }
                    }
                    Ok(None) => log.save(case, now).map(|id| (id, 1)),
                    Err(e) => Err(e),
                }
            }
            None => log.save(case, now).map(|id| (id, 1)),
        };
        match result {
            Ok((id, version)) => {
                if crate::store::shared::PendingId::parse(&id).is_some()
                    && !self.pending.contains(&id)
                {
                    self.pending.push(id.clone());
                }
                self.saved = Some(Saved {
                    intake: Some(intake),
                    id: id.clone(),
                    version,
                    record: case.clone(),
                });
                Ok(id)
            }
            Err(e) => Err(e.brief()),
        }
    }

    /// The hand-off of saved case `id` as `claimdesk cases show` prints it.
    pub(super) fn saved_text(&self, id: &str) -> Option<String> {
        let log = self.log.as_ref().ok()?;
        let case = log.get(id).ok()??;
        Some(self.case_text(&case))
    }

    /// A saved case's hand-off, its deadlines as of today: what `claimdesk
    /// cases show` prints, timeline included.
    pub(super) fn case_text(&self, case: &Case) -> String {
        let events = match &self.log {
            Ok(log) => log.events(&case.id).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        crate::report::case_text_with_timeline(case, &events, &self.policies, self.today)
    }

    /// Case `id` to show, or why not.
    pub(super) fn open_case(&self, id: &str) -> Msg {
        let Ok(log) = &self.log else {
            return Msg::Said(String::new());
        };
        match log.get(id) {
            Ok(Some(case)) => {
                let events = log.events(&case.id).unwrap_or_default();
                let sections = crate::report::case_sections_with_timeline(
                    &case,
                    &events,
                    Some(&self.policies),
                    self.today,
                );
                Msg::CaseOpened(Box::new(ViewedCase {
                    id: id.to_owned(),
                    text: crate::report::render_text(&sections),
                    headline: crate::wizard::view::headline_notes(&case.record.outcome),
                    sections,
                    customer: case.record.customer.clone(),
                }))
            }
            Ok(None) => Msg::Said(format!("Case {id} is no longer in the log")),
            Err(e) => Msg::Said(format!("Could not open {id}: {}", e.brief())),
        }
    }

    /// Saves the customer's contact on case `id`, as `cases contact` does
    /// (retried when another agent changed the case in between), and
    /// shows the case again with it.
    pub(super) fn save_contact(&mut self, id: &str, contact: crate::case::Contact, out: &Out) {
        let log = match &mut self.log {
            Ok(log) => log,
            Err(reason) => {
                out.say(Msg::Said(format!("Contact not saved: {reason}")));
                return;
            }
        };
        let mut result = Err("the case kept changing; try again".to_owned());
        for _ in 0..EVENT_ATTEMPTS {
            let case = match log.get(id) {
                Ok(Some(case)) => case,
                Ok(None) => {
                    result = Err(format!("case {id} is no longer in the log"));
                    break;
                }
                Err(e) => {
                    result = Err(e.brief());
                    break;
                }
            };
            let mut record = case.record.clone();
            record.customer = contact.clone();
            match log.update(
                &case.id,
                case.version,
                &record,
                &self.agent,
                crate::case::now_utc(),
            ) {
                Ok(_) => {
                    result = Ok(());
                    break;
                }
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => {
                    result = Err(e.brief());
                    break;
                }
            }
        }
        match result {
            Ok(()) => {
                if let Msg::CaseOpened(case) = self.open_case(id) {
                    out.say(Msg::CaseChanged(case));
                }
                out.say(Msg::Said(format!("Customer's contact saved on {id}")));
            }
            Err(reason) => out.say(Msg::Said(format!("Contact not saved: {reason}"))),
        }
    }

    /// Records `draft` on case `id`: re-decided with the policies when the
    /// event gives a fact (`case::timeline::redecide`, as `cases event`
    /// does), saved with it in one transaction, retried when another agent
    /// changed the case in between. The case is shown again with its new
    /// status; a refusal leaves the form as typed and says why.
    pub(super) fn record_event(&mut self, id: &str, draft: &EventDraft, out: &Out) {
        let today = self.today;
        let log = match &mut self.log {
            Ok(log) => log,
            Err(reason) => {
                out.say(Msg::Said(format!("Not recorded: {reason}")));
                return;
            }
        };
        let now = crate::case::now_utc();
        let mut event = Event::new(draft.kind, draft.date, &self.agent, now);
        event.note = draft.note.trim().to_owned();
        event.extra = draft.extra();
        let mut outcome = Err("the case kept changing while it was re-decided; try again".into());
        for _ in 0..EVENT_ATTEMPTS {
            let case = match log.get(id) {
                Ok(Some(case)) => case,
                Ok(None) => {
                    outcome = Err(format!("case {id} is no longer in the log"));
                    break;
                }
                // The shared log is away: an event that gives no fact
                // re-decides nothing, so it waits in the outbox as it is.
                Err(StoreError::Unreachable { .. }) if !event.kind.gives_fact() => {
                    outcome = queue_offline(log.as_mut(), id, &event, now);
                    break;
                }
                Err(e) => {
                    outcome = Err(e.brief());
                    break;
                }
            };
            let checked = log.events(id).map_err(|e| e.brief()).and_then(|before| {
                timeline::check_against(&case, &before, &event, today)
                    .and_then(|()| timeline::redecide(&case, &event, &self.policies))
                    .map_err(|e| e.to_string())
            });
            let redecided = match checked {
                Ok(r) => r,
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            };
            let expected = redecided.as_ref().map(|_| case.version);
            match log.append_event(&case.id, expected, &event, redecided.as_ref(), now) {
                Ok(_) => {
                    let record = redecided.unwrap_or(case.record);
                    outcome = Ok(match log.events(id) {
                        Ok(events) => {
                            let standing = timeline::standing(&record, &events);
                            // In words ("waiting on vendor"), and without the
                            // case id the header already shows: the line
                            // must fit 80 columns.
                            let mut said = standing.status.id().replace('_', " ");
                            if standing.status.is_active() {
                                said.push_str(&format!(", {}", standing.due_words(today)));
                            }
                            said
                        }
                        Err(e) => e.brief(),
                    });
                    break;
                }
                Err(StoreError::Conflict { .. }) => continue,
                Err(e) => {
                    outcome = Err(e.brief());
                    break;
                }
            }
        }
        match outcome {
            Ok(standing) => {
                if let Msg::CaseOpened(case) = self.open_case(id) {
                    out.say(Msg::CaseChanged(case));
                }
                out.say(Msg::Said(format!(
                    "Recorded {} ({}): {standing}",
                    draft.kind.words(),
                    draft.date
                )));
            }
            Err(reason) => out.say(Msg::Said(format!("Not recorded: {reason}"))),
        }
    }

    /// Loads saved case `id` to change its answers: a changed answer
    /// re-decides and updates the same case (based on the version read
    /// here, so another agent's change in between is not overwritten).
    pub(super) fn edit_case(&mut self, id: &str) -> Msg {
        let Ok(log) = &self.log else {
            return Msg::Said(String::new());
        };
        let case = match log.get(id) {
            Ok(Some(case)) => case,
            Ok(None) => return Msg::Said(format!("Case {id} is no longer in the log")),
            Err(e) => return Msg::Said(format!("Could not open {id}: {}", e.brief())),
        };
        let msg = Msg::CaseToEdit {
            id: case.id.clone(),
            claim: case.record.claim.clone(),
            reference: case.record.reference.clone(),
            note: case.record.note.clone(),
        };
        self.saved = Some(Saved {
            intake: None,
            id: case.id,
            version: case.version,
            record: case.record,
        });
        msg
    }
}

impl Saved {
    fn customer_clone(&self) -> crate::case::Contact {
        self.record.customer.clone()
    }
}

/// Records `event` (one that gives no fact) on case `id` while the shared
/// log cannot be reached: the store keeps it in the outbox. The words
/// for the status line (one row: kept short).
fn queue_offline(
    log: &mut dyn CaseStore,
    id: &str,
    event: &Event,
    now: chrono::NaiveDateTime,
) -> Result<String, String> {
    timeline::check(event).map_err(|e| e.to_string())?;
    log.append_event(id, None, event, None, now)
        .map_err(|e| e.brief())?;
    Ok(format!(
        "offline: waits in the outbox ({} waiting)",
        log.waiting()
    ))
}
