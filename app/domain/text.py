"""Shared input-cleaning rules: names, free text, emails, choices, amounts and durations typed by people.

Design: every rule takes the raw value and either returns the cleaned value or raises a RuleViolation
carrying one Problem (with `field` set). Factories that check many fields at once run each rule through
`collect(checks, rule, ...)`, which records the failure in a Checks and returns None, so the user sees
every problem together.

Names are data: quotes, angle brackets, SQL keywords and any Unicode letters are accepted as typed;
escaping them is the job of whatever renders or stores them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum
from typing import ParamSpec, TypeVar

from moneyed import Money

from app.domain import money
from app.domain.duration import Duration
from app.domain.errors import Checks, RuleViolation, refuse

P = ParamSpec("P")
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

EMAIL_MAX_LEN = 254  # RFC 5321 path limit
_ECHO_LEN = 60  # how much of a bad value is quoted back in a message
_EMAIL_FORBIDDEN = frozenset(' ,;:<>()[]\\"')
# Line and paragraph separators break a name across lines just like a newline does; a lone surrogate
# (Cs) cannot be encoded as UTF-8, so it could never be stored.
_NOT_IN_NAMES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_TEXT_CONTROLS_ALLOWED = frozenset("\t\n\r")


def label(field: str) -> str:
    """The words a message uses for a field: "budget_amount" -> "budget amount",
    "contacts[1].phone" -> "phone of contact 2"."""
    *owners, own = field.split(".")
    words = own.replace("_", " ")
    for owner in reversed(owners):
        item = re.fullmatch(r"(\w+?)s?\[(\d+)\]", owner)
        words += f" of {item[1]} {int(item[2]) + 1}" if item else f" of the {owner.replace('_', ' ')}"
    return words


def echo(value: str) -> str:
    """A bad value quoted back to the user, shortened so a pasted novel does not flood the message."""
    return value if len(value) <= _ECHO_LEN else value[: _ECHO_LEN - 1] + "…"


def blank_to_none(value: T | str | None) -> T | str | None:
    """An optional input left empty in a form ("" or spaces) means "not given"."""
    return None if isinstance(value, str) and not value.strip() else value


def collect(checks: Checks, rule: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Run one rule; on failure record its problems in `checks` and return None instead of raising."""
    try:
        return rule(*args, **kwargs)
    except RuleViolation as violation:
        checks.add(violation)
        return None


def with_field(violation: RuleViolation, field: str) -> RuleViolation:
    """The same problems reported against `field`, the name the caller's form uses for the value."""
    return RuleViolation(*(replace(p, field=field) for p in violation.problems))


def _too_long(field: str, max_len: int, length: int) -> RuleViolation:
    return refuse(
        "too_long",
        f"The {label(field)} can be at most {max_len:,} characters long, not {length:,}.",
        field,
    )


def clean_name(value: str, field: str, *, max_len: int = 200, required: bool = True) -> str:
    """A one-line name or label: trimmed, Unicode-normalised (NFC), no control characters or line breaks.

    With `required=False` an empty value is allowed and returned as "".
    """
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        if required:
            raise refuse("required", f"The {label(field)} cannot be empty.", field)
        return ""
    if len(text) > max_len:
        raise _too_long(field, max_len, len(text))
    if any(unicodedata.category(ch) in _NOT_IN_NAMES for ch in text):
        raise refuse(
            "control_character",
            f"There is a line break or another invisible control character in the {label(field)}; please remove it.",
            field,
        )
    return text


