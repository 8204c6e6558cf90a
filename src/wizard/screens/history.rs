//! The saved cases, newest first, narrowed by what is typed. The session
//! runs the search in the case log and fills the rows in.

use super::{CaseView, Screen, ScreenState, Step};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{CaseRow, Effect, ViewedCase};
use crate::wizard::input::TextInput;
use crate::wizard::keys::{Action, Context};

/// The longest filter kept.
const FILTER_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryState {
    /// The rows read so far, newest first: pages of the search for
    /// `query`.
    pub rows: Vec<CaseRow>,
    pub filter: TextInput,
    /// The filter the rows were searched for. While it differs from
    /// `filter` (rows given by a test, or a search not run yet) the rows
    /// are narrowed here.
    pub query: String,
    /// How many cases the log holds.
    pub total: u64,
    /// How many match `query`, counted up to a cap (more than the cap
    /// reads as "1000+").
    pub matched: u64,
    pub cursor: usize,
    /// Why the history could not be read, if it could not.
    pub error: Option<String>,
    /// More pages of the search for `query` follow the rows read.
    pub more: bool,
    /// The screen the history was opened over, as it was: Esc returns to it.
    pub under: Box<Screen>,
}

impl Default for HistoryState {
    fn default() -> Self {
        HistoryState::over(Screen::default())
    }
}

impl HistoryState {
    /// An empty history over `under` (the session fills it).
    pub fn over(under: Screen) -> HistoryState {
        HistoryState {
            rows: Vec::new(),
            filter: TextInput::new("", FILTER_CHARS),
            query: String::new(),
            total: 0,
            matched: 0,
            cursor: 0,
            error: None,
            more: false,
            under: Box::new(under),
        }
    }

    /// The rows the filter lets through (all of them once the session has
    /// searched for this filter).
    pub fn visible(&self) -> Vec<&CaseRow> {
        let filter = self.filter.value();
        let searched = self.query == filter;
        self.rows
            .iter()
            .filter(|c| searched || c.matches(filter))
            .collect()
    }

    /// "12 of 300000", "1000+ of 300000": the cases the filter matches and
    /// the log's total, as the history's header says them.
    pub fn counts(&self) -> (String, String) {
        let visible = self.visible().len();
        let total = (self.total as usize).max(self.rows.len());
        if self.query != self.filter.value() || self.total == 0 {
            return (visible.to_string(), total.to_string());
        }
        let matched = if self.matched > 1_000 {
            "1000+".to_owned()
        } else {
            self.matched.max(visible as u64).to_string()
        };
        (matched, total.to_string())
    }

    /// The session's answer to [`Effect::OpenCase`].
    pub fn open(&mut self, case: ViewedCase) -> Screen {
        Screen::Case(CaseView::new(case, Screen::History(std::mem::take(self))))
    }
}

impl ScreenState for HistoryState {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        Context::History {
            filtering: !self.filter.is_empty(),
        }
    }

    fn update(
        &mut self,
        action: Action,
        _claim: &mut Claim<'_>,
        effects: &mut Vec<Effect>,
    ) -> Step {
        let shown = self.visible().len();
        let last = shown.saturating_sub(1);
        let filter_changed = match action {
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Action::Down => {
                self.cursor = (self.cursor + 1).min(last);
                false
            }
            Action::PageUp => {
                self.cursor = self.cursor.saturating_sub(10);
                false
            }
            Action::PageDown => {
                self.cursor = (self.cursor + 10).min(last);
                false
            }
            Action::Home => {
                self.cursor = 0;
                false
            }
            Action::Type(c) => self.filter.insert(c),
            Action::Erase => self.filter.erase(),
            Action::Edit(edit) => {
                // Moving along the filter keeps the row under the cursor.
                let before = self.filter.value().to_owned();
                self.filter.edit(edit) && before != self.filter.value()
            }
            Action::Next => {
                if let Some(case) = self.visible().get(self.cursor) {
                    effects.push(Effect::OpenCase(case.id.clone()));
                }
                false
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                true
            }
            Action::Back => return Step::To(std::mem::take(&mut self.under)),
            _ => false,
        };
        if filter_changed {
            self.cursor = 0;
        }
        Step::Stay
    }
}
