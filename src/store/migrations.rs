//! Migrations as numbered `.sql` files, one folder per backend
//! (`assets/migrations/sqlite/`, `assets/migrations/postgres/`), embedded
//! in the binary with `include_str!`. Each backend lists its files in
//! order, with the Rust step (data SQL cannot compute) a file has; a
//! line `-- @step` in the file marks where that step runs (without it,
//! the step runs after the file's SQL). Each migration runs in one
//! transaction. Append new files; never edit one that has shipped: a
//! log migrated by an older claimdesk must have the schema a new one
//! makes (see the schema snapshot tests).
//!
//! A PostgreSQL file may name what depends on the database it runs in
//! as `{{trgm}}` (the schema `pg_trgm` is in), `{{schema}}` (the log's
//! own) and `{{offset}}` (this machine's UTC offset in seconds); they
//! are filled in just before the part that names them runs.

/// One schema step: its file, and its Rust step if it has one.
pub(crate) struct Migration<Step> {
    /// The file's name (`0003_reference_key.sql`): its number, then what
    /// it does.
    #[cfg_attr(not(test), allow(dead_code))]
    pub file: &'static str,
    pub sql: &'static str,
    pub step: Option<Step>,
}

/// The line of a migration file where its Rust step runs.
const STEP: &str = "\n-- @step\n";

impl<Step> Migration<Step> {
    /// The file's SQL before its step, and after it (empty without a
    /// `-- @step` line).
    pub fn parts(&self) -> (&'static str, &'static str) {
        self.sql.split_once(STEP).unwrap_or((self.sql, ""))
    }
}

/// A migration from its file in `assets/migrations/<backend>/`.
macro_rules! migration {
    ($backend:literal, $file:literal) => {
        $crate::store::migrations::Migration {
            file: $file,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/migrations/",
                $backend,
                "/",
                $file
            )),
            step: None,
        }
    };
    ($backend:literal, $file:literal, $step:expr) => {
        $crate::store::migrations::Migration {
            step: Some($step),
            ..$crate::store::migrations::migration!($backend, $file)
        }
    };
}
pub(crate) use migration;

/// `sql` with each `{{name}}` of `values` filled in.
pub(crate) fn filled(sql: &str, values: &[(&str, &str)]) -> String {
    let mut sql = sql.to_owned();
    for (name, value) in values {
        sql = sql.replace(&format!("{{{{{name}}}}}"), value);
    }
    sql
}

/// What is wrong with a backend's list of migrations: a file whose number
/// is not its place, a `-- @step` line without a step, or a step without
/// the line where it runs past the file's SQL. (Checked by each
/// backend's tests.)
#[cfg(test)]
pub(crate) fn faults<Step>(list: &[Migration<Step>]) -> Vec<String> {
    let mut faults = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let number = format!("{:04}_", i + 1);
        if !m.file.starts_with(&number) || !m.file.ends_with(".sql") {
            faults.push(format!("{} is migration {}", m.file, i + 1));
        }
        if m.sql.contains(STEP) && m.step.is_none() {
            faults.push(format!("{} marks a step it does not have", m.file));
        }
        if m.sql.matches(STEP).count() > 1 {
            faults.push(format!("{} marks more than one step", m.file));
        }
    }
    faults
}
