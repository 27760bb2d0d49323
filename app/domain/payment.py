"""Money received against an invoice; a mistaken payment is reversed (kept, marked, audited), never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from moneyed import Money

from app.domain.errors import Checks, refuse
from app.domain.record import Record
from app.domain.text import clean_money, clean_name, collect

DEFAULT_METHOD = "bank transfer"


@dataclass(kw_only=True, eq=False)
class Payment(Record):
    invoice_id: UUID
    received_on: date
    amount: Money
    method: str = DEFAULT_METHOD
    reference: str = ""
    reversed_at: datetime | None = None
    reversal_reason: str = ""

    @property
    def counts(self) -> bool:
        return self.reversed_at is None

    def reverse(self, at: datetime, reason: str) -> None:
        if self.reversed_at is not None:
            raise refuse("already_reversed", "This payment was already reversed.")
        self.reversal_reason = clean_name(reason, "reason", max_len=500)
        self.reversed_at = at


def new_payment(
    *,
    org_id: UUID,
    invoice_id: UUID,
    currency: str,
    received_on: date,
    amount: str | Money,
    method: str = DEFAULT_METHOD,
    reference: str = "",
    today: date,
) -> Payment:
    """A validated payment above zero in the invoice's currency, not dated in the future."""
    checks = Checks()
    cleaned = collect(
        checks, clean_money, amount, "amount", currency=currency, currency_of="the invoice's currency", positive=True
    )
    checks.require(received_on <= today, "future_payment", f"A payment cannot be dated after today ({today}).", "date")
    method_text = collect(checks, clean_name, method or DEFAULT_METHOD, "method", max_len=50)
    reference_text = collect(checks, clean_name, reference, "reference", max_len=200, required=False)
    checks.raise_if_any()
    return Payment(
        org_id=org_id,
        invoice_id=invoice_id,
        received_on=received_on,
        amount=cleaned,  # type: ignore[arg-type]
        method=method_text or DEFAULT_METHOD,
        reference=reference_text or "",
    )
