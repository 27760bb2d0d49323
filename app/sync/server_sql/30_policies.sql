-- Row-level security: on, and forced, on every table of the schema; one policy per command for the
-- application roles (timeledger_app and its members). A table without a policy for a command is closed to them.
-- Identity comes from tl_me() (10_identity.sql). Every policy is dropped and made again, so a rerun of init
-- also removes policies an older version had. Idempotent.

-- Projects a person is assigned to (assignments RLS: a consultant sees their own).
CREATE OR REPLACE FUNCTION tl_my_projects()
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    me uuid := public.tl_my_user();
BEGIN
    RETURN QUERY SELECT a.project_id FROM public.assignments AS a WHERE a.user_id = me AND a.deleted_at IS NULL;
END
$$;

-- The people whose time I see besides my own: everyone in the organisation for an admin, the team for a
-- manager, nobody for a consultant.
CREATE OR REPLACE FUNCTION tl_managed_users()
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    me record;
BEGIN
    SELECT i.org_id, i.role, i.team INTO me FROM public.tl_identity_of(current_user) AS i;
    IF me.role = 'admin' THEN
        RETURN QUERY SELECT u.id FROM public.users AS u WHERE u.org_id = me.org_id;
    ELSIF me.role = 'manager' THEN
        RETURN QUERY SELECT u.id FROM public.users AS u WHERE u.org_id = me.org_id AND u.team = me.team;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION tl_my_projects(), tl_managed_users() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tl_my_projects(), tl_managed_users() TO timeledger_app;

DO $$
DECLARE
    t record;
    policy record;
    name text;
    -- Row filters, written once.
    in_org constant text := 'org_id = (SELECT tl_my_org())';
    managing constant text := 'org_id = (SELECT tl_managed_org())';
    admin constant text := 'org_id = (SELECT tl_admin_org())';
    -- A person's own rows; a manager's team's; everything in the organisation for an admin.
    own_or_managed constant text := 'org_id = (SELECT tl_my_org()) AND (user_id = (SELECT tl_my_user())'
        ' OR user_id IN (SELECT tl_managed_users()))';
    own constant text := 'org_id = (SELECT tl_my_org()) AND user_id = (SELECT tl_my_user())';
    assigned_projects constant text := '(SELECT tl_my_projects())';
    catalogue_read text;
