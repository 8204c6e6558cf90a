//! `claimdesk check`: one claim, or JSON Lines with `--batch`.

use super::Common;
use super::write_behind::{WriteBehind, Written};
use crate::diag;
use crate::exit::Exit;
use crate::rules::{self, ClaimInput, DecideError, Outcome, PolicySet, outcome_json};
use crate::store::{CaseRecord, SavedMany};
use crate::text::json;
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The claim file (JSON; with --batch, JSON Lines). Standard input when absent or "-".
    pub file: Option<PathBuf>,
    /// Read one claim a line and write one outcome a line.
    #[arg(long)]
    pub batch: bool,
    /// Benchmark baseline: with --batch, only parse each claim and write it
    /// back as JSON, deciding nothing.
    #[arg(long, hide = true, requires = "batch")]
    pub parse_only: bool,
    /// With --batch: also give each outcome its decisive_dates (the single
    /// claim output always has them; in bulk they cost time).
    #[arg(long, requires = "batch")]
    pub decisive: bool,
    /// Also save the decided claim in the case log; its id goes to standard
    /// error ("saved C-20261121-0007"). With --batch, every decided claim
    /// is saved, in batched transactions, under a key derived from its
    /// line's number and text: run again after a failure, the same file
    /// saves only what is missing ("saved N, already saved M"). A batch
    /// line may carry "reference" (the order number), kept on its case.
    #[arg(long, conflicts_with = "parse_only")]
    pub save: bool,
    /// With --save: the customer's reference or order number.
    #[arg(long = "order", value_name = "REF", requires = "save")]
    pub reference: Option<String>,
    /// With --save: a note for the case.
    #[arg(long, requires = "save")]
    pub note: Option<String>,
    /// With --save: the customer's name (personal data: see `cases purge`).
    #[arg(long, value_name = "NAME", requires = "save", conflicts_with = "batch")]
    pub customer_name: Option<String>,
    /// With --save: the customer's phone number.
    #[arg(
        long,
        value_name = "PHONE",
        requires = "save",
        conflicts_with = "batch"
    )]
    pub customer_phone: Option<String>,
    /// With --save: the customer's e-mail address.
    #[arg(
        long,
        value_name = "EMAIL",
        requires = "save",
        conflicts_with = "batch"
    )]
    pub customer_email: Option<String>,
}

fn open(file: Option<&PathBuf>) -> io::Result<Box<dyn Read>> {
    match file {
        // A file must be a regular one (`-` reads a pipe): /dev/zero or
        // a FIFO named by mistake is an error, not a hang.
        Some(path) if path.as_os_str() != "-" => Ok(Box::new(crate::files::open_regular(path)?.0)),
        _ => {
            // Typed at a terminal, a claim would otherwise wait in silence.
            if std::io::IsTerminal::is_terminal(&io::stdin()) {
                crate::diag::note(
                    "reading one claim as JSON from the keyboard; end it with Ctrl-D \
                     (or give a FILE; `claimdesk` alone starts the wizard)",
                );
            }
            Ok(Box::new(io::stdin().lock()))
        }
    }
}

pub fn run(common: &Common, args: &CheckArgs) -> Exit {
    let policies = match common.load_policies() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let reader = match open(args.file.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            let name = args.file.as_ref().map(|p| p.display().to_string());
            diag::error(format_args!(
                "cannot read {}: {e}",
                name.unwrap_or_default()
            ));
            return Exit::Usage;
        }
    };
    let today = common.today();
    if args.batch {
        let saver = if args.save {
            match BatchSaver::open(common) {
                Ok(saver) => Some(saver),
                Err(e) => {
                    diag::error(format_args!("not saved: {e}"));
                    return Exit::NotSaved;
                }
            }
        } else {
            None
        };
        let size = super::progress::input_size(
            args.file
                .as_deref()
                .unwrap_or_else(|| std::path::Path::new("-")),
        );
        batch(
            &policies,
            (reader, size),
            today,
            args.parse_only,
            args.decisive,
            saver,
        )
    } else {
        single(
            &policies,
            reader,
            today,
            args.save.then_some((common, args)),
        )
    }
}

