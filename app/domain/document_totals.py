"""The sums of a priced document, the way EN 16931 makes them.

Each line's net is rounded on its own. The lines are grouped by VAT (category, rate, reason); a
document discount is split over those groups in proportion to their nets with largest-remainder
allocation, so the parts add up to the discount exactly; each group's tax is its taxable amount
times its rate, rounded half-up once; the document's tax is the sum of the groups' taxes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from moneyed import Money

from app.domain.document_lines import DocumentLine
from app.domain.errors import refuse
from app.domain.money import allocate, format_money, from_minor, round_half_up, to_minor
from app.domain.tax import Vat, parse_percent
from app.domain.text import clean_money


@dataclass(frozen=True)
class Discount:
    """Off the whole document before tax: a percentage of the lines' net, or a fixed amount."""

    percent: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if self.percent is not None and self.amount is not None:
            raise ValueError("a discount is a percentage or an amount, not both")

    def of(self, lines_net: Money) -> Money:
        """The discount on `lines_net`, rounded half-up; refused when an amount exceeds the net."""
        code = lines_net.currency.code
        if self.percent is not None:
            return round_half_up(lines_net.amount * self.percent / 100, code)
        if self.amount is None:
            return from_minor(0, code)
        if abs(to_minor(self.amount)) > abs(to_minor(lines_net)):
            raise refuse(
                "discount_too_large",
                f"A discount of {format_money(self.amount)} is more than the lines' net of {format_money(lines_net)}.",
                "discount",
            )
        # A credit note carries its original's discount with the sign of its own lines.
        return self.amount if to_minor(lines_net) >= 0 else -self.amount


NO_DISCOUNT = Discount()


def clean_discount(*, percent: str | None = None, amount: str | None = None, currency: str) -> Discount:
    """A discount as typed: a percentage above 0 up to 100, or an amount above zero (not both)."""
    if (percent is None) == (amount is None):
        raise refuse("discount_choice", "Give the discount either as a percentage or as an amount.", "discount")
    if percent is not None:
        value = parse_percent(percent, "discount")
        if not value:
            raise refuse("not_positive", "The discount must be more than zero; remove it instead.", "discount")
        return Discount(percent=value)
    return Discount(
        amount=clean_money(
            amount or "", "discount", currency=currency, currency_of="the document's currency", positive=True
        )
    )


@dataclass(frozen=True)
class VatBreakdown:
    """One row of the tax breakdown: the lines taxed alike, the discount share, and their tax."""

    vat: Vat
    lines_net: Money
    discount: Money
    taxable: Money
    tax: Money


@dataclass(frozen=True)
class Totals:
    currency: str
    lines_net: Money  # the sum of the lines' nets
    discount: Money  # the document discount
    net: Money  # taxable total: lines_net - discount
    tax: Money
    total: Money  # what the client pays
    breakdown: tuple[VatBreakdown, ...]


def compute_totals(lines: Iterable[DocumentLine], currency: str, discount: Discount = NO_DISCOUNT) -> Totals:
    """Totals of `lines` in `currency` after `discount`; an empty document is all zeros."""
    zero = from_minor(0, currency)
    groups: dict[tuple[str, Decimal, str], tuple[Vat, int]] = {}
    for line in lines:
        if line.net.currency.code != currency:
            raise ValueError(f"a {line.net.currency.code} line on a {currency} document")
        vat, minor = groups.get(line.vat.key, (line.vat, 0))
        groups[line.vat.key] = (vat, minor + to_minor(line.net))
    lines_net = from_minor(sum(minor for _, minor in groups.values()), currency)
    discount_total = discount.of(lines_net) if groups else zero
    weights = [abs(minor) for _, minor in groups.values()]
    shares = allocate(discount_total, weights) if to_minor(discount_total) and sum(weights) else [zero] * len(groups)
    breakdown = []
    for (vat, minor), share in zip(groups.values(), shares, strict=True):
        taxable = from_minor(minor, currency) - share
        tax = round_half_up(taxable.amount * vat.rate / 100, currency)
        breakdown.append(VatBreakdown(vat, from_minor(minor, currency), share, taxable, tax))
    tax_total = sum((row.tax for row in breakdown), zero)
    net = lines_net - discount_total
    return Totals(currency, lines_net, discount_total, net, tax_total, net + tax_total, tuple(breakdown))
