//! The wizard's I/O: the case log, the draft file, the clipboard and the
//! customer's letter (`session/letter.rs`). The
//! app asks for these as [`Effect`]s; the session carries them out and
//! hands results back through the app's methods, so the app stays a state
//! machine that tests drive without a disk.

use super::app::{App, CaseRow, CaseStatus, DueRow, Effect, EventDraft, Screen, ViewedCase};
use super::claim::Claim;
use super::draft::Draft;
use super::screens::{DueState, HistoryState, ReviewState};
use crate::case::CaseBrief;
use crate::case::timeline::{self, Event};
use crate::intake::Intake;
use crate::report::{CaseHeader, Summary, summary_text};
use crate::rules::PolicySet;
use crate::store::drafts::{DraftSlot, DraftStore, Orphan};
use crate::store::{Case, CaseRecord, CaseStore, DueQuery, Search, StoreError};
use std::io;
use std::path::{Path, PathBuf};

mod letter;
use letter::copy_summary;

/// Why there is no log yet, while it is being opened.
const OPENING: &str = "the case log is being opened";

/// The status line while the log is being opened.
const OPENING_STATUS: &str = "Opening the case log…";

/// How many saved cases the history screen reads at a time (newest
/// first); more are read as the cursor nears the end of those. The search
/// runs in the database over every case, so a million-case log costs what
/// a small one does.
const HISTORY_PAGE: usize = 100;

/// When the cursor comes this close to the last row read, the next page
/// is read.
const HISTORY_AHEAD: usize = 40;

/// Matches are counted up to this many ("1000+ of 1000000 cases"), so a
/// common word costs no more than a rare one.
const COUNT_CAP: u64 = 1_000;

/// How many earlier cases on the same order the repeat page lists.
const REPEAT_LIMIT: usize = 50;

/// How many cases of the due queue are read at a time; a page more is read
/// as the cursor nears the end of those (an index range in the store, so
/// the log's size does not matter).
const DUE_PAGE: usize = 100;

/// How many times an event is re-decided and saved again when another
/// agent changed the case in between (as `cases event` does).
const EVENT_ATTEMPTS: usize = 5;

/// What the wizard keeps besides the claim.
pub struct Session<'p> {
    policies: &'p PolicySet,
    /// What every new claim starts from (today, the usual country).
    blank: Intake<'p>,
    /// The case log, or the one line saying why there is none.
    pub log: Result<Box<dyn CaseStore>, String>,
    /// The log being opened on a thread of its own, so the first frame is
    /// drawn at once even when the database does not answer (a connect
    /// may take its whole deadline).
    opening: Option<std::sync::mpsc::Receiver<Result<Box<dyn CaseStore>, String>>>,
    /// The case this intake saved, as saved: its version (an update is
    /// refused if someone changed it since) and its record.
    saved: Option<(String, i64, CaseRecord)>,
    /// Where the history's next page starts.
    history_next: Option<crate::store::Cursor>,
    /// The agent's name from config.toml, stamped on saved cases.
    pub agent: String,
    drafts: Option<DraftStore>,
    /// This wizard's draft files; `None` when drafts cannot be kept.
    slot: Option<DraftSlot>,
    /// The draft last written (without its timestamp), so unchanged state
    /// is not rewritten on every key.
    last_draft: Option<Draft>,
    /// Drafts left by wizards that stopped, on offer at start.
    offered: Vec<(Orphan, Draft)>,
    /// Why drafts are not kept or one could not be read, for the status
    /// line at start.
    pub draft_problem: Option<String>,
    /// The last draft write failed (reported once until one succeeds).
    draft_failing: bool,
    /// The letter's settings from config.toml, and the data folder's
    /// `letters/` (none without a data folder).
    post: crate::letter::deliver::Post,
    letters_dir: Option<PathBuf>,
}

