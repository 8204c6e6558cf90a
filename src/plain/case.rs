//! Saved cases in plain mode: the callback page (an order number with
//! saved cases), reading a case (what `cases show` prints, timeline and
//! Due line included), its note, its events (the wizard's event form in
//! lines, checked and re-decided as `cases event` does), and the prompt
//! between claims that leads to them.

use super::keeping::Keeping;
use super::{Lines, PlainOut};
use crate::case::timeline::{self, Event, EventKind, Standing};
use crate::exit::Exit;
use crate::intake::{DATE_FORMS, DateAnswer, parse_date_answer};
use crate::rules::dates::weekday_name;
use crate::store::{Case, StoreError};
use crate::text::shown;
use crate::wizard::effect::EventDraft;
use crate::wizard::screens::case::{FORM_KINDS, detail_label};
use std::io::{self, BufRead, Write};

/// How many earlier cases on the same order the callback page lists (as
/// the wizard's repeat page).
const REPEAT_LIMIT: usize = 50;

/// The longest note kept (as the wizard's note field).
const NOTE_CHARS: usize = 500;

/// How many times an event is re-decided and saved again when another
/// agent changed the case in between (as `cases event` does).
const EVENT_ATTEMPTS: usize = 5;

/// What the callback page decided.
pub(super) enum Callback {
    /// A new claim on this order: on to the vendor.
    NewClaim,
    /// Back to the order number.
    Back,
    /// Go on with this saved case.
    Open(String),
    /// The run ends with this status.
    Stop(Exit),
}

/// When the order has saved cases: lists them (newest first, with their
/// status), says what the vendor's policy says about claiming again, and
/// lets the agent continue the newest case still open (Enter: a callback),
/// open another by its number, or take a new claim (`n`). An order with
/// no case, or no order number, goes straight on to the new claim.
pub(super) fn callback(
    keeping: &Keeping<'_>,
    reference: &str,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Callback> {
    let (Ok(log), false) = (&keeping.log, reference.is_empty()) else {
        return Ok(Callback::NewClaim);
    };
    let earlier = match log.with_reference(reference, REPEAT_LIMIT) {
        Ok(cases) => cases,
        Err(e) => {
            out.line(&format!("Could not look up earlier cases: {}", e.brief()))?;
            return Ok(Callback::NewClaim);
        }
    };
    let Some(newest) = earlier.first() else {
        return Ok(Callback::NewClaim);
    };
    let standings: Vec<Option<Standing>> = earlier
        .iter()
        .map(|c| {
            log.events(&c.id)
                .ok()
                .map(|events| timeline::standing(&c.record, &events))
        })
        .collect();
    // Newest first: the first still open or waiting is the one a callback
    // continues (as the wizard's repeat page).
    let open = earlier
        .iter()
        .zip(&standings)
        .find(|(_, s)| s.as_ref().is_some_and(|s| s.status.is_active()))
        .map(|(c, _)| c.id.clone());
    out.line("")?;
    out.line(&format!(
        "REPEAT CLAIM: order {reference} already has {} saved case{}, newest first:",
        earlier.len(),
        if earlier.len() == 1 { "" } else { "s" }
    ))?;
    for (i, (c, s)) in earlier.iter().zip(&standings).enumerate() {
        out.line(&format!(
            "   {}) {}",
            i + 1,
            case_words(keeping, c, s.as_ref())
        ))?;
    }
    out.line(&format!(
        "Claiming again: {}",
        crate::report::repeat_advice(keeping.policies, newest.record.vendor())
    ))?;
    loop {
        match &open {
            Some(id) => out.line(&format!(
                "Empty line: continue case {id}, still open (a callback: read its timeline and what is due, record an event). n: a new claim on this order. A number: open that case. back: change the order number."
            ))?,
            None => out.line(
                "No case of this order is still open. Empty line or n: a new claim on this order. A number: open that case. back: change the order number.",
            )?,
        }
        out.prompt()?;
        let Some(answer) = input.next()? else {
            out.0.write_all(b"\n")?;
            crate::diag::error("the input ended at the repeat-claim question");
            return Ok(Callback::Stop(Exit::Attention));
        };
        match answer.to_lowercase().as_str() {
            "" => {
                return Ok(match &open {
                    Some(id) => {
                        out.line(&format!("   = Continue case {id}"))?;
                        Callback::Open(id.clone())
                    }
                    None => {
                        out.line("   = A new claim on this order")?;
                        Callback::NewClaim
                    }
                });
            }
            "n" | "new" => {
                out.line("   = A new claim on this order")?;
                return Ok(Callback::NewClaim);
            }
            "back" => return Ok(Callback::Back),
            "quit" => {
                crate::diag::error("intake stopped at the repeat-claim question");
                return Ok(Callback::Stop(Exit::Attention));
            }
            number => match number
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| earlier.get(i))
            {
                Some(c) => {
                    out.line(&format!("   = Open case {}", c.id))?;
                    return Ok(Callback::Open(c.id.clone()));
                }
                None => out.line(&format!(
                    "Not accepted: type an empty line, n, back or a number from 1 to {}",
                    earlier.len()
                ))?,
            },
        }
    }
}

