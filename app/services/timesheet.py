"""The timesheet: one user's week as a grid of tasks by days, and typing a day's total into a cell.

A cell is the sum of the user's entries on that task and day. Typing a new total changes exactly one
untimed entry of the cell (it is created, resized or deleted), so timed entries (timer, from–to) and
approved or invoiced entries are never touched; a total below what those hold is refused with a
pointer to the Task log, where single entries are edited.

Extra rows (tasks listed without hours yet: copied from last week or added by hand) are a view
preference of this desktop, not business data: they live in local settings per user and week under
`timesheet_rows:<user id>:<week>` and do not sync. A row with hours is listed because of its entries.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.calendar import Week
from app.domain.duration import Duration
from app.domain.errors import NotFound, Problem, refuse
from app.domain.project import TaskStatus
from app.domain.task_log import TaskLogEntry, check_day_total, log_duration
from app.services.identity import Actor
from app.services.ports import UnitOfWork
from app.services.task_log import check_fits, record_entry
from app.services.timer import billable_by_default
from app.services.work_labels import WorkLabels, WorkRef


@dataclass(frozen=True)
class Cell:
    total: Duration
    fixed: Duration  # timed, approved or invoiced time: only the Task log changes it


@dataclass(frozen=True)
class TimesheetRow:
    work: WorkRef
    cells: tuple[Cell, ...]  # one per day of the week
    total: Duration


@dataclass(frozen=True)
class WeekGrid:
    week: Week
    days: tuple[date, ...]
    today: date
    rows: tuple[TimesheetRow, ...]
    day_totals: tuple[Duration, ...]
    total: Duration


def current_week(uow: UnitOfWork, actor: Actor) -> Week:
    """The organisation week holding today."""
    return Week.containing(actor.today(uow.clock), actor.org.week_start)


def _sum(durations: Iterable[Duration]) -> Duration:
    return sum(durations, Duration.ZERO)


def _work_order(work: WorkRef) -> tuple[str, str, str]:
    return work.client.name.casefold(), work.project.code, work.task.name.casefold()


def _is_fixed(entry: TaskLogEntry) -> bool:
    return entry.interval is not None or entry.is_locked


def _row(work: WorkRef, entries: list[TaskLogEntry], days: tuple[date, ...]) -> TimesheetRow:
    cells = []
    for day in days:
        on_day = [e for e in entries if e.work_date == day]
        cells.append(Cell(_sum(e.duration for e in on_day), _sum(e.duration for e in on_day if _is_fixed(e))))
    return TimesheetRow(work, tuple(cells), _sum(cell.total for cell in cells))


def week_grid(uow: UnitOfWork, actor: Actor, week: Week | None = None) -> WeekGrid:
    """The signed-in user's week (this week when None): a row per task with time or kept as an extra row."""
    week = week or current_week(uow, actor)
    days = week.days(actor.org.week_start)
    by_task: dict[uuid.UUID, list[TaskLogEntry]] = {}
    for entry in uow.entries.of_user_between(actor.user.id, days[0], days[-1]):
        by_task.setdefault(entry.task_id, []).append(entry)
    labels = WorkLabels(uow)
    works = {task_id: labels.ref(entries[0].project_id, task_id) for task_id, entries in by_task.items()}
    for task_id in extra_rows(uow, actor, week):
        task = uow.tasks.get(task_id) if task_id not in works else None
        if task is not None:
            works[task_id] = labels.ref(task.project_id, task_id)
    ordered = sorted(works.values(), key=_work_order)
    rows = tuple(_row(work, by_task.get(work.task.id, []), days) for work in ordered)
    day_totals = tuple(_sum(row.cells[i].total for row in rows) for i in range(len(days)))
    return WeekGrid(week, days, actor.today(uow.clock), rows, day_totals, _sum(day_totals))


def _work(uow: UnitOfWork, task_id: uuid.UUID) -> WorkRef:
    task = uow.tasks.get(task_id)
    if task is None:
        raise NotFound(Problem("unknown_task", "This task no longer exists; reload the timesheet.", "task"))
    return WorkLabels(uow).ref(task.project_id, task.id)


def _check_open(work: WorkRef) -> None:
    if work.task.status is not TaskStatus.OPEN:
        raise refuse("task_closed", f"The task {work.label} is closed; time cannot be logged on it.", "task")


