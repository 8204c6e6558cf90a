//! `claimdesk config path|show`.

use super::Common;
use crate::config::KEYS;
use crate::diag;
use crate::exit::Exit;
use crate::text::neutralise;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where config.toml is read from (it need not exist).
    Path,
    /// Print every setting in force and where it comes from; exit 1 if
    /// config.toml has unknown keys (each named on standard error), 2 if
    /// it cannot be used (not TOML, a value of the wrong type).
    Show,
}

pub fn run(common: &Common, command: &ConfigCommand) -> Exit {
    let Some(path) = common.config_path() else {
        diag::error("this system has no config folder; use --config FILE");
        return Exit::Usage;
    };
    match command {
        ConfigCommand::Path => {
            diag::print(path.display());
            Exit::Success
        }
        ConfigCommand::Show => {
            let config = common.settings();
            let exists = if path.exists() { "" } else { " (not created)" };
            diag::print(format_args!("config file: {}{exists}", path.display()));
            let shown = |v: &Option<String>| match v {
                Some(v) => neutralise(v).into_owned(),
                None => "(not set)".to_owned(),
            };
            let dir = |v: &Option<std::path::PathBuf>| match v {
                Some(v) => v.display().to_string(),
                None => "(not set)".to_owned(),
            };
            for (key, what) in KEYS {
                let value = match key {
                    "agent_name" => shown(&config.agent_name),
                    "purchase_country" => shown(&config.purchase_country),
                    "customer_country" => shown(&config.customer_country),
                    "policy_dir" => dir(&config.policy_dir),
                    // Never the password: `***` in its place.
                    "database_url" => shown(
                        &config
                            .database_url
                            .as_deref()
                            .map(crate::store::postgres::credentials::masked),
                    ),
                    "desk_name" => shown(&config.desk_name),
                    "desk_phone" => shown(&config.desk_phone),
                    "desk_email" => shown(&config.desk_email),
                    "smtp_from" => shown(&config.smtp_from),
                    // Never the password: `***` in its place.
                    "smtp_url" => {
                        shown(&config.smtp_url.as_deref().map(crate::letter::send::masked))
                    }
                    _ => dir(&config.data_dir),
                };
                diag::print(format_args!("{key} = {value}    # {what}"));
            }
            match (common.database_url(&config), common.data_dir(&config)) {
                (Some(url), _) if crate::store::postgres::credentials::check(&url).is_err() => {
                    if let Err(e) = crate::store::postgres::credentials::check(&url) {
                        diag::error(&e);
                    }
                    return Exit::Attention;
                }
                (Some(url), dir) => diag::print(format_args!(
                    "case log in force: {} (shared; outbox in {})",
                    neutralise(&crate::store::postgres::credentials::masked(&url)),
                    dir.map_or("(no data folder)".to_owned(), |d| d
                        .join(crate::store::outbox::FILE_NAME)
                        .display()
                        .to_string())
                )),
                (None, Some(d)) => diag::print(format_args!(
                    "case log in force: {}",
                    d.join(crate::store::FILE_NAME).display()
                )),
                (None, None) => {
                    diag::print("case log in force: none (no data folder; use --data-dir)")
                }
            }
            for problem in &config.problems {
                diag::error(problem);
            }
            if config.problems.is_empty() {
                Exit::Success
            } else {
                Exit::Attention
            }
        }
    }
}
