//! The outcome as compact JSON, written straight into a byte buffer.
//!
//! `check --batch` writes one of these a line, a million lines a run. Going
//! through serde_json's generic serialiser spent most of that run escaping
//! strings byte by byte and formatting keys and dates (issue #5's profile);
//! almost no outcome text needs escaping, so this writer checks a whole
//! string at once and copies it, writes keys as fixed fragments and dates
//! as digits. The output is byte for byte what `crate::text::json::to_vec`
//! (serde_json with the unsafe characters DEL, C1 and bidi escaped too)
//! gives for the same [`Outcome`] (the proptests here and in
//! tests/integration/properties.rs hold it to that), so the two can be swapped freely;
//! the pretty single-claim output uses the serde path.

use super::dates::iso_digits;
use super::decisive::DecisiveDate;
use super::outcome::{
    Deadline, Finding, Note, NoteKind, Outcome, Piece, Role, TraceEntry, Verdict,
};
use crate::text::json::first_special;
use chrono::NaiveDate;

/// Appends `outcome` as one line of compact JSON (no newline).
pub fn write_outcome(out: &mut Vec<u8>, outcome: &Outcome<'_>) {
    out.extend_from_slice(b"{\"verdict\":\"");
    out.extend_from_slice(outcome.verdict.id().as_bytes());
    out.extend_from_slice(b"\",\"summary\":");
    string(out, &outcome.summary);
    out.extend_from_slice(b",\"remedies\":[");
    for (i, remedy) in outcome.remedies.iter().enumerate() {
        comma(out, i);
        out.push(b'"');
        out.extend_from_slice(remedy.id().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"],\"return_shipping\":\"");
    out.extend_from_slice(outcome.return_shipping.id().as_bytes());
    out.extend_from_slice(b"\",\"deadlines\":[");
    for (i, deadline) in outcome.deadlines.iter().enumerate() {
        comma(out, i);
        write_deadline(out, deadline);
    }
    out.extend_from_slice(b"],\"evidence\":[");
    findings(out, &outcome.evidence);
    out.extend_from_slice(b"],\"next_steps\":[");
    findings(out, &outcome.next_steps);
    out.extend_from_slice(b"],\"notes\":[");
    for (i, note) in outcome.notes.iter().enumerate() {
        comma(out, i);
        write_note(out, note);
    }
    out.extend_from_slice(b"],\"clauses\":");
    ids(out, outcome.clauses.iter().copied());
    out.extend_from_slice(b",\"vendor\":");
    id(out, outcome.vendor);
    out.extend_from_slice(b",\"issue\":");
    id(out, outcome.issue);
    out.extend_from_slice(b",\"claim_date\":");
    quoted_date(out, outcome.claim_date);
    out.extend_from_slice(b",\"as_of\":");
    quoted_date(out, outcome.as_of);
    out.extend_from_slice(b",\"first_notice_date\":");
    quoted_date(out, outcome.first_notice_date);
    out.extend_from_slice(b",\"decided_by\":");
    ids(out, outcome.decided_by.iter().copied());
    out.extend_from_slice(b",\"trace\":[");
    for (i, entry) in outcome.trace.iter().enumerate() {
        comma(out, i);
        write_trace_entry(out, entry);
    }
    out.extend_from_slice(b"],\"policy\":{\"vendor\":");
    id(out, outcome.policy.vendor);
    out.extend_from_slice(b",\"version\":");
    match outcome.policy.version {
        Some(version) => string(out, version),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"sha256\":");
    id(out, outcome.policy.sha256);
    out.extend_from_slice(b"},\"customer_country\":");
    match outcome.customer_country {
        Some(country) => id(out, country.as_str()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"statutory_deadlines\":[");
    for (i, deadline) in outcome.statutory_deadlines.iter().enumerate() {
        comma(out, i);
        write_deadline(out, deadline);
    }
    out.push(b']');

    // Left out when not computed, as serde's `skip_serializing_if` does.
    if let Some(dates) = &outcome.decisive_dates {
        out.extend_from_slice(b",\"decisive_dates\":[");
        for (i, date) in dates.iter().enumerate() {
            comma(out, i);
            write_decisive_date(out, date);
        }
        out.push(b']');
    }
    out.push(b'}');
}

fn write_decisive_date(out: &mut Vec<u8>, date: &DecisiveDate) {
    out.extend_from_slice(b"{\"field\":");
    id(out, date.field.field());
    out.extend_from_slice(b",\"same_verdict_from\":");
    optional_date(out, date.same_verdict_from);
    out.extend_from_slice(b",\"same_verdict_to\":");
    optional_date(out, date.same_verdict_to);
    out.extend_from_slice(b",\"verdict_before\":");
    optional_verdict(out, date.verdict_before);
    out.extend_from_slice(b",\"verdict_after\":");
    optional_verdict(out, date.verdict_after);
    out.push(b'}');
}

fn optional_date(out: &mut Vec<u8>, date: Option<NaiveDate>) {
    match date {
        Some(date) => quoted_date(out, date),
        None => out.extend_from_slice(b"null"),
    }
}

fn optional_verdict(out: &mut Vec<u8>, verdict: Option<Verdict>) {
    match verdict {
        Some(v) => id(out, v.id()),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_deadline(out: &mut Vec<u8>, deadline: &Deadline<'_>) {
    out.extend_from_slice(b"{\"id\":");
    id(out, deadline.id);
    out.extend_from_slice(b",\"label\":");
    string(out, deadline.label);
    out.extend_from_slice(b",\"date\":");
    match deadline.date {
        Some(date) => quoted_date(out, date),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"days_left\":");
    match deadline.days_left {
        Some(days) => out.extend_from_slice(itoa::Buffer::new().format(days).as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(deadline.status.id().as_bytes());
    out.push(b'"');
    if let Some(met_on) = deadline.met_on {
        out.extend_from_slice(b",\"met_on\":");
        quoted_date(out, met_on);
    }
    out.extend_from_slice(b",\"clauses\":");
    ids(out, deadline.clauses.iter().map(String::as_str));
    out.extend_from_slice(b",\"relative\":");
    string(out, &deadline.relative);
    if let Some(binds) = deadline.binds {
        out.extend_from_slice(b",\"binds\":");
        id(out, binds);
    }
    out.push(b'}');
}

fn findings(out: &mut Vec<u8>, findings: &[Finding<'_>]) {
    for (i, finding) in findings.iter().enumerate() {
        comma(out, i);
        out.extend_from_slice(b"{\"text\":");
        string(out, &finding.text);
        out.extend_from_slice(b",\"clauses\":");
        ids(out, finding.clauses.iter().map(String::as_str));
        if let Some(due) = finding.due {
            out.extend_from_slice(b",\"due\":");
            quoted_date(out, due);
        }
        if let Some(who) = finding.who {
            out.extend_from_slice(b",\"who\":\"");
            out.extend_from_slice(who.id().as_bytes());
            out.push(b'"');
        }
        out.push(b'}');
    }
}

fn write_note(out: &mut Vec<u8>, note: &Note<'_>) {
    out.extend_from_slice(match note.kind {
        NoteKind::Conflict => b"{\"kind\":\"conflict\",\"text\":".as_slice(),
        NoteKind::Interpretation => b"{\"kind\":\"interpretation\",\"text\":",
        NoteKind::Warning => b"{\"kind\":\"warning\",\"text\":",
        NoteKind::Statutory => b"{\"kind\":\"statutory\",\"text\":",
    });
    string(out, &note.text);
    out.extend_from_slice(b",\"clauses\":");
    ids(out, note.clauses.iter().map(String::as_str));
    if note.headline {
        out.extend_from_slice(b",\"headline\":true");
    }
    out.push(b'}');
}

fn write_trace_entry(out: &mut Vec<u8>, entry: &TraceEntry<'_>) {
    out.extend_from_slice(b"{\"rule\":");
    id(out, entry.rule);
    out.extend_from_slice(b",\"label\":");
    string(out, entry.label);
    out.extend_from_slice(match entry.role {
        Role::Decided => b",\"role\":\"decided\",\"because\":[".as_slice(),
        Role::Escalated => b",\"role\":\"escalated\",\"because\":[",
        Role::Added => b",\"role\":\"added\",\"because\":[",
    });
    for (i, reason) in entry.because.iter().enumerate() {
        comma(out, i);
        out.push(b'"');
        reason.pieces(|piece| match piece {
            Piece::Fixed(text) | Piece::Id(text) => raw(out, text),
            Piece::Text(text) => escaped(out, text),
            Piece::Date(date) => date_digits(out, date),
        });
        out.push(b'"');
    }
    out.extend_from_slice(b"],\"clauses\":");
    ids(out, entry.clauses.iter().map(String::as_str));
    out.push(b'}');
}

fn comma(out: &mut Vec<u8>, index: usize) {
    if index > 0 {
        out.push(b',');
    }
}

/// A list of policy ids (vendor, rule, window and clause ids), which the
/// policy compiler keeps to letters, digits, `-` and `_`.
fn ids<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = &'a str>) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        comma(out, i);
        id(out, item);
    }
    out.push(b']');
}

fn id(out: &mut Vec<u8>, id: &str) {
    out.push(b'"');
    raw(out, id);
    out.push(b'"');
}

/// Text known to need no escaping: our own words and policy ids.
fn raw(out: &mut Vec<u8>, text: &str) {
    debug_assert!(
        first_special(text.as_bytes()).is_none(),
        "{text:?} needs escaping"
    );
    out.extend_from_slice(text.as_bytes());
}

fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    escaped(out, text);
    out.push(b'"');
}

/// The contents of a JSON string, escaped exactly as
/// `crate::text::json` does: serde_json's escapes, plus `\uXXXX` for the
/// characters [`crate::text::is_unsafe`] names that serde leaves raw.
fn escaped(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Copied to `out` up to `start`; scanned up to `i`. Between special
    // bytes the text is copied whole: a quoted policy sentence with
    // curly quotes costs a word scan, not a check per byte.
    let mut start = 0;
    let mut i = 0;
    while let Some(offset) = first_special(&bytes[i..]) {
        let at = i + offset;
        let b = bytes[at];
        i = at + 1;
        if matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2) {
            // DEL, or the lead byte of a character that may be unsafe
            // (most such characters, like "—", are not). These bytes are
            // never continuation bytes, so `at` starts a whole character.
            if let Some(c) = text[at..].chars().next()
                && crate::text::is_unsafe(c)
            {
                out.extend_from_slice(&bytes[start..at]);
                crate::text::json::push_escape(out, c);
                start = at + c.len_utf8();
                i = start;
            }
            continue;
        }
        out.extend_from_slice(&bytes[start..at]);
        start = i;
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => {
                // The other control bytes (first_special finds nothing else).
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
                continue;
            }
        };
        out.extend_from_slice(escape);
    }
    out.extend_from_slice(&bytes[start..]);
}

fn quoted_date(out: &mut Vec<u8>, date: NaiveDate) {
    out.push(b'"');
    date_digits(out, date);
    out.push(b'"');
}

/// `YYYY-MM-DD`, as chrono's `Display` writes it.
fn date_digits(out: &mut Vec<u8>, date: NaiveDate) {
    match iso_digits(date) {
        Some(digits) => out.extend_from_slice(&digits),
        None => out.extend_from_slice(date.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, quotes, backslashes, control bytes, C1 and bidi
        /// controls and their harmless neighbours included, is escaped
        /// exactly as the serde path (`text::json`) escapes it, and parses
        /// back to itself.
        #[test]
        fn strings_escape_as_serde_does(
            text in prop_oneof![
                "(?s).{0,80}",
                "[\"\\\\\\x00-\\x1f\\x7fa-zé]{0,40}",
                "[a-z\\x7f\\x{80}-\\x{bf}\\x{600}-\\x{63f}\\x{2000}-\\x{2080}—’…]{0,40}",
            ]
        ) {
            let mut fast = Vec::new();
            string(&mut fast, &text);
            prop_assert_eq!(&fast, &crate::text::json::to_vec(&text).expect("serialises"));
            let back: String = serde_json::from_slice(&fast).expect("parses");
            prop_assert_eq!(back, text);
        }

        #[test]
        fn dates_read_as_chrono_writes_them(days in -1_000_000i64..4_000_000) {
            let date = NaiveDate::from_ymd_opt(1, 1, 1).expect("date") + chrono::Duration::days(days);
            let mut fast = Vec::new();
            quoted_date(&mut fast, date);
            prop_assert_eq!(fast, serde_json::to_vec(&date).expect("serialises"));
        }
    }
}
