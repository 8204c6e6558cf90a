//! The letter menu over a saved outcome or case (its state and keys are
//! in `wizard/letter.rs`).

use super::Theme;
use crate::letter::Lang;
use crate::letter::form::Form;
use crate::text::shown;
use crate::wizard::letter::LetterMenu;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The line that closes "For the case" on the outcome and the case
/// screen: the key, said where the footer has no room for it.
pub fn hint() -> Line<'static> {
    Line::from(vec![
        Span::styled("  Letter: ", bold()),
        Span::raw("press l for the customer's letter (file, e-mail, copy)"),
    ])
}

/// The seven languages by number, the one chosen standing out.
fn languages(chosen: Lang, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw("         ")];
    for (i, lang) in Lang::ALL.iter().enumerate() {
        let label = format!("{} {}", i + 1, lang.code());
        spans.push(Span::raw(" "));
        spans.push(if *lang == chosen {
            Span::styled(label, bold().add_modifier(Modifier::REVERSED))
        } else {
            Span::styled(label, theme.dim())
        });
        spans.push(Span::raw(" "));
    }
    spans
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The menu over the screen, centred, 76 columns wide at most.
pub fn render(menu: &LetterMenu, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = 76.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Language  "),
            Span::styled(
                format!("{} ({})", menu.lang.name(), menu.lang.code()),
                bold(),
            ),
            Span::styled(
                match (&menu.country, menu.lang == menu.default_lang) {
                    (Some(c), true) => format!("  the customer's country's ({})", shown(c, 8)),
                    (Some(c), false) => format!(
                        "  (the customer's country's, {}: {})",
                        shown(c, 8),
                        menu.default_lang.code()
                    ),
                    (None, _) => "  (no customer country on the case)".to_owned(),
                },
                theme.dim(),
            ),
        ]),
        Line::from(languages(menu.lang, theme)),
        Line::from(""),
    ];
    match &menu.file {
        None => {
            for (key, form) in [
                ("t", Form::Text),
                ("r", Form::Receipt),
                ("h", Form::Html),
                ("e", Form::Eml),
            ] {
                lines.push(Line::from(format!("{key}  save as {}", form.words())));
            }
            match &menu.email {
                Ok(to) => lines.push(Line::from(format!(
                    "s  send by e-mail to {}",
                    shown(to, inner.saturating_sub(23))
                ))),
                Err(why) => {
                    // The reason whole: on a line of its own when long.
                    let one = format!("s  send by e-mail: unavailable, {why}");
                    if one.width() <= inner {
                        lines.push(Line::from(Span::styled(one, theme.dim())));
                    } else {
                        lines.push(Line::from(Span::styled(
                            "s  send by e-mail: unavailable,",
                            theme.dim(),
                        )));
                        lines.push(Line::from(Span::styled(
                            shown(&format!("   {why}"), inner),
                            theme.dim(),
                        )));
                    }
                }
            }
            lines.push(Line::from("c  copy the text letter to the clipboard"));
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                shown(
                    &match &menu.letters_dir {
                        Some(dir) => format!("Files go in {}", dir.display()),
                        None => "No data folder: type where each file goes".to_owned(),
                    },
                    inner,
                ),
                theme.dim(),
            )));
            lines.push(Line::from(Span::styled(
                "Each letter made is recorded on the case's timeline. Esc closes.",
                theme.dim(),
            )));
        }
        Some(file) => {
            lines.push(Line::from(format!(
                "Save the {} letter as {} to:",
                menu.lang.name(),
                file.form.words()
            )));
            let mut field = vec![Span::raw("› ")];
            field.extend(file.input.spans(bold(), inner.saturating_sub(2), |t| {
                crate::text::neutralise(t).into_owned()
            }));
            lines.push(Line::from(field));
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Enter saves · Esc back · a file already there is never replaced",
                theme.dim(),
            )));
            lines.push(Line::from(Span::styled(
                "(a name without a folder goes with the other letters)",
                theme.dim(),
            )));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(
            " The customer's letter · {} ",
            shown(&menu.case_id, 30)
        ))),
        rect,
    );
}
