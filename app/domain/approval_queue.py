"""The manager's approval queue: which submitted timesheets to show, and one row of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from app.domain.calendar import Week
from app.domain.duration import Duration


@dataclass(frozen=True)
class QueueQuery:
    """Filters of the queue; None means "any". `team` "" asks for people without a team."""

    team: str | None = None
    user_id: UUID | None = None
    week_start: date | None = None  # the first day of the organisation week
    project_id: UUID | None = None  # weeks holding time on this project


@dataclass(frozen=True)
class QueueScope:
    """Whose weeks an approver may decide on: never their own; a manager only their team's."""

    approver_id: UUID
    team: str | None  # the approver's team ("no team" is a team of its own)
    whole_org: bool  # admins decide on anybody's week

    def covers(self, user_id: UUID, team: str | None) -> bool:
        """Whether the approver may decide on this person's weeks."""
        return user_id != self.approver_id and (self.whole_org or team == self.team)


@dataclass(frozen=True)
class QueuedTimesheet:
    """One submitted week waiting for a decision, with its totals (attendance is net of breaks)."""

    timesheet_id: UUID
    version: int
    user_id: UUID
    user_name: str
    user_email: str
    team: str | None
    week_start: date
    submitted_at: datetime
    billable: Duration
    non_billable: Duration
    attendance: Duration

    @property
    def week(self) -> Week:
        # week_start is the organisation's first weekday, so its own weekday names the week's shape.
        return Week.containing(self.week_start, self.week_start.weekday())

    @property
    def logged(self) -> Duration:
        return self.billable + self.non_billable

    @property
    def sort_key(self) -> tuple[date, datetime, UUID]:
        """Oldest week first, then the longest waiting: the cursor of the next page."""
        return self.week_start, self.submitted_at, self.timesheet_id
