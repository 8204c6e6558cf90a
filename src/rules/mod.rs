//! The rule core: claims, policies, dates, evaluation and outcome.
//!
//! Plain Rust on chrono and serde, with no terminal code, so every front end
//! (the wizard, `claimdesk check`, tests, benchmarks) decides claims with
//! the same function: [`decide`].

pub mod claim;
pub mod dates;
pub mod decisive;
pub mod engine;
pub mod outcome;
pub mod outcome_json;
pub mod policy;
pub mod preview;
pub mod statutory;
pub mod validate;

pub use claim::{Claim, ClaimError, ClaimInput};
pub use engine::EvalError;
pub use outcome::Outcome;
pub use policy::{Policy, PolicySet};
pub use preview::{Preview, preview};

use chrono::NaiveDate;
use std::fmt;

/// Why a claim got no outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideError {
    /// The claim is wrong: the agent fixes the named field.
    Claim(ClaimError),
    /// The policy has a gap or an unresolved overlap for this claim.
    Policy(EvalError),
}

impl fmt::Display for DecideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecideError::Claim(e) => e.fmt(f),
            DecideError::Policy(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DecideError {}

/// Validates `input` and decides it, with the decisive dates
/// (`decisive.rs`). `today` is the claim date when the claim does not give
/// one.
pub fn decide<'p>(
    policies: &'p PolicySet,
    input: &ClaimInput,
    today: NaiveDate,
) -> Result<Outcome<'p>, DecideError> {
    let claim = validate::validate(policies, input, today).map_err(DecideError::Claim)?;
    let policy = &policies.policies[claim.vendor];
    let mut outcome = decide_claim(policies, &claim)?;
    outcome.decisive_dates = Some(decisive::decisive_dates(policy, &claim));
    Ok(outcome)
}

/// The version of the claim's vendor policy in force for its dates.
fn in_force<'p>(policies: &'p PolicySet, claim: &claim::Claim) -> policy::InForce<'p> {
    policies.policies[claim.vendor].in_force(&claim.dates, claim.claim_date)
}

/// Says so when no version was in force on the deciding date and the
/// earliest decided (policy-notes, "Policy versions").
fn note_version<'p>(chosen: &policy::InForce<'p>, outcome: &mut Outcome<'p>) {
    if !chosen.before_earliest {
        return;
    }
    let (field, date) = chosen.on;
    let from = chosen
        .policy
        .effective_from
        .map_or_else(String::new, |d| d.to_string());
    outcome.notes.push(outcome::Note {
        kind: outcome::NoteKind::Interpretation,
        text: std::borrow::Cow::Owned(format!(
            "No version of the {} policy was in force on the {} {date}; decided by the earliest version, in force from {from}.",
            crate::text::shown(&chosen.policy.name, 40),
            field.noun()
        )),
        clauses: &[],
        headline: false,
    });
}

/// A validated claim decided, with its statutory notes: what both
/// [`decide`] and [`decide_without_decisive_dates`] start from.
fn decide_claim<'p>(
    policies: &'p PolicySet,
    claim: &claim::Claim,
) -> Result<Outcome<'p>, DecideError> {
    let chosen = in_force(policies, claim);
    let policy = chosen.policy;
    let mut outcome = engine::decide(policy, claim).map_err(DecideError::Policy)?;
    statutory::apply(&policies.jurisdictions, policy, claim, &mut outcome);
    note_version(&chosen, &mut outcome);
    Ok(outcome)
}

/// [`decide`] without the decisive dates (`decisive_dates` is `None`): the
/// decision alone, as the decision benchmark times it.
pub fn decide_without_decisive_dates<'p>(
    policies: &'p PolicySet,
    input: &ClaimInput,
    today: NaiveDate,
) -> Result<Outcome<'p>, DecideError> {
    let claim = validate::validate(policies, input, today).map_err(DecideError::Claim)?;
    decide_claim(policies, &claim)
}

/// Decides claim after claim with the same validation and rules as
/// [`decide`], refilling one outcome's lists instead of allocating new
/// ones: the bulk path (`check --batch`). Decisive dates only when asked
/// ([`Decider::with_decisive_dates`]): they cost several decisions' time.
pub struct Decider<'p> {
    policies: &'p PolicySet,
    outcome: Outcome<'p>,
    scratch: engine::Scratch,
    decisive: bool,
    /// The version that decided the last outcome, and why.
    in_force: Option<policy::InForce<'p>>,
}

impl<'p> Decider<'p> {
    pub fn new(policies: &'p PolicySet) -> Decider<'p> {
        Decider {
            policies,
            outcome: Outcome::empty(),
            scratch: engine::Scratch::default(),
            decisive: false,
            in_force: None,
        }
    }

    /// Also fill each outcome's `decisive_dates` (`check --batch --decisive`).
    pub fn with_decisive_dates(mut self, on: bool) -> Decider<'p> {
        self.decisive = on;
        self
    }

    /// The outcome for `input`, valid until the next call.
    pub fn decide(
        &mut self,
        input: &ClaimInput,
        today: NaiveDate,
    ) -> Result<&Outcome<'p>, DecideError> {
        let claim = validate::validate(self.policies, input, today).map_err(DecideError::Claim)?;
        let chosen = in_force(self.policies, &claim);
        self.decide_with(&claim, chosen)
    }

    /// The outcome for `input` decided by the version labelled `version`
    /// of its vendor's policy, whatever its dates (`cases recheck` asks
    /// what a newer version would say); `None` when there is no such
    /// version.
    pub fn decide_under(
        &mut self,
        input: &ClaimInput,
        today: NaiveDate,
        version: &str,
    ) -> Option<Result<&Outcome<'p>, DecideError>> {
        let claim = match validate::validate(self.policies, input, today) {
            Ok(c) => c,
            Err(e) => return Some(Err(DecideError::Claim(e))),
        };
        let base = &self.policies.policies[claim.vendor];
        let policy = base.version_named(version)?;
        let mut chosen = base.in_force(&claim.dates, claim.claim_date);
        chosen.policy = policy;
        chosen.before_earliest = false;
        Some(self.decide_with(&claim, chosen))
    }

    /// The version of the vendor's policy that decided the last outcome,
    /// the date that picked it, and the vendor's policy (with all its
    /// versions).
    pub fn last_in_force(&self) -> Option<policy::InForce<'p>> {
        self.in_force
    }

    fn decide_with(
        &mut self,
        claim: &claim::Claim,
        chosen: policy::InForce<'p>,
    ) -> Result<&Outcome<'p>, DecideError> {
        self.in_force = Some(chosen);
        let policy = chosen.policy;
        engine::decide_into(policy, claim, &mut self.outcome, &mut self.scratch)
            .map_err(DecideError::Policy)?;
        statutory::apply(
            &self.policies.jurisdictions,
            policy,
            claim,
            &mut self.outcome,
        );
        note_version(&chosen, &mut self.outcome);
        if self.decisive {
            let list = self.outcome.decisive_dates.get_or_insert_with(Vec::new);
            let base = &self.policies.policies[claim.vendor];
            decisive::fill(base, claim, &mut self.scratch, list);
        } else {
            self.outcome.decisive_dates = None;
        }
        Ok(&self.outcome)
    }
}
