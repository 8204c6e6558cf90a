//! Shared test helpers. Every claimdesk a test starts runs in a home of its
//! own: HOME and every XDG folder point into a temporary directory, so no
//! test reads a developer's config or writes into a real case log, whatever
//! the shell that runs `cargo test` has set (issue 11, finding 15).
//!
//! The integration binary (`tests/integration/main.rs`) includes this once;
//! the binaries of their own include it with `#[allow(dead_code)] mod common;`
//! (each uses a few of the helpers).

pub mod chain;
pub mod pty;
pub mod smtp;
pub mod wizard;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");

/// The variables through which claimdesk (by way of `directories`) finds a
/// user's folders, each with where it points inside a test home.
pub const USER_FOLDERS: [(&str, &str); 5] = [
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_CACHE_HOME", ".cache"),
];

/// Variables from a developer's shell that change what claimdesk shows;
/// removed so every test sees the same program.
pub const REMOVED: [&str; 9] = [
    "NO_COLOR",
    "RUST_LOG",
    "CLAIMDESK_PROGRESS_AFTER_MS",
    "TMUX",
    "XDG_RUNTIME_DIR",
    "CLAIMDESK_TEST_PANIC",
    "CLAIMDESK_CONFIG",
    "CLAIMDESK_DATA_DIR",
    "CLAIMDESK_DATABASE_URL",
];

/// The environment a claimdesk started in `home` gets.
pub fn user_folders(home: &Path) -> Vec<(&'static str, PathBuf)> {
    USER_FOLDERS
        .iter()
        .map(|(var, sub)| (*var, home.join(sub)))
        .collect()
}

/// Points every user folder of `cmd` into `home`. A caller that needs one
/// elsewhere (a config folder of its own) sets it after this call.
pub fn isolate<'c>(cmd: &'c mut Command, home: &Path) -> &'c mut Command {
    for var in REMOVED {
        cmd.env_remove(var);
    }
    for (var, path) in user_folders(home) {
        cmd.env(var, path);
    }
    cmd
}

/// [`isolate`] for a command started in a pseudo-terminal. The wizard on
/// a terminal asks the agent's name on its first run (no `agent_name` in
/// config.toml): each config folder these tests point XDG_CONFIG_HOME at
/// gets a config naming the agent, unless the test wrote one there first
/// (the first-run test writes one without a name).
pub fn isolate_pty(cmd: &mut portable_pty::CommandBuilder, home: &Path) {
    for var in REMOVED {
        cmd.env_remove(var);
    }
    for (var, path) in user_folders(home) {
        cmd.env(var, path);
    }
    for folder in [".config", "", "xdg-config"] {
        let config = home.join(folder).join("claimdesk/config.toml");
        if !config.exists() {
            let folder_made = config
                .parent()
                .is_some_and(|d| std::fs::create_dir_all(d).is_ok());
            assert!(
                folder_made && std::fs::write(&config, "agent_name = \"Pat\"\n").is_ok(),
                "cannot write {}",
                config.display()
            );
        }
    }
}

/// claimdesk with its user folders in `home`.
pub fn claimdesk(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    isolate(&mut cmd, home);
    cmd
}

/// Runs `cmd` with `stdin` written to it and waits for it. The program may
/// exit before reading (a usage error): a broken pipe is not a failure.
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimdesk runs");
    if let Err(e) = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
    {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("claimdesk exits")
}

/// The shipped (embedded) policies, loaded once per test binary.
pub fn policies() -> &'static claimdesk::rules::PolicySet {
    static SET: std::sync::OnceLock<claimdesk::rules::PolicySet> = std::sync::OnceLock::new();
    SET.get_or_init(|| claimdesk::rules::PolicySet::embedded().expect("embedded policies load"))
}

/// Saves `claim` (contract JSON) with `claimdesk --today TODAY check
/// --save --order ORDER -` in `home`; the id the case got.
pub fn check_save(home: &Path, today: &str, claim: &str, order: &str) -> String {
    let mut cmd = claimdesk(home);
    cmd.args(["--today", today, "check", "--save", "--order", order, "-"]);
    let out = run_with_stdin(&mut cmd, claim);
    let said = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    said.lines()
        .find_map(|l| l.strip_prefix("saved "))
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| panic!("no case id in {said}"))
}

/// A TOML value (a scenario's claim table) as the JSON a ticketing system
/// would send: dates as their text.
pub fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => a.iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), toml_to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// The shipped policies and jurisdictions with the made-up ones of
/// tests/fixtures/ (what the scenarios are decided by), loaded once per
/// test binary.
pub fn fixture_policies() -> &'static claimdesk::rules::PolicySet {
    use claimdesk::rules::policy::{PolicySet, PolicySource};
    static SET: std::sync::OnceLock<PolicySet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        PolicySet::load_with(
            &[PolicySource::Named(root().join("tests/fixtures/policies"))],
            &[PolicySource::Named(
                root().join("tests/fixtures/jurisdictions"),
            )],
        )
        .expect("the fixture policies and jurisdictions load")
    })
}

/// The claim date the tests decide on unless they say otherwise.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// The repository, for its assets, fixtures and scenarios.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command's output as text, invalid UTF-8 replaced.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
