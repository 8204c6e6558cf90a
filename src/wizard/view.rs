//! Drawing the wizard: a pure function of the state. Nothing here decides
//! anything; the outcome comes from the rule core through the intake.

use super::app::{App, CaseStatus, Overlay, Screen, TextField};
use super::keys::{footer, help};
use crate::intake::{Field, Kind};
use crate::rules::claim::DateFact;
use crate::rules::dates::weekday_name;
use crate::rules::outcome::{DeadlineStatus, NoteKind, Outcome, Verdict};
use crate::rules::{DecideError, Policy, Preview};
use crate::text::neutralise;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Colours, or none at all when `NO_COLOR` is set. Meaning never rests on
/// colour alone: every coloured thing also says what it is in words.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    fn verdict(self, v: Verdict) -> Style {
        let color = match v {
            Verdict::Eligible => Color::Green,
            Verdict::NotEligible => Color::Red,
            Verdict::Review => Color::Yellow,
            Verdict::FollowUp => Color::Cyan,
        };
        self.fg(color)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn render(app: &App<'_>, frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header);
    match app.screen {
        Screen::Resume => render_resume(app, frame, body, theme),
        Screen::Reference => render_reference(app, frame, body, theme),
        Screen::Repeat => render_repeat(app, frame, body, theme),
        Screen::History => render_history(app, frame, body, theme),
        Screen::Case => render_case(app, frame, body),
        Screen::Question => render_question(app, frame, body, theme),
        Screen::Outcome => render_outcome(app, frame, body, theme),
        Screen::Why => render_why(app, frame, body),
        Screen::Review => render_review(app, frame, body, theme),
    }
    render_footer(app, frame, footer, theme);
    match app.overlay {
        Some(Overlay::Help) => render_help(app, frame, area),
        Some(Overlay::ConfirmQuit) => render_confirm(
            frame,
            area,
            "Quit? This claim is not finished. Its answers are kept as a draft, offered when claimdesk starts again.",
            theme,
        ),
        Some(Overlay::Edit(field)) => render_editor(app, field, frame, area, theme),
        Some(Overlay::ConfirmNew) => render_confirm(
            frame,
            area,
            "Start a new claim? The answers so far will be cleared.",
            theme,
        ),
        Some(Overlay::ConfirmDiscard) => {
            let what = app
                .offers
                .get(app.cursor)
                .map_or(String::new(), |o| format!(" ({})", o.what));
            render_confirm(
                frame,
                area,
                &format!("Delete this unfinished claim{what}? Its answers cannot be got back."),
                theme,
            );
        }
        None => {}
    }
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(Span::styled("Please enlarge the window", bold())),
        Line::from(format!(
            "claimdesk needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this one is {}x{}.",
            area.width, area.height
        )),
        Line::from("Nothing is lost; keys are ignored until the window is larger."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_header(app: &App<'_>, frame: &mut Frame, area: Rect) {
    let claim = app.intake.claim_date();
    let screen = match app.screen {
        Screen::Resume => "unfinished intakes",
        Screen::Reference | Screen::Question => "new claim",
        Screen::Repeat => "repeat claim",
        Screen::Outcome => "outcome",
        Screen::Why => "why",
        Screen::Review => "review answers",
        Screen::History => "saved cases",
        Screen::Case => "saved case",
    };
    let title = match (&app.case, app.screen) {
        (_, Screen::Case) => match &app.viewed {
            Some(case) => format!("{screen} {}", truncate(&case.id, 20)),
            None => screen.to_owned(),
        },
        (_, Screen::Question | Screen::Repeat) if !app.reference.is_empty() => {
            format!("{screen} · order {}", truncate(&app.reference, 20))
        }
        (_, Screen::Question | Screen::Reference | Screen::Repeat | Screen::Resume)
        | (_, Screen::History)
        | (CaseStatus::None, _) => screen.to_owned(),
        (CaseStatus::Saved(id), _) => format!("{screen} · case {}", truncate(id, 20)),
        (CaseStatus::NotSaved(_), _) => format!("{screen} · not saved"),
    };
    let right = format!("claim date {} {claim} ", &weekday_name(claim)[..3]);
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(area);
    let mut left = vec![
        Span::styled(" claimdesk", bold()),
        Span::raw(format!(" · {title}")),
    ];
    if let Some(note) = replaced_note(app) {
        left.push(Span::styled(note, bold()));
    }
    if app.waiting > 0 {
        // The shared log is out of reach: saves wait in the outbox.
        left.push(Span::styled(
            format!(" · {} waiting to be sent", app.waiting),
            bold(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(left)), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}

/// " · millso policy from millso.toml": built-in vendors a policy file
/// replaces, always in view (the stderr note is hidden by the full screen).
fn replaced_note(app: &App<'_>) -> Option<String> {
    let replaced = &app.intake.policies.replaced;
    if replaced.is_empty() {
        return None;
    }
    let named: Vec<String> = replaced
        .iter()
        .map(|r| {
            let file = std::path::Path::new(&r.origin)
                .file_name()
                .map_or(r.origin.clone(), |f| f.to_string_lossy().into_owned());
            format!("{} policy from {}", r.vendor, truncate(&file, 24))
        })
        .collect();
    Some(format!(" · {}", named.join(", ")))
}

fn render_footer(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    if let Some(status) = &app.status {
        // Status lines can carry text from files (a draft's time, a case
        // id): shown neutralised like anything typed.
        let line = Line::from(vec![
            Span::raw(" "),
            Span::styled(neutralise(status).into_owned(), bold()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    // As many commands as fit, in the order given (most used first); the
    // help page (?) lists them all.
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let width = usize::from(area.width);
    for (i, (keys, what)) in footer(app.context()).into_iter().enumerate() {
        let sep = if i > 0 { 3 } else { 0 };
        let len = sep + keys.chars().count() + 1 + what.chars().count();
        if used + len > width {
            break;
        }
        used += len;
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(keys, bold()));
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The verdict so far, for the side strip and the review page: shown only
/// when no answer still to come can change it (the core decides that);
/// otherwise what it depends on.
fn preview_lines(app: &App<'_>, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from("Verdict so far:")];
    match app.preview() {
        Preview::Settled(verdict) => lines.push(Line::from(Span::styled(
            format!(" {} ", verdict.words()),
            theme.verdict(verdict),
        ))),
        Preview::DependsOn(facts) => {
            // Packed fact by fact, so no name is split across lines.
            let mut rows = vec![String::from("— depends on:")];
            let count = facts.len();
            for (i, fact) in facts.into_iter().enumerate() {
                let comma = if i + 1 < count { "," } else { "" };
                let word = format!("{}{comma}", crate::intake::fact_words(fact));
                let last = rows.last_mut().map_or(0, |r| r.chars().count());
                if last + 1 + word.chars().count() > width.max(16) {
                    rows.push(format!("  {word}"));
                } else if let Some(row) = rows.last_mut() {
                    row.push(' ');
                    row.push_str(&word);
                }
            }
            lines.extend(
                rows.into_iter()
                    .map(|r| Line::from(Span::styled(r, theme.dim()))),
            );
        }
        Preview::Undecided(DecideError::Claim(e)) => lines.push(Line::from(Span::styled(
            format!(
                "— needs {}",
                crate::intake::field_of(&e).map_or("more", |f| f.title())
            ),
            theme.dim(),
        ))),
        Preview::Undecided(DecideError::Policy(e)) => {
            lines = vec![Line::from(Span::styled(e.to_string(), theme.error()))];
        }
    }
    lines
}

/// The side strip of a new claim: each answer so far, then the verdict as
/// far as it can be decided.
fn render_strip(app: &App<'_>, frame: &mut Frame, strip: Rect, theme: Theme) {
    let questions = app.intake.questions();
    let current = app.question().map(|q| q.field);
    let on_reference = app.screen == Screen::Reference;
    let mut lines = Vec::new();
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                "{} {:<14}",
                // Asked first, so answered (perhaps blank) once past it.
                if on_reference { "▶" } else { "✔" },
                "Order no."
            ),
            if on_reference { bold() } else { Style::new() },
        ),
        Span::raw(if app.reference.is_empty() && !on_reference {
            "none".to_owned()
        } else {
            truncate(&app.reference, 12)
        }),
    ]));
    let current = if on_reference { None } else { current };
    for (i, q) in questions.iter().enumerate() {
        let passed = i < app.step && !app.intake.is_open(q);
        let marker = if Some(q.field) == current {
            "▶"
        } else if app.intake.is_answered(q.field) || passed {
            "✔"
        } else {
            "·"
        };
        let reached = passed || Some(q.field) == current;
        let answer = match app.intake.answer_text(q.field) {
            Some(_) if q.field == Field::Details && !reached => String::new(),
            Some(text) => text,
            None if passed => "not given".into(),
            // Taken from its default without a question: r changes it.
            None if app.intake.walks_past(q) => "not known".into(),
            None => String::new(),
        };
        let style = if Some(q.field) == current {
            bold()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker} {:<14}", q.field.title()), style),
            Span::raw(truncate(&answer, 12)),
        ]));
    }
    if app.intake.input.issue.is_none() {
        lines.push(Line::from(Span::styled(
            "  (more after the issue)",
            theme.dim(),
        )));
    }
    lines.push(Line::from(""));
    lines.extend(preview_lines(app, theme, inner_width(strip)));
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Claim ")),
        strip,
    );
}

fn render_question(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    let [strip, main] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(40)]).areas(area);
    render_strip(app, frame, strip, theme);
    let questions = app.intake.questions();
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
            if !app.filter.is_empty() {
                body.push(Line::from(format!("filter: {}", neutralise(&app.filter))));
            }
            // A long list (the countries) scrolls so the cursor stays in
            // view; rows keep their numbers.
            let room = usize::from(main.height.saturating_sub(4)).saturating_sub(body.len() + 2);
            let first = app.cursor.saturating_sub(room.saturating_sub(1));
            for (shown, (_, choice)) in app
                .visible_choices()
                .iter()
                .enumerate()
                .skip(first)
                .take(room.max(1))
            {
                let mut row =
                    numbered_row(shown, shown == app.cursor, format!("{:<20}", choice.label));
                row.spans
                    .push(Span::styled(format!("  {}", choice.help), theme.dim()));
                body.push(row);
            }
            if !question.help.is_empty() {
                body.push(Line::from(""));
                body.push(Line::from(Span::styled(question.help.clone(), theme.dim())));
            }
        }
        Kind::Date { .. } => {
            body.push(Line::from(vec![
                Span::raw("› "),
                Span::styled(format!("{}_", app.date_text()), bold()),
            ]));
            match app.date_echo() {
                Some(Ok(date)) => {
                    body.push(Line::from(format!("  = {} {date}", weekday_name(date))));
                    if let Some(words) = app.date_decisive() {
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
                let on = app.intake.toggle(*t);
                let style = if i == app.cursor {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                let lead = vec![
                    Span::raw(if i == app.cursor { "› " } else { "  " }),
                    Span::styled(
                        format!("{} [{}] ", i + 1, if on { "x" } else { " " }),
                        style,
                    ),
                ];
                body.extend(hanging(
                    lead,
                    &app.intake.toggle_label(*t),
                    inner_width(main),
                    style,
                ));
            }
        }
    }
    if let Some(error) = &app.error
        && !matches!(question.kind, Kind::Date { .. } if app.date_echo().is_some_and(|e| e.is_err()))
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

fn truncate(text: &str, width: usize) -> String {
    crate::text::shown(text, width)
}

fn cite(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("  ({})", clauses.join(", "))
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces
/// where possible.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() { 0 } else { 1 } + word.chars().count();
        if !line.is_empty() && line.chars().count() + needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        // A word longer than the line is cut.
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `lead` then `text` wrapped to `width`, continuation lines indented
/// under the text: numbered steps and deadline rows stay readable.
fn hanging(lead: Vec<Span<'static>>, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent: usize = lead.iter().map(|s| s.content.chars().count()).sum();
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

/// The outcome as lines `width` wide.
pub fn outcome_lines(
    outcome: &Outcome<'_>,
    policy: &Policy,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(" {} ", outcome.verdict.words().to_uppercase()),
            theme.verdict(outcome.verdict),
        ),
        Span::raw(format!(
            "  {} · {}",
            policy.name,
            outcome_issue_label(outcome, policy)
        )),
    ])];
    lines.extend(hanging(
        vec![],
        &neutralise(&outcome.summary),
        width,
        Style::new(),
    ));
    lines.push(Line::from(""));
    let remedies: Vec<&str> = outcome.remedies.iter().map(|r| r.words()).collect();
    let remedies = if remedies.is_empty() {
        "none".to_owned()
    } else {
        remedies.join(", ")
    };
    lines.extend(hanging(
        vec![Span::styled("Remedies: ", bold())],
        &remedies,
        width,
        Style::new(),
    ));
    lines.extend(hanging(
        vec![Span::styled("Return shipping: ", bold())],
        outcome.return_shipping.words(),
        width,
        Style::new(),
    ));
    if !outcome.deadlines.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Deadlines", bold())));
        for d in &outcome.deadlines {
            lines.extend(deadline_lines(d, theme, width));
        }
    }
    if !outcome.evidence.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Evidence to collect", bold())));
        for e in &outcome.evidence {
            let text = format!("{}{}", neutralise(&e.text), cite(e.clauses));
            lines.extend(hanging(
                vec![Span::raw("  [ ] ")],
                &text,
                width,
                Style::new(),
            ));
        }
    }
    if !outcome.next_steps.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Next steps", bold())));
        for (i, s) in outcome.next_steps.iter().enumerate() {
            let text = format!("{}{}", neutralise(&s.text), cite(s.clauses));
            lines.extend(hanging(
                vec![Span::raw(format!("  {}. ", i + 1))],
                &text,
                width,
                Style::new(),
            ));
        }
    }
    let vendor_notes = || {
        outcome
            .notes
            .iter()
            .filter(|n| n.kind != NoteKind::Statutory)
    };
    if vendor_notes().next().is_some() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Notes", bold())));
        for n in vendor_notes() {
            let (word, style) = match n.kind {
                NoteKind::Conflict => (
                    "CONFLICT",
                    theme.fg(Color::Magenta).add_modifier(Modifier::BOLD),
                ),
                NoteKind::Interpretation => ("INTERPRETATION", bold()),
                NoteKind::Warning => ("WARNING", theme.error()),
                NoteKind::Statutory => ("STATUTORY", bold()),
            };
            lines.push(Line::from(Span::styled(format!("  {word}"), style)));
            let text = format!("{}{}", neutralise(&n.text), cite(n.clauses));
            lines.extend(hanging(vec![Span::raw("    ")], &text, width, Style::new()));
        }
    }
    // After the steps and notes: what to ask when the customer is unsure
    // of a date.
    let decisive = outcome.decisive_dates.as_deref().unwrap_or_default();
    if !decisive.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Dates that decide", bold())));
        for d in decisive {
            let words = crate::report::decisive_words(d, outcome.verdict, outcome.claim_date);
            lines.extend(hanging(vec![Span::raw("  ")], &words, width, Style::new()));
        }
    }
    lines.extend(rights_in_law_lines(outcome, theme, width));
    lines
}

