-- Push: desktops send operations (docs/sync.md, "Operations"); tl_push applies each exactly once, as the
-- person who sent it (SECURITY INVOKER: row-level security and the guards apply), and answers for each.
-- Idempotent.

CREATE TABLE IF NOT EXISTS tl_applied_ops (
    op_id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    result jsonb
);
ALTER TABLE tl_applied_ops ENABLE ROW LEVEL SECURITY;
ALTER TABLE tl_applied_ops FORCE ROW LEVEL SECURITY;
-- UPDATE too: an op's row is claimed first and gets its result once the op is done.
GRANT SELECT, INSERT, UPDATE ON tl_applied_ops TO timeledger_app;
DROP POLICY IF EXISTS tl_select ON tl_applied_ops;
DROP POLICY IF EXISTS tl_insert ON tl_applied_ops;
DROP POLICY IF EXISTS tl_update ON tl_applied_ops;
CREATE POLICY tl_select ON tl_applied_ops FOR SELECT TO timeledger_app USING (user_id = (SELECT tl_my_user()));
CREATE POLICY tl_insert ON tl_applied_ops FOR INSERT TO timeledger_app WITH CHECK (user_id = (SELECT tl_my_user()));
CREATE POLICY tl_update ON tl_applied_ops FOR UPDATE TO timeledger_app
    USING (user_id = (SELECT tl_my_user())) WITH CHECK (user_id = (SELECT tl_my_user()));

