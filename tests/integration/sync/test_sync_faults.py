"""Sync under faults, against the real team server: a desktop killed after its commit, answers lost after the
server committed, batches delivered twice, out of order or at the same time, a pull broken off halfway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from approval_helpers import WEEK
from helpers import acting, raw_rows
from psycopg.types.json import Jsonb

from app.domain.clock import FixedClock
from app.ledger import Ledger, open_ledger
from app.services import approvals
from app.services.sync_status import ServerUnreachable, SyncState
from app.sync.wire import SYNCED_TABLES
from sync.desktops import desktop, edit, entry_row, log, server_entry
from sync.tcp_proxy import FaultyProxy
from sync.team import FRIDAY_MORNING, MONDAY, Person, TeamServer, team_server

ROOT = Path(__file__).resolve().parents[3]
CRASH_TIMEOUT_S = 60

# A desktop process: logs one entry through the services, commits, says so, then waits to be killed.
CRASHING_DESKTOP = """
import sys, time
from datetime import date, datetime
from pathlib import Path
from app.domain.clock import FixedClock
from app.ledger import open_ledger
from app.services import task_log
from app.services.identity import current_actor

ledger = open_ledger(Path(sys.argv[1]), FixedClock(datetime.fromisoformat(sys.argv[2])))
with ledger.work() as uow:
    entry = task_log.log_entry(uow, current_actor(uow), "WEB/General", day=date.fromisoformat(sys.argv[3]),
                               hours="1:30", note="logged just before the crash")
    uow.commit()
print(entry.id.hex, flush=True)
time.sleep(600)
"""


@pytest.fixture
def team(tmp_path):
    with team_server(tmp_path) as server:
        yield server


@pytest.fixture
def proxy():
    with FaultyProxy() as faulty:
        yield faulty


def desktop_behind(proxy: FaultyProxy, person: Person, folder: Path) -> Ledger:
    """A fresh desktop of `person` whose every connection to the team server goes through `proxy`."""
    folder.mkdir(parents=True, exist_ok=True)
    ledger = open_ledger(folder / f"{person.login}.db", FixedClock(FRIDAY_MORNING))
    ledger.sync.setup(proxy.url(person.url))
    return ledger


def pending_ops(ledger: Ledger) -> list[tuple[str, str]]:
    """(op_id as 32 hex digits, op) of every operation waiting to be sent, oldest first."""
    return raw_rows(ledger.db.path, "SELECT op_id, op FROM sync_outbox WHERE state = 'pending' ORDER BY seq")


def wire_ops(ledger: Ledger) -> list[dict[str, Any]]:
    """The pending operations exactly as the desktop sends them to `tl_push`."""
    rows = raw_rows(ledger.db.path, "SELECT op_id, op, payload FROM sync_outbox WHERE state = 'pending' ORDER BY seq")
    return [{**json.loads(payload), "op_id": str(uuid.UUID(hex=op_id)), "op": op} for op_id, op, payload in rows]


def local_setting(ledger: Ledger, key: str) -> str | None:
    found = raw_rows(ledger.db.path, "SELECT value FROM local_settings WHERE key = ?", key)
    return found[0][0] if found else None


def server_state(team: TeamServer) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every synced table, the applied operations and the change log, read as the superuser."""
    state = {name: team.sql(f'SELECT * FROM "{name}" ORDER BY id') for name in SYNCED_TABLES}
    state["tl_applied_ops"] = team.sql("SELECT * FROM tl_applied_ops ORDER BY op_id")
    state["tl_change_log"] = team.sql("SELECT * FROM tl_change_log ORDER BY seq")
    return state


