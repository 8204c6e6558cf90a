//! Plain mode: the wizard's questions as numbered line-by-line prompts, for
//! screen readers, dumb terminals, serial consoles and scripts.
//!
//! The wizard in words: the order number first, then the same questions in
//! the same order (from [`crate::intake`]), the same answers accepted (a
//! number, a name or any unambiguous prefix), the same repeat-claim
//! warning, and the outcome saved in the case log with its id printed.
//! With a person at a terminal it keeps a draft after every answer, as the
//! wizard does, and offers unfinished claims at the next start; a script
//! piping answers (standard input not a terminal) neither leaves nor is
//! offered drafts, so a killed script cannot capture the next one's input.
//!
//! Every byte written goes through [`PlainOut`]: a line is neutralised
//! whole (a newline inside a policy label or a config value is shown as
//! `\u{a}`, it cannot forge a line); only the multi-line outcome, whose
//! values the report neutralised, keeps its own line breaks.

use crate::intake::draft::{self, Draft};
use crate::intake::{Field, Intake, Kind, Question, Toggle, match_choice};
use crate::report::{outcome_text, repeat_advice};
use crate::rules::PolicySet;
use crate::rules::dates::weekday_name;
use crate::store::drafts::{DraftSlot, DraftStore, Orphan};
use crate::store::{CaseRecord, CaseStore};
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

/// Writes text with every control character made visible.
pub struct PlainOut<W: Write>(pub W);

impl<W: Write> PlainOut<W> {
    /// One line, neutralised whole.
    fn line(&mut self, text: &str) -> io::Result<()> {
        crate::diag::line(&mut self.0, text)
    }

    /// Text the program laid out in lines (the outcome): its `\n` kept.
    fn lines(&mut self, text: &str) -> io::Result<()> {
        crate::diag::text(&mut self.0, text)?;
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

const HELP: &str = "Answer with the number of an option, its name or the start of it (dir, amazon us). Dates: YYYY-MM-DD, t (the claim date), y (the day before), -12 (12 days before), -2w (2 weeks), -11m (11 months); an empty line leaves an optional date not given. Type back for the previous question, quit to stop.";

/// The longest order number or reference kept (as in the wizard).
const REFERENCE_MAX: usize = 80;

/// Where plain mode keeps what it is given besides the claim.
pub struct Desk<'a> {
    /// The data folder (case log and drafts); `None`: nothing is saved.
    pub data_dir: Option<&'a Path>,
    /// The agent's name from config.toml, stamped on saved cases.
    pub agent: String,
    /// Keep and offer drafts: a person is typing at a terminal.
    pub drafts: bool,
}

/// The case log and the draft slot of one plain-mode run.
struct Keeping<'p> {
    policies: &'p PolicySet,
    log: Result<Box<dyn CaseStore>, String>,
    agent: String,
    store: Option<DraftStore>,
    slot: Option<DraftSlot>,
    /// The draft last written, to mark how the intake was left.
    last: Option<Draft>,
    /// The day deadlines of earlier cases are read as of.
    today: chrono::NaiveDate,
}

impl<'p> Keeping<'p> {
    fn open(policies: &'p PolicySet, desk: &Desk<'_>, today: chrono::NaiveDate) -> Self {
        let log = match desk.data_dir {
            Some(dir) => crate::store::open_in(dir).map_err(|e| e.brief()),
            None => Err("no data folder on this system (use --data-dir)".to_owned()),
        };
        let (store, slot) = match desk.data_dir.filter(|_| desk.drafts) {
            Some(dir) => match DraftStore::open_in(dir).and_then(|s| Ok((s.new_slot()?, s))) {
                Ok((slot, store)) => (Some(store), Some(slot)),
                Err(_) => (None, None),
            },
            None => (None, None),
        };
        Keeping {
            policies,
            log,
            agent: desk.agent.clone(),
            store,
            slot,
            last: None,
            today,
        }
    }

    /// Drafts left by stopped wizards or plain-mode runs, readable ones only.
    fn offers(&self) -> Vec<(Orphan, Draft)> {
        let Some(store) = &self.store else {
            return Vec::new();
        };
        store
            .orphans()
            .into_iter()
            .filter_map(|o| Draft::from_json(&o.bytes).ok().map(|d| (o, d)))
            .collect()
    }

