"""Quotes: what a project will cost, sent to the client, who signs or declines it before it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from app.domain.errors import refuse
from app.domain.priced_document import PricedDocument
from app.domain.state_machine import Transitions


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    DECLINED = "declined"
    EXPIRED = "expired"


_Q = QuoteStatus
QUOTE_TRANSITIONS = Transitions(
    "quote",
    {
        _Q.DRAFT: frozenset({_Q.SENT}),
        _Q.SENT: frozenset({_Q.SIGNED, _Q.DECLINED, _Q.EXPIRED}),
        _Q.SIGNED: frozenset(),
        _Q.DECLINED: frozenset(),
        _Q.EXPIRED: frozenset(),
    },
)
DEFAULT_VALID_DAYS = 30


@dataclass(kw_only=True, eq=False)
class Quote(PricedDocument):
    project_id: UUID
    status: QuoteStatus = QuoteStatus.DRAFT
    valid_until: date | None = None
    decided_on: date | None = None  # signed, declined or expired on

    def check_draft(self) -> None:
        if self.status is not QuoteStatus.DRAFT:
            raise refuse("quote_sent", f"Quote {self.label} was sent and can no longer change.")

    def move_to(self, target: QuoteStatus, today: date) -> None:
        self.status = QUOTE_TRANSITIONS.check(self.status, target)
        if target is not QuoteStatus.SENT:
            self.decided_on = today

    def expire(self, today: date) -> bool:
        """A sent quote past its validity expires; True when it did now."""
        if self.status is QuoteStatus.SENT and self.valid_until is not None and self.valid_until < today:
            self.move_to(QuoteStatus.EXPIRED, today)
            return True
        return False
