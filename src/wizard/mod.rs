//! The terminal wizard: a thin layer over the rule core.
//!
//! - `app.rs`: state and `update(key)`, no drawing;
//! - `keys.rs`: the key map, which also feeds the footer and help;
//! - `view.rs`: `render(app, frame)`, no mutation;
//! - `terminal.rs`: the terminal loop, restored on every exit path.

pub mod app;
pub mod keys;
mod terminal;
pub mod view;

pub use app::{App, Screen};
pub use terminal::{Session, run};
