//! Making untrusted text safe to show or export: the one rule for what a
//! terminal must never receive.
//!
//! Policy files, claims, config.toml and saved cases are all untrusted:
//! a vendor name or a note can carry `ESC ] 52` (write the clipboard),
//! `ESC [ 2J` (clear the screen), a C1 control (U+009B is a one-character
//! CSI) or a bidi override that makes text read backwards. Text is stored
//! as typed; wherever it is displayed or written out it goes through this
//! module:
//!
//! - [`neutralise`] / [`shown`] for terminal text: every [`is_unsafe`]
//!   character, newline included, becomes visible `\u{..}` notation, so a
//!   value can neither drive the terminal nor forge a line of output.
//!   `crate::diag` applies it to every whole message and stdout line.
//! - [`neutralise_lines`] for multi-line text the program composed itself
//!   (a case summary): the same, but its own `\n` are kept. The values in
//!   such text must have been [`neutralise`]d when they were put in.
//! - [`json`] for JSON output: the unsafe characters serde_json leaves raw
//!   (DEL, C1, bidi) are written as `\uXXXX`, which parses back to the same
//!   string. Ordinary text is written exactly as serde_json writes it.

use std::borrow::Cow;

/// Replaces every [`is_unsafe`] character by `\u{..}` notation.
/// Returns the input unchanged (borrowed) when there is nothing to replace.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// [`neutralise`], except that line breaks (`\n`) are kept: for text whose
/// lines the program laid out itself.
pub fn neutralise_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_unsafe(c))
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
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

/// Characters no output may carry raw: C0 and C1 controls and DEL (they
/// drive terminals), the bidi embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) and the bidi marks (U+200E, U+200F,
/// U+061C), which can make a value read as something else.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// JSON output that escapes every [`is_unsafe`] character.
///
/// serde_json escapes only C0 controls, quotes and backslashes; its
/// [`SafeFormatter`] adds `\u007f`, `\u0080`–`\u009f`, `\u200e`, `\u202e`...
/// (lower-case hex, as serde_json writes `\u001b`). The fast batch writer
/// (`rules::outcome_json`) escapes identically and is held byte-equal to
/// this path by a proptest.
pub mod json {
    use super::is_unsafe;
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
    use std::io;

    /// Wraps a serde_json formatter (compact or pretty) and writes the
    /// unsafe characters of every string as `\uXXXX`.
    pub struct SafeFormatter<F>(pub F);

    /// Appends `\uXXXX` (lower-case hex) for a character in the BMP.
    pub fn push_escape(out: &mut Vec<u8>, c: char) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let code = c as u32;
        debug_assert!(code <= 0xFFFF, "only BMP characters are unsafe");
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[((code >> shift) & 0xF) as usize]);
        }
    }

    macro_rules! delegate {
        ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
            #[inline]
            fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(writer $(, $arg)*)
            }
        )*};
    }

    impl<F: Formatter> Formatter for SafeFormatter<F> {
        // Layout (indentation, commas) is the wrapped formatter's.
        delegate!(
            begin_array(),
            end_array(),
            begin_array_value(first: bool),
            end_array_value(),
            begin_object(),
            end_object(),
            begin_object_key(first: bool),
            end_object_key(),
            begin_object_value(),
            end_object_value(),
        );

        /// serde_json hands over each run of characters it did not escape.
        fn write_string_fragment<W: ?Sized + io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            // Nearly every fragment is ASCII without DEL: both checks are
            // word-at-a-time in std, so the common case stays a plain copy.
            let bytes = fragment.as_bytes();
            if fragment.is_ascii() && !bytes.contains(&0x7f) {
                return writer.write_all(bytes);
            }
            let mut start = 0;
            let mut escape = Vec::new();
            for (i, c) in fragment.char_indices() {
                if is_unsafe(c) {
                    writer.write_all(&fragment.as_bytes()[start..i])?;
                    escape.clear();
                    push_escape(&mut escape, c);
                    writer.write_all(&escape)?;
                    start = i + c.len_utf8();
                }
            }
            writer.write_all(&fragment.as_bytes()[start..])
        }
    }

    /// Compact JSON, like `serde_json::to_writer`, with unsafe characters escaped.
    pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(
        writer: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut ser =
            serde_json::Serializer::with_formatter(writer, SafeFormatter(CompactFormatter));
        value.serialize(&mut ser)
    }

    /// Indented JSON, like `serde_json::to_writer_pretty`, with unsafe
    /// characters escaped.
    pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(
        writer: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut ser =
            serde_json::Serializer::with_formatter(writer, SafeFormatter(PrettyFormatter::new()));
        value.serialize(&mut ser)
    }

    /// Compact JSON bytes, like `serde_json::to_vec`.
    pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(128);
        to_writer(&mut out, value)?;
        Ok(out)
    }

    /// Compact JSON text, like `serde_json::to_string`.
    pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
        to_vec(value).map(|bytes| String::from_utf8(bytes).expect("JSON is UTF-8"))
    }

    /// Indented JSON text, like `serde_json::to_string_pretty`.
    pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
        let mut out = Vec::with_capacity(256);
        to_writer_pretty(&mut out, value)?;
        Ok(String::from_utf8(out).expect("JSON is UTF-8"))
    }
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
        assert_eq!(
            neutralise("\u{7f}\u{200f}\u{61c}"),
            "\\u{7f}\\u{200f}\\u{61c}"
        );
    }

    #[test]
    fn neutralise_lines_keeps_only_line_breaks() {
        assert_eq!(neutralise_lines("a\nb\u{1b}c\r\n"), "a\nb\\u{1b}c\\u{d}\n");
        assert!(matches!(neutralise_lines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_parses_back() {
        let hostile =
            "a\u{1b}]52;c;eA==\u{7}\u{9b}\u{9c}\u{9d}\u{7f}\u{202e}\u{2066}\u{200e}\u{61c}\n\"é—";
        let safe = json::to_string(&hostile).expect("serialises");
        assert_eq!(
            safe,
            r#""a\u001b]52;c;eA==\u0007\u009b\u009c\u009d\u007f\u202e\u2066\u200e\u061c\n\"é—""#
        );
        let back: String = serde_json::from_str(&safe).expect("parses");
        assert_eq!(back, hostile);
        // Ordinary text: exactly serde_json's bytes, compact and pretty.
        let plain = serde_json::json!({"a": ["é — ’ …", 1, null], "b": {"c": "\t"}});
        assert_eq!(
            json::to_vec(&plain).unwrap(),
            serde_json::to_vec(&plain).unwrap()
        );
        assert_eq!(
            json::to_string_pretty(&plain).unwrap(),
            serde_json::to_string_pretty(&plain).unwrap()
        );
    }
}