fn single(
    policies: &PolicySet,
    reader: Box<dyn Read>,
    today: NaiveDate,
    save: Option<(&Common, &CheckArgs)>,
) -> Exit {
    let text = match read_claim(reader) {
        Ok(text) => text,
        Err(message) => {
            diag::error(message);
            return Exit::Usage;
        }
    };
    let input = match ClaimInput::from_json(&text) {
        Ok(i) => i,
        Err(e) => {
            diag::error(e);
            return Exit::Usage;
        }
    };
    for field in &input.unknown_fields {
        diag::warning(warning(field));
    }
    match rules::decide(policies, &input, today) {
        Ok(outcome) => {
            let mut out = io::stdout().lock();
            let written = json::to_writer_pretty(&mut out, &with_warnings(&outcome, &input))
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out));
            // The outcome is printed first: a case log that cannot be
            // written must not cost the agent the decision.
            if let Some((common, args)) = save
                && let Err(e) = save_case(policies, &input, &outcome, common, args)
            {
                diag::error(format_args!("not saved: {e}"));
                return Exit::NotSaved;
            }
            match written {
                Ok(()) => Exit::Success,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
                Err(e) => {
                    diag::error(format_args!("cannot write the outcome: {e}"));
                    Exit::Attention
                }
            }
        }
        Err(DecideError::Claim(e)) => {
            diag::error(e);
            Exit::Usage
        }
        Err(DecideError::Policy(e)) => {
            diag::error(e);
            Exit::Policy
        }
    }
}

