"""What the desk shows first: who is signed in, what runs now, and today's logged work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.duration import Duration
from app.domain.errors import RuleViolation, TimeledgerError
from app.services import task_log, timer
from app.services.identity import current_actor
from app.services.ports import Workspace
from app.services.task_log import EntryView


@dataclass(frozen=True)
class TodayView:
    organisation: str
    user: str
    day: date
    tz: str
    running: timer.RunningWork | None
    entries: list[EntryView]
    problem: str | None = None  # e.g. "no organisation yet": shown instead of the data
    problem_code: str | None = None

    @property
    def logged(self) -> Duration:
        return sum((v.entry.duration for v in self.entries), Duration.ZERO)


def today_view(workspace: Workspace) -> TodayView:
    """A snapshot for the desk; a database not set up yet comes back as a problem sentence, not an error."""
    with workspace.read() as uow:
        try:
            actor = current_actor(uow)
        except TimeledgerError as error:
            code = error.code if isinstance(error, RuleViolation) else None
            return TodayView("", "", workspace.clock.now().date(), "UTC", None, [], str(error), code)
        day = actor.today(uow.clock)
        return TodayView(
            organisation=actor.org.name,
            user=f"{actor.user.name} <{actor.user.email}>",
            day=day,
            tz=actor.tz,
            running=timer.running(uow, actor),
            entries=task_log.entries_between(uow, actor, day, day),
        )
