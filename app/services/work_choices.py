"""What a person can start a timer on: open tasks of the projects they may log on, recent first.

The timer picker loads the catalogue once (in the background) and filters it per keystroke with
`matching`, so typing never touches the database.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.calendar import day_bounds
from app.domain.project import Project, ProjectStatus, TaskStatus
from app.services.identity import MANAGERS, Actor
from app.services.ports import UnitOfWork

# How many of the user's latest entries decide what counts as recent: enough for weeks of work, and
# bounded so the look-up stays an index walk on a ledger with a million entries.
RECENT_WINDOW = 500


def search_key(text: str) -> str:
    """Text as the picker compares it: case and accents ignored ("Müller" and "muller" are equal)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class WorkChoice:
    """One open task to start a timer on, with the names a person may type to find it."""

    project_id: uuid.UUID
    task_id: uuid.UUID
    code: str
    project_name: str
    client_name: str
    task_name: str
    last_used: datetime | None = None  # when this user last worked on it; None if not lately
    haystack: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        names = (self.code, self.project_name, self.client_name, self.task_name)
        object.__setattr__(self, "haystack", search_key(" ".join(names)))

    @property
    def reference(self) -> str:
        """What timer.start understands ("CODE/TASK")."""
        return f"{self.code}/{self.task_name}"

    @property
    def label(self) -> str:
        return self.reference

    @property
    def detail(self) -> str:
        return f"{self.project_name} · {self.client_name}"


def may_log_on(actor: Actor, project: Project, assigned: set[uuid.UUID]) -> bool:
    """Active projects only; consultants need an assignment covering today, managers log anywhere."""
    if project.status is not ProjectStatus.ACTIVE:
        return False
    return actor.user.role in MANAGERS or project.id in assigned


def work_choices(uow: UnitOfWork, actor: Actor) -> list[WorkChoice]:
    """The user's catalogue: recently used work first (newest first), then the rest by code and task."""
    today = actor.today(uow.clock)
    assigned = {a.project_id for a in uow.assignments.of_user(actor.user.id) if a.covers(today)}
    used = last_used(uow, actor)
    choices = []
    for project in uow.projects.all(actor.org.id):
        if not may_log_on(actor, project, assigned):
            continue
        client = uow.clients.get(project.client_id)
        assert client is not None, "a project always has its client"
        for task in uow.tasks.of_project(project.id):
            if task.status is TaskStatus.OPEN:
                choices.append(
                    WorkChoice(
                        project_id=project.id,
                        task_id=task.id,
                        code=project.code,
                        project_name=project.name,
                        client_name=client.name,
                        task_name=task.name,
                        last_used=used.get(task.id),
                    )
                )
    return recent_first(choices)


def last_used(uow: UnitOfWork, actor: Actor) -> dict[uuid.UUID, datetime]:
    """When the user last worked on each task, from their latest entries and the running timer."""
    used: dict[uuid.UUID, datetime] = {}
    for entry in uow.entries.recent(actor.user.id, RECENT_WINDOW):
        # An entry typed as a duration has no time of day: it counts from the start of its day.
        when = entry.ended_at or day_bounds(entry.work_date, actor.tz)[0]
        if entry.task_id not in used or when > used[entry.task_id]:
            used[entry.task_id] = when
    running = uow.timers.of_user(actor.user.id)
    if running is not None:
        used[running.task_id] = uow.clock.now()
    return used


def recent_first(choices: Iterable[WorkChoice]) -> list[WorkChoice]:
    by_name = sorted(choices, key=lambda c: (c.code, search_key(c.task_name)))
    used = {c: c.last_used for c in by_name if c.last_used is not None}
    return sorted(used, key=used.__getitem__, reverse=True) + [c for c in by_name if c.last_used is None]


def matching(choices: Sequence[WorkChoice], text: str) -> list[WorkChoice]:
    """The choices in which every word of `text` appears (in the code, client, project or task name).

    The order of `choices` is kept, so recent work stays first.
    """
    words = search_key(text).split()
    return [c for c in choices if all(word in c.haystack for word in words)]
