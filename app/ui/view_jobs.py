"""A view's background work for the signed-in user: reads and changes off the GUI thread, answers back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork
from app.ui.context import UiContext

Use = Callable[[UnitOfWork, Actor], Any]
Answer = Callable[[Any], Any]


class ViewJobs:
    """Runs service calls for one view, each in a unit of work of its own on a worker thread.

    A job can finish after its view was closed (its answer is then dropped), and reloads can overtake
    each other when the user pages through weeks quickly (only the newest one's answer is shown).
    """

    def __init__(self, view: QWidget, ctx: UiContext):
        self.view = view
        self.ctx = ctx
        self.loads = 0

    def read(self, use: Use, done: Answer, failed: Answer) -> None:
        workspace = self.ctx.workspace

        def work() -> Any:
            with workspace.read() as uow:
                return use(uow, current_actor(uow))

        self.ctx.runner.run(work, self._guard(done), self._guard(failed))

    def load(self, use: Use, done: Answer, failed: Answer) -> None:
        """`read`, answered only if no newer load was started meanwhile."""
        self.loads += 1
        ticket = self.loads
        self.read(
            use, lambda result: ticket == self.loads and done(result), lambda e: ticket == self.loads and failed(e)
        )

    def change(self, use: Use, done: Answer, failed: Answer) -> None:
        """Run `use` in a writing unit of work and commit; a refusal writes nothing and goes to `failed`."""
        workspace = self.ctx.workspace

        def work() -> Any:
            with workspace.work() as uow:
                result = use(uow, current_actor(uow))
                uow.commit()
                return result

        self.ctx.runner.run(work, self._guard(done), self._guard(failed))

    def _guard(self, callback: Answer) -> Callable[[Any], None]:
        def answer(value: Any) -> None:
            if Shiboken.isValid(self.view):
                callback(value)

        return answer
