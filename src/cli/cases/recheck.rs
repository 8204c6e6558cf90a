//! `cases recheck`: re-decide saved cases with the policies in force now and list what would differ.

use super::*;

/// What differs between the saved outcome and a fresh one: the verdict
/// change (if any) and the deadline changes.
pub(super) fn differences(
    saved: &DecidedDigest,
    now: &rules::Outcome<'_>,
) -> (Option<String>, Vec<String>) {
    let verdict_change = (saved.verdict != now.verdict)
        .then(|| format!("verdict {} -> {}", saved.verdict.id(), now.verdict.id()));
    let date = |d: Option<NaiveDate>| d.map_or("undated".to_owned(), |d| d.to_string());
    let mut changes = Vec::new();
    for before in &saved.deadlines {
        match now.deadlines.iter().find(|d| d.id == before.id) {
            Some(after) if after.date != before.date => changes.push(format!(
                "{} {} -> {}",
                before.id,
                date(before.date),
                date(after.date)
            )),
            Some(_) => {}
            None => changes.push(format!("{} {} -> gone", before.id, date(before.date))),
        }
    }
    for after in &now.deadlines {
        if !saved.deadlines.iter().any(|d| d.id == after.id) {
            changes.push(format!("{} new {}", after.id, date(after.date)));
        }
    }
    (verdict_change, changes)
}

/// The labels of the version deciding now and of the one the case was
/// saved under, when they differ (the recheck line then says "policy
/// version 2027 applies (in force on the delivery date 2027-01-02; saved
/// under 2026)"); `None` for cases saved before outcomes recorded their
/// version.
pub(super) fn version_applies(
    saved: &DecidedDigest,
    now: &rules::Outcome<'_>,
) -> Option<(String, String)> {
    let saved_policy = saved.policy.as_ref()?;
    if saved_policy.sha256 == now.policy.sha256 {
        return None;
    }
    let label = |v: Option<&str>| v.map_or("(unlabelled)".to_owned(), |v| shown(v, 40));
    Some((
        label(now.policy.version),
        label(saved_policy.version.as_deref()),
    ))
}

/// For each version of the case's vendor policy newer than the one in
/// force for its dates, whose verdict differs from the saved one: "version
/// 2027 would give eligible (saved: not_eligible) but does not apply: in
/// force from 2027-01-01, the delivery date is 2026-12-31".
pub(super) fn newer_versions(
    decider: &mut rules::Decider<'_>,
    claim: &crate::rules::ClaimInput,
    saved: &DecidedDigest,
) -> Vec<String> {
    let Some(in_force) = decider.last_in_force() else {
        return Vec::new();
    };
    let base = in_force.base;
    let (field, date) = in_force.on;
    let newer: Vec<(String, String)> = base
        .versions()
        .filter(|v| v.effective_from.is_some_and(|from| from > date))
        .filter_map(|v| {
            let label = v.version.clone()?;
            let from = v.effective_from?.to_string();
            Some((label, from))
        })
        .collect();
    let mut lines = Vec::new();
    for (label, from) in newer {
        let Some(Ok(outcome)) = decider.decide_under(claim, saved.claim_date, &label) else {
            continue;
        };
        if outcome.verdict != saved.verdict {
            lines.push(format!(
                "version {} would give {} (saved: {}) but does not apply: in force from {from}, the {} is {date}",
                shown(&label, 40),
                outcome.verdict.id(),
                saved.verdict.id(),
                field.noun()
            ));
        }
    }
    lines
}

