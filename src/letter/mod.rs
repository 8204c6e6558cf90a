//! The customer's letter (`shared/customer-letter.md`): the saved decision
//! addressed to the customer, as a typed list of [`Item`]s in the spec's
//! order 1–9. Built from the case record's structured data (the outcome's
//! verdict, deadlines, shipping, notes and trace, the case's contact, the
//! policy's windows, contacts and clause texts), never from text another
//! renderer produced. No terminal, SQL or files here: [`lang`] turns the
//! items into sentences through the Fluent files, [`form`] lays them out
//! as text, receipt, HTML or e-mail, [`send`] hands an e-mail to SMTP,
//! [`deliver`] holds what every front end does to hand a letter over.
//!
//! Customer sentences are keyed by structure, not taken from the policy's
//! agent-facing step texts: per verdict, per issue id, per window id of
//! each policy, per shipping payer, per warning clause, per statutory
//! article. A shipped policy's window, issue or warning without a message
//! fails a test (`tests/integration/letter.rs`).

pub mod deliver;
pub mod form;
pub mod lang;
pub mod send;

use crate::case::timeline::is_vendors;
use crate::case::{Case, DeadlineRecord};
use crate::rules::Policy;
use crate::rules::claim::DateFact;
use crate::rules::outcome::{DeadlineStatus, NoteKind, Remedy, ReturnShipping, Verdict};
use crate::rules::policy::{Length, WindowKind};
use chrono::NaiveDate;

pub use lang::Lang;

/// Who writes the letter (config `desk_name`, `desk_phone`, `desk_email`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Desk {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One part of the letter, in the spec's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// 1. Who writes: the desk, or the vendor's own contact.
    From {
        name: String,
        phone: Option<String>,
        email: Option<String>,
    },
    /// 2. The case id, the order number and the letter's date.
    Reference {
        case_id: String,
        order: Option<String>,
        date: NaiveDate,
    },
    /// 3. The decision.
    Decision {
        verdict: Verdict,
        issue: String,
        product: Option<String>,
        remedies: Vec<Remedy>,
    },
    /// Item 4: a step the customer takes: the policy's window, its date
    /// (absent while the date it counts from is not known, then `from`).
    CustomerStep {
        window: String,
        date: Option<NaiveDate>,
        from: Option<DateFact>,
    },
    /// 5. What the vendor does: its stated time in days, or none stated.
    VendorStep {
        remedies: Vec<Remedy>,
        days: Option<u32>,
        date: Option<NaiveDate>,
        review: bool,
    },
    /// 6. Who pays the return shipping.
    Shipping { payer: ReturnShipping },
    /// Item 6: a warning that qualifies the decision, keyed by the clause
    /// it cites, with the date of the deadline citing that clause.
    Warning {
        clause: String,
        date: Option<NaiveDate>,
    },
    /// Item 7: a right in law: the statutory article, its jurisdiction,
    /// the date it runs to, and whether the seller is abroad.
    RightInLaw {
        jurisdiction: String,
        article: String,
        date: Option<NaiveDate>,
        abroad: bool,
    },
    /// 8. Why not (not eligible, review), and what the customer can still do.
    Why {
        verdict: Verdict,
        issue: String,
        /// The customer's window that had passed, with its date.
        passed: Option<(String, NaiveDate)>,
        /// A right in law is listed above.
        law: bool,
    },
    /// 9. The vendor's own sentence behind the decision, in English.
    OriginalWording { text: String },
}

/// The letter: to whom, in which vendor's words, and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The policy id the window and warning messages are keyed by.
    pub vendor: String,
    /// The vendor's name as the policy gives it.
    pub vendor_name: String,
    /// The policy's contacts (`sales`, `phone`, `address`…): placeholders.
    pub contacts: Vec<(String, String)>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    /// The customer's country (ISO code), for the default language.
    pub customer_country: Option<String>,
    pub items: Vec<Item>,
}

impl Letter {
    /// The language the letter defaults to: the customer's country's.
    pub fn default_lang(&self) -> Lang {
        Lang::for_country(self.customer_country.as_deref())
    }
}

