//! Hand-off to the clipboard through OSC 52: the terminal itself sets the
//! clipboard, so it works over SSH and on a shared server with no display.
//!
//! Inside tmux the sequence is sent twice: as it is (taken when tmux has
//! `set-clipboard on`) and wrapped for passthrough to the outer terminal
//! (taken when tmux has `allow-passthrough on`). A terminal that does not
//! support OSC 52 ignores it.

use base64::Engine as _;

/// The bytes that ask the terminal to put `text` on the clipboard.
pub fn osc52(text: &str, in_tmux: bool) -> Vec<u8> {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{payload}\x07");
    if !in_tmux {
        return plain.into_bytes();
    }
    // tmux passthrough: DCS tmux; <sequence with every ESC doubled> ST.
    let wrapped = format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b"));
    let mut bytes = plain.into_bytes();
    bytes.extend_from_slice(wrapped.as_bytes());
    bytes
}

/// Whether this process runs inside tmux.
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_exact() {
        assert_eq!(osc52("Hi", false), b"\x1b]52;c;SGk=\x07");
        assert_eq!(
            osc52("Hi", true),
            b"\x1b]52;c;SGk=\x07\x1bPtmux;\x1b\x1b]52;c;SGk=\x07\x1b\\"
        );
    }

    #[test]
    fn typed_escapes_travel_only_inside_base64() {
        let bytes = osc52("note \x1b[2J\x07 end", false);
        // One ESC (the introducer), one BEL (the terminator), nothing else.
        assert_eq!(bytes.iter().filter(|&&b| b == 0x1b).count(), 1);
        assert_eq!(bytes.iter().filter(|&&b| b == 0x07).count(), 1);
        assert_eq!(bytes.last(), Some(&0x07));
    }
}