def clean_text(value: str, field: str, max_len: int) -> str:
    """Free text such as notes or an address: several lines allowed, trimmed, no NUL or other controls."""
    text = value.strip()
    if len(text) > max_len:
        raise _too_long(field, max_len, len(text))
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs" or (category == "Cc" and ch not in _TEXT_CONTROLS_ALLOWED):
            raise refuse(
                "control_character",
                f"There is an invisible control character (code {ord(ch):#06x}) in the {label(field)}; "
                "please remove it.",
                field,
            )
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """What two names are compared by for uniqueness: case, accents' encoding and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def normalise_email(value: str, field: str = "email") -> str:
    """A practical email check; returns the address trimmed and lower-cased, the form compared for uniqueness.

    Both local part and domain are lower-cased: real mail servers treat the local part case-insensitively,
    and two users "Bob@x.com" and "bob@x.com" would be the same person.
    """
    text = value.strip()
    if not text:
        raise refuse("required", f"The {label(field)} cannot be empty.", field)
    invalid = refuse("invalid_email", f"Email '{echo(text)}' is not a valid address.", field)
    if len(text) > EMAIL_MAX_LEN:
        raise refuse(
            "invalid_email",
            f"Email '{echo(text)}' is not a valid address: it is longer than {EMAIL_MAX_LEN} characters.",
            field,
        )
    if text.count("@") != 1 or any(
        ch in _EMAIL_FORBIDDEN or ch.isspace() or unicodedata.category(ch).startswith("C") for ch in text
    ):
        raise invalid
    local, _, domain = text.partition("@")
    labels = domain.split(".")
    if not local or len(labels) < 2 or not all(labels):
        raise invalid
    return text.lower()


def _enum_noun(choice: type[StrEnum]) -> str:
    """The enum's name in words, for messages: ProjectStatus -> "project status"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", choice.__name__).lower()


def parse_choice(choice: type[E], value: E | str, field: str) -> E:
    """A status, role or type as typed by a person (" Active", "non-billable") parsed to the enum."""
    if isinstance(value, choice):
        return value
    key = re.sub(r"[\s-]+", "_", value.strip()).casefold()
    try:
        return choice(key)
    except ValueError:
        valid = ", ".join(member.value for member in choice)
        raise refuse(
            "invalid_choice",
            f"'{echo(value.strip())}' is not a valid {_enum_noun(choice)}; choose one of: {valid}.",
            field,
        ) from None


def clean_money(value: Money | str, field: str, *, currency: str, currency_of: str, positive: bool = False) -> Money:
    """An amount that must be in `currency` (described to the user as `currency_of`, e.g. "the client's
    currency"), not negative (or above zero when `positive`), with no more decimals than the currency has.

    Text is parsed strictly with money.parse_amount in `currency`.
    """
    currency = money.currency_code(currency)
    if isinstance(value, str):
        amount = money.parse_amount(value, currency, field=field)
    else:
        amount = value
        if amount.currency.code != currency:
            raise refuse(
                "wrong_currency",
                f"The {label(field)} is in {amount.currency.code} but must be in {currency}, {currency_of}.",
                field,
            )
        _check_amount_shape(amount.amount, field, currency)
    if amount.amount < 0 or (positive and amount.amount == 0):
        limit, code = ("more than zero", "not_positive") if positive else ("zero or more", "negative")
        raise refuse(code, f"The {label(field)} must be {limit}.", field)
    return amount


def _check_amount_shape(amount: Decimal, field: str, currency: str) -> None:
    if not amount.is_finite():
        raise refuse("invalid_amount", f"The {label(field)} is not a number.", field)
    places = money.decimals(currency)
    if amount.normalize().as_tuple().exponent < -places:  # type: ignore[operator]
        raise refuse(
            "too_many_decimals",
            f"The {label(field)} can have at most {places} decimal places in {currency}.",
            field,
        )


def clean_duration(
    value: Duration | str, field: str, *, least: Duration = Duration.ZERO, most: Duration | None = None
) -> Duration:
    """A duration (text parsed with Duration.parse) that must lie between `least` and `most` inclusive."""
    if isinstance(value, str):
        value = Duration.parse(value, field=field)
    if value < least or (most is not None and value > most):
        bounds = f"between {least} and {most}" if most is not None else f"at least {least}"
        raise refuse("out_of_range", f"The {label(field)} must be {bounds} hours; {value} is not.", field)
    return value
