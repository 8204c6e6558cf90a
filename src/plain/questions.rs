//! One claim in plain mode, question by question, to its outcome: the
//! order number first (with the callback page when the order has saved
//! cases), then the intake's questions in the wizard's order, each answer
//! read back in full, then the outcome, saved in the case log.

use super::case::{self, Callback};
use super::keeping::{Keeping, Resumed};
use super::{HELP, Lines, PlainOut, Step, Taken};
use crate::exit::Exit;
use crate::intake::{Field, Intake, Kind, Question, Toggle, match_choice};
use crate::report::outcome_text;
use crate::rules::dates::weekday_name;
use crate::store::CaseRecord;
use std::io::{self, BufRead, Write};

/// The longest order number or reference kept (as in the wizard).
const REFERENCE_MAX: usize = 80;

/// Takes one claim from where `start` left it. `first`: the run's first
/// claim, whose input may not end before its outcome; a later one may
/// end (or quit) at its order number, before anything is typed.
pub(super) fn take(
    start: Resumed<'_>,
    keeping: &mut Keeping<'_>,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
    first: bool,
) -> io::Result<Taken> {
    let ((mut intake, mut reference), mut step) = start;
    // Which way the agent last went, to walk past a question the intake
    // takes its default for (as the wizard does).
    let mut backwards = false;
    loop {
        let questions = intake.questions();
        let question = match step {
            0 => None,
            n => match questions.get(n - 1) {
                Some(q) if intake.walks_past(q) => {
                    step = if backwards { n - 1 } else { n + 1 };
                    continue;
                }
                Some(q) => Some(q.clone()),
                None => break,
            },
        };
        out.line("")?;
        match &question {
            None => out.line(&format!(
                "1. Order no.: What is the customer's order number or reference? Empty line: none.{}",
                if reference.is_empty() {
                    String::new()
                } else {
                    format!(" Now: {reference}.")
                }
            ))?,
            Some(q) => ask(&intake, q, step + 1, out)?,
        }
        // Nothing given for this claim yet (empty lines at most): a later
        // claim may stop here, as a script's trailing empty lines do.
        let untouched = reference.is_empty() && intake.input == Default::default();
        loop {
            out.prompt()?;
            let Some(answer) = input.next()? else {
                out.0.write_all(b"\n")?;
                out.0.flush()?;
                if untouched && !first {
                    return Ok(Taken::Stop(Exit::Success));
                }
                let title = question.as_ref().map_or("Order no.", |q| q.field.title());
                crate::diag::error(format_args!(
                    "the input ended at question {} ({title}) before the intake was finished",
                    step + 1,
                ));
                return Ok(Taken::Stop(Exit::Attention));
            };
            let result = match &question {
                None => answer_reference(&mut reference, &answer),
                Some(q) => answer_question(&mut intake, q, &answer),
            };
            match result {
                Step::Next => {
                    match &question {
                        None => {
                            let shown = if reference.is_empty() {
                                "none"
                            } else {
                                &reference
                            };
                            out.line(&format!("   = Order no.: {shown}"))?;
                            match case::callback(keeping, &reference, input, out)? {
                                Callback::NewClaim => {}
                                Callback::Back => break,
                                Callback::Open(id) => {
                                    // The saved case goes on; this intake is dropped.
                                    keeping.finished();
                                    return Ok(Taken::Opened(id));
                                }
                                Callback::Stop(code) => return Ok(Taken::Stop(code)),
                            }
                        }
                        Some(q) => out.line(&format!("   = {}", confirmation(&intake, q)))?,
                    }
                    step += 1;
                    backwards = false;
                    keeping.keep_draft(&intake, &reference, step);
                    break;
                }
                Step::Again(reason) => out.line(&format!("Not accepted: {reason}"))?,
                Step::Back => {
                    step = step.saturating_sub(1);
                    backwards = true;
                    break;
                }
                Step::Help => out.line(HELP)?,
                Step::Quit => {
                    out.0.flush()?;
                    if untouched && !first {
                        return Ok(Taken::Stop(Exit::Success));
                    }
                    keeping.leave("quit");
                    crate::diag::error(format_args!("intake stopped at question {}", step + 1));
                    return Ok(Taken::Stop(Exit::Attention));
                }
            }
        }
    }
    out.line("")?;
    let (outcome, policy) = match (intake.decide(), intake.policy()) {
        (Ok(outcome), Some(policy)) => (outcome, policy),
        (Err(e), _) => {
            crate::diag::error(e);
            return Ok(Taken::Stop(Exit::Usage));
        }
        (Ok(_), None) => {
            crate::diag::error("the vendor's policy is not loaded");
            return Ok(Taken::Stop(Exit::Usage));
        }
    };
    out.lines(outcome_text(&outcome, policy).trim_end())?;
    out.line("")?;
    let mut saved = None;
    match &mut keeping.log {
        Ok(log) => {
            let mut case = CaseRecord::from_decision(&intake.input, &outcome, policy);
            case.agent = keeping.agent.clone();
            case.reference = reference;
            // A resumed wizard's save that landed after it was left is
            // this case: found by its key, not saved twice.
            let mut already = None;
            if let Some(key) = keeping.resumed_key.take() {
                already = log.saved_under(&key).ok().flatten();
                case.key = key;
            }
            let result = match already.clone() {
                Some(id) => Ok(id),
                None => log.save(&case, crate::case::now_utc()),
            };
            match result {
                Ok(id) => {
                    out.line(&if already.is_some() {
                        format!("Already saved as case {id} (its save landed after the wizard was left).")
                    } else {
                        format!("Saved as case {id}.")
                    })?;
                    keeping.finished();
                    saved = Some(id);
                }
                Err(e) => out.line(&format!("Not saved: {}", e.brief()))?,
            }
        }
        Err(reason) => {
            out.line(&format!("Not saved: {reason}"))?;
            keeping.finished();
        }
    }
    out.0.flush()?;
    Ok(Taken::Decided(saved))
}

