//! A hand-off: an outcome (and, for a saved case, its header and the facts
//! the customer gave) as one list of [`Section`]s, rendered as plain text
//! (one item a line, no colour, no escape sequences, no wrapping: a screen
//! reader or a ticket wraps it) or Markdown; the CSV export reads the same
//! sections. A saved case's deadlines read as of the day it is shown.
//!
//! Here the hand-off's types and [`sections`]; `words.rs` how its parts
//! read (days left, standings, dated steps), `render.rs` the text and
//! Markdown renderers, `case.rs` a saved case's header and timeline.

mod case;
mod render;
mod words;
use crate::case::{Case, DeadlineRecord, ItemRecord, OutcomeRecord};
use crate::rules::claim::DateFact;
use crate::rules::dates::weekday_name;
use crate::rules::decisive::DecisiveDate;
use crate::rules::outcome::{Actor, DeadlineStatus, NoteKind, Outcome, Verdict};
use crate::rules::{ClaimInput, Policy, PolicySet};
use crate::text::neutralise;
pub use case::*;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
pub use render::*;
use std::fmt::Write;
pub use words::*;

/// The outcome as a saved case keeps it (the older name of
/// [`OutcomeRecord`]; reading JSON back is `OutcomeRecord::from_json`).
pub type Summary = OutcomeRecord;

/// Who saved a case, for the top of a hand-off.
#[derive(Debug, Clone, Default)]
pub struct CaseHeader {
    /// `C-20261121-0007`; empty when the case could not be saved.
    pub id: String,
    pub saved: Option<NaiveDateTime>,
    pub agent: String,
    pub reference: String,
    pub note: String,
    /// The id the case had in the log it was imported from, when it was
    /// renumbered there.
    pub imported_from: Option<String>,
}

impl CaseHeader {
    /// The header of a saved case.
    pub fn from_case(case: &Case) -> CaseHeader {
        CaseHeader {
            id: case.id.clone(),
            saved: Some(case.created_at),
            agent: case.record.agent.clone(),
            reference: case.record.reference.clone(),
            note: case.record.note.clone(),
            imported_from: case.record.imported_from.clone(),
        }
    }
}

pub const RIGHTS_IN_LAW: &str = "Customer's rights in law";

impl OutcomeRecord {
    /// The statutory notes, apart from the vendor's.
    fn statutory_notes(&self) -> impl Iterator<Item = &crate::case::NoteRecord> {
        self.notes.iter().filter(|n| n.kind == NoteKind::Statutory)
    }

    /// The statutory block's title: where the notes were looked for, or
    /// that they were not ("customer in Germany (DE)").
    fn rights_in_law_heading(&self) -> String {
        match &self.customer_country {
            None => format!("{RIGHTS_IN_LAW} (not looked for: no customer country given)"),
            Some(code) => {
                let name = crate::rules::claim::CountryCode::parse(code).map_or("", |c| c.name());
                let code = neutralise(code);
                let country = if name.is_empty() {
                    code.into_owned()
                } else {
                    format!("{name} ({code})")
                };
                if self.statutory_notes().next().is_none() {
                    format!("{RIGHTS_IN_LAW} (customer in {country}; no statutory note applies)")
                } else {
                    format!(
                        "{RIGHTS_IN_LAW} (customer in {country}; beside the verdict, which they do not change; not legal advice)"
                    )
                }
            }
        }
    }
}

/// Everything a hand-off is made from.
#[derive(Debug, Clone, Copy)]
pub struct HandOff<'a> {
    pub header: Option<&'a CaseHeader>,
    pub outcome: &'a OutcomeRecord,
    /// The facts the customer gave; `None`: not shown.
    pub claim: Option<&'a ClaimInput>,
    pub policy: Option<&'a Policy>,
    /// The day the hand-off is read: deadlines say their status and days
    /// left as of it. `None`: as of the claim date (the outcome just
    /// decided).
    pub as_of: Option<NaiveDate>,
}

/// Which part of a hand-off a [`Section`] is: renderers match on it
/// (never on a title or a value's words); [`SectionId::id`] is its stable
/// name (CSV columns, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionId {
    Case,
    Saved,
    Agent,
    Reference,
    Note,
    ImportedFrom,
    CustomerName,
    CustomerPhone,
    CustomerEmail,
    Status,
    NextAction,
    Due,
    Verdict,
    Claim,
    Summary,
    Remedies,
    ReturnShipping,
    ClaimFacts,
    Deadlines,
    Evidence,
    NextSteps,
    Notes,
    RightsInLaw,
    DecisiveDates,
    Clauses,
    Timeline,
}

