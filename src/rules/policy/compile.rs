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
    Choice, Clause, Conditions, Item, Length, Limits, NoteItem, Policy, PurchaseCountry,
    Requirement, Rule, Window, WindowKind,
};
use crate::rules::claim::{DateFact, Fact, Flag, Product};
use crate::rules::outcome::Verdict;
use crate::text::shown;
use std::collections::{HashMap, HashSet};
use std::fmt;

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

        let mut decision_rules = vec![Vec::new(); file.tiers.len()];
        let mut finding_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match rule.tier {
                Some(t) if rule.is_decision() => decision_rules[t].push(i),
                _ if !rule.is_decision() => finding_rules.push(i),
                _ => {}
            }
        }

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
            decision_rules,
            finding_rules,
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

    fn windows(&mut self, defs: &[WindowDef], clauses: &HashSet<&str>) -> Vec<Window> {
        self.unique(
            Some("windows"),
            "window",
            defs.iter().map(|w| w.id.as_str()),
        );
        let mut windows: Vec<Window> = Vec::new();
        let mut declared: HashMap<&str, usize> = HashMap::new();
        // The spans each window reduces to, while few (see `describe`).
        let mut spans: Vec<Option<Vec<usize>>> = Vec::new();
        for (n, def) in defs.iter().enumerate() {
            let at = At("windows", n);
            if !is_id(&def.id) {
                self.error_key(
                    at,
                    "id",
                    format!(
                        "window id \"{}\" must be lower-case letters, digits and _",
                        def.id
                    ),
                );
            }
            let measure = match Fact::from_field(&def.measure) {
                Some(Fact::Date(d @ (DateFact::FirstNotice | DateFact::Claim))) => d,
                _ => {
                    self.error_key(at, "measure",
                        format!(
                            "window \"{}\": measure must be first_notice_date or claim_date, not \"{}\"",
                            def.id, def.measure
                        ),
                    );
                    DateFact::Claim
                }
            };
            let limits = self.limits(at, def, measure);
            self.known_clauses(at, "clauses", &def.clauses, clauses);
            let kind = if def.earliest_of.is_empty() {
                self.span(at, def)
            } else {
                self.earliest_of(at, def, &declared)
            };
            let Some(kind) = kind else { continue };
            let reduced = reduced_spans(&kind, windows.len(), &spans);
            let relative = describe(&kind, reduced.as_deref(), &windows, &spans);
            spans.push(reduced);
            declared.entry(def.id.as_str()).or_insert(windows.len());
            windows.push(Window {
                id: def.id.clone(),
                label: def.label.clone(),
                kind,
                measure,
                limits,
                clauses: def.clauses.clone(),
                relative,
            });
        }
        windows
    }

    /// The event a window limits; it must agree with what the window is
    /// measured at (a notice at the first notice, a shipment at the claim
    /// date until the item is shipped).
    fn limits(&mut self, at: At<'_>, def: &WindowDef, measure: DateFact) -> Limits {
        let id = &def.id;
        let Some(given) = def.limits.as_deref() else {
            return match measure {
                DateFact::FirstNotice => Limits::Notice,
                _ => Limits::Nothing,
            };
        };
        let limits = match given {
            "coverage" => Limits::Coverage,
            "notice" => Limits::Notice,
            "shipment" => Limits::Shipment,
            "none" => Limits::Nothing,
            other => {
                self.error_key(
                    at,
                    "limits",
                    format!(
                        "window \"{id}\": limits must be coverage, notice, shipment or none, not \"{}\"",
                        crate::text::shown(other, 40)
                    ),
                );
                return Limits::Nothing;
            }
        };
        let fits = match limits {
            Limits::Coverage | Limits::Notice => measure == DateFact::FirstNotice,
            Limits::Shipment => measure == DateFact::Claim,
            Limits::Nothing => true,
        };
        if !fits {
            self.error_key(
                at,
                "limits",
                format!(
                    "window \"{id}\": limits = \"{given}\" needs measure = \"{}\"",
                    if matches!(limits, Limits::Coverage | Limits::Notice) {
                        "first_notice_date"
                    } else {
                        "claim_date"
                    }
                ),
            );
        }
        limits
    }

    fn span(&mut self, at: At<'_>, def: &WindowDef) -> Option<WindowKind> {
        let id = &def.id;
        let from = match def.from.as_deref().map(Fact::from_field) {
            Some(Some(Fact::Date(d))) => d,
            Some(_) => {
                self.error_key(
                    at,
                    "from",
                    format!("window \"{id}\": from must be a date field such as order_date"),
                );
                return None;
            }
            None => {
                self.error(
                    Some(at),
                    format!("window \"{id}\": give from and days or months, or earliest_of"),
                );
                return None;
            }
        };
        let length = match (def.days, def.months) {
            (Some(d), None) if (1..=MAX_DAYS).contains(&d) => Length::Days(d as u32),
            (None, Some(m)) if (1..=MAX_MONTHS).contains(&m) => Length::Months(m as u32),
            (Some(_), Some(_)) => {
                self.error_key(
                    at,
                    "days",
                    format!("window \"{id}\": give days or months, not both"),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    Some(at),
                    format!("window \"{id}\": give its length in days or months"),
                );
                return None;
            }
            _ => {
                let length = if def.days.is_some() { "days" } else { "months" };
                self.error_key(at, length,
                    format!(
                        "window \"{id}\": length must be 1 to {MAX_DAYS} days or 1 to {MAX_MONTHS} months"
                    ),
                );
                return None;
            }
        };
        Some(WindowKind::Span { from, length })
    }

    fn earliest_of(
        &mut self,
        at: At<'_>,
        def: &WindowDef,
        earlier: &HashMap<&str, usize>,
    ) -> Option<WindowKind> {
        let id = &def.id;
        if def.from.is_some() || def.days.is_some() || def.months.is_some() {
            self.error_key(
                at,
                "earliest_of",
                format!("window \"{id}\": earliest_of excludes from, days and months"),
            );
            return None;
        }
        if def.earliest_of.len() < 2 {
            self.error_key(
                at,
                "earliest_of",
                format!("window \"{id}\": earliest_of needs at least two windows"),
            );
            return None;
        }
        let mut parts = Vec::new();
        for part in &def.earliest_of {
            match earlier.get(part.as_str()) {
                Some(&i) => parts.push(i),
                None => {
                    self.error_key(at, "earliest_of",
                        format!(
                            "window \"{id}\": earliest_of names \"{part}\", which is not a window declared above it"
                        ),
                    );
                    return None;
                }
            }
        }
        Some(WindowKind::EarliestOf(parts))
    }

    fn known_clauses(
        &mut self,
        at: At<'_>,
        key: &'static str,
        ids: &[String],
        clauses: &HashSet<&str>,
    ) {
        for id in ids {
            if !clauses.contains(id.as_str()) {
                self.error_key(at, key, format!("unknown clause id \"{id}\""));
            }
        }
    }

    fn rule(&mut self, at: At<'_>, def: &RuleDef, names: &Names<'_>) -> Rule {
        let id = &def.id;
        if !is_id(id) {
            self.error_key(
                at,
                "id",
                format!("rule id \"{id}\" must be lower-case letters, digits and _"),
            );
        }
        let tier = def.tier.as_ref().and_then(|t| {
            let found = names.tier_index.get(t.as_str()).copied();
            if found.is_none() {
                self.error_key(
                    at,
                    "tier",
                    format!("rule \"{id}\": tier \"{t}\" is not in tiers"),
                );
            }
            found
        });
        match (def.verdict, def.tier.is_some()) {
            (Some(_), false) => self.error_key(
                at,
                "verdict",
                format!("rule \"{id}\": a rule with a verdict needs a tier"),
            ),
            (None, true) => self.error_key(
                at,
                "tier",
                format!("rule \"{id}\": only rules with a verdict have a tier"),
            ),
            _ => {}
        }
        if def.verdict.is_some() && def.summary.is_none() {
            self.error_key(
                at,
                "verdict",
                format!("rule \"{id}\": a rule with a verdict needs a summary"),
            );
        }
        if def.verdict.is_some() && def.escalate.is_some() {
            self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate is for finding rules, not decision rules"),
            );
        }
        match def.escalate {
            Some(Verdict::Review) if def.summary.is_none() => self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate needs a summary saying why"),
            ),
            Some(Verdict::Review) | None => {}
            Some(other) => self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate can only be \"review\", not \"{other}\""),
            ),
        }
        if def.verdict.is_none() && def.escalate.is_none() && def.summary.is_some() {
            self.error_key(
                at,
                "summary",
                format!("rule \"{id}\": summary is only for decision or escalating rules"),
            );
        }
        let when = self.conditions(at, id, &def.when, names);
        if def.verdict.is_some() && when.tests_decision() {
            self.error_key(
                at,
                "when",
                format!("rule \"{id}\": a decision rule cannot test verdict, tier or decided_by"),
            );
        }
        let adds_nothing = def.verdict.is_none()
            && def.escalate.is_none()
            && def.remedies.is_empty()
            && def.return_shipping.is_none()
            && def.clauses.is_empty()
            && def.deadlines.is_empty()
            && def.evidence.is_empty()
            && def.steps.is_empty()
            && def.notes.is_empty();
        if adds_nothing {
            self.error(Some(at), format!("rule \"{id}\" decides and adds nothing"));
        }
        let overrides = def
            .overrides
            .iter()
            .filter_map(|o| {
                let found = names.rule_index.get(o.as_str()).copied();
                match found {
                    None => self.error_key(at, "overrides",
                        format!("rule \"{id}\": overrides unknown rule \"{o}\""),
                    ),
                    Some(i) if names.rules[i].verdict.is_some() != def.verdict.is_some() => {
                        self.error_key(at, "overrides",
                            format!(
                                "rule \"{id}\": overrides \"{o}\", which is not the same kind of rule (decision or finding)"
                            ),
                        )
                    }
                    Some(_) if o == id => {
                        self.error_key(at, "overrides", format!("rule \"{id}\" overrides itself"))
                    }
                    Some(_) => {}
                }
                found
            })
            .collect();
        self.known_clauses(at, "clauses", &def.clauses, names.clauses);
        let deadlines: Vec<usize> = def
            .deadlines
            .iter()
            .filter_map(|w| self.window_ref(at, id, w, names))
            .collect();
        let summary = def
            .summary
            .as_ref()
            .and_then(|s| self.template(at, "summary", id, s, names));
        if let Some(t) = &summary {
            self.quotes_cited(at, "summary", id, t, &def.clauses, names);
        }
        let evidence = self.items(at, "evidence", id, &def.evidence, names);
        let steps = self.items(at, "steps", id, &def.steps, names);
        let notes = self.notes(at, id, &def.notes, names);
        let mut cites: Vec<String> = Vec::new();
        let mut cited: HashSet<&str> = HashSet::new();
        let all = def
            .clauses
            .iter()
            .chain(
                deadlines
                    .iter()
                    .flat_map(|&w: &usize| &names.windows[w].clauses),
            )
            .chain(
                evidence
                    .iter()
                    .chain(&steps)
                    .flat_map(|i: &Item| &i.clauses),
            )
            .chain(notes.iter().flat_map(|n: &NoteItem| &n.clauses));
        for c in all {
            if cited.insert(c.as_str()) {
                cites.push(c.clone());
            }
        }
        Rule {
            id: id.clone(),
            label: def.label.clone(),
            tier,
            verdict: def.verdict,
            escalate: def.escalate,
            summary,
            when,
            overrides,
            remedies: def.remedies.clone(),
            return_shipping: def.return_shipping,
            clauses: def.clauses.clone(),
            deadlines,
            evidence,
            steps,
            notes,
            cites,
        }
    }

    /// Rules that override each other in a ring (a over b over a, or
    /// longer) would set each other aside and leave no rule standing, so
    /// they are refused here, naming the ring. Walked without recursion:
    /// a chain of thousands of overrides must not exhaust the stack.
    fn override_cycles(&mut self, rules: &[Rule]) {
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; rules.len()];
        // Where each rule on the current path sits in it.
        let mut depth = vec![0usize; rules.len()];
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        let mut unnamed = 0usize;
        for start in 0..rules.len() {
            if state[start] != NEW {
                continue;
            }
            // (rule, how many of its overrides have been followed)
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = ON_PATH;
            while let Some((rule, followed)) = path.last_mut() {
                let rule = *rule;
                let Some(&next) = rules[rule].overrides.get(*followed) else {
                    state[rule] = DONE;
                    path.pop();
                    continue;
                };
                *followed += 1;
                // Overriding itself is reported on its own.
                if next == rule || next >= rules.len() {
                    continue;
                }
                match state[next] {
                    NEW => {
                        state[next] = ON_PATH;
                        depth[next] = path.len();
                        path.push((next, 0));
                    }
                    ON_PATH if cycles.len() < MAX_CYCLES_NAMED => {
                        cycles.push(path[depth[next]..].iter().map(|(r, _)| *r).collect());
                    }
                    ON_PATH => unnamed += 1,
                    _ => {}
                }
            }
        }
        for cycle in cycles {
            let name = |r: usize| format!("\"{}\"", shown(&rules[r].id, 40));
            let message = match cycle.as_slice() {
                [a, b] => format!(
                    "rule {} and rule {} override each other: one of the two overrides must go",
                    name(*a),
                    name(*b)
                ),
                _ => {
                    // A ring of thousands is named by its first rules.
                    let mut ring: Vec<String> = cycle.iter().take(12).map(|&r| name(r)).collect();
                    if cycle.len() > 12 {
                        ring.push(format!("… ({} rules in all)", cycle.len()));
                    }
                    ring.push(name(cycle[0]));
                    format!(
                        "rules override each other in a cycle: {}; one of these overrides must go",
                        ring.join(" → ")
                    )
                }
            };
            self.error(Some(At("rules", cycle[0])), message);
        }
        if unnamed > 0 {
            self.error(
                None,
                format!(
                    "{unnamed} more override cycles among the rules (fix the ones above first)"
                ),
            );
        }
    }

    fn window_ref(&mut self, at: At<'_>, rule: &str, id: &str, names: &Names<'_>) -> Option<usize> {
        let found = names.window_index.get(id).copied();
        if found.is_none() {
            self.error_key(
                at,
                "deadlines",
                format!("rule \"{rule}\": unknown window \"{id}\""),
            );
        }
        found
    }

    fn template(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        text: &str,
        names: &Names<'_>,
    ) -> Option<Template> {
        let parsed = Template::parse(
            text,
            |w| names.window_index.get(w).copied(),
            |c| names.contact_index.get(c).copied(),
            |c| names.clause_list.iter().position(|x| x.id == c),
        );
        match parsed {
            Ok(t) => Some(t),
            Err(e) => {
                self.error_key(at, key, format!("rule \"{rule}\": {e}"));
                None
            }
        }
    }

    /// A text that quotes a clause cites it too, so the clause id is shown
    /// next to the words read out.
    fn quotes_cited(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        text: &Template,
        cited: &[String],
        names: &Names<'_>,
    ) {
        for c in text.quoted_clauses() {
            let id = &names.clause_list[c].id;
            if !cited.contains(id) {
                self.error_key(
                    at,
                    key,
                    format!(
                        "rule \"{rule}\": a text quotes {{clause.{id}}} but does not cite {id}"
                    ),
                );
            }
        }
    }

    fn items(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        defs: &[ItemDef],
        names: &Names<'_>,
    ) -> Vec<Item> {
        defs.iter()
            .filter_map(|d| {
                self.known_clauses(at, key, &d.clauses, names.clauses);
                if d.clauses.is_empty() {
                    self.error_key(
                        at,
                        key,
                        format!("rule \"{rule}\": every evidence item and step cites a clause"),
                    );
                }
                if key != "steps" && d.who.is_some() {
                    self.error_key(
                        at,
                        key,
                        format!("rule \"{rule}\": `who` says who acts on a step; an evidence item has none"),
                    );
                }
                let text = self.template(at, key, rule, &d.text, names)?;
                self.quotes_cited(at, key, rule, &text, &d.clauses, names);
                Some(Item {
                    text,
                    clauses: d.clauses.clone(),
                    who: d.who,
                })
            })
            .collect()
    }

    fn notes(
        &mut self,
        at: At<'_>,
        rule: &str,
        defs: &[NoteDef],
        names: &Names<'_>,
    ) -> Vec<NoteItem> {
        let key = "notes";
        defs.iter()
            .filter_map(|d| {
                self.known_clauses(at, key, &d.clauses, names.clauses);
                if d.clauses.is_empty() {
                    self.error_key(
                        at,
                        "notes",
                        format!("rule \"{rule}\": every note cites a clause"),
                    );
                }
                let text = self.template(at, key, rule, &d.text, names)?;
                self.quotes_cited(at, key, rule, &text, &d.clauses, names);
                Some(NoteItem {
                    kind: d.kind,
                    text,
                    clauses: d.clauses.clone(),
                })
            })
            .collect()
    }

    fn conditions(&mut self, at: At<'_>, rule: &str, w: &WhenDef, names: &Names<'_>) -> Conditions {
        // Repeats in a list change nothing, so they are dropped: the
        // engine's checks then stay as short as the sets they test.
        let mut lookup = |kind: &str,
                          key: &'static str,
                          ids: &[String],
                          known: &HashMap<&str, usize>|
         -> Vec<usize> {
            let found = ids
                .iter()
                .filter_map(|id| {
                    let found = known.get(id.as_str()).copied();
                    if found.is_none() {
                        self.error_key(
                            at,
                            key,
                            format!("rule \"{rule}\": unknown {kind} \"{id}\""),
                        );
                    }
                    found
                })
                .collect();
            dedup(found)
        };
        let product_index = index_of(Product::ALL.iter().map(|p| p.id()));
        let issues = lookup("issue", "when.issue", &w.issue, &names.issue_index);
        let channels = lookup("channel", "when.channel", &w.channel, &names.channel_index);
        let products = lookup("product", "when.product", &w.product, &product_index)
            .into_iter()
            .filter_map(|i| Product::ALL.get(i).copied())
            .collect();
        let within = lookup("window", "when.within", &w.within, &names.window_index);
        let after = lookup("window", "when.after", &w.after, &names.window_index);
        let tiers = lookup("tier", "when.tier", &w.tier, &names.tier_index);
        let decided_by = lookup("rule", "when.decided_by", &w.decided_by, &names.rule_index);
        for &r in &decided_by {
            if names.rules[r].verdict.is_none() {
                self.error_key(
                    at,
                    "when.decided_by",
                    format!(
                        "rule \"{rule}\": decided_by names \"{}\", which has no verdict",
                        names.rules[r].id
                    ),
                );
            }
        }
        let after_set: HashSet<usize> = after.iter().copied().collect();
        if let Some(w) = within.iter().find(|w| after_set.contains(w)) {
            self.error_key(
                at,
                "when.after",
                format!(
                    "rule \"{rule}\" can never fire: window \"{}\" is both within and after",
                    names.windows[*w].id
                ),
            );
        }
        let flags = [
            (Flag::FreeProduct, w.free_product),
            (Flag::ReplacementUnit, w.replacement_unit),
            (Flag::Undamaged, w.undamaged),
            (Flag::OutsidePurchaseCountry, w.outside_purchase_country),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .collect();
        let given: Vec<Fact> = dedup(
            w.given
                .iter()
                .filter_map(|f| self.fact(at, "when.given", f))
                .collect(),
        );
        let absent: Vec<Fact> = dedup(
            w.absent
                .iter()
                .filter_map(|f| self.fact(at, "when.absent", f))
                .collect(),
        );
        if let Some(f) = given.iter().find(|f| absent.contains(f)) {
            self.error_key(
                at,
                "when.absent",
                format!(
                    "rule \"{rule}\" can never fire: {} is both given and absent",
                    f.field()
                ),
            );
        }
        Conditions {
            issues,
            channels,
            products,
            flags,
            given,
            absent,
            within,
            after,
            verdicts: dedup(w.verdict.clone()),
            tiers,
            decided_by,
        }
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

/// The span windows an `earliest_of` comes down to (its parts', recursively,
/// without repeats), or `None` past [`MAX_DESCRIBED_SPANS`]. Built from the
/// parts' own lists, so each window costs at most that many steps.
fn reduced_spans(
    kind: &WindowKind,
    index: usize,
    earlier: &[Option<Vec<usize>>],
) -> Option<Vec<usize>> {
    match kind {
        WindowKind::Span { .. } => Some(vec![index]),
        WindowKind::EarliestOf(parts) => {
            let mut spans: Vec<usize> = Vec::new();
            for &part in parts {
                for &span in earlier.get(part)?.as_ref()? {
                    if !spans.contains(&span) {
                        spans.push(span);
                    }
                    if spans.len() > MAX_DESCRIBED_SPANS {
                        return None;
                    }
                }
            }
            Some(spans)
        }
    }
}

/// "order date + 45 days", "earlier of delivery date + 60 days and invoice
/// date + 60 days". An `earliest_of` is said by the spans it reduces to
/// (`reduced`); when there are too many, by its direct parts, naming the
/// long ones by label, so no description repeats another in full.
fn describe(
    kind: &WindowKind,
    reduced: Option<&[usize]>,
    earlier: &[Window],
    earlier_spans: &[Option<Vec<usize>>],
) -> String {
    let relative = |i: usize| earlier.get(i).map_or("", |w| w.relative.as_str());
    match kind {
        WindowKind::Span { from, length } => {
            let amount = match length {
                Length::Days(1) => "1 day".to_owned(),
                Length::Days(n) => format!("{n} days"),
                Length::Months(1) => "1 month".to_owned(),
                Length::Months(n) => format!("{n} months"),
            };
            format!("{} + {amount}", from.noun())
        }
        WindowKind::EarliestOf(parts) => {
            let names: Vec<String> = match reduced {
                Some(spans) => spans.iter().map(|&i| relative(i).to_owned()).collect(),
                None => parts
                    .iter()
                    .map(|&i| match earlier_spans.get(i) {
                        // Short: at most a few spans.
                        Some(Some(_)) => relative(i).to_owned(),
                        _ => format!(
                            "the limit \"{}\"",
                            earlier
                                .get(i)
                                .map_or(String::new(), |w| shown(&w.label, 60))
                        ),
                    })
                    .collect(),
            };
            format!("earlier of {}", names.join(" and "))
        }
    }
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