/// "Customer's rights in law": the statutory notes and their dates, apart
/// from the vendor's. Nothing when no customer country was given (the
/// hand-off says so in words).
fn rights_in_law_lines(outcome: &Outcome<'_>, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let Some(country) = outcome.customer_country else {
        return Vec::new();
    };
    let mut lines = vec![
        Line::from(""),
        Line::from(vec![
            Span::styled(crate::report::RIGHTS_IN_LAW, bold()),
            Span::styled(
                format!(" · customer in {} ({country})", country.name()),
                theme.dim(),
            ),
        ]),
    ];
    let notes: Vec<_> = outcome
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Statutory)
        .collect();
    if notes.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no statutory note applies",
            theme.dim(),
        )));
        return lines;
    }
    lines.extend(hanging(
        vec![Span::raw("  ")],
        "Beside the verdict, which they do not change; not legal advice.",
        width,
        theme.dim(),
    ));
    for n in notes {
        let text = format!("{}{}", neutralise(&n.text), cite(n.clauses));
        lines.extend(hanging(vec![Span::raw("  § ")], &text, width, Style::new()));
    }
    for d in &outcome.statutory_deadlines {
        lines.extend(deadline_lines(d, theme, width));
    }
    lines
}

/// One deadline: date, weekday, days left (marked when passed or due
/// soon), label and clauses; undated ones say what they count from.
fn deadline_lines(
    d: &crate::rules::outcome::Deadline<'_>,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let text = format!("{}{}", d.label, cite(d.clauses));
    let lead = match (d.date, d.days_left) {
        // Met in time: never shown as passed, whatever the days left.
        (Some(date), Some(_)) if d.status == DeadlineStatus::Met => vec![
            Span::raw(format!("  {date} {}  ", &weekday_name(date)[..3])),
            Span::styled(
                format!(
                    "{:<22}",
                    d.met_on
                        .map_or("met".to_owned(), |on| format!("met on {on}"))
                ),
                theme.fg(Color::Green),
            ),
        ],
        (Some(date), Some(days)) => {
            let (words, mark) = crate::report::days_left(days);
            let style = match mark {
                Some("PASSED") => theme.error(),
                Some(_) => theme.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                _ => Style::new(),
            };
            vec![
                Span::raw(format!("  {date} {}  ", &weekday_name(date)[..3])),
                Span::styled(format!("{words:<13}{:<9}", mark.unwrap_or("")), style),
            ]
        }
        _ => vec![Span::raw(format!("  {:<16}{:<22}", "not dated yet", ""))],
    };
    lines.extend(hanging(lead, &text, width, Style::new()));
    if d.date.is_none() {
        lines.extend(hanging(
            vec![Span::raw(" ".repeat(40))],
            &format!("counts from: {}", d.relative),
            width,
            theme.dim(),
        ));
    }
    lines
}

