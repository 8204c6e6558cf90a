//! The due queue.

use super::*;

/// The due queue: due date, days left as of today, status, the case and
/// the next action; the overdue first (the store's order).
pub(super) fn render_due(
    due: &DueState,
    today: NaiveDate,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = inner_width(area);
    // Wide: the vendor and issue too. The next action has a line of its
    // own under each case, so it is not cut to the room left at 80
    // columns (issue 22).
    let wide = width >= WIDE;
    let mut lines = Vec::new();
    if let Some(error) = &due.error {
        lines.push(Line::from(Span::styled(
            format!("The case log cannot be read: {}", neutralise(error)),
            theme.error(),
        )));
    } else if due.rows.is_empty() {
        lines.push(Line::from("Nothing is due: no open or waiting case."));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "{}{} case(s) open or waiting, {} overdue as of {today}",
                due.rows.len(),
                if due.more { "+" } else { "" },
                due.overdue()
            ),
            theme.dim(),
        )));
        lines.push(Line::from(Span::styled(
            truncate(
                &format!(
                    "  {:<10} {:>7}  {:<15} {:<19} {}order no. / next",
                    "due",
                    "days",
                    "case",
                    "status",
                    if wide {
                        format!("{:<22} ", "vendor · issue")
                    } else {
                        String::new()
                    }
                ),
                width,
            ),
            bold(),
        )));
        // Two lines a case: the case, then what is next.
        let rows = (usize::from(area.height.saturating_sub(4)) / 2).max(1);
        let first = due.cursor.saturating_sub(rows - 1);
        for (i, row) in due.rows.iter().enumerate().skip(first).take(rows) {
            let selected = i == due.cursor;
            let days = match row.days_left {
                Some(d) if d < 0 => format!("{} late", -d),
                Some(0) => "today".to_owned(),
                Some(d) => d.to_string(),
                None => "-".to_owned(),
            };
            let what = if wide {
                format!(
                    "{:<22} ",
                    truncate(&format!("{} · {}", row.vendor, row.issue), 22)
                )
            } else {
                String::new()
            };
            let reference = if row.reference.is_empty() {
                "no order no.".to_owned()
            } else {
                neutralise(&row.reference).into_owned()
            };
            let text = format!(
                "{:<10} {:>7}  {:<15} {:<19} {what}{reference}",
                row.due
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string()),
                days,
                row.id,
                truncate(&row.status, 19),
            );
            let next = format!("    next: {}", neutralise(&row.next_action));
            let mut style = if row.days_left.is_some_and(|d| d < 0) {
                theme.error()
            } else {
                Style::new()
            };
            if selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
            lines.push(Line::from(vec![
                Span::raw(if selected { "› " } else { "  " }),
                Span::styled(truncate(&text, width - 2), style),
            ]));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(truncate(&next, width - 2), style),
            ]));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Due queue · by due date, overdue first · Enter opens the case "),
        ),
        area,
    );
}
