"""Lengths of worked time: whole seconds, parsed from what consultants type and shown as hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from app.domain.errors import refuse

SECONDS_PER_HOUR = 3600
MAX_PARSED_HOURS = 100_000
# Anything longer cannot be a sensible duration, and capping the length keeps int() away from huge inputs.
_MAX_TEXT_LENGTH = 40

_CLOCK = re.compile(r"(?P<h>\d+)\s*:\s*(?P<m>\d{2})(?:\s*:\s*(?P<s>\d{2}))?", re.ASCII)
_DECIMAL_HOURS = re.compile(r"(?P<hours>\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:h|hrs?|hours?)?", re.ASCII)
_HOURS_AND_MINUTES = re.compile(r"(?P<h>\d+)\s*(?:h|hrs?|hours?)\s*(?P<m>\d+)\s*(?:m|mins?|minutes?)?", re.ASCII)
_MINUTES = re.compile(r"(?P<m>\d+)\s*(?:m|mins?|minutes?)", re.ASCII)


def divide_half_up(numerator: int, denominator: int) -> int:
    """Integer quotient rounded half-up (ties away from zero, like ROUND_HALF_UP), exact at any size.

    Money and time are rounded here in integers so the Decimal context's 28-digit precision never applies.
    """
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return whole if numerator >= 0 else -whole


def scaled_decimal(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half-up to `places` decimals, exactly."""
    units = divide_half_up(numerator * 10**places, denominator)
    digits = tuple(int(digit) for digit in str(abs(units)))
    return Decimal((int(units < 0), digits, -places))


class RoundingMode(StrEnum):
    """How billed time meets the increment: UP away from zero, DOWN toward it, NEAREST half-up."""

    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"


@dataclass(frozen=True, order=True)
class Duration:
    """A length of time in whole seconds; negative values exist only as corrections."""

    seconds: int

    ZERO: ClassVar[Duration]

    def __post_init__(self) -> None:
        # bool is an int subclass and floats creep in from division; both would corrupt totals silently.
        if isinstance(self.seconds, bool) or not isinstance(self.seconds, int):
            raise TypeError(f"Duration seconds must be an int, not {type(self.seconds).__name__}")

    @classmethod
    def of(cls, hours: int = 0, minutes: int = 0, seconds: int = 0) -> Duration:
        return cls(hours * SECONDS_PER_HOUR + minutes * 60 + seconds)

    @classmethod
    def from_hours(cls, hours: Decimal | int | str) -> Duration:
        """Decimal hours, rounded half-up to the second ("1.333" is 1:19:59, i.e. 4799 s)."""
        return cls(_whole_seconds(hours, SECONDS_PER_HOUR))

    @classmethod
    def from_days(cls, days: Decimal | int | str, productive_day: Duration | None = None) -> Duration:
        """Days of the given productive length (the organisation's, 6 h by default) as a duration."""
        return cls(_whole_seconds(days, _positive_day(productive_day).seconds))

    @classmethod
    def parse(cls, text: str, *, field: str = "duration") -> Duration:
        """What a consultant types: 1:30, 1:30:15, 1.5, 1,5, 90m, 2h, 1h30m or 1h 30m, in any case.

        Zero parses; whether a zero entry is allowed is the entry rules' decision.
        """
        shown = text.strip()
        cleaned = shown.lower()
        if cleaned.startswith("-") and _parse_unsigned(cleaned[1:].lstrip()) is not None:
            raise refuse("negative_duration", f"'{shown}' is negative; a duration must be zero or more.", field)
        seconds = _parse_unsigned(cleaned)
        if seconds is None:
            problem = f"'{shown}' is not a duration" if shown else "No duration was entered"
            raise refuse("invalid_duration", f"{problem}; use 1:30, 1.5, 90m or 1h30m.", field)
        if seconds > MAX_PARSED_HOURS * SECONDS_PER_HOUR:
            raise refuse(
                "duration_too_long",
                f"'{shown}' is too long; a duration can be at most {MAX_PARSED_HOURS:,} hours.",
                field,
            )
        return cls(seconds)

    @property
    def hours(self) -> Decimal:
        """Hours to six decimals (3.6 ms): a minute is not a finite decimal of an hour.

        Use money.hourly_amount for amounts; it is exact to the second.
        """
        return scaled_decimal(self.seconds, SECONDS_PER_HOUR, 6)

    def format_hm(self) -> str:
        """Hours and minutes to the nearest minute, hours unbounded: "37:30", "-1:30"."""
        minutes = divide_half_up(self.seconds, 60)
        hours, minute = divmod(abs(minutes), 60)
        sign = "-" if minutes < 0 else ""
        return f"{sign}{hours}:{minute:02d}"

    def format_decimal(self, places: int = 2) -> str:
        return f"{scaled_decimal(self.seconds, SECONDS_PER_HOUR, places):f}"

    def round_to(self, increment: Duration, mode: RoundingMode | str) -> Duration:
        """Round to a multiple of `increment`; negative durations round symmetrically to positive ones."""
        if increment.seconds < 0:
            raise ValueError("the rounding increment cannot be negative")
        if not increment:
            return self
        mode = RoundingMode(mode)
        if mode is RoundingMode.NEAREST:
            steps = divide_half_up(abs(self.seconds), increment.seconds)
        else:
            steps, rest = divmod(abs(self.seconds), increment.seconds)
            if mode is RoundingMode.UP and rest:
                steps += 1
        rounded = steps * increment.seconds
        return Duration(rounded if self.seconds >= 0 else -rounded)

    def to_days(self, productive_day: Duration | None = None, places: int = 2) -> Decimal:
        """Days of the given productive length (the organisation's, 6 h by default), rounded half-up."""
        return scaled_decimal(self.seconds, _positive_day(productive_day).seconds, places)

    def __add__(self, other: object) -> Duration:
        if not isinstance(other, Duration):
            return NotImplemented
        return Duration(self.seconds + other.seconds)

    def __radd__(self, other: object) -> Duration:
        # sum() starts from the int 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Duration:
        if not isinstance(other, Duration):
            return NotImplemented
        return Duration(self.seconds - other.seconds)

    def __neg__(self) -> Duration:
        return Duration(-self.seconds)

    def __bool__(self) -> bool:
        return self.seconds != 0

    def __str__(self) -> str:
        return self.format_hm()


