//! Reading a file claimdesk was pointed at, safely: it must be a regular
//! file (not `/dev/zero`, a FIFO, a terminal or a folder, also behind a
//! symbolic link) and no larger than a cap, so a wrong path is a clear
//! error at once, never a hang or the memory running out.

use std::io::{self, Read};
use std::path::Path;

/// The regular file at `path`, opened to read: anything else (a device,
/// a FIFO, a folder, also behind a symbolic link) is an error at once.
pub fn open_regular(path: &Path) -> io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO to read waits for a writer: not with O_NONBLOCK.
        // (Regular files ignore the flag.)
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file ({})", kind(&meta)),
        ));
    }
    Ok((file, meta))
}

/// The bytes of the regular file at `path`, if it has at most `max`.
pub fn read_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > max {
        return Err(too_large(max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The size may change while it is read: the cap holds whatever it was.
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// [`read_capped`] as UTF-8 text.
pub fn read_capped_text(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, max)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than {}", size(max)),
    )
}

/// `max` as a person reads it: "1 MiB", "64 KiB".
fn size(max: u64) -> String {
    if max >= 1024 * 1024 && max.is_multiple_of(1024 * 1024) {
        format!("{} MiB", max / (1024 * 1024))
    } else if max >= 1024 && max.is_multiple_of(1024) {
        format!("{} KiB", max / 1024)
    } else {
        format!("{max} bytes")
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() {
            return "a device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_zero_is_refused_at_once() {
        let e = read_capped(Path::new("/dev/zero"), 1024).expect_err("a device");
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("big");
        std::fs::write(&file, vec![b'x'; 2048]).expect("write");
        let e = read_capped(&file, 1024).expect_err("too large");
        assert!(e.to_string().contains("larger than 1 KiB"), "{e}");
        assert_eq!(read_capped(&file, 2048).expect("fits").len(), 2048);
    }
}
