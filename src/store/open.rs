//! Opening the case log file, the part that meets the file system and
//! other processes:
//!
//! - A new log is built whole in a private temporary file (schema, WAL)
//!   and then hard-linked into place, which fails if another process got
//!   there first: a refused or killed open never leaves an empty or
//!   half-made `cases.sqlite3`, and two processes never race on creating
//!   the schema.
//! - Folders on the way may be symbolic links (a home folder often is);
//!   only a database *file* that is a link is refused.
//! - A log whose file or folder cannot be written opens read-only, so it
//!   can still be listed, shown and exported. WAL needs a `-shm` index
//!   beside the file; in a folder that cannot be written a cleanly closed
//!   log (no `-wal`) is opened as `immutable`.
//! - Every step that needs a lock another process may hold (the first
//!   read, the switch to WAL, migrations) waits up to [`BUSY_TIMEOUT`].

use super::{Op, SCHEMA_VERSION, StoreError, create_private_dir, schema, sql_error};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long an open or a save waits for another process's lock.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The page size of a new log, in bytes (see [`create`]).
const PAGE_SIZE: i64 = 16 * 1024;

/// An open connection, and why it cannot write when it cannot.
pub(super) struct Opened {
    pub conn: Connection,
    pub read_only: Option<String>,
}

/// Opens the log at `path`, creating it first if there is none.
pub(super) fn open(path: &Path) -> Result<Opened, StoreError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(unreadable(
                path,
                "it is a symbolic link; claimdesk opens only a real file \
                 (point --data-dir or data_dir at the folder the file is in)",
            ));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(unreadable(path, "it is a folder, not a file"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path)?,
        Err(e) => return Err(unreadable(path, &e.to_string())),
    }
    match write_blocker(path) {
        None => {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| sql_error(path, Op::Read, e))?;
            // SQLite quietly opens a write-protected file read-only.
            if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
                drop(conn);
                return open_read_only(path, "the file is write-protected".into());
            }
            let mut conn = conn;
            if prepare_writable(&mut conn, path)? {
                // A connection that took part in migrating a log other
                // processes were migrating too can keep the full-text
                // index's state from between their steps (its own check
                // then reports a checksum mismatch the file does not
                // have); the cases are written through a fresh one.
                drop(conn);
                conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| sql_error(path, Op::Read, e))?;
                prepare_writable(&mut conn, path)?;
            }
            Ok(Opened {
                conn,
                read_only: None,
            })
        }
        Some(why) => open_read_only(path, why),
    }
}

/// Builds a new, fully migrated log beside `path` and links it into
/// place. Another process may have created the log meanwhile: then its
/// file stays and ours is thrown away.
fn create(path: &Path) -> Result<(), StoreError> {
    let dir = parent(path);
    create_private_dir(dir).map_err(|e| {
        cannot_write(
            path,
            &format!("cannot create the folder {}: {e}", dir.display()),
        )
    })?;
    let name = path
        .file_name()
        .map_or_else(|| "cases".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = TempLog(dir.join(format!(".{name}.new-{}-{nanos}", std::process::id())));
    new_private_file(&temp.0).map_err(|e| {
        cannot_write(
            path,
            &format!("cannot create a file in {}: {e}", dir.display()),
        )
    })?;
    {
        let err = |e| sql_error(path, Op::Write, e);
        let mut conn = Connection::open_with_flags(
            &temp.0,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        // 16 KiB pages: a case's row (about 2.7 KB, mostly its claim and
        // outcome JSON) shares its leaf page with others instead of taking
        // a 4 KiB page of its own, so a log is about a sixth smaller and a
        // bulk save writes fewer pages. Set before the first write, which
        // fixes it; logs made before keep their 4 KiB pages.
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(err)?;
        // WAL is recorded in the file's header, so the linked log is a WAL
        // log from its first open.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        schema::migrate(&mut conn, 0).map_err(err)?;
        // Closing checkpoints: the file alone holds the schema.
        conn.close().map_err(|(_, e)| err(e))?;
    }
    match std::fs::hard_link(&temp.0, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // No hard links here (FAT, some network folders): rename instead.
        // Between the look and the rename another process could create
        // the log; that window is as short as the two calls.
        Err(_) if !path.exists() => std::fs::rename(&temp.0, path)
            .map_err(|e| cannot_write(path, &format!("cannot put the new log in place: {e}"))),
        Err(_) => Ok(()),
    }
}

/// A temporary log being built, removed (with any journal files) however
/// the build ends.
struct TempLog(PathBuf);

impl Drop for TempLog {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = self.0.clone().into_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
    }
}

/// Creates a file that did not exist, readable by the user only, never
/// through a link.
fn new_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path).map(drop)
}

/// Switches an existing, writable log to WAL if it is not yet, and brings
/// its schema up to date. Each step may meet another process's lock.
/// `true` when it found the schema out of date.
fn prepare_writable(conn: &mut Connection, path: &Path) -> Result<bool, StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| sql_error(path, Op::Read, e))?;
    // The first real read: a file that is not a database fails here.
    let version = retry_busy(|| user_version(conn)).map_err(|e| sql_error(path, Op::Read, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
        });
    }
    let err = |e| sql_error(path, Op::Write, e);
    // Setting WAL needs the database to itself and can return BUSY
    // without waiting, so it is done only when needed, and retried.
    let mode: String =
        retry_busy(|| conn.pragma_query_value(None, "journal_mode", |r| r.get(0))).map_err(err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        let now: String =
            retry_busy(|| conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)))
                .map_err(err)?;
        if !now.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Other {
                path: path.to_path_buf(),
                detail: format!("cannot switch to write-ahead logging (journal mode {now})"),
            });
        }
    }
    // FULL: a committed case is on disk before the save returns.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    if version < SCHEMA_VERSION {
        // Each step re-reads the version under its write lock.
        retry_busy(|| schema::migrate(conn, version)).map_err(err)?;
    }
    Ok(version < SCHEMA_VERSION)
}

