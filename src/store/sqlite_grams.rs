//! The history filter's short words on the SQLite log (issue 26). The
//! trigram index (`cases_fts`) cannot look up a word of 1 or 2
//! characters, so such a word was checked (`instr(lower(words), w)`) on
//! every case's search line: about a second a keystroke at 1,000,000
//! cases for a word that matches nothing.
//!
//! `case_grams` summarises the log by blocks: a block is the cases whose
//! sort key (the rowid) shares all but its low [`BLOCK_BITS`] bits (a day
//! of up to 1,024 cases is one block, a bigger one a block per 4,096;
//! 1,000,000 cases at 1,000 a day are 1,000 blocks). A block's `grams` is a bitmap of the
//! 1- and 2-character pieces of its cases' search lines, with ASCII
//! letters folded to lower case as SQLite's `lower()` folds them: each
//! piece of printable ASCII has a bit of its own, a piece with any other
//! character a bit shared by hashing ([`gram_bit`]). A short word is such
//! a piece, so a block where one of the search's short words has no bit
//! set has no case that matches; a search reads the bitmaps (about
//! 770 KB at 1,000,000 cases) and then only the rows of the other blocks
//! ([`ranges`]), in page order, checking every word on every row as
//! before: the bitmaps change what is read, never what is found.
//!
//! The bitmaps only ever gain bits: an edit or a purge that removes a
//! word from a case leaves its bits set, and a hashed bit may be shared,
//! so a block may be read for nothing, never skipped wrongly. They are
//! kept by the store, not by triggers: every write that changes a case's
//! search line calls [`note_rows`] in its transaction, after the line is
//! in `cases_fts` (whose content it reads); migration 9 fills them for
//! the cases already saved. A row written to the table by another
//! program is still found by its 3+ character words; by a short word only
//! when its block already had that word's bit.
//!
//! The bit layout is stored data: changing [`gram_bit`] or the block size
//! needs a migration that fills the table again.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// A block is the sort keys equal but for these low bits.
pub(super) const BLOCK_BITS: u32 = 12;

/// Printable ASCII without the upper-case letters (folded away): `' '`
/// to `'@'`, then `'['` to `'~'`.
const ASCII: usize = 69;
/// Where the bits of two-character ASCII pieces start.
const PAIRS_AT: usize = ASCII;
/// Where the hashed bits (a piece with any other character) start.
const HASHED_AT: usize = PAIRS_AT + ASCII * ASCII;
/// A block's bitmap, in bits and in bytes.
const BITS: usize = 6_144;
const BYTES: usize = BITS / 8;
const HASHED: usize = BITS - HASHED_AT;

/// One block's pieces.
type Bitmap = [u8; BYTES];

/// The searched words of a history search, lower case (as the search
/// checks them, see `sqlite_salvage::word_conditions`).
pub(super) fn search_words(words: &str) -> Vec<String> {
    words.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether the trigram index cannot look `word` up (fewer than 3
/// characters).
pub(super) fn is_short(word: &str) -> bool {
    word.chars().count() < 3
}

/// A character's own bit number among [`ASCII`], if it has one.
fn ascii_code(c: char) -> Option<usize> {
    match c {
        ' '..='@' => Some(c as usize - ' ' as usize),
        '['..='~' => Some(c as usize - '[' as usize + ('@' as usize - ' ' as usize + 1)),
        _ => None,
    }
}

/// The bit of the piece `first` (then `second`, for two characters),
/// both already folded as SQLite's `lower()` folds (ASCII only).
pub(super) fn gram_bit(first: char, second: Option<char>) -> usize {
    match (ascii_code(first), second.map(|c| (c, ascii_code(c)))) {
        (Some(a), None) => a,
        (Some(a), Some((_, Some(b)))) => PAIRS_AT + a * ASCII + b,
        _ => {
            // A fixed mix (murmur3's finaliser): the bits are stored.
            let b = second.map_or(u32::MAX, u32::from);
            let mut x = (u64::from(u32::from(first)) << 32) | u64::from(b);
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
            x ^= x >> 33;
            x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            x ^= x >> 33;
            HASHED_AT + (x % HASHED as u64) as usize
        }
    }
}

/// The bit a short word (1 or 2 characters, lower case) needs set.
fn word_bit(word: &str) -> Option<usize> {
    let mut chars = word.chars();
    let first = chars.next()?;
    match (chars.next(), chars.next()) {
        (second, None) => Some(gram_bit(first, second)),
        _ => None,
    }
}

fn set(bits: &mut Bitmap, bit: usize) {
    bits[bit / 8] |= 1 << (bit % 8);
}

fn is_set(bits: &[u8], bit: usize) -> bool {
    bits.get(bit / 8).is_none_or(|b| b & (1 << (bit % 8)) != 0)
}

/// Adds a search line's pieces to `bits`. A line that is not UTF-8 text
/// (the store never writes one) sets every bit: its block is always read.
fn add_line(bits: &mut Bitmap, line: ValueRef<'_>) {
    let text = match line {
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                bits.fill(0xff);
                return;
            }
        },
        ValueRef::Null => return,
        _ => {
            bits.fill(0xff);
            return;
        }
    };
    let mut before = None;
    for c in text.chars().map(|c| c.to_ascii_lowercase()) {
        set(bits, gram_bit(c, None));
        if let Some(b) = before {
            set(bits, gram_bit(b, Some(c)));
        }
        before = Some(c);
    }
}

