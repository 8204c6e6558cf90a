//! An outcome as plain text: one item a line, no colour, no escape
//! sequences, no wrapping (a screen reader or a ticket wraps it). Used by
//! plain mode, and the form a hand-off or printout takes.

use crate::rules::Policy;
use crate::rules::claim::DateFact;
use crate::rules::dates::weekday_name;
use crate::rules::decisive::DecisiveDate;
use crate::rules::outcome::{DeadlineStatus, NoteKind, Outcome, Remedy, ReturnShipping, Verdict};
use crate::text::neutralise;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use std::fmt::Write;

fn cite(clauses: &[String]) -> String {
    let clauses = clauses.iter().map(|c| neutralise(c)).collect::<Vec<_>>();
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

/// How a dated deadline reads: a met one as "met on 2026-11-28" (never
/// "passed" or "ago", whatever the days left), the others by their days
/// left. Cases saved before deadlines had a status read by days left.
pub fn deadline_words(
    days: i64,
    status: Option<DeadlineStatus>,
    met_on: Option<NaiveDate>,
) -> String {
    match (status, met_on) {
        (Some(DeadlineStatus::Met), Some(on)) => format!("met on {on}"),
        _ => days_left_words(days),
    }
}

/// One decisive date in words, the same under a wizard date answer, on the
/// outcome screen and in the hand-off: "any delivery date from 17 Nov on
/// gives Eligible; on 16 Nov or earlier: Not eligible". `verdict` is the
/// claim's own (the span's) verdict. An end is named only where the
/// verdict beyond it is known; past the other end the date would be an
/// input error (or no rule looks back that far).
pub fn decisive_words(d: &DecisiveDate, verdict: Verdict, claim_date: NaiveDate) -> String {
    let day = |date: NaiveDate| {
        if date.year() == claim_date.year() {
            date.format("%-d %b").to_string()
        } else {
            date.format("%-d %b %Y").to_string()
        }
    };
    let lower = d
        .same_verdict_from
        .zip(d.verdict_before)
        .and_then(|(from, before)| Some((from, from.pred_opt()?, before)));
    let upper = d
        .same_verdict_to
        .zip(d.verdict_after)
        .and_then(|(to, after)| Some((to, to.succ_opt()?, after)));
    let span = match (lower, upper) {
        (Some((from, ..)), Some((to, ..))) => format!("from {} to {} ", day(from), day(to)),
        (Some((from, ..)), None) => format!("from {} on ", day(from)),
        (None, Some((to, ..))) => format!("up to {} ", day(to)),
        (None, None) => "possible ".to_owned(),
    };
    let mut words = match (lower, upper) {
        (None, None) => format!(
            "any {span}{} gives {}",
            date_noun(d.field),
            verdict_short(verdict)
        ),
        _ => format!(
            "any {} {span}gives {}",
            date_noun(d.field),
            verdict_short(verdict)
        ),
    };
    if let Some((_, before, v)) = lower {
        let _ = write!(
            words,
            "; on {} or earlier: {}",
            day(before),
            verdict_short(v)
        );
    }
    if let Some((_, after, v)) = upper {
        let _ = write!(words, "; on {} or later: {}", day(after), verdict_short(v));
    }
    words
}

/// "delivery date", "first notice date".
fn date_noun(fact: DateFact) -> String {
    let noun = fact.noun();
    if noun.ends_with("date") {
        noun.to_owned()
    } else {
        format!("{noun} date")
    }
}

/// The verdict in a word or two, for running text.
pub fn verdict_short(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Eligible => "Eligible",
        Verdict::NotEligible => "Not eligible",
        Verdict::Review => "Review",
        Verdict::FollowUp => "Follow-up",
    }
}

