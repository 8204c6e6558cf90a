//! Claims: the raw input a front end collects, and the validated claim the
//! engine decides.
//!
//! Validation follows `policy-notes.md` ("Facts each decision needs"): when
//! several things are wrong, the first error in this order is reported:
//! malformed value, unknown id, missing fact, date after the claim date,
//! impossible order. Every error names one claim field.

use super::dates::{DateError, parse_date};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// The date facts of a claim, in the order of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateFact {
    Claim,
    Order,
    Delivery,
    Invoice,
    FirstNotice,
    Approval,
    /// The day the customer shipped the item back (or the vendor
    /// collected it): contract version 2.
    Shipped,
    /// The day the vendor received the returned item: contract version 2.
    VendorReceived,
}

/// How many date facts a claim can carry.
pub const DATE_FACTS: usize = 8;

impl DateFact {
    pub const ALL: [DateFact; DATE_FACTS] = [
        DateFact::Claim,
        DateFact::Order,
        DateFact::Delivery,
        DateFact::Invoice,
        DateFact::FirstNotice,
        DateFact::Approval,
        DateFact::Shipped,
        DateFact::VendorReceived,
    ];

    /// The claim field that carries this date.
    pub fn field(self) -> &'static str {
        match self {
            DateFact::Claim => "claim_date",
            DateFact::Order => "order_date",
            DateFact::Delivery => "delivery_date",
            DateFact::Invoice => "invoice_date",
            DateFact::FirstNotice => "first_notice_date",
            DateFact::Approval => "approval_date",
            DateFact::Shipped => "shipped_date",
            DateFact::VendorReceived => "vendor_received_date",
        }
    }

    /// How the date reads in a sentence ("the order date + 45 days").
    pub fn noun(self) -> &'static str {
        match self {
            DateFact::Claim => "claim date",
            DateFact::Order => "order date",
            DateFact::Delivery => "delivery date",
            DateFact::Invoice => "invoice date",
            DateFact::FirstNotice => "first notice",
            DateFact::Approval => "approval date",
            DateFact::Shipped => "shipped date",
            DateFact::VendorReceived => "date the vendor received it",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The yes/no facts of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    FreeProduct,
    ReplacementUnit,
    Undamaged,
    OutsidePurchaseCountry,
}

impl Flag {
    pub const ALL: [Flag; 4] = [
        Flag::FreeProduct,
        Flag::ReplacementUnit,
        Flag::Undamaged,
        Flag::OutsidePurchaseCountry,
    ];

    pub fn field(self) -> &'static str {
        match self {
            Flag::FreeProduct => "free_product",
            Flag::ReplacementUnit => "replacement_unit",
            Flag::Undamaged => "undamaged",
            Flag::OutsidePurchaseCountry => "outside_purchase_country",
        }
    }

    /// The value when the claim does not say (contract: `undamaged` is true,
    /// the others false).
    pub fn default_value(self) -> bool {
        matches!(self, Flag::Undamaged)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Any fact a policy can require or a rule can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    Channel,
    Product,
    Date(DateFact),
    Flag(Flag),
}

impl Fact {
    pub fn field(self) -> &'static str {
        match self {
            Fact::Channel => "channel",
            Fact::Product => "product",
            Fact::Date(d) => d.field(),
            Fact::Flag(f) => f.field(),
        }
    }

    pub fn from_field(name: &str) -> Option<Fact> {
        match name {
            "channel" => Some(Fact::Channel),
            "product" => Some(Fact::Product),
            _ => DateFact::ALL
                .iter()
                .find(|d| d.field() == name)
                .map(|d| Fact::Date(*d))
                .or_else(|| {
                    Flag::ALL
                        .iter()
                        .find(|f| f.field() == name)
                        .map(|f| Fact::Flag(*f))
                }),
        }
    }
}

/// What kind of product it is (MillSO words its cases and screen
/// protectors separately). The contract fixes the two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    Device,
    CaseOrScreenProtector,
}

