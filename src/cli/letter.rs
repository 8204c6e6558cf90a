//! `claimdesk cases letter ID`: the customer's letter for a saved case
//! (`shared/customer-letter.md`), in a language and form, to standard
//! output, a file, or sent by SMTP.

use super::Common;
use crate::diag;
use crate::exit::Exit;
use crate::letter::deliver::{self, NoRoute, Post, SendError};
use crate::letter::form::Form;
use crate::letter::{Lang, lang};
use crate::rules::PolicySet;
use crate::store::CaseStore;
use crate::text::shown;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    /// Plain text, 80 columns.
    Text,
    /// Plain text, 42 columns, for a receipt printer.
    Receipt,
    /// One self-contained HTML page.
    Html,
    /// An e-mail message (.eml): plain text and HTML.
    Eml,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The case id, such as C-20261121-0007.
    #[arg(value_parser = crate::cli::parse_case_id)]
    pub id: String,
    /// en, de, fr, es, it, ja or zh-CN (default: the customer's country's).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[arg(long, value_enum, default_value_t = LetterFormat::Text)]
    pub format: LetterFormat,
    /// Write the letter to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Send it by e-mail through the config's smtp_url.
    #[arg(long)]
    pub send: bool,
    /// The recipient (default: the case's customer e-mail).
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| {
        let all: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!("not one of {}", all.join(", "))
    })
}

/// Writes or sends the letter; exit 2 for a case or setting that is
/// missing, 1 when the send or write fails.
pub(super) fn run(
    log: &mut dyn CaseStore,
    args: &LetterArgs,
    policies: Option<&PolicySet>,
    common: &Common,
) -> Result<Exit, super::cases::Failure> {
    let Some(case) = log.get(&args.id)? else {
        diag::error(format_args!(
            "no case {} in {}",
            shown(&args.id, 30),
            log.location()
        ));
        return Ok(Exit::Usage);
    };
    let config = common.settings();
    let post = Post::from_config(&config);
    let letter = deliver::for_case(&case, policies, common.today(), &post.desk);
    let lang = args.lang.unwrap_or_else(|| letter.default_lang());
    let rendered = lang::render(&letter, lang);
    let agent = config.agent_name.clone().unwrap_or_default();

    if args.send {
        let route = match post.route(&letter, args.to.clone()) {
            Ok(route) => route,
            Err(missing) => {
                diag::error(match missing {
                    NoRoute::NoServer => {
                        "--send: no smtp_url in the config (claimdesk config show lists the keys)"
                    }
                    NoRoute::NoRecipient => {
                        "--send: the case has no customer e-mail; give --to ADDRESS"
                    }
                    NoRoute::NoSender => {
                        "--send: no sender: set smtp_from (or desk_email) in the config"
                    }
                });
                return Ok(Exit::Usage);
            }
        };
        match deliver::send(&route, &rendered) {
            Ok(()) => {}
            Err(SendError::Message(e)) => {
                diag::error(format_args!("--send: {e}"));
                return Ok(Exit::Usage);
            }
            Err(SendError::Server(e)) => {
                diag::error(e);
                return Ok(Exit::Attention);
            }
        }
        diag::note(format_args!(
            "letter {} ({lang}) sent to {}",
            case.id,
            shown(&route.to, 80)
        ));
        deliver::record(
            log,
            &case.id,
            &agent,
            common.today(),
            Form::Eml,
            lang,
            &route.to,
        )?;
        return Ok(Exit::Success);
    }

    let form = match args.format {
        LetterFormat::Text => Form::Text,
        LetterFormat::Receipt => Form::Receipt,
        LetterFormat::Html => Form::Html,
        LetterFormat::Eml => Form::Eml,
    };
    let (from, to) = post.file_addresses(&letter, args.to.clone());
    let body = match deliver::body(&rendered, form, &from, &to) {
        Ok(body) => body,
        Err(e) => {
            diag::error(format_args!("--format eml: {e}"));
            return Ok(Exit::Usage);
        }
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, body.as_bytes()) {
                diag::error(format_args!("{}: {e}", path.display()));
                return Ok(Exit::Attention);
            }
            diag::note(format_args!(
                "letter {} ({lang}) written to {}",
                case.id,
                path.display()
            ));
            let file = path.display().to_string();
            deliver::record(log, &case.id, &agent, common.today(), form, lang, &file)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(body.as_bytes())?;
            if !body.ends_with('\n') {
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(Exit::Success)
}
