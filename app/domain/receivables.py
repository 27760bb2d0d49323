"""Receivables: what clients owe and how late it is (the aging list), and each client's figures and grade.

Everything is summed in exact minor units per currency; amounts in different currencies are never added,
so a report holds one row per client and currency and one total per currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from uuid import UUID

from moneyed import Money

from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.money import from_minor, to_minor

# Days past the due date: the upper end of each bucket but the last (None: no upper end).
BUCKETS = (("current", 0), ("1-30", 30), ("31-60", 60), ("61-90", 90), ("90+", None))
BUCKET_LABELS = tuple(label for label, _ in BUCKETS)
GRADE_B_MOST_DAYS = 30
GRADE_C_MOST_DAYS = 60


def days_past_due(invoice: Invoice, today: date) -> int:
    """How many days an invoice is past its due date (0 or less: not yet due)."""
    due = invoice.due_date or invoice.issue_date or today
    return (today - due).days


def owed(invoice: Invoice) -> int:
    """The open balance in minor units; a credit note owes nothing (its balance would be its negative total)."""
    return 0 if invoice.is_credit_note else max(to_minor(invoice.balance), 0)


def bucket_index(days: int) -> int:
    """Which aging bucket `days` past due fall in: 0 current (not yet due) ... 4 more than 90 days."""
    for index, (_, most) in enumerate(BUCKETS):
        if most is None or days <= most:
            return index
    raise AssertionError("the last bucket has no upper end")


@dataclass(frozen=True)
class AgingAmounts:
    """Open balances in one currency, by how far past due they are (in BUCKETS order)."""

    currency: str
    buckets: tuple[Money, ...]

    @property
    def total(self) -> Money:
        return from_minor(sum(to_minor(amount) for amount in self.buckets), self.currency)

    @property
    def overdue(self) -> Money:
        """Everything past its due date (all buckets but "current")."""
        return from_minor(sum(to_minor(amount) for amount in self.buckets[1:]), self.currency)

    def by_label(self) -> dict[str, Money]:
        return dict(zip(BUCKET_LABELS, self.buckets, strict=True))


@dataclass(frozen=True)
class ClientAging:
    client_id: UUID
    client_name: str
    amounts: AgingAmounts


@dataclass(frozen=True)
class AgingReport:
    today: date
    clients: tuple[ClientAging, ...]  # one row per client and currency with something open, by name
    totals: tuple[AgingAmounts, ...]  # one per currency, by currency code

    def of_client(self, client_id: UUID) -> tuple[ClientAging, ...]:
        return tuple(row for row in self.clients if row.client_id == client_id)


def _amounts(currency: str, minors: list[int]) -> AgingAmounts:
    return AgingAmounts(currency, tuple(from_minor(minor, currency) for minor in minors))


def aging(invoices: Iterable[Invoice], today: date, names: Mapping[UUID, str] | None = None) -> AgingReport:
    """The open balances of `invoices` by client, currency and days past due, and the totals per currency.

    Only issued invoices with a balance count (drafts, paid and void invoices and credit notes owe
    nothing). `names` (client id -> name) labels and orders the rows.
    """
    names = names or {}
    per_client: dict[tuple[UUID, str], list[int]] = {}
    per_currency: dict[str, list[int]] = {}
    for invoice in invoices:
        balance = owed(invoice)
        if not balance:
            continue
        index = bucket_index(days_past_due(invoice, today))
        per_client.setdefault((invoice.client_id, invoice.currency), [0] * len(BUCKETS))[index] += balance
        per_currency.setdefault(invoice.currency, [0] * len(BUCKETS))[index] += balance
    rows = [
        ClientAging(client_id, names.get(client_id, ""), _amounts(currency, sums))
        for (client_id, currency), sums in per_client.items()
    ]
    rows.sort(key=lambda row: (row.client_name.casefold(), str(row.client_id), row.amounts.currency))
    totals = tuple(_amounts(currency, sums) for currency, sums in sorted(per_currency.items()))
    return AgingReport(today, tuple(rows), totals)


class HealthGrade(StrEnum):
    """How reliably a client pays, from its overdue invoices (see `grade`)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


@dataclass(frozen=True)
class CurrencyFigures:
    """A client's lifetime sums in one currency."""

    currency: str
    billed: Money  # issued invoices and deposit invoices less credit notes
    paid: Money  # payments received (reversed ones do not count)
    outstanding: Money  # the open balances
    overdue: Money  # the part of `outstanding` past its due date


@dataclass(frozen=True)
class ClientFigures:
    sums: tuple[CurrencyFigures, ...]  # one per currency invoiced in (usually one; none before any invoice)
    average_days_to_pay: Decimal | None  # from issue to settling payment, one decimal; None: nothing paid yet
    grade: HealthGrade
    most_days_overdue: int  # of the oldest overdue invoice; 0 when nothing is overdue

    def in_currency(self, currency: str) -> CurrencyFigures:
        """The sums in `currency` (all zero when nothing was invoiced in it)."""
        for sums in self.sums:
            if sums.currency == currency:
                return sums
        zero = from_minor(0, currency)
        return CurrencyFigures(currency, zero, zero, zero, zero)


def client_figures(invoices: Iterable[Invoice], today: date) -> ClientFigures:
    """One client's figures from all its invoices, deposit invoices and credit notes (drafts are ignored).

    billed: the totals of every issued document; a credit note's total is negative, so a void invoice
    and the credit note that voided it add up to zero. paid: the payments received. outstanding: the sum
    of the open balances. Average days to pay: over the paid invoices, paid_on - issue_date.
    The grade is `grade` of the overdue invoices.
    """
    sums: dict[str, list[int]] = {}  # currency -> [billed, paid, outstanding, overdue, long overdue]
    days_to_pay: list[int] = []
    most_days = 0
    for invoice in invoices:
        if invoice.status is InvoiceStatus.DRAFT:
            continue
        row = sums.setdefault(invoice.currency, [0, 0, 0, 0, 0])
        balance = owed(invoice)
        row[0] += to_minor(invoice.total)
        row[1] += to_minor(invoice.paid)
        row[2] += balance
        late = days_past_due(invoice, today)
        if balance > 0 and late > 0:
            row[3] += balance
            row[4] += balance if late > GRADE_B_MOST_DAYS else 0
            most_days = max(most_days, late)
        if invoice.status is InvoiceStatus.PAID and invoice.paid_on and invoice.issue_date:
            days_to_pay.append((invoice.paid_on - invoice.issue_date).days)
    figures = tuple(
        CurrencyFigures(currency, *(from_minor(minor, currency) for minor in row[:4]))
        for currency, row in sorted(sums.items())
    )
    average = None
    if days_to_pay:
        average = (Decimal(sum(days_to_pay)) / len(days_to_pay)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    mostly_long_overdue = any(2 * row[4] > row[2] for row in sums.values())
    return ClientFigures(figures, average, grade(most_days, mostly_long_overdue), most_days)


def grade(most_days_overdue: int, mostly_long_overdue: bool = False) -> HealthGrade:
    """The health grade from the overdue invoices:

    A: nothing is overdue. B: the oldest overdue invoice is 1 to 30 days past due. C: it is 31 to 60 days
    past due. D: it is more than 60 days past due, or (`mostly_long_overdue`) in some currency more than
    half of what the client owes is more than 30 days past due.
    """
    if most_days_overdue <= 0:
        return HealthGrade.A
    if most_days_overdue > GRADE_C_MOST_DAYS or mostly_long_overdue:
        return HealthGrade.D
    return HealthGrade.B if most_days_overdue <= GRADE_B_MOST_DAYS else HealthGrade.C
