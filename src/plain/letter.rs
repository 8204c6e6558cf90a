//! The customer's letter in plain mode (`l` at "What next?" with a case
//! in hand), as the wizard's letter menu offers it: the language (an
//! empty line: the customer's country's), then a file in a form, an
//! e-mail through `smtp_url`, or the text printed here. A file or an
//! e-mail is recorded on the case's timeline as `letter_sent`, as `cases
//! letter` does (`letter::deliver`); printing records nothing.

use super::keeping::Keeping;
use super::{Lines, PlainOut};
use crate::letter::deliver::{self, NoRoute};
use crate::letter::form::{self, Form};
use crate::letter::{Lang, lang};
use crate::text::shown;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

/// What the agent chose to do with the letter.
enum Choice {
    File(Form),
    Email,
    Print,
}

const FORMS: [Form; 4] = [Form::Text, Form::Receipt, Form::Html, Form::Eml];

/// Makes the letter of case `id`, asking language and what to do.
pub(super) fn letter(
    keeping: &mut Keeping<'_>,
    id: &str,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<()> {
    let case = match &keeping.log {
        Ok(log) => match log.get(id) {
            Ok(Some(case)) => case,
            Ok(None) => return out.line(&format!("Case {id} is no longer in the log.")),
            Err(e) => return out.line(&format!("Could not read case {id}: {}", e.brief())),
        },
        Err(reason) => return out.line(&format!("No letter: {reason}")),
    };
    let letter = deliver::for_case(
        &case,
        Some(keeping.policies),
        keeping.today,
        &keeping.post.desk,
    );
    let default = letter.default_lang();
    out.line("")?;
    out.line(&format!(
        "The customer's letter for case {id}: the decision addressed to the customer, in their language."
    ))?;
    let listed: Vec<String> = Lang::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}) {} ({})", i + 1, l.name(), l.code()))
        .collect();
    let why = match &letter.customer_country {
        Some(country) => format!("the language of the customer's country ({country})"),
        None => "no customer country on the case".to_owned(),
    };
    out.line(&format!(
        "Language? {}. An empty line: {} ({why}).",
        listed.join(" "),
        default.name()
    ))?;
    let lang = loop {
        out.prompt()?;
        let Some(answer) = input.next()? else {
            return out.line("No letter made.");
        };
        match pick_lang(&answer, default) {
            Some(lang) => break lang,
            None => out.line(&format!(
                "Not accepted: \"{}\"; type a number from 1 to 7, a code such as de, or an empty line",
                shown(&answer, 30)
            ))?,
        }
    };
    out.line(&format!("   = Language: {} ({})", lang.name(), lang.code()))?;

    let email = keeping.post.route(&letter, None);
    let send = match &email {
        Ok(route) => format!("send by e-mail to {}", route.to),
        Err(missing) => format!("send by e-mail: unavailable, {}", no_route(*missing)),
    };
    let mut options: Vec<String> = FORMS
        .iter()
        .map(|f| format!("save as {}", f.words()))
        .collect();
    options.push(send);
    options.push("print it here (records nothing)".to_owned());
    let listed: Vec<String> = options
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}) {o}", i + 1))
        .collect();
    out.line(&format!(
        "What to do with it? {}. An empty line: nothing.",
        listed.join(" ")
    ))?;
    let choice = loop {
        out.prompt()?;
        let answer = input.next()?.unwrap_or_default();
        if answer.is_empty() {
            return out.line("No letter made.");
        }
        let choice = match answer.to_lowercase().as_str() {
            "1" | "text" => Choice::File(Form::Text),
            "2" | "receipt" => Choice::File(Form::Receipt),
            "3" | "html" => Choice::File(Form::Html),
            "4" | "eml" => Choice::File(Form::Eml),
            "5" | "send" | "e-mail" | "email" => Choice::Email,
            "6" | "print" => Choice::Print,
            _ => {
                out.line(&format!(
                    "Not accepted: \"{}\"; type a number from 1 to 6 or an empty line",
                    shown(&answer, 30)
                ))?;
                continue;
            }
        };
        if let (Choice::Email, Err(missing)) = (&choice, &email) {
            out.line(&format!(
                "The letter cannot be sent: {}. Pick another, or an empty line.",
                no_route(*missing)
            ))?;
            continue;
        }
        break choice;
    };

    let rendered = lang::render(&letter, lang);
    let (form, to, said) = match choice {
        Choice::Print => {
            out.line("")?;
            return out.lines(form::text(&rendered, 80).trim_end());
        }
        Choice::Email => {
            let Ok(route) = email else {
                return Ok(());
            };
            out.line(&format!("   = Sending to {}…", route.to))?;
            out.0.flush()?;
            if let Err(e) = deliver::send(&route, &rendered) {
                return out.line(&format!("Letter not sent: {e}"));
            }
            let said = format!("sent to {}", route.to);
            (Form::Eml, route.to, said)
        }
        Choice::File(form) => {
            let proposed = deliver::resolve(
                &PathBuf::from(deliver::file_name(id, lang, form)),
                keeping.letters.as_deref(),
            );
            out.line(&format!(
                "Save it to which file? An empty line: {} (a name without a folder goes with the other letters; a file already there is never replaced).",
                proposed.display()
            ))?;
            out.prompt()?;
            let typed = input.next()?.unwrap_or_default();
            let (path, next_free) = if typed.is_empty() {
                (proposed, true)
            } else {
                (
                    deliver::resolve(&PathBuf::from(&typed), keeping.letters.as_deref()),
                    false,
                )
            };
            let (from, to) = keeping.post.file_addresses(&letter, None);
            let written = deliver::body(&rendered, form, &from, &to)
                .map_err(|e| e.to_string())
                .and_then(|body| {
                    deliver::write_new(&path, &body, next_free).map_err(|e| e.to_string())
                });
            match written {
                Ok(written) => {
                    let shown = written.display().to_string();
                    let said = format!("saved to {shown}");
                    (form, shown, said)
                }
                Err(e) => {
                    return out.line(&format!("Letter not saved to {}: {e}", path.display()));
                }
            }
        }
    };
    let agent = keeping.agent.clone();
    let today = keeping.today;
    let recorded = match &mut keeping.log {
        Ok(log) => {
            deliver::record(log.as_mut(), id, &agent, today, form, lang, &to).map_err(|e| e.brief())
        }
        Err(reason) => Err(reason.clone()),
    };
    let name = lang.name();
    match recorded {
        Ok(()) => out.line(&format!(
            "Letter ({name}) {said}; recorded on case {id} (letter sent)."
        )),
        Err(reason) => out.line(&format!(
            "Letter ({name}) {said}, but not recorded on the case: {reason}"
        )),
    }
}

/// The language typed: its number, its code (`de`, `zh-CN`) or its own
/// name; an empty line is `default`.
fn pick_lang(answer: &str, default: Lang) -> Option<Lang> {
    if answer.is_empty() {
        return Some(default);
    }
    if let Ok(n) = answer.parse::<usize>() {
        return n.checked_sub(1).and_then(|i| Lang::ALL.get(i).copied());
    }
    Lang::parse(answer).or_else(|| {
        Lang::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(answer.trim()))
    })
}

/// What an e-mail cannot be sent without, in words.
fn no_route(missing: NoRoute) -> &'static str {
    match missing {
        NoRoute::NoServer => "no smtp_url in config.toml",
        NoRoute::NoRecipient => "no customer e-mail on the case (cases contact sets it)",
        NoRoute::NoSender => "no smtp_from or desk_email in config.toml",
    }
}
