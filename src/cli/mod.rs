//! The command line: argument parsing and the non-interactive commands.
//!
//! Exit statuses: 0 success; 1 some `--batch` lines failed or `policies
//! check` found problems; 2 bad input or usage (one line on stderr naming
//! the field and the reason); 3 the policy files cannot be loaded or cannot
//! decide the claim (a gap or an overlap in the policy); 4 `check --save`
//! printed the outcome but could not save the case.
//!
//! config.toml is read once, before any command but `config path`; a file
//! that cannot be used stops every command with exit 2 (`file:line:col`).

mod cases;
mod cases_sync;
mod check;
mod config;
mod jsonl;
mod left_out;
mod letter;
mod logs;
mod policies;
mod policies_diff;
mod progress;
mod timeline;
pub mod usage;
mod write_behind;

use crate::config::Config;
use crate::exit::Exit;
use crate::rules::dates::parse_date;
use crate::rules::policy::{PolicyError, PolicySet, PolicySource};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "Decide warranty and return claims by the vendor's own policy, cited clause by clause.",
    long_about = "Decide warranty and return claims by the vendor's own policy, cited clause by clause.\n\n\
        With no command, claimdesk opens the intake wizard (? lists its keys; Ctrl-R the saved cases,\n\
        Ctrl-D the due queue, both opening a case to record what happened since the call).\n\
        Policies are embedded; *.toml files in the config folder's policies/ (see `claimdesk policies list`)\n\
        and in --policies folders add vendors or replace them by vendor id."
)]
pub struct Cli {
    /// Ask the intake as numbered plain-text prompts, one answer a line (for
    /// screen readers, dumb terminals and scripts). Also chosen when
    /// TERM=dumb or standard input or output is not a terminal.
    // Before `common`: its heading applies to the options after it.
    #[arg(long)]
    pub plain: bool,
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options every command takes, listed once under their own heading
/// (not among each subcommand's own). The environment variables let a
/// shell profile or a service unit set them; a flag wins over its variable.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Common {
    /// Also load the *.toml policy files in DIR (repeatable; later wins).
    #[arg(long = "policies", value_name = "DIR", global = true)]
    pub policy_dirs: Vec<PathBuf>,
    /// Also load the *.toml jurisdiction files in DIR (statutory notes;
    /// repeatable; a later file with the same id wins).
    #[arg(long = "jurisdictions", value_name = "DIR", global = true)]
    pub jurisdiction_dirs: Vec<PathBuf>,
    /// Use DATE (YYYY-MM-DD) as today, for claims without a claim_date.
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_today)]
    pub today: Option<NaiveDate>,
    /// Keep the case log and drafts in DIR (default: config.toml's data_dir,
    /// else the user's data folder; see `claimdesk config show`).
    #[arg(
        long,
        value_name = "DIR",
        global = true,
        env = "CLAIMDESK_DATA_DIR",
        hide_env_values = true
    )]
    pub data_dir: Option<PathBuf>,
    /// Keep cases in the shared PostgreSQL log at URL (postgres://user@host/db;
    /// default: config.toml's database_url, else the SQLite file in the data
    /// folder). The password comes from the URL, PGPASSWORD or ~/.pgpass.
    // No variable's value is shown in --help: this one may hold a
    // password, and none is neutralised there.
    #[arg(
        long = "database",
        value_name = "URL",
        global = true,
        value_parser = parse_database_url,
        env = "CLAIMDESK_DATABASE_URL",
        hide_env_values = true
    )]
    pub database: Option<String>,
    /// Read settings from FILE instead of the config folder's config.toml.
    #[arg(
        long,
        value_name = "FILE",
        global = true,
        env = "CLAIMDESK_CONFIG",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
    /// config.toml as [`run`] read it.
    #[arg(skip)]
    pub loaded: Option<Config>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decide one claim (JSON) from FILE or standard input; print the outcome as JSON.
    Check(check::CheckArgs),
    /// Check or list the policy files.
    #[command(subcommand)]
    Policies(policies::PoliciesCommand),
    /// The case log: list, show, export and re-check saved cases; record
    /// what happened after the call and list what is due.
    #[command(subcommand)]
    Cases(cases::CasesCommand),
    /// Where config.toml is, and the settings in force.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// The shared log's administration (run by the database owner).
    #[command(subcommand)]
    Admin(AdminCommand),
    #[command(flatten)]
    Generated(usage::Generated),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create or migrate the shared log at database_url / --database, and
    /// the group roles claimdesk_agent (save, record events, edit through
    /// the version check, read) and claimdesk_lead (also purge and import).
    /// Then give each agent's login one of them: GRANT claimdesk_agent TO
    /// dana;
    InitDb,
}

