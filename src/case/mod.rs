//! The case record: what a saved case is, owned and typed, between the
//! rule core and the store (`shared/case-log.md`).
//!
//! - [`CaseRecord`]: what a front end hands the store: the claim facts,
//!   the outcome as an owned [`OutcomeRecord`], the [`PolicyRef`] that
//!   decided it, the reference, agent and note.
//! - [`Case`]: a record as saved: the id the store minted, timestamps,
//!   who changed it last, and the version counter that refuses an edit
//!   based on an old copy.
//! - [`CaseExport`]: one line of `cases export --format jsonl`, read back
//!   by `cases import` (ids, timestamps and versions kept); its bytes are
//!   written by [`export_line`], borrowed from the case.
//!
//! The borrowed [`Outcome`] stays the engine's (and `check --batch`'s fast
//! JSON writer's) shape; it becomes an [`OutcomeRecord`] here, once, field
//! by field (no JSON round trip). The record serialises to the same JSON
//! `claimdesk check` prints, so outcomes saved by earlier versions read
//! back into it. Nothing here knows of terminals, SQL or files.
//!
//! [`timeline`]: the case's events, the facts they give and the status,
//! next action and due date derived from them.

pub mod export_line;
pub mod timeline;

use crate::rules::claim::DateFact;
use crate::rules::outcome::{DeadlineStatus, NoteKind, Outcome, Remedy, ReturnShipping, Verdict};
use crate::rules::{ClaimInput, Policy};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// The policy that decided a case: enough to find the exact text again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef {
    pub vendor: String,
    /// The policy's stated version, when it states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// SHA-256, hex, of the text that decided: the policy file up to the
    /// next version's `[[versions]]` table (the whole file when it has
    /// none); empty for cases saved before it was recorded (those have
    /// only `fingerprint`).
    #[serde(default)]
    pub sha256: String,
    /// The older FNV-1a 64 fingerprint, kept for cases that have no SHA-256.
    #[serde(default)]
    pub fingerprint: String,
    /// Where the policy was loaded from (`embedded:millso.toml`, a path).
    #[serde(default)]
    pub origin: String,
}

impl PolicyRef {
    pub fn of(policy: &Policy) -> PolicyRef {
        PolicyRef {
            vendor: policy.id.clone(),
            version: policy.version.clone(),
            sha256: policy.sha256.clone(),
            fingerprint: policy.fingerprint.clone(),
            origin: policy.origin.clone(),
        }
    }
}

/// The outcome's `policy` field, owned: the version that decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersionRecord {
    pub vendor: String,
    pub version: Option<String>,
    pub sha256: String,
}

/// A deadline as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRecord {
    pub id: String,
    pub label: String,
    pub date: Option<NaiveDate>,
    /// Days left as of the claim date (what the decision measured).
    pub days_left: Option<i64>,
    /// Absent in cases saved before deadlines had a status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeadlineStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_on: Option<NaiveDate>,
    pub clauses: Vec<String>,
    pub relative: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binds: Option<String>,
}

impl DeadlineRecord {
    /// Days from `as_of` to the deadline (negative once past), when dated.
    pub fn days_left_on(&self, as_of: NaiveDate) -> Option<i64> {
        self.date.map(|d| (d - as_of).num_days())
    }

    /// Where the deadline stands on `as_of`: met stays met; otherwise open
    /// until its date, passed after it.
    pub fn status_on(&self, as_of: NaiveDate) -> DeadlineStatus {
        match (self.status, self.date) {
            (Some(DeadlineStatus::Met), _) => DeadlineStatus::Met,
            (_, Some(date)) if date < as_of => DeadlineStatus::Passed,
            _ => DeadlineStatus::Open,
        }
    }
}

/// An evidence item or a next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub text: String,
    pub clauses: Vec<String>,
    /// A next step's date (see `rules::outcome::Finding::due`); absent
    /// for evidence and in cases saved before steps carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Who acts on a next step (see `rules::outcome::Finding::who`);
    /// absent for evidence and in cases saved before steps carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<crate::rules::outcome::Actor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    pub kind: NoteKind,
    pub text: String,
    pub clauses: Vec<String>,
    /// See `rules::outcome::Note::headline`; false in older cases.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
}

impl NoteRecord {
    /// Whether the note qualifies the headline, so the outcome's first
    /// lines say it next to the verdict (policy-notes.md "Additions (2)"):
    /// a vendor's warning (something may void the claim or change how it
    /// goes) or a statutory note marked so. Typed, never from the words.
    pub fn qualifies_headline(&self) -> bool {
        self.kind == NoteKind::Warning || self.headline
    }
}

