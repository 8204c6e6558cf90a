//! `claimdesk cases event|due|contact|purge`: the case after the call.
//!
//! - `event` records what happened (`shipped`, `vendor_received`, ...); an
//!   event that gives a fact re-decides the case with the policies and is
//!   saved with it in one transaction (retried when another agent changed
//!   the case meanwhile, so both agents' events are kept). With the shared
//!   log out of reach, an event that gives no fact waits in the outbox.
//! - `due` lists open and waiting cases by due date, overdue first, with
//!   the days left as of today.
//! - `contact` sets the customer's name, phone and e-mail.
//! - `purge` erases contact details (or whole cases) closed before a day.

use super::cases::Failure;
use crate::case::timeline::{self, Event, EventKind, Standing, Status, due_words_for};
use crate::diag;
use crate::exit::Exit;
use crate::rules::PolicySet;
use crate::store::{CaseStore, DueQuery, StoreError};
use crate::text::shown;
use chrono::{NaiveDate, NaiveDateTime};
use clap::Args;
use std::io;

/// `cases event`.
#[derive(Debug, Clone, Args)]
pub struct EventArgs {
    /// The case id, such as C-20261121-0007 (any case).
    #[arg(value_parser = crate::cli::parse_case_id)]
    pub id: String,
    /// What happened: customer_wrote, evidence_sent, vendor_approved,
    /// vendor_refused, shipped, vendor_received, refund_issued,
    /// replacement_sent, refund_missing, answer_changed, note, closed,
    /// reopened.
    #[arg(value_parser = parse_kind)]
    pub kind: EventKind,
    /// The day it happened (default: today).
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_today)]
    pub date: Option<NaiveDate>,
    /// A note on the event.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// shipped: the tracking number.
    #[arg(long, value_name = "NO")]
    pub tracking: Option<String>,
    /// evidence_sent: what was sent: the number of an item of the case's
    /// evidence list, or words from it ("picture", "order number"): ticks
    /// that item.
    #[arg(long, value_name = "WHAT")]
    pub what: Option<String>,
    /// vendor_approved: the vendor's return authorisation (RMA) number.
    #[arg(long, value_name = "NUMBER")]
    pub rma: Option<String>,
    /// Record the event although it fails a check (a date out of order,
    /// before the order or delivery, after today); needs --note saying
    /// why. The timeline marks it.
    #[arg(long)]
    pub force: bool,
    /// vendor_refused, closed, reopened: why.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// refund_issued: the amount; replacement_sent: the unit.
    #[arg(long, value_name = "TEXT")]
    pub amount: Option<String>,
    /// answer_changed: the claim field (e.g. delivery_date, issue).
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
    /// answer_changed: the new value ("" clears it).
    #[arg(long, value_name = "VALUE")]
    pub new: Option<String>,
    /// Who records it (default: config.toml's agent_name).
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
}

/// `cases due`.
#[derive(Debug, Clone, Args)]
pub struct DueArgs {
    /// Only cases due within DAYS of today (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// Only cases saved by this agent.
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
    /// How many cases to list.
    #[arg(long, value_name = "N", default_value_t = 100, conflicts_with = "all")]
    pub limit: usize,
    /// Every matching case.
    #[arg(long)]
    pub all: bool,
    /// text, or json: one object a case (JSON Lines), no header or count.
    #[arg(long, value_enum, default_value_t = crate::cli::jsonl::ListFormat::Text)]
    pub format: crate::cli::jsonl::ListFormat,
}

/// A `cases due --format json` line.
#[derive(serde::Serialize)]
struct DueLine<'a> {
    id: &'a str,
    /// `null`: the policy states no time for what is awaited.
    due: Option<NaiveDate>,
    /// Negative when overdue.
    days_left: Option<i64>,
    status: &'a str,
    vendor: &'a str,
    issue: &'a str,
    reference: &'a str,
    agent: &'a str,
    next_action: String,
}

/// `cases contact`.
#[derive(Debug, Clone, Args)]
pub struct ContactArgs {
    /// The case id, such as C-20261121-0007 (any case).
    #[arg(value_parser = crate::cli::parse_case_id)]
    pub id: String,
    /// The customer's name ("" erases it).
    #[arg(long)]
    pub name: Option<String>,
    /// The customer's phone number ("" erases it).
    #[arg(long)]
    pub phone: Option<String>,
    /// The customer's e-mail address ("" erases it).
    #[arg(long)]
    pub email: Option<String>,
}

