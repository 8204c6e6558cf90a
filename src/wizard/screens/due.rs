//! The due queue: open and waiting cases by due date, the overdue first,
//! with the days left as of today (what `claimdesk cases due` lists). The
//! session reads it a page at a time from the store's indexed columns;
//! Enter opens the case under the cursor for a callback.

use super::{Screen, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{DueRow, Effect};
use crate::wizard::keys::{Action, Context};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueState {
    /// The rows read so far, by due date.
    pub rows: Vec<DueRow>,
    pub cursor: usize,
    /// More cases are due than were read.
    pub more: bool,
    /// Why the queue could not be read, if it could not.
    pub error: Option<String>,
    /// The screen the queue was opened over, as it was: Esc returns to it.
    pub under: Box<Screen>,
}

impl Default for DueState {
    fn default() -> Self {
        DueState::over(Screen::default())
    }
}

impl DueState {
    /// An empty queue over `under` (the session fills it).
    pub fn over(under: Screen) -> DueState {
        DueState {
            rows: Vec::new(),
            cursor: 0,
            more: false,
            error: None,
            under: Box::new(under),
        }
    }

    /// How many of the rows read are overdue.
    pub fn overdue(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.days_left.is_some_and(|d| d < 0))
            .count()
    }
}

impl ScreenState for DueState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::Due
    }

    fn update(
        &mut self,
        action: Action,
        _claim: &mut Claim<'_>,
        effects: &mut Vec<Effect>,
    ) -> Step {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::Home => self.cursor = 0,
            Action::Next => {
                if let Some(row) = self.rows.get(self.cursor) {
                    effects.push(Effect::OpenCase(row.id.clone()));
                }
            }
            Action::Back => return Step::To(std::mem::take(&mut self.under)),
            _ => {}
        }
        Step::Stay
    }
}
