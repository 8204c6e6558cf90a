//! The intake: which questions a claim needs, in which order, and how an
//! answer typed by a person becomes a claim fact.
//!
//! Shared by every interactive front end (the wizard, plain mode) so they
//! ask the same questions with the same validation. All eligibility
//! decisions stay in [`crate::rules`]; this module only asks what the
//! chosen vendor's policy says the chosen issue needs.

mod answers;
pub mod draft;

pub use answers::{DATE_FORMS, DateAnswer, is_date_char, match_choice, parse_date_answer};

use crate::rules::claim::{ClaimError, ClaimInput, CountryCode, DateFact, Fact, Flag, Product};
use crate::rules::policy::{Policy, PolicySet, PurchaseCountry};
use crate::rules::{self, DecideError, Outcome, Preview, validate};
use chrono::NaiveDate;

/// What a question sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Vendor,
    Issue,
    Channel,
    /// Amazon Europe: which country's store (it names the country of
    /// purchase in the "outside" question).
    StoreCountry,
    Date(DateFact),
    /// Product kind and the yes/no facts, asked together as toggles.
    Details,
    /// Where the customer lives, for the statutory notes.
    CustomerCountry,
}

impl Field {
    /// The date a date question sets.
    pub fn date_fact(self) -> Option<DateFact> {
        match self {
            Field::Date(d) => Some(d),
            _ => None,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Field::Vendor => "Vendor",
            Field::Issue => "Issue",
            Field::Channel => "Channel",
            Field::StoreCountry => "Amazon store",
            Field::Date(DateFact::Claim) => "Claim date",
            Field::Date(DateFact::Order) => "Order date",
            Field::Date(DateFact::Delivery) => "Delivered on",
            Field::Date(DateFact::Invoice) => "Invoice date",
            Field::Date(DateFact::FirstNotice) => "First contact",
            Field::Date(DateFact::Approval) => "Approved on",
            Field::Date(DateFact::Shipped) => "Shipped back on",
            Field::Date(DateFact::VendorReceived) => "Vendor received it",
            Field::Details => "Condition",
            Field::CustomerCountry => "Lives in",
        }
    }
}

/// The choice id of "Not known" in the country question.
pub const NOT_KNOWN: &str = "-";

/// One option of a choice question: a policy's channel or issue, or a
/// vendor.
pub use crate::rules::policy::Choice;

/// One yes/no fact of the details question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    /// "case or screen protector" (product) rather than a device.
    CaseOrScreenProtector,
    Flag(Flag),
}

impl Toggle {
    pub fn label(self) -> &'static str {
        match self {
            Toggle::CaseOrScreenProtector => "It is a case or screen protector",
            Toggle::Flag(Flag::FreeProduct) => "It was a free product",
            Toggle::Flag(Flag::ReplacementUnit) => {
                "It is a replacement unit (order date = the original order)"
            }
            Toggle::Flag(Flag::Undamaged) => {
                "The item is undamaged / intact (apart from the fault)"
            }
            Toggle::Flag(Flag::OutsidePurchaseCountry) => {
                "Is the customer now outside the country of purchase?"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Choice(Vec<Choice>),
    /// A date; `optional` dates may be left blank ("not given").
    Date {
        optional: bool,
    },
    Toggles(Vec<Toggle>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub field: Field,
    pub prompt: String,
    /// What a blank answer or the quick forms mean here.
    pub help: String,
    pub kind: Kind,
}

/// A claim being taken: the answers so far.
#[derive(Debug, Clone)]
pub struct Intake<'p> {
    pub policies: &'p PolicySet,
    /// Today's date on the agent's clock: the default claim date.
    pub today: NaiveDate,
    pub input: ClaimInput,
    /// Where the agent's customers usually buy (config.toml
    /// `purchase_country`): named in the "outside the country" question.
    pub purchase_country: Option<String>,
    /// Where the agent's customers usually live (config.toml
    /// `customer_country`, checked): the default of the country question.
    pub customer_country: Option<String>,
    /// The claim's `customer_country` came from that default (or the
    /// channel's), not from the agent: a change of channel may replace it.
    pub country_is_default: bool,
}

impl<'p> Intake<'p> {
    pub fn new(policies: &'p PolicySet, today: NaiveDate) -> Self {
        Intake {
            policies,
            today,
            input: ClaimInput::default(),
            purchase_country: None,
            customer_country: None,
            country_is_default: false,
        }
    }

    pub fn policy(&self) -> Option<&'p Policy> {
        self.input
            .vendor
            .as_deref()
            .and_then(|v| self.policies.vendor(v))
    }

    fn issue_index(&self) -> Option<usize> {
        let policy = self.policy()?;
        policy.issue_index(self.input.issue.as_deref()?)
    }

    /// A toggle's wording; the "outside" one names the country of purchase.
    pub fn toggle_label(&self, toggle: Toggle) -> String {
        match toggle {
            Toggle::Flag(Flag::OutsidePurchaseCountry) => format!(
                "Is the customer now outside {}?",
                self.purchase_country_words()
            ),
            _ => toggle.label().to_owned(),
        }
    }

    /// How the claim's channel is placed in a country (policy data).
    fn channel_country(&self) -> Option<&'p PurchaseCountry> {
        let policy = self.policy()?;
        let channel = policy.channel_index(self.input.channel.as_deref()?)?;
        policy.channel_countries.get(channel)
    }

