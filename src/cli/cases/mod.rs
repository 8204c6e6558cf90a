//! `claimdesk cases list|show|export|recheck|import`: the case log from
//! the command line, for a ticket, a printout, a supervisor's spreadsheet
//! or merging one counter's log into another's; `event|due|contact|purge`
//! (the case after the call) are in `cli/timeline.rs`.
//!
//! Nothing here loads the whole log: `list` reads one page (the newest 50
//! unless told otherwise), `export` and `recheck` stream case by case, and
//! `import` saves in batches. A case whose row cannot be read is named on
//! standard error and left out; the others are still listed, exported or
//! re-checked, and the command exits 1.

mod export;
mod recheck;
use super::Common;
use super::jsonl::{self, ListFormat};
use super::left_out::LeftOut;
use super::timeline;
use super::write_behind::{WriteBehind, Written};
use crate::case::{Case, CaseExport, DecidedDigest};
use crate::diag;
use crate::exit::Exit;
use crate::report::{
    Section, SectionId, case_sections, case_sections_with_timeline, render_markdown, render_text,
};
use crate::rules::outcome::Verdict;
use crate::rules::{self, PolicySet};
use crate::store::{CaseStore, Filter, Search};
use crate::text::{neutralise, shown};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use export::*;
use recheck::*;
use std::io::{self, Write};
use std::ops::ControlFlow;

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// One line per saved case: the newest 50 unless told otherwise.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// How many cases to list.
        #[arg(long, value_name = "N", default_value_t = 50, conflicts_with = "all")]
        limit: usize,
        /// Every matching case.
        #[arg(long)]
        all: bool,
        /// Oldest first instead of newest first.
        #[arg(long)]
        oldest_first: bool,
        /// Only cases matching every word, as the wizard's history filter:
        /// id, order number, note, agent, contact, and the timeline (event
        /// notes, tracking and RMA numbers, status words like "resolved").
        #[arg(long, value_name = "WORDS", default_value = "")]
        search: String,
        /// text, or json: one object a case (JSON Lines), no header or count.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// One case as a hand-off: plain text, Markdown or JSON.
    Show {
        /// The case id, such as C-20261121-0007 (any case).
        #[arg(value_parser = crate::cli::parse_case_id)]
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// The customer's letter for a case: the decision addressed to the
    /// customer, in their language (text, receipt, HTML or e-mail), to
    /// standard output, --out FILE, or --send by e-mail.
    Letter(super::letter::LetterArgs),
    /// Adds the cases of a `cases export --format jsonl` file with their
    /// keys, ids and timelines. A case whose key is here is the same case
    /// (its new events merged, none twice); one whose id is taken by
    /// another case gets the next free id and keeps the old one as
    /// "imported from". Says added / merged / renumbered / refused; exit
    /// 1 if any line was refused. Importing twice adds nothing.
    Import {
        /// The JSON Lines file ("-": standard input).
        file: std::path::PathBuf,
    },
    /// Sends the saves waiting in the outbox (made while the shared
    /// database could not be reached) now, in order; exit 1 if some still wait.
    Sync,
    /// Every matching case as CSV (a spreadsheet) or JSON Lines.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        #[command(flatten)]
        filter: FilterArgs,
        /// Include the customer's name, phone and e-mail (personal data;
        /// left out unless asked for).
        #[arg(long)]
        with_contact: bool,
    },
    /// Record what happened to a case (the customer wrote, the item was
    /// shipped, the refund is missing, ...). An event that gives a fact
    /// re-decides the case; prints its status, next action and due date.
    Event(timeline::EventArgs),
    /// Open and waiting cases by due date, overdue first, with the days
    /// left as of today (--today).
    Due(timeline::DueArgs),
    /// Set the customer's name, phone or e-mail on a case.
    Contact(timeline::ContactArgs),
    /// Retention: erase the customer's contact details of cases resolved
    /// or closed before a date (with --whole, delete those cases); says
    /// how many.
    Purge(timeline::PurgeArgs),
    /// Re-decide saved cases with the policies in force now and list those
    /// whose verdict or deadlines would differ ("VERDICT" lines first, then
    /// "DEADLINES" lines), naming a newer policy version that applies to a
    /// case by its dates; then "NEWER" lines for cases a newer version would
    /// decide differently but that it does not apply to. Exit 1 when any
    /// VERDICT or DEADLINES line is listed.
    Recheck {
        /// List only the cases whose verdict would change.
        #[arg(long)]
        verdicts_only: bool,
        /// text, or json: one object a finding (JSON Lines, "kind" verdict,
        /// deadlines or newer), then one "summary" object.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Claim date on or after DATE.
    #[arg(long, value_name = "DATE", value_parser = super::parse_today)]
    pub from: Option<NaiveDate>,
    /// Claim date on or before DATE.
    #[arg(long, value_name = "DATE", value_parser = super::parse_today)]
    pub to: Option<NaiveDate>,
    /// Only this vendor id (millso, mitkco, ...).
    #[arg(long)]
    pub vendor: Option<String>,
    /// Only this verdict.
    #[arg(long, value_parser = verdict_parser())]
    pub verdict: Option<Verdict>,
    /// Only this customer reference or order number (case, spaces and
    /// dashes do not matter: "112-44 17" finds "1124417").
    #[arg(long = "order", value_name = "REF")]
    pub reference: Option<String>,
}

