"""Reminders: which nudges are due now, given the timer, the attendance register and working hours.

Each reminder belongs to an episode (the moment the situation it is about began: the timer's start,
the last tracked minute); the same episode is never reminded of twice, so a consultant who ignores
a nudge hears about it again only once something has changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from app.domain.calendar import Week, span
from app.domain.duration import Duration

# Switching tasks by stopping one timer and starting the next leaves a short gap; only a gap this
# long during working hours is worth a nudge.
NO_TIMER_GRACE = Duration.of(minutes=10)
# When last week's timesheet is due unless the organisation says otherwise: the Monday after the week,
# 10:00 local time.
SUBMIT_BY_WEEKDAY = 0  # Monday
SUBMIT_BY_TIME = time(10, 0)


class ReminderKind(StrEnum):
    NO_TIMER = "no_timer"  # working hours, and no timer running
    LONG_TIMER = "long_timer"  # a timer running for longer than the limit
    UNTRACKED = "untracked"  # clocked in, and nothing tracked for a while
    WEEK_NOT_SUBMITTED = "week_not_submitted"  # last week holds time but was not submitted by the deadline


class ReminderPreferences(Protocol):
    """The parts of a person's preferences the reminder rules read."""

    working_start: time
    working_end: time
    working_days: tuple[int, ...]  # 0 = Monday
    remind_no_timer: bool
    remind_long_timer: Duration | None
    remind_untracked: Duration | None


@dataclass(frozen=True)
class Situation:
    """What is going on right now, for one person."""

    now: datetime  # aware, in the person's time zone: working hours are local
    timer_started_at: datetime | None = None
    timer_label: str = ""  # "WEB/General": what the running timer is on
    last_tracked: datetime | None = None  # when the latest tracked stretch of work ended
    present_since: datetime | None = None  # clocked in (or back from a break) since; None when not clocked in
    away: bool = False  # on a break, or clocked out for the day
    unsubmitted: UnsubmittedWeek | None = None  # last week, when it holds time and is open or rejected


@dataclass(frozen=True)
class UnsubmittedWeek:
    week: Week
    last_day: date  # of the organisation's week
    due_weekday: int = SUBMIT_BY_WEEKDAY  # the organisation's deadline: the first such day after the week...
    due_time: time = SUBMIT_BY_TIME  # ...at this local time


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    episode: datetime  # when the situation began: one reminder per kind and episode
    title: str
    text: str


def due_reminders(situation: Situation, prefs: ReminderPreferences) -> list[Reminder]:
    """Every reminder the situation calls for, whether or not it was shown before."""
    candidates = (
        _no_timer(situation, prefs),
        _long_timer(situation, prefs),
        _untracked(situation, prefs),
        _week_not_submitted(situation),
    )
    return [reminder for reminder in candidates if reminder is not None]


class ReminderMemory:
    """The episodes already reminded of, so each nudge is given at most once."""

    def __init__(self) -> None:
        self.shown: set[tuple[ReminderKind, datetime]] = set()

    def fresh(self, due: Iterable[Reminder]) -> list[Reminder]:
        """The due reminders not shown before; they count as shown from now on."""
        new = [reminder for reminder in due if (reminder.kind, reminder.episode) not in self.shown]
        self.shown.update((reminder.kind, reminder.episode) for reminder in new)
        return new


def _clock(instant: datetime, now: datetime) -> str:
    return f"{instant.astimezone(now.tzinfo):%H:%M}"


def _no_timer(s: Situation, prefs: ReminderPreferences) -> Reminder | None:
    now = s.now
    working = now.weekday() in prefs.working_days and prefs.working_start <= now.time() < prefs.working_end
    if not prefs.remind_no_timer or not working or s.timer_started_at is not None or s.away:
        return None
    day_start = datetime.combine(now.date(), prefs.working_start, tzinfo=now.tzinfo)
    since = max(day_start, s.last_tracked or day_start)
    if span(since, now) < NO_TIMER_GRACE:
        return None
    return Reminder(
        ReminderKind.NO_TIMER,
        since,
        "No timer running",
        f"It is working time and nothing has been tracked since {_clock(since, now)}. "
        "Start a timer from the tray or with Ctrl+Space.",
    )


def _long_timer(s: Situation, prefs: ReminderPreferences) -> Reminder | None:
    limit = prefs.remind_long_timer
    if limit is None or s.timer_started_at is None:
        return None
    running = span(s.timer_started_at, s.now)
    if running < limit:
        return None
    what = s.timer_label or "The timer"
    return Reminder(
        ReminderKind.LONG_TIMER,
        s.timer_started_at,
        "Timer still running",
        f"{what} has been running for {running} (since {_clock(s.timer_started_at, s.now)}). "
        "Stop or switch it if you have moved on.",
    )


def _untracked(s: Situation, prefs: ReminderPreferences) -> Reminder | None:
    limit = prefs.remind_untracked
    if limit is None or s.present_since is None or s.away or s.timer_started_at is not None:
        return None
    since = max(s.present_since, s.last_tracked or s.present_since)
    quiet = span(since, s.now)
    if quiet < limit:
        return None
    return Reminder(
        ReminderKind.UNTRACKED,
        since,
        "Nothing tracked",
        f"You are clocked in, but nothing has been tracked for {quiet} (since {_clock(since, s.now)}). "
        "Start a timer or log the time.",
    )


def submission_deadline(
    last_day: date, now: datetime, weekday: int = SUBMIT_BY_WEEKDAY, at: time = SUBMIT_BY_TIME
) -> datetime:
    """When a week ending on `last_day` is due: the first `weekday` after it, at `at` (local time)."""
    days = (weekday - last_day.weekday() - 1) % 7 + 1
    return datetime.combine(last_day + timedelta(days=days), at, tzinfo=now.tzinfo)


def _week_not_submitted(s: Situation) -> Reminder | None:
    if s.unsubmitted is None:
        return None
    week = s.unsubmitted
    deadline = submission_deadline(week.last_day, s.now, week.due_weekday, week.due_time)
    if s.now < deadline:
        return None
    return Reminder(
        ReminderKind.WEEK_NOT_SUBMITTED,
        deadline,
        "Last week is not submitted",
        f"Week {week.week.number} was due on {deadline:%A at %H:%M}. Check it in the Timesheet and press Submit week.",
    )