/// `cases purge`.
#[derive(Debug, Clone, Args)]
pub struct PurgeArgs {
    /// Cases resolved or closed before DATE (not on it).
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_today)]
    pub before: NaiveDate,
    /// Delete those cases with their timelines, not only the contact details.
    #[arg(long)]
    pub whole: bool,
}

fn parse_kind(text: &str) -> Result<EventKind, String> {
    EventKind::RECORDABLE
        .into_iter()
        .find(|k| k.id() == text.trim())
        .ok_or_else(|| {
            let kinds: Vec<&str> = EventKind::RECORDABLE.iter().map(|k| k.id()).collect();
            format!(
                "\"{}\" is not an event kind; one of: {}",
                shown(text, 30),
                kinds.join(", ")
            )
        })
}

fn now() -> NaiveDateTime {
    crate::case::now_utc()
}

/// How many times an event is re-decided and saved again when another
/// agent changed the case in between.
const ATTEMPTS: usize = 5;

pub(super) fn event(
    log: &mut dyn CaseStore,
    args: &EventArgs,
    policies: &PolicySet,
    agent: &str,
    today: NaiveDate,
) -> Result<Exit, Failure> {
    let mut event = Event::new(args.kind, args.date.unwrap_or(today), agent, now());
    event.note = args.note.clone().unwrap_or_default();
    let x = &mut event.extra;
    x.tracking = args.tracking.clone();
    x.what = args.what.clone();
    x.rma = args.rma.clone();
    x.forced = args.force;
    x.reason = args.reason.clone();
    x.amount = args.amount.clone();
    x.field = args.field.clone();
    x.new = args.new.clone();
    if let Some(refused) = misplaced_extra(&event) {
        diag::error(refused);
        return Ok(Exit::Usage);
    }
    if event.date > today && !event.extra.forced {
        diag::error(format_args!(
            "--date: {} is after today ({today}); record what has happened",
            event.date
        ));
        return Ok(Exit::Usage);
    }
    for _ in 0..ATTEMPTS {
        let case = match log.get(&args.id) {
            Ok(Some(case)) => case,
            Ok(None) => {
                diag::error(format_args!(
                    "no case {} in {}",
                    shown(&args.id, 30),
                    log.location()
                ));
                return Ok(Exit::Usage);
            }
            Err(StoreError::Unreachable { .. }) if !event.kind.gives_fact() => {
                return offline_event(log, &args.id, &event);
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(n) = event
            .extra
            .what
            .as_deref()
            .and_then(|w| w.trim().parse::<usize>().ok())
        {
            // `--what 2`: the case's second evidence item, by its text.
            match n
                .checked_sub(1)
                .and_then(|i| case.record.outcome.evidence.get(i))
            {
                Some(item) => event.extra.what = Some(item.text.clone()),
                None => {
                    diag::error(format_args!(
                        "--what: the case lists {} evidence item(s); give 1 to {0} or the item's words",
                        case.record.outcome.evidence.len()
                    ));
                    return Ok(Exit::Usage);
                }
            }
        }
        if event.kind == EventKind::AnswerChanged {
            // The old value is the saved claim's, whatever was typed.
            let field = event.extra.field.clone().unwrap_or_default();
            event.extra.old = case
                .record
                .claim
                .to_json_value()
                .get(&field)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
        }
        let before = log.events(&case.id)?;
        let redecided = match timeline::check_against(&case, &before, &event, today)
            .and_then(|()| timeline::redecide(&case, &event, policies))
        {
            Ok(r) => r,
            Err(e) => {
                diag::error(format_args!("not recorded: {}", shown(&e.to_string(), 300)));
                return Ok(Exit::Usage);
            }
        };
        let expected = redecided.as_ref().map(|_| case.version);
        match log.append_event(&case.id, expected, &event, redecided.as_ref(), now()) {
            Ok(_) => {
                let mut out = io::stdout().lock();
                diag::line(
                    &mut out,
                    format_args!("recorded {} on {} ({})", event.kind, case.id, event.date),
                )?;
                if let Some(r) = &redecided {
                    diag::line(
                        &mut out,
                        format_args!(
                            "re-decided as of {}: {} (was {}), policy {}{}",
                            r.decided_on(),
                            r.verdict().id(),
                            case.record.verdict().id(),
                            shown(&r.policy.vendor, 20),
                            r.policy
                                .version
                                .as_deref()
                                .map(|v| format!(" version {}", shown(v, 20)))
                                .unwrap_or_default()
                        ),
                    )?;
                }
                let events = log.events(&case.id)?;
                let record = redecided.as_ref().unwrap_or(&case.record);
                print_standing(&mut out, &timeline::standing(record, &events), today)?;
                return Ok(Exit::Success);
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    diag::error(format_args!(
        "not recorded: case {} kept changing while it was re-decided; try again",
        shown(&args.id, 30)
    ));
    Ok(Exit::Attention)
}

/// An extra given for a kind that has no use for it (`--rma` on a
/// shipment, `--tracking` on a refund) is refused: it would be kept
/// where nobody looks for it.
fn misplaced_extra(event: &Event) -> Option<String> {
    let x = &event.extra;
    let k = event.kind;
    let wrong =
        |flag: &str, kinds: &str| Some(format!("--{flag} goes with {kinds}, not {}", k.id()));
    if x.rma.is_some() && k != EventKind::VendorApproved {
        return wrong("rma", "vendor_approved");
    }
    if x.tracking.is_some() && k != EventKind::Shipped {
        return wrong("tracking", "shipped");
    }
    if x.what.is_some() && k != EventKind::EvidenceSent {
        return wrong("what", "evidence_sent");
    }
    if k == EventKind::EvidenceSent && x.what.as_deref().is_none_or(|w| w.trim().is_empty()) {
        return Some(
            "evidence_sent needs --what naming the item sent (as the case's evidence list names it)"
                .to_owned(),
        );
    }
    None
}

/// The shared log cannot be reached: an event that gives no fact (a
/// note, closed, a refund issued) re-decides nothing, so it waits in the
/// outbox as it is and the case's standing is recomputed when it is sent.
/// One that gives a fact needs the case to re-decide, and the database.
fn offline_event(log: &mut dyn CaseStore, id: &str, event: &Event) -> Result<Exit, Failure> {
    let id = id.trim();
    if !crate::case::valid_id(id) && crate::store::shared::PendingId::parse(id).is_none() {
        diag::error(format_args!(
            "\"{}\" is not a case id (C-YYYYMMDD-NNNN)",
            shown(id, 30)
        ));
        return Ok(Exit::Usage);
    }
    if let Err(e) = timeline::check(event) {
        diag::error(format_args!("not recorded: {}", shown(&e.to_string(), 300)));
        return Ok(Exit::Usage);
    }
    log.append_event(id, None, event, None, now())?;
    let mut out = io::stdout().lock();
    diag::line(
        &mut out,
        format_args!(
            "recorded {} on {} ({})",
            event.kind,
            shown(id, 30),
            event.date
        ),
    )?;
    diag::note(format_args!(
        "the shared case log cannot be reached: the event waits in the outbox \
         ({} waiting) and is sent when it is back (claimdesk cases sync)",
        log.waiting()
    ));
    Ok(Exit::Success)
}

fn print_standing(out: &mut impl io::Write, s: &Standing, today: NaiveDate) -> io::Result<()> {
    diag::line(out, format_args!("status: {}", s.status))?;
    if !s.next_action.is_empty() {
        diag::line(out, format_args!("next: {}", s.next_action))?;
    }
    if s.status.is_active() {
        diag::line(out, format_args!("due: {}", s.due_words(today)))?;
    }
    Ok(())
}

pub(super) fn due(log: &dyn CaseStore, args: &DueArgs, today: NaiveDate) -> Result<Exit, Failure> {
    let query = DueQuery {
        until: args
            .within
            .and_then(|d| today.checked_add_days(chrono::Days::new(u64::from(d)))),
        agent: args.agent.clone(),
        limit: if args.all { usize::MAX / 2 } else { args.limit },
    };
    let page = log.due(&query)?;
    let mut left = super::left_out::LeftOut::new(log);
    for d in &page.damaged {
        left.name(d);
    }
    let mut out = io::stdout().lock();
    if args.format == crate::cli::jsonl::ListFormat::Json {
        for c in &page.cases {
            let line = DueLine {
                id: &c.id,
                due: c.due,
                days_left: c.due.map(|d| (d - today).num_days()),
                status: c.status.id(),
                vendor: &c.vendor,
                issue: &c.issue,
                reference: &c.reference,
                agent: &c.agent,
                next_action: next_words(c.status, &c.next_action, c.due, today),
            };
            crate::cli::jsonl::line(&mut out, &line)?;
        }
        return Ok(left.finish(Exit::Success));
    }
    if page.cases.is_empty() {
        diag::line(&mut out, "nothing due")?;
        return Ok(left.finish(Exit::Success));
    }
    diag::line(
        &mut out,
        format_args!(
            "{:<15}  {:<10}  {:>8}  {:<19}  {:<7}  {:<19}  {:<16}  next",
            "case", "due", "days", "status", "vendor", "issue", "reference"
        ),
    )?;
    for c in &page.cases {
        let days = match c.due.map(|d| (d - today).num_days()) {
            Some(d) if d < 0 => format!("{} late", -d),
            Some(d) => d.to_string(),
            None => "-".to_owned(),
        };
        diag::line(
            &mut out,
            format_args!(
                "{:<15}  {:<10}  {:>8}  {:<19}  {:<7}  {:<19}  {:<16}  {}",
                c.id,
                c.due
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string()),
                days,
                c.status.id(),
                shown(&c.vendor, 7),
                shown(&c.issue, 19),
                shown(&c.reference, 16),
                shown(&next_words(c.status, &c.next_action, c.due, today), 160)
            ),
        )?;
    }
    let overdue = page
        .cases
        .iter()
        .filter(|c| c.due.is_some_and(|d| d < today))
        .count();
    diag::line(
        &mut out,
        format_args!(
            "{} case(s){}, {overdue} overdue as of {today}{}",
            page.cases.len(),
            if page.more { " shown" } else { "" },
            if page.more {
                "; more are due: --all lists every one, --limit N more"
            } else {
                ""
            }
        ),
    )?;
    Ok(left.finish(Exit::Success))
}

pub(super) fn contact(
    log: &mut dyn CaseStore,
    args: &ContactArgs,
    agent: &str,
) -> Result<Exit, Failure> {
    if args.name.is_none() && args.phone.is_none() && args.email.is_none() {
        diag::error("give --name, --phone or --email (\"\" erases one)");
        return Ok(Exit::Usage);
    }
    if let Some(email) = args.email.as_deref().filter(|e| !e.trim().is_empty())
        && !email.contains('@')
    {
        diag::error(format_args!(
            "--email: \"{}\" has no @; an e-mail address looks like name@example.com",
            shown(email, 60)
        ));
        return Ok(Exit::Usage);
    }
    for _ in 0..ATTEMPTS {
        let Some(case) = log.get(&args.id)? else {
            diag::error(format_args!(
                "no case {} in {}",
                shown(&args.id, 30),
                log.location()
            ));
            return Ok(Exit::Usage);
        };
        let mut record = case.record.clone();
        let set = |slot: &mut String, given: &Option<String>| {
            if let Some(v) = given {
                *slot = v.trim().to_owned();
            }
        };
        set(&mut record.customer.name, &args.name);
        set(&mut record.customer.phone, &args.phone);
        set(&mut record.customer.email, &args.email);
        match log.update(&case.id, case.version, &record, agent, now()) {
            Ok(_) => {
                diag::note(format_args!("contact details of {} saved", case.id));
                return Ok(Exit::Success);
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    diag::error("not saved: the case kept changing; try again");
    Ok(Exit::Attention)
}

pub(super) fn purge(log: &mut dyn CaseStore, args: &PurgeArgs) -> Result<Exit, Failure> {
    let progress = super::progress::Progress::new("purging", super::progress::Unit::Elapsed, None);
    let done = log.purge(args.before, args.whole)?;
    drop(progress);
    let mut out = io::stdout().lock();
    if args.whole {
        diag::line(
            &mut out,
            format_args!(
                "deleted {} case(s) resolved or closed before {} with their timelines ({} had contact details)",
                done.cases, args.before, done.contacts
            ),
        )?;
    } else {
        diag::line(
            &mut out,
            format_args!(
                "erased the contact details of {} case(s) resolved or closed before {}",
                done.contacts, args.before
            ),
        )?;
    }
    Ok(Exit::Success)
}

/// `due: ...` in words, for JSON and scripts.
pub(super) fn due_text(s: &Standing, today: NaiveDate) -> String {
    due_words_for(s.status, s.due, today)
}

/// A due-queue line's next action: a customer's step whose date went by
/// with nothing recorded says so, with its date.
fn next_words(status: Status, next: &str, due: Option<NaiveDate>, today: NaiveDate) -> String {
    match due {
        Some(d) if d < today && status != Status::WaitingOnVendor => {
            format!("{next} [not recorded, was due {d}: ask the customer]")
        }
        _ => next.to_owned(),
    }
}