impl<'p> Session<'p> {
    /// A session starting claims from `blank` and keeping cases and
    /// drafts in `data_dir` (none: neither).
    pub fn open(blank: Intake<'p>, data_dir: Option<&Path>, agent: String) -> Self {
        let policies = blank.policies;
        let (log, opening) = match data_dir {
            Some(dir) => {
                let (send, receive) = std::sync::mpsc::channel();
                let dir = dir.to_path_buf();
                std::thread::spawn(move || {
                    let _ = send.send(crate::store::open_in(&dir).map_err(|e| e.brief()));
                });
                (Err(OPENING.to_owned()), Some(receive))
            }
            None => (
                Err("no data folder on this system (use --data-dir)".to_owned()),
                None,
            ),
        };
        let mut session = Session {
            policies,
            blank,
            log,
            opening,
            saved: None,
            history_next: None,
            agent,
            drafts: None,
            slot: None,
            last_draft: None,
            offered: Vec::new(),
            draft_problem: None,
            draft_failing: false,
            post: crate::letter::deliver::Post::default(),
            letters_dir: data_dir.map(|d| d.join(crate::letter::deliver::LETTERS_DIR)),
        };
        if let Some(dir) = data_dir {
            match DraftStore::open_in(dir).and_then(|store| Ok((store.new_slot()?, store))) {
                Ok((slot, store)) => {
                    session.slot = Some(slot);
                    session.drafts = Some(store);
                }
                Err(e) => session.draft_problem = Some(format!("drafts are not kept: {e}")),
            }
        }
        session
    }

    /// The letter's settings (config.toml's desk and SMTP keys).
    pub fn with_post(mut self, post: crate::letter::deliver::Post) -> Self {
        self.post = post;
        self
    }

    /// Whether the log is still being opened.
    pub fn log_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Takes the opened log if it is there (`wait`: waits for it, as
    /// long as the connect's own deadline). Returns whether it arrived,
    /// with the app's header and status brought up to date.
    pub fn poll_log(&mut self, app: &mut App<'p>, wait: bool) -> bool {
        let Some(receive) = &self.opening else {
            return false;
        };
        let opened = if wait {
            receive.recv().ok()
        } else {
            match receive.try_recv() {
                Ok(log) => Some(log),
                Err(std::sync::mpsc::TryRecvError::Empty) => return false,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
            }
        };
        // The thread ended without an answer only if opening panicked.
        let log = opened.unwrap_or_else(|| Err("the case log could not be opened".to_owned()));
        self.opening = None;
        self.log = log;
        app.waiting = self.log.as_ref().map_or(0, |log| log.waiting());
        if app.status.as_deref() == Some(OPENING_STATUS) {
            app.status = None;
        }
        if let Err(reason) = &self.log {
            app.status = Some(format!("Not saving cases: {reason}"));
        }
        true
    }

    /// The app to start with: a new claim, with any unfinished intakes a
    /// stopped wizard left offered first.
    pub fn first_app(&mut self) -> App<'p> {
        let mut unreadable = 0;
        if let Some(store) = &self.drafts {
            for orphan in store.orphans() {
                match Draft::from_json(&orphan.bytes) {
                    Ok(draft) => self.offered.push((orphan, draft)),
                    // Left on disk for a person to look at, not offered.
                    Err(_) => unreadable += 1,
                }
            }
        }
        if unreadable > 0 && self.draft_problem.is_none() {
            self.draft_problem = Some(format!(
                "{unreadable} draft(s) could not be read; they are left in {}",
                self.drafts
                    .as_ref()
                    .map_or(String::new(), |d| d.dir().display().to_string())
            ));
        }
        let offers = self
            .offered
            .iter()
            .map(|(_, draft)| draft.offer(self.policies))
            .collect();
        let mut app = App::with_offers(self.blank.clone(), offers);
        app.waiting = self.log.as_ref().map_or(0, |log| log.waiting());
        if self.opening.is_some() {
            app.status = Some(OPENING_STATUS.to_owned());
        } else if let Err(reason) = &self.log {
            app.status = Some(format!("Not saving cases: {reason}"));
        } else if let Some(problem) = &self.draft_problem {
            app.status = Some(problem.clone());
        }
        app
    }

    /// Carries out what the last key asked for. The draft is kept in step
    /// by [`Session::keep_draft`], once per batch of keys (a paste of
    /// thousands of keys would otherwise write the draft thousands of times).
    pub fn carry_out(&mut self, app: &mut App<'p>) -> io::Result<()> {
        // What needs the log waits for it to open (at most the connect's
        // deadline); typing before that never does.
        if !app.effects.is_empty() {
            self.poll_log(app, true);
        }
        // Effects may queue more (a resumed outcome saves itself).
        while !app.effects.is_empty() {
            for effect in std::mem::take(&mut app.effects) {
                self.carry_out_one(app, effect)?;
            }
        }
        self.sync_history(app);
        self.sync_due(app);
        self.settle_pending(app);
        Ok(())
    }

