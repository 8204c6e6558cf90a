//! Handing the letter over, as every front end does it (`cases letter`,
//! the wizard's letter menu, plain mode's `l`): the letter of a saved
//! case built with the policy version that decided it, a form laid out,
//! the e-mail's server, sender and recipient, a new file in the letters
//! folder, and the `letter_sent` event on the case's timeline.

use super::form::{self, Form, MailError};
use super::lang::Rendered;
use super::{Desk, Lang, Letter};
use crate::case::Case;
use crate::case::timeline::{Event, EventKind};
use crate::config::Config;
use crate::rules::PolicySet;
use crate::store::{CaseStore, StoreError};
use chrono::NaiveDate;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The folder under the data folder the front ends save letters in.
pub const LETTERS_DIR: &str = "letters";

/// The letter settings of config.toml: who writes, and the SMTP server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Post {
    pub desk: Desk,
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
}

impl Post {
    pub fn from_config(config: &Config) -> Post {
        Post {
            desk: Desk {
                name: config.desk_name.clone(),
                phone: config.desk_phone.clone(),
                email: config.desk_email.clone(),
            },
            smtp_url: config.smtp_url.clone(),
            smtp_from: config.smtp_from.clone(),
        }
    }

    /// The sender: `smtp_from`, else `desk_email`.
    pub fn sender(&self) -> Option<String> {
        self.smtp_from.clone().or_else(|| self.desk.email.clone())
    }

    /// The sender and recipient an `.eml` file is addressed with: as an
    /// e-mail would be, else placeholders (the file is not sent).
    pub fn file_addresses(&self, letter: &Letter, to: Option<String>) -> (String, String) {
        let from = self
            .sender()
            .unwrap_or_else(|| "claimdesk@localhost".to_owned());
        let to = to
            .or_else(|| letter.customer_email.clone())
            .unwrap_or_else(|| "customer@invalid".to_owned());
        (from, to)
    }

    /// Where an e-mail goes and through which server: `to`, else the
    /// case's customer e-mail; or what is missing.
    pub fn route(&self, letter: &Letter, to: Option<String>) -> Result<Route, NoRoute> {
        let url = self.smtp_url.clone().ok_or(NoRoute::NoServer)?;
        let to = to
            .or_else(|| letter.customer_email.clone())
            .ok_or(NoRoute::NoRecipient)?;
        let from = self.sender().ok_or(NoRoute::NoSender)?;
        Ok(Route { url, from, to })
    }
}

/// The server, sender and recipient of an e-mailed letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub url: String,
    pub from: String,
    pub to: String,
}

/// What a letter cannot be e-mailed without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRoute {
    /// No `smtp_url` in config.toml.
    NoServer,
    /// The case has no customer e-mail (and none was given).
    NoRecipient,
    /// Neither `smtp_from` nor `desk_email` in config.toml.
    NoSender,
}

/// The letter of a saved case as of `as_of`, with the policy version that
/// decided it when it can still be loaded.
pub fn for_case(
    case: &Case,
    policies: Option<&PolicySet>,
    as_of: NaiveDate,
    desk: &Desk,
) -> Letter {
    let policy = policies.and_then(|set| {
        let base = set.vendor(&case.record.policy.vendor)?;
        Some(
            base.version_by_sha256(&case.record.policy.sha256)
                .unwrap_or(base),
        )
    });
    super::build(case, policy, as_of, desk)
}

/// The letter laid out in `form`; an e-mail (`.eml`) is addressed from
/// `from` to `to`.
pub fn body(rendered: &Rendered, form: Form, from: &str, to: &str) -> Result<String, MailError> {
    Ok(match form {
        Form::Text => form::text(rendered, 80),
        Form::Receipt => form::receipt(rendered),
        Form::Html => form::html(rendered),
        Form::Eml => {
            String::from_utf8_lossy(&form::email(rendered, from, to)?.formatted()).into_owned()
        }
    })
}

/// Why an e-mailed letter did not go.
#[derive(Debug)]
pub enum SendError {
    /// The message could not be made (an address that does not parse).
    Message(MailError),
    /// The server refused it or could not be reached (its address masked).
    Server(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Message(e) => e.fmt(f),
            SendError::Server(e) => f.write_str(e),
        }
    }
}

/// Sends the letter as an e-mail along `route`.
pub fn send(route: &Route, rendered: &Rendered) -> Result<(), SendError> {
    let message = form::email(rendered, &route.from, &route.to).map_err(SendError::Message)?;
    super::send::send(&route.url, &message).map_err(SendError::Server)
}