/// A saved case in one line: id, claim date, vendor and issue in the
/// policy's words, verdict, status and what is due.
fn case_words(keeping: &Keeping<'_>, case: &Case, standing: Option<&Standing>) -> String {
    let record = &case.record;
    let policy = keeping.policies.vendor(record.vendor());
    let vendor = policy.map_or_else(|| record.vendor().to_owned(), |p| p.name.clone());
    let issue = policy
        .and_then(|p| {
            p.issue_index(record.issue())
                .map(|i| p.issues[i].label.clone())
        })
        .unwrap_or_else(|| record.issue().to_owned());
    let status = match standing {
        Some(s) if s.status.is_active() => format!(
            "{}, {}",
            s.status.id().replace('_', " "),
            s.due_words(keeping.today)
        ),
        Some(s) => s.status.id().replace('_', " "),
        None => "status not known".to_owned(),
    };
    format!(
        "case {}, claim date {}: {vendor}, {issue}; {}; {status}",
        case.id,
        record.claim_date(),
        record.verdict().id().replace('_', " ")
    )
}

/// The prompt between claims, about the case in hand (the one just saved
/// or opened): its note, an event, reading it, opening another, the next
/// claim or the end. Returns the run's exit status when it ends here.
pub(super) fn between(
    keeping: &mut Keeping<'_>,
    mut in_hand: Option<String>,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Option<Exit>> {
    loop {
        out.line("")?;
        match &in_hand {
            Some(id) => out.line(&format!(
                "What next? Empty line: the next claim. n: add a note to case {id}. e: record an event on it (shipped, vendor approved, refund issued...). r: read case {id} again. l: the customer's letter (save, e-mail, print). o and a case id or order number: open a saved case. q: quit."
            ))?,
            None => out.line(
                "What next? Empty line: the next claim. o and a case id or order number: open a saved case. q: quit.",
            )?,
        }
        out.prompt()?;
        let Some(answer) = input.next()? else {
            // The end of the input after a finished claim ends the run.
            out.0.write_all(b"\n")?;
            out.0.flush()?;
            return Ok(Some(Exit::Success));
        };
        let (word, rest) = match answer.split_once(char::is_whitespace) {
            Some((w, r)) => (w.to_lowercase(), r.trim().to_owned()),
            None => (answer.to_lowercase(), String::new()),
        };
        match (word.as_str(), in_hand.clone()) {
            ("", _) => return Ok(None),
            ("q" | "quit", _) => {
                out.0.flush()?;
                return Ok(Some(Exit::Success));
            }
            ("help" | "?", _) => out.line(
                "Type an empty line to take the next claim. With a case in hand: n adds a note to it, e records what happened (an event), r reads it with its timeline, l makes the customer's letter in their language (saved to a file, e-mailed or printed here). o followed by a case id (C-20261121-0001) or an order number opens that saved case. q ends.",
            )?,
            ("n" | "note", Some(id)) => note(keeping, &id, input, out)?,
            ("e" | "event", Some(id)) => event(keeping, &id, input, out)?,
            ("r" | "read", Some(id)) => read(keeping, &id, out)?,
            ("l" | "letter", Some(id)) => super::letter::letter(keeping, &id, input, out)?,
            ("o" | "open", _) if !rest.is_empty() => {
                if let Some(id) = find(keeping, &rest, input, out)? {
                    read(keeping, &id, out)?;
                    in_hand = Some(id);
                }
            }
            ("o" | "open", _) => out.line(
                "Not accepted: type o, a space and a case id (C-20261121-0001) or an order number",
            )?,
            _ => out.line(&format!(
                "Not accepted: \"{}\"; type an empty line, {}o and an id or order number, or q",
                shown(&answer, 30),
                if in_hand.is_some() { "n, e, r, l, " } else { "" }
            ))?,
        }
    }
}

/// The saved case a typed case id (any letter case) or order number
/// names; several on one order are listed to pick from.
fn find(
    keeping: &Keeping<'_>,
    text: &str,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Option<String>> {
    let log = match &keeping.log {
        Ok(log) => log,
        Err(reason) => {
            out.line(&format!("No saved cases to open: {reason}"))?;
            return Ok(None);
        }
    };
    let text = text.trim();
    if text.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("c-")) {
        let id = text.to_ascii_uppercase();
        match log.get(&id) {
            Ok(Some(case)) => return Ok(Some(case.id)),
            Ok(None) => {}
            Err(e) => {
                out.line(&format!(
                    "Could not open {}: {}",
                    shown(text, 30),
                    e.brief()
                ))?;
                return Ok(None);
            }
        }
    }
    let cases = match log.with_reference(text, REPEAT_LIMIT) {
        Ok(cases) => cases,
        Err(e) => {
            out.line(&format!("Could not look up the cases: {}", e.brief()))?;
            return Ok(None);
        }
    };
    match cases.as_slice() {
        [] => {
            out.line(&format!(
                "No saved case has the id or order number {}.",
                shown(text, 80)
            ))?;
            Ok(None)
        }
        [one] => Ok(Some(one.id.clone())),
        several => {
            out.line(&format!(
                "Order {} has {} saved cases, newest first:",
                shown(text, 80),
                several.len()
            ))?;
            for (i, c) in several.iter().enumerate() {
                let standing = log
                    .events(&c.id)
                    .ok()
                    .map(|events| timeline::standing(&c.record, &events));
                out.line(&format!(
                    "   {}) {}",
                    i + 1,
                    case_words(keeping, c, standing.as_ref())
                ))?;
            }
            out.line("Type the number of the case to open; an empty line opens none.")?;
            out.prompt()?;
            let answer = input.next()?.unwrap_or_default();
            Ok(answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| several.get(i))
                .map(|c| c.id.clone()))
        }
    }
}