    /// The country of purchase in words, by channel (policy-notes.md,
    /// "Outside the country of purchase"): the channel's country (Amazon
    /// US, Japan), the store's (Amazon Europe: asked), else for a direct
    /// purchase the config's `purchase_country`, else the shipping country.
    pub fn purchase_country_words(&self) -> String {
        const SHIPPED_TO: &str = "the country the order was shipped to";
        match self.channel_country() {
            Some(PurchaseCountry::Named(country)) => crate::text::shown(country, 40),
            Some(PurchaseCountry::AskStore(stores)) => self
                .input
                .store_country
                .as_deref()
                .and_then(|id| stores.iter().find(|s| s.id == id))
                .map_or_else(
                    || "the country of the Amazon store".to_owned(),
                    |s| crate::text::shown(&s.label, 40),
                ),
            Some(PurchaseCountry::Unnamed) if self.input.channel.as_deref() == Some("direct") => {
                self.purchase_country
                    .as_deref()
                    .map_or_else(|| SHIPPED_TO.to_owned(), |c| crate::text::shown(c, 30))
            }
            _ => SHIPPED_TO.to_owned(),
        }
    }

    /// The claim date: as entered, else today.
    pub fn claim_date(&self) -> NaiveDate {
        self.input
            .date(DateFact::Claim)
            .and_then(|t| crate::rules::dates::parse_date(t).ok())
            .unwrap_or(self.today)
    }

