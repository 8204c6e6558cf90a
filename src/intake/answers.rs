//! Typed answers: the quick date forms an agent uses on the phone.

use crate::rules::dates::{DateError, parse_date};
use crate::rules::policy::Choice;
use chrono::{Days, Months, NaiveDate};

/// A date answer: a date, or blank (not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAnswer {
    Blank,
    Date(NaiveDate),
}

impl DateAnswer {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            DateAnswer::Blank => None,
            DateAnswer::Date(d) => Some(d),
        }
    }
}

/// The quick forms, for prompts and error messages.
pub const DATE_FORMS: &str = "YYYY-MM-DD, t, y, -N (days), -Nw (weeks) or -Nm (months)";

/// Reads `YYYY-MM-DD`, `t` (the claim date), `y` (the day before), or a
/// span before the claim date: `-N` or `-Nd` days, `-Nw` weeks, `-Nm`
/// months (clamped to the month's end, as the policies count months).
/// Blank means "not given". Anything else is refused, saying why.
pub fn parse_date_answer(text: &str, claim_date: NaiveDate) -> Result<DateAnswer, String> {
    let text = text.trim();
    match text {
        "" => Ok(DateAnswer::Blank),
        "t" | "T" => Ok(DateAnswer::Date(claim_date)),
        "y" | "Y" => before(claim_date, 1, Unit::Days, text),
        _ if text.starts_with('-') => relative(text, claim_date),
        _ => parse_date(text).map(DateAnswer::Date).map_err(|e| match e {
            DateError::Malformed => format!(
                "\"{}\" is not a date: type {DATE_FORMS}",
                crate::text::neutralise(text)
            ),
            other => format!("{} {other}", crate::text::neutralise(text)),
        }),
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Days,
    Weeks,
    Months,
}

/// `-N`, `-Nd`, `-Nw`, `-Nm`: that long before the claim date.
fn relative(text: &str, claim_date: NaiveDate) -> Result<DateAnswer, String> {
    let shown = crate::text::neutralise(text);
    let body = &text[1..];
    let (digits, unit) = match body.char_indices().last() {
        Some((i, 'd' | 'D')) => (&body[..i], Unit::Days),
        Some((i, 'w' | 'W')) => (&body[..i], Unit::Weeks),
        Some((i, 'm' | 'M')) => (&body[..i], Unit::Months),
        _ => (body, Unit::Days),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{shown}\": type -N for N days ago (-12), -Nw for weeks (-2w), -Nm for months (-11m)"
        ));
    }
    // A century back is far beyond any claim; larger is a typing slip.
    let n: u32 = digits
        .parse()
        .ok()
        .filter(|n| match unit {
            Unit::Days => *n <= 36_500,
            Unit::Weeks => *n <= 5_200,
            Unit::Months => *n <= 1_200,
        })
        .ok_or_else(|| format!("\"{shown}\" is more than a century before the claim date"))?;
    before(claim_date, n, unit, text)
}

fn before(claim_date: NaiveDate, n: u32, unit: Unit, text: &str) -> Result<DateAnswer, String> {
    let date = match unit {
        Unit::Days => claim_date.checked_sub_days(Days::new(n.into())),
        Unit::Weeks => claim_date.checked_sub_days(Days::new(u64::from(n) * 7)),
        Unit::Months => claim_date.checked_sub_months(Months::new(n)),
    };
    date.map(DateAnswer::Date).ok_or_else(|| {
        format!(
            "\"{}\" before {claim_date} is out of range",
            crate::text::neutralise(text)
        )
    })
}

/// Whether `c` can be part of a date answer; the wizard refuses any other
/// character as it is typed, saying why, instead of dropping it.
pub fn is_date_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '-' | 't' | 'T' | 'y' | 'Y' | 'd' | 'D' | 'w' | 'W' | 'm' | 'M'
        )
}

