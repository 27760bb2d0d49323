"""Pages of the task log for lists: one joined query per page, keyset-paged.

A page starts after the last row of the previous one (its sort key), never at an OFFSET, so page
10,000 costs what page 1 costs, and nothing ever counts the whole table. On the date order the
walk follows an index from the cursor on; the other orders sort only the rows that pass the filters.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from app.domain import money
from app.domain.duration import Duration
from app.domain.entry_list import EntryQuery, EntrySort, ListedEntry
from app.domain.task_log import EntryStatus
from app.storage import rows

E, P, T, C, U = rows.TaskLogEntryRow, rows.ProjectRow, rows.TaskRow, rows.ClientRow, rows.UserRow

# Each order's columns, most significant first; the id last makes every key unique.
SORT_COLUMNS: dict[EntrySort, tuple[Any, ...]] = {
    EntrySort.DATE: (E.work_date, E.started_at, E.id),
    EntrySort.WORK: (P.code, T.name, E.work_date, E.id),
    EntrySort.HOURS: (E.duration_seconds, E.work_date, E.id),
    EntrySort.STATUS: (E.status, E.work_date, E.id),
}
NULLABLE = frozenset({"started_at"})

SELECTED = (
    E.id,
    E.version,
    E.user_id,
    U.name,
    E.project_id,
    E.task_id,
    P.code,
    T.name,
    C.name,
    E.work_date,
    E.started_at,
    E.ended_at,
    E.duration_seconds,
    E.note,
    E.billable,
    E.status,
    E.rate_minor,
    E.rate_currency,
)


def sort_values(entry: ListedEntry, sort: EntrySort) -> tuple[Any, ...]:
    """The values of `entry` in the columns of SORT_COLUMNS[sort]: the cursor of the page after it."""
    by_sort = {
        EntrySort.DATE: (entry.work_date, entry.started_at, entry.id),
        EntrySort.WORK: (entry.project_code, entry.task_name, entry.work_date, entry.id),
        EntrySort.HOURS: (entry.duration.seconds, entry.work_date, entry.id),
        EntrySort.STATUS: (entry.status.value, entry.work_date, entry.id),
    }
    return by_sort[sort]


def read_page(
    session: Session,
    org_id: uuid.UUID,
    user_id: uuid.UUID | None,
    query: EntryQuery,
    after: ListedEntry | None,
    limit: int,
) -> list[ListedEntry]:
    statement = page_statement(org_id, user_id, query, after, limit)
    shared: dict[Any, Any] = {}
    return [_listed(row, shared) for row in session.execute(statement)]


def page_statement(
    org_id: uuid.UUID, user_id: uuid.UUID | None, query: EntryQuery, after: ListedEntry | None, limit: int
) -> Select[Any]:
    """The page after `after` (the first page when None); `user_id` None lists the whole organisation."""
    columns = SORT_COLUMNS[query.sort]
    statement = (
        select(*SELECTED)
        .join(P, P.id == E.project_id)
        .join(T, T.id == E.task_id)
        .join(C, C.id == P.client_id)
        .join(U, U.id == E.user_id)
        .where(E.deleted_at.is_(None), *_filters(query))
        .order_by(*(_ordered(column, query.descending) for column in columns))
        .limit(limit)
    )
    if user_id is None:
        statement = statement.where(E.org_id == org_id)
    else:
        # The person's own index narrows best; a condition on the entries' org_id would lure SQLite onto the
        # organisation-wide index (scanning everyone's entries), so the org is checked on the user's row.
        statement = statement.where(E.user_id == user_id, U.org_id == org_id)
    if after is not None:
        statement = statement.where(_beyond_cursor(columns, sort_values(after, query.sort), query.descending))
    return statement


def _filters(query: EntryQuery) -> list[ColumnElement[bool]]:
    wanted: list[ColumnElement[bool]] = []
    if query.first is not None:
        wanted.append(E.work_date >= query.first)
    if query.last is not None:
        wanted.append(E.work_date <= query.last)
    if query.client_id is not None:
        wanted.append(P.client_id == query.client_id)
    if query.project_id is not None:
        wanted.append(E.project_id == query.project_id)
    if query.status is not None:
        wanted.append(E.status == query.status.value)
    if query.billable is not None:
        wanted.append(E.billable.is_(query.billable))
    return wanted


def _ordered(column: Any, descending: bool) -> Any:
    # NULLs count as the smallest value (SQLite's own rule), spelled out so PostgreSQL agrees.
    return column.desc().nulls_last() if descending else column.asc().nulls_first()


def _beyond_cursor(columns: tuple[Any, ...], values: tuple[Any, ...], descending: bool) -> ColumnElement[bool]:
    """Rows after the cursor in the list's order: (a, b, c) beyond (x, y, z), with NULL the smallest.

    Row-value comparison would drop NULL start times, so it is spelled out term by term; the extra
    bound on the first column lets the database start its index walk at the cursor.
    """
    terms = []
    for k, (column, value) in enumerate(zip(columns, values, strict=True)):
        same = [_equal(c, v) for c, v in zip(columns[:k], values[:k], strict=True)]
        terms.append(and_(*same, _past(column, value, descending)))
    first, start = columns[0], values[0]
    return and_(first <= start if descending else first >= start, or_(*terms))


def _equal(column: Any, value: Any) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _past(column: Any, value: Any, descending: bool) -> ColumnElement[bool]:
    nullable = column.key in NULLABLE
    if descending:
        if value is None:
            return false()
        return or_(column < value, column.is_(None)) if nullable else column < value
    return column.is_not(None) if value is None else column > value


def _listed(row: Any, shared: dict[Any, Any]) -> ListedEntry:
    """A row as a listed entry; the names, ids, rates and lengths that repeat are one object per page.

    A long list keeps many pages in memory, so sharing them roughly halves what a row costs.
    """
    (
        entry_id,
        version,
        user_id,
        user_name,
        project_id,
        task_id,
        code,
        task_name,
        client_name,
        work_date,
        started_at,
        ended_at,
        seconds,
        note,
        billable,
        status,
        rate_minor,
        rate_currency,
    ) = row
    one = shared.setdefault
    rate = None
    if rate_minor is not None:
        rate = shared.get((rate_minor, rate_currency))
        if rate is None:
            rate = shared[(rate_minor, rate_currency)] = money.from_minor(rate_minor, rate_currency)
    duration = shared.get(("seconds", seconds))
    if duration is None:
        duration = shared[("seconds", seconds)] = Duration(seconds)
    return ListedEntry(
        id=entry_id,
        version=version,
        user_id=one(user_id, user_id),
        user_name=one(user_name, user_name),
        project_id=one(project_id, project_id),
        task_id=one(task_id, task_id),
        project_code=one(code, code),
        task_name=one(task_name, task_name),
        client_name=one(client_name, client_name),
        work_date=one(work_date, work_date),
        started_at=started_at,
        ended_at=ended_at,
        duration=duration,
        note=one(note, note),
        billable=billable,
        status=EntryStatus(status),
        rate=rate,
    )
