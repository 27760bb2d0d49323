"""Lists of task-log entries: what a list asks for (filters, sort order) and the plain rows it shows.

A listed entry carries the names of its work (project code, task, client, person) so a list can show
a page of entries without looking anything up per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.calendar import Week
from app.domain.duration import Duration
from app.domain.money import hourly_amount
from app.domain.task_log import LOCKED_STATUSES, EntryStatus


class EntrySort(StrEnum):
    DATE = "date"  # work date, then start time (typed durations after timed ones on a day), then id
    WORK = "work"  # project code, task name, then date
    HOURS = "hours"
    STATUS = "status"


class Period(StrEnum):
    """Date ranges a list is usually narrowed to, relative to today."""

    ALL = "All dates"
    THIS_WEEK = "This week"
    LAST_WEEK = "Last week"
    THIS_MONTH = "This month"
    LAST_MONTH = "Last month"
    THIS_YEAR = "This year"


def period_range(period: Period, today: date, week_start: int = 0) -> tuple[date | None, date | None]:
    """The first and last day of `period` (None, None for all dates); weeks start on the organisation's day."""
    if period is Period.ALL:
        return None, None
    if period in (Period.THIS_WEEK, Period.LAST_WEEK):
        week = Week.containing(today, week_start)
        days = (week if period is Period.THIS_WEEK else week.shifted(-1)).days(week_start)
        return days[0], days[-1]
    if period is Period.THIS_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    first = today.replace(day=1)
    if period is Period.LAST_MONTH:
        first = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    return first, following - timedelta(days=1)


@dataclass(frozen=True)
class EntryQuery:
    """Which entries a list shows and in what order; None means "any".

    `user_id` None is the person asking; `everyone` lists the whole organisation (managers only).
    """

    first: date | None = None
    last: date | None = None
    client_id: UUID | None = None
    project_id: UUID | None = None
    status: EntryStatus | None = None
    billable: bool | None = None
    user_id: UUID | None = None
    everyone: bool = False
    sort: EntrySort = EntrySort.DATE
    descending: bool = True


@dataclass(frozen=True, slots=True)
class ListedEntry:
    """One entry as a list shows it (slots: a long list holds many of these)."""

    id: UUID
    version: int
    user_id: UUID
    user_name: str
    project_id: UUID
    task_id: UUID
    project_code: str
    task_name: str
    client_name: str
    work_date: date
    started_at: datetime | None
    ended_at: datetime | None
    duration: Duration
    note: str
    billable: bool
    status: EntryStatus
    rate: Money | None

    @property
    def work_label(self) -> str:
        """What the entry was worked on, as it is typed ("WEB/Design")."""
        return f"{self.project_code}/{self.task_name}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def amount(self) -> Money | None:
        if not self.billable or self.rate is None:
            return None
        return hourly_amount(self.rate, self.duration)
