//! `claimdesk config path|show`.

use super::Common;
use crate::config::KEYS;
use crate::text::neutralise;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where config.toml is read from (it need not exist).
    Path,
    /// Print every setting in force and where it comes from; exit 1 if
    /// config.toml has problems (each named on standard error).
    Show,
}

pub fn run(common: &Common, command: &ConfigCommand) -> ExitCode {
    let Some(path) = common.config_path() else {
        eprintln!("error: this system has no config folder; use --config FILE");
        return ExitCode::from(2);
    };
    match command {
        ConfigCommand::Path => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        ConfigCommand::Show => {
            let config = common.settings();
            let exists = if path.exists() { "" } else { " (not created)" };
            println!("config file: {}{exists}", path.display());
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
                    _ => dir(&config.data_dir),
                };
                println!("{key} = {value}    # {what}");
            }
            match common.data_dir(&config) {
                Some(d) => println!(
                    "case log in force: {}",
                    d.join(crate::store::FILE_NAME).display()
                ),
                None => println!("case log in force: none (no data folder; use --data-dir)"),
            }
            for problem in &config.problems {
                eprintln!("error: {problem}");
            }
            if config.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