    /// The questions this claim needs, in the order they are asked. It
    /// grows as vendor and issue are answered: the policy says which facts
    /// the issue needs.
    pub fn questions(&self) -> Vec<Question> {
        let mut out = vec![Question {
            field: Field::Vendor,
            prompt: "Which vendor made or sold the product?".into(),
            help: String::new(),
            kind: Kind::Choice(
                self.policies
                    .policies
                    .iter()
                    .map(|p| Choice {
                        id: p.id.clone(),
                        label: p.name.clone(),
                        help: String::new(),
                    })
                    .collect(),
            ),
        }];
        let Some(policy) = self.policy() else {
            return out;
        };
        out.push(Question {
            field: Field::Issue,
            prompt: "What is the customer's problem?".into(),
            help: String::new(),
            kind: Kind::Choice(policy.issues.clone()),
        });
        let Some(issue) = self.issue_index() else {
            return out;
        };
        let asks = |f: Fact| {
            policy.required_facts(issue).contains(&f) || policy.optional_facts(issue).contains(&f)
        };
        let required = |f: Fact| policy.required_facts(issue).contains(&f);
        // A single-channel vendor's channel is its default: nothing to ask.
        if asks(Fact::Channel) && policy.channels.len() > 1 {
            out.push(Question {
                field: Field::Channel,
                prompt: "Where was it bought?".into(),
                help: String::new(),
                kind: Kind::Choice(policy.channels.clone()),
            });
        }
        // Before the dates, right after the channel: which store, where the
        // channel is several countries and the "outside" question is asked.
        if asks(Fact::Flag(Flag::OutsidePurchaseCountry))
            && let Some(PurchaseCountry::AskStore(stores)) = self.channel_country()
        {
            out.push(Question {
                field: Field::StoreCountry,
                prompt: "Which country's Amazon store was it bought from?".into(),
                help: String::new(),
                kind: Kind::Choice(stores.clone()),
            });
        }
        for fact in [
            DateFact::Order,
            DateFact::Delivery,
            DateFact::Invoice,
            DateFact::FirstNotice,
            DateFact::Approval,
            DateFact::Shipped,
            DateFact::VendorReceived,
        ] {
            if !asks(Fact::Date(fact)) {
                continue;
            }
            let optional = !required(Fact::Date(fact));
            // The First-contact question in the vendor's own terms (whom
            // the customer must have contacted), from the policy file.
            let prompt = match (fact, &policy.first_contact) {
                (DateFact::FirstNotice, Some(p)) => crate::text::shown(p, 200),
                (DateFact::FirstNotice, None) => format!(
                    "When did the customer first contact {}, or us on its behalf, about this?",
                    crate::text::shown(&policy.name, 40)
                ),
                _ => date_prompt(fact).into(),
            };
            out.push(Question {
                field: Field::Date(fact),
                prompt,
                help: date_help(fact, optional).into(),
                kind: Kind::Date { optional },
            });
        }
        let mut toggles = Vec::new();
        if asks(Fact::Product) {
            toggles.push(Toggle::CaseOrScreenProtector);
        }
        for flag in Flag::ALL {
            if asks(Fact::Flag(flag)) {
                toggles.push(Toggle::Flag(flag));
            }
        }
        if !toggles.is_empty() {
            out.push(Question {
                field: Field::Details,
                prompt: "Anything of these true? (toggle, then Enter)".into(),
                help: String::new(),
                kind: Kind::Toggles(toggles),
            });
        }
        // Asked only when some jurisdiction file has a rule for the issue.
        if self
            .policies
            .jurisdictions
            .speaks_to_issue(&policy.issues[issue].id)
        {
            out.push(Question {
                field: Field::CustomerCountry,
                prompt: "Where does the customer live? (for the customer's rights in law)".into(),
                help: "Type a code or a name to find a country. Not known: no statutory notes."
                    .into(),
                kind: Kind::Choice(self.country_choices()),
            });
            // The law counts from delivery where the vendor's policy does
            // not (MillSO counts from the order): ask it, optional, so
            // the statutory note carries a date (statutory notes,
            // "Corrections").
            let delivery = Fact::Date(DateFact::Delivery);
            if !asks(delivery)
                && let Some(country) = self
                    .input
                    .customer_country
                    .as_deref()
                    .and_then(CountryCode::parse)
                && self.policies.jurisdictions.counts_from(
                    country,
                    &policy.issues[issue].id,
                    DateFact::Delivery,
                )
            {
                out.push(Question {
                    field: Field::Date(DateFact::Delivery),
                    prompt:
                        "When did the customer receive the item? (the law counts from delivery)"
                            .into(),
                    help: "Blank: not known (the note then counts \"from delivery\", undated)."
                        .into(),
                    kind: Kind::Date { optional: true },
                });
            }
        }
        out
    }

    /// The country the question offers first: config.toml's
    /// `customer_country`, else the channel's (`amazon_jp` → JP,
    /// `amazon_us` → US; `amazon_eu` has no single country).
    pub fn default_country(&self) -> Option<CountryCode> {
        if let Some(code) = self
            .customer_country
            .as_deref()
            .and_then(CountryCode::parse)
        {
            return Some(code);
        }
        match self.input.channel.as_deref()? {
            "amazon_jp" => CountryCode::parse("JP"),
            "amazon_us" => CountryCode::parse("US"),
            _ => None,
        }
    }