/// One rule that took part, with its reasons in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceRecord {
    pub rule: String,
    pub label: String,
    pub role: String,
    pub because: Vec<String>,
    pub clauses: Vec<String>,
}

/// An outcome, owned: what a case keeps of its decision. Serialises to
/// the JSON `claimdesk check` prints and reads that JSON back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub verdict: Verdict,
    pub summary: String,
    pub remedies: Vec<Remedy>,
    pub return_shipping: ReturnShipping,
    pub deadlines: Vec<DeadlineRecord>,
    pub evidence: Vec<ItemRecord>,
    pub next_steps: Vec<ItemRecord>,
    pub notes: Vec<NoteRecord>,
    pub clauses: Vec<String>,
    pub vendor: String,
    pub issue: String,
    pub claim_date: NaiveDate,
    /// The day the decision was made (contract v3); absent in cases
    /// saved before it was recorded (decided as of their claim date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_notice_date: Option<NaiveDate>,
    #[serde(default)]
    pub decided_by: Vec<String>,
    #[serde(default)]
    pub trace: Vec<TraceRecord>,
    /// The policy version that decided; absent in cases saved before
    /// versions were recorded in the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyVersionRecord>,
    /// The country statutory notes were looked for in; `None`: not looked
    /// for (also for cases saved before the field existed).
    #[serde(default)]
    pub customer_country: Option<String>,
    /// The statutory notes' dated limits, apart from the vendor's.
    #[serde(default)]
    pub statutory_deadlines: Vec<DeadlineRecord>,
    /// For each date the claim gave, the span over which the verdict
    /// holds; absent in cases saved before decisive dates existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisive_dates: Option<Vec<crate::rules::decisive::DecisiveDate>>,
}

impl OutcomeRecord {
    /// The owned copy of an engine outcome, field by field.
    pub fn from_outcome(o: &Outcome<'_>) -> OutcomeRecord {
        let strings = |c: &[String]| c.to_vec();
        let deadline = |d: &crate::rules::outcome::Deadline<'_>| DeadlineRecord {
            id: d.id.to_owned(),
            label: d.label.to_owned(),
            date: d.date,
            days_left: d.days_left,
            status: Some(d.status),
            met_on: d.met_on,
            clauses: strings(d.clauses),
            relative: d.relative.to_string(),
            binds: d.binds.map(str::to_owned),
        };
        OutcomeRecord {
            verdict: o.verdict,
            summary: o.summary.clone(),
            remedies: o.remedies.clone(),
            return_shipping: o.return_shipping,
            deadlines: o.deadlines.iter().map(deadline).collect(),
            evidence: o
                .evidence
                .iter()
                .map(|f| ItemRecord {
                    text: f.text.to_string(),
                    clauses: strings(f.clauses),
                    due: f.due,
                    who: f.who,
                })
                .collect(),
            next_steps: o
                .next_steps
                .iter()
                .map(|f| ItemRecord {
                    text: f.text.to_string(),
                    clauses: strings(f.clauses),
                    due: f.due,
                    who: f.who,
                })
                .collect(),
            notes: o
                .notes
                .iter()
                .map(|n| NoteRecord {
                    kind: n.kind,
                    text: n.text.to_string(),
                    clauses: strings(n.clauses),
                    headline: n.headline,
                })
                .collect(),
            clauses: o.clauses.iter().map(|c| (*c).to_owned()).collect(),
            vendor: o.vendor.to_owned(),
            issue: o.issue.to_owned(),
            claim_date: o.claim_date,
            as_of: Some(o.as_of),
            first_notice_date: Some(o.first_notice_date),
            decided_by: o.decided_by.iter().map(|r| (*r).to_owned()).collect(),
            trace: o
                .trace
                .iter()
                .map(|t| TraceRecord {
                    rule: t.rule.to_owned(),
                    label: t.label.to_owned(),
                    role: match t.role {
                        crate::rules::outcome::Role::Decided => "decided",
                        crate::rules::outcome::Role::Escalated => "escalated",
                        crate::rules::outcome::Role::Added => "added",
                    }
                    .to_owned(),
                    because: t.because.iter().map(ToString::to_string).collect(),
                    clauses: strings(t.clauses),
                })
                .collect(),
            customer_country: o.customer_country.map(|c| c.as_str().to_owned()),
            statutory_deadlines: o.statutory_deadlines.iter().map(deadline).collect(),
            policy: Some(PolicyVersionRecord {
                vendor: o.policy.vendor.to_owned(),
                version: o.policy.version.map(str::to_owned),
                sha256: o.policy.sha256.to_owned(),
            }),
            decisive_dates: o.decisive_dates.clone(),
        }
    }

    /// `None` when the JSON is not an outcome (a damaged case).
    pub fn from_json(value: &serde_json::Value) -> Option<OutcomeRecord> {
        OutcomeRecord::deserialize(value).ok()
    }
}

