//! The wizard's side of its I/O, on the UI thread: the effects the app
//! queues become requests to the worker (`worker/`, which owns the case
//! log and does every store call and the letter's send), and the draft
//! files and the clipboard are done here. Nothing here writes the app's
//! state: what the session has to say goes back as [`Msg`]s for
//! `App::update`, so the app has one writer.
//!
//! Why drafts stay here: a draft is a small local file in the data folder
//! (never the shared database), written once per batch of keys; the
//! clipboard is OSC 52 bytes to the terminal the loop draws on, so it is
//! written between frames like a frame.

use super::app::{App, CaseStatus, Effect, Screen};
use super::draft::Draft;
use super::msg::{Busy, Msg};
use super::worker::{Handle, Request, Setup};
use crate::case::CaseRecord;
use crate::intake::Intake;
use crate::report::{CaseHeader, Summary, summary_text};
use crate::rules::PolicySet;
use crate::store::drafts::{DraftSlot, DraftStore, Orphan};
use std::io::{self, Write as _};
use std::os::fd::RawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// When the cursor comes this close to the last row read, the next page
/// is read.
const HISTORY_AHEAD: usize = 40;

/// How many cases of the due queue are read at a time; a page more is read
/// as the cursor nears the end of those (an index range in the store, so
/// the log's size does not matter).
const DUE_PAGE: usize = 100;

/// How long the way out waits for work still out (a save), so the draft
/// left behind says where it stands.
pub(super) const LEAVE_WAIT: Duration = Duration::from_secs(2);

/// What the wizard keeps besides the claim.
pub struct Session<'p> {
    policies: &'p PolicySet,
    /// What every new claim starts from (today, the usual country).
    blank: Intake<'p>,
    data_dir: Option<PathBuf>,
    /// The agent's name from config.toml, stamped on saved cases.
    pub agent: String,
    /// The letter's settings from config.toml.
    post: crate::letter::deliver::Post,
    /// The worker, once started (`None` if it could not be).
    worker: Option<Handle>,
    /// The log is being opened on the worker.
    opening: bool,
    /// The history search out on the worker, if any (its filter).
    searching: Option<String>,
    /// A page of the due queue is out on the worker.
    reading_due: bool,
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
}