    /// A case saved while the shared log was away carries `pending-<key>`
    /// until the outbox sends it: then the header, the copy key and the
    /// repeat-claim look-up use the id it got.
    fn settle_pending(&mut self, app: &mut App<'p>) {
        let CaseStatus::Saved(id) = &app.claim.case else {
            return;
        };
        if crate::store::shared::PendingId::parse(id).is_none() {
            return;
        }
        if let Ok(log) = &self.log
            && let Some(real) = log.settled_id(id)
        {
            app.claim.case = CaseStatus::Saved(real);
        }
    }

    fn carry_out_one(&mut self, app: &mut App<'p>, effect: Effect) -> io::Result<()> {
        match effect {
            Effect::SaveCase => self.save(app),
            Effect::CopySummary => app.status = Some(copy_summary(&self.summary(app))?),
            Effect::CopyViewedCase => {
                if let Screen::Case(view) = &app.screen {
                    app.status = Some(copy_summary(&view.case.text)?);
                }
            }
            Effect::LookUpReference => self.look_up_reference(app),
            Effect::SaveAnnotation => self.annotate(app),
            Effect::LoadHistory => self.load_history(app),
            Effect::OpenCase(id) => self.open_case(app, &id),
            Effect::ResumeDraft(index) => self.resume(app, index),
            Effect::DiscardDraft(index) => {
                if index < self.offered.len() {
                    let (orphan, _) = self.offered.remove(index);
                    if let Err(e) = orphan.slot.remove() {
                        app.status = Some(format!("Could not delete the draft: {e}"));
                    }
                }
            }
            // Dropping the slots unlocks them for the next start.
            Effect::KeepDrafts => self.offered.clear(),
            Effect::LoadDue => {
                if let Screen::Due(due) = &mut app.screen {
                    app.status = self.read_due(due, DUE_PAGE).or(app.status.take());
                }
            }
            Effect::RecordEvent(draft) => self.record_event(app, &draft),
            Effect::EditCase(id) => self.edit_case(app, &id),
            Effect::SaveContact { id, contact } => self.save_contact(app, &id, contact),
            Effect::OpenLetter(id) => self.open_letter(app, &id),
            Effect::Letter(job) => self.letter(app, &job)?,
        }
        Ok(())
    }

    fn resume(&mut self, app: &mut App<'p>, index: usize) {
        if index >= self.offered.len() {
            return;
        }
        let (orphan, draft) = self.offered.remove(index);
        match draft.restore(self.policies) {
            Ok(mut resumed) => {
                resumed.claim.intake.purchase_country = self.blank.purchase_country.clone();
                resumed.claim.blank = self.blank.clone();
                resumed.status = Some(format!("Resumed the intake saved {}", draft.saved_at));
                *app = resumed;
                // The resumed draft's files become this wizard's; its own
                // fresh slot (nothing written yet) is let go.
                if let Some(old) = self.slot.replace(orphan.slot) {
                    let _ = old.remove();
                }
                self.last_draft = None;
                // The rest stay on disk for another time.
                self.offered.clear();
            }
            Err(reason) => {
                app.status = Some(format!("That draft cannot be resumed: {reason}"));
                self.offered.insert(index, (orphan, draft));
            }
        }
    }

    /// Writes the draft when the app holds work the case log does not, and
    /// removes it once it does not. A draft that cannot be written is
    /// reported once in the status line; the wizard goes on.
    /// The last draft write on the way out, saying how the intake was left
    /// ([`Draft::left`]), so the next start words the cause truthfully.
    pub fn leave(&mut self, app: &mut App<'p>, how: &str) {
        let (Some(slot), true) = (&mut self.slot, app.needs_draft()) else {
            self.keep_draft(app);
            return;
        };
        let mut draft = Draft::capture(app, String::new());
        draft.left = Some(how.to_owned());
        draft.saved_at = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
        // Nobody is left to tell if this fails: the last draft stands.
        let _ = slot.write(&draft.to_json());
    }

