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
//! It takes claim after claim: after each outcome (saved, with its case
//! id) the agent adds a note, records an event, reads the case, makes
//! the customer's letter, opens
//! another saved case by id or order number, or goes on to the next
//! claim. An order number with a case still open continues that case
//! (a callback), as the wizard's repeat page does.
//!
//! - `questions.rs`: one claim, question by question, to its outcome;
//! - `case.rs`: saved cases: the callback page, reading a case, its note
//!   and its events, and the prompt between claims;
//! - `keeping.rs`: the case log and the drafts of a run;
//! - `letter.rs`: the customer's letter of the case in hand (`l`).
//!
//! Every byte written goes through [`PlainOut`]: a line is neutralised
//! whole (a newline inside a policy label or a config value is shown as
//! `\u{a}`, it cannot forge a line); only the multi-line outcome, whose
//! values the report neutralised, keeps its own line breaks.

mod case;
mod keeping;
mod letter;
mod questions;

use crate::exit::Exit;
use crate::intake::Intake;
use crate::rules::dates::weekday_name;
use keeping::Keeping;
use std::io::{self, BufRead, Write};
use std::path::Path;

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

/// Where plain mode keeps what it is given besides the claim.
pub struct Desk<'a> {
    /// The data folder (case log and drafts); `None`: nothing is saved.
    pub data_dir: Option<&'a Path>,
    /// The agent's name from config.toml, stamped on saved cases.
    pub agent: String,
    /// Keep and offer drafts: a person is typing at a terminal.
    pub drafts: bool,
    /// The letter's settings (config.toml's desk and SMTP keys).
    pub post: crate::letter::deliver::Post,
}

/// The agent's answers, a line at a time.
struct Lines<R: BufRead> {
    input: R,
    buf: String,
}

impl<R: BufRead> Lines<R> {
    /// The next line, without its line end and outer blanks; `None` when
    /// the input has ended.
    fn next(&mut self) -> io::Result<Option<String>> {
        self.buf.clear();
        if self.input.read_line(&mut self.buf)? == 0 {
            return Ok(None);
        }
        Ok(Some(
            self.buf.trim_end_matches(['\n', '\r']).trim().to_owned(),
        ))
    }
}

/// What one claim came to.
enum Taken {
    /// Decided, and saved as this case if it could be.
    Decided(Option<String>),
    /// The order has a saved case and the agent went on with it (a
    /// callback) instead of a new claim.
    Opened(String),
    /// The run ends with this status (quit, or the input ended).
    Stop(Exit),
}

/// Runs plain mode: claim after claim, each starting from `intake`
/// (usually empty), on `input`/`output`; returns the exit status.
pub fn run(intake: Intake<'_>, desk: &Desk<'_>, input: impl BufRead, output: impl Write) -> Exit {
    let mut out = PlainOut(output);
    let mut lines = Lines {
        input,
        buf: String::new(),
    };
    let mut keeping = Keeping::open(intake.policies, desk, intake.today);
    match claims(intake, &mut keeping, &mut lines, &mut out) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Attention,
        Err(e) => {
            crate::diag::error(e);
            Exit::Attention
        }
    }
}

fn claims(
    blank: Intake<'_>,
    keeping: &mut Keeping<'_>,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Exit> {
    let today = blank.today;
    out.line(&format!(
        "claimdesk: new claim, claim date {today} ({}). Type help for help, back to go back.",
        weekday_name(today)
    ))?;
    if let Err(reason) = &keeping.log {
        out.line(&format!("Not saving cases: {reason}"))?;
    }
    let mut resumed = keeping::offer_drafts(keeping, &blank, input, out)?;
    let mut first = true;
    loop {
        if !first {
            keeping.next_claim();
            out.line("")?;
            out.line(&format!(
                "claimdesk: next claim, claim date {today} ({}).",
                weekday_name(today)
            ))?;
        }
        let start = match resumed.take() {
            Some(r) => {
                out.line("Resumed the unfinished claim.")?;
                r
            }
            None => ((blank.clone(), String::new()), 0),
        };
        let taken = questions::take(start, keeping, input, out, first)?;
        first = false;
        let in_hand = match taken {
            Taken::Decided(id) => id,
            Taken::Opened(id) => {
                case::read(keeping, &id, out)?;
                Some(id)
            }
            Taken::Stop(code) => return Ok(code),
        };
        if let Some(code) = case::between(keeping, in_hand, input, out)? {
            return Ok(code);
        }
    }
}