impl Product {
    pub const ALL: [Product; 2] = [Product::Device, Product::CaseOrScreenProtector];

    pub fn id(self) -> &'static str {
        match self {
            Product::Device => "device",
            Product::CaseOrScreenProtector => "case_or_screen_protector",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Product::Device => "Device",
            Product::CaseOrScreenProtector => "Case or screen protector",
        }
    }

    /// The label as it reads inside a sentence.
    pub fn words(self) -> &'static str {
        match self {
            Product::Device => "device",
            Product::CaseOrScreenProtector => "case or screen protector",
        }
    }

    pub fn from_id(id: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// One thing wrong with a claim: the field it concerns and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimError {
    /// The claim field at fault; `None` only when the input is not a JSON
    /// object at all.
    pub field: Option<String>,
    pub reason: String,
    pub kind: ClaimErrorKind,
}

/// The error classes, in the order in which they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimErrorKind {
    Malformed,
    UnknownId,
    Missing,
    AfterClaimDate,
    ImpossibleOrder,
}

impl ClaimError {
    pub fn new(kind: ClaimErrorKind, field: &str, reason: impl Into<String>) -> Self {
        ClaimError {
            field: Some(field.to_owned()),
            reason: reason.into(),
            kind,
        }
    }

    fn whole_input(reason: impl Into<String>) -> Self {
        ClaimError {
            field: None,
            reason: reason.into(),
            kind: ClaimErrorKind::Malformed,
        }
    }
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for ClaimError {}

/// A claim as a front end collected it: every value still as given.
/// Policy ids are checked later, against the loaded policies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClaimInput {
    pub vendor: Option<String>,
    pub channel: Option<String>,
    pub issue: Option<String>,
    pub product: Option<String>,
    /// Amazon Europe: the country of the Amazon store it was bought from
    /// (an id of the channel's `stores` in the policy, e.g. `DE`). Only
    /// words the "outside the country of purchase" question; no rule
    /// tests it.
    pub store_country: Option<String>,
    /// Indexed by [`DateFact::index`]; text exactly as typed.
    pub dates: [Option<String>; DATE_FACTS],
    /// Indexed by [`Flag::index`].
    pub flags: [Option<bool>; 4],
    /// Where the customer lives (ISO 3166-1 alpha-2, as given): drives the
    /// statutory notes (`assets/jurisdictions/`).
    pub customer_country: Option<String>,
    /// The day the decision is made (claim contract version 3), as typed;
    /// absent: the claim date. Facts may be dated up to it; deadline
    /// statuses and days left are as of it; windows are never measured
    /// by it, so a later `as_of` alone never changes a verdict.
    pub as_of: Option<String>,
    /// Fields the claim carried that claimdesk does not know: ignored, so
    /// that a newer ticketing system's extra fields do not break intake,
    /// but reported (a misspelt `first_notice` must not pass unseen).
    /// Names as given, neutralised for display.
    pub unknown_fields: Vec<String>,
}

impl ClaimInput {
    pub fn date(&self, fact: DateFact) -> Option<&str> {
        self.dates[fact.index()].as_deref()
    }

    pub fn set_date(&mut self, fact: DateFact, value: Option<String>) {
        self.dates[fact.index()] = value;
    }

    pub fn flag(&self, flag: Flag) -> Option<bool> {
        self.flags[flag.index()]
    }

    pub fn set_flag(&mut self, flag: Flag, value: Option<bool>) {
        self.flags[flag.index()] = value;
    }

