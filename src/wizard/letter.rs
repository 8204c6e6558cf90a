//! The letter menu (`l` on a saved outcome and on the case screen): the
//! customer's letter (`shared/customer-letter.md`) in a language, saved
//! to a file, e-mailed, or copied. A small overlay: its state and its keys
//! (drawn by `view/letter.rs`). Nothing here touches a disk or a network: a choice
//! becomes an [`Effect::Letter`] the session carries out (and records on
//! the case's timeline as `letter_sent`), and the session closes the menu
//! once it is done, or leaves it up with the reason in the status line.

use super::effect::Effect;
use super::input::TextInput;
use super::keys::{Action, Context, Edit};
use crate::letter::Lang;
use crate::letter::deliver::file_name;
use crate::letter::form::Form;
use std::path::PathBuf;

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
