"""The approval queue in two statements: a keyset page of submitted weeks, then all their totals at once.

The page walks the (org_id, status, week_start) index oldest week first. The totals come from one
aggregate over just that page: its weeks are given as a VALUES table (timesheet, user, first and last
day, and the week's UTC bounds, which depend on the time zone and so are computed here, not in SQL),
and correlated sub-selects sum each week's entries on the (user_id, work_date) index and clip its
attendance sessions and breaks to the week on the (user_id, clock_in / started_at) indexes.
The totals SQL is SQLite's (instants are fixed-width UTC text there, subtracted via strftime('%s')).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, exists, func, select, tuple_
from sqlalchemy.orm import Session

from app.domain.approval_queue import QueuedTimesheet, QueueQuery, QueueScope
from app.domain.calendar import day_bounds
from app.domain.duration import Duration
from app.domain.timesheet import TimesheetStatus
from app.storage import rows
from app.storage.types import sqlite_instant

T, U, E = rows.TimesheetRow, rows.UserRow, rows.TaskLogEntryRow

PAGE_COLUMNS = (T.id, T.version, T.user_id, U.name, U.email, U.team, T.week_start, T.submitted_at)

# Seconds between two stored instants; min()/max() of fixed-width text clip like min()/max() of time.
_CLIPPED = "strftime('%s', min(coalesce({end}, :now), page.hi)) - strftime('%s', max({start}, page.lo))"

TOTALS_SQL = f"""
WITH page(ts, uid, first_day, last_day, lo, hi) AS (VALUES {{values}})
SELECT page.ts,
  (SELECT coalesce(sum(CASE WHEN e.billable THEN e.duration_seconds ELSE 0 END), 0)
     FROM task_log_entries e
    WHERE e.user_id = page.uid AND e.work_date BETWEEN page.first_day AND page.last_day AND e.deleted_at IS NULL),
  (SELECT coalesce(sum(CASE WHEN e.billable THEN 0 ELSE e.duration_seconds END), 0)
     FROM task_log_entries e
    WHERE e.user_id = page.uid AND e.work_date BETWEEN page.first_day AND page.last_day AND e.deleted_at IS NULL),
  (SELECT coalesce(sum({_CLIPPED.format(start="s.clock_in", end="s.clock_out")}), 0)
     FROM attendance_sessions s
    WHERE s.user_id = page.uid AND s.clock_in < page.hi AND coalesce(s.clock_out, :now) > page.lo
      AND s.deleted_at IS NULL),
  (SELECT coalesce(sum({_CLIPPED.format(start="b.started_at", end="b.ended_at")}), 0)
     FROM attendance_breaks b
    WHERE b.user_id = page.uid AND b.started_at < page.hi AND coalesce(b.ended_at, :now) > page.lo
      AND b.deleted_at IS NULL)
FROM page
"""


def _filtered(statement: Select, org_id: uuid.UUID, scope: QueueScope, query: QueueQuery) -> Select:
    statement = statement.join(U, U.id == T.user_id).where(
        T.org_id == org_id,
        T.status == TimesheetStatus.SUBMITTED.value,
        T.deleted_at.is_(None),
        T.user_id != scope.approver_id,
    )
    if not scope.whole_org:
        statement = statement.where(U.team.is_not_distinct_from(scope.team))
    if query.team is not None:
        statement = statement.where(U.team.is_(None) if query.team == "" else U.team == query.team)
    if query.user_id is not None:
        statement = statement.where(T.user_id == query.user_id)
    if query.week_start is not None:
        statement = statement.where(T.week_start == query.week_start)
    if query.project_id is not None:
        statement = statement.where(
            exists().where(
                E.user_id == T.user_id,
                E.project_id == query.project_id,
                E.work_date.between(T.week_start, func.date(T.week_start, "+6 days")),
                E.deleted_at.is_(None),
            )
        )
    return statement


def count(session: Session, org_id: uuid.UUID, scope: QueueScope, query: QueueQuery) -> int:
    return session.scalar(_filtered(select(func.count()).select_from(T), org_id, scope, query)) or 0


def read_page(
    session: Session,
    org_id: uuid.UUID,
    scope: QueueScope,
    query: QueueQuery,
    tz: str,
    after: QueuedTimesheet | None,
    limit: int,
) -> list[QueuedTimesheet]:
    statement = _filtered(select(*PAGE_COLUMNS), org_id, scope, query)
    if after is not None:
        statement = statement.where(and_(tuple_(T.week_start, T.submitted_at, T.id) > tuple_(*after.sort_key)))
    found = session.execute(statement.order_by(T.week_start, T.submitted_at, T.id).limit(limit)).all()
    if not found:
        return []
    totals = _totals(session, found, tz, session.info["clock"].now())
    return [
        QueuedTimesheet(
            timesheet_id=ts_id,
            version=version,
            user_id=user_id,
            user_name=name,
            user_email=email,
            team=team,
            week_start=week_start,
            submitted_at=submitted_at,
            billable=Duration(totals[ts_id][0]),
            non_billable=Duration(totals[ts_id][1]),
            attendance=Duration(max(0, totals[ts_id][2] - totals[ts_id][3])),
        )
        for ts_id, version, user_id, name, email, team, week_start, submitted_at in found
    ]


def _totals(session: Session, page: list[Any], tz: str, now: datetime) -> dict[uuid.UUID, tuple[int, int, int, int]]:
    """(billable, non-billable, present, breaks) seconds of each week of the page, in one statement."""
    params: dict[str, Any] = {"now": sqlite_instant(now)}
    values = []
    for i, row in enumerate(page):
        first_day: date = row.week_start
        last_day = first_day + timedelta(days=6)
        lo, _ = day_bounds(first_day, tz)
        _, hi = day_bounds(last_day, tz)
        params.update(
            {
                f"ts{i}": row.id.hex,
                f"u{i}": row.user_id.hex,
                f"f{i}": first_day.isoformat(),
                f"l{i}": last_day.isoformat(),
                f"lo{i}": sqlite_instant(lo),
                f"hi{i}": sqlite_instant(hi),
            }
        )
        values.append(f"(:ts{i}, :u{i}, :f{i}, :l{i}, :lo{i}, :hi{i})")
    sql = TOTALS_SQL.format(values=", ".join(values))
    # pysqlite binds the :name parameters straight from the dict.
    result = session.connection().exec_driver_sql(sql, params)
    return {uuid.UUID(hex=ts): (billable, other, present, breaks) for ts, billable, other, present, breaks in result}
