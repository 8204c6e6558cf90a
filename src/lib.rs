//! claimdesk: warranty and return claim intake for call-center agents.
//!
//! - [`rules`]: the rule core. Claims in, cited outcomes out; policies are
//!   data (`assets/policies/*.toml`). No terminal code.
//! - [`cli`]: the command-line front end (`claimdesk check`,
//!   `claimdesk policies check`).
//! - [`store`]: the case log (SQLite) and drafts in the data folder.
//! - [`text`]: making untrusted text safe to show; [`diag`]: the command
//!   line's one output boundary for messages and text lines.

pub mod case;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod diag;
pub mod intake;
pub mod plain;
pub mod report;
pub mod rules;
pub mod store;
pub mod text;
pub mod wizard;