/// The option an agent means by `answer`: its number (1-based), its id or
/// label, or any unambiguous prefix of its words ("dir" for "MillSO
/// directly", "amazon us", "dam tr"). Each word typed must begin a word of
/// the label or id. An answer that fits several options names them.
pub fn match_choice<'c>(choices: &'c [Choice], answer: &str) -> Result<&'c Choice, String> {
    let answer = answer.trim();
    if let Ok(n) = answer.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| choices.get(i))
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not an option: type a number from 1 to {}",
                    crate::text::shown(answer, 40),
                    choices.len()
                )
            });
    }
    let lower = answer.to_lowercase();
    if let Some(exact) = choices
        .iter()
        .find(|c| c.id == lower || c.label.to_lowercase() == lower)
    {
        return Ok(exact);
    }
    let typed = words(&lower);
    let fits: Vec<(usize, &Choice)> = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let own: Vec<String> = words(&c.label.to_lowercase())
                .into_iter()
                .chain(words(&c.id))
                .collect();
            !typed.is_empty()
                && typed
                    .iter()
                    .all(|t| own.iter().any(|w| w.starts_with(t.as_str())))
        })
        .collect();
    match fits.as_slice() {
        [(_, one)] => Ok(one),
        [] => Err(format!(
            "\"{}\" is not an option: type a number from 1 to {} or the start of a name",
            crate::text::shown(answer, 40),
            choices.len()
        )),
        several => Err(format!(
            "\"{}\" could be {}: type more of the name or its number",
            crate::text::shown(answer, 40),
            several
                .iter()
                .map(|(i, c)| format!("{}) {}", i + 1, c.label))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    #[test]
    fn quick_forms() {
        let claim = d("2026-11-21");
        assert_eq!(parse_date_answer("t", claim), Ok(DateAnswer::Date(claim)));
        assert_eq!(
            parse_date_answer("y", claim),
            Ok(DateAnswer::Date(d("2026-11-20")))
        );
        assert_eq!(
            parse_date_answer("-12", claim),
            Ok(DateAnswer::Date(d("2026-11-09")))
        );
        assert_eq!(
            parse_date_answer(" 2026-10-02 ", claim),
            Ok(DateAnswer::Date(d("2026-10-02")))
        );
        assert_eq!(parse_date_answer("", claim), Ok(DateAnswer::Blank));
    }

    #[test]
    fn errors_say_what_to_type() {
        let claim = d("2026-11-21");
        assert_eq!(
            parse_date_answer("2026-02-30", claim),
            Err("2026-02-30 does not exist".into())
        );
        assert!(
            parse_date_answer("tomorrow", claim)
                .unwrap_err()
                .contains("YYYY-MM-DD, t, y, -N")
        );
        assert!(parse_date_answer("-x", claim).unwrap_err().contains("-N"));
        assert!(parse_date_answer("-99999999999999999999", claim).is_err());
        assert!(
            parse_date_answer("-11x", claim)
                .unwrap_err()
                .contains("-Nm")
        );
        assert!(parse_date_answer("-", claim).is_err());
        assert!(parse_date_answer("-m", claim).is_err());
        assert!(parse_date_answer("-1200m", claim).is_ok());
        assert!(parse_date_answer("-1201m", claim).is_err());
    }

    fn channels() -> Vec<Choice> {
        [
            ("direct", "MillSO directly"),
            ("amazon_us", "Amazon US"),
            ("amazon_eu", "Amazon Europe"),
            ("amazon_jp", "Amazon Japan"),
            ("other_seller", "Another seller"),
        ]
        .into_iter()
        .map(|(id, label)| Choice {
            id: id.into(),
            label: label.into(),
            help: String::new(),
        })
        .collect()
    }

    #[test]
    fn choices_by_number_name_or_unambiguous_prefix() {
        let c = channels();
        let id = |a: &str| match_choice(&c, a).map(|c| c.id.as_str());
        assert_eq!(id("1"), Ok("direct"));
        assert_eq!(id("dir"), Ok("direct"));
        assert_eq!(id("directly"), Ok("direct"));
        assert_eq!(id("amazon us"), Ok("amazon_us"));
        assert_eq!(id("Amazon Europe"), Ok("amazon_eu"));
        assert_eq!(id("am jap"), Ok("amazon_jp"));
        assert_eq!(id("amazon_eu"), Ok("amazon_eu"));
        assert_eq!(id("another"), Ok("other_seller"));
        let amazon = match_choice(&c, "amazon").unwrap_err();
        assert!(
            amazon.contains("2) Amazon US, 3) Amazon Europe, 4) Amazon Japan"),
            "{amazon}"
        );
        assert!(match_choice(&c, "6").unwrap_err().contains("from 1 to 5"));
        assert!(match_choice(&c, "0").is_err());
        assert!(
            match_choice(&c, "acme")
                .unwrap_err()
                .contains("not an option")
        );
        assert!(match_choice(&c, "").is_err());
    }

    #[test]
    fn weeks_and_months_count_back_from_the_claim_date() {
        let claim = d("2026-11-21");
        let at = |t: &str| parse_date_answer(t, claim).expect(t).date();
        assert_eq!(at("-11m"), Some(d("2025-12-21")));
        assert_eq!(at("-2w"), Some(d("2026-11-07")));
        assert_eq!(at("-12d"), Some(d("2026-11-09")));
        assert_eq!(at("-0m"), Some(claim));
        // Months clamp to the month's end, as the policies count them.
        let end = d("2026-03-31");
        assert_eq!(
            parse_date_answer("-1m", end).expect("date").date(),
            Some(d("2026-02-28"))
        );
    }
}
