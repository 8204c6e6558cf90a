//! A bulk job's writes sent to the disk while the job runs.
//!
//! Each commit of a bulk job ends in `fsync` of the write-ahead log (the
//! case is on disk before the job counts it), each checkpoint in `fsync`
//! of the database, and Linux writes nothing of a file before then: the
//! writing thread waited for a batch's whole log (about 30 MB) at every
//! commit and for the pages copied at every checkpoint. A second thread
//! asks the kernel every few milliseconds to start writing what is
//! already there (`sync_file_range(2)`, which waits for nothing); the
//! `fsync` then finds most of it written: 0.57 s -> 0.03 s of waiting on
//! the log and 0.52 s -> 0.01 s on the database in a 200,000-case import
//! (`strace -f -e trace=fsync -T`). What is durable, and when, does not
//! change: SQLite still syncs at every commit and checkpoint.
//!
//! The log (`-wal`) is opened here. The database is not: closing a
//! second descriptor of it would drop SQLite's POSIX locks on it. Its
//! writes are started through SQLite's own descriptor, found in
//! `/proc/self/fd` and never closed here; at worst (SQLite closed it and
//! the number went to another file) the call starts that file's writing,
//! which changes no data either.

use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
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
    /// Starts writing out the database at `database` and its log as they
    /// grow; `None` where the system has no way to (anything but Linux)
    /// or no thread could be started.
    pub fn start(database: &Path) -> Option<Writeback> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        let database = sqlite_descriptor(database);
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("log writeback".into())
            .spawn(move || {
                let (stopped, wake) = &*flag;
                let mut log: Option<std::fs::File> = None;
                let mut done = stopped.lock().unwrap_or_else(PoisonError::into_inner);
                while !*done {
                    done = wake
                        .wait_timeout(done, EVERY)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                    if log.is_none() {
                        log = std::fs::File::open(&wal).ok();
                    }
                    if let Some(log) = &log {
                        start_writing(log.as_raw_fd());
                    }
                    if let Some(fd) = database {
                        start_writing(fd);
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

/// The number of a descriptor this process holds open on `database`
/// (SQLite's), if any.
fn sqlite_descriptor(database: &Path) -> Option<RawFd> {
    let database = std::fs::canonicalize(database).ok()?;
    std::fs::read_dir("/proc/self/fd")
        .ok()?
        .flatten()
        .find(|entry| std::fs::read_link(entry.path()).is_ok_and(|file| file == database))?
        .file_name()
        .to_str()?
        .parse()
        .ok()
}

#[cfg(target_os = "linux")]
fn start_writing(fd: RawFd) {
    // SAFETY: sync_file_range(2) takes plain integers and only starts the
    // kernel writing dirty pages of the file `fd` refers to; it reads and
    // changes no data and closes nothing. A descriptor closed meanwhile
    // fails with EBADF; a failure costs speed, not data.
    unsafe {
        libc::sync_file_range(fd, 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing(_: RawFd) {}

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

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("claimdesk-writeback-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn it_waits_for_a_log_not_yet_made_and_stops_at_once() {
        let dir = folder("wait");
        let database = dir.join("cases.sqlite3");
        let wal = dir.join("cases.sqlite3-wal");
        let writeback = Writeback::start(&database);
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

    #[cfg(target_os = "linux")]
    #[test]
    fn the_database_is_written_through_the_descriptor_already_open() {
        let dir = folder("descriptor");
        let database = dir.join("cases.sqlite3");
        assert_eq!(sqlite_descriptor(&database), None, "no file, none open");
        let held = std::fs::File::create(&database).expect("database");
        // Found by the file it refers to, whatever the path's spelling.
        let roundabout = dir.join(".").join("cases.sqlite3");
        assert_eq!(sqlite_descriptor(&roundabout), Some(held.as_raw_fd()));
        let other = dir.join("other.sqlite3");
        std::fs::write(&other, b"x").expect("other");
        assert_eq!(sqlite_descriptor(&other), None, "a file nobody holds open");
        drop(held);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
