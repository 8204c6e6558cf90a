//! `claimdesk policies check|list`.

use super::jsonl::{self, ListFormat};
use super::{Common, report_policy_errors, user_policy_dir};
use crate::diag;
use crate::exit::Exit;
use crate::rules::policy::{Policy, PolicySet, compile_policy, lint::lint};
use crate::rules::statutory::{Jurisdiction, compile_jurisdiction};
use crate::text::neutralise;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum PoliciesCommand {
    /// Validate policy and jurisdiction files: TOML errors, unknown ids, gaps, overlaps,
    /// dead rules; for jurisdictions also sources, windows and ISO country codes.
    /// With no FILE, checks every loaded file (embedded, config folder, --policies,
    /// --jurisdictions). A FILE with a [jurisdiction] table is a jurisdiction file.
    Check {
        /// Policy files to check on their own.
        files: Vec<PathBuf>,
    },
    /// List the loaded vendors and where each policy comes from.
    List {
        /// text, or json: one object a vendor (JSON Lines).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run the probe claims `check` generates through two policy versions
    /// and list the decisions that change. OLD and NEW: FILE (its latest
    /// version), FILE@VERSION, a loaded VENDOR[@VERSION], or for NEW
    /// @VERSION (another version of OLD). Exit 1 when any decision changes.
    Diff {
        /// The policy (version) decisions are compared from.
        old: String,
        /// The policy (version) they are compared to.
        new: String,
    },
}

pub fn run(common: &Common, command: &PoliciesCommand) -> Exit {
    match command {
        PoliciesCommand::Check { files } if files.is_empty() => match common.load_policies() {
            Ok(set) => {
                let policies = check_all(set.policies.iter());
                let jurisdictions =
                    check_jurisdictions(set.jurisdictions.list.iter(), &set.policies);
                if policies == Exit::Success {
                    jurisdictions
                } else {
                    policies
                }
            }
            Err(code) => code,
        },
        PoliciesCommand::Check { files } => check_files(files),
        PoliciesCommand::List { format } => list(common, *format),
        PoliciesCommand::Diff { old, new } => super::policies_diff::run(common, old, new),
    }
}

/// Whether a file's text is a jurisdiction file (it has the table).
fn is_jurisdiction(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[jurisdiction]")
}

fn check_files(files: &[PathBuf]) -> Exit {
    let mut compiled = Vec::new();
    let mut jurisdictions = Vec::new();
    let mut failed = false;
    for path in files {
        let origin = path.display().to_string();
        match crate::files::read_capped_text(path, crate::rules::policy::MAX_POLICY_FILE) {
            Ok(text) if is_jurisdiction(&text) => match compile_jurisdiction(&origin, &text) {
                Ok(j) => jurisdictions.push(j),
                Err(errors) => {
                    report_policy_errors(&errors);
                    failed = true;
                }
            },
            Ok(text) => match compile_policy(&origin, &text) {
                Ok(p) => compiled.push(p),
                Err(errors) => {
                    report_policy_errors(&errors);
                    failed = true;
                }
            },
            Err(e) => {
                diag::error(format_args!("{origin}: cannot read the policy file: {e}"));
                failed = true;
            }
        }
    }
    let linted = check_all(compiled.iter());
    // Jurisdiction files are checked against the embedded vendors and any
    // policy files named with them.
    let mut vendors = PolicySet::embedded()
        .map(|s| s.policies)
        .unwrap_or_default();
    vendors.extend(compiled);
    let statutory = check_jurisdictions(jurisdictions.iter(), &vendors);
    if failed || linted != Exit::Success || statutory != Exit::Success {
        Exit::Attention
    } else {
        Exit::Success
    }
}

/// Jurisdiction files compiled (so already free of file errors): warns of
/// ids that no loaded vendor knows, which would make a rule never fire.
fn check_jurisdictions<'a>(
    jurisdictions: impl Iterator<Item = &'a Jurisdiction>,
    vendors: &[Policy],
) -> Exit {
    let issue_known = |id: &str| vendors.iter().any(|p| p.issue_index(id).is_some());
    let window_known = |id: &str| vendors.iter().any(|p| p.window(id).is_some());
    let channel_known = |id: &str| vendors.iter().any(|p| p.channel_index(id).is_some());
    for j in jurisdictions {
        for rule in &j.rules {
            for issue in rule.issues.iter().filter(|i| !issue_known(i)) {
                diag::warning(format_args!(
                    "{}: rule {}: no loaded vendor has the issue \"{issue}\"",
                    j.origin, rule.id
                ));
            }
            let windows = rule.compare.iter().flat_map(|c| c.windows.iter()).chain(
                rule.when
                    .iter()
                    .flat_map(|w| w.vendor_has.iter().chain(&w.vendor_lacks)),
            );
            for w in windows.filter(|w| !window_known(w)) {
                diag::warning(format_args!(
                    "{}: rule {}: no loaded vendor has the window \"{w}\"",
                    j.origin, rule.id
                ));
            }
        }
        for r in j
            .reach_applies
            .iter()
            .filter(|r| !channel_known(&r.channel))
        {
            diag::warning(format_args!(
                "{}: [reach] applies: no loaded vendor has the channel \"{}\"",
                j.origin, r.channel
            ));
        }
        diag::print(format_args!(
            "ok: {} ({}): {} countries, {} articles, {} deadlines, {} rules",
            j.origin,
            j.id,
            j.countries.len(),
            j.articles.len(),
            j.deadlines.len(),
            j.rules.len()
        ));
    }
    Exit::Success
}

