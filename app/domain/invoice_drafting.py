"""Turning approved time into invoice lines: grouped as the user chose, never merging different rates.

Each line bills hours x the rate the entries were logged with. Entries are grouped by project, project
and task, person, day, or not at all (one line per entry); within a group, entries at different rates
make separate lines, so every line's unit price is a rate someone actually logged at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.document_lines import hours


class GroupBy(StrEnum):
    PROJECT = "project"
    TASK = "task"
    PERSON = "person"
    DAY = "day"
    ENTRY = "entry"


@dataclass(frozen=True)
class BillableEntry:
    """An approved, billable, not yet invoiced entry, as drafting needs it."""

    id: UUID
    user_id: UUID
    project_id: UUID
    task_id: UUID
    work_date: date
    seconds: int
    rate: Money
    note: str


@dataclass(frozen=True)
class DraftedLine:
    """One hours line to be: its description, hours, rate, and the project it bills."""

    description: str
    hours: Decimal
    rate: Money
    project_id: UUID
    entry_count: int
    first_day: date


@dataclass(frozen=True)
class Names:
    """What descriptions call things: project labels ("WEB · Website"), task and person names by id."""

    projects: Mapping[UUID, str]
    tasks: Mapping[UUID, str]
    people: Mapping[UUID, str]


def _describe(group_by: GroupBy, names: Names) -> Callable[[BillableEntry], tuple[tuple, str]]:
    """For each grouping: the key entries share (besides rate and project) and the line's description."""

    def key_and_text(entry: BillableEntry) -> tuple[tuple, str]:
        project = names.projects[entry.project_id]
        if group_by is GroupBy.TASK:
            return (entry.task_id,), f"{project} · {names.tasks[entry.task_id]}"
        if group_by is GroupBy.PERSON:
            return (entry.user_id,), f"{project} · {names.people[entry.user_id]}"
        if group_by is GroupBy.DAY:
            return (entry.work_date,), f"{entry.work_date.isoformat()} · {project}"
        if group_by is GroupBy.ENTRY:
            detail = f"{names.people[entry.user_id]}, {names.tasks[entry.task_id]}"
            note = f": {entry.note}" if entry.note else ""
            return (entry.id,), f"{entry.work_date.isoformat()} · {project} · {detail}{note}"
        return (), project

    return key_and_text


def group_entries(entries: Iterable[BillableEntry], group_by: GroupBy, names: Names) -> list[DraftedLine]:
    """The lines for `entries`, in a stable order: by project label, then description, then rate."""
    describe = _describe(group_by, names)
    groups: dict[tuple, list] = {}
    for entry in entries:
        key, text = describe(entry)
        group_key = (entry.project_id, entry.rate.currency.code, entry.rate.amount, *key)
        seconds, count, first, _ = groups.get(group_key, [0, 0, entry.work_date, text])
        groups[group_key] = [seconds + entry.seconds, count + 1, min(first, entry.work_date), text]
    lines = [
        DraftedLine(text, hours(seconds), Money(key[2], key[1]), key[0], count, first)
        for key, (seconds, count, first, text) in groups.items()
    ]
    lines.sort(key=lambda line: (names.projects[line.project_id], line.first_day, line.description, line.rate.amount))
    return lines