/// The file name a letter is saved under: `C-20261121-0007-de.txt`
/// (`-receipt.txt`, `.html`, `.eml`).
pub fn file_name(case_id: &str, lang: Lang, form: Form) -> String {
    let tail = match form {
        Form::Text => "txt",
        Form::Receipt => "receipt.txt",
        Form::Html => "html",
        Form::Eml => "eml",
    };
    let sep = if form == Form::Receipt { "-" } else { "." };
    // Case ids are `C-YYYYMMDD-NNNN`; anything else is kept out of a path.
    let id: String = case_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{id}-{}{sep}{tail}", lang.code())
}

/// The file a typed name stands for: `~/` is the home folder; a relative
/// name goes in `letters` (the data folder's `letters/`) when there is one.
pub fn resolve(typed: &Path, letters: Option<&Path>) -> PathBuf {
    if let Ok(rest) = typed.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    match letters {
        Some(dir) if typed.is_relative() => dir.join(typed),
        _ => typed.to_path_buf(),
    }
}

/// Writes `body` to `path` as a new file only the user can read (its
/// folder made, private, if missing); an existing file is never
/// replaced. With `next_free`, a name already taken becomes
/// `NAME-2.EXT`, `NAME-3.EXT`... Returns the path written.
pub fn write_new(path: &Path, body: &str, next_free: bool) -> io::Result<PathBuf> {
    if let Some(dir) = path.parent() {
        crate::store::create_private_dir(dir).map_err(|e| {
            let why = match dir.ancestors().find(|a| a.exists()) {
                Some(file) if !file.is_dir() => {
                    format!("{} is a file, not a folder", file.display())
                }
                _ => format!("the folder {} cannot be made: {e}", dir.display()),
            };
            io::Error::new(e.kind(), why)
        })?;
    }
    let mut candidate = path.to_path_buf();
    for n in 2..=1000 {
        match create_new(&candidate) {
            Ok(mut file) => {
                file.write_all(body.as_bytes())?;
                file.sync_all()?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && next_free => {
                candidate = numbered(path, n);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(io::Error::new(
                    e.kind(),
                    "a file of that name is there already (it is not replaced)",
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "a thousand letters of that name are there already",
    ))
}

fn create_new(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// `dir/NAME.EXT` as `dir/NAME-n.EXT` (`C-1-de.receipt.txt`: the number
/// goes before the first dot of the file name).
fn numbered(path: &Path, n: u32) -> PathBuf {
    let name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let new = match name.split_once('.') {
        Some((stem, ext)) => format!("{stem}-{n}.{ext}"),
        None => format!("{name}-{n}"),
    };
    path.with_file_name(new)
}

/// Records the letter on case `id`'s timeline: `letter_sent` with its
/// form, language and recipient or file. It changes nothing else.
pub fn record(
    log: &mut dyn CaseStore,
    id: &str,
    agent: &str,
    today: NaiveDate,
    form: Form,
    lang: Lang,
    to: &str,
) -> Result<(), StoreError> {
    let now = crate::case::now_utc();
    let mut event = Event::new(EventKind::LetterSent, today, agent, now);
    event.extra.letter_form = Some(form.id().to_owned());
    event.extra.letter_lang = Some(lang.code().to_owned());
    event.extra.letter_to = Some(to.to_owned());
    log.append_event(id, None, &event, None, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_the_case_the_language_and_the_form() {
        assert_eq!(file_name("C-1", Lang::De, Form::Text), "C-1-de.txt");
        assert_eq!(
            file_name("C-1", Lang::ZhCn, Form::Receipt),
            "C-1-zh-CN-receipt.txt"
        );
        assert_eq!(file_name("C-1", Lang::Fr, Form::Eml), "C-1-fr.eml");
        assert_eq!(file_name("../x", Lang::En, Form::Html), "___x-en.html");
    }

    #[test]
    fn a_new_letter_never_replaces_a_file_and_takes_the_next_free_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("letters/C-1-de.txt");
        assert_eq!(write_new(&path, "one", true).expect("first"), path);
        let second = write_new(&path, "two", true).expect("second");
        assert_eq!(second, dir.path().join("letters/C-1-de-2.txt"));
        let refused = write_new(&path, "three", false).expect_err("taken");
        assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
