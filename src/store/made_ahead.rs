//! Work made ahead on a second thread while this one writes.
//!
//! A bulk write's rows are values made from records (the claim and the
//! outcome serialised as JSON: a tenth of a batch save's time), then
//! inserted by SQLite on the one connection. [`made_ahead`] makes them on
//! a second thread, a chunk at a time, while the writing thread inserts
//! the ones before; the order is kept.

use std::sync::mpsc;

/// Items made per hand-over: few enough that the writer starts at once,
/// enough that handing over costs nothing.
const CHUNK: usize = 64;

/// Hands `each` the result of `make` for each of `items`, in order. With
/// more than one chunk of items, `make` runs on a second thread at most
/// two chunks ahead. The first error of `each` stops both and is returned.
pub(super) fn made_ahead<T: Send, U: Send, E>(
    items: Vec<T>,
    mut make: impl FnMut(T) -> U + Send,
    each: &mut dyn FnMut(U) -> Result<(), E>,
) -> Result<(), E> {
    if items.len() <= CHUNK {
        return items.into_iter().try_for_each(|item| each(make(item)));
    }
    std::thread::scope(|scope| {
        let (ready, chunks) = mpsc::sync_channel::<Vec<U>>(2);
        scope.spawn(move || {
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                let chunk: Vec<U> = items.by_ref().take(CHUNK).map(&mut make).collect();
                // The receiver is gone when `each` failed: stop.
                if ready.send(chunk).is_err() {
                    return;
                }
            }
        });
        for chunk in chunks {
            chunk.into_iter().try_for_each(&mut *each)?;
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
                got.push(x);
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
                if i == CHUNK + 5 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(done, Err(CHUNK + 5));
        assert_eq!(seen, CHUNK + 6);
        let made = made.into_inner();
        assert!(made <= CHUNK * 5, "{made} made: stopped a few chunks on");
    }
}
