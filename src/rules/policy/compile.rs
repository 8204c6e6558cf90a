//! From a policy file's text to a checked [`Policy`].
//!
//! Every problem found is reported (not just the first) with the file and
//! the line and column of the table it concerns (from the toml parser's
//! spans), so `claimdesk policies check` can list them all at once. A file
//! with dated versions (`versions.rs`) is compiled version by version, each
//! into a complete [`Policy`]; the first holds the later ones.

use super::locate::{Pending, locate};
use super::schema::{ItemDef, NoteDef, PolicyFile, RuleDef, WhenDef, WindowDef};
use super::template::Template;
use super::versions::{Resolved, Selection, resolve};
use super::{
    Choice, Clause, Conditions, IssueRules, Item, Length, Limits, NoteItem, Policy,
    PurchaseCountry, Requirement, Rule, Window, WindowKind,
};
use crate::rules::claim::{DateFact, Fact, Flag, Product};
use crate::rules::outcome::Verdict;
use crate::text::shown;
use std::collections::{HashMap, HashSet};
use std::fmt;

mod rules;
mod windows;

/// Longest window a policy may declare; anything longer is a typo.
const MAX_DAYS: i64 = 3660;
const MAX_MONTHS: i64 = 120;
/// Issue and channel sets are small; this bounds the lint's probe space.
const MAX_CHOICES: usize = 32;
/// An `earliest_of` window is described by the spans it reduces to while
/// there are at most this many; past that, by its direct parts. Keeps every
/// description short however deep the chain (finding 5: copying each
/// part's full description made chains grow exponentially).
const MAX_DESCRIBED_SPANS: usize = 8;
/// How many override cycles are named before the rest are counted.
const MAX_CYCLES_NAMED: usize = 10;

/// A problem in a policy file, located as `origin:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub origin: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.origin, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.origin, self.message),
            _ => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for PolicyError {}

/// 1-based line and column of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, column)
}

/// Position of each id (the first, when one is declared twice), so name
/// lookups stay constant-time in files with thousands of entries.
fn index_of<'s>(ids: impl Iterator<Item = &'s str>) -> HashMap<&'s str, usize> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        index.entry(id).or_insert(i);
    }
    index
}

/// `list` without repeats, first occurrence kept.
fn dedup<T: Copy + Eq + std::hash::Hash>(list: Vec<T>) -> Vec<T> {
    let mut seen = HashSet::new();
    list.into_iter().filter(|x| seen.insert(*x)).collect()
}

/// The rules a claim of `issue` can match, in the order the engine tests
/// them: decision rules by tier, finding rules in file order.
fn rules_for_issue(rules: &[Rule], tiers: usize, issue: usize) -> IssueRules {
    let mut decision = vec![Vec::new(); tiers];
    let mut findings = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let issues = &rule.when.issues;
        if !issues.is_empty() && !issues.contains(&issue) {
            continue;
        }
        match rule.tier {
            Some(t) if rule.is_decision() => decision[t].push(i),
            _ if !rule.is_decision() => findings.push(i),
            _ => {}
        }
    }
    IssueRules { decision, findings }
}

fn fnv1a(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Parses and checks one policy file: its first version, holding the
/// later ones (if any) in [`Policy::later`].
pub fn compile_policy(origin: &str, text: &str) -> Result<Policy, Vec<PolicyError>> {
    let file: PolicyFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((None, None), |s| {
            let (l, c) = line_col(text, s.start);
            (Some(l), Some(c))
        });
        vec![PolicyError {
            origin: origin.to_owned(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }]
    })?;
    let (versions, selection, mut errors) = resolve(origin, text, file);
    let mut compiled: Vec<Policy> = Vec::with_capacity(versions.len());
    // One mistake can trip the same check twice (a window named in
    // `within` and in a text), and a mistake in the first version is
    // inherited by every later one: say each once. A problem only a later
    // version has is named with that version.
    let mut seen: HashSet<(Option<usize>, Option<&'static str>, String)> = HashSet::new();
    let mut pending: Vec<Pending> = Vec::new();
    for (n, version) in versions.into_iter().enumerate() {
        let label = version.label.clone().unwrap_or_default();
        let mut compiler = Compiler {
            table_at: version.at.clone(),
            errors: Vec::new(),
        };
        let policy = compiler.compile(origin, text, version, &selection);
        for mut p in compiler.errors {
            if !seen.insert((p.table, p.key, p.message.clone())) {
                continue;
            }
            if n > 0 {
                p.message = format!("in version {}: {}", shown(&label, 40), p.message);
            }
            pending.push(p);
        }
        compiled.push(policy);
    }
    errors.extend(locate(origin, text, pending));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut versions = compiled.into_iter();
    let Some(mut first) = versions.next() else {
        return Err(vec![PolicyError {
            origin: origin.to_owned(),
            line: None,
            column: None,
            message: "the file holds no policy".into(),
        }]);
    };
    first.later = versions.collect();
    Ok(first)
}

struct Compiler {
    /// Byte offset of each table's header, by table name and index.
    table_at: HashMap<&'static str, Vec<usize>>,
    errors: Vec<Pending>,
}

/// Where in the file a problem is: a table and its index.
#[derive(Clone, Copy)]
struct At<'a>(&'a str, usize);