Duration.ZERO = Duration(0)
DEFAULT_PRODUCTIVE_DAY = Duration.of(hours=6)


def _positive_day(productive_day: Duration | None) -> Duration:
    day = DEFAULT_PRODUCTIVE_DAY if productive_day is None else productive_day
    if day.seconds <= 0:
        raise ValueError("a productive day must be longer than zero")
    return day


def _whole_seconds(amount: Decimal | int | str, unit_seconds: int) -> int:
    """`amount` units of `unit_seconds` each, half-up to the second; exact for any Decimal."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | str):
        raise TypeError(f"expected a Decimal, int or str, not {type(amount).__name__}")
    value = Decimal(amount.strip() if isinstance(amount, str) else amount)
    if not value.is_finite():
        raise ValueError(f"{amount!r} is not a finite number")
    numerator, denominator = value.as_integer_ratio()
    return divide_half_up(numerator * unit_seconds, denominator)


def _parse_unsigned(text: str) -> int | None:
    """Seconds for a non-negative duration text, or None when it is not one."""
    if len(text) > _MAX_TEXT_LENGTH:
        return None
    if match := _CLOCK.fullmatch(text):
        minutes, seconds = int(match["m"]), int(match["s"] or 0)
        if minutes >= 60 or seconds >= 60:
            return None
        return Duration.of(int(match["h"]), minutes, seconds).seconds
    if match := _HOURS_AND_MINUTES.fullmatch(text):
        minutes = int(match["m"])
        return Duration.of(int(match["h"]), minutes).seconds if minutes < 60 else None
    if match := _MINUTES.fullmatch(text):
        return Duration.of(minutes=int(match["m"])).seconds
    if match := _DECIMAL_HOURS.fullmatch(text):
        return _whole_seconds(match["hours"].replace(",", "."), SECONDS_PER_HOUR)
    return None
