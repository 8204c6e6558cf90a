//! Drawing the wizard: a pure function of the state. Nothing here decides
//! anything; the outcome comes from the rule core through the intake.

use super::app::{App, CaseStatus, Editor, Overlay, Screen, ScreenKind, TextField};
use super::input::TextInput;
use super::keys::{footer, help};
use super::screens::case::{FORM_KINDS, detail_label, event_date};
use super::screens::{
    CaseView, DueState, EventForm, HistoryState, OutcomeState, QuestionState, ReferenceState,
    RepeatState, ResumeState, ReviewState,
};
use crate::case::OutcomeRecord;
use crate::intake::{Field, Kind};
use crate::report::{CaseHeader, HandOff, Item, Mark, Section, SectionId, Tone};
use crate::rules::claim::DateFact;
use crate::rules::dates::weekday_name;
use crate::rules::outcome::{NoteKind, Outcome, Verdict};
use crate::rules::{DecideError, Preview};
use crate::text::neutralise;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

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

    pub fn dim(self) -> Style {
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
    // A status line longer than the window gets a second line, so it is
    // never cut off mid-word ("…due 2026-12-12, o").
    let footer_rows = app.status.as_ref().map_or(1, |s| {
        status_lines(s, usize::from(area.width)).len().clamp(1, 2) as u16
    });
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    render_header(app, frame, header);
    match &app.screen {
        Screen::Resume(s) => render_resume(s, frame, body, theme),
        Screen::Reference(s) => render_reference(app, s, frame, body, theme),
        Screen::Repeat(s) => render_repeat(app, s, frame, body, theme),
        Screen::History(s) => render_history(s, frame, body, theme),
        Screen::Case(s) => render_case(app, s, frame, body, theme),
        Screen::Due(s) => render_due(s, app.claim.blank.today, frame, body, theme),
        Screen::Question(s) => render_question(app, s, frame, body, theme),
        Screen::Outcome(s) if s.why => render_why(app, s, frame, body),
        Screen::Outcome(s) => render_outcome(app, s, frame, body, theme),
        Screen::Review(s) => render_review(app, s, frame, body, theme),
    }
    render_footer(app, frame, footer, theme);
    match &app.overlay {
        Some(Overlay::Help) => render_help(app, frame, area),
        Some(Overlay::ConfirmQuit) => render_confirm(
            frame,
            area,
            "Quit? This claim is not finished. Its answers are kept as a draft, offered when claimdesk starts again.",
            theme,
        ),
        Some(Overlay::Edit(editor)) => render_editor(editor, frame, area, theme),
        Some(Overlay::Letter(menu)) => super::letter::render(menu, frame, area, theme),
        Some(Overlay::ConfirmNew) => render_confirm(
            frame,
            area,
            "Start a new claim? The answers so far will be cleared.",
            theme,
        ),
        Some(Overlay::ConfirmDiscard) => {
            let what = app
                .resume()
                .and_then(|r| r.offers.get(r.cursor))
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
    let claim = app.claim.intake.claim_date();
    let screen = match app.kind() {
        ScreenKind::Resume => "unfinished intakes",
        ScreenKind::Reference | ScreenKind::Question => "new claim",
        ScreenKind::Repeat => "repeat claim",
        ScreenKind::Outcome => "outcome",
        ScreenKind::Why => "why",
        ScreenKind::Review => "review answers",
        ScreenKind::History => "saved cases",
        ScreenKind::Case => "saved case",
        ScreenKind::Due => "due queue",
    };
    let title = match (&app.claim.case, &app.screen) {
        (_, Screen::Case(view)) => format!("{screen} {}", truncate(&view.case.id, 20)),
        (_, Screen::Question(_) | Screen::Repeat(_)) if !app.claim.reference.is_empty() => {
            format!("{screen} · order {}", truncate(&app.claim.reference, 20))
        }
        (_, Screen::Question(_) | Screen::Reference(_) | Screen::Repeat(_) | Screen::Resume(_))
        | (_, Screen::History(_) | Screen::Due(_))
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
    let replaced = &app.claim.intake.policies.replaced;
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
        let lines: Vec<Line> = status_lines(status, usize::from(area.width))
            .into_iter()
            .map(|l| Line::from(vec![Span::raw(" "), Span::styled(l, bold())]))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
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

/// A status line wrapped to `width` less a space, at most two lines (the
/// second ends with "…" when even two do not hold it). Status lines can
/// carry text from files (a draft's time, a case id): neutralised like
/// anything typed.
fn status_lines(status: &str, width: usize) -> Vec<String> {
    let room = width.saturating_sub(1).max(10);
    let mut lines = wrap_words(&neutralise(status), room);
    if lines.len() > 2 {
        lines.truncate(2);
        let cut: String = lines[1].chars().take(room.saturating_sub(1)).collect();
        lines[1] = format!("{cut}…");
    }
    lines
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
    let questions = app.claim.intake.questions();
    let current = app.question().map(|q| q.field);
    let step = app.question_state().map_or(0, |q| q.step);
    let on_reference = app.kind() == ScreenKind::Reference;
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
        Span::raw(if app.claim.reference.is_empty() && !on_reference {
            "none".to_owned()
        } else {
            truncate(&app.claim.reference, 12)
        }),
    ]));
    let current = if on_reference { None } else { current };
    for (i, q) in questions.iter().enumerate() {
        let passed = i < step && !app.claim.intake.is_open(q);
        let marker = if Some(q.field) == current {
            "▶"
        } else if app.claim.intake.is_answered(q.field) || passed {
            "✔"
        } else {
            "·"
        };
        let reached = passed || Some(q.field) == current;
        let answer = match app.claim.intake.answer_text(q.field) {
            Some(_) if q.field == Field::Details && !reached => String::new(),
            Some(text) => text,
            None if passed => "not given".into(),
            // Taken from its default without a question: r changes it.
            None if app.claim.intake.walks_past(q) => "not known".into(),
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
    if app.claim.intake.input.issue.is_none() {
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

fn render_question(app: &App<'_>, q: &QuestionState, frame: &mut Frame, area: Rect, theme: Theme) {
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

/// A text field in bold, its cursor in place, neutralised like anything
/// typed; `width` columns at most.
fn text_field(input: &TextInput, width: usize) -> Vec<Span<'static>> {
    input.spans(bold(), width, |t| neutralise(t).into_owned())
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

/// Splits `text` into lines of at most `width` terminal columns (display
/// width: a CJK character or an emoji takes two), at spaces where
/// possible; a word longer than the line is cut. Hyphens do not break
/// (a date stays whole), and leading spaces are kept.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let options = textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// `lead` then `text` wrapped to `width`, continuation lines indented
/// under the text: numbered steps and deadline rows stay readable.
fn hanging(lead: Vec<Span<'static>>, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let indent: usize = lead.iter().map(|s| s.content.width()).sum();
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

fn screen_rank(section: &Section) -> u8 {
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
fn first_sentence(text: &str) -> &str {
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

/// The verdict's colour, by its words (the section says the verdict in
/// words; the colour only repeats it).
fn verdict_style(words: &str, theme: Theme) -> Style {
    let verdict = [
        Verdict::Eligible,
        Verdict::NotEligible,
        Verdict::Review,
        Verdict::FollowUp,
    ]
    .into_iter()
    .find(|v| v.words() == words);
    match verdict {
        Some(v) => theme.verdict(v),
        None => bold().add_modifier(Modifier::REVERSED),
    }
}

/// One item of a list section: a deadline row, a note with its kind, a
/// checkbox, a numbered step or a plain line.
fn item_lines(
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
fn deadline_lines(item: &Item, text: &str, theme: Theme, width: usize) -> Vec<Line<'static>> {
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

fn render_outcome(
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
            lines.push(super::letter::hint());
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

fn render_why(app: &App<'_>, state: &OutcomeState, frame: &mut Frame, area: Rect) {
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

fn render_review(app: &App<'_>, state: &ReviewState, frame: &mut Frame, area: Rect, theme: Theme) {
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

fn render_reference(
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

fn render_repeat(app: &App<'_>, state: &RepeatState, frame: &mut Frame, area: Rect, theme: Theme) {
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

fn render_history(history: &HistoryState, frame: &mut Frame, area: Rect, theme: Theme) {
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

fn render_case(app: &App<'_>, view: &CaseView, frame: &mut Frame, area: Rect, theme: Theme) {
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
        lines.push(super::letter::hint());
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
fn render_event_form(
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

/// The due queue: due date, days left as of today, status, the case and
/// the next action; the overdue first (the store's order).
fn render_due(due: &DueState, today: NaiveDate, frame: &mut Frame, area: Rect, theme: Theme) {
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

fn render_resume(state: &ResumeState, frame: &mut Frame, area: Rect, theme: Theme) {
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

fn render_editor(editor: &Editor, frame: &mut Frame, area: Rect, theme: Theme) {
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