    /// Reads one claim from JSON text. A field given twice is an error
    /// (JSON itself lets the last one win silently, which would decide
    /// the claim on a value the agent may never have seen).
    pub fn from_json(text: &str) -> Result<ClaimInput, ClaimError> {
        // Files saved by some editors start with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let top: TopLevel = serde_json::from_str(text).map_err(|e| {
            ClaimError::whole_input(if e.is_data() {
                // Only a value other than an object gets this far.
                NOT_AN_OBJECT.to_owned()
            } else {
                json_error_words(&e)
            })
        })?;
        if let Some(key) = top.duplicate {
            let shown = crate::text::shown(&key, 60);
            return Err(ClaimError::new(
                ClaimErrorKind::Malformed,
                &shown,
                format!("duplicate field \"{shown}\": each field may be given once"),
            ));
        }
        ClaimInput::from_map(&top.map)
    }

    /// Reads one claim from a parsed JSON value. `null` means "not given".
    /// Unknown fields are ignored and listed in `unknown_fields`.
    pub fn from_value(value: &Value) -> Result<ClaimInput, ClaimError> {
        let Value::Object(map) = value else {
            return Err(ClaimError::whole_input(NOT_AN_OBJECT));
        };
        ClaimInput::from_map(map)
    }

    /// One pass over the object's fields (a claim holds a handful; looking
    /// each of the 19 known ones up, and each given one among them, was a
    /// tenth of `check --batch`). With several malformed fields, the one
    /// reported is the first in [`ClaimField`]'s order, whatever the order
    /// of the object's keys.
    fn from_map(map: &Map<String, Value>) -> Result<ClaimInput, ClaimError> {
        let mut input = ClaimInput::default();
        let mut first_error: Option<(usize, ClaimError)> = None;
        for (key, value) in map {
            let Some(field) = ClaimField::of(key) else {
                input.unknown_fields.push(crate::text::shown(key, 60));
                continue;
            };
            let read = match field {
                ClaimField::Flag(flag) => {
                    bool_value(key, value).map(|v| input.flags[flag.index()] = v)
                }
                text => text_value(key, value).map(|v| {
                    if let Some(slot) = input.text_mut(text) {
                        *slot = v;
                    }
                }),
            };
            if let Err(e) = read
                && first_error
                    .as_ref()
                    .is_none_or(|(rank, _)| field.rank() < *rank)
            {
                first_error = Some((field.rank(), e));
            }
        }
        match first_error {
            Some((_, e)) => Err(e),
            None => Ok(input),
        }
    }

    /// Where text field `field` is kept (`None` for a yes/no field).
    fn text_mut(&mut self, field: ClaimField) -> Option<&mut Option<String>> {
        Some(match field {
            ClaimField::Vendor => &mut self.vendor,
            ClaimField::Channel => &mut self.channel,
            ClaimField::Issue => &mut self.issue,
            ClaimField::Product => &mut self.product,
            ClaimField::StoreCountry => &mut self.store_country,
            ClaimField::Date(fact) => &mut self.dates[fact.index()],
            ClaimField::CustomerCountry => &mut self.customer_country,
            ClaimField::AsOf => &mut self.as_of,
            ClaimField::Flag(_) => return None,
        })
    }

    /// The claim as contract JSON (absent values omitted).
    pub fn to_json_value(&self) -> Value {
        let mut map = Map::new();
        let mut put = |key: &str, value: Option<&str>| {
            if let Some(v) = value {
                map.insert(key.to_owned(), Value::String(v.to_owned()));
            }
        };
        put("vendor", self.vendor.as_deref());
        put("channel", self.channel.as_deref());
        put("issue", self.issue.as_deref());
        for fact in DateFact::ALL {
            put(fact.field(), self.date(fact));
        }
        put("product", self.product.as_deref());
        put("store_country", self.store_country.as_deref());
        for flag in Flag::ALL {
            if let Some(v) = self.flag(flag) {
                map.insert(flag.field().to_owned(), Value::Bool(v));
            }
        }
        if let Some(country) = &self.customer_country {
            map.insert(CUSTOMER_COUNTRY.to_owned(), Value::String(country.clone()));
        }
        if let Some(as_of) = &self.as_of {
            map.insert(AS_OF.to_owned(), Value::String(as_of.clone()));
        }
        Value::Object(map)
    }

    /// Checks every given date is a real `YYYY-MM-DD` date, needed or not,
    /// and returns them parsed.
    pub fn parse_dates(&self) -> Result<[Option<NaiveDate>; DATE_FACTS], ClaimError> {
        let mut parsed = [None; DATE_FACTS];
        for fact in DateFact::ALL {
            if let Some(text) = self.date(fact) {
                let date = parse_date(text).map_err(|e| date_error(fact, text, &e))?;
                parsed[fact.index()] = Some(date);
            }
        }
        Ok(parsed)
    }

    /// The decision day as given (`as_of`), checked to be a real date.
    pub fn parse_as_of(&self) -> Result<Option<NaiveDate>, ClaimError> {
        self.as_of
            .as_deref()
            .map(|text| {
                parse_date(text).map_err(|e| {
                    ClaimError::new(
                        ClaimErrorKind::Malformed,
                        AS_OF,
                        format!("\"{}\" {e}", crate::text::shown(text, 40)),
                    )
                })
            })
            .transpose()
    }
}

