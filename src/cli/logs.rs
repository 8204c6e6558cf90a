//! Logs through `tracing`, chosen by `RUST_LOG` (`RUST_LOG=debug`,
//! `RUST_LOG=claimdesk=trace`): on standard error for commands and plain
//! mode, in `claimdesk.log` in the state folder for the wizard (its screen
//! is the terminal). Unset, nothing is set up and nothing is written.
//!
//! What is logged names logs by their masked location and never carries a
//! password (tests/integration/secrets_never_shown.rs runs every command with
//! `RUST_LOG=trace`).

use tracing_subscriber::EnvFilter;

/// Where the wizard's log goes: the state folder (`$XDG_STATE_HOME/
/// claimdesk` on Linux), else the data folder given.
pub fn wizard_log_file(data_dir: &std::path::Path) -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "claimdesk")
        .and_then(|d| d.state_dir().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| data_dir.to_path_buf())
        .join("claimdesk.log")
}

/// Sets up the logs `RUST_LOG` asks for; `wizard_file`: into that file.
pub fn init(wizard_file: Option<&std::path::Path>) {
    let Ok(spec) = std::env::var("RUST_LOG") else {
        return;
    };
    if spec.trim().is_empty() {
        return;
    }
    let filter = match EnvFilter::try_new(&spec) {
        Ok(filter) => filter,
        Err(e) => {
            crate::diag::warning(format_args!(
                "RUST_LOG: {}; no logs are written",
                crate::text::shown(&e.to_string(), 200)
            ));
            return;
        }
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let set = match wizard_file {
        Some(path) => match open_private(path) {
            Ok(file) => builder
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .try_init(),
            Err(e) => {
                crate::diag::warning(format_args!(
                    "RUST_LOG: cannot write {}: {e}; no logs are written",
                    path.display()
                ));
                return;
            }
        },
        None => builder
            .with_ansi(crate::diag::stderr_is_terminal())
            .with_writer(std::io::stderr)
            .try_init(),
    };
    // Set twice only in a test harness that runs commands in-process.
    drop(set);
}

/// The log file, appended to, readable by the user only (it names cases).
fn open_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
