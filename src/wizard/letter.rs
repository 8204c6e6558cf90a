//! The letter menu (`l` on a saved outcome and on the case screen): the
//! customer's letter (`shared/customer-letter.md`) in a language, saved
//! to a file, e-mailed, or copied. A small overlay: its state, its keys
//! and its drawing. Nothing here touches a disk or a network: a choice
//! becomes an [`Effect::Letter`] the session carries out (and records on
//! the case's timeline as `letter_sent`), and the session closes the menu
//! once it is done, or leaves it up with the reason in the status line.

use super::effect::Effect;
use super::input::TextInput;
use super::keys::{Action, Context, Edit};
use super::view::Theme;
use crate::letter::Lang;
use crate::letter::deliver::file_name;
use crate::letter::form::Form;
use crate::text::shown;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// The longest file name taken (a path of a few folders).
const PATH_CHARS: usize = 1024;

/// The menu as the session opened it for one saved case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterMenu {
    pub case_id: String,
    /// The language chosen (at first the customer's country's).
    pub lang: Lang,
    /// The customer's country's language (English when none is known).
    pub default_lang: Lang,
    /// The customer's country (ISO code), when the case has one.
    pub country: Option<String>,
    /// Where the e-mail goes, or why it cannot be sent (in words).
    pub email: Result<String, String>,
    /// The data folder's `letters/`; `None`: no data folder (a file
    /// name is then typed whole).
    pub letters_dir: Option<PathBuf>,
    /// The file name being typed, once a form to save is chosen.
    pub file: Option<FileField>,
}

/// The file a letter is saved to, as proposed and as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileField {
    pub form: Form,
    pub input: TextInput,
    /// What was proposed: kept as it is, a taken name becomes the next
    /// free one (`-2`); typed by the agent, a taken name is refused.
    pub proposed: String,
}

/// What the session is asked to do with the letter of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterJob {
    pub case_id: String,
    pub lang: Lang,
    pub to: LetterTo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterTo {
    /// A new file (never replacing one); `next_free`: the proposed name,
    /// so a taken one becomes the next free one.
    File {
        form: Form,
        path: PathBuf,
        next_free: bool,
    },
    /// An e-mail to the case's customer through `smtp_url`.
    Email,
    /// The text letter to the terminal's clipboard (OSC 52).
    Clipboard,
}

impl LetterMenu {
    pub fn new(
        case_id: String,
        default_lang: Lang,
        email: Result<String, String>,
        letters_dir: Option<PathBuf>,
    ) -> LetterMenu {
        LetterMenu {
            case_id,
            lang: default_lang,
            default_lang,
            country: None,
            email,
            letters_dir,
            file: None,
        }
    }

    /// The key map in force: the menu, or the file name being typed.
    pub fn context(&self) -> Context {
        if self.file.is_some() {
            Context::LetterFile
        } else {
            Context::Letter
        }
    }

    /// The file a form of the letter is proposed to go to.
    fn proposed(&self, form: Form) -> String {
        let name = file_name(&self.case_id, self.lang, form);
        match &self.letters_dir {
            Some(dir) => dir.join(name).display().to_string(),
            None => name,
        }
    }

    fn job(&self, to: LetterTo) -> Effect {
        Effect::Letter(LetterJob {
            case_id: self.case_id.clone(),
            lang: self.lang,
            to,
        })
    }

    /// A key in the menu; `None` when it closes the menu. A job asked
    /// for leaves the menu up until the session has done it.
    pub fn update(
        mut self,
        action: Action,
        effects: &mut Vec<Effect>,
        status: &mut Option<String>,
    ) -> Option<LetterMenu> {
        if let Some(mut file) = self.file.take() {
            match action {
                Action::Back => return Some(self),
                Action::Next => {
                    let typed = file.input.value().trim().to_owned();
                    if typed.is_empty() {
                        *status = Some("Type the file to save the letter to".to_owned());
                    } else {
                        effects.push(self.job(LetterTo::File {
                            form: file.form,
                            next_free: typed == file.proposed,
                            path: PathBuf::from(typed),
                        }));
                    }
                }
                Action::Type(c) => {
                    file.input.insert(c);
                }
                Action::Erase => {
                    file.input.erase();
                }
                Action::Edit(edit) => {
                    file.input.edit(edit);
                }
                _ => {}
            }
            self.file = Some(file);
            return Some(self);
        }
        let all = Lang::ALL;
        let at = all.iter().position(|l| *l == self.lang).unwrap_or(0);
        match action {
            Action::Back => return None,
            Action::Pick(n) => {
                if let Some(lang) = all.get(n) {
                    self.lang = *lang;
                }
            }
            Action::Edit(Edit::Left) => self.lang = all[(at + all.len() - 1) % all.len()],
            Action::Edit(Edit::Right) => self.lang = all[(at + 1) % all.len()],
            Action::SaveLetter(form) => {
                let proposed = self.proposed(form);
                self.file = Some(FileField {
                    form,
                    input: TextInput::new(&proposed, PATH_CHARS),
                    proposed,
                });
            }
            Action::SendLetter => match &self.email {
                Ok(_) => effects.push(self.job(LetterTo::Email)),
                Err(why) => *status = Some(format!("Cannot send the letter: {why}")),
            },
            Action::Copy => effects.push(self.job(LetterTo::Clipboard)),
            _ => {}
        }
        Some(self)
    }
}

