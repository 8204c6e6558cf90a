//! Pieces every screen draws with: text fields, wrapping, scrolled pages,
//! numbered rows, centred boxes and case rows.

use super::*;

/// A text field in bold, its cursor in place, neutralised like anything
/// typed; `width` columns at most.
pub(super) fn text_field(input: &TextInput, width: usize) -> Vec<Span<'static>> {
    input.spans(bold(), width, |t| neutralise(t).into_owned())
}

pub(super) fn truncate(text: &str, width: usize) -> String {
    crate::text::shown(text, width)
}

pub(super) fn cite(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("  ({})", clauses.join(", "))
    }
}

/// Splits `text` into lines of at most `width` terminal columns (display
/// width: a CJK character or an emoji takes two), at spaces where
/// possible; a word longer than the line is cut. Hyphens do not break
/// (a date stays whole), and leading spaces are kept.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let options = textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// `lead` then `text` wrapped to `width`, continuation lines indented
/// under the text: numbered steps and deadline rows stay readable.
pub(super) fn hanging(
    lead: Vec<Span<'static>>,
    text: &str,
    width: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let indent: usize = lead.iter().map(|s| s.content.width()).sum();
    let mut out = Vec::new();
    for (i, chunk) in wrap_words(text, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
    {
        let mut spans = if i == 0 {
            lead.clone()
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        spans.push(Span::styled(chunk, style));
        out.push(Line::from(spans));
    }
    out
}

/// The verdict's colour, by its words (the section says the verdict in
/// words; the colour only repeats it).
pub(super) fn verdict_style(words: &str, theme: Theme) -> Style {
    let verdict = [
        Verdict::Eligible,
        Verdict::NotEligible,
        Verdict::Review,
        Verdict::FollowUp,
    ]
    .into_iter()
    .find(|v| v.words() == words);
    match verdict {
        Some(v) => theme.verdict(v),
        None => bold().add_modifier(Modifier::REVERSED),
    }
}

/// A bordered, scrolled page; the title says when more lies below, so an
/// agent knows to scroll.
pub(super) fn scrolled(
    lines: Vec<Line<'static>>,
    title: &str,
    scroll: u16,
    area: Rect,
) -> Paragraph<'static> {
    let total = lines.len();
    let visible = usize::from(area.height.saturating_sub(2));
    let max = total.saturating_sub(visible);
    let top = usize::from(scroll).min(max);
    let more = if top < max {
        format!(" {title} · ↓ {} more lines (PgDn) ", max - top)
    } else {
        format!(" {title} ")
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((top as u16, 0))
        .block(Block::default().borders(Borders::ALL).title(more))
}

/// The text width inside a bordered block.
pub(super) fn inner_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2))
}

/// One row of a pick list: the cursor mark, the digit that picks it (the
/// first nine), and `text`, reversed when selected.
pub(super) fn numbered_row(index: usize, selected: bool, text: String) -> Line<'static> {
    let key = if index < 9 {
        format!("{}", index + 1)
    } else {
        " ".into()
    };
    let style = if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::styled(format!("{key}  {text}"), style),
    ])
}

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Lines this wide have room for the claim date column too.
pub(super) const WIDE: usize = 100;

/// One saved case on one line: id, vendor · issue, verdict, reference and
/// (when wide enough) the claim date, cut to fit.
pub(super) fn case_row_line(row: &crate::wizard::app::CaseRow, width: usize) -> String {
    let what = format!("{} · {}", row.vendor, row.issue);
    let mut line = format!(
        "{:<15} {:<28} {:<12} ",
        row.id,
        truncate(&what, 28),
        truncate(&row.verdict, 12),
    );
    if width >= WIDE {
        line.push_str(&format!(
            "{:<22} {}",
            truncate(&row.reference, 22),
            row.claim_date
        ));
    } else {
        line.push_str(&neutralise(&row.reference));
    }
    truncate(&line, width)
}

pub(super) fn case_row_heading(width: usize) -> String {
    let mut line = format!(
        "  {:<15} {:<28} {:<12} ",
        "case", "vendor · issue", "verdict"
    );
    if width >= WIDE {
        line.push_str(&format!("{:<22} {}", "order no.", "claim date"));
    } else {
        line.push_str("order no.");
    }
    truncate(&line, width)
}
