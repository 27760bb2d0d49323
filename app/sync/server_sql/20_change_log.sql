-- The change log desktops pull from: one line per written row, with the id of the transaction that wrote it.
-- A pull reads the lines whose xid is below the oldest running transaction (pg_snapshot_xmin), so no commit is
-- ever skipped (docs/sync.md). Idempotent.

CREATE TABLE IF NOT EXISTS tl_change_log (
    seq bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    tbl text NOT NULL,
    row_id uuid NOT NULL,
    org_id uuid
);
CREATE INDEX IF NOT EXISTS tl_change_log_xid ON tl_change_log (xid);

-- Statement-level, over the transition table: a bulk update logs its rows in one INSERT. SECURITY DEFINER:
-- application roles may read the log (their organisation's lines) but never write it.
CREATE OR REPLACE FUNCTION tl_log_changes()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO tl_change_log (tbl, row_id, org_id) SELECT TG_TABLE_NAME, changed.id, changed.org_id FROM changed;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION tl_log_changes() FROM PUBLIC;

-- PostgreSQL allows a transition table only on a single-event trigger: one trigger for inserts, one for updates.
DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY string_to_array(current_setting('timeledger.synced_tables'), ',') LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER tl_log_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION tl_log_changes()', name);
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER tl_log_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed '
            'FOR EACH STATEMENT EXECUTE FUNCTION tl_log_changes()', name);
    END LOOP;
END $$;

GRANT SELECT ON tl_change_log TO timeledger_app;
-- Here too, not only in 10_identity.sql: on the first run the sequence did not exist there yet.
REVOKE ALL ON SEQUENCE tl_change_log_seq_seq FROM PUBLIC;

-- Where a pull may read up to (docs/sync.md, "Pull"): like pg_snapshot_xmin(pg_current_snapshot()), every
-- transaction below it has ended, but transactions of *other databases* of the cluster do not hold it back
-- (they cannot write this change log), so a long transaction elsewhere on a shared server does not stall every
-- desktop's pull. Call it first in the pull's REPEATABLE READ transaction: it reads that transaction's snapshot.
-- A running transaction whose database cannot be told (it ended meanwhile, a prepared transaction, or rights to
-- see it are missing) counts as this database's, so the answer is never later than it may be. SECURITY DEFINER:
-- pg_stat_activity shows other people's transactions only to privileged roles.
CREATE OR REPLACE FUNCTION tl_pull_horizon()
RETURNS xid8
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    WITH snapshot AS (SELECT pg_current_snapshot() AS taken)
    SELECT coalesce(
        (SELECT min(running) FROM pg_snapshot_xip(snapshot.taken) AS running
         WHERE NOT EXISTS (
             SELECT FROM pg_stat_activity AS a
             WHERE a.backend_xid = xid(running)
               AND a.datid <> (SELECT d.oid FROM pg_database AS d WHERE d.datname = current_database()))),
        pg_snapshot_xmax(snapshot.taken))
    FROM snapshot
$$;
REVOKE ALL ON FUNCTION tl_pull_horizon() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tl_pull_horizon() TO timeledger_app;
