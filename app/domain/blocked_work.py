"""A refused attempt to log billable time: kept so managers see which projects block work, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from app.domain.record import Record


@dataclass(kw_only=True, eq=False)
class BlockedAttempt(Record):
    user_id: UUID
    project_id: UUID
    task_id: UUID | None
    at: datetime
    codes: tuple[str, ...]  # the failed checks' codes, e.g. ("quote_not_signed", "not_assigned")
    messages: tuple[str, ...]  # and their sentences, as the user saw them
