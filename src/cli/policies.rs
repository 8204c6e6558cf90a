//! `claimdesk policies check|list`.

use super::{Common, report_policy_errors, user_policy_dir};
use crate::diag;
use crate::rules::policy::{Policy, PolicySet, compile_policy, lint::lint};
use crate::text::neutralise;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PoliciesCommand {
    /// Validate policy files: TOML errors, unknown ids, gaps, overlaps, dead rules.
    /// With no FILE, checks every loaded policy (embedded, config folder, --policies).
    Check {
        /// Policy files to check on their own.
        files: Vec<PathBuf>,
    },
    /// List the loaded vendors and where each policy comes from.
    List,
}

pub fn run(common: &Common, command: &PoliciesCommand) -> ExitCode {
    match command {
        PoliciesCommand::Check { files } if files.is_empty() => match common.load_policies() {
            Ok(set) => check_all(set.policies.iter()),
            Err(code) => code,
        },
        PoliciesCommand::Check { files } => check_files(files),
        PoliciesCommand::List => list(common),
    }
}

fn check_files(files: &[PathBuf]) -> ExitCode {
    let mut compiled = Vec::new();
    let mut failed = false;
    for path in files {
        let origin = path.display().to_string();
        match std::fs::read_to_string(path) {
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
    if failed { ExitCode::from(1) } else { linted }
}

fn check_all<'a>(policies: impl Iterator<Item = &'a Policy>) -> ExitCode {
    let mut failed = false;
    for policy in policies {
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
        diag::print(format_args!(
            "{status}: {} ({}): {} rules, {} clauses, {} windows; {} probe claims decided",
            policy.origin,
            policy.id,
            policy.rules.len(),
            policy.clauses.len(),
            policy.windows.len(),
            report.probes
        ));
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn list(common: &Common) -> ExitCode {
    let set: PolicySet = match common.load_policies() {
        Ok(s) => s,
        Err(code) => return code,
    };
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
        ));
    }
    ExitCode::SUCCESS
}
