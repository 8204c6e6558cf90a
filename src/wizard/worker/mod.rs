//! The wizard's worker: a thread that owns the case log and does the
//! wizard's slow I/O (every store call, the letter's file and SMTP send),
//! so no key and no frame waits on a disk or a network. The session sends
//! it [`Request`]s; it answers with [`Msg`]s, one request at a time and in
//! order, and wakes the terminal loop's one `poll()` with a byte on a
//! socket. It opens the log itself first: requests sent meanwhile wait
//! their turn, and keys go on.
//!
//! Pieces: `cases.rs` (saving, events, contact, edit, open), `lists.rs`
//! (history, due queue, earlier cases), `letter.rs` (the customer's
//! letter).

use super::effect::{CaseStatus, EventDraft};
use super::letter::LetterJob;
use super::msg::{Busy, Msg};
use crate::case::CaseRecord;
use crate::letter::deliver::Post;
use crate::rules::PolicySet;
use crate::store::CaseStore;
use chrono::NaiveDate;
use std::io::Write as _;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

mod cases;
mod letter;
mod lists;

/// How often the worker looks, while idle, whether a case saved offline
/// has been sent (the store sends its outbox when asked how many wait).
const SETTLE_EVERY: Duration = Duration::from_secs(2);

/// Work for the worker.
#[derive(Debug)]
pub enum Request {
    /// Save intake `intake`'s case: `record` as decided now, or (with
    /// `annotate`) the case already saved with this order number and note.
    Save {
        intake: u64,
        case: CaseStatus,
        record: Option<Box<CaseRecord>>,
        annotate: Option<(String, String)>,
    },
    /// The hand-off of saved case `id` for the clipboard (`fallback`:
    /// the outcome's, when it cannot be read).
    Summary {
        id: Option<String>,
        fallback: String,
    },
    /// Earlier cases on this order number.
    Earlier {
        intake: u64,
        reference: String,
        own: Option<String>,
    },
    /// A page of the history's search.
    History {
        query: String,
        more: bool,
    },
    /// The first `limit` cases of the due queue.
    Due {
        limit: usize,
    },
    Open(String),
    Event {
        id: String,
        draft: EventDraft,
    },
    Edit(String),
    Contact {
        id: String,
        contact: crate::case::Contact,
    },
    OpenLetter(String),
    Letter(LetterJob),
}

impl Request {
    /// How the screen names this work while it runs.
    pub fn busy(&self) -> Busy {
        match self {
            Request::Save { .. } | Request::Event { .. } | Request::Contact { .. } => Busy::Saving,
            Request::History { .. } | Request::Earlier { .. } => Busy::Searching,
            Request::Due { .. } | Request::Open(_) | Request::Edit(_) | Request::OpenLetter(_) => {
                Busy::Reading
            }
            Request::Letter(_) => Busy::Sending,
            Request::Summary { .. } => Busy::Working,
        }
    }
}

/// What the worker needs to start: where the log is, and what the
/// session knows.
pub struct Setup {
    pub data_dir: Option<PathBuf>,
    pub policies: PolicySet,
    pub today: NaiveDate,
    pub agent: String,
    pub post: Post,
}

/// The UI thread's end: requests out, answers in, and the socket that
/// wakes its `poll()`.
pub struct Handle {
    send: Sender<Request>,
    answers: Receiver<Msg>,
    wake: UnixStream,
}

impl Handle {
    /// Starts the worker on a thread of its own.
    pub fn start(setup: Setup) -> std::io::Result<Handle> {
        let (wake, waker) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        let (send, requests) = mpsc::channel();
        let (answer, answers) = mpsc::channel();
        std::thread::Builder::new()
            .name("claimdesk-worker".into())
            .spawn(move || {
                let out = Out {
                    answer,
                    wake: waker,
                };
                let mut worker = Worker::open(setup, &out);
                worker.serve(&requests, &out);
            })?;
        Ok(Handle {
            send,
            answers,
            wake,
        })
    }

    /// Sends `request`; false when the worker is gone.
    pub fn send(&self, request: Request) -> bool {
        self.send.send(request).is_ok()
    }

    /// The socket the loop polls: readable when an answer is in.
    pub fn wake_fd(&self) -> RawFd {
        self.wake.as_raw_fd()
    }

    /// Every answer in, without waiting.
    pub fn drain(&self) -> Vec<Msg> {
        let mut buf = [0u8; 64];
        while matches!(std::io::Read::read(&mut &self.wake, &mut buf), Ok(n) if n > 0) {}
        self.answers.try_iter().collect()
    }