impl SectionId {
    pub fn id(self) -> &'static str {
        match self {
            SectionId::Case => "case",
            SectionId::Saved => "saved",
            SectionId::Agent => "agent",
            SectionId::Reference => "reference",
            SectionId::Note => "note",
            SectionId::ImportedFrom => "imported_from",
            SectionId::CustomerName => "customer_name",
            SectionId::CustomerPhone => "customer_phone",
            SectionId::CustomerEmail => "customer_email",
            SectionId::Status => "status",
            SectionId::NextAction => "next_action",
            SectionId::Due => "due",
            SectionId::Verdict => "verdict",
            SectionId::Claim => "claim",
            SectionId::Summary => "summary",
            SectionId::Remedies => "remedies",
            SectionId::ReturnShipping => "return_shipping",
            SectionId::ClaimFacts => "claim_facts",
            SectionId::Deadlines => "deadlines",
            SectionId::Evidence => "evidence",
            SectionId::NextSteps => "next_steps",
            SectionId::Notes => "notes",
            SectionId::RightsInLaw => "rights_in_law",
            SectionId::DecisiveDates => "decisive_dates",
            SectionId::Clauses => "clauses",
            SectionId::Timeline => "timeline",
        }
    }

    /// Who saved the case and what the agent typed for it: the top of a
    /// saved case's hand-off.
    pub fn is_case_header(self) -> bool {
        matches!(
            self,
            SectionId::Case
                | SectionId::Saved
                | SectionId::Agent
                | SectionId::Reference
                | SectionId::Note
                | SectionId::ImportedFrom
        )
    }
}

/// One part of a hand-off. Text, Markdown, the wizard's case screen and
/// the CSV export all render this one list, so a new outcome field is
/// added here once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// `key: value` (the value as typed or as the policy says it:
    /// renderers neutralise it).
    Field {
        id: SectionId,
        key: &'static str,
        value: String,
    },
    List {
        id: SectionId,
        title: String,
        numbered: bool,
        items: Vec<Item>,
    },
}

/// One entry of a list section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    /// A deadline's date, shown first (bold in Markdown).
    pub date: Option<NaiveDate>,
    /// In brackets after the date: "Saturday, open, in 3 days as of
    /// 2026-12-01"; for an undated deadline how it is reckoned.
    pub when: String,
    /// The item's own words: for a note without its kind (see `note`).
    pub text: String,
    pub clauses: Vec<String>,
    /// A note's kind: the text renderers write it before the text
    /// ("WARNING: …"), the screen colours by it.
    pub note: Option<NoteKind>,
    /// A dated deadline's standing on the day the hand-off is read: what
    /// `when` says after the weekday, typed, so the screen colours and
    /// aligns it without reading `when` back.
    pub standing: Option<Standing>,
    /// Who acts on a next step (its text already leads with it).
    pub who: Option<Actor>,
}

/// How a dated deadline stands on the day it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// "in 3 days", "met on 2026-11-28", "open, tomorrow as of 2026-12-01".
    pub words: String,
    /// The mark shown in a column of its own, when there is one.
    pub mark: Option<Mark>,
    pub tone: Tone,
}

/// The column mark of a deadline: passed, or due within 3 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    DueSoon,
    Passed,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::DueSoon => "DUE SOON",
            Mark::Passed => "PASSED",
        }
    }

    fn of(label: Option<&'static str>) -> Option<Mark> {
        match label {
            Some("DUE SOON") => Some(Mark::DueSoon),
            Some("PASSED") => Some(Mark::Passed),
            _ => None,
        }
    }
}

/// How a deadline's standing is drawn: met (green), due soon (yellow),
/// passed or owed and not recorded (red), or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Met,
    DueSoon,
    Passed,
    NotRecorded,
}

impl Item {
    fn plain(text: String, clauses: &[String]) -> Item {
        Item {
            text,
            clauses: clauses.to_vec(),
            ..Item::default()
        }
    }

