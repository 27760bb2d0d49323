"""What every window and view is given: the workspace, the event bridge, the task runner."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.ports import Workspace
from app.ui.events import AppEvents
from app.ui.task_runner import TaskRunner


@dataclass
class UiContext:
    workspace: Workspace
    events: AppEvents
    runner: TaskRunner