/// `admin init-db`.
fn init_db(common: &Common) -> Exit {
    let Some(url) = common.database_url(&common.settings()) else {
        crate::diag::error("admin init-db needs a shared log: --database URL or database_url");
        return Exit::Usage;
    };
    match crate::store::postgres::PgStore::init_db(&url) {
        Ok(store) => {
            use crate::store::CaseStore;
            crate::diag::print(format_args!(
                "{}: schema {} ready; roles claimdesk_agent and claimdesk_lead granted. \
                 Give each agent's login a role: GRANT claimdesk_agent TO <login>;",
                store.location(),
                crate::store::postgres::SCHEMA_VERSION
            ));
            Exit::Success
        }
        Err(e) => {
            crate::diag::error(e);
            Exit::Attention
        }
    }
}

/// The `--database` value as given: never refused here, because clap
/// repeats a refused value in its message, password and all. Opening the
/// log reads it (`credentials::target`), and says what is wrong with it
/// without its userinfo.
fn parse_database_url(text: &str) -> Result<String, String> {
    Ok(text.trim().to_owned())
}

/// A case id as typed, in any case (`c-20261207-0001` is
/// `C-20261207-0001`); other ids (a `pending-` one) as they are.
pub(crate) fn parse_case_id(text: &str) -> Result<String, String> {
    let id = text.trim();
    if id.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("c-")) {
        Ok(id.to_ascii_uppercase())
    } else {
        Ok(id.to_owned())
    }
}

pub(crate) fn parse_today(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|e| format!("\"{}\" {e}", crate::text::shown(text, 40)))
}

impl Common {
    /// Today's local date unless `--today` says otherwise.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// `--config`, else the config folder's config.toml.
    pub fn config_path(&self) -> Option<PathBuf> {
        self.config.clone().or_else(crate::config::default_path)
    }

    /// Reads the settings file (none on this system: no settings).
    pub fn load_settings(&self) -> Result<Config, crate::config::ConfigError> {
        self.config_path()
            .map_or_else(|| Ok(Config::default()), |p| Config::load(&p))
    }

    /// The settings [`run`] read before the command; it stops on a file
    /// that cannot be used, so commands never run on without it.
    pub fn settings(&self) -> Config {
        self.loaded.clone().unwrap_or_default()
    }

    /// The shared database in force: `--database`, else config.toml's.
    pub fn database_url(&self, config: &Config) -> Option<String> {
        self.database
            .clone()
            .or_else(|| config.database_url.clone())
    }

    /// Where the case log lives: `--data-dir`, config.toml, the default.
    pub fn data_dir(&self, config: &Config) -> Option<PathBuf> {
        self.data_dir
            .clone()
            .or_else(|| config.data_dir.clone())
            .or_else(crate::config::default_data_dir)
    }

    /// The folders to load policies from after the embedded ones: the
    /// config folder's policies/, config.toml's policy_dir, then --policies.
    pub fn policy_sources(&self) -> Vec<PolicySource> {
        let mut sources: Vec<PolicySource> = user_policy_dir()
            .into_iter()
            .map(PolicySource::UserConfig)
            .collect();
        if let Some(dir) = self.settings().policy_dir {
            sources.push(PolicySource::Named(dir));
        }
        sources.extend(self.policy_dirs.iter().cloned().map(PolicySource::Named));
        sources
    }

    /// The folders to load jurisdiction files from after the embedded
    /// ones: the config folder's jurisdictions/, then --jurisdictions.
    pub fn jurisdiction_sources(&self) -> Vec<PolicySource> {
        let mut sources: Vec<PolicySource> = user_jurisdiction_dir()
            .into_iter()
            .map(PolicySource::UserConfig)
            .collect();
        sources.extend(
            self.jurisdiction_dirs
                .iter()
                .cloned()
                .map(PolicySource::Named),
        );
        sources
    }

    /// Loads every policy and jurisdiction file, or prints why not. Says
    /// once, on stderr, which built-in vendors a policy file replaces.
    pub fn load_policies(&self) -> Result<PolicySet, Exit> {
        let set = PolicySet::load_with(&self.policy_sources(), &self.jurisdiction_sources())
            .map_err(|errors| {
                report_policy_errors(&errors);
                Exit::Policy
            })?;
        for replacement in &set.replaced {
            crate::diag::note(replacement.note());
        }
        Ok(set)
    }
}

/// `<config folder>/policies`, e.g. `~/.config/claimdesk/policies` on Linux.
pub fn user_policy_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk").map(|d| d.config_dir().join("policies"))
}