    /// Keeps the intake as it stands; `step` 0 is the order number.
    fn keep_draft(&mut self, intake: &Intake<'_>, reference: &str, step: usize) {
        let Some(slot) = &mut self.slot else {
            return;
        };
        let draft = Draft {
            version: draft::VERSION,
            saved_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            today: intake.today,
            claim: intake.input.to_json_value(),
            reference: reference.to_owned(),
            note: String::new(),
            screen: if step == 0 { "reference" } else { "question" }.to_owned(),
            step: step.saturating_sub(1),
            editing_claim_date: false,
            return_to_review: false,
            cursor: 0,
            filter: String::new(),
            typed: Default::default(),
            review_cursor: 0,
            scroll: 0,
            case_id: None,
            editing: None,
            left: None,
        };
        // A draft that cannot be written costs nothing but the draft.
        let _ = slot.write(&draft.to_json());
        self.last = Some(draft);
    }

    /// Says in the draft how the intake was left (the agent typed quit),
    /// so the next start words the cause truthfully.
    fn leave(&mut self, how: &str) {
        if let (Some(slot), Some(draft)) = (&mut self.slot, &mut self.last) {
            draft.left = Some(how.to_owned());
            let _ = slot.write(&draft.to_json());
        }
    }

    /// The claim is in the case log (or was finished without one): no
    /// draft to keep.
    fn finished(&mut self) {
        if let Some(slot) = self.slot.take() {
            let _ = slot.remove();
        }
    }
}

impl Drop for Keeping<'_> {
    /// A slot that never held a draft leaves no file behind; one with a
    /// draft stays for the next start to offer.
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take()
            && !slot.has_draft()
        {
            let _ = slot.remove();
        }
    }
}

/// Runs one intake, starting from `intake` (usually empty), on
/// `input`/`output`; returns the exit status.
pub fn run(
    intake: Intake<'_>,
    desk: &Desk<'_>,
    input: impl BufRead,
    output: impl Write,
) -> ExitCode {
    let mut out = PlainOut(output);
    let mut keeping = Keeping::open(intake.policies, desk, intake.today);
    match run_intake(intake, &mut keeping, input, &mut out) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(1),
        Err(e) => {
            crate::diag::error(e);
            ExitCode::from(1)
        }
    }
}