/// An outcome as its JSON reads back: what a saved case holds, and what a
/// live outcome becomes for the hand-off, so both print the same.
#[derive(Debug, Clone, Deserialize)]
pub struct Summary {
    pub verdict: Verdict,
    pub summary: String,
    pub remedies: Vec<Remedy>,
    pub return_shipping: ReturnShipping,
    pub deadlines: Vec<SummaryDeadline>,
    pub evidence: Vec<SummaryItem>,
    pub next_steps: Vec<SummaryItem>,
    pub notes: Vec<SummaryNote>,
    pub clauses: Vec<String>,
    pub vendor: String,
    pub issue: String,
    pub claim_date: NaiveDate,
    /// The country statutory notes were looked for in; `None`: not looked
    /// for (also for cases saved before the field existed).
    #[serde(default)]
    pub customer_country: Option<String>,
    #[serde(default)]
    pub statutory_deadlines: Vec<SummaryDeadline>,
    /// Absent in cases saved before decisive dates existed.
    #[serde(default)]
    pub decisive_dates: Vec<DecisiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryDeadline {
    pub label: String,
    pub date: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// Absent in cases saved before deadlines had a status.
    #[serde(default)]
    pub status: Option<DeadlineStatus>,
    #[serde(default)]
    pub met_on: Option<NaiveDate>,
    pub clauses: Vec<String>,
    pub relative: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryItem {
    pub text: String,
    pub clauses: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryNote {
    pub kind: NoteKind,
    pub text: String,
    pub clauses: Vec<String>,
}

impl Summary {
    pub fn from_outcome(outcome: &Outcome<'_>) -> Summary {
        let value = serde_json::to_value(outcome).unwrap_or_default();
        Summary::from_json(&value).expect("an outcome always reads back")
    }

    /// `None` when the JSON is not an outcome (a damaged case).
    pub fn from_json(value: &serde_json::Value) -> Option<Summary> {
        Summary::deserialize(value).ok()
    }
}

/// Who saved a case, for the top of a hand-off.
#[derive(Debug, Clone, Default)]
pub struct CaseHeader {
    /// `C-20261121-0007`; empty when the case could not be saved.
    pub id: String,
    pub saved: Option<NaiveDateTime>,
    pub agent: String,
    pub reference: String,
    pub note: String,
}

impl CaseHeader {
    /// The header of a saved case.
    pub fn from_case(case: &crate::store::Case) -> CaseHeader {
        CaseHeader {
            id: case.id.clone(),
            saved: Some(case.created_at),
            agent: case.record.agent.clone(),
            reference: case.record.reference.clone(),
            note: case.record.note.clone(),
        }
    }
}

/// The vendor's name and the issue's label, when the policy is at hand.
fn names<'a>(summary: &'a Summary, policy: Option<&'a Policy>) -> (&'a str, &'a str) {
    match policy {
        Some(p) => (
            p.name.as_str(),
            p.issue_index(&summary.issue)
                .map_or(summary.issue.as_str(), |i| p.issues[i].label.as_str()),
        ),
        None => (summary.vendor.as_str(), summary.issue.as_str()),
    }
}

fn kind_word(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Conflict => "CONFLICT",
        NoteKind::Interpretation => "INTERPRETATION",
        NoteKind::Warning => "WARNING",
        NoteKind::Statutory => "STATUTORY",
    }
}

/// The heading of the statutory block, shown apart from the vendor's
/// verdict, which it never changes.
pub const RIGHTS_IN_LAW: &str = "Customer's rights in law";

impl Summary {
    /// The vendor's notes, without the statutory ones.
    pub fn vendor_notes(&self) -> impl Iterator<Item = &SummaryNote> {
        self.notes.iter().filter(|n| n.kind != NoteKind::Statutory)
    }

    pub fn statutory_notes(&self) -> impl Iterator<Item = &SummaryNote> {
        self.notes.iter().filter(|n| n.kind == NoteKind::Statutory)
    }