def push_as(person: Person, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Call `tl_push` with psycopg as `person`'s login role, as a desktop does; returns its answers."""
    with psycopg.connect(person.url, autocommit=True) as connection:
        return connection.execute("SELECT tl_push(%s)", (Jsonb(ops),)).fetchone()[0]


def by_op(answers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {answer["op_id"]: answer for answer in answers}


# -- a crash between the local commit and the push


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal")
def test_a_desktop_killed_after_committing_an_entry_sends_it_once_when_opened_again(team, tmp_path):
    carl = desktop(team, team.consultant_a, tmp_path)
    path = carl.db.path
    carl.close()
    crashing = subprocess.Popen(
        [sys.executable, "-c", CRASHING_DESKTOP, str(path), FRIDAY_MORNING.isoformat(), MONDAY.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = crashing.stdout.readline().strip()
        assert said, f"the desktop process failed before committing: {crashing.stderr.read()}"
        os.kill(crashing.pid, signal.SIGKILL)
        assert crashing.wait(timeout=CRASH_TIMEOUT_S) == -signal.SIGKILL
    finally:
        if crashing.poll() is None:
            crashing.kill()
            crashing.wait()
        crashing.stdout.close()
        crashing.stderr.close()
    entry_id = uuid.UUID(hex=said)

    reopened = open_ledger(path, FixedClock(FRIDAY_MORNING))
    try:
        [(op_id, op)] = pending_ops(reopened)  # the entry's insert survived the crash beside the entry
        assert op == "insert"
        report = reopened.sync.run_once()
        assert (report.pushed, report.refused, report.conflicts) == (1, 0, 0)
        again = reopened.sync.run_once()
        assert again.pushed == 0
        assert pending_ops(reopened) == []
        assert reopened.sync.status().state is SyncState.SYNCED
        assert entry_row(reopened, entry_id)["version"] == 1
    finally:
        reopened.close()
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE id = %s", entry_id) == [(1,)]
    assert server_entry(team, entry_id) == {
        "duration_seconds": 5400,
        "note": "logged just before the crash",
        "status": "draft",
        "billable": True,
        "version": 1,
    }
    assert team.sql("SELECT count(*) FROM tl_applied_ops WHERE op_id = %s", uuid.UUID(hex=op_id)) == [(1,)]


# -- the connection dropping after the server committed, before the answer arrived


def test_an_answer_lost_after_the_server_committed_is_asked_for_again_and_nothing_happens_twice(team, proxy, tmp_path):
    carl = desktop_behind(proxy, team.consultant_a, tmp_path)
    entries = [log(carl, "1:00", note=f"entry {n}", day=MONDAY + timedelta(days=n)) for n in range(3)]
    edit(carl, entries[0], note="edited before it was ever sent")
    sent = pending_ops(carl)
    assert [op for _, op in sent] == ["insert", "insert", "insert", "update"]
    op_ids = [uuid.UUID(hex=op_id) for op_id, _ in sent]

    proxy.cut_answer(b"tl_push")
    with pytest.raises(ServerUnreachable):
        carl.sync.run_once()
    assert proxy.cuts == 1
    # The server did the work and remembered it; the desktop never heard, so it still holds every op.
    assert team.sql("SELECT count(*) FROM tl_applied_ops WHERE op_id = ANY(%s)", op_ids) == [(4,)]
    assert pending_ops(carl) == sent
    status = carl.sync.status()
    assert (status.state, status.pending) == (SyncState.OFFLINE, 4)
    before = server_state(team)

    report = carl.sync.run_once()
    assert (report.pushed, report.refused, report.conflicts) == (4, 0, 0)
    assert server_state(team) == before  # the stored answers came back; nothing was applied again
    versions = dict(team.sql("SELECT id, version FROM task_log_entries WHERE id = ANY(%s)", entries))
    assert versions == {entries[0]: 2, entries[1]: 1, entries[2]: 1}
    assert server_entry(team, entries[0])["note"] == "edited before it was ever sent"
    assert pending_ops(carl) == [] and carl.sync.problems() == []
    assert carl.sync.status().state is SyncState.SYNCED
    for entry_id in entries:
        assert entry_row(carl, entry_id) == server_entry(team, entry_id)


# -- batches delivered twice, out of order, or twice at the same time


def week_of_work(team: TeamServer, tmp_path: Path) -> tuple[list[dict[str, Any]], list[uuid.UUID]]:
    """Carl's operations for a week (three entries, two edits, the week submitted), as his desktop queued them,
    with one the server refuses (an edit of Bea's entry, which Carl may not see) in the middle."""
    carl = desktop(team, team.consultant_a, tmp_path)
    entries = [log(carl, "1:00", note=f"entry {n}", day=MONDAY + timedelta(days=n)) for n in range(3)]
    edit(carl, entries[0], note="agenda written")
    edit(carl, entries[1], hours="2:30")
    with acting(carl) as (uow, actor):
        approvals.submit(uow, actor, WEEK)
        uow.commit()
    ops = wire_ops(carl)
    carl.close()
    bea_entry = team.insert_entry(team.consultant_b, project_id=team.app_id, note="Bea's", as_superuser=True)
    trespass = {
        "op_id": str(uuid.uuid4()),
        "op": "update",
        "entity": "task_log_entries",
        "id": str(bea_entry),
        "base": {"note": "Bea's"},
        "set": {"note": "Carl was here"},
    }
    ops.insert(3, trespass)
    assert [op["op"] for op in ops] == ["insert", "insert", "insert", "update", "update", "update", "submit_week"]
    return ops, entries


def test_a_batch_delivered_again_in_any_order_or_split_changes_nothing_and_gets_the_first_answers(team, tmp_path):
    ops, entries = week_of_work(team, tmp_path)
    first = push_as(team.consultant_a, ops)
    assert [answer["op_id"] for answer in first] == [op["op_id"] for op in ops]
    assert [answer["status"] for answer in first] == ["applied"] * 3 + ["refused"] + ["applied"] * 3
    assert team.sql("SELECT DISTINCT status FROM task_log_entries WHERE id = ANY(%s)", entries) == [("submitted",)]
    once = server_state(team)
    half = len(ops) // 2

    replays = {
        "the same batch again": [ops],
        "reversed": [ops[::-1]],
        "split, the second half first": [ops[half:], ops[:half]],
        "interleaved with itself": [ops[::2] + ops[1::2], [op for pair in zip(ops, ops, strict=True) for op in pair]],
    }
    for how, batches in replays.items():
        for batch in batches:
            answers = push_as(team.consultant_a, batch)
            assert [answer["op_id"] for answer in answers] == [op["op_id"] for op in batch], how
            assert answers == [by_op(first)[op["op_id"]] for op in batch], how
        assert server_state(team) == once, how


def deliver(connection: psycopg.Connection, ops: list[dict[str, Any]], got: dict[str, Any]) -> None:
    """`tl_push` on `connection` (in a thread of its own); its answers or its error land in `got`."""
    try:
        got["answers"] = connection.execute("SELECT tl_push(%s)", (Jsonb(ops),)).fetchone()[0]
    except psycopg.Error as error:
        got["error"] = error


def waits_for_a_lock(team: TeamServer, pid: int, running: threading.Thread, timeout_s: float = 10) -> bool:
    """Whether the server backend `pid` comes to wait for a lock while `running` is still running."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and running.is_alive():
        if team.sql("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", pid) == [("Lock",)]:
            return True
        time.sleep(0.05)
    return False


def test_a_batch_delivered_twice_at_the_same_time_is_applied_once_and_both_get_the_same_answers(team, tmp_path):
    ops, _entries = week_of_work(team, tmp_path)
    # The first delivery holds its transaction open, as a call still running on the server when the desktop,
    # having lost its connection, delivers the batch again.
    got: dict[str, Any] = {}
    with psycopg.connect(team.consultant_a.url, autocommit=True) as second:
        with psycopg.connect(team.consultant_a.url) as first:
            first_answers = first.execute("SELECT tl_push(%s)", (Jsonb(ops),)).fetchone()[0]
            again = threading.Thread(target=deliver, args=(second, ops, got))
            again.start()
            waited = waits_for_a_lock(team, second.info.backend_pid, again)
            first.commit()  # (leaving the block without it rolls back, which also lets the second one go on)
        again.join(timeout=30)
        assert not again.is_alive(), "the second delivery never came back"
    assert waited, "the second delivery should have waited for the first one's transaction"
    assert "error" not in got, f"the second delivery failed instead of answering: {got.get('error')}"
    assert got["answers"] == first_answers
    once = server_state(team)
    assert push_as(team.consultant_a, ops) == first_answers
    assert server_state(team) == once
    entries = [uuid.UUID(op["id"]) for op in ops if op["op"] == "insert"]
    assert team.sql("SELECT count(*) FROM task_log_entries WHERE id = ANY(%s)", entries) == [(3,)]
    op_ids = [uuid.UUID(op["op_id"]) for op in ops]
    assert team.sql("SELECT count(*) FROM tl_applied_ops WHERE op_id = ANY(%s)", op_ids) == [(len(ops),)]


# -- the server dropping the connection in the middle of a pull

NEW_ENTRIES = 300


@pytest.mark.parametrize("bytes_through", [0, 300, 30_000])
def test_a_pull_broken_off_halfway_writes_nothing_and_the_next_round_completes(team, proxy, tmp_path, bytes_through):
    carl = desktop_behind(proxy, team.consultant_a, tmp_path)
    cursor = local_setting(carl, "sync_cursor")
    name = raw_rows(carl.db.path, "SELECT name FROM projects WHERE id = ?", team.web_id.hex)[0][0]
    # Changed on the server meanwhile: the project (pulled before the entries) and many entries of Carl's.
    team.sql("UPDATE projects SET name = 'Website relaunch' WHERE id = %s", team.web_id)
    team.sql(
        """INSERT INTO task_log_entries (id, org_id, version, updated_at, user_id, project_id, task_id, work_date,
               duration_seconds, note, billable, status, rate_minor, rate_currency, rate_source, cap_override_reason)
           SELECT gen_random_uuid(), %s, 1, now(), %s, %s, %s, DATE '2026-09-01' + n %% 60, 900,
                  'imported entry ' || n, true, 'draft', 15000, 'EUR', 'project', ''
           FROM generate_series(1, %s) AS n""",
        team.org_id,
        team.consultant_a.user_id,
        team.web_id,
        team.web_task_id,
        NEW_ENTRIES,
    )

    proxy.cut_after(b"REPEATABLE READ", bytes_through)
    with pytest.raises(ServerUnreachable):
        carl.sync.run_once()
    assert proxy.cuts == 1
    assert local_setting(carl, "sync_cursor") == cursor
    assert raw_rows(carl.db.path, "SELECT name FROM projects WHERE id = ?", team.web_id.hex) == [(name,)]
    assert raw_rows(carl.db.path, "SELECT count(*) FROM task_log_entries") == [(0,)]
    assert carl.sync.status().state is SyncState.OFFLINE

    report = carl.sync.run_once()
    assert report.pulled >= NEW_ENTRIES + 1
    assert local_setting(carl, "sync_cursor") != cursor
    assert raw_rows(carl.db.path, "SELECT name FROM projects WHERE id = ?", team.web_id.hex) == [("Website relaunch",)]
    assert raw_rows(carl.db.path, "SELECT count(*) FROM task_log_entries") == [(NEW_ENTRIES,)]
    assert carl.sync.status().state is SyncState.SYNCED
