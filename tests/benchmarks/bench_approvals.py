"""The approval queue and bulk approval over 200 users × 52 weeks of submitted timesheets, against raw sqlite3.

Setup (not timed), on a copy of the cached ledger: by plain SQL, every person gets a submitted timesheet
for each of the 52 complete weeks before NOW, the entries of those weeks become submitted, and every
working day of those weeks gets an attendance session (08:30–17:00 local) with a 30-minute break.

Queue. App: what opening the Approvals section does: a read unit of work, the signed-in admin,
queue_length (the badge) and the first page of services.approvals.queue with its totals. Raw: a read
transaction around the same three statements (count, page, totals aggregate), rows fetched.
Samples interleave (app, raw, app...) and must agree on the count and the page's totals.

Bulk approval. App: services.approvals.approve_many of the next 500 timesheets of the queue in one
write unit of work, committed. Raw: the same changes by hand in one IMMEDIATE transaction: each
timesheet row and its submitted entries to approved (version + 1), one audit row per changed row.
Each sample takes its own 500 timesheets, app and raw alternating.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.calendar import at_local
from app.domain.ids import new_id
from app.ledger import Ledger
from app.services import approvals
from app.services.identity import current_actor
from app.storage.approval_queue import TOTALS_SQL
from tests.benchmarks import raw
from tests.benchmarks.cache import copy_database, open_at_now
from tests.benchmarks.generate import NOW
from tests.benchmarks.measure import Result, median_ms, timed
from tests.benchmarks.organisation import Staff

WEEKS = 52
QUEUE_MOST_MS = 100.0
BULK_MOST_MS = 2000.0
BULK_SIZE = 500
BULK_SAMPLES = 3
WARM_UP = 5
PAGE = approvals.PAGE_SIZE


def week_starts() -> list[date]:
    """The Mondays of the 52 complete weeks before NOW, oldest first (the benchmark organisation starts on Monday)."""
    this_monday = NOW.date() - timedelta(days=NOW.date().weekday())
    return [this_monday - timedelta(weeks=n) for n in range(WEEKS, 0, -1)]


def prepare(path: Path, staff: Staff) -> int:
    """Submitted timesheets, submitted entries and attendance for the 52 weeks; returns the timesheets made."""
    tz = ZoneInfo(staff.time_zone)
    mondays = week_starts()
    now = raw.instant(NOW)
    sheets, sessions, breaks = [], [], []
    for n, person in enumerate(staff.people):
        for monday in mondays:
            submitted = raw.instant(at_local(monday + timedelta(days=7), time(9, n % 60), tz))
            sheets.append((new_id().hex, staff.org_id.hex, now, person.id.hex, monday.isoformat(), submitted))
            for offset in range(5):
                day = monday + timedelta(days=offset)
                session_id = new_id().hex
                clock = [raw.instant(at_local(day, time(*hm), tz)) for hm in ((8, 30), (17, 0), (12, 0), (12, 30))]
                sessions.append((session_id, staff.org_id.hex, now, person.id.hex, clock[0], clock[1]))
                breaks.append((new_id().hex, staff.org_id.hex, now, session_id, person.id.hex, clock[2], clock[3]))
    connection = raw.connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO timesheets (id, org_id, version, updated_at, deleted_at, user_id, week_start, status, "
            "submitted_at, decided_at, decided_by, reason) VALUES (?, ?, 1, ?, NULL, ?, ?, 'submitted', ?, NULL, "
            "NULL, '')",
            sheets,
        )
        connection.execute(
            "UPDATE task_log_entries SET status = 'submitted' WHERE work_date BETWEEN ? AND ? AND deleted_at IS NULL",
            (mondays[0].isoformat(), (mondays[-1] + timedelta(days=6)).isoformat()),
        )
        connection.executemany(
            "INSERT INTO attendance_sessions (id, org_id, version, updated_at, deleted_at, user_id, clock_in, "
            "clock_out) VALUES (?, ?, 1, ?, NULL, ?, ?, ?)",
            sessions,
        )
        connection.executemany(
            "INSERT INTO attendance_breaks (id, org_id, version, updated_at, deleted_at, session_id, user_id, "
            "started_at, ended_at) VALUES (?, ?, 1, ?, NULL, ?, ?, ?, ?)",
            breaks,
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return len(sheets)


# --- the queue --------------------------------------------------------------------------------


def open_with_app(ledger: Ledger) -> tuple[int, list[tuple[int, int, int]]]:
    with ledger.read() as uow:
        admin = current_actor(uow)
        length = approvals.queue_length(uow, admin)
        page = approvals.queue(uow, admin)
    return length, [(r.billable.seconds, r.non_billable.seconds, r.attendance.seconds) for r in page]


RAW_FILTER = (
    "FROM timesheets t JOIN users u ON u.id = t.user_id WHERE t.org_id = ? AND t.status = 'submitted' "
    "AND t.deleted_at IS NULL AND t.user_id != ?"
)
RAW_PAGE = f"SELECT t.id, t.user_id, t.week_start {RAW_FILTER} ORDER BY t.week_start, t.submitted_at, t.id LIMIT ?"


def open_raw(connection: sqlite3.Connection, org: str, admin: str, tz: ZoneInfo) -> tuple[int, list]:
    connection.execute("BEGIN")
    length = connection.execute(f"SELECT count(*) {RAW_FILTER}", (org, admin)).fetchone()[0]
    page = connection.execute(RAW_PAGE, (org, admin, PAGE)).fetchall()
    params: dict[str, str] = {"now": raw.instant(NOW) or ""}
    values = []
    for i, (ts, user, first) in enumerate(page):
        monday = date.fromisoformat(first)
        lo = datetime.combine(monday, time(0), tzinfo=tz)
        hi = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz)
        last = (monday + timedelta(days=6)).isoformat()
        params.update({f"ts{i}": ts, f"u{i}": user, f"f{i}": first, f"l{i}": last})
        params.update({f"lo{i}": raw.instant(lo) or "", f"hi{i}": raw.instant(hi) or ""})
        values.append(f"(:ts{i}, :u{i}, :f{i}, :l{i}, :lo{i}, :hi{i})")
    totals = {row[0]: row[1:] for row in connection.execute(TOTALS_SQL.format(values=", ".join(values)), params)}
    connection.execute("COMMIT")
    return length, [(t[0], t[1], max(0, t[2] - t[3])) for t in (totals[ts] for ts, _, _ in page)]


def queue_samples(path: Path, staff: Staff, iterations: int) -> tuple[list[float], list[float], int]:
    ledger, _ = open_at_now(path)
    with ledger.read() as uow:
        admin = current_actor(uow).user.id.hex
    connection = raw.connect(path)
    app, baseline, length = [], [], 0
    try:
        for _ in range(WARM_UP + iterations):
            seen: list[tuple[int, list]] = []
            app.append(timed(lambda: seen.append(open_with_app(ledger))))  # noqa: B023
            baseline.append(
                timed(lambda: seen.append(open_raw(connection, staff.org_id.hex, admin, ZoneInfo(staff.time_zone))))  # noqa: B023
            )
            if seen[0] != seen[1]:
                raise AssertionError(f"the app's queue {seen[0][0]} rows differs from the raw one {seen[1][0]}")
            length = seen[0][0]
        return app[WARM_UP:], baseline[WARM_UP:], length
    finally:
        connection.close()
        ledger.close()


# --- bulk approval ----------------------------------------------------------------------------


def approve_with_app(ledger: Ledger, ids: list[uuid.UUID]) -> None:
    with ledger.work() as uow:
        report = approvals.approve_many(uow, current_actor(uow), ids)
        uow.commit()
    if report.failed:
        raise AssertionError(f"{len(report.failed)} approvals failed: {report.failed[0].message}")


def _audit(org: str, at: str, actor: str, entity: str, entity_id: str, before: dict, after: dict) -> tuple:
    return (org, at, actor, entity, entity_id, "update", json.dumps(before), json.dumps(after))


def approve_raw(connection: sqlite3.Connection, org: str, admin: str, ids: list[uuid.UUID]) -> None:
    at = raw.instant(NOW) or ""
    audits = []
    connection.execute("BEGIN IMMEDIATE")
    for sheet_id in ids:
        user, first = connection.execute(
            "SELECT user_id, week_start FROM timesheets WHERE id = ? AND status = 'submitted'", (sheet_id.hex,)
        ).fetchone()
        last = (date.fromisoformat(first) + timedelta(days=6)).isoformat()
        connection.execute(
            "UPDATE timesheets SET status = 'approved', decided_at = ?, decided_by = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?",
            (at, admin, at, sheet_id.hex),
        )
        change = {"status": "approved", "decided_at": at, "decided_by": admin}
        audits.append(_audit(org, at, admin, "timesheets", sheet_id.hex, {"status": "submitted"}, change))
        entries = connection.execute(
            "SELECT id FROM task_log_entries WHERE user_id = ? AND work_date BETWEEN ? AND ? AND status = 'submitted' "
            "AND deleted_at IS NULL",
            (user, first, last),
        ).fetchall()
        connection.executemany(
            "UPDATE task_log_entries SET status = 'approved', version = version + 1, updated_at = ? WHERE id = ?",
            [(at, entry) for (entry,) in entries],
        )
        entry_change = ({"status": "submitted"}, {"status": "approved"})
        audits += [_audit(org, at, admin, "task_log_entries", entry, *entry_change) for (entry,) in entries]
    connection.executemany(
        "INSERT INTO audit_log (org_id, at, actor_id, entity, entity_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        audits,
    )
    connection.execute("COMMIT")


def bulk_samples(path: Path, staff: Staff) -> tuple[list[float], list[float]]:
    ledger, _ = open_at_now(path)
    with ledger.read() as uow:
        admin = current_actor(uow)
        ids: list[uuid.UUID] = []
        after = None
        while len(ids) < 2 * BULK_SAMPLES * BULK_SIZE and (page := approvals.queue(uow, admin, after=after)):
            ids += [row.timesheet_id for row in page]
            after = page[-1]
    batches = [ids[n * BULK_SIZE : (n + 1) * BULK_SIZE] for n in range(2 * BULK_SAMPLES)]
    connection = raw.connect(path)
    app, baseline = [], []
    try:
        for n in range(BULK_SAMPLES):
            app.append(timed(lambda: approve_with_app(ledger, batches[2 * n])))  # noqa: B023
            baseline.append(
                timed(lambda: approve_raw(connection, staff.org_id.hex, admin.user.id.hex, batches[2 * n + 1]))  # noqa: B023
            )
        return app, baseline
    finally:
        connection.close()
        ledger.close()


def measure(cached: Path, staff: Staff, workdir: Path, iterations: int) -> list[Result]:
    path = workdir / "approvals.db"
    copy_database(cached, path)
    ledger, _ = open_at_now(path)  # brings the copy to the current schema
    ledger.close()
    made = prepare(path, staff)
    app, baseline, length = queue_samples(path, staff, min(iterations, 50))
    results = [
        Result.latency(
            f"approval queue opens: count + first {PAGE} of {length:,} submitted weeks ({made:,} timesheets)",
            median_ms(app),
            median_ms(baseline),
            QUEUE_MOST_MS,
        )
    ]
    app, baseline = bulk_samples(path, staff)
    results.append(
        Result.latency(
            f"bulk approval of {BULK_SIZE} timesheets (median of {BULK_SAMPLES})",
            median_ms(app),
            median_ms(baseline),
            BULK_MOST_MS,
        )
    )
    return results
