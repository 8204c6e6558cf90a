//! The worker's side of the letter menu: the menu opened for a saved
//! case (its default language, whether it can be e-mailed), and a letter
//! saved to a new file, e-mailed through `smtp_url` or made for the
//! clipboard, then recorded on the case's timeline as `letter_sent`, as
//! `cases letter` does (`letter::deliver`). A failure says why in the
//! status line and leaves the menu up as it was. The SMTP send may take
//! its whole deadline: it runs here, so the keys go on meanwhile.

use super::{Out, Worker};
use crate::letter::deliver::{self, NoRoute};
use crate::letter::form::{self, Form};
use crate::letter::lang;
use crate::store::Case;
use crate::wizard::letter::{LetterJob, LetterMenu, LetterTo};
use crate::wizard::msg::Msg;

impl Worker {
    /// The saved case `id`, or why not in words.
    fn letter_case(&self, id: &str) -> Result<Case, String> {
        let log = self.log.as_ref().map_err(Clone::clone)?;
        match log.get(id) {
            Ok(Some(case)) => Ok(case),
            Ok(None) => Err(format!("case {id} is no longer in the log")),
            Err(e) => Err(e.brief()),
        }
    }

    /// [`Effect::OpenLetter`](crate::wizard::app::Effect::OpenLetter):
    /// the menu for case `id`, in the customer's country's language.
    pub(super) fn open_letter(&self, id: &str) -> Msg {
        let case = match self.letter_case(id) {
            Ok(case) => case,
            Err(reason) => {
                return Msg::Said(format!("Could not open the letter of {id}: {reason}"));
            }
        };
        let letter = deliver::for_case(&case, Some(&self.policies), self.today, &self.post.desk);
        let email = match self.post.route(&letter, None) {
            Ok(route) => Ok(route.to),
            Err(NoRoute::NoServer) => Err("no smtp_url in config.toml".to_owned()),
            Err(NoRoute::NoRecipient) => {
                Err("no customer e-mail on the case (u on the case screen)".to_owned())
            }
            Err(NoRoute::NoSender) => Err("no smtp_from or desk_email in config.toml".to_owned()),
        };
        let mut menu = LetterMenu::new(
            case.id,
            letter.default_lang(),
            email,
            self.letters_dir.clone(),
        );
        menu.country = letter.customer_country.clone();
        Msg::LetterOpened(Box::new(menu))
    }

    /// [`Effect::Letter`](crate::wizard::app::Effect::Letter): the letter
    /// made as asked and recorded on the case; the menu closes. When it
    /// cannot be made, the menu stays up and the status line says why.
    pub(super) fn letter(&mut self, job: &LetterJob, out: &Out) {
        let id = &job.case_id;
        let case = match self.letter_case(id) {
            Ok(case) => case,
            Err(reason) => {
                out.say(Msg::Said(format!("Letter not made: {reason}")));
                return;
            }
        };
        let letter = deliver::for_case(&case, Some(&self.policies), self.today, &self.post.desk);
        let rendered = lang::render(&letter, job.lang);
        let name = job.lang.name();
        // The clipboard's text, written by the terminal loop once the
        // letter is recorded.
        let mut clipboard = None;
        let (form, to, said) = match &job.to {
            LetterTo::File {
                form,
                path,
                next_free,
            } => {
                let path = deliver::resolve(path, self.letters_dir.as_deref());
                let (from, to) = self.post.file_addresses(&letter, None);
                let written = deliver::body(&rendered, *form, &from, &to)
                    .map_err(|e| e.to_string())
                    .and_then(|body| {
                        deliver::write_new(&path, &body, *next_free).map_err(|e| e.to_string())
                    });
                match written {
                    Ok(written) => {
                        let shown = written.display().to_string();
                        (*form, shown.clone(), format!("saved to {shown}"))
                    }
                    Err(e) => {
                        out.say(Msg::Said(format!(
                            "Letter not saved to {}: {e}",
                            path.display()
                        )));
                        return;
                    }
                }
            }
            LetterTo::Email => {
                let sent = self
                    .post
                    .route(&letter, None)
                    .map_err(|_| "the case or config.toml has changed; open the menu again".into())
                    .and_then(|route| {
                        deliver::send(&route, &rendered)
                            .map(|()| route.to)
                            .map_err(|e| e.to_string())
                    });
                match sent {
                    Ok(to) => (Form::Eml, to.clone(), format!("sent to {to}")),
                    Err(e) => {
                        out.say(Msg::Said(format!("Letter not sent: {e}")));
                        return;
                    }
                }
            }
            LetterTo::Clipboard => {
                let text = form::text(&rendered, 80);
                let said = format!(
                    "{} lines {}",
                    text.lines().count(),
                    crate::wizard::session::copy_how()
                );
                clipboard = Some(text);
                (Form::Text, "clipboard".to_owned(), said)
            }
        };
        let recorded = match &mut self.log {
            Ok(log) => deliver::record(
                log.as_mut(),
                &case.id,
                &self.agent,
                self.today,
                form,
                job.lang,
                &to,
            )
            .map_err(|e| e.brief()),
            Err(reason) => Err(reason.clone()),
        };
        out.say(Msg::LetterMade);
        // The case screen shows the letter on its timeline.
        if let Msg::CaseOpened(case) = self.open_case(&case.id) {
            out.say(Msg::CaseChanged(case));
        }
        let said = match recorded {
            // The header names the case; the path goes last, on a line of
            // its own when long, so it shows whole.
            Ok(()) => format!("Letter ({name}) recorded on the case and {said}"),
            Err(reason) => {
                format!("Letter ({name}) {said}, but not recorded on the case: {reason}")
            }
        };
        out.say(match clipboard {
            Some(text) => Msg::Clipboard { text, said },
            None => Msg::Said(said),
        });
    }
}
