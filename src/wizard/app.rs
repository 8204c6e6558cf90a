//! The wizard's dispatch: which screen is up, what overlay stands over
//! it, and quitting. Each screen's own state and keys are in `screens/`;
//! the claim they share is `claim.rs`. No drawing here (`view.rs`) and no
//! I/O (the session carries out the [`Effect`]s a key asks for).

use super::claim::Claim;
use super::keys::{Action, Context, action_for};
use super::msg::Msg;
use super::screens::{
    CaseView, DueState, HistoryState, QuestionState, RepeatState, ResumeState, ReviewState, Step,
};
use crate::intake::{Intake, Question};
use crate::rules::claim::Fact;
use crate::rules::{DecideError, Outcome, Preview};

pub use super::effect::{
    CaseRow, CaseStatus, DraftOffer, DueRow, Editor, Effect, EventDraft, Overlay, TextField,
    ViewedCase,
};
pub use super::screens::{Screen, ScreenKind};

pub struct App<'p> {
    /// The claim being taken, which every intake screen shares.
    pub claim: Claim<'p>,
    /// The screen on display, with its own state.
    /// Saves waiting in the offline outbox of a shared log (the header
    /// says how many).
    pub waiting: usize,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// For the session to carry out, in order.
    pub effects: Vec<Effect>,
    /// A one-line message in place of the footer, until the next key.
    pub status: Option<String>,
    /// Work out on the worker (the header names the first).
    pub busy: Vec<super::msg::Busy>,
    pub quit: bool,
}

impl<'p> App<'p> {
    /// A new claim, starting at the reference question.
    pub fn new(intake: Intake<'p>) -> Self {
        App {
            claim: Claim::new(intake),
            screen: Screen::default(),
            waiting: 0,
            overlay: None,
            effects: Vec::new(),
            status: None,
            busy: Vec::new(),
            quit: false,
        }
    }

    /// A new claim, but first the unfinished intakes on offer.
    pub fn with_offers(intake: Intake<'p>, offers: Vec<DraftOffer>) -> Self {
        let mut app = App::new(intake);
        if !offers.is_empty() {
            app.screen = Screen::Resume(ResumeState { offers, cursor: 0 });
        }
        app
    }

    /// Which screen is up.
    pub fn kind(&self) -> ScreenKind {
        self.screen.kind()
    }

