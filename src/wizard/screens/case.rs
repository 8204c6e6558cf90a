//! One saved case, opened for a callback (from the saved cases, the
//! repeat-claim page or the due queue): its hand-off text with its status,
//! next action, due date and timeline, as `claimdesk cases show` prints
//! it. `e` records an event through a three-step form (what happened, the
//! day, its detail and a note); the session records it in the case log,
//! re-deciding the case when the event gives a fact, and shows the case
//! again. `a` re-opens the intake on the case to change an answer; `l`
//! opens the customer's letter of the case.

use super::{Screen, ScreenState, Step};
use crate::case::timeline::EventKind;
use crate::intake::{DateAnswer, parse_date_answer};
use crate::wizard::claim::Claim;
use crate::wizard::effect::{Editor, Effect, EventDraft, Overlay, TextField, ViewedCase};
use crate::wizard::input::TextInput;
use crate::wizard::keys::{Action, Context};
use chrono::NaiveDate;

/// The kinds the form offers, numbered as listed. `answer_changed` is not
/// among them: `a` changes an answer through the intake itself.
pub const FORM_KINDS: [EventKind; 12] = [
    EventKind::CustomerWrote,
    EventKind::EvidenceSent,
    EventKind::VendorApproved,
    EventKind::VendorRefused,
    EventKind::Shipped,
    EventKind::VendorReceived,
    EventKind::RefundIssued,
    EventKind::ReplacementSent,
    EventKind::RefundMissing,
    EventKind::Note,
    EventKind::Closed,
    EventKind::Reopened,
];

/// The longest detail or note kept (a note of a few sentences).
const TEXT_CHARS: usize = 500;
/// Enough for any date form.
const DATE_CHARS: usize = 20;

/// What the detail field of a kind asks for; `None`: the kind has none
/// (only the note is asked).
pub fn detail_label(kind: EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Shipped => Some("Tracking number"),
        EventKind::EvidenceSent => Some("What was sent (photos, video, test report)"),
        EventKind::VendorRefused | EventKind::Closed | EventKind::Reopened => Some("Reason"),
        EventKind::RefundIssued => Some("Amount"),
        EventKind::ReplacementSent => Some("Unit"),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseView {
    pub case: Box<ViewedCase>,
    pub scroll: u16,
    /// The event being recorded, if the form is up.
    pub form: Option<EventForm>,
    /// The customer's contact as typed so far, while its editors are up.
    pub contact: Option<crate::case::Contact>,
    /// The screen it was opened from, as it was (Esc goes back there).
    pub back: Box<Screen>,
}

/// The event form's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventForm {
    /// Which kind happened: a numbered list.
    Kind { cursor: usize },
    /// The day it happened: blank is today; `t`, `y`, `-N`, YYYY-MM-DD as
    /// in the intake, counted back from today.
    Date {
        kind: EventKind,
        input: TextInput,
        error: Option<String>,
    },
    /// The kind's detail (when it has one) and a note; Enter records.
    Text {
        kind: EventKind,
        date: NaiveDate,
        date_text: String,
        detail: TextInput,
        note: TextInput,
        /// On the note (else on the detail).
        on_note: bool,
    },
}

impl EventForm {
    fn date(kind: EventKind, text: &str) -> EventForm {
        EventForm::Date {
            kind,
            input: TextInput::new(text, DATE_CHARS),
            error: None,
        }
    }
}

/// The day `text` names, counted from `today`: blank is today; a day after
/// today is refused (record what has happened).
pub fn event_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = match parse_date_answer(text, today)? {
        DateAnswer::Blank => today,
        DateAnswer::Date(d) => d,
    };
    if date > today {
        return Err(format!(
            "{date} is after today ({today}); record what has happened"
        ));
    }
    Ok(date)
}

impl CaseView {
    pub fn new(case: ViewedCase, back: Screen) -> CaseView {
        CaseView {
            case: Box::new(case),
            scroll: 0,
            form: None,
            contact: None,
            back: Box::new(back),
        }
    }

