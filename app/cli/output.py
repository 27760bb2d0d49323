"""How commands print: aligned plain-text tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from moneyed import Money

from app.domain.duration import Duration
from app.domain.money import format_money, money_json


@dataclass
class Output:
    """What a command has to say: lines for a terminal and the same facts as JSON data."""

    data: Any = None
    lines: list[str] = field(default_factory=list)

    def emit(self, as_json: bool) -> None:
        if as_json:
            json.dump(self.data, sys.stdout, default=to_json, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif self.lines:
            sys.stdout.write("\n".join(self.lines) + "\n")


def to_json(value: Any) -> Any:
    """JSON for the app's values: amounts as strings with their currency, durations in seconds."""
    if isinstance(value, Money):
        return money_json(value)
    if isinstance(value, Duration):
        return value.seconds
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def money_text(value: Money | None) -> str:
    return "—" if value is None else format_money(value)


def one_line(text: str, limit: int = 60) -> str:
    """User text squeezed onto one table line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Columns padded to their widest cell; numbers (the `right` columns) aligned right."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]