def _refuse_below_kept(cell: list[TaskLogEntry], others: list[TaskLogEntry], wanted: Duration, where: str) -> None:
    """Explain why the cell cannot go down to `wanted`: the entries the timesheet must leave alone hold more."""
    timed = _sum(e.duration for e in cell if e.interval is not None)
    if wanted < timed:
        raise refuse(
            "below_timed_entries",
            f"{where} holds {timed} of timed entries (timer or from–to); "
            "to go below that, change them in the Task log.",
            "hours",
        )
    locked = [e for e in cell if e.interval is None and e.is_locked]
    if wanted < timed + _sum(e.duration for e in locked):
        locked[0].check_editable()
    raise refuse(
        "several_typed_entries",
        f"{where} holds {len(others) + 1} typed entries and the timesheet changes only the latest; "
        "lower the others in the Task log first.",
        "hours",
    )


def set_cell(uow: UnitOfWork, actor: Actor, week: Week, task_id: uuid.UUID, day: date, text: str) -> Duration:
    """Make the user's time on a task and day total `text` (blank means 0:00); returns the new total.

    The difference goes into one untimed entry of the cell (the latest unlocked one): created, resized,
    or deleted when it would become zero. The caller commits.
    """
    if day not in week.days(actor.org.week_start):
        raise refuse("day_outside_week", f"{day.isoformat()} is not a day of week {week}.", "day")
    wanted = Duration.parse(text, field="hours") if text.strip() else Duration.ZERO
    work = _work(uow, task_id)
    nearby = uow.entries.near(actor.user.id, day)
    cell = [e for e in nearby if e.task_id == task_id and e.work_date == day]
    current = _sum(e.duration for e in cell)
    if wanted == current:
        return current
    _check_open(work)
    typed = sorted((e for e in cell if not _is_fixed(e)), key=lambda e: e.id)
    latest = typed.pop() if typed else None
    kept = current - (latest.duration if latest else Duration.ZERO)
    if wanted < kept:
        _refuse_below_kept(cell, typed, wanted, f"{work.label} on {day:%a %d %b}")
    if latest is None:
        entry = log_duration(
            org_id=actor.org.id,
            user_id=actor.user.id,
            project_id=work.project.id,
            task_id=work.task.id,
            work_date=day,
            duration=wanted - kept,
            billable=billable_by_default(work.project, work.task),
        )
        record_entry(uow, actor, entry, work, running_timer=None)
        return wanted
    latest.check_editable()  # the one gate before a stored entry changes, whatever picked it
    if wanted == kept:
        uow.entries.remove(latest)
    else:
        grows = wanted - kept > latest.duration
        latest.duration = wanted - kept
        if grows:  # added time passes what a new entry would (the billable checks if it is billable)
            check_fits(uow, actor, latest, work, running_timer=None)
        else:
            check_day_total(latest, nearby)
        uow.entries.save(latest)
    return wanted


def _rows_key(actor: Actor, week: Week) -> str:
    return f"timesheet_rows:{actor.user.id.hex}:{week}"


def extra_rows(uow: UnitOfWork, actor: Actor, week: Week) -> list[uuid.UUID]:
    """The tasks kept as rows of this user's week even without hours."""
    stored = uow.settings.get(_rows_key(actor, week))
    return [uuid.UUID(task_id) for task_id in json.loads(stored)] if stored else []


def _keep_rows(uow: UnitOfWork, actor: Actor, week: Week, added: list[uuid.UUID]) -> None:
    kept = extra_rows(uow, actor, week)
    kept += [task_id for task_id in added if task_id not in kept]
    uow.settings.set(_rows_key(actor, week), json.dumps([task_id.hex for task_id in kept]))


def add_row(uow: UnitOfWork, actor: Actor, week: Week, task_id: uuid.UUID) -> WorkRef:
    """Show an open task as a row of the week before any time is logged on it. The caller commits."""
    work = _work(uow, task_id)
    _check_open(work)
    _keep_rows(uow, actor, week, [task_id])
    return work


def copy_last_week_rows(uow: UnitOfWork, actor: Actor, week: Week) -> list[WorkRef]:
    """Make last week's rows (its tasks with time and its extra rows) rows of `week`; returns those added.

    Closed tasks are left behind: no time can go on them. The caller commits.
    """
    present = {row.work.task.id for row in week_grid(uow, actor, week).rows}
    added = [
        row.work
        for row in week_grid(uow, actor, week.shifted(-1)).rows
        if row.work.task.id not in present and row.work.task.status is TaskStatus.OPEN
    ]
    _keep_rows(uow, actor, week, [work.task.id for work in added])
    return added
