//! How a history search finds its matches on a big log: the plan is
//! chosen by what the words can use, and by how often they match among
//! the newest cases.
//!
//! - The trigram index (`cases_words`) finds a rare word at once. But a
//!   word whose trigrams most cases have (an order number's "ord" and
//!   "000") makes it read long lists, a common word makes it return tens
//!   of thousands of rows in no order, each read from the heap (rows of
//!   about 2 KB), and a word without three letters or digits in a row
//!   gives it nothing to look up.
//! - The covering index `cases_sort_words` (`sort_key`, with `words`)
//!   reads the cases in page order without their heap rows: a common
//!   word has its first page, or the count's cap, among the newest few
//!   thousand cases.
//!
//! So a search reads, in page order from its cursor:
//! 1. the newest [`SearchRows::probe`] cases (about a millisecond); enough
//!    matches there: done;
//! 2. when the matches there say the rest are near (at that rate, all it
//!    wants within [`SearchRows::ordered`] cases), up to that many;
//! 3. otherwise the trigram index, on the words it can use (the others
//!    checked on the rows it finds), for every match up to
//!    [`SearchRows::trigram_keys`], sorted here.
//!
//! Before them, a word the trigram index cannot use (no three letters or
//! digits in a row: "z", "7x", "c-") is looked for through the bitmaps of
//! each block's 1- and 2-character pieces (`case_grams`, migration 11,
//! kept by triggers; the layout is the SQLite log's, `sqlite_grams`):
//! only the blocks that have every piece of every such word can hold a
//! match. No block: nothing is read ([`SearchStep::NoBlock`]). A search
//! of only such words reads those blocks in page order until it has
//! enough ([`SearchStep::Blocks`]); one with a word the index can use too
//! reads them when they are few ([`SearchRows::blocks`]), else takes the
//! steps above.
//!
//! Every step checks every word the same way (a substring of `words`,
//! which is lower case), so the plan changes the time a search takes,
//! never what it finds.

use super::client::{Client, GenericClient};
use crate::store::sqlite_grams::{BLOCK_BITS, gram_bit};
use tokio_postgres::types::ToSql;

/// How many rows each step reads (a setting of the store, so tests can
/// run every step on a small log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchRows {
    /// The first look, the newest cases: a millisecond on the covering
    /// index.
    pub probe: usize,
    /// The most an ordered read goes on to when the probe's rate says
    /// it is worth it (about 20 ms on the covering index).
    pub ordered: usize,
    /// The keys the trigram step reads at most, in no order (or as many
    /// as asked for, if more): fewer are every match, sorted here; this
    /// many means at least this many.
    pub trigram_keys: usize,
    /// The most blocks (about a day's cases each) a search with a word
    /// the trigram index can use reads through the short words' bitmaps
    /// instead of its other steps.
    pub blocks: usize,
}

impl Default for SearchRows {
    fn default() -> Self {
        SearchRows {
            probe: 2_000,
            ordered: 60_000,
            // The wizard's count cap: its count and page from one scan.
            trigram_keys: 1_001,
            // About as many cases as the ordered read.
            blocks: 60,
        }
    }
}

/// The step that answered a history search (tests check each is taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchStep {
    /// No block has every piece of the short words: nothing read.
    NoBlock,
    /// The blocks that have them, in page order until enough.
    Blocks,
    /// Enough matches (or the whole log) among the probe's cases.
    Probe,
    /// Enough matches (or the whole log) in the longer ordered read.
    Ordered,
    /// The trigram index found every match, fewer than it reads.
    Trigram,
    /// The trigram index found at least as many as it reads: a count is
    /// complete, a page not known past the ordered steps.
    TrigramFull,
}

/// The matches of a search that a plan found.
#[derive(Debug)]
pub(super) struct Matches {
    /// How many cases match, up to the number asked for.
    pub count: usize,
    /// The first of them in page order: all `count` of them, or fewer
    /// when the trigram step found more than it reads.
    pub first: Vec<i64>,
    pub step: SearchStep,
}

/// A search's words, lower case, and where it starts.
pub(super) struct Words {
    pub words: Vec<String>,
    pub oldest_first: bool,
    pub after: Option<i64>,
}

type Param = Box<dyn ToSql + Sync>;