    /// The country options: the default first (else "Not known", so Enter
    /// never picks a country by accident), then the likely ones for the
    /// channel (EU member states for Amazon Europe), then every other
    /// country a jurisdiction file speaks for.
    fn country_choices(&self) -> Vec<Choice> {
        let all = self.policies.jurisdictions.countries();
        let default = self.default_country();
        let mut likely: Vec<CountryCode> = Vec::new();
        if let Some(d) = default {
            likely.push(d);
        }
        if self.input.channel.as_deref() == Some("amazon_eu") {
            let mut eu: Vec<CountryCode> = self
                .policies
                .jurisdictions
                .list
                .iter()
                .filter(|j| j.id == "eu")
                .flat_map(|j| j.countries.iter().copied())
                .collect();
            eu.sort_by_key(|c| c.name());
            likely.extend(eu);
        }
        let mut rest: Vec<CountryCode> = all;
        rest.sort_by_key(|c| c.name());
        let mut order = likely;
        for c in rest {
            if !order.contains(&c) {
                order.push(c);
            }
        }
        let unknown = Choice {
            id: NOT_KNOWN.into(),
            label: "Not known".into(),
            help: "no statutory notes".into(),
        };
        let country = |c: &CountryCode| Choice {
            id: c.as_str().to_owned(),
            label: format!("{c}  {}", c.name()),
            help: String::new(),
        };
        let mut out: Vec<Choice> = Vec::new();
        let mut countries = order.iter();
        if default.is_some() {
            out.extend(countries.next().map(country));
        }
        out.push(unknown);
        out.extend(countries.map(country));
        out
    }

    /// The answer to `field` as the agent would read it back, if given.
    pub fn answer_text(&self, field: Field) -> Option<String> {
        let policy = self.policy();
        match field {
            Field::Vendor => policy.map(|p| p.name.clone()),
            Field::Issue => {
                let (p, i) = (policy?, self.issue_index()?);
                Some(p.issues[i].label.clone())
            }
            Field::Channel => {
                let p = policy?;
                let id = self.input.channel.as_deref()?;
                p.channel_index(id).map(|i| p.channels[i].label.clone())
            }
            Field::StoreCountry => {
                let id = self.input.store_country.as_deref()?;
                match self.channel_country() {
                    Some(PurchaseCountry::AskStore(stores)) => {
                        stores.iter().find(|s| s.id == id).map(|s| s.label.clone())
                    }
                    _ => None,
                }
                .or_else(|| Some(crate::text::shown(id, 20)))
            }
            Field::Date(fact) => self.input.date(fact).map(str::to_owned),
            Field::CustomerCountry => {
                let code = CountryCode::parse(self.input.customer_country.as_deref()?)?;
                Some(format!("{code}  {}", code.name()))
            }
            Field::Details => {
                let on: Vec<&str> = self
                    .questions()
                    .into_iter()
                    .find_map(|q| match q.kind {
                        Kind::Toggles(t) => Some(t),
                        _ => None,
                    })?
                    .into_iter()
                    .filter(|t| self.toggle(*t))
                    .map(short_toggle)
                    .collect();
                Some(if on.is_empty() {
                    "none".into()
                } else {
                    on.join(", ")
                })
            }
        }
    }

    /// Whether the claim still needs an answer to this question: a
    /// required fact not given. Optional dates left blank are answered
    /// ("not given").
    pub fn is_open(&self, question: &Question) -> bool {
        match question.kind {
            Kind::Date { optional: true } | Kind::Toggles(_) => false,
            // "Not known" is an answer: the country never blocks a verdict.
            _ if question.field == Field::CustomerCountry => false,
            _ => !self.is_answered(question.field),
        }
    }

    pub fn is_answered(&self, field: Field) -> bool {
        match field {
            Field::Vendor => self.policy().is_some(),
            Field::Issue => self.issue_index().is_some(),
            Field::Channel => self.input.channel.is_some(),
            Field::StoreCountry => self.input.store_country.is_some(),
            Field::Date(fact) => self.input.date(fact).is_some(),
            Field::CustomerCountry => self.input.customer_country.is_some(),
            // Toggles always have a value (their defaults); whether the
            // agent has been through them is the front end's business.
            Field::Details => false,
        }
    }

