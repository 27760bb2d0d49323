"""Lists of entries: the date ranges a list is narrowed to, and what a listed entry shows."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from moneyed import Money

from app.domain.duration import Duration
from app.domain.entry_list import ListedEntry, Period, period_range
from app.domain.task_log import EntryStatus

FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("period", "week_start", "expected"),
    [
        (Period.ALL, 0, (None, None)),
        (Period.THIS_WEEK, 0, (date(2026, 11, 16), date(2026, 11, 22))),
        (Period.THIS_WEEK, 6, (date(2026, 11, 15), date(2026, 11, 21))),  # weeks starting on Sunday
        (Period.LAST_WEEK, 0, (date(2026, 11, 9), date(2026, 11, 15))),
        (Period.THIS_MONTH, 0, (date(2026, 11, 1), date(2026, 11, 30))),
        (Period.LAST_MONTH, 0, (date(2026, 10, 1), date(2026, 10, 31))),
        (Period.THIS_YEAR, 0, (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_ranges(period, week_start, expected) -> None:  # type: ignore[no-untyped-def]
    assert period_range(period, FRIDAY, week_start) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2024, 3, 15), (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2027, 1, 2), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_last_month_across_short_months_and_years(today, expected) -> None:  # type: ignore[no-untyped-def]
    assert period_range(Period.LAST_MONTH, today) == expected


def listed(**changes) -> ListedEntry:  # type: ignore[no-untyped-def]
    values = dict(
        id=uuid.uuid4(),
        version=1,
        user_id=uuid.uuid4(),
        user_name="Carl",
        project_id=uuid.uuid4(),
        task_id=uuid.uuid4(),
        project_code="WEB",
        task_name="Design",
        client_name="Globex",
        work_date=FRIDAY,
        started_at=None,
        ended_at=None,
        duration=Duration.of(hours=1, minutes=30),
        note="",
        billable=True,
        status=EntryStatus.DRAFT,
        rate=Money("120", "EUR"),
    )
    return ListedEntry(**{**values, **changes})


def test_a_listed_entry_shows_its_work_and_amount() -> None:
    entry = listed()

    assert (entry.work_label, entry.amount, entry.is_locked) == ("WEB/Design", Money("180", "EUR"), False)
    assert listed(billable=False).amount is None
    assert listed(rate=None).amount is None


@pytest.mark.parametrize("status", [EntryStatus.APPROVED, EntryStatus.INVOICED])
def test_approved_and_invoiced_entries_are_locked(status) -> None:  # type: ignore[no-untyped-def]
    assert listed(status=status).is_locked