/// Reads one claim, at most [`MAX_CLAIM`] bytes: `/dev/zero` or a runaway
/// pipe is refused after that much, not buffered without end.
fn read_claim(reader: impl Read) -> Result<String, String> {
    let mut bytes = Vec::new();
    // One byte past the limit tells "exactly at the limit" from "over it".
    reader
        .take(MAX_CLAIM as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the claim: {e}"))?;
    if bytes.len() > MAX_CLAIM {
        return Err(format!(
            "the claim is longer than {}; claimdesk reads at most {MAX_CLAIM} bytes",
            limit_words()
        ));
    }
    String::from_utf8(bytes).map_err(|_| "cannot read the claim: it is not valid UTF-8".to_owned())
}

/// Saves a decided claim in the case log and says its id on stderr.
fn save_case(
    policies: &PolicySet,
    input: &ClaimInput,
    outcome: &Outcome<'_>,
    common: &Common,
    args: &CheckArgs,
) -> Result<(), String> {
    let config = common.settings();
    let dir = common
        .data_dir(&config)
        .ok_or("this system has no data folder; use --data-dir DIR")?;
    let mut log = crate::store::open_in(&dir).map_err(|e| e.to_string())?;
    let vendor = policies
        .vendor_index(outcome.vendor)
        .ok_or("the vendor's policy is not loaded")?;
    let mut case = CaseRecord::from_decision(input, outcome, &policies.policies[vendor]);
    case.agent = config.agent_name.unwrap_or_default();
    case.reference = args.reference.clone().unwrap_or_default();
    case.note = args.note.clone().unwrap_or_default();
    let given = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_owned();
    case.customer = crate::case::Contact {
        name: given(&args.customer_name),
        phone: given(&args.customer_phone),
        email: given(&args.customer_email),
    };
    let id = log
        .save(&case, crate::case::now_utc())
        .map_err(|e| e.to_string())?;
    tracing::info!(case = %id, "saved");
    diag::note(format_args!("saved {id}"));
    Ok(())
}

/// `check --batch --save`: decided claims saved a batch at a time through
/// the store's `save_many` (one transaction a batch), so memory stays that
/// of two batches and the fsync is paid once per batch. The log is written
/// on a thread of its own while the next batch is decided
/// ([`WriteBehind`]).
struct BatchSaver {
    writer: WriteBehind<CaseRecord, SavedMany>,
    policies: PolicySet,
    agent: String,
    pending: Vec<CaseRecord>,
    first: Option<String>,
    last: Option<String>,
    saved: usize,
    already: usize,
    /// Lines not decided (each has its error line in the output): nothing
    /// saved for them.
    refused: usize,
    /// Why saving stopped: the batch loop reads no further line.
    failure: Option<String>,
}

/// Claims saved per transaction by `check --batch --save`.
const SAVE_BATCH: usize = crate::store::BULK_BATCH;

impl BatchSaver {
    fn open(common: &Common) -> Result<BatchSaver, String> {
        let config = common.settings();
        let dir = common
            .data_dir(&config)
            .ok_or("this system has no data folder; use --data-dir DIR")?;
        let log = crate::store::open_in(&dir).map_err(|e| e.to_string())?;
        if log.is_read_only() {
            return Err(format!("the case log {} cannot be written", log.location()));
        }
        let writer = WriteBehind::start(log, |log, batch: &[CaseRecord]| {
            log.save_many(batch, crate::case::now_utc())
        })
        .map_err(|e| format!("cannot start the case log's writer: {e}"))?;
        Ok(BatchSaver {
            writer,
            policies: common
                .load_policies()
                .map_err(|_| "the policies cannot be loaded")?,
            agent: config.agent_name.unwrap_or_default(),
            pending: Vec::with_capacity(SAVE_BATCH),
            first: None,
            last: None,
            saved: 0,
            already: 0,
            refused: 0,
            failure: None,
        })
    }

    /// Adds line `number` (its text `line`) to the next batch. Its case
    /// key is derived from the agent, the line's number and its text: a
    /// rerun of the same file finds what the run before it saved.
    fn add(
        &mut self,
        input: &ClaimInput,
        outcome: &Outcome<'_>,
        number: u64,
        line: &str,
        reference: Option<String>,
    ) -> io::Result<()> {
        let Some(policy) = self.policies.vendor(outcome.vendor) else {
            return Ok(());
        };
        let mut case = CaseRecord::from_decision(input, outcome, policy);
        case.agent = self.agent.clone();
        // The agent is part of it: two agents' runs of one file are two
        // sets of cases; one agent's rerun is the same set.
        case.key = crate::case::derived_key(&[
            "claimdesk batch line",
            &self.agent,
            &number.to_string(),
            line,
        ]);
        case.reference = reference.unwrap_or_default();
        self.pending.push(case);
        if self.pending.len() >= SAVE_BATCH
            && let Err(e) = self.flush()
        {
            self.failure = Some(e);
        }
        Ok(())
    }

    /// Hands the pending batch to the writer; counts the batch written
    /// before it, if the writer gave one back.
    fn flush(&mut self) -> Result<(), String> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.pending, self.writer.empty_batch());
        match self.writer.write(batch) {
            Some(written) => self.count(written),
            None => Ok(()),
        }
    }

    /// Counts a batch the writer is done with; its error, if it failed.
    fn count(&mut self, written: Written<SavedMany>) -> Result<(), String> {
        let saved = match written {
            Some(Ok(saved)) => saved,
            Some(Err(e)) => return Err(format!("{e}; {}", self.rest_not_saved())),
            None => {
                return Err(format!(
                    "the case log's writer stopped; {}",
                    self.rest_not_saved()
                ));
            }
        };
        self.saved += saved.ids.len() - saved.already;
        self.already += saved.already;
        if self.first.is_none() {
            self.first = saved.ids.first().cloned();
        }
        self.last = saved.ids.last().cloned().or(self.last.take());
        Ok(())
    }

    fn rest_not_saved(&self) -> String {
        format!(
            "{}, the rest not saved: run the same file again to save only what is missing",
            self.counts()
        )
    }

    /// "saved N, already saved M, refused R", by count.
    fn counts(&self) -> String {
        format!(
            "saved {}, already saved {}, refused {}",
            self.saved, self.already, self.refused
        )
    }

    /// Saves what is left; the line that says what was saved. After a
    /// failure, nothing more is saved: the failure, with what was saved.
    fn finish(mut self) -> Result<String, String> {
        let mut outcome = match self.failure.take() {
            Some(failure) => Err(failure),
            None => self.flush(),
        };
        for written in self.writer.finish() {
            let counted = self.count(written);
            if outcome.is_ok() {
                outcome = counted;
            }
        }
        outcome?;
        Ok(match (&self.first, &self.last) {
            (Some(first), Some(last)) => format!("{}: {first} to {last}", self.counts()),
            _ => format!("saved no cases (no claim was decided); {}", self.counts()),
        })
    }
}

