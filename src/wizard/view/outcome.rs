//! The outcome screen, its sections in the order the screen shows them,
//! and the why page.

use super::*;

/// The outcome as lines `width` wide, drawn from the hand-off's one
/// section list (`report::sections`), as the text and Markdown hand-offs
/// are: a new outcome field added there shows here too. The view only
/// styles what the sections say (the verdict's colour, a deadline's
/// status, a note's kind) and lays it out for the screen.
///
/// The first screen holds the whole answer (issue 22): the verdict, the
/// summary, the first line of every note that qualifies the headline
/// (`headline`, from [`headline_notes`]), then the steps with their dates
/// and, for a saved case, what happened since; remedies, deadlines,
/// evidence, the full notes and the law follow.
pub fn outcome_lines(
    sections: &[Section],
    headline: &[(NoteKind, String)],
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    // The outcome screen's header line says the claim date; a saved
    // case's screen says it beside the claim.
    let saved = sections.iter().any(|s| {
        matches!(
            s,
            Section::Field {
                id: SectionId::Saved,
                ..
            }
        )
    });
    let mut lines = Vec::new();
    let mut verdict = None;
    for section in screen_order(sections) {
        match section {
            // The header line says the case id; the order number and
            // note close the page ("For the case").
            Section::Field {
                id:
                    SectionId::Case
                    | SectionId::Saved
                    | SectionId::Agent
                    | SectionId::Reference
                    | SectionId::Note,
                ..
            } => {}
            // Each item cites its own clauses, and the why page quotes
            // them: the list of all of them is for the hand-off.
            Section::Field {
                id: SectionId::Clauses,
                ..
            } => {}
            Section::Field {
                id: SectionId::Verdict,
                value,
                ..
            } => verdict = Some(value.clone()),
            Section::Field {
                id: SectionId::Claim,
                value,
                ..
            } => {
                let words = verdict.take().unwrap_or_default();
                // The claim date is in the header line already.
                let value = match value.rsplit_once(" / claim date ") {
                    Some((claim, _)) if !saved => claim,
                    _ => value.as_str(),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(" {} ", words.to_uppercase()),
                        verdict_style(&words, theme),
                    ),
                    Span::raw(format!("  {}", neutralise(&value.replace(" / ", " · ")))),
                ]));
            }
            Section::Field {
                id: SectionId::Summary,
                value,
                ..
            } => {
                lines.extend(hanging(vec![], &neutralise(value), width, Style::new()));
                for (kind, text) in headline {
                    let (lead, style) = match kind {
                        NoteKind::Statutory => ("§ ", bold()),
                        _ => ("! ", theme.error()),
                    };
                    lines.extend(hanging(
                        vec![Span::styled(lead, style)],
                        &neutralise(text),
                        width,
                        Style::new(),
                    ));
                }
            }
            Section::Field { id, key, value } => {
                if *id == SectionId::Remedies {
                    lines.push(Line::from(""));
                }
                lines.extend(hanging(
                    vec![Span::styled(format!("{key}: "), bold())],
                    &neutralise(value),
                    width,
                    Style::new(),
                ));
            }
            Section::List {
                id,
                title,
                numbered,
                items,
            } => {
                lines.push(Line::from(""));
                lines.extend(hanging(vec![], &neutralise(title), width, bold()));
                for (i, item) in items.iter().enumerate() {
                    lines.extend(item_lines(*id, *numbered, i, item, theme, width));
                }
            }
        }
    }
    lines
}

/// The sections in the order the screen shows them: the headline (verdict,
/// claim, summary), then the steps, then what happened on a saved case,
/// then the rest in the hand-off's order.
pub fn screen_order(sections: &[Section]) -> Vec<&Section> {
    let mut ordered: Vec<&Section> = sections.iter().collect();
    ordered.sort_by_key(|s| screen_rank(s));
    ordered
}

pub(super) fn screen_rank(section: &Section) -> u8 {
    let id = match section {
        Section::Field { id, .. } | Section::List { id, .. } => *id,
    };
    match id {
        SectionId::Verdict | SectionId::Claim | SectionId::Summary => 0,
        SectionId::NextSteps => 1,
        SectionId::CustomerName
        | SectionId::CustomerPhone
        | SectionId::CustomerEmail
        | SectionId::Status
        | SectionId::NextAction
        | SectionId::Due
        | SectionId::Timeline => 2,
        _ => 3,
    }
}