/// Whether the trigram index can look `word` up: pg_trgm indexes runs
/// of letters and digits, and a `%word%` pattern gives it a trigram only
/// from a run of three.
pub(super) fn narrows(word: &str) -> bool {
    let mut run = 0;
    for c in word.chars() {
        run = if c.is_alphanumeric() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

impl Words {
    fn order(&self) -> &'static str {
        if self.oldest_first { "ASC" } else { "DESC" }
    }

    /// ` AND c.sort_key < $n` after the cursor, if any.
    fn cursor(&self, values: &mut Vec<Param>) -> String {
        match self.after {
            Some(after) => {
                values.push(Box::new(after));
                let op = if self.oldest_first { ">" } else { "<" };
                format!(" AND c.sort_key {op} ${}", values.len())
            }
            None => String::new(),
        }
    }

    /// Every word as `strpos` (which no index answers), or with `like`
    /// the words the trigram index can use as `LIKE` (which it answers).
    fn conditions(&self, like: bool, values: &mut Vec<Param>) -> String {
        let mut sql = String::new();
        for word in &self.words {
            if like && narrows(word) {
                values.push(Box::new(format!("%{}%", super::like_escaped(word))));
                sql.push_str(&format!(" AND c.words LIKE ${}", values.len()));
            } else {
                values.push(Box::new(word.clone()));
                sql.push_str(&format!(" AND strpos(c.words, ${}) > 0", values.len()));
            }
        }
        sql
    }

    /// The bits a block of a match has set: each 2-character piece (or
    /// the one character) of every word the trigram index cannot use,
    /// ASCII folded as the bitmaps are. Empty: every word narrows.
    fn gram_bits(&self) -> Vec<i32> {
        let mut bits = Vec::new();
        for word in self.words.iter().filter(|w| !narrows(w)) {
            let chars: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
            if let [only] = chars[..] {
                bits.push(gram_bit(only, None));
            }
            bits.extend(chars.windows(2).map(|p| gram_bit(p[0], Some(p[1]))));
        }
        let mut bits: Vec<i32> = bits
            .into_iter()
            .filter_map(|b| i32::try_from(b).ok())
            .collect();
        bits.sort_unstable();
        bits.dedup();
        bits
    }

    /// The sort-key ranges of the blocks whose bitmaps have every one of
    /// `bits`, in page order from the cursor (blocks next to each other
    /// as one range), and how many blocks they are.
    fn blocks(
        &self,
        client: &mut Client,
        bits: &[i32],
    ) -> Result<(Vec<(i64, i64)>, usize), tokio_postgres::Error> {
        let rows = client.query(
            "SELECT g.block FROM case_grams g,
                (SELECT bit_or(B'1'::bit(6144) >> b) AS m FROM unnest($1::int[]) AS b) w
             WHERE g.grams & w.m = w.m ORDER BY g.block",
            &[&bits],
        )?;
        let mut ranges: Vec<(i64, i64)> = Vec::new();
        for row in &rows {
            let lo = row.get::<_, i64>(0) << BLOCK_BITS;
            let hi = lo | ((1 << BLOCK_BITS) - 1);
            match ranges.last_mut() {
                Some(last) if last.1.checked_add(1) == Some(lo) => last.1 = hi,
                _ => ranges.push((lo, hi)),
            }
        }
        match (self.after, self.oldest_first) {
            (Some(after), true) => {
                ranges.retain(|r| r.1 > after);
                if let Some(first) = ranges.first_mut() {
                    first.0 = first.0.max(after.saturating_add(1));
                }
            }
            (Some(after), false) => {
                ranges.retain(|r| r.0 < after);
                if let Some(last) = ranges.last_mut() {
                    last.1 = last.1.min(after.saturating_sub(1));
                }
            }
            (None, _) => {}
        }
        if !self.oldest_first {
            ranges.reverse();
        }
        Ok((ranges, rows.len()))
    }

    /// The first `want` matches within `ranges` (in page order), read
    /// range by range in page order: one range a statement at first,
    /// then twice as many each time (up to 64), so that a search found
    /// in its first block reads no more and one spread over hundreds of
    /// blocks takes a few round trips.
    fn in_ranges(
        &self,
        client: &mut Client,
        ranges: &[(i64, i64)],
        want: usize,
    ) -> Result<Vec<i64>, tokio_postgres::Error> {
        let order = self.order();
        let mut found = Vec::new();
        let (mut rest, mut chunk) = (ranges, 1);
        while !rest.is_empty() && found.len() < want {
            let (now, later) = rest.split_at(chunk.min(rest.len()));
            let (lo, hi): (Vec<i64>, Vec<i64>) = now.iter().copied().unzip();
            let mut values: Vec<Param> = vec![Box::new(lo), Box::new(hi)];
            let words = self.conditions(false, &mut values);
            values.push(Box::new(as_limit(want - found.len())));
            let limit = values.len();
            let sql = format!(
                "SELECT c.sort_key FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS r (lo, hi, n)
                 CROSS JOIN LATERAL (SELECT c.sort_key FROM cases c
                    WHERE c.sort_key BETWEEN r.lo AND r.hi{words}
                    ORDER BY c.sort_key {order} LIMIT ${limit}) c
                 ORDER BY r.n, c.sort_key {order} LIMIT ${limit}"
            );
            found.extend(keys(client, &sql, &values)?);
            (rest, chunk) = (later, (chunk * 2).min(64));
        }
        Ok(found)
    }

    /// The matches among the next `rows` cases in page order, at most
    /// `want`.
    fn ordered(
        &self,
        client: &mut Client,
        rows: usize,
        want: usize,
    ) -> Result<Vec<i64>, tokio_postgres::Error> {
        let mut values: Vec<Param> = Vec::new();
        let order = self.order();
        let cursor = self.cursor(&mut values);
        values.push(Box::new(as_limit(rows)));
        let window = format!(" LIMIT ${}", values.len());
        let words = self.conditions(false, &mut values);
        values.push(Box::new(as_limit(want)));
        let sql = format!(
            "SELECT c.sort_key FROM (SELECT c.sort_key, c.words FROM cases c WHERE TRUE{cursor}
                ORDER BY c.sort_key {order}{window}) c
             WHERE TRUE{words} ORDER BY c.sort_key {order} LIMIT ${}",
            values.len()
        );
        keys(client, &sql, &values)
    }

    /// Up to `limit` matches through the trigram index, in no order.
    fn trigram(
        &self,
        client: &mut Client,
        limit: usize,
    ) -> Result<Vec<i64>, tokio_postgres::Error> {
        let mut values: Vec<Param> = Vec::new();
        let cursor = self.cursor(&mut values);
        let words = self.conditions(true, &mut values);
        values.push(Box::new(as_limit(limit)));
        let sql = format!(
            "SELECT c.sort_key FROM cases c WHERE TRUE{words}{cursor} LIMIT ${}",
            values.len()
        );
        keys(client, &sql, &values)
    }

    /// Whether a window of `rows` cases read the whole log (known when
    /// it started at the top).
    fn covers_log(&self, client: &mut Client, rows: usize) -> Result<bool, tokio_postgres::Error> {
        if self.after.is_some() {
            return Ok(false);
        }
        let total: i64 = client
            .query_one("SELECT cases FROM case_count", &[])?
            .get(0);
        Ok(total <= as_limit(rows))
    }

    /// The first `want` matches (see the module's doc for the steps).
    pub fn matches(
        &self,
        client: &mut Client,
        rows: SearchRows,
        want: usize,
    ) -> Result<Matches, tokio_postgres::Error> {
        let done = |first: Vec<i64>, step| Matches {
            count: first.len(),
            first,
            step,
        };
        let bits = self.gram_bits();
        if !bits.is_empty() {
            let (ranges, blocks) = self.blocks(client, &bits)?;
            if ranges.is_empty() {
                return Ok(done(Vec::new(), SearchStep::NoBlock));
            }
            // Only short words (nothing else to read by), or few blocks.
            if !self.words.iter().any(|w| narrows(w)) || blocks <= rows.blocks {
                let first = self.in_ranges(client, &ranges, want)?;
                return Ok(done(first, SearchStep::Blocks));
            }
        }
        let probe = rows.probe.max(1);
        let mut first = self.ordered(client, probe, want)?;
        if first.len() >= want || self.covers_log(client, probe)? {
            return Ok(done(first, SearchStep::Probe));
        }
        // At the probe's rate, would `want` matches come within
        // `rows.ordered` cases?
        if rows.ordered > probe
            && first.len().saturating_mul(rows.ordered) >= want.saturating_mul(probe)
        {
            first = self.ordered(client, rows.ordered, want)?;
            if first.len() >= want || self.covers_log(client, rows.ordered)? {
                return Ok(done(first, SearchStep::Ordered));
            }
        }
        let limit = want.max(rows.trigram_keys);
        let mut all = self.trigram(client, limit)?;
        if all.len() >= limit {
            // At least `limit` (so `want`); the first page is known only
            // as far as the ordered steps read.
            return Ok(Matches {
                count: want,
                first,
                step: SearchStep::TrigramFull,
            });
        }
        all.sort_unstable();
        if !self.oldest_first {
            all.reverse();
        }
        all.truncate(want);
        Ok(done(all, SearchStep::Trigram))
    }
}

fn as_limit(n: usize) -> i64 {
    n.min(i64::MAX as usize) as i64
}

fn keys(
    client: &mut Client,
    sql: &str,
    values: &[Param],
) -> Result<Vec<i64>, tokio_postgres::Error> {
    let refs: Vec<&(dyn ToSql + Sync)> = values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect();
    Ok(client.query(sql, &refs)?.iter().map(|r| r.get(0)).collect())
}

#[cfg(test)]
mod tests {
    use super::{BLOCK_BITS, narrows};

    /// Migration 11's SQL cuts the log into blocks as the ranges here do.
    #[test]
    fn the_bitmaps_blocks_are_the_ranges_blocks() {
        let file = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/migrations/postgres/0011_short_word_grams.sql"
        ));
        assert!(file.contains(&format!("SELECT u.k >> {BLOCK_BITS} AS block")));
    }

    #[test]
    fn a_word_narrows_with_three_letters_or_digits_in_a_row() {
        for word in ["ticket", "ord-0000038", "a-bc9", "été", "99x"] {
            assert!(narrows(word), "{word}");
        }
        for word in ["99", "a", "c-", "ab-cd", "--", "1.2.3", "é-é"] {
            assert!(!narrows(word), "{word}");
        }
    }
}
