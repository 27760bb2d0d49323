"""What invoices, credit notes and quotes share: a client, a currency, lines, a discount and their totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from moneyed import Money

from app.domain.document_totals import Discount, Totals
from app.domain.errors import refuse
from app.domain.record import Record
from app.domain.text import clean_text

NOTES_MAX_CHARS = 5_000


@dataclass(kw_only=True, eq=False)
class PricedDocument(Record):
    client_id: UUID
    currency: str  # the client's currency when the document was made; all its lines are in it
    number: str | None = None  # given when the document is issued, never before
    issue_date: date | None = None
    notes: str = ""
    discount_percent: Decimal | None = None
    discount_amount: Money | None = None
    # The totals of the lines, kept with the document so lists and figures never add up lines.
    net: Money
    tax: Money
    total: Money

    @property
    def discount(self) -> Discount:
        return Discount(self.discount_percent, self.discount_amount)

    def set_discount(self, discount: Discount) -> None:
        self.discount_percent, self.discount_amount = discount.percent, discount.amount

    def take_totals(self, totals: Totals) -> None:
        self.net, self.tax, self.total = totals.net, totals.tax, totals.total

    @property
    def label(self) -> str:
        """How people refer to it: its number once issued."""
        return self.number or "the draft"


def clean_notes(text: str) -> str:
    return clean_text(text, "notes", NOTES_MAX_CHARS)


def not_negative_total(total: Money, noun: str) -> None:
    if total.amount < 0:
        raise refuse("negative_total", f"{noun} cannot come to less than zero; use a credit note instead.")