    /// The item on one line, without its clauses.
    pub fn line(&self) -> String {
        match (self.date, self.when.is_empty()) {
            (Some(date), _) => format!("{date} ({}): {}", self.when, self.text),
            (None, false) => format!("not dated yet ({}): {}", self.when, self.text),
            (None, true) => self.words(),
        }
    }

    /// The text with a note's kind before it ("WARNING: …").
    pub fn words(&self) -> String {
        match self.note {
            Some(kind) => format!("{}: {}", kind_word(kind), self.text),
            None => self.text.clone(),
        }
    }
}

fn field(id: SectionId, key: &'static str, value: impl Into<String>) -> Section {
    Section::Field {
        id,
        key,
        value: value.into(),
    }
}

/// The claim facts, in the claim contract's order, as lines.
fn claim_facts(claim: &ClaimInput, reference: &str, policy: Option<&Policy>) -> Vec<Item> {
    use crate::rules::claim::{DateFact, Flag};
    let mut items = Vec::new();
    if !reference.is_empty() {
        items.push(Item::plain(format!("Order number: {reference}"), &[]));
    }
    if let Some(channel) = &claim.channel {
        let label = policy
            .and_then(|p| {
                p.channel_index(channel)
                    .map(|i| p.channels[i].label.clone())
            })
            .map_or(channel.clone(), |l| format!("{l} ({channel})"));
        items.push(Item::plain(format!("Channel: {label}"), &[]));
    }
    for fact in DateFact::ALL {
        if fact == DateFact::Claim {
            continue;
        }
        if let Some(date) = claim.date(fact) {
            let mut noun = fact.noun().to_owned();
            if let Some(first) = noun.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            items.push(Item::plain(format!("{noun}: {date}"), &[]));
        }
    }
    if let Some(product) = &claim.product {
        let words = crate::rules::claim::Product::from_id(product)
            .map_or(product.clone(), |p| p.words().to_owned());
        items.push(Item::plain(format!("Product: {words}"), &[]));
    }
    for flag in Flag::ALL {
        if let Some(value) = claim.flag(flag) {
            let yes = if value { "yes" } else { "no" };
            items.push(Item::plain(format!("{}: {yes}", flag.field()), &[]));
        }
    }
    items
}

