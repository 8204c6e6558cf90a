//! The letter's words: the seven languages, their Fluent files (embedded),
//! dates as each language writes them, and [`render`], which turns a
//! [`Letter`]'s items into localised blocks the forms lay out.
//!
//! Fluent (`fluent-bundle`): a translator edits one `.ftl` file per
//! language, with plurals and word order in the language's hands, never
//! code. Bidi isolation marks are off: the letter is plain text and e-mail.

use super::{Item, Letter};
use crate::rules::outcome::{Remedy, Verdict};
use chrono::{Datelike, NaiveDate};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::fmt;

/// A language the letter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    It,
    Ja,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::It,
        Lang::Ja,
        Lang::ZhCn,
    ];

    /// The tag used on the command line and for the folder under
    /// `assets/locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Ja => "ja",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// `de`, `DE`, `zh-cn`, `zh`: the language, if one of the seven.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(&t))
            .or(if t == "zh" || t == "zh-hans" {
                Some(Lang::ZhCn)
            } else {
                None
            })
    }

    /// The default for a customer's country: DE/AT → de, FR/BE → fr,
    /// ES → es, IT → it, JP → ja, CN → zh-CN, others → en.
    pub fn for_country(country: Option<&str>) -> Lang {
        match country.map(|c| c.trim().to_ascii_uppercase()).as_deref() {
            Some("DE" | "AT") => Lang::De,
            Some("FR" | "BE") => Lang::Fr,
            Some("ES") => Lang::Es,
            Some("IT") => Lang::It,
            Some("JP") => Lang::Ja,
            Some("CN") => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    /// The language's Fluent file, as shipped.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../assets/locales/en/letter.ftl"),
            Lang::De => include_str!("../../assets/locales/de/letter.ftl"),
            Lang::Fr => include_str!("../../assets/locales/fr/letter.ftl"),
            Lang::Es => include_str!("../../assets/locales/es/letter.ftl"),
            Lang::It => include_str!("../../assets/locales/it/letter.ftl"),
            Lang::Ja => include_str!("../../assets/locales/ja/letter.ftl"),
            Lang::ZhCn => include_str!("../../assets/locales/zh-CN/letter.ftl"),
        }
    }

    /// The language's own name, as a customer would say it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::It => "Italiano",
            Lang::Ja => "日本語",
            Lang::ZhCn => "简体中文",
        }
    }

    /// Counts two display columns per wide character (the receipt).
    pub fn is_cjk(self) -> bool {
        matches!(self, Lang::Ja | Lang::ZhCn)
    }

    /// A date with its weekday, the way the language writes it.
    pub fn date(self, d: NaiveDate) -> String {
        let (day, year) = (d.day(), d.year());
        let m = d.month0() as usize;
        let w = d.weekday().num_days_from_monday() as usize;
        let pick = |names: &[&'static str], i: usize| names.get(i).copied().unwrap_or_default();
        match self {
            Lang::En => format!("{} {day} {} {year}", pick(&EN_DAYS, w), pick(&EN_MONTHS, m)),
            Lang::De => format!(
                "{}, {day}. {} {year}",
                pick(&DE_DAYS, w),
                pick(&DE_MONTHS, m)
            ),
            Lang::Fr => format!("{} {day} {} {year}", pick(&FR_DAYS, w), pick(&FR_MONTHS, m)),
            Lang::Es => format!(
                "{}, {day} de {} de {year}",
                pick(&ES_DAYS, w),
                pick(&ES_MONTHS, m)
            ),
            Lang::It => format!("{} {day} {} {year}", pick(&IT_DAYS, w), pick(&IT_MONTHS, m)),
            Lang::Ja => format!("{year}年{}月{day}日（{}）", m + 1, pick(&JA_DAYS, w)),
            Lang::ZhCn => format!("{year}年{}月{day}日（{}）", m + 1, pick(&ZH_DAYS, w)),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_DAYS: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const ES_DAYS: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];
const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const IT_DAYS: [&str; 7] = [
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
];
const IT_MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const JA_DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const ZH_DAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

/// A part of the rendered letter, laid out by each form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Lines at the head: the writer, the reference.
    Head(Vec<String>),
    /// A paragraph.
    Para(String),
    /// A section heading.
    Heading(String),
    /// Numbered steps.
    Numbered(Vec<String>),
    /// The vendor's own words, quoted.
    Quote(String),
}

/// The letter in one language: its subject and blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub lang: Lang,
    pub subject: String,
    pub blocks: Vec<Block>,
}

