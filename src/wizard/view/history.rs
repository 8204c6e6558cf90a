//! The saved cases: the history screen and the repeat-claim page.

use super::*;

pub(super) fn render_repeat(
    app: &App<'_>,
    state: &RepeatState,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = inner_width(area);
    let count = app.claim.earlier.len();
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Order {} already has {count} case{} in the log. Is this the same claim again?",
                truncate(&app.claim.reference, 30),
                if count == 1 { "" } else { "s" }
            ),
            theme.error(),
        )),
        Line::from(""),
    ];
    for (i, row) in app.claim.earlier.iter().enumerate() {
        lines.push(numbered_row(i, false, case_row_line(row, width - 5)));
    }
    lines.push(Line::from(""));
    let how = match &app.claim.earlier_open {
        Some(id) => format!(
            "A callback? Enter continues {id}, the newest case still open: its timeline, what is \
             due, and e to record what happened. Another number opens that case; n starts a new \
             claim on this order (another item or issue)."
        ),
        None => "Every case on this order is resolved or closed. A number opens one; Enter or n \
                 starts a new claim on this order (another item or issue)."
            .to_owned(),
    };
    lines.extend(hanging(vec![], &how, width, theme.dim()));
    lines.push(Line::from(""));
    lines.extend(hanging(
        vec![Span::styled("Repeat claims: ", bold())],
        &neutralise(&app.claim.repeat_advice),
        width,
        Style::new(),
    ));
    lines.push(Line::from(""));
    if let Some(newest) = app.claim.earlier.first() {
        lines.push(Line::from(Span::styled(
            format!("The newest, {}, as saved:", newest.id),
            bold(),
        )));
        for line in app.claim.earlier_text.lines() {
            lines.extend(hanging(
                vec![Span::raw("  ")],
                &neutralise(line),
                width,
                Style::new(),
            ));
        }
    }
    frame.render_widget(scrolled(lines, "Repeat claim", state.scroll, area), area);
}

pub(super) fn render_history(history: &HistoryState, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = inner_width(area);
    let visible = history.visible();
    let (matched, total) = history.counts();
    let mut spans = vec![Span::raw("filter: ")];
    spans.extend(text_field(&history.filter, 30));
    spans.push(Span::styled(
        format!("   {matched} of {total} cases · each word typed must match"),
        theme.dim(),
    ));
    let mut lines = vec![Line::from(spans)];
    if let Some(error) = &history.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("The case log cannot be read: {error}"),
            theme.error(),
        )));
    } else if history.rows.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(if history.total > 0 {
            "No case matches: each word typed must be found in a case."
        } else {
            "No cases saved yet."
        }));
    } else {
        lines.push(Line::from(Span::styled(case_row_heading(width), bold())));
        // Keep the cursor in view: the rows scroll under the two header lines.
        let rows = usize::from(area.height.saturating_sub(4)).max(1);
        let first = history.cursor.saturating_sub(rows - 1);
        for (i, row) in visible.iter().enumerate().skip(first).take(rows) {
            let selected = i == history.cursor;
            let style = if selected {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(if selected { "› " } else { "  " }),
                Span::styled(case_row_line(row, width - 2), style),
            ]));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Saved cases, newest first · Enter opens "),
        ),
        area,
    );
}