    pub fn keep_draft(&mut self, app: &mut App<'p>) {
        let Some(slot) = &mut self.slot else {
            return;
        };
        let result = if app.needs_draft() {
            // Compared without the timestamp: a minute ticking over is no
            // reason to write.
            let draft = Draft::capture(app, String::new());
            if self.last_draft.as_ref() == Some(&draft) {
                return;
            }
            let mut stamped = draft.clone();
            stamped.saved_at = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
            let written = slot.write(&stamped.to_json());
            self.last_draft = Some(draft);
            written
        } else {
            self.last_draft = None;
            slot.clear()
        };
        match result {
            Ok(()) => self.draft_failing = false,
            Err(e) => {
                // Said once; the slot stays ours (letting go would offer a
                // stale draft to another wizard) and the next change retries.
                if !self.draft_failing {
                    app.status = Some(format!("Draft not kept: {e}"));
                }
                self.draft_failing = true;
                self.last_draft = None;
            }
        }
    }

    fn save(&mut self, app: &mut App<'p>) {
        let (Ok(outcome), Some(policy)) = (app.outcome(), app.claim.intake.policy()) else {
            return;
        };
        let mut case = CaseRecord::from_decision(&app.claim.intake.input, &outcome, policy);
        case.agent = self.agent.clone();
        case.reference = app.claim.reference.clone();
        case.note = app.claim.note.clone();
        // A case re-opened to change an answer keeps its contact details.
        if let (CaseStatus::Saved(id), Some((saved_id, _, saved))) = (&app.claim.case, &self.saved)
            && id == saved_id
        {
            case.customer = saved.customer.clone();
        }
        self.store_case(app, case);
    }

    /// Saves `case` as this intake's case: a new one, or an update of the
    /// one it saved before (based on the version it saved).
    fn store_case(&mut self, app: &mut App<'p>, mut case: CaseRecord) {
        let log = match &mut self.log {
            Ok(log) => log,
            Err(reason) => {
                app.status = Some(format!("Not saved: {reason}"));
                app.claim.case = CaseStatus::NotSaved(reason.clone());
                return;
            }
        };
        let now = crate::case::now_utc();
        let result = match &app.claim.case {
            // A changed answer re-decides the same case; one no longer in
            // the log (moved aside, a stale draft) is saved afresh.
            CaseStatus::Saved(id) => {
                let known = match &self.saved {
                    Some((saved_id, version, record)) if saved_id == id => {
                        Ok(Some((*version, record.agent.clone())))
                    }
                    // A resumed draft's case: based on the version in the log.
                    _ => log.get(id).map(|c| c.map(|c| (c.version, c.record.agent))),
                };
                match known {
                    Ok(Some((version, agent))) => {
                        // The case keeps the agent who first saved it.
                        case.agent = agent;
                        match log.update(id, version, &case, &self.agent, now) {
                            Ok(version) => Ok((id.clone(), version)),
                            Err(StoreError::NotFound { .. }) => {
                                log.save(&case, now).map(|id| (id, 1))
                            }
                            Err(e) => Err(e),
                        }
                    }
                    Ok(None) => log.save(&case, now).map(|id| (id, 1)),
                    Err(e) => Err(e),
                }
            }
            _ => log.save(&case, now).map(|id| (id, 1)),
        };
        app.waiting = log.waiting();
        match result {
            Ok((id, version)) => {
                self.saved = Some((id.clone(), version, case));
                app.claim.case = CaseStatus::Saved(id);
                app.claim.case_behind = false;
            }
            Err(e) => {
                app.status = Some(format!("Not saved: {}", e.brief()));
                match &app.claim.case {
                    // The id stays, so a later save updates it rather than
                    // adding a second case; the draft keeps the changes.
                    CaseStatus::Saved(_) => app.claim.case_behind = true,
                    _ => app.claim.case = CaseStatus::NotSaved(e.brief()),
                }
            }
        }
    }

    /// Stores the reference and note with the saved case (a case not yet
    /// saved gets them when it is).
    fn annotate(&mut self, app: &mut App<'p>) {
        let CaseStatus::Saved(id) = &app.claim.case else {
            return;
        };
        if self.log.is_err() {
            return;
        }
        let id = id.clone();
        let mut case = match &self.saved {
            Some((saved_id, _, record)) if *saved_id == id => record.clone(),
            // Not saved by this session: the decision on screen.
            _ => {
                self.save(app);
                return;
            }
        };
        case.reference = app.claim.reference.clone();
        case.note = app.claim.note.clone();
        self.store_case(app, case);
        if !app.claim.case_behind && matches!(&app.claim.case, CaseStatus::Saved(now) if *now == id)
        {
            app.status = Some(format!("Saved to case {id}"));
        }
    }

