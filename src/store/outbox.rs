//! The offline outbox: saves and events made while the shared database
//! cannot be reached, kept in the local data folder (`outbox.jsonl`, 0600,
//! one JSON object a line) until they are sent, in the order they were
//! made. An event on a case still waiting names it by its provisional id
//! (`pending-<key>`) and is sent after it, on the id it got.
//!
//! Each entry carries a key made here, when the claim was saved; the
//! database keeps it in a unique column, so an entry sent twice (the
//! connection dropped after the commit, before the answer) is found, not
//! saved again. A lock file keeps a wizard and `cases sync` from sending
//! or rewriting the outbox at the same time. A line that cannot be read
//! is kept in the file, never sent and never dropped.

use crate::case::timeline::Event;
use crate::case::{CaseRecord, Contact, OutcomeRecord, PolicyRef, TIMESTAMP};
use crate::rules::ClaimInput;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// The outbox's file name in the data folder.
pub const FILE_NAME: &str = "outbox.jsonl";

/// One waiting save.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The idempotency key.
    pub key: String,
    /// When the claim was saved (the case's id is of that day).
    pub saved_at: String,
    pub reference: String,
    pub agent: String,
    pub note: String,
    pub policy: PolicyRef,
    pub claim: serde_json::Value,
    pub outcome: OutcomeRecord,
    /// The customer's contact, as typed (absent in older outbox lines).
    #[serde(default)]
    pub customer: Contact,
}

/// One waiting event (a line with `case` and `event`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventEntry {
    /// The idempotency key (the `client_key` of `case_events`).
    pub key: String,
    /// The case's id, or the provisional id of a save waiting before it.
    pub case: String,
    /// The version a re-decision was based on; `None` for a plain event.
    #[serde(default)]
    pub expected_version: Option<i64>,
    pub event: Event,
    /// The record the event's fact re-decided, if it gives one.
    #[serde(default)]
    pub redecided: Option<Entry>,
    /// When it was recorded (the store's `now`).
    pub at: String,
}

impl EventEntry {
    /// When it was recorded, and the record it re-decided.
    pub fn parts(&self) -> Result<(NaiveDateTime, Option<CaseRecord>), String> {
        let at =
            NaiveDateTime::parse_from_str(&self.at, TIMESTAMP).map_err(|e| format!("at: {e}"))?;
        let redecided = match &self.redecided {
            Some(entry) => Some(entry.record()?.0),
            None => None,
        };
        Ok((at, redecided))
    }
}

/// What waits: a save or an event, in the order they were made.
#[derive(Debug, Clone)]
pub enum Waiting {
    Save(Box<Entry>),
    Event(Box<EventEntry>),
}

impl Waiting {
    pub fn key(&self) -> &str {
        match self {
            Waiting::Save(e) => &e.key,
            Waiting::Event(e) => &e.key,
        }
    }
}

impl Entry {
    fn new(record: &CaseRecord, now: NaiveDateTime, key: String) -> Entry {
        Entry {
            key,
            saved_at: now.format(TIMESTAMP).to_string(),
            reference: record.reference.clone(),
            agent: record.agent.clone(),
            note: record.note.clone(),
            policy: record.policy.clone(),
            claim: record.claim.to_json_value(),
            outcome: record.outcome.clone(),
            customer: record.customer.clone(),
        }
    }

    /// The save this entry holds, and when it was made.
    pub fn record(&self) -> Result<(CaseRecord, NaiveDateTime), String> {
        let at = NaiveDateTime::parse_from_str(&self.saved_at, TIMESTAMP)
            .map_err(|e| format!("saved_at: {e}"))?;
        let claim = ClaimInput::from_value(&self.claim).map_err(|e| format!("claim: {e}"))?;
        Ok((
            CaseRecord {
                reference: self.reference.clone(),
                claim,
                outcome: self.outcome.clone(),
                policy: self.policy.clone(),
                agent: self.agent.clone(),
                note: self.note.clone(),
                customer: self.customer.clone(),
                // An entry's key is its case's key (older entries had
                // keys of their own: their case gets one derived from it).
                key: if uuid::Uuid::parse_str(&self.key).is_ok() {
                    self.key.clone()
                } else {
                    crate::case::derived_key(&["claimdesk outbox", &self.key])
                },
                imported_from: None,
            },
            at,
        ))
    }
}

/// The outbox of one data folder.
#[derive(Debug, Clone)]
pub struct Outbox {
    path: PathBuf,
}

/// A line of the file: a save, an event, or text that is neither (kept
/// as is).
enum Line {
    Entry(Box<Entry>),
    Event(Box<EventEntry>),
    Unreadable(String),
}

impl Line {
    fn key(&self) -> Option<&str> {
        match self {
            Line::Entry(e) => Some(&e.key),
            Line::Event(e) => Some(&e.key),
            Line::Unreadable(_) => None,
        }
    }
}

/// The outbox, locked against other processes while held.
pub struct Locked<'o> {
    outbox: &'o Outbox,
    _lock: File,
}