/// `<config folder>/jurisdictions`, e.g. `~/.config/claimdesk/jurisdictions`.
pub fn user_jurisdiction_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk")
        .map(|d| d.config_dir().join("jurisdictions"))
}

/// Policy errors quote the file's own text: neutralised, so a control
/// character in a policy file cannot drive the terminal.
pub fn report_policy_errors(errors: &[PolicyError]) {
    for e in errors {
        crate::diag::error(e);
    }
}

/// Whether the terminal cannot host the full-screen wizard: a dumb
/// terminal, or input or output redirected.
fn plain_terminal() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}

/// Runs the command line; returns the process exit status.
pub fn run(mut cli: Cli) -> Exit {
    // Generated from the definitions alone: no settings needed.
    if let Some(Command::Generated(what)) = &cli.command {
        return usage::run(what);
    }
    // `config path` only says where the file is (to find a broken one).
    if !matches!(
        cli.command,
        Some(Command::Config(config::ConfigCommand::Path))
    ) {
        match cli.common.load_settings() {
            Ok(settings) => cli.common.loaded = Some(settings),
            Err(e) => {
                for line in &e.lines {
                    crate::diag::error(line);
                }
                return Exit::Usage;
            }
        }
    }
    // `--database` (or CLAIMDESK_DATABASE_URL) is read here, not by clap:
    // clap would repeat a refused value, password and all.
    if let Some(url) = &cli.common.database {
        let problem = if crate::store::postgres::credentials::is_database_url(url) {
            crate::store::postgres::credentials::target(url).err()
        } else {
            Some("not a PostgreSQL URL (postgres://user@host/db)".to_owned())
        };
        if let Some(why) = problem {
            crate::diag::error(format_args!(
                "--database (or CLAIMDESK_DATABASE_URL): {}: {why}",
                crate::text::shown(&crate::store::postgres::credentials::masked(url), 200)
            ));
            return Exit::Usage;
        }
    }
    crate::store::backend::choose_database(cli.common.database_url(&cli.common.settings()));
    let wizard = cli.command.is_none() && !cli.plain && !plain_terminal();
    let log_file = wizard.then(|| {
        let data_dir = cli.common.data_dir(&cli.common.settings());
        logs::wizard_log_file(data_dir.as_deref().unwrap_or(std::path::Path::new(".")))
    });
    logs::init(log_file.as_deref());
    tracing::debug!(wizard, "claimdesk {} starting", env!("CARGO_PKG_VERSION"));
    // `config show` lists them itself.
    if !matches!(cli.command, Some(Command::Config(_))) {
        for problem in cli.common.settings().problems {
            crate::diag::warning(problem);
        }
    }
    match cli.command {
        Some(Command::Check(args)) => check::run(&cli.common, &args),
        Some(Command::Policies(cmd)) => policies::run(&cli.common, &cmd),
        Some(Command::Cases(cmd)) => cases::run(&cli.common, &cmd),
        Some(Command::Config(cmd)) => config::run(&cli.common, &cmd),
        Some(Command::Admin(AdminCommand::InitDb)) => init_db(&cli.common),
        Some(Command::Generated(what)) => usage::run(&what),
        None => match cli.common.load_policies() {
            Ok(policies) => {
                let config = cli.common.settings();
                let mut intake = crate::intake::Intake::new(&policies, cli.common.today());
                intake.purchase_country = config.purchase_country.clone();
                let data_dir = cli.common.data_dir(&config);
                let agent = config.agent_name.clone().unwrap_or_default();
                intake.customer_country = config.customer_country.clone();
                if cli.plain || plain_terminal() {
                    use std::io::IsTerminal;
                    let desk = crate::plain::Desk {
                        data_dir: data_dir.as_deref(),
                        agent,
                        drafts: std::io::stdin().is_terminal(),
                        post: crate::letter::deliver::Post::from_config(&config),
                    };
                    return crate::plain::run(
                        intake,
                        &desk,
                        std::io::stdin().lock(),
                        std::io::stdout().lock(),
                    );
                }
                // First run: the agent's name, asked once and kept.
                let agent = match config.agent_name {
                    Some(_) => agent,
                    None => crate::wizard::first_run::ask_agent_name(
                        cli.common.config_path().as_deref(),
                        &mut std::io::stdin().lock(),
                        &mut std::io::stdout(),
                    )
                    .unwrap_or(agent),
                };
                let session = crate::wizard::Session::open(intake, data_dir.as_deref(), agent)
                    .with_post(crate::letter::deliver::Post::from_config(&config));
                crate::wizard::run(session)
            }
            Err(code) => code,
        },
    }
}