    fn look_up_reference(&mut self, app: &mut App<'p>) {
        let Ok(log) = &self.log else {
            return;
        };
        // Newest first, through the reference index.
        let mut earlier = match log.with_reference(&app.claim.reference, REPEAT_LIMIT) {
            Ok(cases) => cases,
            Err(e) => {
                app.status = Some(format!("Could not look up earlier cases: {}", e.brief()));
                return;
            }
        };
        if let CaseStatus::Saved(own) = &app.claim.case {
            earlier.retain(|c| &c.id != own);
        }
        let (text, advice) = match earlier.first() {
            Some(newest) => (
                self.case_text(newest),
                self.repeat_advice(newest.record.vendor()),
            ),
            None => (String::new(), String::new()),
        };
        let rows = earlier.iter().map(|c| self.row(&brief(c))).collect();
        // Newest first: the first still open or waiting is the one a
        // callback continues.
        let open = earlier
            .iter()
            .find(|c| {
                log.events(&c.id)
                    .map(|events| timeline::standing(&c.record, &events).status.is_active())
                    .unwrap_or(false)
            })
            .map(|c| c.id.clone());
        app.earlier_open(open);
        app.earlier_found(rows, text, advice);
    }

    fn repeat_advice(&self, vendor: &str) -> String {
        crate::report::repeat_advice(self.policies, vendor)
    }

    /// Ctrl-R: the first page of every case, and how many there are.
    fn load_history(&mut self, app: &mut App<'p>) {
        let Screen::History(history) = &mut app.screen else {
            return;
        };
        history.query = history.filter.value().to_owned();
        let status = self.search_history(history, false);
        app.status = status.or(app.status.take());
    }

    /// Keeps the history in step with the filter typed (a new search) and
    /// the cursor (the next page when it nears the end of those read).
    fn sync_history(&mut self, app: &mut App<'p>) {
        let Screen::History(history) = &mut app.screen else {
            return;
        };
        let status = if history.filter.value() != history.query {
            history.query = history.filter.value().to_owned();
            self.search_history(history, false)
        } else if self.history_next.is_some()
            && history.cursor + HISTORY_AHEAD >= history.rows.len()
        {
            self.search_history(history, true)
        } else {
            None
        };
        app.status = status.or(app.status.take());
    }

    /// Reads a page of the search for `history.query`: the first
    /// (replacing the rows and counting the matches) or the next. Returns
    /// a status line when some cases were left out.
    fn search_history(&mut self, history: &mut HistoryState, more: bool) -> Option<String> {
        let log = match &self.log {
            Ok(log) => log,
            Err(reason) => {
                history.error = Some(reason.clone());
                return None;
            }
        };
        let search = Search {
            words: history.query.clone(),
            after: if more { self.history_next } else { None },
            limit: HISTORY_PAGE,
            ..Search::default()
        };
        let counted = if more {
            Ok((history.total, history.matched))
        } else {
            log.total()
                .and_then(|total| Ok((total, log.count(&search, COUNT_CAP + 1)?)))
        };
        match (log.search(&search), counted) {
            (Ok(page), Ok((total, matched))) => {
                let rows = page.cases.iter().map(|c| self.row(c));
                if more {
                    history.rows.extend(rows);
                } else {
                    history.rows = rows.collect();
                    history.cursor = history.cursor.min(history.rows.len().saturating_sub(1));
                }
                history.total = total;
                history.matched = matched;
                history.error = None;
                self.history_next = page.next;
                // The rest are listed; the damaged ones are named.
                crate::store::left_out_line(&page.damaged)
            }
            (Err(e), _) | (_, Err(e)) => {
                history.error = Some(e.brief());
                None
            }
        }
    }

    fn open_case(&mut self, app: &mut App<'p>, id: &str) {
        let Ok(log) = &self.log else {
            return;
        };
        match log.get(id) {
            Ok(Some(case)) => {
                let events = log.events(&case.id).unwrap_or_default();
                let sections = crate::report::case_sections_with_timeline(
                    &case,
                    &events,
                    Some(self.policies),
                    self.blank.today,
                );
                app.case_opened(ViewedCase {
                    id: id.to_owned(),
                    text: crate::report::render_text(&sections),
                    headline: super::view::headline_notes(&case.record.outcome),
                    sections,
                    customer: case.record.customer.clone(),
                });
            }
            Ok(None) => app.status = Some(format!("Case {id} is no longer in the log")),
            Err(e) => app.status = Some(format!("Could not open {id}: {}", e.brief())),
        }
    }