impl Outbox {
    pub fn in_dir(data_dir: &Path) -> Outbox {
        Outbox {
            path: data_dir.join(FILE_NAME),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the outbox's lock (waiting for another claimdesk to finish).
    pub fn lock(&self) -> io::Result<Locked<'_>> {
        if let Some(dir) = self.path.parent() {
            super::create_private_dir(dir)?;
        }
        let mut lock_path = self.path.clone().into_os_string();
        lock_path.push(".lock");
        let file = private(OpenOptions::new().create(true).append(true)).open(lock_path)?;
        // An exclusive advisory lock (flock on Unix), released when the
        // file is closed with `Locked`.
        file.lock()?;
        Ok(Locked {
            outbox: self,
            _lock: file,
        })
    }

    /// How many saves wait (0 when there is no outbox).
    pub fn len(&self) -> usize {
        match File::open(&self.path) {
            Ok(f) => io::BufReader::new(f)
                .lines()
                .map_while(Result::ok)
                .filter(|l| !l.trim().is_empty())
                .count(),
            Err(_) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// A key no other save or event will have: this process, this moment, a
/// counter.
pub fn new_key() -> String {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hash = Sha256::new();
    hash.update(std::process::id().to_le_bytes());
    hash.update(nanos.to_le_bytes());
    hash.update(COUNTER.fetch_add(1, Ordering::SeqCst).to_le_bytes());
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        hash.update(host.as_bytes());
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Locked<'_> {
    /// Adds a save at the end; it is on disk when this returns. Returns
    /// its key.
    /// The key is the record's case key (the case keeps it once sent).
    pub fn push(&self, record: &CaseRecord, now: NaiveDateTime) -> io::Result<String> {
        let key = if record.key.is_empty() {
            new_key()
        } else {
            record.key.clone()
        };
        let line = serde_json::to_string(&Entry::new(record, now, key.clone()))
            .map_err(io::Error::other)?;
        let mut file =
            private(OpenOptions::new().create(true).append(true)).open(&self.outbox.path)?;
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_all()?;
        tracing::info!(%key, outbox = %self.outbox.path.display(), "save kept in the outbox");
        Ok(key)
    }

    /// Adds an event at the end under `key` (made with [`new_key`]); it
    /// is on disk when this returns.
    pub fn push_event(
        &self,
        key: &str,
        case: &str,
        expected_version: Option<i64>,
        event: &Event,
        redecided: Option<&CaseRecord>,
        now: NaiveDateTime,
    ) -> io::Result<()> {
        let entry = EventEntry {
            key: key.to_owned(),
            case: case.to_owned(),
            expected_version,
            event: event.clone(),
            redecided: redecided.map(|r| Entry::new(r, now, String::new())),
            at: now.format(TIMESTAMP).to_string(),
        };
        let line = serde_json::to_string(&entry).map_err(io::Error::other)?;
        let mut file =
            private(OpenOptions::new().create(true).append(true)).open(&self.outbox.path)?;
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_all()
    }

    /// Whether the save `key` still waits.
    pub fn has_save(&self, key: &str) -> io::Result<bool> {
        Ok(self
            .lines()?
            .iter()
            .any(|l| matches!(l, Line::Entry(e) if e.key == key)))
    }

    fn lines(&self) -> io::Result<Vec<Line>> {
        let file = match File::open(&self.outbox.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut lines = Vec::new();
        for line in io::BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            lines.push(if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                Line::Entry(Box::new(entry))
            } else if let Ok(event) = serde_json::from_str::<EventEntry>(&line) {
                Line::Event(Box::new(event))
            } else {
                Line::Unreadable(line)
            });
        }
        Ok(lines)
    }

    /// The waiting saves and events, oldest first, and how many lines
    /// cannot be read.
    pub fn entries(&self) -> io::Result<(Vec<Waiting>, usize)> {
        let mut entries = Vec::new();
        let mut unreadable = 0;
        for line in self.lines()? {
            match line {
                Line::Entry(e) => entries.push(Waiting::Save(e)),
                Line::Event(e) => entries.push(Waiting::Event(e)),
                Line::Unreadable(_) => unreadable += 1,
            }
        }
        Ok((entries, unreadable))
    }

    /// Replaces the record of the waiting entry `key` (an edit made
    /// before it was sent); `false` when it is no longer waiting.
    pub fn replace(&self, key: &str, record: &CaseRecord) -> io::Result<bool> {
        let mut lines = self.lines()?;
        let mut found = false;
        for line in &mut lines {
            if let Line::Entry(entry) = line
                && entry.key == key
            {
                let at =
                    NaiveDateTime::parse_from_str(&entry.saved_at, TIMESTAMP).unwrap_or_default();
                **entry = Entry::new(record, at, key.to_owned());
                found = true;
            }
        }
        if found {
            self.write(&lines)?;
        }
        Ok(found)
    }

    /// Drops the save or event `key` (sent).
    pub fn remove(&self, key: &str) -> io::Result<()> {
        let mut lines = self.lines()?;
        lines.retain(|l| l.key() != Some(key));
        self.write(&lines)
    }

    /// Rewrites the file whole: a new file renamed over the old, so a
    /// killed process leaves the old outbox or the new one.
    fn write(&self, lines: &[Line]) -> io::Result<()> {
        let path = &self.outbox.path;
        if lines.is_empty() {
            return match std::fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let mut temp = path.clone().into_os_string();
        temp.push(".new");
        let temp = PathBuf::from(temp);
        let _ = std::fs::remove_file(&temp);
        let mut file = private(OpenOptions::new().create_new(true).write(true)).open(&temp)?;
        for line in lines {
            let text = match line {
                Line::Entry(e) => serde_json::to_string(e).map_err(io::Error::other)?,
                Line::Event(e) => serde_json::to_string(e).map_err(io::Error::other)?,
                Line::Unreadable(t) => t.clone(),
            };
            file.write_all(format!("{text}\n").as_bytes())?;
        }
        file.sync_all()?;
        std::fs::rename(&temp, path)
    }
}
