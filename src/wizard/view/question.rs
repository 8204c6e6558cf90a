//! The question screen and the first question (the order number).

use super::*;

pub(super) fn render_question(
    app: &App<'_>,
    q: &QuestionState,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let [strip, main] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(40)]).areas(area);
    render_strip(app, frame, strip, theme);
    let questions = app.claim.intake.questions();
    let Some(question) = app.question() else {
        return;
    };
    let position = questions
        .iter()
        .position(|q| q.field == question.field)
        .map_or(String::new(), |i| format!(" · step {}", i + 1));
    let mut body = vec![
        Line::from(Span::styled(question.prompt.clone(), bold())),
        Line::from(""),
    ];
    match &question.kind {
        Kind::Choice(_) => {
            if !q.filter.is_empty() {
                body.push(Line::from(format!("filter: {}", neutralise(&q.filter))));
            }
            // A long list (the countries) scrolls so the cursor stays in
            // view; rows keep their numbers.
            let room = usize::from(main.height.saturating_sub(4)).saturating_sub(body.len() + 2);
            let first = q.cursor.saturating_sub(room.saturating_sub(1));
            for (shown, (_, choice)) in q
                .visible_choices(&app.claim)
                .iter()
                .enumerate()
                .skip(first)
                .take(room.max(1))
            {
                let row = numbered_row(shown, shown == q.cursor, format!("{:<20}", choice.label));
                if choice.help.is_empty() {
                    body.push(row);
                } else {
                    // A long description wraps under itself, not under
                    // the number, so the labels stay a clean column.
                    let mut lead = row.spans;
                    lead.push(Span::raw("  "));
                    body.extend(hanging(lead, &choice.help, inner_width(main), theme.dim()));
                }
            }
            if !question.help.is_empty() {
                body.push(Line::from(""));
                body.push(Line::from(Span::styled(question.help.clone(), theme.dim())));
            }
        }
        Kind::Date { .. } => {
            let mut field = vec![Span::raw("› ")];
            field.extend(text_field(&q.date, inner_width(main).saturating_sub(2)));
            body.push(Line::from(field));
            match q.date_echo(&app.claim) {
                Some(Ok(date)) => {
                    body.push(Line::from(format!("  = {} {date}", weekday_name(date))));
                    if let Some(words) = q.date_decisive(&app.claim) {
                        let lead = vec![Span::raw("  ")];
                        body.extend(hanging(lead, &words, inner_width(main), theme.dim()));
                    }
                }
                Some(Err(e)) => {
                    body.push(Line::from(Span::styled(format!("  ✖ {e}"), theme.error())));
                }
                None => body.push(Line::from("")),
            }
            body.push(Line::from(""));
            body.push(Line::from(Span::styled(
                "YYYY-MM-DD, or t = claim date, y = the day before, -12 = 12 days, -2w = 2 weeks, -11m = 11 months before.",
                theme.dim(),
            )));
            if !question.help.is_empty() {
                body.push(Line::from(Span::styled(question.help.clone(), theme.dim())));
            }
        }
        Kind::Toggles(toggles) => {
            for (i, t) in toggles.iter().enumerate() {
                let on = app.claim.intake.toggle(*t);
                let style = if i == q.cursor {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                let lead = vec![
                    Span::raw(if i == q.cursor { "› " } else { "  " }),
                    Span::styled(
                        format!("{} [{}] ", i + 1, if on { "x" } else { " " }),
                        style,
                    ),
                ];
                body.extend(hanging(
                    lead,
                    &app.claim.intake.toggle_label(*t),
                    inner_width(main),
                    style,
                ));
            }
        }
    }
    if let Some(error) = &q.error
        && !matches!(question.kind, Kind::Date { .. } if q.date_echo(&app.claim).is_some_and(|e| e.is_err()))
    {
        body.push(Line::from(""));
        body.push(Line::from(Span::styled(
            format!("✖ {error}"),
            theme.error(),
        )));
    }
    frame.render_widget(
        Paragraph::new(body).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {}{position} ", question.field.title())),
        ),
        main,
    );
}

pub(super) fn render_reference(
    app: &App<'_>,
    state: &ReferenceState,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let [strip, main] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(40)]).areas(area);
    render_strip(app, frame, strip, theme);
    let width = inner_width(main);
    let mut body = hanging(
        vec![],
        "What is the customer's order number or reference?",
        width,
        bold(),
    );
    body.extend([
        Line::from(""),
        Line::from(
            [Span::raw("› ")]
                .into_iter()
                .chain(text_field(&state.input, width.saturating_sub(2)))
                .collect::<Vec<_>>(),
        ),
        Line::from(""),
    ]);
    for text in [
        "Blank if there is none. It is kept with the case, and an order that already has a case \
         is shown before you go on (a repeat claim).",
        "Case, spaces and dashes do not matter when orders are compared.",
    ] {
        body.extend(hanging(vec![], text, width, theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(body).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Order no. · first question "),
        ),
        main,
    );
}
