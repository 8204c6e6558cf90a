//! The worker's reads of lists: a page of the history's search, the due
//! queue, and the earlier cases on an order number (repeat claims), each
//! already in words.

use super::Worker;
use crate::case::CaseBrief;
use crate::case::timeline;
use crate::store::{Case, DueQuery, Search};
use crate::wizard::effect::{CaseRow, DueRow};
use crate::wizard::msg::{DuePage, HistoryPage, Msg};

/// How many saved cases the history screen reads at a time (newest
/// first); more are read as the cursor nears the end of those. The search
/// runs in the database over every case, so a million-case log costs what
/// a small one does.
const HISTORY_PAGE: usize = 100;

/// Matches are counted up to this many ("1000+ of 1000000 cases"), so a
/// common word costs no more than a rare one.
const COUNT_CAP: u64 = 1_000;

/// How many earlier cases on the same order the repeat page lists.
const REPEAT_LIMIT: usize = 50;

impl Worker {
    /// A page of the search for `query`: the first (counting the matches)
    /// or, with `more`, the next (its counts are those already shown).
    pub(super) fn history(&mut self, query: String, more: bool) -> Msg {
        let log = match &self.log {
            Ok(log) => log,
            Err(reason) => {
                return Msg::History {
                    query,
                    more,
                    page: Err(reason.clone()),
                };
            }
        };
        let search = Search {
            words: query.clone(),
            after: if more { self.history_next } else { None },
            limit: HISTORY_PAGE,
            ..Search::default()
        };
        let counted = if more {
            Ok((0, 0))
        } else {
            log.total()
                .and_then(|total| Ok((total, log.count(&search, COUNT_CAP + 1)?)))
        };
        let page = match (log.search(&search), counted) {
            (Ok(page), Ok((total, matched))) => {
                self.history_next = page.next;
                Ok(HistoryPage {
                    rows: page.cases.iter().map(|c| self.row(c)).collect(),
                    total,
                    matched,
                    next: page.next.is_some(),
                    // The rest are listed; the damaged ones are named.
                    left_out: crate::store::left_out_line(&page.damaged),
                })
            }
            (Err(e), _) | (_, Err(e)) => Err(e.brief()),
        };
        Msg::History { query, more, page }
    }

    /// The first `limit` cases of the due queue, as of today.
    pub(super) fn due(&self, limit: usize) -> Result<DuePage, String> {
        let log = self.log.as_ref().map_err(Clone::clone)?;
        let query = DueQuery {
            until: None,
            agent: None,
            limit,
        };
        let page = log.due(&query).map_err(|e| e.brief())?;
        let today = self.today;
        let rows = page
            .cases
            .iter()
            .map(|c| {
                let (vendor, issue) = self.in_words(&c.vendor, &c.issue);
                DueRow {
                    id: c.id.clone(),
                    due: c.due,
                    days_left: c.due.map(|d| (d - today).num_days()),
                    status: c.status.id().replace('_', " "),
                    vendor,
                    issue,
                    reference: c.reference.clone(),
                    next_action: c.next_action.clone(),
                }
            })
            .collect();
        Ok(DuePage {
            rows,
            more: page.more,
            left_out: crate::store::left_out_line(&page.damaged),
        })
    }

    /// Earlier cases with order number `reference` (intake's own case
    /// `own` left out), the newest one's hand-off and what its vendor's
    /// policy says about repeat claims.
    pub(super) fn earlier(&self, intake: u64, reference: String, own: Option<String>) -> Msg {
        let Ok(log) = &self.log else {
            return Msg::Said(String::new());
        };
        // Newest first, through the reference index.
        let mut earlier = match log.with_reference(&reference, REPEAT_LIMIT) {
            Ok(cases) => cases,
            Err(e) => return Msg::Said(format!("Could not look up earlier cases: {}", e.brief())),
        };
        // This intake's own case, also when its save's answer has not
        // reached the app yet.
        let ours = self
            .saved
            .as_ref()
            .filter(|s| s.intake == Some(intake))
            .map(|s| s.id.as_str());
        earlier.retain(|c| Some(c.id.as_str()) != own.as_deref() && Some(c.id.as_str()) != ours);
        let (newest_text, advice) = match earlier.first() {
            Some(newest) => (
                self.case_text(newest),
                crate::report::repeat_advice(&self.policies, newest.record.vendor()),
            ),
            None => (String::new(), String::new()),
        };
        let rows = earlier.iter().map(|c| self.row(&brief(c))).collect();
        // Newest first: the first still open or waiting is the one a
        // callback continues.
        let open = earlier
            .iter()
            .find(|c| {
                log.events(&c.id)
                    .map(|events| timeline::standing(&c.record, &events).status.is_active())
                    .unwrap_or(false)
            })
            .map(|c| c.id.clone());
        Msg::Earlier {
            intake,
            reference,
            rows,
            newest_text,
            advice,
            open,
        }
    }

    /// A saved case in words, for the history and repeat lists.
    fn row(&self, record: &CaseBrief) -> CaseRow {
        let (vendor, issue) = self.in_words(&record.vendor, &record.issue);
        let verdict = record.verdict.replace('_', " ");
        CaseRow {
            id: record.id.clone(),
            claim_date: record.claim_date,
            vendor,
            issue,
            verdict,
            reference: record.reference.clone(),
            note: record.note.clone(),
        }
    }

    /// A vendor and issue id as the policy names them ("Mitkco", "Damaged
    /// in transit"); the ids themselves when the policy does not know them.
    pub(super) fn in_words(&self, vendor: &str, issue: &str) -> (String, String) {
        let policy = self.policies.vendor(vendor);
        let issue = policy
            .and_then(|p| p.issue_index(issue).map(|i| p.issues[i].label.clone()))
            .unwrap_or_else(|| issue.to_owned());
        (policy.map_or(vendor.to_owned(), |p| p.name.clone()), issue)
    }
}

/// A case in one line, as the history lists it.
fn brief(c: &Case) -> CaseBrief {
    CaseBrief {
        id: c.id.clone(),
        created_at: c.created_at,
        claim_date: c.record.claim_date(),
        vendor: c.record.vendor().to_owned(),
        issue: c.record.issue().to_owned(),
        verdict: c.record.verdict().id().to_owned(),
        reference: c.record.reference.clone(),
        agent: c.record.agent.clone(),
        note: c.record.note.clone(),
    }
}