/// The hand-off as sections, in the order every renderer shows them.
pub fn sections(h: &HandOff<'_>) -> Vec<Section> {
    let s = h.outcome;
    let mut out = Vec::new();
    if let Some(header) = h.header {
        let id = if header.id.is_empty() {
            "not saved".to_owned()
        } else {
            header.id.clone()
        };
        out.push(field(SectionId::Case, "Case", id));
        if let Some(saved) = header.saved {
            out.push(field(
                SectionId::Saved,
                "Saved",
                crate::case::local_time(saved)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            ));
        }
        if !header.agent.is_empty() {
            out.push(field(SectionId::Agent, "Agent", header.agent.clone()));
        }
        if !header.reference.is_empty() {
            out.push(field(
                SectionId::Reference,
                "Customer reference",
                header.reference.clone(),
            ));
        }
        if !header.note.is_empty() {
            out.push(field(SectionId::Note, "Note", header.note.clone()));
        }
        if let Some(from) = &header.imported_from {
            out.push(field(
                SectionId::ImportedFrom,
                "Imported from",
                from.clone(),
            ));
        }
    }
    let (vendor, issue) = names(s, h.policy);
    out.push(field(SectionId::Verdict, "VERDICT", s.verdict.words()));
    out.push(field(
        SectionId::Claim,
        "Claim",
        format!("{vendor} / {issue} / claim date {}", s.claim_date),
    ));
    out.push(field(SectionId::Summary, "Summary", s.summary.clone()));
    out.push(field(SectionId::Remedies, "Remedies", remedies_words(s)));
    out.push(field(
        SectionId::ReturnShipping,
        "Return shipping",
        s.return_shipping.words(),
    ));
    if let Some(claim) = h.claim {
        let reference = h.header.map_or("", |hd| hd.reference.as_str());
        let items = claim_facts(claim, reference, h.policy);
        if !items.is_empty() {
            out.push(Section::List {
                id: SectionId::ClaimFacts,
                title: "Facts the customer gave".into(),
                numbered: false,
                items,
            });
        }
    }
    if !s.deadlines.is_empty() {
        let title = match h.as_of {
            Some(day) => format!("Deadlines (status and days left as of {day})"),
            None => "Deadlines (days left as of the claim date)".to_owned(),
        };
        out.push(Section::List {
            id: SectionId::Deadlines,
            title,
            numbered: false,
            items: s
                .deadlines
                .iter()
                .map(|d| deadline_item(d, h.as_of, s))
                .collect(),
        });
    }
    let list = |id, title: &str, numbered, items: &[ItemRecord]| Section::List {
        id,
        title: title.to_owned(),
        numbered,
        items: items
            .iter()
            .map(|i| Item::plain(i.text.clone(), &i.clauses))
            .collect(),
    };
    if !s.evidence.is_empty() {
        out.push(list(
            SectionId::Evidence,
            "Evidence to collect",
            false,
            &s.evidence,
        ));
    }
    if !s.next_steps.is_empty() {
        // Each dated step says its weekday and the days left as of the
        // day the hand-off is read (policy-notes "Additions (2)": "by Wed
        // 2026-12-09 (2 days left)", "today"), from the step's typed date.
        let on = h.as_of.unwrap_or_else(|| s.as_of.unwrap_or(s.claim_date));
        let items = s
            .next_steps
            .iter()
            .map(|i| Item {
                who: i.who,
                ..Item::plain(acted_step(i, vendor, on), &i.clauses)
            })
            .collect();
        out.push(Section::List {
            id: SectionId::NextSteps,
            title: "Next steps".to_owned(),
            numbered: true,
            items,
        });
    }
    let vendor_notes: Vec<Item> = s
        .notes
        .iter()
        .filter(|n| n.kind != NoteKind::Statutory)
        .map(|n| Item {
            note: Some(n.kind),
            ..Item::plain(n.text.clone(), &n.clauses)
        })
        .collect();
    if !vendor_notes.is_empty() {
        out.push(Section::List {
            id: SectionId::Notes,
            title: "Notes".into(),
            numbered: false,
            items: vendor_notes,
        });
    }
    // The customer's rights in law, apart from the vendor's terms.
    let mut rights: Vec<Item> = s
        .statutory_notes()
        .map(|n| Item::plain(n.text.clone(), &n.clauses))
        .collect();
    rights.extend(
        s.statutory_deadlines
            .iter()
            .map(|d| deadline_item(d, h.as_of, s)),
    );
    out.push(Section::List {
        id: SectionId::RightsInLaw,
        title: s.rights_in_law_heading(),
        numbered: false,
        items: rights,
    });
    if let Some(dates) = s.decisive_dates.as_deref().filter(|d| !d.is_empty()) {
        out.push(Section::List {
            id: SectionId::DecisiveDates,
            title: "Dates that decide (the other facts as given)".into(),
            numbered: false,
            items: dates
                .iter()
                .map(|d| Item::plain(decisive_words(d, s.verdict, s.claim_date), &[]))
                .collect(),
        });
    }
    out.push(field(
        SectionId::Clauses,
        "Clauses cited",
        s.clauses.join(", "),
    ));
    out
}

/// The vendor's name and the issue's label, when the policy is at hand.
fn names<'a>(summary: &'a OutcomeRecord, policy: Option<&'a Policy>) -> (&'a str, &'a str) {
    match policy {
        Some(p) => (
            p.name.as_str(),
            p.issue_index(&summary.issue)
                .map_or(summary.issue.as_str(), |i| p.issues[i].label.as_str()),
        ),
        None => (summary.vendor.as_str(), summary.issue.as_str()),
    }
}

/// A note's kind as the hand-off writes it before the note.
pub fn kind_word(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Conflict => "CONFLICT",
        NoteKind::Interpretation => "INTERPRETATION",
        NoteKind::Warning => "WARNING",
        NoteKind::Statutory => "STATUTORY",
    }
}

