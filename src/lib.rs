//! claimdesk: warranty and return claim intake for call-center agents.
//!
//! - [`rules`]: the rule core. Claims in, cited outcomes out; policies are
//!   data (`assets/policies/*.toml`). No terminal code.
//! - [`case`]: the typed case record (claim, outcome, policy reference,
//!   customer) and its timeline: events, derived status, what is due.
//! - [`intake`]: the question list the wizard and plain mode both walk;
//!   [`report`]: the hand-off's one section list, which the outcome
//!   screen, `cases show`, the copy key and exports all render.
//! - [`cli`]: the command-line front end (`claimdesk check`, `cases`,
//!   `policies`, `config`); [`wizard`]: the terminal wizard (ratatui);
//!   [`plain`]: the same intake as numbered questions on stdin/stdout.
//! - [`store`]: the case log behind the `CaseStore` seam (SQLite in the
//!   data folder, or a shared PostgreSQL log with an offline outbox) and
//!   the wizard's drafts.
//! - [`text`]: making untrusted text safe to show; [`diag`]: the command
//!   line's one output boundary for messages and text lines.

pub mod case;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod diag;
pub mod exit;
pub mod files;
pub mod intake;
pub mod letter;
pub mod plain;
pub mod report;
pub mod rules;
pub mod store;
pub mod text;
pub mod wizard;
