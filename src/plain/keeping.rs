//! What one plain-mode run keeps besides the claim: the case log, the
//! draft of the claim being taken, and the unfinished claims other runs
//! left, offered at the start (as the wizard offers them).

use super::{Lines, PlainOut};
use crate::intake::Intake;
use crate::intake::draft::{self, Draft};
use crate::rules::PolicySet;
use crate::store::CaseStore;
use crate::store::drafts::{DraftSlot, DraftStore, Orphan};
use std::io::{self, BufRead, Write};

/// The case log and the draft slot of one plain-mode run.
pub(super) struct Keeping<'p> {
    pub(super) policies: &'p PolicySet,
    pub(super) log: Result<Box<dyn CaseStore>, String>,
    /// Stamped on saved cases and recorded events.
    pub(super) agent: String,
    store: Option<DraftStore>,
    slot: Option<DraftSlot>,
    /// The draft last written, to mark how the intake was left.
    last: Option<Draft>,
    /// The case key of the claim resumed from a draft whose save may have
    /// landed after it was left (`Draft::resume_key`): its save goes under
    /// it, so that case is found rather than saved twice.
    pub(super) resumed_key: Option<String>,
    /// The day deadlines of saved cases are read as of, and events
    /// checked against.
    pub(super) today: chrono::NaiveDate,
    /// The letter's settings, and the data folder's `letters/`.
    pub(super) post: crate::letter::deliver::Post,
    pub(super) letters: Option<std::path::PathBuf>,
}

impl<'p> Keeping<'p> {
    pub(super) fn open(
        policies: &'p PolicySet,
        desk: &super::Desk<'_>,
        today: chrono::NaiveDate,
    ) -> Self {
        let log = match desk.data_dir {
            Some(dir) => crate::store::open_in(dir).map_err(|e| e.brief()),
            None => Err("no data folder on this system (use --data-dir)".to_owned()),
        };
        let (store, slot) = match desk.data_dir.filter(|_| desk.drafts) {
            Some(dir) => match DraftStore::open_in(dir).and_then(|s| Ok((s.new_slot()?, s))) {
                Ok((slot, store)) => (Some(store), Some(slot)),
                Err(_) => (None, None),
            },
            None => (None, None),
        };
        Keeping {
            policies,
            log,
            agent: desk.agent.clone(),
            store,
            slot,
            last: None,
            resumed_key: None,
            today,
            post: desk.post.clone(),
            letters: desk
                .data_dir
                .map(|d| d.join(crate::letter::deliver::LETTERS_DIR)),
        }
    }

    /// Drafts left by stopped wizards or plain-mode runs, readable ones only.
    fn offers(&self) -> Vec<(Orphan, Draft)> {
        let Some(store) = &self.store else {
            return Vec::new();
        };
        store
            .orphans()
            .into_iter()
            .filter_map(|o| Draft::from_json(&o.bytes).ok().map(|d| (o, d)))
            .collect()
    }

    /// Keeps the intake as it stands; `step` 0 is the order number.
    pub(super) fn keep_draft(&mut self, intake: &Intake<'_>, reference: &str, step: usize) {
        let Some(slot) = &mut self.slot else {
            return;
        };
        let draft = Draft {
            version: draft::VERSION,
            saved_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            today: intake.today,
            claim: intake.input.to_json_value(),
            reference: reference.to_owned(),
            note: String::new(),
            screen: if step == 0 { "reference" } else { "question" }.to_owned(),
            step: step.saturating_sub(1),
            editing_claim_date: false,
            return_to_review: false,
            cursor: 0,
            filter: String::new(),
            typed: Default::default(),
            review_cursor: 0,
            scroll: 0,
            case_id: None,
            case_key: None,
            editing: None,
            left: None,
        };
        // A draft that cannot be written costs nothing but the draft.
        let _ = slot.write(&draft.to_json());
        self.last = Some(draft);
    }

    /// Says in the draft how the intake was left (the agent typed quit),
    /// so the next start words the cause truthfully.
    pub(super) fn leave(&mut self, how: &str) {
        if let (Some(slot), Some(draft)) = (&mut self.slot, &mut self.last) {
            draft.left = Some(how.to_owned());
            let _ = slot.write(&draft.to_json());
        }
    }

