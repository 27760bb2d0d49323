"""Copying entities to rows and back: Money as minor units + code, Duration as seconds, a time of day as "HH:MM"."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import time
from decimal import Decimal
from functools import cache
from typing import Any

from moneyed import Money

from app.domain import money
from app.domain.client import Contact
from app.domain.duration import Duration
from app.domain.payment_terms import PaymentTerms

# How one entity field is stored: (name, "plain" | "money" | "duration" | "clock" | "enum" | "terms" | "decimal" |
# "contacts" | "strings", enum type). Terms are two columns (kind, params); decimals exact text.
FieldPlan = tuple[str, str, type | None]


def _kind(hint: Any) -> tuple[str, type | None]:
    options = [h for h in typing.get_args(hint) if h is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(options) == 1:
        hint = options[0]
    if hint is Money:
        return "money", None
    if hint is Duration:
        return "duration", None
    if hint is time:
        return "clock", None
    if hint is PaymentTerms:
        return "terms", None
    if hint is Decimal:
        return "decimal", None
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is Contact:
        return "contacts", None
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is str:
        return "strings", None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum", hint
    return "plain", None


@cache
def plan(entity_type: type) -> tuple[FieldPlan, ...]:
    hints = typing.get_type_hints(entity_type)
    return tuple((f.name, *_kind(hints[f.name])) for f in dataclasses.fields(entity_type))


def row_values(entity: Any) -> dict[str, Any]:
    """The column values of an entity (without version and timestamps)."""
    values: dict[str, Any] = {}
    for name, kind, _ in plan(type(entity)):
        value = getattr(entity, name)
        if name == "version":
            continue
        if kind == "money":
            values[f"{name}_minor"] = None if value is None else money.to_minor(value)
            values[f"{name}_currency"] = None if value is None else value.currency.code
        elif kind == "duration":
            values[f"{name}_seconds"] = None if value is None else value.seconds
        elif kind == "clock":
            values[name] = None if value is None else f"{value:%H:%M}"
        elif kind == "enum":
            values[name] = None if value is None else value.value
        elif kind == "terms":
            values[f"{name}_kind"], values[f"{name}_params"] = value.stored()
        elif kind == "decimal":
            values[name] = None if value is None else f"{value:f}"
        elif kind == "contacts":
            values[name] = [dataclasses.asdict(c) for c in value]
        elif kind == "strings":
            values[name] = list(value)
        else:
            values[name] = value
    return values


def entity_from(entity_type: type, row: Any) -> Any:
    """Rebuild the domain entity from a row (or any object with the row's attributes)."""
    values: dict[str, Any] = {}
    for name, kind, enum_type in plan(entity_type):
        if kind == "money":
            minor = getattr(row, f"{name}_minor")
            values[name] = None if minor is None else money.from_minor(minor, getattr(row, f"{name}_currency"))
        elif kind == "duration":
            seconds = getattr(row, f"{name}_seconds")
            values[name] = None if seconds is None else Duration(seconds)
        elif kind == "clock":
            raw = getattr(row, name)
            values[name] = None if raw is None else time.fromisoformat(raw)
        elif kind == "enum":
            raw = getattr(row, name)
            values[name] = None if raw is None else enum_type(raw)  # type: ignore[misc]
        elif kind == "terms":
            values[name] = PaymentTerms.from_stored(getattr(row, f"{name}_kind"), getattr(row, f"{name}_params"))
        elif kind == "decimal":
            raw = getattr(row, name)
            values[name] = None if raw is None else Decimal(raw)
        elif kind == "contacts":
            values[name] = tuple(Contact(**c) for c in getattr(row, name))
        elif kind == "strings":
            values[name] = tuple(getattr(row, name))
        else:
            values[name] = getattr(row, name)
    return entity_type(**values)
