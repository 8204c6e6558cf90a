//! `cases export`: every matching case as CSV (spreadsheet-safe) or JSON Lines.

use super::*;
use crate::case::export_line::ExportLine;

/// The CSV columns: the case, the facts the customer gave, the outcome,
/// and the deadlines as of the export day (from the hand-off sections).
pub(super) const CSV_HEADER: [&str; 18] = [
    "case",
    "created_at",
    "claim_date",
    "vendor",
    "issue",
    "verdict",
    "reference",
    "agent",
    "note",
    "channel",
    "order_date",
    "delivery_date",
    "claim_facts",
    "remedies",
    "return_shipping",
    "summary",
    "deadlines",
    "policy_sha256",
];

pub(super) fn csv_record(c: &Case, policies: Option<&PolicySet>, today: NaiveDate) -> Vec<String> {
    use crate::rules::claim::DateFact;
    let sections = case_sections(c, policies, today);
    let field = |want: SectionId| {
        sections
            .iter()
            .find_map(|s| match s {
                Section::Field { id, value, .. } if *id == want => Some(value.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let list = |want: SectionId| {
        sections
            .iter()
            .find_map(|s| match s {
                Section::List { id, items, .. } if *id == want => Some(
                    items
                        .iter()
                        .map(|i| i.line())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                _ => None,
            })
            .unwrap_or_default()
    };
    let r = &c.record;
    let policy = if r.policy.sha256.is_empty() {
        r.policy.fingerprint.clone()
    } else {
        r.policy.sha256.clone()
    };
    vec![
        c.id.clone(),
        c.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        r.claim_date().to_string(),
        r.vendor().to_owned(),
        r.issue().to_owned(),
        r.verdict().id().to_owned(),
        r.reference.clone(),
        r.agent.clone(),
        r.note.clone(),
        r.claim.channel.clone().unwrap_or_default(),
        r.claim.date(DateFact::Order).unwrap_or_default().to_owned(),
        r.claim
            .date(DateFact::Delivery)
            .unwrap_or_default()
            .to_owned(),
        list(SectionId::ClaimFacts),
        r.outcome
            .remedies
            .iter()
            .map(|m| m.id())
            .collect::<Vec<_>>()
            .join(" "),
        r.outcome.return_shipping.id().to_owned(),
        field(SectionId::Summary),
        list(SectionId::Deadlines),
        policy,
    ]
}

pub(super) fn export(
    log: &dyn CaseStore,
    filter: &Filter,
    format: ExportFormat,
    policies: Option<&PolicySet>,
    today: NaiveDate,
    with_contact: bool,
) -> Result<Exit, Failure> {
    let mut left = LeftOut::new(log);
    let mut failed: Option<Failure> = None;
    let progress = crate::cli::progress::of_cases("exporting", log, filter);
    let out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    match format {
        ExportFormat::Jsonl => {
            let mut out = out;
            log.for_each_with_events(filter, &mut |c| {
                match c {
                    Ok((c, events)) => {
                        progress.inc(1);
                        // Written as it is serialised, the characters a
                        // terminal must not receive escaped on the way
                        // (`text::json`): no copy of the line.
                        let claim = c.record.claim.to_json_value();
                        let line = ExportLine::of(&c, &claim, &events, with_contact);
                        let written = crate::text::json::to_writer(&mut out, &line)
                            .map_err(io::Error::from)
                            .and_then(|()| out.write_all(b"\n"));
                        if let Err(e) = written {
                            failed = Some(e.into());
                            return ControlFlow::Break(());
                        }
                    }
                    Err(d) => left.name(&d),
                }
                ControlFlow::Continue(())
            })?;
            if failed.is_none() {
                out.flush()?;
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let contact_columns = ["customer_name", "customer_phone", "customer_email"];
            if with_contact {
                w.write_record(CSV_HEADER.iter().chain(contact_columns.iter()))?;
            } else {
                w.write_record(CSV_HEADER)?;
            }
            log.for_each(filter, &mut |c| {
                match c {
                    Ok(c) => {
                        progress.inc(1);
                        let mut record = csv_record(&c, policies, today);
                        if with_contact {
                            let who = &c.record.customer;
                            record.extend([who.name.clone(), who.phone.clone(), who.email.clone()]);
                        }
                        if let Err(e) = w.write_record(record.iter().map(|v| spreadsheet_safe(v))) {
                            failed = Some(e.into());
                            return ControlFlow::Break(());
                        }
                    }
                    Err(d) => left.name(&d),
                }
                ControlFlow::Continue(())
            })?;
            if failed.is_none() {
                w.flush()?;
            }
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(left.finish(Exit::Success))
}

/// Neutralised, and a leading `=`, `+`, `-`, `@` (which a spreadsheet
/// would run as a formula) quoted with `'`.
pub(super) fn spreadsheet_safe(value: &str) -> String {
    let safe = neutralise(value);
    if safe.starts_with(['=', '+', '-', '@']) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}