/// The claim field naming the customer's country.
pub const CUSTOMER_COUNTRY: &str = "customer_country";

/// The claim field naming the day the decision is made (contract v3).
pub const AS_OF: &str = "as_of";

/// A JSON syntax error in words an agent can act on, with where it is:
/// "the claim is not valid JSON: line 1, column 2: expected a value such
/// as {…}, "text", 12, true or null" rather than serde's "expected ident
/// at line 1 column 2".
fn json_error_words(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde's own words, without its " at line L column C".
    let own = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let words = if own.starts_with("expected ident") || own.starts_with("expected value") {
        "expected a value such as {…}, \"text\", 12, true or null".to_owned()
    } else if own.starts_with("EOF while parsing") {
        "the text ends before the claim does (a closing } or \" is missing)".to_owned()
    } else if own.starts_with("trailing characters") {
        "there is more text after the claim's closing }".to_owned()
    } else if own.starts_with("key must be a string") {
        "a field name must be in double quotes (\"vendor\")".to_owned()
    } else if own.starts_with("expected `:`") {
        "expected a : between a field name and its value".to_owned()
    } else if own.starts_with("expected `,` or `}`") {
        "expected a , before the next field or a } to end the claim".to_owned()
    } else if own.starts_with("expected `,` or `]`") {
        "expected a , before the next item or a ] to end the list".to_owned()
    } else if own.starts_with("control character") {
        "a quoted text has a line break or control character in it".to_owned()
    } else if own.starts_with("invalid escape") || own.starts_with("invalid unicode") {
        "a backslash in a quoted text starts no valid escape (write \\\\ for one \\)".to_owned()
    } else {
        own.to_owned()
    };
    if e.line() == 0 {
        format!("the claim is not valid JSON: {words}")
    } else {
        format!(
            "the claim is not valid JSON: line {}, column {}: {words}",
            e.line(),
            e.column()
        )
    }
}

const NOT_AN_OBJECT: &str = "the claim must be a JSON object ({\"vendor\": ..., \"issue\": ...})";

