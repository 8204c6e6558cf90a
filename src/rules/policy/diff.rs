//! `claimdesk policies diff`: which decisions change between two versions
//! of a policy (two files, or two versions of one file).
//!
//! The probe claims `policies check` generates (`lint.rs`: every issue,
//! channel and tested fact, both sides of every window boundary) are
//! generated from both versions, so the boundaries of each are probed, and
//! every probe is decided by each version alone. A decision changes when
//! its verdict or its deciding rules differ; changes are grouped by issue,
//! old and new decision, with a count and one example claim.

use super::Policy;
use super::lint::{base_date, probe_claims};
use crate::rules::claim::ClaimInput;
use crate::rules::engine;
use crate::rules::outcome::Role;
use crate::rules::policy::PolicySet;
use crate::rules::validate::validate;
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// How one version decides one probe claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Decided {
        verdict: String,
        /// The deciding rules.
        rules: Vec<String>,
        /// The clauses the deciding rules cite.
        clauses: Vec<String>,
    },
    /// The claim is an input error for this version (e.g. an issue or a
    /// channel it does not know), or the version cannot decide it.
    Error(String),
}

impl Decision {
    /// `eligible (return_online; ZN-RET)`.
    pub fn describe(&self) -> String {
        match self {
            Decision::Decided {
                verdict,
                rules,
                clauses,
            } => format!("{verdict} ({}; {})", rules.join(", "), clauses.join(", ")),
            Decision::Error(e) => format!("no decision ({e})"),
        }
    }

    fn verdict(&self) -> Option<&str> {
        match self {
            Decision::Decided { verdict, .. } => Some(verdict),
            Decision::Error(_) => None,
        }
    }
}

/// One kind of change: every probe of `issue` that `old` decided one way
/// and `new` another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub issue: String,
    pub old: Decision,
    pub new: Decision,
    /// How many probe claims changed so.
    pub claims: usize,
    /// The first of them, as claim JSON.
    pub example: String,
}

impl Change {
    /// Whether the verdict itself changed (not only the rules behind it).
    pub fn verdict_changed(&self) -> bool {
        self.old.verdict() != self.new.verdict()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffReport {
    /// Distinct probe claims decided by both versions.
    pub probes: usize,
    /// Verdict changes first, then changes of the deciding rules alone.
    pub changes: Vec<Change>,
}

/// Runs the probe claims of both versions through both. `Err` when either
/// is too large to probe (as `policies check` would say).
pub fn diff(old: &Policy, new: &Policy) -> Result<DiffReport, String> {
    let old_set = PolicySet {
        policies: vec![old.alone()],
        ..PolicySet::default()
    };
    let new_set = PolicySet {
        policies: vec![new.alone()],
        ..PolicySet::default()
    };
    let mut seen: HashSet<u64> = HashSet::new();
    let mut report = DiffReport::default();
    let mut groups: BTreeMap<(String, Decision, Decision), (usize, String)> = BTreeMap::new();
    let mut each = |input: &ClaimInput| {
        let mut input = input.clone();
        // Probes name the vendor they came from; each version decides the
        // claim as one of its own (two files may name the vendor apart).
        input.vendor = None;
        let json = input.to_json_value().to_string();
        let mut hasher = DefaultHasher::new();
        json.hash(&mut hasher);
        if !seen.insert(hasher.finish()) {
            return;
        }
        report.probes += 1;
        let before = decision(&old_set, &input);
        let after = decision(&new_set, &input);
        if before != after {
            let issue = input.issue.clone().unwrap_or_default();
            let group = groups.entry((issue, before, after)).or_insert_with(|| {
                input.vendor = Some(old.id.clone());
                (0, input.to_json_value().to_string())
            });
            group.0 += 1;
        }
    };
    for policy in [old, new] {
        probe_claims(policy, &mut each).map_err(|_| {
            format!(
                "{}: the policy is too large to probe (see `claimdesk policies check`)",
                policy.origin
            )
        })?;
    }
    let mut changes: Vec<Change> = groups
        .into_iter()
        .map(|((issue, old, new), (claims, example))| Change {
            issue,
            old,
            new,
            claims,
            example,
        })
        .collect();
    // Verdict changes first; within each, by issue then decision (stable).
    changes.sort_by_key(|c| !c.verdict_changed());
    report.changes = changes;
    Ok(report)
}

fn decision(set: &PolicySet, input: &ClaimInput) -> Decision {
    let policy = &set.policies[0];
    let mut input = input.clone();
    input.vendor = Some(policy.id.clone());
    let claim = match validate(set, &input, base_date()) {
        Ok(c) => c,
        Err(e) => return Decision::Error(e.to_string()),
    };
    match engine::decide(policy, &claim) {
        Ok(outcome) => {
            let mut clauses: Vec<String> = Vec::new();
            for entry in outcome.trace.iter().filter(|t| t.role == Role::Decided) {
                for c in entry.clauses {
                    if !clauses.contains(c) {
                        clauses.push(c.clone());
                    }
                }
            }
            Decision::Decided {
                verdict: outcome.verdict.id().to_owned(),
                rules: outcome.decided_by.iter().map(|r| (*r).to_owned()).collect(),
                clauses,
            }
        }
        Err(e) => Decision::Error(e.to_string()),
    }
}
