//! The bytes of one `cases export --format jsonl` line: [`ExportLine`]
//! borrows every value from the case (or from a [`CaseExport`] read back)
//! and serialises them in the line's field order, so an export of a
//! million cases copies nothing to write it. [`CaseExport`] serialises
//! through it too: the line's shape is written down once, here.

use super::timeline::Event;
use super::{Case, CaseExport, Contact, OutcomeRecord, PolicyRef, TIMESTAMP};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Serialize, Serializer};

/// One case as the export line writes it (see [`CaseExport`] for what
/// each field means).
#[derive(Serialize)]
pub struct ExportLine<'a> {
    id: &'a str,
    created_at: Text<'a>,
    updated_at: Text<'a>,
    version: i64,
    updated_by: &'a str,
    vendor: &'a str,
    issue: &'a str,
    verdict: &'a str,
    claim_date: Text<'a>,
    reference: &'a str,
    agent: &'a str,
    note: &'a str,
    policy_fingerprint: &'a str,
    policy_origin: &'a str,
    policy: Option<&'a PolicyRef>,
    claim: &'a serde_json::Value,
    outcome: &'a OutcomeRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<&'a Contact>,
    #[serde(skip_serializing_if = "str::is_empty")]
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    imported_from: Option<&'a str>,
    #[serde(skip_serializing_if = "<[Event]>::is_empty")]
    events: &'a [Event],
}

impl<'a> ExportLine<'a> {
    /// The line of case `c`, its claim as contract JSON
    /// (`ClaimInput::to_json_value`), its timeline `events`; the
    /// customer's contact details only `with_contact` (and when given).
    pub fn of(
        c: &'a Case,
        claim: &'a serde_json::Value,
        events: &'a [Event],
        with_contact: bool,
    ) -> ExportLine<'a> {
        let r = &c.record;
        ExportLine {
            id: &c.id,
            created_at: Text::Time(c.created_at),
            updated_at: Text::Time(c.updated_at),
            version: c.version,
            updated_by: &c.updated_by,
            vendor: &r.outcome.vendor,
            issue: &r.outcome.issue,
            verdict: r.outcome.verdict.id(),
            claim_date: Text::Date(r.outcome.claim_date),
            reference: &r.reference,
            agent: &r.agent,
            note: &r.note,
            policy_fingerprint: &r.policy.fingerprint,
            policy_origin: &r.policy.origin,
            policy: Some(&r.policy),
            claim,
            outcome: &r.outcome,
            customer: (with_contact && !r.customer.is_empty()).then_some(&r.customer),
            key: &r.key,
            imported_from: r.imported_from.as_deref(),
            events,
        }
    }

    /// The line a [`CaseExport`] stands for.
    pub fn of_export(e: &'a CaseExport) -> ExportLine<'a> {
        ExportLine {
            id: &e.id,
            created_at: Text::Str(&e.created_at),
            updated_at: Text::Str(&e.updated_at),
            version: e.version,
            updated_by: &e.updated_by,
            vendor: &e.vendor,
            issue: &e.issue,
            verdict: &e.verdict,
            claim_date: Text::Str(&e.claim_date),
            reference: &e.reference,
            agent: &e.agent,
            note: &e.note,
            policy_fingerprint: &e.policy_fingerprint,
            policy_origin: &e.policy_origin,
            policy: e.policy.as_ref(),
            claim: &e.claim,
            outcome: &e.outcome,
            customer: e.customer.as_ref(),
            key: &e.key,
            imported_from: e.imported_from.as_deref(),
            events: &e.events,
        }
    }
}

impl Serialize for CaseExport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ExportLine::of_export(self).serialize(serializer)
    }
}

/// A text field of the line: as read back, or a time or a day written
/// as the case log writes it ([`TIMESTAMP`], `YYYY-MM-DD`).
enum Text<'a> {
    Str(&'a str),
    Time(NaiveDateTime),
    Date(NaiveDate),
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Str(s) => serializer.serialize_str(s),
            Text::Time(t) => match timestamp_digits(*t) {
                Some(digits) => {
                    serializer.serialize_str(std::str::from_utf8(&digits).unwrap_or(""))
                }
                None => serializer.serialize_str(&t.format(TIMESTAMP).to_string()),
            },
            Text::Date(d) => match crate::rules::dates::iso_digits(*d) {
                Some(digits) => {
                    serializer.serialize_str(std::str::from_utf8(&digits).unwrap_or(""))
                }
                None => serializer.serialize_str(&d.to_string()),
            },
        }
    }
}

