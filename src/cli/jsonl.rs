//! `--format json` on the listing commands: JSON Lines (one object a
//! line) for scripts, written through `crate::text::json` so no value can
//! carry a control character to a terminal.

use clap::ValueEnum;
use serde::Serialize;
use std::io::{self, Write};

/// How a listing command writes its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns and a closing count, for people.
    #[default]
    Text,
    /// One JSON object a line (JSON Lines), nothing else on standard output.
    Json,
}

/// Writes `value` as one compact, terminal-safe JSON line.
pub fn line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    crate::text::json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
