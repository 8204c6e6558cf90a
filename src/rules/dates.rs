//! Calendar arithmetic as `policy-notes.md` defines it.
//!
//! Every date in claimdesk is a calendar date: no time, no time zone.
//! "within N days after X" ends on X + N (inclusive); "N months after X"
//! ends on X + N calendar months, clamped to the last day of a short month.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use std::fmt;

/// Dates outside this range are refused at input, so that no window
/// arithmetic (at most a few years) can overflow the calendar.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("constant date"),
};
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => panic!("constant date"),
};

/// Why a piece of text is not a usable date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Malformed,
    /// Well formed, but the day does not exist (2026-02-30).
    DoesNotExist,
    /// A real date, but outside 1900-01-01..=2199-12-31.
    OutOfRange,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Malformed => f.write_str("is not a date of the form YYYY-MM-DD"),
            DateError::DoesNotExist => f.write_str("does not exist"),
            DateError::OutOfRange => f.write_str("is outside the supported years 1900 to 2199"),
        }
    }
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
///
/// chrono's own `%Y-%m-%d` also accepts `2026-1-5` and signed years; an
/// intake tool should echo back exactly one spelling, so we are strict.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(DateError::Malformed);
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let year = i32::try_from(year).map_err(|_| DateError::Malformed)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::DoesNotExist)?;
    if !(EARLIEST..=LATEST).contains(&date) {
        return Err(DateError::OutOfRange);
    }
    Ok(date)
}

/// X + N days. Saturates instead of overflowing (unreachable for input
/// dates within [`EARLIEST`]..=[`LATEST`] and policy-sized windows).
pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// X + N calendar months, clamped to the end of the target month:
/// 2024-02-29 + 12 months = 2025-02-28; 2025-01-31 + 1 month = 2025-02-28.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono's `checked_add_months` already clamps to the month's last day.
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// `YYYY-MM-DD` as ASCII digits, for years 0 to 9999 (`None` outside:
/// chrono's `Display` adds a sign there). Bulk output writes many dates, and
/// this skips the formatting machinery.
pub fn iso_digits(date: NaiveDate) -> Option<[u8; 10]> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let (month, day) = (date.month(), date.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// Appends `date` as `YYYY-MM-DD`, exactly as its `Display` would.
pub fn push_iso(out: &mut String, date: NaiveDate) {
    match iso_digits(date) {
        // Digits and dashes only, so always valid UTF-8.
        Some(digits) => out.push_str(std::str::from_utf8(&digits).unwrap_or_default()),
        None => {
            use std::fmt::Write as _;
            let _ = write!(out, "{date}");
        }
    }
}

/// English weekday name, for echoing a typed date back to the agent.
pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).expect("test date")
    }

    #[test]
    fn parses_only_the_strict_form() {
        assert_eq!(parse_date("2026-11-21"), Ok(d("2026-11-21")));
        for bad in [
            "",
            "2026-1-05",
            "2026-01-5",
            "26-01-05",
            "2026/01/05",
            "2026-01-05 ",
            " 2026-01-05",
            "+2026-01-05",
            "2026-01-0a",
            "２０２６-01-05",
            "2026-01-05T00:00",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn nonexistent_days_are_named_as_such() {
        for bad in [
            "2026-02-29",
            "2026-02-30",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::DoesNotExist), "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Ok(d("2024-02-29")));
    }

    #[test]
    fn years_outside_the_supported_range_are_refused() {
        assert_eq!(parse_date("1899-12-31"), Err(DateError::OutOfRange));
        assert_eq!(parse_date("2200-01-01"), Err(DateError::OutOfRange));
        assert_eq!(parse_date("0000-01-01"), Err(DateError::OutOfRange));
        assert!(parse_date("1900-01-01").is_ok());
        assert!(parse_date("2199-12-31").is_ok());
    }

    #[test]
    fn day_windows_end_on_the_last_inclusive_day() {
        assert_eq!(add_days(d("2026-10-02"), 45), d("2026-11-16"));
        assert_eq!(add_days(d("2026-12-28"), 7), d("2027-01-04"));
        assert_eq!(add_days(d("2024-02-22"), 7), d("2024-02-29"));
        assert_eq!(add_days(d("2026-01-01"), 0), d("2026-01-01"));
    }

    #[test]
    fn month_windows_clamp_to_the_end_of_short_months() {
        assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(add_months(d("2025-01-31"), 1), d("2025-02-28"));
        assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months(d("2025-08-31"), 18), d("2027-02-28"));
        assert_eq!(add_months(d("2026-03-31"), 12), d("2027-03-31"));
        assert_eq!(add_months(d("2026-10-02"), 12), d("2027-10-02"));
        assert_eq!(add_months(d("2024-02-29"), 48), d("2028-02-29"));
    }

    #[test]
    fn days_between_is_signed() {
        assert_eq!(days_between(d("2026-11-21"), d("2027-10-02")), 315);
        assert_eq!(days_between(d("2026-11-21"), d("2026-11-20")), -1);
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_name(d("2026-11-21")), "Saturday");
        assert_eq!(weekday_name(d("2026-11-23")), "Monday");
    }
}
