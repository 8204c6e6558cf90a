//! Typed answers: the quick date forms an agent uses on the phone.

use crate::rules::dates::{DateError, parse_date};
use chrono::{Days, NaiveDate};

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

/// Reads `YYYY-MM-DD`, `t` (the claim date), `y` (the day before) or `-N`
/// (N days before the claim date). Blank means "not given".
pub fn parse_date_answer(text: &str, claim_date: NaiveDate) -> Result<DateAnswer, String> {
    let text = text.trim();
    let days_before = |n: u64| {
        claim_date
            .checked_sub_days(Days::new(n))
            .map(DateAnswer::Date)
            .ok_or_else(|| format!("{n} days before {claim_date} is out of range"))
    };
    match text {
        "" => Ok(DateAnswer::Blank),
        "t" | "T" => Ok(DateAnswer::Date(claim_date)),
        "y" | "Y" => days_before(1),
        _ if text.starts_with('-') && text.len() > 1 => match text[1..].parse::<u64>() {
            Ok(n) if n <= 36_500 => days_before(n),
            _ => Err(format!(
                "\"{}\": type -N for N days ago (e.g. -12)",
                crate::text::neutralise(text)
            )),
        },
        _ => parse_date(text).map(DateAnswer::Date).map_err(|e| match e {
            DateError::Malformed => format!(
                "\"{}\" is not a date: type YYYY-MM-DD, t, y or -N",
                crate::text::neutralise(text)
            ),
            other => format!("{text} {other}"),
        }),
    }
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
                .contains("YYYY-MM-DD, t, y or -N")
        );
        assert!(parse_date_answer("-x", claim).unwrap_err().contains("-N"));
        assert!(parse_date_answer("-99999999999999999999", claim).is_err());
    }
}
