//! An outcome as plain text: one item a line, no colour, no escape
//! sequences, no wrapping (a screen reader or a ticket wraps it). Used by
//! plain mode, and the form a hand-off or printout takes.

use crate::rules::Policy;
use crate::rules::dates::weekday_name;
use crate::rules::outcome::{NoteKind, Outcome};
use crate::text::neutralise;
use std::fmt::Write;

fn cite(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" [{}]", clauses.join(", "))
    }
}

/// Days left in words, and the mark a deadline gets when passed or due
/// within 3 days: ("in 7 days", None), ("today", Some("DUE SOON")),
/// ("3 days ago", Some("PASSED")). Shared by every front end.
pub fn days_left(days: i64) -> (String, Option<&'static str>) {
    let words = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        d if d > 1 => format!("in {d} days"),
        -1 => "1 day ago".to_owned(),
        d => format!("{} days ago", -d),
    };
    let mark = match days {
        d if d < 0 => Some("PASSED"),
        0..=3 => Some("DUE SOON"),
        _ => None,
    };
    (words, mark)
}

/// "in 7 days", "today, DUE SOON", "3 days ago, PASSED".
pub fn days_left_words(days: i64) -> String {
    match days_left(days) {
        (words, Some(mark)) => format!("{words}, {mark}"),
        (words, None) => words,
    }
}

/// The whole outcome, ending with a newline.
pub fn outcome_text(outcome: &Outcome<'_>, policy: &Policy) -> String {
    let mut out = String::new();
    let issue = policy
        .issue_index(outcome.issue)
        .map_or(outcome.issue, |i| policy.issues[i].label.as_str());
    let _ = writeln!(out, "VERDICT: {}", outcome.verdict.words());
    let _ = writeln!(
        out,
        "Claim: {} / {issue} / claim date {}",
        policy.name, outcome.claim_date
    );
    let _ = writeln!(out, "Summary: {}", neutralise(&outcome.summary));
    let remedies: Vec<&str> = outcome.remedies.iter().map(|r| r.words()).collect();
    let remedies = if remedies.is_empty() {
        "none".to_owned()
    } else {
        remedies.join(", ")
    };
    let _ = writeln!(out, "Remedies: {remedies}");
    let _ = writeln!(out, "Return shipping: {}", outcome.return_shipping.words());
    if !outcome.deadlines.is_empty() {
        let _ = writeln!(out, "Deadlines:");
        for d in &outcome.deadlines {
            match (d.date, d.days_left) {
                (Some(date), Some(days)) => {
                    let _ = writeln!(
                        out,
                        "  - {date} ({}, {}): {}{}",
                        weekday_name(date),
                        days_left_words(days),
                        d.label,
                        cite(d.clauses)
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "  - not dated yet ({}): {}{}",
                        d.relative,
                        d.label,
                        cite(d.clauses)
                    );
                }
            }
        }
    }
    if !outcome.evidence.is_empty() {
        let _ = writeln!(out, "Evidence to collect:");
        for e in &outcome.evidence {
            let _ = writeln!(out, "  - {}{}", neutralise(&e.text), cite(e.clauses));
        }
    }
    if !outcome.next_steps.is_empty() {
        let _ = writeln!(out, "Next steps:");
        for (i, s) in outcome.next_steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}{}",
                i + 1,
                neutralise(&s.text),
                cite(s.clauses)
            );
        }
    }
    if !outcome.notes.is_empty() {
        let _ = writeln!(out, "Notes:");
        for n in &outcome.notes {
            let kind = match n.kind {
                NoteKind::Conflict => "CONFLICT",
                NoteKind::Interpretation => "INTERPRETATION",
                NoteKind::Warning => "WARNING",
            };
            let _ = writeln!(
                out,
                "  - {kind}: {}{}",
                neutralise(&n.text),
                cite(n.clauses)
            );
        }
    }
    let _ = writeln!(out, "Clauses cited: {}", outcome.clauses.join(", "));
    out
}
