"""When and how a client pays: a strategy from a fixed list, stored as a kind plus its parameters.

receipt (net:0) · net:N (N days after the invoice date) · eom:N (N days after the end of its month) ·
deposit:P[:N] (P % of a signed quote invoiced up front; the project starts once it is paid; other
invoices net N days, 30 unless given) · early:P:D:N (P % off when paid within D days, else net N days).
Only these kinds exist: a kind read back from the database that is not one of them is refused with a
sentence, never looked up as code.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.errors import RuleViolation, refuse

NET = "net"
END_OF_MONTH = "eom"
DEPOSIT = "deposit"
EARLY_DISCOUNT = "early"
KINDS = (NET, END_OF_MONTH, DEPOSIT, EARLY_DISCOUNT)
MAX_DAYS = 365
DEPOSIT_BALANCE_DAYS = 30

_NUMBER = r"\s*:\s*(\d{1,6})"
_PERCENT = r"\s*:\s*(\d{1,3}(?:\.\d{1,2})?)\s*%?"
_FORMS = {
    NET: re.compile(rf"net{_NUMBER}", re.ASCII),
    END_OF_MONTH: re.compile(rf"eom(?:{_NUMBER})?", re.ASCII),
    DEPOSIT: re.compile(rf"deposit{_PERCENT}(?:{_NUMBER})?", re.ASCII),
    EARLY_DISCOUNT: re.compile(rf"early{_PERCENT}{_NUMBER}{_NUMBER}", re.ASCII),
}


@dataclass(frozen=True)
class PaymentTerms:
    """`days`: when an invoice is due; `percent`: the deposit or early-payment discount; `discount_days`:
    how long the early-payment discount holds."""

    kind: str
    days: int
    percent: Decimal | None = None
    discount_days: int = 0

    def __post_init__(self) -> None:
        for value in (self.days, self.discount_days):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"payment days must be an int, not {type(value).__name__}")
        # Wrong kind and wrong numbers get the same answer: the sentence lists every valid form.
        if not self._valid():
            raise _invalid(str(self._raw()))

    def _valid(self) -> bool:
        if self.kind not in KINDS or not 0 <= self.days <= MAX_DAYS:
            return False
        if self.kind in (DEPOSIT, EARLY_DISCOUNT):
            upper = Decimal(100) if self.kind == DEPOSIT else Decimal(99)
            if self.percent is None or not Decimal(0) < self.percent <= upper:
                return False
        elif self.percent is not None:
            return False
        if self.kind == EARLY_DISCOUNT:
            return 0 < self.discount_days <= self.days
        return self.discount_days == 0

    def _raw(self) -> str:
        return ":".join(str(part) for part in (self.kind, self.percent, self.days) if part is not None)

    @classmethod
    def net(cls, days: int) -> PaymentTerms:
        return cls(NET, days)

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """Read any written form of the module docstring, in any case; "receipt" is net:0."""
        cleaned = text.strip().lower()
        if cleaned == "receipt":
            return cls.net(0)
        kind = next((kind for kind in KINDS if cleaned.startswith(kind)), None)
        match = _FORMS[kind].fullmatch(cleaned) if kind else None
        if match is None:
            raise _invalid(text.strip())
        numbers = match.groups()
        if kind in (NET, END_OF_MONTH):
            return cls(kind, int(numbers[0] or "0"))
        percent = Decimal(numbers[0])
        if kind == DEPOSIT:
            return cls(kind, int(numbers[1] or DEPOSIT_BALANCE_DAYS), percent)
        return cls(kind, int(numbers[2]), percent, int(numbers[1]))

    @classmethod
    def from_stored(cls, kind: str, params: dict[str, Any]) -> PaymentTerms:
        """Terms read back from the database; an unknown kind is a clear error, never a class lookup."""
        if kind not in KINDS:
            raise refuse(
                "unknown_payment_terms",
                f"Stored payment terms of kind '{kind}' are not known to this version of Timeledger "
                f"(it knows {', '.join(KINDS)}); set the terms again or update Timeledger.",
                "terms",
            )
        percent = params.get("percent")
        return cls(
            kind,
            int(params.get("days", 0)),
            None if percent is None else Decimal(percent),
            int(params.get("discount_days", 0)),
        )

    def stored(self) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"days": self.days}
        if self.percent is not None:
            params["percent"] = f"{self.percent:f}"
        if self.discount_days:
            params["discount_days"] = self.discount_days
        return self.kind, params

    def due_date(self, issued: date) -> date:
        if self.kind == END_OF_MONTH:
            last_day = calendar.monthrange(issued.year, issued.month)[1]
            return issued.replace(day=last_day) + timedelta(days=self.days)
        return issued + timedelta(days=self.days)

    def discount_until(self, issued: date) -> date | None:
        """The last day an early-payment discount holds, or None without one."""
        return issued + timedelta(days=self.discount_days) if self.kind == EARLY_DISCOUNT else None

    def describe(self, issued: date | None = None) -> str:
        """For the invoice: "Payable within 30 days", "2 % discount if paid by 2026-12-01, ..."."""
        due = f" (by {self.due_date(issued).isoformat()})" if issued else ""
        if self.kind == END_OF_MONTH:
            text = (
                f"Payable {self.days} days after the end of the month{due}"
                if self.days
                else f"Payable by the end of the month{due}"
            )
        elif self.days == 0:
            text = "Payable on receipt"
        else:
            text = f"Payable within {self.days} days{due}"
        if self.kind == EARLY_DISCOUNT:
            until = self.discount_until(issued)
            when = f"by {until.isoformat()}" if until else f"within {self.discount_days} days"
            text = f"{self.percent:f} % discount if paid {when}; otherwise {text[0].lower()}{text[1:]}"
        elif self.kind == DEPOSIT:
            text = f"{text}; {self.percent:f} % deposit due when the quote is signed"
        return text + "."

    def __str__(self) -> str:
        if self.kind == NET:
            return f"net:{self.days}" if self.days else "receipt"
        if self.kind == END_OF_MONTH:
            return f"eom:{self.days}" if self.days else END_OF_MONTH
        if self.kind == DEPOSIT:
            return f"deposit:{self.percent:f}:{self.days}"
        return f"early:{self.percent:f}:{self.discount_days}:{self.days}"


def _invalid(terms: str) -> RuleViolation:
    return refuse(
        "invalid_payment_terms",
        f"Payment terms '{terms}' are not valid; use receipt, net:N (N days after the invoice date), "
        f"eom:N (N days after the end of its month), eom, deposit:P or deposit:P:N (P % deposit up front, "
        f"then net N days), or early:P:D:N (P % off when paid within D days, else net N days), "
        f"with N from 0 to {MAX_DAYS}.",
        "terms",
    )