/// Opens a log that cannot be written (`why`) for reading.
fn open_read_only(path: &Path, why: String) -> Result<Opened, StoreError> {
    let attempt = |query: &str| -> rusqlite::Result<(Connection, i64)> {
        let conn = Connection::open_with_flags(
            uri(path, query),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let version = retry_busy(|| user_version(&conn))?;
        // The first read of a table is what needs the WAL index.
        retry_busy(|| {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        })?;
        Ok((conn, version))
    };
    let opened = match attempt("mode=ro") {
        // SQLite reads a WAL log through its `-shm` index, which a folder
        // that cannot be written cannot hold. With no `-wal` file the log
        // was closed cleanly and the database file is all there is, so it
        // is read as unchanging; no writer can be at work without a -wal.
        Err(e) if is_cannot_open(&e) && !side_file(path, "-wal").exists() => attempt("immutable=1"),
        other => other,
    };
    let (conn, version) = opened.map_err(|e| sql_error(path, Op::Read, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
        });
    }
    if version < SCHEMA_VERSION {
        return Err(cannot_write(
            path,
            &format!("{why}, and it needs upgrading from schema {version} to {SCHEMA_VERSION}"),
        ));
    }
    Ok(Opened {
        conn,
        read_only: Some(why),
    })
}

/// Why the log at `path` cannot be written, or `None` when it can: the
/// file must be writable, and its folder too (for the `-wal` and `-shm`
/// files beside it).
fn write_blocker(path: &Path) -> Option<String> {
    if let Some(e) = not_writable(path) {
        return Some(format!("the file is read-only ({e})"));
    }
    let dir = parent(path);
    not_writable(dir).map(|e| format!("its folder {} is read-only ({e})", dir.display()))
}

#[cfg(unix)]
fn not_writable(path: &Path) -> Option<std::io::Error> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // access(2) asks the kernel, which also says no for an immutable file
    // (chattr +i, even for root) and a read-only file system.
    // SAFETY: `c_path` is a NUL-terminated string that lives across the
    // call; access(2) only reads it.
    let refused = unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } != 0;
    refused.then(std::io::Error::last_os_error)
}

#[cfg(not(unix))]
fn not_writable(path: &Path) -> Option<std::io::Error> {
    let meta = std::fs::metadata(path).ok()?;
    meta.permissions()
        .readonly()
        .then(|| std::io::Error::new(std::io::ErrorKind::PermissionDenied, "read-only"))
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Runs `step` again while another process holds the lock it needs, up to
/// [`BUSY_TIMEOUT`]. For the few calls SQLite's own busy handler does not
/// cover (a journal-mode switch, WAL recovery by another opener).
fn retry_busy<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match step() {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            result => return result,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn is_cannot_open(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::CannotOpen))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.to_path_buf().into_os_string();
    side.push(suffix);
    PathBuf::from(side)
}

/// `path` as an SQLite URI with `query`: every byte outside the unreserved
/// set is %-escaped, so `?`, `#` and `%` in a folder name stay part of it.
fn uri(path: &Path, query: &str) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::from("file:");
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    out
}

fn unreadable(path: &Path, reason: &str) -> StoreError {
    StoreError::Unreadable {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

fn cannot_write(path: &Path, reason: &str) -> StoreError {
    StoreError::ReadOnly {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(
            uri(Path::new("/a b/c?#%.db"), "mode=ro"),
            "file:/a%20b/c%3F%23%25.db?mode=ro"
        );
    }

    #[test]
    fn a_refused_symlinked_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("elsewhere.sqlite3");
        let link = dir.path().join("cases.sqlite3");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, &link).expect("symlink");
            let err = open(&link).err().expect("refused");
            assert!(err.to_string().contains("is a symbolic link"), "{err}");
            assert!(!target.exists(), "nothing created through the link");
        }
    }

    #[test]
    fn a_new_log_is_whole_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/cases.sqlite3");
        let opened = open(&path).expect("open");
        assert!(opened.read_only.is_none());
        assert_eq!(user_version(&opened.conn).expect("version"), SCHEMA_VERSION);
        let mode: String = opened
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        let page: i64 = opened
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .expect("page size");
        assert_eq!(page, PAGE_SIZE, "a new log's pages hold several cases");
        drop(opened);
        let names: Vec<String> = std::fs::read_dir(dir.path().join("sub"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["cases.sqlite3"]);
    }

    /// A log made with 4 KiB pages (before 16 KiB) keeps them: only a
    /// VACUUM could change them, and opening never rewrites a log.
    #[test]
    fn a_log_made_with_small_pages_keeps_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cases.sqlite3");
        {
            let conn = Connection::open(&path).expect("old log");
            conn.pragma_update(None, "page_size", 4096).expect("page");
            conn.pragma_update(None, "journal_mode", "WAL")
                .expect("wal");
            conn.execute_batch("CREATE TABLE t (x)").expect("written");
        }
        let opened = open(&path).expect("open");
        assert_eq!(user_version(&opened.conn).expect("version"), SCHEMA_VERSION);
        let page: i64 = opened
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .expect("page size");
        assert_eq!(page, 4096);
    }
}