/// The customer's contact details, as typed; all optional. Personal data:
/// shown neutralised, left out of exports unless asked for, erased by
/// `cases purge`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.phone.is_empty() && self.email.is_empty()
    }
}

/// What a front end gives the store to save (or to replace a case's
/// decision with).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    /// The customer's reference or order number as typed ("" when none);
    /// matched ignoring case, spaces and dashes.
    pub reference: String,
    /// The facts the customer gave, with the claim date filled in.
    pub claim: ClaimInput,
    pub outcome: OutcomeRecord,
    pub policy: PolicyRef,
    pub agent: String,
    pub note: String,
    /// The customer's name, phone and e-mail, when given.
    pub customer: Contact,
    /// The case's permanent key ([`new_key`]): minted when the record is
    /// first made, on whichever machine, so a save waiting in an offline
    /// outbox already has it; the same on every log the case is moved to
    /// (import matches on it). An update or re-decision never changes it.
    pub key: String,
    /// The id the case had in the log it was imported from, when that id
    /// was taken here by another case and it got the next free one.
    pub imported_from: Option<String>,
}

/// A new permanent case key: a UUID version 7 (RFC 9562), as text.
///
/// Why v7: it is minted on any machine with no coordination (74 random
/// bits after the millisecond: two agents never meet), and it starts with
/// the time, so the log's unique index on it grows at its right edge
/// like the cases themselves instead of touching a random page per save.
pub fn new_key() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A key derived from `parts` (a UUID version 8 of their SHA-256): the
/// same parts give the same key on every machine and every run. Cases
/// saved or exported before keys existed get the key of their old id and
/// creation time; a `check --batch --save` line, the key of its line
/// number and text, so a rerun finds what it saved before.
pub fn derived_key(parts: &[&str]) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    for part in parts {
        // Lengths first: ("ab","c") and ("a","bc") differ.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Uuid::new_v8(bytes).to_string()
}

/// The key of a case saved before keys existed: from its id and creation
/// time (as [`TIMESTAMP`] text), the same in a migrated log and in an old
/// export line of the same case.
pub fn legacy_key(id: &str, created_at: &str) -> String {
    derived_key(&["claimdesk case", id, created_at])
}

/// A saved or recorded time (kept in UTC in the log) in the agent's local
/// time, to show.
pub fn local_time(utc: NaiveDateTime) -> NaiveDateTime {
    chrono::Local.from_utc_datetime(&utc).naive_local()
}

/// Now, in UTC: what the log stores.
pub fn now_utc() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

impl CaseRecord {
    /// A case for a decided claim. The claim is kept with its claim date
    /// filled in, so re-deciding it later measures the same days. `policy`
    /// is the vendor's; the case records the version that decided.
    pub fn from_decision(input: &ClaimInput, outcome: &Outcome<'_>, policy: &Policy) -> CaseRecord {
        let decided_by = policy
            .version_by_sha256(outcome.policy.sha256)
            .unwrap_or(policy);
        let mut claim = input.clone();
        claim.set_date(DateFact::Claim, Some(outcome.claim_date.to_string()));
        claim.unknown_fields.clear();
        CaseRecord {
            reference: String::new(),
            claim,
            outcome: OutcomeRecord::from_outcome(outcome),
            policy: PolicyRef::of(decided_by),
            agent: String::new(),
            note: String::new(),
            customer: Contact::default(),
            key: new_key(),
            imported_from: None,
        }
    }

    pub fn vendor(&self) -> &str {
        &self.outcome.vendor
    }

    pub fn issue(&self) -> &str {
        &self.outcome.issue
    }

    pub fn verdict(&self) -> Verdict {
        self.outcome.verdict
    }

    pub fn claim_date(&self) -> NaiveDate {
        self.outcome.claim_date
    }

    /// The day the latest decision was made (its claim date for cases
    /// saved before decisions recorded it).
    pub fn decided_on(&self) -> NaiveDate {
        self.outcome.as_of.unwrap_or(self.outcome.claim_date)
    }
}

