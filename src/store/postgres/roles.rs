//! Who may do what in a shared log: `claimdesk admin init-db`'s roles,
//! and the functions (migration 7) every write of an agent goes through.
//!
//! - `claimdesk_agent`: reads everything (history, timelines, the due
//!   queue); saves a case, takes ids, edits a case and sets its standing
//!   only through the `SECURITY DEFINER` functions below (fixed
//!   `search_path`), which check the version and take ids from the
//!   counter; appends events (INSERT on `case_events`, no UPDATE or
//!   DELETE: the timeline is append-only). No UPDATE or DELETE on
//!   `cases`, `case_events` or `day_counters`.
//! - `claimdesk_lead`: an agent who may also purge and import (INSERT,
//!   UPDATE, DELETE on the tables).
//!
//! The database login is kept on every case (`created_login`,
//! `updated_login`) and event (`login`) by triggers, from
//! `session_user`: a `SECURITY DEFINER` function does not change it, and
//! nothing the client sends can. The display name (`agent`) stays beside
//! it.

use super::client::{GenericClient, Transaction};

/// The group roles.
pub const AGENT: &str = "claimdesk_agent";
pub const LEAD: &str = "claimdesk_lead";

/// The argument types of `claimdesk_set_standing` of schema `version`
/// (the id, status, next action, due date, closing day; since migration
/// 9 the timeline's words).
fn standing_args(version: i64) -> &'static str {
    if version < 9 {
        "text, text, text, date, date"
    } else {
        "text, text, text, date, date, text"
    }
}

/// The schema the log's tables are in, quoted for SQL.
pub(super) fn schema(tx: &mut impl GenericClient) -> Result<String, tokio_postgres::Error> {
    let name: String = tx.query_one("SELECT current_schema()", &[])?.get(0);
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// The step of a migration that adds a column to the map (see
/// `store::columns`): `claimdesk_save`, `claimdesk_insert_batch` and
/// `claimdesk_replace` made again with the columns of schema `version`
/// (the old ones dropped, as their argument lists change), closed to
/// PUBLIC, and granted to the agents when `admin init-db` made their
/// role. (`claimdesk_replace` is made from the map since migration 10.)
pub(super) fn writers(tx: &mut Transaction<'_>, version: i64) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
    let definer = format!("SECURITY DEFINER SET search_path = {schema}, pg_temp");
    let save_args = super::save_arg_types(version);
    let batch_args = super::batch_arg_types(version);
    let replace_args = super::replace_arg_types(version);
    let save = super::save_body(version);
    let batch = super::batch_sql_at(version, false);
    let replace = super::replace_body(version);
    // Where the batch's day and number arrays are (after the sort key).
    let at = |name: &str| {
        super::columns_at(version)
            .position(|c| c.name == name)
            .map_or(0, |i| i + 2)
    };
    let (day, seq) = (at("day"), at("seq"));
    tx.batch_execute(&format!(
        "DO $d$ DECLARE f regprocedure; BEGIN
            FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                WHERE p.proname IN ('claimdesk_save', 'claimdesk_insert_batch', 'claimdesk_replace')
                AND p.pronamespace = current_schema()::regnamespace LOOP
                EXECUTE 'DROP FUNCTION ' || f;
            END LOOP;
        END $d$;
        CREATE FUNCTION claimdesk_save({save_args})
            RETURNS text LANGUAGE sql {definer} AS $f$ {save} $f$;
        CREATE FUNCTION claimdesk_insert_batch({batch_args})
            RETURNS bigint LANGUAGE plpgsql {definer} AS $f$
        DECLARE
            n bigint;
        BEGIN
            IF EXISTS (SELECT 1 FROM unnest(${day}, ${seq}) AS u (day, seq)
                       LEFT JOIN day_counters k ON k.day = u.day
                       WHERE k.last IS NULL OR u.seq > k.last OR u.seq < 1) THEN
                RAISE EXCEPTION 'case ids not taken from the day''s counter'
                    USING ERRCODE = '42501';
            END IF;
            {batch};
            GET DIAGNOSTICS n = ROW_COUNT;
            RETURN n;
        END $f$;
        CREATE FUNCTION claimdesk_replace({replace_args})
            RETURNS bigint LANGUAGE sql {definer} AS $f$ {replace} $f$;
        REVOKE EXECUTE ON FUNCTION claimdesk_save({save_args}),
            claimdesk_insert_batch({batch_args}), claimdesk_replace({replace_args}) FROM PUBLIC;
        DO $d$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AGENT}') THEN
                GRANT EXECUTE ON FUNCTION claimdesk_save({save_args}),
                    claimdesk_insert_batch({batch_args}),
                    claimdesk_replace({replace_args}) TO {AGENT};
            END IF;
        END $d$;"
    ))
}