    /// Reads the first `limit` cases of the due queue into `due`, as of
    /// the session's today. Returns a status line when some cases were
    /// left out.
    fn read_due(&self, due: &mut DueState, limit: usize) -> Option<String> {
        let log = match &self.log {
            Ok(log) => log,
            Err(reason) => {
                due.error = Some(reason.clone());
                return None;
            }
        };
        let query = DueQuery {
            until: None,
            agent: None,
            limit,
        };
        match log.due(&query) {
            Ok(page) => {
                let today = self.blank.today;
                due.rows = page
                    .cases
                    .iter()
                    .map(|c| {
                        let (vendor, issue) = self.in_words(&c.vendor, &c.issue);
                        DueRow {
                            id: c.id.clone(),
                            due: c.due,
                            days_left: c.due.map(|d| (d - today).num_days()),
                            status: c.status.id().replace('_', " "),
                            vendor,
                            issue,
                            reference: c.reference.clone(),
                            next_action: c.next_action.clone(),
                        }
                    })
                    .collect();
                due.cursor = due.cursor.min(due.rows.len().saturating_sub(1));
                due.more = page.more;
                due.error = None;
                crate::store::left_out_line(&page.damaged)
            }
            Err(e) => {
                due.error = Some(e.brief());
                None
            }
        }
    }

    /// A page more of the due queue when the cursor nears the end of the
    /// rows read.
    fn sync_due(&mut self, app: &mut App<'p>) {
        if let Screen::Due(due) = &mut app.screen
            && due.more
            && due.cursor + HISTORY_AHEAD >= due.rows.len()
        {
            let limit = due.rows.len() + DUE_PAGE;
            app.status = self.read_due(due, limit).or(app.status.take());
        }
    }

    /// Saves the customer's contact on case `id`, as `cases contact` does
    /// (retried when another agent changed the case in between), and
    /// shows the case again with it.
    fn save_contact(&mut self, app: &mut App<'p>, id: &str, contact: crate::case::Contact) {
        let log = match &mut self.log {
            Ok(log) => log,
            Err(reason) => {
                app.status = Some(format!("Contact not saved: {reason}"));
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
                self.open_case(app, id);
                app.status = Some(format!("Customer's contact saved on {id}"));
            }
            Err(reason) => app.status = Some(format!("Contact not saved: {reason}")),
        }
    }