/// A case as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `C-YYYYMMDD-NNNN`, minted by the store (the day in UTC: the log's
    /// order is the order the cases were saved in, whatever the zone).
    pub id: String,
    /// UTC, as every time the log keeps; shown with [`local_time`].
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Who made the last change (the agent of the save or update).
    pub updated_by: String,
    /// 1 when saved, +1 on every change; an update names the version it
    /// was based on.
    pub version: i64,
    pub record: CaseRecord,
}

/// A case in one line, for lists (history, `cases list`): no claim or
/// outcome to parse, so a list of many is cheap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseBrief {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub claim_date: NaiveDate,
    pub vendor: String,
    pub issue: String,
    pub verdict: String,
    pub reference: String,
    pub agent: String,
    pub note: String,
}

/// What re-checking a case needs of it: the claim, and the verdict and
/// deadline dates it was decided with (read without the rest of the
/// outcome, so a re-check of a million cases parses only this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDecision {
    pub id: String,
    pub claim: ClaimInput,
    pub decided: DecidedDigest,
}

/// The verdict and the deadlines of a saved outcome, and the claim's
/// vendor, issue and date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DecidedDigest {
    pub verdict: Verdict,
    pub vendor: String,
    pub issue: String,
    pub claim_date: NaiveDate,
    pub deadlines: Vec<DeadlineDigest>,
    /// The version that decided; `None` for cases saved before outcomes
    /// recorded it.
    #[serde(default)]
    pub policy: Option<PolicyVersionRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeadlineDigest {
    pub id: String,
    pub date: Option<NaiveDate>,
}

/// The timestamp format of the case log and its exports.
pub const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

/// `text` read as [`TIMESTAMP`], as chrono reads it; the log's own
/// `YYYY-MM-DDTHH:MM:SS` without chrono's format machinery (a stream of
/// a million cases reads two a case).
pub fn parse_timestamp(text: &str) -> Result<NaiveDateTime, chrono::ParseError> {
    let b = text.as_bytes();
    let shape = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if shape {
        let n = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
        };
        let (year, month, day) = (n(0, 4) as i32, n(5, 7), n(8, 10));
        let (hour, minute, second) = (n(11, 13), n(14, 16), n(17, 19));
        if let Some(t) = NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|d| d.and_hms_opt(hour, minute, second))
        {
            return Ok(t);
        }
    }
    NaiveDateTime::parse_from_str(text, TIMESTAMP)
}

/// One case as one JSON object: `cases export --format jsonl` and `cases
/// show --format json` write it, `cases import` reads it. The top-level
/// `vendor`..`policy_origin` fields are there for a spreadsheet or a
/// script; import reads the case from `claim`, `outcome` and `policy`.
/// It serialises as an [`export_line::ExportLine`] (the line's bytes are
/// written there, once).
#[derive(Debug, Clone, Deserialize)]
pub struct CaseExport {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default = "first_version")]
    pub version: i64,
    #[serde(default)]
    pub updated_by: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub claim_date: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub agent: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub policy_fingerprint: String,
    #[serde(default)]
    pub policy_origin: String,
    #[serde(default)]
    pub policy: Option<PolicyRef>,
    pub claim: serde_json::Value,
    pub outcome: OutcomeRecord,
    /// The customer's contact details: absent unless asked for
    /// (`--with-contact`) and given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Contact>,
    /// The case's permanent key; absent in lines exported before keys
    /// existed (import derives one from `id` and `created_at`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// The id the case had in the log it was imported from, if it was
    /// renumbered there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    /// Every event of the case's timeline, in recorded order (`decided`
    /// entries included); absent in lines exported before timelines were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<timeline::Event>,
}

fn first_version() -> i64 {
    1
}

impl CaseExport {
    pub fn of(c: &Case) -> CaseExport {
        let r = &c.record;
        CaseExport {
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
            customer: (!r.customer.is_empty()).then(|| r.customer.clone()),
            key: r.key.clone(),
            imported_from: r.imported_from.clone(),
            events: Vec::new(),
        }
    }

    /// The line with the case's timeline.
    pub fn with_events(mut self, events: Vec<timeline::Event>) -> CaseExport {
        self.events = events;
        self
    }

    /// The line without the customer's contact details (what exports
    /// write unless `--with-contact`).
    pub fn without_contact(mut self) -> CaseExport {
        self.customer = None;
        self
    }

