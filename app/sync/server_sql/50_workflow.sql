-- Workflow: the checked server functions that submit, approve, reject and reopen weeks and finalise invoices.
--
-- They are the only way these steps happen on the team server (docs/sync.md): SECURITY DEFINER, so they run
-- as the schema owner and the guards of 40_guards.sql let their moves pass, with `search_path` pinned so a
-- caller's objects cannot stand in for ours. Who calls is `session_user` mapped through tl_server_users
-- (tl_caller()), never anything the client can set. Each refusal is a sentence for a person (SQLSTATE
-- P0001), the desktop's own where it has one: the rules are app/services/approvals.py and
-- app/services/invoice_issue.py, ported step by step. Every row moved gets version + 1 and updated_at now(),
-- so desktops pull it. The server clock decides "today", in the organisation's time zone.
--
-- Every statement is idempotent: `server init` runs this file on every upgrade.

-- The person calling, refused when their login is not (or no longer) a Timeledger user here.
CREATE OR REPLACE FUNCTION tl_workflow_caller()
RETURNS TABLE (user_id uuid, org_id uuid, role text, team text, name text, email text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
        SELECT c.user_id, c.org_id, c.role::text, c.team::text, u.name::text, u.email::text
        FROM tl_caller() c JOIN users u ON u.id = c.user_id;
    IF NOT FOUND THEN
        PERFORM tl_refuse('Your login is not linked to an active Timeledger user on this server; ask an admin to add '
                          'you (timeledger server add-user).');
    END IF;
END
$$;

-- A week as people name it, from its timesheet's first day (approvals._week_of).
CREATE OR REPLACE FUNCTION tl_sheet_week(week_start date) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$ SELECT tl_week_label(week_start, extract(isodow FROM week_start)::integer - 1) $$;

-- A duration as hours and minutes to the nearest minute, "7:30" (Duration.format_hm).
CREATE OR REPLACE FUNCTION tl_hours(seconds bigint) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
    SELECT CASE WHEN minutes < 0 THEN '-' ELSE '' END
           || abs(minutes) / 60 || ':' || lpad((abs(minutes) % 60)::text, 2, '0')
    FROM (SELECT CASE WHEN seconds >= 0 THEN (seconds + 30) / 60 ELSE -((-seconds + 30) / 60) END AS minutes) m
$$;

-- A reason for rejecting or reopening, cleaned as the desktop cleans free text (text.clean_text), and required.
CREATE OR REPLACE FUNCTION tl_reason(reason text, why text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp
AS $$
DECLARE
    cleaned text := regexp_replace(coalesce(reason, ''), '^\s+|\s+$', '', 'g');
    control text := substring(cleaned FROM '[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]');
BEGIN
    IF length(cleaned) > 2000 THEN
        PERFORM tl_refuse(format('The reason can be at most 2,000 characters long, not %s.',
                                 to_char(length(cleaned), 'FM999,999,999')));
    END IF;
    IF control IS NOT NULL THEN
        PERFORM tl_refuse(format('There is an invisible control character (code 0x%s) in the reason; please remove it.',
                                 lpad(to_hex(ascii(control)), 4, '0')));
    END IF;
    IF cleaned = '' THEN
        PERFORM tl_refuse(format('Give a reason %s.', why));
    END IF;
    RETURN normalize(cleaned, NFC);
END
$$;

-- Move a user's entries of the days first..last from one status to another (status_moves.move_status).
CREATE OR REPLACE FUNCTION tl_move_week_entries(p_user uuid, first_day date, source text, target text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE task_log_entries SET status = target, version = version + 1, updated_at = now()
    WHERE user_id = p_user AND work_date BETWEEN first_day AND first_day + 6 AND status = source AND deleted_at IS NULL
$$;

-- Hand the caller's week in for approval (approvals.submit): the timesheet is made with `p_timesheet_id`
-- when the week has none yet, its draft entries become submitted, and without approval it is approved at once.
CREATE OR REPLACE FUNCTION tl_submit_week(p_timesheet_id uuid, p_week_start date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    me record;
    org organisations%ROWTYPE;
    sheet timesheets%ROWTYPE;
    week text;
    problems text[] := '{}';
    target text;
    item record;
BEGIN
    SELECT * INTO me FROM tl_workflow_caller();
    SELECT o.* INTO org FROM organisations o WHERE o.id = me.org_id;
    IF p_week_start IS NULL OR extract(isodow FROM p_week_start)::integer - 1 <> org.week_start THEN
        PERFORM tl_refuse(format('%s is not the first day of a week in %s (weeks start on %s); nothing was submitted.',
                                 coalesce(tl_day_label(p_week_start), 'No day'), org.name,
                                 to_char(DATE '2024-01-01' + org.week_start, 'FMDay')));
    END IF;
    week := tl_week_label(p_week_start, org.week_start);
    IF p_week_start > (now() AT TIME ZONE org.time_zone)::date THEN
        PERFORM tl_refuse(format('Week %s has not started yet; submit it once it is worked.', week));
    END IF;
    -- One submission of a week at a time, even before its timesheet exists (two machines submitting at once).
    PERFORM pg_advisory_xact_lock(hashtextextended('tl_submit_week:' || me.user_id || ':' || p_week_start, 0));
    SELECT t.* INTO sheet FROM timesheets t WHERE t.id = p_timesheet_id FOR UPDATE;
    IF FOUND AND (sheet.user_id <> me.user_id OR sheet.week_start <> p_week_start OR sheet.deleted_at IS NOT NULL) THEN
        PERFORM tl_refuse(format('This timesheet is not your week %s on the server; reload your timesheet and submit '
                                 'again.', week));
    END IF;
    IF NOT FOUND THEN  -- another machine of the same person may have made the week's timesheet under its own id
        SELECT t.* INTO sheet FROM timesheets t
        WHERE t.user_id = me.user_id AND t.week_start = p_week_start AND t.deleted_at IS NULL FOR UPDATE;
    END IF;
    IF sheet.status IN ('submitted', 'approved') THEN
        PERFORM tl_refuse(format('Week %s is already %s.', week, sheet.status));
    END IF;

    -- Every reason the week cannot be handed in yet (approvals._check_ready).
    FOR item IN
        SELECT p.code || '/' || k.name AS label, r.started_at
        FROM running_timers r JOIN projects p ON p.id = r.project_id JOIN tasks k ON k.id = r.task_id
        WHERE r.user_id = me.user_id AND r.deleted_at IS NULL
          AND (r.started_at AT TIME ZONE org.time_zone)::date BETWEEN p_week_start AND p_week_start + 6
    LOOP
        problems := problems || format('Your timer on %s runs since %s; stop it before submitting week %s.',
                                       item.label, to_char(item.started_at AT TIME ZONE org.time_zone,
                                                           'YYYY-MM-DD HH24:MI'), week);
    END LOOP;
    IF org.notes_required THEN
        FOR item IN
            SELECT p.code || '/' || k.name AS label, e.work_date, e.duration_seconds
            FROM task_log_entries e JOIN projects p ON p.id = e.project_id JOIN tasks k ON k.id = e.task_id
            WHERE e.user_id = me.user_id AND e.work_date BETWEEN p_week_start AND p_week_start + 6
              AND e.deleted_at IS NULL AND e.billable AND e.note ~ '^\s*$'
            ORDER BY e.work_date, e.started_at NULLS LAST, e.id
        LOOP
            problems := problems || format('Add a note to your billable entry on %s on %s (%s h); notes are required '
                                           'before submitting.', item.label, to_char(item.work_date, 'Dy DD Mon'),
                                           tl_hours(item.duration_seconds));
        END LOOP;
    END IF;
    IF cardinality(problems) > 0 THEN
        PERFORM tl_refuse(array_to_string(problems, ' '));
    END IF;

    -- A solo consultant (approval switched off) has nobody else to ask: the week is approved at once.
    target := CASE WHEN org.approval_required THEN 'submitted' ELSE 'approved' END;
    IF sheet.id IS NULL THEN
        INSERT INTO timesheets (id, org_id, version, updated_at, deleted_at, user_id, week_start, status,
                                submitted_at, decided_at, decided_by, reason)
        VALUES (p_timesheet_id, me.org_id, 1, now(), NULL, me.user_id, p_week_start, target, now(),
                CASE WHEN target = 'approved' THEN now() END,
                CASE WHEN target = 'approved' THEN me.user_id END, '');
    ELSE
        UPDATE timesheets SET status = target, submitted_at = now(),
                              decided_at = CASE WHEN target = 'approved' THEN now() END,
                              decided_by = CASE WHEN target = 'approved' THEN me.user_id END,
                              reason = '', version = version + 1, updated_at = now()
        WHERE id = sheet.id;
    END IF;
    PERFORM tl_move_week_entries(me.user_id, p_week_start, 'draft', target);
    RETURN target;
END
$$;

-- The timesheet a manager or an admin decides on, locked, once the caller is shown to be allowed to
-- (approvals._decision): never their own week, and a manager only for their own team.
CREATE OR REPLACE FUNCTION tl_timesheet_decision(p_timesheet_id uuid, doing text)
RETURNS TABLE (id uuid, user_id uuid, week_start date, status text, owner_name text, week text, decider uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    me record;
    sheet timesheets%ROWTYPE;
    owner users%ROWTYPE;
BEGIN
    SELECT * INTO me FROM tl_workflow_caller();
    IF me.role NOT IN ('manager', 'admin') THEN
        PERFORM tl_refuse(format('Only managers and admins can %s; %s is a %s.', doing, me.email, me.role));
    END IF;
    SELECT t.* INTO sheet FROM timesheets t
    WHERE t.id = p_timesheet_id AND t.org_id = me.org_id AND t.deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM tl_refuse('This timesheet no longer exists; reload the queue.');
    END IF;
    SELECT u.* INTO owner FROM users u WHERE u.id = sheet.user_id;
    IF owner.id = me.user_id THEN
        PERFORM tl_refuse(format('Nobody can %s of their own; another manager or an admin decides on week %s.',
                                 doing, tl_sheet_week(sheet.week_start)));
    END IF;
    IF me.role = 'manager' AND owner.team IS DISTINCT FROM me.team THEN
        PERFORM tl_refuse(format('%s is in %s and you are in %s; managers %s only for their own team (an admin can do '
                                 'it for anyone).', owner.name,
                                 coalesce('team ' || nullif(owner.team, ''), 'no team'),
                                 coalesce('team ' || nullif(me.team, ''), 'no team'), doing));
    END IF;
    RETURN QUERY SELECT sheet.id, sheet.user_id, sheet.week_start, sheet.status::text, owner.name::text,
                        tl_sheet_week(sheet.week_start), me.user_id;
END
$$;

CREATE OR REPLACE FUNCTION tl_require_week_status(sheet_status text, required text, owner_name text, week text,
                                                  done text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp
AS $$
BEGIN
    IF sheet_status IS DISTINCT FROM required THEN
        PERFORM tl_refuse(format('%s''s week %s is %s; only %s weeks can be %s.', owner_name, week, sheet_status,
                                 required, done));
    END IF;
END
$$;

-- Approve a submitted week: it and its entries are frozen until a manager reopens it (approvals.approve).
CREATE OR REPLACE FUNCTION tl_approve(p_timesheet_id uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    sheet record;
BEGIN
    SELECT * INTO sheet FROM tl_timesheet_decision(p_timesheet_id, 'approve timesheets');
    PERFORM tl_require_week_status(sheet.status, 'submitted', sheet.owner_name, sheet.week, 'approved');
    UPDATE timesheets SET status = 'approved', decided_at = now(), decided_by = sheet.decider, reason = '',
                          version = version + 1, updated_at = now()
    WHERE id = sheet.id;
    PERFORM tl_move_week_entries(sheet.user_id, sheet.week_start, 'submitted', 'approved');
    RETURN 'approved';
END
$$;

-- Send a submitted week back with a reason; its entries become drafts again (approvals.reject).
CREATE OR REPLACE FUNCTION tl_reject(p_timesheet_id uuid, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    sheet record;
    reason_text text;
BEGIN
    SELECT * INTO sheet FROM tl_timesheet_decision(p_timesheet_id, 'reject timesheets');
    PERFORM tl_require_week_status(sheet.status, 'submitted', sheet.owner_name, sheet.week, 'rejected');
    reason_text := tl_reason(p_reason, format('for rejecting, so %s knows what to fix', sheet.owner_name));
    UPDATE timesheets SET status = 'rejected', decided_at = now(), decided_by = sheet.decider, reason = reason_text,
                          version = version + 1, updated_at = now()
    WHERE id = sheet.id;
    PERFORM tl_move_week_entries(sheet.user_id, sheet.week_start, 'submitted', 'draft');
    RETURN 'rejected';
END
$$;

-- Open an approved week again, its entries back to draft, unless any of its time is on an invoice
-- (approvals.reopen).
CREATE OR REPLACE FUNCTION tl_reopen(p_timesheet_id uuid, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    sheet record;
    reason_text text;
BEGIN
    SELECT * INTO sheet FROM tl_timesheet_decision(p_timesheet_id, 'reopen timesheets');
    PERFORM tl_require_week_status(sheet.status, 'approved', sheet.owner_name, sheet.week, 'reopened');
    reason_text := tl_reason(p_reason, format('for reopening %s''s week', sheet.owner_name));
    IF EXISTS (
        SELECT 1 FROM task_log_entries e
        WHERE e.user_id = sheet.user_id AND e.work_date BETWEEN sheet.week_start AND sheet.week_start + 6
          AND e.invoice_id IS NOT NULL AND e.deleted_at IS NULL
    ) THEN
        PERFORM tl_refuse(format('%s''s week %s holds time on an invoice; delete the draft or credit the invoice '
                                 '(releasing its time) before reopening the week.', sheet.owner_name, sheet.week));
    END IF;
    UPDATE timesheets SET status = 'open', decided_at = now(), decided_by = sheet.decider, reason = reason_text,
                          version = version + 1, updated_at = now()
    WHERE id = sheet.id;
    PERFORM tl_move_week_entries(sheet.user_id, sheet.week_start, 'approved', 'draft');
    RETURN 'open';
END
$$;

-- A document number from the organisation's pattern (numbering.NumberPattern.format): literal text and
-- {YYYY} {YY} {MM} of the issue date, {SEQ} or {SEQ:n} (zero-padded to n digits); NULL for a token it
-- does not know.
CREATE OR REPLACE FUNCTION tl_number_format(pattern text, sequence bigint, issued date) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp
AS $$
DECLARE
    rest text := pattern;
    result text := '';
    token text;
    width text;
    value text;
    pos integer;
BEGIN
    LOOP
        token := (regexp_match(rest, '\{([^{}]*)\}'))[1];
        EXIT WHEN token IS NULL;
        pos := position('{' || token || '}' IN rest);  -- the leftmost match is the first place this text occurs
        IF token = 'YYYY' THEN
            value := lpad(extract(year FROM issued)::text, 4, '0');
        ELSIF token = 'YY' THEN
            value := lpad((extract(year FROM issued)::integer % 100)::text, 2, '0');
        ELSIF token = 'MM' THEN
            value := lpad(extract(month FROM issued)::text, 2, '0');
        ELSIF token ~ '^SEQ(:([1-9]|1[0-2]))?$' THEN
            width := coalesce((regexp_match(token, '^SEQ:(\d+)$'))[1], '1');
            value := sequence::text;
            IF length(value) < width::integer THEN
                value := lpad(value, width::integer, '0');
            END IF;
        ELSE
            RETURN NULL;
        END IF;
        result := result || substr(rest, 1, pos - 1) || value;
        rest := substr(rest, pos + length(token) + 2);
    END LOOP;
    RETURN result || rest;
END
$$;

-- When an invoice issued on `issued` is due under its payment terms (PaymentTerms.due_date): end of month
-- plus the days for "eom", the issue date plus the days for every other kind.
CREATE OR REPLACE FUNCTION tl_due_date(kind text, params json, issued date) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
    SELECT CASE WHEN kind = 'eom' THEN (date_trunc('month', issued) + interval '1 month - 1 day')::date
                ELSE issued END
           + coalesce((params ->> 'days')::integer, 0)
$$;

-- Issue a draft invoice, deposit invoice or credit note (invoice_issue.finalise and credit): it gets the next
-- gapless number of its series, its dates and the client's address, and never changes again. Its approved time
-- becomes invoiced. A credit note voids the invoice it cancels and, with `p_release_entries`, gives that
-- invoice's time back as approved and uninvoiced and its milestones back as reached, to be billed anew.
-- Returns the number.
CREATE OR REPLACE FUNCTION tl_finalise_invoice(p_invoice_id uuid, p_release_entries boolean) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    me record;
    org organisations%ROWTYPE;
    invoice invoices%ROWTYPE;
    credited invoices%ROWTYPE;
    client clients%ROWTYPE;
    is_credit boolean;
    v_noun text;
    v_series text;
    v_pattern text;
    v_today date;
    v_period text;
    v_sequence bigint;
    v_number text;
BEGIN
    SELECT * INTO me FROM tl_workflow_caller();
    SELECT i.* INTO invoice FROM invoices i
    WHERE i.id = p_invoice_id AND i.org_id = me.org_id AND i.deleted_at IS NULL FOR UPDATE;
    is_credit := invoice.kind = 'credit_note';
    IF me.role NOT IN ('manager', 'admin') THEN
        PERFORM tl_refuse(format('Only managers and admins can %s; %s is a %s.',
                                 CASE WHEN is_credit THEN 'issue credit notes' ELSE 'finalise invoices' END,
                                 me.email, me.role));
    END IF;
    IF invoice.id IS NULL THEN
        PERFORM tl_refuse('This invoice is not on the server (or was deleted there); sync and look at it again.');
    END IF;
    IF invoice.status <> 'draft' THEN
        PERFORM tl_refuse(format('Invoice %s is issued and can no longer change; correct it with a credit note.',
                                 coalesce(invoice.number, 'the draft')));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.document_id = invoice.id AND l.deleted_at IS NULL) THEN
        PERFORM tl_refuse('An invoice needs at least one line before it can be finalised.');
    END IF;
    IF NOT is_credit AND invoice.total_minor <= 0 THEN
        PERFORM tl_refuse(format('The invoice comes to %s; only an invoice above zero can be finalised.',
                                 tl_format_money(invoice.total_minor, invoice.total_currency)));
    END IF;
    IF is_credit THEN
        SELECT i.* INTO credited FROM invoices i
        WHERE i.id = invoice.credited_id AND i.org_id = me.org_id AND i.deleted_at IS NULL FOR UPDATE;
        IF credited.id IS NULL THEN
            PERFORM tl_refuse('The invoice this credit note cancels is not on the server; sync and try again.');
        ELSIF credited.status = 'draft' THEN
            PERFORM tl_refuse('A draft has nothing to credit; change it or delete it instead.');
        ELSIF credited.kind = 'credit_note' OR credited.status = 'void' THEN
            PERFORM tl_refuse(format('%s is %s and cannot be credited.', credited.number,
                                     CASE WHEN credited.kind = 'credit_note' THEN 'a credit note' ELSE 'void' END));
        ELSIF credited.paid_minor > 0 THEN
            PERFORM tl_refuse(format('Invoice %s has payments of %s; reverse them before crediting it.',
                                     credited.number, tl_format_money(credited.paid_minor, credited.paid_currency)));
        END IF;
    END IF;

    SELECT o.* INTO org FROM organisations o WHERE o.id = me.org_id;
    v_today := (now() AT TIME ZONE org.time_zone)::date;
    v_noun := CASE WHEN is_credit THEN 'credit note' ELSE 'invoice' END;
    v_series := CASE WHEN is_credit THEN 'credit_note' ELSE 'invoice' END;  -- invoice.SERIES
    v_pattern := CASE WHEN is_credit THEN org.credit_note_pattern ELSE org.invoice_pattern END;
    v_period := CASE WHEN org.numbering_yearly THEN extract(year FROM v_today)::text ELSE '' END;
    -- Gapless: the counter moves in this transaction; a concurrent finalisation waits on its row until this
    -- one commits (and takes the next number) or rolls back (and takes this one).
    INSERT INTO number_counters AS c (org_id, series, period, last) VALUES (org.id, v_series, v_period, 1)
    ON CONFLICT (org_id, series, period) DO UPDATE SET last = c.last + 1
    RETURNING c.last INTO v_sequence;
    v_number := tl_number_format(v_pattern, v_sequence, v_today);
    IF v_number IS NULL THEN
        PERFORM tl_refuse(format('The %s numbering pattern ''%s'' is not valid; correct it in Settings.', v_noun,
                                 v_pattern));
    END IF;
    IF EXISTS (SELECT 1 FROM invoices i WHERE i.org_id = org.id AND i.number = v_number) THEN
        PERFORM tl_refuse(format('Number %s is already used by another document; change the %s numbering pattern in '
                                 'Settings.', v_number, v_noun));
    END IF;

    SELECT c.* INTO client FROM clients c WHERE c.id = invoice.client_id;
    UPDATE invoices i SET number = v_number, issue_date = v_today,
                          due_date = tl_due_date(i.payment_terms_kind, i.payment_terms_params, v_today),
                          bill_to = concat_ws(E'\n', nullif(client.name, ''), nullif(client.billing_address, '')),
                          finalised_at = now(), status = 'sent', version = i.version + 1, updated_at = now()
    WHERE i.id = invoice.id;
    UPDATE task_log_entries SET status = 'invoiced', version = version + 1, updated_at = now()
    WHERE invoice_id = invoice.id AND status = 'approved' AND deleted_at IS NULL;

    IF is_credit THEN
        UPDATE invoices SET status = 'void', version = version + 1, updated_at = now() WHERE id = credited.id;
        IF p_release_entries THEN
            UPDATE task_log_entries SET status = 'approved', invoice_id = NULL, version = version + 1,
                                        updated_at = now()
            WHERE invoice_id = credited.id AND status = 'invoiced' AND deleted_at IS NULL;
            UPDATE milestones SET status = 'reached', version = version + 1, updated_at = now()
            WHERE status = 'invoiced' AND id IN (
                SELECT l.milestone_id FROM invoice_lines l
                WHERE l.document_id = credited.id AND l.milestone_id IS NOT NULL AND l.deleted_at IS NULL
            );
        END IF;
    END IF;
    RETURN v_number;
END
$$;

-- The steps people take are for application roles only; the helpers are for these functions alone.
REVOKE ALL ON FUNCTION
    tl_workflow_caller(),
    tl_move_week_entries(uuid, date, text, text),
    tl_timesheet_decision(uuid, text),
    tl_submit_week(uuid, date),
    tl_approve(uuid),
    tl_reject(uuid, text),
    tl_reopen(uuid, text),
    tl_finalise_invoice(uuid, boolean)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    tl_submit_week(uuid, date),
    tl_approve(uuid),
    tl_reject(uuid, text),
    tl_reopen(uuid, text),
    tl_finalise_invoice(uuid, boolean)
TO timeledger_app;
