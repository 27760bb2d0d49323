"""Document numbers from a pattern: "{YYYY}-{SEQ:4}" gives 2026-0001, 2026-0002, ...

A pattern holds literal text and the tokens {YYYY} {YY} {MM} (of the issue date) and {SEQ} or {SEQ:n}
(the sequence, zero-padded to n digits). A series that restarts every year must show the year, or
its numbers would repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.errors import refuse
from app.domain.text import echo

DEFAULT_INVOICE_PATTERN = "{YYYY}-{SEQ:4}"
DEFAULT_CREDIT_NOTE_PATTERN = "CN-{YYYY}-{SEQ:4}"
DEFAULT_QUOTE_PATTERN = "Q-{YYYY}-{SEQ:4}"
MAX_PATTERN_CHARS = 40
_TOKEN = re.compile(r"\{([^{}]*)\}")
_SEQ = re.compile(r"SEQ(?::([1-9]|1[0-2]))?")


@dataclass(frozen=True)
class NumberPattern:
    text: str
    yearly: bool = True  # the sequence restarts at 1 each calendar year

    def period(self, issued: date) -> str:
        """Which run of the sequence a document issued that day belongs to."""
        return str(issued.year) if self.yearly else ""

    def format(self, sequence: int, issued: date) -> str:
        def token(match: re.Match[str]) -> str:
            name = match[1]
            if name == "YYYY":
                return f"{issued.year:04d}"
            if name == "YY":
                return f"{issued.year % 100:02d}"
            if name == "MM":
                return f"{issued.month:02d}"
            width = _SEQ.fullmatch(name)[1]  # type: ignore[index]
            return f"{sequence:0{int(width or 1)}d}"

        return _TOKEN.sub(token, self.text)


def clean_pattern(text: str, yearly: bool, field: str = "pattern") -> NumberPattern:
    pattern = text.strip()
    tokens = _TOKEN.findall(pattern)
    unknown = [t for t in tokens if t not in ("YYYY", "YY", "MM") and not _SEQ.fullmatch(t)]
    if (
        not pattern
        or len(pattern) > MAX_PATTERN_CHARS
        or unknown
        or "{" in _TOKEN.sub("", pattern)
        or "}" in _TOKEN.sub("", pattern)
    ):
        detail = f" ({', '.join('{' + echo(t) + '}' for t in unknown)} unknown)" if unknown else ""
        raise refuse(
            "invalid_pattern",
            f"Number pattern '{echo(pattern)}' is not valid{detail}; use up to {MAX_PATTERN_CHARS} characters of text "
            "with {YYYY}, {YY}, {MM} and {SEQ} or {SEQ:n}, such as {YYYY}-{SEQ:4}.",
            field,
        )
    if sum(bool(_SEQ.fullmatch(t)) for t in tokens) != 1:
        raise refuse("pattern_without_sequence", "A number pattern needs exactly one {SEQ} or {SEQ:n}.", field)
    if yearly and not {"YYYY", "YY"} & set(tokens):
        raise refuse(
            "pattern_without_year",
            "A series that restarts every year must show the year ({YYYY} or {YY}), or its numbers would repeat.",
            field,
        )
    return NumberPattern(pattern, yearly)
