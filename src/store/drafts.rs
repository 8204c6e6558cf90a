//! Drafts: the unfinished intake of each running wizard, one file each, so
//! a crash, a kill or a closed terminal loses nothing typed.
//!
//! Each wizard owns a *slot* in `<data>/drafts/`: `<name>.json` (the draft,
//! replaced whole by an atomic rename on every change) and `<name>.lock`,
//! which the owner holds an exclusive `flock` on for as long as it runs.
//! The kernel drops that lock when the process dies however it dies, so a
//! draft whose lock can be taken is an orphan: its wizard is gone and the
//! next one may offer to resume it. Two wizards running side by side never
//! see each other's drafts.
//!
//! The store holds bytes; what a draft means is the wizard's business.
//! Files are created readable by the user only (0600, folder 0700).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder under the data folder that holds drafts.
pub const DIR_NAME: &str = "drafts";

/// The draft folder.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

/// A draft left by a wizard that is no longer running, with its slot
/// (locked by us now, so no other wizard offers it at the same time).
#[derive(Debug)]
pub struct Orphan {
    pub slot: DraftSlot,
    pub bytes: Vec<u8>,
    /// When it was last written.
    pub modified: SystemTime,
}

/// One wizard's draft files, locked for as long as this value lives.
#[derive(Debug)]
pub struct DraftSlot {
    json: PathBuf,
    lock_path: PathBuf,
    /// Holds the flock; closing it (drop) releases the lock.
    _lock: File,
    /// Whether `json` currently exists (written by this slot).
    written: bool,
}

impl DraftStore {
    /// The draft folder inside `data_dir`, created (0700) if need be.
    pub fn open_in(data_dir: &Path) -> io::Result<DraftStore> {
        let dir = data_dir.join(DIR_NAME);
        super::create_private_dir(&dir)?;
        Ok(DraftStore { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new slot for this process, locked. Nothing is written until the
    /// first [`DraftSlot::write`].
    pub fn new_slot(&self) -> io::Result<DraftSlot> {
        let mut last = None;
        // A name is taken only if another wizard's sweep of stale locks
        // removed the file between our open and our lock: try afresh.
        for attempt in 0..3 {
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let name = format!("{}-{nanos}-{attempt}", std::process::id());
            let lock_path = self.dir.join(format!("{name}.lock"));
            let lock = open_private(&lock_path)?;
            if try_lock(&lock)? && same_file(&lock, &lock_path) {
                return Ok(DraftSlot {
                    json: self.dir.join(format!("{name}.json")),
                    lock_path,
                    _lock: lock,
                    written: false,
                });
            }
            last = Some(lock_path);
        }
        Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            format!(
                "no free draft slot in {} (last tried {})",
                self.dir.display(),
                last.map_or(String::new(), |p| p.display().to_string())
            ),
        ))
    }

    /// Drafts whose wizard has gone, newest first. Each comes locked to
    /// this process; dropping it unlocks it untouched. A draft that cannot
    /// be read is left where it is and skipped.
    pub fn orphans(&self) -> Vec<Orphan> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let json = entry.path();
            if json.extension().is_some_and(|e| e == "lock") {
                remove_stale_lock(&json);
                continue;
            }
            if json.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let lock_path = json.with_extension("lock");
            let Ok(lock) = open_private(&lock_path) else {
                continue;
            };
            if !try_lock(&lock).unwrap_or(false) {
                continue; // its wizard is still running
            }
            let Ok(bytes) = fs::read(&json) else {
                continue; // removed by its owner as we looked
            };
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            found.push(Orphan {
                slot: DraftSlot {
                    json,
                    lock_path,
                    _lock: lock,
                    written: true,
                },
                bytes,
                modified,
            });
        }
        found.sort_by_key(|o| std::cmp::Reverse(o.modified));
        found
    }
}

impl DraftSlot {
    /// Replaces the draft with `bytes`: written to a temporary file, then
    /// renamed over the draft, so a kill mid-write leaves the previous
    /// draft whole. Not fsynced: a killed process loses nothing (the page
    /// cache survives it); a power cut may lose the last keys.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let tmp = self.json.with_extension("json.tmp");
        let mut file = create_private_truncated(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        fs::rename(&tmp, &self.json)?;
        self.written = true;
        Ok(())
    }

    /// Removes the draft (the intake finished or was discarded); the slot
    /// stays ours for the next claim.
    pub fn clear(&mut self) -> io::Result<()> {
        if self.written {
            match fs::remove_file(&self.json) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            self.written = false;
        }
        Ok(())
    }

    /// Whether a draft file is on disk for this slot.
    pub fn has_draft(&self) -> bool {
        self.written
    }

    pub fn path(&self) -> &Path {
        &self.json
    }

