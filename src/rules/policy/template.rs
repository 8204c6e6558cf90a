//! Texts with placeholders: `{contact.sales}`, `{date.ship_by}`,
//! `{days_past.refund_due}` ("3 days": how far the claim date is past a
//! window's end), `{fact.approval_date}`, `{issue}`, `{channel}`,
//! `{vendor}`, and `{clause.MS-MB}` (the clause's own words, for a step the
//! agent reads out).
//!
//! Parsed once when the policy is compiled, so an unknown placeholder is a
//! policy error, never a blank in front of a customer.

use crate::rules::claim::DateFact;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// The end date of a window (or its reckoning in words when undated).
    WindowDate(usize),
    /// How many days the claim date is past a window's end, in words
    /// ("1 day", "3 days").
    DaysPast(usize),
    /// The value of a named contact.
    Contact(usize),
    /// A date of the claim.
    FactDate(DateFact),
    IssueLabel,
    ChannelLabel,
    VendorName,
    /// The policy's own words of a clause (index into the clauses).
    ClauseText(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub source: String,
    pub parts: Vec<Part>,
}

impl Template {
    /// Parses `text`, resolving names with the given lookups. Returns the
    /// placeholder that could not be resolved as the error.
    pub fn parse(
        text: &str,
        window: impl Fn(&str) -> Option<usize>,
        contact: impl Fn(&str) -> Option<usize>,
        clause: impl Fn(&str) -> Option<usize>,
    ) -> Result<Template, String> {
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
                Some(("date", id)) => window(id).map(Part::WindowDate),
                Some(("days_past", id)) => window(id).map(Part::DaysPast),
                Some(("contact", id)) => contact(id).map(Part::Contact),
                Some(("clause", id)) => clause(id).map(Part::ClauseText),
                Some(("fact", field)) => DateFact::ALL
                    .iter()
                    .find(|d| d.field() == field)
                    .map(|d| Part::FactDate(*d)),
                None if name == "issue" => Some(Part::IssueLabel),
                None if name == "channel" => Some(Part::ChannelLabel),
                None if name == "vendor" => Some(Part::VendorName),
                _ => None,
            };
            match part {
                Some(p) => parts.push(p),
                None => {
                    return Err(format!(
                        "unknown placeholder {{{name}}} (use {{date.WINDOW}}, {{days_past.WINDOW}}, {{contact.NAME}}, {{clause.ID}}, {{fact.DATE_FIELD}}, {{issue}}, {{channel}} or {{vendor}})"
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
        Ok(Template {
            source: text.to_owned(),
            parts,
        })
    }

    /// The text when it has no placeholders.
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [Part::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// The clauses whose words the text quotes.
    pub fn quoted_clauses(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::ClauseText(c) => Some(*c),
            _ => None,
        })
    }

    pub fn windows(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::WindowDate(w) | Part::DaysPast(w) => Some(*w),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Template, String> {
        Template::parse(
            text,
            |w| (w == "ship_by").then_some(0),
            |c| (c == "sales").then_some(3),
            |c| (c == "MK-OTHER").then_some(5),
        )
    }

    #[test]
    fn splits_text_and_placeholders() {
        let t = parse("E-mail {contact.sales} by {date.ship_by}.").unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Text("E-mail ".into()),
                Part::Contact(3),
                Part::Text(" by ".into()),
                Part::WindowDate(0),
                Part::Text(".".into()),
            ]
        );
        assert_eq!(t.as_literal(), None);
        assert_eq!(parse("plain").unwrap().as_literal(), Some("plain"));
    }

    #[test]
    fn unknown_or_broken_placeholders_are_errors() {
        assert!(parse("{date.nope}").unwrap_err().contains("{date.nope}"));
        assert!(parse("{contact.info}").is_err());
        assert!(parse("{fact.delivery}").is_err());
        assert!(parse("open { here").unwrap_err().contains("unclosed"));
        assert!(parse("close } here").unwrap_err().contains("stray"));
        assert!(parse("{fact.approval_date}").is_ok());
        assert!(parse("{clause.MK-NOPE}").is_err());
        assert_eq!(
            parse("\"{clause.MK-OTHER}\"").unwrap().parts[1],
            Part::ClauseText(5)
        );
    }
}