/// Re-decides every matching case as it streams by; only the lines of
/// cases that differ are kept. With `--format json` each finding is a
/// JSON line (in case order), then a summary line.
pub(super) fn recheck(
    log: &dyn CaseStore,
    filter: &Filter,
    policies: &PolicySet,
    verdicts_only: bool,
    format: ListFormat,
) -> Result<Exit, Failure> {
    let json = format == ListFormat::Json;
    let mut verdict_lines = Vec::new();
    let mut deadline_lines = Vec::new();
    let mut newer_lines: Vec<String> = Vec::new();
    let mut checked = 0usize;
    let mut left = LeftOut::new(log);
    let mut decider = rules::Decider::new(policies);
    let mut out = io::stdout().lock();
    let mut failed: Option<io::Error> = None;
    let progress = crate::cli::progress::of_cases("rechecking", log, filter);
    log.for_each_decision(filter, &mut |c| {
        progress.inc(1);
        let c = match c {
            Ok(c) => c,
            Err(d) => {
                left.name(&d);
                return ControlFlow::Continue(());
            }
        };
        checked += 1;
        let who = || {
            format!(
                "{}  {}/{}",
                c.id,
                shown(&c.decided.vendor, 20),
                shown(&c.decided.issue, 30)
            )
        };
        // The JSON findings, written as they are found (text waits, to
        // list verdict changes first).
        let mut findings: Vec<serde_json::Value> = Vec::new();
        let finding = |kind: &str| {
            serde_json::json!({
                "kind": kind,
                "case": c.id,
                "vendor": c.decided.vendor,
                "issue": c.decided.issue,
                "saved_verdict": c.decided.verdict.id(),
            })
        };
        match decider.decide(&c.claim, c.decided.claim_date) {
            Ok(outcome) => {
                let applies = version_applies(&c.decided, outcome);
                let differences = differences(&c.decided, outcome);
                let now_verdict = outcome.verdict.id();
                let in_force = decider.last_in_force();
                let applies_json = match (&applies, in_force) {
                    (Some((now, saved)), Some(in_force)) => serde_json::json!({
                        "version": now,
                        "saved_under": saved,
                        "in_force_on": in_force.on.0.noun(),
                        "date": in_force.on.1,
                    }),
                    _ => serde_json::Value::Null,
                };
                let applies = match (applies, in_force) {
                    (Some((now, saved)), Some(in_force)) => format!(
                        "; policy version {now} applies (in force on the {} {}; saved under {saved})",
                        in_force.on.0.noun(),
                        in_force.on.1
                    ),
                    _ => String::new(),
                };
                match differences {
                    (Some(verdict), deadlines) => {
                        if json {
                            let mut f = finding("verdict");
                            f["verdict"] = now_verdict.into();
                            f["deadlines"] = deadlines.clone().into();
                            f["policy_version"] = applies_json;
                            findings.push(f);
                        }
                        let mut line = format!("VERDICT    {}  {verdict}", who());
                        for d in deadlines {
                            line.push_str("; ");
                            line.push_str(&d);
                        }
                        line.push_str(&applies);
                        verdict_lines.push(line);
                    }
                    (None, deadlines) if !deadlines.is_empty() => {
                        if json && !verdicts_only {
                            let mut f = finding("deadlines");
                            f["verdict"] = now_verdict.into();
                            f["deadlines"] = deadlines.clone().into();
                            f["policy_version"] = applies_json;
                            findings.push(f);
                        }
                        deadline_lines.push(format!(
                            "DEADLINES  {}  {}{applies}",
                            who(),
                            deadlines.join("; ")
                        ));
                    }
                    (None, _) => {}
                }
                for l in newer_versions(&mut decider, &c.claim, &c.decided) {
                    if json {
                        let mut f = finding("newer");
                        f["detail"] = l.clone().into();
                        findings.push(f);
                    }
                    newer_lines.push(format!("NEWER      {}  {l}", who()));
                }
            }
            Err(e) => {
                if json {
                    let mut f = finding("verdict");
                    f["verdict"] = serde_json::Value::Null;
                    f["error"] = e.to_string().into();
                    findings.push(f);
                }
                verdict_lines.push(format!(
                    "VERDICT    {}  cannot be decided now: {}",
                    who(),
                    shown(&e.to_string(), 120)
                ));
            }
        }
        for f in &findings {
            if let Err(e) = jsonl::line(&mut out, f) {
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let differ = !verdict_lines.is_empty() || (!verdicts_only && !deadline_lines.is_empty());
    let damaged = left.count();
    let code = left.finish(Exit::Success);
    let code = if differ { Exit::Attention } else { code };
    if json {
        jsonl::line(
            &mut out,
            &serde_json::json!({
                "kind": "summary",
                "checked": checked,
                "verdict_changes": verdict_lines.len(),
                "deadline_changes": deadline_lines.len(),
                "newer": newer_lines.len(),
                "damaged": damaged,
            }),
        )?;
        return Ok(code);
    }
    for line in &verdict_lines {
        diag::line(&mut out, line)?;
    }
    if !verdicts_only {
        for line in &deadline_lines {
            diag::line(&mut out, line)?;
        }
    }
    diag::line(
        &mut out,
        format_args!(
            "{} of {} case(s) would get another verdict now; {} more only other deadlines",
            verdict_lines.len(),
            checked,
            deadline_lines.len()
        ),
    )?;
    // Which cases a newer version would decide otherwise, though it does
    // not apply to them: worth knowing, not a difference (exit status).
    for line in &newer_lines {
        diag::line(&mut out, line)?;
    }
    if !newer_lines.is_empty() {
        diag::line(
            &mut out,
            format_args!(
                "{} time(s) a newer policy version would decide a case differently but does not apply to it by its dates",
                newer_lines.len()
            ),
        )?;
    }
    if damaged > 0 {
        writeln!(
            out,
            "{damaged} damaged case(s) could not be re-checked (named on standard error)"
        )?;
    }
    Ok(code)
}
