//! Turning a [`ClaimInput`] into a [`Claim`] the engine can decide, or the
//! one error an agent must fix first.
//!
//! Order of errors (policy-notes.md): malformed value, unknown id, missing
//! fact, date after the claim date, impossible order. Within a class,
//! fields are checked in the contract's field order.

use super::claim::{
    CUSTOMER_COUNTRY, Claim, ClaimError, ClaimErrorKind, ClaimInput, CountryCode, DATE_FACTS,
    DateFact, Fact, Flag, Product,
};
use super::policy::{Policy, PolicySet};
use crate::text::shown;
use chrono::NaiveDate;

/// Checks `input` against the loaded policies. `today` is the claim date
/// when the claim gives none.
pub fn validate(
    set: &PolicySet,
    input: &ClaimInput,
    today: NaiveDate,
) -> Result<Claim, ClaimError> {
    let dates = input.parse_dates()?;
    let as_of = input.parse_as_of()?;

    let Some(vendor_id) = input.vendor.as_deref() else {
        return Err(ClaimError::new(
            ClaimErrorKind::Missing,
            "vendor",
            format!("missing (one of: {})", set.vendor_ids().join(", ")),
        ));
    };
    let vendor = set.vendor_index(vendor_id).ok_or_else(|| {
        ClaimError::new(
            ClaimErrorKind::UnknownId,
            "vendor",
            format!(
                "unknown vendor \"{}\" (one of: {})",
                shown(vendor_id, 40),
                set.vendor_ids().join(", ")
            ),
        )
    })?;
    let policy = &set.policies[vendor];
    let issue = match input.issue.as_deref() {
        Some(id) => Some(policy.issue_index(id).ok_or_else(|| {
            ClaimError::new(
                ClaimErrorKind::UnknownId,
                "issue",
                format!(
                    "unknown issue \"{}\" for {} (one of: {})",
                    shown(id, 40),
                    policy.name,
                    ids(policy.issues.iter().map(|c| c.id.as_str()))
                ),
            )
        })?),
        None => None,
    };
    let channel = match input.channel.as_deref() {
        Some(id) => Some(policy.channel_index(id).ok_or_else(|| {
            ClaimError::new(
                ClaimErrorKind::UnknownId,
                "channel",
                format!(
                    "{} does not sell through \"{}\" (its policy knows: {})",
                    policy.name,
                    shown(id, 40),
                    ids(policy.channels.iter().map(|c| c.id.as_str()))
                ),
            )
        })?),
        None => policy.default_channel,
    };
    let product = match input.product.as_deref() {
        Some(id) => Product::from_id(id).ok_or_else(|| {
            ClaimError::new(
                ClaimErrorKind::UnknownId,
                "product",
                format!(
                    "unknown product \"{}\" (one of: device, case_or_screen_protector)",
                    shown(id, 40)
                ),
            )
        })?,
        None => Product::Device,
    };
    let customer_country = match input.customer_country.as_deref() {
        Some(text) => Some(CountryCode::parse(text).ok_or_else(|| {
            ClaimError::new(
                ClaimErrorKind::UnknownId,
                CUSTOMER_COUNTRY,
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 country code (e.g. DE, GB, US, JP, CN)",
                    shown(text, 40)
                ),
            )
        })?),
        None => None,
    };

    let Some(issue) = issue else {
        return Err(ClaimError::new(
            ClaimErrorKind::Missing,
            "issue",
            format!(
                "missing (one of: {})",
                ids(policy.issues.iter().map(|c| c.id.as_str()))
            ),
        ));
    };
    // The facts the version in force asks for (versions may change them).
    let in_force = policy.in_force(&dates, dates[DateFact::Claim.index()].unwrap_or(today));
    for fact in in_force.policy.required_facts(issue) {
        let present = match fact {
            Fact::Channel => channel.is_some(),
            Fact::Product => input.product.is_some(),
            Fact::Date(d) => dates[d.index()].is_some(),
            Fact::Flag(f) => input.flag(*f).is_some(),
        };
        if !present {
            return Err(ClaimError::new(
                ClaimErrorKind::Missing,
                fact.field(),
                format!(
                    "missing: {} needs it for a {} claim",
                    policy.name,
                    policy.issues[issue].label.to_lowercase()
                ),
            ));
        }
    }

    let (claim_date, as_of) = check_date_order(&dates, today, as_of)?;

    let first_notice = effective_first_notice(
        dates[DateFact::FirstNotice.index()],
        dates[DateFact::Approval.index()],
        claim_date,
    );

    let mut flags = [false; 4];
    for flag in Flag::ALL {
        flags[flag.index()] = input.flag(flag).unwrap_or(flag.default_value());
    }
    Ok(Claim {
        vendor,
        issue,
        channel,
        product,
        dates,
        claim_date,
        as_of,
        first_notice,
        flags,
        customer_country,
    })
}

