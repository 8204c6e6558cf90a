//! The policy file format, as written in `assets/policies/*.toml`.
//!
//! These structs mirror the TOML one to one; `compile.rs` checks them and
//! turns ids into indices. Unknown keys are errors, so a misspelt key
//! cannot silently switch a rule off. Tables and the values errors name are
//! kept [`Spanned`], so an error points at the line and column the toml
//! parser saw (issue 12: counting header lines went wrong after a comment).
//!
//! Dated versions (`[[versions]]`, after everything else in the file) each
//! restate what changed since the version before them; see [`VersionDef`].

use crate::rules::outcome::{Actor, NoteKind, Remedy, ReturnShipping, Verdict};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub vendor: Spanned<VendorDef>,
    /// Named addresses used in texts as `{contact.NAME}`.
    #[serde(default)]
    pub contacts: Option<Spanned<BTreeMap<String, String>>>,
    pub channels: Vec<Spanned<ChoiceDef>>,
    pub issues: Vec<Spanned<ChoiceDef>>,
    /// The precedence of decision rules, highest first.
    pub tiers: Vec<String>,
    #[serde(default)]
    pub clauses: Vec<Spanned<ClauseDef>>,
    #[serde(default)]
    pub requires: Vec<Spanned<RequirementDef>>,
    #[serde(default)]
    pub windows: Vec<Spanned<WindowDef>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleDef>>,
    /// Later versions of the rules, oldest first (the top of the file is
    /// the first version).
    #[serde(default)]
    pub versions: Vec<Spanned<VersionDef>>,
}

