-- Who is asking: the group role of every person's login, which person each login role is, and the functions
-- that answer from `current_user` / `session_user` (never from anything the client can set).
-- Run by `timeledger server init` (app/sync/server.py), which sets timeledger.synced_tables; idempotent.

-- The group role is cluster-wide: several team databases on one server share it, and their inits may run at
-- the same moment, so a role created meanwhile by another one is fine.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'timeledger_app') THEN
        CREATE ROLE timeledger_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    ELSIF EXISTS (
        SELECT FROM pg_roles
        WHERE rolname = 'timeledger_app' AND (rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb)
    ) THEN
        -- Only when needed: altering a shared role from two databases at once fails ("tuple concurrently updated").
        ALTER ROLE timeledger_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

CREATE TABLE IF NOT EXISTS tl_server_users (
    login_role name PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    org_id uuid NOT NULL REFERENCES organisations (id),
    active boolean NOT NULL DEFAULT true
);
-- One working login per person.
CREATE UNIQUE INDEX IF NOT EXISTS tl_server_users_one_login ON tl_server_users (user_id) WHERE active;

-- The person a login role is. SECURITY DEFINER (it reads tl_server_users, closed to application roles), so it
-- answers a login only about itself: a consultant cannot ask who another login is. A superuser's session may
-- ask about any login (SET ROLE in tests and maintenance). PL/pgSQL, so its query is planned once per session:
-- row-level security asks it several times per statement.
CREATE OR REPLACE FUNCTION tl_identity_of(login name)
RETURNS TABLE (user_id uuid, org_id uuid, role text, team text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT u.id, u.org_id, u.role::text, u.team::text
    FROM tl_server_users AS s
    JOIN users AS u ON u.id = s.user_id AND u.org_id = s.org_id
    WHERE s.login_role = login
      AND s.active AND u.active AND u.deleted_at IS NULL
      AND (login = session_user OR (SELECT r.rolsuper FROM pg_roles AS r WHERE r.rolname = session_user));
END
$$;

-- The functions below are SECURITY INVOKER on purpose (inside a SECURITY DEFINER function current_user would be
-- the function's owner) and name what they call with its schema instead of pinning search_path, which keeps
-- them cheap; PostgreSQL never looks up functions in pg_temp, so nothing a client creates can stand in.

-- The person of `current_user`: what row-level security and tl_push go by.
CREATE OR REPLACE FUNCTION tl_me()
RETURNS TABLE (user_id uuid, org_id uuid, role text, team text)
LANGUAGE sql STABLE
AS $$ SELECT * FROM public.tl_identity_of(current_user) $$;

-- The person who logged in (`session_user`): what the checked workflow functions, which run as their owner,
-- go by.
CREATE OR REPLACE FUNCTION tl_caller()
RETURNS TABLE (user_id uuid, org_id uuid, role text, team text)
LANGUAGE sql STABLE
AS $$ SELECT * FROM public.tl_identity_of(session_user) $$;

CREATE OR REPLACE FUNCTION tl_is_login(login name)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN login = 'timeledger_app'
        OR EXISTS (SELECT FROM tl_server_users WHERE login_role = login)  -- active or removed: still confined
        OR EXISTS (
            SELECT FROM pg_auth_members AS m
            JOIN pg_roles AS g ON g.oid = m.roleid AND g.rolname = 'timeledger_app'
            JOIN pg_roles AS r ON r.oid = m.member AND r.rolname = login
            WHERE NOT m.admin_option AND NOT r.rolsuper  -- the role that created the group is not one of its people
        );
END
$$;

-- True when an application role is acting (a person's login, or the group role itself); false for the schema
-- owner, so also inside the checked SECURITY DEFINER functions, and for a superuser's session. Guards use it.
CREATE OR REPLACE FUNCTION tl_is_app_role()
RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT public.tl_is_login(current_user) $$;

-- Short forms for the policies of 30_policies.sql, each used as `(SELECT tl_my_org())` so that it runs once per
-- statement, not once per row.
CREATE OR REPLACE FUNCTION tl_my_user() RETURNS uuid LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT i.user_id FROM public.tl_identity_of(current_user) AS i); END $$;
CREATE OR REPLACE FUNCTION tl_my_org() RETURNS uuid LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT i.org_id FROM public.tl_identity_of(current_user) AS i); END $$;
CREATE OR REPLACE FUNCTION tl_my_role() RETURNS text LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT i.role FROM public.tl_identity_of(current_user) AS i); END $$;
CREATE OR REPLACE FUNCTION tl_my_team() RETURNS text LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT i.team FROM public.tl_identity_of(current_user) AS i); END $$;
-- My organisation when I manage in it (manager or admin), else nothing; the same for admins only.
CREATE OR REPLACE FUNCTION tl_managed_org() RETURNS uuid LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN (SELECT i.org_id FROM public.tl_identity_of(current_user) AS i WHERE i.role IN ('manager', 'admin'));
END
$$;
CREATE OR REPLACE FUNCTION tl_admin_org() RETURNS uuid LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT i.org_id FROM public.tl_identity_of(current_user) AS i WHERE i.role = 'admin'); END $$;

-- Privileges: nothing for PUBLIC; the application roles get only what they need, and never DELETE (nothing is
-- deleted: rows are tombstoned with deleted_at). Timesheets change only through the workflow functions.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
-- PostgreSQL 14 still lets everyone create objects in the public schema: application roles must own nothing.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO timeledger_app;

DO $$
DECLARE
    synced text := current_setting('timeledger.synced_tables', true);
    name text;
BEGIN
    IF coalesce(synced, '') = '' THEN
        RAISE EXCEPTION 'Run the server schema through `timeledger server init`, which says which tables sync.';
    END IF;
    FOREACH name IN ARRAY string_to_array(synced, ',') LOOP
        IF name = 'timesheets' THEN
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %I FROM timeledger_app', name);
            EXECUTE format('GRANT SELECT ON %I TO timeledger_app', name);
        ELSE
            EXECUTE format('REVOKE DELETE, TRUNCATE ON %I FROM timeledger_app', name);
            EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO timeledger_app', name);
        END IF;
    END LOOP;
END $$;
GRANT SELECT ON alembic_version TO timeledger_app;

REVOKE ALL ON FUNCTION tl_identity_of(name), tl_me(), tl_caller(), tl_is_login(name), tl_is_app_role(),
    tl_my_user(), tl_my_org(), tl_my_role(), tl_my_team(), tl_managed_org(), tl_admin_org() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tl_identity_of(name), tl_me(), tl_caller(), tl_is_login(name), tl_is_app_role(),
    tl_my_user(), tl_my_org(), tl_my_role(), tl_my_team(), tl_managed_org(), tl_admin_org() TO timeledger_app;