/// The notes that qualify the headline, typed
/// ([`crate::case::NoteRecord::qualifies_headline`]): a short one whole
/// (its last sentence is often what the agent does about it: "Ask MillSO
/// support how to ship"), a long one by its first sentence; the whole note
/// follows below with the others.
pub fn headline_notes(outcome: &OutcomeRecord) -> Vec<(NoteKind, String)> {
    /// About three lines of an 80-column screen.
    const WHOLE_UP_TO: usize = 230;
    outcome
        .notes
        .iter()
        .filter(|n| n.qualifies_headline())
        .map(|n| {
            let text = if n.text.chars().count() <= WHOLE_UP_TO {
                n.text.as_str()
            } else {
                first_sentence(&n.text)
            };
            (n.kind, text.to_owned())
        })
        .collect()
}

/// A text's first sentence: up to the first ". " before a capital letter
/// ("art. 6" and "e.g. to" do not end one); the whole text when it has one.
pub(super) fn first_sentence(text: &str) -> &str {
    let mut from = 0;
    while let Some(at) = text[from..].find(". ") {
        let end = from + at + 1;
        if text[end + 1..].starts_with(|c: char| c.is_uppercase()) {
            return &text[..end];
        }
        from = end;
    }
    text
}

/// One item of a list section: a deadline row, a note with its kind, a
/// checkbox, a numbered step or a plain line.
pub(super) fn item_lines(
    section: SectionId,
    numbered: bool,
    index: usize,
    item: &Item,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let text = format!("{}{}", neutralise(&item.text), cite(&item.clauses));
    // A saved case's event: its day, what happened, then when it was
    // recorded (dim), so the event reads first.
    if let (SectionId::Timeline, Some(date)) = (section, item.date) {
        let mut lines = hanging(
            vec![Span::raw(format!(
                "  {date} {}  ",
                &weekday_name(date)[..3]
            ))],
            &text,
            width,
            Style::new(),
        );
        lines.extend(hanging(
            vec![Span::raw(" ".repeat(18))],
            &neutralise(&item.when),
            width,
            theme.dim(),
        ));
        return lines;
    }
    if item.date.is_some() || !item.when.is_empty() {
        return deadline_lines(item, &text, theme, width);
    }
    match section {
        SectionId::Notes => {
            let style = match item.note {
                Some(NoteKind::Conflict) => theme.fg(Color::Magenta).add_modifier(Modifier::BOLD),
                Some(NoteKind::Warning) => theme.error(),
                _ => bold(),
            };
            let kind = item.note.map_or("", crate::report::kind_word);
            let mut lines = vec![Line::from(Span::styled(format!("  {kind}"), style))];
            lines.extend(hanging(vec![Span::raw("    ")], &text, width, Style::new()));
            lines
        }
        // Ticked once an `evidence_sent` event names the item.
        SectionId::Evidence => match item.date {
            Some(sent) => hanging(
                vec![Span::raw("  [x] ")],
                &format!("{text} (sent {sent})"),
                width,
                theme.dim(),
            ),
            None => hanging(vec![Span::raw("  [ ] ")], &text, width, Style::new()),
        },
        SectionId::RightsInLaw => hanging(vec![Span::raw("  § ")], &text, width, Style::new()),
        _ if numbered => hanging(
            vec![Span::raw(format!("  {}. ", index + 1))],
            &text,
            width,
            Style::new(),
        ),
        _ => hanging(vec![Span::raw("  ")], &text, width, Style::new()),
    }
}

/// One deadline: date, weekday, its status or days left (marked when
/// passed or due soon, as the section words them), label and clauses;
/// undated ones say what they count from.
pub(super) fn deadline_lines(
    item: &Item,
    text: &str,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let lead = match item.date {
        Some(date) => {
            // "Thursday, 30 days ago, PASSED": the weekday is drawn short
            // beside the date.
            let (words, mark, tone) = match &item.standing {
                Some(st) => (st.words.as_str(), st.mark.map_or("", Mark::label), st.tone),
                None => (item.when.as_str(), "", Tone::Plain),
            };
            let style = match tone {
                Tone::Passed | Tone::NotRecorded => theme.error(),
                Tone::DueSoon => theme.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                Tone::Met => theme.fg(Color::Green),
                Tone::Plain => Style::new(),
            };
            let shown = if mark.is_empty() {
                format!("{words:<22}")
            } else {
                format!("{words:<13}{mark:<9}")
            };
            vec![
                Span::raw(format!("  {date} {}  ", &weekday_name(date)[..3])),
                Span::styled(neutralise(&shown).into_owned(), style),
            ]
        }
        None => vec![Span::raw(format!("  {:<16}{:<22}", "not dated yet", ""))],
    };
    lines.extend(hanging(lead, text, width, Style::new()));
    if item.date.is_none() {
        lines.extend(hanging(
            vec![Span::raw(" ".repeat(40))],
            &format!("counts from: {}", neutralise(&item.when)),
            width,
            theme.dim(),
        ));
    }
    lines
}

