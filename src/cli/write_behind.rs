//! A bulk job's case log, written on a thread of its own.
//!
//! `check --batch --save` and `cases import` read, parse and decide a
//! batch of cases on the main thread, then the store writes it. Done one
//! after the other, the deciding and the writing add up; here the writer
//! thread writes one batch while the main thread prepares the next, so a
//! bulk job takes about as long as its slower half (the writing).
//!
//! Memory stays that of two batches: [`WriteBehind::write`] hands a batch
//! over and waits for the one before it to be written; that one comes
//! back to this thread, is emptied here (its items freed by the thread
//! that made them) and reused ([`WriteBehind::empty_batch`]). Batches are
//! written in the order they are handed over; after a failed write the
//! writer stops, and the batches handed over after it are not written.

use crate::store::{CaseStore, StoreError};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// What became of one batch: the store's answer, or `None` when it was
/// not written (the writer had stopped at an earlier failure, or is gone).
pub(super) type Written<R> = Option<Result<R, StoreError>>;

pub(super) struct WriteBehind<T, R> {
    batches: Option<mpsc::SyncSender<Vec<T>>>,
    written: mpsc::Receiver<(Vec<T>, Written<R>)>,
    /// Batches handed over whose [`Written`] has not been taken yet.
    in_flight: usize,
    /// A written batch, emptied, for the next one.
    spare: Vec<T>,
    thread: Option<JoinHandle<()>>,
}

impl<T: Send + 'static, R: Send + 'static> WriteBehind<T, R> {
    /// Starts the writer thread; it writes each batch with `write`.
    pub fn start(
        mut log: Box<dyn CaseStore>,
        mut write: impl FnMut(&mut dyn CaseStore, &[T]) -> Result<R, StoreError> + Send + 'static,
    ) -> std::io::Result<WriteBehind<T, R>> {
        // One batch may wait while another is written: the main thread
        // never waits to hand a batch over, only for the one before it.
        let (batches, to_write) = mpsc::sync_channel::<Vec<T>>(1);
        let (done, written) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("case log writer".into())
            .spawn(move || {
                let mut failed = false;
                for batch in to_write {
                    let result = (!failed).then(|| write(log.as_mut(), &batch));
                    failed |= matches!(result, Some(Err(_)));
                    if done.send((batch, result)).is_err() {
                        break;
                    }
                }
            })?;
        yield_to_the_writer();
        Ok(WriteBehind {
            batches: Some(batches),
            written,
            in_flight: 0,
            spare: Vec::new(),
            thread: Some(thread),
        })
    }

    /// An empty batch to fill: the memory of one written before, if any.
    pub fn empty_batch(&mut self) -> Vec<T> {
        std::mem::take(&mut self.spare)
    }

    /// Hands `batch` to the writer. Once more than one batch is out,
    /// waits for the oldest to be written and returns what became of it.
    pub fn write(&mut self, batch: Vec<T>) -> Option<Written<R>> {
        let sent = match &self.batches {
            Some(to_writer) => to_writer.send(batch).is_ok(),
            None => false,
        };
        if !sent {
            // The writer is gone (it panicked): the batch is not written.
            return Some(None);
        }
        self.in_flight += 1;
        if self.in_flight > 1 {
            self.next()
        } else {
            None
        }
    }

    /// What became of the oldest batch out, waiting for it.
    fn next(&mut self) -> Option<Written<R>> {
        if self.in_flight == 0 {
            return None;
        }
        self.in_flight -= 1;
        let Ok((mut batch, written)) = self.written.recv() else {
            // The writer is gone with the batch: it is not written.
            return Some(None);
        };
        batch.clear();
        if batch.capacity() > self.spare.capacity() {
            self.spare = batch;
        }
        Some(written)
    }

    /// Waits for every batch handed over to be written (or not, after a
    /// failure): what became of each, in order.
    pub fn finish(&mut self) -> Vec<Written<R>> {
        self.batches = None;
        let mut rest = Vec::new();
        while let Some(written) = self.next() {
            rest.push(written);
        }
        rest
    }
}

/// How far the priority of the thread that feeds the writer is lowered
/// (added to its `nice` value).
const FEEDER_NICE: libc::c_int = 10;

