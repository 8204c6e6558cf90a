//! The history search's trigram index (`cases_fts`) and the case count
//! (`case_count`) for newly inserted cases, filled once per write batch.
//!
//! Per-row insert triggers did this until schema 8; they made every
//! INSERT a statement transaction, and FTS5 writes its pending terms out
//! at each statement savepoint, so a bulk save wrote (and later merged)
//! one index segment per case. Filled here in one statement at the end of
//! the batch, the index gets one segment per batch. Updates and deletes
//! still keep the index and the count by trigger (one case at a time).

use rusqlite::Transaction;

/// What the search index holds for a case: the columns the history filter
/// matches, as the update trigger of migration 7 writes them (a test
/// holds the two together).
pub(super) const SEARCH_WORDS: &str = "id || ' ' || claim_date || ' ' || vendor || ' ' || issue \
     || ' ' || replace(issue, '_', ' ') || ' ' || verdict || ' ' || replace(verdict, '_', ' ') \
     || ' ' || reference || ' ' || reference_key || ' ' || note || ' ' || agent || ' ' \
     || customer_name || ' ' || customer_phone || ' ' || customer_email || ' ' \
     || replace(status, '_', ' ') || ' ' || timeline_words";

/// The rows one write batch inserted, by rowid, to be indexed and counted
/// before it commits.
#[derive(Debug, Default)]
pub(super) struct NewRows {
    rowids: Vec<i64>,
}

impl NewRows {
    pub fn add(&mut self, rowid: i64) {
        self.rowids.push(rowid);
    }

    /// Indexes and counts the rows added: the last writes of the batch,
    /// so no later statement savepoint makes the index write out early.
    pub fn fill(self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        if self.rowids.is_empty() {
            return Ok(());
        }
        let count = i64::try_from(self.rowids.len()).unwrap_or(i64::MAX);
        tx.prepare_cached("UPDATE case_count SET cases = cases + ?1")?
            .execute([count])?;
        let (first, last) = (self.rowids[0], self.rowids[self.rowids.len() - 1]);
        // A batch save's rows are one day's consecutive numbers: a range.
        let consecutive = self.rowids.windows(2).all(|pair| pair[1] == pair[0] + 1);
        if consecutive {
            tx.prepare_cached(&format!(
                "INSERT INTO cases_fts (rowid, words)
                 SELECT rowid, {SEARCH_WORDS} FROM cases WHERE rowid BETWEEN ?1 AND ?2"
            ))?
            .execute([first, last])?;
        } else {
            let list = serde_json::to_string(&self.rowids)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            tx.prepare_cached(&format!(
                "INSERT INTO cases_fts (rowid, words)
                 SELECT rowid, {SEARCH_WORDS} FROM cases
                 WHERE rowid IN (SELECT value FROM json_each(?1))"
            ))?
            .execute([list])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words a batch indexes are the words the update trigger indexes
    /// when one of those columns changes.
    #[test]
    fn the_batch_indexes_what_the_update_trigger_does() {
        let dir = tempfile::tempdir().expect("dir");
        let log = crate::store::SqliteStore::open_in(dir.path()).expect("log");
        let conn = rusqlite::Connection::open(log.path()).expect("open");
        let trigger: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'cases_fts_update'",
                [],
                |r| r.get(0),
            )
            .expect("the update trigger");
        let words = trigger
            .split_once("VALUES (new.rowid, ")
            .and_then(|(_, rest)| rest.rsplit_once("); END"))
            .map(|(words, _)| words.replace("new.", ""))
            .expect("the trigger's words");
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squeeze(&words), squeeze(SEARCH_WORDS));
    }
}
