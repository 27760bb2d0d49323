"""A timesheet: one user's week, submitted and approved as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from app.domain.record import Record
from app.domain.state_machine import Transitions


class TimesheetStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


TIMESHEET_TRANSITIONS = Transitions(
    "timesheet",
    {
        TimesheetStatus.OPEN: frozenset({TimesheetStatus.SUBMITTED}),
        TimesheetStatus.SUBMITTED: frozenset({TimesheetStatus.APPROVED, TimesheetStatus.REJECTED}),
        TimesheetStatus.REJECTED: frozenset({TimesheetStatus.OPEN, TimesheetStatus.SUBMITTED}),
        TimesheetStatus.APPROVED: frozenset({TimesheetStatus.OPEN}),  # a manager reopens it, with a reason
    },
)


@dataclass(kw_only=True, eq=False)
class Timesheet(Record):
    """One user's week, identified by the first day of the organisation's week."""

    user_id: UUID
    week_start: date
    status: TimesheetStatus = TimesheetStatus.OPEN
    submitted_at: datetime | None = None
    decided_at: datetime | None = None  # approved, rejected or reopened
    decided_by: UUID | None = None
    reason: str = ""  # why it was rejected or reopened
