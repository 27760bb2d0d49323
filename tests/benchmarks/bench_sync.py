"""Sync with the team's PostgreSQL: a first sync, an incremental sync and a big push, against raw psycopg/sqlite3.

Needs the PostgreSQL server of TIMELEDGER_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres, a
superuser); each part makes a database of its own and drops it, with its login roles, afterwards.

Setup (not timed): Acme (EUR, Berlin) built through the services with Ada the admin and 200 consultants in two
teams, on project WEB; `init_server` uploads it (and gives Ada a login), `add_user` gives one consultant a login.
The entries are then written into PostgreSQL by the superuser in one INSERT … SELECT (no row-level security, no
guards; the change log records them as usual): drafts spread over the consultants and a thousand days, with ids
ordered by time as the app's UUIDv7 are, and notes from a short list.

First sync (100,000 entries). App: `sync setup` of Ada's fresh, empty desktop: the organisation, its people and
every entry come down in one REPEATABLE READ snapshot into one SQLite transaction. Raw: the same rows by hand:
psycopg `COPY (SELECT …) TO STDOUT` of every synced table (the same select list, so the same text reaches
SQLite) and one sqlite3 executemany per table into an empty copy of the same schema, committed once.
Samples alternate; target: app ≤ 3 × raw.

Incremental sync (1,000,000 entries on both sides; Ada's desktop made by a first sync, whose time is shown).
Before each sample a consultant changes one entry's note on the server (as their login: row-level security
and guards apply) and the cluster is let settle, so the change is below every running transaction. App: one
`run_once` (nothing to push; every synced table asked for what changed since the cursor). Raw: psycopg
connects, reads the changed task-log entries since its cursor in a REPEATABLE READ snapshot, sqlite3 upserts
them and commits. Target: the app's median ≤ 200 ms.

Push (10,000 operations). Each sample queues, through the app's own path, an edit of the note of 10,000 of the
desktop's entries (one SQL update and `queue_bulk_updates`, as storage/invoice_links.py does), then times the
round's push (app/sync/push.py): a connection as Ada, ten `tl_push` batches (each op merged field by field on
the server, exactly once, in its own subtransaction) and the answers settled in the outbox. The rest of the
round (the pull of the 10,000 changed rows) is timed apart and shown. Raw: psycopg updates the same column of
10,000 other entries as the same login, in one transaction (executemany). Target: the app's median ≤ 5 s.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql as pgsql

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from app.services import clients, people, projects, setup
from app.services.identity import current_actor
from app.storage.outbox import queue_bulk_updates
from app.sync.connection import connect as connect_to_server
from app.sync.local_rows import server_columns, upsert_statement
from app.sync.push import push
from app.sync.server import init_server
from app.sync.server_logins import add_user
from app.sync.wire import SYNCED_TABLES, table
from tests.benchmarks import raw
from tests.benchmarks.cache import remove_database, say
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed

SERVER = os.environ.get("TIMELEDGER_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
FIRST_ENTRIES = int(os.environ.get("BENCH_SYNC_FIRST", 100_000))
TOTAL_ENTRIES = int(os.environ.get("BENCH_SYNC_ENTRIES", 1_000_000))
PUSHED_OPS = 10_000
FIRST_MOST_RATIO = 3.0
INCREMENTAL_MOST_MS = 200.0
PUSH_MOST_MS = 5000.0
FIRST_SAMPLES, INCREMENTAL_SAMPLES, PUSH_SAMPLES = 3, 20, 3
CONSULTANTS = 200
NOTES = ("", "Daily stand-up", "Code review", "Workshop with the client", "Überarbeitung der Schnittstelle")
EDITED_NOTE = "Code review"


@dataclass(frozen=True)
class TeamServer:
    database: str
    superuser: str  # libpq URL of the database as the superuser
    admin: str  # libpq URL as Ada's login role
    consultant: str  # libpq URL as one consultant's login role
    consultant_id: uuid.UUID


def _login_url(database: str, login: str) -> str:
    host = SERVER.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgresql://{login}@{host}/{database}"


def _organisation(path: Path) -> tuple[Ledger, list[str]]:
    """Acme on Ada's desktop, built through the services; returns it and the consultants' emails."""
    ledger = open_ledger(path, FixedClock(NOW))
    emails = [f"consultant{n:03d}@acme.example" for n in range(CONSULTANTS)]
    with ledger.work() as uow:
        setup.init_organisation(
            uow,
            org_name="Acme",
            currency="EUR",
            user_name="Ada Admin",
            email="ada@acme.example",
            time_zone="Europe/Berlin",
            default_rate="90",
        )
        admin = current_actor(uow)
        clients.add_client(uow, admin, name="Globex", email="ap@globex.example", rate="120")
        projects.add_project(uow, admin, client="Globex", name="Website", code="WEB", status="active", rate="150")
        for n, email in enumerate(emails):
            people.add_user(uow, admin, name=f"Consultant {n}", email=email, team=("blue", "red")[n % 2])
            projects.assign(uow, admin, email, "WEB")
        uow.commit()
    return ledger, emails


_ENTRIES = """
INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id, work_date,
    duration_seconds, note, billable, status, rate_minor, rate_currency, rate_source, cap_override_reason)
