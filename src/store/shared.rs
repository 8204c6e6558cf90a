//! The shared log as the front ends hold it: a [`PgStore`] when the
//! database can be reached, the [`Outbox`] when it cannot.
//!
//! - At start or mid-shift, a save the database cannot take (it is down,
//!   the network dropped) goes to the outbox in the local data folder
//!   and is answered with a provisional id, `pending-<key>`; the wizard
//!   decides and saves as ever, and its header says how many wait.
//! - Before each save, and whenever the connection comes back (tried
//!   again at most every [`RETRY`]), waiting saves are sent first, in
//!   order, each under its key: none is saved twice, and ids stay in the
//!   order the claims were taken.
//! - An event (`append_event`) the database cannot take waits in the
//!   outbox too, behind the saves made before it, under a key of its own
//!   (`case_events.client_key`: resent, it is appended once). An event on
//!   a case still waiting is sent after that case, on the id it got. If
//!   the case was changed meanwhile, the event is kept but not
//!   re-decided (`cases sync` says so: record it again to re-decide).
//! - An edit of a case still waiting replaces it in the outbox; reads
//!   (history, repeat-claim look-up, a timeline, the due queue) and
//!   `purge` need the database and say so.
//! - A database that refuses (a wrong password, no permission, a newer
//!   schema) is an error at once: the outbox is only for a server that
//!   is down, shutting down, starting up or unreachable, never a way to
//!   hide a misconfiguration (`postgres::fault_of` tells the two apart).
//! - A save whose connection drops after it was sent is looked up by its
//!   case key on a new connection before it is answered: stored is
//!   "saved C-...", not stored is the outbox (sent once, by that key).

use super::outbox::{Outbox, Waiting};
use super::postgres::PgStore;
use super::{
    Case, CaseDecision, CaseRecord, CaseStore, DamagedCase, DuePage, DueQuery, Event, Filter,
    Imported, Incoming, Page, Purged, SavedMany, Search, StoreError, Streamed, WithEvents,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, Instant};

/// How often an offline store tries the database again.
pub const RETRY: Duration = Duration::from_secs(5);

/// The prefix of the id a save waiting in the outbox is answered with.
const PENDING: &str = "pending-";

/// The provisional id a save waiting in the outbox is answered with,
/// `pending-<key>`: the outbox entry's key, until `cases sync` (or the
/// next save that reaches the database) gives the case its real id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PendingId {
    key: String,
}

impl PendingId {
    /// The pending id of the outbox entry `key`.
    pub fn for_key(key: &str) -> PendingId {
        PendingId {
            key: key.to_owned(),
        }
    }

    /// `pending-<key>` read back (surrounding blanks ignored); `None` for
    /// any other id.
    pub fn parse(id: &str) -> Option<PendingId> {
        match id.trim().strip_prefix(PENDING) {
            Some(key) if !key.is_empty() => Some(PendingId::for_key(key)),
            _ => None,
        }
    }

    /// The outbox entry's key.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl std::fmt::Display for PendingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PENDING}{}", self.key)
    }
}

/// A shared log with its outbox.
pub struct SharedStore {
    url: String,
    location: String,
    outbox: Outbox,
    state: RefCell<State>,
}

struct State {
    online: Option<PgStore>,
    /// When the database was last tried while offline.
    tried: Option<Instant>,
    /// Why it could not be reached then.
    why: String,
    /// The ids saves sent from the outbox got, by case key: what a front
    /// end holding `pending-<key>` shows from then on.
    settled: HashMap<String, String>,
}

/// What sending the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    /// Saves sent.
    pub sent: usize,
    /// Events sent.
    pub events: usize,
    /// Of those, events whose case another agent changed after they were
    /// recorded: appended without their re-decision.
    pub not_redecided: usize,
    /// Still waiting (the database went away again).
    pub waiting: usize,
    /// Lines of the outbox that cannot be read (kept, never sent).
    pub unreadable: usize,
    /// Events on a case the shared log does not have (a mistyped id
    /// recorded offline): kept in the outbox, never sent.
    pub no_case: usize,
}