    /// What the statutory block says in one line when it has no notes, or
    /// its heading's tail ("customer in Germany (DE)").
    pub fn rights_in_law_heading(&self) -> String {
        match &self.customer_country {
            None => format!("{RIGHTS_IN_LAW}: not looked for (no customer country given)"),
            Some(code) => {
                let name = crate::rules::claim::CountryCode::parse(code).map_or("", |c| c.name());
                let country = if name.is_empty() {
                    neutralise(code).into_owned()
                } else {
                    format!("{name} ({})", neutralise(code))
                };
                if self.statutory_notes().next().is_none() {
                    format!("{RIGHTS_IN_LAW} (customer in {country}): no statutory note applies")
                } else {
                    format!(
                        "{RIGHTS_IN_LAW} (customer in {country}; beside the verdict, which they do not change; not legal advice)"
                    )
                }
            }
        }
    }
}

/// A deadline line's text after the "- ": "2026-12-05 (Saturday, in 14
/// days): label [ids]" or "not dated yet (relative): label [ids]".
fn deadline_line(
    d: &SummaryDeadline,
    text: &dyn Fn(&str) -> String,
    cite: &dyn Fn(&[String]) -> String,
    bold: bool,
) -> String {
    let label = text(&d.label);
    match (d.date, d.days_left) {
        (Some(date), Some(days)) => {
            let date = if bold {
                format!("**{date}**")
            } else {
                date.to_string()
            };
            format!(
                "{date} ({}, {}): {label}{}",
                weekday_name(d.date.unwrap_or_default()),
                days_left_words(days),
                cite(&d.clauses)
            )
        }
        _ => format!(
            "not dated yet ({}): {label}{}",
            text(&d.relative),
            cite(&d.clauses)
        ),
    }
}

fn remedies_words(summary: &Summary) -> String {
    let remedies: Vec<&str> = summary.remedies.iter().map(|r| r.words()).collect();
    if remedies.is_empty() {
        "none".to_owned()
    } else {
        remedies.join(", ")
    }
}

/// The whole outcome, ending with a newline.
pub fn outcome_text(outcome: &Outcome<'_>, policy: &Policy) -> String {
    summary_text(None, &Summary::from_outcome(outcome), Some(policy))
}

/// A hand-off as plain text: the case header (when there is one), then the
/// outcome, one item a line. Every text is neutralised.
pub fn summary_text(header: Option<&CaseHeader>, s: &Summary, policy: Option<&Policy>) -> String {
    let mut out = String::new();
    if let Some(h) = header {
        let id = if h.id.is_empty() {
            "not saved"
        } else {
            h.id.as_str()
        };
        let _ = write!(out, "Case: {id}");
        if let Some(saved) = h.saved {
            let _ = write!(out, " (saved {})", saved.format("%Y-%m-%d %H:%M"));
        }
        out.push('\n');
        if !h.agent.is_empty() {
            let _ = writeln!(out, "Agent: {}", neutralise(&h.agent));
        }
        if !h.reference.is_empty() {
            let _ = writeln!(out, "Customer reference: {}", neutralise(&h.reference));
        }
        if !h.note.is_empty() {
            let _ = writeln!(out, "Note: {}", neutralise(&h.note));
        }
    }
    let (vendor, issue) = names(s, policy);
    let _ = writeln!(out, "VERDICT: {}", s.verdict.words());
    let _ = writeln!(
        out,
        "Claim: {} / {} / claim date {}",
        neutralise(vendor),
        neutralise(issue),
        s.claim_date
    );
    let _ = writeln!(out, "Summary: {}", neutralise(&s.summary));
    let _ = writeln!(out, "Remedies: {}", remedies_words(s));
    let _ = writeln!(out, "Return shipping: {}", s.return_shipping.words());
    if !s.deadlines.is_empty() {
        let _ = writeln!(out, "Deadlines (days left as of the claim date):");
        for d in &s.deadlines {
            let _ = match (d.date, d.days_left) {
                (Some(date), Some(days)) => writeln!(
                    out,
                    "  - {date} ({}, {}): {}{}",
                    weekday_name(date),
                    deadline_words(days, d.status, d.met_on),
                    neutralise(&d.label),
                    cite(&d.clauses)
                ),
                _ => writeln!(
                    out,
                    "  - not dated yet ({}): {}{}",
                    neutralise(&d.relative),
                    neutralise(&d.label),
                    cite(&d.clauses)
                ),
            };
        }
    }
    if !s.evidence.is_empty() {
        let _ = writeln!(out, "Evidence to collect:");
        for e in &s.evidence {
            let _ = writeln!(out, "  - {}{}", neutralise(&e.text), cite(&e.clauses));
        }
    }
    if !s.next_steps.is_empty() {
        let _ = writeln!(out, "Next steps:");
        for (i, step) in s.next_steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}{}",
                i + 1,
                neutralise(&step.text),
                cite(&step.clauses)
            );
        }
    }
    if s.vendor_notes().next().is_some() {
        let _ = writeln!(out, "Notes:");
        for n in s.vendor_notes() {
            let _ = writeln!(
                out,
                "  - {}: {}{}",
                kind_word(n.kind),
                neutralise(&n.text),
                cite(&n.clauses)
            );
        }
    }
    let _ = write!(out, "{}", s.rights_in_law_heading());
    if s.statutory_notes().next().is_some() {
        out.push_str(":\n");
        for n in s.statutory_notes() {
            let _ = writeln!(out, "  - {}{}", neutralise(&n.text), cite(&n.clauses));
        }
        for d in &s.statutory_deadlines {
            let _ = writeln!(
                out,
                "  - {}",
                deadline_line(d, &|t| neutralise(t).into_owned(), &|c| cite(c), false)
            );
        }
    } else {
        out.push('\n');
    }
    if !s.decisive_dates.is_empty() {
        let _ = writeln!(out, "Dates that decide (the other facts as given):");
        for d in &s.decisive_dates {
            let _ = writeln!(out, "  - {}", decisive_words(d, s.verdict, s.claim_date));
        }
    }
    let _ = writeln!(out, "Clauses cited: {}", neutralise(&s.clauses.join(", ")));
    out
}

/// A saved case's hand-off: exactly what `claimdesk cases show` prints
/// (the wizard's case screen and copy key, plain mode's repeat warning).
pub fn case_text(case: &crate::store::Case, policies: &crate::rules::PolicySet) -> String {
    let policy = policies.vendor(&case.record.vendor);
    match Summary::from_json(&case.record.outcome) {
        Some(summary) => summary_text(Some(&CaseHeader::from_case(case)), &summary, policy),
        None => format!("Case {}: its saved outcome cannot be read.", case.id),
    }
}