/// Prints saved case `id` as `claimdesk cases show` does: the hand-off
/// with its status, Due line and timeline, deadlines as of today.
pub(super) fn read(
    keeping: &Keeping<'_>,
    id: &str,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    let log = match &keeping.log {
        Ok(log) => log,
        Err(reason) => return out.line(&format!("Cannot read case {id}: {reason}")),
    };
    match log.get(id) {
        Ok(Some(case)) => {
            let events = log.events(&case.id).unwrap_or_default();
            let text = crate::report::case_text_with_timeline(
                &case,
                &events,
                keeping.policies,
                keeping.today,
            );
            out.line("")?;
            out.line(&format!("Case {}:", case.id))?;
            out.lines(text.trim_end())
        }
        Ok(None) => out.line(&format!("Case {id} is no longer in the log.")),
        Err(e) => out.line(&format!("Could not read case {id}: {}", e.brief())),
    }
}

/// Sets the note of case `id` (as the wizard's note key does: stored with
/// the case, shown in its hand-off).
fn note(
    keeping: &mut Keeping<'_>,
    id: &str,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    let agent = keeping.agent.clone();
    let log = match &mut keeping.log {
        Ok(log) => log,
        Err(reason) => return out.line(&format!("Not saved: {reason}")),
    };
    let case = match log.get(id) {
        Ok(Some(case)) => case,
        Ok(None) => return out.line(&format!("Case {id} is no longer in the log.")),
        Err(e) => return out.line(&format!("Could not read case {id}: {}", e.brief())),
    };
    let now = if case.record.note.is_empty() {
        String::new()
    } else {
        format!(" It replaces the note now saved: {}.", case.record.note)
    };
    out.line(&format!(
        "Note for case {id}, saved with the case and shown in its hand-off. Type it on one line; an empty line leaves the note as it is.{now}"
    ))?;
    let text = loop {
        out.prompt()?;
        let Some(text) = input.next()? else {
            return Ok(());
        };
        if text.chars().count() > NOTE_CHARS {
            out.line(&format!(
                "Not accepted: a note has at most {NOTE_CHARS} characters"
            ))?;
            continue;
        }
        break text;
    };
    if text.is_empty() {
        return out.line("Note unchanged.");
    }
    let mut record = case.record.clone();
    record.note = text;
    match log.update(
        &case.id,
        case.version,
        &record,
        &agent,
        crate::case::now_utc(),
    ) {
        Ok(_) => out.line(&format!("   = Note saved to case {}.", case.id)),
        Err(e) => out.line(&format!("Not saved: {}", e.brief())),
    }
}

