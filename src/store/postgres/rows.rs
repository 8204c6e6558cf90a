//! Reading the shared log's rows: the select lists, a row as a case or a
//! brief (or the damaged case it is), and a filter's conditions.

use super::*;

pub(super) fn refs(values: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// `text` with LIKE's wildcards and escape taken literally.
pub(super) fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn conditions(filter: &Filter, sql: &mut String, values: &mut Vec<Param>) {
    let mut narrow = |clause: &str, value: String| {
        values.push(Box::new(value));
        sql.push_str(&format!(" AND {clause} ${}", values.len()));
    };
    if let Some(from) = filter.from {
        narrow("c.claim_date >=", from.to_string());
    }
    if let Some(to) = filter.to {
        narrow("c.claim_date <=", to.to_string());
    }
    if let Some(vendor) = &filter.vendor {
        narrow("c.vendor =", vendor.clone());
    }
    if let Some(verdict) = filter.verdict {
        narrow("c.verdict =", verdict.id().to_owned());
    }
    if let Some(reference) = &filter.reference {
        narrow("c.reference_key =", reference_key(reference));
    }
}

/// A `timestamptz` column read back as the store's naive UTC.
pub(super) fn read_instant(row: &Row, i: usize) -> Result<NaiveDateTime, tokio_postgres::Error> {
    row.try_get::<_, DateTime<Utc>>(i).map(|t| t.naive_utc())
}

pub(super) const COLUMNS: &str = "c.id, c.created_at, c.updated_at, c.reference, c.agent, c.note, \
     c.claim_json, c.outcome_json, c.policy_fingerprint, c.policy_origin, c.policy_sha256, \
     c.policy_version, c.version, c.updated_by, c.sort_key, c.customer_name, \
     c.customer_phone, c.customer_email, c.case_key, c.imported_from";

/// A row as a case, or as a [`DamagedCase`] naming the column that holds
/// what the store never writes.
pub(super) fn read_case(row: &Row) -> Streamed {
    let id: String = row.try_get(0).unwrap_or_default();
    let damaged = |column: &str, e: &dyn std::fmt::Display| DamagedCase {
        id: crate::text::shown(&id, 40),
        detail: format!("{column}: {}", crate::text::shown(&e.to_string(), 120)),
    };
    let text = |i: usize, name: &str| -> Result<String, DamagedCase> {
        row.try_get::<_, String>(i).map_err(|e| damaged(name, &e))
    };
    let claim_value: serde_json::Value =
        serde_json::from_str(&text(6, "claim_json")?).map_err(|e| damaged("claim_json", &e))?;
    let claim = ClaimInput::from_value(&claim_value).map_err(|e| damaged("claim_json", &e))?;
    let outcome: OutcomeRecord =
        serde_json::from_str(&text(7, "outcome_json")?).map_err(|e| damaged("outcome_json", &e))?;
    let when = |i: usize, name: &str| -> Result<NaiveDateTime, DamagedCase> {
        read_instant(row, i).map_err(|e| damaged(name, &e))
    };
    Ok(Case {
        id: id.clone(),
        created_at: when(1, "created_at")?,
        updated_at: when(2, "updated_at")?,
        version: row.try_get(12).map_err(|e| damaged("version", &e))?,
        updated_by: text(13, "updated_by")?,
        record: CaseRecord {
            reference: text(3, "reference")?,
            agent: text(4, "agent")?,
            note: text(5, "note")?,
            policy: PolicyRef {
                vendor: outcome.vendor.clone(),
                version: row.try_get(11).map_err(|e| damaged("policy_version", &e))?,
                sha256: text(10, "policy_sha256")?,
                fingerprint: text(8, "policy_fingerprint")?,
                origin: text(9, "policy_origin")?,
            },
            customer: Contact {
                name: text(15, "customer_name")?,
                phone: text(16, "customer_phone")?,
                email: text(17, "customer_email")?,
            },
            key: text(18, "case_key")?,
            imported_from: row.try_get(19).map_err(|e| damaged("imported_from", &e))?,
            claim,
            outcome,
        },
    })
}

pub(super) const BRIEF: &str = "c.id, c.created_at, c.claim_date, c.vendor, c.issue, c.verdict, \
     c.reference, c.agent, c.note, c.sort_key";

pub(super) fn read_brief(row: &Row) -> Result<CaseBrief, DamagedCase> {
    let id: String = row.try_get(0).unwrap_or_default();
    let damaged = |column: &str, e: &dyn std::fmt::Display| DamagedCase {
        id: crate::text::shown(&id, 40),
        detail: format!("{column}: {}", crate::text::shown(&e.to_string(), 120)),
    };
    let text = |i: usize| -> Result<String, DamagedCase> {
        row.try_get::<_, String>(i)
            .map_err(|e| damaged("a column", &e))
    };
    let claim_date = text(2)?;
    Ok(CaseBrief {
        id: id.clone(),
        created_at: read_instant(row, 1).map_err(|e| damaged("created_at", &e))?,
        claim_date: NaiveDate::parse_from_str(&claim_date, "%Y-%m-%d")
            .map_err(|e| damaged("claim_date", &e))?,
        vendor: text(3)?,
        issue: text(4)?,
        verdict: text(5)?,
        reference: text(6)?,
        agent: text(7)?,
        note: text(8)?,
    })
}
