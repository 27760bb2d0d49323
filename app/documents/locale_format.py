"""Dates, amounts and numbers as a template's locale writes them (Babel): 20.11.2026 and 1.234,50 EUR in de_DE,
2026-11-20 and 1,234.50 EUR with the classic template's ISO dates and currency codes.

Amounts arrive exact (Money at its currency's minor unit); nothing here rounds them. Each text is made once
per value: a long invoice repeats its prices and dates on many lines.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from babel import Locale, dates, numbers
from moneyed import Money

from app.domain.money import decimals, format_money
from app.domain.tax import plain_decimal


class LocaleFormat:
    """How one template writes dates ("iso", "short", "medium", "long") and amounts ("code" or "symbol")."""

    def __init__(self, locale: str, date_style: str = "iso", amount_style: str = "code") -> None:
        self.locale = Locale.parse(locale)
        self.date_style = date_style
        self.amount_style = amount_style
        self.decimal_mark = numbers.get_decimal_symbol(self.locale)
        # A narrow no-break space groups thousands in French; a plain no-break space prints in every font.
        self.group_mark = numbers.get_group_symbol(self.locale).replace("\u202f", "\xa0")
        self._plain = self.decimal_mark == "." and self.group_mark == ","
        self._simple = self.locale.decimal_formats[None].grouping == (3, 3)
        self.date = functools.lru_cache(maxsize=512)(self._date)
        self.amount = functools.lru_cache(maxsize=4096)(self._amount)

    def _date(self, day: date) -> str:
        if self.date_style == "iso":
            return day.isoformat()
        return _spaced(dates.format_date(day, format=self.date_style, locale=self.locale))

    def _amount(self, money: Money) -> str:
        value, code = money.amount, money.currency.code
        if self.amount_style == "symbol":
            return _spaced(numbers.format_currency(value, code, locale=self.locale))
        return f"{self.grouped(value, _places(code))} {code}"

    def grouped(self, value: Decimal, places: int) -> str:
        """`value` with `places` decimals and the locale's grouping: 1,234.50 · 1.234,50 · 1 234,50."""
        exponent = value.as_tuple().exponent
        if not (isinstance(exponent, int) and exponent >= -places):
            return format_money(Money(value, "XXX")).removesuffix(" XXX")  # finer than the currency: refused there
        if self._simple:
            text = f"{value:,.{places}f}"
            return text if self._plain else text.translate({44: self.group_mark, 46: self.decimal_mark})
        whole = self.locale.decimal_formats[None].pattern.split(";")[0].split(".")[0]  # "#,##,##0" in en_IN
        pattern = whole + ("." + "0" * places if places else "")
        return _spaced(numbers.format_decimal(value, format=pattern, locale=self.locale))

    def number(self, value: Decimal) -> str:
        """A quantity or a rate, without trailing zeros or grouping: 1.5 · 1,5."""
        text = f"{plain_decimal(value):f}"
        return text if self.decimal_mark == "." else text.replace(".", self.decimal_mark)

    def quantity(self, value: Decimal, unit: str) -> str:
        shown = self.number(value)
        return f"{shown} {unit}" if unit else shown

    def percent(self, rate: Decimal) -> str:
        return f"{self.number(rate)} %"

    def show(self, value: object) -> str:
        """Any placeholder's value as printed: dates and amounts as above, the rest as text."""
        if isinstance(value, Money):
            return self.amount(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, Decimal):
            return self.number(value)
        return str(value)


@functools.cache
def _places(code: str) -> int:
    return decimals(code)


def _spaced(text: str) -> str:
    return text.replace("\u202f", "\xa0")
