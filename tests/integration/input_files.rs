//! Every file claimdesk reads must be a regular file of sane size: a
//! config that is `/dev/zero` or a FIFO, a `/dev/zero` link among the
//! policies, a claim file that is a device: each a clear error at once,
//! never a hang, never the memory running out, never skipped silently.
#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd`, killed after 10 s; its exit success and what it said.
fn run_briefly(cmd: &mut Command) -> (bool, String, Duration) {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    loop {
        if let Some(_status) = child.try_wait().expect("wait") {
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said, started.elapsed())
}

fn fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "mkfifo");
}

#[test]
fn a_config_that_is_dev_zero_or_a_fifo_is_an_error_at_once() {
    let home = tempfile::tempdir().expect("home");
    let pipe = home.path().join("config.fifo");
    fifo(&pipe);
    for config in [Path::new("/dev/zero"), pipe.as_path()] {
        let (ok, said, took) = run_briefly(
            common::claimdesk(home.path())
                .arg("--config")
                .arg(config)
                .args(["config", "show"]),
        );
        assert!(!ok, "{said}");
        assert!(said.contains("not a regular file"), "{said}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }
}

#[test]
fn a_dev_zero_link_in_a_policies_folder_is_named_not_skipped() {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("policies");
    std::fs::create_dir(&dir).expect("dir");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.toml")).expect("link");
    let (ok, said, _) = run_briefly(
        common::claimdesk(home.path())
            .arg("--policies")
            .arg(&dir)
            .args(["policies", "list"]),
    );
    assert!(!ok, "{said}");
    assert!(
        said.contains("zero.toml") && said.contains("not a regular file"),
        "{said}"
    );
}

#[test]
fn a_claim_file_that_is_a_device_or_a_fifo_is_an_error_at_once() {
    let home = tempfile::tempdir().expect("home");
    let pipe = home.path().join("claim.fifo");
    fifo(&pipe);
    for file in [Path::new("/dev/zero"), pipe.as_path()] {
        let (ok, said, _) = run_briefly(common::claimdesk(home.path()).arg("check").arg(file));
        assert!(!ok, "{said}");
        assert!(said.contains("not a regular file"), "{said}");
    }
}

/// Root running claimdesk on an agent's data folder: the folders it makes
/// (drafts/) stay the agent's. The chown path needs root (this test's
/// other user is `nobody`, 65534); as another user it checks only that
/// the folders are the data folder's owner's.
#[test]
fn folders_made_as_root_in_an_agents_data_folder_keep_the_agents_owner() {
    use std::os::unix::fs::MetadataExt;
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    std::fs::create_dir(&data).expect("data");
    // SAFETY: geteuid has no preconditions.
    let (uid, gid) = if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).expect("chown");
        (65534, 65534)
    } else {
        // Not root: no folder can be given to another user; what is checked
        // is that the folders are the data folder's owner's (ours).
        eprintln!("note: not root: the chown path is not exercised");
        let meta = std::fs::metadata(&data).expect("data");
        (meta.uid(), meta.gid())
    };
    let store = claimdesk::store::drafts::DraftStore::open_in(&data).expect("drafts");
    let meta = std::fs::metadata(store.dir()).expect("drafts dir");
    assert_eq!((meta.uid(), meta.gid()), (uid, gid));
    // And a data folder made below the agent's folder.
    let deeper = data.join("sub").join("data");
    let store = claimdesk::store::drafts::DraftStore::open_in(&deeper).expect("drafts");
    for made in [data.join("sub"), deeper.clone(), store.dir().to_path_buf()] {
        let meta = std::fs::metadata(&made).expect("made");
        assert_eq!((meta.uid(), meta.gid()), (uid, gid), "{}", made.display());
    }
}

/// Root running the wizard on an agent's data folder: the draft and its
/// lock file it leaves are the agent's too, so the agent's next wizard
/// can open, lock and take them over (issue 25). As another user (no
/// chown possible) it checks that they are the data folder's owner's.
#[test]
fn draft_files_made_as_root_keep_the_data_folders_owner() {
    use std::os::unix::fs::MetadataExt;
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    std::fs::create_dir(&data).expect("data");
    // SAFETY: geteuid has no preconditions.
    let (uid, gid) = if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).expect("chown");
        (65534, 65534)
    } else {
        eprintln!("note: not root: the chown path is not exercised");
        let meta = std::fs::metadata(&data).expect("data");
        (meta.uid(), meta.gid())
    };
    let store = claimdesk::store::drafts::DraftStore::open_in(&data).expect("drafts");
    let mut slot = store.new_slot().expect("slot");
    slot.write(b"{\"step\":1}").expect("write");
    slot.write(b"{\"step\":2}").expect("rewrite");
    let mut files = 0;
    for entry in std::fs::read_dir(store.dir()).expect("drafts dir") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("file");
        assert_eq!((meta.uid(), meta.gid()), (uid, gid), "{}", path.display());
        files += 1;
    }
    assert_eq!(files, 2, "the draft and its lock");
}