/// Why an event was not recorded.
enum Refusal {
    /// It failed a check against the case (a date out of order...):
    /// `force` with a note records it anyway, marked.
    Check(String),
    /// Anything else: the log, the case, the re-decision.
    Other(String),
}

/// Records an event on case `id`, asked as the wizard's form asks it:
/// what happened (its kinds), the day, the kind's detail, a note.
fn event(
    keeping: &mut Keeping<'_>,
    id: &str,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    let today = keeping.today;
    out.line("")?;
    out.line(&format!(
        "Record an event on case {id}. What happened? Type its number or the start of its name; an empty line records nothing."
    ))?;
    for (i, k) in FORM_KINDS.iter().enumerate() {
        out.line(&format!("   {}) {}", i + 1, k.words()))?;
    }
    let kind = loop {
        out.prompt()?;
        let answer = input.next()?.unwrap_or_default();
        if answer.is_empty() {
            return out.line("Nothing recorded.");
        }
        match pick_kind(&answer) {
            Ok(kind) => break kind,
            Err(reason) => out.line(&format!("Not accepted: {reason}"))?,
        }
    };
    out.line(&format!("   = What happened: {}", kind.words()))?;
    out.line(&format!(
        "On which day did it happen? Date: {DATE_FORMS}. An empty line: today, {today} ({}).",
        weekday_name(today)
    ))?;
    let date = loop {
        out.prompt()?;
        let Some(answer) = input.next()? else {
            return out.line("Nothing recorded.");
        };
        match parse_date_answer(&answer, today) {
            Ok(DateAnswer::Blank) => break today,
            Ok(DateAnswer::Date(d)) => break d,
            Err(e) => out.line(&format!("Not accepted: {e}"))?,
        }
    };
    out.line(&format!("   = On: {date}, {}", weekday_name(date)))?;
    let detail = match detail_label(kind) {
        Some(label) => {
            out.line(&format!("{label}? Type it; an empty line leaves it out."))?;
            out.prompt()?;
            input.next()?.unwrap_or_default()
        }
        None => String::new(),
    };
    out.line("A note on the event? Type it on one line; an empty line: no note.")?;
    out.prompt()?;
    let note = input.next()?.unwrap_or_default();
    let draft = EventDraft {
        kind,
        date,
        detail,
        note,
    };
    let mut event = Event::new(kind, date, &keeping.agent, crate::case::now_utc());
    event.note = draft.note.trim().to_owned();
    event.extra = draft.extra();
    loop {
        match record(keeping, id, &event) {
            Ok(said) => {
                for line in said {
                    out.line(&line)?;
                }
                return Ok(());
            }
            Err(Refusal::Check(reason)) if !event.extra.forced => {
                // The check words its way out for the command line.
                let reason = reason
                    .strip_suffix(" (--force with a --note records it anyway, marked)")
                    .unwrap_or(&reason);
                out.line(&format!("Not recorded: {reason}"))?;
                out.line("Type force to record it anyway, marked as recorded past a check (its note must say why); an empty line records nothing.")?;
                out.prompt()?;
                let answer = input.next()?.unwrap_or_default();
                if !answer.eq_ignore_ascii_case("force") {
                    return out.line("Nothing recorded.");
                }
                if event.note.is_empty() {
                    out.line("Why is it recorded past the check? Type the note; an empty line records nothing.")?;
                    out.prompt()?;
                    let why = input.next()?.unwrap_or_default();
                    if why.is_empty() {
                        return out.line("Nothing recorded.");
                    }
                    event.note = why;
                }
                event.extra.forced = true;
            }
            Err(Refusal::Check(reason) | Refusal::Other(reason)) => {
                return out.line(&format!("Not recorded: {reason}"));
            }
        }
    }
}