/// The cases whose search lines [`note_rows`] adds to the summaries.
pub(super) enum Rows<'a> {
    /// Every case whose sort key is in this range (all of them for the
    /// migration's fill).
    Keys(std::ops::RangeInclusive<i64>),
    /// The cases of these sort keys (a write batch's new rows).
    SortKeys(&'a [i64]),
    /// The case of this id.
    Id(&'a str),
}

/// Adds the search lines of `rows` (as `cases_fts` now holds them) to
/// their blocks' summaries: the upkeep every write that changes a case's
/// search line runs in its transaction, after the line is written.
pub(super) fn note_rows(conn: &Connection, rows: Rows<'_>) -> rusqlite::Result<()> {
    let ranges = match rows {
        Rows::Keys(range) => vec![range],
        Rows::SortKeys(keys) => {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            runs(keys)
        }
        Rows::Id(id) => runs(keys_of(conn, std::iter::once(id))?),
    };
    let mut blocks: BTreeMap<i64, Box<Bitmap>> = BTreeMap::new();
    let mut lines = conn.prepare_cached(
        "SELECT rowid, words FROM cases_fts WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid",
    )?;
    for range in ranges {
        let mut rows = lines.query(params![range.start(), range.end()])?;
        while let Some(row) = rows.next()? {
            let block = row.get::<_, i64>(0)? >> BLOCK_BITS;
            if !blocks.contains_key(&block) && blocks.len() >= 64 {
                // A long range (the fill) writes as it goes.
                for (block, bits) in std::mem::take(&mut blocks) {
                    store(conn, block, &bits)?;
                }
            }
            let bits = blocks.entry(block).or_insert_with(|| Box::new([0; BYTES]));
            add_line(bits, row.get_ref(1)?);
        }
    }
    for (block, bits) in blocks {
        store(conn, block, &bits)?;
    }
    Ok(())
}

/// The sort keys of the cases `ids`, in order (an id no case has, none).
fn keys_of<'a>(
    conn: &Connection,
    ids: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<Vec<i64>> {
    let mut key = conn.prepare_cached("SELECT rowid FROM cases WHERE id = ?1")?;
    let mut keys = Vec::new();
    for id in ids {
        keys.extend(key.query_row([id], |r| r.get::<_, i64>(0)).optional()?);
    }
    keys.sort_unstable();
    Ok(keys)
}

/// Sorted keys as ranges to read, keys near each other (a batch's, one
/// after the other in a day) in one: a range may hold cases not asked
/// for, whose lines add what their blocks have already.
fn runs(keys: Vec<i64>) -> Vec<std::ops::RangeInclusive<i64>> {
    let mut runs: Vec<std::ops::RangeInclusive<i64>> = Vec::new();
    for key in keys {
        match runs.last_mut() {
            Some(run) if key.saturating_sub(*run.end()) <= 64 => *run = *run.start()..=key,
            _ => runs.push(key..=key),
        }
    }
    runs
}

/// ORs `bits` into the block's stored summary. A summary of another
/// size (not written by this layout) becomes every bit set.
fn store(conn: &Connection, block: i64, bits: &Bitmap) -> rusqlite::Result<()> {
    let mut merged = Box::new(*bits);
    let stored: Option<Vec<u8>> = conn
        .prepare_cached("SELECT grams FROM case_grams WHERE block = ?1")?
        .query_row([block], |r| r.get(0))
        .optional()?;
    match stored {
        Some(old) if old.len() == BYTES => {
            for (m, o) in merged.iter_mut().zip(old) {
                *m |= o;
            }
        }
        Some(_) => merged.fill(0xff),
        None => {}
    }
    conn.prepare_cached("INSERT OR REPLACE INTO case_grams (block, grams) VALUES (?1, ?2)")?
        .execute(params![block, &merged[..]])?;
    Ok(())
}

/// The sort-key ranges a search by `words` has to read, in its page
/// order (newest first unless `oldest_first`); `None` when it has no
/// short word (every case may match). Empty: no case can match. Blocks
/// next to each other in the table read as one range.
pub(super) fn ranges(
    conn: &Connection,
    words: &str,
    oldest_first: bool,
) -> rusqlite::Result<Option<Vec<(i64, i64)>>> {
    let bits: Vec<usize> = search_words(words)
        .iter()
        .filter(|w| is_short(w))
        .filter_map(|w| word_bit(w))
        .collect();
    if bits.is_empty() {
        return Ok(None);
    }
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    let mut open = false;
    let mut statement =
        conn.prepare_cached("SELECT block, grams FROM case_grams ORDER BY block")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let block: i64 = row.get(0)?;
        let has = match row.get_ref(1)? {
            ValueRef::Blob(grams) if grams.len() == BYTES => bits.iter().all(|&b| is_set(grams, b)),
            // Not this layout's summary: read the block.
            _ => true,
        };
        let (lo, hi) = (
            block << BLOCK_BITS,
            (block << BLOCK_BITS) | ((1 << BLOCK_BITS) - 1),
        );
        match (has, open, ranges.last_mut()) {
            (true, true, Some(last)) => last.1 = hi,
            (true, _, _) => ranges.push((lo, hi)),
            _ => {}
        }
        open = has;
    }
    if !oldest_first {
        ranges.reverse();
    }
    Ok(Some(ranges))
}

/// Migration 9's step: every saved case's search line.
pub(super) fn fill(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    note_rows(tx, Rows::Keys(i64::MIN..=i64::MAX))
}

#[cfg(test)]
mod tests;