/// A claim's top-level object as parsed, with the first key that came
/// twice. Parsed in one pass like `serde_json::Value` (the same map, the
/// same inserts): the duplicate check is the insert's own answer, so
/// `check --batch` pays nothing for it. Any other JSON value is a data
/// error, which [`ClaimInput::from_json`] reports as "not an object".
struct TopLevel {
    map: Map<String, Value>,
    duplicate: Option<String>,
}

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
            type Value = TopLevel;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<TopLevel, A::Error> {
                let mut map = Map::new();
                let mut duplicate = None;
                while let Some(key) = access.next_key::<String>()? {
                    let value: Value = access.next_value()?;
                    match map.entry(key) {
                        serde_json::map::Entry::Vacant(slot) => {
                            slot.insert(value);
                        }
                        serde_json::map::Entry::Occupied(slot) => {
                            // The rest is still read, so that a syntax
                            // error later in the text is reported as one.
                            duplicate.get_or_insert_with(|| slot.key().clone());
                        }
                    }
                }
                Ok(TopLevel { map, duplicate })
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

fn date_error(fact: DateFact, text: &str, error: &DateError) -> ClaimError {
    let shown = crate::text::shown(text, 40);
    ClaimError::new(
        ClaimErrorKind::Malformed,
        fact.field(),
        format!("\"{shown}\" {error}"),
    )
}

/// A field of the claim object, in the order its errors are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimField {
    Vendor,
    Channel,
    Issue,
    Product,
    StoreCountry,
    Date(DateFact),
    Flag(Flag),
    CustomerCountry,
    AsOf,
}

impl ClaimField {
    fn of(key: &str) -> Option<ClaimField> {
        Some(match key {
            "vendor" => ClaimField::Vendor,
            "channel" => ClaimField::Channel,
            "issue" => ClaimField::Issue,
            "product" => ClaimField::Product,
            "store_country" => ClaimField::StoreCountry,
            CUSTOMER_COUNTRY => ClaimField::CustomerCountry,
            AS_OF => ClaimField::AsOf,
            _ => {
                if let Some(fact) = DateFact::ALL.into_iter().find(|f| f.field() == key) {
                    ClaimField::Date(fact)
                } else {
                    ClaimField::Flag(Flag::ALL.into_iter().find(|f| f.field() == key)?)
                }
            }
        })
    }

    /// Its place in the order errors are reported in.
    fn rank(self) -> usize {
        match self {
            ClaimField::Vendor => 0,
            ClaimField::Channel => 1,
            ClaimField::Issue => 2,
            ClaimField::Product => 3,
            ClaimField::StoreCountry => 4,
            ClaimField::Date(fact) => 5 + fact.index(),
            ClaimField::Flag(flag) => 5 + DATE_FACTS + flag.index(),
            ClaimField::CustomerCountry => 5 + DATE_FACTS + Flag::ALL.len(),
            ClaimField::AsOf => 6 + DATE_FACTS + Flag::ALL.len(),
        }
    }
}

fn text_value(key: &str, value: &Value) -> Result<Option<String>, ClaimError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(ClaimError::new(
            ClaimErrorKind::Malformed,
            key,
            format!("must be a string, not {}", json_kind(other)),
        )),
    }
}

fn bool_value(key: &str, value: &Value) -> Result<Option<bool>, ClaimError> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(ClaimError::new(
            ClaimErrorKind::Malformed,
            key,
            format!("must be true or false, not {}", json_kind(other)),
        )),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A validated claim, ready for the engine: ids resolved against one
/// vendor's policy, dates parsed and in a possible order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Index of the vendor's policy in the [`super::PolicySet`].
    pub vendor: usize,
    /// Index into the policy's issues.
    pub issue: usize,
    /// Index into the policy's channels (the policy default applied).
    pub channel: Option<usize>,
    pub product: Product,
    /// Dates as given, indexed by [`DateFact::index`]. `FirstNotice` here
    /// is the date as given; `Claim` is always present.
    pub dates: [Option<NaiveDate>; DATE_FACTS],
    /// The day of the intake: as given, else today.
    pub claim_date: NaiveDate,
    /// The day the decision is made: as given (`as_of`), else the claim
    /// date; never before it. Statuses and days left are as of this day.
    pub as_of: NaiveDate,
    /// The first notice that windows are measured at: as given, else the
    /// earlier of the claim date and the approval date.
    pub first_notice: NaiveDate,
    pub flags: [bool; 4],
    /// The customer's country, checked to be a real ISO 3166-1 code.
    pub customer_country: Option<CountryCode>,
}

