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

use super::Common;
use super::jsonl::{self, ListFormat};
use super::left_out::LeftOut;
use super::timeline;
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
        CasesCommand::Import { file } => import(log, file),
        CasesCommand::Sync => Ok(Exit::Success),
    };
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
            let json = serde_json::to_string_pretty(&value).unwrap_or_default();
            writeln!(out, "{}", json_safe(&json))?;
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
fn import(log: &mut dyn CaseStore, file: &std::path::Path) -> Result<Exit, Failure> {
    const BATCH: usize = 2_000;
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
    let import_batch = |log: &mut dyn CaseStore,
                        batch: &mut Vec<crate::store::Incoming>,
                        done: &mut crate::store::Imported,
                        refused: usize|
     -> Result<(), Failure> {
        match log.import(batch) {
            Ok(n) => {
                done.add(n);
                batch.clear();
                Ok(())
            }
            Err(e) => {
                // What was imported stays; a rerun adds only the rest.
                diag::note(format!(
                    "{} before the failure; run the import again to add the rest",
                    report(done, refused)
                ));
                Err(e.into())
            }
        }
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
            import_batch(log, &mut batch, &mut done, refused)?;
        }
    }
    import_batch(log, &mut batch, &mut done, refused)?;
    drop(progress);
    diag::note(report(&done, refused));
    Ok(if refused > 0 {
        Exit::Attention
    } else {
        Exit::Success
    })
}