    /// Removes the draft and its lock file: the slot is done with.
    pub fn remove(mut self) -> io::Result<()> {
        self.clear()?;
        let _ = fs::remove_file(self.json.with_extension("json.tmp"));
        match fs::remove_file(&self.lock_path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// A lock file with no draft beside it whose wizard has gone (it was
/// killed between claims): nothing to offer, so it is removed.
fn remove_stale_lock(lock_path: &Path) {
    if lock_path.with_extension("json").exists() {
        return;
    }
    if let Ok(lock) = File::open(lock_path)
        && try_lock(&lock).unwrap_or(false)
        && !lock_path.with_extension("json").exists()
    {
        let _ = fs::remove_file(lock_path);
    }
}

fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    private_mode(&mut options);
    let file = options.open(path)?;
    keep_folder_owner(&file, path)?;
    Ok(file)
}

fn create_private_truncated(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    private_mode(&mut options);
    let file = options.open(path)?;
    keep_folder_owner(&file, path)?;
    Ok(file)
}

/// Gives a file made as root the owner of its folder (as
/// `create_private_dir` does for folders): root running the wizard once
/// on an agent's data folder must not leave drafts and locks the agent
/// can no longer open (issue 25).
fn keep_folder_owner(file: &File, path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(());
        }
        let Some(folder) = path.parent() else {
            return Ok(());
        };
        let owner = fs::metadata(folder)?;
        let mine = file.metadata()?;
        if owner.uid() != 0 && (mine.uid(), mine.gid()) != (owner.uid(), owner.gid()) {
            std::os::unix::fs::fchown(file, Some(owner.uid()), Some(owner.gid()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// 0600, and never through a symbolic link planted in the draft folder
/// (the folder itself, or the data folder above it, may be a link).
fn private_mode(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// Whether the open `file` is the one now at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Takes an exclusive lock without waiting: `Ok(false)` when another
/// process holds it.
fn try_lock(file: &File) -> io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(fs::TryLockError::WouldBlock) => Ok(false),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_slot_is_not_an_orphan_and_a_dropped_one_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::open_in(dir.path()).expect("store");
        let mut mine = store.new_slot().expect("slot");
        mine.write(b"{\"step\":1}").expect("write");
        // Same process, other handle: flock locks are per open file, so
        // this models another wizard looking.
        assert!(store.orphans().is_empty(), "a running wizard's draft");
        drop(mine);
        let orphans = store.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].bytes, b"{\"step\":1}");
        // While we hold it, nobody else is offered it.
        assert!(store.orphans().is_empty());
    }

    #[test]
    fn rewriting_replaces_and_clear_removes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::open_in(dir.path()).expect("store");
        let mut slot = store.new_slot().expect("slot");
        slot.write(b"one").expect("write");
        slot.write(b"two").expect("write");
        assert_eq!(fs::read(slot.path()).expect("read"), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(slot.path())
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir_mode = fs::metadata(store.dir())
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
        slot.clear().expect("clear");
        assert!(!slot.path().exists());
        drop(slot);
        assert!(store.orphans().is_empty(), "nothing left to offer");
    }

    /// A data folder reached through a symbolic link (a linked home
    /// folder) keeps drafts; a draft file that is itself a link is not
    /// written through.
    #[cfg(unix)]
    #[test]
    fn drafts_work_through_a_linked_folder_but_not_a_linked_file() {
        let root = tempfile::tempdir().expect("tempdir");
        let real = root.path().join("real");
        fs::create_dir(&real).expect("dir");
        let linked = root.path().join("linked");
        std::os::unix::fs::symlink(&real, &linked).expect("symlink");
        let store = DraftStore::open_in(&linked).expect("store");
        let mut slot = store.new_slot().expect("slot");
        slot.write(b"kept").expect("write");
        assert_eq!(
            fs::read(
                real.join(DIR_NAME)
                    .join(slot.path().file_name().expect("name"))
            )
            .expect("read"),
            b"kept"
        );
        let victim = root.path().join("victim");
        fs::write(&victim, b"untouched").expect("victim");
        let planted = store.dir().join("planted.lock");
        std::os::unix::fs::symlink(&victim, &planted).expect("plant");
        assert!(open_private(&planted).is_err(), "opened through a link");
        assert_eq!(fs::read(&victim).expect("read"), b"untouched");
    }

    #[test]
    fn a_removed_orphan_is_gone_for_good() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::open_in(dir.path()).expect("store");
        let mut slot = store.new_slot().expect("slot");
        slot.write(b"x").expect("write");
        drop(slot);
        let orphan = store.orphans().pop().expect("orphan");
        orphan.slot.remove().expect("remove");
        assert!(store.orphans().is_empty());
        assert_eq!(fs::read_dir(store.dir()).expect("dir").count(), 0);
    }

    #[test]
    fn a_gone_wizards_lock_without_a_draft_is_swept_and_a_live_one_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::open_in(dir.path()).expect("store");
        let live = store.new_slot().expect("slot");
        let gone = store.new_slot().expect("slot");
        let gone_lock = gone.lock_path.clone();
        // A killed wizard leaves its lock file; Drop is skipped.
        std::mem::forget(gone);
        // The forgotten handle still holds the lock in this process, so
        // model its death by closing every descriptor of it: re-create it.
        fs::remove_file(&gone_lock).expect("remove");
        fs::write(&gone_lock, b"").expect("stale lock");
        assert!(store.orphans().is_empty());
        assert!(!gone_lock.exists(), "stale lock swept");
        assert!(live.lock_path.exists(), "a running wizard's lock stays");
    }
}