/// What the vendor's policy says about a claim on an order that already
/// has a case, or that it says nothing.
pub fn repeat_advice(policies: &crate::rules::PolicySet, vendor: &str) -> String {
    match policies.vendor(vendor) {
        Some(policy) => match &policy.repeat_claim {
            Some((text, clauses)) if clauses.is_empty() => text.clone(),
            Some((text, clauses)) => format!("{text} ({})", clauses.join(", ")),
            None => format!(
                "{}'s policy does not say whether a replacement or a second claim on the \
                 same order restarts any time limit.",
                policy.name
            ),
        },
        None => format!("The policy for \"{vendor}\" is not loaded."),
    }
}

/// Markdown for a ticket or an e-mail. Typed text is neutralised and its
/// Markdown punctuation escaped, so a note cannot add links or headings.
pub fn summary_markdown(header: &CaseHeader, s: &Summary, policy: Option<&Policy>) -> String {
    let md = |text: &str| escape_markdown(&neutralise(text));
    let mut out = String::new();
    let id = if header.id.is_empty() {
        "(not saved)"
    } else {
        header.id.as_str()
    };
    let (vendor, issue) = names(s, policy);
    let _ = writeln!(out, "## Case {}: {}\n", md(id), s.verdict.words());
    let _ = writeln!(
        out,
        "- **Claim:** {} / {} / claim date {}",
        md(vendor),
        md(issue),
        s.claim_date
    );
    if let Some(saved) = header.saved {
        let _ = writeln!(out, "- **Saved:** {}", saved.format("%Y-%m-%d %H:%M"));
    }
    if !header.agent.is_empty() {
        let _ = writeln!(out, "- **Agent:** {}", md(&header.agent));
    }
    if !header.reference.is_empty() {
        let _ = writeln!(out, "- **Customer reference:** {}", md(&header.reference));
    }
    if !header.note.is_empty() {
        let _ = writeln!(out, "- **Note:** {}", md(&header.note));
    }
    let _ = writeln!(out, "- **Summary:** {}", md(&s.summary));
    let _ = writeln!(out, "- **Remedies:** {}", remedies_words(s));
    let _ = writeln!(out, "- **Return shipping:** {}", s.return_shipping.words());
    let cite_md = |clauses: &[String]| {
        if clauses.is_empty() {
            String::new()
        } else {
            format!(" _({})_", md(&clauses.join(", ")))
        }
    };
    if !s.deadlines.is_empty() {
        let _ = writeln!(out, "\n### Deadlines (days left as of the claim date)\n");
        for d in &s.deadlines {
            let _ = match (d.date, d.days_left) {
                (Some(date), Some(days)) => writeln!(
                    out,
                    "- **{date}** ({}, {}): {}{}",
                    weekday_name(date),
                    deadline_words(days, d.status, d.met_on),
                    md(&d.label),
                    cite_md(&d.clauses)
                ),
                _ => writeln!(
                    out,
                    "- not dated yet ({}): {}{}",
                    md(&d.relative),
                    md(&d.label),
                    cite_md(&d.clauses)
                ),
            };
        }
    }
    if !s.evidence.is_empty() {
        let _ = writeln!(out, "\n### Evidence to collect\n");
        for e in &s.evidence {
            let _ = writeln!(out, "- {}{}", md(&e.text), cite_md(&e.clauses));
        }
    }
    if !s.next_steps.is_empty() {
        let _ = writeln!(out, "\n### Next steps\n");
        for (i, step) in s.next_steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. {}{}",
                i + 1,
                md(&step.text),
                cite_md(&step.clauses)
            );
        }
    }
    if s.vendor_notes().next().is_some() {
        let _ = writeln!(out, "\n### Notes\n");
        for n in s.vendor_notes() {
            let _ = writeln!(
                out,
                "- **{}:** {}{}",
                kind_word(n.kind),
                md(&n.text),
                cite_md(&n.clauses)
            );
        }
    }
    let _ = writeln!(out, "\n### {}\n", md(&s.rights_in_law_heading()));
    let md = |t: &str| md(t);
    for n in s.statutory_notes() {
        let _ = writeln!(out, "- {}{}", md(&n.text), cite_md(&n.clauses));
    }
    for d in &s.statutory_deadlines {
        let _ = writeln!(out, "- {}", deadline_line(d, &md, &|c| cite_md(c), true));
    }
    if !s.decisive_dates.is_empty() {
        let _ = writeln!(out, "\n### Dates that decide (the other facts as given)\n");
        for d in &s.decisive_dates {
            let _ = writeln!(out, "- {}", md(&decisive_words(d, s.verdict, s.claim_date)));
        }
    }
    let _ = writeln!(out, "\nClauses cited: {}", md(&s.clauses.join(", ")));
    out
}

/// Backslash-escapes the characters Markdown gives a meaning to.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '!'
                | '|'
                | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