    pub fn choose(&mut self, field: Field, id: &str) {
        match field {
            Field::Vendor => {
                if self.input.vendor.as_deref() != Some(id) {
                    // Every answer the new vendor's policy also knows is
                    // kept (dates, flags, an issue or channel of the same
                    // id); the rest are cleared.
                    self.input.vendor = Some(id.to_owned());
                    let policy = self.policies.vendor(id);
                    let knows_issue = |i: &str| policy.is_some_and(|p| p.issue_index(i).is_some());
                    let knows_channel =
                        |c: &str| policy.is_some_and(|p| p.channel_index(c).is_some());
                    if !self.input.issue.as_deref().is_some_and(knows_issue) {
                        self.input.issue = None;
                    }
                    if !self.input.channel.as_deref().is_some_and(knows_channel) {
                        self.input.channel = None;
                        self.input.store_country = None;
                    }
                }
            }
            Field::Issue => self.input.issue = Some(id.to_owned()),
            Field::Channel => {
                if self.input.channel.as_deref() != Some(id) {
                    // Another channel's stores do not carry over.
                    self.input.store_country = None;
                    self.input.channel = Some(id.to_owned());
                }
            }
            Field::StoreCountry => self.input.store_country = Some(id.to_owned()),
            Field::CustomerCountry => {
                self.input.customer_country = (id != NOT_KNOWN).then(|| id.to_owned());
                self.country_is_default = false;
            }
            Field::Date(_) | Field::Details => {}
        }
        if matches!(field, Field::Vendor | Field::Issue | Field::Channel) {
            self.apply_default_country();
        }
    }

    /// Puts the default country (config, else the channel's) in the claim
    /// unless the agent gave one: the notes' default, taken without a
    /// question, so a claim costs no extra key.
    fn apply_default_country(&mut self) {
        if self.input.customer_country.is_some() && !self.country_is_default {
            return;
        }
        let default = self.default_country().map(|c| c.as_str().to_owned());
        self.country_is_default = default.is_some();
        self.input.customer_country = default;
    }

    /// Whether the intake walks past `question` (it stays on the answers
    /// page): the customer's country is asked in the flow only for Amazon
    /// Europe, whose stores span many countries, when no default applies.
    /// Elsewhere the default (config, or the channel's country) is taken,
    /// or none is, and the outcome says no statutory notes were looked for.
    pub fn walks_past(&self, question: &Question) -> bool {
        question.field == Field::CustomerCountry
            && !(self.input.channel.as_deref() == Some("amazon_eu")
                && self.default_country().is_none())
    }

    pub fn toggle(&self, toggle: Toggle) -> bool {
        match toggle {
            Toggle::CaseOrScreenProtector => {
                self.input.product.as_deref() == Some(Product::CaseOrScreenProtector.id())
            }
            Toggle::Flag(f) => self.input.flag(f).unwrap_or(f.default_value()),
        }
    }

    pub fn set_toggle(&mut self, toggle: Toggle, on: bool) {
        match toggle {
            Toggle::CaseOrScreenProtector => {
                let product = if on {
                    Product::CaseOrScreenProtector
                } else {
                    Product::Device
                };
                self.input.product = Some(product.id().to_owned());
            }
            Toggle::Flag(f) => self.input.set_flag(f, Some(on)),
        }
    }

    /// Checks a typed date for `fact` and, if it is acceptable, stores it.
    /// A blank answer clears an optional date. The error says why not, in
    /// the core's words ("2026-02-30 does not exist", "... is before the
    /// order date ...").
    pub fn answer_date(&mut self, fact: DateFact, text: &str) -> Result<Option<NaiveDate>, String> {
        let parsed = parse_date_answer(text, self.claim_date())?;
        let mut next = self.input.clone();
        next.set_date(fact, parsed.date().map(|d| d.to_string()));
        if let Some(error) = self.blocking_error(&next) {
            return Err(error);
        }
        self.input = next;
        Ok(parsed.date())
    }

    /// The date checks of the core on the dates given so far.
    fn blocking_error(&self, input: &ClaimInput) -> Option<String> {
        validate::check_given_dates(input, self.today)
            .err()
            .map(|e| describe_error(&e))
    }

