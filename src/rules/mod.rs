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

/// A validated claim decided, with its statutory notes: what both
/// [`decide`] and [`decide_without_decisive_dates`] start from.
fn decide_claim<'p>(
    policies: &'p PolicySet,
    claim: &claim::Claim,
) -> Result<Outcome<'p>, DecideError> {
    let policy = &policies.policies[claim.vendor];
    let mut outcome = engine::decide(policy, claim).map_err(DecideError::Policy)?;
    statutory::apply(&policies.jurisdictions, policy, claim, &mut outcome);
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
}

impl<'p> Decider<'p> {
    pub fn new(policies: &'p PolicySet) -> Decider<'p> {
        Decider {
            policies,
            outcome: Outcome::empty(),
            scratch: engine::Scratch::default(),
            decisive: false,
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
        let policy = &self.policies.policies[claim.vendor];
        engine::decide_into(policy, &claim, &mut self.outcome, &mut self.scratch)
            .map_err(DecideError::Policy)?;
        statutory::apply(
            &self.policies.jurisdictions,
            policy,
            &claim,
            &mut self.outcome,
        );
        if self.decisive {
            let list = self.outcome.decisive_dates.get_or_insert_with(Vec::new);
            decisive::fill(policy, &claim, &mut self.scratch, list);
        } else {
            self.outcome.decisive_dates = None;
        }
        Ok(&self.outcome)
    }
}
