//! Dated versions in one policy file: from the parsed file to one complete
//! rule set a version, each still in the file's own terms (ids, not
//! indices), with where each table sits for error messages.
//!
//! The top of the file is the first version. Each `[[versions]]` table
//! after it restates what changed since the version before (or, with
//! `restates = "all"`, the whole rule set), so version N is the first
//! version with every change up to N applied. `compile.rs` then compiles
//! each version on its own, exactly as a single-version file.
//!
//! What a version's SHA-256 covers: the file's text from its first byte up
//! to the `[[versions]]` header of the next version (the whole file for the
//! last one). That is exactly the text that decides under the version (the
//! first version and every change up to it), and adding a version at the
//! end leaves the hashes of the earlier ones unchanged. So `[[versions]]`
//! tables must come after everything else in the file.

use super::compile::PolicyError;
use super::schema::{
    ChoiceDef, ClauseDef, DateText, PolicyFile, RequirementDef, RuleDef, VendorDef, VersionDef,
    WindowDef,
};
use crate::rules::claim::{DateFact, Fact};
use crate::rules::dates::parse_date;
use crate::text::shown;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use toml::Spanned;

/// One version's rule set, spans stripped, as `compile.rs` compiles it.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub vendor: VendorDef,
    pub contacts: BTreeMap<String, String>,
    pub channels: Vec<ChoiceDef>,
    pub issues: Vec<ChoiceDef>,
    pub tiers: Vec<String>,
    pub clauses: Vec<ClauseDef>,
    pub requires: Vec<RequirementDef>,
    pub windows: Vec<WindowDef>,
    pub rules: Vec<RuleDef>,
    /// Byte offset of each entry's table header, by table name, in the
    /// order of the lists above (so `At("rules", 3)` finds rule 3's).
    pub at: HashMap<&'static str, Vec<usize>>,
    /// The version's label: `version`, else its `effective_from` text;
    /// the first version's is `[vendor] version`.
    pub label: Option<String>,
    pub effective_from: Option<NaiveDate>,
    /// End of the text this version's SHA-256 covers (see the module doc).
    pub text_end: usize,
}

/// What every version of the file shares: how a claim picks its version.
#[derive(Debug, Clone, Default)]
pub(super) struct Selection {
    pub in_force_on: Vec<DateFact>,
}

/// Reads the versions out of a parsed file, oldest first, with every
/// problem in their dates, order and changes.
pub(super) fn resolve(
    origin: &str,
    text: &str,
    file: PolicyFile,
) -> (Vec<Resolved>, Selection, Vec<PolicyError>) {
    let mut problems = Problems {
        origin,
        text,
        errors: Vec::new(),
    };
    let vendor_at = file.vendor.span().start;
    let last_base_table = last_base_table(&file);
    let selection = problems.selection(&file, vendor_at);
    let vendor = file.vendor.into_inner();
    let base_from = vendor
        .effective_from
        .as_ref()
        .and_then(|d| problems.date(d, "vendor.effective_from"));
    let first_version_at = file.versions.first().map(|v| v.span().start);
    if let Some(first) = first_version_at
        && last_base_table > first
    {
        problems.at(
            last_base_table,
            "this table comes after a [[versions]] table: versions must come after everything \
             else in the file (a version's SHA-256 covers the file up to the next version)"
                .into(),
        );
    }
    let mut at: HashMap<&'static str, Vec<usize>> = HashMap::new();
    let channels = strip("channels", file.channels, &mut at);
    let issues = strip("issues", file.issues, &mut at);
    let clauses = strip("clauses", file.clauses, &mut at);
    let requires = strip("requires", file.requires, &mut at);
    let windows = strip("windows", file.windows, &mut at);
    let rules = strip("rules", file.rules, &mut at);
    let base = Resolved {
        label: vendor
            .version
            .clone()
            .or_else(|| base_from.map(|d| d.to_string())),
        vendor,
        contacts: file.contacts.map(Spanned::into_inner).unwrap_or_default(),
        channels,
        issues,
        tiers: file.tiers,
        clauses,
        requires,
        windows,
        rules,
        at,
        effective_from: base_from,
        text_end: text.len(),
    };
    let mut versions = vec![base];
    let mut labels: HashSet<String> = versions[0].label.iter().cloned().collect();
    let mut previous_from = base_from;
    let starts: Vec<usize> = file.versions.iter().map(|v| v.span().start).collect();
    for (n, def) in file.versions.into_iter().enumerate() {
        let header = def.span().start;
        let def = def.into_inner();
        let name = format!("[[versions]] #{}", n + 1);
        let from = match &def.effective_from {
            Some(d) => problems.date(d, &format!("{name} effective_from")),
            None => {
                problems.at(
                    header,
                    format!(
                        "{name}: a later version needs effective_from = \"YYYY-MM-DD\" (the first day it is in force)"
                    ),
                );
                None
            }
        };
        if let (Some(from), Some(d)) = (from, &def.effective_from) {
            match previous_from {
                Some(p) if from == p => problems.at(
                    d.span().start,
                    format!(
                        "{name} effective_from: {from} is also the date of the version above; two versions cannot start on the same day"
                    ),
                ),
                Some(p) if from < p => problems.at(
                    d.span().start,
                    format!(
                        "{name} effective_from: {from} is before the version above ({p}); list versions oldest first"
                    ),
                ),
                _ => {}
            }
            previous_from = Some(previous_from.map_or(from, |p| p.max(from)));
        }
        let label = def
            .version
            .as_ref()
            .map(|l| l.get_ref().clone())
            .or_else(|| from.map(|d| d.to_string()));
        if let Some(l) = &label
            && !labels.insert(l.clone())
        {
            let span = def.version.as_ref().map_or(header, |v| v.span().start);
            problems.at(
                span,
                format!(
                    "{name}: version \"{}\" is the label of another version too",
                    shown(l, 40)
                ),
            );
        }
        let Some(earlier) = versions.last().cloned() else {
            break;
        };
        let mut next = problems.apply(&name, earlier, def);
        next.label = label;
        next.effective_from = from;
        next.text_end = text.len();
        versions.push(next);
    }
    // Each version's text ends where the next version's table starts.
    for (version, next_start) in versions.iter_mut().zip(starts) {
        version.text_end = next_start;
    }
    (versions, selection, problems.errors)
}

