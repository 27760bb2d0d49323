"""Working on logged entries after the fact: listing them a page at a time, editing, deleting and undoing.

Every change keeps the rules of logging: no overlap with another entry or the running timer, no day
above 24 hours, no time on a closed task, and approved or invoiced entries stay as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.domain.calendar import at_local, parse_clock_time
from app.domain.client import Client
from app.domain.duration import Duration
from app.domain.entry_list import EntryQuery, ListedEntry
from app.domain.errors import Checks, refuse
from app.domain.project import Project
from app.domain.task_log import TaskLogEntry, log_duration, log_timed
from app.domain.text import collect
from app.domain.user import User
from app.services.billable_checks import cap_override_by
from app.services.identity import MANAGERS, Actor
from app.services.ports import UnitOfWork
from app.services.projects import find_work
from app.services.rating import rate_for_work
from app.services.task_log import check_fits
from app.services.work_labels import WorkLabels, WorkRef

PAGE_SIZE = 200


@dataclass(frozen=True)
class ListChoices:
    """What a task-log list can be narrowed to; `people` holds only the actor unless they manage."""

    clients: list[Client]
    projects: list[Project]
    people: list[User]
    me: User
    today: date  # in the organisation's time zone, for "this week" and "this month"
    week_start: int

    @property
    def manages(self) -> bool:
        return self.me.role in MANAGERS


def list_choices(uow: UnitOfWork, actor: Actor) -> ListChoices:
    people = uow.users.all(actor.org.id) if actor.user.role in MANAGERS else [actor.user]
    return ListChoices(
        clients=uow.clients.all(actor.org.id),
        projects=uow.projects.all(actor.org.id),
        people=people,
        me=actor.user,
        today=actor.today(uow.clock),
        week_start=actor.org.week_start,
    )


def page(
    uow: UnitOfWork, actor: Actor, query: EntryQuery, after: ListedEntry | None = None, limit: int = PAGE_SIZE
) -> list[ListedEntry]:
    """The next `limit` entries of a list after `after` (the first page when None).

    The list is the actor's own entries unless a manager asks for someone else's or everyone's.
    """
    if query.first is not None and query.last is not None and query.last < query.first:
        raise refuse("range_reversed", f"The range ends ({query.last}) before it starts ({query.first}).", "last")
    user_id = None if query.everyone else (query.user_id or actor.user.id)
    if user_id != actor.user.id and actor.user.role not in MANAGERS:
        raise refuse("not_allowed", "Only managers and admins can see other people's time.")
    return uow.entries.page(actor.org.id, user_id, query, after, limit)


def listed(uow: UnitOfWork, entry: TaskLogEntry) -> ListedEntry:
    """One entry as a list shows it (e.g. just after it was edited)."""
    work = WorkLabels(uow).ref(entry.project_id, entry.task_id)
    user = uow.users.get(entry.user_id)
    assert user is not None, "entries only point at users that exist"
    return ListedEntry(
        id=entry.id,
        version=entry.version,
        user_id=entry.user_id,
        user_name=user.name,
        project_id=entry.project_id,
        task_id=entry.task_id,
        project_code=work.project.code,
        task_name=work.task.name,
        client_name=work.client.name,
        work_date=entry.work_date,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        duration=entry.duration,
        note=entry.note,
        billable=entry.billable,
        status=entry.status,
        rate=entry.rate,
    )


def edit_entry(
    uow: UnitOfWork,
    actor: Actor,
    entry_id: uuid.UUID,
    *,
    seen_version: int | None = None,
    hours: str | None = None,
    start: str | None = None,
    end: str | None = None,
    note: str | None = None,
    billable: bool | None = None,
    work: str | None = None,
    cap_override_reason: str | None = None,
) -> TaskLogEntry:
    """Change an entry's length ("1:30"), span ("09:00"–"10:30", local), note, billable flag or work ("CODE/Task").

    `seen_version` is the version the person was looking at: a change made elsewhere since is not overwritten.
    A manager lets the entry's day hold more billable time than the productive day with `cap_override_reason`.
    Billable time added (a longer entry, other work, billable switched on) passes the billable checks; taking
    time away never needs them.
    """
    override = None if cap_override_reason is None else cap_override_by(actor, cap_override_reason)
    entry = _entry_to_change(uow, actor, entry_id, seen_version)
    if work is None:
        ref = WorkLabels(uow).ref(entry.project_id, entry.task_id)
    else:
        project, task = find_work(uow, actor.org, work)
        ref = WorkLabels(uow).ref(project.id, task.id)
    moved = ref.task.id != entry.task_id
    if billable is None and not moved:
        billable = entry.billable  # left as it was, even on a task that has since become non-billable
    else:
        billable = (entry.billable if billable is None else billable) and ref.task.billable
    note = entry.note if note is None else note
    changed = _reshaped(entry, actor, ref, hours=hours, start=start, end=end, note=note, billable=billable)
    if override is not None:
        changed.cap_override_by, changed.cap_override_reason = override
    if _same(changed, entry):
        return entry
    timing_changed = (changed.duration, changed.interval) != (entry.duration, entry.interval)
    if moved:  # priced before the checks: a budget in money counts the entry's amount
        resolved = rate_for_work(uow, actor.org, entry.user_id, ref.project, ref.task, changed.work_date)
        changed.rate, changed.rate_source = (None, None) if resolved is None else (resolved.amount, resolved.level)
    adds = moved or not entry.billable or changed.duration > entry.duration or override is not None
    check_fits(
        uow,
        actor,
        changed,
        ref,
        uow.timers.of_user(changed.user_id),
        task_must_be_open=moved or timing_changed,
        adds_billable_time=adds,
    )
    return uow.entries.save(changed)


def delete_entries(uow: UnitOfWork, actor: Actor, seen: Sequence[tuple[uuid.UUID, int]]) -> list[TaskLogEntry]:
    """Tombstone the entries given as (id, version seen); all of them or, if one may not go, none.

    The returned entries are what `restore_entries` needs to undo the deletion.
    """
    deleted = []
    for entry_id, version in seen:
        entry = _entry_to_change(uow, actor, entry_id, version)
        uow.entries.remove(entry)
        deleted.append(entry)
    return deleted


def restore_entries(uow: UnitOfWork, actor: Actor, deleted: Sequence[TaskLogEntry]) -> list[TaskLogEntry]:
    """Undo a deletion: the same entries (same ids) come back, if they still fit with what was logged since."""
    labels = WorkLabels(uow)
    for entry in deleted:
        _check_may_change(actor, entry)
        check_fits(uow, actor, entry, labels.ref(entry.project_id, entry.task_id), uow.timers.of_user(entry.user_id))
        uow.entries.restore(entry)
    return list(deleted)


def _entry_to_change(uow: UnitOfWork, actor: Actor, entry_id: uuid.UUID, seen_version: int | None) -> TaskLogEntry:
    entry = uow.entries.get(entry_id)
    if entry is None:
        raise refuse("gone", "This entry was deleted in the meantime; nothing was changed.")
    if seen_version is not None and entry.version != seen_version:
        raise refuse("changed", "This entry was changed elsewhere in the meantime; reload and try again.")
    _check_may_change(actor, entry)
    entry.check_editable()
    return entry


def _check_may_change(actor: Actor, entry: TaskLogEntry) -> None:
    if entry.user_id != actor.user.id and actor.user.role not in MANAGERS:
        raise refuse("not_allowed", "Only managers and admins can change other people's time.")


def _reshaped(
    entry: TaskLogEntry,
    actor: Actor,
    work: WorkRef,
    *,
    hours: str | None,
    start: str | None,
    end: str | None,
    note: str,
    billable: bool,
) -> TaskLogEntry:
    """The entry as it would be after the change, checked by the same constructors that log time."""
    common = dict(
        org_id=entry.org_id,
        user_id=entry.user_id,
        project_id=work.project.id,
        task_id=work.task.id,
        note=note,
        billable=billable,
        rate=entry.rate,
        rate_source=entry.rate_source,
    )
    if hours is not None and (start is not None or end is not None):
        raise refuse("hours_or_span", "Change either the hours, or the from and to times.")
    span = _new_span(entry, actor, hours, start, end)
    if span is None:
        duration = entry.duration if hours is None else Duration.parse(hours, field="hours")
        fresh = log_duration(**common, work_date=entry.work_date, duration=duration)
    else:
        fresh = log_timed(**common, started_at=span[0], ended_at=span[1], tz=actor.tz)
    return replace(
        fresh,
        id=entry.id,
        version=entry.version,
        status=entry.status,
        cap_override_by=entry.cap_override_by,
        cap_override_reason=entry.cap_override_reason,
    )


def _new_span(entry: TaskLogEntry, actor: Actor, hours: str | None, start: str | None, end: str | None):  # type: ignore[no-untyped-def]
    """The (start, end) instants after the change; None for an entry that stays a plain duration.

    A timed entry given hours keeps its start; an untimed one given one end of a span keeps its length.
    """
    if hours is not None:
        if entry.interval is None:
            return None
        return entry.interval[0], entry.interval[0] + timedelta(seconds=Duration.parse(hours, field="hours").seconds)
    if start is None and end is None:
        return entry.interval
    checks = Checks()
    begins = None if start is None else collect(checks, parse_clock_time, start, field="from")
    ends = None if end is None else collect(checks, parse_clock_time, end, field="to")
    checks.raise_if_any()
    length = timedelta(seconds=entry.duration.seconds)
    new_start = None if begins is None else at_local(entry.work_date, begins, actor.tz)
    new_end = None if ends is None else at_local(entry.work_date, ends, actor.tz)
    if new_start is None:
        new_start = entry.interval[0] if entry.interval else new_end - length  # type: ignore[operator]
    if new_end is None:
        new_end = entry.interval[1] if entry.interval else new_start + length
    return new_start, new_end


def _same(changed: TaskLogEntry, entry: TaskLogEntry) -> bool:
    fields = (
        "project_id",
        "task_id",
        "work_date",
        "duration",
        "started_at",
        "ended_at",
        "note",
        "billable",
        "cap_override_by",
        "cap_override_reason",
    )
    return all(getattr(changed, name) == getattr(entry, name) for name in fields)
