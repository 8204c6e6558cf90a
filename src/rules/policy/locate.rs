//! Where in a policy file a problem is, from the toml parser's spans
//! (issue 12: counting `[[table]]` header lines went wrong as soon as a
//! header carried a comment).
//!
//! The compiler knows the table an error concerns by the byte offset of its
//! header (serde's `Spanned`), and often the key (`when.within`). Finding
//! the key's own span needs the document as the parser saw it
//! ([`toml::de::DeTable`]), so the file is parsed a second time, only when
//! some error names a key: a file that compiles costs one parse.

use super::compile::{PolicyError, line_col};
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};

/// A problem found while compiling, before its line and column are known.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    /// Byte offset of the header of the table it concerns.
    pub table: Option<usize>,
    /// The key in that table it concerns (dotted: `when.within`).
    pub key: Option<&'static str>,
    pub message: String,
}

/// The problems, located: at the key when the table has it, else at the
/// table's header, else (a file-wide problem) with no line.
pub(super) fn locate(origin: &str, text: &str, pending: Vec<Pending>) -> Vec<PolicyError> {
    let wants_keys = pending.iter().any(|p| p.table.is_some() && p.key.is_some());
    let document = if wants_keys {
        DeTable::parse(text).ok()
    } else {
        None
    };
    let mut tables: HashMap<usize, &DeTable<'_>> = HashMap::new();
    if let Some(doc) = &document {
        index_tables(doc.get_ref(), &mut tables, 0);
    }
    pending
        .into_iter()
        .map(|p| {
            let offset = p.table.map(|header| {
                p.key
                    .and_then(|key| key_offset(tables.get(&header)?, key))
                    .unwrap_or(header)
            });
            let (line, column) = offset.map_or((None, None), |o| {
                let (l, c) = line_col(text, o);
                (Some(l), Some(c))
            });
            PolicyError {
                origin: origin.to_owned(),
                line,
                column,
                message: p.message,
            }
        })
        .collect()
}

/// Every table of an array of tables (`[[rules]]`, `[[versions.rules]]`)
/// and every plain table, by the offset of its header. Depth-capped: a
/// hostile file nested hundreds deep is indexed only as far as policy
/// files go.
fn index_tables<'a, 'i>(
    table: &'a DeTable<'i>,
    out: &mut HashMap<usize, &'a DeTable<'i>>,
    depth: usize,
) {
    if depth > 4 {
        return;
    }
    for (_, value) in table.iter() {
        match value.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    if let DeValue::Table(t) = item.get_ref() {
                        out.insert(item.span().start, t);
                        index_tables(t, out, depth + 1);
                    }
                }
            }
            DeValue::Table(t) => {
                out.insert(value.span().start, t);
                index_tables(t, out, depth + 1);
            }
            _ => {}
        }
    }
}

/// Where `key` (dotted) is written in `table`.
fn key_offset(table: &DeTable<'_>, key: &str) -> Option<usize> {
    let mut table = table;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let (k, v) = table.iter().find(|(k, _)| k.get_ref().as_ref() == part)?;
        if parts.peek().is_none() {
            return Some(k.span().start);
        }
        let DeValue::Table(inner) = v.get_ref() else {
            return None;
        };
        table = inner;
    }
    None
}