SELECT (lpad(to_hex(%(first_id)s::bigint + n), 12, '0') || substr(replace(gen_random_uuid()::text, '-', ''), 13))::uuid,
       p.org_id, 1, now(), people.ids[1 + n %% cardinality(people.ids)], p.id, t.id,
       DATE '2022-11-21' + (n / %(per_day)s)::int, 900 * (1 + n %% 8), (%(notes)s::text[])[1 + n %% %(note_count)s],
       n %% 5 <> 0, 'draft', 15000, 'EUR', 'project', ''
FROM generate_series(0, %(count)s - 1) AS n,
     (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'consultant') AS people,
     projects AS p JOIN tasks AS t ON t.project_id = p.id
WHERE p.code = 'WEB'
"""


def _add_entries(superuser: str, count: int) -> None:
    """`count` draft entries of the consultants, written by the superuser in one statement."""
    per_day = max(1, count // 1000)  # a thousand days: five entries a day each for 200 people and 1M entries
    started = time.perf_counter()
    with psycopg.connect(superuser, autocommit=True) as connection:
        connection.execute(
            _ENTRIES,
            {
                "first_id": int(NOW.timestamp() * 1000) - count,
                "per_day": per_day,
                "notes": list(NOTES),
                "note_count": len(NOTES),
                "count": count,
            },
        )
        connection.execute("VACUUM ANALYZE")
    say(f"wrote {count:,} entries into PostgreSQL in {time.perf_counter() - started:.1f} s")


@contextmanager
def team_server(workdir: Path, entries: int) -> Iterator[TeamServer]:
    """A database of its own holding Acme and `entries` entries, with a login for every person; dropped after."""
    suffix = uuid.uuid4().hex[:8]
    database = f"timeledger_bench_{suffix}"
    admin_login, consultant_login = f"ada_{suffix}", f"c00_{suffix}"
    logins = [admin_login, consultant_login]
    path = workdir / f"admin-{suffix}.db"
    ledger, emails = _organisation(path)
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(database)))
        try:
            superuser = f"{SERVER.rsplit('/', 1)[0]}/{database}"
            alchemy = superuser.replace("postgresql://", "postgresql+psycopg://", 1)
            init_server(alchemy, ledger, login=admin_login, password="bench")
            add_user(alchemy, emails[0], "consultant", login=consultant_login, password="bench")
            _add_entries(superuser, entries)
            with psycopg.connect(superuser) as connection:
                (consultant_id,) = connection.execute("SELECT id FROM users WHERE email = %s", (emails[0],)).fetchone()
            yield TeamServer(
                database,
                superuser,
                _login_url(database, admin_login),
                _login_url(database, consultant_login),
                consultant_id,
            )
        finally:
            ledger.close()
            remove_database(path)
            admin.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(database)))
            for login in logins:
                admin.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(login)))


def empty_desktop(path: Path) -> None:
    """An empty ledger of this app's schema (made by its migration), closed."""
    remove_database(path)
    open_ledger(path, FixedClock(NOW)).close()


# -- first sync


def first_sync_with_app(path: Path, server: TeamServer) -> tuple[float, int]:
    """Seconds for `sync setup` of an empty desktop as Ada, and the rows it pulled."""
    empty_desktop(path)
    ledger = open_ledger(path, FixedClock(NOW))
    try:
        report = None

        def set_up() -> None:
            nonlocal report
            report = ledger.sync.setup(server.admin)

        seconds = timed(set_up)
    finally:
        ledger.close()
    assert report is not None
    return seconds, report.pulled


def _insert(name: str) -> str:
    t = table(name)
    return f'INSERT INTO "{name}" ({", ".join(c.name for c in t.c)}) VALUES ({", ".join("?" for _ in t.c)})'


