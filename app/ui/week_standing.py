"""Where a week of the Timesheet stands (open, submitted, approved, rejected and why), and its Submit button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.calendar import Week, local_label
from app.domain.timesheet import Timesheet, TimesheetStatus
from app.services import approvals
from app.services.approvals import WeekStatus

SUBMIT_TIP = "Hand this week in for approval; its hours are frozen while a manager decides on it."
LOCKED = {
    TimesheetStatus.SUBMITTED: "Week {week} is submitted for approval; its hours can change again if a manager "
    "rejects it.",
    TimesheetStatus.APPROVED: "Week {week} is approved; a manager must reopen it before its hours can change.",
}


def status_text(status: WeekStatus, tz: str) -> str:
    """The line above the grid; a rejection's reason is the consultant's to-do."""
    by = f" by {status.decided_by}" if status.decided_by else ""
    if status.status is TimesheetStatus.SUBMITTED and status.submitted_at is not None:
        return f"Submitted on {local_label(status.submitted_at, tz)}; waiting for approval."
    if status.status is TimesheetStatus.APPROVED:
        return f"Approved{by}."
    if status.status is TimesheetStatus.REJECTED:
        return f"Rejected{by}: {status.reason}\nFix the week and submit it again."
    if status.reason:  # a manager reopened it
        return f"Open: reopened{by}: {status.reason}"
    return "Open: submit the week once its hours are complete."


def lock_reason(status: WeekStatus) -> str:
    """Why no hour of the week can change now; "" while they can."""
    return LOCKED.get(status.status, "").format(week=status.week.number)


def submitted_text(sheet: Timesheet) -> str:
    week = Week.containing(sheet.week_start, sheet.week_start.weekday())
    if sheet.status is TimesheetStatus.APPROVED:
        return f"Week {week.number} is approved (approval is switched off for your organisation)."
    return f"Week {week.number} is submitted; you will hear when a manager has decided on it."


def week_and_zone(uow, actor, week: Week | None) -> tuple[WeekStatus, str]:  # type: ignore[no-untyped-def]
    """What the line shows, read in one unit of work."""
    return approvals.week_status(uow, actor, week), actor.tz


class WeekStanding(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.status = QLabel()
        self.status.setObjectName("weekStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a rejection's reason is a manager's free text
        self.status.setWordWrap(True)
        self.submit = QPushButton("Submit week")
        self.submit.setToolTip(SUBMIT_TIP)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.submit)

    def show_status(self, status: WeekStatus, tz: str) -> str:
        """Show where the week stands; returns why its hours cannot change ("" when they can)."""
        self.status.setText(status_text(status, tz))
        rejected = status.status is TimesheetStatus.REJECTED
        self.status.setStyleSheet("#weekStatus { color: #b00020; }" if rejected else "")
        locked = lock_reason(status)
        self.submit.setEnabled(status.editable)
        self.submit.setToolTip(locked or SUBMIT_TIP)
        return locked