    /// The outcome, when every needed fact is given.
    pub fn decide(&self) -> Result<Outcome<'p>, DecideError> {
        rules::decide(self.policies, &self.input, self.today)
    }

    /// The claim facts a question sets (none for vendor and issue, which
    /// the claim cannot be decided without anyway).
    pub fn question_facts(&self, question: &Question) -> Vec<Fact> {
        match (&question.field, &question.kind) {
            (Field::Channel, _) => vec![Fact::Channel],
            (Field::Date(d), _) => vec![Fact::Date(*d)],
            (Field::Details, Kind::Toggles(toggles)) => toggles
                .iter()
                .map(|t| match t {
                    Toggle::CaseOrScreenProtector => Fact::Product,
                    Toggle::Flag(f) => Fact::Flag(*f),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The honest verdict so far: settled only when no answer to the
    /// `pending` facts can change it (the rule core decides that).
    pub fn preview(&self, pending: &[Fact]) -> Preview {
        rules::preview(self.policies, &self.input, pending, self.today)
    }

    /// The first answer that keeps the claim from being decided, for the
    /// review page.
    pub fn first_problem(&self) -> Option<(Option<Field>, String)> {
        match self.decide() {
            Ok(_) => None,
            Err(DecideError::Claim(e)) => Some((field_of(&e), describe_error(&e))),
            Err(DecideError::Policy(e)) => Some((None, e.to_string())),
        }
    }
}

/// Which question answers the field an error names.
pub fn field_of(error: &ClaimError) -> Option<Field> {
    match error.field.as_deref()? {
        "vendor" => Some(Field::Vendor),
        "issue" => Some(Field::Issue),
        "channel" => Some(Field::Channel),
        crate::rules::claim::CUSTOMER_COUNTRY => Some(Field::CustomerCountry),
        other => match Fact::from_field(other)? {
            Fact::Date(d) => Some(Field::Date(d)),
            Fact::Product | Fact::Flag(_) => Some(Field::Details),
            Fact::Channel => Some(Field::Channel),
        },
    }
}

/// A claim error in the agent's words: "Delivered on: 2026-10-01 is before
/// the order date 2026-10-02".
pub fn describe_error(error: &ClaimError) -> String {
    match field_of(error) {
        Some(field) => format!("{}: {}", field.title(), error.reason),
        None => error.to_string(),
    }
}

/// A fact as "depends on: ..." names it.
pub fn fact_words(fact: Fact) -> &'static str {
    match fact {
        Fact::Channel => "channel",
        Fact::Product => "product",
        Fact::Date(DateFact::Claim) => "claim date",
        Fact::Date(DateFact::Order) => "order date",
        Fact::Date(DateFact::Delivery) => "delivery",
        Fact::Date(DateFact::Invoice) => "invoice date",
        Fact::Date(DateFact::FirstNotice) => "first contact",
        Fact::Date(DateFact::Approval) => "approval",
        Fact::Date(DateFact::Shipped) => "shipped",
        Fact::Date(DateFact::VendorReceived) => "received by the vendor",
        Fact::Flag(Flag::FreeProduct) => "free product",
        Fact::Flag(Flag::ReplacementUnit) => "replacement unit",
        Fact::Flag(Flag::Undamaged) => "undamaged",
        Fact::Flag(Flag::OutsidePurchaseCountry) => "abroad",
    }
}

fn short_toggle(t: Toggle) -> &'static str {
    match t {
        Toggle::CaseOrScreenProtector => "case/screen protector",
        Toggle::Flag(Flag::FreeProduct) => "free",
        Toggle::Flag(Flag::ReplacementUnit) => "replacement unit",
        Toggle::Flag(Flag::Undamaged) => "undamaged",
        Toggle::Flag(Flag::OutsidePurchaseCountry) => "abroad",
    }
}

fn date_prompt(fact: DateFact) -> &'static str {
    match fact {
        DateFact::Order => {
            "When was the order placed? (for a replacement unit: the original order)"
        }
        DateFact::Delivery => "When did the customer receive the item?",
        DateFact::Invoice => "What is the invoice date?",
        DateFact::FirstNotice => {
            "When did the customer first contact the vendor (or us) about this?"
        }
        DateFact::Approval => "When did the vendor approve the return?",
        DateFact::Shipped => "When did the customer ship the item back (or the vendor collect it)?",
        DateFact::VendorReceived => "When did the vendor receive the returned item?",
        DateFact::Claim => "What is the claim date (the day of this intake)?",
    }
}

fn date_help(fact: DateFact, optional: bool) -> &'static str {
    match (fact, optional) {
        (DateFact::FirstNotice, _) => {
            "Blank: today's call to us is the first contact (the vendor not contacted yet)."
        }
        (DateFact::Approval, _) => "Blank: not approved yet.",
        (DateFact::Shipped, _) => "Blank: not shipped yet.",
        (DateFact::VendorReceived, _) => "Blank: not received yet (or not known).",
        (_, true) => "Blank: not known.",
        (_, false) => "",
    }
}