def first_sync_raw(path: Path, server: TeamServer) -> tuple[float, int]:
    """Seconds for the same rows copied by hand (COPY TO STDOUT, sqlite3 executemany), and how many."""
    empty_desktop(path)
    copied = 0
    connection = raw.connect(path)
    try:

        def copy_all() -> None:
            nonlocal copied
            with psycopg.connect(server.admin) as pg:
                connection.execute("PRAGMA foreign_keys = OFF")  # as the app's pull: rows may point at unseen ones
                connection.execute("BEGIN IMMEDIATE")
                for name in SYNCED_TABLES:
                    query = f'COPY (SELECT {server_columns(table(name))} FROM "{name}") TO STDOUT'
                    with pg.cursor().copy(query) as copy:
                        cursor = connection.executemany(_insert(name), copy.rows())
                        copied += cursor.rowcount
                connection.execute("COMMIT")

        seconds = timed(copy_all)
    finally:
        connection.close()
    return seconds, copied


def measure_first_sync(workdir: Path) -> Result:
    with team_server(workdir, FIRST_ENTRIES) as server:
        app_s, raw_s = [], []
        for _ in range(FIRST_SAMPLES):
            seconds, pulled = first_sync_with_app(workdir / "first-app.db", server)
            app_s.append(seconds)
            raw_seconds, copied = first_sync_raw(workdir / "first-raw.db", server)
            raw_s.append(raw_seconds)
            assert pulled == copied, (pulled, copied)
        remove_database(workdir / "first-app.db")
        remove_database(workdir / "first-raw.db")
    app, baseline = statistics.median(app_s), statistics.median(raw_s)
    say(f"first sync of {pulled:,} rows: app {app:.2f} s, raw {baseline:.2f} s")
    ratio = app / baseline
    return Result(
        f"sync: first sync, {FIRST_ENTRIES:,} entries (s)",
        app,
        "s",
        baseline,
        ratio,
        f"ratio <= {FIRST_MOST_RATIO:g}",
        ratio <= FIRST_MOST_RATIO,
    )


# -- incremental sync and push, 1M entries on both sides


def change_one_entry(server: TeamServer, n: int) -> None:
    """A consultant changes one of their entries on the server (as their login), then the cluster settles."""
    with psycopg.connect(server.consultant, autocommit=True) as connection:
        connection.execute(
            "UPDATE task_log_entries SET note = %s, version = version + 1, updated_at = now() "
            "WHERE id = (SELECT id FROM task_log_entries WHERE user_id = %s ORDER BY id OFFSET %s LIMIT 1)",
            (f"changed on the server ({n})", server.consultant_id, n),
        )


def incremental_raw(path: Path, server: TeamServer, cursor: str) -> tuple[float, str]:
    """Seconds for the changed entries since `cursor` read and upserted by hand; the new cursor."""
    t = table("task_log_entries")
    upsert = upsert_statement(t)
    connection = raw.connect(path)
    upper = cursor
    try:

        def pull_by_hand() -> None:
            nonlocal upper
            with psycopg.connect(server.admin) as pg:
                pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                upper = pg.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()[0]
                rows = pg.execute(
                    f"SELECT {server_columns(t)} FROM task_log_entries WHERE id IN (SELECT row_id FROM tl_change_log "
                    "WHERE tbl = 'task_log_entries' AND xid >= %s::xid8 AND xid < %s::xid8)",
                    (cursor, upper),
                ).fetchall()
                pg.execute("COMMIT")
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(upsert, rows)
            connection.execute("COMMIT")

        seconds = timed(pull_by_hand)
    finally:
        connection.close()
    return seconds, upper