/// An ISO 3166-1 alpha-2 code known to exist (`DE`, `GB`), upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// The code for `text` (either case), if ISO 3166-1 assigns it.
    pub fn parse(text: &str) -> Option<CountryCode> {
        let bytes = text.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let code = CountryCode([bytes[0].to_ascii_uppercase(), bytes[1].to_ascii_uppercase()]);
        celes::Country::from_alpha2(code.as_str()).ok()?;
        Some(code)
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII letters: always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The country's English name ("Germany"), without a leading "The ".
    pub fn name(&self) -> &'static str {
        // ISO's full names of these two are too long for a choice row.
        match self.as_str() {
            "GB" => return "United Kingdom",
            "US" => return "United States",
            _ => {}
        }
        celes::Country::from_alpha2(self.as_str()).map_or("", |c| {
            c.long_name.strip_prefix("The ").unwrap_or(c.long_name)
        })
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Claim {
    pub fn date(&self, fact: DateFact) -> Option<NaiveDate> {
        self.dates[fact.index()]
    }

    /// The date a window is measured at: the effective first notice for
    /// `FirstNotice`, the date as given for everything else.
    pub fn measured(&self, fact: DateFact) -> Option<NaiveDate> {
        match fact {
            DateFact::FirstNotice => Some(self.first_notice),
            DateFact::Claim => Some(self.claim_date),
            other => self.date(other),
        }
    }

    pub fn flag(&self, flag: Flag) -> bool {
        self.flags[flag.index()]
    }
}

#[cfg(test)]
mod json_error_tests {
    use super::ClaimInput;

    fn error(text: &str) -> String {
        match ClaimInput::from_json(text) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_claim_that_is_not_json_says_where_and_what_in_words() {
        let e = error("nope");
        assert!(
            e.contains("not valid JSON: line 1, column 2: expected a value such as {…}"),
            "{e}"
        );
        assert!(!e.contains("ident"), "{e}");
        let e = error("{vendor: \"millso\"}");
        assert!(
            e.contains("line 1, column 2: a field name must be in double quotes"),
            "{e}"
        );
        let e = error("{\"vendor\": \"millso\"");
        assert!(e.contains("the text ends before the claim does"), "{e}");
        let e = error("{\"vendor\": \"millso\"} x");
        assert!(e.contains("more text after the claim's closing }"), "{e}");
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;

    /// Every field of the contract is read, each in its own place of the
    /// order errors are reported in; anything else is an unknown field.
    #[test]
    fn every_claim_field_is_known_and_ranked_once() {
        let names = [
            "vendor",
            "channel",
            "issue",
            "product",
            "store_country",
            "claim_date",
            "order_date",
            "delivery_date",
            "invoice_date",
            "first_notice_date",
            "approval_date",
            "shipped_date",
            "vendor_received_date",
            "free_product",
            "replacement_unit",
            "undamaged",
            "outside_purchase_country",
            CUSTOMER_COUNTRY,
            AS_OF,
        ];
        let ranks: Vec<usize> = names
            .iter()
            .map(|name| ClaimField::of(name).expect(name).rank())
            .collect();
        assert_eq!(ranks, (0..names.len()).collect::<Vec<_>>());
        assert_eq!(ClaimField::of("Vendor"), None);
        assert_eq!(ClaimField::of("colour"), None);
    }

    /// With several malformed fields the first in that order is named,
    /// whatever the order of the keys.
    #[test]
    fn the_first_malformed_field_in_contract_order_is_reported() {
        let err = ClaimInput::from_json(r#"{"undamaged": 3, "as_of": 1, "channel": 2, "zeta": 1}"#)
            .expect_err("malformed");
        assert!(err.to_string().contains("channel"), "{err}");
        let input =
            ClaimInput::from_json(r#"{"zeta": 1, "alpha": 2, "vendor": "mitkco"}"#).expect("claim");
        assert_eq!(input.unknown_fields, ["alpha", "zeta"]);
        assert_eq!(input.vendor.as_deref(), Some("mitkco"));
    }
}
