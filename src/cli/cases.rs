//! `claimdesk cases list|show|export|recheck`: the case log from the
//! command line, for a ticket, a printout or a supervisor's spreadsheet.
//!
//! A case whose row cannot be read is named on standard error and left
//! out; the others are still listed, exported or re-checked, and the
//! command exits 1.

use super::Common;
use crate::diag;
use crate::report::{CaseHeader, Summary, summary_markdown, summary_text};
use crate::rules::{self, ClaimInput, PolicySet};
use crate::store::{Case, CaseLog, Filter, Listing};
use crate::text::{neutralise, shown};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// One line per saved case, oldest first.
    List(FilterArgs),
    /// One case as a hand-off: plain text, Markdown or JSON.
    Show {
        /// The case id, such as C-20261121-0007.
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Every matching case as CSV (a spreadsheet) or JSON Lines.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Re-decide saved cases with the policies in force now and list those
    /// whose verdict or deadlines would differ ("VERDICT" lines first, then
    /// "DEADLINES" lines). Exit 1 when any would.
    Recheck {
        /// List only the cases whose verdict would change.
        #[arg(long)]
        verdicts_only: bool,
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
    #[arg(long, value_parser = ["eligible", "not_eligible", "review", "follow_up"])]
    pub verdict: Option<String>,
    /// Only this customer reference or order number (case, spaces and
    /// dashes do not matter: "112-44 17" finds "1124417").
    #[arg(long = "order", value_name = "REF")]
    pub reference: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> Filter {
        Filter {
            from: self.from,
            to: self.to,
            vendor: self.vendor.clone(),
            verdict: self.verdict.clone(),
            reference: self.reference.clone(),
        }
    }
}

pub fn run(common: &Common, command: &CasesCommand) -> ExitCode {
    let config = common.settings();
    let Some(dir) = common.data_dir(&config) else {
        diag::error("this system has no data folder; use --data-dir DIR");
        return ExitCode::from(2);
    };
    let path = dir.join(crate::store::FILE_NAME);
    // Not `exists()`: that follows a symbolic link, and a dangling one is
    // a log that cannot be read, not an absent one.
    let absent =
        std::fs::symlink_metadata(&path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
    if absent {
        // Listing must not create an empty log as a side effect.
        diag::note(format_args!(
            "no cases saved yet ({} does not exist)",
            path.display()
        ));
        return match command {
            CasesCommand::Show { .. } => ExitCode::from(2),
            _ => ExitCode::SUCCESS,
        };
    }
    let log = match CaseLog::open(&path) {
        Ok(log) => log,
        Err(e) => {
            diag::error(e);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        CasesCommand::List(filter) => list(&log, &filter.filter()),
        CasesCommand::Show { id, format } => {
            let policies = common.load_policies().ok();
            show(&log, id, *format, policies.as_ref())
        }
        CasesCommand::Export { format, filter } => export(&log, &filter.filter(), *format),
        CasesCommand::Recheck {
            verdicts_only,
            filter,
        } => match common.load_policies() {
            Ok(policies) => recheck(&log, &filter.filter(), &policies, *verdicts_only),
            Err(code) => return code,
        },
    };
    match result {
        Ok(code) => code,
        Err(Failure::Store(e)) => {
            diag::error(e);
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            diag::error(format_args!("cannot write: {e}"));
            ExitCode::from(1)
        }
    }
}

enum Failure {
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

/// The matching cases; each damaged one named on standard error.
fn readable(log: &CaseLog, filter: &Filter) -> Result<Listing, Failure> {
    let listing = log.list_checked(filter)?;
    for damaged in &listing.damaged {
        diag::error(format_args!("{damaged}; left out"));
    }
    Ok(listing)
}

/// `code`, unless some cases were left out as damaged: then 1.
fn unless_damaged(listing: &Listing, code: ExitCode) -> ExitCode {
    if listing.damaged.is_empty() {
        code
    } else {
        ExitCode::from(1)
    }
}

fn list(log: &CaseLog, filter: &Filter) -> Result<ExitCode, Failure> {
    let listing = readable(log, filter)?;
    let cases = &listing.cases;
    let mut out = io::stdout().lock();
    if cases.is_empty() {
        diag::line(&mut out, "no matching cases")?;
        return Ok(unless_damaged(&listing, ExitCode::SUCCESS));
    }
    diag::line(
        &mut out,
        format_args!(
            "{:<15}  {:<10}  {:<7}  {:<19}  {:<12}  {:<20}  agent",
            "case", "claim date", "vendor", "issue", "verdict", "reference"
        ),
    )?;
    for c in cases {
        diag::line(
            &mut out,
            format_args!(
                "{:<15}  {:<10}  {:<7}  {:<19}  {:<12}  {:<20}  {}",
                c.id,
                c.record.claim_date,
                shown(&c.record.vendor, 7),
                shown(&c.record.issue, 19),
                shown(&c.record.verdict, 12),
                shown(&c.record.reference, 20),
                shown(&c.record.agent, 24)
            ),
        )?;
    }
    diag::line(&mut out, format_args!("{} case(s)", cases.len()))?;
    Ok(unless_damaged(&listing, ExitCode::SUCCESS))
}

fn show(
    log: &CaseLog,
    id: &str,
    format: ShowFormat,
    policies: Option<&PolicySet>,
) -> Result<ExitCode, Failure> {
    let Some(case) = log.get(id)? else {
        diag::error(format_args!(
            "no case {} in {}",
            shown(id, 30),
            log.path().display()
        ));
        return Ok(ExitCode::from(2));
    };
    let policy = policies.and_then(|set| {
        set.vendor_index(&case.record.vendor)
            .map(|i| &set.policies[i])
    });
    let mut out = io::stdout().lock();
    match format {
        ShowFormat::Json => {
            let json = serde_json::to_string_pretty(&case_json(&case)).unwrap_or_default();
            writeln!(out, "{}", json_safe(&json))?;
        }
        ShowFormat::Text | ShowFormat::Markdown => {
            let Some(summary) = Summary::from_json(&case.record.outcome) else {
                diag::error(format_args!(
                    "case {} has a damaged outcome; use --format json",
                    case.id
                ));
                return Ok(ExitCode::from(2));
            };
            let text = match format {
                ShowFormat::Text => {
                    summary_text(Some(&CaseHeader::from_case(&case)), &summary, policy)
                }
                _ => summary_markdown(&CaseHeader::from_case(&case), &summary, policy),
            };
            diag::text(&mut out, &text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A case as one JSON object (claim and outcome nested as saved).
pub fn case_json(c: &Case) -> serde_json::Value {
    serde_json::json!({
        "id": c.id,
        "created_at": c.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "updated_at": c.updated_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "vendor": c.record.vendor,
        "issue": c.record.issue,
        "verdict": c.record.verdict,
        "claim_date": c.record.claim_date.to_string(),
        "reference": c.record.reference,
        "agent": c.record.agent,
        "note": c.record.note,
        "policy_fingerprint": c.record.policy_fingerprint,
        "policy_origin": c.record.policy_origin,
        "claim": c.record.claim,
        "outcome": c.record.outcome,
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

fn export(log: &CaseLog, filter: &Filter, format: ExportFormat) -> Result<ExitCode, Failure> {
    let listing = readable(log, filter)?;
    let cases = &listing.cases;
    let out = io::stdout().lock();
    match format {
        ExportFormat::Jsonl => {
            let mut out = io::BufWriter::new(out);
            for c in cases {
                let line = serde_json::to_string(&case_json(c)).unwrap_or_default();
                writeln!(out, "{}", json_safe(&line))?;
            }
            out.flush()?;
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "case",
                "created_at",
                "claim_date",
                "vendor",
                "issue",
                "verdict",
                "reference",
                "agent",
                "note",
                "remedies",
                "return_shipping",
                "summary",
                "policy_fingerprint",
            ])?;
            for c in cases {
                let field = |key: &str| {
                    c.record
                        .outcome
                        .get(key)
                        .map(|v| match v {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Array(items) => items
                                .iter()
                                .filter_map(|i| i.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                            other => other.to_string(),
                        })
                        .unwrap_or_default()
                };
                let record = [
                    c.id.clone(),
                    c.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    c.record.claim_date.to_string(),
                    c.record.vendor.clone(),
                    c.record.issue.clone(),
                    c.record.verdict.clone(),
                    c.record.reference.clone(),
                    c.record.agent.clone(),
                    c.record.note.clone(),
                    field("remedies"),
                    field("return_shipping"),
                    field("summary"),
                    c.record.policy_fingerprint.clone(),
                ];
                w.write_record(record.iter().map(|v| spreadsheet_safe(v)))?;
            }
            w.flush()?;
        }
    }
    Ok(unless_damaged(&listing, ExitCode::SUCCESS))
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
fn differences(
    saved: &serde_json::Value,
    now: &serde_json::Value,
) -> (Option<String>, Vec<String>) {
    let verdict = |v: &serde_json::Value| v["verdict"].as_str().unwrap_or("?").to_owned();
    let verdict_change = (verdict(saved) != verdict(now))
        .then(|| format!("verdict {} -> {}", verdict(saved), verdict(now)));
    let deadlines = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["deadlines"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|d| {
                        (
                            d["id"].as_str().unwrap_or("?").to_owned(),
                            d["date"].as_str().unwrap_or("undated").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (before, after) = (deadlines(saved), deadlines(now));
    let mut changes = Vec::new();
    for (id, date) in &before {
        match after.iter().find(|(i, _)| i == id) {
            Some((_, new)) if new != date => changes.push(format!("{id} {date} -> {new}")),
            Some(_) => {}
            None => changes.push(format!("{id} {date} -> gone")),
        }
    }
    for (id, date) in &after {
        if !before.iter().any(|(i, _)| i == id) {
            changes.push(format!("{id} new {date}"));
        }
    }
    (verdict_change, changes)
}

fn recheck(
    log: &CaseLog,
    filter: &Filter,
    policies: &PolicySet,
    verdicts_only: bool,
) -> Result<ExitCode, Failure> {
    let listing = readable(log, filter)?;
    let cases = &listing.cases;
    let mut verdict_lines = Vec::new();
    let mut deadline_lines = Vec::new();
    for c in cases {
        let who = format!(
            "{}  {}/{}",
            c.id,
            shown(&c.record.vendor, 20),
            shown(&c.record.issue, 30)
        );
        let fresh = ClaimInput::from_value(&c.record.claim)
            .map_err(rules::DecideError::Claim)
            .and_then(|input| rules::decide(policies, &input, c.record.claim_date));
        match fresh {
            Ok(outcome) => {
                let now = serde_json::to_value(&outcome).unwrap_or_default();
                match differences(&c.record.outcome, &now) {
                    (Some(verdict), deadlines) => {
                        let mut line = format!("VERDICT    {who}  {verdict}");
                        for d in deadlines {
                            line.push_str("; ");
                            line.push_str(&d);
                        }
                        verdict_lines.push(line);
                    }
                    (None, deadlines) if !deadlines.is_empty() => {
                        deadline_lines.push(format!("DEADLINES  {who}  {}", deadlines.join("; ")));
                    }
                    (None, _) => {}
                }
            }
            Err(e) => verdict_lines.push(format!(
                "VERDICT    {who}  cannot be decided now: {}",
                shown(&e.to_string(), 120)
            )),
        }
    }
    let mut out = io::stdout().lock();
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
            cases.len(),
            deadline_lines.len()
        ),
    )?;
    let differ = !verdict_lines.is_empty() || (!verdicts_only && !deadline_lines.is_empty());
    if !listing.damaged.is_empty() {
        writeln!(
            out,
            "{} damaged case(s) could not be re-checked (named on standard error)",
            listing.damaged.len()
        )?;
    }
    Ok(if differ {
        ExitCode::from(1)
    } else {
        unless_damaged(&listing, ExitCode::SUCCESS)
    })
}
