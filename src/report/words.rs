//! How a hand-off's parts read: days left, a deadline's standing, a dated step, a decisive date.

use super::*;

pub(super) fn cite(clauses: &[String]) -> String {
    let clauses = clauses.iter().map(|c| neutralise(c)).collect::<Vec<_>>();
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" [{}]", clauses.join(", "))
    }
}

/// Days left in words, and the mark a deadline gets when passed or due
/// within 3 days: ("in 7 days", None), ("today", Some("DUE SOON")),
/// ("3 days ago", Some("PASSED")). Shared by every front end.
pub fn days_left(days: i64) -> (String, Option<&'static str>) {
    let words = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        d if d > 1 => format!("in {d} days"),
        -1 => "1 day ago".to_owned(),
        d => format!("{} days ago", -d),
    };
    let mark = match days {
        d if d < 0 => Some("PASSED"),
        0..=3 => Some("DUE SOON"),
        _ => None,
    };
    (words, mark)
}

/// "in 7 days", "today, DUE SOON", "3 days ago, PASSED".
pub fn days_left_words(days: i64) -> String {
    match days_left(days) {
        (words, Some(mark)) => format!("{words}, {mark}"),
        (words, None) => words,
    }
}

/// How a dated deadline reads: a met one as "met on 2026-11-28" (never
/// "passed" or "ago", whatever the days left), the others by their days
/// left. Cases saved before deadlines had a status read by days left.
pub fn deadline_words(
    days: i64,
    status: Option<DeadlineStatus>,
    met_on: Option<NaiveDate>,
) -> String {
    match (status, met_on) {
        (Some(DeadlineStatus::Met), Some(on)) => format!("met on {on}"),
        _ => days_left_words(days),
    }
}

/// One decisive date in words, the same under a wizard date answer, on the
/// outcome screen and in the hand-off: "any delivery date from 17 Nov on
/// gives Eligible; on 16 Nov or earlier: Not eligible". `verdict` is the
/// claim's own (the span's) verdict. An end is named only where the
/// verdict beyond it is known; past the other end the date would be an
/// input error (or no rule looks back that far).
pub fn decisive_words(d: &DecisiveDate, verdict: Verdict, claim_date: NaiveDate) -> String {
    let day = |date: NaiveDate| {
        if date.year() == claim_date.year() {
            date.format("%-d %b").to_string()
        } else {
            date.format("%-d %b %Y").to_string()
        }
    };
    let lower = d
        .same_verdict_from
        .zip(d.verdict_before)
        .and_then(|(from, before)| Some((from, from.pred_opt()?, before)));
    let upper = d
        .same_verdict_to
        .zip(d.verdict_after)
        .and_then(|(to, after)| Some((to, to.succ_opt()?, after)));
    let span = match (lower, upper) {
        (Some((from, ..)), Some((to, ..))) => format!("from {} to {} ", day(from), day(to)),
        (Some((from, ..)), None) => format!("from {} on ", day(from)),
        (None, Some((to, ..))) => format!("up to {} ", day(to)),
        (None, None) => "possible ".to_owned(),
    };
    let mut words = match (lower, upper) {
        (None, None) => format!(
            "any {span}{} gives {}",
            date_noun(d.field),
            verdict_short(verdict)
        ),
        _ => format!(
            "any {} {span}gives {}",
            date_noun(d.field),
            verdict_short(verdict)
        ),
    };
    if let Some((_, before, v)) = lower {
        let _ = write!(
            words,
            "; on {} or earlier: {}",
            day(before),
            verdict_short(v)
        );
    }
    if let Some((_, after, v)) = upper {
        let _ = write!(words, "; on {} or later: {}", day(after), verdict_short(v));
    }
    words
}

/// "delivery date", "first notice date".
pub(super) fn date_noun(fact: DateFact) -> String {
    let noun = fact.noun();
    if noun.ends_with("date") {
        noun.to_owned()
    } else {
        format!("{noun} date")
    }
}

/// The verdict in a word or two, for running text.
pub fn verdict_short(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Eligible => "Eligible",
        Verdict::NotEligible => "Not eligible",
        Verdict::Review => "Review",
        Verdict::FollowUp => "Follow-up",
    }
}

