//! The integration tests, one binary: each module is one area (its first
//! lines say what it holds), all sharing one build of the crate and of
//! `tests/common`. Run one area with `cargo test --test integration cli::`.
//!
//! Binaries of their own (Cargo.toml lists them): `store_contract`,
//! `shared_log` and `server_restart` run their trials under libtest-mimic
//! (PostgreSQL trials reported ignored when there is no server);
//! `policy_fuzz` measures the whole process (a counting global allocator,
//! the process's panic hook and its children's rusage) and so runs alone;
//! `memory_bounds` bounds a claimdesk run's peak memory, which Linux
//! counts from its parent's peak, so from a parent that stays small.
//! `architecture::every_test_file_is_built` keeps a new file from going
//! unbuilt.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod bulk_failures;
mod caselog_faults;
mod cases;
mod cases_import;
mod cases_lifecycle;
mod cli;
mod deadline_status_renderers;
mod decisive;
mod handoff_claim_facts;
mod hermetic;
mod input_files;
mod letter;
mod next_steps;
mod output_safety;
mod plain;
mod plain_pty;
mod plain_wizard_parity;
mod policy_cycles;
mod policy_limits;
mod policy_replaced;
mod policy_versions;
mod policy_windows;
mod preview;
mod properties;
mod purchase_country;
mod scenarios;
mod secrets_never_shown;
mod silent_server;
mod statutory;
mod store_migration;
mod store_timeline_migration;
mod wizard_callback_pty;
mod wizard_case_screen;
mod wizard_deadline_status;
mod wizard_first_screen;
mod wizard_keymap;
mod wizard_layers;
mod wizard_letter;
mod wizard_outcome_sections;
mod wizard_preview;
mod wizard_pty;
mod wizard_snapshots;
mod wizard_state;
mod wizard_terminal;
mod wizard_text_fields_pty;
mod wizard_wrapping;