/// The header offset of the last table outside `[[versions]]`.
fn last_base_table(file: &PolicyFile) -> usize {
    [
        file.vendor.span().start,
        file.contacts.as_ref().map_or(0, |c| c.span().start),
        spans_of(&file.channels),
        spans_of(&file.issues),
        spans_of(&file.clauses),
        spans_of(&file.requires),
        spans_of(&file.windows),
        spans_of(&file.rules),
    ]
    .into_iter()
    .max()
    .unwrap_or(0)
}

fn spans_of<T>(list: &[Spanned<T>]) -> usize {
    list.iter().map(|s| s.span().start).max().unwrap_or(0)
}

/// The values of `list`, recording each one's header offset under `table`.
fn strip<T>(
    table: &'static str,
    list: Vec<Spanned<T>>,
    at: &mut HashMap<&'static str, Vec<usize>>,
) -> Vec<T> {
    let offsets = at.entry(table).or_default();
    list.into_iter()
        .map(|s| {
            offsets.push(s.span().start);
            s.into_inner()
        })
        .collect()
}

struct Problems<'a> {
    origin: &'a str,
    text: &'a str,
    errors: Vec<PolicyError>,
}

impl Problems<'_> {
    fn at(&mut self, offset: usize, message: String) {
        let (line, column) = super::compile::line_col(self.text, offset);
        self.errors.push(PolicyError {
            origin: self.origin.to_owned(),
            line: Some(line),
            column: Some(column),
            message,
        });
    }

    fn date(&mut self, value: &Spanned<DateText>, field: &str) -> Option<NaiveDate> {
        let text = &value.get_ref().0;
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.at(
                    value.span().start,
                    format!("{field}: \"{}\" {e}", shown(text, 40)),
                );
                None
            }
        }
    }

    fn selection(&mut self, file: &PolicyFile, vendor_at: usize) -> Selection {
        let Some(list) = &file.vendor.get_ref().in_force_on else {
            if !file.versions.is_empty() {
                self.at(
                    vendor_at,
                    "vendor.in_force_on is needed once the file has [[versions]]: the claim dates \
                     that pick the version, e.g. [\"order_date\"]"
                        .into(),
                );
            }
            return Selection::default();
        };
        let mut in_force_on = Vec::new();
        for name in list.get_ref() {
            match Fact::from_field(name) {
                Some(Fact::Date(d)) if !in_force_on.contains(&d) => in_force_on.push(d),
                Some(Fact::Date(_)) => self.at(
                    list.span().start,
                    format!("vendor.in_force_on names {name} twice"),
                ),
                _ => self.at(
                    list.span().start,
                    format!(
                        "vendor.in_force_on: \"{}\" is not a claim date field (e.g. order_date, invoice_date)",
                        shown(name, 40)
                    ),
                ),
            }
        }
        if in_force_on.is_empty() {
            self.at(
                list.span().start,
                "vendor.in_force_on must name at least one claim date field".into(),
            );
        }
        Selection { in_force_on }
    }

    /// `earlier` with the version's changes applied.
    fn apply(&mut self, name: &str, mut earlier: Resolved, def: VersionDef) -> Resolved {
        let whole = match def.restates.as_ref().map(|r| r.get_ref().as_str()) {
            None | Some("changes") => false,
            Some("all") => true,
            Some(other) => {
                let at = def.restates.as_ref().map_or(0, |r| r.span().start);
                self.at(
                    at,
                    format!(
                        "{name} restates: \"{}\" is not changes or all",
                        shown(other, 40)
                    ),
                );
                false
            }
        };
        earlier.contacts.extend(def.contacts);
        if let Some(item) = def.repeat_claim {
            earlier.vendor.repeat_claim = Some(item);
        }
        let at = &mut earlier.at;
        if whole {
            for list in [&def.drop_clauses, &def.drop_windows, &def.drop_rules] {
                if let Some(first) = list.first() {
                    self.at(
                        first.span().start,
                        format!("{name}: drop_* lists are for restates = \"changes\"; with \"all\" leave the entry out"),
                    );
                }
            }
            earlier.clauses = replace_all("clauses", def.clauses, at);
            earlier.requires = replace_all("requires", def.requires, at);
            earlier.windows = replace_all("windows", def.windows, at);
            earlier.rules = replace_all("rules", def.rules, at);
            return earlier;
        }
        self.drop(
            name,
            "clause",
            "clauses",
            &def.drop_clauses,
            &mut earlier.clauses,
            at,
            |c| &c.id,
        );
        self.drop(
            name,
            "window",
            "windows",
            &def.drop_windows,
            &mut earlier.windows,
            at,
            |w| &w.id,
        );
        self.drop(
            name,
            "rule",
            "rules",
            &def.drop_rules,
            &mut earlier.rules,
            at,
            |r| &r.id,
        );
        merge_by_id(
            "clauses",
            &mut earlier.clauses,
            def.clauses,
            at,
            |c: &ClauseDef| c.id.clone(),
        );
        merge_by_id(
            "windows",
            &mut earlier.windows,
            def.windows,
            at,
            |w: &WindowDef| w.id.clone(),
        );
        merge_by_id("rules", &mut earlier.rules, def.rules, at, |r: &RuleDef| {
            r.id.clone()
        });
        merge_requires(&mut earlier.requires, def.requires, at);
        earlier
    }

    #[allow(clippy::too_many_arguments)]
    fn drop<T>(
        &mut self,
        name: &str,
        what: &str,
        table: &'static str,
        ids: &[Spanned<String>],
        list: &mut Vec<T>,
        at: &mut HashMap<&'static str, Vec<usize>>,
        id: impl Fn(&T) -> &String,
    ) {
        let offsets = at.entry(table).or_default();
        for dropped in ids {
            let Some(i) = list.iter().position(|x| id(x) == dropped.get_ref()) else {
                self.at(
                    dropped.span().start,
                    format!(
                        "{name} drop_{table}: the version above has no {what} \"{}\"",
                        shown(dropped.get_ref(), 40)
                    ),
                );
                continue;
            };
            list.remove(i);
            if i < offsets.len() {
                offsets.remove(i);
            }
        }
    }
}

