//! What clap makes from the command-line definitions, shown to the user:
//! usage errors in full (neutralised), shell completions and the man page.

use crate::exit::Exit;
use crate::text::{neutralise_lines, shown};
use clap::error::{ContextKind, ContextValue};
use clap::{CommandFactory, Subcommand};
use std::io::{self, Write};

/// `completions` and `man`: generated, so they never drift from the flags.
#[derive(Debug, Subcommand)]
pub enum Generated {
    /// Print the shell completion script for SHELL.
    ///
    /// bash: `claimdesk completions bash >
    /// ~/.local/share/bash-completion/completions/claimdesk`; zsh: into a
    /// folder on $fpath as `_claimdesk`; fish: `claimdesk completions fish >
    /// ~/.config/fish/completions/claimdesk.fish`.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    ///
    /// `claimdesk man > ~/.local/share/man/man1/claimdesk.1`, or read it at
    /// once with `claimdesk man | man -l -`.
    Man,
}

/// Writes the completion script or the man page to standard output.
pub fn run(what: &Generated) -> Exit {
    let mut command = super::Cli::command();
    let mut out = io::stdout().lock();
    let written = match what {
        Generated::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "claimdesk", &mut script);
            out.write_all(&script)
        }
        Generated::Man => clap_mangen::Man::new(command).render(&mut out),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Exit::Success,
        // `claimdesk man | head`: a closed pipe is not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
        Err(e) => {
            crate::diag::error(format_args!("cannot write: {e}"));
            Exit::Attention
        }
    }
}

/// clap's whole message for a usage error (what was missing or wrong,
/// "did you mean", the possible values, the usage line), with every value
/// the user typed neutralised and cut, so the only line breaks are clap's.
pub fn error_text(mut error: clap::Error) -> String {
    // The user's words reach the message through its context; clap's own
    // words (argument names, suggestions) are safe already.
    let typed: Vec<(ContextKind, ContextValue)> = error
        .context()
        .filter_map(|(kind, value)| {
            let safe = match value {
                ContextValue::String(s) => ContextValue::String(shown(s, 200)),
                ContextValue::Strings(v) => {
                    ContextValue::Strings(v.iter().map(|s| shown(s, 200)).collect())
                }
                ContextValue::StyledStr(s) => {
                    ContextValue::StyledStr(shown(&s.to_string(), 200).into())
                }
                ContextValue::StyledStrs(v) => ContextValue::StyledStrs(
                    v.iter()
                        .map(|s| shown(&s.to_string(), 200).into())
                        .collect(),
                ),
                _ => return None,
            };
            Some((kind, safe))
        })
        .collect();
    for (kind, value) in typed {
        error.insert(kind, value);
    }
    // Whatever else got in (a value parser's message) is neutralised too.
    let text = error.to_string();
    let mut safe = neutralise_lines(text.trim_end()).into_owned();
    safe.push('\n');
    safe
}