impl Compiler {
    /// A problem with a table (`at`), or with the whole file.
    fn error(&mut self, at: Option<At<'_>>, message: String) {
        self.push(at, None, message);
    }

    /// A problem with one key of a table (dotted: `when.within`): located
    /// at the key where the table writes it, else at the table.
    fn error_key(&mut self, at: At<'_>, key: &'static str, message: String) {
        self.push(Some(at), Some(key), message);
    }

    fn push(&mut self, at: Option<At<'_>>, key: Option<&'static str>, message: String) {
        let table = at.and_then(|At(table, n)| self.table_at.get(table)?.get(n).copied());
        self.errors.push(Pending {
            table,
            key,
            message,
        });
    }

    fn compile(
        &mut self,
        origin: &str,
        text: &str,
        file: Resolved,
        selection: &Selection,
    ) -> Policy {
        let vendor = &file.vendor;
        if !is_id(&vendor.id) {
            self.error(
                None,
                format!(
                    "vendor.id \"{}\" must be lower-case letters, digits and _",
                    vendor.id
                ),
            );
        }
        let channels = self.choices("channels", &file.channels);
        let channel_countries = self.channel_countries(&file.channels);
        let issues = self.choices("issues", &file.issues);
        for (n, def) in file.issues.iter().enumerate() {
            if def.purchase_country.is_some() || !def.stores.is_empty() {
                self.error_key(
                    At("issues", n),
                    "purchase_country",
                    format!(
                        "issue \"{}\": purchase_country and stores are for channels",
                        def.id
                    ),
                );
            }
        }
        let seat = vendor.seat.as_deref().and_then(|code| {
            let parsed = crate::rules::claim::CountryCode::parse(code)
                .filter(|_| code.bytes().all(|b| b.is_ascii_uppercase()));
            if parsed.is_none() {
                self.error(
                    None,
                    format!(
                        "vendor.seat \"{}\" is not an ISO 3166-1 alpha-2 country code in capitals",
                        crate::text::shown(code, 20)
                    ),
                );
            }
            parsed
        });
        let seat_channels: Vec<usize> = file
            .channels
            .iter()
            .enumerate()
            .filter(|(_, c)| c.from_seat)
            .map(|(n, _)| n)
            .collect();
        if !seat_channels.is_empty() && vendor.seat.is_none() {
            self.error(
                None,
                "a channel is from_seat but [vendor] names no seat (e.g. seat = \"US\")".into(),
            );
        }
        for (n, def) in file.issues.iter().enumerate() {
            if def.from_seat {
                self.error_key(
                    At("issues", n),
                    "from_seat",
                    format!("issue \"{}\": from_seat is for channels", def.id),
                );
            }
        }
        let default_channel = vendor.default_channel.as_ref().and_then(|id| {
            let found = channels.iter().position(|c| &c.id == id);
            if found.is_none() {
                self.error(
                    None,
                    format!("vendor.default_channel \"{id}\" is not one of the channels"),
                );
            }
            found
        });
        self.unique(None, "tier", file.tiers.iter().map(String::as_str));
        if file.tiers.is_empty() {
            self.error(None, "tiers must name at least one tier".into());
        }
        for tier in file.tiers.iter().filter(|t| !is_id(t)) {
            self.error(
                None,
                format!("tier \"{tier}\" must be lower-case letters, digits and _"),
            );
        }
        let clauses = self.clauses(&file);
        let clause_ids: HashSet<&str> = clauses.iter().map(|c| c.id.as_str()).collect();
        let contacts: Vec<(String, String)> = file.contacts.into_iter().collect();
        let requirements = self.requirements(&file.requires, &issues);
        let windows = self.windows(&file.windows, &clause_ids);
        let repeat_clauses = vendor.repeat_claim.iter().flat_map(|r| &r.clauses);
        for id in repeat_clauses.filter(|id| !clause_ids.contains(id.as_str())) {
            self.error(
                None,
                format!("vendor.repeat_claim: unknown clause id \"{id}\""),
            );
        }

        let names = Names {
            windows: &windows,
            clauses: &clause_ids,
            clause_list: &clauses,
            rules: &file.rules,
            issue_index: index_of(issues.iter().map(|c| c.id.as_str())),
            channel_index: index_of(channels.iter().map(|c| c.id.as_str())),
            tier_index: index_of(file.tiers.iter().map(String::as_str)),
            window_index: index_of(windows.iter().map(|w| w.id.as_str())),
            contact_index: index_of(contacts.iter().map(|(n, _)| n.as_str())),
            rule_index: index_of(file.rules.iter().map(|r| r.id.as_str())),
        };
        self.unique(
            Some("rules"),
            "rule",
            file.rules.iter().map(|r| r.id.as_str()),
        );
        let rules: Vec<Rule> = file
            .rules
            .iter()
            .enumerate()
            .map(|(n, def)| self.rule(At("rules", n), def, &names))
            .collect();
        self.override_cycles(&rules);

        let rules_by_issue = (0..issues.len())
            .map(|issue| rules_for_issue(&rules, file.tiers.len(), issue))
            .collect();

        let hashed = text.get(..file.text_end).unwrap_or(text);
        Policy {
            id: file.vendor.id,
            name: file.vendor.name,
            source: file.vendor.source,
            origin: origin.to_owned(),
            fingerprint: fnv1a(hashed),
            sha256: sha256_hex(hashed),
            version: file.label,
            effective_from: file.effective_from,
            in_force_on: selection.in_force_on.clone(),
            later: Vec::new(),
            default_channel,
            seat,
            seat_channels,
            first_contact: file.vendor.first_contact.clone(),
            repeat_claim: file.vendor.repeat_claim.map(|r| (r.text, r.clauses)),
            contacts,
            channels,
            channel_countries,
            issues,
            tiers: file.tiers,
            clauses,
            requirements,
            windows,
            rules,
            rules_by_issue,
        }
    }

