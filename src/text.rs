//! Making user-typed text safe to show or export.
//!
//! Text is stored as typed; wherever it is displayed or written out,
//! control characters (ESC, BEL, C1 controls, DEL...) are replaced by
//! visible escapes so a pasted escape sequence can never drive a terminal.

use std::borrow::Cow;

/// Replaces every control character (other than none) by `\u{..}` notation.
/// Returns the input unchanged (borrowed) when there is nothing to replace.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`neutralise`]d and cut to at most `max` characters (with "…"), for
/// echoing input back in a one-line message.
pub fn shown(text: &str, max: usize) -> String {
    let safe = neutralise(text);
    if safe.chars().count() <= max {
        safe.into_owned()
    } else {
        let mut cut: String = safe.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn is_unsafe(c: char) -> bool {
    // C0 and C1 controls, DEL, and the bidi overrides that can disguise text.
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(neutralise("Order 1234 — ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn shown_is_safe_and_short() {
        assert_eq!(shown("abc", 5), "abc");
        assert_eq!(shown("abcdefgh", 5), "abcd…");
        assert_eq!(shown("\u{1b}[31mred", 8), "\\u{1b}[…");
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(neutralise("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(neutralise("bell\u{7}"), "bell\\u{7}");
        assert_eq!(neutralise("line\nbreak"), "line\\u{a}break");
        assert_eq!(neutralise("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(neutralise("\u{202e}txt"), "\\u{202e}txt");
    }
}
