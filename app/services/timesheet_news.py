"""News for the person at this desktop about their own weeks: approved or rejected since they were last told.

What was told is remembered in this desktop's local settings (`timesheet_news_seen:<user id>`, the time of
the latest decision told), so a decision made while the app was closed is told once at the next start,
and none twice. The first time, nothing old is told: the mark starts at now. Only the last RECENT_WEEKS
weeks are looked at: decisions on older weeks are rare, and their status shows in the Timesheet.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.errors import TimeledgerError
from app.domain.timesheet import TimesheetStatus
from app.services.approvals import WeekStatus, week_status
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork, Workspace
from app.services.timesheet import current_week

RECENT_WEEKS = 8
DECIDED = (TimesheetStatus.APPROVED, TimesheetStatus.REJECTED)


def _key(actor: Actor) -> str:
    return f"timesheet_news_seen:{actor.user.id.hex}"


def unseen_decisions(uow: UnitOfWork, actor: Actor) -> tuple[list[WeekStatus], datetime]:
    """The actor's weeks decided after the mark, oldest decision first, and the mark to keep from now on."""
    stored = uow.settings.get(_key(actor))
    if stored is None:
        return [], uow.clock.now()
    mark = datetime.fromisoformat(stored)
    this_week = current_week(uow, actor)
    recent = (week_status(uow, actor, this_week.shifted(-n)) for n in range(RECENT_WEEKS))
    fresh = [s for s in recent if s.status in DECIDED and s.decided_at is not None and s.decided_at > mark]
    fresh.sort(key=lambda s: s.decided_at)  # type: ignore[arg-type, return-value]
    return fresh, fresh[-1].decided_at if fresh else mark  # type: ignore[return-value]


def take_news(workspace: Workspace) -> list[WeekStatus]:
    """Decisions not told yet; from now on they count as told. Nothing is written when there is no news."""
    with workspace.read() as uow:
        try:
            actor = current_actor(uow)
        except TimeledgerError:  # nobody signed in here yet
            return []
        known = uow.settings.get(_key(actor))
        news, mark = unseen_decisions(uow, actor)
    if news or known is None:
        with workspace.work() as uow:
            uow.settings.set(_key(actor), mark.isoformat())
            uow.commit()
    return news


def news_text(status: WeekStatus) -> tuple[str, str]:
    """The title and text of the notification."""
    by = status.decided_by or "A manager"
    number = status.week.number
    if status.status is TimesheetStatus.APPROVED:
        return f"Week {number} approved", f"{by} approved your week {number}."
    return (
        f"Week {number} rejected",
        f"{by} rejected your week {number}: {status.reason}\nFix it in the Timesheet and submit it again.",
    )
