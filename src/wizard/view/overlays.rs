//! What stands over a screen: help, the yes/no questions, the text editor.

use super::*;

pub(super) fn render_help(app: &App<'_>, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled("Keys on this screen", bold()))];
    for (keys, what) in help(app.screen_context()) {
        lines.push(Line::from(format!("  {keys:<20} {what}")));
    }
    lines.extend([
        Line::from(""),
        Line::from(Span::styled("Everywhere", bold())),
        Line::from("  Enter/Tab            next        Esc/Shift-Tab  back"),
        Line::from("  Ctrl-N               new claim   q/Ctrl-C       quit"),
        Line::from("  Ctrl-R               saved cases  Ctrl-D  due queue (Enter opens a case)"),
        Line::from(""),
        Line::from(Span::styled("Dates", bold())),
        Line::from("  2026-10-02  t (the claim date)  y (the day before)  -12 (12 days before)"),
        Line::from("  A blank optional date means: not given."),
        Line::from(""),
        Line::from("Every answer can be changed later from the review page (r); on the"),
        Line::from("outcome, n adds a note and o changes the order number of the case."),
        Line::from("Answers are kept as a draft as they are typed: if claimdesk is closed"),
        Line::from("or killed mid-claim, the next start offers to resume it."),
    ]);
    let rect = centered(area, 78, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Help ")),
        rect,
    );
}

pub(super) fn render_confirm(frame: &mut Frame, area: Rect, question: &str, theme: Theme) {
    let rect = centered(area, 60, 5);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(question.to_owned(), theme.error())),
            Line::from(""),
            Line::from("y = yes, n or Esc = no"),
        ])
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::ALL)),
        rect,
    );
}

pub(super) fn render_editor(editor: &Editor, frame: &mut Frame, area: Rect, theme: Theme) {
    let rect = centered(area, 70, 6);
    // Inside the borders: "› ", the text, and the "_" cursor.
    let width = usize::from(rect.width.saturating_sub(5));
    let field = editor.field;
    let mut input = vec![Span::raw("› ")];
    input.extend(text_field(&editor.input, width + 1));
    let lines = vec![
        Line::from(input),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "{} of {} characters · Enter saves · Esc cancels",
                editor.input.value().chars().count(),
                field.max_chars()
            ),
            theme.dim(),
        )),
        Line::from(Span::styled(
            match field {
                TextField::Reference => "Saved with the case; other cases for it are looked up.",
                TextField::Note => "Saved with the case and shown in its hand-off.",
                TextField::CustomerName | TextField::CustomerPhone => {
                    "Enter goes on to the next; Esc leaves the contact as it was."
                }
                TextField::CustomerEmail => "Enter saves the name, phone and e-mail with the case.",
            },
            theme.dim(),
        )),
    ];
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", field.title())),
        ),
        rect,
    );
}
