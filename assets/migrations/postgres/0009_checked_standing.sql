-- 9: the standing an agent may set is the one its own change implies
-- (issue 25): `claimdesk_set_standing` (now with the timeline's words)
-- only for a case this transaction appended an event to or edited,
-- and never "resolved" or "closed" against what the timeline says.
-- - The case must have been changed in the caller's own transaction (an
--   event appended to it, or the case edited through
--   `claimdesk_replace`): its row or one of its events carries this
--   transaction's id as `xmin`. A bare call on someone else's case is
--   refused.
-- - What the timeline settles, the standing must say: the last
--   `closed`/`vendor_refused`/`refund_issued`/`replacement_sent`/
--   `refund_missing` since the last `reopened` (in event-date order, as
--   `case::standing` reads it) makes the case closed or resolved on its
--   date; without one, "resolved" is refused, and "closed" only stands
--   for a case decided not eligible.
-- Both refusals are SQLSTATE 42501 (a permission refusal, not offline).
-- A log `admin init-db` granted before keeps the agents' call.
DROP FUNCTION claimdesk_set_standing(text, text, text, date, date);
CREATE FUNCTION claimdesk_set_standing(text, text, text, date, date, text)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $f$
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
                RAISE EXCEPTION 'case %: the standing "%" is not what its timeline says', $1, $2
                    USING ERRCODE = '42501';
            END IF;
            UPDATE cases SET status = $2, next_action = $3, due_date = $4, closed_on = $5,
                timeline_words = $6
            WHERE id = $1;
        END $f$;
REVOKE EXECUTE ON FUNCTION claimdesk_set_standing(text, text, text, date, date, text) FROM PUBLIC;
-- A log `admin init-db` granted before: the agents keep the call.
DO $d$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claimdesk_agent') THEN
                GRANT EXECUTE ON FUNCTION claimdesk_set_standing(text, text, text, date, date, text) TO claimdesk_agent;
            END IF;
        END $d$;