    /// The claim is in the case log (or was finished without one, or the
    /// agent went on with a saved case instead): no draft to keep.
    pub(super) fn finished(&mut self) {
        if let Some(slot) = self.slot.take() {
            let _ = slot.remove();
        }
        self.last = None;
    }

    /// A fresh draft slot for the next claim of the run. A claim that
    /// could not be saved leaves its draft on disk (unlocked), offered at
    /// the next start, as a wizard that stopped leaves its own.
    pub(super) fn next_claim(&mut self) {
        if let Some(slot) = self.slot.take()
            && !slot.has_draft()
        {
            let _ = slot.remove();
        }
        self.last = None;
        self.resumed_key = None;
        self.slot = self.store.as_ref().and_then(|s| s.new_slot().ok());
    }
}

impl Drop for Keeping<'_> {
    /// A slot that never held a draft leaves no file behind; one with a
    /// draft stays for the next start to offer.
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take()
            && !slot.has_draft()
        {
            let _ = slot.remove();
        }
    }
}

/// The intake a resumed draft holds, with its reference, and the step it
/// stopped at.
pub(super) type Resumed<'p> = ((Intake<'p>, String), usize);

/// Lists the unfinished claims on offer and lets the agent resume one,
/// delete one (after asking) or start afresh.
pub(super) fn offer_drafts<'p>(
    keeping: &mut Keeping<'_>,
    blank: &Intake<'p>,
    input: &mut Lines<impl BufRead>,
    out: &mut PlainOut<impl Write>,
) -> io::Result<Option<Resumed<'p>>> {
    let mut offers = keeping.offers();
    while !offers.is_empty() {
        out.line("")?;
        out.line("Unfinished claims (every answer typed was kept):")?;
        for (i, (_, d)) in offers.iter().enumerate() {
            let (what, at) = d.describe(blank.policies);
            out.line(&format!(
                "   {}) {} · {what}, {at} ({})",
                i + 1,
                d.saved_at,
                d.left_words()
            ))?;
        }
        out.line("Type a number to resume it, d and a number to delete one, or an empty line for a new claim.")?;
        out.prompt()?;
        let Some(answer) = input.next()? else {
            return Ok(None);
        };
        let answer = answer.to_lowercase();
        if answer.is_empty() {
            return Ok(None);
        }
        let (delete, number) = match answer.strip_prefix('d') {
            Some(rest) => (true, rest.trim()),
            None => (false, answer.as_str()),
        };
        let Some(index) = number
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < offers.len())
        else {
            out.line(&format!(
                "Not accepted: type a number from 1 to {}, d and a number, or an empty line",
                offers.len()
            ))?;
            continue;
        };
        if delete {
            let (what, _) = offers[index].1.describe(blank.policies);
            out.line(&format!(
                "Delete the unfinished claim {} ({what})? Type yes to delete it.",
                index + 1
            ))?;
            out.prompt()?;
            let sure = input.next()?.unwrap_or_default();
            if sure.eq_ignore_ascii_case("yes") {
                let (orphan, _) = offers.remove(index);
                match orphan.slot.remove() {
                    Ok(()) => out.line("Deleted.")?,
                    Err(e) => out.line(&format!("Could not delete it: {e}"))?,
                }
            } else {
                out.line("Kept.")?;
            }
            continue;
        }
        let (orphan, d) = offers.remove(index);
        let input_claim = match crate::rules::claim::ClaimInput::from_value(&d.claim) {
            Ok(c) => c,
            Err(e) => {
                out.line(&format!("That draft cannot be resumed: {e}"))?;
                continue;
            }
        };
        let intake = Intake {
            input: input_claim,
            today: d.today,
            ..blank.clone()
        };
        let questions = intake.questions().len();
        let step = match d.screen.as_str() {
            "reference" | "repeat" => 0,
            "question" => (d.step + 1).min(questions),
            // An outcome or answers page: every question was answered.
            _ => questions + 1,
        };
        // The resumed draft's files become this run's.
        if let Some(old) = keeping.slot.replace(orphan.slot) {
            let _ = old.remove();
        }
        keeping.resumed_key = d.resume_key().map(str::to_owned);
        return Ok(Some(((intake, d.reference.clone()), step)));
    }
    Ok(None)
}