    /// The next answer, waiting up to `timeout` (for tests and the way
    /// out).
    pub fn wait(&self, timeout: Duration) -> Option<Msg> {
        self.answers.recv_timeout(timeout).ok()
    }
}

/// The worker's end of the answers.
struct Out {
    answer: Sender<Msg>,
    wake: UnixStream,
}

impl Out {
    fn say(&self, msg: Msg) {
        if self.answer.send(msg).is_ok() {
            // A full socket already wakes the loop.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

/// The case this session saved, as saved: its version (an update is
/// refused if someone changed it since) and its record.
struct Saved {
    /// The intake that saved it (`None`: loaded to be changed).
    intake: Option<u64>,
    id: String,
    version: i64,
    record: CaseRecord,
}

/// The worker's state: the log and what it knows of this session's case.
struct Worker {
    policies: PolicySet,
    today: NaiveDate,
    agent: String,
    log: Result<Box<dyn CaseStore>, String>,
    saved: Option<Saved>,
    /// Where the history's next page starts.
    history_next: Option<crate::store::Cursor>,
    /// Ids of cases saved while the shared log was away, not sent yet.
    pending: Vec<String>,
    post: Post,
    letters_dir: Option<PathBuf>,
}

impl Worker {
    fn open(setup: Setup, out: &Out) -> Worker {
        let log = match &setup.data_dir {
            Some(dir) => crate::store::open_in(dir).map_err(|e| e.brief()),
            None => Err("no data folder on this system (use --data-dir)".to_owned()),
        };
        out.say(Msg::LogOpened {
            result: log.as_ref().map(|_| ()).map_err(Clone::clone),
            waiting: log.as_ref().map_or(0, |log| log.waiting()),
        });
        Worker {
            policies: setup.policies,
            today: setup.today,
            agent: setup.agent,
            log,
            saved: None,
            history_next: None,
            pending: Vec::new(),
            post: setup.post,
            letters_dir: setup
                .data_dir
                .map(|d| d.join(crate::letter::deliver::LETTERS_DIR)),
        }
    }

    /// Takes requests until the session lets go; while idle, says when a
    /// case saved offline has been sent.
    fn serve(&mut self, requests: &Receiver<Request>, out: &Out) {
        loop {
            match requests.recv_timeout(SETTLE_EVERY) {
                Ok(request) => {
                    let busy = request.busy();
                    self.handle(request, out);
                    self.settle(out);
                    out.say(Msg::Done(busy));
                }
                Err(RecvTimeoutError::Timeout) => self.settle(out),
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    fn handle(&mut self, request: Request, out: &Out) {
        match request {
            Request::Save {
                intake,
                case,
                record,
                annotate,
            } => {
                if let Some(msg) = self.save(intake, case, record.map(|r| *r), annotate) {
                    out.say(msg);
                }
            }
            Request::Summary { id, fallback } => {
                let text = id.and_then(|id| self.saved_text(&id)).unwrap_or(fallback);
                let said = copy_line(&text);
                out.say(Msg::Clipboard { text, said });
            }
            Request::Earlier {
                intake,
                reference,
                own,
            } => out.say(self.earlier(intake, reference, own)),
            Request::History { query, more } => out.say(self.history(query, more)),
            Request::Due { limit } => out.say(Msg::Due(self.due(limit))),
            Request::Open(id) => out.say(self.open_case(&id)),
            Request::Event { id, draft } => self.record_event(&id, &draft, out),
            Request::Edit(id) => out.say(self.edit_case(&id)),
            Request::Contact { id, contact } => self.save_contact(&id, contact, out),
            Request::OpenLetter(id) => out.say(self.open_letter(&id)),
            Request::Letter(job) => self.letter(&job, out),
        }
    }

    /// Says which cases saved offline have been sent since.
    fn settle(&mut self, out: &Out) {
        let Ok(log) = &self.log else {
            return;
        };
        if self.pending.is_empty() {
            return;
        }
        // Asking how many wait sends what waits when the database is back.
        let waiting = log.waiting();
        self.pending
            .retain(|pending| match log.settled_id(pending) {
                Some(id) => {
                    out.say(Msg::Settled {
                        pending: pending.clone(),
                        id,
                        waiting,
                    });
                    false
                }
                None => true,
            });
    }
}

/// The status line for a copied hand-off.
fn copy_line(text: &str) -> String {
    format!(
        "Summary ({} lines) {}",
        text.lines().count(),
        crate::wizard::session::copy_how()
    )
}