fn outcome_issue_label(outcome: &Outcome<'_>, policy: &Policy) -> String {
    policy
        .issue_index(outcome.issue)
        .map_or(outcome.issue.to_owned(), |i| policy.issues[i].label.clone())
}

/// A bordered, scrolled page; the title says when more lies below, so an
/// agent knows to scroll.
fn scrolled(lines: Vec<Line<'static>>, title: &str, scroll: u16, area: Rect) -> Paragraph<'static> {
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
fn inner_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2))
}

fn render_outcome(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(policy) = app.intake.policy() else {
        return;
    };
    match app.outcome() {
        Ok(outcome) => {
            let width = inner_width(area);
            let mut lines = outcome_lines(&outcome, policy, theme, width);
            // What the agent typed for the case, last: the verdict and the
            // steps come first on a small screen.
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled("For the case", bold())));
            for (label, text, key) in [
                ("  Order no.: ", &app.reference, "o"),
                ("  Note: ", &app.note, "n"),
            ] {
                let text = if text.is_empty() {
                    format!("none (press {key} to add)")
                } else {
                    neutralise(text).into_owned()
                };
                lines.extend(hanging(
                    vec![Span::styled(label, bold())],
                    &text,
                    width,
                    Style::new(),
                ));
            }
            frame.render_widget(scrolled(lines, "Outcome", app.scroll, area), area);
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

fn render_why(app: &App<'_>, frame: &mut Frame, area: Rect) {
    let Some(policy) = app.intake.policy() else {
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
            app.scroll,
            area,
        ),
        area,
    );
}