fn remedies_words(summary: &OutcomeRecord) -> String {
    let remedies: Vec<&str> = summary.remedies.iter().map(|r| r.words()).collect();
    if remedies.is_empty() {
        "none".to_owned()
    } else {
        remedies.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The screen colours and aligns a deadline by its typed standing, and
    /// the text renderers write the same words after the weekday.
    #[test]
    fn a_deadline_item_carries_its_standing_typed_and_in_words() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("a date");
        let deadline = |date, status, met_on| DeadlineRecord {
            id: "report".into(),
            label: "Report the fault".into(),
            date: Some(date),
            days_left: Some(0),
            status,
            met_on,
            clauses: vec!["MK-DEF".into()],
            relative: "7 days from delivery".into(),
            binds: None,
        };
        let policies = PolicySet::embedded().expect("policies");
        let input = ClaimInput::from_json(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-30"}"#,
        )
        .expect("claim");
        let decided = crate::rules::decide(&policies, &input, day(1)).expect("decided");
        let s = OutcomeRecord::from_outcome(&decided);
        let soon = deadline_item(
            &deadline(day(9), Some(DeadlineStatus::Open), None),
            Some(day(7)),
            &s,
        );
        let st = soon.standing.as_ref().expect("dated");
        assert_eq!((st.mark, st.tone), (Some(Mark::DueSoon), Tone::DueSoon));
        assert_eq!(
            soon.when,
            "Wednesday, open, in 2 days as of 2026-12-07, DUE SOON"
        );
        let met = deadline_item(
            &deadline(day(2), Some(DeadlineStatus::Met), Some(day(1))),
            Some(day(7)),
            &s,
        );
        let st = met.standing.as_ref().expect("dated");
        assert_eq!(
            (st.mark, st.tone, st.words.as_str()),
            (None, Tone::Met, "met on 2026-12-01")
        );
        let mut undated = deadline(day(2), None, None);
        undated.date = None;
        let undated = deadline_item(&undated, Some(day(7)), &s);
        assert_eq!(undated.standing, None);
        assert_eq!(undated.when, "7 days from delivery");
    }

    /// A note's kind is a type on the item; the text renderers write it
    /// before the note, the note's text is its own words.
    #[test]
    fn a_note_item_carries_its_kind() {
        let item = Item {
            note: Some(NoteKind::Warning),
            ..Item::plain("The label is no longer valid.".into(), &[])
        };
        assert_eq!(item.text, "The label is no longer valid.");
        assert_eq!(item.line(), "WARNING: The label is no longer valid.");
    }

    #[test]
    fn a_step_says_who_acts_first_and_keeps_names_capitalised() {
        use crate::rules::outcome::Actor;
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("a date");
        let step = |text: &str, who| ItemRecord {
            text: text.to_owned(),
            clauses: Vec::new(),
            due: Some(day(9)),
            who,
        };
        assert_eq!(
            acted_step(
                &step(
                    "E-mail photos of the damage to sales@mitkco.com by 2026-12-09.",
                    Some(Actor::Customer)
                ),
                "Mitkco",
                day(7)
            ),
            "Customer: e-mail photos of the damage to sales@mitkco.com by Wed 2026-12-09 (2 days left)."
        );
        assert_eq!(
            acted_step(
                &step("Escalate to sales@mitkco.com.", Some(Actor::Agent)),
                "Mitkco",
                day(7)
            ),
            "Agent: escalate to sales@mitkco.com."
        );
        assert_eq!(
            acted_step(
                &step("Mitkco's collection goes to Shanghai.", Some(Actor::Vendor)),
                "Mitkco",
                day(7)
            ),
            "Mitkco: Mitkco's collection goes to Shanghai."
        );
        assert_eq!(
            acted_step(&step("Ship it.", None), "Mitkco", day(7)),
            "Ship it.",
            "a step saved before steps said who acts reads as before"
        );
    }

    #[test]
    fn a_dated_step_says_its_weekday_and_the_days_left_or_today() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("date");
        let step = "E-mail photos to sales@mitkco.com by 2026-12-09.";
        assert_eq!(
            dated_step(step, Some(day(9)), day(7)),
            "E-mail photos to sales@mitkco.com by Wed 2026-12-09 (2 days left)."
        );
        assert_eq!(
            dated_step(step, Some(day(9)), day(9)),
            "E-mail photos to sales@mitkco.com by Wed 2026-12-09 (today)."
        );
        assert_eq!(
            dated_step(step, Some(day(9)), day(10)),
            "E-mail photos to sales@mitkco.com by Wed 2026-12-09 (1 day ago)."
        );
        assert_eq!(dated_step(step, None, day(7)), step);
    }
}