/// Builds the letter for a saved case as of `as_of` (the letter's date).
/// `policy` is the version that decided, when it can still be loaded: it
/// gives the vendor's name, contacts, window lengths and clause texts.
pub fn build(case: &Case, policy: Option<&Policy>, as_of: NaiveDate, desk: &Desk) -> Letter {
    let record = &case.record;
    let outcome = &record.outcome;
    let vendor = outcome.vendor.clone();
    let vendor_name = policy.map_or_else(|| vendor.clone(), |p| p.name.clone());
    let contacts = policy.map(|p| p.contacts.clone()).unwrap_or_default();
    let phone = contacts
        .iter()
        .find(|(k, _)| k == "phone")
        .map(|(_, v)| v.clone());
    let email = contacts
        .iter()
        .find(|(_, v)| v.contains('@'))
        .map(|(_, v)| v.clone());
    let mut items = Vec::new();

    // 1. Who writes.
    items.push(
        if desk.name.is_some() || desk.phone.is_some() || desk.email.is_some() {
            Item::From {
                name: desk.name.clone().unwrap_or_else(|| vendor_name.clone()),
                phone: desk.phone.clone(),
                email: desk.email.clone(),
            }
        } else {
            Item::From {
                name: vendor_name.clone(),
                phone,
                email,
            }
        },
    );

    // 2. Reference.
    items.push(Item::Reference {
        case_id: case.id.clone(),
        order: Some(record.reference.trim().to_owned()).filter(|r| !r.is_empty()),
        date: as_of,
    });

    // 3. Decision.
    items.push(Item::Decision {
        verdict: outcome.verdict,
        issue: outcome.issue.clone(),
        product: record.claim.product.clone(),
        remedies: outcome.remedies.clone(),
    });

    // 4. The customer's steps: their open deadlines, earliest first. A
    // deadline already met, or one the call was late for (the verdict's
    // reason, item 8), is no step.
    let first_notice = outcome.first_notice_date.unwrap_or(outcome.claim_date);
    let mut own: Vec<&DeadlineRecord> = outcome
        .deadlines
        .iter()
        .filter(|d| !is_vendors(d))
        .filter(|d| d.status_on(as_of) == DeadlineStatus::Open)
        .filter(|d| d.date.is_none_or(|date| date >= first_notice))
        .collect();
    own.sort_by_key(|d| (d.date.is_none(), d.date));
    if outcome.verdict != Verdict::NotEligible {
        for d in own {
            items.push(Item::CustomerStep {
                window: d.id.clone(),
                date: d.date,
                from: d.date.map_or_else(|| window_from(policy, &d.id), |_| None),
            });
        }
    }

    // 5. The vendor's step.
    if matches!(outcome.verdict, Verdict::Eligible | Verdict::Review) {
        let vendor_deadline = outcome.deadlines.iter().find(|d| is_vendors(d));
        items.push(Item::VendorStep {
            remedies: outcome.remedies.clone(),
            days: vendor_deadline.and_then(|d| window_days(policy, &d.id)),
            date: vendor_deadline.and_then(|d| d.date),
            review: outcome.verdict == Verdict::Review,
        });
    }

    // 6. Shipping, where a return is in question, and warnings.
    if matches!(outcome.verdict, Verdict::Eligible | Verdict::Review)
        && outcome.return_shipping != ReturnShipping::None
    {
        items.push(Item::Shipping {
            payer: outcome.return_shipping,
        });
    }
    for note in outcome.notes.iter().filter(|n| n.kind == NoteKind::Warning) {
        if let Some(clause) = note.clauses.first() {
            let date = outcome
                .deadlines
                .iter()
                .find(|d| d.clauses.contains(clause))
                .and_then(|d| d.date);
            items.push(Item::Warning {
                clause: clause.clone(),
                date,
            });
        }
    }

    // 7. Rights in law: one per statutory note, keyed by its first
    // article; a note whose dated right has run out is left out (it
    // offers the customer nothing).
    let seat = policy.and_then(|p| p.seat).map(|c| c.as_str().to_owned());
    let country = outcome.customer_country.clone();
    let mut law = false;
    for note in outcome
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Statutory)
    {
        let Some(article) = note.clauses.first() else {
            continue;
        };
        let deadline = outcome
            .statutory_deadlines
            .iter()
            .find(|d| d.clauses.contains(article));
        if deadline.is_some_and(|d| d.status_on(as_of) == DeadlineStatus::Passed) {
            continue;
        }
        let jurisdiction = article
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if items
            .iter()
            .any(|i| matches!(i, Item::RightInLaw { article: a, .. } if a == article))
        {
            continue;
        }
        law = true;
        items.push(Item::RightInLaw {
            jurisdiction,
            article: article.clone(),
            date: deadline.and_then(|d| d.date),
            abroad: seat.is_none() || seat != country,
        });
    }

    // 8. Why not, and what is left.
    if matches!(outcome.verdict, Verdict::NotEligible | Verdict::Review) {
        let passed = outcome
            .deadlines
            .iter()
            .filter(|d| !is_vendors(d))
            .filter(|d| {
                d.status_on(outcome.as_of.unwrap_or(outcome.claim_date)) == DeadlineStatus::Passed
            })
            .filter_map(|d| d.date.map(|date| (d.id.clone(), date)))
            .min_by_key(|(_, date)| *date);
        items.push(Item::Why {
            verdict: outcome.verdict,
            issue: outcome.issue.clone(),
            passed,
            law,
        });
    }

    // 9. The vendor's own words behind the decision.
    if let Some(policy) = policy {
        let mut seen: Vec<&str> = Vec::new();
        for entry in outcome.trace.iter().filter(|t| t.role == "decided") {
            for id in &entry.clauses {
                if seen.contains(&id.as_str()) {
                    continue;
                }
                seen.push(id);
                if let Some(clause) = policy.clause(id) {
                    items.push(Item::OriginalWording {
                        text: clause.text.clone(),
                    });
                }
            }
        }
    }

    Letter {
        vendor,
        vendor_name,
        contacts,
        customer_name: Some(record.customer.name.trim().to_owned()).filter(|n| !n.is_empty()),
        customer_email: Some(record.customer.email.trim().to_owned()).filter(|e| !e.is_empty()),
        customer_country: outcome
            .customer_country
            .clone()
            .or_else(|| record.claim.customer_country.clone()),
        items,
    }
}

/// A window's length in days, when the policy states it in days.
fn window_days(policy: Option<&Policy>, id: &str) -> Option<u32> {
    match &policy?.window(id)?.kind {
        WindowKind::Span {
            length: Length::Days(days),
            ..
        } => Some(*days),
        _ => None,
    }
}

/// The date a window counts from (the first of an earliest-of).
fn window_from(policy: Option<&Policy>, id: &str) -> Option<DateFact> {
    let policy = policy?;
    match &policy.window(id)?.kind {
        WindowKind::Span { from, .. } => Some(*from),
        WindowKind::EarliestOf(parts) => parts
            .iter()
            .filter_map(|&i| policy.windows.get(i))
            .find_map(|w| match w.kind {
                WindowKind::Span { from, .. } => Some(from),
                WindowKind::EarliestOf(_) => None,
            }),
    }
}
