//! `claimdesk check`: one claim, or JSON Lines with `--batch`.

use super::Common;
use crate::rules::{self, ClaimInput, DecideError, PolicySet};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The claim file (JSON; with --batch, JSON Lines). Standard input when absent or "-".
    pub file: Option<PathBuf>,
    /// Read one claim a line and write one outcome a line.
    #[arg(long)]
    pub batch: bool,
}

fn open(file: Option<&PathBuf>) -> io::Result<Box<dyn Read>> {
    match file {
        Some(path) if path.as_os_str() != "-" => Ok(Box::new(File::open(path)?)),
        _ => Ok(Box::new(io::stdin().lock())),
    }
}

pub fn run(common: &Common, args: &CheckArgs) -> ExitCode {
    let policies = match common.load_policies() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let reader = match open(args.file.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            let name = args.file.as_ref().map(|p| p.display().to_string());
            eprintln!("error: cannot read {}: {e}", name.unwrap_or_default());
            return ExitCode::from(2);
        }
    };
    let today = common.today();
    if args.batch {
        batch(&policies, reader, today)
    } else {
        single(&policies, reader, today)
    }
}

fn single(policies: &PolicySet, mut reader: Box<dyn Read>, today: NaiveDate) -> ExitCode {
    let mut text = String::new();
    if let Err(e) = reader.read_to_string(&mut text) {
        eprintln!("error: cannot read the claim: {e}");
        return ExitCode::from(2);
    }
    let input = match ClaimInput::from_json(&text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match rules::decide(policies, &input, today) {
        Ok(outcome) => {
            let mut out = io::stdout().lock();
            let written = serde_json::to_writer_pretty(&mut out, &outcome)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the outcome: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(DecideError::Claim(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(DecideError::Policy(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}

/// One output line per input line, in order; memory stays that of one line.
fn batch(policies: &PolicySet, reader: Box<dyn Read>, today: NaiveDate) -> ExitCode {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut line = Vec::with_capacity(1024);
    let mut number = 0u64;
    let mut failed = false;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: cannot read line {}: {e}", number + 1);
                failed = true;
                break;
            }
        }
        number += 1;
        match decide_line(policies, &line, today, number, &mut out) {
            Ok(true) => {}
            Ok(false) => failed = true,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write the outcome: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if let Err(e) = out.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the outcome: {e}");
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Decides one line and writes its output line; `Ok(false)` when the line
/// was an error (written in place as `{"line": N, "error": ...}`).
fn decide_line(
    policies: &PolicySet,
    line: &[u8],
    today: NaiveDate,
    number: u64,
    out: &mut impl Write,
) -> io::Result<bool> {
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.trim_end_matches(['\n', '\r']),
        Err(_) => return write_error(out, number, None, "the line is not valid UTF-8"),
    };
    let input = match ClaimInput::from_json(text) {
        Ok(i) => i,
        Err(e) => return write_error(out, number, e.field.as_deref(), &e.to_string()),
    };
    match rules::decide(policies, &input, today) {
        Ok(outcome) => {
            serde_json::to_writer(&mut *out, &outcome)?;
            out.write_all(b"\n")?;
            Ok(true)
        }
        Err(DecideError::Claim(e)) => write_error(out, number, e.field.as_deref(), &e.to_string()),
        Err(DecideError::Policy(e)) => write_error(out, number, None, &e.to_string()),
    }
}

fn write_error(
    out: &mut impl Write,
    number: u64,
    field: Option<&str>,
    message: &str,
) -> io::Result<bool> {
    let value = match field {
        Some(f) => json!({"line": number, "error": message, "field": f}),
        None => json!({"line": number, "error": message}),
    };
    serde_json::to_writer(&mut *out, &value)?;
    out.write_all(b"\n")?;
    Ok(false)
}