fn answer_reference(reference: &mut String, answer: &str) -> Step {
    match answer.to_lowercase().as_str() {
        "back" => return Step::Again("this is the first question".into()),
        "help" | "?" => return Step::Help,
        "quit" => return Step::Quit,
        _ => {}
    }
    if answer.chars().count() > REFERENCE_MAX {
        return Step::Again(format!(
            "an order number or reference has at most {REFERENCE_MAX} characters"
        ));
    }
    answer.clone_into(reference);
    Step::Next
}

fn ask(
    intake: &Intake<'_>,
    question: &Question,
    number: usize,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    out.line(&format!(
        "{number}. {}: {}",
        question.field.title(),
        question.prompt
    ))?;
    match &question.kind {
        Kind::Choice(choices) => {
            for (i, c) in choices.iter().enumerate() {
                let help = if c.help.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.help)
                };
                out.line(&format!("   {}) {}{help}", i + 1, c.label))?;
            }
            if question.field == Field::CustomerCountry {
                out.line("   Empty line: the first one. Or type a country code (e.g. DE).")?;
            }
        }
        Kind::Date { optional } => {
            let current = question
                .field
                .date_fact()
                .and_then(|f| intake.input.date(f).map(str::to_owned));
            let mut hint = format!("   Date: {}.", crate::intake::DATE_FORMS);
            if *optional {
                hint.push_str(&format!(" Empty line: {}", blank_meaning(question)));
            }
            if let Some(c) = current {
                hint.push_str(&format!(" Now: {c}."));
            }
            out.line(&hint)?;
        }
        Kind::Toggles(toggles) => {
            for (i, t) in toggles.iter().enumerate() {
                let on = if intake.toggle(*t) { "yes" } else { "no" };
                out.line(&format!(
                    "   {}) {} (now: {on})",
                    i + 1,
                    intake.toggle_label(*t)
                ))?;
            }
            out.line("   Empty line keeps these; type numbers to switch those items between yes and no (e.g. 1 3), or none for all no.")?;
        }
    }
    Ok(())
}