    /// A key while the form is up; the form is put back unless the key
    /// closes it.
    fn form_update(
        &mut self,
        form: EventForm,
        action: Action,
        today: NaiveDate,
        effects: &mut Vec<Effect>,
    ) {
        self.form = match form {
            EventForm::Kind { cursor } => match action {
                Action::Back => None,
                Action::Up => Some(EventForm::Kind {
                    cursor: cursor.saturating_sub(1),
                }),
                Action::Down => Some(EventForm::Kind {
                    cursor: (cursor + 1).min(FORM_KINDS.len() - 1),
                }),
                Action::Pick(n) if n < FORM_KINDS.len() => Some(EventForm::date(FORM_KINDS[n], "")),
                Action::Next => Some(EventForm::date(FORM_KINDS[cursor], "")),
                _ => Some(EventForm::Kind { cursor }),
            },
            EventForm::Date {
                kind,
                mut input,
                error,
            } => match action {
                Action::Back => {
                    let cursor = FORM_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
                    Some(EventForm::Kind { cursor })
                }
                Action::Next => match event_date(input.value(), today) {
                    Ok(date) => Some(EventForm::Text {
                        kind,
                        date,
                        date_text: input.value().to_owned(),
                        detail: TextInput::new("", TEXT_CHARS),
                        note: TextInput::new("", TEXT_CHARS),
                        on_note: detail_label(kind).is_none(),
                    }),
                    Err(e) => Some(EventForm::Date {
                        kind,
                        input,
                        error: Some(e),
                    }),
                },
                Action::Refuse(c) => Some(EventForm::Date {
                    kind,
                    input,
                    error: Some(format!(
                        "\"{}\" is not part of a date: type t, y, -N or YYYY-MM-DD",
                        crate::text::neutralise(&c.to_string())
                    )),
                }),
                other => {
                    let changed = match other {
                        Action::Type(c) => input.insert(c),
                        Action::Erase => input.erase(),
                        Action::Edit(edit) => input.edit(edit),
                        _ => false,
                    };
                    Some(EventForm::Date {
                        kind,
                        input,
                        error: if changed { None } else { error },
                    })
                }
            },
            EventForm::Text {
                kind,
                date,
                date_text,
                mut detail,
                mut note,
                mut on_note,
            } => {
                match action {
                    Action::Back => {
                        self.form = Some(EventForm::date(kind, &date_text));
                        return;
                    }
                    Action::Next => effects.push(Effect::RecordEvent(EventDraft {
                        kind,
                        date,
                        detail: detail.value().to_owned(),
                        note: note.value().to_owned(),
                    })),
                    // Two fields at most: any move goes to the other one.
                    Action::Up | Action::Down if detail_label(kind).is_some() => {
                        on_note = !on_note;
                    }
                    other => {
                        let field = if on_note { &mut note } else { &mut detail };
                        match other {
                            Action::Type(c) => {
                                field.insert(c);
                            }
                            Action::Erase => {
                                field.erase();
                            }
                            Action::Edit(edit) => {
                                field.edit(edit);
                            }
                            _ => {}
                        }
                    }
                }
                // Kept up until the session has recorded the event (it
                // closes the form then; on a refusal the form stays, as
                // typed, with the reason in the status line).
                Some(EventForm::Text {
                    kind,
                    date,
                    date_text,
                    detail,
                    note,
                    on_note,
                })
            }
        };
    }
}

impl ScreenState for CaseView {
    fn context(&self, _claim: &Claim<'_>) -> Context {
        match &self.form {
            None => Context::Case,
            Some(EventForm::Kind { .. }) => Context::EventKind,
            Some(EventForm::Date { .. }) => Context::EventDate,
            Some(EventForm::Text { .. }) => Context::EventText,
        }
    }

    fn update(&mut self, action: Action, claim: &mut Claim<'_>, effects: &mut Vec<Effect>) -> Step {
        if let Some(form) = self.form.take() {
            self.form_update(form, action, claim.blank.today, effects);
            return Step::Stay;
        }
        match action {
            Action::Back => {
                // The due queue is read again: this case may have left it.
                if matches!(*self.back, Screen::Due(_)) {
                    effects.push(Effect::LoadDue);
                }
                Step::To(std::mem::take(&mut self.back))
            }
            Action::Copy => {
                effects.push(Effect::CopyViewedCase);
                Step::Stay
            }
            Action::RecordEvent => {
                self.form = Some(EventForm::Kind { cursor: 0 });
                Step::Stay
            }
            Action::Letter => {
                effects.push(Effect::OpenLetter(self.case.id.clone()));
                Step::Stay
            }
            Action::ChangeAnswers => {
                effects.push(Effect::EditCase(self.case.id.clone()));
                Step::Stay
            }
            // Name, then phone, then e-mail, each prefilled; the last
            // Enter saves the three (`App::contact_entered`).
            Action::EditContact => {
                let contact = self.case.customer.clone();
                let editor = Editor::new(TextField::CustomerName, &contact.name);
                self.contact = Some(contact);
                Step::Overlay(Overlay::Edit(editor))
            }
            _ => {
                super::scroll(&mut self.scroll, action);
                Step::Stay
            }
        }
    }
}