/// A step's text with its date spelled for the day `on`: the weekday
/// before the date and, after it, the days left, "today", or how late.
/// The date is the step's own (`due`), put where the policy's text wrote
/// it; a step without one is left as it is.
pub(super) fn dated_step(text: &str, due: Option<NaiveDate>, on: NaiveDate) -> String {
    let Some(due) = due else {
        return text.to_owned();
    };
    let date = due.to_string();
    if !text.contains(&date) {
        return text.to_owned();
    }
    let days = (due - on).num_days();
    let s = |n: i64| if n.abs() == 1 { "" } else { "s" };
    let left = match days {
        0 => "today".to_owned(),
        d if d > 0 => format!("{d} day{} left", s(d)),
        d => format!("{} day{} ago", -d, s(d)),
    };
    text.replacen(
        &date,
        &format!("{} {date} ({left})", &weekday_name(due)[..3]),
        1,
    )
}

/// A step as read out: who acts first ("Customer: e-mail photos … by
/// Wed 2026-12-09 (2 days left)", "Agent: escalate to …", "Mitkco: …"),
/// from the step's typed `who`; a step saved without one reads as before.
pub(super) fn acted_step(step: &ItemRecord, vendor: &str, on: NaiveDate) -> String {
    let text = dated_step(&step.text, step.due, on);
    let Some(who) = step.who else {
        return text;
    };
    // "E-mail …" reads "Customer: e-mail …"; a name ("MillSO", "Mitkco's")
    // keeps its capital.
    let first_word = text
        .split(|c: char| c.is_whitespace() || c == '\'')
        .next()
        .unwrap_or("");
    let mut chars = text.chars();
    let body = match chars.next() {
        Some(c) if first_word != vendor && !first_word.chars().skip(1).any(char::is_uppercase) => {
            c.to_lowercase().chain(chars).collect::<String>()
        }
        _ => text.clone(),
    };
    format!("{}: {body}", who.label(vendor))
}

/// A deadline as an item: its date, how it stands on `as_of` (typed, and
/// in words after the weekday for the text renderers), label and clauses.
pub(super) fn deadline_item(
    d: &DeadlineRecord,
    as_of: Option<NaiveDate>,
    s: &OutcomeRecord,
) -> Item {
    let standing = deadline_standing(d, as_of, s);
    let when = match (d.date, &standing) {
        (Some(date), Some(st)) => {
            let mut when = format!("{}, {}", weekday_name(date), st.words);
            if let Some(mark) = st.mark {
                when.push_str(", ");
                when.push_str(mark.label());
            }
            when
        }
        _ => d.relative.clone(),
    };
    Item {
        date: d.date,
        when,
        text: d.label.clone(),
        clauses: d.clauses.clone(),
        standing,
        ..Item::default()
    }
}

/// How a dated deadline stands on `as_of`: its status and days left then.
pub(super) fn deadline_standing(
    d: &DeadlineRecord,
    as_of: Option<NaiveDate>,
    s: &OutcomeRecord,
) -> Option<Standing> {
    let date = d.date?;
    let standing = |words: String, mark: Option<&'static str>, tone| Standing {
        words,
        mark: Mark::of(mark),
        tone,
    };
    let by_mark = |mark: Option<&'static str>| match Mark::of(mark) {
        Some(Mark::Passed) => Tone::Passed,
        Some(Mark::DueSoon) => Tone::DueSoon,
        None => Tone::Plain,
    };
    Some(match as_of {
        None => match (d.status, d.met_on) {
            (Some(DeadlineStatus::Met), Some(on)) => {
                standing(format!("met on {on}"), None, Tone::Met)
            }
            _ => {
                let (words, mark) = days_left(d.days_left.unwrap_or(0));
                standing(words, mark, by_mark(mark))
            }
        },
        Some(day) => match (d.status_on(day), d.met_on) {
            (DeadlineStatus::Met, Some(on)) => standing(format!("met on {on}"), None, Tone::Met),
            (DeadlineStatus::Met, None) => standing("met".to_owned(), None, Tone::Met),
            (status, _) => {
                let (words, mark) = days_left(d.days_left_on(day).unwrap_or(0));
                // A customer's step the claim was in time for, whose date
                // went by with no event recording it: the verdict stands
                // and the agent asks (case-log.md, "What must hold", 1).
                let owed = status == DeadlineStatus::Passed
                    && d.status != Some(DeadlineStatus::Met)
                    && !crate::case::timeline::is_vendors(d)
                    && s.first_notice_date.unwrap_or(s.claim_date) <= date;
                match status {
                    _ if owed => standing(
                        format!("NOT RECORDED, was due {words} as of {day}: ask the customer"),
                        None,
                        Tone::NotRecorded,
                    ),
                    DeadlineStatus::Passed => {
                        standing(format!("PASSED {words} as of {day}"), None, Tone::Passed)
                    }
                    _ => standing(format!("open, {words} as of {day}"), mark, by_mark(mark)),
                }
            }
        },
    })
}
