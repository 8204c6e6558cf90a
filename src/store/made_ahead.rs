//! Work made ahead on a second thread while this one writes.
//!
//! A bulk write's rows are values made from records (the claim and the
//! outcome serialised as JSON: a tenth of a batch save's time), then
//! inserted by SQLite on the one connection. [`made_ahead`] makes them on
//! a second thread, a chunk at a time, while the writing thread inserts
//! the ones before; the order is kept. Written chunks go back to the
//! thread that made them to be freed there: the writing thread sets a
//! bulk job's pace, and freeing another thread's memory was 3% of its
//! time (`perf`: `mi_free` on the writer).

use std::sync::mpsc;

/// Items made per hand-over: few enough that the writer starts at once,
/// enough that handing over costs nothing.
const CHUNK: usize = 64;

/// Hands `each` the result of `make` for each of `items`, in order. With
/// more than one chunk of items, `make` runs on a second thread at most
/// two chunks ahead, and the results `each` is done with are dropped
/// there. The first error of `each` stops both and is returned.
pub(super) fn made_ahead<T: Send, U: Send, E>(
    items: Vec<T>,
    mut make: impl FnMut(T) -> U + Send,
    each: &mut dyn FnMut(&mut U) -> Result<(), E>,
) -> Result<(), E> {
    if items.len() <= CHUNK {
        return items.into_iter().try_for_each(|item| each(&mut make(item)));
    }
    std::thread::scope(|scope| {
        let (ready, chunks) = mpsc::sync_channel::<Vec<U>>(2);
        let (written, to_free) = mpsc::channel::<Vec<U>>();
        scope.spawn(move || {
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                let chunk: Vec<U> = items.by_ref().take(CHUNK).map(&mut make).collect();
                // The receiver is gone when `each` failed: stop.
                if ready.send(chunk).is_err() {
                    break;
                }
                to_free.try_iter().for_each(drop);
            }
            // What is still being written comes back until the writer
            // is done (it drops its sender).
            drop(ready);
            to_free.iter().for_each(drop);
        });
        for mut chunk in chunks {
            chunk.iter_mut().try_for_each(&mut *each)?;
            // The maker is gone only after this loop ends: the send
            // cannot fail, and a chunk not sent is freed here anyway.
            let _ = written.send(chunk);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item, in order, whatever the count (inline or threaded).
    #[test]
    fn every_item_comes_in_order() {
        for n in [0, 1, CHUNK, CHUNK + 1, CHUNK * 5 + 3] {
            let mut got = Vec::new();
            let done: Result<(), ()> = made_ahead((0..n).collect(), |i: usize| i * 2, &mut |x| {
                got.push(*x);
                Ok(())
            });
            assert!(done.is_ok());
            assert_eq!(got, (0..n).map(|i| i * 2).collect::<Vec<_>>(), "{n} items");
        }
    }

    /// An error stops the work and comes back; the maker stops too (the
    /// scope would not end if it waited on a full queue).
    #[test]
    fn the_first_error_stops_both_threads() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = 0;
        let done = made_ahead(
            (0..CHUNK * 100).collect(),
            |i: usize| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            &mut |i| {
                seen += 1;
                if *i == CHUNK + 5 { Err(*i) } else { Ok(()) }
            },
        );
        assert_eq!(done, Err(CHUNK + 5));
        assert_eq!(seen, CHUNK + 6);
        let made = made.into_inner();
        assert!(made <= CHUNK * 5, "{made} made: stopped a few chunks on");
    }

    /// The items `each` is done with are freed by the thread that made
    /// them, not the writing one (inline, with one chunk or fewer, both
    /// are the caller).
    #[test]
    fn written_items_are_freed_where_they_were_made() {
        use std::sync::Mutex;
        use std::thread::ThreadId;
        struct Noted<'a>(ThreadId, &'a Mutex<Vec<(ThreadId, ThreadId)>>);
        impl Drop for Noted<'_> {
            fn drop(&mut self) {
                let here = std::thread::current().id();
                self.1.lock().expect("lock").push((self.0, here));
            }
        }
        let caller = std::thread::current().id();
        for n in [CHUNK, CHUNK * 4 + 1] {
            let freed = Mutex::new(Vec::new());
            let done: Result<(), ()> = made_ahead(
                (0..n).collect(),
                |_| Noted(std::thread::current().id(), &freed),
                &mut |_| Ok(()),
            );
            assert!(done.is_ok());
            let freed = freed.into_inner().expect("lock");
            assert_eq!(freed.len(), n, "every item freed once");
            assert!(freed.iter().all(|(made, dropped)| made == dropped), "{n}");
            let threaded = freed.iter().all(|(made, _)| *made != caller);
            assert_eq!(threaded, n > CHUNK, "{n} items");
        }
    }
}