    /// The outcome of the claim as answered so far (decided once per
    /// change of the answers).
    pub fn outcome(&self) -> Result<Outcome<'p>, DecideError> {
        self.claim.outcome()
    }

    /// The facts whose questions the agent has not been through yet (only
    /// on a question; elsewhere every question has been through).
    pub fn pending_facts(&self) -> Vec<Fact> {
        match &self.screen {
            Screen::Question(q) => q.pending_facts(&self.claim),
            _ => Vec::new(),
        }
    }

    /// The honest verdict so far, given the facts still pending.
    pub fn preview(&self) -> Preview {
        self.claim.preview(self.pending_facts())
    }

    /// The question screen's state, when a question is up.
    pub fn question_state(&self) -> Option<&QuestionState> {
        match &self.screen {
            Screen::Question(q) => Some(q),
            _ => None,
        }
    }

    /// The question on screen.
    pub fn question(&self) -> Option<Question> {
        self.question_state()?.question(&self.claim)
    }

    /// The text in the date field on screen.
    pub fn date_text(&self) -> &str {
        self.question_state().map_or("", QuestionState::date_text)
    }

    pub fn history(&self) -> Option<&HistoryState> {
        match &self.screen {
            Screen::History(h) => Some(h),
            _ => None,
        }
    }

    pub fn history_mut(&mut self) -> Option<&mut HistoryState> {
        match &mut self.screen {
            Screen::History(h) => Some(h),
            _ => None,
        }
    }

    pub fn due(&self) -> Option<&DueState> {
        match &self.screen {
            Screen::Due(d) => Some(d),
            _ => None,
        }
    }

    pub fn due_mut(&mut self) -> Option<&mut DueState> {
        match &mut self.screen {
            Screen::Due(d) => Some(d),
            _ => None,
        }
    }

    /// The case screen, when a case is open.
    pub fn case_view(&self) -> Option<&CaseView> {
        match &self.screen {
            Screen::Case(c) => Some(c),
            _ => None,
        }
    }

    pub fn case_view_mut(&mut self) -> Option<&mut CaseView> {
        match &mut self.screen {
            Screen::Case(c) => Some(c),
            _ => None,
        }
    }

    pub fn resume(&self) -> Option<&ResumeState> {
        match &self.screen {
            Screen::Resume(r) => Some(r),
            _ => None,
        }
    }

    /// The text in the edit overlay, if one is up.
    pub fn editor_text(&self) -> &str {
        match &self.overlay {
            Some(Overlay::Edit(e)) => e.input.value(),
            _ => "",
        }
    }

    /// The screen under the history and case screens: where the intake
    /// itself stands.
    pub fn intake_screen(&self) -> &Screen {
        self.screen.intake_screen()
    }

    /// Whether quitting or starting over would lose something the case log
    /// does not hold: quitting asks first (the draft keeps it), starting
    /// over asks before clearing it.
    pub fn unfinished(&self) -> bool {
        let claim = &self.claim;
        let saved = matches!(claim.case, CaseStatus::Saved(_));
        match self.intake_screen() {
            Screen::Resume(_) => false,
            Screen::Outcome(_) => {
                claim.case_behind || matches!(claim.case, CaseStatus::NotSaved(_))
            }
            Screen::Review(_) => claim.case_behind || (claim.has_answers() && !saved),
            // A callback looked up by its order number: nothing typed but it.
            Screen::Repeat(_) => claim.intake.input != Default::default() || !claim.note.is_empty(),
            _ => claim.has_answers(),
        }
    }

    /// Whether the intake holds work the case log does not: then a draft
    /// must be kept, so a crash or a closed terminal loses nothing.
    pub fn needs_draft(&self) -> bool {
        let editing = matches!(self.overlay, Some(Overlay::Edit(_)));
        let claim = &self.claim;
        match self.intake_screen() {
            Screen::Resume(_) => false,
            Screen::Outcome(_) => {
                editing || claim.case_behind || !matches!(claim.case, CaseStatus::Saved(_))
            }
            Screen::Repeat(_) => claim.intake.input != Default::default() || !claim.note.is_empty(),
            _ => claim.has_answers(),
        }
    }

    /// The one way the app's state changes: a key, or the answer to
    /// work it asked for. What it wants done next is queued in
    /// [`App::effects`] (see [`App::take_effects`]); nothing here does I/O.
    pub fn update(&mut self, msg: impl Into<Msg>) {
        match msg.into() {
            Msg::Key(key) => {
                self.status = None;
                let action = action_for(self.context(), &key);
                self.apply(action);
            }
            answer => self.answer(answer),
        }
    }

    /// The effects queued since the last call, for the session.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Which key map is in force: the overlay's, else the screen's.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::ConfirmQuit | Overlay::ConfirmNew | Overlay::ConfirmDiscard) => {
                Context::Confirm
            }
            Some(Overlay::Edit(_)) => Context::Editor,
            Some(Overlay::Letter(ref menu)) => menu.context(),
            None => self.screen_context(),
        }
    }

    /// The key map of the screen itself, under any overlay (what the help
    /// page lists).
    pub fn screen_context(&self) -> Context {
        self.screen.state().context(&self.claim)
    }

    pub fn apply(&mut self, action: Action) {
        if self.overlay.is_some() {
            self.overlay_action(action);
            return;
        }
        match action {
            Action::None => {}
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => {
                if self.unfinished() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Action::NewClaim => {
                if self.unfinished() {
                    self.overlay = Some(Overlay::ConfirmNew);
                } else {
                    self.start_over();
                }
            }
            Action::History => self.open_history(),
            Action::Due => self.open_due(),
            other => {
                let step =
                    self.screen
                        .state_mut()
                        .update(other, &mut self.claim, &mut self.effects);
                self.take_step(step);
            }
        }
    }

    fn take_step(&mut self, step: Step) {
        match step {
            Step::Stay => {}
            Step::To(screen) => self.screen = *screen,
            Step::Overlay(overlay) => self.overlay = Some(overlay),
            Step::Say(words) => self.status = Some(words),
        }
    }

    fn overlay_action(&mut self, action: Action) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        match (overlay, action) {
            // Ctrl-C on "Quit?" is a yes; over anything else it asks.
            (Overlay::ConfirmQuit, Action::Yes | Action::Quit) => self.quit = true,
            (_, Action::Quit) => self.apply(Action::Quit),
            (Overlay::ConfirmNew, Action::Yes) => self.start_over(),
            (Overlay::ConfirmDiscard, Action::Yes) => {
                if let Screen::Resume(resume) = &mut self.screen {
                    let step = resume.discard(&mut self.effects);
                    self.take_step(step);
                }
            }
            (
                Overlay::ConfirmQuit | Overlay::ConfirmNew | Overlay::ConfirmDiscard,
                Action::No | Action::Back,
            ) => {}
            (Overlay::Edit(_), Action::NewClaim) => self.apply(Action::NewClaim),
            (Overlay::Edit(editor), action) => self.edit_action(editor, action),
            (Overlay::Letter(menu), action) => {
                let mut jobs = Vec::new();
                self.overlay = menu
                    .update(action, &mut jobs, &mut self.status)
                    .map(|menu| Overlay::Letter(Box::new(menu)));
                // One letter at a time: a second `s` while the first is
                // on its way would e-mail the customer twice.
                if !jobs.is_empty() && self.busy.contains(&super::msg::Busy::Sending) {
                    self.status =
                        Some("A letter is still on its way: wait for it, then try again".into());
                } else {
                    self.effects.extend(jobs);
                }
            }
            (Overlay::Help, Action::None) => self.overlay = Some(Overlay::Help),
            (Overlay::Help, _) => {}
            (other, _) => self.overlay = Some(other),
        }
    }

    /// A key in the edit overlay (taken out of `self.overlay`: put back
    /// unless the key closes it).
    fn edit_action(&mut self, mut editor: Editor, action: Action) {
        match action {
            Action::Type(c) => {
                editor.input.insert(c);
            }
            Action::Erase => {
                editor.input.erase();
            }
            Action::Edit(edit) => {
                editor.input.edit(edit);
            }
            Action::Back => {
                if let Screen::Case(view) = &mut self.screen {
                    view.contact = None;
                }
                return;
            }
            Action::Next => {
                let text = editor.input.value().trim().to_owned();
                let slot = match editor.field {
                    TextField::Reference => &mut self.claim.reference,
                    TextField::Note => &mut self.claim.note,
                    TextField::CustomerName
                    | TextField::CustomerPhone
                    | TextField::CustomerEmail => {
                        self.contact_entered(editor, text);
                        return;
                    }
                };
                if *slot == text {
                    return;
                }
                *slot = text;
                self.effects.push(Effect::SaveAnnotation);
                if editor.field == TextField::Reference {
                    self.effects.push(Effect::LookUpReference);
                }
                return;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Edit(editor));
    }

    fn start_over(&mut self) {
        let keep_drafts = self.kind() == ScreenKind::Resume;
        *self = App::new(self.claim.blank.clone());
        if keep_drafts {
            self.effects.push(Effect::KeepDrafts);
        }
    }

    /// Ctrl-R: the saved cases over the intake screen (which waits under
    /// them as it was).
    fn open_history(&mut self) {
        let under = std::mem::take(&mut self.screen).into_intake();
        self.screen = Screen::History(HistoryState::over(under));
        self.effects.push(Effect::LoadHistory);
    }

    /// Ctrl-D: the due queue over the intake screen (which waits under it
    /// as it was).
    fn open_due(&mut self) {
        let under = std::mem::take(&mut self.screen).into_intake();
        self.screen = Screen::Due(DueState::over(under));
        self.effects.push(Effect::LoadDue);
    }

    /// Enter in one of the case screen's contact editors: the next one
    /// opens, prefilled; after the e-mail (which must have an @ when
    /// given) the three are saved, when changed.
    fn contact_entered(&mut self, editor: Editor, text: String) {
        let Screen::Case(view) = &mut self.screen else {
            return;
        };
        let contact = view
            .contact
            .get_or_insert_with(|| view.case.customer.clone());
        let next = match editor.field {
            TextField::CustomerName => {
                contact.name = text;
                Editor::new(TextField::CustomerPhone, &contact.phone)
            }
            TextField::CustomerPhone => {
                contact.phone = text;
                Editor::new(TextField::CustomerEmail, &contact.email)
            }
            _ if !text.is_empty() && !text.contains('@') => {
                self.status = Some("An e-mail address has an @, like name@example.com".to_owned());
                self.overlay = Some(Overlay::Edit(editor));
                return;
            }
            _ => {
                contact.email = text;
                if let Some(contact) = view.contact.take()
                    && contact != view.case.customer
                {
                    self.effects.push(Effect::SaveContact {
                        id: view.case.id.clone(),
                        contact,
                    });
                }
                return;
            }
        };
        self.overlay = Some(Overlay::Edit(next));
    }

    /// The session's answer to [`Effect::OpenLetter`]: the letter menu
    /// over the screen.
    pub fn letter_opened(&mut self, menu: super::letter::LetterMenu) {
        self.overlay = Some(Overlay::Letter(Box::new(menu)));
    }

    /// The letter menu, if it is up.
    pub fn letter_menu(&self) -> Option<&super::letter::LetterMenu> {
        match &self.overlay {
            Some(Overlay::Letter(menu)) => Some(menu.as_ref()),
            _ => None,
        }
    }

    /// The session's answer to [`Effect::OpenCase`]: the case over the
    /// screen it was opened from (the history, the repeat-claim page, the
    /// due queue), or the case on screen shown again after an event.
    pub fn case_opened(&mut self, case: ViewedCase) {
        self.screen = match std::mem::take(&mut self.screen) {
            Screen::Case(view) if view.case.id == case.id => Screen::Case(CaseView {
                case: Box::new(case),
                form: None,
                contact: None,
                ..view
            }),
            Screen::Case(view) => Screen::Case(CaseView::new(case, *view.back)),
            other => Screen::Case(CaseView::new(case, other)),
        };
    }

    /// The session's answer to [`Effect::LookUpReference`]: earlier cases
    /// with this reference (this intake's own case left out), the newest
    /// one's hand-off text, and what its vendor's policy says about repeat
    /// claims. On a new claim they are shown before the first question;
    /// later, a status line says so.
    /// The newest earlier case still open or waiting (Enter on the repeat
    /// page continues it); `None`: every earlier case is resolved or
    /// closed, so Enter starts a new claim.
    pub fn earlier_open(&mut self, id: Option<String>) {
        self.claim.earlier_open = id;
    }

    pub fn earlier_found(
        &mut self,
        mut earlier: Vec<CaseRow>,
        newest_text: String,
        advice: String,
    ) {
        let claim = &mut self.claim;
        if let CaseStatus::Saved(own) = &claim.case {
            earlier.retain(|c| &c.id != own);
        }
        claim.earlier = earlier;
        claim.earlier_text = newest_text;
        claim.repeat_advice = advice;
        if claim.earlier.is_empty() {
            return;
        }
        let at_first_question =
            matches!(&self.screen, Screen::Question(q) if q.step == 0 && !q.editing_claim_date);
        if at_first_question && claim.intake.input == Default::default() {
            self.screen = Screen::Repeat(RepeatState::default());
        } else {
            let ids: Vec<&str> = claim.earlier.iter().map(|c| c.id.as_str()).collect();
            self.status = Some(format!(
                "This order also has case {} (^R to look)",
                ids.join(", ")
            ));
        }
    }

    /// The answers page's rows: every question, then the claim date.
    pub fn review_rows(&self) -> Vec<crate::intake::Field> {
        ReviewState::rows(&self.claim)
    }
}
