//! `claimdesk cases letter ID`: the customer's letter for a saved case
//! (`shared/customer-letter.md`), in a language and form, to standard
//! output, a file, or sent by SMTP.

use super::Common;
use crate::case::timeline::{Event, EventKind};
use crate::diag;
use crate::letter::form::{self, Form};
use crate::letter::{Desk, Lang, lang};
use crate::rules::PolicySet;
use crate::store::CaseStore;
use crate::text::shown;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
) -> Result<ExitCode, super::cases::Failure> {
    let Some(case) = log.get(&args.id)? else {
        diag::error(format_args!(
            "no case {} in {}",
            shown(&args.id, 30),
            log.location()
        ));
        return Ok(ExitCode::from(2));
    };
    let config = common.settings();
    let desk = Desk {
        name: config.desk_name.clone(),
        phone: config.desk_phone.clone(),
        email: config.desk_email.clone(),
    };
    let policy = policies.and_then(|set| {
        let base = set.vendor(&case.record.policy.vendor)?;
        Some(
            base.version_by_sha256(&case.record.policy.sha256)
                .unwrap_or(base),
        )
    });
    let letter = crate::letter::build(&case, policy, common.today(), &desk);
    let lang = args.lang.unwrap_or_else(|| letter.default_lang());
    let rendered = lang::render(&letter, lang);

    if args.send {
        let Some(url) = config.smtp_url.as_deref() else {
            diag::error("--send: no smtp_url in the config (claimdesk config show lists the keys)");
            return Ok(ExitCode::from(2));
        };
        let Some(to) = args.to.clone().or_else(|| letter.customer_email.clone()) else {
            diag::error("--send: the case has no customer e-mail; give --to ADDRESS");
            return Ok(ExitCode::from(2));
        };
        let Some(from) = config.smtp_from.clone().or_else(|| desk.email.clone()) else {
            diag::error("--send: no sender: set smtp_from (or desk_email) in the config");
            return Ok(ExitCode::from(2));
        };
        let message = match form::email(&rendered, &from, &to) {
            Ok(m) => m,
            Err(e) => {
                diag::error(format_args!("--send: {e}"));
                return Ok(ExitCode::from(2));
            }
        };
        if let Err(e) = crate::letter::send::send(url, &message) {
            diag::error(e);
            return Ok(ExitCode::from(1));
        }
        diag::note(format_args!(
            "letter {} ({lang}) sent to {}",
            case.id,
            shown(&to, 80)
        ));
        record(log, &case.id, common, &config, "eml", lang, &to)?;
        return Ok(ExitCode::SUCCESS);
    }

    let (body, form) = match args.format {
        LetterFormat::Text => (form::text(&rendered, 80), Form::Text),
        LetterFormat::Receipt => (form::receipt(&rendered), Form::Receipt),
        LetterFormat::Html => (form::html(&rendered), Form::Html),
        LetterFormat::Eml => {
            let to = args
                .to
                .clone()
                .or_else(|| letter.customer_email.clone())
                .unwrap_or_else(|| "customer@invalid".to_owned());
            let from = config
                .smtp_from
                .clone()
                .or_else(|| desk.email.clone())
                .unwrap_or_else(|| "claimdesk@localhost".to_owned());
            match form::email(&rendered, &from, &to) {
                Ok(m) => (
                    String::from_utf8_lossy(&m.formatted()).into_owned(),
                    Form::Eml,
                ),
                Err(e) => {
                    diag::error(format_args!("--format eml: {e}"));
                    return Ok(ExitCode::from(2));
                }
            }
        }
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, body.as_bytes()) {
                diag::error(format_args!("{}: {e}", path.display()));
                return Ok(ExitCode::from(1));
            }
            diag::note(format_args!(
                "letter {} ({lang}) written to {}",
                case.id,
                path.display()
            ));
            let file = path.display().to_string();
            record(log, &case.id, common, &config, form.id(), lang, &file)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(body.as_bytes())?;
            if !body.ends_with('\n') {
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Records the letter on the case's timeline (`letter_sent`: form,
/// language, recipient or file). Printing to standard output records
/// nothing: the agent may only be looking.
fn record(
    log: &mut dyn CaseStore,
    id: &str,
    common: &Common,
    config: &crate::config::Config,
    form: &str,
    lang: Lang,
    to: &str,
) -> Result<(), super::cases::Failure> {
    let agent = config.agent_name.clone().unwrap_or_default();
    let now = crate::case::now_utc();
    let mut event = Event::new(EventKind::LetterSent, common.today(), &agent, now);
    event.extra.letter_form = Some(form.to_owned());
    event.extra.letter_lang = Some(lang.code().to_owned());
    event.extra.letter_to = Some(to.to_owned());
    log.append_event(id, None, &event, None, now)?;
    Ok(())
}
