-- Guards: what the team server refuses to an application role whatever client it uses (docs/sync.md).
--
-- BEFORE triggers on the tables whose rows carry revenue: time entries, invoices and their lines, quotes
-- and their lines. They act only when tl_is_app_role() (a person's login role writes); the checked
-- workflow functions of 50_workflow.sql run as the schema owner, so their moves pass, and so does the
-- admin's upload at `server init`. The sentences are the desktop's (app/domain/billable_checks.py,
-- app/domain/task_log.py, app/services/week_lock.py) wherever it has one, so a refusal reads the same
-- whether the desktop or the server gave it. Budget caps and the productive-day cap are checked on the
-- desktop only: they sum many rows and a refusal there already leaves its record.
--
-- Lookups that the person's row-level security could hide (another team's timesheet, a project they are
-- not assigned to) go through small SECURITY DEFINER helpers; those answer only about people whose time the
-- caller may see, and tell a consultant nothing about a project they are not on.
--
-- Every statement is idempotent: `server init` runs this file on every upgrade.

-- A day as people read it in messages: "Fri 20 Nov 2026" (billable_checks.day_label).
CREATE OR REPLACE FUNCTION tl_day_label(day date) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$ SELECT to_char(day, 'Dy DD Mon YYYY') $$;

-- The first day of the organisation week (0 = Monday ... 6 = Sunday) holding `day` (week_lock.first_day).
CREATE OR REPLACE FUNCTION tl_week_first_day(day date, week_start integer) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$ SELECT day - ((extract(isodow FROM day)::integer - 1 - week_start + 7) % 7) $$;