impl<'p> Session<'p> {
    /// A session starting claims from `blank` and keeping cases and
    /// drafts in `data_dir` (none: neither).
    pub fn open(blank: Intake<'p>, data_dir: Option<&Path>, agent: String) -> Self {
        let mut session = Session {
            policies: blank.policies,
            blank,
            data_dir: data_dir.map(Path::to_path_buf),
            agent,
            post: crate::letter::deliver::Post::default(),
            worker: None,
            opening: false,
            searching: None,
            reading_due: false,
            drafts: None,
            slot: None,
            last_draft: None,
            offered: Vec::new(),
            draft_problem: None,
            draft_failing: false,
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

    /// Starts the worker, which opens the case log on its own thread: the
    /// first frame is drawn at once even when the database does not
    /// answer (a connect may take its whole deadline).
    fn start_worker(&mut self) -> Result<(), String> {
        let setup = Setup {
            data_dir: self.data_dir.clone(),
            policies: self.policies.clone(),
            today: self.blank.today,
            agent: self.agent.clone(),
            post: self.post.clone(),
        };
        let handle = Handle::start(setup).map_err(|e| format!("cannot start the worker: {e}"))?;
        self.worker = Some(handle);
        self.opening = self.data_dir.is_some();
        Ok(())
    }

    /// The socket the terminal loop polls for the worker's answers.
    pub fn wake_fd(&self) -> Option<RawFd> {
        self.worker.as_ref().map(Handle::wake_fd)
    }

    /// The worker's answers in so far, without waiting.
    pub fn answers(&mut self) -> Vec<Msg> {
        let msgs = self.worker.as_ref().map(Handle::drain).unwrap_or_default();
        for msg in &msgs {
            self.note(msg);
        }
        msgs
    }

    /// What the session keeps of an answer going by.
    fn note(&mut self, msg: &Msg) {
        match msg {
            Msg::LogOpened { .. } => self.opening = false,
            Msg::Done(Busy::Searching) => self.searching = None,
            Msg::Due(_) => self.reading_due = false,
            _ => {}
        }
    }

    /// Hands `app` every answer until no work is out or `limit` passes:
    /// the way out, and a synchronous driver for tests. Returns whether
    /// all work came back.
    pub fn settle(&mut self, app: &mut App<'p>, limit: Duration) -> io::Result<bool> {
        let started = Instant::now();
        loop {
            for msg in self.answers() {
                deliver(self, app, msg)?;
            }
            if app.busy.is_empty() && !self.opening {
                return Ok(true);
            }
            let left = limit.saturating_sub(started.elapsed());
            let Some(worker) = &self.worker else {
                return Ok(false);
            };
            if left.is_zero() {
                return Ok(false);
            }
            if let Some(msg) = worker.wait(left.min(Duration::from_millis(50))) {
                self.note(&msg);
                deliver(self, app, msg)?;
            }
        }
    }

    /// The app to start with: a new claim, with any unfinished intakes a
    /// stopped wizard left offered first. The worker starts opening the
    /// log meanwhile.
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
        let started = self.start_worker();
        if self.opening {
            app.status = Some(super::answer::OPENING_STATUS.to_owned());
        } else if let Err(reason) = started {
            app.status = Some(format!("Not saving cases: {reason}"));
        } else if self.data_dir.is_none() {
            app.status =
                Some("Not saving cases: no data folder on this system (use --data-dir)".into());
        } else if let Some(problem) = &self.draft_problem {
            app.status = Some(problem.clone());
        }
        app
    }

    /// Carries out `effects` (the app's, in order): requests to the
    /// worker, drafts and the clipboard here; then asks for the history's
    /// or the due queue's next page when the screen needs it. What comes
    /// back at once is returned for the app.
    pub fn carry_out(&mut self, effects: Vec<Effect>, app: &App<'p>) -> io::Result<Vec<Msg>> {
        let mut said = Vec::new();
        for effect in effects {
            if let Some(msg) = self.carry_out_one(effect, app)? {
                said.push(msg);
            }
        }
        said.extend(self.sync(app));
        Ok(said)
    }

    /// Sends `request` to the worker; the app hears that it is out.
    fn ask(&mut self, request: Request) -> Option<Msg> {
        let busy = request.busy();
        let worker = self.worker.as_ref()?;
        if worker.send(request) {
            Some(Msg::Asked(busy))
        } else {
            Some(Msg::Said(
                "Not saving cases: the worker has stopped".to_owned(),
            ))
        }
    }

    fn carry_out_one(&mut self, effect: Effect, app: &App<'p>) -> io::Result<Option<Msg>> {
        let intake = app.claim.intake_id;
        Ok(match effect {
            Effect::SaveCase => {
                let record = self.record(app);
                self.ask(Request::Save {
                    intake,
                    case: app.claim.case.clone(),
                    record,
                    annotate: None,
                })
            }
            Effect::SaveAnnotation => {
                let record = self.record(app);
                self.ask(Request::Save {
                    intake,
                    case: app.claim.case.clone(),
                    record,
                    annotate: Some((app.claim.reference.clone(), app.claim.note.clone())),
                })
            }
            Effect::CopySummary => {
                let id = match &app.claim.case {
                    CaseStatus::Saved(id) => Some(id.clone()),
                    _ => None,
                };
                let fallback = self.summary(app);
                self.ask(Request::Summary { id, fallback })
            }
            Effect::CopyViewedCase => match &app.screen {
                Screen::Case(view) => Some(Msg::Said(copy_summary(&view.case.text)?)),
                _ => None,
            },
            Effect::LookUpReference => self.ask(Request::Earlier {
                intake,
                reference: app.claim.reference.clone(),
                own: match &app.claim.case {
                    CaseStatus::Saved(id) => Some(id.clone()),
                    _ => None,
                },
            }),
            Effect::LoadHistory => {
                let query = app
                    .history()
                    .map_or(String::new(), |h| h.filter.value().to_owned());
                self.searching = Some(query.clone());
                self.ask(Request::History { query, more: false })
            }
            Effect::OpenCase(id) => self.ask(Request::Open(id)),
            Effect::ResumeDraft(index) => self.resume(index),
            Effect::DiscardDraft(index) => {
                if index < self.offered.len() {
                    let (orphan, _) = self.offered.remove(index);
                    if let Err(e) = orphan.slot.remove() {
                        return Ok(Some(Msg::Said(format!("Could not delete the draft: {e}"))));
                    }
                }
                None
            }
            // Dropping the slots unlocks them for the next start.
            Effect::KeepDrafts => {
                self.offered.clear();
                None
            }
            Effect::LoadDue => {
                self.reading_due = true;
                self.ask(Request::Due { limit: DUE_PAGE })
            }
            Effect::RecordEvent(draft) => {
                let id = app.case_view().map(|v| v.case.id.clone());
                id.and_then(|id| self.ask(Request::Event { id, draft }))
            }
            Effect::EditCase(id) => self.ask(Request::Edit(id)),
            Effect::SaveContact { id, contact } => self.ask(Request::Contact { id, contact }),
            Effect::OpenLetter(id) => self.ask(Request::OpenLetter(id)),
            Effect::Letter(job) => self.ask(Request::Letter(job)),
        })
    }

    /// Keeps the history in step with the filter typed (a new search) and
    /// the cursor (the next page when it nears the end of those read), and
    /// the due queue with its cursor. One request of each is out at most.
    fn sync(&mut self, app: &App<'p>) -> Option<Msg> {
        match &app.screen {
            Screen::History(history) if self.searching.is_none() => {
                let filter = history.filter.value();
                if filter != history.query {
                    self.searching = Some(filter.to_owned());
                    self.ask(Request::History {
                        query: filter.to_owned(),
                        more: false,
                    })
                } else if history.more && history.cursor + HISTORY_AHEAD >= history.rows.len() {
                    self.searching = Some(filter.to_owned());
                    self.ask(Request::History {
                        query: filter.to_owned(),
                        more: true,
                    })
                } else {
                    None
                }
            }
            Screen::Due(due)
                if !self.reading_due
                    && due.more
                    && due.cursor + HISTORY_AHEAD >= due.rows.len() =>
            {
                self.reading_due = true;
                self.ask(Request::Due {
                    limit: due.rows.len() + DUE_PAGE,
                })
            }
            _ => None,
        }
    }

    /// The case record of the outcome on screen, as it would be saved.
    fn record(&self, app: &App<'p>) -> Option<Box<CaseRecord>> {
        let (Ok(outcome), Some(policy)) = (app.outcome(), app.claim.intake.policy()) else {
            return None;
        };
        let mut case = CaseRecord::from_decision(&app.claim.intake.input, &outcome, policy);
        case.agent = self.agent.clone();
        case.reference = app.claim.reference.clone();
        case.note = app.claim.note.clone();
        case.key = app.claim.key.clone();
        Some(Box::new(case))
    }

    /// The hand-off text from the outcome on screen (a saved case's is
    /// read by the worker: exactly what `claimdesk cases show` prints).
    fn summary(&self, app: &App<'_>) -> String {
        let policy = app.claim.intake.policy();
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

    /// The draft on offer at `index`, taken up: its files become this
    /// wizard's, and the app is told to replace its intake by it.
    fn resume(&mut self, index: usize) -> Option<Msg> {
        if index >= self.offered.len() {
            return None;
        }
        let (orphan, draft) = self.offered.remove(index);
        if let Err(reason) = draft.restore(self.policies) {
            self.offered.insert(index, (orphan, draft));
            return Some(Msg::Said(format!("That draft cannot be resumed: {reason}")));
        }
        // The resumed draft's files become this wizard's; its own fresh
        // slot (nothing written yet) is let go.
        if let Some(old) = self.slot.replace(orphan.slot) {
            let _ = old.remove();
        }
        self.last_draft = None;
        // The rest stay on disk for another time.
        self.offered.clear();
        Some(Msg::Resumed(Box::new(draft)))
    }

    /// The last draft write on the way out, saying how the intake was left
    /// ([`Draft::left`]), so the next start words the cause truthfully.
    pub fn leave(&mut self, app: &App<'p>, how: &str) {
        let (Some(slot), true) = (&mut self.slot, app.needs_draft()) else {
            let _ = self.keep_draft(app);
            return;
        };
        let mut draft = Draft::capture(app, String::new());
        draft.left = Some(how.to_owned());
        draft.saved_at = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
        // Nobody is left to tell if this fails: the last draft stands.
        let _ = slot.write(&draft.to_json());
    }

    /// Writes the draft when the app holds work the case log does not, and
    /// removes it once it does not. A draft that cannot be written is
    /// said once (the returned message); the wizard goes on.
    pub fn keep_draft(&mut self, app: &App<'p>) -> Option<Msg> {
        let slot = self.slot.as_mut()?;
        let result = if app.needs_draft() {
            // Compared without the timestamp: a minute ticking over is no
            // reason to write.
            let draft = Draft::capture(app, String::new());
            if self.last_draft.as_ref() == Some(&draft) {
                return None;
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
            Ok(()) => {
                self.draft_failing = false;
                None
            }
            Err(e) => {
                // Said once; the slot stays ours (letting go would offer a
                // stale draft to another wizard) and the next change retries.
                let first = !self.draft_failing;
                self.draft_failing = true;
                self.last_draft = None;
                first.then(|| Msg::Said(format!("Draft not kept: {e}")))
            }
        }
    }
}

/// Hands `msg` to the app, and carries out what it asks for in turn
/// (an answer may ask for more: a resumed outcome saves itself). The
/// clipboard's text is written here, between frames.
pub fn deliver<'p>(session: &mut Session<'p>, app: &mut App<'p>, msg: Msg) -> io::Result<()> {
    let mut msgs = vec![msg];
    while !msgs.is_empty() {
        for msg in std::mem::take(&mut msgs) {
            let msg = match msg {
                Msg::Clipboard { text, said } => {
                    copy(&text)?;
                    Msg::Said(said)
                }
                other => other,
            };
            app.update(msg);
            let effects = app.take_effects();
            msgs.extend(session.carry_out(effects, app)?);
        }
    }
    Ok(())
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

/// How OSC 52 reaches the clipboard, for the status line. Whether it
/// arrived is the terminal's business (many ignore OSC 52), so the words
/// say it was sent, and what to switch on where it may not arrive.
pub(super) fn copy_how() -> &'static str {
    if crate::clipboard::in_tmux() {
        "sent via tmux; needs: set -g set-clipboard on"
    } else {
        "sent to the terminal's clipboard (OSC 52)"
    }
}

/// Sends `text` to the clipboard with OSC 52 (plain, and wrapped for tmux
/// when inside it).
fn copy(text: &str) -> io::Result<()> {
    let bytes = crate::clipboard::osc52(text, crate::clipboard::in_tmux());
    let mut out = io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()
}

/// Sends the hand-off `text` to the clipboard; the status line.
fn copy_summary(text: &str) -> io::Result<String> {
    copy(text)?;
    Ok(format!(
        "Summary ({} lines) {}",
        text.lines().count(),
        copy_how()
    ))
}
