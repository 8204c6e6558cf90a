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

mod case;
mod due;
mod history;
mod letter;
mod outcome;
mod overlays;
mod question;
mod resume;
mod review;
mod widgets;

use case::*;
use due::*;
use history::*;
use outcome::*;
pub use outcome::{headline_notes, outcome_lines, screen_order};
use overlays::*;
use question::*;
use resume::*;
use review::*;
pub use widgets::wrap_words;
use widgets::*;

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
        Some(Overlay::Letter(menu)) => letter::render(menu, frame, area, theme),
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
    if let Some(busy) = app.busy.first() {
        // Work out on the worker: the keys go on meanwhile.
        left.push(Span::raw(format!(" · {}", busy.words())));
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
