//! The unfinished intakes on offer at start.

use super::*;

pub(super) fn render_resume(state: &ResumeState, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = inner_width(area);
    let mut lines = hanging(
        vec![],
        "These claims were left unfinished; every answer typed was kept. Resume one where it \
         stopped:",
        width,
        Style::new(),
    );
    lines.push(Line::from(""));
    // Two lines an offer; the list scrolls to keep the cursor in view.
    let room =
        (usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len() + 3) / 2).max(1);
    let first = state.cursor.saturating_sub(room - 1);
    for (i, offer) in state.offers.iter().enumerate().skip(first).take(room) {
        lines.push(numbered_row(
            i,
            i == state.cursor,
            truncate(&format!("{}  {}", offer.when, offer.what), width - 5),
        ));
        lines.push(Line::from(Span::styled(
            format!("      {}", offer.at),
            theme.dim(),
        )));
    }
    lines.push(Line::from(""));
    lines.extend(hanging(
        vec![],
        "d deletes the draft under the cursor; Esc starts a new claim and keeps them for later.",
        width,
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Unfinished claims "),
        ),
        area,
    );
}
