"""How commands print: aligned plain-text tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
import unicodedata
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
    refused: bool = False  # part of the work was refused (e.g. some of a bulk approval): exit 3 after printing
    warnings: list[str] = field(default_factory=list)  # the work was done, but the user should know (stderr)

    def warn(self, warnings: list[str]) -> Output:
        """The output with `warnings` to print on stderr, also under "warnings" in its JSON object."""
        self.warnings += warnings
        if isinstance(self.data, dict):
            self.data["warnings"] = list(self.warnings)
        return self

    def emit(self, as_json: bool) -> None:
        for warning in self.warnings:
            print(f"warning: {warning}", file=sys.stderr)
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


def width(text: str) -> int:
    """Terminal columns a text takes: East Asian wide characters and most emoji take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Columns padded to their widest cell; numbers (the `right` columns) aligned right."""
    widths = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(pad(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]