/// The accepted answer read back, so a screen reader or a script log
/// confirms it: "Delivered on: 2026-11-14, Saturday".
fn confirmation(intake: &Intake<'_>, question: &Question) -> String {
    let title = question.field.title();
    // Every item of a multiple choice, in full: what was not typed is read
    // back too, so a cleared "undamaged" cannot pass unheard.
    if let Kind::Toggles(toggles) = &question.kind {
        let items: Vec<String> = toggles
            .iter()
            .map(|t| {
                let on = if intake.toggle(*t) { "yes" } else { "no" };
                format!("{}: {on}", intake.toggle_label(*t))
            })
            .collect();
        return format!("{title}: {}", items.join("; "));
    }
    match question.field.date_fact().map(|f| intake.input.date(f)) {
        Some(Some(text)) => match crate::rules::dates::parse_date(text) {
            Ok(date) => format!("{title}: {date}, {}", weekday_name(date)),
            Err(_) => format!("{title}: {text}"),
        },
        Some(None) => format!("{title}: not given"),
        None => format!(
            "{title}: {}",
            intake
                .answer_text(question.field)
                .unwrap_or_else(|| "not known".into())
        ),
    }
}

fn blank_meaning(question: &Question) -> String {
    let help = question.help.trim();
    match help.strip_prefix("Blank: ") {
        Some(rest) => rest.to_owned(),
        None => "not given.".to_owned(),
    }
}

fn answer_question(intake: &mut Intake<'_>, question: &Question, answer: &str) -> Step {
    match answer.to_lowercase().as_str() {
        "back" => return Step::Back,
        "help" | "?" => return Step::Help,
        "quit" => return Step::Quit,
        _ => {}
    }
    match &question.kind {
        Kind::Choice(choices) => {
            // The country question's first option is its default, and any
            // real country code is accepted there, listed or not.
            let country = question.field == Field::CustomerCountry;
            if country
                && answer.is_empty()
                && let Some(first) = choices.first()
            {
                intake.choose(question.field, &first.id);
                return Step::Next;
            }
            match match_choice(choices, answer) {
                Ok(c) => {
                    intake.choose(question.field, &c.id);
                    Step::Next
                }
                Err(reason) => match country
                    .then(|| crate::rules::claim::CountryCode::parse(answer))
                    .flatten()
                {
                    Some(code) => {
                        intake.choose(question.field, code.as_str());
                        Step::Next
                    }
                    None => Step::Again(reason),
                },
            }
        }
        Kind::Date { optional } => {
            let Some(fact) = question.field.date_fact() else {
                return Step::Again("not a date question".into());
            };
            if answer.is_empty() && !optional {
                return Step::Again(format!("{} is needed", question.field.title()));
            }
            match intake.answer_date(fact, answer) {
                Ok(_) => Step::Next,
                Err(e) => Step::Again(e),
            }
        }
        Kind::Toggles(toggles) => set_toggles(intake, toggles, answer),
    }
}

fn set_toggles(intake: &mut Intake<'_>, toggles: &[Toggle], answer: &str) -> Step {
    if answer.is_empty() {
        return Step::Next;
    }
    // Numbers switch their items, as the screen's "toggle" does: typing
    // 1 sets item 1 and leaves "undamaged" (yes by default) as it was.
    let mut on: Vec<bool> = toggles.iter().map(|t| intake.toggle(*t)).collect();
    if answer.to_lowercase() == "none" {
        on.fill(false);
    } else {
        for word in answer.split([' ', ',']).filter(|w| !w.is_empty()) {
            match word.parse::<usize>().ok().and_then(|n| n.checked_sub(1)) {
                Some(i) if i < toggles.len() => on[i] = !on[i],
                _ => {
                    return Step::Again(format!(
                        "\"{}\" is not one of 1 to {}",
                        crate::text::shown(word, 20),
                        toggles.len()
                    ));
                }
            }
        }
    }
    // Only the items switched are set, as the wizard's toggle sets them:
    // the others stay as the claim had them (not given: the default), so
    // the saved claim is the wizard's to the field.
    for (t, value) in toggles.iter().zip(on) {
        if intake.toggle(*t) != value {
            intake.set_toggle(*t, value);
        }
    }
    Step::Next
}