/// Lints every version of each policy on its own.
fn check_all<'a>(policies: impl Iterator<Item = &'a Policy>) -> Exit {
    let mut failed = false;
    for policy in policies.flat_map(|p| p.versions()) {
        let report = lint(policy);
        for w in &report.warnings {
            diag::warning(format_args!("{}: {w}", policy.origin));
        }
        for e in &report.errors {
            diag::error(format_args!("{}: {e}", policy.origin));
        }
        failed |= !report.errors.is_empty();
        let status = if report.errors.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        // A dated version says which, so each line names what it checked.
        let version = match (&policy.version, policy.effective_from) {
            (Some(v), Some(d)) => format!(" version {v} from {d}"),
            (None, Some(d)) => format!(" version from {d}"),
            _ => String::new(),
        };
        diag::print(format_args!(
            "{status}: {} ({}{version}): {} rules, {} clauses, {} windows; {} probe claims decided",
            policy.origin,
            policy.id,
            policy.rules.len(),
            policy.clauses.len(),
            policy.windows.len(),
            report.probes
        ));
    }
    if failed {
        Exit::Attention
    } else {
        Exit::Success
    }
}

/// A `policies list --format json` line.
#[derive(serde::Serialize)]
struct ListedPolicy<'a> {
    id: &'a str,
    name: &'a str,
    rules: usize,
    fingerprint: &'a str,
    origin: String,
    /// Dated versions, oldest first (empty for an undated policy).
    versions: Vec<ListedVersion<'a>>,
}

#[derive(serde::Serialize)]
struct ListedVersion<'a> {
    version: Option<&'a str>,
    effective_from: Option<chrono::NaiveDate>,
}

fn list(common: &Common, format: ListFormat) -> Exit {
    let set: PolicySet = match common.load_policies() {
        Ok(s) => s,
        Err(code) => return code,
    };
    if format == ListFormat::Json {
        let mut out = std::io::stdout().lock();
        for p in &set.policies {
            let versions = if p.later.is_empty() {
                Vec::new()
            } else {
                p.versions()
                    .map(|v| ListedVersion {
                        version: v.version.as_deref(),
                        effective_from: v.effective_from,
                    })
                    .collect()
            };
            let line = ListedPolicy {
                id: &p.id,
                name: &p.name,
                rules: p.rules.len(),
                fingerprint: &p.fingerprint,
                origin: p.origin.to_string(),
                versions,
            };
            match jsonl::line(&mut out, &line) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
                Err(e) => {
                    diag::error(format_args!("cannot write: {e}"));
                    return Exit::Attention;
                }
            }
        }
        return Exit::Success;
    }
    match user_policy_dir() {
        Some(dir) => diag::print(format_args!(
            "config folder for policies: {}",
            dir.display()
        )),
        None => diag::print("config folder for policies: (none on this system)"),
    }
    for p in &set.policies {
        diag::print(format_args!(
            "{:<10} {:<12} {} rules  fingerprint {}  from {}",
            p.id,
            neutralise(&p.name),
            p.rules.len(),
            p.fingerprint,
            p.origin
        )); // Dated versions, oldest first, each with the day it starts.
        if !p.later.is_empty() {
            let versions: Vec<String> = p
                .versions()
                .map(|v| {
                    let label = v.version.as_deref().unwrap_or("(unlabelled)");
                    match v.effective_from {
                        Some(d) => format!("{} from {d}", neutralise(label)),
                        None => neutralise(label).into_owned(),
                    }
                })
                .collect();
            diag::print(format_args!("{:<10} versions: {}", "", versions.join(", ")));
        }
    }
    Exit::Success
}
