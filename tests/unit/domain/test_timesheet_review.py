"""The flags of a week under review: over the daily cap, above attendance, weekends, missing notes, budgets."""

import uuid
from datetime import date, timedelta

from app.domain.duration import Duration
from app.domain.task_log import TaskLogEntry
from app.domain.timesheet_review import FlagKind, week_flags

MONDAY = date(2026, 11, 16)
DAYS = tuple(MONDAY + timedelta(days=n) for n in range(7))
SIX = Duration.of(hours=6)
ORG, USER, PROJECT, TASK = (uuid.uuid4() for _ in range(4))


def entry(day: date, hours: int, *, billable: bool = True, note: str = "Work", override: str = "") -> TaskLogEntry:
    return TaskLogEntry(
        org_id=ORG,
        user_id=USER,
        project_id=PROJECT,
        task_id=TASK,
        work_date=day,
        duration=Duration.of(hours=hours),
        billable=billable,
        note=note,
        cap_override_by=USER if override else None,
        cap_override_reason=override,
    )


def flags(entries, attended=None, budget=()):  # type: ignore[no-untyped-def]
    return week_flags(entries, DAYS, productive_day=SIX, attended=attended, budget_warnings=budget)


def test_a_quiet_week_raises_no_flags() -> None:
    assert flags([entry(MONDAY, 6), entry(DAYS[1], 3, billable=False, note="")]) == []


def test_billable_time_above_the_productive_day_is_flagged_with_the_override_reason() -> None:
    (flag,) = flags([entry(MONDAY, 4), entry(MONDAY, 3, override="Go-live")])
    assert flag.kind is FlagKind.OVER_DAILY_CAP
    assert flag.day == MONDAY
    assert flag.text == "Mon 16 Nov: 7:00 billable, above the 6:00 productive day (allowed by a manager: Go-live)."


def test_non_billable_time_does_not_count_towards_the_cap() -> None:
    assert flags([entry(MONDAY, 6), entry(MONDAY, 2, billable=False)]) == []


def test_billable_time_above_attended_time_is_flagged_where_attendance_is_kept() -> None:
    attended = {day: Duration.of(hours=5) for day in DAYS}
    (flag,) = flags([entry(MONDAY, 6)], attended=attended)
    assert (flag.kind, flag.text) == (FlagKind.ABOVE_ATTENDANCE, "Mon 16 Nov: 6:00 billable but only 5:00 attended.")
    assert flags([entry(MONDAY, 6)], attended=None) == [], "no register kept: nothing to compare with"


def test_weekend_entries_missing_notes_and_budget_warnings_are_flagged() -> None:
    found = flags([entry(DAYS[5], 1, note=" "), entry(DAYS[6], 2)], budget=["WEB has used 85 % of its budget."])
    assert [(f.kind, f.text) for f in found] == [
        (FlagKind.WEEKEND, "Sat 21 Nov: 1:00 logged on a weekend."),
        (FlagKind.WEEKEND, "Sun 22 Nov: 2:00 logged on a weekend."),
        (FlagKind.MISSING_NOTES, "1 billable entry has no note (Sat)."),
        (FlagKind.BUDGET, "WEB has used 85 % of its budget."),
    ]
