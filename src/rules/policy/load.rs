//! Where policies come from: the files embedded in the binary, then the
//! user's config folder, then any `--policies DIR`. A later file with the
//! same vendor id replaces the earlier one; a new id adds a vendor.
//! Replacing a built-in vendor is recorded in [`PolicySet::replaced`], so
//! every front end can say so (finding 14: it used to happen silently).

use super::Policy;
use super::compile::{PolicyError, compile_policy};
use crate::rules::statutory::Jurisdictions;
use std::path::{Path, PathBuf};

/// The shipped policies, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "millso.toml",
        include_str!("../../../assets/policies/millso.toml"),
    ),
    (
        "mitkco.toml",
        include_str!("../../../assets/policies/mitkco.toml"),
    ),
];

/// Where a folder of policy files came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// The user's config folder: silently skipped when it does not exist.
    UserConfig(PathBuf),
    /// A folder named on the command line: must exist.
    Named(PathBuf),
}

/// Every vendor claimdesk can decide for, and the jurisdiction files
/// whose statutory notes are shown beside the vendors' verdicts.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub policies: Vec<Policy>,
    pub jurisdictions: Jurisdictions,
    /// Built-in vendors a policy file replaced, in load order; one entry a
    /// vendor, naming the file now in force.
    pub replaced: Vec<Replacement>,
}

/// A built-in vendor whose policy comes from a file instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub vendor: String,
    /// The file in force (a path, as in [`Policy::origin`]).
    pub origin: String,
}

impl Replacement {
    /// The one line every command prints on stderr: policy text neutralised.
    pub fn note(&self) -> String {
        format!(
            "note: policy file {} replaces the built-in vendor \"{}\"",
            crate::text::neutralise(&self.origin),
            crate::text::neutralise(&self.vendor)
        )
    }
}

impl PolicySet {
    /// Only the embedded policies (what tests and benchmarks use).
    pub fn embedded() -> Result<PolicySet, Vec<PolicyError>> {
        PolicySet::load(&[])
    }

    /// The embedded policies, then each folder's `*.toml` in name order;
    /// the embedded jurisdictions only.
    pub fn load(folders: &[PolicySource]) -> Result<PolicySet, Vec<PolicyError>> {
        PolicySet::load_with(folders, &[])
    }

    /// [`PolicySet::load`], with jurisdiction files from
    /// `jurisdiction_folders` after the embedded ones (same id replaces).
    pub fn load_with(
        folders: &[PolicySource],
        jurisdiction_folders: &[PolicySource],
    ) -> Result<PolicySet, Vec<PolicyError>> {
        let mut errors = Vec::new();
        let jurisdictions = Jurisdictions::load(jurisdiction_folders).unwrap_or_else(|e| {
            errors.extend(e);
            Jurisdictions::default()
        });
        let mut set = PolicySet {
            jurisdictions,
            ..PolicySet::default()
        };
        for (name, text) in EMBEDDED {
            match compile_policy(&format!("embedded:{name}"), text) {
                Ok(p) => set.insert(p),
                Err(e) => errors.extend(e),
            }
        }
        for folder in folders {
            match read_folder(folder, "policy") {
                Ok(files) => {
                    for (path, text) in files {
                        match compile_policy(&path.display().to_string(), &text) {
                            Ok(p) => set.insert(p),
                            Err(e) => errors.extend(e),
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    fn insert(&mut self, policy: Policy) {
        let Some(existing) = self.policies.iter_mut().find(|p| p.id == policy.id) else {
            self.policies.push(policy);
            return;
        };
        if is_embedded(&existing.origin) {
            self.replaced.push(Replacement {
                vendor: policy.id.clone(),
                origin: policy.origin.clone(),
            });
        } else if let Some(r) = self.replaced.iter_mut().find(|r| r.vendor == policy.id) {
            // Replaced twice (config folder, then --policies): the last wins.
            r.origin = policy.origin.clone();
        }
        *existing = policy;
    }

    /// The vendor named `id`, in any case ("MillSO" is `millso`).
    pub fn vendor_index(&self, id: &str) -> Option<usize> {
        self.policies
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(id.trim()))
    }

    pub fn vendor(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    pub fn vendor_ids(&self) -> Vec<&str> {
        self.policies.iter().map(|p| p.id.as_str()).collect()
    }
}

fn is_embedded(origin: &str) -> bool {
    origin.starts_with("embedded:")
}

fn folder_error(path: &Path, message: String) -> PolicyError {
    PolicyError {
        origin: path.display().to_string(),
        line: None,
        column: None,
        message,
    }
}

/// The folder's `*.toml` files with their text, sorted by file name.
/// The largest policy or jurisdiction file read (the embedded ones are
/// tens of KB).
pub(crate) const MAX_POLICY_FILE: u64 = 4 * 1024 * 1024;

/// `kind` ("policy", "jurisdiction") words the messages.
pub(crate) fn read_folder(
    source: &PolicySource,
    kind: &str,
) -> Result<Vec<(PathBuf, String)>, PolicyError> {
    let (dir, must_exist) = match source {
        PolicySource::UserConfig(d) => (d, false),
        PolicySource::Named(d) => (d, true),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Vec::new());
        }
        Err(e) => {
            return Err(folder_error(
                dir,
                format!("cannot read the {kind} folder: {e}"),
            ));
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Every *.toml, whatever it is: one that is not a regular file (a
        // link to /dev/zero, a FIFO) is an error below, never skipped.
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(
            |path| match crate::files::read_capped_text(&path, MAX_POLICY_FILE) {
                Ok(text) => Ok((path, text)),
                Err(e) => Err(folder_error(
                    &path,
                    format!("cannot read the {kind} file: {e}"),
                )),
            },
        )
        .collect()
}