pub(super) fn render_outcome(
    app: &App<'_>,
    state: &OutcomeState,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let Some(policy) = app.claim.intake.policy() else {
        return;
    };
    match app.outcome() {
        Ok(outcome) => {
            let width = inner_width(area);
            let header = CaseHeader {
                reference: app.claim.reference.clone(),
                note: app.claim.note.clone(),
                ..CaseHeader::default()
            };
            let record = OutcomeRecord::from_outcome(&outcome);
            let sections = crate::report::sections(&HandOff {
                header: Some(&header),
                outcome: &record,
                claim: None,
                policy: Some(policy),
                as_of: None,
            });
            let mut lines = outcome_lines(&sections, &headline_notes(&record), theme, width);
            // What the agent typed for the case, last: the verdict and the
            // steps come first on a small screen.
            let typed = |wanted: SectionId| {
                sections.iter().find_map(|s| match s {
                    Section::Field { id, value, .. } if *id == wanted => Some(value.as_str()),
                    _ => None,
                })
            };
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled("For the case", bold())));
            for (label, id, key) in [
                ("  Order no.: ", SectionId::Reference, "o"),
                ("  Note: ", SectionId::Note, "n"),
            ] {
                let text = match typed(id) {
                    Some(text) => neutralise(text).into_owned(),
                    None => format!("none (press {key} to add)"),
                };
                lines.extend(hanging(
                    vec![Span::styled(label, bold())],
                    &text,
                    width,
                    Style::new(),
                ));
            }
            lines.push(letter::hint());
            frame.render_widget(scrolled(lines, "Outcome", state.scroll, area), area);
        }
        Err(e) => {
            let text = vec![
                Line::from(Span::styled(
                    "This claim cannot be decided yet:",
                    theme.error(),
                )),
                Line::from(e.to_string()),
                Line::from(""),
                Line::from("Press r to review the answers."),
            ];
            frame.render_widget(
                Paragraph::new(text).block(Block::default().borders(Borders::ALL)),
                area,
            );
        }
    }
}

pub(super) fn render_why(app: &App<'_>, state: &OutcomeState, frame: &mut Frame, area: Rect) {
    let Some(policy) = app.claim.intake.policy() else {
        return;
    };
    let Ok(outcome) = app.outcome() else {
        return;
    };
    let mut lines = Vec::new();
    for entry in &outcome.trace {
        let role = match entry.role {
            crate::rules::outcome::Role::Decided => "DECIDED",
            crate::rules::outcome::Role::Escalated => "ESCALATED",
            crate::rules::outcome::Role::Added => "added",
        };
        lines.extend(hanging(
            vec![Span::styled(format!("{role:<10}"), bold())],
            &format!("{}  [rule {}]", entry.label, entry.rule),
            inner_width(area),
            bold(),
        ));
        let width = inner_width(area);
        for reason in &entry.because {
            lines.extend(hanging(
                vec![Span::raw("    because ")],
                &reason.to_string(),
                width,
                Style::new(),
            ));
        }
        for clause in entry.clauses {
            if let Some(c) = policy.clause(clause) {
                lines.extend(hanging(
                    vec![Span::styled(format!("    {:<14}", c.id), bold())],
                    &format!("“{}”", neutralise(&c.text)),
                    width,
                    Style::new(),
                ));
            }
        }
        lines.push(Line::from(""));
    }
    lines.extend(why_statutory_lines(app, &outcome, inner_width(area)));
    frame.render_widget(
        scrolled(
            lines,
            &format!("Why: {}", outcome.verdict.words()),
            state.scroll,
            area,
        ),
        area,
    );
}

/// The why view's statutory part: each note with its articles, the act
/// and article quoted as the source.
pub(super) fn why_statutory_lines(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    width: usize,
) -> Vec<Line<'static>> {
    let notes: Vec<_> = outcome
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Statutory)
        .collect();
    if notes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} (beside the verdict, which they do not change)",
            crate::report::RIGHTS_IN_LAW
        ),
        bold(),
    ))];
    let jurisdictions = &app.claim.intake.policies.jurisdictions;
    for note in notes {
        lines.extend(hanging(
            vec![Span::styled("STATUTORY ", bold())],
            &neutralise(&note.text),
            width,
            Style::new(),
        ));
        for id in note.clauses {
            if let Some((_, article)) = jurisdictions.article(id) {
                lines.extend(hanging(
                    vec![Span::styled(format!("    {:<14}", article.id), bold())],
                    &format!(
                        "{}: “{}”",
                        neutralise(&article.source),
                        neutralise(&article.short)
                    ),
                    width,
                    Style::new(),
                ));
            }
        }
        lines.push(Line::from(""));
    }
    lines
}