/// The why view's statutory part: each note with its articles, the act
/// and article quoted as the source.
fn why_statutory_lines(app: &App<'_>, outcome: &Outcome<'_>, width: usize) -> Vec<Line<'static>> {
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
    let jurisdictions = &app.intake.policies.jurisdictions;
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

fn render_review(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = vec![];
    lines.extend(preview_lines(app, theme, inner_width(area)));
    if let Some((_, problem)) = app.intake.first_problem() {
        lines.push(Line::from(Span::styled(
            format!("✖ {problem}"),
            theme.error(),
        )));
    }
    lines.push(Line::from(""));
    for (i, field) in app.review_rows().into_iter().enumerate() {
        let answer = match field {
            Field::Date(DateFact::Claim) => app.intake.claim_date().to_string(),
            _ => app
                .intake
                .answer_text(field)
                .unwrap_or_else(|| "(not given)".into()),
        };
        lines.push(numbered_row(
            i,
            i == app.review_cursor,
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

/// One row of a pick list: the cursor mark, the digit that picks it (the
/// first nine), and `text`, reversed when selected.
fn numbered_row(index: usize, selected: bool, text: String) -> Line<'static> {
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

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn render_help(app: &App<'_>, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled("Keys on this screen", bold()))];
    for (keys, what) in help(app.screen_context()) {
        lines.push(Line::from(format!("  {keys:<20} {what}")));
    }
    lines.extend([
        Line::from(""),
        Line::from(Span::styled("Everywhere", bold())),
        Line::from("  Enter/Tab            next        Esc/Shift-Tab  back"),
        Line::from("  Ctrl-N               new claim   q/Ctrl-C       quit"),
        Line::from("  Ctrl-R               saved cases (history; Enter opens one)"),
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

fn render_confirm(frame: &mut Frame, area: Rect, question: &str, theme: Theme) {
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

fn render_reference(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
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
        Line::from(vec![
            Span::raw("› "),
            Span::styled(format!("{}_", neutralise(&app.reference)), bold()),
        ]),
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

/// Lines this wide have room for the claim date column too.
const WIDE: usize = 100;

/// One saved case on one line: id, vendor · issue, verdict, reference and
/// (when wide enough) the claim date, cut to fit.
fn case_row_line(row: &super::app::CaseRow, width: usize) -> String {
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

fn case_row_heading(width: usize) -> String {
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

fn render_repeat(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = inner_width(area);
    let count = app.earlier.len();
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Order {} already has {count} case{} in the log. Is this the same claim again?",
                truncate(&app.reference, 30),
                if count == 1 { "" } else { "s" }
            ),
            theme.error(),
        )),
        Line::from(""),
    ];
    for row in &app.earlier {
        lines.push(Line::from(format!("  {}", case_row_line(row, width - 2))));
    }
    lines.push(Line::from(""));
    lines.extend(hanging(
        vec![Span::styled("Repeat claims: ", bold())],
        &neutralise(&app.repeat_advice),
        width,
        Style::new(),
    ));
    lines.push(Line::from(""));
    if let Some(newest) = app.earlier.first() {
        lines.push(Line::from(Span::styled(
            format!("The newest, {}, as saved:", newest.id),
            bold(),
        )));
        for line in app.earlier_text.lines() {
            lines.extend(hanging(
                vec![Span::raw("  ")],
                &neutralise(line),
                width,
                Style::new(),
            ));
        }
    }
    frame.render_widget(scrolled(lines, "Repeat claim", app.scroll, area), area);
}

fn render_history(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = inner_width(area);
    let visible = app.visible_history();
    let (matched, total) = app.history_counts();
    let mut lines = vec![Line::from(vec![
        Span::raw("filter: "),
        Span::styled(format!("{}_", neutralise(&app.history_filter)), bold()),
        Span::styled(
            format!("   {matched} of {total} cases · each word typed must match"),
            theme.dim(),
        ),
    ])];
    if let Some(error) = &app.history_error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("The case log cannot be read: {error}"),
            theme.error(),
        )));
    } else if app.history.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from("No cases saved yet."));
    } else {
        lines.push(Line::from(Span::styled(case_row_heading(width), bold())));
        // Keep the cursor in view: the rows scroll under the two header lines.
        let rows = usize::from(area.height.saturating_sub(4)).max(1);
        let first = app.history_cursor.saturating_sub(rows - 1);
        for (i, row) in visible.iter().enumerate().skip(first).take(rows) {
            let selected = i == app.history_cursor;
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

fn render_case(app: &App<'_>, frame: &mut Frame, area: Rect) {
    let width = inner_width(area);
    let mut lines = Vec::new();
    let title = match &app.viewed {
        Some(case) => {
            for line in case.text.lines() {
                lines.extend(hanging(vec![], &neutralise(line), width, Style::new()));
            }
            format!("Case {} · as `claimdesk cases show` prints it", case.id)
        }
        None => "Case".to_owned(),
    };
    frame.render_widget(scrolled(lines, &title, app.scroll, area), area);
}

fn render_resume(app: &App<'_>, frame: &mut Frame, area: Rect, theme: Theme) {
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
    let first = app.cursor.saturating_sub(room - 1);
    for (i, offer) in app.offers.iter().enumerate().skip(first).take(room) {
        lines.push(numbered_row(
            i,
            i == app.cursor,
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

fn render_editor(app: &App<'_>, field: TextField, frame: &mut Frame, area: Rect, theme: Theme) {
    let rect = centered(area, 70, 6);
    // Inside the borders: "› ", the text, and the "_" cursor.
    let width = usize::from(rect.width.saturating_sub(5));
    // The end of a long text stays in view as it is typed.
    let text = neutralise(&app.editor);
    let count = text.chars().count();
    let shown: String = text.chars().skip(count.saturating_sub(width)).collect();
    let lines = vec![
        Line::from(vec![
            Span::raw("› "),
            Span::styled(format!("{shown}_"), bold()),
        ]),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "{} of {} characters · Enter saves · Esc cancels",
                app.editor.chars().count(),
                field.max_chars()
            ),
            theme.dim(),
        )),
        Line::from(Span::styled(
            match field {
                TextField::Reference => "Saved with the case; other cases for it are looked up.",
                TextField::Note => "Saved with the case and shown in its hand-off.",
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
