//! From a jurisdiction file's text to a checked [`Jurisdiction`].
//!
//! Like policy files, every problem is reported with the file and (where
//! it can be found) the line: ids unique and in the safe alphabet, every
//! article with its source, deadlines well formed, countries real ISO
//! 3166-1 codes, placeholders and referenced ids known.

use super::{
    Article, ChannelRef, Compare, Conditions, Jurisdiction, Part, Refer, Rule, Start, StatDeadline,
    Template, VendorWindow,
};
use crate::rules::claim::{CountryCode, DateFact};
use crate::rules::outcome::{ReturnShipping, Verdict};
use crate::rules::policy::{Length, PolicyError};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// Longest statutory window a file may declare; anything longer is a typo.
const MAX_DAYS: u32 = 3660;
const MAX_MONTHS: u32 = 120;

/// Claim dates of contract version 2 that this build does not collect
/// yet: a deadline may count from them and is shown undated until then.
const NOT_YET_COLLECTED: [&str; 2] = ["shipped_date", "vendor_received_date"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    jurisdiction: HeaderDef,
    reach: ReachDef,
    refer: Option<ReferDef>,
    #[serde(default)]
    seller_of_record: BTreeMap<String, String>,
    #[serde(default)]
    articles: Vec<ArticleDef>,
    #[serde(default)]
    deadlines: Vec<DeadlineDef>,
    #[serde(default)]
    rules: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderDef {
    id: String,
    name: String,
    countries: Vec<String>,
    #[serde(default)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReachDef {
    #[serde(default)]
    applies: Vec<String>,
    applies_text: String,
    may_apply_text: String,
}

/// Where to refer the customer: a body outside the vendor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferDef {
    /// The seller is in the customer's country.
    domestic: String,
    /// The seller sells from abroad.
    abroad: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleDef {
    id: String,
    short: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineDef {
    id: String,
    label: String,
    from: String,
    days: Option<i64>,
    months: Option<i64>,
    relative: Option<String>,
    #[serde(default)]
    clauses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    label: String,
    #[serde(default)]
    issues: Vec<String>,
    #[serde(default)]
    when: Vec<WhenDef>,
    #[serde(default)]
    deadlines: Vec<String>,
    #[serde(default)]
    clauses: Vec<String>,
    text: String,
    compare: Option<CompareDef>,
    /// The note changes what the vendor's headline means to the customer
    /// (the EU law makes a repair free although the vendor's terms charge
    /// shipping): front ends show it next to the verdict.
    #[serde(default)]
    headline: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WhenDef {
    #[serde(default)]
    verdicts: Vec<Verdict>,
    #[serde(default)]
    return_shipping: Vec<ReturnShipping>,
    vendor_window: Option<String>,
    #[serde(default)]
    within: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    vendor_has: Vec<String>,
    #[serde(default)]
    vendor_lacks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareDef {
    windows: Vec<String>,
    days: Option<i64>,
    months: Option<i64>,
    /// The statutory deadline compared; absent, the rule's first.
    deadline: Option<String>,
    law_longer: String,
    vendor_longer: String,
    same_length: String,
    vendor_has_none: String,
    undated: Option<String>,
}

/// Ids go into JSON unescaped (see `outcome_json`): letters, digits, `-`,
/// `_` only.
fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

struct Errors<'a> {
    origin: &'a str,
    text: &'a str,
    list: Vec<PolicyError>,
}

impl Errors<'_> {
    /// An error located at the `n`-th `[[table]]` (or `[table]`) header.
    fn at(&mut self, table: &str, n: usize, message: String) {
        let header_many = format!("[[{table}]]");
        let header_one = format!("[{table}]");
        let line = self
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == header_many || l.trim() == header_one)
            .nth(n)
            .map(|(i, _)| i + 1);
        self.list.push(PolicyError {
            origin: self.origin.to_owned(),
            line,
            column: None,
            message,
        });
    }
}

fn length(days: Option<i64>, months: Option<i64>) -> Result<Length, String> {
    let small = |n: i64, max: u32| u32::try_from(n).ok().filter(|n| (1..=max).contains(n));
    match (days, months) {
        (Some(d), None) => small(d, MAX_DAYS)
            .map(Length::Days)
            .ok_or_else(|| format!("days must be 1 to {MAX_DAYS}, not {d}")),
        (None, Some(m)) => small(m, MAX_MONTHS)
            .map(Length::Months)
            .ok_or_else(|| format!("months must be 1 to {MAX_MONTHS}, not {m}")),
        _ => Err("give exactly one of days or months".into()),
    }
}

/// Words for a length: "14 days", "2 years", "6 months".
pub(super) fn length_words(length: Length) -> String {
    match length {
        Length::Days(1) => "1 day".into(),
        Length::Days(n) => format!("{n} days"),
        Length::Months(n) if n % 12 == 0 && n > 12 => format!("{} years", n / 12),
        Length::Months(12) => "1 year".into(),
        Length::Months(1) => "1 month".into(),
        Length::Months(n) => format!("{n} months"),
    }
}

/// Which of the context-bound placeholders a text may use.
#[derive(Clone, Copy, Default)]
struct Allow {
    /// `{compare}`: a rule's text with a `compare`.
    compare: bool,
    /// `{vendor_date}`: the texts of a `compare`.
    vendor_date: bool,
    /// `{refer}`: the file has a `[refer]` table.
    refer: bool,
}

/// Parses a text with the placeholders of a jurisdiction file.
fn template(
    text: &str,
    deadline: &dyn Fn(&str) -> Option<usize>,
    allow: Allow,
) -> Result<Template, String> {
    let allow_compare = allow.compare;
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed '{{' in \"{text}\""));
        };
        let name = &rest[open + 1..open + close];
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_owned()));
        }
        let part = match name.split_once('.') {
            Some(("date", id)) => deadline(id).map(Part::DeadlineDate),
            None => match name {
                "reach" => Some(Part::Reach),
                "seller" => Some(Part::Seller),
                "vendor" => Some(Part::Vendor),
                "country" => Some(Part::Country),
                "vendor_window" => Some(Part::VendorWindow),
                "vendor_date" if allow.vendor_date => Some(Part::VendorDate),
                "compare" if allow_compare => Some(Part::Compare),
                "refer" if allow.refer => Some(Part::Refer),
                _ => None,
            },
            _ => None,
        };
        match part {
            Some(p) => parts.push(p),
            None => {
                return Err(format!(
                    "unknown placeholder {{{name}}} (use {{date.DEADLINE}}, {{reach}}, {{seller}}, {{vendor}}, {{country}}, {{vendor_window}}{}{}{})",
                    if allow.vendor_date {
                        ", {vendor_date}"
                    } else {
                        ""
                    },
                    if allow.refer {
                        ", {refer} (with a [refer] table)"
                    } else {
                        ""
                    },
                    if allow_compare { " or {compare}" } else { "" }
                ));
            }
        }
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("stray '}}' in \"{text}\""));
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    Ok(Template { parts })
}

