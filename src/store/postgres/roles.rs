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

/// The argument types of `claimdesk_save`: `super::save_sql`'s 29
/// values (day, day number, outbox key, the instant, the record's
/// columns, its standing, its `decided` entry, its case key and
/// `imported_from`).
const SAVE_ARGS: &str = "text, bigint, text, timestamptz, text, text, text, text, text, text,
    text, text, text, text, text, text, text, text, text, text, text, text, text, date, date,
    date, text, text, text";

/// The argument types of `claimdesk_insert_batch`: `super::batch_sql`'s
/// 31 column arrays (the last two the case key and `imported_from`).
const BATCH_ARGS: &str = "bigint[], text[], text[], integer[], timestamptz[], timestamptz[],
    text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[],
    text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[], date[],
    date[], text[], text[]";

/// The argument types of `claimdesk_replace` (the id, the decision's
/// columns, the instant, the contact, the version the lock read).
const REPLACE_ARGS: &str = "text, text, text, text, text, text, text, text, text,
    timestamptz, text, text, text, text, text, text, text, text, text, bigint";

/// The argument types of `claimdesk_set_standing` since migration 9 (the
/// id, status, next action, due date, closing day, timeline words).
const STANDING_ARGS: &str = "text, text, text, date, date, text";

/// The schema the log's tables are in, quoted for SQL.
fn schema(tx: &mut impl GenericClient) -> Result<String, tokio_postgres::Error> {
    let name: String = tx.query_one("SELECT current_schema()", &[])?.get(0);
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// Migration 7: the login columns and their triggers, and the functions.
pub(super) fn functions(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
    let definer = format!("SECURITY DEFINER SET search_path = {schema}, pg_temp");
    let save = super::save_sql();
    let take = super::take_ids_sql();
    let batch = super::batch_sql(false);
    tx.batch_execute(&format!(
        "ALTER TABLE cases ADD COLUMN created_login text NOT NULL DEFAULT '',
            ADD COLUMN updated_login text NOT NULL DEFAULT '';
        ALTER TABLE cases ALTER COLUMN created_login SET DEFAULT session_user,
            ALTER COLUMN updated_login SET DEFAULT session_user;
        ALTER TABLE case_events ADD COLUMN login text NOT NULL DEFAULT '';
        ALTER TABLE case_events ALTER COLUMN login SET DEFAULT session_user;
        CREATE FUNCTION claimdesk_case_login() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                NEW.created_login := session_user;
            ELSE
                NEW.created_login := OLD.created_login;
            END IF;
            NEW.updated_login := session_user;
            RETURN NEW;
        END $f$;
        CREATE TRIGGER cases_login BEFORE INSERT OR UPDATE ON cases
            FOR EACH ROW EXECUTE FUNCTION claimdesk_case_login();
        CREATE FUNCTION claimdesk_event_login() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            NEW.login := session_user;
            RETURN NEW;
        END $f$;
        CREATE TRIGGER case_events_login BEFORE INSERT OR UPDATE ON case_events
            FOR EACH ROW EXECUTE FUNCTION claimdesk_event_login();
        -- The total is kept by the inserting role's trigger: as the owner.
        ALTER FUNCTION claimdesk_count_cases() {definer};

        CREATE FUNCTION claimdesk_save({SAVE_ARGS})
            RETURNS text LANGUAGE sql {definer} AS $f$ {save} $f$;
        CREATE FUNCTION claimdesk_take_ids(text, bigint, integer)
            RETURNS integer LANGUAGE sql {definer} AS $f$ {take} $f$;
        -- A batch of saves, whose ids were taken by claimdesk_take_ids.
        CREATE FUNCTION claimdesk_insert_batch({BATCH_ARGS})
            RETURNS bigint LANGUAGE plpgsql {definer} AS $f$
        DECLARE
            n bigint;
        BEGIN
            IF EXISTS (SELECT 1 FROM unnest($3, $4) AS u (day, seq)
                       LEFT JOIN day_counters k ON k.day = u.day
                       WHERE k.last IS NULL OR u.seq > k.last OR u.seq < 1) THEN
                RAISE EXCEPTION 'case ids not taken from the day''s counter'
                    USING ERRCODE = '42501';
            END IF;
            {batch};
            GET DIAGNOSTICS n = ROW_COUNT;
            RETURN n;
        END $f$;
        -- Locks a case for an edit or an event (until the caller's
        -- transaction ends).
        CREATE FUNCTION claimdesk_lock(text) RETURNS SETOF cases LANGUAGE sql {definer}
            AS $f$ SELECT * FROM cases WHERE id = $1 FOR UPDATE $f$;
        -- An edit: changes the case only at the version it was read at.
        CREATE FUNCTION claimdesk_replace({REPLACE_ARGS})
            RETURNS bigint LANGUAGE sql {definer} AS $f$
            UPDATE cases SET vendor = $2, issue = $3, verdict = $4, claim_date = $5,
                claim_json = $6, outcome_json = $7, policy_fingerprint = $8,
                policy_origin = $9, updated_at = $10, reference = $11, note = $12,
                reference_key = $13, policy_sha256 = $14, policy_version = $15,
                version = version + 1, updated_by = $16, customer_name = $17,
                customer_phone = $18, customer_email = $19
            WHERE id = $1 AND version = $20 RETURNING version $f$;
        CREATE FUNCTION claimdesk_set_standing(text, text, text, date, date)
            RETURNS void LANGUAGE sql {definer} AS $f$
            UPDATE cases SET status = $2, next_action = $3, due_date = $4, closed_on = $5
            WHERE id = $1 $f$;
        REVOKE EXECUTE ON FUNCTION claimdesk_save({SAVE_ARGS}),
            claimdesk_take_ids(text, bigint, integer),
            claimdesk_insert_batch({BATCH_ARGS}),
            claimdesk_lock(text),
            claimdesk_replace({REPLACE_ARGS}),
            claimdesk_set_standing(text, text, text, date, date)
            FROM PUBLIC;",
    ))?;
    Ok(())
}

/// Migration 9: `claimdesk_set_standing` checks what it is asked to
/// write, and writes the timeline's search words beside the standing
/// (a sixth argument; the five-argument function is dropped). It ran as
/// the owner for anyone granted it, on any case, with any values: an
/// agent could call a colleague's case resolved.
///
/// - The case must have been changed in the caller's own transaction (an
///   event appended to it, or the case edited through
///   `claimdesk_replace`): its row or one of its events carries this
///   transaction's id as `xmin`. A bare call on someone else's case is
///   refused.
/// - What the timeline settles, the standing must say: the last
///   `closed`/`vendor_refused`/`refund_issued`/`replacement_sent`/
///   `refund_missing` since the last `reopened` (in event-date order, as
///   `case::standing` reads it) makes the case closed or resolved on its
///   date; without one, "resolved" is refused, and "closed" only stands
///   for a case decided not eligible.
///
/// Both refusals are SQLSTATE 42501 (a permission refusal, not offline).
pub(super) fn checked_standing(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
    let definer = format!("SECURITY DEFINER SET search_path = {schema}, pg_temp");
    tx.batch_execute(&format!(
        "DROP FUNCTION claimdesk_set_standing(text, text, text, date, date);
        CREATE FUNCTION claimdesk_set_standing({STANDING_ARGS})
            RETURNS void LANGUAGE plpgsql {definer} AS $f$
        DECLARE
            mine xid := (txid_current() % 4294967296)::text::xid;
            last_kind text;
            last_date date;
            verdict_now text;
        BEGIN
            SELECT c.verdict INTO verdict_now FROM cases c WHERE c.id = $1;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM cases WHERE id = $1 AND xmin = mine)
                AND NOT EXISTS (SELECT 1 FROM case_events WHERE case_id = $1 AND xmin = mine)
            THEN
                RAISE EXCEPTION 'the standing of case % follows its timeline: it is set only with an event or an edit of that case',
                    $1 USING ERRCODE = '42501';
            END IF;
            -- As `case::standing`: a closing since the last reopening
            -- closes the case; else the last settling event resolves it
            -- (a refund reported missing does not).
            SELECT e.kind, e.date INTO last_kind, last_date FROM case_events e
            WHERE e.case_id = $1 AND e.kind IN ('closed', 'vendor_refused')
              AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = $1
                              AND r.kind = 'reopened'
                              AND (r.date, r.recorded_at, r.seq) > (e.date, e.recorded_at, e.seq))
            ORDER BY e.date DESC, e.recorded_at DESC, e.seq DESC LIMIT 1;
            IF last_kind IS NULL THEN
                SELECT e.kind, e.date INTO last_kind, last_date FROM case_events e
                WHERE e.case_id = $1
                  AND e.kind IN ('refund_issued', 'replacement_sent', 'refund_missing')
                  AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = $1
                                  AND r.kind = 'reopened'
                                  AND (r.date, r.recorded_at, r.seq) > (e.date, e.recorded_at, e.seq))
                ORDER BY e.date DESC, e.recorded_at DESC, e.seq DESC LIMIT 1;
            END IF;
            IF (last_kind IN ('closed', 'vendor_refused')
                    AND ($2 IS DISTINCT FROM 'closed' OR $5 IS DISTINCT FROM last_date))
                OR (last_kind IN ('refund_issued', 'replacement_sent')
                    AND ($2 IS DISTINCT FROM 'resolved' OR $5 IS DISTINCT FROM last_date))
                OR ((last_kind IS NULL OR last_kind = 'refund_missing')
                    AND ($2 = 'resolved' OR ($2 = 'closed' AND verdict_now <> 'not_eligible')))
            THEN
                RAISE EXCEPTION 'case %: the standing \"%\" is not what its timeline says', $1, $2
                    USING ERRCODE = '42501';
            END IF;
            UPDATE cases SET status = $2, next_action = $3, due_date = $4, closed_on = $5,
                timeline_words = $6
            WHERE id = $1;
        END $f$;
        REVOKE EXECUTE ON FUNCTION claimdesk_set_standing({STANDING_ARGS}) FROM PUBLIC;
        -- A log `admin init-db` granted before: the agents keep the call.
        DO $d$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AGENT}') THEN
                GRANT EXECUTE ON FUNCTION claimdesk_set_standing({STANDING_ARGS}) TO {AGENT};
            END IF;
        END $d$;"
    ))
}

/// `admin init-db`, after the migrations: the two group roles (made if
/// missing) and their grants on this log.
pub(super) fn grant(tx: &mut Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let schema = schema(tx)?;
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
        GRANT EXECUTE ON FUNCTION claimdesk_save({SAVE_ARGS}),
            claimdesk_take_ids(text, bigint, integer),
            claimdesk_insert_batch({BATCH_ARGS}),
            claimdesk_lock(text),
            claimdesk_replace({REPLACE_ARGS}),
            claimdesk_set_standing({STANDING_ARGS})
            TO {AGENT};
        REVOKE UPDATE, DELETE, TRUNCATE ON cases, case_events, day_counters FROM {AGENT};
        GRANT INSERT, UPDATE, DELETE ON cases, case_events, day_counters TO {LEAD};"
    ))
}
