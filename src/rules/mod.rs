//! The rule core: claims, policies, dates, evaluation and outcome.
//!
//! Plain Rust on chrono and serde, with no terminal code, so every front end
//! (the wizard, `claimdesk check`, tests, benchmarks) decides claims with
//! the same function: [`decide`].

pub mod claim;
pub mod dates;
pub mod engine;
pub mod outcome;
pub mod policy;
pub mod validate;

pub use claim::{Claim, ClaimError, ClaimInput};
pub use engine::EvalError;
pub use outcome::Outcome;
pub use policy::{Policy, PolicySet};

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

/// Validates `input` and decides it. `today` is the claim date when the
/// claim does not give one.
pub fn decide<'p>(
    policies: &'p PolicySet,
    input: &ClaimInput,
    today: NaiveDate,
) -> Result<Outcome<'p>, DecideError> {
    let claim = validate::validate(policies, input, today).map_err(DecideError::Claim)?;
    engine::decide(&policies.policies[claim.vendor], &claim).map_err(DecideError::Policy)
}
