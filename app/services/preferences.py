"""Personal preferences of this desktop: idle threshold, working hours and reminders."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import time

from app.domain.calendar import parse_clock_time
from app.domain.duration import Duration
from app.domain.errors import Checks
from app.domain.text import collect
from app.services.ports import UnitOfWork

PREFERENCES_KEY = "preferences"
WEEKDAYS = (0, 1, 2, 3, 4)
FIVE_MINUTES = Duration.of(minutes=5)
FOUR_HOURS = Duration.of(hours=4)
HALF_HOUR = Duration.of(minutes=30)


@dataclass(frozen=True)
class Preferences:
    """What one person wants from this desktop; kept in local settings, never synced."""

    idle_threshold: Duration = FIVE_MINUTES
    working_start: time = time(9, 0)
    working_end: time = time(17, 30)
    working_days: tuple[int, ...] = WEEKDAYS  # 0 = Monday
    remind_no_timer: bool = True  # no timer running during working hours
    remind_long_timer: Duration | None = FOUR_HOURS  # a timer running longer than this
    remind_untracked: Duration | None = HALF_HOUR  # clocked in, nothing tracked for this long

    def check(self) -> None:
        checks = Checks()
        checks.require(
            Duration.of(minutes=1) <= self.idle_threshold <= Duration.of(hours=8),
            "idle_threshold",
            "The idle threshold must be between 1 minute and 8 hours.",
            "idle_threshold",
        )
        checks.require(
            self.working_start < self.working_end,
            "working_hours",
            "Working hours must end after they start.",
            "working_end",
        )
        checks.require(
            all(0 <= d <= 6 for d in self.working_days),
            "working_days",
            "Working days run Monday to Sunday.",
            "working_days",
        )
        for name in ("remind_long_timer", "remind_untracked"):
            value = getattr(self, name)
            checks.require(
                value is None or value >= Duration.of(minutes=1),
                name,
                "A reminder interval must be at least 1 minute.",
                name,
            )
        checks.raise_if_any()


DURATIONS = ("idle_threshold", "remind_long_timer", "remind_untracked")
TIMES = ("working_start", "working_end")


def _to_json(prefs: Preferences) -> str:
    values: dict[str, object] = {}
    for name in (f.name for f in fields(prefs)):
        value = getattr(prefs, name)
        if name in DURATIONS:
            value = None if value is None else value.seconds
        elif name in TIMES:
            value = value.strftime("%H:%M")
        values[name] = value
    return json.dumps(values)


def _from_json(text: str) -> Preferences:
    """Stored preferences; names this version does not know are ignored, missing ones take the default."""
    raw = json.loads(text)
    values: dict[str, object] = {}
    for name in (f.name for f in fields(Preferences)):
        if name not in raw:
            continue
        value = raw[name]
        if name in DURATIONS:
            values[name] = None if value is None else Duration(int(value))
        elif name in TIMES:
            values[name] = time.fromisoformat(value)
        elif name == "working_days":
            values[name] = tuple(int(d) for d in value)
        else:
            values[name] = bool(value)
    return Preferences(**values)  # type: ignore[arg-type]


def load_preferences(uow: UnitOfWork) -> Preferences:
    stored = uow.settings.get(PREFERENCES_KEY)
    return Preferences() if stored is None else _from_json(stored)


def save_preferences(uow: UnitOfWork, prefs: Preferences) -> Preferences:
    """Check and keep the preferences (the caller commits)."""
    prefs.check()
    uow.settings.set(PREFERENCES_KEY, _to_json(prefs))
    return prefs


def preferences_from_form(
    *,
    idle_threshold: str,
    working_start: str,
    working_end: str,
    working_days: tuple[int, ...],
    remind_no_timer: bool,
    remind_long_timer: str,
    remind_untracked: str,
) -> Preferences:
    """Preferences as typed in the settings form ("0:05", "09:00"; a blank reminder interval means never),
    with every problem reported under its field at once."""
    checks = Checks()

    def duration(text: str, field: str, optional: bool = False) -> Duration | None:
        if optional and not text.strip():
            return None
        return collect(checks, Duration.parse, text, field=field)

    typed = dict(
        idle_threshold=duration(idle_threshold, "idle_threshold"),
        working_start=collect(checks, parse_clock_time, working_start, field="working_start"),
        working_end=collect(checks, parse_clock_time, working_end, field="working_end"),
        remind_long_timer=duration(remind_long_timer, "remind_long_timer", optional=True),
        remind_untracked=duration(remind_untracked, "remind_untracked", optional=True),
    )
    checks.raise_if_any()
    days = tuple(sorted(set(working_days)))
    prefs = Preferences(working_days=days, remind_no_timer=remind_no_timer, **typed)  # type: ignore[arg-type]
    prefs.check()
    return prefs
