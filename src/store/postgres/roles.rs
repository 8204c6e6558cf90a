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

/// The argument types of `claimdesk_replace` (the id, the decision's
/// columns, the instant, the contact, the version the lock read).
const REPLACE_ARGS: &str = "text, text, text, text, text, text, text, text, text,
    timestamptz, text, text, text, text, text, text, text, text, text, bigint";

/// The argument types of `claimdesk_set_standing` since migration 9 (the
/// id, status, next action, due date, closing day, timeline words).
const STANDING_ARGS: &str = "text, text, text, date, date, text";

/// The schema the log's tables are in, quoted for SQL.
pub(super) fn schema(tx: &mut impl GenericClient) -> Result<String, tokio_postgres::Error> {
    let name: String = tx.query_one("SELECT current_schema()", &[])?.get(0);
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// `admin init-db`, after the migrations: the two group roles (made if
/// missing) and their grants on this log.
pub(super) fn grant(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
    // The argument lists, from the column map (see `store::columns`).
    let save_args = super::save_arg_types();
    let batch_args = super::batch_arg_types();
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
        GRANT SELECT ON cases, case_events, day_counters, case_count, claimdesk_schema
            TO {AGENT};
        GRANT INSERT (case_id, kind, date, agent, note, recorded_at, extra_json, client_key)
            ON case_events TO {AGENT};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {AGENT};
        GRANT EXECUTE ON FUNCTION claimdesk_save({save_args}),
            claimdesk_take_ids(text, bigint, integer),
            claimdesk_insert_batch({batch_args}),
            claimdesk_lock(text),
            claimdesk_replace({REPLACE_ARGS}),
            claimdesk_set_standing({STANDING_ARGS})
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
            super::super::save_arg_types()
        );
        let batch = format!(
            "CREATE FUNCTION claimdesk_insert_batch({})",
            super::super::batch_arg_types()
        );
        assert!(file.contains(&save), "{save}");
        assert!(file.contains(&batch), "{batch}");
    }
}
