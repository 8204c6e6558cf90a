//! The session's side of the letter menu: the menu opened for a saved
//! case (its default language, whether it can be e-mailed), and a letter
//! saved to a new file, e-mailed through `smtp_url` or copied, then
//! recorded on the case's timeline as `letter_sent`, as `cases letter`
//! does (`letter::deliver`). A failure says why in the status line and
//! leaves the menu up as it was; the clipboard's OSC 52 is here too.

use super::Session;
use crate::letter::deliver::{self, NoRoute};
use crate::letter::form::{self, Form};
use crate::letter::lang;
use crate::store::Case;
use crate::wizard::app::{App, Screen};
use crate::wizard::letter::{LetterJob, LetterMenu, LetterTo};
use std::io::{self, Write as _};

impl<'p> Session<'p> {
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
    pub(super) fn open_letter(&mut self, app: &mut App<'p>, id: &str) {
        let case = match self.letter_case(id) {
            Ok(case) => case,
            Err(reason) => {
                app.status = Some(format!("Could not open the letter of {id}: {reason}"));
                return;
            }
        };
        let letter = deliver::for_case(
            &case,
            Some(self.policies),
            self.blank.today,
            &self.post.desk,
        );
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
        app.letter_opened(menu);
    }

    /// [`Effect::Letter`](crate::wizard::app::Effect::Letter): the letter
    /// made as asked and recorded on the case; the menu closes. When it
    /// cannot be made, the menu stays up and the status line says why.
    pub(super) fn letter(&mut self, app: &mut App<'p>, job: &LetterJob) -> io::Result<()> {
        let id = &job.case_id;
        let case = match self.letter_case(id) {
            Ok(case) => case,
            Err(reason) => {
                app.status = Some(format!("Letter not made: {reason}"));
                return Ok(());
            }
        };
        let letter = deliver::for_case(
            &case,
            Some(self.policies),
            self.blank.today,
            &self.post.desk,
        );
        let rendered = lang::render(&letter, job.lang);
        let name = job.lang.name();
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
                        app.status = Some(format!("Letter not saved to {}: {e}", path.display()));
                        return Ok(());
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
                        app.status = Some(format!("Letter not sent: {e}"));
                        return Ok(());
                    }
                }
            }
            LetterTo::Clipboard => {
                let text = form::text(&rendered, 80);
                let how = copy(&text)?;
                let said = format!("{} lines {how}", text.lines().count());
                (Form::Text, "clipboard".to_owned(), said)
            }
        };
        let recorded = match &mut self.log {
            Ok(log) => deliver::record(
                log.as_mut(),
                &case.id,
                &self.agent,
                self.blank.today,
                form,
                job.lang,
                &to,
            )
            .map_err(|e| e.brief()),
            Err(reason) => Err(reason.clone()),
        };
        app.overlay = None;
        // The case screen shows the letter on its timeline.
        if matches!(&app.screen, Screen::Case(view) if view.case.id == case.id) {
            self.open_case(app, &case.id);
        }
        app.status = Some(match recorded {
            // The header names the case; the path goes last, on a line of
            // its own when long, so it shows whole.
            Ok(()) => format!("Letter ({name}) recorded on the case and {said}"),
            Err(reason) => {
                format!("Letter ({name}) {said}, but not recorded on the case: {reason}")
            }
        });
        Ok(())
    }
}

/// Sends `text` to the clipboard with OSC 52 (plain, and wrapped for tmux
/// when inside it) and returns how, for the status line. Whether it
/// arrived is the terminal's business (many ignore OSC 52), so the words
/// say it was sent, and what to switch on where it may not arrive.
pub(super) fn copy(text: &str) -> io::Result<&'static str> {
    let in_tmux = crate::clipboard::in_tmux();
    let bytes = crate::clipboard::osc52(text, in_tmux);
    let mut out = io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(if in_tmux {
        "sent via tmux; needs: set -g set-clipboard on"
    } else {
        "sent to the terminal's clipboard (OSC 52)"
    })
}

/// Sends the hand-off `text` to the clipboard; the status line.
pub(super) fn copy_summary(text: &str) -> io::Result<String> {
    let how = copy(text)?;
    Ok(format!("Summary ({} lines) {how}", text.lines().count()))
}