/// One output line per input line, in order; memory stays that of one line.
fn batch(
    policies: &PolicySet,
    (reader, size): (Box<dyn Read>, Option<u64>),
    today: NaiveDate,
    parse_only: bool,
    decisive: bool,
    mut saver: Option<BatchSaver>,
) -> Exit {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let mut stdout = io::stdout().lock();
    // Output lines are built straight into this buffer, which goes to
    // standard output whenever it passes FLUSH_AT: one copy of each byte,
    // not two as through a BufWriter.
    let mut out: Vec<u8> = Vec::with_capacity(FLUSH_AT + 8 * 1024);
    let mut line = Vec::with_capacity(1024);
    let mut decider = rules::Decider::new(policies).with_decisive_dates(decisive);
    let mut number = 0u64;
    let mut failed = false;
    let what = if saver.is_some() {
        "deciding and saving"
    } else {
        "deciding"
    };
    let progress = super::progress::Progress::new(what, super::progress::Unit::Bytes, size);
    let mut read = 0u64;
    loop {
        line.clear();
        let too_long = match read_line_capped(&mut reader, &mut line) {
            Ok(None) => break,
            Ok(Some(too_long)) => too_long,
            Err(e) => {
                diag::error(format_args!("cannot read line {}: {e}", number + 1));
                failed = true;
                break;
            }
        };
        number += 1;
        // The line holds its newline. Every 64th line: the bar's clock
        // read would show in the batch's budget.
        read += line.len() as u64;
        if number.is_multiple_of(64) {
            progress.set(read);
        }
        let result = if too_long {
            let message = format!("the line is longer than {}", limit_words());
            write_error(&mut out, number, None, &message)
        } else if parse_only {
            reserialise_line(&line, number, &mut out)
        } else {
            decide_line(&mut decider, &line, today, number, &mut out, saver.as_mut())
        };
        let result = result.and_then(|ok| {
            if out.len() >= FLUSH_AT {
                stdout.write_all(&out)?;
                out.clear();
            }
            Ok(ok)
        });
        if saver.as_ref().is_some_and(|s| s.failure.is_some()) {
            // Saving stopped: deciding further lines would save nothing.
            break;
        }
        match result {
            Ok(true) => {}
            Ok(false) => {
                failed = true;
                if let Some(saver) = saver.as_mut() {
                    saver.refused += 1;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Exit::Success,
            Err(e) => {
                diag::error(format_args!("cannot write the outcome: {e}"));
                return Exit::Attention;
            }
        }
    }
    if let Err(e) = stdout.write_all(&out).and_then(|()| stdout.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        diag::error(format_args!("cannot write the outcome: {e}"));
        return Exit::Attention;
    }
    drop(progress);
    if let Some(saver) = saver {
        match saver.finish() {
            Ok(summary) => diag::note(summary),
            Err(e) => {
                diag::error(format_args!("not saved: {e}"));
                return Exit::NotSaved;
            }
        }
    }
    if failed {
        Exit::Attention
    } else {
        Exit::Success
    }
}

/// Batch output is written in blocks of about this size.
const FLUSH_AT: usize = 64 * 1024;

/// No claim is anywhere near this long: a longer claim (a `check` input or
/// a `--batch` line) is reported, not buffered, so memory stays bounded
/// whatever the input.
const MAX_CLAIM: usize = 1024 * 1024;

/// [`MAX_CLAIM`] as it reads in a message: "1 MiB".
fn limit_words() -> String {
    format!("{} MiB", MAX_CLAIM / (1024 * 1024))
}

/// Reads one line into `line` (at most [`MAX_CLAIM`] bytes kept). `None` at
/// the end of input; `Some(true)` when the line was too long (the rest of
/// it is skipped).
fn read_line_capped(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let used = chunk.len();
        if !too_long {
            if line.len() + used > MAX_CLAIM {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        reader.consume(used);
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// Decides one line and writes its output line; `Ok(false)` when the line
/// was an error (written in place as `{"line": N, "error": ...}`).
fn decide_line(
    decider: &mut rules::Decider<'_>,
    line: &[u8],
    today: NaiveDate,
    number: u64,
    out: &mut Vec<u8>,
    saver: Option<&mut BatchSaver>,
) -> io::Result<bool> {
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.trim_end_matches(['\n', '\r']),
        Err(_) => return write_error(out, number, None, "the line is not valid UTF-8"),
    };
    let input = match ClaimInput::from_json(text) {
        Ok(i) => i,
        Err(e) => return write_error(out, number, e.field.as_deref(), &e.to_string()),
    };
    // `reference` (the order number) is a batch line's own field, not the
    // claim's: kept on the saved case, never warned about.
    let reference = if input.unknown_fields.iter().any(|f| f == REFERENCE) {
        line_reference(text)
    } else {
        None
    };
    match decider.decide(&input, today) {
        Ok(outcome) => {
            if let Some(saver) = saver {
                saver.add(&input, outcome, number, text, reference)?;
            }
            outcome_json::write_outcome(out, outcome);
            if input.unknown_fields.iter().any(|f| f != REFERENCE) {
                let unknown: Vec<String> = input
                    .unknown_fields
                    .iter()
                    .filter(|f| *f != REFERENCE)
                    .cloned()
                    .collect();
                append_warnings(out, &unknown);
            }
            out.push(b'\n');
            Ok(true)
        }
        Err(DecideError::Claim(e)) => write_error(out, number, e.field.as_deref(), &e.to_string()),
        Err(DecideError::Policy(e)) => write_error(out, number, None, &e.to_string()),
    }
}

/// The optional field of a `--batch` line naming the customer's order
/// number or reference: `{"vendor": ..., "reference": "112-4417"}`. With
/// `--save` it is kept on the line's case (as `--order` is for one claim).
const REFERENCE: &str = "reference";

/// A line's `reference`, when it is a string.
fn line_reference(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Line {
        reference: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Line>(text).ok()?.reference? {
        serde_json::Value::String(s) => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The baseline of the bulk benchmark: the same reading and parsing as
/// `decide_line`, and a JSON line written back, but no decision.
fn reserialise_line(line: &[u8], number: u64, out: &mut impl Write) -> io::Result<bool> {
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.trim_end_matches(['\n', '\r']),
        Err(_) => return write_error(out, number, None, "the line is not valid UTF-8"),
    };
    match ClaimInput::from_json(text) {
        Ok(input) => {
            json::to_writer(&mut *out, &input.to_json_value())?;
            out.write_all(b"\n")?;
            Ok(true)
        }
        Err(e) => write_error(out, number, e.field.as_deref(), &e.to_string()),
    }
}

/// The outcome, plus a `warnings` list when the claim had fields claimdesk
/// does not know (an addition to the contract; absent otherwise).
fn with_warnings(outcome: &Outcome<'_>, input: &ClaimInput) -> serde_json::Value {
    let mut value = serde_json::to_value(outcome).unwrap_or_default();
    if !input.unknown_fields.is_empty()
        && let Some(map) = value.as_object_mut()
    {
        let warnings = input
            .unknown_fields
            .iter()
            .map(|f| serde_json::Value::String(warning(f)))
            .collect();
        map.insert("warnings".into(), serde_json::Value::Array(warnings));
    }
    value
}

/// Turns the compact outcome object in `json` into one with a `warnings`
/// list for the fields claimdesk does not know (an addition to the
/// contract; absent when there are none).
fn append_warnings(line: &mut Vec<u8>, unknown_fields: &[String]) {
    debug_assert_eq!(line.last(), Some(&b'}'));
    line.pop();
    line.extend_from_slice(b",\"warnings\":");
    let warnings: Vec<String> = unknown_fields.iter().map(|f| warning(f)).collect();
    json::to_writer(&mut *line, &warnings).expect("strings always serialise");
    line.push(b'}');
}

fn warning(field: &str) -> String {
    format!("unknown field \"{field}\" ignored")
}

fn write_error(
    out: &mut impl Write,
    number: u64,
    field: Option<&str>,
    message: &str,
) -> io::Result<bool> {
    let value = match field {
        Some(f) => json!({"line": number, "error": message, "field": f}),
        None => json!({"line": number, "error": message}),
    };
    json::to_writer(&mut *out, &value)?;
    out.write_all(b"\n")?;
    Ok(false)
}
