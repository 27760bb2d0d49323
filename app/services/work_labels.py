"""Readable names for the work an entry or timer is on ("ACME-WEB/Design"), looked up once per call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.domain.client import Client
from app.domain.project import Project, Task
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class WorkRef:
    project: Project
    task: Task
    client: Client

    @property
    def label(self) -> str:
        return f"{self.project.code}/{self.task.name}"


class WorkLabels:
    """Caches projects, tasks and clients while a list of entries is described."""

    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self.projects: dict[uuid.UUID, Project] = {}
        self.tasks: dict[uuid.UUID, Task] = {}
        self.clients: dict[uuid.UUID, Client] = {}

    def ref(self, project_id: uuid.UUID, task_id: uuid.UUID) -> WorkRef:
        project = self._cached(self.projects, project_id, self.uow.projects.get)
        task = self._cached(self.tasks, task_id, self.uow.tasks.get)
        client = self._cached(self.clients, project.client_id, self.uow.clients.get)
        return WorkRef(project, task, client)

    @staticmethod
    def _cached(cache, key, load):  # type: ignore[no-untyped-def]
        if key not in cache:
            found = load(key)
            assert found is not None, "entries only point at records that exist"
            cache[key] = found
        return cache[key]
