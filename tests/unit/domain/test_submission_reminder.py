"""The reminder that last week is not submitted: due from the Monday after it, 10:00, once per week."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.domain.calendar import Week
from app.domain.reminders import (
    ReminderKind,
    ReminderMemory,
    Situation,
    UnsubmittedWeek,
    due_reminders,
    submission_deadline,
)
from app.services.preferences import Preferences

BERLIN = ZoneInfo("Europe/Berlin")
NO_OTHERS = Preferences(remind_no_timer=False, remind_long_timer=None, remind_untracked=None)
WEEK_47 = UnsubmittedWeek(Week(2026, 47), last_day=date(2026, 11, 22))  # Monday 16 to Sunday 22 November


def monday_23(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("now", "unsubmitted", "due"),
    [
        (monday_23(10), WEEK_47, True),
        (monday_23(9, 59), WEEK_47, False),
        (datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN), WEEK_47, True),  # still not submitted on Wednesday
        (monday_23(11), None, False),  # submitted, approved, or nothing logged
    ],
)
def test_last_week_not_submitted_is_reminded_from_monday_ten(now, unsubmitted, due) -> None:  # type: ignore[no-untyped-def]
    reminders = due_reminders(Situation(now, unsubmitted=unsubmitted), NO_OTHERS)
    assert [r.kind for r in reminders] == ([ReminderKind.WEEK_NOT_SUBMITTED] if due else [])


def test_the_reminder_names_the_week_and_the_deadline() -> None:
    (reminder,) = due_reminders(Situation(monday_23(10, 5), unsubmitted=WEEK_47), NO_OTHERS)
    assert reminder.title == "Last week is not submitted"
    assert reminder.text == ("Week 47 was due on Monday at 10:00. Check it in the Timesheet and press Submit week.")


def test_the_same_week_is_reminded_of_once() -> None:
    memory = ReminderMemory()
    first = memory.fresh(due_reminders(Situation(monday_23(10), unsubmitted=WEEK_47), NO_OTHERS))
    later = memory.fresh(due_reminders(Situation(monday_23(15), unsubmitted=WEEK_47), NO_OTHERS))
    assert len(first) == 1 and later == []


@pytest.mark.parametrize(
    ("last_day", "deadline_day"),
    [
        (date(2026, 11, 22), date(2026, 11, 23)),  # a Monday-to-Sunday week: the next day
        (date(2026, 11, 21), date(2026, 11, 23)),  # a Sunday-to-Saturday week: two days later
        (date(2026, 11, 23), date(2026, 11, 30)),  # a week ending on a Monday: the Monday after
    ],
)
def test_the_deadline_is_the_first_monday_after_the_week_at_ten(last_day: date, deadline_day: date) -> None:
    deadline = submission_deadline(last_day, monday_23(12))
    assert deadline == datetime.combine(deadline_day, time(10), tzinfo=BERLIN)