def _cursor(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT value FROM local_settings WHERE key = 'sync_cursor'").fetchone()[0]


def measure_incremental(ledger: Ledger, server: TeamServer) -> Result:
    app_s = []
    pulled = []
    for n in range(INCREMENTAL_SAMPLES):
        change_one_entry(server, n)
        report = None

        def one_round() -> None:
            nonlocal report
            report = ledger.sync.run_once()

        app_s.append(timed(one_round))
        assert report is not None
        pulled.append(report.pulled)
    if set(pulled) != {1}:
        say(f"incremental sync: rows pulled per round {pulled} (expected 1 each)")
    raw_s = []
    cursor = _cursor(ledger.db.path)
    for n in range(INCREMENTAL_SAMPLES):
        change_one_entry(server, INCREMENTAL_SAMPLES + n)
        seconds, cursor = incremental_raw(ledger.db.path, server, cursor)
        raw_s.append(seconds)
    return Result.latency(
        f"sync: incremental, 1 change in {TOTAL_ENTRIES:,} entries",
        median_ms(app_s),
        median_ms(raw_s),
        INCREMENTAL_MOST_MS,
    )


def queue_note_edits(ledger: Ledger, ids: list[str], note: str) -> None:
    """The app's own path for many rows changed by one statement: the rows, and an `update` op for each."""
    marks = ", ".join("?" for _ in ids)
    with ledger.work() as uow:
        uow.session.connection().exec_driver_sql(
            f"UPDATE task_log_entries SET note = ?, version = version + 1 WHERE id IN ({marks})", (note, *ids)
        )
        queue_bulk_updates(uow.session, "task_log_entries", ids, {"note": EDITED_NOTE}, {"note": note})
        uow.commit()


def push_raw(server: TeamServer, ids: list[str], note: str) -> float:
    """Seconds for the same column of `ids` updated by hand on the server, as Ada, in one transaction."""
    with psycopg.connect(server.admin) as pg:

        def update() -> None:
            with pg.cursor() as cursor:
                cursor.executemany(
                    "UPDATE task_log_entries SET note = %s, version = version + 1, updated_at = now() WHERE id = %s",
                    [(note, uuid.UUID(hex=i)) for i in ids],
                )
            pg.commit()

        return timed(update)


def measure_push(ledger: Ledger, server: TeamServer) -> Result:
    with closing(sqlite3.connect(ledger.db.path)) as connection:
        candidates = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM task_log_entries WHERE note = ? ORDER BY id LIMIT ?",
                (EDITED_NOTE, 2 * PUSH_SAMPLES * PUSHED_OPS),
            )
        ]
    assert len(candidates) == 2 * PUSH_SAMPLES * PUSHED_OPS, "not enough entries to edit; raise BENCH_SYNC_ENTRIES"
    app_s, raw_s, pulls = [], [], []
    for n in range(PUSH_SAMPLES):
        mine = candidates[n * PUSHED_OPS : (n + 1) * PUSHED_OPS]
        queue_note_edits(ledger, mine, f"edited on the desktop ({n})")
        pushed = None

        def push_all() -> None:
            nonlocal pushed
            server_connection = connect_to_server(server.admin)
            try:
                pushed = push(server_connection, ledger.db, raw.instant(NOW))
            finally:
                server_connection.close()

        app_s.append(timed(push_all))
        assert pushed is not None and (pushed.sent, pushed.refused, pushed.conflicts) == (PUSHED_OPS, 0, 0), pushed
        pulls.append(timed(ledger.sync.run_once))  # the rest of the round: the changed rows come back
    say(f"push: the pull of the {PUSHED_OPS:,} changed rows after it took {statistics.median(pulls):.2f} s")
    # Afterwards, so that no round of the app pulls what the raw updates changed.
    for n in range(PUSH_SAMPLES, 2 * PUSH_SAMPLES):
        raw_s.append(push_raw(server, candidates[n * PUSHED_OPS : (n + 1) * PUSHED_OPS], f"edited by hand ({n})"))
    return Result.latency(
        f"sync: push of {PUSHED_OPS:,} operations",
        median_ms(app_s),
        median_ms(raw_s),
        PUSH_MOST_MS,
    )


def measure_large(workdir: Path) -> list[Result]:
    with team_server(workdir, TOTAL_ENTRIES) as server:
        path = workdir / "large-desktop.db"
        empty_desktop(path)
        ledger = open_ledger(path, FixedClock(NOW))
        try:
            started = time.perf_counter()
            pulled = ledger.sync.setup(server.admin).pulled
            say(f"first sync of {pulled:,} rows ({TOTAL_ENTRIES:,} entries): {time.perf_counter() - started:.1f} s")
            results = [measure_incremental(ledger, server), measure_push(ledger, server)]
        finally:
            ledger.close()
            remove_database(path)
    return results


def measure(workdir: Path) -> list[Result]:
    """Every sync figure; none (and a sentence why) when no PostgreSQL server is reachable."""
    try:
        psycopg.connect(SERVER, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        say(f"sync benchmarks skipped: no PostgreSQL server at {SERVER} ({str(error).strip().splitlines()[0]})")
        return []
    return [measure_first_sync(workdir), *measure_large(workdir)]


if __name__ == "__main__":  # python -m tests.benchmarks.bench_sync: only these figures
    from tests.benchmarks.cache import scratch_dir
    from tests.benchmarks.measure import table as figures

    with scratch_dir() as folder:
        found = measure(folder)
    print(figures(found))