/// The line that closes "For the case" on the outcome and the case
/// screen: the key, said where the footer has no room for it.
pub fn hint() -> Line<'static> {
    Line::from(vec![
        Span::styled("  Letter: ", bold()),
        Span::raw("press l for the customer's letter (file, e-mail, copy)"),
    ])
}

/// The seven languages by number, the one chosen standing out.
fn languages(chosen: Lang, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw("         ")];
    for (i, lang) in Lang::ALL.iter().enumerate() {
        let label = format!("{} {}", i + 1, lang.code());
        spans.push(Span::raw(" "));
        spans.push(if *lang == chosen {
            Span::styled(label, bold().add_modifier(Modifier::REVERSED))
        } else {
            Span::styled(label, theme.dim())
        });
        spans.push(Span::raw(" "));
    }
    spans
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The menu over the screen, centred, 76 columns wide at most.
pub fn render(menu: &LetterMenu, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = 76.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Language  "),
            Span::styled(
                format!("{} ({})", menu.lang.name(), menu.lang.code()),
                bold(),
            ),
            Span::styled(
                match (&menu.country, menu.lang == menu.default_lang) {
                    (Some(c), true) => format!("  the customer's country's ({})", shown(c, 8)),
                    (Some(c), false) => format!(
                        "  (the customer's country's, {}: {})",
                        shown(c, 8),
                        menu.default_lang.code()
                    ),
                    (None, _) => "  (no customer country on the case)".to_owned(),
                },
                theme.dim(),
            ),
        ]),
        Line::from(languages(menu.lang, theme)),
        Line::from(""),
    ];
    match &menu.file {
        None => {
            for (key, form) in [
                ("t", Form::Text),
                ("r", Form::Receipt),
                ("h", Form::Html),
                ("e", Form::Eml),
            ] {
                lines.push(Line::from(format!("{key}  save as {}", form.words())));
            }
            match &menu.email {
                Ok(to) => lines.push(Line::from(format!(
                    "s  send by e-mail to {}",
                    shown(to, inner.saturating_sub(23))
                ))),
                Err(why) => {
                    // The reason whole: on a line of its own when long.
                    let one = format!("s  send by e-mail: unavailable, {why}");
                    if one.width() <= inner {
                        lines.push(Line::from(Span::styled(one, theme.dim())));
                    } else {
                        lines.push(Line::from(Span::styled(
                            "s  send by e-mail: unavailable,",
                            theme.dim(),
                        )));
                        lines.push(Line::from(Span::styled(
                            shown(&format!("   {why}"), inner),
                            theme.dim(),
                        )));
                    }
                }
            }
            lines.push(Line::from("c  copy the text letter to the clipboard"));
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                shown(
                    &match &menu.letters_dir {
                        Some(dir) => format!("Files go in {}", dir.display()),
                        None => "No data folder: type where each file goes".to_owned(),
                    },
                    inner,
                ),
                theme.dim(),
            )));
            lines.push(Line::from(Span::styled(
                "Each letter made is recorded on the case's timeline. Esc closes.",
                theme.dim(),
            )));
        }
        Some(file) => {
            lines.push(Line::from(format!(
                "Save the {} letter as {} to:",
                menu.lang.name(),
                file.form.words()
            )));
            let mut field = vec![Span::raw("› ")];
            field.extend(file.input.spans(bold(), inner.saturating_sub(2), |t| {
                crate::text::neutralise(t).into_owned()
            }));
            lines.push(Line::from(field));
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Enter saves · Esc back · a file already there is never replaced",
                theme.dim(),
            )));
            lines.push(Line::from(Span::styled(
                "(a name without a folder goes with the other letters)",
                theme.dim(),
            )));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(
            " The customer's letter · {} ",
            shown(&menu.case_id, 30)
        ))),
        rect,
    );
}