/// Lowers the priority of the calling thread (the one that reads and
/// parses the batches) under the writer's. The writer is a bulk job's
/// slower half and sets its pace; on two cores the reader, the writer's
/// row-making helper and the kernel's writeback took turns with it
/// (`perf sched`: the writer runnable but waiting 0.3 s of a 6 s import).
/// The reader stays ahead at the lower priority: it needs well under
/// half a core. Linux keeps a priority per thread; elsewhere the call
/// would lower the whole process, so it is not made.
fn yield_to_the_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: nice(3) takes a plain integer; on Linux it changes only
    // the calling thread's nice value. A failure changes nothing and
    // only costs speed, so its result is not needed.
    unsafe {
        libc::nice(FEEDER_NICE);
    }
}

impl<T, R> Drop for WriteBehind<T, R> {
    /// A job that stops early (its output closed) still lets the batch
    /// being written commit whole before the process ends.
    fn drop(&mut self) {
        self.batches = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{CaseRecord, SqliteStore};

    fn records(n: usize) -> Vec<CaseRecord> {
        let policies = crate::rules::PolicySet::embedded().expect("policies");
        let input = crate::rules::ClaimInput::from_json(
            r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18"}"#,
        )
        .expect("claim");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
        let outcome = crate::rules::decide(&policies, &input, today).expect("decided");
        let policy = policies.vendor(outcome.vendor).expect("policy");
        (0..n)
            .map(|_| {
                let mut record = CaseRecord::from_decision(&input, &outcome, policy);
                record.key = crate::case::new_key();
                record
            })
            .collect()
    }

    fn save(log: &mut dyn CaseStore, batch: &[CaseRecord]) -> Result<usize, StoreError> {
        log.save_many(batch, crate::case::now_utc())
            .map(|saved| saved.ids.len())
    }

    fn saved_in(dir: &std::path::Path) -> usize {
        let log = SqliteStore::open_in(dir).expect("log");
        let all = crate::store::Search::default();
        usize::try_from(log.count(&all, u64::MAX).expect("count")).expect("small")
    }

    /// The first batch is written behind; each later one gives back the
    /// one before it, written; `finish` the rest, in order.
    #[test]
    fn batches_are_written_in_order_one_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let log = SqliteStore::open_in(dir.path()).expect("log");
        let mut writer = WriteBehind::start(Box::new(log), save).expect("writer");
        assert!(writer.write(records(3)).is_none(), "nothing written yet");
        let first = writer.write(records(2)).expect("the first batch back");
        assert_eq!(first.expect("written").expect("saved"), 3);
        let reused = writer.empty_batch();
        assert!(
            reused.is_empty() && reused.capacity() >= 3,
            "its memory comes back"
        );
        let second = writer.write(records(4)).expect("the second batch back");
        assert_eq!(second.expect("written").expect("saved"), 2);
        let rest: Vec<usize> = writer
            .finish()
            .into_iter()
            .map(|w| w.expect("written").expect("saved"))
            .collect();
        assert_eq!(rest, [4]);
        drop(writer);
        assert_eq!(saved_in(dir.path()), 9);
    }

    /// After a failed write the writer stops: the batches after it come
    /// back unwritten (`None`), the ones before it stay saved.
    #[test]
    fn after_a_failure_the_later_batches_come_back_unwritten() {
        let dir = tempfile::tempdir().expect("dir");
        let log = SqliteStore::open_in(dir.path()).expect("log");
        let mut calls = 0;
        let failing_second = move |log: &mut dyn CaseStore, batch: &[CaseRecord]| {
            calls += 1;
            if calls == 2 {
                return Err(StoreError::Other {
                    path: "test".into(),
                    detail: "the disk is full".into(),
                });
            }
            save(log, batch)
        };
        let mut writer = WriteBehind::start(Box::new(log), failing_second).expect("writer");
        let mut results = Vec::new();
        for n in [1, 2, 3, 4] {
            results.extend(writer.write(records(n)));
        }
        results.extend(writer.finish());
        let shown: Vec<Option<Result<usize, ()>>> = results
            .iter()
            .map(|w| w.as_ref().map(|r| r.as_ref().map_err(|_| ()).copied()))
            .collect();
        assert_eq!(shown, [Some(Ok(1)), Some(Err(())), None, None]);
        drop(writer);
        assert_eq!(saved_in(dir.path()), 1);
    }

    /// A writer dropped without `finish` (the job stopped early) still
    /// lets the batches it was handed commit before it goes.
    #[test]
    fn a_dropped_writer_finishes_what_it_was_handed() {
        let dir = tempfile::tempdir().expect("dir");
        let log = SqliteStore::open_in(dir.path()).expect("log");
        let mut writer = WriteBehind::start(Box::new(log), save).expect("writer");
        assert!(writer.write(records(5)).is_none());
        drop(writer);
        assert_eq!(saved_in(dir.path()), 5);
    }
}
