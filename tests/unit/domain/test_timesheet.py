"""The timesheet's and its entries' transition tables: open → submitted → approved, or rejected → open again."""

from __future__ import annotations

import pytest

from app.domain.errors import RuleViolation
from app.domain.task_log import ENTRY_TRANSITIONS, EntryStatus
from app.domain.timesheet import TIMESHEET_TRANSITIONS, TimesheetStatus

OPEN, SUBMITTED, APPROVED, REJECTED = (
    TimesheetStatus.OPEN,
    TimesheetStatus.SUBMITTED,
    TimesheetStatus.APPROVED,
    TimesheetStatus.REJECTED,
)
ALLOWED = {
    (OPEN, SUBMITTED),  # the consultant hands the week in
    (SUBMITTED, APPROVED),
    (SUBMITTED, REJECTED),  # with a reason
    (REJECTED, SUBMITTED),  # fixed and handed in again
    (REJECTED, OPEN),
    (APPROVED, OPEN),  # a manager reopens it, with a reason
}
PAIRS = [(a, b) for a in TimesheetStatus for b in TimesheetStatus if a != b]


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_timesheet_moves_along_its_workflow(current, target):
    assert TIMESHEET_TRANSITIONS.check(current, target) is target


@pytest.mark.parametrize(("current", "target"), [pair for pair in PAIRS if pair not in ALLOWED])
def test_timesheet_refuses_every_other_move_naming_the_allowed_ones(current, target):
    with pytest.raises(RuleViolation) as caught:
        TIMESHEET_TRANSITIONS.check(current, target)
    assert caught.value.code == "invalid_transition"
    options = ", ".join(sorted(s.value for s in TIMESHEET_TRANSITIONS.allowed(current)))
    assert str(caught.value) == (
        f"A timesheet cannot go from {current.value} to {target.value}; from {current.value} it can go to: {options}."
    )


def test_an_open_week_cannot_be_approved_without_being_submitted():
    with pytest.raises(RuleViolation, match="cannot go from open to approved"):
        TIMESHEET_TRANSITIONS.check(OPEN, APPROVED)


@pytest.mark.parametrize("status", list(TimesheetStatus))
def test_staying_in_the_same_state_is_no_move(status):
    with pytest.raises(RuleViolation) as caught:
        TIMESHEET_TRANSITIONS.check(status, status)
    assert caught.value.code == "no_change"


ENTRY_ALLOWED = {
    (EntryStatus.DRAFT, EntryStatus.SUBMITTED),
    (EntryStatus.SUBMITTED, EntryStatus.APPROVED),
    (EntryStatus.SUBMITTED, EntryStatus.DRAFT),  # its week was rejected
    (EntryStatus.APPROVED, EntryStatus.INVOICED),
    (EntryStatus.APPROVED, EntryStatus.DRAFT),  # its week was reopened
    (EntryStatus.INVOICED, EntryStatus.APPROVED),  # a credit note released it
}


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in EntryStatus for b in EntryStatus if a != b])
def test_entries_follow_their_timesheet(current, target):
    if (current, target) in ENTRY_ALLOWED:
        assert ENTRY_TRANSITIONS.check(current, target) is target
    else:
        with pytest.raises(RuleViolation):
            ENTRY_TRANSITIONS.check(current, target)
