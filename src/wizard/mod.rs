//! The terminal wizard: a thin layer over the rule core.
//!
//! - `app.rs`: state and `update(key)`, no drawing;
//! - `keys.rs`: the key map, which also feeds the footer and help;
//! - `view.rs`: `render(app, frame)`, no mutation;
//! - `session.rs`: the I/O the app asks for (case log, drafts, clipboard);
//! - `draft.rs`: the app's state as a draft, and back;
//! - `terminal.rs`: the terminal loop, restored on every exit path.

pub mod app;
pub mod draft;
pub mod keys;
mod session;
mod terminal;
pub mod view;

pub use app::{App, Screen};
pub use session::Session;
pub use terminal::run;