    fn unique<'s>(&mut self, table: Option<&str>, what: &str, ids: impl Iterator<Item = &'s str>) {
        let mut seen = HashSet::new();
        for (n, id) in ids.enumerate() {
            if !seen.insert(id) {
                let message = format!("{what} id \"{id}\" is declared twice");
                match table {
                    Some(t) => self.error_key(At(t, n), "id", message),
                    None => self.error(None, message),
                }
            }
        }
    }

    fn choices(&mut self, table: &str, defs: &[super::schema::ChoiceDef]) -> Vec<Choice> {
        if defs.is_empty() {
            self.error(None, format!("{table}: at least one is needed"));
        }
        if defs.len() > MAX_CHOICES {
            self.error(
                None,
                format!("{table}: at most {MAX_CHOICES} are supported"),
            );
        }
        for (n, def) in defs.iter().enumerate() {
            if !is_id(&def.id) {
                self.error_key(
                    At(table, n),
                    "id",
                    format!(
                        "{table} id \"{}\" must be lower-case letters, digits and _",
                        def.id
                    ),
                );
            }
        }
        self.unique(Some(table), table, defs.iter().map(|d| d.id.as_str()));
        defs.iter()
            .map(|d| Choice {
                id: d.id.clone(),
                label: d.label.clone(),
                help: d.help.clone(),
            })
            .collect()
    }

    fn channel_countries(&mut self, defs: &[super::schema::ChoiceDef]) -> Vec<PurchaseCountry> {
        defs.iter()
            .enumerate()
            .map(
                |(n, def)| match (&def.purchase_country, def.stores.is_empty()) {
                    (None, true) => PurchaseCountry::Unnamed,
                    (Some(country), true) => PurchaseCountry::Named(country.clone()),
                    (None, false) => {
                        let mut seen = HashSet::new();
                        for store in &def.stores {
                            if store.id.is_empty() || !seen.insert(store.id.as_str()) {
                                self.error_key(At("channels", n), "stores",
                                format!(
                                    "channel \"{}\": store id \"{}\" is empty or declared twice",
                                    def.id, store.id
                                ),
                            );
                            }
                        }
                        PurchaseCountry::AskStore(
                            def.stores
                                .iter()
                                .map(|d| Choice {
                                    id: d.id.clone(),
                                    label: d.label.clone(),
                                    help: d.help.clone(),
                                })
                                .collect(),
                        )
                    }
                    (Some(_), false) => {
                        self.error_key(
                            At("channels", n),
                            "stores",
                            format!(
                                "channel \"{}\": give purchase_country or stores, not both",
                                def.id
                            ),
                        );
                        PurchaseCountry::Unnamed
                    }
                },
            )
            .collect()
    }

    fn clauses(&mut self, file: &Resolved) -> Vec<Clause> {
        self.unique(
            Some("clauses"),
            "clause",
            file.clauses.iter().map(|c| c.id.as_str()),
        );
        for (n, c) in file.clauses.iter().enumerate() {
            if c.id.trim().is_empty() || c.text.trim().is_empty() {
                self.error_key(
                    At("clauses", n),
                    "text",
                    "a clause needs an id and the policy's text".into(),
                );
            } else if !is_clause_id(&c.id) {
                self.error_key(
                    At("clauses", n),
                    "id",
                    format!(
                        "clause id \"{}\" must be letters, digits, - and _ (such as MS-W12)",
                        c.id
                    ),
                );
            }
        }
        file.clauses
            .iter()
            .map(|c| Clause {
                id: c.id.clone(),
                short: c.short.clone(),
                text: c.text.clone(),
            })
            .collect()
    }

    fn fact(&mut self, at: At<'_>, key: &'static str, name: &str) -> Option<Fact> {
        let fact = Fact::from_field(name);
        if fact.is_none() {
            self.error_key(
                at,
                key,
                format!("\"{name}\" is not a claim field (e.g. order_date, channel, undamaged)"),
            );
        }
        fact
    }

    fn requirements(
        &mut self,
        defs: &[super::schema::RequirementDef],
        issues: &[Choice],
    ) -> Vec<Requirement> {
        let mut by_issue: Vec<Option<Requirement>> = vec![None; issues.len()];
        for (n, def) in defs.iter().enumerate() {
            let at = At("requires", n);
            let required: Vec<Fact> = def
                .required
                .iter()
                .filter_map(|f| self.fact(at, "required", f))
                .collect();
            let optional: Vec<Fact> = def
                .optional
                .iter()
                .filter_map(|f| self.fact(at, "optional", f))
                .collect();
            for fact in &required {
                if matches!(fact, Fact::Date(DateFact::Claim)) {
                    self.error_key(
                        at,
                        "required",
                        "claim_date cannot be required: it defaults to today".into(),
                    );
                }
            }
            for id in &def.issues {
                match issues.iter().position(|i| &i.id == id) {
                    None => self.error_key(at, "issues", format!("unknown issue \"{id}\"")),
                    Some(i) if by_issue[i].is_some() => self.error_key(
                        at,
                        "issues",
                        format!("issue \"{id}\" has its facts listed twice"),
                    ),
                    Some(i) => {
                        by_issue[i] = Some(Requirement {
                            required: required.clone(),
                            optional: optional.clone(),
                        });
                    }
                }
            }
        }
        by_issue
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.unwrap_or_else(|| {
                    self.error(
                        None,
                        format!(
                            "issue \"{}\" has no [[requires]] entry: list the facts it needs (an empty list is fine)",
                            issues[i].id
                        ),
                    );
                    Requirement::default()
                })
            })
            .collect()
    }
}

struct Names<'a> {
    windows: &'a [Window],
    clauses: &'a HashSet<&'a str>,
    clause_list: &'a [Clause],
    rules: &'a [RuleDef],
    issue_index: HashMap<&'a str, usize>,
    channel_index: HashMap<&'a str, usize>,
    tier_index: HashMap<&'a str, usize>,
    window_index: HashMap<&'a str, usize>,
    contact_index: HashMap<&'a str, usize>,
    rule_index: HashMap<&'a str, usize>,
}

/// Ids are typed in claims and shell commands and written into JSON as
/// they are (`outcome_json` relies on it), so they are kept to a small,
/// safe alphabet.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Clause ids as the policy notes write them: `MS-W12`, `MK-60INV`.
pub(crate) fn is_clause_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based() {
        let text = "a = 1\nbb = [\n  x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 15), (3, 3));
    }

    #[test]
    fn fingerprint_is_stable_and_sensitive() {
        assert_eq!(fnv1a(""), "cbf29ce484222325");
        assert_ne!(fnv1a("days = 45"), fnv1a("days = 46"));
    }
}
