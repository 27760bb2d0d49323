"""Lines of an invoice, credit note or quote: what is charged, how much of it, at what price and VAT."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.duration import SECONDS_PER_HOUR, scaled_decimal
from app.domain.errors import Checks, refuse
from app.domain.money import MAX_MAJOR_UNITS, round_half_up
from app.domain.record import Record
from app.domain.tax import Vat, VatCategory, plain_decimal
from app.domain.text import clean_money, clean_name, collect, echo

MAX_DESCRIPTION_CHARS = 1_000
QUANTITY_PLACES = 4
MAX_QUANTITY = Decimal(1_000_000_000)
_QUANTITY = re.compile(r"(?P<sign>-?)[0-9]+(?:\.(?P<fraction>[0-9]+))?", re.ASCII)


class LineKind(StrEnum):
    HOURS = "hours"  # approved time at one rate
    FIXED = "fixed"  # a share of a fixed-price project
    MILESTONE = "milestone"  # a reached milestone
    DEPOSIT = "deposit"  # the deposit asked for when a quote is signed
    MANUAL = "manual"  # typed in by a person


@dataclass(kw_only=True, eq=False)
class DocumentLine(Record):
    document_id: UUID
    position: int
    kind: LineKind
    description: str
    quantity: Decimal  # negative only on credit notes
    unit: str  # "h" for hours, "" for a lump sum
    unit_price: Money
    vat_category: VatCategory
    vat_rate: Decimal
    vat_reason: str = ""
    net: Money  # quantity x unit price, rounded half-up to the minor unit
    project_id: UUID | None = None
    milestone_id: UUID | None = None

    @property
    def vat(self) -> Vat:
        return Vat(self.vat_category, self.vat_rate, self.vat_reason)

    def reprice(self) -> None:
        """Recompute the net after the quantity or the price changed."""
        self.net = line_net(self.quantity, self.unit_price)


def line_net(quantity: Decimal, unit_price: Money) -> Money:
    """Quantity times unit price, rounded half-up once to the currency's minor unit (EN 16931 BT-131)."""
    return round_half_up(quantity * unit_price.amount, unit_price.currency.code)


def hours(seconds: int) -> Decimal:
    """Seconds as hours with QUANTITY_PLACES decimals, rounded half-up (5400 s -> 1.5)."""
    return plain_decimal(scaled_decimal(seconds, SECONDS_PER_HOUR, QUANTITY_PLACES))


def parse_quantity(text: str | Decimal, field: str = "quantity") -> Decimal:
    """A quantity as typed: above zero, at most four decimals, below a billion."""
    shown = f"{text:f}" if isinstance(text, Decimal) else text.strip()
    match = _QUANTITY.fullmatch(shown)
    if match is None:
        problem = f"'{echo(shown)}' is not a quantity" if shown else "No quantity was entered"
        raise refuse("invalid_quantity", f"{problem}; use digits and a decimal point, such as 1.5.", field)
    value = Decimal(shown)
    checks = Checks()
    checks.require(value > 0, "not_positive", "The quantity must be more than zero.", field)
    checks.require(
        len(match["fraction"] or "") <= QUANTITY_PLACES,
        "too_many_decimals",
        f"A quantity has at most {QUANTITY_PLACES} decimals; '{echo(shown)}' has more.",
        field,
    )
    checks.require(value < MAX_QUANTITY, "quantity_too_large", f"The quantity must be below {MAX_QUANTITY:,}.", field)
    checks.raise_if_any()
    return plain_decimal(value)


def new_line(
    *,
    org_id: UUID,
    document_id: UUID,
    position: int,
    currency: str,
    description: str,
    quantity: str | Decimal,
    unit_price: str | Money,
    vat: Vat,
    unit: str = "",
    kind: LineKind = LineKind.MANUAL,
    project_id: UUID | None = None,
    milestone_id: UUID | None = None,
) -> DocumentLine:
    """A validated line in the document's currency; every failed check is reported at once."""
    checks = Checks()
    cleaned_quantity = collect(checks, parse_quantity, quantity)
    price = collect(
        checks, clean_money, unit_price, "unit_price", currency=currency, currency_of="the document's currency"
    )
    text = collect(checks, clean_name, description, "description", max_len=MAX_DESCRIPTION_CHARS)
    checks.raise_if_any()
    assert cleaned_quantity is not None and price is not None and text is not None
    line = priced_line(
        org_id=org_id,
        document_id=document_id,
        position=position,
        kind=kind,
        description=text,
        quantity=cleaned_quantity,
        unit=unit,
        unit_price=price,
        vat=vat,
        project_id=project_id,
        milestone_id=milestone_id,
    )
    if abs(line.net.amount) > MAX_MAJOR_UNITS:
        raise refuse("amount_too_large", f"The line comes to more than {MAX_MAJOR_UNITS:,} {currency}.", "quantity")
    return line


def priced_line(
    *,
    org_id: UUID,
    document_id: UUID,
    position: int,
    kind: LineKind,
    description: str,
    quantity: Decimal,
    unit: str,
    unit_price: Money,
    vat: Vat,
    project_id: UUID | None = None,
    milestone_id: UUID | None = None,
) -> DocumentLine:
    """A line of values already valid (checked by new_line, or made by the system), with its net."""
    return DocumentLine(
        org_id=org_id,
        document_id=document_id,
        position=position,
        kind=kind,
        description=description,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        vat_category=vat.category,
        vat_rate=vat.rate,
        vat_reason=vat.reason,
        net=line_net(quantity, unit_price),
        project_id=project_id,
        milestone_id=milestone_id,
    )
