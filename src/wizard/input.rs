//! One-line text fields that edit like a shell line: the order number,
//! dates, the note and order-number overlays, the history filter.
//!
//! The editing itself is `tui-input`'s (its backend-agnostic
//! [`InputRequest`] API: the key map turns keys into [`Edit`]s, so no
//! second crossterm comes in); this wrapper adds a length cap and draws
//! the cursor in place.

use super::keys::Edit;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthStr;

/// A line of text, its cursor, and the most characters it takes.
#[derive(Debug, Clone, Default)]
pub struct TextInput {
    input: Input,
    max_chars: usize,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.cursor() == other.cursor()
    }
}

impl Eq for TextInput {}

impl TextInput {
    /// `text` (cut to `max_chars`) with the cursor at its end.
    pub fn new(text: &str, max_chars: usize) -> TextInput {
        let text: String = text.chars().take(max_chars).collect();
        TextInput {
            input: Input::new(text),
            max_chars,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn is_empty(&self) -> bool {
        self.value().is_empty()
    }

    /// Types `c` at the cursor, unless the field is full. Whether it did.
    pub fn insert(&mut self, c: char) -> bool {
        if self.value().chars().count() >= self.max_chars {
            return false;
        }
        self.input.handle(InputRequest::InsertChar(c)).is_some()
    }

    /// Backspace: the character before the cursor.
    pub fn erase(&mut self) -> bool {
        self.input.handle(InputRequest::DeletePrevChar).is_some()
    }

    /// Applies a line-editing key. Whether the text or cursor changed.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let request = match edit {
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::Start => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            // Ctrl-U as in a shell: everything before the cursor.
            Edit::KillToStart => InputRequest::DeleteFromStart,
            Edit::KillWord => InputRequest::DeletePrevWord,
            Edit::DeleteNext => InputRequest::DeleteNextChar,
        };
        self.input.handle(request).is_some()
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// The field drawn in `width` columns: `shown` is how each piece of the
    /// text is made safe to show (see `crate::text`). The cursor at the
    /// end is a `_` after the text; inside it, the character under it is
    /// reversed. A text wider than the field scrolls to keep the cursor in
    /// view.
    pub fn spans(
        &self,
        style: Style,
        width: usize,
        shown: impl Fn(&str) -> String,
    ) -> Vec<Span<'static>> {
        let chars: Vec<char> = self.value().chars().collect();
        let cursor = self.cursor().min(chars.len());
        let before: String = chars[..cursor].iter().collect();
        let (under, after) = match chars.get(cursor) {
            Some(c) => (c.to_string(), chars[cursor + 1..].iter().collect()),
            None => ("_".to_owned(), String::new()),
        };
        let (mut before, under, mut after) = (shown(&before), shown(&under), shown(&after));
        // Drop from the front until the cursor fits, then cut the end.
        let room = width.max(2);
        while !before.is_empty() && before.width() + under.width() > room {
            before.remove(0);
        }
        while !after.is_empty() && before.width() + under.width() + after.width() > room {
            after.pop();
        }
        let mut spans = vec![Span::styled(before, style)];
        let cursor_style = if cursor < chars.len() {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        };
        spans.push(Span::styled(under, cursor_style));
        if !after.is_empty() {
            spans.push(Span::styled(after, style));
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_like_a_shell_line() {
        let mut t = TextInput::new("order 12", 20);
        assert!(t.edit(Edit::KillWord));
        assert_eq!(t.value(), "order ");
        t.edit(Edit::Start);
        assert!(t.insert('x'));
        assert_eq!((t.value(), t.cursor()), ("xorder ", 1));
        t.edit(Edit::End);
        assert!(t.edit(Edit::KillToStart));
        assert!(t.is_empty());
        let mut full = TextInput::new("abc", 3);
        assert!(!full.insert('d'), "the cap holds");
    }

    #[test]
    fn the_cursor_is_drawn_in_place() {
        let mut t = TextInput::new("abc", 10);
        let text = |t: &TextInput| {
            t.spans(Style::new(), 10, str::to_owned)
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(&t), "abc_");
        t.edit(Edit::Left);
        assert_eq!(text(&t), "abc");
        let long = TextInput::new(&"x".repeat(30), 40);
        assert_eq!(text(&long).chars().count(), 10, "scrolled to fit");
    }
}
