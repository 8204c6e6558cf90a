//! The terminal wizard: a thin layer over the rule core.
//!
//! - `app.rs`: dispatch: which screen is up, overlays, quit;
//! - `screens/`: each screen's own state, update and key map context;
//! - `claim.rs`: the claim the intake screens share (answers, order
//!   number, note, case status), its decision made once per change;
//! - `effect.rs`: the types screens, app and session share (no screen
//!   imports `app.rs`);
//! - `keys.rs`: the key map, which also feeds the footer and help;
//! - `input.rs`: one-line text fields that edit like a shell line;
//! - `letter.rs`: the letter menu over a saved outcome or case;
//! - `view/`: `render(app, frame)`, no mutation, a file per screen;
//! - `msg.rs`: what `App::update` takes: a key, or an answer;
//! - `answer.rs`: the app taking in answers (one writer of its state);
//! - `session.rs`: effects become requests to the worker; drafts and the
//!   clipboard on the UI thread;
//! - `worker/`: a thread owning the case log: every store call, the
//!   letter's file and SMTP send; answers come back as messages;
//! - `draft.rs`: the app's state as a draft, and back;
//! - `terminal.rs`: the terminal loop, restored on every exit path;
//! - `first_run.rs`: the agent's name, asked once before the screen opens.

mod answer;
pub mod app;
pub mod claim;
pub mod draft;
pub mod effect;
pub mod first_run;
pub mod input;
pub mod keys;
pub mod letter;
pub mod msg;
pub mod screens;
mod session;
mod terminal;
pub mod view;
mod worker;

pub use app::{App, Screen};
pub use msg::Msg;
pub use session::Session;
pub use terminal::run;