/// `--verdict`: one of the verdict ids (clap lists them on an error),
/// read as the rule core's [`Verdict`].
fn verdict_parser() -> impl clap::builder::TypedValueParser<Value = Verdict> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Verdict::ALL.map(Verdict::id))
        .try_map(|id| Verdict::from_id(&id).ok_or("not a verdict"))
}

impl FilterArgs {
    fn filter(&self) -> Filter {
        Filter {
            from: self.from,
            to: self.to,
            vendor: self.vendor.clone(),
            verdict: self.verdict,
            reference: self.reference.clone(),
        }
    }
}

pub fn run(common: &Common, command: &CasesCommand) -> Exit {
    let config = common.settings();
    let Some(dir) = common.data_dir(&config) else {
        diag::error("this system has no data folder; use --data-dir DIR");
        return Exit::Usage;
    };
    if let CasesCommand::Sync = command {
        return crate::cli::cases_sync::run(&dir);
    }
    let shared = crate::store::backend::database_url().is_some();
    let path = dir.join(crate::store::FILE_NAME);
    // Not `exists()`: that follows a symbolic link, and a dangling one is
    // a log that cannot be read, not an absent one.
    let absent =
        std::fs::symlink_metadata(&path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
    if absent && !shared && !matches!(command, CasesCommand::Import { .. }) {
        // Listing must not create an empty log as a side effect.
        diag::note(format_args!(
            "no cases saved yet ({} does not exist)",
            path.display()
        ));
        return match command {
            CasesCommand::Show { .. }
            | CasesCommand::Letter(_)
            | CasesCommand::Event(_)
            | CasesCommand::Contact(_) => Exit::Usage,
            _ => Exit::Success,
        };
    }
    let mut log = match crate::store::open_in(&dir) {
        Ok(log) => log,
        Err(e) => {
            diag::error(e);
            return Exit::Usage;
        }
    };
    if let CasesCommand::Import { file } = command {
        // The import's writer thread takes the log.
        return match import(log, file) {
            // Cases are left out (what was imported before stays): 4, as
            // for a save that failed.
            Err(Failure::Store(e)) => {
                diag::error(e);
                Exit::NotSaved
            }
            result => exit_code(result),
        };
    }
    let log = log.as_mut();
    let result = match command {
        CasesCommand::List {
            filter,
            limit,
            all,
            oldest_first,
            search,
            format,
        } => list(
            log,
            &filter.filter(),
            search,
            (!*all).then_some(*limit),
            *oldest_first,
            *format,
        ),
        CasesCommand::Show { id, format } => {
            let policies = common.load_policies().ok();
            show(log, id, *format, policies.as_ref(), common.today())
        }
        CasesCommand::Letter(args) => {
            let policies = common.load_policies().ok();
            super::letter::run(log, args, policies.as_ref(), common)
        }
        CasesCommand::Export {
            format,
            filter,
            with_contact,
        } => {
            let policies = common.load_policies().ok();
            export(
                log,
                &filter.filter(),
                *format,
                policies.as_ref(),
                common.today(),
                *with_contact,
            )
        }
        CasesCommand::Event(args) => match common.load_policies() {
            Ok(policies) => {
                let agent = args
                    .agent
                    .clone()
                    .or_else(|| config.agent_name.clone())
                    .unwrap_or_default();
                timeline::event(log, args, &policies, &agent, common.today())
            }
            Err(code) => return code,
        },
        CasesCommand::Due(args) => timeline::due(log, args, common.today()),
        CasesCommand::Contact(args) => {
            timeline::contact(log, args, config.agent_name.as_deref().unwrap_or_default())
        }
        CasesCommand::Purge(args) => timeline::purge(log, args),
        CasesCommand::Recheck {
            verdicts_only,
            filter,
            format,
        } => match common.load_policies() {
            Ok(policies) => recheck(log, &filter.filter(), &policies, *verdicts_only, *format),
            Err(code) => return code,
        },
        CasesCommand::Import { .. } | CasesCommand::Sync => Ok(Exit::Success),
    };
    exit_code(result)
}

/// The exit code of a `cases` command that ended with `result`, its
/// failure reported.
fn exit_code(result: Result<Exit, Failure>) -> Exit {
    match result {
        Ok(code) => code,
        Err(Failure::Store(e)) => {
            diag::error(e);
            Exit::Usage
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
        Err(Failure::Io(e)) => {
            diag::error(format_args!("cannot write: {e}"));
            Exit::Attention
        }
    }
}

pub(super) enum Failure {
    Store(crate::store::StoreError),
    Io(io::Error),
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<csv::Error> for Failure {
    fn from(e: csv::Error) -> Self {
        Failure::Io(io::Error::other(e))
    }
}

/// How many cases a page of `cases list --all` reads at a time.
const LIST_PAGE: usize = 1_000;

fn list(
    log: &dyn CaseStore,
    filter: &Filter,
    words: &str,
    limit: Option<usize>,
    oldest_first: bool,
    format: ListFormat,
) -> Result<Exit, Failure> {
    let mut out = io::stdout().lock();
    let json = format == ListFormat::Json;
    let mut search = Search {
        words: words.to_owned(),
        filter: filter.clone(),
        oldest_first,
        limit: limit.map_or(LIST_PAGE, |l| l.min(LIST_PAGE)),
        ..Search::default()
    };
    let mut listed = 0usize;
    let mut left = LeftOut::new(log);
    loop {
        let page = log.search(&search)?;
        for d in &page.damaged {
            left.name(d);
        }
        let damaged = left.count();
        for c in &page.cases {
            if json {
                jsonl::line(&mut out, &ListedCase::of(c))?;
                listed += 1;
                continue;
            }
            if listed == 0 {
                diag::line(
                    &mut out,
                    format_args!(
                        "{:<15}  {:<10}  {:<7}  {:<19}  {:<12}  {:<20}  agent",
                        "case", "claim date", "vendor", "issue", "verdict", "reference"
                    ),
                )?;
            }
            diag::line(
                &mut out,
                format_args!(
                    "{:<15}  {:<10}  {:<7}  {:<19}  {:<12}  {:<20}  {}",
                    c.id,
                    c.claim_date,
                    shown(&c.vendor, 7),
                    shown(&c.issue, 19),
                    shown(&c.verdict, 12),
                    shown(&c.reference, 20),
                    shown(&c.agent, 24)
                ),
            )?;
            listed += 1;
        }
        let seen = listed + damaged;
        let wanted = limit.is_none_or(|l| seen < l);
        match page.next {
            Some(next) if wanted => {
                search.after = Some(next);
                if let Some(l) = limit {
                    search.limit = (l - seen).min(LIST_PAGE);
                }
            }
            _ => break,
        }
    }
    if json {
        return Ok(left.finish(Exit::Success));
    }
    if listed == 0 {
        diag::line(&mut out, "no matching cases")?;
        return Ok(left.finish(Exit::Success));
    }
    let damaged = left.count();
    let more =
        limit.is_some() && search.after.is_some() || limit.is_some_and(|l| listed + damaged >= l);
    let total = if more {
        log.count(
            &Search {
                words: words.to_owned(),
                filter: filter.clone(),
                ..Search::default()
            },
            u64::MAX,
        )? as usize
    } else {
        listed + damaged
    };
    if total > listed + damaged {
        let order = if oldest_first { "oldest" } else { "newest" };
        diag::line(
            &mut out,
            format_args!(
                "{order} {listed} of {} case(s); --all lists every one, --limit N more",
                total - damaged
            ),
        )?;
    } else {
        diag::line(&mut out, format_args!("{listed} case(s)"))?;
    }
    Ok(left.finish(Exit::Success))
}

/// A `cases list --format json` line: the columns of the text list, in
/// full (not cut to the column width).
#[derive(serde::Serialize)]
struct ListedCase<'a> {
    id: &'a str,
    created_at: String,
    claim_date: NaiveDate,
    vendor: &'a str,
    issue: &'a str,
    verdict: &'a str,
    reference: &'a str,
    agent: &'a str,
    note: &'a str,
}

impl<'a> ListedCase<'a> {
    fn of(c: &'a crate::case::CaseBrief) -> Self {
        ListedCase {
            id: &c.id,
            // As `cases export` writes it (UTC).
            created_at: c.created_at.format(crate::case::TIMESTAMP).to_string(),
            claim_date: c.claim_date,
            vendor: &c.vendor,
            issue: &c.issue,
            verdict: &c.verdict,
            reference: &c.reference,
            agent: &c.agent,
            note: &c.note,
        }
    }
}

fn show(
    log: &dyn CaseStore,
    id: &str,
    format: ShowFormat,
    policies: Option<&PolicySet>,
    today: NaiveDate,
) -> Result<Exit, Failure> {
    let Some(case) = log.get(id)? else {
        diag::error(format_args!(
            "no case {} in {}",
            shown(id, 30),
            log.location()
        ));
        return Ok(Exit::Usage);
    };
    // As the timeline reads: event-date order, recorded time second.
    let events = crate::case::timeline::in_order(&log.events(&case.id)?);
    let mut out = io::stdout().lock();
    match format {
        ShowFormat::Json => {
            // The export line, with the timeline and where the case stands.
            let mut value = serde_json::to_value(CaseExport::of(&case)).unwrap_or_default();
            let standing = crate::case::timeline::standing(&case.record, &events);
            if let Some(map) = value.as_object_mut() {
                map.insert(
                    "events".into(),
                    serde_json::to_value(&events).unwrap_or_default(),
                );
                map.insert("status".into(), standing.status.id().into());
                map.insert("next_action".into(), standing.next_action.clone().into());
                map.insert(
                    "due_date".into(),
                    standing.due.map(|d| d.to_string()).into(),
                );
                map.insert("due".into(), timeline::due_text(&standing, today).into());
            }
            let json = crate::text::json::to_string_pretty(&value).unwrap_or_default();
            writeln!(out, "{json}")?;
        }
        ShowFormat::Text | ShowFormat::Markdown => {
            let sections = case_sections_with_timeline(&case, &events, policies, today);
            let text = match format {
                ShowFormat::Text => render_text(&sections),
                _ => render_markdown(&sections),
            };
            diag::text(&mut out, &text)?;
        }
    }
    Ok(Exit::Success)
}

/// Reads a JSON Lines export and adds its cases, a batch at a time,
/// matched by case key (see `CaseStore::import`). Says how many were
/// added, merged, renumbered and refused; exit 0 only when none was
/// refused. Run again after a failure, it adds only what is missing.
fn import(log: Box<dyn CaseStore>, file: &std::path::Path) -> Result<Exit, Failure> {
    const BATCH: usize = crate::store::BULK_BATCH;
    let reader: Box<dyn io::BufRead> = if file.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        match std::fs::File::open(file) {
            Ok(f) => Box::new(io::BufReader::new(f)),
            Err(e) => {
                diag::error(format_args!("cannot read {}: {e}", file.display()));
                return Ok(Exit::Usage);
            }
        }
    };
    // Lines are parsed here while the writer thread imports the batch
    // before (see `write_behind`).
    let mut writer = WriteBehind::start(log, |log, batch: &[crate::store::Incoming]| {
        log.import(batch)
    })?;
    let mut batch = Vec::with_capacity(BATCH);
    let progress = super::progress::Progress::new(
        "importing",
        super::progress::Unit::Bytes,
        super::progress::input_size(file),
    );
    let mut read = 0u64;
    let mut done = crate::store::Imported::default();
    let mut refused = 0usize;
    let report = |done: &crate::store::Imported, refused: usize| {
        format!(
            "imported: added {}, merged {} ({} new event(s)), renumbered {}, refused {}",
            done.added, done.merged, done.events_added, done.renumbered, refused
        )
    };
    // Counts a batch the writer is done with; stops at its failure.
    let count = |written: Written<crate::store::Imported>,
                 done: &mut crate::store::Imported,
                 refused: usize|
     -> Result<(), Failure> {
        let failure = match written {
            Some(Ok(n)) => {
                done.add(n);
                return Ok(());
            }
            Some(Err(e)) => Failure::Store(e),
            None => Failure::Io(io::Error::other("the case log's writer stopped")),
        };
        // What was imported stays; a rerun adds only the rest.
        diag::note(format!(
            "{} before the failure; run the import again to add the rest",
            report(done, refused)
        ));
        Err(failure)
    };
    for (number, line) in io::BufRead::lines(reader).enumerate() {
        let line = line?;
        read += line.len() as u64 + 1;
        progress.set(read);
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<CaseExport>(&line)
            .map_err(|e| e.to_string())
            .and_then(CaseExport::into_case_and_events);
        match parsed {
            Ok((case, events)) => batch.push(crate::store::Incoming { case, events }),
            Err(e) => {
                refused += 1;
                diag::error(format_args!(
                    "{} line {}: {}; refused",
                    file.display(),
                    number + 1,
                    shown(&e, 200)
                ));
            }
        }
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, writer.empty_batch());
            if let Some(written) = writer.write(full) {
                count(written, &mut done, refused)?;
            }
        }
    }
    if !batch.is_empty()
        && let Some(written) = writer.write(batch)
    {
        count(written, &mut done, refused)?;
    }
    for written in writer.finish() {
        count(written, &mut done, refused)?;
    }
    drop(progress);
    diag::note(report(&done, refused));
    Ok(if refused > 0 {
        Exit::Attention
    } else {
        Exit::Success
    })
}