/// `admin init-db`, after the migrations: the two group roles (made if
/// missing) and their grants on this log, whose schema is `version`.
pub(super) fn grant(tx: &mut Transaction<'_>, version: i64) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
    // The argument lists, from the column map (see `store::columns`).
    let save_args = super::save_arg_types(version);
    let batch_args = super::batch_arg_types(version);
    let replace_args = super::replace_arg_types(version);
    let standing_args = standing_args(version);
    // The short words' bitmaps (migration 11), read by every search.
    let grams = if version >= 11 { ", case_grams" } else { "" };
    tx.batch_execute(&format!(
        "DO $d$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AGENT}') THEN
                CREATE ROLE {AGENT} NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LEAD}') THEN
                CREATE ROLE {LEAD} NOLOGIN;
            END IF;
        END $d$;
        GRANT {AGENT} TO {LEAD};
        GRANT USAGE ON SCHEMA {schema} TO {AGENT};
        GRANT SELECT ON cases, case_events, day_counters, case_count, claimdesk_schema{grams}
            TO {AGENT};
        GRANT INSERT (case_id, kind, date, agent, note, recorded_at, extra_json, client_key)
            ON case_events TO {AGENT};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {AGENT};
        GRANT EXECUTE ON FUNCTION claimdesk_save({save_args}),
            claimdesk_take_ids(text, bigint, integer),
            claimdesk_insert_batch({batch_args}),
            claimdesk_lock(text),
            claimdesk_replace({replace_args}),
            claimdesk_set_standing({standing_args})
            TO {AGENT};
        REVOKE UPDATE, DELETE, TRUNCATE ON cases, case_events, day_counters FROM {AGENT};
        GRANT INSERT, UPDATE, DELETE ON cases, case_events, day_counters TO {LEAD};"
    ))
}

#[cfg(test)]
mod tests {
    /// Whitespace as one space, to compare SQL as written.
    fn squeezed(sql: &str) -> String {
        sql.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The argument lists built from the column map are the ones
    /// migration 7 made the functions with (a grant names them).
    #[test]
    fn the_column_map_gives_the_functions_argument_lists() {
        let file = squeezed(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/migrations/postgres/0007_roles.sql"
        )));
        let save = format!(
            "CREATE FUNCTION claimdesk_save({})",
            super::super::save_arg_types(7)
        );
        let batch = format!(
            "CREATE FUNCTION claimdesk_insert_batch({})",
            super::super::batch_arg_types(7)
        );
        assert!(file.contains(&save), "{save}");
        assert!(file.contains(&batch), "{batch}");
        // The edit's, as migration 7 wrote it out (made from the map
        // since migration 10).
        let replace = format!(
            "CREATE FUNCTION claimdesk_replace({})",
            super::super::replace_arg_types(7)
        );
        assert!(file.contains(&squeezed(&replace)), "{replace}");
    }

    /// Migration 10's `claimdesk_replace` sets what migration 7's set
    /// (the same columns, now in map order) and checks the version read.
    #[test]
    fn the_edit_function_is_made_from_the_column_map() {
        let body = super::super::replace_body(10);
        assert_eq!(
            body,
            "UPDATE cases SET updated_at = $2, vendor = $3, issue = $4, verdict = $5, \
             claim_date = $6, reference = $7, reference_key = $8, note = $9, claim_json = $10, \
             outcome_json = $11, policy_fingerprint = $12, policy_origin = $13, \
             policy_sha256 = $14, policy_version = $15, version = version + 1, \
             updated_by = $16, customer_name = $17, customer_phone = $18, \
             customer_email = $19 WHERE id = $1 AND version = $20 RETURNING version"
        );
        assert_eq!(
            super::super::replace_arg_types(10),
            "text, timestamptz, text, text, text, text, text, text, text, text, text, text, \
             text, text, text, text, text, text, text, bigint"
        );
    }
}