/// The event kind typed: its number in the list, or the start of its
/// words or id ("ship", "refund issued", "vendor_approved").
fn pick_kind(answer: &str) -> Result<EventKind, String> {
    if let Ok(n) = answer.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| FORM_KINDS.get(i).copied())
            .ok_or_else(|| format!("type a number from 1 to {}", FORM_KINDS.len()));
    }
    let typed = answer.to_lowercase();
    let exact = FORM_KINDS
        .iter()
        .find(|k| k.words() == typed || k.id() == typed);
    if let Some(k) = exact {
        return Ok(*k);
    }
    let matches: Vec<EventKind> = FORM_KINDS
        .iter()
        .copied()
        .filter(|k| k.words().starts_with(&typed) || k.id().starts_with(&typed))
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "\"{}\" is not one of the events listed",
            shown(answer, 30)
        )),
        several => Err(format!(
            "\"{}\" could be {}; type more of it or its number",
            shown(answer, 30),
            several
                .iter()
                .map(|k| k.words())
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

/// Records `event` on case `id`: checked against the case and its
/// timeline, re-decided when it gives a fact, saved with the new decision
/// in one step, retried when another agent changed the case in between.
/// Returns what to say: recorded, re-decided (with the verdict before),
/// and the case's status and what is due now.
fn record(keeping: &mut Keeping<'_>, id: &str, event: &Event) -> Result<Vec<String>, Refusal> {
    let today = keeping.today;
    let policies = keeping.policies;
    let log = keeping
        .log
        .as_mut()
        .map_err(|reason| Refusal::Other(reason.clone()))?;
    let now = crate::case::now_utc();
    for _ in 0..EVENT_ATTEMPTS {
        let case = match log.get(id) {
            Ok(Some(case)) => case,
            Ok(None) => return Err(Refusal::Other(format!("case {id} is no longer in the log"))),
            Err(e) => return Err(Refusal::Other(e.brief())),
        };
        let before = log
            .events(&case.id)
            .map_err(|e| Refusal::Other(e.brief()))?;
        timeline::check_against(&case, &before, event, today)
            .map_err(|e| Refusal::Check(e.to_string()))?;
        let redecided = timeline::redecide(&case, event, policies)
            .map_err(|e| Refusal::Other(e.to_string()))?;
        let expected = redecided.as_ref().map(|_| case.version);
        match log.append_event(&case.id, expected, event, redecided.as_ref(), now) {
            Ok(_) => {
                let mut said = vec![format!(
                    "Recorded {} on case {} ({}, {}).",
                    event.kind.words(),
                    case.id,
                    event.date,
                    weekday_name(event.date)
                )];
                if let Some(r) = &redecided {
                    said.push(format!(
                        "re-decided as of {}: {} (was {})",
                        r.decided_on(),
                        r.verdict().id().replace('_', " "),
                        case.record.verdict().id().replace('_', " ")
                    ));
                }
                let record = redecided.unwrap_or(case.record);
                match log.events(&case.id) {
                    Ok(events) => {
                        let standing = timeline::standing(&record, &events);
                        said.push(standing_words(&standing, today));
                    }
                    Err(e) => said.push(format!("Could not read the timeline: {}", e.brief())),
                }
                return Ok(said);
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(Refusal::Other(e.brief())),
        }
    }
    Err(Refusal::Other(
        "the case kept changing while it was re-decided; try again".to_owned(),
    ))
}

/// "Status: waiting on vendor, due ...; next: ...".
fn standing_words(standing: &Standing, today: chrono::NaiveDate) -> String {
    let mut said = format!("Status: {}", standing.status.id().replace('_', " "));
    if standing.status.is_active() {
        said.push_str(&format!(", {}", standing.due_words(today)));
    }
    if !standing.next_action.is_empty() {
        said.push_str(&format!(". Next: {}", standing.next_action));
    }
    said.push('.');
    said
}
