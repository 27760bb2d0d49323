"""The reminders due now for the person at this desktop (the rules are in app.domain.reminders)."""

from __future__ import annotations

from app.domain.calendar import day_bounds, zone_info
from app.domain.errors import TimeledgerError
from app.domain.reminders import Reminder, Situation, UnsubmittedWeek, due_reminders
from app.services import timer
from app.services.approvals import week_status
from app.services.identity import Actor, current_actor
from app.services.ports import UnitOfWork, Workspace
from app.services.preferences import load_preferences
from app.services.timesheet import current_week


def situation(uow: UnitOfWork, actor: Actor) -> Situation:
    """What the timer, today's entries and the attendance register say about the user right now."""
    now = uow.clock.now()
    day = actor.today(uow.clock)
    user = actor.user.id
    running = timer.running(uow, actor)
    ends = [entry.ended_at for entry in uow.entries.of_user_between(user, day, day) if entry.ended_at is not None]
    session = uow.attendance.open_session(user)
    present_since = None
    if session is None:
        # Clocked out earlier today means gone home; never clocked in means the register is not used.
        start, _ = day_bounds(day, actor.tz)
        away = any(s.clock_out is not None for s in uow.attendance.overlapping(user, start, now))
    else:
        away = uow.breaks.open_break(user) is not None
        if not away:
            returns = [b.ended_at for b in uow.breaks.of_sessions([session.id]) if b.ended_at is not None]
            present_since = max([session.clock_in, *returns])
    return Situation(
        now=now.astimezone(zone_info(actor.tz)),
        timer_started_at=None if running is None else running.timer.started_at,
        timer_label="" if running is None else running.work.label,
        last_tracked=max(ends, default=None),
        present_since=present_since,
        away=away,
        unsubmitted=unsubmitted_week(uow, actor),
    )


def unsubmitted_week(uow: UnitOfWork, actor: Actor) -> UnsubmittedWeek | None:
    """Last week, when it holds time and is still open or rejected (an empty week is nothing to submit)."""
    last = current_week(uow, actor).shifted(-1)
    days = last.days(actor.org.week_start)
    if not uow.entries.of_user_between(actor.user.id, days[0], days[-1]):
        return None
    if not week_status(uow, actor, last).editable:
        return None
    org = actor.org
    return UnsubmittedWeek(last, days[-1], org.submit_deadline_weekday, org.submit_deadline_time)


def reminders_due(workspace: Workspace) -> list[Reminder]:
    """Every reminder due now, shown before or not; none before the organisation is set up."""
    with workspace.read() as uow:
        try:
            actor = current_actor(uow)
        except TimeledgerError:
            return []
        return due_reminders(situation(uow, actor), load_preferences(uow))