/// serde_json escapes C0 controls but writes DEL, C1 controls and bidi
/// overrides as they are; those can still drive a terminal. They can only
/// stand inside JSON strings, where `\uXXXX` means the same character: the
/// value is unchanged, the bytes are safe. (Same escapes as
/// `crate::text::json`, applied to JSON already written.)
pub fn json_safe(json: &str) -> String {
    let mut out = Vec::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && crate::text::is_unsafe(c) {
            crate::text::json::push_escape(&mut out, c);
        } else {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    String::from_utf8(out).expect("only whole characters were copied")
}

/// The CSV columns: the case, the facts the customer gave, the outcome,
/// and the deadlines as of the export day (from the hand-off sections).
const CSV_HEADER: [&str; 18] = [
    "case",
    "created_at",
    "claim_date",
    "vendor",
    "issue",
    "verdict",
    "reference",
    "agent",
    "note",
    "channel",
    "order_date",
    "delivery_date",
    "claim_facts",
    "remedies",
    "return_shipping",
    "summary",
    "deadlines",
    "policy_sha256",
];

fn csv_record(c: &Case, policies: Option<&PolicySet>, today: NaiveDate) -> Vec<String> {
    use crate::rules::claim::DateFact;
    let sections = case_sections(c, policies, today);
    let field = |want: SectionId| {
        sections
            .iter()
            .find_map(|s| match s {
                Section::Field { id, value, .. } if *id == want => Some(value.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let list = |want: SectionId| {
        sections
            .iter()
            .find_map(|s| match s {
                Section::List { id, items, .. } if *id == want => Some(
                    items
                        .iter()
                        .map(|i| i.line())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                _ => None,
            })
            .unwrap_or_default()
    };
    let r = &c.record;
    let policy = if r.policy.sha256.is_empty() {
        r.policy.fingerprint.clone()
    } else {
        r.policy.sha256.clone()
    };
    vec![
        c.id.clone(),
        c.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        r.claim_date().to_string(),
        r.vendor().to_owned(),
        r.issue().to_owned(),
        r.verdict().id().to_owned(),
        r.reference.clone(),
        r.agent.clone(),
        r.note.clone(),
        r.claim.channel.clone().unwrap_or_default(),
        r.claim.date(DateFact::Order).unwrap_or_default().to_owned(),
        r.claim
            .date(DateFact::Delivery)
            .unwrap_or_default()
            .to_owned(),
        list(SectionId::ClaimFacts),
        r.outcome
            .remedies
            .iter()
            .map(|m| m.id())
            .collect::<Vec<_>>()
            .join(" "),
        r.outcome.return_shipping.id().to_owned(),
        field(SectionId::Summary),
        list(SectionId::Deadlines),
        policy,
    ]
}

fn export(
    log: &dyn CaseStore,
    filter: &Filter,
    format: ExportFormat,
    policies: Option<&PolicySet>,
    today: NaiveDate,
    with_contact: bool,
) -> Result<Exit, Failure> {
    let mut left = LeftOut::new(log);
    let mut failed: Option<Failure> = None;
    let progress = super::progress::of_cases("exporting", log, filter);
    let out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    match format {
        ExportFormat::Jsonl => {
            let mut out = out;
            let mut line = String::new();
            log.for_each_with_events(filter, &mut |c| {
                match c {
                    Ok((c, events)) => {
                        progress.inc(1);
                        line.clear();
                        let mut export = CaseExport::of(&c).with_events(events);
                        if !with_contact {
                            export = export.without_contact();
                        }
                        line.push_str(&serde_json::to_string(&export).unwrap_or_default());
                        if let Err(e) = writeln!(out, "{}", json_safe(&line)) {
                            failed = Some(e.into());
                            return ControlFlow::Break(());
                        }
                    }
                    Err(d) => left.name(&d),
                }
                ControlFlow::Continue(())
            })?;
            if failed.is_none() {
                out.flush()?;
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let contact_columns = ["customer_name", "customer_phone", "customer_email"];
            if with_contact {
                w.write_record(CSV_HEADER.iter().chain(contact_columns.iter()))?;
            } else {
                w.write_record(CSV_HEADER)?;
            }
            log.for_each(filter, &mut |c| {
                match c {
                    Ok(c) => {
                        progress.inc(1);
                        let mut record = csv_record(&c, policies, today);
                        if with_contact {
                            let who = &c.record.customer;
                            record.extend([who.name.clone(), who.phone.clone(), who.email.clone()]);
                        }
                        if let Err(e) = w.write_record(record.iter().map(|v| spreadsheet_safe(v))) {
                            failed = Some(e.into());
                            return ControlFlow::Break(());
                        }
                    }
                    Err(d) => left.name(&d),
                }
                ControlFlow::Continue(())
            })?;
            if failed.is_none() {
                w.flush()?;
            }
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(left.finish(Exit::Success))
}

/// Neutralised, and a leading `=`, `+`, `-`, `@` (which a spreadsheet
/// would run as a formula) quoted with `'`.
fn spreadsheet_safe(value: &str) -> String {
    let safe = neutralise(value);
    if safe.starts_with(['=', '+', '-', '@']) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}

/// What differs between the saved outcome and a fresh one: the verdict
/// change (if any) and the deadline changes.
fn differences(saved: &DecidedDigest, now: &rules::Outcome<'_>) -> (Option<String>, Vec<String>) {
    let verdict_change = (saved.verdict != now.verdict)
        .then(|| format!("verdict {} -> {}", saved.verdict.id(), now.verdict.id()));
    let date = |d: Option<NaiveDate>| d.map_or("undated".to_owned(), |d| d.to_string());
    let mut changes = Vec::new();
    for before in &saved.deadlines {
        match now.deadlines.iter().find(|d| d.id == before.id) {
            Some(after) if after.date != before.date => changes.push(format!(
                "{} {} -> {}",
                before.id,
                date(before.date),
                date(after.date)
            )),
            Some(_) => {}
            None => changes.push(format!("{} {} -> gone", before.id, date(before.date))),
        }
    }
    for after in &now.deadlines {
        if !saved.deadlines.iter().any(|d| d.id == after.id) {
            changes.push(format!("{} new {}", after.id, date(after.date)));
        }
    }
    (verdict_change, changes)
}

/// The labels of the version deciding now and of the one the case was
/// saved under, when they differ (the recheck line then says "policy
/// version 2027 applies (in force on the delivery date 2027-01-02; saved
/// under 2026)"); `None` for cases saved before outcomes recorded their
/// version.
fn version_applies(saved: &DecidedDigest, now: &rules::Outcome<'_>) -> Option<(String, String)> {
    let saved_policy = saved.policy.as_ref()?;
    if saved_policy.sha256 == now.policy.sha256 {
        return None;
    }
    let label = |v: Option<&str>| v.map_or("(unlabelled)".to_owned(), |v| shown(v, 40));
    Some((
        label(now.policy.version),
        label(saved_policy.version.as_deref()),
    ))
}

/// For each version of the case's vendor policy newer than the one in
/// force for its dates, whose verdict differs from the saved one: "version
/// 2027 would give eligible (saved: not_eligible) but does not apply: in
/// force from 2027-01-01, the delivery date is 2026-12-31".
fn newer_versions(
    decider: &mut rules::Decider<'_>,
    claim: &crate::rules::ClaimInput,
    saved: &DecidedDigest,
) -> Vec<String> {
    let Some(in_force) = decider.last_in_force() else {
        return Vec::new();
    };
    let base = in_force.base;
    let (field, date) = in_force.on;
    let newer: Vec<(String, String)> = base
        .versions()
        .filter(|v| v.effective_from.is_some_and(|from| from > date))
        .filter_map(|v| {
            let label = v.version.clone()?;
            let from = v.effective_from?.to_string();
            Some((label, from))
        })
        .collect();
    let mut lines = Vec::new();
    for (label, from) in newer {
        let Some(Ok(outcome)) = decider.decide_under(claim, saved.claim_date, &label) else {
            continue;
        };
        if outcome.verdict != saved.verdict {
            lines.push(format!(
                "version {} would give {} (saved: {}) but does not apply: in force from {from}, the {} is {date}",
                shown(&label, 40),
                outcome.verdict.id(),
                saved.verdict.id(),
                field.noun()
            ));
        }
    }
    lines
}

/// Re-decides every matching case as it streams by; only the lines of
/// cases that differ are kept. With `--format json` each finding is a
/// JSON line (in case order), then a summary line.
fn recheck(
    log: &dyn CaseStore,
    filter: &Filter,
    policies: &PolicySet,
    verdicts_only: bool,
    format: ListFormat,
) -> Result<Exit, Failure> {
    let json = format == ListFormat::Json;
    let mut verdict_lines = Vec::new();
    let mut deadline_lines = Vec::new();
    let mut newer_lines: Vec<String> = Vec::new();
    let mut checked = 0usize;
    let mut left = LeftOut::new(log);
    let mut decider = rules::Decider::new(policies);
    let mut out = io::stdout().lock();
    let mut failed: Option<io::Error> = None;
    let progress = super::progress::of_cases("rechecking", log, filter);
    log.for_each_decision(filter, &mut |c| {
        progress.inc(1);
        let c = match c {
            Ok(c) => c,
            Err(d) => {
                left.name(&d);
                return ControlFlow::Continue(());
            }
        };
        checked += 1;
        let who = || {
            format!(
                "{}  {}/{}",
                c.id,
                shown(&c.decided.vendor, 20),
                shown(&c.decided.issue, 30)
            )
        };
        // The JSON findings, written as they are found (text waits, to
        // list verdict changes first).
        let mut findings: Vec<serde_json::Value> = Vec::new();
        let finding = |kind: &str| {
            serde_json::json!({
                "kind": kind,
                "case": c.id,
                "vendor": c.decided.vendor,
                "issue": c.decided.issue,
                "saved_verdict": c.decided.verdict.id(),
            })
        };
        match decider.decide(&c.claim, c.decided.claim_date) {
            Ok(outcome) => {
                let applies = version_applies(&c.decided, outcome);
                let differences = differences(&c.decided, outcome);
                let now_verdict = outcome.verdict.id();
                let in_force = decider.last_in_force();
                let applies_json = match (&applies, in_force) {
                    (Some((now, saved)), Some(in_force)) => serde_json::json!({
                        "version": now,
                        "saved_under": saved,
                        "in_force_on": in_force.on.0.noun(),
                        "date": in_force.on.1,
                    }),
                    _ => serde_json::Value::Null,
                };
                let applies = match (applies, in_force) {
                    (Some((now, saved)), Some(in_force)) => format!(
                        "; policy version {now} applies (in force on the {} {}; saved under {saved})",
                        in_force.on.0.noun(),
                        in_force.on.1
                    ),
                    _ => String::new(),
                };
                match differences {
                    (Some(verdict), deadlines) => {
                        if json {
                            let mut f = finding("verdict");
                            f["verdict"] = now_verdict.into();
                            f["deadlines"] = deadlines.clone().into();
                            f["policy_version"] = applies_json;
                            findings.push(f);
                        }
                        let mut line = format!("VERDICT    {}  {verdict}", who());
                        for d in deadlines {
                            line.push_str("; ");
                            line.push_str(&d);
                        }
                        line.push_str(&applies);
                        verdict_lines.push(line);
                    }
                    (None, deadlines) if !deadlines.is_empty() => {
                        if json && !verdicts_only {
                            let mut f = finding("deadlines");
                            f["verdict"] = now_verdict.into();
                            f["deadlines"] = deadlines.clone().into();
                            f["policy_version"] = applies_json;
                            findings.push(f);
                        }
                        deadline_lines.push(format!(
                            "DEADLINES  {}  {}{applies}",
                            who(),
                            deadlines.join("; ")
                        ));
                    }
                    (None, _) => {}
                }
                for l in newer_versions(&mut decider, &c.claim, &c.decided) {
                    if json {
                        let mut f = finding("newer");
                        f["detail"] = l.clone().into();
                        findings.push(f);
                    }
                    newer_lines.push(format!("NEWER      {}  {l}", who()));
                }
            }
            Err(e) => {
                if json {
                    let mut f = finding("verdict");
                    f["verdict"] = serde_json::Value::Null;
                    f["error"] = e.to_string().into();
                    findings.push(f);
                }
                verdict_lines.push(format!(
                    "VERDICT    {}  cannot be decided now: {}",
                    who(),
                    shown(&e.to_string(), 120)
                ));
            }
        }
        for f in &findings {
            if let Err(e) = jsonl::line(&mut out, f) {
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let differ = !verdict_lines.is_empty() || (!verdicts_only && !deadline_lines.is_empty());
    let damaged = left.count();
    let code = left.finish(Exit::Success);
    let code = if differ { Exit::Attention } else { code };
    if json {
        jsonl::line(
            &mut out,
            &serde_json::json!({
                "kind": "summary",
                "checked": checked,
                "verdict_changes": verdict_lines.len(),
                "deadline_changes": deadline_lines.len(),
                "newer": newer_lines.len(),
                "damaged": damaged,
            }),
        )?;
        return Ok(code);
    }
    for line in &verdict_lines {
        diag::line(&mut out, line)?;
    }
    if !verdicts_only {
        for line in &deadline_lines {
            diag::line(&mut out, line)?;
        }
    }
    diag::line(
        &mut out,
        format_args!(
            "{} of {} case(s) would get another verdict now; {} more only other deadlines",
            verdict_lines.len(),
            checked,
            deadline_lines.len()
        ),
    )?;
    // Which cases a newer version would decide otherwise, though it does
    // not apply to them: worth knowing, not a difference (exit status).
    for line in &newer_lines {
        diag::line(&mut out, line)?;
    }
    if !newer_lines.is_empty() {
        diag::line(
            &mut out,
            format_args!(
                "{} time(s) a newer policy version would decide a case differently but does not apply to it by its dates",
                newer_lines.len()
            ),
        )?;
    }
    if damaged > 0 {
        writeln!(
            out,
            "{damaged} damaged case(s) could not be re-checked (named on standard error)"
        )?;
    }
    Ok(code)
}
