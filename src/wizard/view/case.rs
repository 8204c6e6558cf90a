//! The case screen and its event form.

use super::*;

pub(super) fn render_case(
    app: &App<'_>,
    view: &CaseView,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = inner_width(area);
    let mut lines = Vec::new();
    if view.case.sections.is_empty() {
        for line in view.case.text.lines() {
            lines.extend(hanging(vec![], &neutralise(line), width, Style::new()));
        }
    } else {
        // The whole answer first, as on the outcome screen; who saved the
        // case and the order number close the page.
        let sections = &view.case.sections;
        lines = outcome_lines(sections, &view.case.headline, theme, width);
        let shown: Vec<(&str, &str)> = sections
            .iter()
            .filter_map(|s| match s {
                Section::Field { id, key, value }
                    if id.is_case_header() && *id != SectionId::Case =>
                {
                    Some((*key, value.as_str()))
                }
                _ => None,
            })
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("For the case", bold())));
        let customer = &view.case.customer;
        let contact = [
            customer.name.as_str(),
            customer.phone.as_str(),
            customer.email.as_str(),
        ]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        let contact = if contact.is_empty() {
            "none (press u to add)".to_owned()
        } else {
            format!("{} (u changes it)", neutralise(&contact))
        };
        lines.extend(hanging(
            vec![Span::styled("  Customer: ", bold())],
            &contact,
            width,
            Style::new(),
        ));
        for (key, value) in shown {
            lines.extend(hanging(
                vec![Span::styled(format!("  {key}: "), bold())],
                &neutralise(value),
                width,
                Style::new(),
            ));
        }
        lines.push(letter::hint());
    }
    let title = format!(
        "Case {} · as `claimdesk cases show` prints it",
        view.case.id
    );
    frame.render_widget(scrolled(lines, &title, view.scroll, area), area);
    if let Some(form) = &view.form {
        render_event_form(form, app.claim.blank.today, frame, area, theme);
    }
}

/// The event form over the case: the kinds, numbered; the day; the detail
/// and the note.
pub(super) fn render_event_form(
    form: &EventForm,
    today: NaiveDate,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let (title, lines) = match form {
        EventForm::Kind { cursor } => {
            let rows = FORM_KINDS.iter().enumerate().map(|(i, kind)| {
                let key = match i {
                    0..9 => format!("{}", i + 1),
                    _ => " ".to_owned(),
                };
                let style = if i == *cursor {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::raw(if i == *cursor { "› " } else { "  " }),
                    Span::styled(format!("{key}  {}", kind.words()), style),
                ])
            });
            (
                " Record an event · what happened? ".to_owned(),
                rows.collect(),
            )
        }
        EventForm::Date { kind, input, error } => {
            let mut lines = vec![
                Line::from(
                    [Span::raw("› ")]
                        .into_iter()
                        .chain(text_field(input, 30))
                        .collect::<Vec<_>>(),
                ),
                Line::from(""),
            ];
            let echo = match (error.clone(), event_date(input.value(), today)) {
                (Some(e), _) | (None, Err(e)) => {
                    Span::styled(neutralise(&e).into_owned(), theme.error())
                }
                (None, Ok(d)) => Span::raw(format!(
                    "= {} {d}{}",
                    weekday_name(d),
                    if d == today { " (today)" } else { "" }
                )),
            };
            lines.push(Line::from(echo));
            lines.push(Line::from(Span::styled(
                "Blank is today; t, y, -N (days ago) or YYYY-MM-DD",
                theme.dim(),
            )));
            (format!(" {} · on which day? ", kind.words()), lines)
        }
        EventForm::Text {
            kind,
            date,
            detail,
            note,
            on_note,
            ..
        } => {
            let mut lines = Vec::new();
            let mut field = |label: &str, input: &TextInput, focused: bool| {
                lines.push(Line::from(Span::styled(
                    format!("{label} (optional)"),
                    if focused { bold() } else { theme.dim() },
                )));
                let mut spans = vec![Span::raw(if focused { "› " } else { "  " })];
                if focused {
                    spans.extend(text_field(input, 60));
                } else {
                    spans.push(Span::raw(truncate(input.value(), 60)));
                }
                lines.push(Line::from(spans));
            };
            if let Some(label) = detail_label(*kind) {
                field(label, detail, !on_note);
            }
            field("Note", note, *on_note);
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Enter records it; Esc goes back to the day",
                theme.dim(),
            )));
            (format!(" {} on {date} ", kind.words()), lines)
        }
    };
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, 70, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        rect,
    );
}
