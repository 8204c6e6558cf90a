//! A bulk job's write-ahead log sent to the disk while the job writes.
//!
//! Each commit of a bulk job ends in `fsync` of the write-ahead log (the
//! case is on disk before the job counts it), and Linux writes nothing
//! of a file before then: the writing thread waited for a batch's whole
//! log (about 30 MB) at every commit. A second thread asks the kernel
//! every few milliseconds to start writing what is already there
//! (`sync_file_range(2)`, which waits for nothing); the commit's `fsync`
//! then finds most of it written. What is durable, and when, does not
//! change: SQLite still syncs at every commit.
//!
//! Only the log (`-wal`) is opened here, never the database: closing a
//! second descriptor of the database would drop SQLite's POSIX locks on
//! it; the write-ahead log holds none.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the thread asks for the log to be written.
const EVERY: Duration = Duration::from_millis(10);

pub(super) struct Writeback {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Writeback {
    /// Starts writing `wal` out as it grows; `None` where the system has
    /// no way to (anything but Linux) or no thread could be started.
    pub fn start(wal: PathBuf) -> Option<Writeback> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("log writeback".into())
            .spawn(move || {
                let (stopped, wake) = &*flag;
                let mut file: Option<std::fs::File> = None;
                let mut done = stopped.lock().unwrap_or_else(PoisonError::into_inner);
                while !*done {
                    done = wake
                        .wait_timeout(done, EVERY)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                    if file.is_none() {
                        file = std::fs::File::open(&wal).ok();
                    }
                    if let Some(file) = &file {
                        start_writing(file);
                    }
                }
            })
            .ok()?;
        Some(Writeback {
            stop,
            thread: Some(thread),
        })
    }
}

#[cfg(target_os = "linux")]
fn start_writing(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: sync_file_range(2) takes a descriptor this function
    // borrows open and plain integers; it only starts the kernel writing
    // the file's dirty pages. A failure costs speed, not data.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_: &std::fs::File) {}

impl Drop for Writeback {
    fn drop(&mut self) {
        let (stopped, wake) = &*self.stop;
        *stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::Instant;

    #[test]
    fn it_waits_for_a_log_not_yet_made_and_stops_at_once() {
        let dir = std::env::temp_dir().join(format!("claimdesk-writeback-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let wal = dir.join("cases.sqlite3-wal");
        let _ = std::fs::remove_file(&wal);
        let writeback = Writeback::start(wal.clone());
        assert_eq!(writeback.is_some(), cfg!(target_os = "linux"));
        std::thread::sleep(EVERY * 3);
        // The log appears later and grows: it is written out, unchanged.
        let mut file = std::fs::File::create(&wal).expect("log");
        file.write_all(&[7u8; 64 * 1024]).expect("write");
        std::thread::sleep(EVERY * 3);
        let started = Instant::now();
        drop(writeback);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "stopped at once"
        );
        assert_eq!(std::fs::read(&wal).expect("read"), vec![7u8; 64 * 1024]);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