/// The first notice windows are measured at: as given, else the claim
/// date, or the approval date when that is earlier (an approved return was
/// claimed by the approval date at the latest). Never after the claim
/// date: a customer who phoned us first and wrote to the vendor later (a
/// fact dated after the claim date, contract v3) claimed when they phoned.
pub fn effective_first_notice(
    given: Option<NaiveDate>,
    approval: Option<NaiveDate>,
    claim_date: NaiveDate,
) -> NaiveDate {
    given.map_or_else(
        || approval.map_or(claim_date, |a| a.min(claim_date)),
        |g| g.min(claim_date),
    )
}

/// The date checks alone, on whatever dates `input` gives (malformed,
/// after the claim date, impossible order): what a front end checks as each
/// date is typed, before the rest of the claim is known.
pub fn check_given_dates(input: &ClaimInput, today: NaiveDate) -> Result<(), ClaimError> {
    let dates = input.parse_dates()?;
    let as_of = input.parse_as_of()?;
    check_date_order(&dates, today, as_of).map(|_| ())
}

/// No date after the decision day (`as_of`, by default the claim date),
/// no decision day before the claim date, none in an impossible order.
/// Returns the claim date and the decision day. (`decisive` probes moved
/// dates with it, so a span ends exactly where the input would become an
/// error.)
pub(crate) fn check_date_order(
    dates: &[Option<NaiveDate>; DATE_FACTS],
    today: NaiveDate,
    as_of: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), ClaimError> {
    let claim_date = dates[DateFact::Claim.index()].unwrap_or(today);
    let decided_on = as_of.unwrap_or(claim_date);
    if decided_on < claim_date {
        return Err(ClaimError::new(
            ClaimErrorKind::ImpossibleOrder,
            super::claim::AS_OF,
            format!(
                "{decided_on} is before the claim date {claim_date}: a decision is made on or after the day the customer claimed"
            ),
        ));
    }
    for fact in DateFact::ALL {
        if let Some(date) = dates[fact.index()]
            && date > decided_on
        {
            let reason = if decided_on == claim_date {
                format!("{date} is after the claim date {claim_date}")
            } else {
                format!("{date} is after the decision day (as_of) {decided_on}")
            };
            return Err(ClaimError::new(
                ClaimErrorKind::AfterClaimDate,
                fact.field(),
                reason,
            ));
        }
    }
    check_order(dates)?;
    Ok((claim_date, decided_on))
}

/// Dates in an impossible order; the error names the later field.
fn check_order(dates: &[Option<NaiveDate>; DATE_FACTS]) -> Result<(), ClaimError> {
    let get = |f: DateFact| dates[f.index()];
    // (later field, earlier field): the later must not be before the earlier.
    // An item goes back after it arrived, and arrives back after it was
    // shipped (claim-format.md, version 2 additions).
    const PAIRS: [(DateFact, DateFact); 11] = [
        (DateFact::Delivery, DateFact::Order),
        (DateFact::FirstNotice, DateFact::Order),
        (DateFact::FirstNotice, DateFact::Delivery),
        (DateFact::Approval, DateFact::FirstNotice),
        (DateFact::Approval, DateFact::Order),
        (DateFact::Approval, DateFact::Delivery),
        (DateFact::Shipped, DateFact::Order),
        (DateFact::Shipped, DateFact::Delivery),
        (DateFact::VendorReceived, DateFact::Shipped),
        (DateFact::VendorReceived, DateFact::Order),
        (DateFact::VendorReceived, DateFact::Delivery),
    ];
    for (later, earlier) in PAIRS {
        if let (Some(l), Some(e)) = (get(later), get(earlier))
            && l < e
        {
            return Err(ClaimError::new(
                ClaimErrorKind::ImpossibleOrder,
                later.field(),
                format!("{l} is before the {} {e}", earlier.noun()),
            ));
        }
    }
    Ok(())
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(", ")
}

/// The facts of a claim for `issue` that the policy asks for, required
/// first: what a front end should ask, in order.
pub fn facts_to_ask(policy: &Policy, issue: usize) -> Vec<(Fact, bool)> {
    let mut facts: Vec<(Fact, bool)> = policy
        .required_facts(issue)
        .iter()
        .map(|f| (*f, true))
        .collect();
    facts.extend(policy.optional_facts(issue).iter().map(|f| (*f, false)));
    facts
}