/// One language's messages, ready to format.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    /// Loads the language's embedded Fluent file. A file that does not
    /// parse is a bug caught by the tests; what parses is used.
    pub fn new(lang: Lang) -> Messages {
        let resource = match FluentResource::try_new(lang.source().to_owned()) {
            Ok(r) | Err((r, _)) => r,
        };
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        // A duplicate id keeps the first; the tests refuse duplicates.
        let _ = bundle.add_resource(resource);
        Messages { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the language has the message.
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    /// The message formatted with `args`; a missing message reads
    /// `[id]` (the tests refuse one in any reference letter).
    pub fn get(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(t) => fargs.set(*name, FluentValue::from(t.as_str())),
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }
}

/// A value for a placeholder.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Num(i64),
}

fn t(s: impl Into<String>) -> Arg {
    Arg::Text(s.into())
}

/// The message id of a customer step (per policy and window).
pub fn window_message(vendor: &str, window: &str) -> String {
    format!("win-{vendor}-{window}")
}

/// The message id of a warning (per policy and clause cited).
pub fn warning_message(vendor: &str, clause: &str) -> String {
    format!("warn-{vendor}-{clause}")
}

/// The letter in `lang`.
pub fn render(letter: &Letter, lang: Lang) -> Rendered {
    let m = Messages::new(lang);
    render_with(letter, &m)
}

