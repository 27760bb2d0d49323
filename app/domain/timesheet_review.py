"""What a manager should look at before approving a week: flags raised by its entries and attendance.

The flags do not stop an approval; they point at the days worth a second look. There is no holiday
calendar yet, so "entries on weekends/holidays" looks at Saturdays and Sundays only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.duration import Duration
from app.domain.task_log import TaskLogEntry

WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())


class FlagKind(StrEnum):
    OVER_DAILY_CAP = "over_daily_cap"
    MISSING_NOTES = "missing_notes"
    BUDGET = "budget"
    ABOVE_ATTENDANCE = "above_attendance"
    WEEKEND = "weekend"


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    text: str
    day: date | None = None  # the day it is about; None for the whole week


def _sum(durations: Iterable[Duration]) -> Duration:
    return sum(durations, Duration.ZERO)


def _day(day: date) -> str:
    return f"{day:%a %d %b}"


def billable_on(entries: Iterable[TaskLogEntry], day: date) -> Duration:
    return _sum(e.duration for e in entries if e.billable and e.work_date == day)


def week_flags(
    entries: Sequence[TaskLogEntry],
    days: Sequence[date],
    *,
    productive_day: Duration,
    attended: Mapping[date, Duration] | None,
    budget_warnings: Iterable[str] = (),
) -> list[Flag]:
    """Every flag of one user's week, in day order, the week-wide ones last.

    `attended` is the net attendance per day, or None when the person keeps no attendance register that
    week (then billable time cannot be compared with anything). `budget_warnings` are the sentences of
    the budget checks for the week's projects.
    """
    flags: list[Flag] = []
    for day in days:
        billable = billable_on(entries, day)
        if billable > productive_day:
            overridden = [e for e in entries if e.work_date == day and e.cap_override_by is not None]
            why = f" (allowed by a manager: {overridden[0].cap_override_reason})" if overridden else ""
            flags.append(
                Flag(
                    FlagKind.OVER_DAILY_CAP,
                    f"{_day(day)}: {billable} billable, above the {productive_day} productive day{why}.",
                    day,
                )
            )
        if attended is not None and billable > attended.get(day, Duration.ZERO):
            present = attended.get(day, Duration.ZERO)
            flags.append(
                Flag(FlagKind.ABOVE_ATTENDANCE, f"{_day(day)}: {billable} billable but only {present} attended.", day)
            )
        if day.weekday() in WEEKEND and any(e.work_date == day for e in entries):
            logged = _sum(e.duration for e in entries if e.work_date == day)
            flags.append(Flag(FlagKind.WEEKEND, f"{_day(day)}: {logged} logged on a weekend.", day))
    silent = [e for e in entries if e.billable and not e.note.strip()]
    if silent:
        count = "1 billable entry has" if len(silent) == 1 else f"{len(silent)} billable entries have"
        on = ", ".join(f"{d:%a}" for d in sorted({e.work_date for e in silent}))
        flags.append(Flag(FlagKind.MISSING_NOTES, f"{count} no note ({on})."))
    flags.extend(Flag(FlagKind.BUDGET, warning) for warning in budget_warnings)
    return flags