/// Parses and checks one jurisdiction file.
pub fn compile_jurisdiction(origin: &str, text: &str) -> Result<Jurisdiction, Vec<PolicyError>> {
    let file: FileDef = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        vec![PolicyError {
            origin: origin.to_owned(),
            line,
            column: None,
            message: e.message().to_owned(),
        }]
    })?;
    let mut errors = Errors {
        origin,
        text,
        list: Vec::new(),
    };

    let header = &file.jurisdiction;
    if !safe_id(&header.id) {
        errors.at(
            "jurisdiction",
            0,
            format!(
                "jurisdiction id \"{}\" must be letters, digits, - or _",
                header.id
            ),
        );
    }
    if header.name.trim().is_empty() {
        errors.at("jurisdiction", 0, "the jurisdiction needs a name".into());
    }
    let mut countries = Vec::new();
    for code in &header.countries {
        match CountryCode::parse(code) {
            Some(c) if code.bytes().all(|b| b.is_ascii_uppercase()) => {
                if countries.contains(&c) {
                    errors.at("jurisdiction", 0, format!("country {code} is listed twice"));
                }
                countries.push(c);
            }
            _ => errors.at(
                "jurisdiction",
                0,
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 country code in capitals",
                    crate::text::shown(code, 20)
                ),
            ),
        }
    }
    if header.countries.is_empty() {
        errors.at("jurisdiction", 0, "countries must list at least one".into());
    }
    if file.reach.applies_text.trim().is_empty() || file.reach.may_apply_text.trim().is_empty() {
        errors.at(
            "reach",
            0,
            "applies_text and may_apply_text must both be given".into(),
        );
    }
    let reach_applies = file
        .reach
        .applies
        .iter()
        .filter_map(|entry| {
            let (vendor, channel) = match entry.split_once('/') {
                Some((v, c)) => (Some(v.to_owned()), c.to_owned()),
                None => (None, entry.clone()),
            };
            if safe_id(&channel) && vendor.as_deref().is_none_or(safe_id) {
                Some(ChannelRef { vendor, channel })
            } else {
                errors.at(
                    "reach",
                    0,
                    format!("\"{entry}\" in applies must be a channel id or vendor/channel"),
                );
                None
            }
        })
        .collect();

    let mut article_ids = HashSet::new();
    let mut articles = Vec::new();
    for (i, a) in file.articles.iter().enumerate() {
        if !safe_id(&a.id) {
            errors.at(
                "articles",
                i,
                format!("article id \"{}\" must be letters, digits, - or _", a.id),
            );
        }
        if !article_ids.insert(a.id.as_str()) {
            errors.at("articles", i, format!("article {} is declared twice", a.id));
        }
        if a.source.trim().is_empty() {
            errors.at(
                "articles",
                i,
                format!("article {} needs its source (the act and article)", a.id),
            );
        }
        if a.short.trim().is_empty() {
            errors.at(
                "articles",
                i,
                format!("article {} needs a short text", a.id),
            );
        }
        articles.push(Article {
            id: a.id.clone(),
            short: a.short.clone(),
            source: a.source.clone(),
        });
    }
    let check_clauses = |errors: &mut Errors<'_>, table: &str, i: usize, clauses: &[String]| {
        for c in clauses {
            if !article_ids.contains(c.as_str()) {
                errors.at(
                    table,
                    i,
                    format!("cites {c}, which no [[articles]] declares"),
                );
            }
        }
    };

    let mut deadlines = Vec::new();
    let mut deadline_ids = HashSet::new();
    for (i, d) in file.deadlines.iter().enumerate() {
        if !safe_id(&d.id) {
            errors.at(
                "deadlines",
                i,
                format!("deadline id \"{}\" must be letters, digits, - or _", d.id),
            );
        }
        if !deadline_ids.insert(d.id.as_str()) {
            errors.at(
                "deadlines",
                i,
                format!("deadline {} is declared twice", d.id),
            );
        }
        if d.label.trim().is_empty() {
            errors.at("deadlines", i, format!("deadline {} needs a label", d.id));
        }
        let from = match DateFact::ALL.iter().find(|f| f.field() == d.from) {
            Some(f) => Some(Start::Fact(*f)),
            None if NOT_YET_COLLECTED.contains(&d.from.as_str()) => {
                Some(Start::NotCollected(d.from.clone()))
            }
            None => {
                errors.at(
                    "deadlines",
                    i,
                    format!(
                        "deadline {}: from = \"{}\" is not a claim date field",
                        d.id, d.from
                    ),
                );
                None
            }
        };
        let length = match length(d.days, d.months) {
            Ok(l) => Some(l),
            Err(e) => {
                errors.at("deadlines", i, format!("deadline {}: {e}", d.id));
                None
            }
        };
        check_clauses(&mut errors, "deadlines", i, &d.clauses);
        if let (Some(from), Some(length)) = (from, length) {
            let relative = d.relative.clone().unwrap_or_else(|| {
                let noun = match &from {
                    Start::Fact(f) => f.noun().to_owned(),
                    Start::NotCollected(field) => field.replace('_', " "),
                };
                format!("{noun} + {}", length_words(length))
            });
            deadlines.push(StatDeadline {
                id: d.id.clone(),
                label: d.label.clone(),
                from,
                length,
                relative,
                clauses: d.clauses.clone(),
            });
        }
    }
    let deadline_index = |id: &str| deadlines.iter().position(|d| d.id == id);

    let mut sellers = Vec::new();
    let mut default_seller = None;
    for (channel, text) in &file.seller_of_record {
        match template(text, &|_| None, Allow::default()) {
            Ok(t)
                if t.parts
                    .iter()
                    .all(|p| matches!(p, Part::Text(_) | Part::Vendor)) =>
            {
                if channel == "default" {
                    default_seller = Some(t);
                } else {
                    sellers.push((channel.clone(), t));
                }
            }
            Ok(_) => errors.at(
                "seller_of_record",
                0,
                format!("{channel}: only {{vendor}} may be used here"),
            ),
            Err(e) => errors.at("seller_of_record", 0, format!("{channel}: {e}")),
        }
    }

    let refer = file.refer.as_ref().and_then(|r| {
        let mut parse = |name: &str, text: &str| match template(text, &|_| None, Allow::default()) {
            Ok(t)
                if t.parts
                    .iter()
                    .all(|p| matches!(p, Part::Text(_) | Part::Country)) =>
            {
                Some(t)
            }
            Ok(_) => {
                errors.at(
                    "refer",
                    0,
                    format!("{name}: only {{country}} may be used here"),
                );
                None
            }
            Err(e) => {
                errors.at("refer", 0, format!("{name}: {e}"));
                None
            }
        };
        let domestic = parse("domestic", &r.domestic);
        let abroad = parse("abroad", &r.abroad);
        Some(Refer {
            domestic: domestic?,
            abroad: abroad?,
        })
    });

    let mut rules = Vec::new();
    let mut rule_ids = HashSet::new();
    for (i, r) in file.rules.iter().enumerate() {
        if !safe_id(&r.id) {
            errors.at(
                "rules",
                i,
                format!("rule id \"{}\" must be letters, digits, - or _", r.id),
            );
        }
        if !rule_ids.insert(r.id.as_str()) {
            errors.at("rules", i, format!("rule {} is declared twice", r.id));
        }
        if r.label.trim().is_empty() {
            errors.at("rules", i, format!("rule {} needs a label", r.id));
        }
        check_clauses(&mut errors, "rules", i, &r.clauses);
        let resolve = |list: &[String], what: &str, errors: &mut Errors<'_>| -> Vec<usize> {
            list.iter()
                .filter_map(|id| {
                    let found = deadline_index(id);
                    if found.is_none() {
                        errors.at(
                            "rules",
                            i,
                            format!(
                                "rule {}: {what} names deadline {id}, which is not declared",
                                r.id
                            ),
                        );
                    }
                    found
                })
                .collect()
        };
        let rule_deadlines = resolve(&r.deadlines, "deadlines", &mut errors);
        let mut when = Vec::new();
        for w in &r.when {
            let vendor_window = match w.vendor_window.as_deref() {
                None => None,
                Some("passed") => Some(VendorWindow::Passed),
                Some("open") => Some(VendorWindow::Open),
                Some(other) => {
                    errors.at(
                        "rules",
                        i,
                        format!(
                            "rule {}: vendor_window must be \"passed\" or \"open\", not \"{other}\"",
                            r.id
                        ),
                    );
                    None
                }
            };
            when.push(Conditions {
                verdicts: w.verdicts.clone(),
                return_shipping: w.return_shipping.clone(),
                vendor_window,
                within: resolve(&w.within, "within", &mut errors),
                after: resolve(&w.after, "after", &mut errors),
                not_after: resolve(&w.not_after, "not_after", &mut errors),
                vendor_has: w.vendor_has.clone(),
                vendor_lacks: w.vendor_lacks.clone(),
            });
        }
        let text = match template(
            &r.text,
            &deadline_index,
            Allow {
                compare: r.compare.is_some(),
                vendor_date: false,
                refer: file.refer.is_some(),
            },
        ) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.at("rules", i, format!("rule {}: text: {e}", r.id));
                None
            }
        };
        let compare = r.compare.as_ref().and_then(|c| {
            let length = match length(c.days, c.months) {
                Ok(l) => Some(l),
                Err(e) => {
                    errors.at("rules", i, format!("rule {}: compare: {e}", r.id));
                    None
                }
            };
            let allow = Allow {
                compare: false,
                vendor_date: true,
                refer: file.refer.is_some(),
            };
            let mut texts = Vec::new();
            for (name, source) in [
                ("law_longer", &c.law_longer),
                ("vendor_longer", &c.vendor_longer),
                ("same_length", &c.same_length),
                ("vendor_has_none", &c.vendor_has_none),
            ] {
                match template(source, &deadline_index, allow) {
                    Ok(t) => texts.push(t),
                    Err(e) => errors.at("rules", i, format!("rule {}: compare.{name}: {e}", r.id)),
                }
            }
            let undated = match c.undated.as_deref().map(|u| template(u, &deadline_index, allow)) {
                None => None,
                Some(Ok(t)) => Some(t),
                Some(Err(e)) => {
                    errors.at("rules", i, format!("rule {}: compare.undated: {e}", r.id));
                    None
                }
            };
            // The law's date compared: the named deadline, else the
            // rule's first.
            let compared = match c.deadline.as_deref() {
                Some(id) => {
                    let found = deadline_index(id);
                    if found.is_none() {
                        errors.at(
                            "rules",
                            i,
                            format!(
                                "rule {}: compare.deadline names deadline {id}, which is not declared",
                                r.id
                            ),
                        );
                    }
                    found
                }
                None => {
                    let first = rule_deadlines.first().copied();
                    if first.is_none() {
                        errors.at(
                            "rules",
                            i,
                            format!(
                                "rule {}: compare needs a deadline to compare (compare.deadline or the rule's deadlines)",
                                r.id
                            ),
                        );
                    }
                    first
                }
            };
            if c.windows.is_empty() {
                errors.at(
                    "rules",
                    i,
                    format!(
                        "rule {}: compare.windows must name the vendor windows to compare with",
                        r.id
                    ),
                );
            }
            let [law_longer, vendor_longer, same_length, vendor_has_none]: [Template; 4] =
                texts.try_into().ok()?;
            Some(Compare {
                windows: c.windows.clone(),
                length: length?,
                deadline: compared?,
                law_longer,
                vendor_longer,
                same_length,
                vendor_has_none,
                undated,
            })
        });
        if let Some(text) = text {
            rules.push(Rule {
                id: r.id.clone(),
                label: r.label.clone(),
                issues: r.issues.clone(),
                when,
                deadlines: rule_deadlines,
                clauses: r.clauses.clone(),
                text,
                compare,
                headline: r.headline,
            });
        }
    }

    if !errors.list.is_empty() {
        return Err(errors.list);
    }
    Ok(Jurisdiction {
        id: header.id.clone(),
        name: header.name.clone(),
        source: header.source.clone(),
        origin: origin.to_owned(),
        countries,
        articles,
        reach_applies,
        applies_text: file.reach.applies_text.clone(),
        may_apply_text: file.reach.may_apply_text.clone(),
        refer,
        sellers,
        default_seller: default_seller.unwrap_or(Template {
            parts: vec![Part::Vendor],
        }),
        deadlines,
        rules,
    })
}