/// The letter with already loaded messages.
pub fn render_with(letter: &Letter, m: &Messages) -> Rendered {
    let lang = m.lang();
    let vendor = crate::text::neutralise(&letter.vendor_name).into_owned();
    // The policy's contacts, as placeholders of the window messages.
    let mut base: Vec<(&str, Arg)> = vec![("vendor", t(&vendor))];
    // Policy files may come from a folder of the agent's: their texts are
    // shown with control characters neutralised, like the customer's.
    for (k, v) in &letter.contacts {
        base.push((k.as_str(), t(crate::text::neutralise(v))));
    }
    let with = |extra: Vec<(&'static str, Arg)>| {
        let mut args = base.clone();
        args.extend(extra);
        args
    };
    let remedy = |remedies: &[Remedy]| -> String {
        let mut words = remedies
            .iter()
            .map(|r| m.get(&format!("remedy-{}", r.id()), &[]));
        let first = words.next().unwrap_or_else(|| m.get("remedy-none", &[]));
        words.fold(first, |a, b| {
            m.get("remedy-or", &[("a", t(a)), ("b", t(b))])
        })
    };
    let issue = |id: &str| {
        let key = format!("issue-{id}");
        if m.has(&key) {
            m.get(&key, &[])
        } else {
            m.get("issue-other", &[])
        }
    };

    let mut blocks = Vec::new();
    let mut case_id = String::new();
    let mut steps = Vec::new();
    let mut vendor_steps = Vec::new();
    let mut shipping = Vec::new();
    let mut law = Vec::new();
    let mut turn: Vec<String> = Vec::new();
    let mut why = Vec::new();
    let mut original = Vec::new();
    let mut decision = String::new();

    for item in &letter.items {
        match item {
            Item::From { name, phone, email } => {
                let mut head = vec![crate::text::neutralise(name).into_owned()];
                if let Some(p) = phone {
                    head.push(m.get("from-phone", &[("phone", t(crate::text::neutralise(p)))]));
                }
                if let Some(e) = email {
                    head.push(m.get("from-email", &[("email", t(crate::text::neutralise(e)))]));
                }
                blocks.push(Block::Head(head));
            }
            Item::Reference {
                case_id: id,
                order,
                date,
            } => {
                case_id = id.clone();
                let mut head = vec![m.get("ref-case", &[("case", t(id))])];
                if let Some(o) = order {
                    head.push(m.get("ref-order", &[("order", t(crate::text::neutralise(o)))]));
                }
                head.push(m.get("ref-date", &[("date", t(lang.date(*date)))]));
                blocks.push(Block::Head(head));
            }
            Item::Decision {
                verdict,
                issue: i,
                product,
                remedies,
            } => {
                let product_key = format!("product-{}", product.as_deref().unwrap_or("none"));
                let product = if m.has(&product_key) {
                    m.get(&product_key, &[])
                } else {
                    m.get("product-none", &[])
                };
                decision = m.get(
                    &format!("decision-{}", verdict.id()),
                    &with(vec![
                        ("product", t(product)),
                        ("issue", t(issue(i))),
                        ("remedy", t(remedy(remedies))),
                    ]),
                );
            }
            Item::CustomerStep { window, date, from } => {
                let what = m.get(&window_message(&letter.vendor, window), &with(vec![]));
                steps.push(match date {
                    Some(d) => m.get(
                        "step-dated",
                        &[("date", t(lang.date(*d))), ("what", t(what))],
                    ),
                    None => {
                        let from = from.map_or_else(
                            || m.get("from-unknown", &[]),
                            |f| m.get(&format!("from-{}", f.field()), &with(vec![])),
                        );
                        m.get("step-undated", &[("what", t(what)), ("from", t(from))])
                    }
                });
            }
            Item::VendorStep {
                remedies,
                days,
                date: _,
                review,
            } => {
                let r = t(remedy(remedies));
                vendor_steps.push(match (review, days) {
                    (true, _) => m.get("vendor-review", &with(vec![])),
                    (false, Some(n)) => m.get(
                        "vendor-days",
                        &with(vec![("remedy", r), ("days", Arg::Num(i64::from(*n)))]),
                    ),
                    (false, None) => m.get("vendor-notime", &with(vec![("remedy", r)])),
                });
            }
            Item::Shipping { payer } => {
                shipping.push(m.get(&format!("ship-{}", payer.id()), &with(vec![])));
            }
            Item::Warning { clause, date } => {
                let date = date.map_or_else(|| m.get("date-unknown", &[]), |d| lang.date(d));
                shipping.push(m.get(
                    &warning_message(&letter.vendor, clause),
                    &with(vec![("date", t(date))]),
                ));
            }
            Item::RightInLaw {
                jurisdiction,
                article,
                date,
                abroad,
            } => {
                let until = match date {
                    Some(d) => m.get("law-until", &[("date", t(lang.date(*d)))]),
                    None => m.get("law-until-unknown", &[]),
                };
                let body = m.get(
                    &format!(
                        "turn-{jurisdiction}-{}",
                        if *abroad { "abroad" } else { "domestic" }
                    ),
                    &[],
                );
                law.push(m.get(&format!("law-{article}"), &with(vec![("until", t(until))])));
                // Where to turn, once per body after the rights.
                if !turn.contains(&body) {
                    turn.push(body);
                }
            }
            Item::Why {
                verdict,
                issue: i,
                passed,
                law: has_law,
            } => {
                let reason = match (verdict, passed) {
                    (Verdict::Review, _) => m.get("why-review", &with(vec![])),
                    (_, Some((window, date))) => m.get(
                        "why-late",
                        &with(vec![
                            ("date", t(lang.date(*date))),
                            (
                                "what",
                                t(m.get(&window_message(&letter.vendor, window), &with(vec![]))),
                            ),
                        ]),
                    ),
                    _ => {
                        let key = format!("why-issue-{i}");
                        if m.has(&key) {
                            m.get(&key, &with(vec![]))
                        } else {
                            m.get("why-issue-other", &with(vec![]))
                        }
                    }
                };
                why.push(reason);
                let contact = letter
                    .contacts
                    .iter()
                    .find(|(_, v)| v.contains('@'))
                    .map_or_else(
                        || vendor.clone(),
                        |(_, v)| crate::text::neutralise(v).into_owned(),
                    );
                why.push(if *has_law {
                    m.get("still-law", &with(vec![]))
                } else {
                    m.get("still-ask", &with(vec![("contact", t(contact))]))
                });
            }
            Item::OriginalWording { text } => {
                original.push(crate::text::neutralise(text).into_owned());
            }
        }
    }

    let greeting = match &letter.customer_name {
        Some(name) => m.get(
            "greeting-name",
            &[("name", t(crate::text::neutralise(name)))],
        ),
        None => m.get("greeting", &[]),
    };
    blocks.push(Block::Para(greeting));
    blocks.push(Block::Heading(m.get("heading-decision", &[])));
    blocks.push(Block::Para(decision));
    if !steps.is_empty() {
        blocks.push(Block::Heading(m.get("heading-you", &[])));
        blocks.push(Block::Numbered(steps));
    }
    if !vendor_steps.is_empty() {
        blocks.push(Block::Heading(m.get("heading-vendor", &with(vec![]))));
        blocks.extend(vendor_steps.into_iter().map(Block::Para));
    }
    if !shipping.is_empty() {
        blocks.push(Block::Heading(m.get("heading-shipping", &[])));
        blocks.extend(shipping.into_iter().map(Block::Para));
    }
    if !law.is_empty() {
        blocks.push(Block::Heading(m.get("heading-law", &[])));
        blocks.push(Block::Para(m.get("law-intro", &with(vec![]))));
        blocks.extend(law.into_iter().map(Block::Para));
        for body in turn {
            blocks.push(Block::Para(m.get("law-turn", &[("body", t(body))])));
        }
    }
    if !why.is_empty() {
        blocks.push(Block::Heading(m.get("heading-why", &[])));
        blocks.extend(why.into_iter().map(Block::Para));
    }
    if !original.is_empty() {
        blocks.push(Block::Heading(m.get("heading-original", &[])));
        blocks.push(Block::Para(m.get("original-intro", &with(vec![]))));
        blocks.extend(original.into_iter().map(Block::Quote));
    }
    blocks.push(Block::Para(m.get("closing", &[])));
    let subject = m.get("subject", &with(vec![("case", t(&case_id))]));
    Rendered {
        lang,
        subject,
        blocks,
    }
}
