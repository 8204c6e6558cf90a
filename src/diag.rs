//! The output boundary of the command line: every diagnostic and every
//! text-mode stdout line goes through here, neutralised whole.
//!
//! Design: one call writes one line. The whole line (our words and any
//! policy, claim, config or case text interpolated into it) passes
//! [`neutralise`], which turns every control character, newline included,
//! and every bidi control into visible `\u{..}` notation. So a quoted value
//! can neither drive the terminal nor forge an extra line; a message that
//! needs two lines is two calls. Multi-line text the program laid out
//! itself (a case summary) goes through [`text`], which keeps only `\n`;
//! its values are neutralised where they were put in. JSON output does
//! not come here: it is escaped by `crate::text::json`.

use crate::text::{neutralise, neutralise_lines};
use std::fmt::Display;
use std::io::{self, Write};

/// `error: <message>` on standard error.
pub fn error(message: impl Display) {
    emit("error: ", message);
}

/// `warning: <message>` on standard error.
pub fn warning(message: impl Display) {
    emit("warning: ", message);
}

/// A line on standard error with no label ("saved C-20261121-0007").
pub fn note(message: impl Display) {
    emit("", message);
}

fn emit(label: &str, message: impl Display) {
    let mut line = String::with_capacity(80);
    line.push_str(label);
    line.push_str(&neutralise(&message.to_string()));
    line.push('\n');
    // One write per line, so lines from concurrent writers stay whole; a
    // closed standard error is nothing to report anywhere.
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// Text laid out in lines by the program (clap's usage error) on
/// standard error, in one write: every unsafe character escaped, its `\n`
/// kept.
pub fn block(text: &str) {
    let _ = io::stderr()
        .lock()
        .write_all(neutralise_lines(text).as_bytes());
}

/// Writes one neutralised line (and its `\n`) to `out`.
pub fn line(out: &mut impl Write, line: impl Display) -> io::Result<()> {
    let text = line.to_string();
    let safe = neutralise(&text);
    out.write_all(safe.as_bytes())?;
    out.write_all(b"\n")
}

/// One line on standard output, for commands that print a few lines; a
/// closed pipe ends the output quietly (like `head` closing it).
pub fn print(text: impl Display) {
    let _ = line(&mut io::stdout().lock(), text);
}

/// Writes text the program laid out in lines itself: every unsafe
/// character is escaped but its `\n` are kept.
pub fn text(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(neutralise_lines(text).as_bytes())
}

/// Whether standard error is a terminal: progress bars and coloured logs
/// are drawn only then. (The bar and the logs write through their own
/// crates, which write only what claimdesk formats: counts, rates and
/// log fields, never typed text unneutralised.)
pub fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cannot_forge_another_or_escape() {
        let mut out = Vec::new();
        line(&mut out, format_args!("vendor {}", "x\n\u{1b}[2Jok: fake")).unwrap();
        assert_eq!(out, b"vendor x\\u{a}\\u{1b}[2Jok: fake\n");
    }

    #[test]
    fn text_keeps_its_own_lines() {
        let mut out = Vec::new();
        text(&mut out, "a\n\u{9b}b\n").unwrap();
        assert_eq!(out, b"a\n\\u{9b}b\n");
    }
}
