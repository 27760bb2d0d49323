"""Who works on which project, in what role, and for which period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from app.domain.errors import Checks
from app.domain.record import Record
from app.domain.text import clean_name, collect


@dataclass(kw_only=True, eq=False)
class Assignment(Record):
    user_id: UUID
    project_id: UUID
    role: str = "consultant"
    valid_from: date | None = None  # None: since the project began
    valid_to: date | None = None  # inclusive; None: open-ended

    def covers(self, day: date) -> bool:
        """Whether the person is on the project on `day` (both ends of the period included)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def new_assignment(
    *,
    org_id: UUID,
    user_id: UUID,
    project_id: UUID,
    role: str = "consultant",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Assignment:
    """A validated assignment; a one-day assignment has valid_from == valid_to."""
    checks = Checks()
    cleaned_role = collect(checks, clean_name, role, "role", max_len=100)
    if valid_from is not None and valid_to is not None:
        checks.require(
            valid_to >= valid_from,
            "invalid_period",
            f"The assignment cannot end on {valid_to} before it starts on {valid_from}.",
            "valid_to",
        )
    checks.raise_if_any()
    return Assignment(
        org_id=org_id,
        user_id=user_id,
        project_id=project_id,
        role=cleaned_role,
        valid_from=valid_from,
        valid_to=valid_to,
    )
