//! Which backend keeps the case log, chosen once per run: a shared
//! PostgreSQL log when `--database URL` or config.toml's `database_url`
//! names one, else the SQLite file in the data folder (nothing to
//! configure).
//!
//! The choice is made once, at start, by the command line, and read by
//! [`open_in`](super::open_in), so every front end (wizard, plain mode,
//! `check --save`, `cases`) opens the same log without each passing the
//! URL through.

use std::sync::OnceLock;

static DATABASE_URL: OnceLock<Option<String>> = OnceLock::new();

/// Makes `url` (a `postgres://` URL; `None`: SQLite) the log in force for
/// this run. Only the first call counts.
pub fn choose_database(url: Option<String>) {
    let _ = DATABASE_URL.set(url.filter(|u| !u.trim().is_empty()));
}

/// The shared database in force, if one was chosen.
pub fn database_url() -> Option<String> {
    DATABASE_URL.get().cloned().flatten()
}
