"""Money as Timeledger keeps it: exact minor units of an ISO 4217 currency, rounded half-up on purpose."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal

import moneyed
from moneyed import Money

from app.domain.duration import SECONDS_PER_HOUR, Duration, scaled_decimal
from app.domain.errors import Checks, refuse

MAX_MAJOR_UNITS = 999_999_999_999

_AMOUNT = re.compile(r"(?P<sign>-?)(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?", re.ASCII)


def currency_code(code: str, *, field: str = "currency") -> str:
    """The ISO 4217 code in canonical form ("eur " is "EUR"); refuses codes that are not currencies."""
    normalised = code.strip().upper()
    try:
        moneyed.get_currency(normalised)
    except moneyed.CurrencyDoesNotExist:
        problem = f"'{code.strip()}' is not a currency code" if normalised else "No currency was given"
        message = f"{problem}; use an ISO 4217 code such as EUR or USD."
        raise refuse("unknown_currency", message, field) from None
    return normalised


def decimals(code: str) -> int:
    """Decimal places of the currency's minor unit: EUR 2, JPY 0, KWD 3."""
    sub_unit = moneyed.get_currency(currency_code(code)).sub_unit
    return len(str(sub_unit)) - 1


def to_minor(money: Money) -> int:
    """The amount in minor units (cents); a Money finer than its currency is a programming error."""
    places = decimals(money.currency.code)
    if not money.amount.is_finite():
        raise ValueError(f"{money!r} is not a finite amount")
    numerator, denominator = money.amount.as_integer_ratio()
    minor, rest = divmod(numerator * 10**places, denominator)
    if rest:
        raise ValueError(f"{money!r} has more than the {places} decimals of {money.currency.code}")
    return minor


def from_minor(minor: int, code: str) -> Money:
    """Exact Money for `minor` units, written with the currency's decimals (1234.50, not 1234.5)."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError(f"minor units must be an int, not {type(minor).__name__}")
    code = currency_code(code)
    places = decimals(code)
    return Money(scaled_decimal(minor, 10**places, places), code)


def round_half_up(value: Decimal | int, code: str) -> Money:
    """`value` rounded to the currency's minor unit, ties away from zero (0.125 EUR is 0.13 EUR)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected a Decimal or int, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    code = currency_code(code)
    numerator, denominator = value.as_integer_ratio()
    return Money(scaled_decimal(numerator, denominator, decimals(code)), code)


def hourly_amount(rate: Money, duration: Duration) -> Money:
    """Rate per hour times the duration, rounded half-up once, at the end, to the minor unit."""
    numerator, denominator = rate.amount.as_integer_ratio()
    code = rate.currency.code
    return Money(scaled_decimal(numerator * duration.seconds, denominator * SECONDS_PER_HOUR, decimals(code)), code)


def allocate(total: Money, weights: Iterable[int | Decimal]) -> list[Money]:
    """Split `total` in proportion to `weights` so that the parts add up to it exactly.

    Largest remainder: every part gets its share rounded down to the minor unit, and the minor units
    left over go to the largest remainders, the earlier part first on a tie. A negative total (a credit
    note) splits exactly like the positive one, with the signs flipped.
    """
    shares = _whole_weights(weights)
    total_minor = to_minor(total)
    whole = abs(total_minor)
    weight_sum = sum(shares)
    floors_and_remainders = [divmod(whole * share, weight_sum) for share in shares]
    leftover = whole - sum(floor for floor, _ in floors_and_remainders)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-floors_and_remainders[i][1], i))
    gets_one_more = set(by_remainder[:leftover])
    sign = -1 if total_minor < 0 else 1
    return [
        from_minor(sign * (floor + (index in gets_one_more)), total.currency.code)
        for index, (floor, _) in enumerate(floors_and_remainders)
    ]


def parse_amount(text: str, code: str, *, field: str = "amount") -> Money:
    """An amount typed by a person: plain digits with an optional decimal point, zero or more."""
    code = currency_code(code)
    places = decimals(code)
    shown = text.strip()
    match = _AMOUNT.fullmatch(shown)
    if match is None:
        problem = f"'{shown}' is not an amount" if shown else "No amount was entered"
        raise refuse("invalid_amount", f"{problem}; use digits and a decimal point, such as 1234.50.", field)
    whole, fraction = match["whole"].lstrip("0"), match["fraction"] or ""
    checks = Checks()
    checks.require(
        not (match["sign"] and (whole or fraction.strip("0"))),
        "negative_amount",
        f"'{shown}' is negative; an amount must be zero or more.",
        field,
    )
    checks.require(
        len(fraction) <= places,
        "too_many_decimals",
        f"{code} amounts have {_decimals_phrase(places)}; '{shown}' has {len(fraction)}.",
        field,
    )
    # The length test keeps int() away from thousands of pasted digits.
    checks.require(
        len(whole) <= len(str(MAX_MAJOR_UNITS)) and int(whole or "0") <= MAX_MAJOR_UNITS,
        "amount_too_large",
        f"'{shown}' is too large; amounts go up to {MAX_MAJOR_UNITS:,} {code}.",
        field,
    )
    checks.raise_if_any()
    return from_minor(int(whole or "0") * 10**places + int(fraction.ljust(places, "0") or "0"), code)


def format_money(money: Money) -> str:
    """For people: "1,234.50 EUR", "1,235 JPY", "1.500 KWD"."""
    return f"{_exact_amount(money):,f} {money.currency.code}"


def money_json(money: Money) -> dict[str, str]:
    """For files and APIs: the amount as a string with the currency's decimals, never a float."""
    return {"amount": f"{_exact_amount(money):f}", "currency": money.currency.code}


def _exact_amount(money: Money) -> Decimal:
    return from_minor(to_minor(money), money.currency.code).amount


def _decimals_phrase(places: int) -> str:
    if places == 0:
        return "no decimals"
    return f"at most {places} decimal{'s' if places > 1 else ''}"


def _whole_weights(weights: Iterable[int | Decimal]) -> list[int]:
    """The weights scaled to integers with the same proportions, so allocation stays exact."""
    ratios = []
    for weight in weights:
        if isinstance(weight, bool) or not isinstance(weight, Decimal | int):
            raise TypeError(f"allocation weights must be int or Decimal, not {type(weight).__name__}")
        if (isinstance(weight, Decimal) and not weight.is_finite()) or weight < 0:
            raise ValueError(f"allocation weights must be finite and not negative, got {weight!r}")
        ratios.append(weight.as_integer_ratio())
    common = math.lcm(*(denominator for _, denominator in ratios))
    whole = [numerator * (common // denominator) for numerator, denominator in ratios]
    if sum(whole) <= 0:
        raise ValueError("allocation weights must add up to more than zero")
    return whole