impl SharedStore {
    /// Connects to `url`, keeping the outbox in `data_dir`. A database
    /// that cannot be reached is not an error: saves wait in the outbox.
    pub fn open(url: &str, data_dir: &Path) -> Result<SharedStore, StoreError> {
        let location = super::postgres::credentials::target(url)
            .map(|t| t.location)
            .map_err(|detail| StoreError::Database {
                location: super::postgres::credentials::masked(url),
                detail,
                source: None,
            })?;
        let store = SharedStore {
            url: url.to_owned(),
            location,
            outbox: Outbox::in_dir(data_dir),
            state: RefCell::new(State {
                online: None,
                tried: None,
                why: String::new(),
                settled: HashMap::new(),
            }),
        };
        match PgStore::connect(url) {
            Ok(pg) => {
                tracing::info!(log = %crate::text::shown(&store.location, 200), "shared log connected");
                store.state.borrow_mut().online = Some(pg);
            }
            Err(StoreError::Unreachable { reason, .. }) => {
                tracing::warn!(log = %crate::text::shown(&store.location, 200), reason = %crate::text::shown(&reason, 300), "shared log unreachable: saves wait in the outbox");
                let mut state = store.state.borrow_mut();
                state.tried = Some(Instant::now());
                state.why = reason;
            }
            Err(e) => return Err(e),
        }
        // What waits from an earlier run is sent before the next save (or
        // by `cases sync`), not here: opening stays quick.
        Ok(store)
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Whether the database is connected now.
    pub fn is_online(&self) -> bool {
        self.state
            .borrow()
            .online
            .as_ref()
            .is_some_and(|pg| !pg.is_closed())
    }

    /// Connects again if offline and [`RETRY`] has passed (or `now_anyway`).
    fn reconnect(&self, now_anyway: bool) -> Result<(), StoreError> {
        let mut state = self.state.borrow_mut();
        if state.online.as_ref().is_some_and(PgStore::is_closed) {
            state.online = None;
        }
        if state.online.is_some() {
            return Ok(());
        }
        let due = now_anyway || state.tried.is_none_or(|t| t.elapsed() >= RETRY);
        if !due {
            return Err(self.offline(&state.why));
        }
        state.tried = Some(Instant::now());
        match PgStore::connect(&self.url) {
            Ok(pg) => {
                state.online = Some(pg);
                Ok(())
            }
            Err(e) => {
                if let StoreError::Unreachable { reason, .. } = &e {
                    state.why = reason.clone();
                }
                Err(e)
            }
        }
    }

    fn offline(&self, reason: &str) -> StoreError {
        StoreError::Unreachable {
            location: self.location.clone(),
            reason: reason.to_owned(),
            source: None,
        }
    }

    /// Runs `op` on the database; a connection found gone is dropped, so
    /// the next call tries again.
    fn with_db<T>(
        &self,
        op: impl FnOnce(&mut PgStore) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.reconnect(false)?;
        let mut state = self.state.borrow_mut();
        let Some(pg) = state.online.as_mut() else {
            return Err(self.offline("not connected"));
        };
        let result = op(pg);
        if let Err(StoreError::Unreachable { reason, .. }) = &result {
            state.why = reason.clone();
            state.online = None;
            state.tried = Some(Instant::now());
        }
        result
    }

    /// Sends the waiting saves, in order; stops at the first the database
    /// cannot take. `cases sync` and every online save call it.
    pub fn flush(&self) -> Result<Sent, StoreError> {
        self.flush_now(false)
    }

    /// [`SharedStore::flush`], trying the database now even if it was
    /// tried a moment ago (`cases sync`).
    pub fn sync(&self) -> Result<Sent, StoreError> {
        self.flush_now(true)
    }

    fn flush_now(&self, now_anyway: bool) -> Result<Sent, StoreError> {
        if self.outbox.is_empty() {
            return Ok(Sent::default());
        }
        let io = |e: std::io::Error| StoreError::Other {
            path: self.outbox.path().to_path_buf(),
            detail: format!("the outbox: {e}"),
        };
        let locked = self.outbox.lock().map_err(io)?;
        let (entries, unreadable) = locked.entries().map_err(io)?;
        let mut done = Sent {
            unreadable,
            waiting: entries.len(),
            ..Sent::default()
        };
        if entries.is_empty() {
            return Ok(done);
        }
        self.reconnect(now_anyway)?;
        // The ids the saves sent now got, by key, for the events after them.
        let mut ids: HashMap<String, String> = HashMap::new();
        for entry in entries {
            let sent_key = entry.key().to_owned();
            match entry {
                Waiting::Save(entry) => {
                    let Ok((record, at)) = entry.record() else {
                        done.unreadable += 1;
                        done.waiting -= 1;
                        continue;
                    };
                    let id = self.with_db(|pg| pg.save_keyed(&record, at, &entry.key))?;
                    self.state
                        .borrow_mut()
                        .settled
                        .insert(entry.key.clone(), id.clone());
                    ids.insert(entry.key.clone(), id);
                    done.sent += 1;
                }
                Waiting::Event(entry) => {
                    let Ok((at, redecided)) = entry.parts() else {
                        done.unreadable += 1;
                        done.waiting -= 1;
                        continue;
                    };
                    let case = match PendingId::parse(&entry.case) {
                        None => entry.case.clone(),
                        Some(pending) => match ids.get(pending.key()) {
                            Some(id) => id.clone(),
                            None => match self.with_db(|pg| pg.id_for_key(pending.key()))? {
                                Some(id) => id,
                                // Its case's save cannot be read: kept with it.
                                None => {
                                    done.unreadable += 1;
                                    done.waiting -= 1;
                                    continue;
                                }
                            },
                        },
                    };
                    let (event, key) = (&entry.event, entry.key.as_str());
                    let sent = self.with_db(|pg| {
                        pg.append_event_keyed(
                            &case,
                            entry.expected_version,
                            event,
                            redecided.as_ref(),
                            at,
                            key,
                        )
                    });
                    match sent {
                        Ok(_) => {}
                        // Changed since: the event is kept, its re-decision
                        // (made on the old version) is not.
                        Err(StoreError::Conflict { .. }) if redecided.is_some() => {
                            self.with_db(|pg| {
                                pg.append_event_keyed(&case, None, event, None, at, key)
                            })?;
                            done.not_redecided += 1;
                        }
                        Err(StoreError::NotFound { .. }) => {
                            done.no_case += 1;
                            done.waiting -= 1;
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                    done.events += 1;
                }
            }
            locked.remove(&sent_key).map_err(io)?;
            done.waiting -= 1;
        }
        Ok(done)
    }

    /// The id of the case saved with key `key`, asked on a new
    /// connection at once; `None` when it is not there or the database
    /// still cannot be reached.
    fn stored_id(&self, key: &str) -> Option<String> {
        if key.is_empty() || self.reconnect(true).is_err() {
            return None;
        }
        self.with_db(|pg| pg.id_for_key(key)).ok().flatten()
    }

    fn outbox_error(&self, e: std::io::Error) -> StoreError {
        StoreError::Other {
            path: self.outbox.path().to_path_buf(),
            detail: format!("the outbox: {e}"),
        }
    }

    /// Puts an event in the outbox under `key`; the version the case is
    /// expected to have once it is sent.
    fn queue_event(
        &self,
        key: &str,
        case: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        self.outbox
            .lock()
            .and_then(|l| l.push_event(key, case, expected_version, event, redecided, now))
            .map_err(|e| StoreError::ReadOnly {
                path: self.outbox.path().to_path_buf(),
                reason: format!(
                    "the shared case log cannot be reached and the outbox cannot be written: {e}"
                ),
            })?;
        Ok(expected_version.unwrap_or(1) + i64::from(redecided.is_some()))
    }

    /// Puts a save in the outbox; its provisional id.
    fn queue(&self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        let io = |e: std::io::Error| StoreError::ReadOnly {
            path: self.outbox.path().to_path_buf(),
            reason: format!(
                "the shared case log cannot be reached and the outbox cannot be written: {e}"
            ),
        };
        let key = self
            .outbox
            .lock()
            .and_then(|l| l.push(record, now))
            .map_err(io)?;
        Ok(PendingId::for_key(&key).to_string())
    }

    /// [`SharedStore::queue`] for one save: one already waiting under the
    /// record's key (sent again: a resumed draft's) is replaced by it,
    /// not queued twice. (A batch's keys are new: it is not read for them.)
    fn queue_once(&self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        let replaced = !record.key.is_empty()
            && self
                .outbox
                .lock()
                .and_then(|l| l.replace(&record.key, record))
                .map_err(|e| StoreError::ReadOnly {
                    path: self.outbox.path().to_path_buf(),
                    reason: format!(
                        "the shared case log cannot be reached and the outbox cannot be written: {e}"
                    ),
                })?;
        if replaced {
            return Ok(PendingId::for_key(&record.key).to_string());
        }
        self.queue(record, now)
    }
}

impl CaseStore for SharedStore {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn is_read_only(&self) -> bool {
        false
    }

    fn save(&mut self, record: &CaseRecord, now: NaiveDateTime) -> Result<String, StoreError> {
        // In order: what waits goes first.
        match self.flush() {
            Ok(sent) if sent.waiting == 0 => {}
            Ok(_) | Err(StoreError::Unreachable { .. }) => return self.queue_once(record, now),
            Err(e) => return Err(e),
        }
        let mut sent = false;
        match self.with_db(|pg| {
            sent = true;
            pg.save(record, now)
        }) {
            // The connection dropped with the save sent: it may have been
            // committed. Its key says: stored is "saved", not stored (or
            // still no answer) is the outbox, sent once under that key.
            Err(StoreError::Unreachable { .. }) if sent => match self.stored_id(&record.key) {
                Some(id) => Ok(id),
                None => self.queue_once(record, now),
            },
            // Never sent (no connection): nothing to look up, and no
            // second connect deadline to wait out.
            Err(StoreError::Unreachable { .. }) => self.queue_once(record, now),
            other => other,
        }
    }

    fn save_many(
        &mut self,
        records: &[CaseRecord],
        now: NaiveDateTime,
    ) -> Result<SavedMany, StoreError> {
        let queue_all = |this: &Self| -> Result<SavedMany, StoreError> {
            Ok(SavedMany {
                ids: records
                    .iter()
                    .map(|r| this.queue(r, now))
                    .collect::<Result<_, _>>()?,
                already: 0,
            })
        };
        match self.flush() {
            Ok(sent) if sent.waiting == 0 => {}
            Ok(_) | Err(StoreError::Unreachable { .. }) => return queue_all(self),
            Err(e) => return Err(e),
        }
        match self.with_db(|pg| pg.save_many(records, now)) {
            // A batch is all or nothing: none of it was saved (each
            // record's key finds it if it was, when the outbox is sent).
            Err(StoreError::Unreachable { .. }) => queue_all(self),
            other => other,
        }
    }

    fn update(
        &mut self,
        id: &str,
        expected_version: i64,
        record: &CaseRecord,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        if let Some(pending) = PendingId::parse(id) {
            let key = pending.key();
            let io = |e: std::io::Error| StoreError::Other {
                path: self.outbox.path().to_path_buf(),
                detail: format!("the outbox: {e}"),
            };
            if self
                .outbox
                .lock()
                .and_then(|l| l.replace(key, record))
                .map_err(io)?
            {
                return Ok(expected_version + 1);
            }
            // Sent meanwhile: edit the case it became.
            let key = key.to_owned();
            let found = self.with_db(|pg| pg.id_for_key(&key))?;
            let Some(real) = found else {
                return Err(StoreError::NotFound { id: id.to_owned() });
            };
            return self.with_db(|pg| pg.update(&real, 1, record, by, now));
        }
        self.with_db(|pg| pg.update(id, expected_version, record, by, now))
    }

    fn get(&self, id: &str) -> Result<Option<Case>, StoreError> {
        self.with_db(|pg| pg.get(id))
    }

    fn search(&self, search: &Search) -> Result<Page, StoreError> {
        self.with_db(|pg| pg.search(search))
    }

    fn count(&self, search: &Search, cap: u64) -> Result<u64, StoreError> {
        self.with_db(|pg| pg.count(search, cap))
    }

    fn total(&self) -> Result<u64, StoreError> {
        self.with_db(|pg| pg.total())
    }

    fn for_each(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Streamed) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.with_db(|pg| pg.for_each(filter, visit))
    }

    fn for_each_with_events(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(WithEvents) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.with_db(|pg| pg.for_each_with_events(filter, visit))
    }

    fn for_each_decision(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(Result<&CaseDecision, DamagedCase>) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.with_db(|pg| pg.for_each_decision(filter, visit))
    }

    fn with_reference(&self, reference: &str, limit: usize) -> Result<Vec<Case>, StoreError> {
        self.with_db(|pg| pg.with_reference(reference, limit))
    }

    fn import(&mut self, cases: &[Incoming]) -> Result<Imported, StoreError> {
        self.with_db(|pg| pg.import(cases))
    }

    /// Online, the event is sent under a key of its own (after what waits
    /// is sent); when the database cannot take it, it waits in the outbox
    /// under that key, so a resend never appends it twice. An event on a
    /// case still waiting waits behind it. Returns the version expected
    /// after (`expected_version`, plus one for a re-decision) when it waits.
    fn append_event(
        &mut self,
        id: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> Result<i64, StoreError> {
        let key = super::outbox::new_key();
        let mut id = id.trim().to_owned();
        if let Some(case_key) = PendingId::parse(&id).map(|p| p.key().to_owned()) {
            let still_waiting = self
                .outbox
                .lock()
                .and_then(|l| l.has_save(&case_key))
                .map_err(|e| self.outbox_error(e))?;
            if still_waiting {
                return self.queue_event(&key, &id, expected_version, event, redecided, now);
            }
            // Sent meanwhile: the event goes on the case it became.
            match self.with_db(|pg| pg.id_for_key(&case_key)) {
                Ok(Some(real)) => id = real,
                Ok(None) => return Err(StoreError::NotFound { id }),
                Err(StoreError::Unreachable { .. }) => {
                    return self.queue_event(&key, &id, expected_version, event, redecided, now);
                }
                Err(e) => return Err(e),
            }
        }
        // In order: what waits goes first.
        match self.flush() {
            Ok(sent) if sent.waiting == 0 => {}
            Ok(_) | Err(StoreError::Unreachable { .. }) => {
                return self.queue_event(&key, &id, expected_version, event, redecided, now);
            }
            Err(e) => return Err(e),
        }
        let sent = self.with_db(|pg| {
            pg.append_event_keyed(&id, expected_version, event, redecided, now, &key)
        });
        match sent {
            Err(StoreError::Unreachable { .. }) => {
                self.queue_event(&key, &id, expected_version, event, redecided, now)
            }
            other => other,
        }
    }

    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        self.with_db(|pg| pg.events(id))
    }

    /// The outbox first (a save waiting there answers with its pending
    /// id), then the database only while it is connected.
    fn saved_under(&self, key: &str) -> Result<Option<String>, StoreError> {
        let waiting = self
            .outbox
            .lock()
            .and_then(|l| l.has_save(key))
            .map_err(|e| self.outbox_error(e))?;
        if waiting {
            return Ok(Some(PendingId::for_key(key).to_string()));
        }
        if !self.is_online() {
            return Ok(None);
        }
        match self.with_db(|pg| pg.saved_under(key)) {
            Err(StoreError::Unreachable { .. }) => Ok(None),
            other => other,
        }
    }

    fn due(&self, query: &DueQuery) -> Result<DuePage, StoreError> {
        self.with_db(|pg| pg.due(query))
    }

    fn purge(&mut self, before: NaiveDate, whole: bool) -> Result<Purged, StoreError> {
        self.with_db(|pg| pg.purge(before, whole))
    }

    /// Also sends what waits, when the database is back (tried at most
    /// every [`RETRY`]): the wizard asks after each save.
    fn waiting(&self) -> usize {
        if !self.outbox.is_empty() {
            let _ = self.flush();
        }
        self.outbox.len()
    }

    fn settled_id(&self, pending: &str) -> Option<String> {
        let pending = PendingId::parse(pending)?;
        self.state.borrow().settled.get(pending.key()).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::PendingId;

    #[test]
    fn a_pending_id_reads_back_its_key_and_nothing_else_is_one() {
        let id = PendingId::for_key("0192-abc");
        assert_eq!(id.to_string(), "pending-0192-abc");
        assert_eq!(PendingId::parse(" pending-0192-abc "), Some(id));
        for other in ["C-20261207-0001", "pending-", "pending", "", "PENDING-x"] {
            assert_eq!(PendingId::parse(other), None, "{other:?}");
        }
    }
}
