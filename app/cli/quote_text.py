"""How the quote and aging commands show things: a quote in full, the quote list and the aging table, as
text for people and as JSON (amounts as exact decimal strings in their currency, said once)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from app.cli.document_text import amount, contents_data, discount_data, lines_table, notes_lines, sums_table, total_rows
from app.cli.output import money_text, one_line, table
from app.domain.client import Client
from app.domain.money import from_minor
from app.domain.receivables import BUCKET_LABELS, AgingAmounts, ClientFigures, CurrencyFigures
from app.services.quote_views import QuoteDetail, QuoteSummary, reference
from app.services.receivables import Receivables


def quote_data(detail: QuoteDetail) -> dict:
    """A quote as JSON: amounts are exact decimal strings in the quote's currency, said once."""
    quote, totals = detail.quote, detail.totals
    return {
        "id": quote.id,
        "reference": reference(quote),
        "status": quote.status.value,
        "number": quote.number,
        "project": detail.project.code,
        "client": detail.client.name,
        "currency": quote.currency,
        "issue_date": quote.issue_date,
        "valid_until": quote.valid_until,
        "decided_on": quote.decided_on,
        **discount_data(quote, totals),
        "net": amount(quote.net),
        "tax": amount(quote.tax),
        "total": amount(quote.total),
        "notes": quote.notes,
        **contents_data(detail.lines, totals),
    }


def summary_data(row: QuoteSummary) -> dict:
    quote = row.quote
    return {
        "id": quote.id,
        "reference": row.reference,
        "status": quote.status.value,
        "number": quote.number,
        "project": row.project_code,
        "client": row.client_name,
        "currency": quote.currency,
        "issue_date": quote.issue_date,
        "valid_until": quote.valid_until,
        "total": amount(quote.total),
    }


def detail_lines(detail: QuoteDetail) -> list[str]:
    """The quote for a terminal: head, lines, tax and totals."""
    quote, totals = detail.quote, detail.totals
    out = [
        f"Quote {reference(quote)} · {quote.status.value} · {detail.project.code} {one_line(detail.project.name, 40)}"
        f" · {detail.client.name} · {quote.currency}"
    ]
    if quote.issue_date:
        decided = f"; {quote.status.value} on {quote.decided_on}" if quote.decided_on else ""
        out.append(f"Sent {quote.issue_date}, valid until {quote.valid_until}{decided}.")
    else:
        until = f" (valid until {quote.valid_until})" if quote.valid_until else ""
        out.append(f"Not sent yet{until}: lines can change until it is sent.")
    out += ["", *lines_table(detail.lines, "quote"), ""]
    out += sums_table(total_rows(totals, quote.discount_percent, lines_net=True))
    return out + notes_lines(quote.notes)


def list_lines(rows: list[QuoteSummary]) -> list[str]:
    cells = [
        [
            r.reference,
            r.project_code,
            one_line(r.client_name, 40),
            r.quote.status.value,
            str(r.quote.issue_date or ""),
            str(r.quote.valid_until or ""),
            money_text(r.quote.total),
        ]
        for r in rows
    ]
    count = "1 quote." if len(rows) == 1 else f"{len(rows)} quotes."
    headers = ["Quote", "Project", "Client", "Status", "Sent", "Valid until", "Total"]
    return [*table(headers, cells, right={6}), count]


def _buckets_data(amounts: AgingAmounts) -> dict:
    return {
        "currency": amounts.currency,
        **{label: amount(value) for label, value in zip(BUCKET_LABELS, amounts.buckets, strict=True)},
        "outstanding": amount(amounts.total),
    }


def _rows(overview: Receivables) -> Iterator[tuple[Client, AgingAmounts, CurrencyFigures, ClientFigures]]:
    """Each client's rows, one per currency it was invoiced in: (client, open amounts, sums, figures)."""
    for standing in overview.clients:
        for sums in standing.figures.sums:
            open_rows = [row.amounts for row in standing.aging if row.amounts.currency == sums.currency]
            owed = open_rows[0] if open_rows else _nothing_open(sums.currency)
            yield standing.client, owed, sums, standing.figures


def _days(days: Decimal | None) -> str | None:
    return None if days is None else f"{days:f}"


def aging_data(overview: Receivables) -> dict:
    clients = [
        {
            "client": client.name,
            "client_id": client.id,
            **_buckets_data(owed),
            "billed": amount(sums.billed),
            "paid": amount(sums.paid),
            "average_days_to_pay": _days(figures.average_days_to_pay),
            "grade": figures.grade.value,
        }
        for client, owed, sums, figures in _rows(overview)
    ]
    totals = [_buckets_data(amounts) for amounts in overview.report.totals]
    return {"today": overview.report.today, "clients": clients, "totals": totals}


def aging_lines(overview: Receivables) -> list[str]:
    """One row per client and currency, then a total per currency."""
    cells = [
        [
            one_line(client.name, 30),
            *(money_text(value) for value in owed.buckets),
            money_text(owed.total),
            money_text(sums.billed),
            money_text(sums.paid),
            _days(figures.average_days_to_pay) or "—",
            figures.grade.value,
        ]
        for client, owed, sums, figures in _rows(overview)
    ]
    for total in overview.report.totals:
        cells.append(["Total", *(money_text(v) for v in total.buckets), money_text(total.total), "", "", "", ""])
    headers = ["Client", "Current", *BUCKET_LABELS[1:], "Outstanding", "Billed", "Paid", "Avg days", "Grade"]
    return table(headers, cells, right=set(range(1, 10)))


def _nothing_open(currency: str) -> AgingAmounts:
    return AgingAmounts(currency, (from_minor(0, currency),) * len(BUCKET_LABELS))