BEGIN
    -- Start from a clean slate: every Timeledger policy goes, and comes back below.
    FOR policy IN
        SELECT p.policyname, p.tablename FROM pg_policies AS p
        WHERE p.schemaname = 'public' AND p.policyname LIKE 'tl\_%'
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', policy.policyname, policy.tablename);
    END LOOP;

    -- Every table, forced: the owner is bound too. An owner that is neither superuser nor BYPASSRLS (a managed
    -- PostgreSQL's admin user) keeps full access through a policy of its own, so the checked functions it owns work.
    FOR t IN
        SELECT c.relname, r.rolname AS owner, r.rolsuper OR r.rolbypassrls AS exempt
        FROM pg_class AS c JOIN pg_roles AS r ON r.oid = c.relowner
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        IF NOT t.exempt THEN
            EXECUTE format('CREATE POLICY tl_owner ON %I TO %I USING (true) WITH CHECK (true)', t.relname, t.owner);
        END IF;
    END LOOP;

    -- The organisation: read your own; admins change it.
    CREATE POLICY tl_select ON organisations FOR SELECT TO timeledger_app USING (id = (SELECT tl_my_org()));
    CREATE POLICY tl_update ON organisations FOR UPDATE TO timeledger_app
        USING (id = (SELECT tl_admin_org())) WITH CHECK (id = (SELECT tl_admin_org()));

    -- People: everyone sees the organisation's people; admins add and change them.
    EXECUTE format('CREATE POLICY tl_select ON users FOR SELECT TO timeledger_app USING (%s)', in_org);
    EXECUTE format('CREATE POLICY tl_insert ON users FOR INSERT TO timeledger_app WITH CHECK (%s)', admin);
    EXECUTE format('CREATE POLICY tl_update ON users FOR UPDATE TO timeledger_app USING (%s) WITH CHECK (%s)',
        admin, in_org);

    -- The catalogue: managers and admins see and change all of it; a consultant sees the projects they are
    -- assigned to and what hangs off them.
    FOR name, catalogue_read IN VALUES
        ('projects', format('id IN %s', assigned_projects)),
        ('clients', format('id IN (SELECT client_id FROM projects WHERE id IN %s)', assigned_projects)),
        ('tasks', format('project_id IN %s', assigned_projects)),
        ('milestones', format('project_id IN %s', assigned_projects)),
        ('rates', format('level = ''organisation'' OR subject_id = (SELECT tl_my_user())'
            ' OR subject_id IN (SELECT id FROM assignments WHERE user_id = (SELECT tl_my_user()))'
            ' OR subject_id IN %1$s'
            ' OR subject_id IN (SELECT id FROM tasks WHERE project_id IN %1$s)'
            ' OR subject_id IN (SELECT client_id FROM projects WHERE id IN %1$s)', assigned_projects)),
        ('assignments', 'user_id = (SELECT tl_my_user())')
    LOOP
        EXECUTE format(
            'CREATE POLICY tl_select ON %I FOR SELECT TO timeledger_app '
            'USING (%s AND (org_id = (SELECT tl_managed_org()) OR %s))', name, in_org, catalogue_read);
        EXECUTE format('CREATE POLICY tl_insert ON %I FOR INSERT TO timeledger_app WITH CHECK (%s)', name, managing);
        EXECUTE format('CREATE POLICY tl_update ON %I FOR UPDATE TO timeledger_app USING (%s) WITH CHECK (%s)',
            name, managing, managing);
    END LOOP;

    -- A person's time and attendance: their own; a manager's team's; an admin's organisation. Written by their
    -- owner; changed also by admins and by managers for their team (putting approved time on an invoice; the
    -- guards of 40_guards.sql limit what may change).
    FOREACH name IN ARRAY ARRAY['task_log_entries', 'attendance_sessions', 'attendance_breaks', 'running_timers',
                                'blocked_attempts'] LOOP
        EXECUTE format('CREATE POLICY tl_select ON %I FOR SELECT TO timeledger_app USING (%s)', name, own_or_managed);
        EXECUTE format('CREATE POLICY tl_insert ON %I FOR INSERT TO timeledger_app WITH CHECK (%s)', name, own);
        EXECUTE format('CREATE POLICY tl_update ON %I FOR UPDATE TO timeledger_app USING (%s) WITH CHECK (%s)',
            name, own_or_managed, own_or_managed);
    END LOOP;

    -- Timesheets are read like entries and change only through the checked workflow functions.
    EXECUTE format('CREATE POLICY tl_select ON timesheets FOR SELECT TO timeledger_app USING (%s)', own_or_managed);

    -- Money: managers and admins.
    FOREACH name IN ARRAY ARRAY['invoices', 'invoice_lines', 'quotes', 'quote_lines', 'payments', 'invoice_templates'] LOOP
        EXECUTE format('CREATE POLICY tl_select ON %I FOR SELECT TO timeledger_app USING (%s)', name, managing);
        EXECUTE format('CREATE POLICY tl_insert ON %I FOR INSERT TO timeledger_app WITH CHECK (%s)', name, managing);
        EXECUTE format('CREATE POLICY tl_update ON %I FOR UPDATE TO timeledger_app USING (%s) WITH CHECK (%s)',
            name, managing, managing);
    END LOOP;

    -- Sync's own tables.
    EXECUTE format('CREATE POLICY tl_select ON tl_change_log FOR SELECT TO timeledger_app USING (%s)', in_org);
    CREATE POLICY tl_select ON alembic_version FOR SELECT TO timeledger_app USING (true);
END $$;
