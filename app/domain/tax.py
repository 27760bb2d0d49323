"""VAT on a document line: the category (UNCL 5305, as EN 16931 names them), the rate, and why none is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import Checks, refuse
from app.domain.text import clean_name, collect, echo

MAX_REASON_CHARS = 200
_PERCENT = re.compile(r"(?P<whole>[0-9]{1,3})(?:\.(?P<fraction>[0-9]{1,2}))?", re.ASCII)


class VatCategory(StrEnum):
    STANDARD = "S"  # a rate above zero
    ZERO_RATED = "Z"  # taxable at 0 %
    EXEMPT = "E"  # exempt, with the legal reason
    REVERSE_CHARGE = "AE"  # the buyer accounts for the VAT, with the reason
    OUTSIDE_SCOPE = "O"  # not subject to VAT, with the reason


NEEDS_REASON = frozenset({VatCategory.EXEMPT, VatCategory.REVERSE_CHARGE, VatCategory.OUTSIDE_SCOPE})


def parse_percent(text: str | Decimal, field: str, *, most: Decimal = Decimal(100)) -> Decimal:
    """A percentage as typed ("19", "7.5", "2.25 %"): 0 to `most`, at most two decimals."""
    shown = f"{text:f}" if isinstance(text, Decimal) else text.strip().removesuffix("%").strip()
    match = _PERCENT.fullmatch(shown)
    if match is None or Decimal(shown) > most:
        raise refuse(
            "invalid_percent",
            f"'{echo(str(text).strip())}' is not a percentage from 0 to {most}; use digits such as 19 or 7.5.",
            field,
        )
    return plain_decimal(Decimal(shown))


def plain_decimal(value: Decimal) -> Decimal:
    """Without trailing zeros or exponent: 7.50 -> 7.5, 10.00 -> 10 (not 1E+1)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@dataclass(frozen=True)
class Vat:
    """How one line is taxed. Reasons are printed on the invoice and carried into e-invoices."""

    category: VatCategory
    rate: Decimal  # percent, 0 for every category but STANDARD
    reason: str = ""

    @classmethod
    def at(cls, rate: Decimal) -> Vat:
        return cls(VatCategory.STANDARD if rate else VatCategory.ZERO_RATED, rate)

    @property
    def key(self) -> tuple[str, Decimal, str]:
        """Lines with the same key are taxed together (one row of the tax breakdown)."""
        return self.category.value, self.rate, self.reason

    def describe(self) -> str:
        if self.category is VatCategory.STANDARD or self.category is VatCategory.ZERO_RATED:
            return f"VAT {self.rate:f} %"
        return {
            VatCategory.EXEMPT: "Exempt",
            VatCategory.REVERSE_CHARGE: "Reverse charge",
            VatCategory.OUTSIDE_SCOPE: "Not subject to VAT",
        }[self.category]


def clean_vat(
    *,
    rate: str | Decimal | None = None,
    exempt: str | None = None,
    reverse_charge: str | None = None,
    default_rate: Decimal = Decimal(0),
    field: str = "tax",
) -> Vat:
    """The VAT of a line from what a person gave: a rate, or an exemption / reverse charge with its reason."""
    checks = Checks()
    reasons = [(VatCategory.EXEMPT, exempt), (VatCategory.REVERSE_CHARGE, reverse_charge)]
    given = [(category, reason) for category, reason in reasons if reason is not None]
    checks.require(
        len(given) + (rate is not None) <= 1,
        "conflicting_tax",
        "Give either a tax rate, an exemption reason or a reverse-charge reason, not several.",
        field,
    )
    checks.raise_if_any()
    if given:
        category, reason = given[0]
        text = collect(checks, clean_name, reason or "", f"{field}_reason", max_len=MAX_REASON_CHARS)
        checks.raise_if_any()
        return Vat(category, Decimal(0), text or "")
    return Vat.at(default_rate if rate is None else parse_percent(rate, f"{field}_rate"))


def vat_from_stored(category: str, rate: str, reason: str) -> Vat:
    return Vat(VatCategory(category), Decimal(rate), reason)
