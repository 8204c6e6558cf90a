//! Plain mode: the wizard's questions as numbered line-by-line prompts, for
//! screen readers, dumb terminals, serial consoles and scripts.
//!
//! The questions, their order and their validation come from
//! [`crate::intake`], exactly as in the wizard. Every byte written goes
//! through [`PlainOut`], which lets no control character but newline
//! through.

use crate::intake::{Field, Intake, Kind, Question, Toggle};
use crate::report::outcome_text;
use crate::rules::dates::weekday_name;
use crate::text::neutralise;
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

/// Writes text with every control character except newline made visible.
pub struct PlainOut<W: Write>(pub W);

impl<W: Write> PlainOut<W> {
    fn line(&mut self, text: &str) -> io::Result<()> {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.0.write_all(b"\n")?;
            }
            self.0.write_all(neutralise(part).as_bytes())?;
        }
        self.0.write_all(b"\n")
    }

    fn prompt(&mut self) -> io::Result<()> {
        self.0.write_all(b"> ")?;
        self.0.flush()
    }
}

/// What one answer line did.
enum Step {
    /// Accepted: on to the next question.
    Next,
    /// Not accepted: why, and ask again.
    Again(String),
    Back,
    Help,
    Quit,
}

const HELP: &str = "Answer with the number of an option (or its name). Dates: YYYY-MM-DD, t (the claim date), y (the day before) or -12 (12 days before); an empty line leaves an optional date not given. Type back for the previous question, quit to stop.";

/// Runs one intake, starting from `intake` (usually empty), on
/// `input`/`output`; returns the exit status.
pub fn run(intake: Intake<'_>, input: impl BufRead, output: impl Write) -> ExitCode {
    let mut out = PlainOut(output);
    match run_intake(intake, input, &mut out) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_intake(
    mut intake: Intake<'_>,
    mut input: impl BufRead,
    out: &mut PlainOut<impl Write>,
) -> io::Result<ExitCode> {
    let today = intake.today;
    out.line(&format!(
        "claimdesk: new claim, claim date {today} ({}). Type help for help, back to go back.",
        weekday_name(today)
    ))?;
    let mut step = 0usize;
    let mut line = String::new();
    loop {
        let questions = intake.questions();
        let Some(question) = questions.get(step).cloned() else {
            break;
        };
        out.line("")?;
        ask(&intake, &question, step + 1, out)?;
        loop {
            out.prompt()?;
            line.clear();
            if input.read_line(&mut line)? == 0 {
                out.0.write_all(b"\n")?;
                out.0.flush()?;
                eprintln!(
                    "error: the input ended at question {} ({}) before the intake was finished",
                    step + 1,
                    question.field.title()
                );
                return Ok(ExitCode::from(1));
            }
            let answer = line.trim_end_matches(['\n', '\r']).trim();
            match answer_question(&mut intake, &question, answer) {
                Step::Next => {
                    out.line(&format!("   = {}", confirmation(&intake, &question)))?;
                    step += 1;
                    break;
                }
                Step::Again(reason) => out.line(&format!("Not accepted: {reason}"))?,
                Step::Back => {
                    step = step.saturating_sub(1);
                    break;
                }
                Step::Help => out.line(HELP)?,
                Step::Quit => {
                    out.0.flush()?;
                    eprintln!("error: intake stopped at question {}", step + 1);
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    out.line("")?;
    match intake.decide() {
        Ok(outcome) => {
            let policy = intake.policy().map(|p| outcome_text(&outcome, p));
            out.line(policy.as_deref().unwrap_or("").trim_end())?;
            out.0.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
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
            let mut hint = String::from("   Date: YYYY-MM-DD, t, y or -N.");
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
            out.line("   Empty line keeps these; or type the numbers of those that are true (e.g. 1 3), or none.")?;
        }
    }
    Ok(())
}

/// The accepted answer read back, so a screen reader or a script log
/// confirms it: "Delivered on: 2026-11-14, Saturday".
fn confirmation(intake: &Intake<'_>, question: &Question) -> String {
    let title = question.field.title();
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
            let lower = answer.to_lowercase();
            // The country question's first option is its default.
            let default = (answer.is_empty() && question.field == Field::CustomerCountry)
                .then(|| choices.first())
                .flatten();
            let picked = default.or_else(|| {
                answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| choices.get(i))
                    .or_else(|| {
                        choices.iter().find(|c| {
                            c.id.to_lowercase() == lower || c.label.to_lowercase() == lower
                        })
                    })
            });
            // Any real country code is accepted, listed or not.
            let typed_code = (question.field == Field::CustomerCountry)
                .then(|| crate::rules::claim::CountryCode::parse(answer))
                .flatten();
            match (picked, typed_code) {
                (Some(c), _) => {
                    intake.choose(question.field, &c.id);
                    Step::Next
                }
                (None, Some(code)) => {
                    intake.choose(question.field, code.as_str());
                    Step::Next
                }
                (None, None) => Step::Again(format!(
                    "\"{}\" is not an option: type a number from 1 to {}",
                    crate::text::shown(answer, 40),
                    choices.len()
                )),
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
    let mut on = vec![false; toggles.len()];
    if answer.to_lowercase() != "none" {
        for word in answer.split([' ', ',']).filter(|w| !w.is_empty()) {
            match word.parse::<usize>().ok().and_then(|n| n.checked_sub(1)) {
                Some(i) if i < toggles.len() => on[i] = true,
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
    for (t, value) in toggles.iter().zip(on) {
        intake.set_toggle(*t, value);
    }
    Step::Next
}