    /// The case this line describes and its timeline; the error names the
    /// field and why.
    pub fn into_case_and_events(mut self) -> Result<(Case, Vec<timeline::Event>), String> {
        let events = std::mem::take(&mut self.events);
        Ok((self.into_case()?, events))
    }

    /// The case this line describes; the error names the field and why.
    pub fn into_case(self) -> Result<Case, String> {
        if !valid_id(&self.id) {
            return Err(format!(
                "id: \"{}\" is not a case id like C-20261121-0007",
                crate::text::shown(&self.id, 40)
            ));
        }
        let when = |field: &str, text: &str| {
            NaiveDateTime::parse_from_str(text, TIMESTAMP)
                .map_err(|e| format!("{field}: \"{}\": {e}", crate::text::shown(text, 40)))
        };
        let claim = ClaimInput::from_value(&self.claim).map_err(|e| format!("claim: {e}"))?;
        let policy = self.policy.unwrap_or_else(|| PolicyRef {
            vendor: self.outcome.vendor.clone(),
            version: None,
            sha256: String::new(),
            fingerprint: self.policy_fingerprint.clone(),
            origin: self.policy_origin.clone(),
        });
        let key = if self.key.is_empty() {
            legacy_key(&self.id, &self.created_at)
        } else if uuid::Uuid::parse_str(&self.key).is_ok() {
            self.key
        } else {
            return Err(format!(
                "key: \"{}\" is not a case key (a UUID)",
                crate::text::shown(&self.key, 40)
            ));
        };
        if let Some(from) = &self.imported_from
            && !valid_id(from)
        {
            return Err(format!(
                "imported_from: \"{}\" is not a case id",
                crate::text::shown(from, 40)
            ));
        }
        Ok(Case {
            created_at: when("created_at", &self.created_at)?,
            updated_at: when("updated_at", &self.updated_at)?,
            id: self.id,
            updated_by: self.updated_by,
            version: self.version.max(1),
            record: CaseRecord {
                reference: self.reference,
                claim,
                outcome: self.outcome,
                policy,
                agent: self.agent,
                note: self.note,
                customer: self.customer.unwrap_or_default(),
                key,
                imported_from: self.imported_from,
            },
        })
    }
}

/// `C-` + 8 digits + `-` + at least 4 digits.
pub fn valid_id(id: &str) -> bool {
    split_id(id).is_some()
}

/// The day (`YYYYMMDD`) and the day's number of a case id.
pub fn split_id(id: &str) -> Option<(&str, i64)> {
    let rest = id.strip_prefix("C-")?;
    let (day, seq) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if day.len() != 8 || !digits(day) || seq.len() < 4 || seq.len() > 9 || !digits(seq) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    Some((day, seq.parse().ok()?))
}

/// The id of a day's `seq`th case.
pub fn case_id(day: &str, seq: i64) -> String {
    format!("C-{day}-{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_as_chrono_reads_them() {
        for text in [
            "2026-12-07T16:52:03",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-02-29T12:00:00",
            "2023-02-29T12:00:00",
            "2026-06-30T23:59:60",
            "2026-13-01T00:00:00",
            "2026-12-07T24:00:00",
            "2026-12-07 16:52:03",
            "2026-12-07T16:52",
            "+12026-12-07T16:52:03",
            "2026-1-07T16:52:03",
            "",
        ] {
            assert_eq!(
                parse_timestamp(text).ok(),
                NaiveDateTime::parse_from_str(text, TIMESTAMP).ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn ids_split_and_join() {
        assert_eq!(split_id("C-20261121-0007"), Some(("20261121", 7)));
        assert_eq!(split_id("C-20261121-12345"), Some(("20261121", 12345)));
        assert_eq!(case_id("20261121", 7), "C-20261121-0007");
        for bad in [
            "C-2026112-0007",
            "C-20261321-0007",
            "X-20261121-0007",
            "C-20261121-07",
        ] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn an_outcome_record_serialises_as_check_prints_and_reads_back() {
        let policies = crate::rules::PolicySet::embedded().expect("policies");
        let input = ClaimInput::from_json(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-22"}"#,
        )
        .expect("claim");
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let outcome = crate::rules::decide(&policies, &input, day).expect("decided");
        let record = OutcomeRecord::from_outcome(&outcome);
        let printed = serde_json::to_value(&outcome).expect("json");
        assert_eq!(serde_json::to_value(&record).expect("json"), printed);
        assert_eq!(OutcomeRecord::from_json(&printed), Some(record));
    }
}
