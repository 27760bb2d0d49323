"""When a client has to pay an invoice: N days net, or N days after the end of the invoice's month."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.errors import RuleViolation, refuse

NET = "net"
END_OF_MONTH = "eom"
MAX_DAYS = 365

_TERMS = re.compile(r"(?P<kind>net|eom)(?:\s*:\s*(?P<days>\d{1,6}))?", re.ASCII)


@dataclass(frozen=True)
class PaymentTerms:
    """`kind` "net": due `days` after the issue date; "eom": `days` after the end of the issue month."""

    kind: str
    days: int

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int):
            raise TypeError(f"payment days must be an int, not {type(self.days).__name__}")
        # Wrong kind and wrong days get the same answer: the sentence lists every valid form.
        if self.kind not in (NET, END_OF_MONTH) or not 0 <= self.days <= MAX_DAYS:
            raise _invalid(f"{self.kind}:{self.days}")

    @classmethod
    def net(cls, days: int) -> PaymentTerms:
        return cls(NET, days)

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """Read "net:30", "eom:15", "eom" (end of month) or "receipt" (net:0), in any case."""
        cleaned = text.strip().lower()
        if cleaned == "receipt":
            return cls.net(0)
        match = _TERMS.fullmatch(cleaned)
        # "net" alone is refused: the number of days is the whole point of net terms.
        if match is None or (match["kind"] == NET and match["days"] is None):
            raise _invalid(text.strip())
        return cls(match["kind"], int(match["days"] or "0"))

    def due_date(self, issued: date) -> date:
        if self.kind == END_OF_MONTH:
            last_day = calendar.monthrange(issued.year, issued.month)[1]
            return issued.replace(day=last_day) + timedelta(days=self.days)
        return issued + timedelta(days=self.days)

    def __str__(self) -> str:
        if self.days == 0:
            return "receipt" if self.kind == NET else END_OF_MONTH
        return f"{self.kind}:{self.days}"


def _invalid(terms: str) -> RuleViolation:
    return refuse(
        "invalid_payment_terms",
        f"Payment terms '{terms}' are not valid; use net:N (N days after the invoice date), "
        f"eom:N (N days after the end of its month), eom or receipt, with N from 0 to {MAX_DAYS}.",
        "terms",
    )