-- The week holding `day` as people name it, "2026-W47" (calendar.Week.containing and its str()).
CREATE OR REPLACE FUNCTION tl_week_label(day date, week_start integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$ SELECT to_char(tl_week_first_day(day, week_start) + (7 - week_start) % 7, 'IYYY-"W"IW') $$;

-- Decimal places of a currency's minor unit (money.decimals: what py-moneyed says; 2 unless listed).
CREATE OR REPLACE FUNCTION tl_currency_decimals(currency text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
    SELECT CASE
        WHEN currency = ANY (ARRAY['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']) THEN 3
        WHEN currency = ANY (ARRAY['CLF', 'UYW']) THEN 4
        WHEN currency = ANY (ARRAY[
            'ADP', 'ALK', 'AOK', 'AON', 'AOR', 'BAN', 'BEC', 'BEL', 'BGM', 'BGO', 'BIF', 'BOL', 'BUK', 'BYR', 'CLE',
            'CLP', 'CSK', 'DDM', 'DJF', 'ECS', 'ESA', 'ESB', 'ESP', 'GEK', 'GNF', 'GNS', 'GQE', 'GWE', 'ISK', 'ITL',
            'JPY', 'KMF', 'KRH', 'KRO', 'KRW', 'LUC', 'LUL', 'MDC', 'MGF', 'MKN', 'MLF', 'MTP', 'MVP', 'MXP', 'PEI',
            'PTE', 'PYG', 'ROL', 'RWF', 'SDP', 'SUR', 'TJR', 'TPE', 'TRL', 'UGS', 'UGX', 'UYI', 'VND', 'VNN', 'VUV',
            'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XEU', 'XFO', 'XFU', 'XOF', 'XPD', 'XPF', 'XPT',
            'XRE', 'XSU', 'XTS', 'XUA', 'XXX', 'YDD']) THEN 0
        ELSE 2
    END
$$;

-- An amount for people: "1,234.50 EUR", "-1,235 JPY" (money.format_money).
CREATE OR REPLACE FUNCTION tl_format_money(minor bigint, currency text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp
AS $$
DECLARE
    places integer := tl_currency_decimals(currency);
    whole numeric := trunc(abs(minor)::numeric / 10 ^ places);
    text_whole text := to_char(whole, 'FM999,999,999,999,999,999,990');
    fraction text := '';
BEGIN
    IF places > 0 THEN
        fraction := '.' || lpad((abs(minor) % (10 ^ places)::bigint)::text, places, '0');
    END IF;
    RETURN CASE WHEN minor < 0 THEN '-' ELSE '' END || text_whole || fraction || ' ' || currency;
END
$$;

-- Whether the caller may see `p_user`'s time (as row-level security lets them: their own, their team's for a
-- manager, their organisation's for an admin): the helpers below read past row-level security, so they answer
-- only about such people.
CREATE OR REPLACE FUNCTION tl_acts_for(p_user uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1 FROM tl_caller() c JOIN users u ON u.org_id = c.org_id
        WHERE u.id = p_user
          AND (u.id = c.user_id OR c.role = 'admin' OR (c.role = 'manager' AND u.team = c.team))
    )
$$;

-- Why time on `day` is refused when its week's timesheet is submitted or approved; NULL while the week is open
-- (week_lock.closed_week_problem).
CREATE OR REPLACE FUNCTION tl_closed_week_problem(sheet_status text, day date, week_start integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
    SELECT CASE sheet_status
        WHEN 'submitted' THEN format('Week %s is submitted for approval; its time can change again only if a manager '
                                     'rejects it.', tl_week_label(day, week_start))
        WHEN 'approved' THEN format('Week %s is approved; a manager must reopen its timesheet before its time can '
                                    'change.', tl_week_label(day, week_start))
    END
$$;

-- Every reason the server refuses time on this work (the billable checks for billable time; an open task
-- and an open week for any time), joined into one text in the order a person fixes them; NULL: accepted.
-- Budgets and the productive-day cap are the desktop's (see the top of this file). The facts come in one
-- query: this runs for every row a push inserts.
CREATE OR REPLACE FUNCTION tl_time_problems(
    p_user uuid, p_project uuid, p_task uuid, p_day date, p_billable boolean, p_task_must_be_open boolean
) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    f record;
    person text;
    problems text[] := '{}';
    label text;
BEGIN
    SELECT c.user_id AS me, c.role AS my_role,
           u.id IS NOT NULL
               AND (u.id = c.user_id OR c.role = 'admin' OR (c.role = 'manager' AND u.team = c.team)) AS may_see,
           u.name AS person_name, o.lock_date, o.week_start,
           p.id AS project_id, p.code, p.status AS project_status, p.billing, p.requires_quote, p.quote_signed,
           p.requires_deposit, p.deposit_paid,
           k.id AS task_id, k.name AS task_name, k.status AS task_status, k.billable AS task_billable,
           EXISTS (
               SELECT 1 FROM assignments a
               WHERE a.user_id = c.user_id AND a.project_id = p_project AND a.deleted_at IS NULL
           ) AS caller_on_project,
           EXISTS (
               SELECT 1 FROM assignments a
               WHERE a.user_id = p_user AND a.project_id = p_project AND a.deleted_at IS NULL
                 AND (a.valid_from IS NULL OR a.valid_from <= p_day) AND (a.valid_to IS NULL OR p_day <= a.valid_to)
           ) AS assigned,
           (SELECT t.status FROM timesheets t
            WHERE t.user_id = p_user AND t.week_start = tl_week_first_day(p_day, o.week_start)
              AND t.deleted_at IS NULL) AS week_status
    INTO f
    FROM tl_caller() c
    JOIN organisations o ON o.id = c.org_id
    LEFT JOIN users u ON u.id = p_user AND u.org_id = c.org_id
    LEFT JOIN projects p ON p.id = p_project AND p.org_id = c.org_id AND p.deleted_at IS NULL
    LEFT JOIN tasks k ON k.id = p_task AND k.project_id = p_project AND k.deleted_at IS NULL;

    IF NOT coalesce(f.may_see, false) THEN
        RETURN NULL;  -- not a row this person may write: row-level security refuses it
    END IF;
    IF f.my_role = 'consultant' AND NOT f.caller_on_project THEN
        -- A consultant sees only the projects they are assigned to: about any other, this is all they learn.
        RETURN 'You are not assigned to this project; a manager can assign you to it.';
    END IF;
    IF f.project_id IS NULL OR f.task_id IS NULL THEN
        RETURN 'The project or task of this time is not on the server; sync the project list and choose the work '
               'again.';
    END IF;
    IF p_user <> f.me THEN
        person := f.person_name;
    END IF;
    label := f.code || '/' || f.task_name;

    IF p_billable THEN
        IF f.project_status <> 'active' THEN
            problems := problems || CASE f.project_status
                WHEN 'enquiry' THEN format('%s is still an enquiry; time can be logged once a manager makes the '
                                           'project active.', f.code)
                WHEN 'quoted' THEN format('%s is quoted but not active yet; time can be logged once a manager '
                                          'makes it active.', f.code)
                WHEN 'waiting_deposit' THEN format('%s is waiting for its deposit; time can be logged once the '
                                                   'deposit invoice is paid.', f.code)
                WHEN 'completed' THEN format('%s is completed; a manager must make it active again before more '
                                             'time is logged.', f.code)
                ELSE format('%s is archived; no more time can be logged on it.', f.code)
            END;
        END IF;
        IF f.requires_quote AND NOT f.quote_signed THEN
            problems := problems || format('The quote for %s is not signed yet; time can be logged once the client '
                                           'has signed it.', f.code);
        END IF;
        IF f.requires_deposit AND NOT f.deposit_paid THEN
            problems := problems || format('The deposit for %s is not paid yet; time can be logged once it has been '
                                           'paid.', f.code);
        END IF;
        IF NOT f.assigned THEN
            problems := problems || format('%s not assigned to %s on %s; a manager can assign %s to the project.',
                                           CASE WHEN person IS NULL THEN 'You are' ELSE person || ' is' END,
                                           f.code, tl_day_label(p_day),
                                           CASE WHEN person IS NULL THEN 'you' ELSE 'them' END);
        END IF;
        IF f.lock_date IS NOT NULL AND p_day <= f.lock_date THEN
            problems := problems || format('Time up to %s is locked; no billable time can be logged on %s any more.',
                                           tl_day_label(f.lock_date), tl_day_label(p_day));
        END IF;
    END IF;
    IF f.week_status IN ('submitted', 'approved') THEN
        problems := problems || tl_closed_week_problem(f.week_status, p_day, f.week_start);
    END IF;
    IF (p_billable OR p_task_must_be_open) AND f.task_status <> 'open' THEN
        problems := problems || format('The task %s is closed; time cannot be logged on it.', label);
    END IF;
    IF p_billable AND f.billing = 'non_billable' THEN
        problems := problems || format('%s is a non-billable project; log the time as non-billable.', f.code);
    ELSIF p_billable AND NOT f.task_billable THEN
        problems := problems || format('The task %s is not billable; log the time as non-billable.', label);
    END IF;
    RETURN nullif(array_to_string(problems, ' '), '');
END
$$;

-- Why an entry in a submitted, approved or invoiced state may not change (task_log's sentences, with the
-- day of the approval and the invoice's number where the server knows them).
CREATE OR REPLACE FUNCTION tl_locked_entry_problem(p_user uuid, p_day date, p_status text, p_invoice uuid)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    org organisations%ROWTYPE;
    decided timestamptz;
    invoice_number text;
BEGIN
    IF NOT tl_acts_for(p_user) THEN
        RETURN 'This entry is not yours to change.';
    END IF;
    SELECT o.* INTO org FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.id = p_user;
    IF p_status = 'submitted' THEN
        RETURN 'This entry is submitted for approval; it can change again only if a manager rejects its timesheet.';
    ELSIF p_status = 'approved' THEN
        SELECT t.decided_at INTO decided FROM timesheets t
        WHERE t.user_id = p_user AND t.week_start = tl_week_first_day(p_day, coalesce(org.week_start, 0))
          AND t.status = 'approved' AND t.deleted_at IS NULL;
        IF decided IS NULL THEN
            RETURN 'This entry is approved; a manager must reopen its timesheet before it can change.';
        END IF;
        RETURN format('This entry was approved on %s; ask a manager to reopen the week before changing it.',
                      tl_day_label((decided AT TIME ZONE coalesce(org.time_zone, 'UTC'))::date));
    END IF;
    -- Invoices are for managers and admins (row-level security): a consultant is not told the number.
    SELECT i.number INTO invoice_number FROM invoices i
    WHERE i.id = p_invoice AND i.org_id = org.id AND (SELECT c.role FROM tl_caller() c) IN ('manager', 'admin');
    IF invoice_number IS NULL THEN
        RETURN 'This entry is invoiced and can no longer change.';
    END IF;
    RETURN format('This entry is on invoice %s and can no longer change.', invoice_number);
END
$$;

-- Refuse the statement with a sentence for a person (the push passes the message on as the reason).
CREATE OR REPLACE FUNCTION tl_refuse(message text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
AS $$ BEGIN RAISE EXCEPTION USING MESSAGE = message, ERRCODE = 'P0001'; END $$;

-- Time entries: new time arrives as a draft off any invoice and passes the checks; status moves only in the
-- workflow functions; submitted, approved and invoiced entries are frozen, except that a manager or an admin
-- puts approved time on a draft invoice or takes it off one.
CREATE OR REPLACE FUNCTION tl_guard_entry() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    my_role text;
    problems text;
    moved boolean;
    timing boolean;
    adds boolean;
    draft_status text;
BEGIN
    IF NOT tl_is_app_role() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status IS DISTINCT FROM 'draft' THEN
            PERFORM tl_refuse('New time reaches the server as a draft; its week is then submitted and approved '
                              'through the timesheet.');
        END IF;
        IF NEW.invoice_id IS NOT NULL THEN
            PERFORM tl_refuse('New time cannot arrive on an invoice; a manager puts approved time on a draft invoice.');
        END IF;
        IF NEW.deleted_at IS NULL THEN  -- a tombstone adds no time
            problems := tl_time_problems(NEW.user_id, NEW.project_id, NEW.task_id, NEW.work_date, NEW.billable, true);
            IF problems IS NOT NULL THEN
                PERFORM tl_refuse(problems);
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    IF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM tl_refuse('An entry''s status changes only with its timesheet (submitted, approved, rejected or '
                          'reopened) or its invoice; nothing was changed.');
    END IF;
    IF OLD.status IN ('submitted', 'approved', 'invoiced') THEN
        SELECT m.role INTO my_role FROM tl_me() m;
        IF OLD.status = 'approved' AND my_role IN ('manager', 'admin')
           AND to_jsonb(NEW) - '{invoice_id,version,updated_at}'::text[]
               = to_jsonb(OLD) - '{invoice_id,version,updated_at}'::text[] THEN
            -- Putting approved time on a draft invoice, or taking it off one (a draft changed or deleted).
            IF OLD.invoice_id IS NOT NULL AND OLD.invoice_id IS DISTINCT FROM NEW.invoice_id THEN
                SELECT i.status INTO draft_status FROM invoices i WHERE i.id = OLD.invoice_id;
                IF draft_status IS DISTINCT FROM 'draft' THEN
                    PERFORM tl_refuse('This time is on an issued invoice; only a credit note releases it.');
                END IF;
            END IF;
            IF NEW.invoice_id IS NOT NULL AND OLD.invoice_id IS DISTINCT FROM NEW.invoice_id THEN
                SELECT i.status INTO draft_status FROM invoices i
                WHERE i.id = NEW.invoice_id AND i.org_id = NEW.org_id AND i.deleted_at IS NULL;
                IF draft_status IS DISTINCT FROM 'draft' THEN
                    PERFORM tl_refuse('Approved time can be put only on a draft invoice of the organisation.');
                END IF;
            END IF;
            RETURN NEW;
        END IF;
        PERFORM tl_refuse(tl_locked_entry_problem(OLD.user_id, OLD.work_date, OLD.status, OLD.invoice_id));
    END IF;
    IF NEW.invoice_id IS DISTINCT FROM OLD.invoice_id THEN
        PERFORM tl_refuse('Only approved time can be put on an invoice or taken off one.');
    END IF;

    IF NEW.deleted_at IS NOT NULL THEN  -- deleting (or changing a deleted entry) never adds time
        RETURN NEW;
    END IF;
    -- Like the desktop's edit_entry: billable time being added passes the billable checks; other changes of
    -- when or on what the time was worked need an open task and an open week. Moving time to another day
    -- counts as adding it there (so it cannot slip into a locked period).
    moved := NEW.project_id IS DISTINCT FROM OLD.project_id OR NEW.task_id IS DISTINCT FROM OLD.task_id;
    timing := NEW.work_date IS DISTINCT FROM OLD.work_date OR NEW.duration_seconds IS DISTINCT FROM OLD.duration_seconds
              OR NEW.started_at IS DISTINCT FROM OLD.started_at OR NEW.ended_at IS DISTINCT FROM OLD.ended_at;
    adds := OLD.deleted_at IS NOT NULL OR moved OR (NEW.billable AND NOT OLD.billable)
            OR NEW.duration_seconds > OLD.duration_seconds OR NEW.work_date IS DISTINCT FROM OLD.work_date;
    IF (NEW.billable AND adds) OR moved OR timing OR OLD.deleted_at IS NOT NULL THEN
        problems := tl_time_problems(NEW.user_id, NEW.project_id, NEW.task_id, NEW.work_date, NEW.billable AND adds,
                                     moved OR timing OR OLD.deleted_at IS NOT NULL);
        IF problems IS NOT NULL THEN
            PERFORM tl_refuse(problems);
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tl_guard_entry BEFORE INSERT OR UPDATE ON task_log_entries
    FOR EACH ROW EXECUTE FUNCTION tl_guard_entry();

-- How people name an issued document in a refusal: "Invoice 2026-0001", "Credit note CN-2026-0001".
CREATE OR REPLACE FUNCTION tl_invoice_title(kind text, number text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
AS $$
    SELECT CASE kind WHEN 'credit_note' THEN 'Credit note ' WHEN 'deposit' THEN 'Deposit invoice ' ELSE 'Invoice ' END
           || coalesce(number, 'the draft')
$$;

-- Invoices: drafts come and change freely but are issued (numbered) only by tl_finalise_invoice; an issued
-- invoice takes only payment changes (paid amount, early discount, paid on, its payment status).
CREATE OR REPLACE FUNCTION tl_guard_invoice() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    issued_columns CONSTANT text[] := '{paid_minor,paid_currency,paid_on,early_discount_minor,sent_at,sent_to,'
                                      'early_discount_currency,status,version,updated_at}';
BEGIN
    IF NOT tl_is_app_role() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status IS DISTINCT FROM 'draft' OR NEW.number IS NOT NULL OR NEW.finalised_at IS NOT NULL THEN
            PERFORM tl_refuse('A new invoice reaches the server as a draft without a number; the server numbers it '
                              'when it is finalised.');
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'draft' THEN
        IF NEW.status IS DISTINCT FROM 'draft' OR NEW.number IS NOT NULL OR NEW.finalised_at IS NOT NULL THEN
            PERFORM tl_refuse('An invoice is issued only by finalising it, when the server gives it its number; '
                              'nothing was changed.');
        END IF;
        RETURN NEW;
    END IF;
    IF to_jsonb(NEW) - issued_columns = to_jsonb(OLD) - issued_columns
       AND (NEW.status = OLD.status OR (OLD.status IN ('sent', 'partially_paid', 'overdue', 'paid')
                                        AND NEW.status IN ('sent', 'partially_paid', 'overdue', 'paid'))) THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'void' THEN
        PERFORM tl_refuse(format('%s is void and cannot change.', tl_invoice_title(OLD.kind, OLD.number)));
    ELSIF NEW.status = 'void' THEN
        PERFORM tl_refuse(format('%s is voided only by finalising a credit note for it.',
                                 tl_invoice_title(OLD.kind, OLD.number)));
    ELSIF OLD.kind = 'credit_note' THEN
        PERFORM tl_refuse(format('%s is issued and cannot change.', tl_invoice_title(OLD.kind, OLD.number)));
    END IF;
    PERFORM tl_refuse(format('%s is issued and cannot change; credit it instead.',
                             tl_invoice_title(OLD.kind, OLD.number)));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tl_guard_invoice BEFORE INSERT OR UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION tl_guard_invoice();

-- Invoice lines: only a draft's lines are added or changed (and a line never moves to another invoice).
CREATE OR REPLACE FUNCTION tl_guard_invoice_line() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    document record;
BEGIN
    IF NOT tl_is_app_role() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.document_id IS DISTINCT FROM OLD.document_id THEN
        PERFORM tl_refuse('A line stays on its invoice; delete it there and add it to the other invoice.');
    END IF;
    SELECT i.kind, i.number, i.status INTO document FROM invoices i WHERE i.id = NEW.document_id;
    IF FOUND AND document.status <> 'draft' THEN
        PERFORM tl_refuse(format('%s is issued; its lines cannot change (credit it instead).',
                                 tl_invoice_title(document.kind, document.number)));
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tl_guard_invoice_line BEFORE INSERT OR UPDATE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION tl_guard_invoice_line();

-- Quotes: a sent quote no longer changes, except to be signed, declined or expired (quote.QUOTE_TRANSITIONS);
-- its lines change only while it is a draft.
CREATE OR REPLACE FUNCTION tl_guard_quote() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    decision_columns CONSTANT text[] := '{status,decided_on,version,updated_at}';
BEGIN
    IF NOT tl_is_app_role() OR OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF to_jsonb(NEW) - decision_columns = to_jsonb(OLD) - decision_columns
       AND (NEW.status = OLD.status OR (OLD.status = 'sent' AND NEW.status IN ('signed', 'declined', 'expired'))) THEN
        RETURN NEW;
    END IF;
    PERFORM tl_refuse(format('Quote %s was sent and can no longer change.', coalesce(OLD.number, 'the draft')));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tl_guard_quote BEFORE UPDATE ON quotes
    FOR EACH ROW EXECUTE FUNCTION tl_guard_quote();

CREATE OR REPLACE FUNCTION tl_guard_quote_line() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    document record;
BEGIN
    IF NOT tl_is_app_role() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.document_id IS DISTINCT FROM OLD.document_id THEN
        PERFORM tl_refuse('A line stays on its quote; delete it there and add it to the other quote.');
    END IF;
    SELECT q.number, q.status INTO document FROM quotes q WHERE q.id = NEW.document_id;
    IF FOUND AND document.status <> 'draft' THEN
        PERFORM tl_refuse(format('Quote %s was sent and can no longer change.',
                                 coalesce(document.number, 'the draft')));
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tl_guard_quote_line BEFORE INSERT OR UPDATE ON quote_lines
    FOR EACH ROW EXECUTE FUNCTION tl_guard_quote_line();

-- The guards run as the person writing, so the helpers they call must be theirs to execute. The three that read
-- past row-level security answer only about people whose time the caller may see; nobody else needs them.
REVOKE ALL ON FUNCTION tl_acts_for(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION tl_time_problems(uuid, uuid, uuid, date, boolean, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION tl_locked_entry_problem(uuid, date, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    tl_acts_for(uuid),
    tl_closed_week_problem(text, date, integer),
    tl_time_problems(uuid, uuid, uuid, date, boolean, boolean),
    tl_locked_entry_problem(uuid, date, text, uuid),
    tl_refuse(text),
    tl_day_label(date),
    tl_week_first_day(date, integer),
    tl_week_label(date, integer),
    tl_currency_decimals(text),
    tl_format_money(bigint, text),
    tl_invoice_title(text, text)
TO timeledger_app;
