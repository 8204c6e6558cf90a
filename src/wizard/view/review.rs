//! The answers page.

use super::*;

pub(super) fn render_review(
    app: &App<'_>,
    state: &ReviewState,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let mut lines = vec![];
    lines.extend(preview_lines(app, theme, inner_width(area)));
    if let Some((_, problem)) = app.claim.intake.first_problem() {
        lines.push(Line::from(Span::styled(
            format!("✖ {problem}"),
            theme.error(),
        )));
    }
    lines.push(Line::from(""));
    for (i, field) in app.review_rows().into_iter().enumerate() {
        let answer = match field {
            Field::Date(DateFact::Claim) => app.claim.intake.claim_date().to_string(),
            _ => app
                .claim
                .intake
                .answer_text(field)
                .unwrap_or_else(|| "(not given)".into()),
        };
        lines.push(numbered_row(
            i,
            i == state.cursor,
            format!("{:<16}{}", field.title(), neutralise(&answer)),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Answers: pick one to change it "),
        ),
        area,
    );
}