    /// Records `draft` on the case on screen: re-decided with the policies
    /// when the event gives a fact (`case::timeline::redecide`, as `cases
    /// event` does), saved with it in one transaction, retried when another
    /// agent changed the case in between. The case is shown again with
    /// its new status; a refusal leaves the form as typed and says why.
    fn record_event(&mut self, app: &mut App<'p>, draft: &EventDraft) {
        let Some(id) = app.case_view().map(|v| v.case.id.clone()) else {
            return;
        };
        let log = match &mut self.log {
            Ok(log) => log,
            Err(reason) => {
                app.status = Some(format!("Not recorded: {reason}"));
                return;
            }
        };
        let now = crate::case::now_utc();
        let mut event = Event::new(draft.kind, draft.date, &self.agent, now);
        event.note = draft.note.trim().to_owned();
        event.extra = draft.extra();
        let mut outcome = Err("the case kept changing while it was re-decided; try again".into());
        for _ in 0..EVENT_ATTEMPTS {
            let case = match log.get(&id) {
                Ok(Some(case)) => case,
                Ok(None) => {
                    outcome = Err(format!("case {id} is no longer in the log"));
                    break;
                }
                // The shared log is away: an event that gives no fact
                // re-decides nothing, so it waits in the outbox as it is.
                Err(StoreError::Unreachable { .. }) if !event.kind.gives_fact() => {
                    outcome = queue_offline(log.as_mut(), &id, &event, now);
                    break;
                }
                Err(e) => {
                    outcome = Err(e.brief());
                    break;
                }
            };
            let checked = log.events(&id).map_err(|e| e.brief()).and_then(|before| {
                timeline::check_against(&case, &before, &event, self.blank.today)
                    .and_then(|()| timeline::redecide(&case, &event, self.policies))
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
                    outcome = Ok(match log.events(&id) {
                        Ok(events) => {
                            let standing = timeline::standing(&record, &events);
                            // In words ("waiting on vendor"), and without the
                            // case id the header already shows: the line
                            // must fit 80 columns.
                            let mut said = standing.status.id().replace('_', " ");
                            if standing.status.is_active() {
                                said.push_str(&format!(
                                    ", {}",
                                    standing.due_words(self.blank.today)
                                ));
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
                self.open_case(app, &id);
                app.status = Some(format!(
                    "Recorded {} ({}): {standing}",
                    draft.kind.words(),
                    draft.date
                ));
            }
            Err(reason) => app.status = Some(format!("Not recorded: {reason}")),
        }
    }

    /// Loads saved case `id` into the intake on its answers page: a changed
    /// answer re-decides and updates the same case (based on the version
    /// read here, so another agent's change in between is not overwritten).
    fn edit_case(&mut self, app: &mut App<'p>, id: &str) {
        let Ok(log) = &self.log else {
            return;
        };
        let case = match log.get(id) {
            Ok(Some(case)) => case,
            Ok(None) => {
                app.status = Some(format!("Case {id} is no longer in the log"));
                return;
            }
            Err(e) => {
                app.status = Some(format!("Could not open {id}: {}", e.brief()));
                return;
            }
        };
        let mut intake = self.blank.clone();
        intake.input = case.record.claim.clone();
        let mut claim = Claim::new(intake);
        claim.blank = self.blank.clone();
        claim.reference = case.record.reference.clone();
        claim.note = case.record.note.clone();
        claim.case = CaseStatus::Saved(case.id.clone());
        app.claim = claim;
        app.screen = Screen::Review(ReviewState::default());
        app.overlay = None;
        app.status = Some(format!(
            "Case {id}: change an answer and the case is re-decided"
        ));
        self.saved = Some((case.id, case.version, case.record));
    }

    /// A saved case in words, for the history and repeat lists.
    fn row(&self, record: &CaseBrief) -> CaseRow {
        let (vendor, issue) = self.in_words(&record.vendor, &record.issue);
        let verdict = record.verdict.replace('_', " ");
        CaseRow {
            id: record.id.clone(),
            claim_date: record.claim_date,
            vendor,
            issue,
            verdict,
            reference: record.reference.clone(),
            note: record.note.clone(),
        }
    }

    /// A vendor and issue id as the policy names them ("Mitkco", "Damaged
    /// in transit"); the ids themselves when the policy does not know them.
    fn in_words(&self, vendor: &str, issue: &str) -> (String, String) {
        let policy = self.policies.vendor(vendor);
        let issue = policy
            .and_then(|p| p.issue_index(issue).map(|i| p.issues[i].label.clone()))
            .unwrap_or_else(|| issue.to_owned());
        (policy.map_or(vendor.to_owned(), |p| p.name.clone()), issue)
    }

    /// A saved case's hand-off, its deadlines as of the session's today:
    /// what `claimdesk cases show` prints, timeline included.
    fn case_text(&self, case: &Case) -> String {
        let events = match &self.log {
            Ok(log) => log.events(&case.id).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        crate::report::case_text_with_timeline(case, &events, self.policies, self.blank.today)
    }

    /// The hand-off text: for a saved case exactly what `claimdesk cases
    /// show` prints; otherwise the same from the outcome on screen.
    fn summary(&self, app: &App<'_>) -> String {
        let policy = app.claim.intake.policy();
        if let (CaseStatus::Saved(id), Ok(log)) = (&app.claim.case, &self.log)
            && let Ok(Some(case)) = log.get(id)
        {
            return self.case_text(&case);
        }
        let Ok(outcome) = app.outcome() else {
            return String::new();
        };
        let header = CaseHeader {
            agent: self.agent.clone(),
            reference: app.claim.reference.clone(),
            note: app.claim.note.clone(),
            ..CaseHeader::default()
        };
        summary_text(Some(&header), &Summary::from_outcome(&outcome), policy)
    }
}

/// A case in one line, as the history lists it.
fn brief(c: &Case) -> CaseBrief {
    CaseBrief {
        id: c.id.clone(),
        created_at: c.created_at,
        claim_date: c.record.claim_date(),
        vendor: c.record.vendor().to_owned(),
        issue: c.record.issue().to_owned(),
        verdict: c.record.verdict().id().to_owned(),
        reference: c.record.reference.clone(),
        agent: c.record.agent.clone(),
        note: c.record.note.clone(),
    }
}

impl Drop for Session<'_> {
    /// On the way out, a slot without a draft leaves no file behind; one
    /// with a draft stays for the next start to offer.
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take()
            && !slot.has_draft()
        {
            let _ = slot.remove();
        }
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