-- What a record is called, for sentences.
CREATE OR REPLACE FUNCTION tl_record_name(tbl text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = public, pg_temp
AS $$
    SELECT CASE tbl
        WHEN 'organisations' THEN 'organisation'
        WHEN 'users' THEN 'user'
        WHEN 'clients' THEN 'client'
        WHEN 'projects' THEN 'project'
        WHEN 'tasks' THEN 'task'
        WHEN 'milestones' THEN 'milestone'
        WHEN 'assignments' THEN 'assignment'
        WHEN 'rates' THEN 'rate'
        WHEN 'invoices' THEN 'invoice'
        WHEN 'quotes' THEN 'quote'
        WHEN 'invoice_lines' THEN 'invoice line'
        WHEN 'quote_lines' THEN 'quote line'
        WHEN 'payments' THEN 'payment'
        WHEN 'running_timers' THEN 'running timer'
        WHEN 'task_log_entries' THEN 'time entry'
        WHEN 'attendance_sessions' THEN 'attendance record'
        WHEN 'attendance_breaks' THEN 'break'
        WHEN 'timesheets' THEN 'timesheet'
        WHEN 'blocked_attempts' THEN 'blocked attempt'
        ELSE coalesce(replace(tbl, '_', ' '), 'record')
    END
$$;

-- The sentence for a refused operation. Our own triggers and functions raise sentences for people (P0001 and
-- the rest of class P0, or a code of our own); the database's own errors are put in words here.
CREATE OR REPLACE FUNCTION tl_refusal(state text, message text, tbl text, err_constraint text, err_column text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
AS $$
DECLARE
    what text := tl_record_name(tbl);
    columns text;
BEGIN
    IF state LIKE 'P0%' OR state !~ '^([0-5][0-9A-Z]|F0|HV|XX)' THEN
        RETURN message;
    ELSIF state = '42501' THEN  -- a missing grant, or a row-level security policy
        RETURN format('You may not change this %s on the server.', what);
    ELSIF state = '23505' THEN
        SELECT string_agg(replace(a.attname, '_', ' '), ', ' ORDER BY k.ordinality) INTO columns
        FROM pg_constraint AS c
        CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ordinality)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.conname = err_constraint AND a.attname NOT IN ('org_id', 'deleted_at');
        RETURN format('Another %s on the server already has this %s.', what, coalesce(columns, 'value'));
    ELSIF state = '23503' THEN
        RETURN format('This %s refers to a record the server does not have or that you may not see; '
                      'send that one first.', what);
    ELSIF state = '23502' THEN
        RETURN format('This %s needs a %s on the server.', what, replace(coalesce(err_column, 'value'), '_', ' '));
    ELSIF state = '23514' THEN
        RETURN format('This %s breaks the server''s rule "%s".', what,
                      replace(regexp_replace(coalesce(err_constraint, ''), '^ck_' || tbl || '_', ''), '_', ' '));
    ELSIF state LIKE '22%' THEN
        RETURN format('The server could not read a value of this %s (%s).', what, message);
    ELSIF state IN ('42P01', '42703', '42883') THEN
        RETURN format('The server does not know this change (%s); update it with `timeledger server init`.',
                      message);
    END IF;
    RETURN format('The server refused this change to a %s: %s', what, message);
END
$$;

-- The name of a prepared statement for `statement` (made on first use in this session). A row operation's SQL
-- depends on its table and fields, so it is built per op; planning it again for every op (row-level security
-- makes that costly) would make a batch several times slower. A session that prepared a statement of that name
-- itself only fools its own pushes: tl_push runs with the caller's rights.
CREATE OR REPLACE FUNCTION tl_prepared(parameters text, statement text)
RETURNS text
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    wanted text := 'tl_' || md5(parameters || statement);
BEGIN
    IF NOT EXISTS (SELECT FROM pg_prepared_statements AS p WHERE p.name = wanted) THEN
        EXECUTE format('PREPARE %I %s AS %s', wanted, parameters, statement);
    END IF;
    RETURN wanted;
END
$$;

-- Field-level three-way merge of an `update` (docs/sync.md): a field whose server value is the base takes the
-- new value; one already at the new value needs nothing; any other is a conflict, left as the server has it.
-- Values compare as their column type reads them (to_jsonb of jsonb_populate_record), so an instant written
-- with another offset is the same instant. Returns the conflicts.
CREATE OR REPLACE FUNCTION tl_merge(tbl text, row_id uuid, base jsonb, changes jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    server_row jsonb;
    mine jsonb;
    apply text[];
    conflicts jsonb := '[]';
    field text;
    unknown text;
BEGIN
    changes := changes - 'version' - 'updated_at';
    IF changes ? 'id' AND changes->>'id' IS DISTINCT FROM row_id::text THEN
        RAISE EXCEPTION USING MESSAGE = format('A %s cannot change its id.', tl_record_name(tbl));
    END IF;
    changes := changes - 'id';
    base := coalesce(base, '{}');
    SELECT string_agg(key, ', ') INTO unknown FROM jsonb_object_keys(changes) AS key
    WHERE NOT EXISTS (SELECT FROM pg_attribute AS a WHERE a.attrelid = tbl::regclass AND a.attname = key
                      AND a.attnum > 0 AND NOT a.attisdropped);
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = format(
            'The server''s %s has no field %s; update the server with `timeledger server init`.',
            tl_record_name(tbl), unknown);
    END IF;
    SELECT array_agg(key) INTO apply FROM jsonb_object_keys(changes) AS key WHERE base ? key;
    IF apply IS NOT NULL THEN
        -- The usual case in one statement: each field still at its base takes the new value, the others stay
        -- (a NULL column reads as JSON null, as the base writes it);
        -- no row when nothing would change (or the row is not the person's to change: see below).
        SELECT array_agg(f ORDER BY f) INTO apply FROM unnest(apply) AS f;
        EXECUTE format('EXECUTE %I(%L, %L, %L)', tl_prepared('(uuid, jsonb, jsonb)', format(
            'UPDATE %1$I AS t SET %2$s, version = t.version + 1, updated_at = now() '
            'FROM (SELECT jsonb_populate_record(NULL::%1$I, $2) AS r, '
            '      to_jsonb(jsonb_populate_record(NULL::%1$I, $3)) AS b) AS x '
            'WHERE t.id = $1 AND (%3$s) RETURNING to_jsonb(t), to_jsonb(x.r)',
            tbl,
            (SELECT string_agg(format('%1$I = CASE WHEN coalesce(to_jsonb(t.%1$I), ''null'') = x.b->%2$L THEN (x.r).%1$I ELSE t.%1$I END',
                                      f, f), ', ') FROM unnest(apply) AS f),
            (SELECT string_agg(format('coalesce(to_jsonb(t.%1$I), ''null'') = x.b->%2$L AND to_jsonb(t.%1$I) IS DISTINCT FROM '
                                      'to_jsonb((x.r).%1$I)', f, f), ' OR ') FROM unnest(apply) AS f))),
            row_id, changes, base)
            INTO server_row, mine;
        IF server_row IS NOT NULL THEN
            SELECT coalesce(jsonb_agg(jsonb_build_object('field', key, 'server', server_row->key,
                                                         'mine', changes->key)), '[]')
            INTO conflicts FROM jsonb_object_keys(changes) AS key WHERE server_row->key IS DISTINCT FROM mine->key;
            RETURN conflicts;
        END IF;
    END IF;
    -- Nothing applied: say why, field by field. FOR UPDATE: only a row the person may both see and change
    -- (row-level security).
    EXECUTE format('SELECT to_jsonb(t), to_jsonb(jsonb_populate_record(NULL::%1$I, $2)) '
                   'FROM %1$I AS t WHERE t.id = $1 FOR UPDATE', tbl)
        INTO server_row, mine USING row_id, changes;
    IF server_row IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = format('This %s is not on the server, or not yours to change.',
                                               tl_record_name(tbl));
    END IF;
    FOR field IN SELECT jsonb_object_keys(changes) LOOP
        IF server_row->field IS DISTINCT FROM mine->field THEN
            conflicts := conflicts || jsonb_build_object('field', field, 'server', server_row->field,
                                                         'mine', changes->field);
        END IF;
    END LOOP;
    RETURN conflicts;
END
$$;

-- An `insert`: the row as sent, with version 1 and the server's time; an id the server has already is an
-- `update` whose base is empty (fields that differ become conflicts).
CREATE OR REPLACE FUNCTION tl_insert(tbl text, row_id uuid, fields jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    columns text;
    inserted_id uuid;
BEGIN
    fields := (fields - 'version' - 'updated_at') || jsonb_build_object('id', row_id);
    SELECT string_agg(format('%I', key), ', ' ORDER BY key) INTO columns FROM jsonb_object_keys(fields) AS key;
    EXECUTE format('EXECUTE %I(%L)', tl_prepared('(jsonb)', format(
        'INSERT INTO %1$I (%2$s, version, updated_at) SELECT %2$s, 1, now() '
        'FROM jsonb_populate_record(NULL::%1$I, $1) AS r ON CONFLICT (id) DO NOTHING RETURNING id', tbl, columns)),
        fields) INTO inserted_id;
    IF inserted_id IS NOT NULL THEN
        RETURN '[]';
    END IF;
    RETURN tl_merge(tbl, row_id, '{}', fields);
END
$$;

-- One operation's effect; returns its conflicts, raises when refused.
CREATE OR REPLACE FUNCTION tl_apply(op jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    kind text := op->>'op';
    entity text := op->>'entity';
BEGIN
    IF kind IN ('insert', 'update') THEN
        -- Sync's own tables hold no records: operations never write them.
        IF entity IS NULL OR entity LIKE 'tl\_%' OR entity = 'alembic_version'
           OR to_regclass(quote_ident(entity)) IS NULL THEN
            RAISE EXCEPTION USING MESSAGE = format(
                'The server keeps no records of the kind "%s"; update it with `timeledger server init`.', entity);
        END IF;
        IF kind = 'insert' THEN
            RETURN tl_insert(entity, (op->>'id')::uuid, coalesce(op->'row', '{}'));
        END IF;
        RETURN tl_merge(entity, (op->>'id')::uuid, coalesce(op->'base', '{}'), coalesce(op->'set', '{}'));
    ELSIF kind = 'submit_week' THEN
        PERFORM tl_submit_week((op->>'timesheet_id')::uuid, (op->>'week_start')::date);
    ELSIF kind = 'approve' THEN
        PERFORM tl_approve((op->>'timesheet_id')::uuid);
    ELSIF kind = 'reject' THEN
        PERFORM tl_reject((op->>'timesheet_id')::uuid, op->>'reason');
    ELSIF kind = 'reopen' THEN
        PERFORM tl_reopen((op->>'timesheet_id')::uuid, op->>'reason');
    ELSIF kind = 'finalise_invoice' THEN
        PERFORM tl_finalise_invoice((op->>'invoice_id')::uuid, coalesce((op->>'release_entries')::boolean, false));
    ELSE
        RAISE EXCEPTION USING MESSAGE = format(
            'The server does not know the operation "%s"; update it with `timeledger server init`.', kind);
    END IF;
    RETURN '[]';
END
$$;

-- Apply `ops` in order, each in its own subtransaction, each exactly once; returns one result per op:
-- {"op_id", "status": "applied" | "refused", "reason", "conflicts": [{"field", "server", "mine"}]}.
CREATE OR REPLACE FUNCTION tl_push(ops jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = public, pg_temp
SET timezone = 'UTC'  -- instants render the same way on every call, whatever the session says
AS $$
DECLARE
    me uuid := (SELECT tl_my_user());
    op jsonb;
    op_uuid uuid;
    claimed int;
    op_result jsonb;
    results jsonb[] := '{}';
    done_ids uuid[] := '{}';  -- ops applied in this call: their rows get their results at the end
    done_results jsonb[] := '{}';
    err_state text;
    err_message text;
    err_constraint text;
    err_column text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'The login %s is not a Timeledger user on this server (or was removed); '
            'ask an admin to run `timeledger server add-user`.', current_user);
    END IF;
    IF jsonb_typeof(ops) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'tl_push takes a JSON array of operations.';
    END IF;
    FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
        op_uuid := NULL;
        IF op->>'op_id' ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN
            op_uuid := (op->>'op_id')::uuid;
        END IF;
        IF op_uuid IS NULL THEN
            results := array_append(results, jsonb_build_object('op_id', op->'op_id', 'status', 'refused',
                'conflicts', '[]'::jsonb,
                'reason', 'This operation has no valid op_id, so the server cannot apply it exactly once.'));
            CONTINUE;
        END IF;
        op_result := NULL;
        BEGIN
            -- Claim the op id first: a twin of this op still running elsewhere (a retry after a dropped
            -- connection) makes this wait for it, then find its row.
            INSERT INTO tl_applied_ops (op_id, user_id, applied_at) VALUES (op_uuid, me, now())
                ON CONFLICT (op_id) DO NOTHING;
            GET DIAGNOSTICS claimed = ROW_COUNT;
            IF claimed = 0 THEN
                SELECT a.result INTO op_result FROM tl_applied_ops AS a WHERE a.op_id = op_uuid;
                IF NOT FOUND THEN
                    op_result := jsonb_build_object('op_id', op_uuid, 'status', 'refused', 'conflicts', '[]'::jsonb,
                        'reason', 'This operation id was already used by someone else; nothing was changed.');
                ELSIF op_result IS NULL THEN  -- the same op twice in this call
                    op_result := done_results[array_position(done_ids, op_uuid)];
                END IF;
            ELSE
                op_result := jsonb_build_object('op_id', op_uuid, 'status', 'applied', 'conflicts', tl_apply(op));
                done_ids := array_append(done_ids, op_uuid);
                done_results := array_append(done_results, op_result);
            END IF;
        EXCEPTION
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT,
                    err_constraint = CONSTRAINT_NAME, err_column = COLUMN_NAME;
                -- Deadlocks, serialization failures, lock timeouts, shortages: the op is not refused, the call
                -- fails and the desktop tries again later.
                IF err_state ~ '^(40|53|55P03|57|58|XX|08)' THEN
                    RAISE;
                END IF;
                op_result := jsonb_build_object('op_id', op_uuid, 'status', 'refused', 'conflicts', '[]'::jsonb,
                    'reason', tl_refusal(err_state, err_message, coalesce(op->>'entity', CASE
                        WHEN op ? 'timesheet_id' THEN 'timesheets' WHEN op ? 'invoice_id' THEN 'invoices' END),
                        err_constraint, err_column));
                -- The subtransaction (and its claim) is gone: the refusal is stored, so asking again answers the same.
                INSERT INTO tl_applied_ops (op_id, user_id, applied_at, result) VALUES (op_uuid, me, now(), op_result)
                    ON CONFLICT (op_id) DO NOTHING;
        END;
        results := array_append(results, op_result);
    END LOOP;
    UPDATE tl_applied_ops AS a SET result = d.result
    FROM unnest(done_ids, done_results) AS d(op_id, result)
    WHERE a.op_id = d.op_id;
    RETURN to_jsonb(results);
END
$$;

REVOKE ALL ON FUNCTION tl_prepared(text, text), tl_record_name(text), tl_refusal(text, text, text, text, text),
    tl_merge(text, uuid, jsonb, jsonb), tl_insert(text, uuid, jsonb), tl_apply(jsonb), tl_push(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tl_prepared(text, text), tl_record_name(text), tl_refusal(text, text, text, text, text),
    tl_merge(text, uuid, jsonb, jsonb), tl_insert(text, uuid, jsonb), tl_apply(jsonb), tl_push(jsonb)
    TO timeledger_app;

-- A safety net for tables made by the files before this one: every table of the schema has row-level
-- security on and forced (30_policies.sql gave the ones the Alembic chain makes their policies).
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN
        SELECT c.relname FROM pg_class AS c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
          AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
    END LOOP;
END $$;