fn run_intake(
    mut intake: Intake<'_>,
    keeping: &mut Keeping<'_>,
    mut input: impl BufRead,
    out: &mut PlainOut<impl Write>,
) -> io::Result<ExitCode> {
    let today = intake.today;
    out.line(&format!(
        "claimdesk: new claim, claim date {today} ({}). Type help for help, back to go back.",
        weekday_name(today)
    ))?;
    if let Err(reason) = &keeping.log {
        out.line(&format!("Not saving cases: {reason}"))?;
    }
    let mut line = String::new();
    let mut reference = String::new();
    // Step 0 is the order number; step i + 1 is question i.
    let mut step = 0usize;
    if let Some((resumed, at)) = offer_drafts(keeping, &intake, &mut input, out)? {
        intake = resumed.0;
        reference = resumed.1;
        step = at;
        out.line("Resumed the unfinished claim.")?;
    }
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
        loop {
            out.prompt()?;
            line.clear();
            if input.read_line(&mut line)? == 0 {
                out.0.write_all(b"\n")?;
                out.0.flush()?;
                let title = question.as_ref().map_or("Order no.", |q| q.field.title());
                crate::diag::error(format_args!(
                    "the input ended at question {} ({title}) before the intake was finished",
                    step + 1,
                ));
                return Ok(ExitCode::from(1));
            }
            let answer = line.trim_end_matches(['\n', '\r']).trim();
            let result = match &question {
                None => answer_reference(&mut reference, answer),
                Some(q) => answer_question(&mut intake, q, answer),
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
                            warn_if_repeat(keeping, &reference, out)?;
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
                    keeping.leave("quit");
                    out.0.flush()?;
                    crate::diag::error(format_args!("intake stopped at question {}", step + 1));
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    out.line("")?;
    let (outcome, policy) = match (intake.decide(), intake.policy()) {
        (Ok(outcome), Some(policy)) => (outcome, policy),
        (Err(e), _) => {
            crate::diag::error(e);
            return Ok(ExitCode::from(2));
        }
        (Ok(_), None) => {
            crate::diag::error("the vendor's policy is not loaded");
            return Ok(ExitCode::from(2));
        }
    };
    out.lines(outcome_text(&outcome, policy).trim_end())?;
    out.line("")?;
    match &mut keeping.log {
        Ok(log) => {
            let mut case = CaseRecord::from_decision(&intake.input, &outcome, policy);
            case.agent = keeping.agent.clone();
            case.reference = reference;
            match log.save(&case, crate::case::now_utc()) {
                Ok(id) => {
                    out.line(&format!("Saved as case {id}."))?;
                    keeping.finished();
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
    Ok(ExitCode::SUCCESS)
}

/// The intake a resumed draft holds, with its reference, and the step it
/// stopped at.
type Resumed<'p> = ((Intake<'p>, String), usize);

/// Lists the unfinished claims on offer and lets the agent resume one,
/// delete one (after asking) or start afresh.
fn offer_drafts<'p>(
    keeping: &mut Keeping<'_>,
    blank: &Intake<'p>,
    input: &mut impl BufRead,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Option<Resumed<'p>>> {
    let mut offers = keeping.offers();
    let mut line = String::new();
    while !offers.is_empty() {
        out.line("")?;
        out.line("Unfinished claims (every answer typed was kept):")?;
        for (i, (_, d)) in offers.iter().enumerate() {
            let (what, at) = d.describe(blank.policies);
            out.line(&format!(
                "   {}) {} · {what}, {at} ({})",
                i + 1,
                d.saved_at,
                d.left_words()
            ))?;
        }
        out.line("Type a number to resume it, d and a number to delete one, or an empty line for a new claim.")?;
        out.prompt()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim().to_lowercase();
        if answer.is_empty() {
            return Ok(None);
        }
        let (delete, number) = match answer.strip_prefix('d') {
            Some(rest) => (true, rest.trim()),
            None => (false, answer.as_str()),
        };
        let Some(index) = number
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < offers.len())
        else {
            out.line(&format!(
                "Not accepted: type a number from 1 to {}, d and a number, or an empty line",
                offers.len()
            ))?;
            continue;
        };
        if delete {
            let (what, _) = offers[index].1.describe(blank.policies);
            out.line(&format!(
                "Delete the unfinished claim {} ({what})? Type yes to delete it.",
                index + 1
            ))?;
            out.prompt()?;
            line.clear();
            input.read_line(&mut line)?;
            if line.trim().eq_ignore_ascii_case("yes") {
                let (orphan, _) = offers.remove(index);
                match orphan.slot.remove() {
                    Ok(()) => out.line("Deleted.")?,
                    Err(e) => out.line(&format!("Could not delete it: {e}"))?,
                }
            } else {
                out.line("Kept.")?;
            }
            continue;
        }
        let (orphan, d) = offers.remove(index);
        let input_claim = match crate::rules::claim::ClaimInput::from_value(&d.claim) {
            Ok(c) => c,
            Err(e) => {
                out.line(&format!("That draft cannot be resumed: {e}"))?;
                continue;
            }
        };
        let intake = Intake {
            input: input_claim,
            today: d.today,
            ..blank.clone()
        };
        let questions = intake.questions().len();
        let step = match d.screen.as_str() {
            "reference" | "repeat" => 0,
            "question" => (d.step + 1).min(questions),
            // An outcome or answers page: every question was answered.
            _ => questions + 1,
        };
        // The resumed draft's files become this run's.
        if let Some(old) = keeping.slot.replace(orphan.slot) {
            let _ = old.remove();
        }
        return Ok(Some(((intake, d.reference.clone()), step)));
    }
    Ok(None)
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

/// Says so when the order already has cases: the newest as `cases show`
/// prints it, and what the vendor's policy says about claiming again.
fn warn_if_repeat(
    keeping: &Keeping<'_>,
    reference: &str,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    let (Ok(log), false) = (&keeping.log, reference.is_empty()) else {
        return Ok(());
    };
    // Newest first; a screenful is enough to name them.
    let earlier = match log.with_reference(reference, 20) {
        Ok(cases) => cases,
        Err(e) => {
            return out.line(&format!("Could not look up earlier cases: {}", e.brief()));
        }
    };
    let Some(newest) = earlier.first() else {
        return Ok(());
    };
    let ids: Vec<&str> = earlier.iter().map(|c| c.id.as_str()).collect();
    out.line("")?;
    out.line(&format!(
        "REPEAT CLAIM: order {reference} already has case {}. The newest:",
        ids.join(", ")
    ))?;
    for l in crate::report::case_text(newest, keeping.policies, keeping.today).lines() {
        out.line(&format!("   {l}"))?;
    }
    out.line(&format!(
        "Claiming again: {}",
        repeat_advice(keeping.policies, newest.record.vendor())
    ))
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
    for (t, value) in toggles.iter().zip(on) {
        intake.set_toggle(*t, value);
    }
    Step::Next
}