/// A later version of the policy: in force from `effective_from`, it
/// restates what changed since the version before it.
///
/// With `restates = "changes"` (the default), a clause, window or rule
/// whose id the earlier version has replaces it whole, in its place; a new
/// id is added after the others; `drop_*` removes ids; a `[[versions.requires]]`
/// entry replaces the facts of the issues it lists. With `restates = "all"`
/// the version's clauses, requires, windows and rules are the whole set.
/// The vendor, channels, issues and tiers are the file's, in every version:
/// they are the words claims are written in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDef {
    /// `YYYY-MM-DD`: the first day the version is in force.
    pub effective_from: Option<Spanned<DateText>>,
    /// The version's label, recorded with each case it decides; absent,
    /// the `effective_from` date.
    pub version: Option<Spanned<String>>,
    /// `changes` (default) or `all`.
    pub restates: Option<Spanned<String>>,
    #[serde(default)]
    pub drop_clauses: Vec<Spanned<String>>,
    #[serde(default)]
    pub drop_windows: Vec<Spanned<String>>,
    #[serde(default)]
    pub drop_rules: Vec<Spanned<String>>,
    /// Contacts added or changed (merged by name).
    #[serde(default)]
    pub contacts: BTreeMap<String, String>,
    /// Replaces the vendor's `repeat_claim` text.
    pub repeat_claim: Option<ItemDef>,
    #[serde(default)]
    pub clauses: Vec<Spanned<ClauseDef>>,
    #[serde(default)]
    pub requires: Vec<Spanned<RequirementDef>>,
    #[serde(default)]
    pub windows: Vec<Spanned<WindowDef>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorDef {
    pub id: String,
    pub name: String,
    /// Where the policy text comes from (a file name, a web page).
    #[serde(default)]
    pub source: String,
    /// The channel assumed when a claim names none.
    pub default_channel: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country the vendor sells from
    /// (`"US"`): a sale through a `from_seat` channel to a customer in a
    /// jurisdiction covering it is domestic, so the statutory notes apply
    /// without the "may apply" qualification (statutory notes, "whose
    /// law, by the vendor's seat").
    pub seat: Option<String>,
    /// The First-contact question in the vendor's terms: when the customer
    /// first contacted the vendor (as its policy requires it, e.g. an
    /// e-mail to sales) or us on its behalf. Absent, a generic wording.
    pub first_contact: Option<String>,
    /// What an agent should know when a customer claims again on an order
    /// that already has a case (a replacement unit, a second fault). Shown
    /// with the earlier case; absent, the wizard says the policy does not
    /// say.
    #[serde(default)]
    pub repeat_claim: Option<ItemDef>,
    /// The policy's own version label (of the first version, when the
    /// file has `[[versions]]`), recorded with each case it decides.
    #[serde(default)]
    pub version: Option<String>,
    /// `YYYY-MM-DD`: the first day the first version is in force. Absent:
    /// in force for every date before the next version's.
    pub effective_from: Option<Spanned<DateText>>,
    /// The claim dates that pick the version in force, in order of
    /// preference: the first the claim gives (the claim date when it gives
    /// none), e.g. `["invoice_date", "delivery_date"]`. Needed once the
    /// file has `[[versions]]`.
    pub in_force_on: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    pub id: String,
    pub label: String,
    /// One line that helps the agent pick the right option.
    #[serde(default)]
    pub help: String,
    /// Channels only: the country of purchase in words ("the United
    /// States"), named in the "outside the country of purchase" question.
    pub purchase_country: Option<String>,
    /// Channels only: a channel of several countries (Amazon Europe) lists
    /// its stores; the agent is asked which one, and its label is the
    /// country of purchase.
    #[serde(default)]
    pub stores: Vec<ChoiceDef>,
    /// Channels only: the vendor sells through it itself, from its
    /// `[vendor] seat` (its own shop), so the seat decides whose law.
    #[serde(default)]
    pub from_seat: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseDef {
    pub id: String,
    /// A short paraphrase, for lists.
    pub short: String,
    /// The policy's own sentence(s), quoted exactly.
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementDef {
    pub issues: Vec<String>,
    /// Facts a claim must give for these issues (claim field names).
    #[serde(default)]
    pub required: Vec<String>,
    /// Facts that may change the decision and so are worth asking.
    #[serde(default)]
    pub optional: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowDef {
    pub id: String,
    pub label: String,
    /// The claim date field the window counts from.
    pub from: Option<String>,
    pub days: Option<i64>,
    pub months: Option<i64>,
    /// Instead of from/days/months: ends on the earliest of these windows.
    #[serde(default)]
    pub earliest_of: Vec<String>,
    /// The date that must fall on or before the end to be in time:
    /// `first_notice_date` or `claim_date`.
    pub measure: String,
    /// The event the window limits, which meets its deadline when recorded
    /// in time: `notice` (measure first_notice_date), `shipment` (measure
    /// claim_date; measured at shipped_date once given) or `none`. Absent:
    /// `notice` for windows measured at the first notice, else `none`.
    pub limits: Option<String>,
    #[serde(default)]
    pub clauses: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    /// One line saying what the rule decides, in the policy's terms.
    pub label: String,
    /// Decision rules only: the precedence tier.
    pub tier: Option<String>,
    /// Set on decision rules; absent on rules that only add findings.
    pub verdict: Option<Verdict>,
    /// Finding rules only: turns an eligible verdict into this (review).
    pub escalate: Option<Verdict>,
    pub summary: Option<String>,
    #[serde(default)]
    pub when: WhenDef,
    /// Rules this one sets aside when both match.
    #[serde(default)]
    pub overrides: Vec<String>,
    #[serde(default)]
    pub remedies: Vec<Remedy>,
    pub return_shipping: Option<ReturnShipping>,
    /// The clauses the rule's decision relies on.
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Window ids shown as deadlines.
    #[serde(default)]
    pub deadlines: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<ItemDef>,
    #[serde(default)]
    pub steps: Vec<ItemDef>,
    #[serde(default)]
    pub notes: Vec<NoteDef>,
}

/// Conditions; all must hold. A list means "any of these values".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenDef {
    #[serde(default)]
    pub issue: Vec<String>,
    #[serde(default)]
    pub channel: Vec<String>,
    #[serde(default)]
    pub product: Vec<String>,
    pub free_product: Option<bool>,
    pub replacement_unit: Option<bool>,
    pub undamaged: Option<bool>,
    pub outside_purchase_country: Option<bool>,
    /// Facts the claim gives.
    #[serde(default)]
    pub given: Vec<String>,
    /// Facts the claim does not give.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Windows whose measured date is on or before their end.
    #[serde(default)]
    pub within: Vec<String>,
    /// Windows whose measured date is after their end.
    #[serde(default)]
    pub after: Vec<String>,
    /// Finding rules only: the verdict the decision rules gave.
    #[serde(default)]
    pub verdict: Vec<Verdict>,
    /// Finding rules only: the tier that decided.
    #[serde(default)]
    pub tier: Vec<String>,
    /// Finding rules only: one of these rules decided.
    #[serde(default)]
    pub decided_by: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub text: String,
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Steps only: who acts, `"customer"`, `"agent"` or `"vendor"`.
    #[serde(default)]
    pub who: Option<Actor>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDef {
    pub kind: NoteKind,
    pub text: String,
    #[serde(default)]
    pub clauses: Vec<String>,
}

/// A date as written: `"2027-01-01"` or the TOML date `2027-01-01`, as its
/// text (`versions.rs` checks it is a real `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DateText, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = DateText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date such as \"2027-01-01\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_owned()))
            }

            // A TOML date reaches serde as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<DateText, A::Error> {
                let date = toml::value::Datetime::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(DateText(date.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}
