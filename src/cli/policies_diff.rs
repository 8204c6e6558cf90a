//! `claimdesk policies diff OLD NEW`: the decisions that change between two
//! policy versions (`rules::policy::diff`).
//!
//! OLD and NEW each name a policy and, optionally, a version of it:
//! - `FILE` — a policy file; its latest version;
//! - `FILE@VERSION` — that version of the file (its label or its
//!   `effective_from` date);
//! - `VENDOR` or `VENDOR@VERSION` — a loaded vendor (embedded, the config
//!   folder, `--policies`), when no such file exists;
//! - `@VERSION` (NEW only) — another version of OLD's file or vendor.
//!
//! Exit 0 when no decision changes, 1 when some do, 2 for a name that
//! finds no policy or version, 3 when a file does not compile.

use super::{Common, report_policy_errors};
use crate::diag;
use crate::exit::Exit;
use crate::rules::policy::diff::diff;
use crate::rules::policy::{Policy, compile_policy};
use crate::text::shown;
use std::path::Path;

pub fn run(common: &Common, old: &str, new: &str) -> Exit {
    let old_policy = match find(common, old, None) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let new_policy = match find(common, new, Some(&old_policy)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (old_version, new_version) = match (
        version(old, &old_policy.0, old_policy.1.as_deref()),
        version(new, &new_policy.0, new_policy.1.as_deref()),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = match diff(old_version, new_version) {
        Ok(r) => r,
        Err(e) => {
            diag::error(e);
            return Exit::Policy;
        }
    };
    diag::print(format_args!(
        "policies diff: {} -> {}",
        name(old_version),
        name(new_version)
    ));
    let claims: usize = report.changes.iter().map(|c| c.claims).sum();
    diag::print(format_args!(
        "{} probe claims decided by both; {} decide differently, in {} kind(s) of change",
        report.probes,
        claims,
        report.changes.len()
    ));
    for change in &report.changes {
        let kind = if change.verdict_changed() {
            "VERDICT"
        } else {
            "RULES  "
        };
        diag::print(format_args!(
            "{kind}  {}: {} -> {}  ({} claim(s); e.g. {})",
            change.issue,
            change.old.describe(),
            change.new.describe(),
            change.claims,
            change.example
        ));
    }
    if report.changes.is_empty() {
        Exit::Success
    } else {
        Exit::Attention
    }
}

/// `vendor 2027 (sha256 fd1e046c…, from FILE)`.
fn name(policy: &Policy) -> String {
    format!(
        "{} {} (sha256 {}…, {})",
        policy.id,
        policy
            .version
            .as_deref()
            .map_or_else(|| "(unlabelled)".to_owned(), |v| shown(v, 40)),
        policy.sha256.get(..12).unwrap_or(&policy.sha256),
        policy.origin
    )
}

/// The policy an argument names, with the version label it asks for.
fn find(
    common: &Common,
    arg: &str,
    previous: Option<&(Policy, Option<String>)>,
) -> Result<(Policy, Option<String>), Exit> {
    if let Some(label) = arg.strip_prefix('@') {
        let Some((policy, _)) = previous else {
            diag::error(format_args!(
                "policies diff: \"{}\": @VERSION names another version of OLD, so only NEW can be one",
                shown(arg, 60)
            ));
            return Err(Exit::Usage);
        };
        return Ok((policy.clone(), Some(label.to_owned())));
    }
    let (head, label) = if Path::new(arg).is_file() {
        (arg, None)
    } else {
        match arg.rsplit_once('@') {
            Some((head, label)) => (head, Some(label.to_owned())),
            None => (arg, None),
        }
    };
    if Path::new(head).is_file() {
        let text = match crate::files::read_capped_text(
            Path::new(head),
            crate::rules::policy::MAX_POLICY_FILE,
        ) {
            Ok(t) => t,
            Err(e) => {
                diag::error(format_args!("{head}: cannot read the policy file: {e}"));
                return Err(Exit::Policy);
            }
        };
        return match compile_policy(head, &text) {
            Ok(p) => Ok((p, label)),
            Err(errors) => {
                report_policy_errors(&errors);
                Err(Exit::Policy)
            }
        };
    }
    let set = common.load_policies()?;
    match set.vendor(head) {
        Some(p) => Ok((p.clone(), label)),
        None => {
            diag::error(format_args!(
                "policies diff: \"{}\" is neither a policy file nor a loaded vendor (one of: {})",
                shown(head, 60),
                set.vendor_ids().join(", ")
            ));
            Err(Exit::Usage)
        }
    }
}

/// The version asked for: by label or date, else the latest.
fn version<'p>(arg: &str, policy: &'p Policy, label: Option<&str>) -> Result<&'p Policy, Exit> {
    let Some(label) = label else {
        return Ok(policy.versions().last().unwrap_or(policy));
    };
    policy.version_named(label).ok_or_else(|| {
        let known: Vec<String> = policy
            .versions()
            .map(|v| {
                v.version
                    .clone()
                    .or_else(|| v.effective_from.map(|d| d.to_string()))
                    .unwrap_or_else(|| "(unlabelled)".into())
            })
            .collect();
        diag::error(format_args!(
            "policies diff: \"{}\": {} has no version \"{}\" (its versions: {})",
            shown(arg, 60),
            policy.origin,
            shown(label, 40),
            known.join(", ")
        ));
        Exit::Usage
    })
}
