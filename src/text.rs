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
        out.extend_from_slice(&escape(c));
    }

    /// `\uXXXX` (lower-case hex) for a character in the BMP.
    fn escape(c: char) -> [u8; 6] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let code = c as u32;
        debug_assert!(code <= 0xFFFF, "only BMP characters are unsafe");
        let hex = |shift: u32| HEX[((code >> shift) & 0xF) as usize];
        [b'\\', b'u', hex(12), hex(8), hex(4), hex(0)]
    }

    /// Where the first byte is that a JSON string writer must look at: a
    /// quote, a backslash, a control byte, DEL or the lead byte of a
    /// character that may be unsafe (0xC2: U+0080–U+00BF, the C1 controls
    /// among them; 0xD8: U+061C among others; 0xE2: U+2000–U+2FFF, the
    /// bidi controls among them). None of these is ever a continuation
    /// byte, so the byte found starts a whole character.
    ///
    /// `check --batch` runs every string of a million outcomes through
    /// this (some 1.5 GB), so on x86-64 it looks at 16 bytes at a time
    /// with SSE2, which every x86-64 processor has; elsewhere 8 at a time
    /// with word tricks ([`first_special_by_words`]).
    pub fn first_special(bytes: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        {
            sse2::first_special(bytes)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            first_special_by_words(bytes)
        }
    }

    /// Whether `b` is a byte [`first_special`] stops at.
    fn is_special(b: u8) -> bool {
        b < 0x20 || matches!(b, b'"' | b'\\' | 0x7f | 0xc2 | 0xd8 | 0xe2)
    }

    #[cfg(target_arch = "x86_64")]
    mod sse2 {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };

        /// [`super::first_special`], 16 bytes a step: each step compares
        /// the 16 bytes with every special byte at once and reads the
        /// first match off the mask of the comparisons.
        pub fn first_special(bytes: &[u8]) -> Option<usize> {
            if bytes.len() < 16 {
                return super::first_special_by_words(bytes);
            }
            let block_at = |at: usize| {
                let block = &bytes[at..at + 16];
                // SAFETY: SSE2 is part of x86-64, so the load is always
                // available; it reads exactly the 16 bytes of `block`
                // (unaligned loads are allowed).
                let x = unsafe { _mm_loadu_si128(block.as_ptr().cast()) };
                special_mask(x)
            };
            let mut at = 0;
            while at + 16 <= bytes.len() {
                let mask = block_at(at);
                if mask != 0 {
                    return Some(at + mask.trailing_zeros() as usize);
                }
                at += 16;
            }
            if at == bytes.len() {
                return None;
            }
            // The last few bytes: the last 16 of the string, less the bits
            // of those already looked at.
            let last = bytes.len() - 16;
            let mask = block_at(last) >> (at - last);
            (mask != 0).then(|| at + mask.trailing_zeros() as usize)
        }

        /// One bit per byte of `x` (lowest bit: first byte) that is special.
        #[inline(always)]
        fn special_mask(x: __m128i) -> u32 {
            // SAFETY: SSE2 is part of x86-64, so these intrinsics are
            // always available; they only compute on registers.
            unsafe {
                let splat = |b: u8| _mm_set1_epi8(b as i8);
                // Unsigned x <= 0x1f exactly when max(x, 0x1f) == 0x1f.
                let control = _mm_cmpeq_epi8(_mm_max_epu8(x, splat(0x1f)), splat(0x1f));
                let mut hits = _mm_or_si128(
                    control,
                    _mm_or_si128(
                        _mm_cmpeq_epi8(x, splat(b'"')),
                        _mm_or_si128(
                            _mm_cmpeq_epi8(x, splat(b'\\')),
                            _mm_cmpeq_epi8(x, splat(0x7f)),
                        ),
                    ),
                );
                // Text is mostly ASCII: look for the lead bytes only in
                // blocks that have a non-ASCII byte at all.
                if _mm_movemask_epi8(x) != 0 {
                    hits = _mm_or_si128(
                        hits,
                        _mm_or_si128(
                            _mm_cmpeq_epi8(x, splat(0xc2)),
                            _mm_or_si128(
                                _mm_cmpeq_epi8(x, splat(0xd8)),
                                _mm_cmpeq_epi8(x, splat(0xe2)),
                            ),
                        ),
                    );
                }
                _mm_movemask_epi8(hits) as u32
            }
        }
    }

    /// [`first_special`] eight bytes at a time, by the "has a byte less
    /// than n" and "has a zero byte" word tricks: their lowest flagged
    /// byte is always a true match (a borrow only flags bytes above the
    /// one that made it), so the lowest set bit of the flags is the first
    /// special byte. For strings shorter than 16 bytes, and where SSE2 is
    /// not available.
    pub(crate) fn first_special_by_words(bytes: &[u8]) -> Option<usize> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
        let equal = |x: u64, b: u8| below(x ^ (ONES * u64::from(b)), 1);
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let x = u64::from_le_bytes(eight);
            let mut flags = below(x, 0x20) | equal(x, b'"') | equal(x, b'\\') | equal(x, 0x7f);
            // Text is mostly ASCII: look for the lead bytes only in words
            // that have a non-ASCII byte at all.
            if x & HIGH != 0 {
                flags |= equal(x, 0xc2) | equal(x, 0xd8) | equal(x, 0xe2);
            }
            if flags != 0 {
                return Some(at + (flags.trailing_zeros() / 8) as usize);
            }
            at += 8;
        }
        words
            .remainder()
            .iter()
            .position(|&b| is_special(b))
            .map(|p| at + p)
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
            // Whole runs between the bytes that may start an unsafe
            // character are copied as they are (serde_json has taken out
            // quotes, backslashes and C0 controls): a sentence with curly
            // quotes or dashes costs a word scan, not a check per character.
            let bytes = fragment.as_bytes();
            let (mut start, mut i) = (0, 0);
            while let Some(offset) = first_special(&bytes[i..]) {
                let at = i + offset;
                i = at + 1;
                if let Some(c) = fragment.get(at..).and_then(|rest| rest.chars().next())
                    && is_unsafe(c)
                {
                    writer.write_all(&bytes[start..at])?;
                    writer.write_all(&escape(c))?;
                    start = at + c.len_utf8();
                    i = start;
                }
            }
            writer.write_all(&bytes[start..])
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
    use proptest::prelude::*;

    #[test]
    fn first_special_finds_the_first_special_byte_at_every_position() {
        let specials = [b'"', b'\\', 0x00, 0x1f, b'\n', 0x7f, 0xc2, 0xd8, 0xe2];
        // Neighbours of the special bytes need no escaping.
        let harmless = [0x20, b'!', b'#', b'[', b']', 0x7e, 0xc3, 0xe3, 0xd9];
        for len in 1..40 {
            for at in 0..len {
                for (k, special) in specials.into_iter().enumerate() {
                    // Harmless bytes before it, and other specials after
                    // it (the word trick flags bytes above a match too).
                    let mut bytes: Vec<u8> = (0..len).map(|j| harmless[(j + k) % 9]).collect();
                    bytes[at] = special;
                    for later in (at + 1..len).step_by(3) {
                        bytes[later] = specials[(later + k) % 9];
                    }
                    assert_eq!(json::first_special(&bytes), Some(at), "{bytes:?}");
                    assert_eq!(json::first_special_by_words(&bytes), Some(at), "{bytes:?}");
                }
                let bytes: Vec<u8> = (0..len).map(|j| harmless[(j + at) % 9]).collect();
                assert_eq!(json::first_special(&bytes), None, "{bytes:?}");
                assert_eq!(json::first_special_by_words(&bytes), None, "{bytes:?}");
            }
        }
    }

    /// The old way, for comparison: serde_json's bytes, then every unsafe
    /// character but a raw newline escaped one character at a time.
    fn escaped_afterwards(json: &str) -> String {
        let mut out = Vec::new();
        for c in json.chars() {
            if c != '\n' && is_unsafe(c) {
                json::push_escape(&mut out, c);
            } else {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        String::from_utf8(out).expect("whole characters")
    }

    proptest! {
        /// Any text, hostile characters and their harmless neighbours
        /// among ordinary words, escaped while written is what escaping
        /// serde_json's output afterwards gave (the export's bytes before
        /// it wrote through [`json::SafeFormatter`]), and parses back.
        #[test]
        fn escaping_while_writing_is_escaping_afterwards(
            pieces in proptest::collection::vec(prop_oneof![
                proptest::sample::select(vec![
                    "\u{1b}", "\u{7f}", "\u{80}", "\u{9b}", "\u{9f}", "\u{a0}", "\u{bf}",
                    "\u{61c}", "\u{61b}", "\u{200e}", "\u{200f}", "\u{2010}", "\u{202a}",
                    "\u{202e}", "\u{202f}", "\u{2066}", "\u{2069}", "\u{206a}", "—", "’",
                    "…", "é", "\"", "\\", "\n", "\t", "\u{0}", "😀",
                ]).prop_map(str::to_owned),
                "[ -~]{0,12}",
                any::<String>(),
            ], 0..12)
        ) {
            let text: String = pieces.concat();
            let value = serde_json::json!({"k": [text.clone(), {text.clone(): 1}]});
            let safe = json::to_string(&value).expect("serialises");
            let old = escaped_afterwards(&serde_json::to_string(&value).expect("serialises"));
            prop_assert_eq!(&safe, &old);
            let back: serde_json::Value = serde_json::from_str(&safe).expect("parses");
            prop_assert_eq!(back, value);
        }
    }

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