/// `t` as [`TIMESTAMP`] formats it, without chrono's format machinery;
/// `None` (chrono then writes it) for a year outside 0–9999 or a leap
/// second.
fn timestamp_digits(t: NaiveDateTime) -> Option<[u8; 19]> {
    let day = crate::rules::dates::iso_digits(t.date())?;
    if t.nanosecond() >= 1_000_000_000 {
        return None;
    }
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let (h, m, s) = (two(t.hour()), two(t.minute()), two(t.second()));
    let mut out = [0u8; 19];
    out[..10].copy_from_slice(&day);
    out[10..].copy_from_slice(&[b'T', h[0], h[1], b':', m[0], m[1], b':', s[0], s[1]]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::timeline::{EventExtra, EventKind};
    use crate::rules::ClaimInput;
    use crate::rules::outcome::Verdict;

    /// The line as the export wrote it before [`ExportLine`]: `CaseExport`
    /// as it derived `Serialize` (the fields, their order and their
    /// attributes, copied), serde_json's bytes, then every unsafe
    /// character escaped afterwards (its `json_safe`).
    #[derive(Serialize)]
    struct Before {
        id: String,
        created_at: String,
        updated_at: String,
        version: i64,
        updated_by: String,
        vendor: String,
        issue: String,
        verdict: String,
        claim_date: String,
        reference: String,
        agent: String,
        note: String,
        policy_fingerprint: String,
        policy_origin: String,
        policy: Option<PolicyRef>,
        claim: serde_json::Value,
        outcome: OutcomeRecord,
        #[serde(skip_serializing_if = "Option::is_none")]
        customer: Option<Contact>,
        #[serde(skip_serializing_if = "String::is_empty")]
        key: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        imported_from: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        events: Vec<Event>,
    }

    fn line_before(c: &Case, events: &[Event], with_contact: bool) -> String {
        let r = &c.record;
        let before = Before {
            id: c.id.clone(),
            created_at: c.created_at.format(TIMESTAMP).to_string(),
            updated_at: c.updated_at.format(TIMESTAMP).to_string(),
            version: c.version,
            updated_by: c.updated_by.clone(),
            vendor: r.outcome.vendor.clone(),
            issue: r.outcome.issue.clone(),
            verdict: r.outcome.verdict.id().to_owned(),
            claim_date: r.outcome.claim_date.to_string(),
            reference: r.reference.clone(),
            agent: r.agent.clone(),
            note: r.note.clone(),
            policy_fingerprint: r.policy.fingerprint.clone(),
            policy_origin: r.policy.origin.clone(),
            policy: Some(r.policy.clone()),
            claim: r.claim.to_json_value(),
            outcome: r.outcome.clone(),
            customer: (with_contact && !r.customer.is_empty()).then(|| r.customer.clone()),
            key: r.key.clone(),
            imported_from: r.imported_from.clone(),
            events: events.to_vec(),
        };
        let json = serde_json::to_string(&before).expect("serialises");
        let mut out = Vec::new();
        for ch in json.chars() {
            if ch != '\n' && crate::text::is_unsafe(ch) {
                crate::text::json::push_escape(&mut out, ch);
            } else {
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        String::from_utf8(out).expect("whole characters")
    }

    /// A decided case with every optional part given, and typed text
    /// that a terminal must not receive raw.
    fn a_case(hostile: &str) -> (Case, Vec<Event>) {
        let policies = crate::rules::PolicySet::embedded().expect("policies");
        let input = ClaimInput::from_json(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22"}"#,
        )
        .expect("claim");
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let outcome = crate::rules::decide(&policies, &input, day).expect("decided");
        let mut record = crate::case::CaseRecord::from_decision(
            &input,
            &outcome,
            policies.vendor("mitkco").expect("mitkco"),
        );
        record.reference = format!("ORD-1 {hostile}");
        record.agent = "Ana".into();
        record.note = format!("called back — “twice” {hostile}\nline two");
        record.customer = Contact {
            name: format!("Zoë {hostile}"),
            phone: "+1 555".into(),
            email: "z@example.com".into(),
        };
        record.key = "0190a1b2-0000-7000-8000-000000000001".into();
        record.imported_from = Some("C-20261120-0003".into());
        let at = day.and_hms_opt(9, 5, 7).expect("time");
        let mut event = Event::new(EventKind::Decided, day, "Ana", at);
        event.note = hostile.to_owned();
        event.extra = EventExtra {
            verdict: Some(Verdict::Eligible),
            reason: Some(hostile.to_owned()),
            ..EventExtra::default()
        };
        let case = Case {
            id: "C-20261201-0007".into(),
            created_at: at,
            updated_at: day.and_hms_opt(17, 30, 0).expect("time"),
            updated_by: "Ben".into(),
            version: 3,
            record,
        };
        (case, vec![event.clone(), event])
    }

    #[test]
    fn the_line_is_byte_for_byte_the_line_before() {
        for hostile in [
            "",
            "\u{1b}]52;c;eA==\u{7} \u{9b}31m \u{7f} \u{202e}txt \u{200e}\u{61c}",
        ] {
            let (case, events) = a_case(hostile);
            for with_contact in [false, true] {
                for events in [&events[..], &[]] {
                    let claim = case.record.claim.to_json_value();
                    let line = ExportLine::of(&case, &claim, events, with_contact);
                    let now = crate::text::json::to_string(&line).expect("serialises");
                    assert_eq!(now, line_before(&case, events, with_contact));
                    assert!(!now.contains(['\u{1b}', '\u{9b}', '\u{7f}', '\u{202e}']));
                    // A line read back writes the same bytes again.
                    let back: CaseExport = serde_json::from_str(&now).expect("reads back");
                    assert_eq!(crate::text::json::to_string(&back).expect("json"), now);
                }
            }
        }
    }

    #[test]
    fn timestamps_read_as_chrono_writes_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        for (date, (h, mi, s)) in [
            (day(2026, 12, 7), (16, 52, 3)),
            (day(0, 1, 1), (0, 0, 0)),
            (day(9999, 12, 31), (23, 59, 59)),
            (day(1999, 2, 28), (9, 5, 9)),
        ] {
            let t = date.and_hms_opt(h, mi, s).expect("a time");
            let digits = timestamp_digits(t).expect("fast path");
            assert_eq!(
                std::str::from_utf8(&digits).expect("ascii"),
                t.format(TIMESTAMP).to_string()
            );
        }
        let leap = day(2026, 6, 30)
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .expect("a leap second");
        assert_eq!(timestamp_digits(leap), None);
        let far = day(10_000, 1, 1).and_hms_opt(0, 0, 0).expect("a time");
        assert_eq!(timestamp_digits(far), None);
        let json = |t: NaiveDateTime| serde_json::to_string(&Text::Time(t)).expect("json");
        assert_eq!(json(leap), format!("\"{}\"", leap.format(TIMESTAMP)));
        assert_eq!(json(far), format!("\"{}\"", far.format(TIMESTAMP)));
    }
}
