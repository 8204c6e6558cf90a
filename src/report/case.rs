//! A saved case's hand-off: its header, what happened after the call (contact, status, timeline) and the evidence ticked.

use super::*;

/// A saved case's hand-off as sections: header, outcome, the facts the
/// customer gave, and each deadline as of `as_of`.
pub fn case_sections(case: &Case, policies: Option<&PolicySet>, as_of: NaiveDate) -> Vec<Section> {
    let header = CaseHeader::from_case(case);
    sections(&HandOff {
        header: Some(&header),
        outcome: &case.record.outcome,
        claim: Some(&case.record.claim),
        policy: policies.and_then(|p| p.vendor(case.record.vendor())),
        as_of: Some(as_of),
    })
}

/// A saved case's hand-off: exactly what `claimdesk cases show` prints
/// (the wizard's case screen and copy key, plain mode's repeat warning).
pub fn case_text(case: &Case, policies: &PolicySet, as_of: NaiveDate) -> String {
    render_text(&case_sections(case, Some(policies), as_of))
}

/// What the vendor's policy says about a claim on an order that already
/// has a case, or that it says nothing.
pub fn repeat_advice(policies: &PolicySet, vendor: &str) -> String {
    match policies.vendor(vendor) {
        Some(policy) => match &policy.repeat_claim {
            Some((text, clauses)) if clauses.is_empty() => text.clone(),
            Some((text, clauses)) => format!("{text} ({})", clauses.join(", ")),
            None => format!(
                "{}'s policy does not say whether a replacement or a second claim on the \
                 same order restarts any time limit.",
                policy.name
            ),
        },
        None => format!("The policy for \"{vendor}\" is not loaded."),
    }
}

/// A saved case's hand-off with what happened after the call: the
/// sections of [`case_sections`], and [`timeline_sections`] after the
/// header. `claimdesk cases show` prints exactly this, and the wizard's
/// copy key copies it.
pub fn case_sections_with_timeline(
    case: &Case,
    events: &[crate::case::timeline::Event],
    policies: Option<&PolicySet>,
    as_of: NaiveDate,
) -> Vec<Section> {
    let mut sections = case_sections(case, policies, as_of);
    tick_evidence(&mut sections, events);
    let at = sections
        .iter()
        .position(|s| !matches!(s, Section::Field { id, .. } if id.is_case_header()))
        .unwrap_or(sections.len());
    sections.splice(at..at, timeline_sections(case, events, as_of));
    sections
}

/// Ticks each evidence item an `evidence_sent` event names (its text, or
/// a part of it, ignoring case): the item gets the day it was sent.
pub(super) fn tick_evidence(sections: &mut [Section], events: &[crate::case::timeline::Event]) {
    let sent: Vec<(String, NaiveDate)> = events
        .iter()
        .filter(|e| e.kind == crate::case::timeline::EventKind::EvidenceSent)
        .filter_map(|e| Some((e.extra.what.as_deref()?.trim().to_lowercase(), e.date)))
        .filter(|(what, _)| !what.is_empty())
        .collect();
    for section in sections {
        if let Section::List {
            id: SectionId::Evidence,
            items,
            ..
        } = section
        {
            for item in items.iter_mut() {
                let text = item.text.to_lowercase();
                item.date = sent
                    .iter()
                    .filter(|(what, _)| text == *what || text.contains(what.as_str()))
                    .map(|(_, on)| *on)
                    .min();
                if item.date.is_some() {
                    item.when = "sent".to_owned();
                    item.standing = Some(Standing {
                        words: "sent".to_owned(),
                        mark: None,
                        tone: Tone::Met,
                    });
                }
            }
        }
    }
}

/// [`case_sections_with_timeline`] as plain text.
pub fn case_text_with_timeline(
    case: &Case,
    events: &[crate::case::timeline::Event],
    policies: &PolicySet,
    as_of: NaiveDate,
) -> String {
    render_text(&case_sections_with_timeline(
        case,
        events,
        Some(policies),
        as_of,
    ))
}

/// What a saved case's hand-off adds after the call: the customer's
/// contact (when given), the derived status, next action and due date as
/// of `as_of`, and the timeline. `cases show` puts them after the case's
/// header; the wizard's case screen can do the same.
pub fn timeline_sections(
    case: &Case,
    events: &[crate::case::timeline::Event],
    as_of: NaiveDate,
) -> Vec<Section> {
    let standing = crate::case::timeline::standing(&case.record, events);
    let events = crate::case::timeline::in_order(events);
    let mut out = Vec::new();
    let who = &case.record.customer;
    for (id, key, value) in [
        (SectionId::CustomerName, "Customer", &who.name),
        (SectionId::CustomerPhone, "Phone", &who.phone),
        (SectionId::CustomerEmail, "E-mail", &who.email),
    ] {
        if !value.is_empty() {
            out.push(field(id, key, value.clone()));
        }
    }
    out.push(field(
        SectionId::Status,
        "Status",
        standing.status.id().to_owned(),
    ));
    if !standing.next_action.is_empty() {
        out.push(field(
            SectionId::NextAction,
            "Next",
            standing.next_action.clone(),
        ));
    }
    if standing.status.is_active() {
        out.push(field(SectionId::Due, "Due", standing.due_words(as_of)));
    }
    let items = events
        .iter()
        .map(|e| {
            let detail = e.detail();
            let mut text = e.kind.words().to_owned();
            if !detail.is_empty() {
                text.push_str(": ");
                text.push_str(&detail);
            }
            if !e.note.is_empty() {
                text.push_str(&format!(" ({})", e.note));
            }
            if !e.agent.is_empty() {
                text.push_str(&format!(", by {}", e.agent));
            }
            Item {
                date: Some(e.date),
                when: format!(
                    "recorded {}",
                    crate::case::local_time(e.recorded_at).format("%Y-%m-%d %H:%M")
                ),
                text,
                ..Item::default()
            }
        })
        .collect();
    out.push(Section::List {
        id: SectionId::Timeline,
        title: "Timeline".to_owned(),
        numbered: false,
        items,
    });
    out
}
