"""Fixtures for widget tests: a UI context over the real SQLite ledger."""

from __future__ import annotations

import pytest

from app.ui.context import UiContext
from app.ui.events import AppEvents
from app.ui.task_runner import TaskRunner


@pytest.fixture
def ctx(qapp, ledger):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    yield UiContext(workspace=ledger, events=AppEvents(), runner=runner)
    runner.wait()