fn replace_all<T>(
    table: &'static str,
    list: Vec<Spanned<T>>,
    at: &mut HashMap<&'static str, Vec<usize>>,
) -> Vec<T> {
    at.insert(table, Vec::new());
    strip(table, list, at)
}

/// An entry with an id already there replaces it in its place; a new one
/// goes after the others.
fn merge_by_id<T>(
    table: &'static str,
    list: &mut Vec<T>,
    changes: Vec<Spanned<T>>,
    at: &mut HashMap<&'static str, Vec<usize>>,
    id: impl Fn(&T) -> String,
) {
    let offsets = at.entry(table).or_default();
    offsets.resize(list.len(), 0);
    for change in changes {
        let offset = change.span().start;
        let change = change.into_inner();
        let key = id(&change);
        match list.iter().position(|x| id(x) == key) {
            Some(i) => {
                list[i] = change;
                offsets[i] = offset;
            }
            None => {
                list.push(change);
                offsets.push(offset);
            }
        }
    }
}

/// A `[[versions.requires]]` entry takes its issues out of the earlier
/// entries (an entry left with none goes) and is added after them.
fn merge_requires(
    list: &mut Vec<RequirementDef>,
    changes: Vec<Spanned<RequirementDef>>,
    at: &mut HashMap<&'static str, Vec<usize>>,
) {
    let offsets = at.entry("requires").or_default();
    offsets.resize(list.len(), 0);
    for change in changes {
        let offset = change.span().start;
        let change = change.into_inner();
        let mut i = 0;
        while i < list.len() {
            list[i]
                .issues
                .retain(|issue| !change.issues.contains(issue));
            if list[i].issues.is_empty() {
                list.remove(i);
                offsets.remove(i);
            } else {
                i += 1;
            }
        }
        list.push(change);
        offsets.push(offset);
    }
}
